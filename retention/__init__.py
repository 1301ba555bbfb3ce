"""retention: the functional core of the customer retention calculator (no streamlit import).

Import what you need from here; see each module's docstring for the formulas.
"""

from retention.errors import InputError
from retention.fields import FIELD_NAMES, FIELDS, GROUPS, PERIODS

__all__ = ["FIELDS", "FIELD_NAMES", "GROUPS", "InputError", "PERIODS"]

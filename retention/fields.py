"""The input fields of DESIGN §2: one name per number a user can give.

The same snake_case names are used in the form, in uploaded period tables, in shared links and in the Python API.
Each field has a topic group and a kind, which decides how it is validated and formatted:

========  =====================================================  ==========================
kind      meaning                                                allowed values
========  =====================================================  ==========================
count     a number of customers, orders, units or answers        0 or more
money     an amount in the user's currency                       0 or more
fraction  a share between 0 and 1 (gross margin, discount rate)  0..1
days      a number of days                                       more than 0
========  =====================================================  ==========================
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Field:
    """One input field: its name, its topic group and its kind (count, money, fraction or days)."""

    name: str
    group: str
    kind: str


GROUPS = ("customers", "revenue", "purchases", "returns", "receivables", "survey", "economics")

FIELDS: tuple[Field, ...] = (
    Field("customers_start", "customers", "count"),
    Field("customers_end", "customers", "count"),
    Field("new_customers", "customers", "count"),
    Field("reactivated_customers", "customers", "count"),
    Field("revenue_start", "revenue", "money"),
    Field("churned_revenue", "revenue", "money"),
    Field("contraction_revenue", "revenue", "money"),
    Field("expansion_revenue", "revenue", "money"),
    Field("existing_revenue_previous", "revenue", "money"),
    Field("existing_revenue_current", "revenue", "money"),
    Field("buyers", "purchases", "count"),
    Field("repeat_buyers", "purchases", "count"),
    Field("orders", "purchases", "count"),
    Field("revenue", "purchases", "money"),
    Field("loyal_customers", "purchases", "count"),
    Field("units_sold", "returns", "count"),
    Field("units_returned", "returns", "count"),
    Field("accounts_receivable", "receivables", "money"),
    Field("credit_sales", "receivables", "money"),
    Field("promoters", "survey", "count"),
    Field("passives", "survey", "count"),
    Field("detractors", "survey", "count"),
    Field("gross_margin", "economics", "fraction"),
    Field("acquisition_cost", "economics", "money"),
    Field("discount_rate", "economics", "fraction"),
    Field("revenue_per_customer", "economics", "money"),
)

FIELDS_BY_NAME: dict[str, Field] = {field.name: field for field in FIELDS}
FIELD_NAMES: tuple[str, ...] = tuple(FIELDS_BY_NAME)

#: Settings that are not numbers of the business but change how they are read.
PERIODS = ("week", "month", "quarter", "year")
DEFAULT_PERIOD_DAYS = {"week": 7, "month": 30, "quarter": 91, "year": 365}
PERIODS_PER_YEAR = {"week": 52, "month": 12, "quarter": 4, "year": 1}

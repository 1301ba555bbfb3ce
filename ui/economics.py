"""The boxes of the user's own margin, acquisition cost and discount rate, on the pages that need them.

The values live where the calculator's form keeps them (:data:`ui.state.ECONOMICS`), so a margin typed on any page
is the margin of every page; until the user gives one, the figures that need it say so (DESIGN §5: nothing the
user did not type enters a result).
"""

import streamlit as st

from retention.metrics.validation import field_label
from retention.words import words
from ui.state import ECONOMICS, from_widget, own_economics, remember_economics, to_widget


def _box_key(prefix: str, name: str) -> str:
    return f"{prefix}_{name}"


def _remember(prefix: str, name: str) -> None:
    """Box callback: the value typed becomes the user's own (percentages back to fractions)."""
    remember_economics({name: from_widget(name, st.session_state[_box_key(prefix, name)])})


def economics_boxes(prefix: str) -> None:
    """One box per economics field, showing the user's own value (empty until given) and keeping what is typed."""
    own = own_economics()
    text = words("fields")
    placeholder = words("app")["calculator"]["placeholder"]
    for column, name in zip(st.columns(len(ECONOMICS)), ECONOMICS, strict=True):
        key = _box_key(prefix, name)
        st.session_state[key] = to_widget(name, own.get(name))
        column.number_input(field_label(name), key=key, step=1.0, format="%g", placeholder=placeholder,
                            help=text[name]["help"], on_change=_remember, args=(prefix, name))

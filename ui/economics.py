"""The boxes of the user's own margin, acquisition cost and discount rate, on the pages that need them.

The values live where the calculator's form keeps them (:data:`ui.state.ECONOMICS`), so a margin typed on any page
is the margin of every page; until the user gives one, the figures that need it say so (DESIGN §5: nothing the
user did not type enters a result).

Errors in view (issue 15 point 4), as on the calculator: an impossible value (a margin over 100 %, a negative cost)
gets its message under its box, the box is outlined and marked ``aria-invalid``, and right after it was typed the
box is scrolled into view and focused; a margin or discount rate under 1 % asks "Did you mean 40 %?".
"""

import streamlit as st

from retention.metrics.validation import field_label, percent_questions, validate
from retention.words import words
from ui.errors import draw_percent_button, mark_widgets
from ui.markdown import escape
from ui.state import ECONOMICS, from_widget, own_economics, remember_economics, to_widget

#: The prefix of the boxes typed into on the last run (set by their callback), whose first error takes the focus.
CHANGED = "_economics_changed"


def _box_key(prefix: str, name: str) -> str:
    return f"{prefix}_{name}"


def _remember(prefix: str, name: str) -> None:
    """Box callback: the value typed becomes the user's own (percentages back to fractions)."""
    remember_economics({name: from_widget(name, st.session_state[_box_key(prefix, name)])})
    st.session_state[CHANGED] = prefix


def economics_errors() -> dict[str, str]:
    """The messages of the user's own economics that are impossible, ``{field: message}``."""
    return validate(own_economics())[1]


def economics_to_check() -> bool:
    """True when the user's own economics hold an impossible value or a percentage that looks typed as a share."""
    own = own_economics()
    errors = validate(own)[1]
    return bool(errors or percent_questions({name: value for name, value in own.items() if name not in errors}))


def economics_boxes(prefix: str) -> dict[str, str]:
    """One box per economics field, showing the user's own value (empty until given) and keeping what is typed,
    with its error or its percent question under it; returns the errors."""
    own = own_economics()
    errors = economics_errors()
    questions = percent_questions({name: value for name, value in own.items() if name not in errors})
    text = words("fields")
    placeholder = words("app")["calculator"]["placeholder"]
    for column, name in zip(st.columns(len(ECONOMICS)), ECONOMICS, strict=True):
        key = _box_key(prefix, name)
        st.session_state[key] = to_widget(name, own.get(name))
        with column:
            st.number_input(field_label(name), key=key, step=1.0, format="%g", placeholder=placeholder,
                            help=text[name]["help"], on_change=_remember, args=(prefix, name))
            if name in errors:
                st.error(escape(errors[name]), icon=":material/error:")
            if name in questions:
                draw_percent_button(name, own[name], questions[name], key=f"{prefix}_use_{name}",
                                    on_click=remember_economics, args=({name: questions[name]},))
    keys = [_box_key(prefix, name) for name in ECONOMICS if name in errors]
    changed = st.session_state.pop(CHANGED, None) == prefix
    mark_widgets(keys, keys[0] if keys and changed else None)
    return errors

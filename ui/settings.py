"""The sidebar settings every page shares: period length and currency."""

import streamlit as st

from retention.fields import DEFAULT_PERIOD_DAYS, PERIODS
from retention.formatting import CURRENCIES
from retention.words import words
from ui.state import CURRENCY, PERIOD, PERIOD_DAYS, ensure_defaults


def render_sidebar() -> None:
    """Period (week, month, quarter, year), days per period and currency, kept for the whole session."""
    ensure_defaults()
    text = words("app")["settings"]
    with st.sidebar:
        st.header(text["header"])
        st.selectbox(
            text["period"], PERIODS, key=PERIOD, format_func=lambda period: text["periods"][period],
            help=text["period_help"],
        )
        default_days = DEFAULT_PERIOD_DAYS[st.session_state[PERIOD]]
        st.number_input(
            text["period_days"], min_value=1, max_value=366, step=1, key=PERIOD_DAYS, value=None,
            placeholder=text["period_days_placeholder"].format(days=default_days),
            help=text["period_days_help"],
        )
        st.selectbox(
            text["currency"], list(CURRENCIES), key=CURRENCY,
            format_func=lambda code: f"{code} ({CURRENCIES[code].strip()})",
        )

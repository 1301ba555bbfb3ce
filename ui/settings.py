"""The sidebar settings every page shares: language, period length, currency and business type."""

import streamlit as st

from retention.comparison import business_type_label
from retention.fields import DEFAULT_PERIOD_DAYS, PERIODS
from retention.formatting import CURRENCIES, currency_symbol
from retention.metrics.benchmarks import BUSINESS_TYPES
from retention.words import words
from ui.language import draw_language_choice
from ui.state import CURRENCY, INDUSTRY, PERIOD, PERIOD_DAYS, ensure_defaults


def render_sidebar() -> None:
    """Period (week, month, quarter, year), days per period, currency and the business type (the one place it is
    asked), kept for the whole session."""
    ensure_defaults()
    text, period_names = words("app")["settings"], words("format")["period_name"]
    with st.sidebar:
        st.header(text["header"])
        draw_language_choice()
        st.selectbox(
            text["period"], PERIODS, key=PERIOD, format_func=period_names.__getitem__,
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
            format_func={code: code if currency_symbol(code) == code else f"{code} ({currency_symbol(code)})"
                         for code in CURRENCIES}.get,
        )
        if st.session_state.get(INDUSTRY) not in BUSINESS_TYPES:
            st.session_state[INDUSTRY] = None
        compare = words("comparison")
        st.selectbox(
            compare["choose"], list(BUSINESS_TYPES), index=None, key=INDUSTRY,
            format_func={key: business_type_label(key) for key in BUSINESS_TYPES}.get,
            placeholder=compare["choose_placeholder"], help=compare["choose_help"],
        )

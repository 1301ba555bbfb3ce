"""Tables as people read them: every number written the way of the app's language ("1 234,50", "87,5 %").

Streamlit writes the numbers of a table in the browser, with ``Intl.NumberFormat`` and the page's languages; the
page's languages are the app's (:func:`ui.language.draw_page_language`), so the "localized" and "percent" formats
follow the language chosen in the app, not the browser's. Printf formats ("%.2f") would not: they always write a
decimal point.
"""

import pandas as pd
import streamlit as st

from retention.formatting import currency_symbol
from retention.words import words

#: Decimals shown per unit of :func:`retention.formatting.unit_of` (percentages: of the percent, "87,5 %").
DECIMALS = {"fraction": 1, "money": 2, "days": 1, "periods": 1, "ratio": 2, "score": 1}


def number_column(label: str, unit: str | None = None, currency: str | None = None, **options):
    """A column of numbers in ``unit``: fractions as percentages, money with its currency's sign in the label
    ("Spent so far (kr)"), the others with the unit's decimals; any other unit with as many decimals as needed."""
    if unit == "money" and currency:
        label = words("format")["column_unit"].format(label=label, unit=currency_symbol(currency))
    if unit == "fraction":  # Streamlit's percent shows two decimals fewer than the step's
        return st.column_config.NumberColumn(label, format="percent", step=10.0 ** -(DECIMALS[unit] + 2), **options)
    decimals = DECIMALS.get(unit)
    step = None if decimals is None else 10.0 ** -decimals
    return st.column_config.NumberColumn(label, format="localized", step=step, **options)


def show_table(frame: pd.DataFrame, column_config: dict | None = None, **options):
    """``st.dataframe`` with every column of numbers not configured in ``column_config`` written the local way, and
    a period index or column labelled in words."""
    config = dict(column_config or {})
    period = words("your_data")["columns"]["period"]
    if frame.index.name == "period":
        config.setdefault("_index", st.column_config.TextColumn(period))
    if "period" in frame.columns:
        config.setdefault("period", st.column_config.TextColumn(period))
    for name in frame.columns:
        if name not in config and pd.api.types.is_numeric_dtype(frame[name]) \
                and not pd.api.types.is_bool_dtype(frame[name]):
            config[name] = st.column_config.NumberColumn(format="localized")
    return st.dataframe(frame, column_config=config, **options)

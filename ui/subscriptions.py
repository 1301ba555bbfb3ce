"""The subscription forecast: a cohort's survivors per period in, the sBG model's curve, lifetime and value out.

:func:`draw_subscription_forecast` draws one section (the Forecast page calls it). The survivors are typed in an
editable table, prefilled with the "High End" example of Fader and Hardie (2007), labelled as such, or empty, or
they come from this session's order log (:func:`retention.orders.cohorts.subscription_curve`, one row per period
of the chosen length; "Your data" opens the section on it with :func:`use_order_curve`). The
margin and discount rate are the user's own (:func:`ui.state.own_economics`, per sidebar period, converted to the
curve's period); revenue per customer per period is typed here. Without a margin or revenue the values say what
they need. Session keys: ``subscription_start`` (example, empty or orders), ``subscription_curve_<start>`` (the table),
``subscription_period`` (the length of one row), ``subscription_revenue`` and ``subscription_model`` (the last
fit of the user's own curve, not the example: ``{"alpha", "beta", "period"}``, for the what-if of a subscription).
"""

import math

import pandas as pd
import streamlit as st

from retention.btyd.sbg import MINIMUM_PERIODS, SBG, projection
from retention.charts.subscriptions import retention_rate_chart, survival_chart
from retention.errors import InputError
from retention.fields import PERIODS
from retention.formatting import format_list, format_number, format_value
from retention.orders.cells import FREQUENCIES
from retention.orders.cohorts import subscription_curve
from retention.periods import convert_rate
from retention.words import Words, words
from ui.charts_view import show_chart
from ui.markdown import escape
from ui.orders import current_orders, sample_orders, use_orders
from ui.state import own_economics, settings

START, PERIOD, REVENUE = "subscription_start", "subscription_period", "subscription_revenue"
MODEL = "subscription_model"
#: The Forecast page's view (its segmented control's key), its two values, and the key another page sets to open a
#: view on the next visit (Streamlit cannot select a tab by code, and a widget's own key set on another page is
#: dropped when that page runs without the widget; this key is not a widget's, so it waits).
VIEW, VIEWS, OPEN_VIEW = "forecast_view", ("orders", "subscriptions"), "forecast_open"
STARTS = ("example", "empty", "orders")
#: "High End" survivors of years 0-7, Fader and Hardie (2007), "How to Project Customer Retention", Table 1.
EXAMPLE = (1000, 869, 743, 653, 593, 551, 517, 491)
COLUMN = "customers"


def _text() -> Words:
    return words("subscriptions")["section"]


def _survivors(start: str) -> list[float]:
    """The table of survivors, typed or the example, as numbers; empty rows at the end are left out."""
    text = _text()
    rows = list(EXAMPLE) if start == "example" else []
    table = pd.DataFrame({COLUMN: pd.Series(rows, dtype="float")})
    edited = st.data_editor(table, key=f"subscription_curve_{start}", num_rows="dynamic", width="stretch",
                            column_config={COLUMN: st.column_config.NumberColumn(text["column"], min_value=0,
                                                                                 format="localized")})
    values = pd.to_numeric(edited[COLUMN], errors="coerce").tolist()
    while values and math.isnan(values[-1]):
        values.pop()
    return values


def use_order_curve(period: str) -> None:
    """Button callback: the Forecast page opens on its subscription view, on the order log's curve, one row per
    ``period``."""
    st.session_state[START], st.session_state[PERIOD] = "orders", period
    st.session_state[OPEN_VIEW] = "subscriptions"


def _use_sample() -> None:
    use_orders(sample_orders(), words("your_data")["sample_name"])


def _order_survivors(period: str) -> list[float] | None:
    """The curve of this session's order log with the source said in words, or None (and the way to get one, or
    "too few periods") when there is no usable curve."""
    text, names = _text(), words("format")
    table, name = current_orders()
    if table is None:
        st.info(escape(text["orders_none"]), icon=":material/info:")
        st.button(text["orders_use_sample"], on_click=_use_sample, icon=":material/dataset:")
        return None
    code = {unit: code for code, unit in FREQUENCIES.items()}[period]
    curve = subscription_curve(table.frame, code).tolist()
    periods = len(curve) - 1
    if periods < MINIMUM_PERIODS:
        st.warning(escape(text["orders_too_few"].format(periods=periods, minimum=MINIMUM_PERIODS,
                                                        unit=names["period_plural"][period])))
        return None
    st.caption(escape(text["orders_source"].format(name=name, customers=format_number(curve[0]), periods=periods,
                                                   unit=names["period_plural"][period])))
    st.caption(escape(text["orders_applies"]))
    return curve


def _needs(margin: float | None, revenue: float | None) -> str:
    """"Needs: gross margin." in the calculator's words, for what is missing; empty when nothing is."""
    needs = [words("fields")["gross_margin"]["needs"]] if margin is None else []
    needs += [_text()["needs_revenue"]] if not revenue else []
    return words("metrics")["status"]["missing"].format(needs=format_list(needs)) if needs else ""


def _values(model: SBG, renewals: int, period: str, revenue: float | None) -> tuple[str | None, str | None, str]:
    """(value of a new customer, of one still there after the curve, the note on discounting), or Nones with what
    they need. The discount rate per sidebar period d becomes (1 + d)^n - 1 per row, n sidebar periods a row."""
    text, economics, sidebar = _text(), own_economics(), settings()
    margin, discount_rate = economics.get("gross_margin"), economics.get("discount_rate")
    needs = _needs(margin, revenue)
    if needs:
        return None, None, needs
    rate = 0.0 if discount_rate is None else convert_rate(1 + discount_rate, sidebar.period, period) - 1
    if discount_rate is None:
        note = text["no_discount_unbounded" if math.isinf(model.discounted_lifetime(0.0)) else "no_discount"]
    else:
        note = text["discount"].format(rate=format_value(rate, "fraction"),
                                       period=words("format")["period_singular"][period])
    per_period = margin * revenue
    new = per_period * model.discounted_lifetime(rate)
    kept = per_period * model.residual_lifetime(rate, renewals)
    return format_value(new, "money", sidebar.currency), format_value(kept, "money", sidebar.currency), note


def draw_subscription_forecast() -> None:
    """The section: the table, the fitted model in words, the two charts, expected lifetime and value."""
    text = _text()
    st.header(text["heading"])
    st.markdown(escape(text["intro"]))
    start = st.radio(text["start"], STARTS, key=START, horizontal=True,
                     format_func=lambda choice: text[f"start_{choice}"])
    if start == "example":
        st.caption(escape(text["example_source"]))
    st.session_state.setdefault(PERIOD, "year")  # not index=: "Your data" may have set it (use_order_curve)
    names = words("format")
    period = st.selectbox(text["period"], PERIODS, key=PERIOD,
                          format_func=names["period_name"].__getitem__)
    revenue = st.number_input(text["revenue"].format(period=names["period_singular"][period]), key=REVENUE,
                              min_value=0.0, value=None, step=1.0, format="%g", help=text["revenue_help"])
    survivors = _order_survivors(period) if start == "orders" else _survivors(start)
    if survivors is None:
        return
    try:
        model = SBG.fit(survivors)
    except InputError as error:
        st.warning(escape(error.messages["survivors"]))
        return
    if start != "example":
        st.session_state[MODEL] = {**model.params, "period": period}
    typed = len(survivors) - 1
    frame = projection(model, survivors, max(12, 2 * typed))
    st.markdown(escape(text["model_words"].format(
        churn=format_value(model.alpha / (model.alpha + model.beta), "fraction"),
        period=names["period_singular"][period], typed=typed, periods=names["period_plural"][period],
        late=format_value(float(model.retention_rate(typed + 1)), "fraction"))))
    show_chart(survival_chart(frame, period))
    show_chart(retention_rate_chart(frame, period))
    new_value, kept_value, note = _values(model, typed, period, revenue)
    lifetime, median = model.expected_lifetime(), model.median_lifetime()
    left, middle, right = st.columns(3)
    left.metric(text["lifetime"], format_value(lifetime, "periods", period=period),
                help=text["lifetime_help"])
    middle.metric(text["value_new"], new_value or "–", help=text["value_new_help"])
    right.metric(text["value_kept"].format(typed=typed, periods=names["period_plural"][period]), kept_value or "–",
                 help=text["value_kept_help"])
    if math.isinf(lifetime):
        st.caption(escape(text["lifetime_unbounded"].format(median=format_value(median, "periods", period=period))))
    st.caption(escape(note))
    with st.expander(text["details"]):
        st.markdown(escape(text["details_words"].format(
            alpha=format_number(model.alpha, 3), beta=format_number(model.beta, 3),
            log_likelihood=format_number(model.log_likelihood(survivors), 1))))

"""Forecast: each customer's chance of still being a customer, expected purchases, spend and lifetime value.

The page reads this session's order log (:mod:`ui.orders`: uploaded on "Your data", or the sample), asks for the
observation date, time unit, look-ahead, discount rate and margin in a form, runs
:func:`retention.btyd.forecast.forecast` with a progress bar, and draws the headline figures, the table of customers
(with a CSV download), the charts of :mod:`retention.charts.forecast`, the checks and the warnings.

Session-state keys of this page:

- ``forecast_result``: the last forecast, ``{"table", "settings", "result"}`` and what
  :func:`_kept` derived from it (``csv``, ``win_back``, ``alive_matrix``), so reruns with the same data
  and settings do not refit (session-scoped: user data never goes into a shared cache);
- ``forecast_view``: the view shown, ``"orders"`` (the forecast from the order log) or ``"subscriptions"`` (from a
  retention curve), the segmented control at the top; ``forecast_open``, set by another page (Your data's button
  to the subscription view), selects that view on the next visit and is then removed;
- ``forecast_dates_for``: the (first, last) order dates the observation-date widget was set up for;
- the form's widget keys ``forecast_observation_end``, ``forecast_time_unit``, ``forecast_horizon_months``,
  ``forecast_discount_rate`` and ``forecast_margin`` (percentages, as typed), kept for the whole session. The
  margin and the discount rate are the user's own (:func:`ui.state.own_economics`, the calculator's too): each run
  shows them, "Run the forecast" keeps what was typed. Without a margin, lifetime values say they need one; without
  a discount rate, nothing is discounted, and the page says so.
"""

import datetime as dt
import math
from collections.abc import Callable

import pandas as pd
import streamlit as st

from retention.btyd.alive_matrix import alive_matrix, typical_frequency
from retention.btyd.customer_summary import TIME_UNIT_DAYS
from retention.btyd.forecast import Forecast, forecast, format_duration
from retention.btyd.ranges import LEVEL, Range
from retention.btyd.risk import BANDS, RISK_LIMITS, win_back
from retention.charts.forecast import (
    clv_distribution_chart,
    fit_check_chart,
    holdout_chart,
    probability_alive_chart,
    value_concentration_chart,
)
from retention.errors import InputError
from retention.exports import customers_csv, readable_customers, win_back_csv
from retention.formatting import format_date, format_number, format_significant, format_value
from retention.io.readers import LoadedTable
from retention.metrics.validation import percent_questions
from retention.orders.order_log import has_amounts
from retention.periods import convert_rate
from retention.words import Words, words
from ui.charts_view import show_chart
from ui.errors import draw_percent_button, mark_widgets
from ui.exports import draw_chart_downloads
from ui.markdown import escape
from ui.orders import current_orders, sample_orders, use_orders
from ui.state import FORECAST_RESULT, own_economics, remember_economics, settings
from ui.subscriptions import OPEN_VIEW, VIEW, VIEWS, draw_subscription_forecast
from ui.tables import number_column, show_table

DATES_FOR = "forecast_dates_for"
OBSERVATION_END, TIME_UNIT, HORIZON = "forecast_observation_end", "forecast_time_unit", "forecast_horizon_months"
DISCOUNT_RATE, MARGIN = "forecast_discount_rate", "forecast_margin"
TIME_UNITS = ("W", "D", "M")
DEFAULTS = {TIME_UNIT: "W", HORIZON: 12.0}
DAYS_PER_MONTH = TIME_UNIT_DAYS["M"]
#: The table shows at most this many customers (the most valuable); the CSV holds them all.
TABLE_ROWS = 5000
#: The "win back first" list shows this many customers; its CSV holds them all.
WIN_BACK_ROWS = 20
#: Settings whose errors the page words itself (the form shows percentages and months).
SETTING_FIELDS = ("horizon", "discount_rate", "margin")
#: Set by "Run the forecast": the next run focuses the first setting in error (issue 15 point 4).
SUBMITTED = "_forecast_submitted"


def _text() -> Words:
    return words("forecast_page")


def _use_sample() -> None:
    use_orders(sample_orders(), _text()["data"]["sample_name"])


def _data_section() -> tuple[LoadedTable | None, str]:
    """Which order log is used, in words, or the way to get one; returns the table and its name."""
    text = _text()["data"]
    table, name = current_orders()
    if table is None:
        st.info(text["none"], icon=":material/info:")
        st.button(text["use_sample"], on_click=_use_sample, type="primary", icon=":material/dataset:")
        return None, ""
    frame = table.frame
    st.markdown(text["using"].format(
        name=escape(name), orders=format_number(len(frame)), customers=format_number(frame['customer_id'].nunique()),
        first=format_date(frame['date'].min()), last=format_date(frame['date'].max()),
    ))
    st.caption(text["sample_note"] if table is sample_orders() else text["privacy"])
    return table, name


def _percent(value: float | None) -> float | None:
    return None if value is None else round(100 * value, 4)


def _own_settings() -> None:
    """The form's margin and discount rate (% a year) from the user's own (the discount rate is kept per period)."""
    own, period = own_economics(), settings().period
    st.session_state[MARGIN] = _percent(own.get("gross_margin"))
    per_period = own.get("discount_rate")
    st.session_state[DISCOUNT_RATE] = None if per_period is None else _percent(
        convert_rate(1 + per_period, period, "year") - 1)


def _keep_own_settings() -> None:
    """Submit callback: the margin and discount rate typed become the user's own, for every page."""
    margin, yearly = st.session_state.get(MARGIN), st.session_state.get(DISCOUNT_RATE)
    period = settings().period
    remember_economics({
        "gross_margin": None if margin is None else margin / 100,
        "discount_rate": None if yearly is None else convert_rate(1 + yearly / 100, "year", period) - 1,
    })
    st.session_state[SUBMITTED] = True


def _prepare_form(first: dt.date, last: dt.date) -> None:
    """Defaults of the form; the observation date starts at the last order of new data, and stays in range."""
    for key, value in DEFAULTS.items():
        st.session_state.setdefault(key, value)
    _own_settings()
    chosen = st.session_state.get(OBSERVATION_END)
    if st.session_state.get(DATES_FOR) != (first, last) or not (chosen and first <= chosen <= last):
        st.session_state[OBSERVATION_END] = last
        st.session_state[DATES_FOR] = (first, last)


def _settings_form(first: dt.date, last: dt.date) -> None:
    text = _text()["form"]
    _prepare_form(first, last)
    with st.form("forecast_form"):
        columns = st.columns([1.2, 1, 1, 1, 1])
        columns[0].date_input(text["observation_end"], min_value=first, max_value=last, key=OBSERVATION_END,
                              help=text["observation_end_help"], format="YYYY-MM-DD", persist_state="session")
        columns[1].selectbox(text["time_unit"], TIME_UNITS, key=TIME_UNIT, help=text["time_unit_help"],
                             format_func=lambda unit: text["time_units"][unit], persist_state="session")
        for column, key, label in ((columns[2], HORIZON, "horizon"), (columns[3], DISCOUNT_RATE, "discount_rate"),
                                   (columns[4], MARGIN, "margin")):
            column.number_input(text[label], key=key, step=1.0, format="%g", help=text[f"{label}_help"],
                                placeholder=text["placeholder"], persist_state="session")
        st.form_submit_button(text["submit"], type="primary", icon=":material/play_arrow:",
                              on_click=_keep_own_settings)
    _margin_question()


def _margin_question() -> None:
    """Under the form, for a margin under 1 %: "Did you mean 40 %?" and the button that puts 40 % in."""
    margin = own_economics().get("gross_margin")
    meant = percent_questions({"gross_margin": margin}).get("gross_margin") if margin is not None else None
    if meant is not None:
        draw_percent_button("gross_margin", margin, meant, key="forecast_use_margin", on_click=remember_economics,
                            args=({"gross_margin": meant},))


def _chosen_settings() -> tuple | dict[str, str]:
    """(observation date, time unit, horizon months, discount %, margin % or None), or {field: message} when one
    of the first three is missing. An empty discount rate is 0% (no discounting), as on the calculator."""
    values = tuple(st.session_state.get(key) for key in (OBSERVATION_END, TIME_UNIT, HORIZON))
    missing = {name: _text()["errors"]["missing"] for name, value in zip(
        ("observation_end", "time_unit", "horizon"), values, strict=True) if value is None}
    return missing or (*values, st.session_state.get(DISCOUNT_RATE) or 0.0, st.session_state.get(MARGIN))


def _run(table: LoadedTable, chosen: tuple) -> Forecast | InputError:
    """The forecast for these settings, from this session's store or fitted now with a progress bar."""
    stored = st.session_state.get(FORECAST_RESULT)
    if stored and stored["table"] is table and stored["settings"] == chosen:
        return stored["result"]
    observation_end, time_unit, months, discount, margin = chosen
    steps = _text()["progress"]
    bar = st.progress(0.0, text=steps["summary"])

    def progress(step: str, fraction: float) -> None:
        bar.progress(fraction, text=steps[step])

    horizon = months * DAYS_PER_MONTH / TIME_UNIT_DAYS[time_unit]
    try:
        result = forecast(table.frame, observation_end=observation_end, time_unit=time_unit, horizon=horizon,
                          discount_rate=discount / 100, margin=None if margin is None else margin / 100,
                          progress=progress)
    except InputError as error:
        result = error
    finally:
        bar.empty()
    st.session_state[FORECAST_RESULT] = {"table": table, "settings": chosen, "result": result}
    return result


def _kept(name: str, make):
    """What ``make()`` derives from the last forecast, made once per forecast and kept beside it (a rerun that does
    not refit does not redo it)."""
    stored = st.session_state[FORECAST_RESULT]
    if name not in stored:
        stored[name] = make()
    return stored[name]


def _show_error(error: InputError) -> None:
    text = _text()["errors"]
    for field, message in error.messages.items():
        if field in SETTING_FIELDS:
            st.error(text[field], icon=":material/error:")
        else:
            st.error(f"{escape(text['failed'])} {escape(message)}", icon=":material/error:")


def _mark_settings(fields) -> None:
    """The settings in error (or missing) outlined and marked invalid, the first focused right after "Run the
    forecast"."""
    keys = {"observation_end": OBSERVATION_END, "time_unit": TIME_UNIT, "horizon": HORIZON,
            "discount_rate": DISCOUNT_RATE, "margin": MARGIN}
    bad = [key for field, key in keys.items() if field in fields]
    submitted = st.session_state.pop(SUBMITTED, False)
    mark_widgets(bad, bad[0] if bad and submitted else None)


def _headline(result: Forecast, currency: str) -> None:
    text = _text()["headline"]
    st.header(text["header"])
    repeat_share = result.repeat_customers / result.customer_count if result.customer_count else 0.0
    needs = None if result.margin is not None else _needs_margin()

    def shown(value: float, unit: str) -> str:
        return "–" if math.isnan(value) else format_value(value, unit, currency)

    def money(value: float) -> str:
        return format_value(value, "money", currency)

    ranges = result.ranges
    # (key, value, short note under the value, range under the tile's figure): a range is a caption, which wraps,
    # not the metric's delta, which is one line cut with "…" in a tile a fifth of the page wide.
    figures = (
        ("customers", format_number(result.customer_count), None, None),
        ("repeat_customers", format_number(result.repeat_customers),
         text["repeat_share"].format(share=format_value(repeat_share, "fraction")), None),
        ("total_clv", shown(result.total_clv, "money"), needs, None if needs else _range(ranges.total_value, money)),
        ("average_clv", shown(result.average_clv, "money"), needs,
         None if needs else _range(ranges.value_per_customer, money)),
        ("top_share", shown(result.top_share, "fraction"), needs, None),
    )
    for column, (key, value, note, figure_range) in zip(st.columns(len(figures)), figures, strict=True):
        with column.container(border=True, height="stretch"):
            st.metric(text[key], value, delta=note, delta_color="off", delta_arrow="off", help=text[f"{key}_help"])
            if figure_range:
                st.caption(escape(figure_range))
    horizon = format_duration(result.horizon * TIME_UNIT_DAYS[result.time_unit], "M")
    if result.margin is None:
        note = text["horizon_note_no_margin"].format(horizon=horizon, date=format_date(result.observation_end))
    else:
        note = text["horizon_note"].format(horizon=horizon, date=format_date(result.observation_end),
                                           margin=format_value(result.margin, "fraction"))
    discount = (text["discounted"].format(discount=format_value(result.discount_rate, "fraction"))
                if result.discount_rate else text["not_discounted"])
    purchases = text["purchases"].format(purchases=_count(result.total_purchases),
                                         range=_range(ranges.purchases, _count))
    st.caption(escape(f"{note} {discount} {purchases} {text['ranges_note'].format(level=_level())}"))


def _count(value: float) -> str:
    return format_number(value)


def _range(figure: Range, shown: Callable[[float], str]) -> str:
    """A figure's range in words, its ends written by ``shown``: "80.0% range $98,000 to $131,000"."""
    return _text()["headline"]["range"].format(level=_level(), low=shown(figure.low), high=shown(figure.high))


def _level() -> str:
    """The share of outcomes a range covers, as the page writes it: "80.0%"."""
    return format_value(LEVEL, "fraction")


def _needs_margin() -> str:
    """"Needs: gross margin.", in the words of the calculator's cards."""
    return words("metrics")["status"]["missing"].format(needs=words("fields")["gross_margin"]["needs"])


def _trust(result: Forecast, sample: bool) -> None:
    """Before any figure: how far to trust them (the warnings, or the check on recent orders passed)."""
    _warnings(result, sample)
    check = result.holdout
    if not result.warnings and check is not None and check.actual_purchases:
        st.success(escape(_text()["results"]["trusted"].format(
            difference=format_value(abs(check.difference), "fraction"), end=format_date(check.holdout_end),
            split=format_date(check.calibration_end))), icon=":material/verified:")


def _warnings(result: Forecast, sample: bool) -> None:
    """The warnings; on the shipped sample, the missed check on recent orders says why (the shop's season)."""
    text = _text()["warnings"]
    if result.warnings:
        st.markdown(f"**{escape(text['header'])}**")
        for note in result.warnings:
            why = f" {text['sample_holdout']}" if sample and note.key == "holdout_off" else ""
            st.warning(escape(note.message + why), icon=":material/warning:")
    for note in result.notes:
        st.caption(f":material/info: {escape(note.message)}")


def _column_config(currency: str) -> dict:
    """The columns of a table of customers (:func:`retention.exports.readable_customers`), labelled for people."""
    names, helps = words("forecast")["columns"], _text()["column_help"]
    names = {**names, "value_at_risk": words("forecast")["risk"]["value_at_risk"]}
    units = {"purchases": "count", "spent_so_far": "money", "probability_alive": "fraction",
             "expected_purchases": "ratio", "expected_spend": "money", "predicted_clv": "money", "clv_low": "money",
             "clv_high": "money", "value_at_risk": "money"}
    config = {name: number_column(names[name], unit, currency, help=helps[name]) for name, unit in units.items()}
    text_column = st.column_config.TextColumn
    return config | {
        "customer_id": text_column(names["customer_id"], pinned=True),
        "first_purchase": st.column_config.DateColumn(names["first_purchase"], format="localized"),
        "last_purchase": st.column_config.DateColumn(names["last_purchase"], format="localized"),
        "risk": text_column(names["risk"], help=helps["risk"]),
        "next_order_by": text_column(names["next_order_by"], help=helps["next_order_by"]),
    }


def _shown(customers: pd.DataFrame) -> pd.DataFrame:
    """Customers as the page's tables show them (:func:`retention.exports.readable_customers`), with the first and
    last purchase kept as dates (the table writes them the local way, and sorts them) and the next order's date
    written as the table writes dates."""
    shown = readable_customers(customers)
    for column in ("first_purchase", "last_purchase"):
        if column in shown.columns:
            shown[column] = customers[column]
    if "next_order_by" in shown.columns:
        days = customers["next_order_by"].dropna().unique()
        written = dict(zip(days, (format_date(day.date(), month_in_words=True) for day in days), strict=True))
        shown["next_order_by"] = customers["next_order_by"].map(written).fillna(shown["next_order_by"])
    return shown


def _risk_overview(result: Forecast) -> None:
    """How many customers are likely active, at risk, probably gone or bought once, with the limits in words."""
    text, bands = _text()["risk"], words("forecast")["risk"]
    counts = result.customers["risk"].value_counts()
    st.header(text["header"])
    for column, band in zip(st.columns(len(BANDS)), BANDS, strict=True):
        count = int(counts.get(band, 0))
        share = format_value(count / result.customer_count, "fraction") if result.customer_count else "–"
        column.metric(bands[band], format_number(count), delta=text["share"].format(share=share), delta_color="off",
                      delta_arrow="off", help=text[f"{band}_help"], border=True)
    low, high = RISK_LIMITS
    st.caption(escape(text["limits"].format(low=format_value(low, "fraction"), high=format_value(high, "fraction"))))


def _win_back_list(result: Forecast, currency: str) -> None:
    """The repeat customers slipping away, most value at risk first, with the whole list as CSV."""
    text = _text()["win_back"]
    slipping = _kept("win_back", lambda: win_back(result.customers))
    st.header(text["header"])
    if slipping.empty:
        st.info(text["none"], icon=":material/check_circle:")
        return
    st.caption(escape(text["intro"].format(count=format_number(len(slipping)),
                                           shown=format_number(min(len(slipping), WIN_BACK_ROWS)),
                                           value=format_value(slipping["value_at_risk"].sum(), "money", currency))))
    columns = ["customer_id", "purchases", "last_purchase", "spent_so_far", "probability_alive", "risk",
               "value_at_risk"]
    show_table(_shown(slipping.head(WIN_BACK_ROWS)[columns]), column_config=_column_config(currency),
                 hide_index=True, key="win_back_table")
    st.download_button(text["download"], win_back_csv(slipping[columns]), file_name="win_back_first.csv",
                       mime="text/csv", icon=":material/download:", key="win_back_csv")


def _customer_table(result: Forecast, currency: str) -> None:
    text = _text()
    st.header(text["results"]["customers_header"])
    shown = _shown(result.customers.head(TABLE_ROWS))
    total = format_number(result.customer_count)
    if len(shown) < result.customer_count:
        st.caption(text["results"]["customers_caption"].format(shown=format_number(len(shown)), total=total))
    else:
        st.caption(text["results"]["customers_caption_all"].format(total=total))
    show_table(shown, column_config=_column_config(currency), hide_index=True, height=390, key="forecast_table")
    st.download_button(text["results"]["download"], _kept("csv", lambda: customers_csv(result)),
                       file_name="forecast_customers.csv", mime="text/csv", icon=":material/download:")
    st.caption(text["results"]["table_note"])


def _chart(chart, caption: str):
    show_chart(chart)
    st.caption(caption)
    return chart


def _charts(result: Forecast, currency: str) -> None:
    text = _text()
    captions = text["captions"]
    st.header(text["results"]["charts_header"])
    left, right = st.columns(2, gap="large")
    charts = []
    if result.margin is None:
        st.info(escape(f"{text['results']['values_need_margin']} {_needs_margin()}"), icon=":material/info:")
    else:
        with left:
            charts.append(_chart(clv_distribution_chart(result.customers, currency), captions["clv_distribution"]))
        with right:
            charts.append(_chart(value_concentration_chart(result.customers), captions["value_concentration"]))
    matrix = _kept("alive_matrix", lambda: alive_matrix(result.purchases, result.summary))
    age = format_duration(float(matrix["T"].iloc[0]) * TIME_UNIT_DAYS[result.time_unit], result.time_unit)
    charts.append(_chart(probability_alive_chart(matrix, result.time_unit, typical_frequency(result.summary)),
                         captions["probability_alive"].format(age=age)))

    st.header(text["results"]["checks_header"])
    left, right = st.columns(2, gap="large")
    with left:
        charts.append(_chart(fit_check_chart(result.fit_check), captions["fit_check"]))
    with right:
        _holdout_check(result, charts)
    draw_chart_downloads(charts, key="forecast")


def _holdout_check(result: Forecast, charts: list) -> None:
    """The holdout chart and its summary in plain words, or why there is none."""
    text = _text()
    check = result.holdout
    if check is None:
        for note in result.notes:
            if note.key.startswith("holdout"):
                st.info(escape(note.message), icon=":material/info:")
        return
    charts.append(_chart(holdout_chart(check), text["captions"]["holdout_check"]))
    values = {"split": format_date(check.calibration_end), "end": format_date(check.holdout_end),
              "customers": format_number(check.customers), "predicted": _count(check.predicted_purchases),
              "actual": format_number(check.actual_purchases), "range": _range(check.predicted_range, _count)}
    if check.actual_purchases:
        summary = text["results"]["holdout_summary"].format(
            **values, difference=format_value(abs(check.difference), "fraction"),
            error=format_number(check.mean_absolute_error, 2))
    else:
        summary = text["results"]["holdout_summary_no_actual"].format(**values)
    st.markdown(summary)


def _explanations(result: Forecast, currency: str) -> None:
    text = _text()
    with st.expander(text["results"]["explain_header"], icon=":material/help:"):
        for key in ("probability_alive", "one_time_buyers", "expected_purchases", "expected_spend", "predicted_clv",
                    "checks"):
            st.markdown(text["explain"][key])
    with st.expander(text["results"]["details_header"], icon=":material/functions:"):
        purchases, spend = result.purchases, result.spend
        st.markdown(escape(text["results"]["details"].format(
            unit=words("forecast")["unit_plural"][result.time_unit],
            unit_singular=words("forecast")["unit_singular"][result.time_unit],
            **_estimates(purchases.params, purchases.standard_errors),
            **_estimates(spend.params, spend.standard_errors),
            rate=format_significant(purchases.r / purchases.alpha, 3),
            leave=format_value(purchases.a / (purchases.a + purchases.b), "fraction"),
            spend=format_value(spend.mean_spend, "money", currency) if spend.q > 1 else "–",
        )))


def _estimates(params: dict[str, float], errors: dict[str, float] | None) -> dict[str, str]:
    """Each fitted parameter with its standard error: "0.2426 (± 0.01256)"."""
    errors, template = errors or {}, _text()["results"]["estimate"]
    return {name: template.format(value=format_significant(value, 4),
                                  error=format_significant(errors.get(name, math.nan), 4))
            for name, value in params.items()}


def _order_forecast() -> None:
    """The forecast of this session's order log: data, settings, then the figures (trust first)."""
    text = _text()
    currency = settings().currency
    st.header(text["data"]["header"])
    table, _ = _data_section()
    if table is None:
        return
    if not has_amounts(table.frame):
        st.info(escape(text["data"]["no_amounts"]), icon=":material/payments:")
        return
    dates = table.frame["date"]
    first, last = dates.min().date(), dates.max().date()
    st.header(text["form"]["header"])
    _settings_form(first, last)
    chosen = _chosen_settings()
    if isinstance(chosen, dict):
        st.error(escape(text["errors"]["missing"]), icon=":material/error:")
        _mark_settings(chosen)
        return
    result = _run(table, chosen)
    _mark_settings(result.messages if isinstance(result, InputError) else {})
    if isinstance(result, InputError):
        _show_error(result)
        return
    _trust(result, table is sample_orders())
    _headline(result, currency)
    _risk_overview(result)
    _win_back_list(result, currency)
    _customer_table(result, currency)
    _charts(result, currency)
    _explanations(result, currency)


def render() -> None:
    """Draw the forecast page: from this session's order log, or from a subscription's retention curve."""
    text = _text()
    st.title(text["title"])
    st.markdown(text["intro"])
    opened = st.session_state.pop(OPEN_VIEW, None)  # a link from another page: Your data's cohorts
    if opened in VIEWS:
        st.session_state[VIEW] = opened
    st.session_state.setdefault(VIEW, "orders")
    labels = {"orders": text["tab_orders"], "subscriptions": text["tab_subscriptions"]}
    view = st.segmented_control(text["view_label"], VIEWS, required=True, key=VIEW, format_func=labels.get,
                                label_visibility="collapsed")
    if view == "subscriptions":
        draw_subscription_forecast()
    else:
        _order_forecast()


if __name__ == "__main__":
    from ui.legacy_pages import run_app

    run_app()

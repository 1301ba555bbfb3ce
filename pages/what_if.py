"""What if: levers on the calculator's numbers, baseline and scenario side by side, projection, sensitivity, the
effect of more retention beside the often-quoted claim, named scenarios, and the link and downloads.

All the work is :mod:`retention.whatif` and :mod:`retention.charts.whatif`; :func:`whatif_view` gathers it for one
set of levers and :func:`render` draws it. The page never asks for numbers: it starts from the calculator's (a
period sent from "Your data" arrives there too).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING

import pandas as pd
import streamlit as st

from retention.btyd.sbg import SBG
from retention.charts.whatif import (
    projection_chart,
    projection_data,
    retention_effect_chart,
    sensitivity_chart,
)
from retention.comparison import SUBSCRIPTIONS
from retention.formatting import format_list, format_number, format_value, horizon_text, signed_percent
from retention.metrics.computing import MetricResult, compute_available_metrics
from retention.metrics.example import EXAMPLE_INPUTS
from retention.metrics.registry import METRICS_BY_KEY
from retention.metrics.validation import field_label
from retention.periods import PeriodSettings
from retention.whatif import (
    CASES,
    DEFAULT_HORIZON_YEARS,
    IMPLIED_HETEROGENEITY,
    LEVER_LIMITS,
    LEVERS,
    MAX_SCENARIOS,
    Baseline,
    Levers,
    Outcome,
    add_scenario,
    apply_levers,
    baseline_from_inputs,
    compare_outcomes,
    horizon_periods,
    lever_text,
    outcome,
    retention_effect,
    sensitivity,
)
from retention.words import Words, current_language, in_language, words
from ui.charts_view import share_charts, show_chart
from ui.economics import economics_boxes, economics_to_check
from ui.exports import draw_chart_downloads, draw_figure_downloads
from ui.guard import safe_fragment
from ui.markdown import escape
from ui.navigation import link_to
from ui.sharing import current_levers, draw_share_box, share_link, sync_link
from ui.state import COMPARE_A, COMPARE_B, ECONOMICS, HORIZON, INDUSTRY, SCENARIOS, current_inputs, kept, settings
from ui.subscriptions import MODEL

if TYPE_CHECKING:  # charts are built in retention.charts; the page only holds them
    import altair as alt

#: The measures of the projection, a chart and a tab each.
PROJECTIONS = ("customers", "revenue", "cumulative_profit")


def _smaller_is_better(key: str) -> bool:
    """Whether a smaller value of the figure is better (its delta arrow's colour is reversed), as the registry says."""
    metric = METRICS_BY_KEY.get(key)
    return metric is not None and metric.better == "lower"


def _text() -> Words:
    return words("whatif")


@dataclass(frozen=True)
class WhatIfView:
    """Everything the page shows for one baseline, one set of levers and one horizon."""

    baseline: Outcome
    scenario: Outcome
    periods: int
    horizon: str
    projection_charts: dict[str, alt.LayerChart]
    sensitivity_chart: alt.LayerChart
    effect_chart: alt.LayerChart | None
    effect_table: pd.DataFrame


def whatif_view(baseline: Baseline, levers: Levers, years: int, period_settings: PeriodSettings) -> WhatIfView:
    """Outcomes, projections and charts of the baseline and the scenario, made once per set of numbers and kept in
    the session (:func:`ui.state.kept`)."""
    example = {name: value for name, value in current_inputs().items() if value is not None} == EXAMPLE_INPUTS

    def make() -> WhatIfView:
        view = _make_whatif_view(baseline, levers, years, period_settings)
        if example:
            share_charts([*view.projection_charts.values(), view.sensitivity_chart, view.effect_chart])
        return view

    return kept("whatif", (baseline, levers, years, period_settings), make, shared=example)


def _make_whatif_view(baseline: Baseline, levers: Levers, years: int, period_settings: PeriodSettings) -> WhatIfView:
    """:func:`whatif_view` made now."""
    period, currency = period_settings.period, period_settings.currency
    periods = horizon_periods(years, period)
    horizon = horizon_text(periods, period)
    first, second = outcome(baseline, periods), outcome(apply_levers(baseline, levers), periods)
    cases = _text()["cases_short"]
    data = projection_data({cases["baseline"]: first.projection, cases["scenario"]: second.projection} if
                           not levers.is_neutral else {cases["baseline"]: first.projection})
    charts = {measure: projection_chart(data, measure, currency, period) for measure in PROJECTIONS}
    effect = retention_effect(baseline, periods)
    effect_chart = retention_effect_chart(effect, horizon) if len(effect) else None
    return WhatIfView(first, second, periods, horizon, charts,
                      sensitivity_chart(sensitivity(baseline, periods), currency, horizon), effect_chart, effect)


# Starting point ------------------------------------------------------------------------------------------------


def _calculator_link() -> None:
    st.page_link(link_to("calculator"), label=_text()["change_numbers"],
                 icon=":material/calculate:")


def _starting_from(baseline: Baseline, period_settings: PeriodSettings) -> str:
    currency = period_settings.currency
    period_name = words("format")["period_singular"][period_settings.period]
    return _text()["starting_from"].format(
        retention=format_value(baseline.retention_rate, "fraction"), period=period_name,
        revenue=format_value(baseline.revenue_per_customer, "money", currency),
        margin=format_value(baseline.gross_margin, "fraction"),
        cac=format_value(baseline.acquisition_cost, "money", currency),
        new=format_value(baseline.new_customers, "count"),
        won_back=format_value(baseline.reactivated_customers, "count"),
        customers=format_value(baseline.customers, "count"), discount=format_value(baseline.discount_rate, "fraction"),
    )


def _as_subscription(baseline: Baseline, period: str) -> tuple[Baseline, str]:
    """For a subscription business, the baseline with its sBG spread α + β (from the curve fitted on the Forecast
    page when its rows are the sidebar's period, else :data:`IMPLIED_HETEROGENEITY`) and the sentence saying so;
    else the baseline as it is and no sentence."""
    if st.session_state.get(INDUSTRY) not in SUBSCRIPTIONS or not 0 < baseline.retention_rate < 1:
        return baseline, ""
    text, names = _text()["subscription"], words("format")
    fitted = st.session_state.get(MODEL)
    if fitted is not None and fitted["period"] == period:
        spread = fitted["alpha"] + fitted["beta"]
        source = text["fitted"].format(alpha=format_number(fitted['alpha'], 3), beta=format_number(fitted['beta'], 3))
    else:
        spread = IMPLIED_HETEROGENEITY
        source = text["implied"]
    rate = baseline.retention_rate
    later = SBG(spread * (1 - rate), spread * rate).retention_rate(13)  # renewing in period 13, after 12
    sentence = text["sentence"].format(
        retention=format_value(rate, "fraction"), period=names["period_singular"][period],
        later=format_value(float(later), "fraction"), periods=names["period_plural"][period],
        spread=format_number(spread, 2), source=source)
    return replace(baseline, heterogeneity=spread), sentence


def _order_habits(results: dict[str, MetricResult], inputs: dict, currency: str) -> str:
    """Revenue per customer as order value × frequency, when it comes from the orders (not typed directly)."""
    if inputs.get("revenue_per_customer") is not None:
        return ""
    value, frequency = results["average_order_value"], results["purchase_frequency"]
    if value.status != "ok" or frequency.status != "ok":
        return ""
    return _text()["order_habits"].format(
        aov=format_value(value.value, "money", currency), frequency=format_value(frequency.value, "count"),
        revenue=format_value(value.value * frequency.value, "money", currency),
    )


# Levers --------------------------------------------------------------------------------------------------------


def _reset_levers() -> None:
    for name in LEVERS:
        st.session_state[name] = 0.0


@lru_cache(maxsize=256)
def _lever_labels(language: str, name: str, now: float | None) -> dict[float, str]:
    """A lever's positions and their words: its range in its steps, and the position ``now`` when a link put it
    between two (made once per language and position)."""
    low, high, step = LEVER_LIMITS[name]
    steps = {round(low + index * step, 6) for index in range(round((high - low) / step) + 1)}
    if isinstance(now, float) and low <= now <= high:
        steps.add(now)
    with in_language(language):
        return {value: lever_text(name, value) for value in sorted(steps)}


def _lever_effects(baseline: Baseline, scenario: Baseline, currency: str) -> dict[str, tuple[str, str]]:
    """(baseline, scenario) of the number each lever moves, formatted."""
    pairs = {
        "retention_points": ("retention_rate", "fraction"),
        "revenue_per_customer_pct": ("revenue_per_customer", "money"),
        "gross_margin_points": ("gross_margin", "fraction"),
        "acquisition_cost_pct": ("acquisition_cost", "money"),
        "new_customers_pct": ("new_customers", "count"),
        "discount_rate_points": ("discount_rate", "fraction"),
    }
    effects = {}
    for lever, (attribute, unit) in pairs.items():
        before, after = getattr(baseline, attribute), getattr(scenario, attribute)
        if unit == "count":
            before, after = round(before), round(after)
        effects[lever] = (format_value(before, unit, currency), format_value(after, unit, currency))
    return effects


def draw_levers(baseline: Baseline, currency: str, habits: str) -> tuple[Levers, int]:
    """The sliders (their keys are the link's names); returns the levers and the horizon in years."""
    text = _text()
    for name in LEVERS:
        if not isinstance(st.session_state.get(name), float):
            st.session_state[name] = 0.0
    shortest, longest = (int(years) for years in LEVER_LIMITS[HORIZON][:2])
    if st.session_state.get(HORIZON) not in range(shortest, longest + 1):
        st.session_state[HORIZON] = DEFAULT_HORIZON_YEARS
    with st.container(border=True, key="levers"):
        st.header(text["levers"], help=text["levers_help"])
        levers = current_levers()
        effects = _lever_effects(baseline, apply_levers(baseline, levers), currency)
        columns = st.columns(2, gap="large")
        for index, name in enumerate(LEVERS):
            with columns[index % 2]:
                labels = _lever_labels(current_language(), name, st.session_state.get(name))
                st.select_slider(text["lever_labels"][name], list(labels), key=name, format_func=labels.__getitem__,
                                 help=text["lever_help"][name], persist_state="session")
                before, after = effects[name]
                st.caption(escape(f"{before} → {after}"))
                if name == "revenue_per_customer_pct" and habits:
                    st.caption(escape(habits))
        left, right = st.columns([3, 1], vertical_alignment="bottom")
        with left:
            st.slider(text["horizon"], min_value=shortest, max_value=longest, step=1, key=HORIZON,
                      help=text["horizon_help"], persist_state="session")
        with right:
            st.button(text["reset"], on_click=_reset_levers, icon=":material/restart_alt:", width="stretch")
    return current_levers(), int(st.session_state[HORIZON])


# Side by side --------------------------------------------------------------------------------------------------


def _difference(row, period_settings: PeriodSettings) -> str | None:
    if row.difference is None or row.difference == 0:
        return None
    shown = _value(row.difference, row.unit, period_settings)
    if row.difference > 0:
        shown = "+" + shown
    return f"{shown} ({signed_percent(row.relative)})" if row.relative is not None else shown


def _value(value: float | None, unit: str, period_settings: PeriodSettings) -> str:
    if value is not None and unit == "count":
        value = round(value)
    return format_value(value, unit, period_settings.currency, period_settings.period)


def draw_side_by_side(view: WhatIfView, period_settings: PeriodSettings) -> None:
    text = _text()
    st.header(text["side_by_side"])
    rows = compare_outcomes(view.baseline, view.scenario)
    st.caption(escape(text["side_by_side_intro"].format(horizon=view.horizon, baseline=text["cases"]["baseline"])))
    for start in range(0, len(rows), 3):
        for column, row in zip(st.columns(3), rows[start:start + 3], strict=False):
            with column, st.container(border=True, key=f"side_{row.key}"):
                st.metric(text["figures"][row.key], _value(row.second, row.unit, period_settings),
                          delta=_difference(row, period_settings), help=text["figure_help"][row.key],
                          delta_color="inverse" if _smaller_is_better(row.key) else "normal")
                st.caption(escape(text["baseline_caption"].format(
                    value=_value(row.first, row.unit, period_settings))))


# Charts --------------------------------------------------------------------------------------------------------


def draw_charts(view: WhatIfView, baseline: Baseline, period: str) -> None:
    text = _text()
    st.header(text["projection"])
    # Only the open tab's chart is drawn: choosing another tab reruns the levers' fragment, not the whole app.
    tabs = st.tabs([text["tabs"][measure] for measure in PROJECTIONS], key="projection_tab", on_change="rerun")
    for tab, measure in zip(tabs, PROJECTIONS, strict=True):
        if tab.open:
            with tab:
                show_chart(view.projection_charts[measure])
    st.header(text["sensitivity"])
    better_retention = 1 - 0.9 * (1 - baseline.retention_rate)
    st.caption(escape(text["sensitivity_intro"].format(
        retention_from=format_value(baseline.retention_rate, "fraction"),
        retention_to=format_value(better_retention, "fraction"))))
    show_chart(view.sensitivity_chart)
    st.header(text["retention_effect"])
    if view.effect_chart is None:
        st.info(escape(text["no_retention_effect"]))
        return
    chart_column, claim_column = st.columns([3, 2], gap="large")
    with chart_column:
        show_chart(view.effect_chart)
    with claim_column, st.container(key="claim"):
        draw_claim(view, baseline, period)


def draw_claim(view: WhatIfView, baseline: Baseline, period: str) -> None:
    """The often-quoted claim beside what 5 more points mean for these numbers."""
    text = _text()
    st.markdown(f"**{escape(text['claim_heading'])}**")
    st.markdown(escape(text["claim"]))
    five = view.effect_table[view.effect_table["points"] == 5]
    period_name = words("format")["period_singular"][period]
    if five.empty:
        st.markdown(escape(text["claim_not_reachable"]))
        return
    row = five.iloc[0]
    values = {
        "retention_from": format_value(baseline.retention_rate, "fraction"),
        "retention_to": format_value(float(row["retention_rate"]), "fraction"), "period": period_name,
        "horizon": view.horizon, "clv": signed_percent(float(row["clv_change_pct"])),
    }
    if pd.notna(row["profit_change_pct"]):
        sentence = text["claim_yours"].format(profit=signed_percent(float(row["profit_change_pct"])), **values)
    else:
        money = format_value(float(row["profit"]) - view.baseline.profit, "money")
        sentence = text["claim_yours_no_profit"].format(profit_money=money, **values)
        st.caption(escape(text["profit_not_positive"]))
    st.markdown(f"**{escape(sentence)}**")
    if period != "year":
        st.caption(escape(text["claim_period"].format(period=period_name)))


# Named scenarios -----------------------------------------------------------------------------------------------


def _keep_scenario() -> None:
    name = st.session_state.get("whatif_scenario_name", "")
    st.session_state[SCENARIOS] = add_scenario(st.session_state.get(SCENARIOS, ()), name, current_levers())
    st.session_state["whatif_scenario_name"] = ""


def _use_scenario(index: int) -> None:
    scenarios = st.session_state.get(SCENARIOS, ())
    if index < len(scenarios):
        for name, value in scenarios[index].levers.as_dict().items():
            st.session_state[name] = float(value)


def _delete_scenario(index: int) -> None:
    scenarios = list(st.session_state.get(SCENARIOS, ()))
    if index < len(scenarios):
        del scenarios[index]
    st.session_state[SCENARIOS] = tuple(scenarios)
    st.session_state[COMPARE_A], st.session_state[COMPARE_B] = CASES


def _levers_summary(levers: Levers) -> str:
    text = _text()
    parts = [
        f"{text['charts']['lever_names'][name]} {lever_text(name, value)}"
        for name, value in levers.as_dict().items() if value
    ]
    return ", ".join(parts) or "–"


def draw_scenarios(view: WhatIfView, baseline: Baseline, period_settings: PeriodSettings) -> None:
    text = _text()
    st.header(text["scenarios"])
    st.caption(escape(text["scenarios_intro"].format(max=MAX_SCENARIOS)))
    name_column, button_column = st.columns([3, 1], vertical_alignment="bottom")
    with name_column:
        st.text_input(text["scenario_name"], key="whatif_scenario_name", max_chars=40,
                      placeholder=text["scenario_name_placeholder"])
    with button_column:
        st.button(text["keep"], on_click=_keep_scenario, icon=":material/bookmark_add:", width="stretch")
    scenarios = st.session_state.get(SCENARIOS, ())
    if not scenarios:
        st.caption(escape(text["no_kept"]))
    for index, scenario in enumerate(scenarios):
        with st.container(border=True, key=f"scenario_{index}"):
            label, use, delete = st.columns([4, 1, 1], vertical_alignment="center")
            label.markdown(f"**{escape(scenario.name)}**  \n{escape(_levers_summary(scenario.levers))}")
            use.button(text["load"], key=f"use_scenario_{index}", on_click=_use_scenario, args=(index,),
                       width="stretch")
            delete.button(text["delete"], key=f"delete_scenario_{index}", on_click=_delete_scenario,
                          args=(index,), width="stretch")
    draw_compare(view, baseline, scenarios, period_settings)


def _case_outcomes(view: WhatIfView, baseline: Baseline, scenarios) -> dict[str, tuple[str, Outcome]]:
    names = _text()["cases"]
    cases = {"baseline": (names["baseline"], view.baseline), "scenario": (names["scenario"], view.scenario)}
    for index, scenario in enumerate(scenarios):
        cases[f"s{index + 1}"] = (scenario.name, outcome(apply_levers(baseline, scenario.levers), view.periods))
    return cases


def draw_compare(view: WhatIfView, baseline: Baseline, scenarios, period_settings: PeriodSettings) -> None:
    """Any two cases (baseline, the levers now, the kept scenarios) side by side."""
    text = _text()
    cases = _case_outcomes(view, baseline, scenarios)
    options = list(cases)
    for key, default in zip((COMPARE_A, COMPARE_B), CASES, strict=True):
        if st.session_state.get(key) not in options:
            st.session_state[key] = default
    st.markdown(f"**{escape(text['compare'])}**")
    left, right = st.columns(2)
    with left:
        first = st.selectbox(text["compare_first"], options, key=COMPARE_A, format_func=lambda key: cases[key][0])
    with right:
        second = st.selectbox(text["compare_second"], options, key=COMPARE_B, format_func=lambda key: cases[key][0])
    if first == second:
        st.info(escape(text["compare_same"]))
        return
    (first_name, first_outcome), (second_name, second_outcome) = cases[first], cases[second]
    st.caption(escape(text["compare_table_intro"].format(first=first_name, second=second_name,
                                                         horizon=view.horizon)))
    columns = words("exports")["report"]
    table = pd.DataFrame([
        {columns["figure"]: text["figures"][row.key],
         first_name: _value(row.first, row.unit, period_settings),
         second_name: _value(row.second, row.unit, period_settings),
         columns["difference"]: _difference(row, period_settings) or "–"}
        for row in compare_outcomes(first_outcome, second_outcome)
    ])
    st.dataframe(table, hide_index=True, width="stretch", key="compare_table")


# The page ------------------------------------------------------------------------------------------------------


def _whatif_charts(view: WhatIfView) -> list[alt.TopLevelMixin]:
    effect = [view.effect_chart] if view.effect_chart is not None else []
    return [*view.projection_charts.values(), view.sensitivity_chart, *effect]


def draw_sharing(view: WhatIfView, results, inputs, period_settings: PeriodSettings) -> None:
    from retention.exports import projection_csv

    text = words("exports")
    st.divider()
    draw_share_box()
    st.header(text["heading"])
    cases = _text()["cases"]
    charts = _whatif_charts(view)
    draw_figure_downloads(results, inputs, settings=period_settings, link=share_link(), key="whatif")
    st.download_button(
        text["projection_csv"], key="whatif_projection_csv", on_click="ignore", icon=":material/download:",
        data=lambda: projection_csv({cases["baseline"]: view.baseline.projection,
                                     cases["scenario"]: view.scenario.projection}),
        file_name=text["files"]["projection_csv"], mime="text/csv", help=text["projection_help"],
    )
    draw_chart_downloads(charts, key="whatif")


def render() -> None:
    """Draw the what-if page from the calculator's numbers."""
    text = _text()
    period_settings = settings()
    period, period_days, currency = period_settings.period, period_settings.period_days, period_settings.currency
    inputs = current_inputs()
    st.title(text["title"])
    st.markdown(escape(text["intro"]))
    found = baseline_from_inputs(inputs, period, period_days)
    if found.baseline is None:
        if found.errors:
            fields = format_list(field_label(name) for name in found.errors)
            st.warning(escape(text["needs_errors"].format(fields=fields)), icon=":material/warning:")
        if found.missing:
            needs = format_list(words("fields")[name]["needs"] for name in found.missing)
            st.info(escape(text["needs"].format(needs=needs)), icon=":material/info:")
        if set(found.missing) & set(ECONOMICS) or economics_to_check():
            economics_boxes("whatif")
        _calculator_link()
        st.divider()
        draw_share_box()
        return
    baseline, subscription = _as_subscription(found.baseline, period)
    results, _ = compute_available_metrics(inputs, period, period_days, currency)
    st.caption(escape(_starting_from(baseline, period_settings)))
    if subscription:
        st.caption(escape(subscription))
    if not baseline.acquisition_cost:
        st.caption(escape(text["no_cac"]))
    if economics_to_check():  # an impossible cost or rate (left out of the baseline), or a margin of 0.4 %
        economics_boxes("whatif")
    _calculator_link()
    draw_scenario(baseline, results, inputs, period_settings, _order_habits(results, inputs, currency))


@safe_fragment
def draw_scenario(baseline: Baseline, results, inputs, period_settings: PeriodSettings, habits: str) -> None:
    """The levers and all that follows from them, as a fragment: moving a lever reruns this part alone."""
    levers, years = draw_levers(baseline, period_settings.currency, habits)
    view = whatif_view(baseline, levers, years, period_settings)
    draw_side_by_side(view, period_settings)
    draw_charts(view, baseline, period_settings.period)
    draw_scenarios(view, baseline, period_settings)
    draw_sharing(view, results, inputs, period_settings)
    sync_link()  # the app writes the address after a whole run; a fragment's own run must too


if __name__ == "__main__":
    from ui.legacy_pages import run_app

    run_app()

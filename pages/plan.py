"""The "Action plan" page (issue 19): the user's weakest figures first, each with first steps, the customers behind
them (from the uploaded orders) and what the step is worth in the what-if.

The figures are the calculator's (typed, from a link, or a period of "Your data" sent there); the lists come from
the session's order log. The plan never recommends from a figure it does not have (:func:`retention.plan.unlocks`).
"""

import math
from dataclasses import dataclass
from datetime import date

import pandas as pd
import streamlit as st

from retention.btyd.risk import win_back
from retention.errors import InputError
from retention.exports.plan_report import PlanStep, plan_html
from retention.exports.safe_cells import to_csv_bytes
from retention.formatting import format_list, format_period, format_quantity, format_value, horizon_text
from retention.metrics.computing import compute_available_metrics
from retention.metrics.validation import field_label
from retention.orders.cells import PERIOD_FREQUENCIES
from retention.orders.customer_lists import customer_histories, one_time_buyers, quiet_customers, top_customers
from retention.periods import PeriodSettings
from retention.plan import PLAN_STEPS, TOPICS, JudgedTopic, rank_topics, step_worth, unlocks
from retention.whatif import DEFAULT_HORIZON_YEARS, baseline_from_inputs, horizon_periods, lever_text
from retention.words import Words, plural, words
from ui.accessibility import SCROLL_TOP
from ui.cards import VERDICT_ICONS
from ui.markdown import escape
from ui.navigation import link_to
from ui.orders import current_orders
from ui.sharing import share_link
from ui.state import FORECAST_RESULT, HORIZON, current_inputs, example_fields, kept, settings
from ui.tables import number_column, show_table

#: The columns of the valuable customers at risk (from the forecast's win-back list).
AT_RISK_COLUMNS = ("customer_id", "purchases", "last_purchase", "revenue", "probability_alive", "value_at_risk")
#: The lists ranked by the money each customer brought: an order log without amounts has none of them.
MONEY_LISTS = ("top", "at_risk")
#: Rows of a list shown on the page (the CSV holds all).
LIST_ROWS = 10


@dataclass(frozen=True)
class PlanView:
    """The plan of one set of numbers: every topic ranked, the steps (the weakest, at most ``PLAN_STEPS``), what each
    step's lever is worth ({topic: sentence}) and the missing fields that would unlock more ({topic: fields})."""

    ranked: tuple[JudgedTopic, ...]
    steps: tuple[JudgedTopic, ...]
    worths: dict[str, str]
    missing: dict[str, tuple[str, ...]]


def _text() -> Words:
    return words("plan")


def plan_view(inputs: dict[str, float], chosen: PeriodSettings, example: bool = False) -> PlanView:
    results, _ = compute_available_metrics(inputs, chosen.period, chosen.period_days, chosen.currency)
    ranked = tuple(rank_topics(results, chosen.business_type))
    steps = tuple(judged for judged in ranked if judged.verdict != "good")[:PLAN_STEPS]
    return PlanView(ranked, steps, _worths(inputs, steps, chosen, example), unlocks(results))


def render() -> None:
    text, chosen = _text(), settings()
    st.title(text["title"])
    st.markdown(escape(text["intro"]))
    inputs = {name: value for name, value in current_inputs().items() if value is not None}
    example = bool(example_fields())
    view = kept("plan_view", (tuple(sorted(inputs.items())), chosen, example),
                lambda: plan_view(inputs, chosen, example))
    if example and view.ranked:
        st.info(escape(text["example_source"]), icon=":material/lightbulb:")
        st.page_link(link_to("calculator"), icon=":material/calculate:")
    if not view.ranked:
        st.info(escape(text["no_numbers"]), icon=":material/info:")
        st.page_link(link_to("calculator"), icon=":material/calculate:")
    lists = _customer_lists(chosen)
    drawn: set[str] = set()  # each list under the first step that names it
    for number, judged in enumerate(view.steps, 1):
        _draw_step(number, judged, lists, view.worths.get(judged.topic.key), drawn)
    if lists is not None:  # the lists of no step shown: the customers to know all the same
        others = tuple(name for name in lists.tables if name not in drawn)
        if others:
            st.header(text["lists"]["heading"])
            _draw_lists("more", others, lists, heading=False)
    _going_well([judged for judged in view.ranked if judged.verdict == "good"])
    _unlocks(view.missing)
    st.header(text["context_heading"])
    st.markdown("\n".join(f"- {escape(line)}" for line in text["context"]))
    if view.steps:
        sizes = {name: len(table) for name, table in lists.tables.items()} if lists is not None else {}
        plan = [PlanStep(_topic_words(judged.topic.key)["name"], _topic_words(judged.topic.key)["steps"],
                         tuple("{label}: {value}. {verdict}".format(**_figure(result, assessment))
                               for result, assessment in judged.figures),
                         view.worths.get(judged.topic.key, ""),
                         tuple((name, sizes[name]) for name in judged.topic.lists if name in sizes))
                for judged in view.steps]
        st.download_button(text["download_plan"], plan_html(plan, date.today(), share_link()),
                           file_name="action-plan.html", mime="text/html", icon=":material/print:")


def _topic_words(key: str) -> Words:
    return _text()["topics"][key]


def _figure(result, assessment) -> dict[str, str]:
    """A figure's label, value with its period and verdict in plain words: "Retention rate", "87.5% a month", ..."""
    return {"label": words("metrics")[result.key]["label"],
            "value": format_quantity(result.key, result.value, result.currency, result.period),
            "verdict": assessment.text}


def _worths(inputs: dict, steps: tuple[JudgedTopic, ...], chosen: PeriodSettings, example: bool) -> dict[str, str]:
    """{topic: "On your numbers, Retention +2.0 points is worth $12,345 more profit over 36 months."} for the steps
    with a lever, on the what-if's baseline of these numbers (none without one); while some are still the worked
    example's (``example``), the sentence says so and where to type one's own."""
    baseline = baseline_from_inputs(inputs, chosen.period, chosen.period_days).baseline
    if baseline is None:
        return {}
    periods = horizon_periods(DEFAULT_HORIZON_YEARS, chosen.period)
    names = words("whatif")["charts"]["lever_names"]
    found = {}
    for judged in steps:
        topic = judged.topic
        money = step_worth(baseline, topic, periods)
        if money is not None:
            found[topic.key] = _text()["worth_example" if example else "worth"].format(
                lever=f"{names[topic.lever]} {lever_text(topic.lever, topic.effect)}",
                money=format_value(money, "money", chosen.currency), horizon=horizon_text(periods, chosen.period))
    return found


@dataclass(frozen=True)
class CustomerLists:
    """The lists of customers of an order log ({name: table}) and the log's whole revenue (NaN when its orders have
    no amounts)."""

    tables: dict[str, pd.DataFrame]
    revenue: float


def _customer_lists(chosen: PeriodSettings) -> CustomerLists | None:
    """The lists of the session's order log (None without one), made once per log and period; the valuable customers
    at risk when the Forecast page has forecast this log (its win-back list)."""
    table, _ = current_orders()
    if table is None:
        return None
    freq = PERIOD_FREQUENCIES[chosen.period]

    def made() -> CustomerLists:
        histories = customer_histories(table.frame)
        return CustomerLists({"quiet": quiet_customers(histories), "top": top_customers(histories),
                              "one_time": one_time_buyers(histories, freq)},
                             float(table.frame["amount"].sum(min_count=1)))

    lists = kept("plan_lists", (id(table.frame), freq), made)
    stored = st.session_state.get(FORECAST_RESULT)
    if stored and stored["table"] is table and not isinstance(stored["result"], InputError):
        slipping = win_back(stored["result"].customers)
        at_risk = slipping.rename(columns={"spent_so_far": "revenue"})[list(AT_RISK_COLUMNS)]
        lists = CustomerLists({**lists.tables, "at_risk": at_risk}, lists.revenue)
    return lists


def _open_what_if(lever: str, effect: float) -> None:
    st.session_state[lever] = effect
    st.session_state.setdefault(HORIZON, DEFAULT_HORIZON_YEARS)
    st.session_state[SCROLL_TOP] = True
    st.switch_page(link_to("what_if"))


def _draw_step(number: int, judged: JudgedTopic, lists: CustomerLists | None, worth: str | None,
               drawn: set[str]) -> None:
    text, topic = _text(), judged.topic
    topic_words = _topic_words(topic.key)
    with st.container(border=True, key=f"plan_step_{topic.key}"):
        st.header(text["step"].format(number=number, topic=topic_words["name"]))
        for result, assessment in judged.figures:
            figure = {part: escape(said) for part, said in _figure(result, assessment).items()}
            st.markdown(VERDICT_ICONS[assessment.verdict] + " " + text["figure"].format(**figure))
        st.subheader(text["first_steps"])
        st.markdown("\n".join(f"1. {escape(step)}" for step in topic_words["steps"]))
        if topic.lever is None:
            st.caption(escape(text["worth_none"]))
        elif worth:
            st.markdown(escape(worth))
            if st.button(text["open_what_if"], key=f"plan_what_if_{topic.key}", icon=":material/tune:"):
                _open_what_if(topic.lever, topic.effect)
        names = tuple(name for name in topic.lists if name not in drawn)
        if names:
            _draw_lists(topic.key, names, lists)
            drawn.update(names)


def _list_sentence(name: str, found: pd.DataFrame, all_revenue: float) -> str:
    """The list's size in words, with the revenue it brought (its share of all revenue for the top customers, the
    month for the one-time buyers); without amounts, the quiet customers are counted without it."""
    chosen, revenue = settings(), float(found["revenue"].sum(min_count=1))
    key = "quiet_without_revenue" if name == "quiet" and math.isnan(revenue) else name
    values = {"count": format_value(len(found), "count"),
              "value": format_value(float(found["value_at_risk"].sum()), "money", chosen.currency)
              if "value_at_risk" in found else "–",
              "revenue": format_value(revenue, "money", chosen.currency),
              "share": format_value(revenue / all_revenue, "fraction") if all_revenue > 0 else "–",
              "period": format_period(found["last_purchase"].max().date(), chosen.period)}
    return plural(_text()["lists"][key], len(found)).format(**values)


def _draw_lists(step: str, names: tuple[str, ...], lists: CustomerLists | None,
                heading: bool = True) -> None:
    """Each list's size in words, its first rows and its CSV (the upload is asked for without an order log)."""
    text = _text()["lists"]
    if heading:
        st.subheader(text["heading"])
    if lists is None:
        st.caption(escape(text["no_orders"]))
        return
    no_amounts = math.isnan(lists.revenue)
    ranked = [name for name in names if name in MONEY_LISTS] if no_amounts else []
    for name in (name for name in names if name not in ranked):
        if name == "at_risk" and name not in lists.tables:
            st.caption(escape(text["at_risk_needs_forecast"]))
            st.page_link(link_to("forecast"), icon=":material/trending_up:")
            continue
        found = lists.tables[name]
        if found.empty:
            st.caption(escape(text["none"]))
            continue
        st.markdown(escape(_list_sentence(name, found, lists.revenue)))
        found = found.dropna(axis="columns", how="all")  # no revenue without amounts, no usual gap after one purchase
        show_table(found.head(LIST_ROWS), column_config=_list_columns(), hide_index=True,
                   key=f"plan_list_{step}_{name}")
        st.download_button(text["download"], to_csv_bytes(_csv_table(found)), file_name=f"{name}_customers.csv",
                           mime="text/csv", icon=":material/download:", key=f"plan_csv_{step}_{name}")
    if ranked:  # the lists ranked by money, named in one sentence after the lists shown
        st.caption(escape(plural(text["needs_amounts"], len(ranked)).format(
            lists=format_list(text["names"][name] for name in ranked))))


def _list_columns() -> dict:
    names, currency = _text()["lists"]["columns"], settings().currency
    column = st.column_config
    return {
        "customer_id": column.TextColumn(names["customer_id"], pinned=True),
        "purchases": number_column(names["purchases"], "count"),
        "first_purchase": column.DateColumn(names["first_purchase"], format="localized"),
        "last_purchase": column.DateColumn(names["last_purchase"], format="localized"),
        "revenue": number_column(names["revenue"], "money", currency),
        "usual_gap_days": number_column(names["usual_gap_days"], "days"),
        "days_since_last": number_column(names["days_since_last"], "count"),
        "probability_alive": number_column(names["probability_alive"], "fraction"),
        "value_at_risk": number_column(names["value_at_risk"], "money", currency),
    }


def _csv_table(found: pd.DataFrame) -> pd.DataFrame:
    """A list as its CSV holds it: the columns named in words, dates as ISO days, money to the cent."""
    table = found.copy()
    for column in ("first_purchase", "last_purchase"):
        if column in table:
            table[column] = table[column].dt.strftime("%Y-%m-%d")
    table = table.round({"revenue": 2, "usual_gap_days": 1, "probability_alive": 4, "value_at_risk": 2})
    table["customer_id"] = table["customer_id"].astype(str)
    table.columns = [_text()["lists"]["columns"][name] for name in table.columns]
    return table


def _going_well(good: list[JudgedTopic]) -> None:
    if not good:
        return
    text = _text()
    st.header(text["going_well"])
    st.markdown("\n".join(
        "- " + text["going_well_item"].format(
            topic=escape(_topic_words(judged.topic.key)["name"]),
            figures=escape(format_list(words("metrics")[result.key]["label"] for result, _ in judged.figures)))
        for judged in good))


def _unlocks(missing: dict[str, tuple[str, ...]]) -> None:
    if not missing:
        return
    text = _text()
    st.header(text["unlock_heading"])
    order = [topic.key for topic in TOPICS]
    st.markdown("\n".join(
        "- " + text["unlock"].format(topic=escape(_topic_words(key)["name"]),
                                     fields=escape(format_list(field_label(name) for name in fields)))
        for key, fields in sorted(missing.items(), key=lambda item: order.index(item[0]))))


if __name__ == "__main__":
    from ui.legacy_pages import run_app

    run_app()

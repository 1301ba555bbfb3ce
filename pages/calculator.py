"""The calculator (home page): the headline figures first, then a form grouped by topic, a card per metric and the
charts that explain them.

The page is made in two steps: :func:`ui.results.calculator_view` does all the work (metrics, headline, cards,
charts) from the typed numbers and the settings, :func:`draw` puts the result on the page. Opened from a shared link,
it says what the link held and folds the form.
"""

from collections.abc import Mapping

import streamlit as st

from retention import FIELDS, GROUPS
from retention.formatting import format_list
from retention.metrics.validation import field_label, percent_questions
from retention.periods import PeriodSettings
from retention.words import words
from ui.accessibility import scroll_to_top_if_asked
from ui.comparison import draw_comparison
from ui.errors import draw_error_links, draw_percent_question, mark_fields
from ui.exports import draw_chart_downloads, draw_figure_downloads
from ui.headline import draw_headline
from ui.markdown import escape
from ui.navigation import link_to
from ui.results import CalculatorView, calculator_view, draw_card_groups, draw_charts
from ui.sharing import draw_share_box, share_link, shared_numbers, shared_numbers_text
from ui.state import BLANK_FOCUS, SENT_PERIOD, clear_inputs, current_inputs, example_fields, load_example, settings

EXPANDED_GROUPS = ("customers", "economics")
#: At most this many fields are named in the note on the worked example's numbers left in the form.
SHOWN_FIELDS = 4


def input_form(errors: dict[str, str], folded: bool = False,
               questions: Mapping[str, tuple[float, float]] | None = None) -> bool:
    """The form of every input field, grouped by topic, with each error message right under its field and each
    question ``{field: (typed, meant)}`` with its answer button; ``folded`` collapses every topic without either.
    True when "Calculate" was pressed."""
    text = words("app")["calculator"]
    field_words = words("fields")
    questions = questions or {}
    with st.form("calculator_form", border=False):
        st.caption(escape(text["number_hint"]))  # the number boxes take digits and one decimal point only
        for group in GROUPS:
            fields = [field for field in FIELDS if field.group == group]
            asks = any(field.name in errors or field.name in questions for field in fields)
            expanded = asks or (not folded and group in EXPANDED_GROUPS)
            with st.expander(field_words["groups"][group], expanded=expanded):
                for field in fields:
                    st.number_input(
                        field_label(field.name), key=field.name, help=field_words[field.name]["help"],
                        step=1.0, format="%g", placeholder=text["placeholder"], persist_state="session",
                    )
                    if field.name in errors:
                        st.error(escape(errors[field.name]), icon=":material/error:")
                    if field.name in questions:
                        draw_percent_question(field.name, *questions[field.name])
        return st.form_submit_button(text["submit"], type="primary", width="stretch")


def _where_numbers_come_from() -> None:
    """Above the form: the period "Your data" sent, with the way back, and any field still the worked example's."""
    text = words("app")["calculator"]
    sent = st.session_state.get(SENT_PERIOD)
    if sent:
        with st.container(border=True):
            st.markdown(text["sent_period"].format(period=escape(sent["period"]), name=escape(sent["name"])))
            st.page_link(link_to("your_data"), label=text["back_to_data"], icon=":material/arrow_back:")
    left = example_fields()
    if left:
        more = text["and_more"].format(count=len(left) - SHOWN_FIELDS) if len(left) > SHOWN_FIELDS else ""
        fields = format_list((field_label(name) for name in left[:SHOWN_FIELDS]), more)
        st.info(escape(text["example_left"].format(fields=fields)), icon=":material/lightbulb:")


def questions(view: CalculatorView) -> dict[str, tuple[float, float]]:
    """The fractions to question, ``{field: (typed, meant)}``: a margin typed as 0.4 was likely meant as 40%."""
    typed = current_inputs()
    usable = {name: value for name, value in typed.items() if value is not None and name not in view.errors}
    return {name: (typed[name], meant) for name, meant in percent_questions(usable).items()}


def draw(view: CalculatorView) -> None:
    """Put a calculator view on the page."""
    text = words("app")["calculator"]
    st.title(text["title"])
    draw_headline(view.headline)
    shared = shared_numbers()
    # One place on the page whatever it holds, so that the form below keeps its place when the numbers change
    # (after "Start from blank" the page would otherwise draw a second form before removing the first).
    with st.container():
        if shared:
            st.info(shared_numbers_text(shared), icon=":material/link:")
        if view.is_example:
            st.info(text["example_notice"], icon=":material/lightbulb:")
        elif not shared:
            _where_numbers_come_from()
    st.markdown(text["intro"])
    left, right = st.columns(2)
    left.button(text["blank"], on_click=clear_inputs, width="stretch")
    right.button(text["example"], on_click=load_example, width="stretch")
    if view.errors:
        draw_error_links(view.errors)
    form_column, results_column = st.columns([2, 3], gap="large")
    with form_column:
        calculated = input_form(view.errors, folded=bool(shared), questions=questions(view))
    with results_column:
        draw_charts(view.charts)
    draw_card_groups(view)
    mark_fields(view.errors, focus=calculated, blank=st.session_state.pop(BLANK_FOCUS, False))
    scroll_to_top_if_asked()  # opened by "Send this period's numbers" from further down Your data


def draw_compare_and_share(view: CalculatorView, inputs: dict, period_settings: PeriodSettings) -> None:
    """After the cards: the way to the what-if, how you compare, the link and the downloads."""
    results = view.results
    st.page_link(link_to("what_if"), label=words("app")["calculator"]["what_if"],
                 icon=":material/tune:")
    _, comparison_charts = draw_comparison(view)
    st.divider()
    draw_share_box()
    exports = words("exports")
    st.header(exports["heading"])
    st.caption(escape(exports["intro"]))
    draw_figure_downloads(results, inputs, settings=period_settings, link=share_link())
    draw_chart_downloads([*view.charts, *comparison_charts], key="calculator")


def render() -> None:
    """Draw the calculator page for the numbers typed so far."""
    period_settings = settings()
    inputs = current_inputs()
    view = calculator_view(inputs, period_settings)
    draw(view)
    draw_compare_and_share(view, inputs, period_settings)


if __name__ == "__main__":
    from ui.legacy_pages import run_app

    run_app()

"""A card per metric: value, meaning, formula with the user's numbers, is it good, what moves it.

Cards are made in two steps: :func:`card_content` turns a result into the strings a card shows (all the work),
:func:`draw_card` puts them on the page (Streamlit only).
"""

from collections.abc import Mapping
from dataclasses import dataclass

import streamlit as st

from retention.metrics.benchmarks import assess
from retention.metrics.computing import MetricResult
from retention.words import words
from ui.markdown import escape

VERDICT_ICONS = {"good": ":material/check_circle:", "attention": ":material/warning:", "neutral": ":material/info:"}


@dataclass(frozen=True)
class CardContent:
    """The markdown a card shows, already escaped: every user number appears as text. ``missing``: the figure
    still needs numbers (its one caption says which)."""

    key: str
    label: str
    value: str
    meaning: str
    captions: tuple[str, ...]
    alternatives: tuple[str, ...]
    missing: bool = False


def card_content(result: MetricResult, business_type: str | None = None,
                 results: Mapping[str, MetricResult] | None = None) -> CardContent:
    """What the card of one result says, judged for the business type (``results``: the other figures, for lifetime
    value's LTV:CAC rule); a metric still missing inputs says what it needs instead of zero."""
    text = words("app")["card"]
    if result.status == "missing":
        return CardContent(result.key, result.label, text["missing_value"], escape(result.meaning),
                           (escape(result.note),), (), missing=True)
    captions = [f"**{escape(text['formula'])}** {escape(result.worked)}"]
    if result.note:
        captions.append(escape(result.note))
    if result.assumption:
        captions.append(f":material/info: {escape(result.assumption)}")
    for assessment in assess(result, business_type, results):
        source = f" *{escape(text['source'].format(source=assessment.source))}*" if assessment.source else ""
        captions.append(f"{VERDICT_ICONS[assessment.verdict]} {escape(assessment.text)}{source}")
    captions.append(f"**{escape(text['moves'])}** {escape(words('metrics')[result.key]['moves'])}")
    alternatives = tuple(
        f"**{escape(alternative.label)}**: {escape(alternative.worked)}  \n{escape(alternative.who_uses_it)}"
        for alternative in result.alternatives
    )
    return CardContent(result.key, result.label, result.formatted, escape(result.meaning), tuple(captions),
                       alternatives)


def draw_card(content: CardContent) -> None:
    """One bordered card."""
    with st.container(border=True, key=f"card_{content.key}"):
        st.metric(content.label, content.value)
        st.markdown(content.meaning)
        for caption in content.captions:
            st.caption(caption)
        if content.alternatives:
            with st.expander(words("app")["card"]["alternatives"]):
                for alternative in content.alternatives:
                    st.markdown(alternative)


def draw_cards(cards: list[CardContent], columns: int = 2) -> None:
    """Cards in a grid (columns stack on a phone)."""
    for start in range(0, len(cards), columns):
        for column, content in zip(st.columns(columns), cards[start : start + columns], strict=False):
            with column:
                draw_card(content)

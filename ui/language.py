"""The language the app speaks to this person (issue 17): the link's ``lang``, else the browser's, else English;
the sidebar's choice changes it for the session. An unknown ``lang`` is English, with the link's note."""

import streamlit as st
from babel import Locale
from babel.core import negotiate_locale
from streamlit.runtime.scriptrunner import get_script_run_ctx

from retention.words import LANGUAGES, SOURCE_LANGUAGE, current_language, set_language_source, words
from ui.state import LANGUAGE

#: Browser languages read as one of the app's: Norwegian in general and Nynorsk get Bokmål.
ALIASES = {"no": "nb", "nn": "nb"}


def _session_language() -> str | None:
    """The session's language while a script run serves it (words asked outside a run are English)."""
    return st.session_state.get(LANGUAGE) if get_script_run_ctx() is not None else None


def choose_language() -> None:
    """Before any word is drawn: the session's language, chosen once, kept across pages."""
    set_language_source(_session_language)
    if st.session_state.get(LANGUAGE) not in LANGUAGES:
        asked = st.query_params.get("lang")
        st.session_state[LANGUAGE] = browser_language() if asked is None else (
            asked if asked in LANGUAGES else SOURCE_LANGUAGE)
    st.session_state[LANGUAGE] = st.session_state[LANGUAGE]  # a widget's value is dropped when a page switches


def browser_language() -> str:
    """The first of the app's languages the browser asks for (its ``navigator.language``, then the
    Accept-Language header), English when it asks for none of them."""
    asked = [st.context.locale or ""]
    header = (st.context.headers or {}).get("Accept-Language") or ""
    asked += [part.split(";")[0].strip() for part in header.split(",")]
    tags = []
    for tag in filter(None, asked):
        primary = tag.split("-")[0].split("_")[0].lower()
        tags.append(ALIASES.get(primary, tag))
    return negotiate_locale(tags, list(LANGUAGES), sep="-") or SOURCE_LANGUAGE


def language_name(language: str) -> str:
    """A language in its own words: "Ελληνικά", "Norsk bokmål", "日本語"."""
    name = Locale.parse(language).get_display_name(language)
    return name[:1].upper() + name[1:]


def draw_language_choice() -> None:
    """The language choice at the top of the sidebar, each language named in itself; in another language than
    English its label also says "Language"."""
    label = words("app")["settings"]["language"]
    if current_language() != SOURCE_LANGUAGE:
        label += " (Language)"  # found by someone who cannot read the language a link opened in
    st.selectbox(label, LANGUAGES, key=LANGUAGE, format_func=language_name)

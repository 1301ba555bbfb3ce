"""The language the app speaks to this person (issue 17): the link's ``lang``, else the browser's, else English;
the sidebar's choice changes it for the session. An unknown ``lang`` is English, with the link's note.

The page itself speaks it too (:func:`draw_page_language`): its ``lang`` attribute (read by screen readers), the
languages the browser formats numbers in (Streamlit's tables and sliders use ``navigator.languages``), and the few
words Streamlit writes on its widgets in English only.
"""

import json
from contextvars import ContextVar

import streamlit as st
from babel import Locale
from babel.core import negotiate_locale
from streamlit.runtime.scriptrunner import get_script_run_ctx

from retention.words import LANGUAGES, SOURCE_LANGUAGE, current_language, set_language_source, words
from ui.state import LANGUAGE

#: Browser languages read as one of the app's: Norwegian in general and Nynorsk get Bokmål.
ALIASES = {"no": "nb", "nn": "nb"}


#: ``(script run context, language)``: the session's language as its script runner last read it. Every number
#: formatted asks for the language (thousands a page); reading session state each time was a quarter of a page's
#: run. Only :func:`choose_language`, first in each run, changes the language.
_RUN_LANGUAGE: ContextVar[tuple[object, str | None] | None] = ContextVar("run_language", default=None)


def _session_language() -> str | None:
    """The session's language while a script run serves it (words asked outside a run are English)."""
    context = get_script_run_ctx()
    if context is None:
        return None
    kept = _RUN_LANGUAGE.get()
    if kept is None or kept[0] is not context:
        kept = (context, st.session_state.get(LANGUAGE))
        _RUN_LANGUAGE.set(kept)
    return kept[1]


def choose_language() -> None:
    """Before any word is drawn: the session's language, chosen once, kept across pages."""
    set_language_source(_session_language)
    if st.session_state.get(LANGUAGE) not in LANGUAGES:
        asked = st.query_params.get("lang")
        st.session_state[LANGUAGE] = browser_language() if asked is None else (
            asked if asked in LANGUAGES else SOURCE_LANGUAGE)
    st.session_state[LANGUAGE] = st.session_state[LANGUAGE]  # a widget's value is dropped when a page switches
    _RUN_LANGUAGE.set(None)  # read again: the sidebar's choice may have changed it since the last run


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


#: Runs on each language: the page's language, the browser's formatting languages, and a watcher that puts the
#: widgets' words in the language as Streamlit draws them (each text node whose whole text is Streamlit's English).
PAGE_LANGUAGE_SCRIPT = """<script>
(() => {
  const page = %(page)s;
  document.documentElement.lang = page.lang;
  Object.defineProperty(navigator, "languages", {get: () => [page.lang], configurable: true});
  window.pageWords = page.words;
  if (window.pageWordsWatched) return window.translateWidgets();
  window.pageWordsWatched = true;
  const texts = (root) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const found = [];
    while (walker.nextNode()) found.push(walker.currentNode);
    return found;
  };
  window.translateWidgets = () => {
    const w = window.pageWords;
    const fixed = {"Upload": w.upload, "Drag and drop a file here": w.drop_here, "Press Enter to apply": w.press_enter,
                   "Press Enter to submit form": w.press_enter_form};
    document.querySelectorAll('[data-testid="stFileUploaderDropzone"], [data-testid="InputInstructions"]')
      .forEach((widget) => texts(widget).forEach((node) => {
        const text = node.nodeValue;
        const size = text.match(/^(.+) per file$/);
        const local = size ? w.per_file.replace("{size}", size[1]) : fixed[text];
        if (local && local !== text) node.nodeValue = local;
      }));
    document.querySelectorAll('[data-testid="stFileUploaderDropzoneInput"]')
      .forEach((input) => input.setAttribute("aria-label", w.file_upload));
    document.querySelectorAll('[data-testid="stTooltipHoverTarget"] button[aria-label^="Help for "]')
      .forEach((button) => button.setAttribute("aria-label", w.help_for.replace(
        "{label}", button.getAttribute("aria-label").slice("Help for ".length))));
  };
  window.translateWidgets();
  let queued = false;  // one pass per frame, before it is painted, however many changes a rerun makes
  new MutationObserver(() => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => { queued = false; window.translateWidgets(); });
  }).observe(document.body, {childList: true, subtree: true, characterData: true});
})();
</script>"""


def draw_page_language() -> None:
    """The page in the session's language: its ``lang``, its number formats and Streamlit's widget words."""
    page = {"lang": current_language(), "words": dict(words("app")["widgets"])}
    st.html(PAGE_LANGUAGE_SCRIPT % {"page": json.dumps(page).replace("</", "<\\/")}, unsafe_allow_javascript=True)

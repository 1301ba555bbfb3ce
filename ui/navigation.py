"""The app's pages, made once per run by ``app.py``, and links between them without pages importing each other.

``st.page_link`` and ``st.switch_page`` need the very ``st.Page`` that ``st.navigation`` was given (a page made from
a function can be named no other way), so :func:`app_pages` keeps the pages of this run in the session and
:func:`link_to` hands them out by name. Each page's ``url_path`` is its module name (see :mod:`ui.legacy_pages`).
"""

from collections.abc import Callable, Mapping

import streamlit as st

from retention.words import words

#: The pages in menu order, by url_path (= module name in pages/); the first is the home page.
PAGE_ICONS = {
    "calculator": ":material/calculate:",
    "your_data": ":material/upload_file:",
    "forecast": ":material/trending_up:",
    "what_if": ":material/tune:",
    "plan": ":material/checklist:",
}
#: Session-state key of this run's pages (see :mod:`ui.state`).
PAGES = "app_pages"


def app_pages(renderers: Mapping[str, Callable[[], None]]) -> list[st.Page]:
    """One ``st.Page`` per entry of :data:`PAGE_ICONS`, drawn by ``renderers[name]``; kept for :func:`link_to`."""
    titles = words("app")["pages"]
    pages = {
        name: st.Page(renderers[name], title=titles[name], icon=icon, url_path=name, default=index == 0)
        for index, (name, icon) in enumerate(PAGE_ICONS.items())
    }
    st.session_state[PAGES] = pages
    return list(pages.values())


def link_to(name: str) -> st.Page:
    """The page of that url_path, for ``st.page_link`` and ``st.switch_page``."""
    return st.session_state[PAGES][name]

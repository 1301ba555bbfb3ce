"""Entry point: page settings, the sidebar every page shares, and the navigation.

Pages are the ``render`` functions of the modules in ``pages/``; each module does no work at import time.
"""

import streamlit as st

from pages import calculator, forecast, plan, what_if, your_data
from retention.words import words
from ui.accessibility import draw_page_fixes
from ui.guard import run_safely
from ui.language import choose_language, draw_page_language
from ui.navigation import app_pages
from ui.server_memory import keep_server_memory_in_check
from ui.settings import render_sidebar
from ui.sharing import draw_link_notes, load_shared_link, sync_link

choose_language()  # before any word: the link's, the browser's or the session's language
text = words("app")
st.set_page_config(page_title=text["app_title"], page_icon=":material/group:", layout="wide")
draw_page_fixes()
draw_page_language()  # the page's lang, number formats and Streamlit's widget words
keep_server_memory_in_check()  # once per server process: closed sessions and freed tables leave memory
navigation = st.navigation(app_pages({
    "calculator": calculator.render, "your_data": your_data.render, "forecast": forecast.render,
    "what_if": what_if.render, "plan": plan.render,
}))
load_shared_link()  # once per session, before any widget: the numbers of the link the app was opened with
render_sidebar()
draw_link_notes()
run_safely(navigation)
sync_link()  # the address bar always links to what is on screen

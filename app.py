"""Entry point: page settings, the sidebar every page shares, and the navigation.

Pages are the ``render`` functions of the modules in ``pages/``; each module does no work at import time.
"""

import streamlit as st

from pages import calculator, forecast, your_data
from retention.words import words
from ui.guard import run_safely
from ui.settings import render_sidebar

text = words("app")
st.set_page_config(page_title=text["app_title"], page_icon=":material/group:", layout="wide")
navigation = st.navigation([
    st.Page(calculator.render, title=text["pages"]["calculator"], icon=":material/calculate:",
            url_path="calculator", default=True),
    st.Page(your_data.render, title=text["pages"]["your_data"], icon=":material/upload_file:", url_path="your_data"),
    st.Page(forecast.render, title=text["pages"]["forecast"], icon=":material/trending_up:", url_path="forecast"),
])
render_sidebar()
run_safely(navigation)

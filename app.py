"""Entry point: page settings, the sidebar every page shares, and the navigation."""

import streamlit as st

from retention.words import words
from ui.settings import render_sidebar

text = words("app")
st.set_page_config(page_title=text["app_title"], page_icon=":material/group:", layout="wide")
navigation = st.navigation([
    st.Page("pages/calculator.py", title=text["pages"]["calculator"], icon=":material/calculate:", default=True),
])
render_sidebar()
navigation.run()

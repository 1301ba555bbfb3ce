"""A bug in a page shows a plain message, never a traceback, and is logged."""

import logging

from streamlit.testing.v1 import AppTest


def app_with_a_failing_page():
    import streamlit as st

    from ui.guard import run_safely

    class FailingPage:
        title = "failing"

        def run(self):
            st.write("before the bug")
            raise ZeroDivisionError("a bug")

    run_safely(FailingPage())
    st.write("the rest of the app still runs")


def test_a_failing_page_shows_an_apology_and_is_logged(caplog):
    with caplog.at_level(logging.ERROR, logger="retention.app"):
        app = AppTest.from_function(app_with_a_failing_page).run()
    assert not app.exception
    assert app.error[0].value.startswith("Something went wrong on our side")
    assert [text.value for text in app.markdown] == ["before the bug", "the rest of the app still runs"]
    assert "ZeroDivisionError: a bug" in caplog.text


def app_with_a_failing_fragment():
    import streamlit as st

    from ui.guard import safe_fragment

    @safe_fragment
    def levers(value: int) -> None:
        st.write(f"before the bug {value}")
        if st.button("Move") or value:
            raise ZeroDivisionError("a bug in a fragment")

    levers(0)
    st.write("the rest of the page still runs")


def test_a_failing_fragment_shows_an_apology_and_is_logged(caplog):
    app = AppTest.from_function(app_with_a_failing_fragment).run()
    assert not app.error and [text.value for text in app.markdown] == [
        "before the bug 0", "the rest of the page still runs"]
    with caplog.at_level(logging.ERROR, logger="retention.app"):
        app.button[0].click().run()
    assert not app.exception
    assert app.error[0].value.startswith("Something went wrong on our side")
    assert app.markdown[-1].value == "the rest of the page still runs"
    assert "ZeroDivisionError: a bug in a fragment" in caplog.text

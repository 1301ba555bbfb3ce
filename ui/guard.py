"""No traceback ever reaches a user: a bug in a page becomes a plain message, and a full report in the log."""

import logging

import streamlit as st

from retention.words import words

logger = logging.getLogger("retention.app")


def run_safely(page) -> None:
    """Run a page; on an unexpected error, log it with its traceback and show an apology instead.

    Streamlit's own rerun and stop signals are not ``Exception`` subclasses, so they pass through.
    """
    try:
        page.run()
    except Exception:
        logger.exception("The page %r failed", getattr(page, "title", page))
        st.error(words("app")["unexpected_error"], icon=":material/error:")

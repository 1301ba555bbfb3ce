"""No traceback ever reaches a user: a bug in a page becomes a plain message, and a full report in the log."""

import logging
from functools import wraps

import streamlit as st

from retention.words import words

logger = logging.getLogger("retention.app")


def _apologise(what: str, name) -> None:
    """Log the error being handled with its traceback, and show the apology in its place."""
    logger.exception("%s %r failed", what, name)
    st.error(words("app")["unexpected_error"], icon=":material/error:")


def run_safely(page) -> None:
    """Run a page; on an unexpected error, log it with its traceback and show an apology instead.

    Streamlit's own rerun and stop signals are not ``Exception`` subclasses, so they pass through.
    """
    try:
        page.run()
    except Exception:  # noqa: BLE001 (every bug becomes an apology, logged by _apologise)
        _apologise("The page", getattr(page, "title", page))


def safe_fragment(draw):
    """``draw`` as a Streamlit fragment (a change of its own widgets reruns it alone, not the whole app) that fails as
    safely as a page: the fragment's own reruns do not pass through :func:`run_safely`."""

    @st.fragment
    @wraps(draw)
    def fragment(*args, **kwargs):
        try:
            draw(*args, **kwargs)
        except Exception:  # noqa: BLE001 (every bug becomes an apology, logged by _apologise)
            _apologise("The part of a page", draw.__name__)

    return fragment

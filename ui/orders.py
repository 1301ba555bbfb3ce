"""The order log of this session: uploaded on "Your data", or the shipped sample, shared by the pages that use it.

Session-state keys:

- ``order_log``: the :class:`retention.io.readers.LoadedTable` the user uploaded (or chose as sample) in this session;
- ``order_log_name``: the file name shown beside it (plain text, never markup);
- ``order_log_currency_from``: the file (and the currency read from it) whose currency the sidebar last took, so it
  takes a file's currency once and the user's own choice sticks after (see :func:`use_orders`).

Uploaded data stays in this session's memory: it is never written to disk, never put in a global cache shared
between users, never put into a link. The sample data is not user data, so it is read once per process.
"""

from pathlib import Path

import streamlit as st

from retention.formatting import CURRENCIES
from retention.io.readers import LoadedTable, load_transactions
from retention.words import current_language, in_language
from ui.state import PENDING_CURRENCY

ORDERS, ORDERS_NAME, CURRENCY_FROM = "order_log", "order_log_name", "order_log_currency_from"
DATA_DIR = Path(__file__).resolve().parent.parent / "retention" / "data"
SAMPLE_ORDERS = DATA_DIR / "sample_orders.csv"


def shipped_file(name: str) -> Path:
    """A file shipped with the package in retention/data (the sample and the templates)."""
    return DATA_DIR / name


def sample_orders() -> LoadedTable:
    """The shipped synthetic order log, read once per process and language (it holds no user's data; its notes
    are in words)."""
    return _sample_orders(current_language())


@st.cache_resource(show_spinner=False)
def _sample_orders(language: str) -> LoadedTable:
    with in_language(language):
        return load_transactions(SAMPLE_ORDERS)


def current_orders() -> tuple[LoadedTable | None, str]:
    """This session's order log and its name, or (None, "") when none was chosen yet."""
    return st.session_state.get(ORDERS), st.session_state.get(ORDERS_NAME, "")


def use_orders(table: LoadedTable, name: str, file_id: str = "") -> None:
    """Make an order log this session's (it replaces the previous one).

    The first time a file (``file_id``, else its name) is read with a currency the app shows, the sidebar takes that
    currency: the page runs again so that the sidebar shows it. Later runs with the same file keep what the user
    chose in the sidebar.
    """
    st.session_state[ORDERS] = table
    st.session_state[ORDERS_NAME] = name
    source = (file_id or name, table.currency)
    if table.currency in CURRENCIES and st.session_state.get(CURRENCY_FROM) != source:
        st.session_state[CURRENCY_FROM] = source
        st.session_state[PENDING_CURRENCY] = table.currency
        st.rerun()

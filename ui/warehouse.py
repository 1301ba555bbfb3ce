"""The app's connection to a database of orders: ``st.connection("orders", type=OrdersConnection)`` around
``ibis.connect(url)``, set up in ``.streamlit/secrets.toml``::

    [connections.orders]
    url = "postgresql://reader:password@db.example.com:5432/shop"
    statement_timeout_seconds = 60   # optional: no query runs longer (default 60)
    cache_ttl_seconds = 600          # optional: how long results are reused (default 600)

The URL (and so the password) stays in the secrets and in the cached connection: it is never put into session
state, a widget, a link, a message or the log (messages go through :func:`retention.io.warehouse.scrub`). The
figures are computed in the database (:mod:`retention.orders.ibis_engine`) and only the small results travel; they
are cached for every session alike for ``cache_ttl_seconds``, since every session sees the same database.
"""

import hashlib
import secrets
from collections.abc import Mapping

import ibis
import pandas as pd
import streamlit as st
from streamlit.connections import BaseConnection

from retention.io import warehouse
from retention.orders.cohorts import cohort_matrix
from retention.orders.period_table import period_table

NAME = "orders"
DEFAULT_TTL_SECONDS = 600
#: A per-process salt, so that the connection's cache key says when its settings change without holding them.
_SALT = secrets.token_bytes(16)


def settings_of(name: str = NAME) -> dict:
    """The ``[connections.<name>]`` section of the app's secrets ({} when there is none or no secrets file)."""
    try:
        connections = st.secrets.get("connections", {})
        section = connections.get(name, {}) if hasattr(connections, "get") else {}
    except (FileNotFoundError, st.errors.StreamlitSecretNotFoundError):
        return {}
    return dict(section) if hasattr(section, "keys") else {}


def configured(name: str = NAME) -> bool:
    """Whether the secrets have a ``[connections.<name>]`` section with a url."""
    return bool(settings_of(name).get("url"))


def _number(section: Mapping, key: str, default: float) -> float:
    value = section.get(key, default)
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) and value > 0 else default


def _fingerprint(section: Mapping) -> str:
    return hashlib.sha256(_SALT + repr(sorted(section.items())).encode()).hexdigest()


class OrdersConnection(BaseConnection[ibis.BaseBackend]):
    """A connection to the orders' database, with every statement bounded in time and results cached with a ttl."""

    def _connect(self, **kwargs) -> ibis.BaseBackend:
        section = settings_of(self._connection_name)
        return warehouse.connect(str(section.get("url", "")), self.timeout, setting=self.setting)

    @property
    def setting(self) -> str:
        return f"connections.{self._connection_name}"

    @property
    def timeout(self) -> float:
        return _number(settings_of(self._connection_name), "statement_timeout_seconds",
                       warehouse.DEFAULT_TIMEOUT_SECONDS)

    @property
    def ttl(self) -> float:
        return _number(settings_of(self._connection_name), "cache_ttl_seconds", DEFAULT_TTL_SECONDS)

    @property
    def key(self) -> str:
        """Stands for this connection's settings in cache keys (a salted hash, never the settings)."""
        return _fingerprint(settings_of(self._connection_name))

    def _errors(self, source: str):
        return warehouse.database_errors(str(settings_of(self._connection_name).get("url", "")), source,
                                         self.timeout, self.setting)

    def _orders(self, source: str, mapping: Mapping[str, str]) -> ibis.Table:
        return warehouse.orders_table(self._instance, source, mapping)

    def sources(self) -> list[str]:
        """The tables and views to choose from."""
        @st.cache_data(ttl=self.ttl, show_spinner=False)
        def sources(key: str, _con) -> list[str]:
            with self._errors(""):
                return warehouse.source_names(_con._instance)

        return sources(self.key, self)

    def first_rows(self, source: str, rows: int = 5) -> pd.DataFrame:
        """The first rows of a table or view, for the user to see which column holds what."""
        @st.cache_data(ttl=self.ttl, show_spinner=False)
        def first_rows(key: str, source: str, rows: int, _con) -> pd.DataFrame:
            with self._errors(source):
                return _con._instance.table(source).head(rows).to_pandas()

        return first_rows(self.key, source, rows, self)

    def summary(self, source: str, mapping: Mapping[str, str]) -> dict:
        @st.cache_data(ttl=self.ttl, show_spinner=False)
        def summary(key: str, source: str, mapping: tuple, _con) -> dict:
            with self._errors(source):
                return warehouse.summary(_con._orders(source, dict(mapping)))

        return summary(self.key, source, tuple(sorted(mapping.items())), self)

    def period_table(self, source: str, mapping: Mapping[str, str], freq: str, active_window: int | None,
                     loyal_window: int, loyal_threshold: int) -> pd.DataFrame:
        """:func:`~retention.orders.period_table.period_table` computed in the database."""
        @st.cache_data(ttl=self.ttl, show_spinner=False)
        def periods(key: str, source: str, mapping: tuple, freq: str, window: int | None, loyal: tuple, _con):
            with self._errors(source):
                return period_table(_con._orders(source, dict(mapping)), freq, window, *loyal)

        return periods(self.key, source, tuple(sorted(mapping.items())), freq, active_window,
                       (loyal_window, loyal_threshold), self)

    def cohort_matrix(self, source: str, mapping: Mapping[str, str], freq: str) -> pd.DataFrame:
        """:func:`~retention.orders.cohorts.cohort_matrix` computed in the database."""
        @st.cache_data(ttl=self.ttl, show_spinner=False)
        def cohorts(key: str, source: str, mapping: tuple, freq: str, _con) -> pd.DataFrame:
            with self._errors(source):
                return cohort_matrix(_con._orders(source, dict(mapping)), freq)

        return cohorts(self.key, source, tuple(sorted(mapping.items())), freq, self)


def orders_connection(name: str = NAME) -> OrdersConnection:
    """The app's connection (one per process and settings); InputError naming the setting when it cannot connect."""
    return st.connection(name, type=OrdersConnection, settings=_fingerprint(settings_of(name)))

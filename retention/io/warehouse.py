"""Orders kept in a database or warehouse, reached through ibis: the connection's safety settings, the tables and
views to choose from, the order table with the normalised columns, and messages that never carry a credential.

The figures are computed inside the database by :mod:`retention.orders.ibis_engine`; only ibis expressions are
ever sent (SELECTs, plus the catalogue look-ups ibis makes to list tables and read their columns). Each connection
carries a statement timeout set by the driver when it connects, and on PostgreSQL every transaction is read-only.
The URL, which holds the password, is never put into a message: :func:`scrub` removes it and its parts from any text
that comes back from a driver.

No streamlit here: the app's ``st.connection`` around this is :mod:`ui.warehouse`.
"""

import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from urllib.parse import unquote, unquote_plus, urlsplit

import ibis

from retention.errors import InputError
from retention.io.readers import REQUIRED_TRANSACTION_COLUMNS, TRANSACTION_COLUMNS
from retention.words import words

__all__ = ["DEFAULT_TIMEOUT_SECONDS", "SCHEMES", "connect", "connect_options", "database_errors", "orders_table",
           "scheme", "scrub", "source_names", "summary"]

#: How long one statement may run unless the connection's ``statement_timeout_seconds`` says otherwise.
DEFAULT_TIMEOUT_SECONDS = 60
#: How long a connection attempt may wait for the server.
CONNECT_TIMEOUT_SECONDS = 10
#: The URL schemes whose statement timeout this module knows how to set (the ibis backend of each).
SCHEMES = {"postgres": "postgres", "postgresql": "postgres", "snowflake": "snowflake", "bigquery": "bigquery"}
#: Normalised columns that hold numbers; ``date`` must hold dates or timestamps.
NUMERIC = ("amount", "quantity", "returned_quantity")
#: Errors of this program, not of the database: they stay bugs (logged, an apology shown), never a message.
BUGS = (AttributeError, TypeError, NameError, KeyError, IndexError, AssertionError)


def _text() -> dict:
    return words("warehouse")


def scheme(url: str) -> str:
    """The ibis backend a URL names ("postgres", "snowflake", "bigquery"); InputError naming the ``url`` setting
    when it names none this app can bound in time."""
    name = urlsplit(url).scheme.split("+")[0].lower() if "://" in url else ""
    if name not in SCHEMES:
        raise InputError({"url": _text()["unknown_scheme"].format(scheme=name or "?", schemes=", ".join(
            sorted({f"{key}://" for key in SCHEMES})))})
    return SCHEMES[name]


def connect_options(url: str, timeout_seconds: float) -> dict:
    """The keyword arguments for ``ibis.connect(url, ...)`` that bound every statement to ``timeout_seconds`` (and,
    on PostgreSQL, make every transaction read-only and bound the connection attempt)."""
    backend = scheme(url)
    if backend == "postgres":
        milliseconds = max(1, round(timeout_seconds * 1000))
        return {"options": f"-c statement_timeout={milliseconds} -c default_transaction_read_only=on",
                "connect_timeout": CONNECT_TIMEOUT_SECONDS, "application_name": "retention-calculator"}
    if backend == "snowflake":
        return {"session_parameters": {"STATEMENT_TIMEOUT_IN_SECONDS": max(1, round(timeout_seconds))},
                "login_timeout": CONNECT_TIMEOUT_SECONDS}
    return {}


def _bound_bigquery(con, timeout_seconds: float) -> None:
    """BigQuery has no session setting: every query job of the client gets a job timeout instead."""
    from google.cloud import bigquery

    config = bigquery.QueryJobConfig(job_timeout_ms=max(1, round(timeout_seconds * 1000)))
    con.client.default_query_job_config = config


def _secrets_of(url: str) -> list[str]:
    """The parts of a URL that must never be shown: the URL itself, its password (as written and decoded), and the
    values of query parameters that look like credentials."""
    parts = [url]
    try:
        split = urlsplit(url)
        password = split.password
    except ValueError:
        return parts
    if password:
        parts += [password, unquote(password), unquote_plus(password)]
    for pair in split.query.split("&"):
        key, _, value = pair.partition("=")
        if value and re.search(r"pass|secret|token|key|credential", key, re.IGNORECASE):
            parts += [value, unquote_plus(value)]
    return sorted({part for part in parts if part}, key=len, reverse=True)


def scrub(text: str, url: str) -> str:
    """``text`` with the URL, its password and any credential in it replaced by ***.

    >>> scrub("could not connect to postgresql://app:s3cr%40t@db/shop (s3cr@t)", "postgresql://app:s3cr%40t@db/shop")
    'could not connect to *** (***)'
    """
    for part in _secrets_of(url):
        text = text.replace(part, "***")
    return text


def _reason(error: BaseException, url: str, limit: int = 300) -> str:
    """The driver's own words for a failure, on one line, without any credential."""
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    reason = scrub(" ".join(lines) or type(error).__name__, url)
    return reason if len(reason) <= limit else reason[: limit - 1] + "…"


def _timed_out(error: BaseException) -> bool:
    text = f"{type(error).__name__} {error}".lower()
    return any(sign in text for sign in ("querycanceled", "statement timeout", "timeout", "timed out"))


def connect(url: str, timeout_seconds: float = DEFAULT_TIMEOUT_SECONDS, setting: str = "connections.orders"):
    """An ibis backend for ``url`` with every statement bounded to ``timeout_seconds``; InputError naming the
    ``setting`` to fix (never the URL's password) when the URL is not usable or the server cannot be reached."""
    text = _text()
    if not url:
        raise InputError({"url": text["no_url"].format(setting=setting)})
    backend = scheme(url)
    try:
        con = ibis.connect(url, **connect_options(url, timeout_seconds))
        if backend == "bigquery":
            _bound_bigquery(con, timeout_seconds)
    except ImportError as error:
        package = getattr(error, "name", None) or backend
        raise InputError({"url": text["driver_missing"].format(backend=backend, package=package)}) from None
    except BUGS:
        raise
    except Exception as error:  # noqa: BLE001 (any driver's error: refused, unknown host, wrong password, timed out)
        key = "connect_timeout" if _timed_out(error) else "connect_failed"
        raise InputError({"url": text[key].format(setting=setting, reason=_reason(error, url),
                                                  seconds=CONNECT_TIMEOUT_SECONDS)}) from None
    return con


@contextmanager
def database_errors(url: str, source: str, timeout_seconds: float,
                    setting: str = "connections.orders") -> Iterator[None]:
    """Turns what the database raises while a query on ``source`` runs into an InputError that names the table and
    the setting (the statement timeout when it ran out), without any credential; InputErrors pass through."""
    try:
        yield
    except (InputError, *BUGS):
        raise
    except Exception as error:  # noqa: BLE001 (any driver's error: each driver has its own classes)
        text = _text()
        if _timed_out(error):
            message = text["query_timeout"].format(source=source, seconds=f"{timeout_seconds:g}", setting=setting)
        else:
            message = text["query_failed"].format(source=source, reason=_reason(error, url))
        raise InputError({"source": message}) from None


def source_names(con) -> list[str]:
    """The tables and views the connection's user can read in its default schema, sorted."""
    return sorted(con.list_tables())


def _kind(dtype) -> str:
    return _text()["types"].get(
        "date" if dtype.is_date() else "timestamp" if dtype.is_timestamp() else
        "number" if dtype.is_numeric() else "text" if dtype.is_string() else "boolean" if dtype.is_boolean() else
        "other", "other").format(type=str(dtype))


def orders_table(con, source: str, mapping: Mapping[str, str]) -> ibis.Table:
    """The order table ``source`` with its columns renamed to the normalised ones by ``mapping`` ({column of the
    table: normalised column}) and amounts as float64: an ibis expression, nothing is computed yet.

    InputError naming the table and the column: a mapped column the table does not have, a required normalised
    column (customer, date) not mapped (without an amount the figures about customers are computed, those about
    money are not), a date column that does not hold dates, a number column that does
    not hold numbers."""
    text = _text()
    table = con.table(source)
    problems: dict[str, str] = {}
    for column, target in mapping.items():
        if target not in TRANSACTION_COLUMNS:
            raise ValueError(f"{target!r} is not a normalised column")
        if column not in table.columns:
            problems[target] = text["no_such_column"].format(source=source, column=column)
    labels = words("readers")["columns"]
    for target in REQUIRED_TRANSACTION_COLUMNS:
        if target not in mapping.values():
            problems[target] = text["not_mapped"].format(source=source, label=labels[target])
    if problems:
        raise InputError(problems)
    for column, target in mapping.items():
        dtype = table[column].type()
        if target == "date" and not (dtype.is_date() or dtype.is_timestamp()):
            problems[target] = text["not_dates"].format(source=source, column=column, kind=_kind(dtype))
        elif target in NUMERIC and not dtype.is_numeric():
            problems[target] = text["not_numbers"].format(source=source, column=column, kind=_kind(dtype),
                                                          label=labels[target])
    if problems:
        raise InputError(problems)
    columns = {target: table[column] for column, target in mapping.items()}
    for target in NUMERIC:
        if target in columns:
            columns[target] = columns[target].cast("float64")
    return table.select(**{target: columns[target] for target in TRANSACTION_COLUMNS if target in columns})


def summary(orders: ibis.Table) -> dict:
    """Orders, customers, first and last order date of a normalised order table, in one query."""
    count = orders["order_id"].nunique() if "order_id" in orders.columns else orders.count()
    row = orders.aggregate(orders=count, customers=orders["customer_id"].nunique(), first=orders["date"].min(),
                           last=orders["date"].max()).to_pandas().iloc[0]
    return {"orders": int(row["orders"]), "customers": int(row["customers"]), "first": row["first"],
            "last": row["last"]}

"""The same order logs through pandas and through ibis, on in-memory DuckDB and on a real PostgreSQL server (tests
marked ``postgres``, read through the app's own read-only, time-bounded connection), give the same period table,
cohort matrix and customer summary, field for field and attribute for attribute; and the ibis definitions compile
for the warehouses' SQL dialects with the structure of the SQL that ran on PostgreSQL and no DuckDB-only syntax."""

import itertools
import re
from pathlib import Path

import ibis
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from retention.btyd.customer_summary import customer_summary
from retention.errors import InputError
from retention.io import warehouse
from retention.io.readers import load_transactions
from retention.orders.cohorts import cohort_matrix
from retention.orders.ibis_engine import cohort_query, customer_query, gap_query, period_query
from retention.orders.period_table import period_table
from tests.files import order_logs
from tests.test_transactions import LOG

CON = ibis.duckdb.connect()

SAMPLE = load_transactions(Path(__file__).resolve().parent.parent / "retention" / "data" / "sample_orders.csv").frame

# Hand-made logs: one order; same-day orders without order ids; a gap of years; a free order.
SMALL = {
    "one order": pd.DataFrame({"customer_id": ["ann"], "date": pd.to_datetime(["2024-03-05"]), "amount": [9.5]}),
    "same day": pd.DataFrame({
        "customer_id": ["ann", "ann", "bob", "ann"],
        "date": pd.to_datetime(["2024-01-01 09:00", "2024-01-01 18:30", "2024-01-07 00:00", "2024-02-29 12:00"]),
        "amount": [10.0, 5.0, 7.0, 3.0],
    }),
    "years apart": pd.DataFrame({
        "customer_id": [1, 2, 1, 3],
        "date": pd.to_datetime(["2020-12-31", "2021-01-04", "2023-06-15", "2023-06-16"]),
        "amount": [100.0, 20.0, 50.0, 0.0],
        "order_id": ["A", "B", "C", "D"],
    }),
    "tiny": LOG,
}

CALLS = {
    "monthly": lambda log: period_table(log),
    "monthly, window 1": lambda log: period_table(log, active_window=1),
    "weekly": lambda log: period_table(log, freq="W"),
    "quarterly, window 2, loyal 2 of 3": lambda log: period_table(log, "Q", active_window=2, loyal_threshold=2),
    "yearly": lambda log: period_table(log, freq="Y"),
    "loyal 1 of 1": lambda log: period_table(log, loyal_window=1, loyal_threshold=1),
    "over a wider span": lambda log: period_table(log, span=("2019-11-20", "2025-02-01")),
    "cohorts": lambda log: cohort_matrix(log),
    "weekly cohorts over a span": lambda log: cohort_matrix(log, "W", span=("2019-12-30", "2024-07-01")),
    "summary": lambda log: customer_summary(log),
    "summary in days to an end": lambda log: customer_summary(log, observation_end="2024-02-29", time_unit="D"),
}


_names = itertools.count()


def in_duckdb(log: pd.DataFrame) -> ibis.Table:
    return CON.create_table(f"log_{id(log)}", log, overwrite=True)


class InPostgres:
    """Loads a log through the cluster's superuser and reads it back through the app's connection as the read-only
    role, every statement bounded by the connection's timeout (retention.io.warehouse.connect)."""

    def __init__(self, cluster):
        self.cluster = cluster
        self.reader = warehouse.connect(cluster.reader_url, timeout_seconds=120)
        self.loaded: dict[int, str] = {}

    def __call__(self, log: pd.DataFrame) -> ibis.Table:
        key = id(log)
        if key not in self.loaded or log is not self.loaded[key][1]:
            name = f"log_{next(_names)}"
            self.cluster.admin.create_table(name, log)
            self.loaded[key] = (name, log)
        return self.reader.table(self.loaded[key][0])


@pytest.fixture(scope="module")
def in_postgres(postgres_cluster):
    loader = InPostgres(postgres_cluster)
    yield loader
    loader.reader.disconnect()


@pytest.fixture(params=["duckdb", pytest.param("postgres", marks=pytest.mark.postgres)])
def in_backend(request):
    """How a test puts a pandas log into an engine: in-memory DuckDB, or the PostgreSQL test server."""
    return in_duckdb if request.param == "duckdb" else request.getfixturevalue("in_postgres")


def assert_same(log: pd.DataFrame, call, load=in_duckdb) -> None:
    expected, found = call(log), call(load(log))
    pd.testing.assert_frame_equal(found, expected, check_exact=False, rtol=1e-9)
    assert found.attrs == expected.attrs


@pytest.mark.parametrize("name", CALLS)
@pytest.mark.parametrize("log", [SAMPLE, *SMALL.values()], ids=["sample", *SMALL])
def test_pandas_and_ibis_agree(log, name, in_backend):
    if name == "summary in days to an end" and log["date"].min() > pd.Timestamp("2024-02-29"):
        pytest.skip("no order before the end")
    assert_same(log, CALLS[name], in_backend)


logs = order_logs(days=500, amounts=(0, 100), max_size=80, units=True)


@pytest.mark.parametrize("backend", ["duckdb", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_random_logs_agree(backend, request):
    load = in_duckdb if backend == "duckdb" else request.getfixturevalue("in_postgres")

    @settings(max_examples=40)  # each example runs about ten queries
    @given(logs, st.sampled_from(["W", "M", "Q"]), st.sampled_from([None, 1, 2, 3]), st.booleans())
    def agree(log, freq, active_window, with_order_ids):
        log = log if with_order_ids else log.drop(columns=["order_id", "quantity"])
        assert_same(log, lambda orders: period_table(orders, freq, active_window, loyal_threshold=2), load)
        assert_same(log, lambda orders: cohort_matrix(orders, freq), load)
        assert_same(log, lambda orders: customer_summary(orders, time_unit="M"), load)

    agree()


@pytest.mark.parametrize(
    ("log", "field"),
    [
        (LOG.iloc[:0], "transactions"),
        (LOG.assign(date=LOG["date"].astype(str)), "date"),
        (LOG.assign(order_id=LOG["order_id"].where(LOG.index > 2)), "order_id"),
    ],
)
def test_an_unusable_ibis_table_raises_the_same_input_error(log, field, in_backend):
    with pytest.raises(InputError) as expected:
        period_table(log)
    with pytest.raises(InputError) as found:
        period_table(in_backend(log))
    assert found.value.messages == expected.value.messages
    assert found.value.fields == (field,)


def test_an_observation_end_before_every_order_raises_the_same_input_error(in_backend):
    with pytest.raises(InputError) as expected:
        customer_summary(LOG, observation_end="2023-01-01")
    with pytest.raises(InputError) as found:
        customer_summary(in_backend(LOG), observation_end="2023-01-01")
    assert found.value.messages == expected.value.messages


ORDERS = ibis.table({"customer_id": "string", "date": "timestamp", "amount": "float64", "order_id": "string",
                     "quantity": "int64", "returned_quantity": "int64"}, name="orders")
QUERIES = {
    "gaps": gap_query(ORDERS, "W", 2800),
    "monthly periods": period_query(ORDERS, "M", 648, 12, 2, 3, 2),
    "weekly periods": period_query(ORDERS, "W", 2800, 60, 1, 3, 1),
    "cohorts": cohort_query(ORDERS, "Q", 216),
    "customers": customer_query(ORDERS, 19848),
}
#: The statements' structure, as sqlglot reads each dialect's SQL back: subqueries, unions, window functions,
#: joins, groupings, filters, conditionals and sums must be the same as in the SQL that ran on PostgreSQL.
STRUCTURE = ("Select", "Union", "Window", "Join", "Group", "Where", "If", "Sum")
#: DuckDB syntax other engines lack: generated series and lists, epoch functions, struct packing, strftime, ::.
DUCKDB_ONLY = re.compile(r"\b(RANGE|UNNEST|GENERATE_SERIES|EPOCH(_MS|_US|_NS)?|LIST_\w+|STRUCT_PACK|STRFTIME)\s*\(|::",
                         re.IGNORECASE)


def structure(sql: str, dialect: str) -> dict[str, int]:
    import sqlglot

    tree = sqlglot.parse_one(sql, read=dialect)
    names = [type(node).__name__ for node in tree.walk()]
    return {kind: names.count(kind) for kind in STRUCTURE}


def test_the_duckdb_only_check_catches_duckdb_syntax():
    spine = ibis.range(0, 12).unnest().name("period").as_table()
    assert DUCKDB_ONLY.search(ibis.to_sql(spine, dialect="duckdb"))
    assert DUCKDB_ONLY.search("SELECT x::DOUBLE FROM t")
    assert not DUCKDB_ONLY.search(ibis.to_sql(QUERIES["monthly periods"], dialect="postgres"))


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("dialect", ["bigquery", "snowflake", "databricks", "clickhouse", "trino"])
def test_the_definitions_compile_for_warehouse_dialects(dialect, query):
    expected = structure(ibis.to_sql(QUERIES[query], dialect="postgres"), "postgres")
    sql = ibis.to_sql(QUERIES[query], dialect=dialect)
    assert sql.startswith(("SELECT", "WITH"))
    assert structure(sql, dialect) == expected
    assert expected["Select"] >= 2 and expected["Group"] >= 1
    assert DUCKDB_ONLY.search(sql) is None, DUCKDB_ONLY.search(sql)


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("dialect", ["postgres", "duckdb", "mssql", "mysql"])
def test_the_definitions_compile_for_other_dialects(dialect, query):
    assert ibis.to_sql(QUERIES[query], dialect=dialect).startswith(("SELECT", "WITH"))

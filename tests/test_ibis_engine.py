"""The same order logs through pandas and through ibis on in-memory DuckDB give the same period table, cohort
matrix and customer summary, field for field and attribute for attribute; and the ibis definitions compile for
the warehouses' SQL dialects."""

from pathlib import Path

import ibis
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from retention.btyd.customer_summary import customer_summary
from retention.errors import InputError
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


def in_duckdb(log: pd.DataFrame) -> ibis.Table:
    return CON.create_table(f"log_{id(log)}", log, overwrite=True)


def assert_same(log: pd.DataFrame, call) -> None:
    expected, found = call(log), call(in_duckdb(log))
    pd.testing.assert_frame_equal(found, expected, check_exact=False, rtol=1e-9)
    assert found.attrs == expected.attrs


@pytest.mark.parametrize("name", CALLS)
@pytest.mark.parametrize("log", [SAMPLE, *SMALL.values()], ids=["sample", *SMALL])
def test_pandas_and_ibis_on_duckdb_agree(log, name):
    if name == "summary in days to an end" and log["date"].min() > pd.Timestamp("2024-02-29"):
        pytest.skip("no order before the end")
    assert_same(log, CALLS[name])


logs = order_logs(days=500, amounts=(0, 100), max_size=80, units=True)


@settings(max_examples=40)  # each example runs about ten DuckDB queries
@given(logs, st.sampled_from(["W", "M", "Q"]), st.sampled_from([None, 1, 2, 3]), st.booleans())
def test_random_logs_agree(log, freq, active_window, with_order_ids):
    log = log if with_order_ids else log.drop(columns=["order_id", "quantity"])
    assert_same(log, lambda orders: period_table(orders, freq, active_window, loyal_threshold=2))
    assert_same(log, lambda orders: cohort_matrix(orders, freq))
    assert_same(log, lambda orders: customer_summary(orders, time_unit="M"))


@pytest.mark.parametrize(
    ("log", "field"),
    [
        (LOG.drop(columns="amount"), "amount"),
        (LOG.iloc[:0], "transactions"),
        (LOG.assign(date=LOG["date"].astype(str)), "date"),
        (LOG.assign(order_id=LOG["order_id"].where(LOG.index > 2)), "order_id"),
    ],
)
def test_an_unusable_ibis_table_raises_the_same_input_error(log, field):
    with pytest.raises(InputError) as expected:
        period_table(log)
    with pytest.raises(InputError) as found:
        period_table(in_duckdb(log))
    assert found.value.messages == expected.value.messages
    assert found.value.fields == (field,)


def test_an_observation_end_before_every_order_raises_the_same_input_error():
    with pytest.raises(InputError) as expected:
        customer_summary(LOG, observation_end="2023-01-01")
    with pytest.raises(InputError) as found:
        customer_summary(in_duckdb(LOG), observation_end="2023-01-01")
    assert found.value.messages == expected.value.messages


@pytest.mark.parametrize(
    "dialect", ["postgres", "bigquery", "snowflake", "databricks", "trino", "clickhouse", "duckdb", "mssql", "mysql"]
)
def test_the_definitions_compile_for_warehouse_dialects(dialect):
    orders = ibis.table({"customer_id": "string", "date": "timestamp", "amount": "float64", "order_id": "string",
                         "quantity": "int64", "returned_quantity": "int64"}, name="orders")
    queries = [gap_query(orders, "W", 2800), period_query(orders, "M", 648, 12, 2, 3, 2),
               period_query(orders, "W", 2800, 60, 1, 3, 1), cohort_query(orders, "Q", 216),
               customer_query(orders, 19848)]
    for query in queries:
        assert ibis.to_sql(query, dialect=dialect).startswith(("SELECT", "WITH"))

"""Orders in a database (retention/io/warehouse.py): the connection's time bound and read-only setting, the column
checks, the messages for a failing or timing-out database, and that no credential reaches a message; against the
throwaway PostgreSQL server for the tests marked ``postgres``."""

from pathlib import Path

import pandas as pd
import pytest

from retention.errors import InputError
from retention.io import warehouse
from retention.io.readers import load_transactions
from retention.orders.cohorts import cohort_matrix
from retention.orders.period_table import period_table
from tests.conftest import READER_PASSWORD

SAMPLE = load_transactions(Path(__file__).resolve().parent.parent / "retention" / "data" / "sample_orders.csv").frame
#: The sample as a shop's table would name its columns.
SHOP = SAMPLE.rename(columns={"customer_id": "client", "date": "ordered_at", "amount": "total"})
MAPPING = {"client": "customer_id", "ordered_at": "date", "total": "amount", "order_id": "order_id",
           "quantity": "quantity", "returned_quantity": "returned_quantity"}


def test_the_postgres_connection_bounds_every_statement_and_reads_only():
    options = warehouse.connect_options("postgresql://app:pw@db:5432/shop", 2.5)
    assert options["options"] == "-c statement_timeout=2500 -c default_transaction_read_only=on"
    assert options["connect_timeout"] == warehouse.CONNECT_TIMEOUT_SECONDS
    assert warehouse.connect_options("snowflake://app:pw@account/db/schema?warehouse=wh", 30)[
        "session_parameters"] == {"STATEMENT_TIMEOUT_IN_SECONDS": 30}


@pytest.mark.parametrize("url", ["mysql://app:Secret-1@db/shop", "sqlite:///orders.db", "just text Secret-1"])
def test_a_url_of_an_engine_the_app_cannot_bound_names_the_setting(url):
    with pytest.raises(InputError) as error:
        warehouse.connect(url)
    assert error.value.fields == ("url",)
    assert "secrets.toml" in error.value.messages["url"]
    assert "Secret-1" not in str(error.value)


def test_no_url_says_which_section_to_add():
    with pytest.raises(InputError) as error:
        warehouse.connect("", setting="connections.orders")
    assert "[connections.orders]" in error.value.messages["url"]


def test_scrub_removes_the_url_the_password_and_credential_parameters():
    url = "snowflake://app:p%40ss@acct/db/sch?warehouse=wh&private_key=KEY123&token=T0K"
    text = f"failed for {url}: p@ss, p%40ss, KEY123, T0K, wh"
    assert warehouse.scrub(text, url) == "failed for ***: ***, ***, ***, ***, wh"


def test_a_refused_connection_names_the_setting_and_hides_the_password():
    with pytest.raises(InputError) as error:
        warehouse.connect("postgresql://reader:Secret-2@127.0.0.1:1/shop")
    message = error.value.messages["url"]
    assert "[connections.orders]" in message and "Connection refused" in message
    assert "Secret-2" not in message
    assert error.value.__cause__ is None and error.value.__suppress_context__


# --- against a real PostgreSQL -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def shop(postgres_cluster):
    """The sample orders as a shop's table, a copy with text dates, and a view that is too slow for its timeout."""
    admin = postgres_cluster.admin
    admin.create_table("shop_orders", SHOP, overwrite=True)
    admin.create_table("text_dates", SHOP.assign(ordered_at=SHOP["ordered_at"].astype(str)), overwrite=True)
    admin.create_table("text_totals", SHOP.assign(total=SHOP["total"].astype(str)), overwrite=True)
    admin.raw_sql("CREATE OR REPLACE VIEW slow_orders AS SELECT * FROM shop_orders WHERE pg_sleep(0.01) IS NOT NULL;"
                  "GRANT SELECT ON slow_orders TO retention_reader").close()
    return postgres_cluster


@pytest.fixture
def reader(shop):
    con = warehouse.connect(shop.reader_url, timeout_seconds=30)
    yield con
    con.disconnect()


@pytest.mark.postgres
def test_the_mapped_table_gives_the_figures_of_the_file(reader):
    orders = warehouse.orders_table(reader, "shop_orders", MAPPING)
    pd.testing.assert_frame_equal(period_table(orders), period_table(SAMPLE), check_exact=False, rtol=1e-9)
    pd.testing.assert_frame_equal(cohort_matrix(orders, "Q"), cohort_matrix(SAMPLE, "Q"))
    assert warehouse.summary(orders) == {"orders": SAMPLE["order_id"].nunique(),
                                         "customers": SAMPLE["customer_id"].nunique(),
                                         "first": SAMPLE["date"].min(), "last": SAMPLE["date"].max()}
    assert "shop_orders" in warehouse.source_names(reader)


@pytest.mark.postgres
def test_a_wrong_password_names_the_setting_and_never_the_password(shop):
    url = shop.reader_url.replace(READER_PASSWORD, "Wrong-pw-91")
    with pytest.raises(InputError) as error:
        warehouse.connect(url)
    message = error.value.messages["url"]
    assert "password authentication failed" in message and "[connections.orders]" in message
    assert "Wrong-pw-91" not in message and url not in message


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("source", "mapping", "field", "says"),
    [
        ("shop_orders", {**MAPPING, "paid": "amount"}, "amount", "The table “shop_orders” has no column “paid”"),
        ("shop_orders", {"client": "customer_id", "total": "amount"}, "date",
         "Choose the column of “shop_orders” that holds the date."),
        ("text_dates", MAPPING, "date", "The column “ordered_at” of “text_dates” holds text (string), not dates"),
        ("text_totals", MAPPING, "amount", "The column “total” of “text_totals” holds text (string), not numbers"),
    ],
)
def test_a_table_that_does_not_fit_the_mapping_names_the_table_and_column(reader, source, mapping, field, says):
    with pytest.raises(InputError) as error:
        warehouse.orders_table(reader, source, mapping)
    assert error.value.fields == (field,)
    assert error.value.messages[field].startswith(says)


@pytest.mark.postgres
def test_a_query_over_its_time_is_stopped_by_the_database_and_named(shop):
    con = warehouse.connect(shop.reader_url, timeout_seconds=0.5)
    try:
        orders = warehouse.orders_table(con, "slow_orders", MAPPING)
        with pytest.raises(InputError) as error, warehouse.database_errors(shop.reader_url, "slow_orders", 0.5):
            period_table(orders)
        message = error.value.messages["source"]
        assert message.startswith("Reading “slow_orders” took longer than the limit of 0.5 seconds")
        assert "statement_timeout_seconds" in message and READER_PASSWORD not in message
        # the connection is still usable afterwards
        assert warehouse.summary(warehouse.orders_table(con, "shop_orders", MAPPING))["orders"] > 0
    finally:
        con.disconnect()


@pytest.mark.postgres
def test_the_connection_cannot_write(reader):
    with pytest.raises(Exception, match="read-only transaction"):
        reader.raw_sql("CREATE TABLE intruder (x int)")
    with pytest.raises(InputError) as error, warehouse.database_errors("postgresql://x", "shop_orders", 30):
        reader.raw_sql("DELETE FROM shop_orders")
    assert "read-only transaction" in error.value.messages["source"]


@pytest.mark.postgres
def test_options_in_the_url_cannot_lift_the_time_bound_or_the_read_only_setting(shop):
    lifted = "-c%20statement_timeout%3D0%20-c%20default_transaction_read_only%3Doff"
    url = f"{shop.reader_url}?sslmode=disable&options={lifted}"
    con = warehouse.connect(url, timeout_seconds=2)
    try:
        assert con.raw_sql("SHOW statement_timeout").fetchall() == [("2s",)]
        assert con.raw_sql("SHOW default_transaction_read_only").fetchall() == [("on",)]
    finally:
        con.disconnect()

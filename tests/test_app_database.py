"""The "Connect a database" choice of "Your data", through AppTest against the throwaway PostgreSQL server: the
figures computed in the database are those of the same orders uploaded as a file; a wrong password, a table without
the mapped column or of the wrong type, and a missing secrets section each get a message naming what to fix while the
rest of the page keeps working; the password never reaches the page, the link or the log; the app sends nothing but
SELECTs (and ibis's session setup)."""

import logging
import re

import pandas as pd
import pytest

from pages.your_data import NOT_MAPPED
from retention.orders.period_table import period_table
from tests.apptest import app_test, open_tab, plain, table_with
from tests.conftest import READER, READER_PASSWORD
from tests.test_warehouse import SAMPLE, SHOP

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def database(postgres_cluster):
    admin = postgres_cluster.admin
    admin.create_table("app_orders", SHOP, overwrite=True)
    admin.create_table("app_text_dates", SHOP.assign(ordered_at=SHOP["ordered_at"].astype(str)), overwrite=True)
    admin.raw_sql("CREATE OR REPLACE VIEW app_slow_orders AS SELECT * FROM app_orders WHERE pg_sleep(0.01) IS NOT NULL;"
                  f"GRANT SELECT ON app_slow_orders TO {READER}").close()
    return postgres_cluster


def rendered(app) -> str:
    """Everything the page sent to the browser: every element's message, labels, values, help and options."""
    parts = []

    def walk(node):
        if getattr(node, "proto", None) is not None:
            parts.append(str(node.proto))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(app._tree)
    return "\n".join(parts)


def database_page(url: str | None, timeout: float = 30):
    app = app_test("your_data")
    if url is not None:
        app.secrets["connections"] = {"orders": {"url": url, "statement_timeout_seconds": timeout,
                                                 "cache_ttl_seconds": 60}}
    app.run()
    app.radio(key="data_kind").set_value("database").run()
    return app


def errors(app) -> list[str]:
    return [plain(error.value) for error in app.error]


def test_the_figures_computed_in_the_database_are_those_of_the_file(database, caplog):
    caplog.set_level(logging.DEBUG)
    app = database_page(database.reader_url)
    assert not app.exception
    app.selectbox(key="db_source").set_value("app_orders").run()
    app.selectbox(key="map_db_app_orders_date").set_value("ordered_at").run()
    assert not app.exception and not errors(app)
    assert plain(app.header[0].value) == "Figures for app_orders"
    shown = table_with(app.main, "customers_start").value
    expected = period_table(SAMPLE)
    assert list(shown.index) == [str(label) for label in expected.index]
    for column in ("customers_start", "customers_end", "new_customers", "revenue", "retention_rate"):
        pd.testing.assert_series_equal(shown[column], expected[column].set_axis(shown.index), check_exact=False,
                                       rtol=1e-9, check_names=False)
    assert [tab.label for tab in app.tabs] == ["Every period", "One period in detail", "Cohorts"]
    for text in (rendered(app), repr(dict(app.query_params)), caplog.text):
        assert READER_PASSWORD not in text and database.reader_url not in text


def test_a_wrong_password_is_named_and_the_page_keeps_working(database, caplog):
    caplog.set_level(logging.DEBUG)
    url = database.reader_url.replace(READER_PASSWORD, "Not-the-pw-55")
    app = database_page(url)
    assert not app.exception
    [message] = errors(app)
    assert "password authentication failed" in message and "connections.orders" in message
    for text in (rendered(app), repr(dict(app.query_params)), caplog.text):
        assert "Not-the-pw-55" not in text and READER_PASSWORD not in text
    app.radio(key="data_kind").set_value("transactions").run()
    assert not app.exception and not errors(app)
    assert app.title[0].value == "Your data"


def test_no_secrets_section_says_what_to_add(database):
    app = database_page(None)
    assert not app.exception
    [message] = errors(app)
    assert "connections.orders" in message and "secrets.toml" in message


def test_a_column_of_the_wrong_type_names_the_table_and_column(database):
    app = database_page(database.reader_url)
    app.selectbox(key="db_source").set_value("app_text_dates").run()
    app.selectbox(key="map_db_app_text_dates_date").set_value("ordered_at").run()
    assert not app.exception
    [message] = errors(app)
    assert message.startswith("The column “ordered_at” of “app_text_dates” holds text (string), not dates")
    # the chooser and the mapping stay usable: another table gives the figures
    app.selectbox(key="db_source").set_value("app_orders").run()
    app.selectbox(key="map_db_app_orders_date").set_value("ordered_at").run()
    assert not errors(app) and table_with(app.main, "customers_start") is not None


def test_the_app_sends_nothing_but_selects(database):
    start = database.log.stat().st_size  # what other tests sent (their write attempts) is not this page's
    app = database_page(database.reader_url)
    app.selectbox(key="db_source").set_value("app_orders").run()
    app.selectbox(key="map_db_app_orders_date").set_value("ordered_at").run()
    open_tab(app, "database_tab", "Cohorts")
    app.segmented_control(key="cohort_freq").set_value("Q").run()
    assert not app.exception and not errors(app)
    log = database.log.read_bytes()[start:].decode()
    sent = re.findall(rf"^{READER} LOG:  (?:statement|execute [^:]+): (\S+(?: \S+)?)", log, re.MULTILINE)
    first_words = {statement.split()[0].upper() for statement in sent}
    assert "SELECT" in first_words
    assert first_words <= {"SELECT", "WITH", "BEGIN", "COMMIT"} | {"SET"}
    assert {statement for statement in sent if statement.upper().startswith("SET")} <= {"SET TIMEZONE"}


def queries_of(cluster, source: str) -> int:
    """How many queries read the rows of ``source`` (catalogue look-ups of its columns are not counted: a mapping
    that is not usable yet is checked again on each run, as errors are not cached)."""
    return len(re.findall(rf'^{READER} LOG:  statement: .*FROM "{source}"', cluster.log.read_text(), re.MULTILINE))


def test_results_are_cached_across_sessions(database):
    first = database_page(database.reader_url, timeout=29)  # its own connection settings, so its own cache
    first.selectbox(key="db_source").set_value("app_orders").run()
    first.selectbox(key="map_db_app_orders_date").set_value("ordered_at").run()
    assert not errors(first)
    sent = queries_of(database, "app_orders")
    assert sent >= 5  # summary, checks, gaps, period sums, cohorts
    second = database_page(database.reader_url, timeout=29)  # a new session, as another visitor
    second.selectbox(key="db_source").set_value("app_orders").run()
    second.selectbox(key="map_db_app_orders_date").set_value("ordered_at").run()
    assert not errors(second) and plain(second.header[0].value) == "Figures for app_orders"
    assert queries_of(database, "app_orders") == sent
    assert table_with(second.main, "customers_start").value.equals(table_with(first.main, "customers_start").value)


def test_a_query_over_its_time_names_the_setting_and_the_page_keeps_working(database):
    app = database_page(database.reader_url, timeout=0.5)
    app.selectbox(key="db_source").set_value("app_slow_orders").run()
    app.selectbox(key="map_db_app_slow_orders_date").set_value("ordered_at").run()
    assert not app.exception
    [message] = errors(app)
    assert message.startswith("Reading “app_slow_orders” took longer than the limit of 0.5 seconds")
    assert "statement_timeout_seconds in [connections.orders]" in message
    app.selectbox(key="db_source").set_value("app_orders").run()
    app.selectbox(key="map_db_app_orders_date").set_value("ordered_at").run()
    assert not errors(app) and plain(app.header[0].value) == "Figures for app_orders"


def test_a_table_read_without_an_amount_gives_the_customer_figures_and_says_what_revenue_needs(database):
    app = database_page(database.reader_url)
    app.selectbox(key="db_source").set_value("app_orders").run()
    app.selectbox(key="map_db_app_orders_date").set_value("ordered_at").run()
    app.selectbox(key="map_db_app_orders_amount").set_value(NOT_MAPPED).run()
    assert not app.exception and not errors(app)
    assert ("No column of “app_orders” is chosen as the amount: customer figures are computed; revenue figures need "
            "the amount of each order — choose its column under “Check which column holds what” (“Amount”) if the "
            "table has one.") in [plain(warning.value) for warning in app.warning]
    shown = table_with(app.main, "customers_start").value
    expected = period_table(SAMPLE.drop(columns="amount"))
    for column in ("customers_start", "customers_end", "new_customers", "retention_rate", "repeat_purchase_rate"):
        pd.testing.assert_series_equal(shown[column], expected[column].set_axis(shown.index), check_exact=False,
                                       rtol=1e-9, check_names=False)
    assert shown["revenue"].isna().all() and expected["retention_rate"].notna().any()

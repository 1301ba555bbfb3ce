"""A big order log on "Your data" through AppTest: a Parquet upload is read by DuckDB, checked, and its period
table and cohorts drawn with the same figures as the pandas path."""

import io

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from retention.io.readers import load_transactions
from retention.orders.period_table import period_table
from tests.apptest import app_test, plain
from ui.big_orders import BIG_ORDERS
from ui.orders import SAMPLE_ORDERS

pytestmark = pytest.mark.apptest


def parquet_bytes(frame: pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), buffer)
    return buffer.getvalue()


def periods_shown(page) -> pd.DataFrame:
    [table] = [frame.value for frame in page.dataframe if "revenue" in frame.value.columns]
    return table


@pytest.fixture(scope="module")
def uploaded():
    page = app_test("your_data").run()
    data = parquet_bytes(pd.read_csv(SAMPLE_ORDERS, parse_dates=["Order date"]))
    page.file_uploader(key="upload_transactions").upload("orders.parquet", data, "application/octet-stream").run()
    return page


def test_a_parquet_upload_is_read_by_duckdb_with_the_same_figures(uploaded):
    page = uploaded
    assert not page.exception
    assert not page.error
    assert plain(page.header[0].value) == "Figures for orders.parquet"
    captions = [plain(caption.value) for caption in page.caption]
    assert "22,000 orders from 4,000 customers, 10/1/2023 to 9/30/2026." in captions
    assert "not looked for" in page.info[-1].value
    refunds = int((pd.read_csv(SAMPLE_ORDERS)["Amount"] < 0).sum())
    assert [plain(warning.value) for warning in page.warning] == [(
        f"Rows left out because the amount is negative (refunds; the revenue figures are sales before refunds): "
        f"{refunds:,}.")]
    shown = periods_shown(page)
    expected = period_table(load_transactions(SAMPLE_ORDERS).frame)
    assert shown.index.tolist() == expected.index.astype(str).tolist()
    assert shown["revenue"].tolist() == expected["revenue"].tolist()
    assert shown["customers_end"].tolist() == expected["customers_end"].tolist()
    assert len(page.get("vega_lite_chart")) == 2  # the trend and the cohorts
    assert "Nothing to show yet" not in captions[-1]


def test_a_change_of_periods_reuses_the_file_read_once(uploaded):
    page = uploaded
    kept = page.session_state[BIG_ORDERS]
    page.selectbox(key="big_freq").select("Q").run()
    assert not page.exception
    assert page.session_state[BIG_ORDERS]["orders"] is kept["orders"]
    shown = periods_shown(page)
    expected = period_table(load_transactions(SAMPLE_ORDERS).frame, "Q")
    assert shown["revenue"].tolist() == expected["revenue"].tolist()


def test_a_mapping_without_the_customer_says_what_to_choose(uploaded):
    page = uploaded
    box = next(box for box in page.selectbox if (box.key or "").endswith("_customer_id"))
    box.select("").run()
    assert not page.exception
    assert [plain(error.value) for error in page.error] == ["Choose the column that holds customer_id."]

"""Order logs without amounts (issue 13 point 5): every customer figure, and money figures missing (never 0) with
the words saying what they need.

The small log, by hand: Ann buys on 5 January, 3 February and 1 April 2024, Bob on 20 January, Cy on 10 and 25
February. Too few repeat purchases for a buying cycle, so a customer counts as kept for 1 month after a purchase.

========  ==============  ====  =====  ========  ===  =======  ======  =============  ==============  ==========
period    buyers          S     new    won back  E    lost     orders  repeat buyers  retention       days apart
========  ==============  ====  =====  ========  ===  =======  ======  =============  ==============  ==========
2024-01   Ann, Bob        0     2      0         2    0        2       0              (no one to keep)
2024-02   Ann, Cy         2     1      0         2    1 (Bob)  3       2 (Ann, Cy)    (2 - 1) / 2     29, 15
2024-03   nobody          2     0      0         0    2        0       0              0 / 2
2024-04   Ann             0     0      1         1    0        1       1              (no one to keep)  58
========  ==============  ====  =====  ========  ===  =======  ======  =============  ==============  ==========
"""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from retention.errors import InputError
from retention.io.big_files import load_big
from retention.io.readers import load_transactions, preview_file
from retention.orders.cohorts import cohort_matrix
from retention.orders.customer_lists import customer_histories, quiet_customers, top_customers
from retention.orders.groups import customer_groups, group_period_tables
from retention.orders.habits import days_between_purchases, revenue_concentration
from retention.orders.order_log import has_amounts
from retention.orders.period_table import MONEY_FIELDS, period_table
from tests.apptest import app_test, metric, open_page, open_tab, plain, table_with
from tests.files import csv_bytes
from tests.test_app_big_files import parquet_bytes
from tests.test_ibis_engine import assert_same, in_duckdb
from ui.orders import SAMPLE_ORDERS

CDNOW = Path(__file__).resolve().parent / "data" / "CDNOW_sample.txt"
LOG = [("ann", "2024-01-05"), ("bob", "2024-01-20"), ("ann", "2024-02-03"), ("cy", "2024-02-10"),
       ("cy", "2024-02-25"), ("ann", "2024-04-01")]
NOTE = ("The file has no amount column: customer figures are computed; revenue figures need an amount column — "
        "choose one in the mapping (“Amount”) if the file has it.")
#: The metrics that need an amount; every other metric of the period table is a customer figure.
MONEY_METRICS = ("gross_revenue_churn", "gross_revenue_retention", "net_revenue_retention",
                 "existing_customer_revenue_growth", "average_order_value", "customer_lifetime_value",
                 "customer_lifetime_revenue", "ltv_to_cac", "cac_payback_periods", "value_lost_to_churn")
#: The figures of a period table that an order log without returns, payments or survey answers never has.
NEVER_FROM_ORDERS = ("product_return_rate", "days_sales_outstanding", "net_promoter_score")


def no_amounts(rows=LOG) -> bytes:
    return csv_bytes(rows, header=["customer_id", "date"])


def test_a_log_of_customers_and_dates_only_is_read_with_every_row_an_order():
    loaded = load_transactions(no_amounts())
    assert loaded.mapping == {"customer_id": "customer_id", "date": "date"}
    frame = loaded.frame
    assert frame["customer_id"].astype(str).tolist() == [customer for customer, _ in LOG]
    assert frame["date"].dt.strftime("%Y-%m-%d").tolist() == [day for _, day in LOG]
    assert frame["amount"].isna().all() and not has_amounts(frame)
    assert loaded.detected["amounts"] == "missing"
    assert [note.message for note in loaded.warnings if note.key == "no_amount"] == [NOTE]
    assert loaded.currency is None


def test_an_amount_column_left_out_in_the_mapping_is_not_read():
    data = csv_bytes([(customer, day, "12.50") for customer, day in LOG], header=["who", "when", "paid"])
    assert preview_file(data).mapping == {"who": "customer_id", "when": "date", "paid": "amount"}
    loaded = load_transactions(data, {"who": "customer_id", "when": "date", "paid": ""})
    assert loaded.detected["amounts"] == "missing" and loaded.frame["amount"].isna().all()
    assert "amounts" not in load_transactions(data).detected


def test_rows_without_a_customer_or_a_date_are_still_named():
    with pytest.raises(InputError) as caught:
        load_transactions(no_amounts([*LOG, ("dee", "")]))
    assert caught.value.messages["date"] == "Row 8 has no date in column “date”. Fill it in, or delete that row."
    loaded = load_transactions(no_amounts([*LOG, ("", "2024-02-01"), *LOG[:1]]))
    assert [(note.key, note.rows) for note in loaded.dropped] == [("duplicate", 1), ("no_customer", 1)]
    assert len(loaded.frame) == len(LOG)


def test_the_period_table_gives_every_customer_figure_by_hand_and_no_revenue():
    table = period_table(load_transactions(no_amounts()).frame)
    assert table.index.astype(str).tolist() == ["2024-01", "2024-02", "2024-03", "2024-04"]
    assert table.attrs["active_window"] == 1
    expected = {
        "customers_start": [0, 2, 2, 0], "new_customers": [2, 1, 0, 0], "reactivated_customers": [0, 0, 0, 1],
        "customers_end": [2, 2, 0, 1], "lost_customers": [0, 1, 2, 0], "buyers": [2, 2, 0, 1],
        "orders": [2, 3, 0, 1], "repeat_buyers": [0, 2, 0, 1], "loyal_customers": [0, 0, 0, 0],
    }
    for name, values in expected.items():
        assert table[name].tolist() == values, name
    nan = np.nan
    rates = {
        "retention_rate": [nan, 0.5, 0.0, nan], "churn_rate": [nan, 0.5, 1.0, nan],
        "repeat_purchase_rate": [0.0, 1.0, nan, 1.0], "purchase_frequency": [1.0, 1.5, nan, 1.0],
        "average_days_between_purchases": [nan, 22.0, nan, 58.0],  # (29 + 15) / 2, then Ann's 58 days
    }
    for name, values in rates.items():
        np.testing.assert_allclose(table[name].to_numpy(float), values, err_msg=name)
    assert table[list(MONEY_FIELDS + MONEY_METRICS)].isna().all().all()


def test_cohorts_and_days_between_purchases_need_no_amount():
    frame = load_transactions(no_amounts()).frame
    matrix = cohort_matrix(frame)
    assert matrix["customers"].tolist() == [2, 1]  # Ann and Bob in January, Cy in February
    np.testing.assert_allclose(matrix.loc[pd.Period("2024-01", "M"), [0, 1, 2, 3]].to_numpy(float),
                               [1.0, 0.5, 0.0, 0.5])
    np.testing.assert_allclose(matrix.loc[pd.Period("2024-02", "M"), [0, 1, 2]].to_numpy(float), [1.0, 0.0, 0.0])
    assert sorted(days_between_purchases(frame).tolist()) == [15, 29, 58]


def test_customer_lists_have_no_revenue_and_no_top_customers():
    histories = customer_histories(load_transactions(no_amounts()).frame)
    assert histories["purchases"].to_dict() == {"ann": 3, "bob": 1, "cy": 2}
    assert histories["days_since_last"].to_dict() == {"ann": 0, "bob": 72, "cy": 36}  # the log ends on 1 April
    assert histories["revenue"].isna().all()
    assert quiet_customers(histories)["customer_id"].tolist() == ["cy"]  # 36 days against a usual gap of 15
    assert top_customers(histories).empty


def test_revenue_concentration_says_it_needs_amounts():
    with pytest.raises(InputError) as caught:
        revenue_concentration(load_transactions(no_amounts()).frame)
    assert caught.value.messages["amount"] == (
        "This needs the amount of each order, and these orders have none: the file has no amount column. If it has "
        "one, choose it as the amount when you read the file."
    )


def test_groups_are_compared_on_customer_figures():
    frame = load_transactions(no_amounts()).frame
    groups = customer_groups(frame, pd.Series(["web", "shop", "web", "shop", "shop", "shop"]))
    tables = group_period_tables(frame, groups, "M", active_window=1)
    assert tables.loc["web", "customers_end"].tolist() == [1, 1, 0, 1]  # Ann
    assert tables.loc["shop", "customers_end"].tolist() == [1, 1, 0, 0]  # Bob, then Cy
    assert tables["revenue"].isna().all()


@pytest.mark.parametrize("freq", ["W", "M"])
def test_inside_duckdb_a_log_without_an_amount_column_gives_the_same_table(freq):
    frame = load_transactions(no_amounts()).frame.drop(columns="amount")
    assert_same(frame, lambda log: period_table(log, freq))
    assert period_table(in_duckdb(frame), freq)["revenue"].isna().all()


def test_a_big_file_without_an_amount_column_gives_the_pandas_readers_customer_figures():
    mapping = {"Order ID": "order_id", "Customer ID": "customer_id", "Order date": "date"}
    big = load_big(SAMPLE_ORDERS, mapping)
    frame = load_transactions(SAMPLE_ORDERS, mapping).frame
    refunds = int((pd.read_csv(SAMPLE_ORDERS)["Amount"] < 0).sum())
    assert refunds and big.rows_read == len(frame) == 22_000 + refunds  # without amounts, no line is a refund
    assert big.orders == frame["order_id"].nunique() == 22_000  # a refund line carries the number of its order
    assert big.dropped == () and "amount" not in big.table.columns
    ours, theirs = period_table(big.table), period_table(frame)
    pd.testing.assert_frame_equal(ours, theirs)
    assert ours[list(MONEY_FIELDS + MONEY_METRICS)].isna().all().all()
    assert ours["retention_rate"].notna().sum() == len(ours) - 1  # every period but the first, which keeps no one


def cdnow_without_dollars() -> tuple[bytes, pd.DataFrame]:
    """The real CDNOW sample (tests/data/README.md: Fader and Hardie's published log) in the columns of issue 13
    (customer_id date number_of_cds dollar_value) with the dollar value cut off; and the log with the dollars, read
    from the whole file."""
    cells = [line.split() for line in CDNOW.read_text().splitlines()]
    cut = "\n".join(["customer_id date number_of_cds", *(f" {c[0]}  {c[2]}  {c[3]:>2}" for c in cells)])
    with_dollars = load_transactions(CDNOW, {"Column 1": "customer_id", "Column 3": "date", "Column 4": "quantity",
                                             "Column 5": "amount"})
    return (cut + "\n").encode(), with_dollars.frame


def test_the_cdnow_log_without_dollars_gives_the_customer_figures_of_the_log_with_them():
    data, with_dollars = cdnow_without_dollars()
    loaded = load_transactions(data)
    assert loaded.mapping == {"customer_id": "customer_id", "date": "date", "number_of_cds": "quantity"}
    assert loaded.detected["amounts"] == "missing"
    # Without the dollars, a customer's two purchases of as many CDs on one day look like a copied line
    truth = with_dollars.drop_duplicates(["customer_id", "date", "quantity"]).reset_index(drop=True)
    assert len(with_dollars) == 6898 and len(loaded.frame) == len(truth) == 6814
    [copies] = [note for note in loaded.dropped if note.key == "duplicate"]
    assert copies.rows == 6919 - 6814
    assert [note.message for note in loaded.warnings if note.key == "copies_without_amounts"] == [
        ("With no amount and no order number, two orders of one customer on one day look like a copied row: 105 "
         "such rows were left out above, and they may be real orders. If so, give each order its own order number "
         "in the file.")]
    assert loaded.frame["customer_id"].nunique() == 2357
    for freq in ("M", "Q"):
        ours, theirs = period_table(loaded.frame, freq), period_table(truth, freq)
        assert theirs["revenue"].sum() == pytest.approx(truth["amount"].sum())
        customers = [name for name in theirs.columns if name not in MONEY_FIELDS + MONEY_METRICS + NEVER_FROM_ORDERS]
        assert {"retention_rate", "repeat_purchase_rate", "orders", "units_sold"} <= set(customers)
        pd.testing.assert_frame_equal(ours[customers], theirs[customers])
        assert ours.attrs == theirs.attrs
        assert ours[list(MONEY_FIELDS + MONEY_METRICS)].isna().all().all()
        assert theirs[list(MONEY_FIELDS)].notna().all().all()
    pd.testing.assert_frame_equal(cohort_matrix(loaded.frame), cohort_matrix(with_dollars))


# --- the "Your data" page ------------------------------------------------------------------------------------------


@pytest.fixture
def page():
    app = app_test("your_data").run()
    app.file_uploader(key="upload_transactions").upload("visits.csv", no_amounts(), "text/csv").run()
    return app


def test_the_page_shows_every_customer_figure_and_no_revenue(page):
    assert not page.exception and not page.error
    assert NOTE in [plain(warning.value) for warning in page.warning]
    assert [plain(caption.value) for caption in page.caption if "orders from" in caption.value] == [
        "6 orders from 3 customers, 1/5/2024 to 4/1/2024."]
    table = table_with(page, "revenue")
    assert table.value["customers_end"].tolist() == [2, 2, 0, 1]
    assert table.value[list(MONEY_FIELDS + MONEY_METRICS)].isna().all().all()
    open_tab(page, "orders_tab", "One period in detail")
    page.selectbox(key="data_period").set_value("2024-02").run()
    assert not page.exception
    assert metric(page, "Customer retention rate").value == "50.0%"
    assert metric(page, "Repeat purchase rate").value == "100.0%"
    assert metric(page, "Days between purchases").value == "22.0 days"
    cards = {card.label for card in page.metric}
    assert not cards & {"Average order value", "Net revenue retention", "Customer lifetime value"}
    [fold] = [expander for expander in page.expander if expander.label.startswith("Add these numbers")]
    needs = plain(fold.markdown[0].value)
    assert "**Average order value**: Needs: revenue." in needs
    assert "**Net revenue retention**: Needs: recurring revenue at the start" in needs
    open_tab(page, "orders_tab", "Buying habits")
    titles = " ".join(str(chart.proto.spec) for chart in page.get("vega_lite_chart"))
    assert "Half of repeat purchases come within" in titles
    assert "of revenue" not in titles  # no 80/20 chart
    assert ("How much of your revenue comes from your best customers (the 80/20 rule) needs the amount of each "
            "order: your file has no amount column. Choose it under “Check how we read your file” if the file has "
            "one.") in [plain(info.value) for info in page.info]


def test_send_gives_the_calculator_the_customer_numbers_only(page):
    open_tab(page, "orders_tab", "One period in detail")
    page.selectbox(key="data_period").set_value("2024-02").run()
    [send] = [button for button in page.button if button.label == "Send this period's numbers to the calculator"]
    send.click().run()
    assert not page.exception
    assert page.title[0].value == "Customer retention calculator"
    sent = {"customers_start": 2, "customers_end": 2, "new_customers": 1, "buyers": 2, "orders": 3,
            "repeat_buyers": 2}
    assert {name: page.number_input(key=name).value for name in sent} == sent
    for name in MONEY_FIELDS:
        assert page.number_input(key=name).value is None, name
    assert metric(page, "Customer retention rate").value == "50.0%"
    assert not [card for card in page.metric if card.label == "Average order value"]


def test_a_big_upload_without_amounts_shows_the_customer_figures_and_says_what_revenue_needs():
    page = app_test("your_data").run()
    frame = pd.read_csv(SAMPLE_ORDERS, parse_dates=["Order date"]).drop(columns="Amount")
    page.file_uploader(key="upload_transactions").upload("visits.parquet", parquet_bytes(frame),
                                                         "application/octet-stream").run()
    assert not page.exception and not page.error
    assert NOTE in [plain(warning.value) for warning in page.warning]
    shown = table_with(page, "revenue").value
    expected = period_table(load_transactions(SAMPLE_ORDERS, {"Order ID": "order_id", "Customer ID": "customer_id",
                                                              "Order date": "date"}).frame)
    assert shown["customers_end"].tolist() == expected["customers_end"].tolist()
    assert shown["revenue"].isna().all()


def test_the_plan_lists_say_what_needs_amounts_and_never_show_zero_revenue():
    """Ann and Bob bought again within weeks, then not for months: quiet; the top customers and those at risk are
    ranked by money, so they need the amounts."""
    rows = [("ann", "2024-01-05"), ("ann", "2024-01-20"), ("ann", "2024-02-03"), ("bob", "2024-01-10"),
            ("bob", "2024-01-25"), ("cy", "2024-06-01"), ("dan", "2024-06-02")]
    app = app_test("your_data").run()
    app.file_uploader(key="upload_transactions").upload("visits.csv", no_amounts(rows), "text/csv").run()
    open_page(app, "plan").run()
    assert not app.exception and not app.error
    said = [plain(block.value) for block in app.markdown]
    assert "2 repeat customers have gone quiet for longer than their usual gap between purchases." in said
    assert "2 customers bought once, in Jun 2024, and not again yet." in said
    needs = ("The lists “Valuable customers at risk” and “Your top 20%” rank customers by what they spent, so they "
             "need the amount of each order: your file has no amount column. Choose it under “Check how we read your "
             "file” on “Your data” if the file has one.")
    captions = [plain(caption.value) for caption in app.caption]
    assert captions.count(needs) == 1 and not [said for said in captions if said.startswith("This list")]
    in_order = [plain(node.value) for node in app.main if node.type in ("markdown", "caption")]
    quiet = "2 repeat customers have gone quiet for longer than their usual gap between purchases."
    assert in_order.index(quiet) < in_order.index(needs)  # the lists shown first, then what the others need
    assert not [text for text in said if "$0" in text or "NaN" in text]
    assert app.dataframe and all("revenue" not in table.value.columns for table in app.dataframe)


def test_the_forecast_says_it_needs_amounts_instead_of_asking_for_settings(page):
    open_page(page, "forecast").run()
    assert not page.exception and not page.error
    assert ("The forecast of what each customer is worth needs the amount of each order: these orders have none. If "
            "your file has an amount column, choose it under “Check how we read your file” on “Your data”; the "
            "customer figures of these orders are on that page already.") in [plain(info.value) for info in page.info]
    assert not page.get("form") and not page.button

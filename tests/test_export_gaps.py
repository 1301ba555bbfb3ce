"""Three gaps of the export reader (issue 13): sales without an order number among numbered ones, the counts of the
non-sales note, and a total with its currency in its name beside a subtotal."""

import pytest

from retention.io.readers import load_transactions
from retention.orders.order_log import order_count
from tests.data.exports import layouts


def test_rows_without_an_order_number_each_count_as_an_order_of_their_own():
    loaded = load_transactions(layouts.spreadsheet_with_unnumbered_sales())
    truth = layouts.truth(orders=layouts.ORDERS + layouts.UNNUMBERED)
    frame = loaded.frame
    assert (frame["amount"].sum(), frame["customer_id"].nunique(), order_count(frame)) == (
        pytest.approx(truth.total), truth.customers, truth.orders)
    assert (truth.total, truth.customers, truth.orders) == (pytest.approx(217.8), 3, 7)
    assert (frame["date"].min().strftime("%Y-%m-%d"), frame["date"].max().strftime("%Y-%m-%d")) == (
        truth.first, truth.last)
    ann = frame[(frame["customer_id"] == "ann@shop.example") & (frame["date"] == "2025-01-05")]
    assert ann["amount"].tolist() == [37.9, 8.0] and ann["order_id"].nunique() == 2
    notes = {note.key: note.message for note in loaded.assumptions}
    assert notes["own_orders"] == (
        "3 rows have no order number in column “Order No” (rows 3, 5 and 8): each was counted as an order of "
        "its own.")
    assert not loaded.dropped

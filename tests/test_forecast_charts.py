"""Forecast charts: the data they aggregate (hand-computed tables) and what they draw (through to_dict)."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from retention.btyd.alive_matrix import alive_matrix, typical_frequency
from retention.btyd.bgnbd import BGNBD
from retention.btyd.forecast import forecast
from retention.charts.common import TITLE_LINE_LENGTH
from retention.charts.forecast import (
    ACTUAL_COLOUR,
    PREDICTED_COLOUR,
    clv_distribution_chart,
    clv_distribution_data,
    fit_check_chart,
    fit_check_data,
    holdout_chart,
    holdout_data,
    probability_alive_chart,
    value_concentration_chart,
    value_concentration_data,
)
from retention.io.readers import load_transactions

SAMPLE = Path(__file__).resolve().parent.parent / "retention" / "data" / "sample_orders.csv"


@pytest.fixture(scope="module")
def sample():
    return forecast(load_transactions(SAMPLE).frame)


def title_of(spec: dict) -> str:
    return " ".join(spec["title"]["text"])


def layers(spec: dict) -> list[dict]:
    return spec["layer"]


def assert_readable(spec: dict) -> None:
    """Fills the width, title in short lines anchored left, every layer with a tooltip or a label."""
    assert spec["autosize"] == {"type": "fit-x", "contains": "padding"}
    assert spec["title"]["anchor"] == "start"
    assert all(len(line) <= TITLE_LINE_LENGTH for line in spec["title"]["text"])
    for layer in layers(spec):
        encoding = layer["encoding"]
        assert "tooltip" in encoding or "text" in encoding


def clv_table(values) -> pd.DataFrame:
    return pd.DataFrame({"predicted_clv": values})


# --- distribution of predicted CLV -------------------------------------------------------------------------------


def test_clv_bins_in_round_steps_without_an_open_bar():
    # 10 customers worth 0.5 to 9.5: fewer than 20, so the bars reach the largest value; step 0.5
    data = clv_distribution_data(clv_table(np.arange(10) + 0.5))
    assert data["start"].iloc[0] == 0 and data["end"].iloc[-1] == 9.5
    assert np.allclose(data["end"] - data["start"], 0.5)
    assert data["customers"].sum() == 10 and not data["open"].any()
    assert data["range"].iloc[1] == "$0.50–$1"


def test_clv_bins_put_the_top_five_percent_in_one_open_bar():
    values = np.concatenate((np.linspace(0, 99, 95), [500.0, 800.0, 1000.0, 5000.0, 9000.0]))
    data = clv_distribution_data(clv_table(values), currency="EUR")
    # the 95th percentile is 99 + 0.05 × (500 - 99) = 119.05; 119.05 / 20 bars rounds up to steps of 10, so bars
    # of 10 up to 120, then "€120+" with the five values above
    assert list(data["start"][:3]) == [0, 10, 20] and data["end"].iloc[-2] == 120
    assert data["open"].iloc[-1] and not data["open"].iloc[:-1].any()
    assert data["range"].iloc[-1] == "€120+" and data["range"].iloc[0] == "€0–€10"
    assert data["customers"].iloc[-1] == 5 and data["customers"].sum() == 100


def test_clv_distribution_leaves_customers_without_a_value_out():
    data = clv_distribution_data(clv_table([1.0, np.nan, 3.0]))
    assert data["customers"].sum() == 2
    assert clv_distribution_data(clv_table([np.nan])).empty


def test_clv_distribution_chart(sample):
    spec = clv_distribution_chart(sample.customers, "USD").to_dict()
    values = sample.customers["predicted_clv"]
    assert title_of(spec) == (f"Half your customers are expected to be worth less than ${values.median():.2f}; "
                              f"the top one in ten more than ${values.quantile(0.9):.2f}")
    bars, open_label = layers(spec)
    assert bars["mark"]["type"] == "bar" and bars["mark"]["color"] == ACTUAL_COLOUR
    assert bars["encoding"]["x"]["field"] == "start" and bars["encoding"]["x"]["bin"] == "binned"
    assert bars["encoding"]["x"]["title"] == "Lifetime value per customer ($)"
    assert bars["encoding"]["x2"]["field"] == "end"
    assert bars["encoding"]["y"] == {"field": "customers", "title": "Customers", "type": "quantitative"}
    assert open_label["mark"]["type"] == "text" and open_label["encoding"]["text"]["field"] == "range"
    assert_readable(spec)


# --- share of value held by the top customers -------------------------------------------------------------------


def test_value_concentration_data_by_hand():
    data = value_concentration_data(clv_table([10.0, 50.0, 10.0, 20.0, 10.0]), points=5)
    # best first: 50, 20, 10, 10, 10 of 100
    assert data["customer_share"].tolist() == pytest.approx([0, 0.2, 0.4, 0.6, 0.8, 1])
    assert data["value_share"].tolist() == pytest.approx([0, 0.5, 0.7, 0.8, 0.9, 1])
    assert data["marker"].tolist() == [False, True, False, False, False, False]


def test_value_concentration_chart(sample):
    spec = value_concentration_chart(sample.customers).to_dict()
    share = f"{100 * sample.top_share:.1f}%"
    assert title_of(spec) == f"Your top 20% of customers hold {share} of the predicted lifetime value"
    equal, curve, point, label = layers(spec)
    assert equal["mark"]["strokeDash"] == [4, 4] and equal["encoding"]["y"]["field"] == "equal_share"
    assert curve["encoding"]["x"]["axis"]["format"] == "%" and curve["encoding"]["y"]["axis"]["format"] == "%"
    assert curve["encoding"]["x"]["title"] == "Share of customers, most valuable first"
    assert point["transform"] == [{"filter": "datum.marker"}]
    marked = spec["datasets"][spec["data"]["name"]]
    [row] = [row for row in marked if row["marker"]]
    assert row["label"] == f"top 20%: {share}" and row["value_share"] == pytest.approx(sample.top_share)
    assert label["encoding"]["text"]["field"] == "label"
    assert_readable(spec)


# --- chance still a customer -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def matrix(sample):
    return alive_matrix(sample.purchases, sample.summary)


def test_probability_alive_chart_is_the_models_matrix(sample, matrix):
    frequency = typical_frequency(sample.summary)
    assert frequency == 3  # the median repeat customer of the sample
    spec = probability_alive_chart(matrix, "W", frequency).to_dict()
    (cells,) = layers(spec)  # 31 columns of repeat purchases: too narrow for text, the value is in the tooltip
    assert cells["mark"]["type"] == "rect"
    assert cells["encoding"]["x"]["field"] == "frequency"
    assert cells["encoding"]["x"]["title"] == "Repeat purchases so far"
    assert cells["encoding"]["y"]["field"] == "since_last"
    assert cells["encoding"]["y"]["title"] == "Weeks since the last purchase"
    assert cells["encoding"]["color"]["scale"] == {"domain": [0, 1], "scheme": "blues"}
    assert cells["encoding"]["color"]["legend"]["format"] == "%"
    assert [tip["field"] for tip in cells["encoding"]["tooltip"]] == ["frequency", "since_last", "shown"]
    # 4 purchases: 54.7% after 30 weeks without buying, 41.0% after 36 (t_x = 31 of T = 67 weeks)
    assert title_of(spec) == ("At 67 weeks since the first purchase (your customers' median), the model gives a "
                              "customer who bought 4 times less than a 50% chance still a customer after 36 weeks "
                              "without buying")
    shown = pd.DataFrame(spec["datasets"][spec["data"]["name"]])
    assert shown.loc[(shown["frequency"] == 3) & (shown["since_last"] == 36), "shown"].tolist() == ["41.0%"]
    assert_readable(spec)


def test_probability_alive_chart_labels_a_narrow_grid_and_says_when_no_one_is_gone():
    model = BGNBD(r=0.243, alpha=4.414, a=0.793, b=2.426, time_unit="W")
    summary = pd.DataFrame({"frequency": [0, 1, 1], "recency": [0.0, 2.0, 3.0], "T": [4.0] * 3})
    matrix = alive_matrix(model, summary)
    spec = probability_alive_chart(matrix, "W", 1).to_dict()
    cells, labels = layers(spec)
    assert cells["mark"]["type"] == "rect" and labels["mark"]["type"] == "text"
    assert labels["encoding"]["text"]["field"] == "label"
    assert title_of(spec).endswith("bought 2 times more than a 50% chance still a customer even after 4 weeks "
                                   "without buying")
    assert title_of(probability_alive_chart(matrix, "W", 5).to_dict()).endswith("even after 4 weeks without buying")


def test_probability_alive_chart_in_days_and_months():
    summary = pd.DataFrame({"frequency": [0, 2], "recency": [0.0, 20.0], "T": [30.0, 30.0]})
    for unit, title in (("D", "Days since the last purchase"), ("M", "Months since the last purchase")):
        model = BGNBD(r=0.243, alpha=4.414, a=0.793, b=2.426, time_unit=unit)
        spec = probability_alive_chart(alive_matrix(model, summary), unit, 1).to_dict()
        assert spec["layer"][0]["encoding"]["y"]["title"] == title
        assert title_of(spec).startswith(f"At 30 {title.split()[0].lower()} since the first purchase")


# --- fit check ------------------------------------------------------------------------------------------------


def test_fit_check_data_in_long_form():
    check = pd.DataFrame({"repeat_purchases": ["0", "1+"], "actual": [60, 40], "predicted": [55.4, 44.6]})
    data = fit_check_data(check)
    assert data.to_dict("list") == {"group": ["0", "0", "1+", "1+"], "source": ["Actual", "Predicted"] * 2,
                                    "customers": [60.0, 55.4, 40.0, 44.6], "shown": ["60", "55", "40", "45"]}
    assert fit_check_chart(check).to_dict()["title"]["text"][0].startswith("The model's counts of customers")


def test_fit_check_chart(sample):
    spec = fit_check_chart(sample.fit_check).to_dict()
    bars, labels = layers(spec)
    assert bars["mark"]["type"] == "bar"
    assert bars["encoding"]["y"]["field"] == "group" and bars["encoding"]["x"]["field"] == "customers"
    assert bars["encoding"]["yOffset"]["field"] == "source"
    assert bars["encoding"]["y"]["sort"] == ["0", "1", "2", "3", "4", "5", "6", "7+"]
    assert bars["encoding"]["color"]["scale"]["range"] == [ACTUAL_COLOUR, PREDICTED_COLOUR]
    assert labels["encoding"]["text"]["field"] == "shown"
    assert title_of(spec) == "The model's counts of customers by repeat purchases are within 5.6% of yours"
    assert_readable(spec)


def test_fit_check_title_warns_when_far_off():
    check = pd.DataFrame({"repeat_purchases": ["0", "1+"], "actual": [60, 40], "predicted": [40.0, 60.0]})
    assert title_of(fit_check_chart(check).to_dict()) == (
        "The model's counts of customers by repeat purchases differ from yours by 20.0%: read the forecast with care")


# --- holdout check ----------------------------------------------------------------------------------------------


def test_holdout_data_in_long_form(sample):
    data = holdout_data(sample.holdout)
    tracking = sample.holdout.tracking
    assert len(data) == 2 * len(tracking)
    last = data[data["last"]]
    assert last["source"].tolist() == ["Actual", "Predicted"]
    assert last["shown"].tolist() == ["4,183", "5,921"]


def test_holdout_chart(sample):
    spec = holdout_chart(sample.holdout).to_dict()
    assert title_of(spec) == ("Fitted on orders up to 12/31/2025, the model predicted 5,921 purchases in the next "
                              "39 weeks; there were 4,183 (41.6% more than happened)")
    [lines] = layers(spec)
    encoding = lines["encoding"]
    assert lines["mark"]["type"] == "line"
    assert encoding["x"]["field"] == "date" and encoding["x"]["type"] == "temporal"
    assert encoding["y"]["title"] == "Purchases after 12/31/2025, running total"
    assert encoding["strokeDash"]["scale"]["range"] == [[1, 0], [6, 4]]
    # the legend names each line with its total, and colour and dash share it
    assert "Actual: 4,183" in encoding["color"]["legend"]["labelExpr"]
    assert encoding["strokeDash"]["legend"] == encoding["color"]["legend"]
    assert_readable(spec)


def test_holdout_title_when_the_model_predicts_too_few(sample):
    check = sample.holdout
    fewer = type(check)(**{**check.__dict__, "predicted_purchases": 3000.0})
    assert title_of(holdout_chart(fewer).to_dict()).endswith("there were 4,183 (28.3% fewer than happened)")

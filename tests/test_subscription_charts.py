"""Charts of a subscription cohort: the data in long form, titles that state the finding, units and tooltips."""

import pytest

from retention.btyd.sbg import SBG, projection
from retention.charts.subscriptions import (
    retention_rate_chart,
    retention_rate_data,
    survival_chart,
    survival_data,
)

HIGH_END = [1000, 869, 743, 653, 593, 551, 517, 491]  # Fader and Hardie (2007), Table 1


@pytest.fixture(scope="module")
def frame():
    return projection(SBG.fit(HIGH_END), HIGH_END, 12)


def test_survival_data_holds_the_typed_and_the_model_curve(frame):
    data = survival_data(frame)
    typed = data[data["source"] == "Your numbers"]
    assert typed["value"].tolist() == HIGH_END and typed["period"].tolist() == list(range(8))
    model = data[data["source"] == "Model"]
    assert model["period"].tolist() == list(range(13))
    assert model["shown"].iloc[-1] == "378"


def test_retention_data_starts_at_period_one(frame):
    data = retention_rate_data(frame)
    assert data["period"].min() == 1
    assert data[data["source"] == "Your numbers"]["shown"].iloc[0] == "86.9%"
    assert data[data["source"] == "Model"]["shown"].tolist()[:2] == ["85.1%", "87.8%"]


def test_survival_chart_states_its_finding(frame):
    spec = survival_chart(frame, "year").to_dict()
    title = " ".join(spec["title"]["text"])
    assert title == ("Of 1,000 customers who started together, 491 were still there after 7 years; the model "
                     "expects 378 after 12 years")
    line = spec["layer"][0]["encoding"]
    assert line["x"]["title"] == "Years since the start"
    assert line["y"]["title"] == "Customers still subscribed"
    assert [item["title"] for item in line["tooltip"]] == ["Year since the start", "Figures",
                                                           "Customers still subscribed"]
    assert line["strokeDash"]["scale"]["range"] == [[1, 0], [6, 4]]  # the model dashed, not colour alone


def test_retention_chart_says_it_rises_and_why(frame):
    spec = retention_rate_chart(frame, "month").to_dict()
    title = " ".join(spec["title"]["text"]).replace("\xa0", " ")
    assert title == ("Retention rises as the group ages, from 85.1% in month 1 to 95.7% in month 12: the customers "
                     "who leave easily leave first")
    line = spec["layer"][0]["encoding"]
    assert line["x"]["title"] == "Months since the start"
    assert line["y"]["title"] == "Share renewing each month"
    assert line["y"]["axis"]["format"] == "%"

"""Chart builders: the data behind each chart, titles that state the finding, units on axes, tooltips."""

import pytest

from retention.charts.metrics import (
    clv_buildup_chart,
    clv_buildup_data,
    customer_bridge_chart,
    customer_bridge_data,
    nps_split_chart,
    nps_split_data,
    revenue_bridge_chart,
    revenue_bridge_data,
)


def title_of(chart) -> str:
    return " ".join(chart.to_dict()["title"]["text"])


def layers(chart) -> list[dict]:
    return chart.to_dict()["layer"]


def test_customer_bridge_balances_and_says_what_new_customers_hide():
    data = customer_bridge_data({"customers_start": 1200, "customers_end": 1250, "new_customers": 180,
                                 "reactivated_customers": 20})
    assert list(data["amount"]) == [1200, 150, 180, 20, 1250]
    assert list(data["kind"]) == ["level", "loss", "gain", "gain", "level"]
    # bars: 0-1200, 1050-1200 (lost), 1050-1230 (new), 1230-1250 (won back), 0-1250
    assert list(zip(data["bottom"], data["top"], strict=True)) == [(0, 1200), (1050, 1200), (1050, 1230), (1230, 1250),
                                                      (0, 1250)]
    chart = customer_bridge_chart(data)
    assert title_of(chart) == "150 of 1,200 customers left, hidden by 200 who joined or came back"
    bars = layers(chart)[0]["encoding"]
    assert bars["y"]["title"] == "Customers"
    assert [tip["field"] for tip in bars["tooltip"]] == ["step", "label"]


def test_customer_bridge_title_when_the_base_shrank():
    data = customer_bridge_data({"customers_start": 100, "customers_end": 90, "new_customers": 5})
    assert title_of(customer_bridge_chart(data)) == "You kept 85 of 100 customers: 15 left, 5 joined or came back"


def test_revenue_bridge_ends_at_what_existing_customers_bring_now():
    data = revenue_bridge_data({"revenue_start": 10_000, "churned_revenue": 800, "contraction_revenue": 200,
                                "expansion_revenue": 1_500})
    assert list(data["amount"]) == [10_000, 800, 200, 1_500, 10_500]
    chart = revenue_bridge_chart(data, "EUR")
    assert title_of(chart) == (
        "Existing customers now bring 105.0% of their revenue: upgrades (€1,500) outweigh losses (€1,000)"
    )
    assert layers(chart)[0]["encoding"]["y"]["title"] == "Revenue (€)"


def test_nps_split_shares_and_title():
    data = nps_split_data({"promoters": 50, "passives": 30, "detractors": 20})
    assert list(data["share"]) == pytest.approx([0.2, 0.3, 0.5])
    chart = nps_split_chart(data)
    assert title_of(chart) == "NPS +30.0: 50.0% promoters minus 20.0% detractors"
    assert layers(chart)[0]["encoding"]["x"]["axis"]["format"] == "%"


def test_clv_buildup_reaches_the_lifetime_value():
    data = clv_buildup_data({"revenue_per_customer": 100, "gross_margin": 0.5, "discount_rate": 0}, 0.8)
    assert list(data["amount"]) == pytest.approx([100, 50, 250])
    chart = clv_buildup_chart(data, "USD", "month")
    assert title_of(chart) == "Each customer is worth $250.00 in margin: $50.00 a month for 5.0 months"
    assert layers(chart)[0]["encoding"]["y"]["title"] == "$ per customer"


def test_every_chart_uses_colour_blind_safe_colours_and_labels_its_bars():
    data = customer_bridge_data({"customers_start": 10, "customers_end": 10, "new_customers": 1})
    spec = customer_bridge_chart(data).to_dict()
    assert spec["layer"][0]["encoding"]["color"]["scale"]["range"] == ["#0072B2", "#D55E00", "#009E73"]
    assert spec["layer"][1]["mark"]["type"] == "text"

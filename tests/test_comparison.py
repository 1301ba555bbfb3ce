"""How you compare: the right benchmark for the business type, converted to its period, said in words and drawn."""

import pytest

from retention.charts.comparison import standing_chart, standing_data
from retention.comparison import BUSINESS_TYPES, business_type_label, compare
from retention.metrics.benchmarks import benchmarks
from retention.metrics.computing import compute_metrics
from retention.metrics.example import EXAMPLE_INPUTS
from retention.words import words

RESULTS = compute_metrics(EXAMPLE_INPUTS)


def title_of(chart) -> str:
    return " ".join(chart.to_dict()["title"]["text"]).replace("\xa0", " ")


def test_every_business_type_names_benchmarks_that_exist_and_has_a_label():
    known = {(row.metric, row.segment) for row in benchmarks()}
    named = {(metric, segment) for segments in BUSINESS_TYPES.values() for metric, segment in segments.items()}
    assert named - known == set()
    assert set(words("comparison")["business_types"]) == set(BUSINESS_TYPES)
    segments = {row.segment for row in benchmarks() if row.metric == "retention_rate"}
    assert all(mapping["retention_rate"] in segments for mapping in BUSINESS_TYPES.values()
               if "retention_rate" in mapping)


def test_retention_is_converted_to_a_year_before_it_is_compared():
    standing = compare(RESULTS, "retail").standings["retention_rate"]
    assert standing.yours == pytest.approx(0.875 ** 12)  # a month's 87.5 % kept for a year
    assert (standing.reference.segment, standing.reference.value, standing.verdict) == ("Retail", 0.63, "worse")
    assert standing.reference.citation == "Exploding Topics customer retention rates by industry, 2023"
    assert len(standing.published) == 15 and standing.period == "year"


def test_lower_is_better_figures_are_judged_that_way():
    standing = compare(RESULTS, "retail").standings["product_return_rate"]
    assert standing.yours == pytest.approx(190 / 2400)
    assert standing.reference.segment == "US retail (all channels)" and standing.verdict == "better"
    churn = compare(RESULTS, "saas_mid_market").standings["churn_rate"]
    assert (churn.reference.segment, churn.verdict) == ("B2B subscription (average)", "worse")


def test_without_a_business_type_rules_of_thumb_still_judge():
    found = compare(RESULTS)
    assert found.business_type is None
    assert found.standings["ltv_to_cac"].reference.is_rule_of_thumb
    assert found.standings["ltv_to_cac"].verdict == "worse"  # 2.2 against a rule of 3
    assert found.standings["cac_payback_periods"].verdict == "better"  # 3.4 months against 12
    assert found.standings["retention_rate"].reference is None


def test_figures_without_benchmark_or_of_another_period_are_named():
    found = compare(RESULTS, "online_shop")
    assert "customer_lifetime_value" in found.no_benchmark and "average_order_value" in found.no_benchmark
    assert found.not_comparable == ("repeat_purchase_rate",)  # published per year, ours per month
    yearly = compare(compute_metrics(EXAMPLE_INPUTS, period="year"), "online_shop")
    assert yearly.standings["repeat_purchase_rate"].reference.segment == "E-commerce average"


def test_figures_without_a_value_are_not_compared():
    found = compare(compute_metrics({"promoters": 50, "passives": 30, "detractors": 20}), "grocery")
    assert list(found.standings) == ["net_promoter_score"]
    assert found.standings["net_promoter_score"].verdict == "worse"  # 30.0 against US grocers' 30.1


def test_an_unknown_business_type_is_treated_as_none():
    assert compare(RESULTS, "casino").business_type is None


def test_standing_data_ranks_published_figures_around_yours():
    standing = compare(RESULTS, "retail").standings["retention_rate"]
    data = standing_data(standing)
    assert list(data["value"]) == sorted(data["value"], reverse=True)
    assert data.loc[data["kind"] == "yours", "name"].tolist() == ["You"]
    assert data.loc[data["kind"] == "reference", "name"].tolist() == ["Retail"]
    assert data.loc[data["kind"] == "yours", "label"].tolist() == ["20.1 %"]


def test_standing_chart_states_the_finding_with_sources_in_tooltips():
    chart = standing_chart(compare(RESULTS, "retail").standings["retention_rate"])
    assert title_of(chart) == "Customer retention rate over a year: yours (20.1 %) trails Retail (63.0 %)"
    spec = chart.to_dict()
    bars = spec["layer"][0]
    assert [tip["field"] for tip in bars["encoding"]["tooltip"]] == ["name", "label", "source"]
    assert bars["encoding"]["color"]["scale"]["range"] == ["#0072B2", "#E69F00", "#B8B8B8"]
    assert bars["encoding"]["x"]["axis"]["format"] == "%"
    assert spec["height"] == {"step": 22}
    assert spec["layer"][1]["mark"]["type"] == "text"  # values written on the bars: colour is not alone


def test_titles_without_a_reference_count_the_figures_beaten():
    chart = standing_chart(compare(RESULTS).standings["days_sales_outstanding"])
    assert title_of(chart) == "Days sales outstanding: yours (12.0 days) beats 3 of 3 published figures"
    assert business_type_label("online_shop") == "Online shop (e-commerce)"

"""Verdicts that agree: each benchmark converted to the user's period, only the business type's own figures, the
count of "How you compare" equal to its charts, and lifetime value judged by LTV:CAC."""

import pytest

from retention.charts.comparison import standing_chart, standing_data
from retention.comparison import business_type_label, compare, no_benchmark, summary
from retention.metrics.benchmarks import BUSINESS_TYPES, assess, benchmarks, headline
from retention.metrics.computing import compute_metrics
from retention.metrics.example import EXAMPLE_INPUTS
from retention.words import words

RESULTS = compute_metrics(EXAMPLE_INPUTS)  # retention 87.5% a month, churn 12.5%, CLV $267.46, LTV:CAC 2.2
QUARTERLY = compute_metrics(EXAMPLE_INPUTS, period="quarter")


def title_of(chart) -> str:
    return " ".join(chart.to_dict()["title"]["text"]).replace("\xa0", " ")


def test_every_business_type_names_benchmarks_that_exist_and_has_a_label():
    known = {(row.metric, row.segment) for row in benchmarks()}
    named = {(metric, segment) for segments in BUSINESS_TYPES.values() for metric, segment in segments.items()}
    assert named - known == set()
    assert set(words("comparison")["business_types"]) == set(BUSINESS_TYPES)


def test_the_card_speaks_of_one_period_the_benchmark_converted_to_the_users():
    # Retail's 63% a year is 0.63 ** (1/12) = 0.9622 a month; the user's 87.5% a month is below it.
    (found,) = assess(RESULTS["retention_rate"], "online_shop")
    assert found.text == "Published figure for Retail: 63.0% a year, that is 96.2% a month; yours: 87.5% a month."
    assert found.verdict == "attention"
    # Every industry: 55% and 84% a year are 0.55 ** (1/12) = 95.1% and 0.84 ** (1/12) = 98.6% a month.
    (found,) = assess(RESULTS["retention_rate"])
    assert found.text.startswith("Published figures range from 55.0% to 84.0% a year, that is 95.1% to 98.6% "
                                 "a month (lowest: Hospitality, travel and restaurants; highest: Media); yours: "
                                 "87.5% a month.")
    # A quarter: the 7% a period rule stays 7%; 12 months of payback are 4 quarters.
    churn = assess(QUARTERLY["churn_rate"])[0].text
    assert "above 7.0% a quarter" in churn and "yours: 12.5% a quarter" in churn
    payback = assess(QUARTERLY["cac_payback_periods"])[0].text
    assert "within 12.0 months, that is 4.0 quarters" in payback


def test_a_shop_is_never_judged_by_subscription_figures():
    texts = [found.text for found in assess(RESULTS["churn_rate"], "online_shop")]
    assert not any("subscription" in text for text in texts)
    assert texts[-1] == "No published figure for Online shop (e-commerce)."
    saas = assess(RESULTS["churn_rate"], "saas_mid_market")[-1]
    assert saas.text == "Published figure for B2B subscription (average): 5.0% a month; yours: 12.5% a month."
    assert "Online shop" not in " ".join(found.text for found in assess(RESULTS["churn_rate"], "saas_mid_market"))


def test_lifetime_value_is_judged_by_the_ltv_to_cac_rule_with_its_source():
    # CAC = 267.46 / 2.229 = $120, so the 3:1 rule asks for a lifetime value of at least $360.
    (found,) = assess(RESULTS["customer_lifetime_value"], results=RESULTS)
    assert found.verdict == "attention" and found.source == "David Skok SaaS Metrics 2.0"
    assert found.text == ("Worth attention: as a rule of thumb, a lifetime value of at least 3 times the acquisition "
                          "cost ($360.00) is healthy; yours: $267.46.")
    cheap = compute_metrics({**EXAMPLE_INPUTS, "acquisition_cost": 80})  # 3 x 80 = $240 < $267.46
    assert assess(cheap["customer_lifetime_value"], results=cheap)[0].verdict == "good"
    assert assess(RESULTS["customer_lifetime_value"]) == ()  # without the other figures there is no CAC
    verdicts = {result.key: first.verdict for result, first in headline(RESULTS, "online_shop")}
    assert verdicts == {"retention_rate": "attention", "churn_rate": "attention",
                        "customer_lifetime_value": "attention", "ltv_to_cac": "attention"}


def test_how_you_compare_works_in_the_users_period():
    standing = compare(RESULTS, "retail").standings["retention_rate"]
    assert standing.yours == pytest.approx(0.875) and standing.period == "month"
    assert standing.reference.value == pytest.approx(0.63 ** (1 / 12))
    assert standing.reference.text == "63.0% a year, that is 96.2% a month"
    assert (standing.reference.benchmark.segment, standing.verdict) == ("Retail", "worse")
    assert standing.reference.benchmark.citation == "Exploding Topics customer retention rates by industry, 2023"
    assert [reference.benchmark.segment for reference in standing.published] == ["Retail"]  # no other industry


def test_the_count_sentence_counts_exactly_the_charts_drawn():
    for business_type in (None, *BUSINESS_TYPES):
        found = compare(RESULTS, business_type)
        charts = [standing_chart(standing) for standing in found.standings.values()]
        count = int(summary(found).split(": ")[1].split(";")[0])
        assert count == len(charts) == len(found.standings)
        assert f"{found.better} beat" in summary(found)
    shop = compare(RESULTS, "online_shop")
    assert summary(shop) == ("Figures compared for Online shop (e-commerce): 6; 2 beat their "
                             "benchmark or rule of thumb, 4 do not.")
    assert list(shop.standings) == ["retention_rate", "churn_rate", "product_return_rate", "customer_lifetime_value",
                                    "ltv_to_cac", "cac_payback_periods"]
    assert [r.benchmark.segment for r in shop.standings["churn_rate"].published] == [
        "Rule of thumb: needs attention above"]


def test_without_a_business_type_only_rules_of_thumb_judge():
    found = compare(RESULTS)
    assert found.business_type is None
    assert list(found.standings) == ["churn_rate", "customer_lifetime_value", "ltv_to_cac", "cac_payback_periods"]
    assert found.standings["ltv_to_cac"].verdict == "worse"  # 2.2 against a rule of 3
    assert found.standings["cac_payback_periods"].verdict == "better"  # 3.4 months against 12
    assert found.standings["customer_lifetime_value"].reference.value == pytest.approx(360)
    assert "retention_rate" in found.no_benchmark and "Choose your business type" in no_benchmark(found)


def test_figures_without_benchmark_or_of_another_period_are_named():
    found = compare(RESULTS, "online_shop")
    assert "days_sales_outstanding" in found.no_benchmark and "average_order_value" in found.no_benchmark
    assert found.not_comparable == ("repeat_purchase_rate",)  # published per year, ours per month
    assert no_benchmark(found).startswith("No published figure for Online shop (e-commerce) and no rule of thumb")
    yearly = compare(compute_metrics(EXAMPLE_INPUTS, period="year"), "online_shop")
    assert yearly.standings["repeat_purchase_rate"].reference.benchmark.segment == "E-commerce average"


def test_figures_without_a_value_are_not_compared():
    found = compare(compute_metrics({"promoters": 50, "passives": 30, "detractors": 20}), "grocery")
    assert list(found.standings) == ["net_promoter_score"]
    assert found.standings["net_promoter_score"].verdict == "worse"  # 30.0 against US grocers' 30.1


def test_an_unknown_business_type_is_treated_as_none():
    assert compare(RESULTS, "casino").business_type is None


def test_standing_data_ranks_the_references_around_yours():
    data = standing_data(compare(RESULTS, "saas_mid_market").standings["churn_rate"])
    assert list(data["name"]) == ["You", "Rule of thumb", "B2B subscription (average)"]
    assert list(data["kind"]) == ["yours", "other", "reference"]
    assert list(data["label"]) == ["12.5%", "7.0%", "5.0%"]
    assert data.loc[0, "published"] == "12.5% a month"


def test_standing_chart_states_the_finding_in_one_period_with_sources_in_tooltips():
    chart = standing_chart(compare(RESULTS, "retail").standings["retention_rate"])
    assert title_of(chart) == ("Customer retention rate: yours (87.5% a month) trails Retail (63.0% a year, that "
                               "is 96.2% a month)")
    spec = chart.to_dict()
    bars = spec["layer"][0]
    assert [tip["field"] for tip in bars["encoding"]["tooltip"]] == ["name", "published", "source"]
    assert bars["encoding"]["color"]["scale"]["range"] == ["#0072B2", "#E69F00"]
    assert bars["encoding"]["x"]["axis"]["format"] == "%"
    assert spec["height"] == {"step": 22}
    assert spec["layer"][1]["mark"]["type"] == "text"  # values written on the bars: colour is not alone
    assert business_type_label("online_shop") == "Online shop (e-commerce)"

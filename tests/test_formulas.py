"""Every metric pinned with two worked examples computed by hand, through the public API."""

import math

import pytest

from retention import METRIC_KEYS, compute_metrics

SHOP = {  # 200 customers at the start, 40 new, 210 at the end: 30 lost
    "customers_start": 200, "customers_end": 210, "new_customers": 40,
    "revenue_start": 20_000, "churned_revenue": 1_000, "contraction_revenue": 500, "expansion_revenue": 2_500,
    "existing_revenue_previous": 40_000, "existing_revenue_current": 46_000,
    "buyers": 400, "repeat_buyers": 120, "orders": 600, "revenue": 30_000, "loyal_customers": 50,
    "units_sold": 600, "units_returned": 30, "accounts_receivable": 25_000, "credit_sales": 75_000,
    "promoters": 60, "passives": 25, "detractors": 15,
    "gross_margin": 0.4, "acquisition_cost": 40, "revenue_per_customer": 50,
}
STUDIO = {  # a quarter: 50 at the start, 5 new, 2 won back, 45 at the end: 12 lost
    "customers_start": 50, "customers_end": 45, "new_customers": 5, "reactivated_customers": 2,
    "revenue_start": 5_000, "churned_revenue": 250,
    "existing_revenue_previous": 10_000, "existing_revenue_current": 9_000,
    "buyers": 10, "repeat_buyers": 0, "orders": 10, "revenue": 999, "loyal_customers": 9,
    "units_sold": 100, "units_returned": 0, "accounts_receivable": 100_000, "credit_sales": 365_000,
    "promoters": 10, "passives": 10, "detractors": 30,
    "gross_margin": 0.5, "acquisition_cost": 50, "revenue_per_customer": 40, "discount_rate": 0.05,
}

EXPECTED = {
    # key: (SHOP monthly, STUDIO quarterly with 365 days for the DSO example)
    "lost_customers": (30, 12),
    "retention_rate": (170 / 200, 38 / 50),
    "churn_rate": (30 / 200, 12 / 50),
    "end_to_start_ratio": (210 / 200, 45 / 50),
    "net_customer_growth": (10 / 200, -5 / 50),
    "gross_revenue_churn": (1_500 / 20_000, 250 / 5_000),
    "gross_revenue_retention": (1 - 0.075, 1 - 0.05),
    "net_revenue_retention": (21_000 / 20_000, 4_750 / 5_000),
    "existing_customer_revenue_growth": (0.15, -0.1),
    "repeat_purchase_rate": (0.3, 0.0),
    "purchase_frequency": (1.5, 1.0),
    "average_order_value": (50.0, 99.9),
    "average_days_between_purchases": (20.0, 365.0),
    "loyal_customer_rate": (50 / 210, 0.2),
    "product_return_rate": (0.05, 0.0),
    "days_sales_outstanding": (10.0, 100.0),
    "net_promoter_score": (45.0, -40.0),
    # SHOP: 0.4 * 50 / 0.15 = 133.33; STUDIO: 0.5 * 40 * 1.05 / (1.05 - 0.76) = 21 / 0.29
    "customer_lifetime_value": (20 / 0.15, 21 / 0.29),
    "customer_lifetime_revenue": (50 / 0.15, 40 / 0.24),
    "average_customer_lifetime": (1 / 0.15, 1 / 0.24),
    "ltv_to_cac": (20 / 0.15 / 40, 21 / 0.29 / 50),
    "cac_payback_periods": (40 / 20, 50 / 20),
    "value_lost_to_churn": (30 * 20 / 0.15, 12 * 21 / 0.29),
}


def test_every_metric_has_worked_examples():
    assert set(EXPECTED) == set(METRIC_KEYS)


@pytest.mark.parametrize("key", list(EXPECTED))
def test_worked_examples(key):
    shop = compute_metrics(SHOP, period="month")
    studio = compute_metrics(STUDIO, period="quarter", period_days=365)
    assert shop[key].value == pytest.approx(EXPECTED[key][0], rel=1e-12, abs=1e-12)
    assert studio[key].value == pytest.approx(EXPECTED[key][1], rel=1e-12, abs=1e-12)
    assert shop[key].status == studio[key].status == "ok"


def test_values_only_give_the_same_values_and_statuses_without_words():
    """``worked=False`` (the period tables' way) gives every value, status, missing and assumed field of the full
    computation, with no worked text and no alternatives; the cases cover every status."""
    cases = [SHOP, {"customers_start": 0, "customers_end": 10, "new_customers": 10},  # retention undefined
             {"customers_start": 100, "customers_end": 120, "new_customers": 20, "gross_margin": 0.5,
              "revenue_per_customer": 10},  # nobody lost: an unbounded lifetime
             {"revenue": 1000, "customers_start": 10, "customers_end": 12}]  # most metrics missing
    statuses = set()
    for inputs in cases:
        full, bare = compute_metrics(inputs), compute_metrics(inputs, worked=False)
        for key, result in full.items():
            statuses.add(result.status)
            assert (bare[key].value, bare[key].status, bare[key].missing, bare[key].assumed) == (
                result.value, result.status, result.missing, result.assumed), key
            assert bare[key].worked == "" and bare[key].alternatives == ()
            assert result.worked or result.status != "ok", key
    assert statuses == {"ok", "missing", "undefined", "unbounded"}
    assert len(compute_metrics(SHOP)["churn_rate"].alternatives) == 2


def test_days_between_purchases_defaults_to_the_period_length():
    inputs = {"orders": 10, "buyers": 10}
    assert compute_metrics(inputs, period="quarter")["average_days_between_purchases"].value == 91
    assert compute_metrics(inputs, period="year")["average_days_between_purchases"].value == 365


def test_revenue_per_customer_defaults_to_revenue_over_buyers():
    inputs = {**SHOP}
    del inputs["revenue_per_customer"]  # 30,000 / 400 buyers = 75 per customer
    results = compute_metrics(inputs)
    assert results["customer_lifetime_value"].value == pytest.approx(0.4 * 75 / 0.15)
    assert results["cac_payback_periods"].value == pytest.approx(40 / 30)


def test_without_buyers_revenue_per_customer_is_estimated_from_the_customer_counts():
    inputs = {name: value for name, value in SHOP.items() if name not in ("revenue_per_customer", "buyers")}
    # 30,000 / ((200 + 210) / 2) = 146.34 per customer; CLV = 0.4 * 146.34 / 0.15 = 390.24
    results = compute_metrics(inputs)
    clv = results["customer_lifetime_value"]
    assert clv.value == pytest.approx(0.4 * (30_000 / 205) / 0.15)
    assert clv.formatted == "$390.24"
    assert results["cac_payback_periods"].value == pytest.approx(40 / (0.4 * 30_000 / 205))  # 0.68 periods
    estimate = ("revenue per customer estimated as revenue / the average of customers at the start and end, "
                "since “Customers who bought” is not given")
    assert estimate in clv.assumption
    assert estimate in results["customer_lifetime_revenue"].assumption
    assert "revenue per customer" not in results["retention_rate"].assumption


def test_buyers_or_a_typed_revenue_per_customer_need_no_estimate():
    without_typed = {name: value for name, value in SHOP.items() if name != "revenue_per_customer"}
    for inputs in (SHOP, without_typed):
        assert "estimated" not in compute_metrics(inputs)["customer_lifetime_value"].assumption
    assert compute_metrics({"revenue": 1000})["customer_lifetime_value"].missing[:2] == (
        "gross_margin", "revenue_per_customer")


def test_worked_text_substitutes_the_users_numbers():
    results = compute_metrics(SHOP)
    assert results["retention_rate"].worked == "(210 − 40 − 0) / 200 = 85.0%"
    assert results["net_promoter_score"].worked == "100 × (60 − 15) / (60 + 25 + 15) = +45.0"
    assert results["customer_lifetime_value"].formatted == "$133.33"
    assert "(210 − 40 − 0) / 200 = 85.0%" in results["retention_rate"].explanation


class TestEdgeCases:
    def test_zero_start_customers_makes_retention_undefined(self):
        results = compute_metrics({"customers_start": 0, "customers_end": 10, "new_customers": 10})
        for key in ("retention_rate", "churn_rate", "end_to_start_ratio", "net_customer_growth"):
            assert results[key].value is None and results[key].status == "undefined"
        assert "no customers at the start" in results["retention_rate"].note
        assert results["lost_customers"].value == 0

    def test_zero_churn_gives_an_unbounded_lifetime(self):
        inputs = {"customers_start": 100, "customers_end": 120, "new_customers": 20, "gross_margin": 0.5,
                  "revenue_per_customer": 10, "acquisition_cost": 5}
        results = compute_metrics(inputs)
        assert results["churn_rate"].value == 0
        assert results["average_customer_lifetime"].value == math.inf
        assert results["average_customer_lifetime"].status == "unbounded"
        assert results["average_customer_lifetime"].formatted == "no limit"
        assert results["customer_lifetime_value"].status == "unbounded"
        assert results["value_lost_to_churn"].value == 0

    def test_zero_churn_with_discounting_is_finite(self):
        inputs = {"customers_start": 100, "customers_end": 100, "new_customers": 0, "gross_margin": 0.5,
                  "revenue_per_customer": 10, "discount_rate": 0.1}
        assert compute_metrics(inputs)["customer_lifetime_value"].value == pytest.approx(5 * 1.1 / 0.1)

    def test_zero_orders(self):
        results = compute_metrics({"orders": 0, "buyers": 0, "revenue": 0})
        assert results["purchase_frequency"].status == "undefined"
        assert results["average_order_value"].status == "undefined"
        assert results["average_days_between_purchases"].status == "undefined"

    def test_nobody_answered_the_survey(self):
        results = compute_metrics({"promoters": 0, "passives": 0, "detractors": 0})
        assert results["net_promoter_score"].status == "undefined"

    def test_free_acquisition(self):
        results = compute_metrics({**SHOP, "acquisition_cost": 0})
        assert results["ltv_to_cac"].status == "undefined"
        assert results["cac_payback_periods"].value == 0

    def test_nothing_given(self):
        results = compute_metrics({})
        assert set(results) == set(METRIC_KEYS)
        assert all(result.value is None and result.status == "missing" for result in results.values())
        assert results["customer_lifetime_value"].missing == (
            "gross_margin", "revenue_per_customer", "customers_start", "customers_end", "new_customers"
        )
        assert results["retention_rate"].note == ("Needs: customers at the start, customers at the end and new "
                                                  "customers.")


class TestAlternativeDefinitions:
    def test_churn_alternatives(self):
        alternatives = {a.key: a.value for a in compute_metrics(SHOP)["churn_rate"].alternatives}
        assert alternatives["churn_without_new"] == pytest.approx(-10 / 200)
        assert alternatives["churn_of_all_customers"] == pytest.approx(30 / 240)

    def test_clv_alternatives(self):
        alternatives = {a.key: a.value for a in compute_metrics(SHOP)["customer_lifetime_value"].alternatives}
        assert alternatives["clv_first_period_not_counted"] == pytest.approx(20 * 0.85 / 0.15)
        assert alternatives["clv_without_margin"] == pytest.approx(50 / 0.15)
        # AOV 50 * frequency 1.5 * lifetime 1 / 0.15
        assert alternatives["clv_from_order_habits"] == pytest.approx(75 / 0.15)

    def test_every_alternative_says_who_uses_it(self):
        for result in compute_metrics(SHOP).values():
            for alternative in result.alternatives:
                assert alternative.label and alternative.who_uses_it and alternative.worked


def test_a_week_is_a_period_of_seven_days():
    """Weekly order logs give weekly figures: 10 / 70 × 7 days = 1 day of sales outstanding; lifetimes in weeks."""
    results = compute_metrics({"accounts_receivable": 10, "credit_sales": 70, "customers_start": 100,
                               "customers_end": 90, "new_customers": 0}, period="week")
    assert results["days_sales_outstanding"].value == pytest.approx(1.0)
    assert results["average_customer_lifetime"].formatted == "10.0 weeks"

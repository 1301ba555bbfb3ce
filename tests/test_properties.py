"""Invariants that hold for every valid input (hypothesis)."""

import math

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from retention import FIELD_NAMES, InputError, compute_metrics, convert_churn, convert_rate

counts = st.integers(min_value=0, max_value=10**7)
money = st.floats(min_value=0, max_value=1e9, allow_nan=False)
fractions = st.floats(min_value=0, max_value=1, allow_nan=False)


@st.composite
def customer_periods(draw):
    """S, N, A and E with 0 <= lost <= S."""
    start, new, won_back = draw(counts), draw(counts), draw(counts)
    lost = draw(st.integers(min_value=0, max_value=start))
    return {"customers_start": start, "new_customers": new, "reactivated_customers": won_back,
            "customers_end": start + new + won_back - lost}


@st.composite
def revenue_periods(draw):
    start = draw(st.floats(min_value=0.01, max_value=1e9))
    churned = draw(st.floats(min_value=0, max_value=start))
    contraction = draw(st.floats(min_value=0, max_value=start - churned))
    return {"revenue_start": start, "churned_revenue": churned, "contraction_revenue": contraction,
            "expansion_revenue": draw(money)}


@given(customer_periods())
def test_customer_bridge_balances(inputs):
    results = compute_metrics(inputs)
    lost = results["lost_customers"].value
    assert 0 <= lost <= inputs["customers_start"]
    assert inputs["customers_start"] - lost + inputs["new_customers"] + inputs["reactivated_customers"] == (
        inputs["customers_end"]
    )


@given(customer_periods())
def test_retention_plus_churn_is_one(inputs):
    assume(inputs["customers_start"] > 0)
    results = compute_metrics(inputs)
    assert results["retention_rate"].value + results["churn_rate"].value == pytest.approx(1)
    assert 0 <= results["retention_rate"].value <= 1


@given(revenue_periods())
def test_net_revenue_retention_is_gross_retention_plus_expansion_share(inputs):
    results = compute_metrics(inputs)
    expansion_share = inputs["expansion_revenue"] / inputs["revenue_start"]
    assert results["net_revenue_retention"].value == pytest.approx(
        results["gross_revenue_retention"].value + expansion_share, rel=1e-9, abs=1e-9
    )
    assert results["gross_revenue_retention"].value <= 1 + 1e-12


@given(fractions, fractions, fractions, fractions, st.floats(min_value=0.01, max_value=1e6))
def test_clv_grows_with_retention_and_margin(retention_a, retention_b, margin_a, margin_b, revenue):
    def clv(retention, margin):
        start = 1000
        kept = round(retention * start)
        return compute_metrics({"customers_start": start, "customers_end": kept, "new_customers": 0,
                                "gross_margin": margin, "revenue_per_customer": revenue})[
            "customer_lifetime_value"].value

    low_r, high_r = sorted((retention_a, retention_b))
    low_m, high_m = sorted((margin_a, margin_b))
    assert clv(low_r, low_m) <= clv(high_r, low_m)
    assert clv(low_r, low_m) <= clv(low_r, high_m)


@given(st.floats(min_value=0, max_value=1), st.sampled_from(["month", "quarter", "year"]))
def test_period_conversion_round_trips(rate, period):
    there = convert_rate(rate, period, "year")
    assert convert_rate(there, "year", period) == pytest.approx(rate, abs=1e-9)
    assert convert_churn(1 - rate, period, "year") == pytest.approx(1 - there, abs=1e-12)


anything = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=8),
    st.lists(st.integers(), max_size=2),
)


@given(st.dictionaries(st.sampled_from([*FIELD_NAMES, "unknown"]), anything, max_size=12),
       st.sampled_from(["month", "quarter", "year"]))
def test_any_input_gives_results_or_an_input_error(inputs, period):
    try:
        results = compute_metrics(inputs, period=period)
    except InputError as error:
        assert error.messages and all(isinstance(m, str) and m for m in error.messages.values())
        return
    for result in results.values():
        assert result.value is None or isinstance(result.value, float)
        assert result.value is None or not math.isnan(result.value)
        assert result.formatted and result.explanation

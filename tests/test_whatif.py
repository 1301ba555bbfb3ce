"""The what-if logic: worked examples of the projection and the levers, and invariants (hypothesis)."""

import itertools
import math
from dataclasses import replace

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from retention.metrics import formulas
from retention.metrics.example import EXAMPLE_INPUTS
from retention.whatif import (
    LEVER_LIMITS,
    LEVERS,
    MAX_SCENARIOS,
    Baseline,
    Levers,
    add_scenario,
    apply_levers,
    baseline_from_inputs,
    clean_name,
    compare_outcomes,
    horizon_periods,
    improvement_levers,
    outcome,
    project,
    retention_effect,
    sensitivity,
    survival,
)

SHOP = Baseline(retention_rate=0.8, revenue_per_customer=100, gross_margin=0.5, acquisition_cost=50,
                new_customers=20, customers=200)


#: A subscription whose first-period retention is 2/3 with α + β = 3: α = 1, β = 2, so S(t) = B(1, 2 + t) / B(1, 2)
#: = (1 / (2 + t)) / (1 / 2) = 2 / (2 + t), and retention in period t is (t + 1) / (t + 2).
SUBSCRIPTION = Baseline(retention_rate=2 / 3, revenue_per_customer=10, gross_margin=0.5, customers=300,
                        heterogeneity=3)


def test_subscription_survival_by_hand():
    assert survival(SUBSCRIPTION, 4) == pytest.approx([1, 2 / 3, 1 / 2, 2 / 5, 1 / 3])
    assert survival(replace(SUBSCRIPTION, heterogeneity=None), 2) == pytest.approx([1, 2 / 3, 4 / 9])


def test_a_subscription_keeps_more_customers_than_constant_retention():
    # sBG: 300 * S(12) = 300 * 2 / 14 = 42.86 still there; constant: 300 * (2/3) ** 12 = 2.31
    constant = replace(SUBSCRIPTION, heterogeneity=None)
    assert project(SUBSCRIPTION, 12)["customers"].iloc[-1] == pytest.approx(300 / 7)
    assert project(constant, 12)["customers"].iloc[-1] == pytest.approx(300 * (2 / 3) ** 12)
    # the first period is the same (retention 2/3 either way); with 30 joining each period, each a group of its
    # own: period 2 is 300 * 1/2 + 30 * (1 + 2/3) = 200 against 300 * 4/9 + 30 * (1 + 2/3) = 183.33
    joining = replace(SUBSCRIPTION, new_customers=30)
    assert project(joining, 2)["customers"].tolist() == pytest.approx([230, 200])
    assert project(replace(joining, heterogeneity=None), 2)["customers"].tolist() == pytest.approx([230, 550 / 3])


def test_projection_worked_example():
    # period 1: 200 * 0.8 + 20 = 180 customers, 18,000 revenue, 0.5 * 18,000 - 50 * 20 = 8,000 profit
    # period 2: 180 * 0.8 + 20 = 164 customers, 16,400 revenue, 8,200 - 1,000 = 7,200 profit
    table = project(SHOP, 2)
    assert table["customers"].tolist() == [180, 164]
    assert table["revenue"].tolist() == [18_000, 16_400]
    assert table["acquisition"].tolist() == [1_000, 1_000]
    assert table["profit"].tolist() == [8_000, 7_200]
    assert table["cumulative_profit"].tolist() == [8_000, 15_200]


def test_projection_discounts_each_period():
    discounted = project(Baseline(0.8, 100, 0.5, 50, 20, 200, discount_rate=0.1), 2)
    assert discounted["discounted_profit"].tolist() == pytest.approx([8_000 / 1.1, 7_200 / 1.21])
    assert discounted["cumulative_profit"].iloc[-1] == pytest.approx(8_000 / 1.1 + 7_200 / 1.21)


def test_won_back_customers_join_without_acquisition_cost():
    table = project(Baseline(0.5, 10, 1.0, acquisition_cost=5, new_customers=10, customers=100,
                             reactivated_customers=30), 1)
    assert table["customers"].iloc[0] == 100 * 0.5 + 10 + 30
    assert table["profit"].iloc[0] == 90 * 10 - 5 * 10


def test_outcome_reuses_the_calculator_formulas():
    result = outcome(SHOP, 2)
    assert result.customer_lifetime_value == formulas.customer_lifetime_value(0.5, 100, 0.8)
    assert result.ltv_to_cac == pytest.approx(5.0)
    assert result.cac_payback_periods == pytest.approx(1.0)  # 50 / (0.5 * 100)
    assert (result.customers, result.revenue, result.profit) == (164, 34_400, 15_200)


def test_without_acquisition_cost_there_is_no_ratio_or_payback():
    result = outcome(Baseline(0.8, 100, 0.5, customers=10), 3)
    assert result.ltv_to_cac is None and result.cac_payback_periods is None


def test_baseline_from_the_worked_example():
    baseline = baseline_from_inputs(EXAMPLE_INPUTS).baseline
    assert baseline.retention_rate == pytest.approx(0.875)  # (1250 - 180 - 20) / 1200
    assert baseline.revenue_per_customer == pytest.approx(71_500 / 900)
    assert (baseline.gross_margin, baseline.acquisition_cost, baseline.discount_rate) == (0.45, 120, 0.01)
    assert (baseline.new_customers, baseline.reactivated_customers, baseline.customers) == (180, 20, 1250)
    # The what-if's CLV is the calculator's: 0.45 * 79.44 * 1.01 / (1.01 - 0.875) = 267.46
    assert outcome(baseline, 12).customer_lifetime_value == pytest.approx(267.46, abs=0.005)


def test_baseline_says_what_is_missing_or_wrong():
    assert baseline_from_inputs({}).missing == ("customers_start", "customers_end", "new_customers",
                                                "revenue_per_customer", "gross_margin")
    wrong = baseline_from_inputs({**EXAMPLE_INPUTS, "customers_end": 9_000})
    assert wrong.baseline is None and wrong.errors == ("customers_end",)
    assert baseline_from_inputs({**EXAMPLE_INPUTS, "gross_margin": 1.4}).errors == ("gross_margin",)
    nobody = baseline_from_inputs({**EXAMPLE_INPUTS, "customers_start": 0, "customers_end": 200})
    assert nobody.baseline is None and nobody.errors == ("customers_start",)


def test_levers_stay_within_what_the_numbers_allow():
    assert apply_levers(SHOP, Levers(retention_points=30)).retention_rate == 1.0
    assert apply_levers(SHOP, Levers(retention_points=-30, gross_margin_points=-60)).gross_margin == 0.0
    assert apply_levers(SHOP, Levers(discount_rate_points=-5)).discount_rate == 0.0
    cheaper = apply_levers(SHOP, Levers(acquisition_cost_pct=-75, new_customers_pct=200))
    assert (cheaper.acquisition_cost, cheaper.new_customers) == (12.5, 60)


@pytest.mark.parametrize(("years", "period", "periods"), [(3, "month", 36), (3, "quarter", 12), (1, "year", 1),
                                                          (10, "month", 120)])
def test_horizon_in_periods(years, period, periods):
    assert horizon_periods(years, period) == periods


def test_comparison_rows_give_differences_in_money_and_percent():
    rows = {row.key: row for row in compare_outcomes(outcome(SHOP, 12),
                                                     outcome(apply_levers(SHOP, Levers(retention_points=10)), 12))}
    clv = rows["customer_lifetime_value"]
    assert (clv.first, clv.second) == pytest.approx((250, 500))  # churn 20% -> 10%
    assert (clv.difference, clv.relative) == pytest.approx((250, 1.0))
    assert rows["cac_payback_periods"].difference == 0
    assert [row.unit for row in rows.values()] == ["money", "ratio", "periods", "count", "money", "money"]


def test_sensitivity_moves_each_lever_ten_percent_the_better_way():
    levers = improvement_levers(SHOP)
    assert levers["retention_points"].retention_points == pytest.approx(2.0)  # 20% lost -> 18%
    assert levers["gross_margin_points"].gross_margin_points == pytest.approx(5.0)  # 50% -> 55%
    assert levers["acquisition_cost_pct"].acquisition_cost_pct == -10
    table = sensitivity(SHOP, 12).set_index("lever")
    assert table.loc["acquisition_cost_pct", "profit_change"] == pytest.approx(12 * 20 * 50 * 0.1)
    assert table.loc["acquisition_cost_pct", "clv_change"] == 0
    assert table.loc["revenue_per_customer_pct", "clv_change_pct"] == pytest.approx(0.1)
    assert list(table["profit_change"]) == sorted(table["profit_change"], reverse=True)


def test_retention_effect_worked_example_and_limit():
    table = retention_effect(SHOP, 12)
    assert table["points"].tolist() == list(range(1, 11))
    five = table.set_index("points").loc[5]
    assert five["retention_rate"] == pytest.approx(0.85)
    assert five["clv_change_pct"] == pytest.approx(1 / 3)  # 250 -> 333.33
    near_one = retention_effect(Baseline(0.95, 100, 0.5, customers=10), 12)
    assert near_one["points"].tolist() == [1, 2, 3, 4]  # +5 would be 100%: nobody would ever leave


def test_no_profit_percentages_when_the_baseline_loses_money():
    losing = Baseline(0.5, 10, 0.1, acquisition_cost=100, new_customers=50, customers=10)
    assert outcome(losing, 12).profit < 0
    assert retention_effect(losing, 12)["profit_change_pct"].isna().all()
    assert sensitivity(losing, 12)["profit_change_pct"].isna().all()


def test_named_scenarios_are_kept_by_name_up_to_the_limit():
    kept = ()
    for index in range(MAX_SCENARIOS + 2):
        kept = add_scenario(kept, f"Plan {index}", Levers(retention_points=index))
    assert [scenario.name for scenario in kept] == [f"Plan {index}" for index in range(2, MAX_SCENARIOS + 2)]
    assert add_scenario(kept, "   ", Levers()) == kept
    assert clean_name("=cmd\x00|\n calc" + "x" * 60) == ("=cmd | calc" + "x" * 60)[:40]


# Invariants ----------------------------------------------------------------------------------------------------

rates = st.floats(min_value=0, max_value=0.99)
amounts = st.floats(min_value=0, max_value=1e6)


@st.composite
def baselines(draw):
    return Baseline(
        retention_rate=draw(rates), revenue_per_customer=draw(amounts), gross_margin=draw(st.floats(0, 1)),
        acquisition_cost=draw(amounts), new_customers=draw(st.floats(0, 1e5)), customers=draw(st.floats(0, 1e6)),
        reactivated_customers=draw(st.floats(0, 1e4)), discount_rate=draw(st.floats(0, 0.2)),
    )


@st.composite
def lever_sets(draw):
    values = {}
    for name in LEVERS:
        low, high, _ = LEVER_LIMITS[name]
        values[name] = draw(st.floats(min_value=low, max_value=high))
    return Levers(**values)


periods = st.integers(min_value=1, max_value=60)


@given(baselines(), periods)
def test_neutral_levers_leave_the_baseline_as_it_is(baseline, horizon):
    assert apply_levers(baseline, Levers()) == baseline
    first, second = outcome(baseline, horizon), outcome(apply_levers(baseline, Levers()), horizon)
    assert all(row.difference in (0, None) for row in compare_outcomes(first, second))


@given(baselines(), st.floats(min_value=0.5, max_value=30), periods)
def test_more_retention_never_lowers_value_customers_or_profit(baseline, points, horizon):
    better = apply_levers(baseline, Levers(retention_points=points))
    assume(better.retention_rate < 1)
    before, after = outcome(baseline, horizon), outcome(better, horizon)
    assert after.customer_lifetime_value >= before.customer_lifetime_value
    assert after.customers >= before.customers
    assert after.profit >= before.profit - 1e-6 * max(1.0, abs(before.profit))


@given(baselines(), st.floats(min_value=1, max_value=100), periods)
def test_more_revenue_per_customer_never_lowers_value_or_profit(baseline, pct, horizon):
    before = outcome(baseline, horizon)
    after = outcome(apply_levers(baseline, Levers(revenue_per_customer_pct=pct)), horizon)
    assert after.customer_lifetime_value >= before.customer_lifetime_value
    assert after.profit >= before.profit - 1e-6 * max(1.0, abs(before.profit))


@given(baselines(), st.floats(min_value=-75, max_value=-1), periods)
def test_cheaper_customers_raise_profit_not_lifetime_value(baseline, pct, horizon):
    before = outcome(baseline, horizon)
    after = outcome(apply_levers(baseline, Levers(acquisition_cost_pct=pct)), horizon)
    assert after.customer_lifetime_value == before.customer_lifetime_value
    assert after.profit >= before.profit - 1e-6 * max(1.0, abs(before.profit))


@given(baselines(), lever_sets())
def test_a_scenario_always_has_possible_numbers(baseline, levers):
    scenario = apply_levers(baseline, levers)
    assert 0 <= scenario.retention_rate <= 1 and 0 <= scenario.gross_margin <= 1
    assert min(scenario.revenue_per_customer, scenario.acquisition_cost, scenario.new_customers,
               scenario.discount_rate) >= 0


@given(baselines(), periods)
def test_customers_head_for_the_steady_state(baseline, horizon):
    table = project(baseline, horizon)
    steady = (baseline.new_customers + baseline.reactivated_customers) / (1 - baseline.retention_rate)
    gaps = (table["customers"] - steady).abs().tolist()
    start_gap = abs(baseline.customers - steady)
    assert all(gap <= start_gap * (1 + 1e-9) + 1e-6 for gap in gaps)
    assert all(later <= earlier * (1 + 1e-9) + 1e-6 for earlier, later in itertools.pairwise(gaps))


@given(rates.filter(lambda r: r <= 0.9), amounts, st.floats(0.05, 1), st.floats(0.01, 0.2))
def test_customers_of_today_are_worth_their_lifetime_value_without_the_current_period(r, arpc, margin, d):
    # One customer now, nobody new: over an endless horizon their discounted margin is the CLV that does not count
    # the current period (Gupta and Lehmann), m * ARPC * r / (1 + d - r).
    baseline = Baseline(retention_rate=r, revenue_per_customer=arpc, gross_margin=margin, customers=1,
                        discount_rate=d)
    total = outcome(baseline, 600).profit
    assert total == pytest.approx(formulas.clv_first_period_not_counted(margin, arpc, r, d), rel=1e-6, abs=1e-9)


@settings(max_examples=30)
@given(baselines().filter(lambda b: b.retention_rate <= 0.85), periods)
def test_each_extra_point_of_retention_is_worth_more(baseline, horizon):
    table = retention_effect(baseline, horizon)
    assert list(table["clv"]) == sorted(table["clv"])
    assert list(table["profit"]) == sorted(table["profit"]) or math.isclose(table["profit"].min(),
                                                                             table["profit"].max())


# Charts --------------------------------------------------------------------------------------------------------

from retention.charts.whatif import (  # noqa: E402
    projection_chart,
    projection_data,
    retention_effect_chart,
    sensitivity_chart,
)
from retention.formatting import horizon_text  # noqa: E402


def chart_title(chart) -> str:
    return " ".join(chart.to_dict()["title"]["text"]).replace("\xa0", " ")


def test_projection_chart_compares_the_cases_in_its_title():
    first, second = outcome(SHOP, 2), outcome(apply_levers(SHOP, Levers(retention_points=10)), 2)
    data = projection_data({"Baseline": first.projection, "Scenario": second.projection})
    assert set(data["measure"]) == {"customers", "revenue", "cumulative_profit"}
    chart = projection_chart(data, "customers", "EUR", "month")
    # 200 * 0.9 + 20 = 200, then 200: against 164 in the baseline
    assert chart_title(chart) == "Scenario: 200 customers after 2 months, +36 against the baseline"
    lines = chart.to_dict()["layer"][0]
    assert lines["encoding"]["y"]["title"] == "Customers"
    assert lines["encoding"]["x"]["title"] == "months from now"
    assert lines["encoding"]["color"]["scale"]["range"] == ["#0072B2", "#E69F00"]
    assert "strokeDash" in lines["encoding"]  # the cases differ by line style too
    profit = projection_chart(data, "cumulative_profit", "EUR", "month")
    assert profit.to_dict()["layer"][0]["encoding"]["y"]["title"] == "Cumulative profit (€)"


def test_projection_chart_of_the_baseline_alone():
    data = projection_data({"Baseline": outcome(SHOP, 36).projection})
    assert chart_title(projection_chart(data, "revenue", "USD", "month")).endswith(
        "after 36 months: move a lever to see a scenario")


def test_sensitivity_chart_ranks_levers_and_names_the_first():
    table = sensitivity(SHOP, 12)
    chart = sensitivity_chart(table, "USD", horizon_text(12, "month"))
    extra = 0.5 * 0.1 * project(SHOP, 12)["revenue"].sum()  # margin on 10% more revenue: $7,863
    assert chart_title(chart) == (
        f"Revenue per customer matters most: 10% better adds ${extra:,.0f} profit over 12 months")
    spec = chart.to_dict()
    assert spec["layer"][0]["encoding"]["y"]["sort"][0] == "Revenue per customer"
    assert spec["layer"][0]["encoding"]["yOffset"]["field"] == "measure"
    assert spec["height"] == {"step": 14, "for": "offset"}


def test_sensitivity_chart_leaves_out_profit_percentages_when_profit_is_not_positive():
    losing = Baseline(0.5, 10, 0.1, acquisition_cost=100, new_customers=50, customers=10)
    data = sensitivity_chart(sensitivity(losing, 12)).data
    assert set(data["key"]) == {"clv"}


def test_retention_effect_chart_sits_beside_the_claim():
    chart = retention_effect_chart(retention_effect(SHOP, 12), "12 months")
    assert chart_title(chart).startswith("+5 points of retention:")
    assert chart_title(chart).endswith("(claim: +25% to +95%)")
    layers = chart.to_dict()["layer"]
    band = layers[0]
    assert band["encoding"]["y"]["field"] == "low" and band["encoding"]["y2"]["field"] == "high"
    assert any(layer["mark"]["type"] == "text" for layer in layers)


@given(st.text(max_size=80))
def test_a_kept_name_is_kept_as_it_is(name):
    """Cleaning is idempotent (a cut at the length limit leaves no trailing space), so names survive a link."""
    assert clean_name(clean_name(name)) == clean_name(name)

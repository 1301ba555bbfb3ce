"""BG/NBD: the published CDNOW results, the formulas against direct integration, recovery, awkward data."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from scipy import integrate, stats

from retention.btyd import bgnbd, fitting
from retention.btyd.bgnbd import (
    BGNBD,
    _FitData,
    _histories,
    _negative_log_likelihood,
    _purchases_by_recurrence,
    _purchases_while_active,
    _stacked,
    purchases_by_history,
)
from retention.btyd.customer_summary import customer_summary
from retention.btyd.gamma_gamma import GammaGamma
from retention.btyd.simulation import simulate_transactions
from retention.errors import InputError

DATA = Path(__file__).parent / "data"
PUBLISHED = BGNBD(r=0.243, alpha=4.414, a=0.793, b=2.426, time_unit="W")


def cdnow_orders() -> pd.DataFrame:
    """The CDNOW sample order log (tests/data/README.md) with the normalised column names."""
    orders = pd.read_csv(DATA / "CDNOW_sample.txt", sep=r"\s+", header=None, dtype={"date": str},
                         names=["cohort_id", "customer_id", "date", "cds", "amount"])
    return orders.assign(date=pd.to_datetime(orders["date"], format="%Y%m%d"))


@pytest.fixture(scope="module")
def cdnow_weeks() -> pd.DataFrame:
    """The 39-week calibration summary of the CDNOW sample, in weeks."""
    return customer_summary(cdnow_orders(), observation_end="1997-09-30", time_unit="W")


@pytest.fixture(scope="module")
def cdnow_fit(cdnow_weeks) -> BGNBD:
    return BGNBD.fit(cdnow_weeks)


def summary_of(*rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["frequency", "recency", "T"])


def test_cdnow_fit_reproduces_the_published_estimates(cdnow_fit, cdnow_weeks):
    # Fader, Hardie and Lee (2005), "Counting your customers the easy way", Marketing Science 24(2), section 4:
    # r = 0.243, alpha = 4.414, a = 0.793, b = 2.426, LL = -9582.4; every value within half its last digit.
    assert cdnow_fit.params == pytest.approx({"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}, abs=5e-4)
    assert cdnow_fit.log_likelihood(cdnow_weeks) == pytest.approx(-9582.4, abs=0.05)
    assert cdnow_fit.time_unit == "W"


def test_cdnow_standard_errors_are_lifetimes_published_ones(cdnow_fit):
    # lifetimes' documentation (Quickstart, BetaGeoFitter on the CDNOW sample) reports se(coef) 0.012557 for r,
    # 0.378221 for alpha, 0.185719 for a and 0.705345 for b
    assert cdnow_fit.standard_errors == pytest.approx(
        {"r": 0.012557, "alpha": 0.378221, "a": 0.185719, "b": 0.705345}, rel=2e-3)
    assert BGNBD(**cdnow_fit.params).standard_errors is None  # a model given by hand has none
    assert BGNBD(**cdnow_fit.params) == BGNBD(**cdnow_fit.params, standard_errors={"r": 1.0})


def test_cdnow_fit_on_the_published_summary():
    # The same estimates from the published summary itself (weeks rounded to 2 decimals).
    published = pd.read_csv(DATA / "cdnow_customers_summary_with_transactions.csv", index_col="ID")
    summary = published.rename(columns={"x": "frequency", "t_x": "recency"})
    model = BGNBD.fit(summary)
    assert model.params == pytest.approx({"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}, abs=5e-4)
    assert model.log_likelihood(summary) == pytest.approx(-9582.4, abs=0.05)
    assert model.time_unit is None  # a plain frame states no unit


def test_published_parameters_give_the_published_log_likelihood(cdnow_weeks):
    assert PUBLISHED.log_likelihood(cdnow_weeks) == pytest.approx(-9582.4, abs=0.05)


def test_conditional_expectation_of_the_worked_customer():
    # Fader, Hardie and Lee (2005), customer 1 of the CDNOW sample (x = 2, t_x = 30.43, T = 38.86): 1.226 expected
    # purchases in the next 39 weeks (Hardie's BG/NBD spreadsheet, brucehardie.com/notes/004; also the example of
    # BTYD's bgnbd.ConditionalExpectedTransactions and the lifetimes test suite).
    expected = PUBLISHED.conditional_expected_purchases(39, summary_of((2, 30.43, 38.86)))
    assert expected.iloc[0] == pytest.approx(1.226, abs=5e-4)


def test_expected_purchases_of_a_new_customer(cdnow_fit):
    # E[X(t)] from Hardie's BG/NBD spreadsheet (brucehardie.com/notes/004) as pinned by the lifetimes test suite
    # (test_expectation_returns_same_value_Hardie_excel_sheet), at the maximum-likelihood parameters.
    weeks = [0.1429, 1.0, 3.0, 31.8571, 32.0]
    assert cdnow_fit.expected_purchases(weeks) == pytest.approx([0.0078, 0.0532, 0.1506, 1.0405, 1.0437], abs=5e-5)
    # At 78 weeks the sheet shows 1.8576; the exact value (checked by integration below) is 1.85796, so the
    # sheet's truncated series is 4e-4 short there.
    assert cdnow_fit.expected_purchases(78) == pytest.approx(1.8576, abs=5e-4)


def purchases_while_active_by_integration(model: BGNBD, t: float, x: int, age: float) -> float:
    """E[(1 - ((α+T) / (α+T+p·t))^(r+x)) / p] over p ~ Beta(a, b+x): the expected purchases in the next t of a
    customer still active after x repeat purchases at age T, integrated numerically (Fader et al. 2005, eq. 10)."""
    rate = model.alpha + age

    def integrand(p):
        return (1 - (rate / (rate + p * t)) ** (model.r + x)) / p * stats.beta.pdf(p, model.a, model.b + x)

    return integrate.quad(integrand, 0, 1, limit=200, epsabs=1e-12, epsrel=1e-10)[0]


@pytest.mark.parametrize("model", [PUBLISHED, BGNBD(r=2.0, alpha=25.0, a=1.5, b=8.0), BGNBD(0.5, 3.0, 3.0, 0.6)])
@pytest.mark.parametrize(("x", "t_x", "age", "t"), [(0, 0, 0, 39), (0, 0, 20, 10), (2, 30.43, 38.86, 39),
                                                     (7, 12.0, 50.0, 104), (30, 29.0, 30.0, 5)])
def test_conditional_expectation_agrees_with_integration(model, x, t_x, age, t):
    alive = model.probability_alive(summary_of((x, t_x, age))).iloc[0]
    expected = model.conditional_expected_purchases(t, summary_of((x, t_x, age))).iloc[0]
    assert expected == pytest.approx(alive * purchases_while_active_by_integration(model, t, x, age), rel=1e-7)


def test_whole_number_parameters_near_the_end_of_the_range():
    # a = 2 makes 2F1's second parameter a - 1 = 1, where scipy's hyp2f1 returns NaN for z near 1 (here z = 0.95).
    model, history = BGNBD(r=1.0, alpha=1.0, a=2.0, b=1.0), (99, 10.0, 10.0)
    expected = model.conditional_expected_purchases(209, summary_of(history)).iloc[0]
    alive = model.probability_alive(summary_of(history)).iloc[0]
    assert expected == pytest.approx(alive * purchases_while_active_by_integration(model, 209, 99, 10.0), rel=1e-7)


def test_probability_alive_by_hand():
    # x = 2, t_x = 30.43, T = 38.86: 1 / (1 + 0.793 / 3.426 · (43.274 / 34.844) ^ 2.243) = 0.7266.
    odds_left = 0.793 / 3.426 * (43.274 / 34.844) ** 2.243
    alive = PUBLISHED.probability_alive(summary_of((2, 30.43, 38.86), (0, 0, 38.86)))
    assert alive.tolist() == pytest.approx([1 / (1 + odds_left), 1.0])
    assert alive.iloc[0] == pytest.approx(0.7266, abs=5e-5)


def test_count_probabilities_sum_to_one_and_average_to_the_expectation():
    counts = np.arange(3000)
    for weeks in (0.5, 39, 78):
        probabilities = PUBLISHED.purchase_count_probability(counts, weeks)
        assert probabilities.sum() == pytest.approx(1, abs=1e-10)
        assert counts @ probabilities == pytest.approx(PUBLISHED.expected_purchases(weeks), rel=1e-9)
    assert PUBLISHED.purchase_count_probability([0, 1], 0).tolist() == [1.0, 0.0]


def test_a_new_customer_is_a_customer_with_no_history():
    weeks = np.array([1.0, 13.0, 52.0])
    history = PUBLISHED.conditional_expected_purchases(weeks, summary_of((0, 0.0, 0.0)))
    assert history.to_numpy()[0] == pytest.approx(PUBLISHED.expected_purchases(weeks), rel=1e-12)
    assert history.columns.tolist() == [1.0, 13.0, 52.0]


def test_time_units_change_the_rate_only(cdnow_fit, cdnow_weeks):
    in_days = customer_summary(cdnow_orders(), observation_end="1997-09-30", time_unit="D")
    model = BGNBD.fit(in_days)
    assert model.time_unit == "D"
    assert model.alpha == pytest.approx(7 * cdnow_fit.alpha, rel=1e-4)
    assert [model.r, model.a, model.b] == pytest.approx([cdnow_fit.r, cdnow_fit.a, cdnow_fit.b], rel=1e-4)
    # Each purchase-time density is 7 times smaller per day than per week.
    shift = np.log(7) * cdnow_weeks["frequency"].sum()
    assert model.log_likelihood(in_days) == pytest.approx(cdnow_fit.log_likelihood(cdnow_weeks) - shift, abs=1e-3)
    weekly = cdnow_fit.conditional_expected_purchases(39, cdnow_weeks)
    assert model.conditional_expected_purchases(273, in_days).to_numpy() == pytest.approx(weekly.to_numpy(), rel=1e-3)


def test_models_refuse_a_summary_in_another_unit(cdnow_weeks):
    in_days = BGNBD(r=0.243, alpha=30.9, a=0.793, b=2.426, time_unit="D")
    with pytest.raises(InputError, match="counts time in days but the customer summary counts it in weeks"):
        in_days.probability_alive(cdnow_weeks)


def test_recovers_the_parameters_of_simulated_customers():
    # 50,000 customers over five years; the tolerances are about three standard errors of such a fit
    # (0.8%, 1.0%, 2.2%, 3.0%), plus 1% for alpha, which the merging of same-day purchases pushes up.
    truth = BGNBD(r=2.0, alpha=25.0, a=1.0, b=8.0, time_unit="W")
    orders = simulate_transactions(50_000, truth, GammaGamma(p=3.0, q=5.0, gamma=40.0), observation_periods=260,
                                   acquisition_periods=104, seed=0)
    fitted = BGNBD.fit(customer_summary(orders, orders.attrs["observation_end"], time_unit="W"))
    for name, tolerance in {"r": 0.03, "alpha": 0.04, "a": 0.07, "b": 0.09}.items():
        assert fitted.params[name] == pytest.approx(truth.params[name], rel=tolerance)


def test_the_hessian_is_the_derivative_of_the_gradient(cdnow_weeks):
    data = _FitData.of(*_histories(cdnow_weeks))
    step = 1e-6
    for params in ([0.243, 4.414, 0.793, 2.426], [2.0, 25.0, 1.0, 8.0], [0.5, 1.0, 3.0, 0.7]):
        log_params = np.log(params)
        _, _, hessian = _negative_log_likelihood(log_params, data, hessian=True)
        central = [(_negative_log_likelihood(log_params + step * unit, data)[1]
                    - _negative_log_likelihood(log_params - step * unit, data)[1]) / (2 * step) for unit in np.eye(4)]
        np.testing.assert_allclose(hessian, central, rtol=1e-6, atol=1e-9)


def test_a_fit_started_on_a_sample_ends_at_the_maximum_of_all_customers(cdnow_weeks, monkeypatch):
    monkeypatch.setattr(bgnbd, "_SAMPLE_CUSTOMERS", 500)  # L-BFGS-B on every 4th customer, Newton on all
    sampled = BGNBD.fit(cdnow_weeks)
    data = _FitData.of(*_histories(cdnow_weeks))
    log_params = np.log(list(sampled.params.values()))
    assert np.abs(_negative_log_likelihood(log_params, data)[1]).max() < 1e-10
    x = cdnow_weeks["frequency"]
    starts = [(1.0, cdnow_weeks["T"].sum() / x.sum(), 1.0, 3.0)]
    on_all, covariance = fitting.maximise_likelihood(_negative_log_likelihood, data, len(x), starts, "")
    np.testing.assert_allclose(log_params, on_all, atol=1e-5)
    np.testing.assert_allclose(sampled.log_covariance, covariance, rtol=1e-3, atol=1e-6)  # forward differences


def test_lbfgsb_on_all_customers_decides_when_newton_does_not_settle(cdnow_weeks, cdnow_fit, monkeypatch):
    monkeypatch.setattr(fitting, "newton", lambda objective, log_params, data: (log_params, np.nan, None, None))
    assert BGNBD.fit(cdnow_weeks).params == pytest.approx(cdnow_fit.params, rel=1e-5)


def test_no_repeat_purchases_is_explained():
    orders = pd.DataFrame({"customer_id": [1, 1, 2], "date": pd.to_datetime(["2024-03-01"] * 3),
                           "amount": [5.0, 6.0, 7.0]})  # everything on one day
    with pytest.raises(InputError, match="bought more than once") as error:
        BGNBD.fit(customer_summary(orders))
    assert error.value.fields == ("transactions",)


@pytest.mark.parametrize("summary", [
    summary_of((3, 20.0, 30.0)),
    summary_of((3, 20.0, 30.0), (0, 0.0, 30.0)),
    summary_of(*[(1, 5.0, 10.0)] * 50),
])
def test_too_little_data_is_explained_instead_of_returning_bad_parameters(summary):
    with pytest.raises(InputError, match="could not settle") as error:
        BGNBD.fit(summary)
    assert error.value.fields == ("transactions",)


def test_huge_frequencies_stay_finite(cdnow_weeks):
    heavy = summary_of((100_000, 38.86, 38.86), (1_000_000, 30.0, 38.86), (5_000, 1.0, 38.86))
    alive = PUBLISHED.probability_alive(heavy)
    expected = PUBLISHED.conditional_expected_purchases([1.0, 39.0], heavy)
    assert alive.between(0, 1).all() and alive.iloc[0] > 0.99 and alive.iloc[1] < 1e-12
    assert np.isfinite(expected.to_numpy()).all()
    # 100,000 purchases in 38.86 weeks: at that rate about 100,000 more in 39 weeks, but the chance of leaving after
    # each of them (posterior mean a / (b + x) = 8e-6) cuts that to 68,719 (numerical integration of eq. 10).
    assert expected.iloc[0, 1] == pytest.approx(68_719, rel=1e-4)
    assert np.isfinite(PUBLISHED.log_likelihood(heavy))
    model = BGNBD.fit(pd.concat([cdnow_weeks, heavy], ignore_index=True))
    assert all(np.isfinite(value) and value > 0 for value in model.params.values())


@pytest.mark.parametrize("summary", [
    summary_of((1, 40.0, 30.0)),  # last purchase after the end
    summary_of((-1, 0.0, 30.0)),
    summary_of((1.5, 2.0, 30.0)),
    summary_of((1, 2.0, np.nan)),
])
def test_impossible_summaries_are_explained(summary):
    with pytest.raises(InputError, match="impossible values"):
        PUBLISHED.probability_alive(summary)


def test_missing_summary_column_and_bad_settings():
    with pytest.raises(InputError) as error:
        PUBLISHED.probability_alive(pd.DataFrame({"frequency": [1], "T": [3.0]}))
    assert error.value.fields == ("recency",)
    for parameters in ({"r": 0.0}, {"alpha": -1.0}, {"b": float("nan")}):
        with pytest.raises(InputError) as error:
            BGNBD(**{"r": 1.0, "alpha": 1.0, "a": 1.0, "b": 1.0, **parameters})
        assert error.value.fields == tuple(parameters)
    with pytest.raises(InputError):
        PUBLISHED.expected_purchases(-1)
    with pytest.raises(InputError):
        PUBLISHED.purchase_count_probability(1.5, 10)


parameters = st.floats(0.05, 30)
histories = st.lists(st.tuples(st.integers(0, 400), st.floats(0, 1), st.floats(0, 500)), min_size=1, max_size=8)


@settings(max_examples=80, deadline=None)
@given(r=parameters, alpha=st.floats(0.05, 300), a=parameters, b=parameters, rows=histories,
       horizons=st.lists(st.floats(0, 300), min_size=2, max_size=4, unique=True))
@example(r=27.76, alpha=245.9, a=0.529, b=5.008, rows=[(9, 0.5, 393.7)], horizons=[0.0, 3.2e-165])  # once -1.3e-14
def test_properties_hold_for_any_parameters(r, alpha, a, b, rows, horizons):
    model = BGNBD(r=r, alpha=alpha, a=a, b=b)
    summary = summary_of(*[(x, share * age if x else 0.0, age) for x, share, age in rows])
    alive = model.probability_alive(summary).to_numpy()
    assert ((alive >= 0) & (alive <= 1)).all()
    expected = model.conditional_expected_purchases(sorted(horizons), summary).to_numpy()
    assert np.isfinite(expected).all() and (expected >= 0).all()
    assert (np.diff(expected, axis=1) >= -1e-9 * (1 + expected[:, 1:])).all()
    assert np.isfinite(model.log_likelihood(summary))
    probabilities = model.purchase_count_probability(np.arange(5), max(horizons))
    assert ((probabilities >= 0) & (probabilities <= 1 + 1e-12)).all()


@settings(max_examples=80, deadline=None)
@given(r=parameters, alpha=st.floats(0.05, 300), a=parameters, b=parameters, rows=histories,
       horizons=st.lists(st.floats(0, 300), min_size=1, max_size=4, unique=True))
@example(r=2.0, alpha=1.0, a=0.5, b=1.0, rows=[(0, 0.0, 0.0), (28, 0.0, 0.0)], horizons=[1.0, 3.0])
@example(r=1.0, alpha=1.0, a=0.5, b=1.0, rows=[(0, 0.0, 0.0), (265, 0.0, 0.0)], horizons=[0.0, 16.0])
def test_the_recurrence_in_c_gives_scipy_s_values(r, alpha, a, b, rows, horizons):
    # The expected purchases of many customers come from Gauss's recurrence (bgnbd._purchases_by_recurrence):
    # where it applies, they are scipy's 2F1 values within 1e-8 relative (or 1e-12 absolute for counts near 0).
    model = BGNBD(r=r, alpha=alpha, a=a, b=b)
    x = np.array([row[0] for row in rows], float)
    age = np.array([row[2] for row in rows])
    horizons = np.array(horizons)
    fast = _purchases_by_recurrence(_stacked([model]), horizons, x, age)
    if fast is None:  # near a = 1, or C = a+b-1 near a whole number up to 0 (the relation divides by c and c - 1)
        assert abs(a - 1) <= 1e-3 or (a + b - 1 < 0.5 and abs(a + b - 1 - round(a + b - 1)) < 1e-6)
        return
    exact = _purchases_while_active(_stacked([model]), horizons, x[:, None, None], age[:, None, None])
    assert np.isfinite(fast).all()
    np.testing.assert_allclose(fast, exact, rtol=1e-8, atol=1e-12)


def test_the_benchmark_model_uses_the_recurrence_and_matches_scipy():
    model = BGNBD(r=1.998, alpha=25.27, a=1.0096, b=8.012)
    x = np.repeat(np.arange(60.0), 30)
    age = np.tile(np.linspace(150, 260, 30), 60)
    horizons = np.arange(1.0, 53.0)
    fast = _purchases_by_recurrence(_stacked([model]), horizons, x, age)
    exact = _purchases_while_active(_stacked([model]), horizons, x[:, None, None], age[:, None, None])
    np.testing.assert_allclose(fast, exact, rtol=1e-9)


def test_several_models_at_once_give_each_model_s_expected_purchases():
    # The ranges evaluate shifted models in one pass (bgnbd.purchases_by_history): by the recurrence, with scipy
    # where z = t/(α+T+t) reaches 1/2, or all by scipy when one model has a = 1.
    models = [BGNBD(r=1.998, alpha=25.27, a=1.0096, b=8.012), BGNBD(r=0.243, alpha=4.414, a=0.793, b=2.426),
              BGNBD(r=2.0, alpha=1.0, a=0.5, b=1.0)]
    customers = pd.DataFrame({"frequency": [0, 2, 2, 7, 30], "recency": [0.0, 30.4, 10.0, 20.0, 39.0],
                              "T": [38.9, 38.9, 12.0, 38.9, 40.0]})
    horizons = np.array([1.0, 13.0, 52.0])
    x, age = customers["frequency"].to_numpy(float), customers["T"].to_numpy()
    for stack in (models, [*models, BGNBD(r=1.0, alpha=2.0, a=1.0, b=3.0)]):
        while_active, row_of, alive = purchases_by_history(stack, horizons, customers)
        for k, model in enumerate(stack):
            exact = _purchases_while_active(_stacked([model]), horizons, x[:, None, None], age[:, None, None])
            np.testing.assert_allclose(while_active[row_of, k], exact[:, 0], rtol=1e-8, atol=1e-12)
            np.testing.assert_allclose(alive[k], model.probability_alive(customers), rtol=1e-12)

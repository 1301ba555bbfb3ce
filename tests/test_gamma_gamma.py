"""Gamma-Gamma: the published CDNOW estimates, the likelihood convention, spend by hand, q <= 1, awkward data."""

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import integrate, stats

from retention.btyd.bgnbd import BGNBD
from retention.btyd.customer_summary import customer_summary
from retention.btyd.gamma_gamma import GammaGamma
from retention.btyd.simulation import simulate_transactions
from retention.errors import InputError

DATA = Path(__file__).parent / "data"
PUBLISHED = GammaGamma(p=6.25, q=3.74, gamma=15.44)


def cdnow_orders() -> pd.DataFrame:
    """The CDNOW sample order log (tests/data/README.md) with the normalised column names."""
    orders = pd.read_csv(DATA / "CDNOW_sample.txt", sep=r"\s+", header=None, dtype={"date": str},
                         names=["cohort_id", "customer_id", "date", "cds", "amount"])
    return orders.assign(date=pd.to_datetime(orders["date"], format="%Y%m%d"))


def spend_of(*rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["frequency", "monetary_value"])


@pytest.fixture(scope="module")
def cdnow_weeks() -> pd.DataFrame:
    return customer_summary(cdnow_orders(), observation_end="1997-09-30", time_unit="W")


def test_cdnow_fit_reproduces_the_published_estimates(cdnow_weeks):
    # Fader, Hardie and Lee (2005), "RFM and CLV: using iso-value curves", JMR 42(4), and Fader and Hardie (2013),
    # "The Gamma-Gamma model of monetary value": p = 6.25, q = 3.74, gamma = 15.44 on the 946 repeat customers of
    # the 39-week calibration period; each within half its last digit. (The published summary rounds the average
    # spend to cents, which moves gamma to 15.448: the fit needs the raw orders.)
    model = GammaGamma.fit(cdnow_weeks)
    assert model.params == pytest.approx({"p": 6.25, "q": 3.74, "gamma": 15.44}, abs=5e-3)
    # CLVTools' reference log-likelihood for this fit (tests/testthat/test_correctness_gg.R): -4055.9177.
    assert model.log_likelihood(cdnow_weeks) == pytest.approx(-4055.9177, abs=1e-4)


def test_standard_errors_are_those_of_the_likelihoods_curvature(cdnow_weeks):
    """Independently of the fit's analytic gradient: the inverse of the Hessian of the log-likelihood itself, by
    central differences on the natural scale."""
    model = GammaGamma.fit(cdnow_weeks)
    theta = np.array(list(model.params.values()))
    steps = 1e-4 * theta

    def log_l(values):
        return GammaGamma(*values).log_likelihood(cdnow_weeks)

    hessian = np.empty((3, 3))
    for i in range(3):
        for j in range(3):
            ei, ej = np.eye(3)[i] * steps[i], np.eye(3)[j] * steps[j]
            hessian[i, j] = (log_l(theta + ei + ej) - log_l(theta + ei - ej) - log_l(theta - ei + ej)
                             + log_l(theta - ei - ej)) / (4 * steps[i] * steps[j])
    expected = np.sqrt(np.diag(np.linalg.inv(-hessian)))
    assert list(model.standard_errors.values()) == pytest.approx(expected, rel=1e-3)


def test_log_likelihood_is_the_density_of_the_average_spend():
    # z̄ | ν ~ Gamma(p·x, rate x·ν) and ν ~ Gamma(q, rate γ): integrate ν out numerically.
    customers = spend_of((1, 20.0), (4, 35.5), (12, 60.0))
    total = 0.0
    for x, average in customers.itertuples(index=False):
        def joint(nu, x=x, average=average):
            return (stats.gamma.pdf(average, PUBLISHED.p * x, scale=1 / (x * nu))
                    * stats.gamma.pdf(nu, PUBLISHED.q, scale=1 / PUBLISHED.gamma))
        total += np.log(integrate.quad(joint, 0, np.inf, epsrel=1e-12)[0])
    assert PUBLISHED.log_likelihood(customers) == pytest.approx(total, rel=1e-9)


def test_spend_by_hand():
    # Average of all customers: 6.25 · 15.44 / 2.74 = 35.2190. One repeat purchase of 100: weight
    # 6.25 / (6.25 + 2.74) = 0.6952 on the customer's own average: 35.219 + 0.6952 · (100 - 35.219) = 80.26.
    assert PUBLISHED.mean_spend == pytest.approx(6.25 * 15.44 / 2.74)
    customers = spend_of((0, 0.0), (1, 100.0), (10, 100.0), (3, -5.0))
    expected = PUBLISHED.conditional_expected_spend(customers)
    assert expected.round(2).tolist() == [35.22, 80.26, 97.28, 35.22]  # refunds only: treated as no history
    assert expected.name == "expected_spend"


def test_cdnow_first_customer():
    # Customer 1: two repeat purchases averaging 22.345: (15.44 + 2 · 22.345) · 6.25 / (12.5 + 2.74) = 24.664.
    summary = spend_of((2, 22.345))
    assert PUBLISHED.conditional_expected_spend(summary).iloc[0] == pytest.approx(60.13 * 6.25 / 15.24)


def test_recovers_the_parameters_of_simulated_customers():
    # The same 50,000 simulated customers as the BG/NBD recovery test; tolerances about three standard errors of
    # such a fit (2.1%, 0.9%, 2.8%).
    truth = GammaGamma(p=3.0, q=5.0, gamma=40.0)
    orders = simulate_transactions(50_000, BGNBD(r=2.0, alpha=25.0, a=1.0, b=8.0, time_unit="W"), truth,
                                   observation_periods=260, acquisition_periods=104, seed=0)
    fitted = GammaGamma.fit(customer_summary(orders, orders.attrs["observation_end"], time_unit="W"))
    for name, tolerance in {"p": 0.07, "q": 0.03, "gamma": 0.09}.items():
        assert fitted.params[name] == pytest.approx(truth.params[name], rel=tolerance)


def test_spend_too_varied_for_a_mean_warns_instead_of_inventing_one():
    # Spend rates drawn with q = 0.7: the mean spend across customers does not exist.
    rng = np.random.default_rng(1)
    x = rng.integers(1, 10, 5000)
    summary = spend_of(*zip(x, rng.gamma(2 * x, 1 / (x * rng.gamma(0.7, 1 / 10, 5000))), strict=True))
    with pytest.warns(UserWarning, match="cannot give a typical spend"):
        model = GammaGamma.fit(summary)
    assert model.q < 1 and np.isnan(model.mean_spend)
    with pytest.warns(UserWarning, match="q = 0.67"):
        spend = model.conditional_expected_spend(spend_of((0, 0.0), (3, 50.0)))
    assert np.isnan(spend.iloc[0])
    assert spend.iloc[1] == pytest.approx(model.p * (model.gamma + 150) / (3 * model.p + model.q - 1))


def test_no_warning_when_the_mean_exists(cdnow_weeks):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        GammaGamma.fit(cdnow_weeks)
        PUBLISHED.conditional_expected_spend(cdnow_weeks)


@pytest.mark.parametrize(("summary", "message"), [
    (spend_of((0, 0.0), (0, 0.0)), "cannot learn how much customers spend"),
    (spend_of((2, -3.0), (0, 0.0)), "cannot learn how much customers spend"),
    (spend_of((3, 20.0)), "could not settle"),
    (spend_of(*[(2, 25.0)] * 40), "could not settle"),
])
def test_too_little_spend_history_is_explained(summary, message):
    with pytest.raises(InputError, match=message) as error:
        GammaGamma.fit(summary)
    assert error.value.fields == ("transactions",)


def test_missing_column_and_bad_parameters():
    with pytest.raises(InputError) as error:
        PUBLISHED.conditional_expected_spend(pd.DataFrame({"frequency": [1]}))
    assert error.value.fields == ("monetary_value",)
    with pytest.raises(InputError) as error:
        GammaGamma(p=1.0, q=-2.0, gamma=1.0)
    assert error.value.fields == ("q",)


@settings(max_examples=60, deadline=None)
@given(p=st.floats(0.1, 50), q=st.floats(1.01, 50), gamma=st.floats(0.1, 1000),
       rows=st.lists(st.tuples(st.integers(1, 10_000), st.floats(0.01, 1e5)), min_size=1, max_size=10))
def test_expected_spend_lies_between_the_average_and_the_customer(p, q, gamma, rows):
    model = GammaGamma(p=p, q=q, gamma=gamma)
    summary = spend_of(*rows)
    expected = model.conditional_expected_spend(summary).to_numpy()
    low = np.minimum(model.mean_spend, summary["monetary_value"].to_numpy())
    high = np.maximum(model.mean_spend, summary["monetary_value"].to_numpy())
    assert ((expected >= low * (1 - 1e-12)) & (expected <= high * (1 + 1e-12))).all()
    assert np.isfinite(model.log_likelihood(summary))

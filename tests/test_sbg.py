"""sBG: the published fits of Fader and Hardie (2007), the formulas against direct sums, recovery, bad curves."""

import numpy as np
import pytest

from retention.btyd.sbg import SBG, check_survivors, projection
from retention.errors import InputError

# Fader and Hardie (2007), "How to Project Customer Retention", Journal of Interactive Marketing 21(1), Table 1
# (survivors of 1,000 customers in years 0-7) and section 4: the model fitted to the first seven years gives
# alpha = 0.668, beta = 3.806, LL = -1611.2 for "High End" and alpha = 0.704, beta = 1.182 for "Regular". Refitted
# here: 0.66809, 3.80609, -1611.158 and 0.70408, 1.18204 (LL -1680.265).
HIGH_END = [1000, 869, 743, 653, 593, 551, 517, 491]
REGULAR = [1000, 631, 468, 382, 326, 289, 262, 241]


def test_high_end_reproduces_the_published_fit():
    model = SBG.fit(HIGH_END)
    assert model.params == pytest.approx({"alpha": 0.668, "beta": 3.806}, abs=5e-4)
    assert model.log_likelihood(HIGH_END) == pytest.approx(-1611.2, abs=0.05)


def test_regular_reproduces_the_published_fit():
    model = SBG.fit(REGULAR)
    assert model.params == pytest.approx({"alpha": 0.704, "beta": 1.182}, abs=5e-4)
    assert model.log_likelihood(REGULAR) == pytest.approx(-1680.27, abs=0.01)


def test_the_fit_is_the_maximum():
    model = SBG.fit(HIGH_END)
    best = model.log_likelihood(HIGH_END)
    for alpha, beta in ((1.01, 1), (0.99, 1), (1, 1.01), (1, 0.99)):
        assert SBG(model.alpha * alpha, model.beta * beta).log_likelihood(HIGH_END) < best


def test_survival_and_retention_follow_the_recursion():
    model = SBG(alpha=0.668, beta=3.806)
    t = np.arange(1, 50)
    assert model.survival(0) == pytest.approx(1.0)
    assert model.survival(t) / model.survival(t - 1) == pytest.approx(model.retention_rate(t))
    assert np.all(np.diff(model.retention_rate(t)) > 0)  # retention rises as the cohort ages
    assert model.retention_rate(1) == pytest.approx(3.806 / (0.668 + 3.806))


def test_projection_follows_the_observed_curve_and_goes_on():
    model = SBG.fit(HIGH_END)
    frame = projection(model, HIGH_END, 12)
    assert list(frame["period"]) == list(range(13))
    assert frame["observed"].iloc[:8].tolist() == HIGH_END and frame["observed"].iloc[8:].isna().all()
    assert frame["projected"].iloc[:8].to_numpy() == pytest.approx(HIGH_END, rel=0.03)  # the fit tracks the data
    assert frame["projected"].to_numpy() == pytest.approx(1000 * model.survival(np.arange(13)))
    assert frame["projected"].iloc[12] == pytest.approx(378.0, abs=0.1)  # this fit's year 12, not a published one
    assert np.isnan(frame["projected_retention"].iloc[0]) and np.isnan(frame["observed_retention"].iloc[0])
    assert frame["observed_retention"].iloc[1] == pytest.approx(0.869)
    assert frame["projected_retention"].iloc[1:].to_numpy() == pytest.approx(model.retention_rate(np.arange(1, 13)))


def test_expected_lifetime():
    assert SBG(alpha=3, beta=4).expected_lifetime() == pytest.approx(3.0)  # (3 + 4 - 1) / (3 - 1)
    model = SBG(alpha=3, beta=4)
    assert model.survival(np.arange(5000)).sum() == pytest.approx(3.0, rel=1e-6)
    assert SBG(alpha=0.668, beta=3.806).expected_lifetime() == float("inf")
    assert SBG.fit(HIGH_END).median_lifetime() == 7.0  # S(7) = 0.49: 491 of 1,000 left after year 7
    assert SBG(alpha=0.01, beta=100).median_lifetime() == float("inf")


@pytest.mark.parametrize(("alpha", "beta"), [(0.668, 3.806), (0.704, 1.182), (3.0, 4.0)])
@pytest.mark.parametrize("discount_rate", [0.1, 0.01])
@pytest.mark.parametrize("renewals", [0, 1, 7, 35])
def test_discounted_lifetimes_against_their_sums(alpha, beta, discount_rate, renewals):
    model = SBG(alpha, beta)
    t = np.arange(200_000)
    discount = (1 + discount_rate) ** -t.astype(float)
    survival = model.survival(t)
    assert model.discounted_lifetime(discount_rate) == pytest.approx(survival @ discount, rel=1e-8)
    residual = survival[renewals + 1:] / survival[renewals] @ discount[: len(t) - renewals - 1]
    assert model.residual_lifetime(discount_rate, renewals) == pytest.approx(residual, rel=1e-8)


def test_discounted_lifetimes_without_discount():
    assert SBG(3, 4).residual_lifetime(0, 7) == pytest.approx((4 + 7) / (3 - 1))
    assert SBG(3, 4).discounted_lifetime(0) == pytest.approx(SBG(3, 4).expected_lifetime())
    assert SBG(0.668, 3.806).discounted_lifetime(0) == float("inf")
    assert SBG.fit(HIGH_END).residual_lifetime(0.1, 7) == pytest.approx(7.5296, abs=1e-4)


def simulated_curve(alpha: float, beta: float, customers: int, periods: int, seed: int) -> np.ndarray:
    """Survivors of a cohort drawn from the model: θ ~ Beta(α, β), each customer leaves in period T ~ Geometric(θ)."""
    rng = np.random.default_rng(seed)
    leaves = rng.geometric(rng.beta(alpha, beta, customers))
    return np.array([(leaves > t).sum() for t in range(periods + 1)], float)


@pytest.mark.parametrize(("alpha", "beta"), [(0.668, 3.806), (0.704, 1.182), (2.0, 10.0), (0.3, 0.8)])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_fit_recovers_the_parameters_of_simulated_cohorts(alpha, beta, seed):
    # 20,000 customers over 24 periods pin α and β within a few per cent (about two standard errors).
    model = SBG.fit(simulated_curve(alpha, beta, 20_000, 24, seed))
    assert model.params == pytest.approx({"alpha": alpha, "beta": beta}, rel=0.15)
    assert model.retention_rate(12) == pytest.approx(SBG(alpha, beta).retention_rate(12), abs=0.01)


@pytest.mark.parametrize(("survivors", "needle"), [
    ([1000, 869, 743], "at least 3 periods after it"),
    ([], "there are 0 periods now"),
    ([0, 0, 0, 0], "positive count"),
    ([-5, -6, -7, -8], "positive count"),
    ([np.nan, 869, 743, 653], "positive count"),
    ([1000, 869, np.nan, 653], "Period 2 needs a number"),
    ([1000, 869, -1, -2], "Period 2 needs a number"),
    ([1000, 869, 900, 653], "Period 2 has more customers (900) than the period before (869)"),
])
def test_bad_curves_are_refused_in_words(survivors, needle):
    with pytest.raises(InputError) as error:
        SBG.fit(survivors)
    assert error.value.fields == ("survivors",)
    assert needle in error.value.messages["survivors"]
    with pytest.raises(InputError):
        check_survivors(survivors)


@pytest.mark.parametrize("survivors", [
    [1000, 900, 810, 729, 656.1, 590.49],  # the same 10% leave every period: no mix of customers to find
    [1000, 1000, 1000, 1000],  # nobody leaves
    [1000, 990, 950, 800, 500],  # leaving speeds up with age, which the model cannot show
])
def test_a_fit_that_does_not_settle_says_so(survivors):
    with pytest.raises(InputError) as error:
        SBG.fit(survivors)
    assert "could not settle" in error.value.messages["survivors"]

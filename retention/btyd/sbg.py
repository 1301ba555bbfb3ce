"""sBG: how long subscribers stay, from the retention curve of one cohort.

The shifted-beta-geometric model of Fader and Hardie (2007), "How to Project Customer Retention", Journal of
Interactive Marketing 21(1). Each customer renews at the end of every period with their own probability 1 - θ
and, once gone, stays gone; across customers θ ~ Beta(α, β). Customers who leave easily (high θ) leave first, so
the retention rate of a cohort rises as it ages although no customer becomes more loyal:
r_t = (β + t - 1) / (α + β + t - 1).

The data are survivors per period, ``s_0, s_1, ..., s_n``: of s_0 customers who started together, s_t were still
customers after t periods. Then, with B the beta function and T the period in which a customer leaves,

- P(T = t) = B(α + 1, β + t - 1) / B(α, β), t = 1, 2, ...;
- S(t) = P(T > t) = B(α, β + t) / B(α, β);
- log-likelihood = Σ_{t=1..n} (s_{t-1} - s_t) log P(T = t) + s_n log S(n) (the s_n still there are censored).

===================================  ============================================================================
method                               what it gives
===================================  ============================================================================
``SBG.fit(survivors)``               the maximum-likelihood α, β of a curve
``log_likelihood(survivors)``        the log-likelihood above
``survival(t)``                      S(t), the share of a starting cohort still there after t periods
``retention_rate(t)``                r_t = S(t) / S(t - 1), the share of those there after t - 1 who renew
``expected_lifetime()``              E[T] = Σ S(t) = (α + β - 1) / (α - 1) periods; no limit when α <= 1
``median_lifetime()``                the first period after which half a cohort has gone
``discounted_lifetime(d)``           DEL: expected payments of a new customer, the first now, discounted
``residual_lifetime(d, renewals)``   DERL: expected payments still to come from a customer who renewed n - 1 times
===================================  ============================================================================

Value per customer = margin x revenue per period x DEL (a new customer) or DERL (one still there).

Bad curves raise :class:`retention.errors.InputError` under the key ``"survivors"``, in the user's words: fewer than
3 periods, a start that is not a positive count, an empty or negative period, a period with more customers than
the one before, or a fit that does not settle (for example a churn that is the same every period).

>>> model = SBG.fit([1000, 869, 743, 653, 593, 551, 517, 491])  # "High End", Fader and Hardie (2007)
>>> round(model.alpha, 3), round(model.beta, 3)
(0.668, 3.806)
>>> model.retention_rate([1, 2, 8]).round(3).tolist()
[0.851, 0.878, 0.942]
"""

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.special import betaln, digamma, hyp2f1

from retention.btyd.fitting import check_positive, maximise_likelihood
from retention.errors import InputError
from retention.formatting import format_number
from retention.words import words

__all__ = ["MINIMUM_PERIODS", "SBG", "check_survivors", "projection"]

#: A curve needs the start and at least this many periods after it: two parameters, and one period to spare.
MINIMUM_PERIODS = 3
FIELD = "survivors"
#: ``median_lifetime`` looks this far; beyond it a cohort keeps more than half its customers "for ever".
LONGEST_MEDIAN = 10**9


def _refuse(key: str, **values) -> InputError:
    return InputError({FIELD: words("subscriptions")["errors"][key].format(**values)})


def check_survivors(survivors) -> np.ndarray:
    """The curve as floats, or an InputError naming the first problem in the user's words (period 0 is the start)."""
    curve = np.asarray(survivors, float).ravel()
    if len(curve) - 1 < MINIMUM_PERIODS:
        raise _refuse("too_few_periods", minimum=MINIMUM_PERIODS, periods=max(len(curve) - 1, 0))
    if not (np.isfinite(curve[0]) and curve[0] > 0):
        raise _refuse("no_start")
    for period in range(1, len(curve)):
        count, before = curve[period], curve[period - 1]
        if not (np.isfinite(count) and count >= 0):
            raise _refuse("bad_count", period=period)
        if count > before:
            raise _refuse("rises", period=period, count=format_number(count, None), before=format_number(before, None))
    return curve


def _negative_log_likelihood(log_params: np.ndarray, curve: np.ndarray) -> tuple[float, np.ndarray]:
    """Minus the log-likelihood per starting customer and its gradient in (log α, log β).

    d/dα log B(α + 1, β + t - 1) / B(α, β) = ψ(α + 1) - ψ(α) - ψ(α + β + t) + ψ(α + β), and so on for β and S(n).
    """
    alpha, beta = params = np.exp(log_params)
    periods = np.arange(1, len(curve))
    lost, kept, last = curve[:-1] - curve[1:], curve[-1], len(curve) - 1
    log_beta, psi_ab = betaln(alpha, beta), digamma(alpha + beta)
    leave = betaln(alpha + 1, beta + periods - 1) - log_beta
    stay = betaln(alpha, beta + last) - log_beta
    psi_leave = digamma(alpha + beta + periods)
    gradient = np.array([
        lost @ (digamma(alpha + 1) - digamma(alpha) - psi_leave + psi_ab)
        + kept * (psi_ab - digamma(alpha + beta + last)),
        lost @ (digamma(beta + periods - 1) - digamma(beta) - psi_leave + psi_ab)
        + kept * (digamma(beta + last) - digamma(beta) - digamma(alpha + beta + last) + psi_ab),
    ])
    return -(lost @ leave + kept * stay) / curve[0], -gradient * params / curve[0]


@dataclass(frozen=True)
class SBG:
    """An sBG model with known parameters α and β (both positive): θ ~ Beta(α, β), the average churn per period
    of a new cohort is α / (α + β)."""

    alpha: float
    beta: float

    def __post_init__(self):
        check_positive(self.params)

    @property
    def params(self) -> dict[str, float]:
        """The parameters by name: ``{"alpha": ..., "beta": ...}``."""
        return {"alpha": self.alpha, "beta": self.beta}

    @classmethod
    def fit(cls, survivors) -> "SBG":
        """The maximum-likelihood model of a curve of survivors per period (see :func:`check_survivors`).

        L-BFGS-B on log α, log β with the analytic gradient (:func:`retention.btyd.fitting.maximise_likelihood`),
        from α + β = 2, 10 and 0.5 with α / (α + β) the first period's churn. An InputError when no start settles
        on a stable maximum: a churn that does not fall with age (for example the same every period) sends α and
        β off to infinity or zero.
        """
        curve = check_survivors(survivors)
        churn = float(np.clip(1 - curve[1] / curve[0], 0.05, 0.95))
        starts = [(scale * churn, scale * (1 - churn)) for scale in (2.0, 10.0, 0.5)]
        try:
            log_params, _ = maximise_likelihood(_negative_log_likelihood, curve, curve[0], starts, "")
        except InputError:
            raise _refuse("fit_failed") from None  # maximise_likelihood words it for order logs
        return cls(*(float(value) for value in np.exp(log_params)))

    def log_likelihood(self, survivors) -> float:
        """The log-likelihood of a curve (formula in the module docstring). High End: -1611.2 at the fit."""
        curve = check_survivors(survivors)
        value, _ = _negative_log_likelihood(np.log(list(self.params.values())), curve)
        return float(-value * curve[0])

    def survival(self, t):
        """S(t) = B(α, β + t) / B(α, β): the share of a new cohort still there after t periods (t >= 0)."""
        t = np.asarray(t, float)
        return np.exp(betaln(self.alpha, self.beta + t) - betaln(self.alpha, self.beta))[()]

    def retention_rate(self, t):
        """r_t = (β + t - 1) / (α + β + t - 1): the share of customers there after t - 1 periods who renew in
        period t (t >= 1). It rises with t: the customers who leave easily have left first."""
        t = np.asarray(t, float)
        return ((self.beta + t - 1) / (self.alpha + self.beta + t - 1))[()]

    def expected_lifetime(self) -> float:
        """E[T] = Σ_{t>=0} S(t) = (α + β - 1) / (α - 1) periods, counting the first; infinity when α <= 1 (then
        enough customers hardly ever leave that the average has no limit: see :meth:`median_lifetime`)."""
        if self.alpha <= 1:
            return float("inf")
        return (self.alpha + self.beta - 1) / (self.alpha - 1)

    def median_lifetime(self) -> float:
        """The first whole period t with S(t) <= 1/2 (half the cohort has gone by then), by doubling and then
        halving the search range; infinity beyond ``LONGEST_MEDIAN`` periods."""
        if self.survival(LONGEST_MEDIAN) > 0.5:
            return float("inf")
        low, high = 0, 1
        while self.survival(high) > 0.5:
            low, high = high, 2 * high
        while high - low > 1:
            middle = (low + high) // 2
            low, high = (middle, high) if self.survival(middle) > 0.5 else (low, middle)
        return float(high)

    def discounted_lifetime(self, discount_rate: float) -> float:
        """DEL(d) = Σ_{t>=0} S(t) / (1 + d)^t = 2F1(1, β; α + β; 1 / (1 + d)): the payments a new customer is
        expected to make, the first now, each later one discounted by d per period It is
        1 + DERL(d | 0 renewals) / (1 + d) (Fader and Hardie 2010, "Customer-Base Valuation in a Contractual
        Setting", Journal of Interactive Marketing 24(3))."""
        return 1 + _residual(self.alpha, self.beta, discount_rate) / (1 + discount_rate)

    def residual_lifetime(self, discount_rate: float, renewals: int) -> float:
        """DERL(d | α, β, n - 1 renewals) = Σ_{t>=n} S(t) / S(n - 1) / (1 + d)^(t - n)
        = (β + n - 1) / (α + β + n - 1) · 2F1(1, β + n; α + β + n; 1 / (1 + d)) (Fader and Hardie 2010, eq. 6):
        the payments still expected from a customer who has renewed n - 1 times, just before the next renewal,
        the next one undiscounted. With d = 0 it is (β + n - 1) / (α - 1), and no limit when α <= 1."""
        return _residual(self.alpha, self.beta + renewals, discount_rate)


def _residual(alpha: float, beta: float, discount_rate: float) -> float:
    """β / (α + β) · 2F1(1, β + 1; α + β + 1; 1 / (1 + d)): DERL with β standing for β + n - 1."""
    if discount_rate < 0:
        raise _refuse("negative_discount")
    if discount_rate == 0:
        return beta / (alpha - 1) if alpha > 1 else float("inf")
    return float(beta / (alpha + beta) * hyp2f1(1, beta + 1, alpha + beta + 1, 1 / (1 + discount_rate)))


def projection(model: SBG, survivors, periods: int) -> pd.DataFrame:
    """The observed curve and the model's, periods 0 .. max(periods, observed).

    Columns: ``period``, ``observed`` (survivors; NaN beyond the curve), ``projected`` (s_0 · S(t)),
    ``observed_retention`` (s_t / s_{t-1}) and ``projected_retention`` (r_t), both NaN at period 0.
    """
    curve = check_survivors(survivors)
    period = np.arange(max(periods, len(curve) - 1) + 1)
    observed = np.full(len(period), np.nan)
    observed[: len(curve)] = curve
    with np.errstate(divide="ignore", invalid="ignore"):
        observed_retention = np.concatenate(([np.nan], observed[1:] / observed[:-1]))
    projected_retention = np.concatenate(([np.nan], model.retention_rate(period[1:])))
    return pd.DataFrame({"period": period, "observed": observed, "projected": curve[0] * model.survival(period),
                         "observed_retention": observed_retention, "projected_retention": projected_retention})

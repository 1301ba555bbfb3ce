"""Gamma-Gamma: how much each customer will spend per purchase.

The spend model of Fader, Hardie and Lee (2005), "RFM and CLV: using iso-value curves", and Fader and Hardie (2013),
"The Gamma-Gamma model of monetary value". The amount of each purchase of a customer is Gamma(shape p, rate ν), so
their own mean spend per purchase is p / ν; across customers ν ~ Gamma(shape q, rate γ). The average spend per
purchase across all customers is then p·γ / (q - 1), defined only when q > 1. Spend is assumed independent of how
often a customer buys, and the first purchase is left out (the summary's ``monetary_value`` is the mean of the
repeat purchases). Spend has no time unit.

===================================  ============================================================================
method                               what it gives
===================================  ============================================================================
``GammaGamma.fit(summary)``          the maximum-likelihood p, q, γ of the repeat customers
``log_likelihood(summary)``          log of the density of each repeat customer's average spend, summed
``conditional_expected_spend``       expected spend per future purchase of each customer
``mean_spend``                       average spend per purchase across all customers, p·γ / (q - 1)
===================================  ============================================================================

Only customers with repeat purchases (``frequency`` > 0) whose average repeat spend is above 0 tell the model
anything; the others (including customers whose refunds outweigh their purchases) get the average of all
customers. When q <= 1 that average does not exist: the fit warns (``UserWarning``, plain words) and those customers
get NaN instead of a negative or infinite spend.

>>> model = GammaGamma(p=6.25, q=3.74, gamma=15.44)  # CDNOW (Fader and Hardie 2013)
>>> round(model.mean_spend, 2)
35.22
>>> customers = pd.DataFrame({"frequency": [0, 1, 10], "monetary_value": [0.0, 100.0, 100.0]})
>>> model.conditional_expected_spend(customers).round(2).tolist()
[35.22, 80.26, 97.28]

One repeat purchase of 100 moves the estimate from the average 35.22 a share p·x / (p·x + q - 1) = 6.25 / 8.99 =
0.695 of the way to 100: 35.22 + 0.695 × 64.78 = 80.26. Ten repeat purchases move it 0.958 of the way.
"""

import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy.special import digamma, gammaln

from retention.btyd.fitting import (
    check_positive,
    dot,
    maximise_likelihood,
    standard_errors,
    summary_column,
)
from retention.errors import InputError
from retention.words import words

__all__ = ["GammaGamma"]


@dataclass(frozen=True)
class _SpendData:
    """The repeat customers' x and average spend z̄, with the sums that do not depend on the parameters."""

    frequency: np.ndarray
    spend: np.ndarray
    frequencies: np.ndarray
    customers_per_frequency: np.ndarray
    sum_x_log_spend: float
    sum_log_spend: float
    sum_x_log_x: float

    @classmethod
    def of(cls, summary: pd.DataFrame) -> "_SpendData":
        x, spend = _spend_histories(summary)
        informative = (x > 0) & (spend > 0)
        x, spend = x[informative], spend[informative]
        frequencies, customers_per_frequency = np.unique(x, return_counts=True)
        log_spend = np.log(spend)
        return cls(x, spend, frequencies, customers_per_frequency.astype(float), dot(x, log_spend),
                   float(log_spend.sum()), dot(x, np.log(x)))


def _spend_histories(summary: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    x, spend = summary_column(summary, "frequency"), summary_column(summary, "monetary_value")
    if not ((x >= 0) & (x == np.round(x)) & np.isfinite(spend)).all():
        raise InputError({"transactions": words("forecast")["impossible_summary"]})
    return x, spend


def _negative_log_likelihood(log_params: np.ndarray, data: _SpendData) -> tuple[float, np.ndarray]:
    """Minus the mean log-likelihood per repeat customer and its gradient in (log p, log q, log γ).

    The density of one customer's average spend z̄ over x purchases (Fader and Hardie 2013, eq. 1a):
    f(z̄) = Γ(px+q) / (Γ(px) Γ(q)) · γ^q · x^(px) · z̄^(px-1) / (γ + x·z̄)^(px+q).
    Terms in x alone are computed once per distinct x; sums of constants are precomputed.
    """
    p, q, gamma = params = np.exp(log_params)
    xs, counts, x = data.frequencies, data.customers_per_frequency, data.frequency
    customers = counts.sum()
    pooled = gamma + x * data.spend
    log_pooled = np.log(pooled)
    shape = p * x + q
    log_l = (dot(counts, gammaln(p * xs + q) - gammaln(p * xs)) - customers * (gammaln(q) - q * np.log(gamma))
             + p * data.sum_x_log_spend - data.sum_log_spend + p * data.sum_x_log_x - dot(shape, log_pooled))
    gradient = np.array([
        dot(counts, xs * (digamma(p * xs + q) - digamma(p * xs))) + data.sum_x_log_spend + data.sum_x_log_x
        - dot(x, log_pooled),
        dot(counts, digamma(p * xs + q)) - customers * (digamma(q) - np.log(gamma)) - log_pooled.sum(),
        customers * q / gamma - (shape / pooled).sum(),
    ])
    return -log_l / customers, -gradient * params / customers


@dataclass(frozen=True)
class GammaGamma:
    """A Gamma-Gamma spend model with known parameters p, q and γ (``gamma``), all positive; ``standard_errors``:
    the fit's standard error of each, ``log_covariance`` the covariance of (log p, log q, log γ) (:meth:`fit` sets
    them; None for a model given by hand)."""

    p: float
    q: float
    gamma: float
    standard_errors: dict[str, float] | None = field(default=None, compare=False, repr=False)
    log_covariance: np.ndarray | None = field(default=None, compare=False, repr=False)

    def __post_init__(self):
        check_positive(self.params)

    @property
    def params(self) -> dict[str, float]:
        """The parameters by name: ``{"p": ..., "q": ..., "gamma": ...}``."""
        return {"p": self.p, "q": self.q, "gamma": self.gamma}

    @property
    def mean_spend(self) -> float:
        """Average spend per purchase across all customers, p·γ / (q - 1); NaN when q <= 1 (it does not exist)."""
        return self.p * self.gamma / (self.q - 1) if self.q > 1 else float("nan")

    @classmethod
    def fit(cls, summary: pd.DataFrame) -> "GammaGamma":
        """The maximum-likelihood model of the repeat customers of a summary (``frequency``, ``monetary_value``).

        Maximises :meth:`log_likelihood` over log p, log q, log γ with L-BFGS-B and the analytic gradient, from
        p = 1, q = 2, γ = mean z̄ (so that p·γ / (q - 1) is the observed mean), then from two other shapes
        (see :func:`retention.btyd.bgnbd.maximise_likelihood`). Warns when the fitted q is 1 or less.
        """
        data = _SpendData.of(summary)
        messages = words("forecast")
        if len(data.frequency) == 0:
            raise InputError({"transactions": messages["no_spend_history"]})
        mean = data.spend.mean()
        starts = [(1.0, 2.0, mean), (5.0, 3.0, 0.4 * mean), (0.5, 1.5, mean)]
        log_params, covariance = maximise_likelihood(_negative_log_likelihood, data, len(data.frequency), starts,
                                                     messages["spend_fit_failed"])
        errors = standard_errors(log_params, covariance)
        model = cls(*np.exp(log_params), standard_errors=dict(zip(("p", "q", "gamma"), errors.tolist(), strict=True)),
                    log_covariance=covariance)
        if model.q <= 1:
            warnings.warn(messages["spend_mean_undefined"].format(q=model.q), UserWarning, stacklevel=2)
        return model

    def log_likelihood(self, summary: pd.DataFrame) -> float:
        """Log of the density of each repeat customer's average spend z̄ (not of their total spend x·z̄), summed.

        Formula in ``_negative_log_likelihood``; the density of the total differs by the constant -Σ log x. 0 when
        no customer has repeat purchases. On CDNOW the maximum is -4055.92 (at p = 6.25, q = 3.74, γ = 15.44).
        """
        data = _SpendData.of(summary)
        if len(data.frequency) == 0:
            return 0.0
        value, _ = _negative_log_likelihood(np.log(list(self.params.values())), data)
        return -value * len(data.frequency)

    def conditional_expected_spend(self, summary: pd.DataFrame) -> pd.Series:
        """Expected spend per future purchase of each customer, given x repeat purchases averaging z̄.

        E[M | x, z̄] = p·(γ + x·z̄) / (p·x + q - 1): a weighted average of the customer's own z̄ (weight
        p·x / (p·x + q - 1)) and the average of all customers p·γ / (q - 1). Customers without repeat purchases, or
        whose z̄ is 0 or less, get that average; NaN (with a warning) where p·x + q <= 1.
        """
        x, spend = _spend_histories(summary)
        informative = (x > 0) & (spend > 0)
        x, spend = np.where(informative, x, 0.0), np.where(informative, spend, 0.0)
        denominator = self.p * x + self.q - 1
        expected = np.full(len(x), np.nan)
        defined = denominator > 0
        expected[defined] = self.p * (self.gamma + x[defined] * spend[defined]) / denominator[defined]
        if not defined.all():
            warnings.warn(words("forecast")["spend_mean_undefined"].format(q=self.q), UserWarning, stacklevel=2)
        return pd.Series(expected, index=summary.index, name="expected_spend")

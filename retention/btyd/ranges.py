"""80% ranges of the forecast: how far the figures can be off because the models were fitted on a finite sample,
and, for totals, because who buys in the future is chance.

Two sources, added as variances:

- Parameter uncertainty, by the delta method. A fit's log-parameters u = log θ are asymptotically normal with
  covariance Σ = H⁻¹ / n (``model.log_covariance``, :func:`retention.btyd.fitting.covariance_of`). A figure f(u)
  then has Var f ≈ gᵀ Σ g, g = ∂f/∂u by forward differences (step ``STEP``). The BG/NBD and Gamma-Gamma fits are
  separate, so their blocks add. For a total F = Σ_i f_i, g = Σ_i g_i.
- The spread of future purchases under the fitted model (totals only): each customer's future is drawn
  max(2, ⌈``FUTURES`` / customers⌉) times from their posterior. Alive with P(alive); then λ ~ Gamma(r + x, α + T),
  p ~ Beta(a, b + x), purchases Y = min(Poisson(λt), Geometric(p)) (they leave right after a purchase with
  probability p); their total spend, given Y, is Gamma(p_s·Y, ν) with ν ~ Gamma(q + p_s·x, γ + x·z̄). The value of a
  draw is m · f_i · spend, f_i = (discounted expected purchases) / (expected purchases), the customer's average
  discount. The variance of a total is Σ_i of each customer's sample variance (customers are independent given the
  parameters).

A total's range is F ± z·sqrt(Var_parameters + Var_future), z the normal quantile of the level, cut at 0. A
customer's range is the parameter uncertainty alone, on the log scale so it stays positive:
f_i · exp(±z · sd_i / f_i). Draws use a fixed seed, so the same forecast gives the same ranges.
"""

import dataclasses
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.stats import norm

from retention.btyd.bgnbd import BGNBD, _histories, purchases_by_history
from retention.btyd.clv import discounted_purchases, time_grid
from retention.btyd.gamma_gamma import GammaGamma, _spend_histories

__all__ = ["LEVEL", "ForecastRanges", "Range", "forecast_ranges", "purchases_range"]

#: The share of outcomes a range covers.
LEVEL = 0.8
#: Futures drawn in all (at least 2 per customer), and the seed of the draws.
FUTURES = 50_000
SEED = 16
#: The step in each log-parameter of the forward differences.
STEP = 1e-5


@dataclass(frozen=True)
class Range:
    """From ``low`` to ``high``: where a figure lies with probability ``LEVEL`` under the fitted models."""

    low: float
    high: float


@dataclass(frozen=True, eq=False)
class ForecastRanges:
    """The ranges of a forecast's figures: ``purchases`` (total expected purchases in the horizon), ``total_value``,
    ``value_per_customer`` (total value over the customers with a value) and ``customers`` (``clv_low``,
    ``clv_high`` per customer, the summary's index)."""

    purchases: Range
    total_value: Range
    value_per_customer: Range
    customers: pd.DataFrame


def _shifted(model) -> list:
    """The model with each log-parameter in turn moved up by ``STEP``."""
    return [dataclasses.replace(model, **{name: value * np.exp(STEP)}) for name, value in model.params.items()]


def _gradient(model, values_of, base: np.ndarray) -> np.ndarray:
    """∂ values_of / ∂ log θ for each parameter θ of the model, on the first axis: (values_of(shifted) - base) / STEP,
    values_of giving the values of a list of models (stacked) and ``base`` those of the model."""
    return (values_of(_shifted(model)) - base) / STEP


def _covariance(model) -> np.ndarray:
    """The fit's covariance of the log-parameters; zeros for a model given by hand (its parameters are known)."""
    count = len(model.params)
    return np.zeros((count, count)) if model.log_covariance is None else model.log_covariance


def _parameter_variance(gradient: np.ndarray, covariance: np.ndarray) -> np.ndarray:
    """gᵀ Σ g for each gradient g (the first axis of ``gradient`` runs over the parameters)."""
    return np.einsum("k...,kl,l...->...", gradient, covariance, gradient)


def _future_purchases(model: BGNBD, summary: pd.DataFrame, alive: np.ndarray, t: float,
                      rng: np.random.Generator) -> np.ndarray:
    """Draws of each customer's purchases in the next t (one row per customer), formula in the module docstring;
    ``alive`` is each customer's P(alive). λ and p are drawn for the futures drawn alive only (the others make no
    purchase)."""
    x, _, age = _histories(summary)
    size = (len(x), max(2, -(-FUTURES // max(len(x), 1))))
    drawn_alive = rng.random(size) < alive[:, None]
    customer = np.nonzero(drawn_alive)[0]
    rate = rng.gamma((model.r + x)[customer], 1 / (model.alpha + age)[customer])
    leaving = rng.beta(model.a, (model.b + x)[customer])
    purchases = np.zeros(size, np.int64)
    purchases[drawn_alive] = np.minimum(rng.poisson(rate * t), rng.geometric(leaving))
    return purchases


def _future_spend(model: GammaGamma, summary: pd.DataFrame, purchases: np.ndarray,
                  rng: np.random.Generator) -> np.ndarray:
    """The total spend of drawn purchases (one row per customer), formula in the module docstring; ν is drawn for
    the futures with purchases only."""
    x, spend = _spend_histories(summary)
    informative = (x > 0) & (spend > 0)
    x, spend = np.where(informative, x, 0.0), np.where(informative, spend, 0.0)
    bought = purchases > 0
    customer = np.nonzero(bought)[0]
    spend_rate = rng.gamma(model.q + model.p * x[customer], 1 / (model.gamma + x * spend)[customer])
    total = np.zeros(purchases.shape)
    total[bought] = rng.gamma(model.p * purchases[bought]) / spend_rate
    return total


def _total_range(values: np.ndarray, parameter_variance: float, draws: np.ndarray, level: float) -> Range:
    """The range of Σ values: the parameters' variance plus Σ_i the sample variance of customer i's drawn futures."""
    total = np.nansum(values)
    spread = np.nansum(np.var(draws, axis=1, ddof=1))
    half = norm.ppf((1 + level) / 2) * np.sqrt(parameter_variance + spread)
    return Range(float(max(total - half, 0.0)), float(total + half))


def purchases_range(model: BGNBD, summary: pd.DataFrame, t: float, level: float = LEVEL,
                    seed: int = SEED) -> Range:
    """The range of the summary's customers' total purchases in the next t time units."""
    while_active, row_of, alive = purchases_by_history([model, *_shifted(model)], [t], summary)
    base, *shifted = while_active[row_of, :, 0].T * alive
    variance = _parameter_variance((np.array(shifted) - base).sum(axis=1) / STEP, _covariance(model))
    draws = _future_purchases(model, summary, alive[0], t, np.random.default_rng(seed))
    return _total_range(base, float(variance), draws, level)


def forecast_ranges(purchases: BGNBD, spend: GammaGamma, summary: pd.DataFrame, values: pd.DataFrame,
                    horizon: float, discount_rate: float, margin: float, level: float = LEVEL,
                    seed: int = SEED) -> ForecastRanges:
    """The ranges of a forecast's figures; ``values`` is :func:`retention.btyd.clv.predict_clv` of these models
    and settings."""
    expected_spend = values["expected_spend"].to_numpy()
    clv = values["predicted_clv"].to_numpy()

    ends, years_per_step = time_grid(purchases, summary, horizon)

    def purchase_values(models: list[BGNBD]) -> np.ndarray:
        return np.stack(discounted_purchases(models, summary, ends, years_per_step, discount_rate)[:2], axis=1)

    # The unshifted counts come from ``values`` (the fifth lifetime value would cost as much as each shifted one):
    # the discounted purchases are the value over margin × spend, where that is positive; elsewhere the value is 0
    # or missing whatever they are, so 0 stands in.
    scale = margin * expected_spend
    known = np.isfinite(clv) & np.isfinite(scale) & (scale > 0)
    discounted = np.divide(clv, scale, out=np.zeros_like(clv), where=known)
    expected = values["expected_purchases"].to_numpy()
    counts = np.stack([expected, discounted])
    count_gradient = _gradient(purchases, purchase_values, counts)
    spend_gradient = _gradient(
        spend, lambda models: np.stack([model.conditional_expected_spend(summary).to_numpy() for model in models]),
        expected_spend)
    clv_purchase_gradient = margin * expected_spend * count_gradient[:, 1]
    clv_spend_gradient = margin * discounted * spend_gradient
    purchase_covariance, spend_covariance = _covariance(purchases), _covariance(spend)

    sd = np.sqrt(_parameter_variance(clv_purchase_gradient, purchase_covariance)
                 + _parameter_variance(clv_spend_gradient, spend_covariance))
    spread = np.exp(norm.ppf((1 + level) / 2) * np.divide(sd, clv, out=np.zeros_like(clv), where=clv > 0))
    customers = pd.DataFrame({"clv_low": clv / spread, "clv_high": clv * spread}, index=summary.index)

    rng = np.random.default_rng(seed)
    future = _future_purchases(purchases, summary, values["probability_alive"].to_numpy(), horizon, rng)
    discount = np.divide(discounted, expected, out=np.zeros_like(expected), where=expected > 0)
    future_value = margin * discount[:, None] * _future_spend(spend, summary, future, rng)
    future_value[np.isnan(clv)] = np.nan
    total_value = _total_range(
        clv, float(_parameter_variance(np.nansum(clv_purchase_gradient, axis=1), purchase_covariance)
                   + _parameter_variance(np.nansum(clv_spend_gradient, axis=1), spend_covariance)),
        future_value, level)
    valued = max(int(np.isfinite(clv).sum()), 1)
    return ForecastRanges(
        purchases=_total_range(expected, float(_parameter_variance(count_gradient[:, 0].sum(axis=1),
                                                                   purchase_covariance)), future, level),
        total_value=total_value,
        value_per_customer=Range(total_value.low / valued, total_value.high / valued),
        customers=customers,
    )

"""BG/NBD: how many purchases each customer will make, and the chance they are still a customer.

The beta-geometric / negative binomial distribution model of Fader, Hardie and Lee (2005), "Counting your customers
the easy way", Marketing Science 24(2). While active, a customer buys at a steady rate λ (purchases per time unit;
the times between purchases are exponential); right after each purchase they leave for good with probability p.
Across customers λ ~ Gamma(shape r, rate α) and p ~ Beta(a, b). The average customer buys r / α times per time unit
while active and leaves after a purchase with probability a / (a + b).

===================================  ============================================================================
method                               what it gives
===================================  ============================================================================
``BGNBD.fit(summary)``               the maximum-likelihood r, α, a, b of a customer summary
``log_likelihood(summary)``          log of the probability density of every customer's (x, t_x, T), summed
``expected_purchases(t)``            expected repeat purchases of a new customer in (0, t]
``conditional_expected_purchases``   expected purchases of each customer in the next t time units
``probability_alive(summary)``       probability that each customer is still active
``purchase_count_probability``       probability that a new customer makes n repeat purchases in (0, t]
===================================  ============================================================================

The summary is the one of :func:`retention.btyd.customer_summary.customer_summary`: ``frequency`` x (repeat purchases),
``recency`` t_x and ``T`` in one time unit, recorded in ``summary.attrs["time_unit"]``. α is a rate per time unit, so
the parameters belong to that unit: :meth:`BGNBD.fit` records it in ``model.time_unit`` and every method refuses a
summary in another unit. All computations are vectorised and run in log space.

A failed fit raises :class:`retention.errors.InputError` under the key ``"transactions"``, with a message for the
user: no repeat purchases at all, or no stable maximum (too few customers, too short a history).

>>> model = BGNBD(r=0.243, alpha=4.414, a=0.793, b=2.426, time_unit="W")  # CDNOW, weeks (Fader et al. 2005)
>>> customers = pd.DataFrame({"frequency": [0, 2], "recency": [0.0, 30.43], "T": [38.86, 38.86]})
>>> model.probability_alive(customers).round(3).tolist()
[1.0, 0.727]
>>> model.conditional_expected_purchases(39, customers).round(3).tolist()
[0.195, 1.226]
"""

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy.special import betainc, betaln, digamma, expit, gammaln, hyp2f1, xlogy, zeta

from retention.btyd.fitting import (
    check_positive,
    check_time_unit,
    distinct_rows,
    dot,
    maximise_likelihood,
    standard_errors,
    summary_column,
)
from retention.errors import InputError
from retention.words import words

__all__ = ["BGNBD", "purchases_by_history"]

#: The fit searches the maximum on every k-th customer, k = customers // this when that is 2 or more (a sample of
#: at least this many), and finishes with Newton's method on all (:func:`retention.btyd.fitting.newton`).
_SAMPLE_CUSTOMERS = 10_000

#: Gauss's recurrence in c is run downwards only where z = t/(α+T+t) is below this: there 2F1 is the recurrence's
#: minimal solution and the downward run is stable; from z = 1/2 on, errors grow like (z / (1-z)) per step.
_RECURRENCE_LIMIT = 0.5


def _hyp2f1(a, b, c, z) -> np.ndarray:
    """The Gauss hypergeometric function 2F1(a, b; c; z), 0 <= z < 1, as scipy's ``hyp2f1``, retried a hair away
    (a and b plus 1e-9) where scipy 1.17 returns NaN or infinity, as it does for some whole-number a or b with z
    near 1 (2F1(1, 1; 101; 10/11) = 1.00917); the result moves by about 1e-9 relative."""
    value = np.asarray(hyp2f1(a, b, c, z))
    failed = ~np.isfinite(value)
    if failed.any():
        a, b, c, z = np.broadcast_arrays(a, b, c, z)
        value[failed] = hyp2f1(a[failed] + 1e-9, b[failed] + 1e-9, c[failed], z[failed])
    return value


def _histories(summary: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The summary's (x, t_x, T) as float arrays, or an InputError when a history is impossible."""
    x, t_x, age = (summary_column(summary, name) for name in ("frequency", "recency", "T"))
    possible = (x >= 0) & (x == np.round(x)) & (t_x >= 0) & (t_x <= age) & np.isfinite(age)
    if not possible.all():
        raise InputError({"transactions": words("forecast")["impossible_summary"]})
    return x, np.where(x > 0, t_x, 0.0), age


@dataclass(frozen=True)
class _FitData:
    """The distinct (x, t_x, T) histories with how many customers share each, and their distinct frequencies."""

    frequency: np.ndarray
    recency: np.ndarray
    age: np.ndarray
    weights: np.ndarray
    frequencies: np.ndarray
    frequency_index: np.ndarray
    weight_per_frequency: np.ndarray

    @classmethod
    def of(cls, x, t_x, age) -> "_FitData":
        representatives, row_of = distinct_rows(x, t_x, age)
        weights = np.bincount(row_of).astype(float)
        frequencies, frequency_index = np.unique(x[representatives], return_inverse=True)
        return cls(x[representatives], t_x[representatives], age[representatives], weights, frequencies,
                   frequency_index, np.bincount(frequency_index, weights, len(frequencies)))


def _beta_terms(a: float, b: float, xs: np.ndarray, hessian: bool) -> dict[str, np.ndarray]:
    """The factors of a customer's likelihood that depend on a and b, per distinct x: log B(a, b+x) / B(a, b)
    ("stay") and log B(a+1, b+x-1) / B(a, b) ("leave", -inf at x = 0), their derivatives in a and b (digammas ψ)
    and, when ``hessian``, their second derivatives (trigammas ψ'(z) = ζ(2, z)): with s = ψ'(a+b) - ψ'(a+b+x),
    stay_aa = stay_ab = leave_ab = s, stay_bb = ψ'(b+x) - ψ'(b) + s, leave_aa = ψ'(a+1) - ψ'(a) + s,
    leave_bb = ψ'(b+x-1) - ψ'(b) + s. Every leave term is 0 at x = 0 (b+x-1 is taken as b there)."""
    repeat = xs > 0
    b_before = np.maximum(b + xs - 1, b)
    log_beta, shared = betaln(a, b), digamma(a + b) - digamma(a + b + xs)
    terms = {"stay": betaln(a, b + xs) - log_beta,
             "leave": np.where(repeat, betaln(a + 1, b_before) - log_beta, -np.inf),
             "stay_a": shared, "stay_b": digamma(b + xs) - digamma(b) + shared,
             "leave_a": np.where(repeat, digamma(a + 1) - digamma(a) + shared, 0.0),
             "leave_b": np.where(repeat, digamma(b_before) - digamma(b) + shared, 0.0)}
    if hessian:
        shared = zeta(2, a + b) - zeta(2, a + b + xs)
        terms |= {"stay_aa": shared, "stay_bb": zeta(2, b + xs) - zeta(2, b) + shared,
                  "leave_aa": np.where(repeat, zeta(2, a + 1) - zeta(2, a) + shared, 0.0),
                  "leave_ab": np.where(repeat, shared, 0.0),
                  "leave_bb": np.where(repeat, zeta(2, b_before) - zeta(2, b) + shared, 0.0)}
    return terms


def _negative_log_likelihood(log_params: np.ndarray, data: _FitData, hessian: bool = False) -> tuple:
    """Minus the mean log-likelihood per customer and its gradient in (log r, log α, log a, log b), and with
    ``hessian`` its Hessian there too: θ_i θ_j H_ij + [i = j] θ_i ∂_i log L in the log-parameters, with H the
    Hessian in the parameters θ (:func:`_hessian`) and ∂ the gradient there.

    For one customer, with B the beta function and δ = 1 when x > 0 (Fader et al. 2005, eq. 6):
    L = Γ(r+x) α^r / Γ(r) · [B(a, b+x) / B(a, b) / (α+T)^(r+x) + δ B(a+1, b+x-1) / B(a, b) / (α+t_x)^(r+x)].
    The two terms are added in log space: log L = log Γ(r+x) α^r / Γ(r) + log(stay) + log(1 + e^odds), odds the log
    of the second term over the first (-inf without repeat purchases), and s = 1 / (1 + e^-odds) is the second
    term's share. Terms in x alone are computed once per distinct x and weighted by the number of customers with
    that x.
    """
    r, alpha, a, b = params = np.exp(log_params)
    xs, i, w, per_x = data.frequencies, data.frequency_index, data.weights, data.weight_per_frequency
    beta = _beta_terms(a, b, xs, hessian)
    rows = {"rx": r + data.frequency, "inverse_age": 1 / (alpha + data.age)}
    log_age = np.log(alpha + data.age)
    rows["log_gap"] = np.log(alpha + data.recency) - log_age
    rows["gap"] = 1 / (alpha + data.recency) - rows["inverse_age"]
    odds = (beta["leave"] - beta["stay"])[i] - rows["rx"] * rows["log_gap"]
    small = np.exp(-np.abs(odds))
    rows["share_leave"] = np.exp(np.minimum(odds, 0)) / (1 + small)
    weighted_leave = w * rows["share_leave"]
    leave_by_x = np.bincount(i, weighted_leave, len(xs))
    customers = per_x.sum()

    log_l = (dot(per_x, gammaln(r + xs) - gammaln(r) + beta["stay"]) + customers * r * np.log(alpha)
             - dot(w, rows["rx"], log_age) + dot(w, np.maximum(odds, 0) + np.log1p(small)))
    gradient = np.array([
        dot(per_x, digamma(r + xs) - digamma(r)) + customers * np.log(alpha)
        - dot(w, log_age) - dot(weighted_leave, rows["log_gap"]),
        customers * r / alpha - dot(w, rows["rx"], rows["inverse_age"])
        - dot(weighted_leave, rows["rx"], rows["gap"]),
        dot(per_x - leave_by_x, beta["stay_a"]) + dot(leave_by_x, beta["leave_a"]),
        dot(per_x - leave_by_x, beta["stay_b"]) + dot(leave_by_x, beta["leave_b"]),
    ])
    if not hessian:
        return -log_l / customers, -gradient * params / customers
    curvature = _hessian(params, data, beta, rows)
    log_curvature = params[:, None] * curvature * params + np.diag(params * gradient)
    return -log_l / customers, -gradient * params / customers, -log_curvature / customers


def _hessian(params: np.ndarray, data: _FitData, beta: dict, rows: dict) -> np.ndarray:
    """The Hessian of the summed log-likelihood in (r, α, a, b), from the parts of :func:`_negative_log_likelihood`
    (``rows``: r+x, 1/(α+T), g, h and s of each distinct history).

    Per customer log L = c + log(e^ℓ₀ + e^ℓ₁), c = log Γ(r+x) - log Γ(r) + r log α, ℓ₀ = stay - (r+x) log(α+T),
    ℓ₁ = leave - (r+x) log(α+t_x); with s = e^ℓ₁ / (e^ℓ₀ + e^ℓ₁) its Hessian is
    ∇²c + (1-s) ∇²ℓ₀ + s ∇²ℓ₁ + s(1-s) ∇odds ∇oddsᵀ, odds = ℓ₁ - ℓ₀, ∇odds = (-g, -(r+x) h, leave_a - stay_a,
    leave_b - stay_b), g = log((α+t_x)/(α+T)), h = 1/(α+t_x) - 1/(α+T), and 1/(α+t_x)² - 1/(α+T)² = h (h + 2/(α+T)).
    """
    r, alpha, _, _ = params
    xs, i, w, per_x = data.frequencies, data.frequency_index, data.weights, data.weight_per_frequency
    rx, inverse_age, log_gap, gap, share_leave = (
        rows[name] for name in ("rx", "inverse_age", "log_gap", "gap", "share_leave"))
    customers = per_x.sum()
    weighted_leave = w * share_leave
    mixed = weighted_leave * (1 - share_leave)
    rx_gap = rx * gap
    leave_by_x = np.bincount(i, weighted_leave, len(xs))
    mixed_by_x = np.bincount(i, mixed, len(xs))
    mixed_g_by_x = np.bincount(i, mixed * log_gap, len(xs))
    mixed_h_by_x = np.bincount(i, mixed * rx_gap, len(xs))
    odds_a, odds_b = beta["leave_a"] - beta["stay_a"], beta["leave_b"] - beta["stay_b"]
    stay_by_x = per_x - leave_by_x
    hessian = np.empty((4, 4))
    hessian[0, 0] = dot(per_x, zeta(2, r + xs) - zeta(2, r)) + dot(mixed, log_gap, log_gap)
    hessian[0, 1] = (customers / alpha - dot(w, inverse_age) - dot(weighted_leave, gap)
                     + dot(mixed, log_gap, rx_gap))
    hessian[1, 1] = (-customers * r / alpha**2 + dot(w, rx, inverse_age**2)
                     + dot(weighted_leave, rx_gap, gap + 2 * inverse_age) + dot(mixed, rx_gap, rx_gap))
    hessian[0, 2], hessian[0, 3] = -dot(odds_a, mixed_g_by_x), -dot(odds_b, mixed_g_by_x)
    hessian[1, 2], hessian[1, 3] = -dot(odds_a, mixed_h_by_x), -dot(odds_b, mixed_h_by_x)
    hessian[2, 2] = dot(stay_by_x, beta["stay_aa"]) + dot(leave_by_x, beta["leave_aa"]) + dot(mixed_by_x, odds_a**2)
    hessian[2, 3] = (dot(stay_by_x, beta["stay_aa"]) + dot(leave_by_x, beta["leave_ab"])
                     + dot(mixed_by_x, odds_a * odds_b))
    hessian[3, 3] = dot(stay_by_x, beta["stay_bb"]) + dot(leave_by_x, beta["leave_bb"]) + dot(mixed_by_x, odds_b**2)
    return np.triu(hessian) + np.triu(hessian, 1).T


def _stacked(models) -> tuple[np.ndarray, ...]:
    """The models' r, α, a, b, each a column with one row per model (they broadcast against values per history,
    model and horizon, or per model and customer)."""
    return tuple(np.array([model.params[name] for model in models], float)[:, None]
                 for name in ("r", "alpha", "a", "b"))


def _alive(params, x, t_x, age) -> np.ndarray:
    """P(alive) of customers with repeat purchases (x > 0), formula in :meth:`BGNBD.probability_alive`; ``params``
    (r, α, a, b) broadcast against the histories; log((α+T)/(α+t_x)) is taken as log1p((T-t_x)/(α+t_x))."""
    r, alpha, a, b = params
    odds_left = np.log(a) - np.log(b + x - 1) + (r + x) * np.log1p((age - t_x) / (alpha + t_x))
    return expit(-odds_left)


def _purchases_while_active(params, t, x, age):
    """Expected purchases in the next t of a customer still active after x repeat purchases at age T.

    (a+b+x-1)/(a-1) · [1 - ((α+T)/(α+T+t))^(a-1) · 2F1(a+b-1-r, a-1; a+b+x-1; t/(α+T+t))], the paper's
    2F1(r+x, b+x; a+b+x-1; z) after Euler's transformation, which keeps the terms bounded for large x.
    At a = 1 (a removable singularity) a is taken as 1 + 1e-7. Near t = 0 the bracket can round to -1e-14; an
    expected count is never below 0, so it is clamped there. ``params`` (r, α, a, b) broadcast against t, x, T.
    """
    r, alpha, a, b = params
    a = np.where(np.abs(a - 1) > 1e-7, a, 1 + 1e-7)
    z = t / (alpha + age + t)
    remaining = np.exp((a - 1) * np.log1p(-z)) * _hyp2f1(a + b - 1 - r, a - 1, a + b + x - 1, z)
    return np.maximum((a + b + x - 1) / (a - 1) * (1 - remaining), 0.0)


def _purchases_by_recurrence(params, horizons: np.ndarray, x: np.ndarray, age: np.ndarray) -> np.ndarray | None:
    """:func:`_purchases_while_active` for each (x, T) of the distinct histories (first axis), each model (second
    axis; ``params`` from :func:`_stacked`) and every horizon (third axis), or None where this way does not apply
    (then the caller asks scipy for each value).

    2F1(A, B; C + x; z) for x = 0, 1, 2 ... (A = a+b-1-r, B = a-1, C = a+b-1) and one z = t/(α+T+t) satisfies
    Gauss's contiguous relation in its third parameter (DLMF 15.5.18), c = C + x + 1:
    c(c-1)(z-1) F(c-1) + c[c-1-(2c-A-B-1)z] F(c) + (c-A)(c-B) z F(c+1) = 0, that is
    F(c-1) = F(c) + w · [(1 - (2c-A-B-1)/(c-1)) F(c) + (c-A)(c-B)/(c(c-1)) F(c+1)] with w = z/(1-z); so does
    (1-z)^(a-1) F, the term of the bracket 1 - (1-z)^(a-1) F, which is run instead. For z < 1/2 F is the
    relation's minimal solution as c grows, so running it downwards from each age's largest x is stable, and scipy
    computes two values per distinct age and horizon instead of one per distinct (x, T) and horizon (20,536 × 52
    values become 728 × 2 × 52 on the benchmark's log; the relation's few operations per value are cheaper than a
    2F1). Cells with z >= ``_RECURRENCE_LIMIT`` are computed by scipy. The bracket is of the order of (a - 1) z,
    so it loses that much relative precision; this way is taken only when |a - 1| > 1e-3, and its results are within
    4e-9 relative of scipy's (largest where a is near 1 and t is short; tests/test_bgnbd.py). Near a = 1, or when C
    is within 1e-6 of a whole number up to 0 (the relation divides by c and c - 1), for any of the models, it
    returns None.
    """
    # Each parameter repeated along the horizons: numpy then runs the loops over models and horizons as one.
    r, alpha, a, b = (np.repeat(value, len(horizons), axis=1) for value in params)
    first_c = a + b - 1
    if (np.abs(a - 1) <= 1e-3).any() or ((first_c < 0.5) & (np.abs(first_c - np.round(first_c)) < 1e-6)).any() \
            or not len(x):
        return None
    ages, age_row = np.unique(age, return_inverse=True)
    counts = x.astype(np.int64)
    largest = np.zeros(len(ages), np.int64)
    np.maximum.at(largest, age_row, counts)
    by_largest = np.argsort(-largest, kind="stable")  # ages still needed at step x form a leading block
    position = np.empty(len(ages), np.int64)
    position[by_largest] = np.arange(len(ages))
    largest = largest[by_largest]
    z = horizons / (alpha + ages[by_largest, None, None] + horizons)
    ratio, power = z / (1 - z), np.exp((a - 1) * np.log1p(-z))
    upper_a, upper_b = first_c - r, a - 1
    value = np.empty_like(z)  # (1-z)^(a-1) F at c = C + x, rows of the active ages
    above = np.empty_like(z)  # the same at C + x + 1
    scratch = np.empty_like(z)
    row_of_history = position[age_row]
    histories_by_x = np.argsort(counts, kind="stable")
    x_starts = np.searchsorted(counts[histories_by_x], np.arange(largest[0] + 2))
    while_active = np.empty((len(x), len(first_c), len(horizons)))
    active = 0
    with np.errstate(all="ignore"):  # where z >= _RECURRENCE_LIMIT it may overflow: replaced below
        for step in range(int(largest[0]), -1, -1):
            if active:
                c = first_c + step + 1
                rows = slice(0, active)
                below = above[rows]  # F(c+1) is not needed again: F(c-1) is written over it
                below *= (c - upper_a) * (c - upper_b) / (c * (c - 1))
                below += np.multiply(value[rows], 1 - (2 * c - upper_a - upper_b - 1) / (c - 1), out=scratch[rows])
                below *= ratio[rows]
                below += value[rows]
                value, above = above, value
            joining = active + int(np.searchsorted(-largest[active:], -step, side="right"))
            if joining > active:
                rows = slice(active, joining)
                value[rows] = power[rows] * _hyp2f1(upper_a, upper_b, first_c + step, z[rows])
                above[rows] = power[rows] * _hyp2f1(upper_a, upper_b, first_c + step + 1, z[rows])
                active = joining
            these = histories_by_x[x_starts[step]:x_starts[step + 1]]
            if len(these):
                counted = value[row_of_history[these]]
                np.subtract(1, counted, out=counted)
                counted *= (first_c + step) / (a - 1)
                while_active[these] = np.maximum(counted, 0.0, out=counted)
    if (z >= _RECURRENCE_LIMIT).any():
        unstable = z[row_of_history] >= _RECURRENCE_LIMIT
        history, model, horizon = np.nonzero(unstable)
        while_active[unstable] = _purchases_while_active(
            [value[model, 0] for value in params], horizons[horizon], x[history], age[history])
    return while_active


def purchases_by_history(models, horizons, summary: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The parts of :meth:`BGNBD.conditional_expected_purchases` of several models (the same summary and horizons)
    before they are spread over the customers: ``(while_active, row_of, alive)``, the expected purchases of an
    active customer for each distinct (x, T) (one row each), each model and each horizon (a 1-D sequence); each
    customer's row there; each model's P(alive) of each customer (one row per model). Customer i's expected
    purchases under model k at horizon j are ``while_active[row_of[i], k, j] * alive[k, i]``."""
    for model in models:
        check_time_unit(model.time_unit, summary)
    horizons = np.asarray(horizons, float)
    if np.any(horizons < 0):
        raise InputError({"t": words("forecast")["negative_time"]})
    x, t_x, age = _histories(summary)
    params = _stacked(models)
    repeat = x > 0
    alive = np.ones((len(models), len(x)))
    alive[:, repeat] = _alive(params, x[repeat], t_x[repeat], age[repeat])
    representatives, row_of = distinct_rows(x, age)
    x, age = x[representatives], age[representatives]
    while_active = _purchases_by_recurrence(params, horizons, x, age)
    if while_active is None:
        while_active = _purchases_while_active(params, horizons, x[:, None, None], age[:, None, None])
    return while_active, row_of, alive


@dataclass(frozen=True)
class BGNBD:
    """A BG/NBD model with known parameters: r, α (rate per ``time_unit``), a, b, all positive.

    ``time_unit`` is ``"D"``, ``"W"``, ``"M"`` or None when unknown (no unit check then). ``standard_errors``: the
    fit's standard error of each parameter and ``log_covariance`` the covariance of (log r, log α, log a, log b)
    (:meth:`fit` sets them; None for a model given by hand).
    """

    r: float
    alpha: float
    a: float
    b: float
    time_unit: str | None = None
    standard_errors: dict[str, float] | None = field(default=None, compare=False, repr=False)
    log_covariance: np.ndarray | None = field(default=None, compare=False, repr=False)

    def __post_init__(self):
        check_positive(self.params)

    @property
    def params(self) -> dict[str, float]:
        """The parameters by name: ``{"r": ..., "alpha": ..., "a": ..., "b": ...}``."""
        return {"r": self.r, "alpha": self.alpha, "a": self.a, "b": self.b}

    @classmethod
    def fit(cls, summary: pd.DataFrame) -> "BGNBD":
        """The maximum-likelihood model of a customer summary (``frequency``, ``recency``, ``T``).

        Maximises :meth:`log_likelihood` over log r, log α, log a, log b with L-BFGS-B and the analytic gradient on
        a sample of the customers (``_SAMPLE_CUSTOMERS``), then with Newton's method and the analytic Hessian on
        all, customers with identical histories counted once with a weight. Starts from r = 1, α = ΣT / Σx (so that
        r / α is the observed repeat rate), a = 1, b = 3, then from two other scales if that does not converge
        (see :func:`maximise_likelihood`). The model's time unit is the summary's. An InputError when no customer
        bought twice, or when the data do not determine the parameters.
        """
        x, t_x, age = _histories(summary)
        messages = words("forecast")
        if not (x > 0).any():
            raise InputError({"transactions": messages["no_repeat_purchases"]})
        scale = age.sum() / x.sum()
        starts = [(1.0, scale, 1.0, 3.0), (0.3, 0.3 * scale, 0.5, 1.0), (3.0, 3.0 * scale, 2.0, 10.0)]
        data = _FitData.of(x, t_x, age)
        every = len(x) // _SAMPLE_CUSTOMERS
        sample = _FitData.of(x[::every], t_x[::every], age[::every]) if every > 1 else data
        log_params, covariance = maximise_likelihood(_negative_log_likelihood, data, len(x), starts,
                                                     messages["purchase_fit_failed"], sample)
        errors = standard_errors(log_params, covariance)
        return cls(*np.exp(log_params), time_unit=summary.attrs.get("time_unit"),
                   standard_errors=dict(zip(("r", "alpha", "a", "b"), errors.tolist(), strict=True)),
                   log_covariance=covariance)

    def log_likelihood(self, summary: pd.DataFrame) -> float:
        """Log of the joint density of every customer's (x, t_x, T), summed (formula in ``_negative_log_likelihood``).

        It is a density in the time unit, so it changes with the unit; compare values on one summary only.
        On CDNOW in weeks the published maximum is -9582.4 (Fader et al. 2005).
        """
        check_time_unit(self.time_unit, summary)
        data = _FitData.of(*_histories(summary))
        value, _ = _negative_log_likelihood(np.log(list(self.params.values())), data)
        return -value * data.weights.sum()

    def expected_purchases(self, t):
        """Expected repeat purchases of a new customer in (0, t], t in the model's time unit (eq. 9).

        E[X(t)] = (a+b-1)/(a-1) · [1 - (α/(α+t))^r · 2F1(r, b; a+b-1; t/(α+t))]. A number for a number, an array
        for an array.

        >>> BGNBD(r=0.243, alpha=4.414, a=0.793, b=2.426).expected_purchases([39, 78]).round(3).tolist()
        [1.197, 1.861]
        """
        t = np.asarray(t, float)
        if np.any(t < 0):
            raise InputError({"t": words("forecast")["negative_time"]})
        return _purchases_while_active(tuple(self.params.values()), t, 0.0, 0.0)[()]

    def probability_alive(self, summary: pd.DataFrame) -> pd.Series:
        """Probability that each customer is still active at T, given x and t_x.

        P = 1 / (1 + δ · a / (b+x-1) · ((α+T)/(α+t_x))^(r+x)), δ = 1 when x > 0. Customers without repeat
        purchases get 1: in this model a customer can only leave right after a repeat purchase.
        """
        check_time_unit(self.time_unit, summary)
        x, t_x, age = _histories(summary)
        repeat = x > 0
        alive = np.ones(len(repeat))
        alive[repeat] = _alive(tuple(self.params.values()), x[repeat], t_x[repeat], age[repeat])
        return pd.Series(alive, index=summary.index, name="probability_alive")

    def conditional_expected_purchases(self, t, summary: pd.DataFrame):
        """Expected purchases of each customer in the next t time units, given x, t_x and T (eq. 10).

        E[Y(t) | x, t_x, T] = P(alive) · (a+b+x-1)/(a-1) · [1 - ((α+T)/(α+T+t))^(r+x) · 2F1(r+x, b+x; a+b+x-1;
        t/(α+T+t))]. These are expected values (1.2 purchases), not counts. ``t`` is one horizon (returns a Series)
        or a 1-D sequence of horizons (returns a frame with one column per horizon); customers sharing (x, T) are
        computed once.
        """
        horizons = np.asarray(t, float)
        while_active, row_of, alive = purchases_by_history([self], np.atleast_1d(horizons), summary)
        expected = while_active[row_of, 0] * alive[0, :, None]
        if horizons.ndim == 0:
            return pd.Series(expected[:, 0], index=summary.index, name="expected_purchases")
        return pd.DataFrame(expected, index=summary.index, columns=horizons, copy=False)

    def purchase_count_probability(self, n, t):
        """Probability that a new customer makes exactly n repeat purchases in (0, t] (eq. 8).

        P(X(t) = n) = B(a, b+n)/B(a, b) · NB(n; r, α/(α+t)) + δ · B(a+1, b+n-1)/B(a, b) · P(NB ≥ n), with NB the
        negative binomial count of an always-active customer and δ = 1 when n > 0. Summed over n it is 1. n and t
        broadcast against each other.

        >>> model = BGNBD(r=0.243, alpha=4.414, a=0.793, b=2.426)
        >>> model.purchase_count_probability([0, 1, 2], 39).round(3).tolist()
        [0.574, 0.199, 0.085]
        """
        n, t = np.asarray(n, float), np.asarray(t, float)
        if np.any(n < 0) or np.any(n != np.round(n)):
            raise InputError({"n": words("forecast")["bad_purchase_count"]})
        if np.any(t < 0):
            raise InputError({"t": words("forecast")["negative_time"]})
        r, alpha, a, b = self.r, self.alpha, self.a, self.b
        share_bought = t / (alpha + t)
        log_count = (gammaln(r + n) - gammaln(r) - gammaln(n + 1) + r * np.log(alpha / (alpha + t))
                     + xlogy(n, share_bought))
        still_active = np.exp(betaln(a, b + n) - betaln(a, b) + log_count)
        left = np.exp(betaln(a + 1, b + np.maximum(n, 1) - 1) - betaln(a, b)) * betainc(np.maximum(n, 1), r,
                                                                                         share_bought)
        return (still_active + np.where(n > 0, left, 0.0))[()]

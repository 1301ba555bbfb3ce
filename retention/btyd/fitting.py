"""Numerics shared by the forecast models: reading a customer summary, and maximum-likelihood fitting.

Fits run L-BFGS-B on the log of the parameters (so they stay positive) with analytic gradients, from several
starting points, optionally on a sample of the customers and then Newton's method on all (:func:`newton`), and
accept a maximum only when it is stable (see :func:`maximise_likelihood`).
"""

import numpy as np
import pandas as pd
from scipy.optimize import minimize
from threadpoolctl import ThreadpoolController

from retention.errors import InputError
from retention.words import words

__all__ = ["check_positive", "check_time_unit", "covariance_of", "distinct_rows", "dot", "log_covariance",
           "maximise_likelihood", "newton", "standard_errors", "summary_column"]

#: The BLAS libraries loaded (numpy's and scipy's OpenBLAS): a fit runs them on one thread. Its vectors have a few
#: parameters, so threads bring nothing, and on a busy machine each threaded call waits for a free core: the
#: 36-period sBG fit took 1.1 ms at best and 218 ms in the median of 30 runs at load 8 on 2 cores, 5.2 ms with one
#: thread (bench/README.md). The limit is process-wide while a fit runs; two sessions fitting at once can leave BLAS
#: on one thread afterwards, which costs nothing here (no large matrix products run on threads).
_BLAS = ThreadpoolController()

#: Fits search the parameters between these bounds; a fit ending on a bound has no stable maximum.
_LOG_BOUNDS = (np.log(1e-6), np.log(1e6))

#: A fit's end is a maximum only when every component of the gradient of the mean log-likelihood is below this.
_GRADIENT_TOLERANCE = 1e-5


def summary_column(summary: pd.DataFrame, name: str) -> np.ndarray:
    """One column of a customer summary as floats, or an InputError naming the missing column."""
    if name not in summary.columns:
        raise InputError({name: words("forecast")["missing_summary_column"].format(column=name)})
    return summary[name].to_numpy(float)


def check_time_unit(model_unit: str | None, summary: pd.DataFrame) -> None:
    """An InputError when the model and the summary both state a time unit and the two differ."""
    summary_unit = summary.attrs.get("time_unit")
    if model_unit and summary_unit and model_unit != summary_unit:
        names = words("forecast")["time_units"]
        raise InputError({"time_unit": words("forecast")["time_unit_mismatch"].format(
            model_unit=names.get(model_unit, model_unit), summary_unit=names.get(summary_unit, summary_unit))})


def check_positive(params: dict[str, float]) -> None:
    """An InputError naming the first model parameter that is not a positive finite number."""
    for name, value in params.items():
        if not (np.isfinite(value) and value > 0):
            raise InputError({name: words("forecast")["bad_parameter"].format(name=name, value=value)})


def distinct_rows(*columns: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(representatives, row_of)``: one position per distinct row of the columns, and each row's distinct row.

    >>> distinct_rows(np.array([1, 2, 1]), np.array([5.0, 6.0, 5.0]))
    (array([2, 1]), array([0, 1, 0]))
    """
    key, size = np.zeros(len(columns[0]), np.int64), 1  # key: the codes so far in mixed radix, below size
    for column in columns:
        codes, uniques = pd.factorize(column)
        if size * len(uniques) >= 2**62:  # renumber the rows so far 0, 1, 2 ... before the key overflows
            key, distinct = pd.factorize(key)
            size = len(distinct)
        key, size = key * len(uniques) + codes, size * len(uniques)
    row_of, _ = pd.factorize(key)
    representatives = np.empty(row_of.max() + 1 if len(row_of) else 0, np.int64)
    representatives[row_of] = np.arange(len(row_of))
    return representatives, row_of


def dot(*vectors: np.ndarray) -> float:
    """Σ u·v (or Σ u·v·w ...) of vectors through einsum, not BLAS: on a busy machine a multithreaded BLAS dot of
    long vectors can take a hundred times longer than the sum itself; three factors in one einsum skip the
    product's temporary array."""
    return float(np.einsum(",".join("i" * len(vectors)) + "->", *vectors))


def log_covariance(objective, log_params: np.ndarray, data, customers: float) -> np.ndarray:
    """The asymptotic covariance of the log-parameters at a maximum (:func:`covariance_of`), the Hessian by forward
    differences of the analytic gradient."""
    step = 1e-5
    _, gradient = objective(log_params, data)
    hessian = np.array([(objective(log_params + step * unit, data)[1] - gradient) / step
                        for unit in np.eye(len(log_params))])
    return covariance_of((hessian + hessian.T) / 2, customers)


def covariance_of(hessian: np.ndarray, customers: float) -> np.ndarray:
    """H⁻¹ / n, H the Hessian of the mean negative log-likelihood in the log-parameters and n the number of
    customers; NaN when H is not positive definite (no maximum)."""
    if not _positive_definite(hessian):
        return np.full(hessian.shape, np.nan)
    return np.linalg.inv(hessian) / customers


def _positive_definite(hessian: np.ndarray) -> bool:
    """Whether a symmetric matrix is finite with every eigenvalue above 0."""
    return bool(np.all(np.isfinite(hessian)) and np.all(np.linalg.eigvalsh(hessian) > 0))


def standard_errors(log_params: np.ndarray, covariance: np.ndarray) -> np.ndarray:
    """Standard errors of the parameters themselves, by the delta method: θ · SE(log θ), SE(log θ) = sqrt of the
    diagonal of the log-parameters' covariance."""
    return np.exp(log_params) * np.sqrt(np.diag(covariance))


def maximise_likelihood(objective, data, customers: float, starts, failure_message: str,
                        sample=None) -> tuple[np.ndarray, np.ndarray]:
    """The log-parameters of the first start from which the search reaches a stable inner maximum, and their
    covariance (:func:`log_covariance`, or :func:`covariance_of` with ``sample``).

    Stable means: the value is finite, no parameter ends on a bound of ``_LOG_BOUNDS``, every component of the
    gradient of the mean log-likelihood per customer is below 1e-5 (the optimiser's own stop can be a line search
    that cannot improve further at full precision, which is fine), and the data pin every parameter down: its
    standard error on the log scale is below 1, i.e. it is known within a factor of e (a parameter drifting off
    to 0 or infinity along a flat ridge is not). Otherwise the next start is tried; when none works, an InputError
    with ``failure_message`` under the key ``"transactions"``.

    With ``sample`` (the data of some of the customers, or all of them), L-BFGS-B runs on the sample first and
    :func:`newton` finishes on ``data`` with the objective's Hessian (``objective(log_params, data, hessian=True)``
    returns it third), which also gives the covariance (:func:`covariance_of`); when that end is not stable,
    L-BFGS-B runs on ``data`` from the same start, as without a sample.
    """
    with _BLAS.limit(limits=1, user_api="blas"):
        return _maximise(objective, data, customers, starts, failure_message, sample)


def _maximise(objective, data, customers: float, starts, failure_message: str,
              sample) -> tuple[np.ndarray, np.ndarray]:
    """:func:`maximise_likelihood` itself, with BLAS on one thread."""
    for start in starts:
        if sample is not None:
            log_params, value, gradient, hessian = newton(objective, _lbfgsb(objective, start, sample).x, data)
            if _settled(log_params, value, gradient) and _pinned(covariance := covariance_of(hessian, customers)):
                return log_params, covariance
        result = _lbfgsb(objective, start, data)
        if _settled(result.x, result.fun, result.jac) and _pinned(
                covariance := log_covariance(objective, result.x, data, customers)):
            return result.x, covariance
    raise InputError({"transactions": failure_message})


def _lbfgsb(objective, start, data):
    """scipy's L-BFGS-B result from ``start`` (parameters, not their logs) within ``_LOG_BOUNDS``."""
    return minimize(objective, np.log(start), args=(data,), jac=True, method="L-BFGS-B",
                    bounds=[_LOG_BOUNDS] * len(start), options={"ftol": 1e-13, "gtol": 1e-9})


def _pinned(covariance: np.ndarray) -> bool:
    """Whether the data pin every parameter down: a standard error below 1 on the log scale (NaN is not)."""
    return bool(np.all(np.sqrt(np.diag(covariance)) < 1))


def _settled(log_params: np.ndarray, value: float, gradient: np.ndarray) -> bool:
    """Whether a fit's end is a maximum inside the bounds: a finite value, no parameter within 1e-3 of a bound of
    ``_LOG_BOUNDS`` and every gradient component below ``_GRADIENT_TOLERANCE``."""
    low, high = _LOG_BOUNDS
    inside = np.all((log_params > low + 1e-3) & (log_params < high - 1e-3))
    return bool(np.isfinite(value) and inside and np.max(np.abs(gradient)) < _GRADIENT_TOLERANCE)


def newton(objective, log_params: np.ndarray, data, iterations: int = 20) -> tuple:
    """Newton's method on ``objective(log_params, data, hessian=True)`` (value, gradient, Hessian): x ← x - H⁻¹ g,
    the step halved while the value rises (beyond rounding). Once the step is below 1e-6 and every gradient
    component below ``_GRADIENT_TOLERANCE``, the step is taken and the search ends (the convergence is quadratic:
    what remains is of the order of the step squared, 1e-12); it also ends when H is not positive definite or after
    ``iterations`` steps. ``(log_params, value, gradient, hessian)`` at the end, the last three of the last point
    evaluated."""
    value, gradient, hessian = objective(log_params, data, hessian=True)
    for _ in range(iterations):
        if not _positive_definite(hessian):
            break
        step = np.linalg.solve(hessian, gradient)
        if np.max(np.abs(step)) < 1e-6 and np.max(np.abs(gradient)) < _GRADIENT_TOLERANCE:
            return log_params - step, value, gradient, hessian
        for _ in range(30):
            trial = objective(log_params - step, data, hessian=True)
            if trial[0] <= value + 1e-13 * abs(value):
                break
            step = step / 2
        else:
            break
        log_params = log_params - step
        value, gradient, hessian = trial
    return log_params, value, gradient, hessian

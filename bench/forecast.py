"""Benchmark of the forecast on a synthetic order log of about 1,000,000 orders from 100,000 customers.

Run from the repository root: ``python bench/forecast.py [customers]`` (default 100,000). The log is drawn with a
fixed seed from the BG/NBD and Gamma-Gamma models (:mod:`retention.btyd.simulation`): five years of weekly history,
customers acquired over the first two. The script prints, as markdown tables:

- the time of each step (best of 3 runs) and its ratio to a baseline measured in the same run on the same frame,
  ``orders.groupby("customer_id").size()``, next to the target of issue 4, and, when ``import lifetimes`` works,
  the time of lifetimes' step on the same log and how many times faster ours is (target of issue 16: 10×);
- the ranges (:mod:`retention.btyd.ranges`): the step's time and the whole :func:`retention.btyd.forecast.forecast`
  with and without them (target of issue 16: at most 2×). The ranges' part of a forecast is the time spent in
  ``forecast_ranges`` and in the holdout check's ``purchases_range``, timed where the forecast calls them. Its
  "ranges" step (through the ``progress`` callback), which earlier runs counted instead with the holdout's range
  timed on its own, also builds the customers' risk and table, about 0.1 s that the forecast spends without ranges;
  that ratio is printed too;
- the fitted parameters against the ones the log was drawn from: the error in %, and the statistical standard error
  of the fit in % (from the curvature of the log-likelihood), which says how close a fit on this many customers
  can be expected to come. Purchases on the same day are merged by the summary, which the model does not know, so
  the fit sees slightly fewer purchases than were drawn.
"""

import dataclasses
import importlib.util
import sys
import time
from pathlib import Path
from unittest import mock

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import retention.btyd.forecast as forecast_module
from retention.btyd.bgnbd import BGNBD
from retention.btyd.clv import predict_clv
from retention.btyd.customer_summary import calibration_holdout_split, customer_summary
from retention.btyd.forecast import forecast
from retention.btyd.gamma_gamma import GammaGamma
from retention.btyd.ranges import forecast_ranges, purchases_range
from retention.btyd.simulation import simulate_transactions

SEED = 2024
CUSTOMERS = 100_000
PURCHASES = BGNBD(r=2.0, alpha=25.0, a=1.0, b=8.0, time_unit="W")
SPEND = GammaGamma(p=3.0, q=5.0, gamma=40.0)
OBSERVATION_WEEKS, ACQUISITION_WEEKS, HOLDOUT_WEEKS, HORIZON_WEEKS = 260, 104, 52, 52
REPEATS = 3
PARAMETER_TARGET = 0.02
LIFETIMES_TARGET, RANGES_TARGET = 10.0, 2.0


def best_time(step) -> tuple[float, object]:
    """The shortest of ``REPEATS`` timed runs of ``step()``, and its result."""
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        result = step()
        times.append(time.perf_counter() - start)
    return min(times), result


def lifetimes_times(orders: pd.DataFrame, summary: pd.DataFrame, split_date, end) -> dict[str, float | str] | None:
    """lifetimes' time for each step on the same log (best of ``REPEATS``), or the error it raises; None when it is
    not installed. Its lifetime value runs in 12 monthly steps (ours in 52 weekly ones), at a monthly discount
    rate of 0.1 / 12."""
    if importlib.util.find_spec("lifetimes") is None:
        return None
    from lifetimes import BetaGeoFitter, GammaGammaFitter
    from lifetimes.utils import calibration_and_holdout_data, summary_data_from_transaction_data

    frequency, recency, age, spend = (summary[name] for name in ("frequency", "recency", "T", "monetary_value"))
    repeat = frequency > 0
    def attempt(step) -> float | str:
        try:
            return best_time(step)[0]
        except Exception as error:  # noqa: BLE001 (an old library on new pandas: say how it fails)
            return f"fails: {type(error).__name__}: {error}"

    purchases = BetaGeoFitter().fit(frequency, recency, age)
    spend_model = GammaGammaFitter().fit(frequency[repeat], spend[repeat])
    return {
        "summary": attempt(lambda: summary_data_from_transaction_data(
            orders, "customer_id", "date", "amount", observation_period_end=end, freq="W")),
        "purchases": attempt(lambda: BetaGeoFitter().fit(frequency, recency, age)),
        "spend": attempt(lambda: GammaGammaFitter().fit(frequency[repeat], spend[repeat])),
        "split": attempt(lambda: calibration_and_holdout_data(orders, "customer_id", "date", split_date, end,
                                                              freq="W")),
        "clv": attempt(lambda: spend_model.customer_lifetime_value(
            purchases, frequency, recency, age, spend, time=12, discount_rate=0.1 / 12, freq="W")),
    }


def timed(function, spent: list[float]):
    """``function``, adding the time of each call to ``spent``."""
    def run(*args, **kwargs):
        start = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            spent.append(time.perf_counter() - start)
    return run


def forecast_times(orders: pd.DataFrame) -> tuple[float, float, float]:
    """The whole forecast's time, the time spent in its ranges (``forecast_ranges`` and the holdout check's
    ``purchases_range``, timed where the forecast calls them) and that of its "ranges" step (from the ``progress``
    callback: the ranges and the customers' risk and table), from the run of ``REPEATS`` with the shortest whole."""
    runs = []
    for _ in range(REPEATS):
        marks, spent = {}, []
        start = time.perf_counter()
        with (mock.patch.object(forecast_module, "forecast_ranges", timed(forecast_ranges, spent)),
              mock.patch.object(forecast_module, "purchases_range", timed(purchases_range, spent))):
            forecast(orders, time_unit="W", horizon=HORIZON_WEEKS,
                     progress=lambda step, _, marks=marks: marks.setdefault(step, time.perf_counter()))
        runs.append((marks["done"] - start, sum(spent), marks["fit_check"] - marks["ranges"]))
    return min(runs)


def relative_standard_errors(model, summary: pd.DataFrame) -> dict[str, float]:
    """Standard error of each fitted parameter as a fraction of it: sqrt of the diagonal of the inverse of minus
    the Hessian of the log-likelihood in log-parameters, by central differences of ``model.log_likelihood``."""
    names = list(model.params)
    step = 1e-3

    def log_likelihood(shifts) -> float:
        shifted = {name: model.params[name] * np.exp(shift) for name, shift in zip(names, shifts, strict=True)}
        return dataclasses.replace(model, **shifted).log_likelihood(summary)

    hessian = np.empty((len(names), len(names)))
    for i in range(len(names)):
        for j in range(i, len(names)):
            corners = []
            for sign_i, sign_j in ((1, 1), (1, -1), (-1, 1), (-1, -1)):
                shifts = np.zeros(len(names))
                shifts[i] += sign_i * step
                shifts[j] += sign_j * step
                corners.append(log_likelihood(shifts))
            hessian[i, j] = hessian[j, i] = (corners[0] - corners[1] - corners[2] + corners[3]) / (4 * step**2)
    return dict(zip(names, np.sqrt(np.diag(np.linalg.inv(-hessian))), strict=True))


def main() -> None:
    customers = int(sys.argv[1]) if len(sys.argv) > 1 else CUSTOMERS
    orders = simulate_transactions(customers, PURCHASES, SPEND, observation_periods=OBSERVATION_WEEKS,
                                   acquisition_periods=ACQUISITION_WEEKS, seed=SEED)
    end = orders.attrs["observation_end"]
    split_date = end - pd.Timedelta(weeks=HOLDOUT_WEEKS)
    print(f"{len(orders):,} orders from {orders['customer_id'].nunique():,} customers, seed {SEED}\n")

    baseline, _ = best_time(lambda: orders.groupby("customer_id").size())
    summary_time, summary = best_time(lambda: customer_summary(orders, end, "W"))
    purchases_time, purchases = best_time(lambda: BGNBD.fit(summary))
    spend_time, spend = best_time(lambda: GammaGamma.fit(summary))
    split_time, _ = best_time(lambda: calibration_holdout_split(orders, split_date, end, "W"))
    clv_time, clv = best_time(lambda: predict_clv(purchases, spend, summary, HORIZON_WEEKS, 0.1, 0.3))
    ranges_time, _ = best_time(lambda: forecast_ranges(purchases, spend, summary, clv, HORIZON_WEEKS, 0.1, 0.3))
    calibration = calibration_holdout_split(orders, split_date, end, "W")
    holdout_model = BGNBD.fit(calibration)
    holdout_range_time, _ = best_time(lambda: purchases_range(holdout_model, calibration, HOLDOUT_WEEKS))
    theirs = lifetimes_times(orders, summary, split_date, end)

    print("| step | time (s) | × baseline | target (s) | met | lifetimes (s) | lifetimes ÷ ours |")
    print("|---|---:|---:|---:|---|---:|---:|")
    print(f"| baseline: `groupby('customer_id').size()` | {baseline:.3f} | 1.0 | | | | |")
    for label, seconds, target, key in (
        ("customer summary", summary_time, 0.5, "summary"),
        ("BG/NBD fit", purchases_time, 0.5, "purchases"),
        ("Gamma-Gamma fit", spend_time, 0.2, "spend"),
        (f"calibration/holdout split ({HOLDOUT_WEEKS}-week holdout)", split_time, 1.0, "split"),
        (f"CLV of {len(clv):,} customers ({HORIZON_WEEKS} weekly steps)", clv_time, 0.5, "clv"),
        (f"ranges of {len(clv):,} customers", ranges_time, None, None),
        (f"range of the holdout's purchases ({len(calibration):,} customers)", holdout_range_time, None, None),
    ):
        if theirs is None or key is None:
            compared = "| | |"
        elif isinstance(theirs[key], str):
            compared = f"| {theirs[key]} | |"
        else:
            compared = f"| {theirs[key]:.3f} | {theirs[key] / seconds:.1f} |"
        met = "| | " if target is None else f"| {target} | {'yes' if seconds <= target else 'no'} "
        print(f"| {label} | {seconds:.3f} | {seconds / baseline:.1f} {met}{compared}")
    if theirs is None:
        print("\nlifetimes is not installed: no comparison with it in this run.")
    else:
        slowest = min(theirs[key] / seconds for key, seconds in (
            ("summary", summary_time), ("purchases", purchases_time), ("spend", spend_time),
            ("split", split_time), ("clv", clv_time)) if not isinstance(theirs[key], str))
        print(f"\nEvery step lifetimes runs is at least {slowest:.1f}× faster here (target {LIFETIMES_TARGET:g}×): "
              f"{'met' if slowest >= LIFETIMES_TARGET else 'not met'}.")
    print(f"\n{summary.attrs['merged_same_day']:,} same-day purchases merged by the summary.\n")

    whole, ranges, ranges_step = forecast_times(orders)
    without = whole - ranges
    print("| whole forecast | time (s) |")
    print("|---|---:|")
    print(f"| with ranges | {whole:.3f} |")
    print(f"| of which the ranges (`forecast_ranges` and the holdout's `purchases_range`) | {ranges:.3f} |")
    print(f"| without ranges (less the ranges) | {without:.3f} |")
    print(f"| with ÷ without (target at most {RANGES_TARGET:g}) | {whole / without:.2f} |")
    print(f"| the \"ranges\" step (the ranges, the customers' risk and table) | {ranges_step:.3f} |")
    print(f"| with ÷ (with less that step and the holdout's range timed alone), as measured before | "
          f"{whole / (whole - ranges_step - holdout_range_time):.2f} |\n")

    print("| parameter | truth | fitted | error | standard error | within 2% |")
    print("|---|---:|---:|---:|---:|---|")
    for truth, fitted in ((PURCHASES, purchases), (SPEND, spend)):
        standard_errors = relative_standard_errors(fitted, summary)
        for name, true_value in truth.params.items():
            error = fitted.params[name] / true_value - 1
            print(f"| {name} | {true_value:g} | {fitted.params[name]:.4f} | {error:+.2%} | "
                  f"{standard_errors[name]:.2%} | {'yes' if abs(error) <= PARAMETER_TARGET else 'no'} |")


if __name__ == "__main__":
    main()

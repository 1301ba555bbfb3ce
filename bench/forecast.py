"""Benchmark of the forecast on a synthetic order log of about 1,000,000 orders from 100,000 customers.

Run from the repository root: ``python bench/forecast.py``. The log is drawn with a fixed seed from the BG/NBD and
Gamma-Gamma models (:mod:`retention.btyd.simulation`): five years of weekly history, customers acquired over the
first two. The script prints, as markdown tables:

- the time of each step (best of 3 runs) and its ratio to a baseline measured in the same run on the same frame,
  ``orders.groupby("customer_id").size()``, next to the target of issue 4;
- the fitted parameters against the ones the log was drawn from: the error in %, and the statistical standard error
  of the fit in % (from the curvature of the log-likelihood), which says how close a fit on this many customers
  can be expected to come. Purchases on the same day are merged by the summary, which the model does not know, so
  the fit sees slightly fewer purchases than were drawn.
"""

import dataclasses
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from retention.btyd.bgnbd import BGNBD
from retention.btyd.clv import predict_clv
from retention.btyd.customer_summary import calibration_holdout_split, customer_summary
from retention.btyd.gamma_gamma import GammaGamma
from retention.btyd.simulation import simulate_transactions

SEED = 2024
CUSTOMERS = 100_000
PURCHASES = BGNBD(r=2.0, alpha=25.0, a=1.0, b=8.0, time_unit="W")
SPEND = GammaGamma(p=3.0, q=5.0, gamma=40.0)
OBSERVATION_WEEKS, ACQUISITION_WEEKS, HOLDOUT_WEEKS, HORIZON_WEEKS = 260, 104, 52, 52
REPEATS = 3
PARAMETER_TARGET = 0.02


def best_time(step) -> tuple[float, object]:
    """The shortest of ``REPEATS`` timed runs of ``step()``, and its result."""
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        result = step()
        times.append(time.perf_counter() - start)
    return min(times), result


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
    orders = simulate_transactions(CUSTOMERS, PURCHASES, SPEND, observation_periods=OBSERVATION_WEEKS,
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

    print("| step | time (s) | × baseline | target (s) | met |")
    print("|---|---:|---:|---:|---|")
    print(f"| baseline: `groupby('customer_id').size()` | {baseline:.3f} | 1.0 | | |")
    for label, seconds, target in (
        ("customer summary", summary_time, 0.5),
        ("BG/NBD fit", purchases_time, 0.5),
        ("Gamma-Gamma fit", spend_time, 0.2),
        (f"calibration/holdout split ({HOLDOUT_WEEKS}-week holdout)", split_time, 1.0),
        (f"CLV of {len(clv):,} customers ({HORIZON_WEEKS} weekly steps)", clv_time, 0.5),
    ):
        print(f"| {label} | {seconds:.3f} | {seconds / baseline:.1f} | {target} | "
              f"{'yes' if seconds <= target else 'no'} |")
    print(f"\n{summary.attrs['merged_same_day']:,} same-day purchases merged by the summary.\n")

    print("| parameter | truth | fitted | error | standard error | within 2 % |")
    print("|---|---:|---:|---:|---:|---|")
    for truth, fitted in ((PURCHASES, purchases), (SPEND, spend)):
        standard_errors = relative_standard_errors(fitted, summary)
        for name, true_value in truth.params.items():
            error = fitted.params[name] / true_value - 1
            print(f"| {name} | {true_value:g} | {fitted.params[name]:.4f} | {error:+.2%} | "
                  f"{standard_errors[name]:.2%} | {'yes' if abs(error) <= PARAMETER_TARGET else 'no'} |")


if __name__ == "__main__":
    main()

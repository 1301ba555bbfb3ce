"""Synthetic order logs drawn from the BG/NBD and Gamma-Gamma models, for benchmarks and parameter-recovery tests.

Each customer makes a first purchase at a time drawn uniformly over the first ``acquisition_periods`` time units
and is watched until ``observation_periods``. Their purchase rate λ ~ Gamma(r, α), their leaving probability
p ~ Beta(a, b) and their spend rate ν ~ Gamma(q, γ) are drawn once; each purchase amount is Gamma(p_spend, ν).

Repeat purchases follow the BG/NBD story exactly: a Poisson process of rate λ, stopped by leaving right after a
purchase with probability p. So a customer of age T makes X = min(D, N) repeat purchases, with D + 1 ~ Geometric(p)
the purchases until they leave and N ~ Poisson(λT) the purchases of an immortal customer; the X purchase times are
the X smallest of N uniform times on (0, T], drawn directly as S_j / (S_X + G) with S_j the sums of j Exp(1)
draws and G ~ Gamma(N - X + 1), so the work grows with the orders made, not with N.

>>> orders = simulate_transactions(3, BGNBD(r=1.0, alpha=2.0, a=1.0, b=5.0, time_unit="W"),
...                                GammaGamma(p=6.0, q=4.0, gamma=15.0), observation_periods=52,
...                                acquisition_periods=13, seed=1)
>>> list(orders.columns), orders["customer_id"].nunique()
(['order_id', 'customer_id', 'date', 'amount'], 3)
>>> orders.attrs["observation_end"]
Timestamp('2024-12-30 00:00:00')
"""

import numpy as np
import pandas as pd

from retention.btyd.bgnbd import BGNBD
from retention.btyd.customer_summary import time_unit_days
from retention.btyd.gamma_gamma import GammaGamma

__all__ = ["simulate_transactions"]


def simulate_transactions(n_customers: int, purchases: BGNBD, spend: GammaGamma, observation_periods: float,
                          acquisition_periods: float, start="2024-01-01", seed: int = 0) -> pd.DataFrame:
    """An order log (``order_id``, ``customer_id``, ``date``, ``amount``) of ``n_customers`` drawn from the models.

    Times are in ``purchases.time_unit`` counted from ``start``; dates keep the time of day. Orders are sorted by
    date and numbered from 1; ``attrs["observation_end"]`` is ``start`` + ``observation_periods``. The same seed
    gives the same log.
    """
    rng = np.random.default_rng(seed)
    unit_days = time_unit_days(purchases.time_unit)
    rate = rng.gamma(purchases.r, 1 / purchases.alpha, n_customers)
    leaving = rng.beta(purchases.a, purchases.b, n_customers)
    spend_rate = rng.gamma(spend.q, 1 / spend.gamma, n_customers)
    first = rng.uniform(0, acquisition_periods, n_customers)
    age = observation_periods - first
    immortal_count = rng.poisson(rate * age)
    repeat_count = np.minimum(rng.geometric(leaving), immortal_count)

    owner = np.repeat(np.arange(n_customers), repeat_count)
    block_end = np.cumsum(repeat_count)
    sums = np.cumsum(rng.exponential(size=block_end[-1]))
    sums_before = np.concatenate(([0.0], sums))[block_end - repeat_count]
    sums -= sums_before[owner]
    total = np.zeros(n_customers)
    has_repeat = repeat_count > 0
    total[has_repeat] = sums[block_end[has_repeat] - 1]
    total += rng.gamma(immortal_count - repeat_count + 1.0)
    repeat_time = first[owner] + sums / total[owner] * age[owner]

    customer = np.concatenate((np.arange(n_customers), owner))
    time = np.concatenate((first, repeat_time))
    order = np.argsort(time, kind="stable")
    start = pd.Timestamp(start)
    orders = pd.DataFrame({
        "order_id": np.arange(1, len(order) + 1),
        "customer_id": customer[order] + 1,
        "date": start + pd.to_timedelta(time[order] * unit_days, unit="D"),
        "amount": rng.gamma(spend.p, 1 / spend_rate[customer[order]]),
    })
    orders.attrs["observation_end"] = start + pd.Timedelta(days=observation_periods * unit_days)
    return orders

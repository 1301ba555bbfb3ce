"""A realistic synthetic order log, generated from a seed: the app's sample data and the benchmarks' input.

:func:`sample_orders` simulates a shop over ``months`` months:

- customers arrive with a growing trend and a seasonal peak in November and December;
- each customer buys at their own rate (a gamma distribution: most rarely, a few often) until they churn, after a
  geometric number of months with their own churn rate; about 1% are large (business) customers who buy
  about four times as often and spend about five times as much;
- the first order falls on the day they arrive, later orders at random within their active months, again more
  often in November and December;
- an order has a quantity (1 + Poisson(1.2)) and an amount (quantity x a unit price around the customer's usual
  price); about 5% of orders have some units returned, and each of those gets a refund line (the same order id,
  a negative amount, 3 to 20 days later, no quantity);
- each customer came through one sales channel (:func:`channels`), derived from their churn rate with no random
  draw of its own, so that the channels differ in retention for a known reason and every other value stays as it
  was before the column existed.

The columns use everyday header names (``Order ID``, ``Customer ID``, ``Order date``, ``Amount``, ``Quantity``,
``Returned quantity``, ``Channel``), as an export would, so that the readers' guess of the mapping is exercised.

>>> orders = sample_orders(customers=50, orders=400, seed=1)
>>> len(orders[orders["Amount"] > 0]), orders["Customer ID"].nunique()
(400, 50)
"""

import numpy as np
import pandas as pd

__all__ = ["CHANNELS", "COLUMNS", "channels", "sample_orders"]

#: The header names of the sample, and the normalised column each stands for.
COLUMNS = {
    "Order ID": "order_id",
    "Customer ID": "customer_id",
    "Order date": "date",
    "Amount": "amount",
    "Quantity": "quantity",
    "Returned quantity": "returned_quantity",
}

#: The sales channels of the sample, from the customers who churn least to those who churn most.
CHANNELS = ("Newsletter", "Web shop", "Marketplace")

_SEASON = np.array([0.85, 0.8, 0.9, 0.95, 1.0, 0.9, 0.85, 0.85, 0.95, 1.1, 1.5, 1.8])


def _ids(prefix: str, numbers: np.ndarray, width: int) -> pd.Series:
    """Ids of equal width, so that their alphabetical order is their numerical order: SO-0000042."""
    return prefix + pd.Series(numbers).astype(str).str.zfill(width)


def _month_days(start: np.datetime64, months: int) -> tuple[np.ndarray, np.ndarray]:
    """First day and length in days of each month."""
    firsts = start.astype("datetime64[M]") + np.arange(months + 1)
    days = firsts.astype("datetime64[D]")
    return days[:-1], np.diff(days).astype(np.int64)


def _shares(values: np.ndarray) -> np.ndarray:
    """Each value's rank among the values, as a share 0 <= share < 1 (ties in order of position)."""
    return np.argsort(np.argsort(values, kind="stable"), kind="stable") / len(values)


def channels(churn: np.ndarray) -> np.ndarray:
    """Each customer's channel, an index into :data:`CHANNELS`: the thirds of score = 0.6 x rank of their churn rate
    + 0.4 x u (both shares of 0..1), where u = the fractional part of their number x 0.618... spreads them evenly.

    So the lowest-churn customers are mostly "Newsletter" and the highest mostly "Marketplace", with overlap.

    >>> channels(np.array([0.01, 0.02, 0.2, 0.3, 0.05, 0.4])).tolist()
    [0, 0, 1, 2, 1, 2]
    """
    score = 0.6 * _shares(churn) + 0.4 * (np.arange(len(churn)) * 0.6180339887498949 % 1.0)
    return (_shares(score) * len(CHANNELS)).astype(np.int64)


def sample_orders(
    customers: int = 4000,
    orders: int = 22000,
    start: str = "2023-10-01",
    months: int = 36,
    seed: int = 7,
) -> pd.DataFrame:
    """An order log of exactly ``orders`` orders from ``customers`` customers, plus one refund line per return.

    Sorted by date; every customer has at least one order, so ``orders`` must be at least ``customers``.
    """
    if orders < customers:
        raise ValueError("every customer places at least one order, so orders must be at least customers")
    rng = np.random.default_rng(seed)
    first_days, lengths = _month_days(np.datetime64(start, "D"), months)
    calendar = (first_days.astype("datetime64[M]").astype(np.int64) % 12)
    season = _SEASON[calendar]
    arrival_weights = np.linspace(1.0, 2.0, months) * season
    arrival = rng.choice(months, size=customers, p=arrival_weights / arrival_weights.sum())
    arrival_day = first_days[arrival] + (rng.random(customers) * lengths[arrival]).astype(np.int64)
    churn = rng.beta(2.0, 18.0, customers)
    lifetime = rng.geometric(churn)
    last_month = np.minimum(arrival + lifetime - 1, months - 1)
    large = rng.random(customers) < 0.01
    rate = rng.gamma(0.8, 1.0, customers) * np.where(large, 4.0, 1.0)
    price = rng.lognormal(3.0, 0.5, customers) * np.where(large, 5.0, 1.0)

    active_months = last_month - arrival + 1
    weights = rate * active_months
    extra = rng.choice(customers, size=orders - customers, p=weights / weights.sum())
    candidates = 3
    offsets = rng.random((candidates, len(extra))) * active_months[extra]
    month = arrival[extra] + offsets.astype(np.int64)
    accepted = rng.random((candidates, len(extra))) < season[month] / season.max()
    pick = np.where(accepted.any(axis=0), accepted.argmax(axis=0), candidates - 1)
    month = month[pick, np.arange(len(extra))]
    day_of_month = (rng.random(len(extra)) * lengths[month]).astype(np.int64)
    extra_day = np.maximum(first_days[month] + day_of_month, arrival_day[extra])

    customer = np.concatenate([np.arange(customers), extra])
    day = np.concatenate([arrival_day, extra_day])
    order = np.argsort(day, kind="stable")
    customer, day = customer[order], day[order]
    quantity = 1 + rng.poisson(1.2, orders)
    unit_price = price[customer] * rng.lognormal(0.0, 0.25, orders)
    amount = np.round(quantity * unit_price, 2)
    returned = np.where(rng.random(orders) < 0.05, rng.binomial(quantity, 0.5).clip(min=1), 0)

    end = first_days[-1] + lengths[-1] - 1
    refund = np.flatnonzero(returned > 0)
    refund_day = np.minimum(day[refund] + rng.integers(3, 21, len(refund)), end)
    refund_amount = -np.round(amount[refund] * returned[refund] / quantity[refund], 2)
    log = pd.DataFrame({
        "Order ID": _ids("SO-", np.concatenate([np.arange(orders), refund]) + 1, max(7, len(str(orders)))),
        "Customer ID": _ids("C", np.concatenate([customer, customer[refund]]) + 1, max(6, len(str(customers)))),
        "Order date": np.concatenate([day, refund_day]).astype("datetime64[s]"),
        "Amount": np.concatenate([amount, refund_amount]),
        "Quantity": pd.array(np.concatenate([quantity, np.zeros(len(refund), int)]), dtype="Int64"),
        "Returned quantity": pd.array(np.concatenate([returned, np.zeros(len(refund), int)]), dtype="Int64"),
        "Channel": np.array(CHANNELS)[channels(churn)[np.concatenate([customer, customer[refund]])]],
    })
    log.loc[orders:, ["Quantity", "Returned quantity"]] = pd.NA
    return log.sort_values(["Order date", "Order ID"], kind="stable", ignore_index=True)

"""Buying habits from an order log: the days between purchases, the buying cycle they give the active window of
the period table, and how concentrated revenue is (the 80/20 rule)."""

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from retention.errors import InputError
from retention.fields import DEFAULT_PERIOD_DAYS
from retention.orders.cells import FREQUENCIES, codes, frequency, purchase_days
from retention.orders.order_log import check_order_log, day_numbers
from retention.words import words

__all__ = ["CYCLE_MIN_GAPS", "CYCLE_SHARE", "MAX_WINDOW", "BuyingCycle", "Concentration", "buying_cycle",
           "buying_cycle_of_counts", "buying_cycle_window", "days_between_purchases", "revenue_concentration"]

#: The buying cycle is the gap within which this share of repeat purchases come (P80).
CYCLE_SHARE = 0.8
#: With fewer gaps between purchases than this, there are too few repeat purchases to tell: the window is 1.
CYCLE_MIN_GAPS = 30
#: The longest active window the buying cycle gives, and the longest a user may choose, in periods.
MAX_WINDOW = 12


def days_between_purchases(transactions: pd.DataFrame) -> pd.Series:
    """The exact days between each customer's consecutive purchase days: the distribution, one value per gap.

    Orders on the same day count as one purchase day, so every gap is at least 1 day. The mean of the series is
    the exact ``average_days_between_purchases`` of DESIGN §2.

    >>> orders = pd.DataFrame({
    ...     "customer_id": ["ann", "ann", "ann", "bob", "ann"],
    ...     "date": pd.to_datetime(["2024-01-01", "2024-01-11", "2024-01-11", "2024-01-05", "2024-01-31"]),
    ... })
    >>> days_between_purchases(orders).tolist()
    [10, 20]
    """
    check_order_log(transactions)
    _, gaps = purchase_days(codes(transactions["customer_id"]), day_numbers(transactions["date"]))
    return pd.Series(gaps, name="days_between_purchases")


@dataclass(frozen=True)
class BuyingCycle:
    """The active window the buying cycle gives (DESIGN §3), with what it was read from.

    window: periods of ``freq`` a customer counts as kept after a purchase; p80_days: the gap in days within which
    80% of repeat purchases come (None with no gaps); gaps: the number of gaps between purchases it was read
    from; period_days: the length of one period; enough: whether there were gaps enough to tell (otherwise the
    window is 1).
    """

    window: int
    p80_days: int | None
    gaps: int
    freq: str
    period_days: int
    enough: bool

    def as_dict(self) -> dict:
        """Plain values, for ``table.attrs``."""
        return {"window": self.window, "p80_days": self.p80_days, "gaps": self.gaps, "freq": self.freq,
                "period_days": self.period_days, "enough": self.enough}


def buying_cycle(gaps: np.ndarray, freq: str = "M") -> BuyingCycle:
    """The buying cycle of these gaps (days between consecutive purchase days): see :func:`buying_cycle_window`."""
    return buying_cycle_of_counts(np.bincount(gaps), freq)


def buying_cycle_of_counts(counts: np.ndarray, freq: str = "M") -> BuyingCycle:
    """The buying cycle from ``counts[g]``, the number of gaps of g days: P80 is the smallest g with at least
    80% of the gaps at most g days (the inverted-CDF percentile)."""
    period_days = DEFAULT_PERIOD_DAYS[FREQUENCIES[frequency(freq)]]
    cumulative = np.cumsum(counts)
    count = int(cumulative[-1]) if len(cumulative) else 0
    p80 = int(np.searchsorted(cumulative, count * CYCLE_SHARE)) if count else None
    enough = count >= CYCLE_MIN_GAPS
    window = min(MAX_WINDOW, max(1, math.ceil(p80 / period_days))) if enough else 1
    return BuyingCycle(window, p80, count, freq, period_days, enough)


def buying_cycle_window(transactions: pd.DataFrame, freq: str = "M") -> BuyingCycle:
    """The default active window of :func:`retention.orders.period_table.period_table`: the shop's buying cycle.

    w = ceil(P80 / period_days), clamped to 1..12, where P80 is the smallest gap (days between a repeat
    customer's consecutive purchase days, as :func:`days_between_purchases` gives them) within which at least
    80% of the gaps fall, and period_days is 7, 30, 91 or 365 for ``freq`` "W", "M", "Q" or "Y". With fewer than
    30 gaps there are too few repeat purchases to tell, and w = 1.

    Forty customers who each buy three times, 20 and 62 days apart: of the 80 gaps, 40 are 20 days and 40 are 62,
    so 80% of repeat purchases come within P80 = 62 days, that is ceil(62 / 30) = 3 months or ceil(62 / 7) = 9
    weeks.

    >>> orders = pd.DataFrame({
    ...     "customer_id": [f"c{number}" for number in range(40)] * 3,
    ...     "date": pd.to_datetime(["2024-01-01"] * 40 + ["2024-01-21"] * 40 + ["2024-03-23"] * 40),
    ... })
    >>> cycle = buying_cycle_window(orders)
    >>> cycle.window, cycle.p80_days, cycle.gaps
    (3, 62, 80)
    >>> buying_cycle_window(orders, "W").window, buying_cycle_window(orders, "Q").window
    (9, 1)
    >>> buying_cycle_window(orders.iloc[:80]).window  # 40 gaps of 20 days
    1
    """
    check_order_log(transactions)
    _, gaps = purchase_days(codes(transactions["customer_id"]), day_numbers(transactions["date"]))
    return buying_cycle(gaps, freq)


@dataclass(frozen=True)
class Concentration:
    """How concentrated revenue is on the best customers.

    top_share: the share of customers looked at (0.2 for the 80/20 rule); top_customers: how many customers that is
    (rounded up); top_revenue_share: their share of the revenue; curve: the Pareto curve, columns
    ``customer_share`` (0..1, best customers first) and ``revenue_share`` (cumulative, 0..1).
    """

    top_share: float
    customers: int
    top_customers: int
    top_revenue_share: float
    curve: pd.DataFrame


def revenue_concentration(transactions: pd.DataFrame, top_share: float = 0.2, points: int = 101) -> Concentration:
    """The share of revenue from the top ``top_share`` of customers (by revenue), and the Pareto curve.

    The curve has ``points`` evenly spaced customer shares from 0 to 1, each with the exact cumulative revenue
    share of the best customers up to that share.

    >>> orders = pd.DataFrame({
    ...     "customer_id": ["a", "b", "c", "d", "e", "a"],
    ...     "date": pd.to_datetime(["2024-01-01"] * 6),
    ...     "amount": [50.0, 10.0, 10.0, 10.0, 10.0, 10.0],
    ... })
    >>> result = revenue_concentration(orders)
    >>> result.top_customers, result.top_revenue_share
    (1, 0.6)

    One customer of five (20%) brought 60 of the 100 in revenue.
    """
    check_order_log(transactions, needs_amount=True)
    if not 0 < top_share <= 1:
        raise InputError({"top_share": words("transactions")["top_share"]})
    customers = codes(transactions["customer_id"])
    totals = np.bincount(customers, transactions["amount"].to_numpy(float))[np.bincount(customers) > 0]
    revenue = np.sort(totals)[::-1]
    cumulative = np.concatenate([[0.0], np.cumsum(revenue)])
    total = cumulative[-1]
    count = len(revenue)
    top = math.ceil(round(top_share * count, 9))
    with np.errstate(invalid="ignore", divide="ignore"):
        shares = np.linspace(0.0, 1.0, points)
        curve = pd.DataFrame(
            {"customer_share": shares, "revenue_share": cumulative[np.round(shares * count).astype(int)] / total}
        )
        return Concentration(top_share, count, top, float(cumulative[top] / total), curve)

"""Buying habits from an order log: the days between purchases, and how concentrated revenue is (the 80/20 rule)."""

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from retention.errors import InputError
from retention.orders.cells import codes, purchase_days
from retention.orders.order_log import check_order_log, day_numbers
from retention.words import words

__all__ = ["Concentration", "days_between_purchases", "revenue_concentration"]


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

    One customer of five (20 %) brought 60 of the 100 in revenue.
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

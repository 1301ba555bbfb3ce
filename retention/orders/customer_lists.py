"""The customers behind an action plan's steps (issue 19), from an order log (customer_id, date, amount).

Each customer's history: purchase days (orders on one day are one purchase), first and last purchase, revenue. The
log's end is its last order's day, the day the export was taken as far as the log can tell.

- *Quiet*: a repeat customer whose days since the last purchase exceed their own usual gap, the average days
  between their purchases: (last - first) / (purchase days - 1).
- *One-time buyers of the last period*: one purchase day, and it falls in the period (``freq``) of the log's end.
- *Top customers*: the ⌈``share`` · customers⌉ with the most revenue, who bring most of it.

Each list comes most revenue first, with the columns of :data:`LIST_COLUMNS`. A log without amounts (see
:func:`~retention.orders.order_log.has_amounts`) has NaN revenue, never 0, and no top customers.
"""

import math

import pandas as pd

__all__ = ["LIST_COLUMNS", "customer_histories", "one_time_buyers", "quiet_customers", "top_customers"]

LIST_COLUMNS = ("customer_id", "purchases", "first_purchase", "last_purchase", "revenue", "usual_gap_days",
                "days_since_last")
TOP_SHARE = 0.2


def customer_histories(orders: pd.DataFrame) -> pd.DataFrame:
    """One row per customer: purchases (days with an order), first and last purchase, revenue, the usual gap in days
    (NaN for one purchase) and the days from the last purchase to the log's end.

    >>> orders = pd.DataFrame({"customer_id": ["a", "a", "a", "b"], "amount": [10.0, 5.0, 20.0, 7.0],
    ...                        "date": pd.to_datetime(["2024-01-01", "2024-01-01", "2024-01-11", "2024-01-21"])})
    >>> customer_histories(orders)[["purchases", "revenue", "usual_gap_days", "days_since_last"]].to_dict("index")
    {'a': {'purchases': 2, 'revenue': 35.0, 'usual_gap_days': 10.0, 'days_since_last': 10}, \
'b': {'purchases': 1, 'revenue': 7.0, 'usual_gap_days': nan, 'days_since_last': 0}}
    """
    days = orders.assign(day=orders["date"].dt.normalize())
    grouped = days.groupby("customer_id", sort=False)
    histories = pd.DataFrame({
        "purchases": grouped["day"].nunique(), "first_purchase": grouped["day"].min(),
        "last_purchase": grouped["day"].max(), "revenue": grouped["amount"].sum(min_count=1),
    })
    span = (histories["last_purchase"] - histories["first_purchase"]).dt.days
    histories["usual_gap_days"] = (span / (histories["purchases"] - 1)).where(histories["purchases"] > 1)
    histories["days_since_last"] = (days["day"].max() - histories["last_purchase"]).dt.days
    histories.index.name = "customer_id"
    return histories


def _listed(histories: pd.DataFrame) -> pd.DataFrame:
    return histories.sort_values("revenue", ascending=False, kind="stable").reset_index()[list(LIST_COLUMNS)]


def quiet_customers(histories: pd.DataFrame) -> pd.DataFrame:
    """Repeat customers silent for longer than their own usual gap between purchases."""
    return _listed(histories[histories["days_since_last"] > histories["usual_gap_days"]])


def one_time_buyers(histories: pd.DataFrame, freq: str = "M") -> pd.DataFrame:
    """Customers with one purchase, made in the period of the log's end."""
    end = histories["last_purchase"].max().to_period(freq)
    once = histories[(histories["purchases"] == 1) & (histories["first_purchase"].dt.to_period(freq) == end)]
    return _listed(once)


def top_customers(histories: pd.DataFrame, share: float = TOP_SHARE) -> pd.DataFrame:
    """The ⌈share · customers⌉ customers with the most revenue; none for a log without amounts."""
    with_revenue = histories.dropna(subset=["revenue"])
    return _listed(with_revenue).head(math.ceil(share * len(with_revenue)))

"""The order log's rules shared by the period table and the forecast: which day an order falls on.

An order's day is the local calendar day the shop saw: its wall-clock date, with the time of day and any time zone
dropped (never the date in UTC). Days are numbered from 1970-01-01 = 0.

>>> late = pd.Timestamp("2024-03-01 23:30", tz="America/New_York")  # 2024-03-02 04:30 in UTC
>>> day_number(late), day_date(day_number(late))
(19783, Timestamp('2024-03-01 00:00:00'))
>>> day_numbers(pd.Series([late, late + pd.Timedelta(hours=1)])).tolist()
[19783, 19784]
"""

import numpy as np
import pandas as pd

__all__ = ["day_date", "day_number", "day_numbers"]


def day_numbers(dates: pd.Series) -> np.ndarray:
    """The day number of each date: its wall-clock date, time of day and time zone dropped."""
    if isinstance(dates.dtype, pd.DatetimeTZDtype):
        dates = dates.dt.tz_localize(None)
    return dates.to_numpy("datetime64[D]").astype(np.int64)


def day_number(date) -> int:
    """The day number of one date (a Timestamp, a datetime or a text such as "2024-03-01"), by the same rule."""
    return int(np.datetime64(pd.Timestamp(date).tz_localize(None), "D").astype(np.int64))


def day_date(day: int) -> pd.Timestamp:
    """The midnight (without time zone) that starts the day with this number."""
    return pd.Timestamp(int(day), unit="D")


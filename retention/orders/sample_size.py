"""When figures rest on too few customers to tell much: the plain warnings of DESIGN §3's honest figures.

A share of a few customers swings by chance: with 30 customers at the start, one customer more or less moves the
retention rate by 3.3 points. So a period that starts with fewer than ``MIN_START_CUSTOMERS`` customers, and a log
of fewer than ``MIN_CUSTOMERS`` customers or fewer than ``MIN_PERIODS`` periods, gets a warning beside the figures
it weakens (the forecast keeps its own rules, :mod:`retention.btyd.forecast`).

>>> table = pd.DataFrame({"customers_start": [0, 12, 40]}, index=pd.period_range("2024-01", periods=3, freq="M"))
>>> [str(period) for period in thin_periods(table)]
['2024-02']
>>> [note.key for note in small_sample_notes(customers=4, periods=2)]
['few_customers', 'few_periods']
"""

import pandas as pd

from retention.formatting import format_number
from retention.notes import Note
from retention.words import words

__all__ = [
    "MIN_CUSTOMERS",
    "MIN_PERIODS",
    "MIN_START_CUSTOMERS",
    "small_sample_notes",
    "thin_note",
    "thin_period_note",
    "thin_periods",
]

#: A period's rates need at least this many customers at its start to mean much.
MIN_START_CUSTOMERS = 30
#: A log's averages need at least this many customers ...
MIN_CUSTOMERS = 100
#: ... and this many periods.
MIN_PERIODS = 3


def _text() -> dict:
    return words("transactions")["small_samples"]


def thin_periods(table: pd.DataFrame) -> list:
    """The periods (index labels) of a period table that start with some customers but fewer than 30: their
    retention and churn swing by chance. Periods with no customer at the start have no rate at all."""
    if "customers_start" not in table.columns:
        return []
    start = table["customers_start"]
    return list(table.index[(start > 0) & (start < MIN_START_CUSTOMERS)])


def thin_note(table: pd.DataFrame) -> Note | None:
    """One warning naming the thin periods of :func:`thin_periods` (the first three and how many more), or None."""
    periods = [str(period) for period in thin_periods(table)]
    if not periods:
        return None
    text = _text()
    named = text["separator"].join(periods[:3])
    more = text["more"].format(count=len(periods) - 3) if len(periods) > 3 else ""
    return Note("thin_periods", text["thin_periods"].format(
        periods=named, more=more, minimum=MIN_START_CUSTOMERS))


def thin_period_note(customers_start: float) -> Note | None:
    """The warning for one period's cards when it starts with 1 to 29 customers, else None."""
    if not 0 < customers_start < MIN_START_CUSTOMERS:
        return None
    return Note("thin_period", _text()["thin_period"].format(
        customers=format_number(customers_start), points=format_number(100 / customers_start, 1)))


def small_sample_notes(customers: int, periods: int) -> list[Note]:
    """Warnings for a whole log: fewer than 100 customers, fewer than 3 periods."""
    text = _text()
    notes = []
    if customers < MIN_CUSTOMERS:
        notes.append(Note("few_customers", text["few_customers"].format(customers=format_number(customers),
                                                                        minimum=MIN_CUSTOMERS)))
    if periods < MIN_PERIODS:
        notes.append(Note("few_periods", text["few_periods"].format(minimum=MIN_PERIODS)))
    return notes

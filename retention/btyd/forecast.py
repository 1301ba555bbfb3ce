"""Predictive lifetime value from an order log in one call: everything the page "Forecast" shows (DESIGN §4).

=======================  ========================================================================================
name                     what it gives
=======================  ========================================================================================
forecast(orders, ...)    a :class:`Forecast`: the customer summary, the fitted models, one row per customer, the
                         fit check, the check on recent orders, and warnings in plain words
Forecast                 the result, with the headline figures as properties
HoldoutCheck             the purchase model fitted again up to a split date, compared with what happened after it
Note                     a warning or note: a stable ``key``, a ``message`` for people (:mod:`retention.notes`)
misplaced_share(check)   the share of customers the fit check puts in another group than they are
FORECAST_STEPS           the steps the ``progress`` callback is told about, in order
=======================  ========================================================================================

The steps: the customer summary (:func:`retention.btyd.customer_summary.customer_summary`, same-day purchases merged),
the BG/NBD purchase model and the Gamma-Gamma spend model fitted by maximum likelihood, each customer's predicted
lifetime value (:func:`retention.btyd.clv.predict_clv`), the fit check (how many customers made 0, 1, 2, ...
repeat purchases, actual against the model's expectation for customers of the same ages) and, when the history is
long enough, the holdout check: the purchase model fitted again on the orders up to a split date, asked for the
purchases of those customers after it, and compared with what they did.

>>> from retention.btyd.simulation import simulate_transactions
>>> orders = simulate_transactions(400, BGNBD(r=0.5, alpha=3.0, a=0.8, b=4.0, time_unit="W"),
...                                GammaGamma(p=6.0, q=4.0, gamma=15.0), observation_periods=78,
...                                acquisition_periods=26, seed=3)
>>> result = forecast(orders, time_unit="W", horizon=52, discount_rate=0.1, margin=0.3)
>>> list(result.customers.columns)  # doctest: +NORMALIZE_WHITESPACE
['customer_id', 'purchases', 'first_purchase', 'last_purchase', 'spent_so_far', 'probability_alive', 'risk',
 'next_order_by', 'expected_purchases', 'expected_spend', 'predicted_clv', 'clv_low', 'clv_high']
>>> result.customer_count, result.repeat_customers, [note.key for note in result.warnings]
(400, 305, [])
>>> check = result.holdout  # fitted up to 2025-02-16, the last quarter of the history held back
>>> f"{check.calibration_end:%Y-%m-%d}", round(check.predicted_purchases), check.actual_purchases
('2025-02-16', 307, 297)
>>> value, holdout = result.ranges.total_value, check.predicted_range  # 80% ranges of 5,114 and of 307
>>> [round(end) for end in (value.low, value.high, holdout.low, holdout.high)]
[4421, 5807, 269, 344]

Expected purchases are expected values (0.4 purchases), not counts. Customers without repeat purchases get a
probability of 1 of being active: in the BG/NBD model a customer can only leave right after a repeat purchase, so
the model has seen no sign that they left.
"""

import dataclasses
import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from retention.btyd.bgnbd import BGNBD
from retention.btyd.clv import _check_settings, predict_clv
from retention.btyd.customer_summary import (
    calibration_holdout_split,
    customer_summary,
    time_unit_days,
)
from retention.btyd.gamma_gamma import GammaGamma
from retention.btyd.ranges import ForecastRanges, Range, forecast_ranges, purchases_range
from retention.btyd.risk import customer_risk
from retention.errors import InputError
from retention.formatting import format_date, format_number, format_value
from retention.notes import Note
from retention.orders.order_log import day_date, day_number, day_numbers
from retention.words import Words, words

__all__ = [
    "FORECAST_STEPS",
    "Forecast",
    "HoldoutCheck",
    "Note",
    "forecast",
    "format_duration",
    "misplaced_share",
]

#: The steps the ``progress`` callback receives, in order, with the share of the work done when each starts.
FORECAST_STEPS = {
    "summary": 0.0,
    "purchase_model": 0.15,
    "spend_model": 0.4,
    "lifetime_value": 0.5,
    "ranges": 0.6,
    "fit_check": 0.7,
    "holdout": 0.8,
    "done": 1.0,
}
#: Below these many customers, or repeat customers, the estimates are rough (the result warns).
FEW_CUSTOMERS = 300
FEW_REPEAT_CUSTOMERS = 100
#: A history shorter than about half a year rarely shows customers come back (the result warns).
SHORT_HISTORY_DAYS = 182
#: The automatic holdout check holds back this share of the history, in whole time units, when that gives at
#: least MIN_HOLDOUT_DAYS and MIN_HOLDOUT_UNITS; else it is skipped with a note.
HOLDOUT_SHARE = 0.25
MIN_HOLDOUT_DAYS = 28
MIN_HOLDOUT_UNITS = 2
#: The fit check's groups: 0, 1, ..., FIT_CHECK_GROUPS - 1 and "FIT_CHECK_GROUPS or more" repeat purchases.
FIT_CHECK_GROUPS = 7
#: Warn when the fit check misplaces more than this share of customers, or the holdout total is off by more.
FIT_TOLERANCE = 0.10
HOLDOUT_TOLERANCE = 0.20
#: The share of customers whose share of value the headline gives ("the top 20%").
TOP_SHARE = 0.2
#: Points of the holdout check's running totals.
TRACKING_POINTS = 40

CUSTOMER_COLUMNS = ("customer_id", "purchases", "first_purchase", "last_purchase", "spent_so_far",
                    "probability_alive", "risk", "next_order_by", "expected_purchases", "expected_spend",
                    "predicted_clv", "clv_low", "clv_high")


def _text() -> Words:
    return words("forecast")


@dataclass(frozen=True, eq=False)
class HoldoutCheck:
    """The purchase model fitted on the orders up to ``calibration_end`` and its prediction for the holdout.

    ``customers``: those who had bought by ``calibration_end`` (the model knows nothing of later ones).
    ``predicted_purchases`` and ``actual_purchases``: their purchase days after ``calibration_end`` up to
    ``holdout_end`` (``duration`` time units), expected and counted. ``mean_absolute_error``: the mean of
    |predicted - actual| per customer, in purchases. ``tracking``: running totals of both at dates in the holdout
    (columns ``date``, ``predicted``, ``actual``; the last row holds the totals). ``purchases``: the model fitted
    on the calibration period. ``predicted_range``: the 80% range of ``predicted_purchases``
    (:func:`retention.btyd.ranges.purchases_range`).
    """

    calibration_end: pd.Timestamp
    holdout_end: pd.Timestamp
    duration: float
    time_unit: str
    customers: int
    predicted_purchases: float
    actual_purchases: int
    mean_absolute_error: float
    tracking: pd.DataFrame
    purchases: BGNBD
    predicted_range: Range

    @property
    def difference(self) -> float:
        """(predicted - actual) / actual: 0.05 means 5% more predicted than happened; NaN when none happened."""
        if self.actual_purchases == 0:
            return float("nan")
        return (self.predicted_purchases - self.actual_purchases) / self.actual_purchases


@dataclass(frozen=True, eq=False)
class Forecast:
    """What :func:`forecast` found, for one order log and one set of settings.

    ``summary``: the customer summary (:func:`retention.btyd.customer_summary.customer_summary`). ``purchases`` and
    ``spend``: the fitted BG/NBD and Gamma-Gamma models. ``customers``: one row per customer (columns
    ``CUSTOMER_COLUMNS``), highest predicted lifetime value first; ``purchases`` counts days with an order,
    ``spent_so_far`` every order up to ``observation_end``. ``fit_check``: ``repeat_purchases`` (labels "0", "1",
    ..., "7+"), ``actual`` and ``predicted`` numbers of customers. ``holdout``: the check on recent orders, or None
    (``notes`` say why). ``warnings``: reasons to treat the figures as rough, each saying what would help; ``notes``:
    what was done to the data. ``horizon`` is in ``time_unit``, ``discount_rate`` per year, ``margin`` 0-1, or None
    when none was given (then ``predicted_clv`` is NaN and the customers are ranked by predicted spend).
    ``ranges``: the 80% ranges of the figures (:mod:`retention.btyd.ranges`; of the values NaN without a margin);
    ``clv_low`` and ``clv_high`` in ``customers`` are each customer's.
    """

    summary: pd.DataFrame
    purchases: BGNBD
    spend: GammaGamma
    customers: pd.DataFrame
    fit_check: pd.DataFrame
    holdout: HoldoutCheck | None
    warnings: tuple[Note, ...]
    notes: tuple[Note, ...]
    time_unit: str
    horizon: float
    discount_rate: float
    margin: float | None
    observation_end: pd.Timestamp
    first_order: pd.Timestamp
    ranges: ForecastRanges

    @property
    def customer_count(self) -> int:
        return len(self.customers)

    @property
    def repeat_customers(self) -> int:
        """Customers who bought on more than one day."""
        return int((self.summary["frequency"] > 0).sum())

    @property
    def total_purchases(self) -> float:
        """Expected purchases of every customer together in the horizon."""
        return float(self.customers["expected_purchases"].sum())

    @property
    def total_clv(self) -> float:
        """Predicted lifetime value of every customer together (customers without a value left out); NaN without a
        margin."""
        if self.margin is None:
            return float("nan")
        return float(np.nansum(self.customers["predicted_clv"]))

    @property
    def average_clv(self) -> float:
        """Predicted lifetime value per customer (of those with a value); NaN when none has one."""
        values = self.customers["predicted_clv"].dropna()
        return float(values.mean()) if len(values) else float("nan")

    @property
    def top_share(self) -> float:
        """The share of the total predicted value held by the most valuable 20% of customers (NaN for a total 0 or
        without a margin)."""
        if self.margin is None:
            return float("nan")
        return top_value_share(self.customers["predicted_clv"], TOP_SHARE)

    @property
    def history_days(self) -> int:
        """Days from the first order to the observation date."""
        return int((self.observation_end - self.first_order).days)


def top_value_share(values: pd.Series, share: float = TOP_SHARE) -> float:
    """The share of the sum held by the largest ``share`` of the values (at least one), NaN when the sum is 0.

    >>> top_value_share(pd.Series([50.0, 20.0, 10.0, 10.0, 10.0]))
    0.5
    """
    ordered = np.sort(values.dropna().to_numpy(float))[::-1]
    total = ordered.sum()
    if len(ordered) == 0 or total <= 0:
        return float("nan")
    return float(ordered[: max(1, math.ceil(share * len(ordered)))].sum() / total)


def format_duration(days: float, time_unit: str) -> str:
    """A number of days in the time unit, in words: ``format_duration(91, "W")`` -> "13 weeks".

    >>> format_duration(91, "W"), format_duration(7, "W"), format_duration(365.25, "M")
    ('13 weeks', '1 week', '12 months')
    """
    text = _text()
    units = days / time_unit_days(time_unit)
    shown = format_number(units) if abs(units - round(units)) < 0.05 or units >= 10 else format_number(units, 1)
    name = text["unit_singular" if shown == "1" else "unit_plural"][time_unit]
    return f"{shown} {name}"


def misplaced_share(fit_check: pd.DataFrame) -> float:
    """The share of customers the model would put in another repeat-purchase group than they are: half the sum of
    |predicted - actual| over the groups, divided by the customers. 0 is a perfect match.

    >>> misplaced_share(pd.DataFrame({"actual": [60, 30, 10], "predicted": [55.0, 35.0, 10.0]}))
    0.05
    """
    customers = fit_check["actual"].sum()
    if customers == 0:
        return float("nan")
    return float((fit_check["predicted"] - fit_check["actual"]).abs().sum() / 2 / customers)


def _customer_table(summary: pd.DataFrame, values: pd.DataFrame, risk: pd.DataFrame, transactions: pd.DataFrame,
                    day: np.ndarray, end_day: int, unit_days: float) -> pd.DataFrame:
    """One row per customer: history (purchase days, first and last purchase, spent so far), the forecast, the risk
    band and the day the next order is likely by (NaT: none expected within the horizon)."""
    wait = risk["wait"].to_numpy(float)
    next_day = np.where(np.isnan(wait), np.nan, end_day + np.ceil(wait * unit_days))
    kept = day <= end_day
    spent = pd.Series(transactions["amount"].to_numpy(float)[kept]).groupby(
        transactions["customer_id"].to_numpy()[kept]).sum()
    first_day = end_day - np.round(summary["T"].to_numpy(float) * unit_days).astype(np.int64)
    last_day = first_day + np.round(summary["recency"].to_numpy(float) * unit_days).astype(np.int64)
    table = pd.DataFrame({
        "customer_id": summary.index.to_numpy(),
        "purchases": summary["frequency"].to_numpy() + 1,
        "first_purchase": first_day.astype("datetime64[D]"),
        "last_purchase": last_day.astype("datetime64[D]"),
        "spent_so_far": spent.reindex(summary.index).to_numpy(float),
        **{column: values[column].to_numpy() for column in values.columns},
        "risk": risk["risk"].to_numpy(),
        "next_order_by": pd.to_datetime(next_day, unit="D"),
    })[list(CUSTOMER_COLUMNS)]
    order = np.lexsort((np.arange(len(table)), -table["predicted_clv"].fillna(-np.inf).to_numpy()))
    return table.iloc[order].reset_index(drop=True)


def _fit_check(purchases: BGNBD, summary: pd.DataFrame) -> pd.DataFrame:
    """Customers with 0, 1, ... repeat purchases: actual, and expected by the model for customers of their ages.

    The expected number with n repeat purchases is Σ_i P(X(T_i) = n); the last group ("k+") takes the rest.
    """
    repeat = summary["frequency"].to_numpy(np.int64)
    groups = int(min(FIT_CHECK_GROUPS, max(1, repeat.max())))
    ages, customers = np.unique(summary["T"].to_numpy(float), return_counts=True)
    probabilities = purchases.purchase_count_probability(np.arange(groups)[:, None], ages[None, :])
    predicted = np.einsum("ij,j->i", np.atleast_2d(probabilities), customers.astype(float))
    predicted = np.append(predicted, max(0.0, len(repeat) - predicted.sum()))
    actual = np.bincount(np.minimum(repeat, groups), minlength=groups + 1)
    labels = [str(n) for n in range(groups)] + [f"{groups}+"]
    return pd.DataFrame({"repeat_purchases": labels, "actual": actual, "predicted": predicted})


def _automatic_split(first_day: int, end_day: int, unit_days: float) -> int | None:
    """The split day holding back the last quarter of the history in whole time units, or None when too short."""
    units = math.floor((end_day - first_day) * HOLDOUT_SHARE / unit_days)
    holdout_days = round(units * unit_days)
    if units < MIN_HOLDOUT_UNITS or holdout_days < MIN_HOLDOUT_DAYS:
        return None
    return end_day - holdout_days


def _holdout_check(transactions: pd.DataFrame, day: np.ndarray, split_day: int, end_day: int,
                   time_unit: str) -> HoldoutCheck:
    """Fit the purchase model up to ``split_day`` and compare its prediction with the purchase days after it."""
    unit_days = time_unit_days(time_unit)
    calibration = calibration_holdout_split(transactions, day_date(split_day), day_date(end_day), time_unit)
    model = BGNBD.fit(calibration)
    holdout_days = end_day - split_day
    steps = np.unique(np.round(np.linspace(0, holdout_days, min(holdout_days, TRACKING_POINTS) + 1)))
    expected = model.conditional_expected_purchases(steps / unit_days, calibration).to_numpy()
    actual_by_customer = calibration["frequency_holdout"].to_numpy()

    after = (day > split_day) & (day <= end_day)
    position = calibration.index.get_indexer(transactions["customer_id"].to_numpy()[after])
    known = position >= 0
    purchase_days = np.unique(position[known].astype(np.int64) * (holdout_days + 1)
                              + (day[after][known] - split_day))
    days_after = np.sort(purchase_days % (holdout_days + 1))
    tracking = pd.DataFrame({
        "date": (split_day + steps.astype(np.int64)).astype("datetime64[D]"),
        "predicted": expected.sum(axis=0),
        "actual": np.searchsorted(days_after, steps, side="right"),
    })
    return HoldoutCheck(
        calibration_end=day_date(split_day),
        holdout_end=day_date(end_day),
        duration=holdout_days / unit_days,
        time_unit=time_unit,
        customers=len(calibration),
        predicted_purchases=float(expected[:, -1].sum()),
        actual_purchases=int(actual_by_customer.sum()),
        mean_absolute_error=float(np.abs(expected[:, -1] - actual_by_customer).mean()),
        tracking=tracking,
        purchases=model,
        predicted_range=purchases_range(model, calibration, holdout_days / unit_days),
    )


def _percent(share: float) -> str:
    return format_value(share, "fraction")


def _warnings(summary: pd.DataFrame, values: pd.DataFrame, fit_check: pd.DataFrame, holdout: HoldoutCheck | None,
              time_unit: str, horizon: float, history_days: int) -> list[Note]:
    """Reasons to treat the figures as rough, each saying what would help."""
    text = _text()["warnings"]
    found = []
    customers = len(summary)
    repeat = int((summary["frequency"] > 0).sum())
    history = format_duration(history_days, time_unit)
    if customers < FEW_CUSTOMERS:
        found.append(Note("few_customers", text["few_customers"].format(customers=format_number(customers),
                                                                         threshold=format_number(FEW_CUSTOMERS))))
    if repeat < FEW_REPEAT_CUSTOMERS:
        found.append(Note("few_repeat_customers", text["few_repeat_customers"].format(
            repeat=format_number(repeat), threshold=format_number(FEW_REPEAT_CUSTOMERS))))
    if history_days < SHORT_HISTORY_DAYS:
        found.append(Note("short_history", text["short_history"].format(history=history)))
    horizon_days = horizon * time_unit_days(time_unit)
    if horizon_days > history_days:
        found.append(Note("long_horizon", text["long_horizon"].format(
            horizon=format_duration(horizon_days, time_unit), history=history)))
    without_spend = int(values["expected_spend"].isna().sum())
    if without_spend:
        found.append(Note("spend_undefined", text["spend_undefined"].format(count=format_number(without_spend))))
    misplaced = misplaced_share(fit_check)
    if misplaced > FIT_TOLERANCE:
        found.append(Note("fit_off", text["fit_off"].format(share=_percent(misplaced))))
    if holdout is not None and holdout.actual_purchases and abs(holdout.difference) > HOLDOUT_TOLERANCE:
        found.append(Note("holdout_off", text["holdout_off"].format(
            predicted=format_number(holdout.predicted_purchases), actual=format_number(holdout.actual_purchases),
            difference=_percent(abs(holdout.difference)))))
    return found


def forecast(transactions: pd.DataFrame, observation_end=None, time_unit: str = "W", horizon: float = 52,
             discount_rate: float = 0.1, margin: float | None = 0.3, holdout=None,
             progress: Callable[[str, float], None] | None = None) -> Forecast:
    """Fit the purchase and spend models to an order log and forecast every customer's lifetime value.

    ``transactions``: ``customer_id``, ``date`` (datetime64), ``amount``, optionally ``order_id`` (as from
    :func:`retention.io.readers.load_transactions`). ``observation_end``: the day the observation stops (default the
    last order's date; later orders are left out, with a note). ``time_unit``: "D", "W" or "M", the unit of the
    models and of ``horizon``, the look-ahead. ``discount_rate``: per year (0.1 = 10%). ``margin``: the share of
    spend kept as profit (0-1); None when not known: every figure but the lifetime values (NaN). ``holdout``: None
    checks the model on the last quarter of the history when it is long enough (at least 2 time units and 28 days
    held back), else skips the check with a note; a date checks it from that day on; False skips it.
    ``progress(step, fraction)``: called as each step of ``FORECAST_STEPS`` starts, and with "done" at the end.

    Raises :class:`retention.errors.InputError` for impossible settings (keys ``time_unit``, ``horizon``,
    ``discount_rate``, ``margin``, ``calibration_end``) and for data the models cannot learn from (key
    ``transactions``, or the column's name).
    """
    def report(step: str) -> None:
        if progress is not None:
            progress(step, FORECAST_STEPS[step])

    unit_days = time_unit_days(time_unit)
    _check_settings(horizon, discount_rate, 1.0 if margin is None else margin)
    report("summary")
    summary = customer_summary(transactions, observation_end, time_unit)
    end = summary.attrs["observation_end"]
    end_day = day_number(end)
    day = day_numbers(transactions["date"])
    first_day = int(day.min())
    report("purchase_model")
    purchases = BGNBD.fit(summary)
    report("spend_model")
    spend = GammaGamma.fit(summary)
    report("lifetime_value")
    # Without a margin, the value at margin 1 (the predicted spend, discounted) ranks the customers, then goes.
    used_margin = 1.0 if margin is None else margin
    values = predict_clv(purchases, spend, summary, horizon, discount_rate, used_margin)
    report("ranges")
    ranges = forecast_ranges(purchases, spend, summary, values, horizon, discount_rate, used_margin)
    if margin is None:
        unknown = Range(math.nan, math.nan)
        ranges = dataclasses.replace(ranges, total_value=unknown, value_per_customer=unknown)
    risk = customer_risk(purchases, summary, values["probability_alive"], horizon)
    customers = _customer_table(summary, values.join(ranges.customers), risk, transactions, day, end_day, unit_days)
    if margin is None:
        customers[["predicted_clv", "clv_low", "clv_high"]] = np.nan
    report("fit_check")
    fit_check = _fit_check(purchases, summary)
    report("holdout")

    notes = []
    text = _text()["notes"]
    if summary.attrs["merged_same_day"]:
        notes.append(Note("merged_same_day", text["merged_same_day"].format(
            count=format_number(summary.attrs['merged_same_day']))))
    later = int((day > end_day).sum())
    if later:
        notes.append(Note("orders_after_end", text["orders_after_end"].format(count=format_number(later),
                                                                               date=format_date(end))))
    check = None
    if holdout is None:
        split_day = _automatic_split(first_day, end_day, unit_days)
        if split_day is None:
            minimum_days = max(MIN_HOLDOUT_DAYS, MIN_HOLDOUT_UNITS * unit_days) / HOLDOUT_SHARE
            notes.append(Note("holdout_short", text["holdout_short"].format(
                minimum=format_duration(minimum_days, time_unit),
                history=format_duration(end_day - first_day, time_unit))))
    elif holdout is False:
        split_day = None
    else:
        split_day = day_number(holdout)
    if split_day is not None:
        try:
            check = _holdout_check(transactions, day, split_day, end_day, time_unit)
        except InputError as error:
            if holdout is not None:
                raise
            notes.append(Note("holdout_failed", text["holdout_failed"].format(reason=str(error))))

    found = _warnings(summary, values, fit_check, check, time_unit, horizon, end_day - first_day)
    report("done")
    return Forecast(
        summary=summary, purchases=purchases, spend=spend, customers=customers, fit_check=fit_check,
        holdout=check, warnings=tuple(found), notes=tuple(notes), time_unit=time_unit, horizon=float(horizon),
        discount_rate=float(discount_rate), margin=None if margin is None else float(margin), observation_end=end,
        first_order=day_date(first_day), ranges=ranges,
    )

"""The few session-state keys that survive a page switch, documented in one place.

Widget keys of the calculator form are the DESIGN §2 field names themselves (``customers_start``, ...); fraction
fields (gross margin, discount rate) are typed as percentages in the form. Settings keys:

- ``period``: "week", "month", "quarter" or "year";
- ``period_days``: days in one period (defaults to 30, 91 or 365);
- ``currency``: a currency code of :data:`retention.formatting.CURRENCIES`;
- ``pending_currency``: a currency for the sidebar to take before it is drawn (the currency of a file just read,
  see :func:`ui.orders.use_orders`).

What-if and sharing keys (the widget keys are the names shared links use, see :mod:`retention.links`):

- ``industry``: the business type asked once, in the sidebar (a key of
  :data:`retention.metrics.benchmarks.BUSINESS_TYPES`) or None; cards, headline, "How you compare" and the report
  judge by it (:attr:`retention.periods.PeriodSettings.business_type`);
- the what-if levers, one key each (:data:`retention.whatif.LEVERS`: ``retention_points``, ...), and
  ``horizon_years``;
- ``whatif_scenarios``: the named scenarios kept (a tuple of :class:`retention.whatif.Scenario`);
- ``compare_a``, ``compare_b``: the two cases compared ("baseline", "scenario", "s1" .. "s5");
- ``app_pages``: this run's ``st.Page`` objects by url_path (:mod:`ui.navigation`);
- ``link_loaded``: set once the link the session was opened with has been read; ``link_notes``: what that link held
  that could not be used, shown until dismissed; ``shared_inputs``: the form's values that link put in (as the
  widgets hold them), so the calculator opens on the answer while they are unchanged;
- ``example_fields``: the fields the worked example filled in (:func:`load_example`); those still holding the
  example's value are not the user's own (:func:`own_economics`);
- ``sent_period``: ``{"period", "name"}`` of the period "Your data" sent to the calculator, shown above the form
  until other numbers replace it;
- ``subscription_model``: the last sBG fit of the Forecast page's subscription section (:mod:`ui.subscriptions`),
  which the what-if of a subscription business uses.

Kept work (issue 15 point 8, :func:`kept`): ``_kept_<name>`` holds the last few views made for a set of numbers
(``_kept_calculator``, ``_kept_whatif``), so a rerun with the same numbers makes nothing again; ``_chart_specs``
the Vega-Lite specs of the charts drawn (:mod:`ui.charts_view`). The worked example's views and their specs are
nobody's data and are shared by every session of the process instead.
"""

import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping
from typing import TypeVar

import streamlit as st

from retention import FIELDS
from retention.metrics.example import EXAMPLE_INPUTS, EXAMPLE_PERIOD
from retention.periods import DEFAULT_SETTINGS, PeriodSettings
from retention.words import current_language

T = TypeVar("T")
#: How many views per kind a session keeps (the numbers before and after an edit, a few scenarios).
KEPT_VIEWS = 8

PERIOD, PERIOD_DAYS, CURRENCY, PENDING_CURRENCY = "period", "period_days", "currency", "pending_currency"
INDUSTRY, HORIZON, SCENARIOS = "industry", "horizon_years", "whatif_scenarios"
COMPARE_A, COMPARE_B = "compare_a", "compare_b"
LINK_LOADED, LINK_NOTES, SHARED_INPUTS = "link_loaded", "link_notes", "shared_inputs"
EXAMPLE_FIELDS, SENT_PERIOD = "example_fields", "sent_period"
#: The last forecast of the Forecast page: {"table", "settings", "result"} (the action plan reads its win-back list).
FORECAST_RESULT = "forecast_result"
#: The language the app speaks in this session (ui/language.py).
LANGUAGE = "language"
#: The user's own settings of money (DESIGN §2 economics): asked where first needed, then used by every page.
ECONOMICS = ("gross_margin", "acquisition_cost", "discount_rate")


def is_fraction(name: str) -> bool:
    return any(field.name == name and field.kind == "fraction" for field in FIELDS)


def to_widget(name: str, value: float | None) -> float | None:
    """A field value as the form shows it (fractions as percentages)."""
    if value is None:
        return None
    return round(100 * value, 6) if is_fraction(name) else value


def from_widget(name: str, value: float | None) -> float | None:
    """A form value as the field's value (percentages back to fractions)."""
    if value is None:
        return None
    return value / 100 if is_fraction(name) else value


def load_inputs(inputs: Mapping[str, float | None], sent_period: Mapping[str, str] | None = None) -> None:
    """Put field values into the form (missing fields become empty); ``sent_period`` says where they came from."""
    for field in FIELDS:
        st.session_state[field.name] = to_widget(field.name, inputs.get(field.name))
    st.session_state[EXAMPLE_FIELDS] = ()
    st.session_state[SENT_PERIOD] = sent_period


def load_example() -> None:
    load_inputs(EXAMPLE_INPUTS)
    st.session_state[EXAMPLE_FIELDS] = tuple(EXAMPLE_INPUTS)
    st.session_state[PERIOD] = EXAMPLE_PERIOD


def example_fields() -> tuple[str, ...]:
    """The fields that still hold the worked example's value (the user has not changed them)."""
    return tuple(name for name in st.session_state.get(EXAMPLE_FIELDS, ())
                 if st.session_state.get(name) == to_widget(name, EXAMPLE_INPUTS[name]))


def own_economics() -> dict[str, float]:
    """The margin, acquisition cost and discount rate the user gave (typed, sent by a link, confirmed), as fields;
    the worked example's values are not the user's and are left out."""
    shown = example_fields()
    values = {name: from_widget(name, st.session_state.get(name)) for name in ECONOMICS if name not in shown}
    return {name: value for name, value in values.items() if value is not None}


def remember_economics(values: Mapping[str, float | None]) -> None:
    """Keep the user's own economics (fields, fractions 0-1; None empties one) for every page."""
    for name, value in values.items():
        st.session_state[name] = to_widget(name, value)
    st.session_state[EXAMPLE_FIELDS] = tuple(name for name in st.session_state.get(EXAMPLE_FIELDS, ())
                                             if name not in values)


#: Set by "Start from blank" for the next run, which moves the focus to the form's first field.
BLANK_FOCUS = "_focus_first_field"


def clear_inputs() -> None:
    load_inputs({})
    st.session_state[BLANK_FOCUS] = True


def ensure_defaults() -> None:
    """First visit: the worked example and default settings; a pending currency becomes the sidebar's.

    The settings are written back each run, so that they are the session's own values rather than only the sidebar
    widgets' (Streamlit drops a widget's value when ``st.switch_page`` moves to a page, and the currency went back to
    USD after "Send this period's numbers to the calculator").
    """
    if not any(field.name in st.session_state for field in FIELDS):
        load_example()
    st.session_state.setdefault(PERIOD, EXAMPLE_PERIOD)
    st.session_state.setdefault(CURRENCY, DEFAULT_SETTINGS.currency)
    if PENDING_CURRENCY in st.session_state:
        st.session_state[CURRENCY] = st.session_state.pop(PENDING_CURRENCY)
    for key in (PERIOD, PERIOD_DAYS, CURRENCY):
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]


def current_inputs() -> dict[str, float | None]:
    """The typed field values, as fields (fractions 0-1)."""
    return {field.name: from_widget(field.name, st.session_state.get(field.name)) for field in FIELDS}


def settings() -> PeriodSettings:
    """The period, period length, currency and business type chosen in the sidebar."""
    return PeriodSettings(st.session_state[PERIOD], st.session_state.get(PERIOD_DAYS), st.session_state[CURRENCY],
                          st.session_state.get(INDUSTRY))


#: Views made from numbers that are nobody's own (the worked example, the sample orders), shared by every session of
#: the process: {name: its views, the latest last}, each kind bounded on its own so that one cannot push out another.
_SHARED: dict[str, OrderedDict] = {}
_SHARED_LOCK = threading.Lock()


def _latest(store: OrderedDict, key, make: Callable[[], T], views: int = KEPT_VIEWS) -> T:
    """The view of ``key`` in ``store`` (made now if it has none), marked the latest; a store keeps ``views``."""
    if key in store:
        store.move_to_end(key)
        return store[key]
    value = store.setdefault(key, make())
    while len(store) > views:
        store.popitem(last=False)
    return value


def kept(name: str, key, make: Callable[[], T], shared: bool = False, views: int = KEPT_VIEWS) -> T:
    """``make()``, made once per ``key`` (the numbers it is made from, hashable) and kept in this session; never in
    a store shared between sessions, since the numbers may be a user's own, unless ``shared`` says they are nobody's
    (the worked example's, the sample's), when every session uses the one made first. A session keeps the latest
    ``views`` of a kind (1 for a file read: too big to keep several)."""
    key = (current_language(), key)  # views hold words: one per language
    try:
        hash(key)
    except TypeError:
        return make()
    if shared:
        with _SHARED_LOCK:
            store = _SHARED.setdefault(name, OrderedDict())
            if key in store:
                return _latest(store, key, make)
        value = make()  # outside the lock: other sessions go on meanwhile; the first one made is kept
        with _SHARED_LOCK:
            return _latest(store, key, lambda: value)
    return _latest(st.session_state.setdefault(f"_kept_{name}", OrderedDict()), key, make, views)

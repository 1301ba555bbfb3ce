"""Shareable links: the whole typed scenario in a short, readable, versioned URL query string (no streamlit).

A link carries, as plain ``name=value`` pairs:

==============================  =====================================================================
parameter                       value
==============================  =====================================================================
``v``                           the link format's version (now 1); links without it are read as 1
``period``                      week, month, quarter or year (default month, then left out)
``period_days``                 days per period, a whole number 1-366 (default: 30, 91 or 365)
``lang``                        the language: en, el, nb, lt or ja (default en, then left out; an unknown one is en)
``currency``                    a currency code such as USD or EUR (default USD, then left out)
``industry``                    the business type chosen under "How you compare" (see comparison.py)
every field of DESIGN §2        its number, e.g. ``customers_start=1200``; gross_margin and
                                discount_rate as the form shows them, in percent (``gross_margin=45``
                                is 45%), with up to six decimals
the what-if levers              ``retention_points=5``, ``revenue_per_customer_pct=10``, ... (see
                                :data:`retention.whatif.LEVERS`) and ``horizon_years=3``
named scenarios                 ``s1_name=Loyalty``, ``s1_retention_points=3``, ... up to ``s5``
``compare_a``, ``compare_b``    the two cases compared: baseline, scenario, s1 .. s5
==============================  =====================================================================

Empty fields, neutral levers and settings at their defaults are left out, so links stay short; a link of
an earlier release that spells them out reads the same. Uploaded files never go into a link: it carries
only what the form, the settings and the what-if page hold.

Reading a link (:func:`decode`) never raises: anything it cannot use (an unknown name, a value that is not a
number, out of range, an unknown choice, a version it does not know) is left out and explained in a note written
for people. Names are the link's contract: when a later version renames a field, :data:`RENAMED` maps the old
name so old links keep working.

>>> state = SharedState(inputs={"customers_start": 1200, "gross_margin": 0.45}, currency="EUR")
>>> encode(state)
{'v': '1', 'currency': 'EUR', 'customers_start': '1200', 'gross_margin': '45'}
>>> decode(encode(state)).state == state
True
>>> result = decode({"customers_start": "lots", "v": "1"})
>>> result.notes
("The link's value for Customers at the start (lots) was left out: it is not a number.",)
"""

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from retention.fields import FIELDS, FIELDS_BY_NAME, PERIODS
from retention.formatting import CURRENCIES
from retention.metrics.benchmarks import BUSINESS_TYPES
from retention.periods import DEFAULT_SETTINGS
from retention.whatif import (
    CASES,
    DEFAULT_HORIZON_YEARS,
    LEVER_LIMITS,
    LEVERS,
    MAX_SCENARIOS,
    Levers,
    Scenario,
    clean_name,
)
from retention.words import LANGUAGES, SOURCE_LANGUAGE, Words, words

__all__ = [
    "LINK_KEYS",
    "LINK_VERSION",
    "RENAMED",
    "LinkResult",
    "SharedState",
    "decode",
    "encode",
    "query_string",
]

LINK_VERSION = 1
SCENARIO_KEYS = tuple(f"s{index}" for index in range(1, MAX_SCENARIOS + 1))

#: Every parameter name a link of the current version can carry, in the order links write them.
LINK_KEYS: tuple[str, ...] = (
    "v", "lang", "period", "period_days", "currency", "industry",
    *(field.name for field in FIELDS),
    *LEVERS, "horizon_years",
    *(f"{scenario}_{part}" for scenario in SCENARIO_KEYS for part in ("name", *LEVERS)),
    "compare_a", "compare_b",
)

#: Per version, the names it used that a later version changed: {version: {old name: current name}}.
#: Version 1 is the current one; when version 2 renames a field, add {1: {"old_name": "new_name"}} here.
RENAMED: dict[int, dict[str, str]] = {1: {}}

#: Anything longer than this is not a number a person typed (protects the notes from very long values).
MAX_VALUE_LENGTH = 32
#: Larger numbers are not a business's figures: a link with one is not taken at its word.
MAX_MAGNITUDE = 1e15
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d{1,3})?")
#: Notes name at most this many unknown parameters (the rest are counted).
MAX_NAMED = 5
MAX_NOTE_TEXT = 24


@dataclass(frozen=True)
class SharedState:
    """Everything a link carries: the typed fields (fractions 0-1, as in the Python API), the settings, the
    business type, the what-if levers and horizon, the named scenarios and the two cases compared."""

    inputs: Mapping[str, float] = field(default_factory=dict)
    period: str = DEFAULT_SETTINGS.period
    period_days: int | None = None
    currency: str = DEFAULT_SETTINGS.currency
    industry: str | None = None
    language: str = SOURCE_LANGUAGE
    levers: Levers = field(default_factory=Levers)
    horizon_years: int = DEFAULT_HORIZON_YEARS
    scenarios: tuple[Scenario, ...] = ()
    compare: tuple[str, str] | None = None


@dataclass(frozen=True)
class LinkResult:
    """What a link held: the state, and notes on what was left out.

    is_link: the link carried any of the names above (a plain visit does not); has_inputs: it speaks for the form,
    because it has a version (every link the app writes has one: fields it leaves out are empty) or a field.
    A hand-written ``?industry=retail`` changes the industry and leaves the numbers as they are.
    """

    state: SharedState
    is_link: bool
    notes: tuple[str, ...] = ()
    has_inputs: bool = False


# Writing -------------------------------------------------------------------------------------------------------


def _number_text(value: float) -> str:
    """The shortest text that reads back as exactly the same number: 1200, 45.5, 1e-07.

    >>> _number_text(1200.0), _number_text(45.5), _number_text(0.1 + 0.2)
    ('1200', '45.5', '0.30000000000000004')
    """
    value = float(value)
    if value.is_integer() and abs(value) < MAX_MAGNITUDE:
        return str(int(value))
    return repr(value)


def _is_fraction(name: str) -> bool:
    return FIELDS_BY_NAME[name].kind == "fraction"


def link_value(name: str, value: float) -> str:
    """A field's value as a link writes it: fractions as percentages with up to six decimals (as the form)."""
    if _is_fraction(name):
        return _number_text(round(100 * float(value), 6))
    return _number_text(value)


def encode(state: SharedState) -> dict[str, str]:
    """The link's parameters for a state, in a fixed order; empty fields, neutral levers and settings at their
    defaults (a month, USD) are left out, as :func:`decode` reads them back."""
    params = {"v": str(LINK_VERSION)}
    if state.language != SOURCE_LANGUAGE:
        params["lang"] = state.language
    if state.period != DEFAULT_SETTINGS.period:
        params["period"] = state.period
    if state.period_days is not None:
        params["period_days"] = str(int(state.period_days))
    if state.currency != DEFAULT_SETTINGS.currency:
        params["currency"] = state.currency
    if state.industry:
        params["industry"] = state.industry
    for fld in FIELDS:
        value = state.inputs.get(fld.name)
        if value is not None and math.isfinite(value):
            params[fld.name] = link_value(fld.name, value)
    for name, value in state.levers.as_dict().items():
        if value:
            params[name] = _number_text(value)
    if state.horizon_years != DEFAULT_HORIZON_YEARS:
        params["horizon_years"] = _number_text(state.horizon_years)
    for key, scenario in zip(SCENARIO_KEYS, state.scenarios, strict=False):
        params[f"{key}_name"] = scenario.name
        for name, value in scenario.levers.as_dict().items():
            if value:
                params[f"{key}_{name}"] = _number_text(value)
    if state.compare:
        params["compare_a"], params["compare_b"] = state.compare
    return params


def query_string(state: SharedState) -> str:
    """The link's query string, ready to follow "?": readable names, values percent-encoded where needed.

    >>> query_string(SharedState(inputs={"customers_start": 100}, period="year"))
    'v=1&period=year&customers_start=100'
    """
    from urllib.parse import urlencode

    return urlencode(encode(state))


# Reading -------------------------------------------------------------------------------------------------------


def _text() -> Words:
    return words("links")


def _shown(text: str) -> str:
    """User text for a note: printable, short."""
    printable = "".join(character if character.isprintable() else "?" for character in text)
    return printable if len(printable) <= MAX_NOTE_TEXT else printable[: MAX_NOTE_TEXT - 1] + "…"


def _label(name: str) -> str:
    if name in FIELDS_BY_NAME:
        return words("fields")[name]["label"]
    scenario, _, part = name.partition("_")
    if scenario in SCENARIO_KEYS and part:
        return _text()["scenario_part"].format(scenario=scenario, part=_text()["names"].get(part, part))
    return _text()["names"].get(name, _shown(name))


def _parse_number(raw: str) -> tuple[float | None, str]:
    """(number, "") for a plain decimal number (no nan, inf, hex or underscores), else (None, the reason)."""
    raw = raw.strip()
    if not _NUMBER.fullmatch(raw):
        return None, "not_a_number"
    if len(raw) > MAX_VALUE_LENGTH:
        return None, "too_long"
    number = float(raw)
    if not math.isfinite(number) or abs(number) > MAX_MAGNITUDE:
        return None, "too_large"
    return number, ""


class _Reader:
    """Reads one link's parameters, collecting a note for everything left out."""

    def __init__(self, params: Mapping[str, str | Sequence[str]]):
        self.values: dict[str, str] = {}
        self.notes: list[str] = []
        repeated = []
        for key, value in params.items():
            if isinstance(value, str):
                self.values[key] = value
            else:
                value = [str(item) for item in value]
                if not value:
                    continue
                if len(value) > 1:
                    repeated.append(key)
                self.values[key] = value[-1]
        if repeated:
            names = ", ".join(_label(name) for name in repeated[:MAX_NAMED])
            self.notes.append(_text()["repeated"].format(names=_shown_list(names, len(repeated))))

    def left_out(self, name: str, reason: str, **details) -> None:
        self.notes.append(_text()["left_out"].format(
            label=_label(name), value=_shown(self.values.get(name, "")), reason=_text()["reasons"][reason].format(
                **details),
        ))

    def number(self, name: str, low: float = -MAX_MAGNITUDE, high: float = MAX_MAGNITUDE) -> float | None:
        raw = self.values.get(name)
        if raw is None or not raw.strip():
            return None
        number, reason = _parse_number(raw)
        if number is None:
            self.left_out(name, reason)
            return None
        if not low <= number <= high:
            self.left_out(name, "range", low=_number_text(low), high=_number_text(high))
            return None
        return number

    def choice(self, name: str, choices: Sequence[str], default):
        raw = self.values.get(name)
        if raw is None or not raw.strip():
            return default
        if raw.strip() in choices:
            return raw.strip()
        self.left_out(name, "choice")
        return default


def _shown_list(names: str, count: int) -> str:
    if count > MAX_NAMED:
        return _text()["and_more"].format(names=names, more=count - MAX_NAMED)
    return names


def _version(reader: _Reader) -> int:
    raw = reader.values.get("v")
    if raw is None:
        return LINK_VERSION
    number, _ = _parse_number(raw)
    if number is not None and number.is_integer() and int(number) in RENAMED:
        return int(number)
    reader.notes.append(_text()["unknown_version"].format(version=_shown(raw), current=LINK_VERSION))
    return LINK_VERSION


def _upgrade(reader: _Reader, version: int) -> None:
    """Rename the parameters of an older link version to today's names (one step per version)."""
    for step in range(version, LINK_VERSION + 1):
        for old, new in RENAMED.get(step, {}).items():
            if old in reader.values and new not in reader.values:
                reader.values[new] = reader.values.pop(old)


def _inputs(reader: _Reader) -> dict[str, float]:
    inputs = {}
    for fld in FIELDS:
        number = reader.number(fld.name)
        if number is None:
            continue
        if number < 0:
            reader.left_out(fld.name, "negative")
        elif fld.kind == "fraction" and number > 100:
            reader.left_out(fld.name, "above_hundred")
        else:
            inputs[fld.name] = number / 100 if fld.kind == "fraction" else number
    return inputs


def _levers(reader: _Reader, prefix: str = "") -> Levers:
    values = {}
    for name in LEVERS:
        low, high, _ = LEVER_LIMITS[name]
        number = reader.number(prefix + name, low, high)
        if number is not None:
            values[name] = number
    return Levers(**values)


def _scenarios(reader: _Reader) -> tuple[tuple[Scenario, ...], dict[str, str]]:
    """The named scenarios, numbered again from s1, and which link key each one had (for compare_a and _b)."""
    scenarios, renumbered = [], {}
    for key in SCENARIO_KEYS:
        parts = [name for name in reader.values if name.startswith(key + "_")]
        if not parts:
            continue
        name = clean_name(reader.values.get(f"{key}_name", ""))
        levers = _levers(reader, key + "_")
        if not name:
            reader.notes.append(_text()["scenario_without_name"].format(scenario=key))
            continue
        if any(scenario.name == name for scenario in scenarios):
            reader.notes.append(_text()["scenario_twice"].format(name=_shown(name)))
            continue
        renumbered[key] = SCENARIO_KEYS[len(scenarios)]
        scenarios.append(Scenario(name, levers))
    return tuple(scenarios), renumbered


def _compare(reader: _Reader, renumbered: Mapping[str, str]) -> tuple[str, str] | None:
    cases = (*CASES, *renumbered)
    first = reader.choice("compare_a", cases, None)
    second = reader.choice("compare_b", cases, None)
    if not (first and second):
        return None
    return renumbered.get(first, first), renumbered.get(second, second)


def decode(params: Mapping[str, str | Sequence[str]]) -> LinkResult:
    """Read a link's parameters (as ``st.query_params`` or ``urllib.parse.parse_qs`` give them). Never raises.

    A parameter given more than once counts with its last value. A link without ``v`` is read as version 1;
    ``is_link`` says whether it carried any of the names above (a plain visit does not).
    """
    known = set(LINK_KEYS) | {old for names in RENAMED.values() for old in names}
    if not any(key in known for key in params):
        unknown = [key for key in params if key not in known]
        notes = (_unknown_note(unknown),) if unknown else ()
        return LinkResult(SharedState(), False, notes)
    reader = _Reader(params)
    _upgrade(reader, _version(reader))
    unknown = [key for key in reader.values if key not in LINK_KEYS]
    period = reader.choice("period", PERIODS, DEFAULT_SETTINGS.period)
    days = reader.number("period_days", 1, 366)
    if days is not None and not days.is_integer():
        reader.left_out("period_days", "whole")
        days = None
    currency = reader.choice("currency", tuple(CURRENCIES), DEFAULT_SETTINGS.currency)
    language = reader.choice("lang", LANGUAGES, SOURCE_LANGUAGE)
    industry = reader.choice("industry", tuple(BUSINESS_TYPES), None)
    inputs = _inputs(reader)
    levers = _levers(reader)
    low, high, _ = LEVER_LIMITS["horizon_years"]
    horizon = reader.number("horizon_years", low, high)
    if horizon is not None and not horizon.is_integer():
        reader.left_out("horizon_years", "whole")
        horizon = None
    scenarios, renumbered = _scenarios(reader)
    compare = _compare(reader, renumbered)
    if unknown:
        reader.notes.append(_unknown_note(unknown))
    state = SharedState(
        inputs=inputs, period=period, period_days=None if days is None else int(days), currency=currency,
        industry=industry, language=language, levers=levers,
        horizon_years=DEFAULT_HORIZON_YEARS if horizon is None else int(horizon),
        scenarios=scenarios, compare=compare,
    )
    has_inputs = "v" in reader.values or any(fld.name in reader.values for fld in FIELDS)
    return LinkResult(state, True, tuple(reader.notes), has_inputs)


def _unknown_note(unknown: list[str]) -> str:
    names = ", ".join(_shown(name) for name in unknown[:MAX_NAMED])
    return _text()["unknown"].format(names=_shown_list(names, len(unknown)))

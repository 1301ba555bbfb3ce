"""Checks on the numbers a user gives, with one message per offending field in the user's words.

Single-field rules follow the field's kind (see :mod:`retention.fields`): every field must be a finite number,
counts and money are never negative, counts are whole numbers, fractions lie between 0 and 1. A fraction under
1% is allowed but questioned (:func:`percent_questions`): it is most likely a share typed as 0.4 for 40%.
Rules across fields follow DESIGN §2: the customers lost (S + N + A - E) must lie between 0 and S; repeat buyers
cannot outnumber buyers, nor buyers orders; loyal customers cannot outnumber the customers at the end; units
returned cannot exceed units sold; revenue lost (churned + contraction) cannot exceed the revenue at the start.

>>> clean, errors = validate({"customers_start": 100, "customers_end": 130, "new_customers": 20})
>>> print(errors["customers_end"])  # doctest: +NORMALIZE_WHITESPACE
You ended with more customers (130) than you started with plus the new and won-back ones (120).
Check the customers at the end, the new customers and the won-back customers.
"""

import math
import numbers
from collections.abc import Mapping

from retention.fields import FIELDS_BY_NAME
from retention.formatting import format_number, format_percent
from retention.words import words

__all__ = ["field_label", "percent_question", "percent_questions", "percent_text", "validate"]

#: A fraction above 0 and below this is questioned: typed into a percent field, 0.4 meant 40%.
QUESTIONED_BELOW = 0.01


def field_label(name: str) -> str:
    """The field's label for people, e.g. "Customers at the start"."""
    return words("fields")[name]["label"]


def _as_number(value) -> float | None:
    """The value as a finite float, or None when it is not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        try:
            value = float(value.strip())
        except ValueError:
            return None
    if not isinstance(value, numbers.Real):
        return None
    value = float(value)
    return value if math.isfinite(value) else None


def _single_field_message(name: str, value) -> str | None:
    messages = words("validation")
    if name not in FIELDS_BY_NAME:
        return messages["unknown_field"].format(name=name)
    label = field_label(name)
    number = _as_number(value)
    if number is None:
        return messages["not_a_number"].format(label=label)
    kind = FIELDS_BY_NAME[name].kind
    if number < 0:
        return messages["negative"].format(label=label)
    if kind == "fraction" and number > 1:
        return messages["above_one"].format(label=label)
    if kind == "count" and not number.is_integer():
        return messages["not_whole"].format(label=label, value=format_number(number, None), lower=math.floor(number),
                                            upper=math.ceil(number))
    return None


def _count(value: float) -> str:
    return format_number(value) if float(value).is_integer() else format_number(value, 2)


def _cross_field_messages(values: Mapping[str, float]) -> dict[str, str]:
    """Messages for rules across fields, attached to the field most likely to be wrong."""
    messages = words("validation")
    errors: dict[str, str] = {}

    def has(*names: str) -> bool:
        return all(name in values for name in names)

    if has("customers_start", "customers_end", "new_customers"):
        start, end, new = values["customers_start"], values["customers_end"], values["new_customers"]
        won_back = values.get("reactivated_customers", 0.0)
        if end > start + new + won_back:
            errors["customers_end"] = messages["end_above_start_plus_new"].format(
                end=_count(end), available=_count(start + new + won_back)
            )
        elif end < new + won_back:
            errors["customers_end"] = messages["end_below_new"].format(
                end=_count(end), joined=_count(new + won_back), lost=_count(start + new + won_back - end),
                start=_count(start),
            )
    pairs = (
        ("repeat_buyers", "buyers", "repeat_above_buyers"),
        ("loyal_customers", "customers_end", "loyal_above_end"),
        ("units_returned", "units_sold", "returned_above_sold"),
    )
    for part, whole, key in pairs:
        if has(part, whole) and values[part] > values[whole] and part not in errors:
            errors[part] = messages[key].format(part=_count(values[part]), whole=_count(values[whole]))
    if has("orders", "buyers") and values["orders"] < values["buyers"]:
        errors["orders"] = messages["orders_below_buyers"].format(
            part=_count(values["orders"]), whole=_count(values["buyers"])
        )
    if has("revenue_start", "churned_revenue"):
        lost = values["churned_revenue"] + values.get("contraction_revenue", 0.0)
        if lost > values["revenue_start"]:
            errors["churned_revenue"] = messages["revenue_lost_above_start"].format(
                lost=_count(lost), start=_count(values["revenue_start"])
            )
    return errors


def validate(inputs: Mapping[str, object]) -> tuple[dict[str, float], dict[str, str]]:
    """Split the inputs into clean numbers and messages for the offending fields.

    Absent fields, None and empty strings are simply missing. Returns ``(clean, errors)``: ``clean`` holds every
    field that passed its own checks as a float (fields named in a cross-field message included), ``errors`` one
    message per offending field.
    """
    clean: dict[str, float] = {}
    errors: dict[str, str] = {}
    for name, value in inputs.items():
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        message = _single_field_message(name, value)
        if message:
            errors[name] = message
        else:
            clean[name] = _as_number(value)
    errors.update(_cross_field_messages(clean))
    return clean, errors


def percent_text(fraction: float) -> str:
    """A fraction as the percent a person types: 0.4 -> "40%"."""
    return format_percent(fraction, None)


def _typed(fraction: float) -> str:
    """A fraction as the number typed into a percent field: 0.4 -> "40"."""
    return format_number(round(100 * fraction, 6), None)


def percent_questions(clean: Mapping[str, float]) -> dict[str, float]:
    """The fractions above 0 and under 1% of clean inputs, each with the value most likely meant (100 times it).

    >>> percent_questions({"gross_margin": 0.004, "discount_rate": 0.1, "customers_start": 0.5})
    {'gross_margin': 0.4}
    """
    return {name: round(100 * value, 8) for name, value in clean.items()
            if FIELDS_BY_NAME[name].kind == "fraction" and 0 < value < QUESTIONED_BELOW}


def percent_question(name: str, typed: float, meant: float) -> str:
    """The question beside a questioned fraction: "Did you mean 40%? ..."."""
    return words("validation")["percent_question"].format(
        label=field_label(name), number=_typed(typed), typed=percent_text(typed), meant=percent_text(meant))

"""Impossible inputs raise InputError with one message per offending field, in the user's words."""

import math

import pytest

from retention import InputError, compute_available_metrics, compute_metrics
from retention.metrics.validation import percent_question, percent_questions, percent_text, validate


def messages_for(inputs):
    with pytest.raises(InputError) as caught:
        compute_metrics(inputs)
    assert isinstance(caught.value, ValueError)
    return caught.value.messages


def test_more_customers_at_the_end_than_possible():
    messages = messages_for({"customers_start": 100, "customers_end": 130, "new_customers": 20})
    assert messages == {
        "customers_end": "You ended with more customers (130) than you started with plus the new and won-back "
        "ones (120). Check the customers at the end, the new customers and the won-back customers."
    }


def test_fewer_customers_at_the_end_than_new_ones():
    messages = messages_for({"customers_start": 10, "customers_end": 15, "new_customers": 30})
    assert "fewer customers (15) than you gained (30)" in messages["customers_end"]
    assert "25 customers would have left although you started with only 10" in messages["customers_end"]


def test_won_back_customers_count_as_gained():
    compute_metrics({"customers_start": 100, "customers_end": 130, "new_customers": 20, "reactivated_customers": 10})


@pytest.mark.parametrize(
    ("inputs", "field", "expected"),
    [
        ({"customers_start": -5}, "customers_start", "Customers at the start cannot be negative."),
        ({"revenue": -1.5}, "revenue", "Revenue cannot be negative."),
        ({"gross_margin": 1.2}, "gross_margin", "Gross margin (%) must lie between 0% and 100%."),
        ({"discount_rate": 3}, "discount_rate", "Discount rate per period (%) must lie between 0% and 100%."),
        ({"orders": math.nan}, "orders", "Orders: please enter a number."),
        ({"orders": math.inf}, "orders", "Orders: please enter a number."),
        ({"orders": "twelve"}, "orders", "Orders: please enter a number."),
        ({"orders": True}, "orders", "Orders: please enter a number."),
        ({"orders": [1]}, "orders", "Orders: please enter a number."),
        ({"custmers_start": 5}, "custmers_start", "“custmers_start” is not a field this calculator knows."),
        ({"repeat_buyers": 11, "buyers": 10}, "repeat_buyers",
         "Repeat buyers (11) cannot be more than the customers who bought (10)."),
        ({"orders": 9, "buyers": 10}, "orders",
         ("Every customer who bought placed at least one order, so orders (9) cannot be fewer than customers who "
          "bought (10).")),
        ({"loyal_customers": 60, "customers_end": 50}, "loyal_customers",
         "Loyal customers (60) cannot be more than the customers at the end (50)."),
        ({"units_returned": 20, "units_sold": 10}, "units_returned",
         ("Units returned (20) cannot be more than units sold (10). If returns include items sold in earlier "
          "periods, enter them in the period they were sold.")),
        ({"revenue_start": 1_000, "churned_revenue": 800, "contraction_revenue": 300}, "churned_revenue",
         ("Revenue lost to customers who left and to downgrades (1,100) cannot be more than the recurring revenue "
          "at the start (1,000).")),
    ],
)
def test_one_message_per_offending_field(inputs, field, expected):
    assert messages_for(inputs) == {field: expected}


def test_several_offending_fields_each_get_a_message():
    messages = messages_for({"customers_start": -1, "gross_margin": 2, "orders": "x"})
    assert set(messages) == {"customers_start", "gross_margin", "orders"}


def test_numbers_as_text_and_empty_values_are_accepted():
    results = compute_metrics({"customers_start": "100", "customers_end": 99.0, "new_customers": 20,
                               "orders": None, "buyers": "  "})
    assert results["retention_rate"].value == pytest.approx(0.79)
    assert results["purchase_frequency"].missing == ("orders", "buyers")


def test_available_metrics_leave_the_offending_field_out_and_keep_the_rest():
    inputs = {"customers_start": 100, "customers_end": 500, "new_customers": 20, "gross_margin": 0.5,
              "promoters": 5, "passives": 3, "detractors": 2}
    results, errors = compute_available_metrics(inputs)
    assert list(errors) == ["customers_end"]
    assert results["net_promoter_score"].value == pytest.approx(30)
    assert results["retention_rate"].missing == ("customers_end",)


def test_unknown_period_is_an_input_error():
    with pytest.raises(InputError) as caught:
        compute_metrics({}, period="fortnight")
    assert caught.value.fields == ("period",)


@pytest.mark.parametrize(("field", "label"), [("customers_start", "Customers at the start"), ("orders", "Orders"),
                                              ("promoters", "Promoters (answered 9-10)")])
def test_counts_must_be_whole_numbers(field, label):
    assert messages_for({field: 500.5}) == {
        field: f"{label} must be a whole number: you typed 500.5. Customers, orders, units and answers come in "
        "whole numbers: enter 500 or 501."
    }


def test_whole_counts_typed_as_floats_or_text_pass_and_money_may_have_cents():
    clean, errors = validate({"customers_start": 500.0, "orders": "12", "revenue": 10.55})
    assert errors == {}
    assert clean == {"customers_start": 500.0, "orders": 12.0, "revenue": 10.55}


def test_a_fraction_under_one_percent_is_questioned_not_refused():
    clean, errors = validate({"gross_margin": 0.004, "discount_rate": 0.0099, "customers_start": 100})
    assert errors == {}
    assert percent_questions(clean) == {"gross_margin": 0.4, "discount_rate": 0.99}
    assert percent_question("gross_margin", 0.004, 0.4) == (
        "Did you mean 40%? Gross margin (%) takes percentages, so the 0.4 you typed means 0.4%. Until you change "
        "it, the figures use 0.4%."
    )
    assert percent_text(0.4) == "40%"


@pytest.mark.parametrize("value", [0.0, 0.01, 0.4, 1.0])
def test_zero_and_fractions_from_one_percent_are_not_questioned(value):
    assert percent_questions({"gross_margin": value}) == {}

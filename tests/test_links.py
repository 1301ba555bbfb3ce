"""Shareable links: every field round-trips exactly; hostile links never raise and always explain themselves."""

import math
from urllib.parse import parse_qs, urlencode

import pytest
from hypothesis import given
from hypothesis import strategies as st

from retention import links
from retention.comparison import BUSINESS_TYPES
from retention.fields import FIELDS, PERIODS
from retention.formatting import CURRENCIES
from retention.links import LINK_KEYS, SharedState, decode, encode, query_string
from retention.metrics.example import EXAMPLE_INPUTS
from retention.whatif import LEVER_LIMITS, LEVERS, MAX_SCENARIOS, Levers, Scenario, clean_name
from ui.state import from_widget, to_widget

# Values a person can type: counts and money as any number the form holds, fractions as percentages with up to six
# decimals (the form's precision), which the API sees divided by 100.
plain_numbers = st.floats(min_value=0, max_value=1e15, allow_nan=False, allow_infinity=False)
percentages = st.integers(min_value=0, max_value=100_000_000).map(lambda micro: micro / 1_000_000)


@st.composite
def field_values(draw):
    chosen = draw(st.lists(st.sampled_from(FIELDS), unique=True))
    return {
        field.name: from_widget(field.name, draw(percentages)) if field.kind == "fraction" else draw(plain_numbers)
        for field in chosen
    }


def lever_values(draw):
    values = {}
    for name in draw(st.lists(st.sampled_from(LEVERS), unique=True)):
        low, high, _ = LEVER_LIMITS[name]
        values[name] = draw(st.floats(min_value=low, max_value=high))
    return Levers(**values)


@st.composite
def shared_states(draw):
    names = draw(st.lists(st.text(min_size=1, max_size=50).map(clean_name).filter(bool), unique=True,
                          max_size=MAX_SCENARIOS))
    scenarios = tuple(Scenario(name, lever_values(draw)) for name in names)
    cases = ["baseline", "scenario", *[f"s{index + 1}" for index in range(len(scenarios))]]
    compare = draw(st.none() | st.tuples(st.sampled_from(cases), st.sampled_from(cases)))
    return SharedState(
        inputs=draw(field_values()),
        period=draw(st.sampled_from(PERIODS)),
        period_days=draw(st.none() | st.integers(min_value=1, max_value=366)),
        currency=draw(st.sampled_from(list(CURRENCIES))),
        industry=draw(st.none() | st.sampled_from(list(BUSINESS_TYPES))),
        levers=lever_values(draw),
        horizon_years=draw(st.integers(min_value=1, max_value=10)),
        scenarios=scenarios,
        compare=compare,
    )


@given(shared_states())
def test_every_field_setting_and_lever_round_trips_exactly(state):
    result = decode(encode(state))
    assert result.notes == ()
    assert result.state == state
    assert result.is_link and result.has_inputs
    assert encode(result.state) == encode(state)


@given(shared_states())
def test_round_trip_through_a_real_url(state):
    """As a browser sends it: percent-encoded, parsed back by the server into lists of strings."""
    parsed = parse_qs(query_string(state), keep_blank_values=True)
    assert decode(parsed).state == state


@given(st.sampled_from([field for field in FIELDS if field.kind == "fraction"]), percentages)
def test_the_forms_percentages_come_back_as_typed(field, typed):
    value = from_widget(field.name, typed)
    link = encode(SharedState(inputs={field.name: value}))
    assert link[field.name] == links._number_text(typed)  # the link shows what the person typed: 45 for 45%
    assert to_widget(field.name, decode(link).state.inputs[field.name]) == typed


def test_links_are_short_and_readable():
    state = SharedState(inputs={"customers_start": 1200, "customers_end": 1250, "new_customers": 180,
                                "gross_margin": 0.45}, currency="EUR", levers=Levers(retention_points=5))
    assert query_string(state) == ("v=1&currency=EUR&customers_start=1200&customers_end=1250"
                                   "&new_customers=180&gross_margin=45&retention_points=5")


def test_settings_at_their_defaults_stay_out_and_old_links_that_spell_them_out_read_the_same():
    state = SharedState(inputs=EXAMPLE_INPUTS)
    shorter = encode(state)
    assert "period" not in shorter and "currency" not in shorter
    assert encode(SharedState(period="year", currency="EUR")) == {"v": "1", "period": "year", "currency": "EUR"}
    spelled_out = {**shorter, "period": "month", "currency": "USD"}  # as links were written before
    assert decode(spelled_out).state == decode(shorter).state == state
    assert len(query_string(state)) < len(urlencode(spelled_out))


def test_names_are_the_design_field_names_and_listed_in_one_place():
    assert {field.name for field in FIELDS} <= set(LINK_KEYS)
    assert {"v", "period", "period_days", "currency", "industry", *LEVERS, "horizon_years"} <= set(LINK_KEYS)
    assert len(LINK_KEYS) == len(set(LINK_KEYS))


def test_empty_fields_and_neutral_levers_stay_out():
    assert encode(SharedState(inputs={"customers_start": None})) == {"v": "1"}


def test_scenario_names_are_plain_text_in_the_link():
    state = SharedState(scenarios=(Scenario("Loyalty & <b>more</b>", Levers(retention_points=3)),))
    assert "s1_name=Loyalty+%26+%3Cb%3Emore%3C%2Fb%3E" in query_string(state)
    assert decode(parse_qs(query_string(state))).state.scenarios == state.scenarios


# Reading what people and attackers send --------------------------------------------------------------------------

NOT_A_NUMBER = "it is not a number"


@pytest.mark.parametrize(("params", "reason"), [
    ({"customers_start": "lots"}, NOT_A_NUMBER),
    ({"customers_start": "nan"}, NOT_A_NUMBER),
    ({"customers_start": "inf"}, NOT_A_NUMBER),
    ({"customers_start": "0x10"}, NOT_A_NUMBER),
    ({"customers_start": "1_000"}, NOT_A_NUMBER),
    ({"customers_start": "1e400"}, "it is too large to be a business's figure"),
    ({"customers_start": "2e15"}, "it is too large to be a business's figure"),
    ({"customers_start": "9" * 40}, "it has more digits than any figure a person types"),
    ({"customers_start": "-3"}, "it cannot be negative"),
    ({"gross_margin": "140"}, "it must lie between 0% and 100%"),
    ({"period": "decade"}, "it is not one of the choices"),
    ({"currency": "<script>"}, "it is not one of the choices"),
    ({"industry": "casino"}, "it is not one of the choices"),
    ({"period_days": "0"}, "it must lie between 1 and 366"),
    ({"period_days": "30.5"}, "it must be a whole number"),
    ({"retention_points": "99"}, "it must lie between -30 and 30"),
    ({"horizon_years": "2.5"}, "it must be a whole number"),
    ({"s1_name": "Plan", "s1_retention_points": "abc"}, NOT_A_NUMBER),
])
def test_an_unusable_value_is_left_out_with_a_note(params, reason):
    result = decode({"v": "1", **params})
    assert len(result.notes) == 1 and reason in result.notes[0]
    assert result.state.inputs == {} and result.state.levers == Levers()
    assert (result.state.period, result.state.currency, result.state.industry) == ("month", "USD", None)


def test_good_values_stay_when_others_are_left_out():
    result = decode({"v": "1", "customers_start": "100", "customers_end": "oops", "gross_margin": "40",
                     "retention_points": "2.5"})
    assert result.state.inputs == {"customers_start": 100, "gross_margin": 0.4}
    assert result.state.levers == Levers(retention_points=2.5)
    assert "Customers at the end (oops)" in result.notes[0]


def test_unknown_names_are_listed_shortly():
    result = decode({"v": "1", **{f"x{index}": "1" for index in range(8)}})
    assert result.notes == (("The link had parts this calculator does not know, which were left out: "
                             "x0, x1, x2, x3, x4 and 3 more."),)


def test_a_repeated_name_counts_with_its_last_value():
    result = decode(parse_qs("v=1&customers_start=1&customers_start=2"))
    assert result.state.inputs == {"customers_start": 2}
    assert "more than once" in result.notes[0]


def test_notes_show_long_or_strange_values_shortened():
    [note] = decode({"v": "1", "currency": "A" * 100 + "\x00"}).notes
    assert "A" * 23 + "…" in note and "\x00" not in note


def test_a_plain_visit_is_not_a_link():
    assert not decode({}).is_link
    result = decode({"utm_source": "newsletter"})
    assert not result.is_link and "utm_source" in result.notes[0]


def test_a_hand_written_link_of_settings_keeps_the_numbers():
    result = decode({"industry": "retail", "period": "year"})
    assert result.is_link and not result.has_inputs
    assert (result.state.industry, result.state.period) == ("retail", "year")


def test_compare_follows_scenarios_that_were_left_out():
    result = decode({"v": "1", "s1_retention_points": "5", "s2_name": "Hi", "s2_retention_points": "3",
                     "compare_a": "s2", "compare_b": "baseline"})
    assert [scenario.name for scenario in result.state.scenarios] == ["Hi"]
    assert result.state.compare == ("s1", "baseline")
    assert "scenario s1 has no name" in result.notes[0]


# Versions ------------------------------------------------------------------------------------------------------


def test_a_link_without_version_is_read_as_version_1():
    result = decode({"customers_start": "100"})
    assert result.state.inputs == {"customers_start": 100} and result.notes == ()


@pytest.mark.parametrize("version", ["2", "0", "abc", "javascript:alert(1)"])
def test_an_unknown_version_is_read_as_today_with_a_note(version):
    result = decode({"v": version, "customers_start": "100"})
    assert result.state.inputs == {"customers_start": 100}
    assert "which this calculator does not know" in result.notes[0]


def test_old_links_keep_working_when_a_field_is_renamed(monkeypatch):
    # Suppose version 2 renamed customers_start; version 1 links used "start_customers".
    monkeypatch.setattr(links, "LINK_VERSION", 2)
    monkeypatch.setattr(links, "RENAMED", {1: {"start_customers": "customers_start"}, 2: {}})
    result = decode({"v": "1", "start_customers": "100"})
    assert result.state.inputs == {"customers_start": 100} and result.notes == ()


# Nothing can break it ------------------------------------------------------------------------------------------

hostile_text = st.text(max_size=60) | st.sampled_from(
    ["nan", "-inf", "1e309", "=1+1", "<script>alert(1)</script>", "%00", "", " ", "1" * 400, "-0", "+5", ".5",
     "5.", "1e-400", "\u0661\u0662"])


@given(st.dictionaries(st.sampled_from(LINK_KEYS) | st.text(max_size=20),
                       hostile_text | st.lists(hostile_text, max_size=3), max_size=40))
def test_no_link_can_break_decoding(params):
    result = decode(params)
    assert all(isinstance(note, str) and note for note in result.notes)
    state = result.state
    for name, value in state.inputs.items():
        assert math.isfinite(value) and value >= 0
        assert value <= 1 or next(field.kind for field in FIELDS if field.name == name) != "fraction"
    for name, value in state.levers.as_dict().items():
        low, high, _ = LEVER_LIMITS[name]
        assert low <= value <= high
    assert state.period in PERIODS and state.currency in CURRENCIES and 1 <= state.horizon_years <= 10
    assert state.period_days is None or 1 <= state.period_days <= 366
    assert len(state.scenarios) <= MAX_SCENARIOS
    decode(parse_qs(urlencode(encode(state))))  # what it decoded can be written and read again


def test_query_string_escapes_what_it_writes():
    state = SharedState(scenarios=(Scenario("a&v=2", Levers(retention_points=1)),))
    parsed = parse_qs(query_string(state))
    assert parsed["v"] == ["1"] and parsed["s1_name"] == ["a&v=2"]

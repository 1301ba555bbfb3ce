"""Views made once per set of numbers (issue 15 point 8): the worked example's calculator view, its comparison and
their chart specs are made by the first session and drawn by every later one; charts are made without Altair's
check of each part."""

import altair as alt
import pytest
from altair.utils import schemapi

from retention.comparison import compare
from retention.metrics.computing import compute_available_metrics
from retention.metrics.example import EXAMPLE_INPUTS
from retention.periods import PeriodSettings
from ui.charts_view import _SHARED_SPECS
from ui.comparison import comparison
from ui.results import calculator_view


def test_the_worked_examples_comparison_is_made_once_for_every_session():
    settings = PeriodSettings(business_type="retail")
    view = calculator_view(dict(EXAMPLE_INPUTS), settings)
    assert view.shared and view.settings == settings
    found, charts = comparison(view)
    results, _ = compute_available_metrics(EXAMPLE_INPUTS)
    assert found == compare(results, "retail")  # the comparison of the view's own figures and business type
    assert len(charts) == len(found.standings) >= 2
    again = comparison(calculator_view(dict(EXAMPLE_INPUTS), settings))  # the next session's
    assert again[1] is charts
    assert all(_SHARED_SPECS[id(chart)][0] is chart for chart in charts)  # their specs made once, for all


def test_another_business_type_gets_its_own_comparison():
    retail = comparison(calculator_view(dict(EXAMPLE_INPUTS), PeriodSettings(business_type="retail")))[0]
    unjudged = comparison(calculator_view(dict(EXAMPLE_INPUTS), PeriodSettings()))[0]
    assert retail.business_type == "retail" and unjudged.business_type is None


def test_the_app_makes_charts_without_checking_each_part_and_the_tests_still_check_the_whole():
    """The app turns off Altair's check of each part as it is made (ui/charts_view.py); a conversion with validation,
    as the chart tests do, still refuses a bad spec."""
    assert schemapi.DEBUG_MODE is False
    bad = alt.Chart(alt.Data(values=[{"x": 1}])).mark_point().encode(x=alt.X("x:Q", bin="yes please"))
    with pytest.raises(schemapi.SchemaValidationError):
        bad.to_dict()


def test_someones_own_numbers_get_the_comparison_of_their_own_figures():
    """A view of a user's numbers is kept in the session, not shared, and its comparison is of its own figures."""
    settings = PeriodSettings(business_type="retail")
    numbers = {**EXAMPLE_INPUTS, "customers_end": EXAMPLE_INPUTS["customers_end"] - 10}
    own = calculator_view(numbers, settings)
    assert not own.shared and own.key != calculator_view(dict(EXAMPLE_INPUTS), settings).key
    found, charts = comparison(own)
    results, _ = compute_available_metrics(numbers)
    assert found == compare(results, "retail") != comparison(calculator_view(dict(EXAMPLE_INPUTS), settings))[0]
    assert not any(id(chart) in _SHARED_SPECS for chart in charts)

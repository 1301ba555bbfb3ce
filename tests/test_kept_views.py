"""Views made once per set of numbers (issue 15 point 8): the worked example's calculator view, its comparison and
their chart specs are made by the first session and drawn by every later one."""

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

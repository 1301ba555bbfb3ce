"""The subscription section through AppTest: the paper's example fitted, values that wait for a margin, bad curves."""

import pytest
from streamlit.testing.v1 import AppTest

from retention.io.readers import load_transactions
from tests.apptest import plain

pytestmark = pytest.mark.apptest


def section():
    from ui.subscriptions import draw_subscription_forecast

    draw_subscription_forecast()


@pytest.fixture
def app() -> AppTest:
    at = AppTest.from_function(section, default_timeout=60)
    at.session_state["period"], at.session_state["currency"] = "year", "USD"
    return at.run()


def metrics(at: AppTest) -> dict[str, str]:
    return {card.label: card.value for card in at.metric}


def texts(at: AppTest) -> str:
    return " ".join(plain(item.value) for item in [*at.markdown, *at.caption, *at.warning])


def test_the_example_is_labelled_and_fitted(app):
    assert not app.exception
    words = texts(app)
    assert "Example, not your data: 1,000 “High End” customers" in words
    assert "α = 0.668, β = 3.806, log-likelihood -1,611.2" in words
    assert "leaves in a given year with a chance of 14.9%" in words
    assert "of those still with you after 7 years, 94.2% are expected to renew" in words
    assert "Half of a new group has left after 7.0 years" in words
    assert len(app.get("vega_lite_chart")) == 2
    assert metrics(app)["Expected lifetime"] == "no limit"
    assert "subscription_model" not in app.session_state  # the paper's curve is not the user's, for the what-if


def test_values_wait_for_a_margin_and_revenue(app):
    assert metrics(app)["Value of a new customer"] == "–"
    assert "Needs: gross margin and revenue per customer per period." in texts(app)
    app.number_input(key="subscription_revenue").set_value(100).run()
    assert "Needs: gross margin." in texts(app)
    assert metrics(app)["Value of a customer still there after 7 years"] == "–"


def test_values_from_the_users_margin_and_discount_rate(app):
    app.session_state["gross_margin"], app.session_state["discount_rate"] = 40.0, 10.0  # typed as percentages
    app.number_input(key="subscription_revenue").set_value(100).run()
    # 0.4 x 100 x DEL(0.1) = 40 x 5.9223; 40 x DERL(0.1 | 7 renewals) = 40 x 7.5296
    assert metrics(app)["Value of a new customer"] == "$236.89"
    assert metrics(app)["Value of a customer still there after 7 years"] == "$301.19"
    assert "discounted by your discount rate, 10.0% a year" in texts(app)


def test_a_monthly_discount_rate_is_converted_to_the_rows_period(app):
    app.session_state["period"] = "month"
    app.session_state["gross_margin"], app.session_state["discount_rate"] = 40.0, 1.0
    app.number_input(key="subscription_revenue").set_value(100).run()
    assert "discounted by your discount rate, 12.7% a year" in texts(app)  # 1.01 ** 12 - 1


def test_without_a_discount_rate_the_value_has_no_limit_and_says_why(app):
    app.session_state["gross_margin"] = 40.0
    app.number_input(key="subscription_revenue").set_value(100).run()
    assert metrics(app)["Value of a new customer"] == "no limit"
    assert "Without discounting the value has no limit" in texts(app)


def test_an_empty_table_asks_for_periods(app):
    app.radio(key="subscription_start").set_value("empty").run()
    assert not app.exception
    assert "Type the customers at the start and at least 3 periods after it" in texts(app)
    assert "there are 0 periods now" in texts(app)
    assert "Example, not your data" not in texts(app)
    assert not app.metric



def test_the_curve_of_the_sample_orders_is_fitted(app):
    app.radio(key="subscription_start").set_value("orders").run()
    assert "No order log yet" in app.info[0].value
    app.button[0].click().run()  # "Use the sample orders"
    app.selectbox(key="subscription_period").set_value("month").run()
    assert not app.exception
    words = texts(app)
    assert "From sample data (a made-up online shop): 3,868 customers, followed for up to 35 months" in words
    assert "a customer who stops paying does not come back" in words
    # retention.orders.cohorts.subscription_curve of the sample by month, pooled by the chain rule, fitted
    assert "α = 1.197, β = 3.046" in words
    assert app.session_state["subscription_model"] == {"alpha": pytest.approx(1.1969, abs=1e-4),
                                                       "beta": pytest.approx(3.0457, abs=1e-4), "period": "month"}


def test_too_few_periods_of_orders_are_refused_in_plain_words(app):
    log = "customer,date,amount\nann,2024-01-05,10\nann,2024-02-05,10\nbob,2024-01-09,10\nbob,2024-03-09,10\n"
    app.session_state["order_log"] = load_transactions(log.encode())
    app.session_state["order_log_name"] = "orders.csv"
    app.radio(key="subscription_start").set_value("orders").run()
    app.selectbox(key="subscription_period").set_value("month").run()
    assert "Too few periods: your orders cover 2 months after the first purchases" in texts(app)
    assert not app.metric

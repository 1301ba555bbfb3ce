"""The calculator page through Streamlit's AppTest: renders, reacts to numbers, keeps going on bad ones."""

import pytest

from tests.apptest import app_test, metric, plain


@pytest.fixture
def app():
    return app_test().run()



def submit(app):
    [button] = [button for button in app.button if button.label == "Calculate"]
    return button.click().run()


def test_opens_with_the_worked_example(app):
    assert not app.exception
    assert "worked example" in app.info[0].value
    assert metric(app, "Customer retention rate").value == "87.5 %"
    assert metric(app, "Net revenue retention").value == "95.0 %"
    assert metric(app, "Net promoter score").value == "+28.9"
    # 0.45 * (71,500 / 900) * 1.01 / (1.01 - 0.875) = 267.46
    assert metric(app, "Customer lifetime value").value == "$267.46"
    assert len(app.get("vega_lite_chart")) == 4


def test_changing_numbers_changes_the_figures(app):
    app.number_input(key="customers_end").set_value(1300)
    submit(app)
    assert not app.exception
    assert metric(app, "Customer retention rate").value == "91.7 %"  # (1300 - 200) / 1200
    assert metric(app, "Customers lost").value == "100"
    infos = [plain(info.value) for info in app.info]
    assert not any("You are looking at a worked example" in info for info in infos)
    assert ("Still the worked example's, not yours: Customers at the start, New customers, Won-back customers, "
            "Recurring revenue at the start and 20 more. Type your own or clear them; the figures that use them "
            "are the example's.") in infos


def test_a_bad_number_shows_a_message_and_the_other_cards_stay(app):
    app.number_input(key="customers_end").set_value(5000)
    app.number_input(key="gross_margin").set_value(140)
    submit(app)
    assert not app.exception
    errors = [plain(error.value) for error in app.error]
    assert any("more customers (5,000) than you started with plus the new and won-back ones (1,400)" in e
               for e in errors)
    assert any("Gross margin (%) must lie between 0 % and 100 %." in e for e in errors)
    assert "2 of your numbers need a look" in app.warning[0].value
    assert metric(app, "Customer retention rate").value == "–"
    assert metric(app, "Net promoter score").value == "+28.9"
    assert metric(app, "Net revenue retention").value == "95.0 %"


def test_start_from_blank_and_back(app):
    [blank] = [button for button in app.button if button.label == "Start from blank"]
    blank.click().run()
    assert not app.exception
    assert metric(app, "Customer retention rate").value == "–"
    captions = plain(" ".join(caption.value for caption in app.caption))
    assert "Needs: customers at the start, customers at the end, new customers" in captions
    assert len(app.get("vega_lite_chart")) == 0
    [example] = [button for button in app.button if button.label == "Load the worked example"]
    example.click().run()
    assert metric(app, "Customer retention rate").value == "87.5 %"


def test_period_and_currency_settings(app):
    app.selectbox(key="currency").set_value("EUR").run()
    app.selectbox(key="period").set_value("year").run()
    assert not app.exception
    assert metric(app, "Customer lifetime value").value == "€267.46"
    assert metric(app, "Average customer lifetime").value == "8.0 years"
    # DSO uses 365 days a year now: 18,000 / 45,000 * 365
    assert metric(app, "Days sales outstanding").value == "146.0 days"

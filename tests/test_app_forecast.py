"""The forecast page through Streamlit's AppTest: the sample in one click, real figures, messages for bad settings,
no refit on reruns, one margin and discount rate with the calculator (never the worked example's), and user text
shown as text."""

from pathlib import Path

import pytest

import pages.forecast as forecast_page
from retention.io.readers import load_transactions
from tests.apptest import app_test, metric, open_page, plain, table_with
from ui.orders import ORDERS, ORDERS_NAME

SAMPLE = Path(__file__).resolve().parent.parent / "retention" / "data" / "sample_orders.csv"
TITLE = "Forecast: what each customer is likely to be worth"


@pytest.fixture
def page():
    app = app_test("forecast").run()
    assert not app.exception
    assert [title.value for title in app.title] == [TITLE]
    return app


@pytest.fixture
def with_sample(page):
    [button] = [button for button in page.button if button.label == "Use the sample orders"]
    button.click().run()
    assert not page.exception
    return page



def orders_tab(app):
    """The forecast from orders: the page's main area on its first view (the other is the subscriptions' curve)."""
    assert app.segmented_control(key="forecast_view").value == "orders"
    return app.main


def submit(app):
    [button] = [button for button in app.button if button.label == "Run the forecast"]
    return button.click().run()


def test_without_data_the_page_offers_the_sample(page):
    assert "no order history in this session yet" in page.info[0].value
    assert not orders_tab(page).metric and not orders_tab(page).get("vega_lite_chart")


def captions_of(app) -> str:
    return plain(" ".join(caption.value for caption in app.caption))


def test_the_sample_in_one_click(with_sample):
    """No margin given yet: purchases and chances show, every lifetime value says it needs the margin."""
    app = with_sample
    text = " ".join(plain(markdown.value) for markdown in app.markdown)
    assert ("Using **sample data (a made-up online shop)**: 22,000 orders from 4,000 customers, 10/1/2023 to "
            "9/30/2026.") in text
    assert app.number_input(key="forecast_margin").value is None
    assert app.number_input(key="forecast_discount_rate").value is None
    assert metric(app, "Customers").value == "4,000"
    assert metric(app, "Repeat buyers").value == "2,544"
    for label in ("Predicted value", "Per customer", "Top 20% hold"):
        assert metric(app, label).value == "–"
        assert metric(app, label).proto.delta == "Needs: gross margin."
    table = table_with(orders_tab(app), "clv_low")  # the customers, after the win-back list
    assert len(table.value) == 4000
    assert table.value[["predicted_clv", "clv_low", "clv_high"]].isna().all().all()
    spend = table.value["expected_purchases"] * table.value["expected_spend"]
    assert spend.iloc[0] == spend.max()  # ranked by predicted spend meanwhile
    assert len(orders_tab(app).get("vega_lite_chart")) == 3  # chances, fit check, holdout: no chart of lifetime value
    assert any("once you give your gross margin" in info.value for info in app.info)
    warnings = " ".join(warning.value for warning in app.warning)
    assert "model predicted 5,921 purchases where there were 4,183" in plain(warnings)
    assert ("Why the sample misses: this made-up shop sells most in November and December, and the check learnt "
            "from its orders up to the end of December") in plain(warnings)
    captions = captions_of(app)
    assert ("The model's own estimate, not an average of your customers: for a customer who first bought 67 weeks "
            "ago (the median of your customers)") in captions
    assert ("Expected purchases and spend over the next 12 months from 9/30/2026. Lifetime values need your gross "
            "margin: type it in the settings above. Nothing is discounted: no discount rate was given.") in captions
    result = app.session_state["forecast_result"]["result"]
    purchases, check = result.ranges.purchases, result.holdout
    assert (f"Expected purchases in the look-ahead period: {result.total_purchases:,.0f} (80.0% range "
            f"{purchases.low:,.0f} to {purchases.high:,.0f}).") in captions
    assert purchases.low < result.total_purchases < purchases.high
    assert ("80.0% ranges: the figure lies in its range with a chance of 80.0%, counting how far the models fitted "
            "to your orders can be off and, for the totals, the chance in which customers buy again") in captions
    assert (f"the model predicted **{check.predicted_purchases:,.0f}** purchases (80.0% range "
            f"{check.predicted_range.low:,.0f} to {check.predicted_range.high:,.0f}) by these") in text
    assert "One-time buyers (0 repeat purchases) show 100%" in captions
    assert "averages over many possible futures" in captions
    explained = " ".join(markdown.value for markdown in app.markdown)
    assert "**Why one-time buyers show 100%**" in explained
    assert app.date_input(key="forecast_observation_end").value.isoformat() == "2026-09-30"


def test_reruns_do_not_refit(with_sample, monkeypatch):
    calls = []
    original = forecast_page.forecast
    monkeypatch.setattr(forecast_page, "forecast", lambda *args, **kwargs: calls.append(1) or original(*args, **kwargs))
    with_sample.run()
    submit(with_sample)
    assert calls == []
    with_sample.number_input(key="forecast_margin").set_value(60)
    submit(with_sample)
    assert calls == [1]
    assert not with_sample.exception


def test_risk_bands_the_win_back_list_and_the_next_order_come_before_the_details(with_sample):
    app = with_sample
    customers = app.session_state["forecast_result"]["result"].customers
    counts = customers["risk"].value_counts()
    for label, band in (("Likely active", "active"), ("At risk", "at_risk"), ("Probably gone", "gone"),
                        ("Bought once", "once")):
        assert metric(app, label).value == f"{counts[band]:,}"
    assert sum(counts) == 4000 and counts["once"] == 4000 - 2544  # every one-time buyer has their own band
    slipping = customers[customers["risk"].isin(["at_risk", "gone"])]
    value = (slipping["spent_so_far"] * (1 - slipping["probability_alive"])).sum()
    captions = captions_of(app)
    assert (f"{len(slipping):,} customers who bought more than once are at risk or probably gone, worth "
            f"${value:,.0f} of past spending at risk") in captions
    win_back = table_with(orders_tab(app), "value_at_risk").value
    assert len(win_back) == 20
    assert win_back["value_at_risk"].is_monotonic_decreasing
    assert set(win_back["risk"]) <= {"At risk", "Probably gone"}
    table = table_with(orders_tab(app), "next_order_by").value
    assert set(table["risk"]) == {"Likely active", "At risk", "Probably gone", "Bought once"}
    expected = table["next_order_by"] != "none expected"
    assert expected.any() and (~expected).any()
    assert (table.loc[expected, "next_order_by"] > "2026-09-30").all()
    assert "Customers who bought once show 100%" in captions
    details = [plain(markdown.value) for markdown in app.markdown if markdown.value.startswith("Purchase model")]
    fitted = app.session_state["forecast_result"]["result"].purchases
    assert f"r = {fitted.r:.4g} (± {fitted.standard_errors['r']:.4g})" in details[0]
    intro = plain(app.markdown[0].value)
    assert intro.startswith("Which of your customers are likely to buy again, and what they are worth.")
    assert "BG/NBD" not in intro


def test_a_margin_typed_here_gives_lifetime_values_and_scales_them(with_sample):
    with_sample.number_input(key="forecast_margin").set_value(30)
    with_sample.number_input(key="forecast_discount_rate").set_value(10)
    submit(with_sample)
    result = with_sample.session_state["forecast_result"]["result"]
    before = result.total_clv
    assert metric(with_sample, "Predicted value").value == f"${before:,.0f}"
    total, each = result.ranges.total_value, result.ranges.value_per_customer
    # The ranges are captions in the tiles (they wrap), not the metrics' one-line deltas (cut at 1400 px).
    assert not metric(with_sample, "Predicted value").proto.delta
    shown_captions = [plain(caption.value) for caption in with_sample.caption]
    assert f"80.0% range ${total.low:,.0f} to ${total.high:,.0f}" in shown_captions
    assert f"80.0% range ${each.low:,.2f} to ${each.high:,.2f}" in shown_captions
    assert total.low < before < total.high and each.low < result.average_clv < each.high
    assert metric(with_sample, "Top 20% hold").value.endswith("%")
    table = table_with(orders_tab(with_sample), "clv_low")  # the customers, after the win-back list
    assert table.value["predicted_clv"].is_monotonic_decreasing
    assert (table.value["clv_low"] < table.value["predicted_clv"]).all()
    assert (table.value["predicted_clv"] < table.value["clv_high"]).all()
    assert len(orders_tab(with_sample).get("vega_lite_chart")) == 5
    labels = [button.label for button in orders_tab(with_sample).get("download_button")]
    assert labels == ["Download the win-back list as CSV", "Download all customers as CSV", "PNG", "SVG"]
    assert ("Predicted lifetime value: the profit expected over the next 12 months from 9/30/2026, at your 30.0% "
            "gross margin. Later purchases are discounted at 10.0% a year.") in captions_of(with_sample)
    with_sample.number_input(key="forecast_margin").set_value(60)
    submit(with_sample)
    after = with_sample.session_state["forecast_result"]["result"].total_clv
    assert after == pytest.approx(2 * before)
    assert metric(with_sample, "Predicted value").value == f"${after:,.0f}"


def test_the_margin_typed_here_is_the_calculators_and_the_discount_rate_is_per_period_there(with_sample):
    with_sample.number_input(key="forecast_margin").set_value(40)
    with_sample.number_input(key="forecast_discount_rate").set_value(12.682503)  # (1.01 ** 12 - 1) a year
    submit(with_sample)
    assert with_sample.session_state["gross_margin"] == 40
    assert with_sample.session_state["discount_rate"] == pytest.approx(1.0, abs=1e-6)  # 1% a month
    open_page(with_sample, "calculator").run()
    assert with_sample.number_input(key="gross_margin").value == 40


@pytest.mark.parametrize(("key", "value", "message"), [
    ("forecast_margin", 140, "The gross margin must lie between 0% and 100%."),
    ("forecast_horizon_months", 0, "The look-ahead must be more than 0 months."),
    ("forecast_discount_rate", -5, "The discount rate must be 0% a year or more."),
])
def test_a_bad_setting_shows_a_message_and_the_page_keeps_working(with_sample, key, value, message):
    with_sample.number_input(key=key).set_value(value)
    submit(with_sample)
    assert not with_sample.exception
    assert [error.value for error in with_sample.error] == [message]
    assert not orders_tab(with_sample).metric
    assert [button.label for button in with_sample.button if button.label == "Run the forecast"]
    with_sample.number_input(key=key).set_value({"forecast_margin": 30, "forecast_horizon_months": 12,
                                                 "forecast_discount_rate": 10}[key])
    submit(with_sample)
    assert not with_sample.error
    assert metric(with_sample, "Customers").value == "4,000"


def test_an_earlier_observation_date_and_another_time_unit(with_sample):
    import datetime as dt

    with_sample.date_input(key="forecast_observation_end").set_value(dt.date(2025, 9, 30))
    with_sample.selectbox(key="forecast_time_unit").set_value("M")
    submit(with_sample)
    assert not with_sample.exception
    result = with_sample.session_state["forecast_result"]["result"]
    assert result.time_unit == "M" and result.horizon == pytest.approx(12)
    assert result.observation_end.date() == dt.date(2025, 9, 30)
    assert int(metric(with_sample, "Customers").value.replace(",", "")) < 4000
    captions = plain(" ".join(caption.value for caption in with_sample.caption))
    assert "orders after the observation date (9/30/2025) were left out" in captions


def test_data_the_model_cannot_use_is_a_message_not_a_traceback(page):
    table = load_transactions(b"customer,date,amount\nann,2024-01-01,10\nbob,2024-02-01,20\n")
    page.session_state[ORDERS] = table
    page.session_state[ORDERS_NAME] = "two_orders.csv"
    page.run()
    assert not page.exception
    [error] = page.error
    assert plain(error.value).startswith("The forecast could not be made for this data: No customer bought on more")


def test_user_text_is_shown_as_text(page):
    rows = "\n".join(f"**c{n % 400}**,2024-{1 + n % 12:02d}-{1 + n % 28:02d},{10 + n % 7}" for n in range(3000))
    table = load_transactions(f"customer,date,amount\n{rows}\n".encode())
    page.session_state[ORDERS] = table
    page.session_state[ORDERS_NAME] = "<b>shop</b> *1*.csv"
    page.run()
    assert not page.exception
    using = [markdown.value for markdown in page.markdown if markdown.value.startswith("Using ")]
    assert using and r"\<b\>shop\</b\> \*1\*\.csv" in using[0]
    assert "uploaded orders stay in this browser session" in page.caption[0].value.lower()


def test_the_calculators_typed_margin_is_the_forecasts():
    app = app_test().run()
    app.number_input(key="gross_margin").set_value(55)
    [calculate] = [button for button in app.button if button.label == "Calculate"]
    calculate.click().run()
    app.session_state[ORDERS] = load_transactions(SAMPLE)
    app.session_state[ORDERS_NAME] = "sample_orders.csv"
    open_page(app, "forecast").run()
    assert app.number_input(key="forecast_margin").value == 55


def test_the_worked_example_margin_is_not_taken_for_a_typed_one(page):
    assert page.session_state["gross_margin"] == 45  # the calculator's worked example
    page.session_state[ORDERS] = load_transactions(SAMPLE)
    page.session_state[ORDERS_NAME] = "sample_orders.csv"
    page.run()
    assert page.number_input(key="forecast_margin").value is None
    assert page.number_input(key="forecast_discount_rate").value is None  # the example's 1% a month is not yours
    assert metric(page, "Predicted value").value == "–"
    # the same orders as the user's own file: the check still warns, without the sample's season as the reason
    warnings = plain(" ".join(warning.value for warning in page.warning))
    assert "model predicted 5,921 purchases" in warnings and "Why the sample misses" not in warnings


def test_the_view_control_shows_one_view_and_another_page_can_open_the_subscriptions(page):
    view = page.segmented_control(key="forecast_view")
    assert view.options == ["From your orders", "Subscriptions: from a retention curve"]
    view.set_value("subscriptions").run()
    assert not page.exception
    assert any("α = 0.668, β = 3.806" in plain(item.value) for item in page.markdown)  # the paper's example
    assert not page.info or "no order history" not in page.info[0].value  # the order view is not drawn
    page.segmented_control(key="forecast_view").set_value("orders").run()
    assert "no order history in this session yet" in page.info[0].value
    # What Your data's button sets (ui.subscriptions.use_order_curve): the next visit opens the subscriptions.
    page.session_state["forecast_open"] = "subscriptions"
    page.run()
    assert page.segmented_control(key="forecast_view").value == "subscriptions"
    assert "forecast_open" not in page.session_state


def marking_script(app) -> str:
    """The body of the one script that marks the settings in error (ui/errors.py)."""
    [script] = [html.proto.body for html in app.get("html") if "const names" in html.proto.body]
    return script


@pytest.mark.parametrize(("key", "value"), [("forecast_margin", 140), ("forecast_horizon_months", 0),
                                            ("forecast_discount_rate", -5)])
def test_a_bad_setting_is_marked_and_focused_after_running(with_sample, key, value):
    assert 'const names = [], focus = null;' in marking_script(with_sample)
    with_sample.number_input(key=key).set_value(value)
    submit(with_sample)
    assert f'const names = ["{key}"], focus = "{key}";' in marking_script(with_sample)
    styles = [html.proto.body for html in with_sample.get("html") if "outline: 2px solid" in html.proto.body]
    assert len(styles) == 1 and f".st-key-{key}" in styles[0]
    with_sample.run()  # a rerun without "Run the forecast" keeps the mark but not the focus
    assert f'const names = ["{key}"], focus = null;' in marking_script(with_sample)


def test_a_margin_typed_as_a_share_asks_did_you_mean_40_percent(with_sample):
    with_sample.number_input(key="forecast_margin").set_value(0.4)
    submit(with_sample)
    assert not with_sample.exception
    [question] = [warning for warning in with_sample.warning if "Did you mean" in warning.value]
    assert plain(question.value) == ("Did you mean 40%? Gross margin (%) takes percentages, so the 0.4 you typed "
                                     "means 0.4%. Until you change it, the figures use 0.4%.")
    [use] = [button for button in with_sample.button if button.label == "Use 40%"]
    use.click().run()
    assert with_sample.number_input(key="forecast_margin").value == 40
    assert with_sample.session_state["gross_margin"] == 40
    assert not [warning for warning in with_sample.warning if "Did you mean" in warning.value]


def test_an_empty_look_ahead_is_marked_and_focused(with_sample):
    with_sample.number_input(key="forecast_horizon_months").set_value(None)
    submit(with_sample)
    assert not with_sample.exception
    assert len(with_sample.error) == 1
    script = marking_script(with_sample)
    assert 'const names = ["forecast_horizon_months"], focus = "forecast_horizon_months";' in script

"""The what-if page, shared links, "how you compare" and the downloads through Streamlit's AppTest."""

import json

import pytest

from retention.links import LINK_KEYS, SharedState, encode
from retention.metrics.example import EXAMPLE_INPUTS
from retention.whatif import Levers, Scenario
from tests.apptest import app_test, metric, open_page, open_tab, plain, table_with

#: The worked example as a shared link carries it (percentages for margin and discount rate).
EXAMPLE_LINK = encode(SharedState(inputs=EXAMPLE_INPUTS))


def chart_titles(app) -> list[str]:
    titles = []
    for chart in app.get("vega_lite_chart"):
        title = json.loads(chart.proto.spec).get("title", {}).get("text", [])
        titles.append((" ".join(title) if isinstance(title, list) else title).replace("\xa0", " "))
    return titles


def captions(app) -> str:
    return plain(" ".join(caption.value for caption in app.caption))


def click(app, label):
    [button] = [button for button in app.button if button.label == label]
    return button.click().run()


@pytest.fixture
def what_if():
    return app_test("what_if").run()


def test_starts_from_the_calculators_numbers(what_if):
    assert not what_if.exception
    assert what_if.title[0].value == "What if you kept more customers?"
    assert "Starting from the calculator's numbers: retention 87.5% a month" in captions(what_if)
    clv = metric(what_if, "Customer lifetime value")
    assert (clv.value, clv.delta) == ("$267.46", "")  # no lever moved: the scenario is the baseline
    assert metric(what_if, "Customers at the end").value == "1,597"
    assert "Baseline: $267.46" in captions(what_if)
    assert not what_if.main.number_input  # it never asks for the numbers again
    assert "Revenue per customer matters most: 10% better adds $164,151 profit over 36 months" in chart_titles(what_if)


def test_a_lever_changes_the_scenario_and_the_link(what_if):
    what_if.select_slider(key="retention_points").set_value(5.0).run()
    assert not what_if.exception
    clv = metric(what_if, "Customer lifetime value")
    # 0.45 * 79.44 * 1.01 / (1.01 - 0.925) = 424.79
    assert (clv.value, clv.delta) == ("$424.79", "+$157.33 (+58.8%)")
    assert metric(what_if, "Profit over the horizon").delta == "+$700,860 (+70.7%)"
    assert what_if.query_params["retention_points"] == "5"
    assert what_if.query_params["customers_start"] == "1200"  # the calculator's numbers stay in the link
    assert "87.5% → 92.5%" in captions(what_if)
    assert "+5 points of retention: +70.7% profit over 36 months (claim: +25% to +95%)" in chart_titles(what_if)
    claim = plain(" ".join(markdown.value for markdown in what_if.markdown))
    assert "5 more points of retention (87.5% → 92.5% a month) change profit over 36 months by +70.7%" in claim
    assert "25% to 95%" in claim and "Bain & Company" in claim


def test_the_horizon_and_the_reset(what_if):
    what_if.slider(key="horizon_years").set_value(1).run()
    assert metric(what_if, "Revenue over the horizon").help
    assert "after 12 months" in " ".join(chart_titles(what_if))
    what_if.select_slider(key="revenue_per_customer_pct").set_value(10.0).run()
    assert metric(what_if, "Customer lifetime value").value == "$294.21"  # 10% more revenue per customer
    click(what_if, "Reset the levers")
    assert metric(what_if, "Customer lifetime value").value == "$267.46"
    assert "revenue_per_customer_pct" not in what_if.query_params


def test_a_shared_link_opens_the_same_what_if():
    link = {**EXAMPLE_LINK, "currency": "EUR", "retention_points": "5", "horizon_years": "5",
            "s1_name": "Loyalty", "s1_retention_points": "3", "compare_a": "baseline", "compare_b": "s1"}
    app = app_test("what_if")
    app.query_params.update(link)
    app.run()
    assert not app.exception
    assert not app.warning  # nothing was left out
    assert app.select_slider(key="retention_points").value == 5.0 and app.slider(key="horizon_years").value == 5
    assert metric(app, "Customer lifetime value").value == "€424.79"
    assert app.selectbox(key="compare_b").value == "s1"
    table = table_with(app, "Figure").value
    assert list(table.columns) == ["Figure", "Baseline (your numbers)", "Loyalty", "Difference"]
    assert app.query_params == link | {"v": "1"}


def test_named_scenarios_are_kept_and_compared(what_if):
    what_if.select_slider(key="retention_points").set_value(3.0).run()
    what_if.text_input(key="whatif_scenario_name").input("Loyalty programme").run()
    click(what_if, "Keep these levers")
    what_if.select_slider(key="retention_points").set_value(0.0).run()
    what_if.select_slider(key="acquisition_cost_pct").set_value(-20.0).run()
    what_if.text_input(key="whatif_scenario_name").input("=Cheaper ads").run()
    click(what_if, "Keep these levers")
    assert not what_if.exception
    kept = plain(" ".join(markdown.value for markdown in what_if.markdown))
    assert "Loyalty programme" in kept and "Retention +3.0 points" in kept and "=Cheaper ads" in kept
    what_if.selectbox(key="compare_a").set_value("s1").run()
    what_if.selectbox(key="compare_b").set_value("s2").run()
    table = table_with(what_if, "Figure").value.set_index("Figure")
    assert list(table.columns) == ["Loyalty programme", "=Cheaper ads", "Difference"]
    assert table.loc["Acquisition cost payback", "=Cheaper ads"] == "2.7 months"  # 96 / (0.45 * 79.44)
    assert what_if.query_params["s1_name"] == "Loyalty programme" and what_if.query_params["s2_name"] == "=Cheaper ads"
    [use] = [button for button in what_if.button if button.key == "use_scenario_0"]
    use.click().run()
    assert what_if.select_slider(key="retention_points").value == 3.0
    [delete] = [button for button in what_if.button if button.key == "delete_scenario_0"]
    delete.click().run()
    assert "s2_name" not in what_if.query_params and what_if.query_params["s1_name"] == "=Cheaper ads"


def test_without_numbers_the_what_if_says_what_it_needs():
    app = app_test("what_if")
    app.query_params.update({"v": "1", "customers_start": "100"})
    app.run()
    assert not app.exception
    assert "needs a few numbers from the calculator first: customers at the end, new customers" in plain(
        app.info[0].value)
    assert not app.metric


def test_the_calculator_opens_a_shared_link_with_its_numbers():
    app = app_test()
    app.query_params.update({"v": "1", "customers_start": "100", "customers_end": "99", "new_customers": "20",
                             "gross_margin": "40", "period": "year", "currency": "GBP", "industry": "retail"})
    app.run()
    assert not app.exception
    assert metric(app, "Customer retention rate").value == "79.0%"
    assert app.number_input(key="gross_margin").value == 40
    assert app.number_input(key="orders").value is None  # fields a link leaves out are empty
    assert (app.selectbox(key="period").value, app.selectbox(key="currency").value) == ("year", "GBP")
    assert app.selectbox(key="industry").value == "retail"
    assert any("yours (79.0% a year) beats Retail (63.0% a year)" in title for title in chart_titles(app))


def test_hostile_links_never_crash_and_say_what_was_left_out():
    app = app_test()
    app.query_params.update({"v": "9", "customers_start": "1e999", "gross_margin": "<img src=x onerror=alert(1)>",
                             "currency": "$$", "retention_points": "nan", "period_days": "-4",
                             "evil": "=HYPERLINK(1)", "s1_name": "*bold* $x$"})
    app.run()
    assert not app.exception
    [warning] = app.warning
    text = plain(warning.value)
    assert "Some parts of this link were left out" in text
    assert "version 9" in text and "Customers at the start (1e999)" in text and "evil" in text
    assert "\\<img" in warning.value and "<img" not in warning.value.replace("\\<", "")  # escaped: text
    assert metric(app, "Retention").value == "–"  # the headline; the rest of the link still counts
    assert app.query_params["s1_name"] == "*bold* $x$"
    click(app, "Got it")
    assert not app.warning


@pytest.mark.parametrize("params", [
    {"v": "1", "customers_start": "5", "customers_end": "500", "new_customers": "0"},  # impossible bridge
    {"v": "1", "customers_start": "0", "customers_end": "10", "new_customers": "10", "gross_margin": "50",
     "revenue_per_customer": "10"},  # nobody at the start
    {"v": "1", **{key: "1e15" for key in EXAMPLE_LINK if key not in ("v", "period", "currency")}},
    {"retention_points": "30", "horizon_years": "10", **EXAMPLE_LINK},
    {"compare_a": "s5", "compare_b": "s5", "s5_name": "", "industry": ""},
])
@pytest.mark.parametrize("page", ["calculator", "what_if"])
def test_no_link_can_crash_a_page(params, page):
    app = app_test(page)
    app.query_params.update(params)
    app.run()
    assert not app.exception
    assert not [error for error in app.error if "Something went wrong" in error.value]


def test_the_link_stays_complete_on_every_page():
    app = app_test().run()
    app.number_input(key="customers_end").set_value(1300)
    [submit] = [button for button in app.button if button.label == "Calculate"]
    submit.click().run()
    open_page(app, "what_if").run()
    assert not app.exception
    assert app.query_params["customers_end"] == "1300"
    # 0.45 * (71,500 / 900) * 1.01 / (1.01 - 1,100 / 1,200) = 386.87
    assert metric(app, "Customer lifetime value").value == "$386.87"
    app.select_slider(key="retention_points").set_value(2.0).run()
    open_page(app, "calculator").run()
    assert app.query_params["retention_points"] == "2" and app.query_params["customers_end"] == "1300"
    [code] = app.code
    assert "customers_end=1300" in code.value and "retention_points=2" in code.value


def test_calculator_shows_how_you_compare_and_the_downloads():
    app = app_test().run()
    assert not app.exception
    assert app.selectbox(key="industry").value is None
    assert "Choose your business type in the sidebar" in plain(app.info[-1].value)
    assert len(app.get("vega_lite_chart")) == 4 + 4  # without a business type, the rules of thumb alone
    app.selectbox(key="industry").set_value("online_shop").run()
    assert ("Figures compared for Online shop (e-commerce): 6; 2 beat their benchmark or rule of "
            "thumb, 4 do not.") in plain(" ".join(markdown.value for markdown in app.markdown))
    titles = chart_titles(app)
    assert ("Customer retention rate: yours (87.5% a month) trails Retail (63.0% a year, that is 96.2% a month)"
            in titles)
    assert len(app.get("vega_lite_chart")) == 4 + 6
    assert "No published figure for Online shop (e-commerce) and no rule of thumb for: Customers lost" in captions(app)
    assert app.query_params["industry"] == "online_shop"
    labels = [button.label for button in app.get("download_button")]
    assert {"Figures (CSV)", "Figures (Excel)", "One-page report (HTML, print to PDF)", "PNG", "SVG"} <= set(labels)
    assert "Uploaded files never go into a link" in captions(app)


def test_links_written_by_the_app_read_back_the_same():
    state = SharedState(inputs=EXAMPLE_INPUTS, currency="CHF", levers=Levers(new_customers_pct=20),
                        scenarios=(Scenario("Plan B", Levers(retention_points=1)),), horizon_years=2)
    app = app_test("what_if")
    app.query_params.update(encode(state))
    app.run()
    assert app.query_params == encode(state)


def test_a_period_sent_from_your_data_is_where_the_what_if_starts():
    app = app_test("your_data").run()
    click(app, "Try it with sample data")
    open_tab(app, "orders_tab", "One period in detail")
    app.selectbox(key="data_period").set_value("2024-03").run()
    click(app, "Send this period's numbers to the calculator")
    assert app.title[0].value == "Customer retention calculator"
    open_page(app, "what_if").run()
    assert not app.exception
    assert any("gross margin" in info.value for info in app.info)  # the worked example's 45% did not come along
    app.number_input(key="whatif_gross_margin").set_value(45).run()  # asked right here, kept for every page
    assert app.session_state["gross_margin"] == 45
    assert "Starting from the calculator's numbers: retention 74.5% a month" in captions(app)  # (262 - 68 - 16) / 239
    assert app.query_params["customers_start"] == "239"  # the period's numbers, never the uploaded orders
    assert set(app.query_params) <= set(LINK_KEYS)  # field names and settings: nothing of the uploaded data


def test_a_subscription_business_projects_with_the_sbg(what_if):
    what_if.session_state["industry"] = "consumer_subscription"
    what_if.run()
    assert not what_if.exception
    # retention 87.5% a month, α + β = 3: α = 0.375, β = 2.625; after 12 months (2.625 + 12) / (3 + 12) = 97.5%
    assert ("A subscription: customers differ, and those who leave easily go first, so the projection lets "
            "retention rise as each group of customers stays (shifted-beta-geometric model, Fader and Hardie 2007): "
            "87.5% in a group's first month, your retention, rising to 97.5% after 12 months. How much customers "
            "differ, α + β = 3.00, is an assumption") in captions(what_if)
    # 1,250 * S(36) + 200 * (S(0) + ... + S(35)) with S(t) = B(0.375, 2.625 + t) / B(0.375, 2.625), against 1,597
    # at 87.5% every month: the loyal customers who stay keep renewing
    assert metric(what_if, "Customers at the end").value == "4,051"


def test_a_subscription_uses_the_curve_fitted_on_the_forecast_page(what_if):
    what_if.session_state["industry"] = "saas_small_business"
    what_if.session_state["subscription_model"] = {"alpha": 1.1969, "beta": 3.0457, "period": "month"}
    what_if.run()
    assert "α + β = 4.24, is fitted to your retention curve on the Forecast page (α = 1.197, β = 3.046)" in captions(
        what_if)
    what_if.session_state["subscription_model"] = {"alpha": 1.1969, "beta": 3.0457, "period": "year"}
    what_if.run()
    assert "α + β = 3.00, is an assumption" in captions(what_if)  # a yearly curve does not fit monthly numbers


def test_other_businesses_keep_constant_retention(what_if):
    what_if.session_state["industry"] = "online_shop"
    what_if.run()
    assert "A subscription" not in captions(what_if)
    assert metric(what_if, "Customers at the end").value == "1,597"


def marking_script(app) -> str:
    """The body of the one script that marks the boxes in error (ui/errors.py)."""
    [script] = [html.proto.body for html in app.get("html") if "const names" in html.proto.body]
    return script


def test_an_impossible_margin_typed_here_is_shown_marked_and_focused():
    app = app_test("what_if").run()
    app.session_state["gross_margin"] = None  # the what-if asks for the margin on this page
    app.run()
    assert any("gross margin" in info.value for info in app.info)
    app.number_input(key="whatif_gross_margin").set_value(140).run()
    assert not app.exception
    assert [plain(error.value) for error in app.error] == ["Gross margin (%) must lie between 0% and 100%."]
    assert 'const names = ["whatif_gross_margin"], focus = "whatif_gross_margin";' in marking_script(app)
    app.number_input(key="whatif_gross_margin").set_value(0.4).run()
    assert not app.error
    [question] = [warning for warning in app.warning if "Did you mean" in warning.value]
    assert plain(question.value).startswith("Did you mean 40%? Gross margin (%) takes percentages")
    click(app, "Use 40%")
    assert app.session_state["gross_margin"] == 40
    assert "Starting from the calculator's numbers" in captions(app)


def test_an_impossible_discount_rate_is_kept_in_view_beside_the_levers(what_if):
    what_if.session_state["discount_rate"] = 150.0  # typed on another page, a percent
    what_if.run()
    assert not what_if.exception
    assert "Starting from the calculator's numbers" in captions(what_if)
    assert [plain(error.value) for error in what_if.error] == [
        "Discount rate per period (%) must lie between 0% and 100%."]
    assert 'const names = ["whatif_discount_rate"], focus = null;' in marking_script(what_if)

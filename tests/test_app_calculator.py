"""The calculator page through Streamlit's AppTest: renders, reacts to numbers, keeps going on bad ones."""

import pytest

from tests.apptest import app_test, metric, plain


@pytest.fixture
def app():
    return app_test().run()



def missing_figures(app):
    [fold] = [expander for expander in app.expander if expander.label.startswith("Add these numbers")]
    return fold


def headline(app) -> dict[str, str]:
    """The headline strip's figures by label: the metrics before the first card."""
    shown = {}
    for card in app.metric:
        if card.label == "Customers lost":
            return shown
        shown[card.label] = card.value
    return shown


def badges(app) -> list[str]:
    return [markdown.value for markdown in app.markdown if "-badge[" in markdown.value]


def submit(app):
    [button] = [button for button in app.button if button.label == "Calculate"]
    return button.click().run()


def test_opens_with_the_worked_example(app):
    assert not app.exception
    assert "worked example" in app.info[0].value
    assert metric(app, "Customer retention rate").value == "87.5%"
    assert metric(app, "Net revenue retention").value == "95.0%"
    assert metric(app, "Net promoter score").value == "+28.9"
    # 0.45 * (71,500 / 900) * 1.01 / (1.01 - 0.875) = 267.46
    assert metric(app, "Customer lifetime value").value == "$267.46"
    assert len(app.get("vega_lite_chart")) == 4 + 4  # the explanatory charts, then how you compare by the rules


def test_changing_numbers_changes_the_figures(app):
    app.number_input(key="customers_end").set_value(1300)
    submit(app)
    assert not app.exception
    assert metric(app, "Customer retention rate").value == "91.7%"  # (1300 - 200) / 1200
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
    assert any("Gross margin (%) must lie between 0% and 100%." in e for e in errors)
    assert "2 of your numbers need a look" in app.warning[0].value
    assert metric(app, "Retention").value == "–"  # the headline says so; the card is folded with the missing ones
    assert "Customer retention rate" in plain(missing_figures(app).markdown[0].value)
    assert metric(app, "Net promoter score").value == "+28.9"
    assert metric(app, "Net revenue retention").value == "95.0%"


def test_start_from_blank_and_back(app):
    [blank] = [button for button in app.button if button.label == "Start from blank"]
    blank.click().run()
    assert not app.exception
    assert metric(app, "Retention").value == "–"
    assert not [card for card in app.metric if card.label == "Customer retention rate"]
    fold = missing_figures(app)
    assert fold.label == "Add these numbers to see 23 more figures"
    assert ("**Customer retention rate**: Needs: customers at the start, customers at the end and new customers."
            in plain(fold.markdown[0].value))
    assert len(app.get("vega_lite_chart")) == 0
    [example] = [button for button in app.button if button.label == "Load the worked example"]
    example.click().run()
    assert metric(app, "Customer retention rate").value == "87.5%"


def test_period_and_currency_settings(app):
    app.selectbox(key="currency").set_value("EUR").run()
    app.selectbox(key="period").set_value("year").run()
    assert not app.exception
    assert metric(app, "Customer lifetime value").value == "€267.46"
    assert metric(app, "Average customer lifetime").value == "8.0 years"
    # DSO uses 365 days a year now: 18,000 / 45,000 * 365
    assert metric(app, "Days sales outstanding").value == "146.0 days"


def test_the_answer_comes_first(app):
    # churn 150 / 1,200 = 12.5% > 7%; LTV:CAC 267.46 / 120 = 2.2 < 3: both below their rules of thumb
    assert headline(app) == {"Retention": "87.5% a month", "Churn": "12.5% a month", "Lifetime value": "$267.46",
                             "LTV:CAC": "2.2×"}
    # lifetime value $267.46 < 3 x CAC $120 = $360: judged by the LTV:CAC rule
    assert badges(app) == [":orange-badge[:material/warning: Worth attention]"] * 4
    captions = plain(" ".join(caption.value for caption in app.caption))
    assert "as a rule of thumb, a churn rate above 7.0% a month deserves attention; yours: 12.5% a month." in captions
    assert "a lifetime value of at least 3 times the acquisition cost ($360.00) is healthy; yours: $267.46." in captions
    assert not [expander for expander in app.expander if expander.label.startswith("Add these numbers")]


def test_the_headline_follows_the_numbers(app):
    app.number_input(key="customers_end").set_value(1300)
    app.number_input(key="acquisition_cost").set_value(50)
    submit(app)
    # (1300 - 180 - 20) / 1200 = 91.7%; churn 8.3%; CLV 0.45 * 79.44 * 1.01 / (1.01 - 0.9167) = 386.87; / 50 = 7.7
    assert headline(app) == {"Retention": "91.7% a month", "Churn": "8.3% a month", "Lifetime value": "$386.87",
                             "LTV:CAC": "7.7×"}
    assert badges(app)[-1] == ":green-badge[:material/check_circle: Good]"


def test_lifetime_value_without_customers_who_bought(app):
    app.number_input(key="buyers").set_value(None)
    submit(app)
    # 71,500 / ((1,200 + 1,250) / 2) = 58.37 per customer; 0.45 * 58.37 * 1.01 / (1.01 - 0.875) = 196.50
    assert metric(app, "Customer lifetime value").value == "$196.50"
    assert headline(app)["Lifetime value"] == "$196.50"
    captions = plain(" ".join(caption.value for caption in app.caption))
    assert ("revenue per customer estimated as revenue / the average of customers at the start and end, since "
            "“Customers who bought” is not given") in captions


SHARED = {"v": "1", "customers_start": "200", "customers_end": "210", "new_customers": "40", "revenue": "30000",
          "gross_margin": "40", "acquisition_cost": "40"}


def test_a_shared_link_opens_on_the_answer():
    app = app_test()
    app.query_params.update(SHARED)
    app.run()
    assert not app.exception
    # retention (210 - 40) / 200 = 85%; ARPC 30,000 / 205 = 146.34; CLV 0.4 * 146.34 / 0.15 = 390.24; / 40 = 9.8
    assert headline(app) == {"Retention": "85.0% a month", "Churn": "15.0% a month", "Lifetime value": "$390.24",
                             "LTV:CAC": "9.8×"}
    assert plain(app.info[0].value) == (
        "Numbers shared with you: Customers at the start 200, Customers at the end 210, New customers 40, "
        "Revenue $30,000, Gross margin (%) 40.0% and Cost to win a new customer $40.00, for one month, in USD. "
        "They are all in the form below.")
    form = [expander for expander in app.expander if expander.label in ("Customers", "Economics")]
    assert form and not any(expander.proto.expanded for expander in form)
    assert app.query_params["customers_start"] == "200" and "period" not in app.query_params


def test_the_shared_line_goes_once_the_numbers_change():
    app = app_test()
    app.query_params.update(SHARED)
    app.run()
    app.number_input(key="customers_end").set_value(220)
    submit(app)
    assert not any("Numbers shared with you" in info.value for info in app.info)


def test_ltv_to_cac_is_in_the_headline_only_where_known():
    app = app_test()
    app.query_params.update({name: value for name, value in SHARED.items() if name != "acquisition_cost"})
    app.run()
    assert list(headline(app)) == ["Retention", "Churn", "Lifetime value"]
    assert "Lifetime value to acquisition cost (LTV:CAC)" in plain(missing_figures(app).markdown[0].value)


def marking_script(app) -> str:
    """The body of the one script that marks the fields in error."""
    [script] = [html.proto.body for html in app.get("html") if "const names" in html.proto.body]
    return script


def test_errors_are_listed_at_the_top_as_links_to_their_fields(app):
    app.number_input(key="customers_end").set_value(5000)
    app.number_input(key="gross_margin").set_value(140)
    submit(app)
    assert plain(app.warning[0].value) == (
        "2 of your numbers need a look; everything that can be worked out without them is shown. Go to each one:\n\n"
        "- [Customers at the end](#field-customers_end): You ended with more customers (5,000) than you started "
        "with plus the new and won-back ones (1,400). Check the customers at the end, the new customers and the "
        "won-back customers.\n"
        "- [Gross margin (%)](#field-gross_margin): Gross margin (%) must lie between 0% and 100%.")
    script = marking_script(app)
    assert 'const names = ["customers_end", "gross_margin"], focus = "customers_end";' in script
    styles = [html.proto.body for html in app.get("html") if "outline" in html.proto.body]
    assert [style.count("outline: 2px solid") for style in styles] == [2]
    assert ".st-key-customers_end" in styles[0] and ".st-key-gross_margin" in styles[0]


def test_focus_moves_only_after_calculate_and_start_from_blank(app):
    assert 'const names = [], focus = null;' in marking_script(app)
    app.number_input(key="customers_end").set_value(5000)
    submit(app)
    assert 'focus = "customers_end";' in marking_script(app)
    [blank] = [button for button in app.button if button.label == "Start from blank"]
    blank.click().run()
    assert 'const names = [], focus = "customers_start";' in marking_script(app)
    app.run()
    assert 'const names = [], focus = null;' in marking_script(app)


def test_fractional_customers_are_refused_with_a_message(app):
    app.number_input(key="customers_start").set_value(500.5)
    submit(app)
    assert not app.exception
    assert plain(app.error[0].value) == (
        "Customers at the start must be a whole number: you typed 500.5. Customers, orders, units and answers come "
        "in whole numbers: enter 500 or 501.")
    assert metric(app, "Retention").value == "–"


def test_a_margin_typed_as_a_share_is_questioned_and_used_as_typed_until_answered(app):
    app.number_input(key="gross_margin").set_value(0.4)
    submit(app)
    assert not app.exception
    questions = [plain(warning.value) for warning in app.warning]
    assert questions == [("Did you mean 40%? Gross margin (%) takes percentages, so the 0.4 you typed means "
                          "0.4%. Until you change it, the figures use 0.4%.")]
    # 0.004 * (71,500 / 900) * 1.01 / (1.01 - 0.875) = 2.38
    assert metric(app, "Customer lifetime value").value == "$2.38"
    [use] = [button for button in app.button if button.label == "Use 40%"]
    use.click().run()
    assert app.number_input(key="gross_margin").value == 40
    assert not app.warning
    # 0.4 * (71,500 / 900) * 1.01 / (1.01 - 0.875) = 237.74
    assert metric(app, "Customer lifetime value").value == "$237.74"


def test_a_shared_link_with_a_margin_as_a_share_opens_its_topic_on_the_question():
    app = app_test()
    app.query_params.update({**SHARED, "gross_margin": "0.4"})
    app.run()
    [economics] = [expander for expander in app.expander if expander.label == "Economics"]
    assert economics.proto.expanded
    assert plain(economics.warning[0].value).startswith("Did you mean 40%?")


def test_the_business_type_is_asked_once_and_judges_every_verdict(app):
    asked = [box for box in app.selectbox if box.label == "Your business type"]
    assert [box.key for box in asked] == ["industry"]
    assert [box.key for box in app.sidebar.selectbox][-1] == "industry"
    app.selectbox(key="industry").set_value("online_shop").run()
    assert not app.exception
    captions = plain(" ".join(caption.value for caption in app.caption))
    # Retail's 63% a year is 0.63 ** (1/12) = 96.2% a month: one period in the sentence
    assert "Published figure for Retail: 63.0% a year, that is 96.2% a month; yours: 87.5% a month." in captions
    assert "Recurly" not in captions and "No published figure for Online shop (e-commerce)." in captions
    texts = [plain(markdown.value) for markdown in app.markdown]
    [count] = [text for text in texts if text.startswith("Figures compared for Online shop (e-commerce): ")]
    drawn = app.get("vega_lite_chart")[4:]  # after the four explanatory charts
    assert count.startswith(f"Figures compared for Online shop (e-commerce): {len(drawn)}; 2 beat")
    assert len(drawn) == 6


def test_a_shared_link_in_japanese_lists_its_numbers_the_japanese_way():
    """Seven numbers: the first six named, joined with "、" (it was ", "), then how many more."""
    app = app_test()
    app.query_params.update({**SHARED, "reactivated_customers": "5", "lang": "ja"})
    app.run()
    assert not app.exception
    [shared] = [plain(info.value) for info in app.info if "ほか" in info.value]
    numbers = shared[shared.index("：") + 1:shared.rindex("（")]  # noqa: RUF001 - the Japanese colon and bracket
    assert numbers.endswith("、ほか1件") and numbers.count("、") == 6 and ", " not in numbers

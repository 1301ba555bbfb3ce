"""The "Your data" page through AppTest: sample data, uploads, corrected columns, bad files, sending a period."""

import json

import pandas as pd
import pytest

from retention.orders.period_table import period_table
from tests.apptest import app_test, metric, open_page, open_tab, plain
from ui.orders import SAMPLE_ORDERS, sample_orders, shipped_file


def chart_titles(app) -> list[str]:
    titles = []
    for chart in app.get("vega_lite_chart"):
        title = json.loads(chart.proto.spec).get("title", {}).get("text", [])
        titles.append(" ".join(title) if isinstance(title, list) else title)
    return titles


@pytest.fixture
def page():
    return app_test("your_data").run()


def mapping_box(app, target):
    """The dropdown that says which file column holds ``target``."""
    return next(box for box in app.selectbox if (box.key or "").startswith("map_") and box.key.endswith(f"_{target}"))


def tab(app, label):
    """Open a tab of the order log's figures (only the open one is drawn)."""
    return open_tab(app, "orders_tab", label)


def click(app, label):
    [button] = [button for button in app.button if button.label == label]
    return button.click().run()


ORDERS = (
    "Kunde;Datum;Summe;Bestellung\n"
    "ann;31/01/2024;12,50;1\n"
    "bob;15/01/2024;1.234,00;2\n"
    "ann;02/02/2024;7,50;3\n"
    "cy;20/02/2024;€ 30,00;4\n"
).encode()


def test_opens_empty_with_the_privacy_note(page):
    assert not page.exception
    assert "never written to disk" in page.info[0].value
    assert "Nothing to show yet" in page.caption[-1].value


def test_sample_data_gives_every_period_cohorts_and_habits(page):
    click(page, "Try it with sample data")
    assert not page.exception
    assert plain(page.header[0].value) == "Figures for sample data (a made-up online shop)"
    assert plain(page.caption[0].value) == "22,000 orders from 4,000 customers, 10/1/2023 to 9/30/2026."
    # the buying cycle: 80% of the sample's 16,455 gaps are at most 54 days, so a customer is kept for 2 months
    assert plain(page.caption[1].value) == ("A customer counts as kept for 2 months after a purchase: 80% of repeat "
                                            "purchases come within 54 days.")
    assert page.number_input(key="data_window").value is None
    assert [t.label for t in page.tabs] == ["Every period", "One period in detail", "Cohorts", "Buying habits"]
    assert [len(t.children) > 0 for t in page.tabs] == [True, False, False, False]  # only the open tab is drawn
    assert "Retention averaged 74.5% a month; the latest, 2026-09, was 75.2%" in chart_titles(page)
    titles = chart_titles(tab(page, "Buying habits"))
    assert "The top 20.0% of customers bring 71.7% of revenue" in titles
    assert any(title.startswith("Half of repeat purchases come within 19 days") for title in titles)
    assert "Retention averaged 74.5% a month; the latest, 2026-09, was 75.2%" not in titles
    assert any(title.startswith("After 3 months, 24.6% of a cohort still buys") for title in
               chart_titles(tab(page, "Cohorts")))
    # the latest period in detail: the calculator's cards, with the calculator's margin for lifetime value
    assert metric(tab(page, "One period in detail"), "Customer retention rate").value == "75.2%"  # (890-132-124)/843


def window_sentence(app) -> str:
    return next(plain(caption.value) for caption in app.caption if "counts as kept" in caption.value)


def test_the_active_window_can_be_chosen_and_a_window_out_of_range_gets_a_message(page):
    click(page, "Try it with sample data")
    window = page.number_input(key="data_window")
    assert window.proto.placeholder == "2 (your buying cycle)"
    window.set_value(1).run()
    assert not page.exception
    assert window_sentence(page) == ("A customer counts as kept for 1 month after a purchase, as you chose. Clear the "
                                     "box to follow your buying cycle (2 months).")
    assert "Retention averaged 43.0% a month; the latest, 2026-09, was 44.8%" in chart_titles(page)
    for outside in (0, 13):
        page.number_input(key="data_window").set_value(outside).run()
        assert not page.exception
        assert [plain(error.value) for error in page.error] == [
            "Choose between 1 and 12 periods. Until then the figures follow your buying cycle (2 months)."]
        assert "Retention averaged 74.5% a month; the latest, 2026-09, was 75.2%" in chart_titles(page)
    page.number_input(key="data_window").set_value(None).run()
    assert not page.error
    assert window_sentence(page).startswith("A customer counts as kept for 2 months after a purchase")


def test_weekly_quarterly_and_yearly_periods_follow_the_buying_cycle(page):
    click(page, "Try it with sample data")
    for freq, kept in (("W", "8 weeks"), ("Q", "1 quarter"), ("Y", "1 year")):  # 54 days: ceil(54 / 7) = 8 weeks
        page.selectbox(key="data_freq").set_value(freq).run()
        assert not page.exception
        assert window_sentence(page) == (f"A customer counts as kept for {kept} after a purchase: 80% of repeat "
                                         "purchases come within 54 days.")


def test_a_log_with_few_repeat_purchases_keeps_customers_for_one_period(page):
    page.file_uploader(key="upload_transactions").upload("orders.csv", ORDERS, "text/csv").run()
    assert window_sentence(page) == ("Too few repeat purchases to read your buying cycle (1 of the 30 it takes), so a "
                                     "customer counts as kept for 1 month after a purchase.")


def test_an_upload_with_other_headers_is_read_and_its_assumptions_shown(page):
    page.file_uploader(key="upload_transactions").upload("orders.csv", ORDERS, "text/csv").run()
    assert not page.exception
    notes = plain(" ".join(markdown.value for markdown in page.markdown))
    assert "day" in notes.lower()
    summary = [plain(caption.value) for caption in page.caption if "orders from" in caption.value]
    assert summary == ["4 orders from 3 customers, 1/15/2024 to 2/20/2024."]
    assert mapping_box(page, "customer_id").value == "Kunde"
    assert mapping_box(page, "order_id").value == "Bestellung"


def test_a_column_the_guess_got_wrong_can_be_chosen_by_hand(page):
    data = b"ref,who,when,paid\nA-1,ann,2024-01-05,10\nA-2,bob,2024-02-07,20\nA-3,ann,2024-03-01,5\n"
    page.file_uploader(key="upload_transactions").upload("odd.csv", data, "text/csv").run()
    assert not page.exception

    def summary():
        return [plain(caption.value) for caption in page.caption if "orders from" in caption.value]

    assert summary() == ["3 orders from 3 customers, 1/5/2024 to 3/1/2024."], "the guess: the first words"
    for target, column in (("customer_id", "who"), ("date", "when"), ("amount", "paid")):
        mapping_box(page, target).set_value(column).run()
    assert not page.exception
    assert summary() == ["3 orders from 2 customers, 1/5/2024 to 3/1/2024."]


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("empty.csv", b"", "empty"),
        ("header.csv", b"customer_id,date,amount\n", "no rows"),
        ("picture-renamed.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "neither a table of text"),
    ],
)
def test_a_bad_file_gets_a_message_and_the_page_keeps_working(page, name, data, expected):
    page.file_uploader(key="upload_transactions").upload(name, data, "text/csv").run()
    assert not page.exception
    messages = " ".join(plain(error.value) for error in page.error).lower()
    assert expected in messages
    click(page, "Try it with sample data")
    assert not page.exception


def test_a_period_table_gets_every_figure(page):
    page.radio(key="data_kind").set_value("periods").run()
    table = (
        b"period,customers_start,customers_end,new_customers,revenue,orders,buyers\n"
        b"2024-01,100,110,20,5000,120,90\n"
        b"2024-02,110,105,10,5200,125,95\n"
    )
    page.file_uploader(key="upload_periods").upload("periods.csv", table, "text/csv").run()
    assert not page.exception
    assert not page.metric  # the table of every period is open
    open_tab(page, "periods_tab", "One period in detail")
    assert metric(page, "Customer retention rate").value == "86.4%"  # February: (105 - 10) / 110


def test_sending_a_period_to_the_calculator(page):
    """The period replaces the whole form: the worked example's margin, acquisition cost and NPS answers go."""
    assert page.session_state["gross_margin"] == 45  # the worked example the session opened with
    click(page, "Try it with sample data")
    tab(page, "One period in detail")
    page.selectbox(key="data_period").set_value("2024-03").run()
    [fold] = [expander for expander in page.expander if expander.label.startswith("Add these numbers")]
    assert "**Customer lifetime value**: Needs: gross margin." in plain(fold.markdown[0].value)
    assert page.number_input(key="data_gross_margin").value is None  # asked here, not taken from the example
    click(page, "Send this period's numbers to the calculator")
    assert not page.exception
    assert page.title[0].value == "Customer retention calculator"
    assert metric(page, "Customer retention rate").value == "74.5%"  # (262 - 68 - 16) / 239
    assert page.number_input(key="customers_start").value == 239
    for field in ("gross_margin", "acquisition_cost", "discount_rate", "promoters"):
        assert page.number_input(key=field).value is None
    assert metric(page, "Lifetime value").value == "–"  # the headline; the card waits in the fold
    assert "Needs: gross margin." in plain(" ".join(caption.value for caption in page.caption))
    assert ("These are the numbers of **2024-03** from **sample data (a made-up online shop)**, sent from “Your data”. "
            "Fields that period does not have are empty; margin, acquisition cost and discount rate are the ones "
            "you gave.") in [plain(markdown.value) for markdown in page.markdown]
    assert [link.label for link in page.get("page_link") if "Back" in link.label] == ["Back to Your data"]
    assert not [info for info in page.info if "worked example" in info.value]


def test_the_days_between_purchases_of_a_period_are_measured_not_estimated(page):
    click(page, "Try it with sample data")
    tab(page, "One period in detail")
    page.selectbox(key="data_period").set_value("2024-03").run()
    table = period_table(sample_orders().frame, "M")
    exact = table.loc[pd.Period("2024-03", "M"), "average_days_between_purchases"]
    assert metric(page, "Days between purchases").value == f"{exact:.1f} days"
    assert not [card for card in page.metric if card.label == "Days between purchases (estimate)"]


def test_a_margin_typed_on_your_data_is_the_calculators_and_the_forecasts(page):
    click(page, "Try it with sample data")
    tab(page, "One period in detail")
    page.selectbox(key="data_period").set_value("2024-03").run()
    page.number_input(key="data_gross_margin").set_value(40).run()
    page.number_input(key="data_acquisition_cost").set_value(25).run()
    assert not page.exception
    assert page.session_state["gross_margin"] == 40 and page.session_state["acquisition_cost"] == 25
    assert metric(page, "Customer lifetime value").value != "–"
    lifetime = metric(page, "Customer lifetime value").value
    caption = " ".join(caption.value for caption in page.caption)
    assert "Assumed, since not given: no discounting (0% a period)." in plain(caption)
    click(page, "Send this period's numbers to the calculator")
    assert page.number_input(key="gross_margin").value == 40
    assert page.number_input(key="acquisition_cost").value == 25
    assert metric(page, "Customer lifetime value").value == lifetime
    open_page(page, "forecast").run()
    assert page.number_input(key="forecast_margin").value == 40


def test_a_tiny_log_gets_a_plain_warning_beside_its_figures(page):
    page.file_uploader(key="upload_transactions").upload("orders.csv", ORDERS, "text/csv").run()
    warnings = [plain(warning.value) for warning in page.warning]  # the page's and the open tab's, every period
    assert ("These figures come from 3 customers. With fewer than 100, the rates swing by chance from one period to "
            "the next: read them as a first impression, not a measurement.") in warnings
    assert ("Your orders cover fewer than 3 periods, so there is no trend to see yet, and the first period has no "
            "customers at its start to keep.") in warnings
    # February starts with Ann and Bob: each customer kept or lost moves retention by 50 points
    assert ("Some periods start with fewer than 30 customers (2024-02): their retention and churn swing by chance, "
            "so compare them with care.") in warnings
    warnings = [plain(warning.value) for warning in tab(page, "One period in detail").warning]
    assert ("This period starts with only 2 customers, so each customer kept or lost moves retention by 50.0 "
            "points: read its rates as rough.") in warnings


def test_the_sample_has_no_small_sample_warning(page):
    click(page, "Try it with sample data")
    assert not [warning for warning in page.warning if "swing by chance" in warning.value]


def test_a_log_ending_mid_month_opens_on_the_last_full_month_and_flags_the_partial_one(page):
    data = (
        b"customer_id,date,amount\n"
        b"ann,2024-01-01,10\nbob,2024-01-20,20\n"
        b"ann,2024-02-03,15\nbob,2024-02-27,25\n"
        b"ann,2024-03-05,30\n"
    )
    page.file_uploader(key="upload_transactions").upload("orders.csv", data, "text/csv").run()
    assert not page.exception
    notes = [plain(caption.value) for caption in page.caption if "partway" in caption.value]
    note = ("Your orders end on 3/5/2024, partway through the month 2024-03: that month counts only the orders up "
            "to that day, so it shows fewer buyers and less revenue than a full month.")
    assert notes == [f"{note} The charts leave it out; the table below keeps it."]
    assert "the latest, 2024-02, was 100.0%" in " ".join(chart_titles(page))
    tab(page, "One period in detail")
    box = page.selectbox(key="data_period")
    assert box.value == "2024-02"
    assert box.options == ["2024-01", "2024-02", "2024-03 (partly covered)"]
    assert not [warning for warning in page.warning if "partway" in warning.value]
    assert metric(page, "Customer retention rate").value == "100.0%"  # February: Ann and Bob both came back
    box.set_value("2024-03").run()
    assert [plain(warning.value) for warning in page.warning if "partway" in warning.value] == [note]
    assert metric(page, "Customer retention rate").value == "50.0%"


def test_when_every_period_is_partly_covered_the_charts_keep_them_all(page):
    page.file_uploader(key="upload_transactions").upload("orders.csv", ORDERS, "text/csv").run()  # 15 Jan to 20 Feb
    notes = [plain(caption.value) for caption in page.caption if "partway" in caption.value]
    assert [note.split(":")[0] for note in notes] == [
        "Your orders start on 1/15/2024, partway through the month 2024-01",
        "Your orders end on 2/20/2024, partway through the month 2024-02",
    ]
    assert not any("leave it out" in note for note in notes)
    assert "the latest, 2024-02, was" in " ".join(chart_titles(page))
    tab(page, "One period in detail")
    assert page.selectbox(key="data_period").value == "2024-02"


def test_compare_groups_by_channel_on_the_sample(page):
    click(page, "Try it with sample data")
    box = page.selectbox(key="data_group_by")
    assert box.value == "" and box.options == ["none", "Channel"]
    box.select("Channel").run()
    assert not page.exception
    assert "Groups by “Channel”" in [plain(header.value) for header in page.header]
    assert ("Newsletter keeps customers best (76.8% a month); Newsletter and Marketplace differ from the rest "
            "by more than chance") in chart_titles(page)
    sentences = [plain(block.value) for block in page.markdown]
    assert ("Marketplace: 70.2% a month against 75.2% for the rest of the shop; a difference this large would "
            "happen by chance less than 1 time in 1,000.") in sentences
    assert "Within chance of the rest: Web shop." in sentences
    method = next(text for text in map(plain, (c.value for c in page.caption)) if "customer-periods" in text)
    assert "the shop's window for all groups (2 months)" in method and "only below 0.0167" in method
    page.number_input(key="data_window").set_value(4).run()
    method = next(text for text in map(plain, (c.value for c in page.caption)) if "customer-periods" in text)
    assert "the shop's window for all groups (4 months)" in method


EURO_ORDERS = "Kunde;Datum;Betrag\n" + "".join(
    f"{customer};{day:02d}.{month:02d}.2024;{10 * month + day},50 €\n"
    for month in range(1, 5) for day, customer in enumerate(("ann", "bob", "cy", "dee"), start=1)
)


def money_cards(app) -> list[str]:
    return [card.value for card in app.metric if card.label == "Average order value"]


def test_a_euro_file_makes_euros_the_currency_until_the_user_chooses_another(page):
    page.file_uploader(key="upload_transactions").upload("euro.csv", EURO_ORDERS.encode("cp1252"), "text/csv").run()
    assert not page.exception
    assert page.selectbox(key="currency").value == "EUR"
    sentences = [plain(info.value) for info in page.info if "as the file says" in info.value]
    assert sentences == ["Amounts are in euros (EUR), as the file says; you can change the currency in the sidebar."]
    tab(page, "One period in detail")
    assert money_cards(page) == ["€33.00"]  # March (April is partly covered): (31.5 + 32.5 + 33.5 + 34.5) / 4
    page.selectbox(key="currency").set_value("GBP").run()
    page.run()
    assert page.selectbox(key="currency").value == "GBP" and money_cards(page) == ["£33.00"]
    page.selectbox(key="currency").set_value("EUR").run()
    click(page, "Send this period's numbers to the calculator")
    assert page.title[0].value == "Customer retention calculator"
    assert metric(page, "Average order value").value == "€33.00"


def in_euros(line: str) -> str:
    """A line of the sample orders with the amount (the fourth cell) written with a euro sign."""
    cells = line.split(",")
    return ",".join([*cells[:3], f"€{cells[3]}", *cells[4:]])


def test_the_forecast_of_a_euro_file_is_in_euros(page):
    header, *lines = shipped_file("sample_orders.csv").read_text().splitlines()
    euros = "\n".join([header, *map(in_euros, lines)]) + "\n"
    page.file_uploader(key="upload_transactions").upload("euro.csv", euros.encode(), "text/csv").run()
    assert page.selectbox(key="currency").value == "EUR"
    open_page(page, "forecast").run()
    assert not page.exception
    page.number_input(key="forecast_margin").set_value(30)
    [run] = [button for button in page.button if button.label == "Run the forecast"]
    run.click().run()
    assert metric(page, "Predicted value").value.startswith("€")


US_WEEK = (
    b"Customer,Date,Total\n"
    b"ann,03/04/2024,10.00\n"
    b"bob,03/05/2024,20.00\n"
    b"ann,03/08/2024,5.00\n"
    b"cy,03/09/2024,7.50\n"
)


def day_month_control(app):
    return next((radio for radio in app.radio if (radio.key or "").startswith("day_month_")), None)


def summary(app) -> list[str]:
    return [plain(caption.value) for caption in app.caption if "orders from" in caption.value]


def reading_notes(app) -> str:
    return plain(" ".join(markdown.value for markdown in app.markdown))


def test_dates_that_leave_the_day_order_open_get_a_control_beside_the_note(page):
    page.file_uploader(key="upload_transactions").upload("us-week.csv", US_WEEK, "text/csv").run()
    assert not page.exception
    control = day_month_control(page)
    assert control.label == "Dates like 03/04/2024 are read as"
    assert control.options == ["3 April (day first)", "March 4 (month first)"] and control.value == "day"
    assert ("Dates in column “Date” such as “03/04/2024” could have the day or the month first; we read them with "
            "the day first.") in reading_notes(page)
    assert summary(page) == ["4 orders from 3 customers, 4/3/2024 to 9/3/2024."]
    tab(page, "One period in detail")
    assert len(page.selectbox(key="data_period").options) == 6  # 2024-04 to 2024-09
    day_month_control(page).set_value("month").run()
    assert not page.exception
    assert day_month_control(page).value == "month"
    assert "Dates in column “Date” are read with the month first, as you chose." in reading_notes(page)
    assert summary(page) == ["4 orders from 3 customers, 3/4/2024 to 3/9/2024."]
    assert page.selectbox(key="data_period").options == ["2024-03 (partly covered)"]
    assert plain(page.header[0].value) == "Figures for us-week.csv"
    day_month_control(page).set_value("day").run()
    assert summary(page) == ["4 orders from 3 customers, 4/3/2024 to 9/3/2024."]


def test_dates_that_show_the_day_order_get_no_control(page):
    page.file_uploader(key="upload_transactions").upload("orders.csv", ORDERS, "text/csv").run()
    assert not page.exception
    assert "Dates in column “Datum” have the day first, as in “31/01/2024”." in reading_notes(page)
    assert day_month_control(page) is None


STRIPE_PAYMENTS = (
    b"id,Customer Email,Created (UTC),Amount,Captured,Status\n"
    b"ch_1,ann@shop.com,2025-01-02,10.00,true,Paid\n"
    b"ch_2,bob@shop.com,2025-01-03,12.00,false,Failed\n"
    b"ch_3,ann@shop.com,2025-02-02,9.00,true,Paid\n"
    b"ch_4,cy@shop.com,2025-02-05,5.00,false,Pending\n"
)


def test_payments_that_are_not_sales_are_left_out_and_can_be_counted_with_one_click(page):
    page.file_uploader(key="upload_transactions").upload("payments.csv", STRIPE_PAYMENTS, "text/csv").run()
    assert not page.exception
    left_out = [plain(warning.value) for warning in page.warning if "not sales" in warning.value]
    assert left_out == [("2 rows are not sales (rows 3 and 5): column “Captured” says “false” (2). They were left "
                        "out; count them as sales below if they are.")]
    [counted] = summary(page)
    assert counted.startswith("2 orders from 1 customer") and counted.endswith("1/2/2025 to 2/2/2025.")
    [box] = [box for box in page.checkbox if (box.key or "").startswith("non_sales_")]
    box.check().run()
    assert not page.exception
    assert summary(page) == ["4 orders from 3 customers, 1/2/2025 to 2/5/2025."]
    assert "“Captured” says “false” (2) are counted as sales, as you chose." in reading_notes(page)


def test_the_cohort_tab_opens_the_subscription_model_on_these_orders(page):
    click(page, "Try it with sample data")
    tab(page, "Cohorts")
    click(page, "A subscription? Project how long customers stay (opens the Forecast page on its subscription view)")
    assert not page.exception
    assert page.title[0].value.startswith("Forecast")
    # The page opens on its subscription view: the control says so, and the order forecast is not drawn under it.
    assert page.segmented_control(key="forecast_view").value == "subscriptions"
    assert "forecast_open" not in page.session_state
    assert not [button for button in page.button if button.label == "Run the forecast"]
    assert page.radio(key="subscription_start").value == "orders"
    assert page.selectbox(key="subscription_period").value == "month"  # the cohort tab's period
    assert any("α = 1.197, β = 3.046" in plain(markdown.value) for markdown in page.markdown)
    # Back on the orders' view, the order forecast of the same data is there again.
    open_page(page, "forecast").run()
    page.segmented_control(key="forecast_view").set_value("orders").run()
    assert [button for button in page.button if button.label == "Run the forecast"]




def marking_script(app) -> str:
    """The body of the one script that marks the boxes in error (ui/errors.py)."""
    [script] = [html.proto.body for html in app.get("html") if "const names" in html.proto.body]
    return script


def test_an_impossible_margin_is_shown_under_its_box_marked_and_focused(page):
    click(page, "Try it with sample data")
    tab(page, "One period in detail")
    page.selectbox(key="data_period").set_value("2024-03").run()
    assert 'const names = [], focus = null;' in marking_script(page)
    page.number_input(key="data_gross_margin").set_value(140).run()
    assert not page.exception
    assert [plain(error.value) for error in page.error] == ["Gross margin (%) must lie between 0% and 100%."]
    assert 'const names = ["data_gross_margin"], focus = "data_gross_margin";' in marking_script(page)
    styles = [html.proto.body for html in page.get("html") if "outline: 2px solid" in html.proto.body]
    assert len(styles) == 1 and ".st-key-data_gross_margin" in styles[0]
    page.number_input(key="data_acquisition_cost").set_value(-5).run()
    assert [plain(error.value) for error in page.error] == ["Gross margin (%) must lie between 0% and 100%.",
                                                          "Cost to win a new customer cannot be negative."]
    assert ('const names = ["data_gross_margin", "data_acquisition_cost"], focus = "data_gross_margin";'
            in marking_script(page))
    page.selectbox(key="data_period").set_value("2024-04").run()  # not typed into: the marks stay, no focus
    assert 'const names = ["data_gross_margin", "data_acquisition_cost"], focus = null;' in marking_script(page)
    page.number_input(key="data_gross_margin").set_value(40).run()
    page.number_input(key="data_acquisition_cost").set_value(25).run()
    assert not page.error
    assert 'const names = [], focus = null;' in marking_script(page)
    assert page.session_state["gross_margin"] == 40 and page.session_state["acquisition_cost"] == 25


def test_a_margin_typed_as_a_share_asks_did_you_mean_40_percent(page):
    click(page, "Try it with sample data")
    tab(page, "One period in detail")
    page.selectbox(key="data_period").set_value("2024-03").run()
    page.number_input(key="data_gross_margin").set_value(0.4).run()
    assert not page.error
    assert [plain(warning.value) for warning in page.warning if "Did you mean" in warning.value] == [
        ("Did you mean 40%? Gross margin (%) takes percentages, so the 0.4 you typed means 0.4%. Until you change "
         "it, the figures use 0.4%.")]
    click(page, "Use 40%")
    assert page.number_input(key="data_gross_margin").value == 40
    assert page.session_state["gross_margin"] == 40
    assert not [warning for warning in page.warning if "Did you mean" in warning.value]


def test_the_calculator_opened_by_send_scrolls_to_its_top_once(page):
    click(page, "Try it with sample data")
    tab(page, "One period in detail")
    click(page, "Send this period's numbers to the calculator")
    assert page.title[0].value == "Customer retention calculator"
    assert len([html for html in page.get("html") if "main.scrollTo(0, 0)" in html.proto.body]) == 1
    page.run()
    assert not [html for html in page.get("html") if "main.scrollTo(0, 0)" in html.proto.body]


def test_the_samples_figures_are_made_once_for_every_session_and_an_upload_gets_its_own(monkeypatch):
    """The sample is nobody's data: the first session's period table serves every later one (issue 15 point 8);
    an upload of the same orders is someone's own, made for that session, and read once, not on every rerun."""
    import pages.your_data as your_data

    made = []
    monkeypatch.setattr(your_data, "period_table", lambda frame, *settings: made.append(settings) or period_table(
        frame, *settings))
    chosen = ("Q", None, 7, 7)  # settings no other test uses: the store is shared by the whole test process
    for _ in range(2):  # two visitors
        app = click(app_test("your_data").run(), "Try it with sample data")
        app.selectbox(key="data_freq").set_value("Q").run()
        app.number_input(key="data_loyal").set_value(7).run()
        assert not app.exception and made.count(chosen) == 1
    app = app_test("your_data").run()
    app.file_uploader(key="upload_transactions").upload("orders.csv", SAMPLE_ORDERS.read_bytes(), "text/csv").run()
    app.selectbox(key="data_freq").set_value("Q").run()
    app.number_input(key="data_loyal").set_value(7).run()
    assert not app.exception and made.count(chosen) == 2
    read = []
    monkeypatch.setattr(your_data, "load_transactions", lambda *args, **kwargs: read.append(args) or None)
    app.number_input(key="data_loyal").set_value(7).run()  # a rerun with the same settings reads and makes nothing
    assert not app.exception and not read and made.count(chosen) == 2


def test_the_preview_shows_the_files_empty_cells_empty():
    """A Shopify export writes the order's fields on its first row only: the later rows' cells are empty, and the
    preview shows them so (it showed "None")."""
    from tests.data.exports import layouts

    app = app_test("your_data").run()
    app.file_uploader(key="upload_transactions").upload("orders_export_1.csv", layouts.shopify_orders(),
                                                        "text/csv").run()
    assert not app.exception
    preview = app.dataframe[0].value
    assert preview["Name"].tolist()[:2] == ["#1001", "#1001"]
    assert preview.loc[1, "Email"] == "" and preview.loc[0, "Email"] == "ann@shop.example"
    assert not preview.isna().any().any()

"""Uploading an order log in a real browser and seeing its figures, cohorts and habits."""

from playwright.sync_api import expect

from tests.browser.conftest import ROOT, SCREENSHOTS
from tests.browser.streamlit_page import expect_no_traceback, metric, save_full_page

SAMPLE = ROOT / "retention" / "data" / "sample_orders.csv"


def open_your_data(page, app_url):
    page.goto(f"{app_url}/your_data")
    expect(page.get_by_role("heading", name="Your data")).to_be_visible()


def test_upload_the_sample_file_and_see_the_cohort_heatmap(page, app_url):
    open_your_data(page, app_url)
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(SAMPLE))
    expect(page.get_by_text("Figures for sample_orders.csv")).to_be_visible()
    expect(page.get_by_text("22,000 orders from 4,000 customers")).to_be_visible()
    expect(page.get_by_text("Check how we read your file")).to_be_visible()
    expect(page.get_by_text("refund lines", exact=False).first).to_be_visible()
    page.get_by_role("tab", name="Cohorts").click()
    heatmap = page.get_by_role("tabpanel", name="Cohorts").locator('[data-testid="stVegaLiteChart"]').first
    expect(heatmap).to_be_visible()
    expect(heatmap.locator("canvas, svg").first).to_be_visible()
    expect_no_traceback(page)
    save_full_page(page, SCREENSHOTS / "your-data-cohorts.png")


def test_sample_data_one_period_and_send_it_to_the_calculator(page, app_url):
    open_your_data(page, app_url)
    page.get_by_role("button", name="Try it with sample data").click()
    expect(page.get_by_text("Figures for sample data")).to_be_visible()
    expect(page.get_by_text("A customer counts as kept for 2 months after a purchase: 80% of repeat purchases "
                            "come within 54 days.")).to_be_visible()
    page.get_by_role("tab", name="One period in detail").click()
    expect(metric(page, "Customer retention rate")).to_have_text("75.2%")
    save_full_page(page, SCREENSHOTS / "your-data.png")
    # no margin typed (the example's is not yours): lifetime value waits in the fold of figures still missing numbers
    expect(page.get_by_text("Add these numbers to see")).to_be_visible()
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.get_by_role("button", name="Send this period's numbers to the calculator").click()
    expect(page.get_by_role("heading", name="Customer retention calculator")).to_be_visible()
    expect(page.get_by_text("These are the numbers of 2026-09 from sample data")).to_be_in_viewport()
    expect(page.get_by_role("link", name="Back to Your data")).to_be_visible()
    expect(metric(page, "Customer retention rate")).to_have_text("75.2%")
    expect(metric(page, "Lifetime value")).to_have_text("–")
    expect_no_traceback(page)
    save_full_page(page, SCREENSHOTS / "calculator-sent-period.png")


def test_a_tiny_upload_warns_that_its_rates_swing_by_chance(page, app_url, tmp_path):
    tiny = tmp_path / "tiny.csv"
    tiny.write_text("customer,date,amount\nann,2024-01-15,12.5\nbob,2024-01-20,20\nann,2024-02-02,7.5\n"
                    "cy,2024-02-20,30\n")
    open_your_data(page, app_url)
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(tiny))
    expect(page.get_by_text("These figures come from 3 customers. With fewer than 100")).to_be_visible()
    expect(page.get_by_text("Your orders cover fewer than 3 periods")).to_be_visible()
    expect_no_traceback(page)
    save_full_page(page, SCREENSHOTS / "your-data-small-sample.png")


def test_a_broken_file_gets_a_message_and_the_page_keeps_working(page, app_url, tmp_path):
    broken = tmp_path / "broken.csv"
    broken.write_bytes(b"\x00\x01\x02 not a table \xff\xfe" * 50)
    open_your_data(page, app_url)
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(broken))
    expect(page.locator('[data-testid="stAlertContentError"]').first).to_be_visible()
    page.get_by_role("button", name="Try it with sample data").click()
    expect(page.get_by_text("Figures for", exact=False)).to_have_count(0)
    expect_no_traceback(page)


def compare_by_channel(page, app_url):
    open_your_data(page, app_url)
    page.get_by_role("button", name="Try it with sample data").click()
    expect(page.get_by_text("Figures for sample data")).to_be_visible()
    page.get_by_role("combobox", name="Compare groups by").click()
    page.keyboard.type("Channel")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Groups by “Channel”")).to_be_visible()
    expect(page.get_by_text("Newsletter: 76.8% a month against 71.8% for the rest of the shop; a difference this "
                            "large would happen by chance less than 1 time in 1,000.")).to_be_visible()
    ranking = page.locator('[data-testid="stVegaLiteChart"]').filter(has_text="keeps customers best").first
    expect(ranking.locator("canvas, svg").first).to_be_visible()
    expect_no_traceback(page)


def test_compare_groups_by_channel(page, app_url):
    compare_by_channel(page, app_url)
    save_full_page(page, SCREENSHOTS / "your-data-groups.png")


def test_compare_groups_on_a_phone(browser, app_url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        compare_by_channel(page, app_url)
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"the page is {overflow} px wider than a phone screen"
        save_full_page(page, SCREENSHOTS / "your-data-groups-phone.png")
    finally:
        context.close()


def test_a_euro_file_shows_euros_on_the_page_and_in_the_calculator(page, app_url, tmp_path):
    orders = tmp_path / "euro.csv"
    orders.write_bytes(("Kunde;Datum;Betrag\n" + "".join(
        f"{customer};{day:02d}.{month:02d}.2024;{10 * month + day},50 €\n"
        for month in range(1, 5) for day, customer in enumerate(("ann", "bob", "cy", "dee"), start=1)
    )).encode("cp1252"))
    open_your_data(page, app_url)
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(orders))
    expect(page.get_by_text("Amounts are in euros (EUR), as the file says; you can change the currency in the "
                            "sidebar.")).to_be_visible()
    page.get_by_role("tab", name="One period in detail").click()
    expect(metric(page, "Average order value")).to_have_text("€33.00")  # March: (31.5 + 32.5 + 33.5 + 34.5) / 4
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.get_by_role("button", name="Send this period's numbers to the calculator").click()
    expect(page.get_by_role("heading", name="Customer retention calculator")).to_be_visible()
    expect(metric(page, "Average order value")).to_have_text("€33.00")
    expect_no_traceback(page)


def reading_notes(page):
    """The "Check how we read your file" box, with the notes of the reader."""
    return page.locator("details").filter(has_text="Check how we read your file").first


def screenshot_notes(notes, name: str) -> None:
    """The box's picture once its preview of the first rows has drawn its cells (a moment after the notes)."""
    expect(notes.locator('[data-testid="stDataFrame"] table td').first).to_be_attached()
    notes.screenshot(path=str(SCREENSHOTS / name))


def test_a_shopify_export_is_recognised_and_its_notes_say_how_it_was_read(page, app_url, tmp_path):
    from tests.data.exports import layouts

    export = tmp_path / "orders_export_1.csv"
    export.write_bytes(layouts.shopify_orders())
    open_your_data(page, app_url)
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(export))
    notes = reading_notes(page)
    expect(notes.get_by_text("This looks like a Shopify orders export")).to_be_visible()
    expect(notes.get_by_text("column “Financial Status” says “voided” (3)", exact=False)).to_be_visible()
    expect(page.get_by_text("4 orders from 2 customers")).to_be_visible()
    expect_no_traceback(page)
    screenshot_notes(notes, "your-data-notes-shopify.png")


def test_a_japanese_shift_jis_file_reads_its_yen_and_dates(page, app_url, tmp_path):
    rows = [("山田太郎", "2025年1月15日", "8,620円"), ("鈴木花子", "2025年1月20日", "12,000円"),
            ("山田太郎", "2025年2月3日", "5,400円"), ("佐藤次郎", "2025年2月14日", "3,980円")]
    export = tmp_path / "売上.csv"
    lines = [",".join(f'"{cell}"' for cell in row) for row in [("顧客", "注文日", "金額"), *rows]]
    export.write_bytes("\r\n".join(lines).encode("cp932"))
    open_your_data(page, app_url)
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(export))
    notes = reading_notes(page)
    expect(notes.get_by_text("Shift_JIS", exact=False).first).to_be_visible()
    expect(page.get_by_text("4 orders from 3 customers, 1/15/2025 to 2/14/2025.")).to_be_visible()
    expect(page.get_by_text("Amounts are in Japanese yen (JPY), as the file says")).to_be_visible()
    expect_no_traceback(page)
    screenshot_notes(notes, "your-data-notes-japanese.png")

"""No user text is ever rendered as markup: file names, column names and values appear as plain text."""

from playwright.sync_api import expect

from tests.browser.streamlit_page import expect_no_traceback

MARKUP = '<img src=x onerror="window.injected=1"><b>bold</b>'


def test_markup_in_a_file_name_column_names_and_values_shows_as_text(page, app_url, tmp_path):
    name = tmp_path / "<em>orders<em> $x$ [link](javascript:alert(1)).csv"  # a file name cannot hold "/"
    name.write_text(
        f"customer_id,date,amount,{MARKUP}\n"
        f"{MARKUP},2024-01-05,10,<script>window.injected=2</script>\n"
        "*ann*,2024-02-05,12,x\n",
        encoding="utf-8",
    )
    page.goto(f"{app_url}/your_data")
    expect(page.get_by_role("heading", name="Your data")).to_be_visible()
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(name))
    main = page.locator('[data-testid="stMain"]')
    expect(main.get_by_text("Figures for <em>orders<em> $x$ [link](javascript:alert(1)).csv")).to_be_visible()
    expect(main.get_by_text(MARKUP, exact=False).first).to_be_attached()  # as text in the table of the preview
    injected = [main.locator("em", has_text="orders"), main.locator("b", has_text="bold"),
                main.locator("img[src='x']"), main.locator("script", has_text="injected")]
    assert [element.count() for element in injected] == [0, 0, 0, 0]
    assert main.locator("a[href^='javascript']").count() == 0
    assert page.evaluate("() => window.injected === undefined")
    expect_no_traceback(page)

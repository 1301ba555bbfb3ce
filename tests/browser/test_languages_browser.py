"""Every page in every language in headless Chromium (issue 17): opened by ``lang=`` and by the browser's language
alone; the language's letters, its number format and no English sentence on the page, nothing wider than a phone.
Screenshots of every page in every language, at 1400 and 390 px, go to ``<screenshots>/<lang>/``.
"""

import re

import pytest
from playwright.sync_api import expect

from retention.formatting import format_number
from retention.words import LANGUAGES, SOURCE_LANGUAGE, in_language, language_words
from tests.browser.conftest import SCREENSHOTS
from tests.browser.streamlit_page import expect_no_traceback, save_full_page
from tests.test_app_languages import LETTERS, RETENTION, _sentences, said

TRANSLATIONS = [language for language in LANGUAGES if language != SOURCE_LANGUAGE]
#: Page path -> the words of the button that loads the sample orders there ("" for none).
PAGES = {"": (), "your_data": ("your_data", "sample"), "forecast": ("forecast_page", "data", "use_sample"),
         "what_if": (), "plan": ()}
SIZES = {"desktop": {"width": 1400, "height": 1000}, "phone": {"width": 390, "height": 844}}


def settled(page) -> None:
    """Until the script has finished running and the page has content."""
    page.wait_for_selector('[data-testid="stMain"]')
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
                           " && document.querySelectorAll('[data-testid=\"stMarkdown\"]').length > 0",
                           timeout=60_000)
    page.wait_for_timeout(300)


def open_in(page, app_url: str, path: str, language: str | None) -> None:
    """The page, by a link with ``lang`` (or without, for the browser's language), with the sample where needed."""
    page.goto(f"{app_url}/{path}" + (f"?lang={language}" if language else ""))
    settled(page)
    if PAGES[path]:
        area, *keys = PAGES[path]
        label = language_words(area, language or SOURCE_LANGUAGE)
        for key in keys:
            label = label[key]
        page.get_by_role("button", name=label, exact=True).click()
        page.wait_for_function("() => document.querySelectorAll("  # figures: cards, or the charts of every period
                               "'[data-testid=\"stMetric\"], [data-testid=\"stVegaLiteChart\"]').length > 0",
                               timeout=90_000)
        settled(page)


def page_text(page) -> str:
    return page.locator("body").inner_text()


@pytest.mark.parametrize("path", list(PAGES))
@pytest.mark.parametrize("language", TRANSLATIONS)
def test_each_page_in_each_language(browser, app_url, language, path):
    name = path or "calculator"
    for size, viewport in SIZES.items():
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        try:
            open_in(page, app_url, path, language)
            text = page_text(page)
            assert re.search(LETTERS[language], text)
            left = sorted(sentence for sentence in _sentences(language) if said(sentence, text))
            assert left == [], f"English left on the {language} {name} page"
            if not path:
                assert RETENTION[language] in text
            expect_no_traceback(page)
            overflow = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollWidth")
            assert overflow <= viewport["width"] + 1, f"the {language} {name} page is wider than the screen"
            save_full_page(page, SCREENSHOTS / language / f"{name}-{size}.png")
        finally:
            context.close()


@pytest.mark.parametrize("language", TRANSLATIONS)
def test_the_browsers_language_alone_chooses_the_apps(browser, app_url, language):
    context = browser.new_context(viewport=SIZES["desktop"], locale={"nb": "nb-NO", "el": "el-GR", "lt": "lt-LT",
                                                                       "ja": "ja-JP"}[language])
    page = context.new_page()
    try:
        open_in(page, app_url, "", None)
        text = page_text(page)
        assert re.search(LETTERS[language], text) and RETENTION[language] in text
        expect(page.locator('[data-testid="stSidebar"]')).to_contain_text(
            language_words("app", language)["settings"]["language"])
    finally:
        context.close()


def spaced(text: str) -> str:
    """Text with every kind of space as a plain one (browsers and CLDR pick different no-break spaces)."""
    return re.sub(r"[\u00a0\u202f ]", " ", text)


@pytest.mark.parametrize("language", TRANSLATIONS)
def test_streamlits_own_widgets_speak_the_language(browser, app_url, language):
    """The page's language is the app's: its ``lang``, the numbers Streamlit writes in tables and sliders, and the
    words Streamlit puts on the upload box."""
    context = browser.new_context(viewport=SIZES["desktop"])  # an English browser
    page = context.new_page()
    try:
        open_in(page, app_url, "your_data", language)
        assert page.evaluate("document.documentElement.lang") == language
        written = page.evaluate("new Intl.NumberFormat(navigator.languages, {minimumFractionDigits: 2})"
                                ".format(5401.41)")
        with in_language(language):
            assert spaced(written) == spaced(format_number(5401.41, 2))
        box = page.locator('[data-testid="stFileUploaderDropzone"]').first
        widgets = language_words("app", language)["widgets"]
        expect(box).to_contain_text(widgets["upload"])
        expect(box).to_contain_text(re.compile(re.escape(widgets["per_file"]).replace(re.escape("{size}"), r"\S+")))
        assert not re.search(r"\bUpload\b|per file", box.inner_text())

        page.goto(f"{app_url}/what_if?lang={language}&v=1&customers_start=1200&customers_end=1230"
                  "&new_customers=180&revenue_per_customer=80&gross_margin=45&retention_points=1.5")
        settled(page)
        label = language_words("whatif", language)["lever_labels"]["retention_points"]
        with in_language(language):
            shown = "+" + format_number(1.5, 1)
        expect(page.get_by_role("slider", name=label)).to_have_attribute("aria-valuetext", re.compile(
            "^" + re.escape(shown)))
    finally:
        context.close()

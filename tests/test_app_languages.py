"""Every page in every language through AppTest (issue 17): opened by ``lang=``, with the sample where a page needs
data; no English sentence is left on a page in another language, numbers are written the local way, and switching
language keeps the user's numbers.
"""

import re
import string

import pytest

from retention.words import LANGUAGES, SOURCE_LANGUAGE, language_words
from tests.apptest import app_test, open_page
from tests.test_translations import AREAS, english, translated

TRANSLATIONS = [language for language in LANGUAGES if language != SOURCE_LANGUAGE]
#: How each language writes 87.5 % (the worked example's retention): Babel's CLDR data, asserted by hand here.
RETENTION = {"en": "87.5%", "el": "87,5%", "nb": "87,5\xa0%", "lt": "87,5\xa0%", "ja": "87.5%"}
#: A letter only the language's own script or alphabet has.
LETTERS = {"el": "[α-ωΑ-Ω]", "nb": "[æøåÆØÅ]", "lt": "[ąčęėįšųūžĄČĘĖĮŠŲŪŽ]", "ja": "[\u3040-\u30ff\u4e00-\u9fff]"}


def _sentences(language: str) -> set[str]:
    """English texts without placeholders, of three words or more, that the language writes otherwise."""
    found = set()
    for area in AREAS:
        theirs = translated(language, area)
        for path, value in english(area).items():
            if isinstance(value, str) and len(value.split()) >= 3 and theirs.get(path) != value and not any(
                    name for _, name, _, _ in string.Formatter().parse(value)):
                found.add(value)
    return found


def said(sentence: str, text: str) -> bool:
    """Whether the text holds the sentence as whole words ("Rate per period" is not in "Rate per periode")."""
    return re.search(rf"(?<!\w){re.escape(sentence)}(?!\w)", text) is not None


def visible_text(app) -> list[str]:
    """The words on the page and in the sidebar, as AppTest sees them."""
    texts = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success"):
        texts += [element.value for element in getattr(app, kind)]
    texts += [card.label for card in app.metric] + [card.value for card in app.metric]
    for kind in ("button", "number_input", "selectbox", "radio", "checkbox", "text_input", "slider", "tabs",
                 "expander", "toggle", "multiselect", "segmented_control"):
        try:
            texts += [element.label for element in app.get(kind)]
        except (AttributeError, KeyError):
            continue
    return [re.sub(r"\\(.)", r"\1", text) for text in texts if isinstance(text, str)]


def _click(app, area: str, path: tuple[str, ...], language: str):
    label = language_words(area, language)
    for key in path:
        label = label[key]
    [button] = [button for button in app.button if button.label == label]
    button.click().run()


def opened(page: str, language: str):
    """The page opened by a link with ``lang``, with the sample orders where the page works on data."""
    app = app_test(page)
    app.query_params["lang"] = language
    app.run()
    if page == "your_data":
        _click(app, "your_data", ("sample",), language)
    elif page == "forecast":
        _click(app, "forecast_page", ("data", "use_sample"), language)
    assert not app.exception
    return app


PAGES = ["", "your_data", "forecast", "what_if", "plan"]


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("language", TRANSLATIONS)
def test_each_page_speaks_the_language_with_no_english_left(page, language):
    app = opened(page, language)
    shown = visible_text(app)
    assert any(re.search(LETTERS[language], text) for text in shown)
    english = _sentences(language)
    left = sorted({sentence for sentence in english for text in shown if said(sentence, text)})
    assert left == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_calculator_writes_numbers_the_local_way(language):
    app = opened("", language)
    values = [card.value for card in app.metric]
    assert any(value.startswith(RETENTION[language]) for value in values), values


def test_an_unknown_language_in_a_link_is_english_with_the_links_note():
    app = app_test()
    app.query_params["lang"] = "xx"
    app.run()
    assert app.sidebar.selectbox(key="language").value == "en"
    assert any("value for language (xx) was left out" in text for text in visible_text(app))
    app.sidebar.selectbox(key="language").set_value("nb").run()  # the link's notes follow the language
    assert any("verdi for språk (xx) ble utelatt" in text for text in visible_text(app))
    assert not any("was left out" in text for text in visible_text(app))


def test_switching_language_keeps_the_numbers_and_the_link_says_the_language():
    app = app_test()
    app.run()
    app.number_input(key="customers_start").set_value(1300)
    [submit] = [button for button in app.button if button.label == "Calculate"]
    submit.click().run()
    app.sidebar.selectbox(key="language").set_value("nb").run()
    assert not app.exception
    assert app.number_input(key="customers_start").value == 1300
    assert app.query_params["lang"] == "nb"
    assert any(value.startswith("80,8\xa0% per måned") for value in (card.value for card in app.metric))


def test_the_language_stays_when_the_page_changes():
    app = opened("", "ja")
    open_page(app, "what_if").run()
    assert not app.exception
    assert app.sidebar.selectbox(key="language").value == "ja"
    assert any(re.search(LETTERS["ja"], text) for text in visible_text(app))

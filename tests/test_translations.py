"""Every language mirrors English: the same keys in every words file (but the shared tables of what the readers
recognise), the same placeholders, the plural forms of the language's CLDR rules, and no English left over.

A missing translation is a failing test here, never an English word on a Greek page.
"""

import re
import string

import pytest
from babel import Locale

from retention.words import (
    LANGUAGES,
    SHARED,
    SOURCE_LANGUAGE,
    WORDS_DIR,
    in_language,
    is_plural,
    is_shared,
    language_words,
    plural,
    read_words_file,
    words,
)

AREAS = sorted(path.stem for path in WORDS_DIR.glob("*.toml"))
TRANSLATIONS = [language for language in LANGUAGES if language != SOURCE_LANGUAGE]
#: An English word in a text, outside its placeholders: three letters or more, not a code in capitals ("CSV").
ENGLISH_WORD = re.compile(r"\b(?![A-Z0-9]+\b)[A-Za-z]{3,}\b")
PLACEHOLDER = re.compile(r"\{[^{}]*\}")
#: Words a language shares with English ("Status" is Norwegian too), and file names, which may stay in ASCII.
SAME_AS_ENGLISH = {("nb", "exports", "columns.status"), ("nb", "whatif", "cases_short.scenario")}
ASCII_NAMES = ("exports", "files.")


def leaves(table, path=()):
    """(dotted path, value) of every message: strings, lists and plural tables."""
    for key, value in table.items():
        here = (*path, str(key))
        if isinstance(value, dict) and not is_plural(value):
            yield from leaves(value, here)
        else:
            yield ".".join(here), value


def fields(value) -> set[str]:
    """The placeholders of a message (of all forms of a plural one, all items of a list)."""
    if isinstance(value, dict):
        return set().union(*(fields(form) for form in value.values()))
    if isinstance(value, list):
        return set().union(*(fields(item) for item in value)) if value else set()
    return {name.split(".")[0].split("[")[0] for _, name, _, _ in string.Formatter().parse(value) if name}


def english(area: str) -> dict:
    shared = SHARED.get(area, ())
    return {path: value for path, value in leaves(read_words_file(WORDS_DIR / f"{area}.toml"))
            if not is_shared(path, shared)}


def translated(language: str, area: str) -> dict:
    return dict(leaves(read_words_file(WORDS_DIR / language / f"{area}.toml")))


@pytest.mark.parametrize("language", TRANSLATIONS)
def test_every_words_file_has_a_translation(language):
    assert sorted(path.stem for path in (WORDS_DIR / language).glob("*.toml")) == AREAS


@pytest.mark.parametrize("area", AREAS)
@pytest.mark.parametrize("language", TRANSLATIONS)
def test_a_translation_has_the_keys_and_placeholders_of_english(language, area):
    source, target = english(area), translated(language, area)
    assert sorted(set(source) - set(target)) == [], "not translated"
    assert sorted(set(target) - set(source)) == [], "not in English (or a shared table, which is not translated)"
    for path, value in source.items():
        mine = target[path]
        assert type(mine) is type(value) or (is_plural(mine) and is_plural(value)), path
        if isinstance(value, list):
            assert len(mine) == len(value), path
        assert fields(mine) <= fields(value), f"{path}: placeholders English does not fill"
        if is_plural(value):
            assert fields(mine["other"]) >= fields(value["other"]), f"{path}: placeholders lost"
        else:
            assert fields(mine) == fields(value), f"{path}: placeholders differ"


@pytest.mark.parametrize("language", TRANSLATIONS)
def test_plural_messages_have_exactly_the_forms_of_the_language(language):
    wanted = set(Locale.parse(language).plural_form.tags) | {"other"}
    for area in AREAS:
        for path, value in translated(language, area).items():
            if is_plural(value):
                assert set(value) == wanted, f"{area}.toml {path}"


@pytest.mark.parametrize("language", TRANSLATIONS)
def test_no_english_is_left_over(language):
    """A text with letters that is word for word the English one is a missing translation (codes such as "CSV",
    "UTF-8" or "Shopify" may stay)."""
    left = []
    for area in AREAS:
        source, target = english(area), translated(language, area)
        for path, value in source.items():
            if (language, area, path) in SAME_AS_ENGLISH or (area, path[:len(ASCII_NAMES[1])]) == ASCII_NAMES:
                continue
            if isinstance(value, str) and target.get(path) == value and ENGLISH_WORD.search(PLACEHOLDER.sub("", value)):
                left.append(f"{area}.toml {path}: {value!r}")
    assert left == []


def test_the_plural_form_follows_the_language_rules():
    """Lithuanian has three forms of whole numbers: 1 and 21 take "one", 2-9 and 22 "few", 10-20 and 30 "other"."""
    message = {"one": "{count} klientas", "few": "{count} klientai", "many": "{count} kliento",
               "other": "{count} klientų"}
    with in_language("lt"):
        assert [plural(message, n).format(count=n) for n in (1, 2, 10, 21, 22, 1.5)] == [
            "1 klientas", "2 klientai", "10 klientų", "21 klientas", "22 klientai", "1.5 kliento"]
    with in_language("en"):
        assert plural({"one": "{count} row", "other": "{count} rows"}, 1) == "{count} row"


def test_words_come_in_the_current_language_with_shared_tables_from_english():
    with in_language("nb"):
        assert words("app")["pages"]["calculator"] != language_words("app", "en")["pages"]["calculator"]
        assert words("readers")["header_names"] == language_words("readers", "en")["header_names"]
    with in_language("xx"):
        assert words("app") is language_words("app", "en")


def test_every_segment_of_the_published_figures_has_its_words():
    from retention.metrics.benchmarks import benchmarks

    assert {row.segment for row in benchmarks()} == set(words("comparison")["segments"])


def test_lithuanian_never_puts_the_horizon_where_the_nominative_cannot_stand():
    """{horizon} is "36 mėnesiai", a nominative: after "per", "po" or "artimiausius" Lithuanian needs another case
    ("per 36 mėnesius"), so the messages say "per laikotarpį ({horizon})" instead."""
    misplaced = re.compile(r"\b(per|po|artimiausius|žvelgia|apima(?: tik)?)\s+\{(horizon|history)\}", re.IGNORECASE)
    found = [f"{area}.toml {path}" for area in AREAS for path, value in translated("lt", area).items()
             if misplaced.search(str(value))]
    assert found == []


def test_japanese_writes_the_period_after_a_value_and_a_range_in_one_piece():
    """Japanese put "年あたり" before the second value of a range ("55.0% から 年あたり 84.0%"); the period now follows
    the value ("84.0%/年"), and the converted range follows the range without a second pair of brackets."""
    from retention.metrics.benchmarks import assess
    from retention.metrics.computing import compute_available_metrics
    from retention.metrics.example import EXAMPLE_INPUTS

    with in_language("ja"):
        results, _ = compute_available_metrics(EXAMPLE_INPUTS)
        [retention] = [found.text for found in assess(results["retention_rate"])]
    # the worked example's 87.5% a month; published 55% to 84% a year, 95.1% to 98.6% a month
    assert retention.startswith("公表値は 55.0% から 84.0%/年、換算すると 95.1% から 98.6%/月 です")
    assert retention.endswith("87.5%/月。") and "あたり" not in retention and retention.count("換算") == 1


@pytest.mark.parametrize("language", ["el", "ja"])
def test_percentages_in_the_words_are_written_as_the_app_writes_numbers(language):
    """Greek and Japanese write 50% without a space (CLDR, as the app's figures show it): a fixed "100 %" beside a
    formatted "95,0%" read as two spellings in one sentence."""
    from retention.formatting import format_percent

    with in_language(language):
        assert format_percent(0.5, 0) == "50%"
    spaced = [f"{area}.toml {path}" for area in AREAS for path, value in translated(language, area).items()
              if re.search(r"\d[ \u00a0]%", str(value))]
    assert spaced == []

"""All user-facing words live in ``retention/words/*.toml`` (English) and ``retention/words/<language>/*.toml``.

One file per area (``calculator``, ``readers``, ...). Keeping words out of the logic lets them be reviewed and
translated without touching code. ``words(area)`` gives read-only tables, in the current language, whose missing
keys name the file and the whole key path, so a renamed key is found at once (and by ``tests/test_words.py`` before
it ships). A translation has the keys of the English file except the :data:`SHARED` tables, which hold what the
readers recognise in files in every language; ``tests/test_translations.py`` checks each language mirrors English.

The current language is the one set by :func:`in_language` (tests, exports), else the one the app's
:func:`set_language_source` reports for the person being served, else English. A message whose words change with a
number is a table of CLDR plural forms (``{one = "...", other = "..."}``), picked by :func:`plural`.
"""

import fnmatch
import tomllib
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path

from babel import Locale

WORDS_DIR = Path(__file__).with_name("words")
#: The languages of the app, English first: it is the source every translation mirrors.
LANGUAGES = ("en", "el", "nb", "lt", "ja")
SOURCE_LANGUAGE = "en"
#: Tables (dotted paths, ``*`` for any key) that are the same in every language: words the readers recognise.
SHARED = {
    "readers": (
        "totals_words", "unit_price_names", "status_columns", "non_sales", "header_names", "header_words",
        "currency_column", "layouts.*.columns", "layouts.*.mapping", "layouts.*.line_totals",
        "layouts.*.order_rows", "layouts.*.non_sales", "guest_keys", "customer_files", "amount_parts",
        "header_units",
    ),
}
#: The CLDR plural categories; a table whose keys are some of these, "other" among them, is one message.
PLURAL_CATEGORIES = frozenset({"zero", "one", "two", "few", "many", "other"})

_chosen: ContextVar[str | None] = ContextVar("language", default=None)
_source: list[Callable[[], str | None]] = []


class MissingWords(KeyError):
    """A key a words file does not have: ``retention/words/whatif.toml has no key charts.axis_period``."""

    def __init__(self, file: str, path: tuple[str, ...]):
        super().__init__(path[-1])
        self.file, self.path = file, path

    def __str__(self) -> str:
        return f"{self.file} has no key {'.'.join(map(str, self.path))}"


class Words(Mapping):
    """One table of a words file, read-only: its tables are ``Words`` too, its lists tuples."""

    __slots__ = ("_file", "_path", "_table")

    def __init__(self, table: dict, file: str, path: tuple[str, ...] = ()):
        self._file, self._path = file, path
        self._table = {key: _frozen(value, file, (*path, key)) for key, value in table.items()}

    def __getitem__(self, key: str):
        try:
            return self._table[key]
        except KeyError:
            raise MissingWords(self._file, (*self._path, key)) from None

    def __contains__(self, key: object) -> bool:
        return key in self._table

    def get(self, key: str, default=None):
        return self._table.get(key, default)

    def __iter__(self) -> Iterator[str]:
        return iter(self._table)

    def __len__(self) -> int:
        return len(self._table)

    def __repr__(self) -> str:
        return f"Words({self._file}, {'.'.join(self._path) or '(top)'}: {self._table!r})"


def _frozen(value, file: str, path: tuple[str, ...]):
    if isinstance(value, dict):
        return Words(value, file, path)
    if isinstance(value, list):
        return tuple(_frozen(item, file, path) for item in value)
    return value


def current_language() -> str:
    """The language words are given in: the one set by :func:`in_language`, else the app's, else English."""
    language = _chosen.get() or (_source[0]() if _source else None)
    return language if language in LANGUAGES else SOURCE_LANGUAGE


def set_language_source(source: Callable[[], str | None]) -> None:
    """Where the app keeps the language of the person being served (called once; ``retention`` knows no sessions)."""
    _source[:] = [source]


@contextmanager
def in_language(language: str):
    """Give words in ``language`` inside the block (for tests and for files made for a chosen language)."""
    token = _chosen.set(language)
    try:
        yield
    finally:
        _chosen.reset(token)


def words(area: str) -> Words:
    """The words of one area in the current language, as read-only nested tables of strings."""
    return language_words(area, current_language())


@cache
def language_words(area: str, language: str) -> Words:
    """The words of one area in one language: the translation over the English file, shared tables from English.

    Read once per process (the files are constant). A key a translation lacks shows in English; the translations
    test fails on it, so none ships.
    """
    english = read_words_file(WORDS_DIR / f"{area}.toml")
    table = english
    if language != SOURCE_LANGUAGE:
        translated = WORDS_DIR / language / f"{area}.toml"
        table = _overlay(english, read_words_file(translated) if translated.exists() else {}, SHARED.get(area, ()))
    return Words(table, f"retention/words/{'' if language == SOURCE_LANGUAGE else language + '/'}{area}.toml")


def read_words_file(path: Path) -> dict:
    """One words file as plain tables."""
    with path.open("rb") as handle:
        return tomllib.load(handle)


def is_shared(path: str, shared: tuple[str, ...]) -> bool:
    """Whether a dotted key path lies in one of the shared tables."""
    return any(fnmatch.fnmatchcase(path, pattern) or fnmatch.fnmatchcase(path, pattern + ".*") for pattern in shared)


def is_plural(value) -> bool:
    """Whether a words value is one message in plural forms."""
    return isinstance(value, Mapping) and "other" in value and set(value) <= PLURAL_CATEGORIES


def _overlay(english: dict, translated: dict, shared: tuple[str, ...], path: str = "") -> dict:
    table = {}
    for key, value in english.items():
        here = f"{path}.{key}" if path else str(key)
        if is_shared(here, shared) or key not in translated:
            table[key] = value
        elif isinstance(value, dict) and not is_plural(value):
            table[key] = _overlay(value, translated[key], shared, here)
        else:
            table[key] = translated[key]
    return table


def plural(message, count: float) -> str:
    """The form of a plural message for ``count`` in the current language (CLDR rules through Babel).

    >>> plural({"one": "{count} row", "other": "{count} rows"}, 1)
    '{count} row'
    """
    if not is_plural(message):
        return message
    category = _plural_rule(current_language())(abs(count))
    return message.get(category, message["other"])


@cache
def _plural_rule(language: str):
    return Locale.parse(language).plural_form

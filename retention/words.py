"""All user-facing words live in ``retention/words/*.toml``; this module reads them.

One file per area (``calculator``, ``readers``, ...). Keeping words out of the logic lets them be reviewed and,
later, translated without touching code. ``words(area)`` gives read-only tables whose missing keys name the file and
the whole key path, so a renamed key is found at once (and by ``tests/test_words.py`` before it ships).
"""

import tomllib
from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path

WORDS_DIR = Path(__file__).with_name("words")


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


@cache
def words(area: str) -> Words:
    """The words of one area, as read-only nested tables of strings (read once per process; the files are constant)."""
    path = WORDS_DIR / f"{area}.toml"
    with path.open("rb") as handle:
        return Words(tomllib.load(handle), path.relative_to(WORDS_DIR.parent.parent).as_posix())

"""All user-facing words live in ``retention/words/*.toml``; this module reads them.

One file per area (``calculator``, ``readers``, ...). Keeping words out of the logic lets them be reviewed and,
later, translated without touching code.
"""

import tomllib
from functools import cache
from pathlib import Path

WORDS_DIR = Path(__file__).with_name("words")


@cache
def words(area: str) -> dict:
    """The words of one area, as nested dicts of strings (read once per process; the files are constant)."""
    with (WORDS_DIR / f"{area}.toml").open("rb") as handle:
        return tomllib.load(handle)

"""Weak customer keys: a placeholder id that stands for many guest checkouts, and people's names used as ids.

- A key is a **guest id** when it is a placeholder and carries far more orders than the typical customer. A
  placeholder is a word of ``[guest_keys]`` of the readers' words ("guest", "N/A", "unknown", "anonymous", "Gast",
  "invité", "gjest", "επισκέπτης", "svečias", "ゲスト", ...), compared as :func:`header_key` writes them, or a code of
  zeros or of signs alone ("0", "000", "-", "?"), among the ``GUEST_CANDIDATES`` keys with the most rows. "Far more"
  is at least ``GUEST_FACTOR`` times the rows of the median other customer (1 when there is none), and at least
  ``GUEST_MIN_ROWS`` rows: a placeholder with a few orders may be a real customer, and stays one. Guest rows are
  left out with a note that counts their orders.
- A customer column holds **names** when at least ``NAME_SHARE`` of its first ``NAME_SAMPLE`` distinct keys are
  two words or more of letters alone ("Ann Lee", "Jean-Luc Picard", "山田 太郎"): namesakes then count as one
  customer, which a warning says.

>>> names = pd.Series(["a@x.io", "0", "b@x.io", "guest"])
>>> is_placeholder("N/A"), is_placeholder("000"), is_placeholder("—"), is_placeholder("Gast"), is_placeholder("a@x.io")
(True, True, True, True, False)
>>> guest_rows(names, np.array([0, 1, 1, 1, 1, 1, 2, 3]))
array([False,  True,  True,  True,  True,  True, False, False])
>>> [note.key for note in names_warning(pd.Index(["Ann Lee", "Mary-Ann O'Hara", "山田 太郎"]), "“Customer”")]
['names_as_keys']
>>> names_warning(pd.Index(["Ann Lee", "ann@x.io", "Shop 12", "Bo"]), "“Customer”")
[]
"""

from collections.abc import Callable
from functools import cache

import numpy as np
import pandas as pd

from retention.io._reading_words import header_key, phrase, quote, quoted_list
from retention.notes import Note
from retention.words import words

GUEST_CANDIDATES = 10
GUEST_FACTOR = 5
GUEST_MIN_ROWS = 5
NAME_SAMPLE = 1000
NAME_SHARE = 0.8
_WORD = r"[^\W\d_]+(?:['’.-][^\W\d_]+)*\.?"
_NAME = rf"^{_WORD}(?:\s+{_WORD})+$"


@cache
def _placeholders() -> frozenset[str]:
    return frozenset(header_key(word) for word in words("readers")["guest_keys"]["words"])


def is_placeholder(key: str) -> bool:
    """Whether a customer key is a placeholder rather than an id: a listed word, zeros alone or signs alone."""
    written = header_key(key)
    return written in _placeholders() or not written.strip("0")


def guest_rows(names: pd.Series, customers: np.ndarray) -> np.ndarray:
    """For each row, ``customers`` being its code into the distinct (stripped) keys ``names``: whether its key is
    a guest id, a placeholder carrying far more rows than the median other customer."""
    if not len(customers):
        return np.zeros(0, bool)
    counts = np.bincount(customers, minlength=len(names))
    top = np.argpartition(-counts, min(GUEST_CANDIDATES, len(counts)) - 1)[:GUEST_CANDIDATES]
    placeholders = [code for code in top if counts[code] >= GUEST_MIN_ROWS and is_placeholder(names.iloc[code])]
    if not placeholders:
        return np.zeros(len(customers), bool)
    others = np.delete(counts, placeholders)
    others = others[others > 0]
    typical = np.median(others) if len(others) else 1
    return np.isin(customers, [code for code in placeholders if counts[code] >= GUEST_FACTOR * typical])


def guest_note(names: pd.Series, customers: np.ndarray, guests: np.ndarray, orders: np.ndarray | None,
               where: Callable[[np.ndarray], str], column: str) -> Note:
    """The note on the guest rows left out: their orders (distinct ``orders`` codes where the file has order
    numbers, else rows), their keys, the rows and the column."""
    count = len(np.unique(orders[guests])) if orders is not None else int(guests.sum())
    keys = list(dict.fromkeys(names.iloc[customers[guests]]))
    message = phrase("dropped", "guest", count=count, customer=quoted_list(keys), column=column,
                     rows=where(np.flatnonzero(guests)).lower())
    return Note("guest", message, int(guests.sum()))


def names_warning(customers: pd.Index, column: str) -> list[Note]:
    """A warning when the customer keys are mostly people's names (see the module's rule); none otherwise."""
    sample = pd.Series(customers[:NAME_SAMPLE], dtype=str)
    names = sample[sample.str.match(_NAME)]
    if len(names) < NAME_SHARE * len(sample):
        return []
    return [Note("names_as_keys", phrase("warnings", "names_as_keys", column=column, example=quote(names.iloc[0])))]


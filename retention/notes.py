"""The note every reading and forecasting report is made of: a stable key, words for people, the rows concerned."""

from dataclasses import dataclass

__all__ = ["Note"]


@dataclass(frozen=True)
class Note:
    """One line of a report: a stable ``key`` (for tests and the page), the ``message`` for people, and the ``rows``
    concerned (for a reader's "What we left out"; 0 elsewhere)."""

    key: str
    message: str
    rows: int = 0

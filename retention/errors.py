"""The one exception a user can cause: :class:`InputError`.

It carries one message per offending field (or column, or ``"file"``) in the user's words, so the app can show
each message next to the place it came from.
"""

from collections.abc import Mapping


class InputError(ValueError):
    """Impossible or unusable input, with one user-facing message per offending field.

    >>> error = InputError({"gross_margin": "Gross margin must lie between 0 and 1."})
    >>> error.messages["gross_margin"]
    'Gross margin must lie between 0 and 1.'
    >>> str(error)
    'Gross margin must lie between 0 and 1.'
    """

    def __init__(self, messages: Mapping[str, str]):
        self.messages = dict(messages)
        super().__init__(" ".join(self.messages.values()))

    @property
    def fields(self) -> tuple[str, ...]:
        """The names of the offending fields, in the order the messages were given."""
        return tuple(self.messages)

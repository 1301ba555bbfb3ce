"""Safe text for Streamlit's markdown: user numbers and names are shown as text, never as markup."""

import re

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|$~:])")


def escape(text: str) -> str:
    r"""Backslash-escape every markdown and LaTeX special character.

    >>> escape("$1,000 * 2")
    '\\$1,000 \\* 2'
    """
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)

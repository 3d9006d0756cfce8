"""Lone UTF-16 surrogates: code points JSON can carry (`"\\ud800"`) that no UTF-8 text can.

A string holding one cannot be written to a file, SQLite or a web page (UnicodeEncodeError), so
every source replaces them with U+FFFD, the mark of a character that could not be read, where
the text enters (`replace_lone_surrogates`); `convert_page` does the same for text handed to it
directly and records an Issue.
"""

from __future__ import annotations

import re

__all__ = ["has_surrogates", "replace_lone_surrogates"]

_SURROGATE = re.compile("[\ud800-\udfff]")


def has_surrogates(text: str) -> bool:
    return _SURROGATE.search(text) is not None


def replace_lone_surrogates(text: str) -> tuple[str, int]:
    """`text` with each lone surrogate as U+FFFD (a well-formed pair becomes its character);
    and how many were replaced."""
    if not has_surrogates(text):
        return text, 0
    joined = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    return joined, joined.count("\ufffd") - text.count("\ufffd")

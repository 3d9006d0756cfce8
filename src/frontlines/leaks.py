"""Wiki markup that must never reach published text: the one list of leak patterns.

`LEAKS` is what the tests hold every converted entry to. The patterns marked `in_collections`
are the ones `frontlines doctor` reports as `leaked_markup` in an existing Markdown collection
(whose own `{{video}}…{{/video}}` blocks are Front Lines markup, not a leak). A leaf module: it
imports nothing of ours.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Leak:
    name: str  # what leaked, as doctor names it ("{{") or in words
    pattern: re.Pattern[str]
    in_collections: bool = False  # doctor checks collections for it


LEAKS: tuple[Leak, ...] = (
    Leak("{{", re.compile(r"\{\{(?!/?video\}\})"), in_collections=True),
    Leak("}}", re.compile(r"\}\}")),
    Leak("[[", re.compile(r"\[\["), in_collections=True),
    Leak("]]", re.compile(r"\]\]")),
    Leak("'''", re.compile(r"'''"), in_collections=True),
    Leak("''", re.compile(r"''")),
    Leak("<ref", re.compile(r"<ref\b", re.IGNORECASE), in_collections=True),
    Leak("<references", re.compile(r"<references\b", re.IGNORECASE)),
    Leak("[object Object]", re.compile(re.escape("[object Object]"))),
    Leak("magic word", re.compile(r"__[A-Z]{3,}__")),
    Leak("HTML comment", re.compile(r"<!--|-->")),
    Leak(
        "image option",
        re.compile(
            r"\b(?:thumb|thumbnail|frameless|upright)\s*\|"
            r"|(?<![\w/.%-])\d+(?:x\d+)?px\b(?![\w.-])"
        ),
    ),
    Leak("Category/File line", re.compile(r"^\s*(?:Category|File|Image):", re.MULTILINE)),
    # Table lines where MediaWiki reads them as a table (elsewhere they are text), raw or as the
    # converter's escaping would write them (`\{\|`, `\|-`, `\|\}`); whole texts or lines.
    Leak("{|", re.compile(r"^[ \t:]*\\?\{\\?\|", re.MULTILINE), in_collections=True),
    Leak("|-", re.compile(r"^[ \t:]*\\?\|-+[ \t]*$", re.MULTILINE), in_collections=True),
    Leak("|}", re.compile(r"^[ \t:]*\\?\|\\?\}[ \t]*$", re.MULTILINE), in_collections=True),
)
COLLECTION_LEAKS: tuple[Leak, ...] = tuple(leak for leak in LEAKS if leak.in_collections)
TABLE_LEAKS: dict[str, re.Pattern[str]] = {
    leak.name: leak.pattern for leak in LEAKS if leak.name in ("{|", "|-", "|}")
}


def find_leaks(text: str, context: int = 40) -> list[str]:
    """Each leak found in text (its first occurrence), named, with a little context."""
    found = []
    for leak in LEAKS:
        match = leak.pattern.search(text)
        if match:
            start, end = max(0, match.start() - context), match.end() + context
            found.append(f"{leak.name}: …{text[start:end].replace(chr(10), '⏎')}…")
    return found

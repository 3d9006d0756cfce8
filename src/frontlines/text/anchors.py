"""Section anchors: the id a heading gets, computed once for the JSON and the site.

The rule reads like Wikipedia's section links, in lower case with hyphens: letters, digits and
combining marks of any script are kept, apostrophes vanish inside a word ("Kyiv's defence" →
`kyivs-defence`), and every other run of characters — spaces, dashes, colons, slashes,
underscores — is one hyphen ("Prelude: 1914–1915" → `prelude-1914-1915`). A title with nothing
left is `section`. A repeated anchor gets `-2`, `-3`, ... as Wikipedia numbers repeated
headings (`history`, `history-2`).
"""

from __future__ import annotations

import unicodedata

APOSTROPHES = frozenset("'\u2019\u02bc\u2018`")


def anchor(title: str) -> str:
    """The anchor of one heading title (before it is made unique on its page)."""
    out: list[str] = []
    gap = False
    for char in title.lower():
        if char in APOSTROPHES:
            continue
        if unicodedata.category(char)[0] in "LNM":
            if gap and out:
                out.append("-")
            out.append(char)
            gap = False
        else:
            gap = True
    return "".join(out) or "section"


class Anchors:
    """The anchors of one page's headings, in order: each unique on the page."""

    def __init__(self) -> None:
        self.taken: set[str] = set()

    def claim(self, title: str) -> str:
        """The anchor for the next heading titled `title` (numbered if already taken)."""
        base = anchor(title)
        found, number = base, 2
        while found in self.taken:
            found, number = f"{base}-{number}", number + 1
        self.taken.add(found)
        return found


__all__ = ["Anchors", "anchor"]

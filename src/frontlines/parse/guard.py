"""Linear-time guard against markup the tokenizer needs quadratic time for.

mwparserfromhell reads an opener (`{{`, `[`, `<ref>`, `<!--`) by trying to parse up to its
closer and, when there is none, backing off and reading the opener as text. Each unmatched opener
therefore costs a scan of the rest of the page: a page of thousands of them (`"{{a|"` x 4,000,
`"<ref>"` x 16,000, `"[http://x.org "` x 8,000, `"<!--"` x 32,000) takes tens of seconds, a
2 MB one hours.

`escape_unclosed` finds the unmatched openers in one pass per construct and, when there are
more than a page plausibly has (`MAX_UNMATCHED` of one kind), writes each as an HTML entity
(`&#123;{a|`, `&lt;ref>`, `&#91;http://`, `&lt;!--`): the tokenizer reads that as text at once,
and the page shows the characters as MediaWiki shows an opener it cannot close. Pages with fewer
unmatched openers are returned unchanged, so ordinary pages convert exactly as before.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

__all__ = ["MAX_UNMATCHED", "escape_unclosed"]

MAX_UNMATCHED = 32
"""Unmatched openers of one kind a page may have before they are escaped (real pages: a few)."""

_BRACE_RUN = re.compile(r"\{+|\}+")
_BRACKET_RUN = re.compile(r"\[+|\]+")
_ANY_RUN = re.compile(r"[{}\[\]]+")
_COMMENT = re.compile(r"<!--|-->")
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)\b[^<>]*?(/?)>")
# Elements written without a closing tag by design (HTML void and optional-end elements).
_UNCLOSED_BY_DESIGN = frozenset(
    {
        "br", "hr", "img", "wbr", "col", "area", "base", "meta", "link", "input", "source",
        "track", "embed", "param", "p", "li", "dt", "dd", "tr", "td", "th", "option",
        "thead", "tbody", "tfoot", "colgroup", "caption", "references",
    }
)  # fmt: skip
_ENTITY = {"{": "&#123;", "[": "&#91;", "<": "&lt;"}


def escape_unclosed(text: str) -> str:
    """`text` with unmatched openers written as entities, when there are too many of a kind."""
    positions: list[int] = []
    if text.count("<!--") > MAX_UNMATCHED:
        positions += _many(_unclosed_comments(text))
    if text.count("<") > MAX_UNMATCHED:
        positions += _unclosed_tags(text)
    if text.count("{") > MAX_UNMATCHED or text.count("[") > MAX_UNMATCHED:
        braces, brackets = _left_open(text)
        if braces > MAX_UNMATCHED:
            positions += _many(_unmatched(text, _BRACE_RUN.finditer(text), "{"))
        if brackets > MAX_UNMATCHED:
            positions += _many(_unmatched(text, _BRACKET_RUN.finditer(text), "["))
    if not positions:
        return text
    marked = set(positions)
    pieces: list[str] = []
    last = 0
    for position in sorted(marked):
        pieces.append(text[last:position])
        pieces.append(_ENTITY[text[position]])
        last = position + 1
    pieces.append(text[last:])
    return "".join(pieces)


def _many(found: list[int]) -> list[int]:
    return found if len(found) > MAX_UNMATCHED else []


def _left_open(text: str) -> tuple[int, int]:
    """How many `{` and `[` `_unmatched` would return: counted in one pass, no positions kept.

    Most pages have a handful, so the positions are looked for only past MAX_UNMATCHED.
    """
    braces = brackets = 0
    for run in _ANY_RUN.findall(text):
        for char in run:
            if char == "{":
                braces += 1
            elif char == "[":
                brackets += 1
            elif char == "}":
                braces -= braces > 0
            else:
                brackets -= brackets > 0
    return braces, brackets


def _unmatched(text: str, runs: Iterator[re.Match[str]], opener: str) -> list[int]:
    """Positions of opening characters no closing character matches (innermost first)."""
    stack: list[int] = []
    for match in runs:
        start, end = match.start(), match.end()
        if text[start] == opener:
            stack.extend(range(start, end))
        else:
            del stack[max(0, len(stack) - (end - start)) :]
    return stack


def _unclosed_comments(text: str) -> list[int]:
    """Positions of `<!--` with no `-->` after them (a comment ends at the first `-->`)."""
    unclosed: list[int] = []
    open_at: int | None = None
    for match in _COMMENT.finditer(text):
        if match.group(0) == "<!--":
            if open_at is None:
                open_at = match.start()
            else:
                unclosed.append(match.start())  # inside the open comment, unless it never ends
        elif open_at is not None:
            open_at = None
            unclosed.clear()  # every opener so far ends here
    if open_at is None:
        return []
    return [open_at, *unclosed]


def _unclosed_tags(text: str) -> list[int]:
    """Positions of opening tags of a name that has more than MAX_UNMATCHED left unclosed."""
    stacks: dict[str, list[int]] = {}
    for match in _TAG.finditer(text):
        closing, name, self_closing = match.group(1), match.group(2).lower(), match.group(3)
        if name in _UNCLOSED_BY_DESIGN or self_closing:
            continue
        stack = stacks.setdefault(name, [])
        if not closing:
            stack.append(match.start())
        elif stack:
            stack.pop()
    many = [stack for stack in stacks.values() if len(stack) > MAX_UNMATCHED]
    return [position for stack in many for position in stack]

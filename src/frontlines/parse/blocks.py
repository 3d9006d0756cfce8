"""From the renderer's intermediate string to Markdown lines.

Lines that start with list marks become (nested) list items, block placeholders become their
block with blank lines around, everything else is paragraph text: spaces collapsed, line
starts escaped, `<br>` as a hard break (a trailing backslash). Lists and paragraphs are kept
apart by blank lines so Markdown's lazy continuation never merges them.
"""

from __future__ import annotations

import re

from frontlines.parse import markup
from frontlines.parse.state import BLOCK_MARK, HARD_BREAK, LIST_CLOSE, LIST_OPEN, DocumentState

_PLACEHOLDER = re.compile(f"{BLOCK_MARK}(\\d+){BLOCK_MARK}")
_LIST_PREFIX = re.compile(f"^[ \\t]*((?:{LIST_OPEN}[*#:;]+{LIST_CLOSE})+)")
_MARK = re.compile(f"{LIST_OPEN}[*#:;]+{LIST_CLOSE}")
_DEFINITION = f"{LIST_OPEN}:{LIST_CLOSE}"
_SPACES = re.compile(r"[ \t]{2,}|\t")  # runs of blanks as one space (a lone space stays)
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
_WIDTH = {"*": 2, "#": 3}
# Table structure lines that reached the text (a table the parser could not build anywhere in
# the tree): MediaWiki reads them as table markup, never as words, so they are not shown.
_TABLE_LINE = re.compile(r"^[ \t:]*(?:\{\|.*|\|-+[ \t]*|\|\}[ \t]*)$")


def _clean(text: str) -> str:
    return _SPACES.sub(" ", text).strip(" \t")


def _physical_lines(text: str, indent: str) -> list[str]:
    """A paragraph or item text split at hard breaks, each part escaped and cleaned."""
    parts = (
        [_clean(part) for part in text.split(HARD_BREAK)] if HARD_BREAK in text else [_clean(text)]
    )
    parts = [markup.escape_line_start(part) for part in parts if part]
    if not parts:
        return []
    return [part + "\\" for part in parts[:-1]] + [parts[-1]] if len(parts) > 1 else parts


class _Assembler:
    def __init__(self, state: DocumentState) -> None:
        self.state = state
        self.out: list[str] = []
        self.kind = "blank"
        self.marks: list[str] = []
        self.pending_break = False  # the last paragraph line ended in <br>

    def blank(self) -> None:
        if self.out and self.out[-1] != "":
            self.out.append("")
        self.kind = "blank"

    def paragraph(self, text: str) -> None:
        lines = _physical_lines(text, "")
        if not lines:
            return
        if self.kind in {"list", "block"}:
            self.blank()
        if self.kind == "para" and self.pending_break:
            self.out[-1] += "\\"
        self.pending_break = text.rstrip(" \t").endswith(HARD_BREAK)
        self.out.extend(lines)
        self.kind = "para"
        self.marks = []

    def block(self, index: int) -> None:
        markdown = self.state.blocks[index].markdown if index < len(self.state.blocks) else ""
        if not markdown.strip():
            return
        self.blank()
        self.out.extend(markdown.split("\n"))
        self.out.append("")
        self.kind = "block"
        self.marks = []

    def item(self, marks: str, text: str) -> None:
        if marks.endswith(";") and _DEFINITION in text:
            term, _, definition = text.partition(_DEFINITION)
            self.item(marks, term)
            self.item(marks[:-1] + ":", definition)
            return
        text = _MARK.sub(" ", text)
        listed = [mark for mark in marks if mark in "*#"]
        if not listed:  # ";term" or ":indented" outside any list: paragraph-like lines
            self._indented(marks, text)
            return
        if len(listed) > len(self.marks) + 1:
            listed = self.marks + [listed[-1]]
        last = marks[-1]
        parents = listed[:-1] if last in "*#" else listed
        indent = " " * sum(_WIDTH[mark] for mark in parents)
        if last in "*#":
            bullet = "- " if last == "*" else "1. "
            lines = _physical_lines(text, indent + " " * len(bullet))
            if not lines:
                return
            if self.kind == "para" or self.kind == "block":
                self.blank()
            self.out.append(indent + bullet + lines[0])
            self.out.extend(indent + " " * len(bullet) + line for line in lines[1:])
            self.marks = listed
        else:
            lines = _physical_lines(text, indent)
            if not lines:
                return
            if last == ";":
                lines[0] = markup.emphasis(lines[0], "**")
            self.out.extend(indent + line for line in lines)
        self.kind = "list"

    def _indented(self, marks: str, text: str) -> None:
        lines = _physical_lines(text, "")
        if not lines:
            return
        if marks.endswith(";"):
            lines[0] = markup.emphasis(lines[0], "**")
        self.blank()
        self.out.extend(lines)
        self.kind = "list"
        self.marks = []

    def line(self, raw: str) -> None:
        if "|" in raw and _TABLE_LINE.match(raw):
            return
        match = _LIST_PREFIX.match(raw)
        if match:
            marks = "".join(_MARK.findall(match.group(1))).replace(LIST_OPEN, "")
            self.item(marks.replace(LIST_CLOSE, ""), raw[match.end() :])
        elif not raw.strip(" \t" + HARD_BREAK):
            if self.kind != "blank":
                self.blank()
            self.marks = []
        else:
            self.paragraph(_MARK.sub(" ", raw))

    def feed(self, text: str) -> None:
        for raw in text.split("\n"):
            if BLOCK_MARK in raw:
                pieces = _PLACEHOLDER.split(raw)
                for index, piece in enumerate(pieces):
                    if index % 2:
                        self.block(int(piece))
                    elif piece.strip():
                        self.line(piece)
            else:
                self.line(raw)


def assemble(text: str, state: DocumentState) -> list[str]:
    """Markdown lines for a section's intermediate text (no leading/trailing blank lines)."""
    assembler = _Assembler(state)
    assembler.feed(text)
    lines = assembler.out
    while lines and not lines[-1]:
        lines.pop()
    while lines and not lines[0]:
        lines.pop(0)
    return lines


def assemble_fragment(text: str, state: DocumentState) -> list[str]:
    return assemble(text, state)


def flatten(text: str, state: DocumentState, *, breaks: str = " ") -> str:
    """One line of Markdown: blocks by their inline form, list items and breaks as `breaks`."""
    if BLOCK_MARK in text:
        text = _PLACEHOLDER.sub(lambda match: f" {state.blocks[int(match.group(1))].inline} ", text)
    if LIST_OPEN in text:
        text = _MARK.sub(breaks, text)
    if HARD_BREAK in text:
        text = text.replace(HARD_BREAK, breaks)
    if breaks != " " and "\n" in text:
        text = _PARAGRAPH_BREAK.sub(breaks, text.strip())
    text = _clean(text.replace("\n", " "))
    if breaks != " ":
        while text.startswith(breaks):
            text = text[len(breaks) :].strip()
        while text.endswith(breaks):
            text = text[: -len(breaks)].strip()
        text = re.sub(f"(?:{re.escape(breaks)}\\s*){{2,}}", breaks, text)
    return text

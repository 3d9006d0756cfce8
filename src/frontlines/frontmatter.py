"""YAML front matter, read and written in one place: `---`, YAML, `---`, then the body.

Used by the collection reader and its repairs (`frontlines.collection`), the battle-report
reader (`sources/reports.py`) and the entry writer (`markdown_entry.py`). One dumper writes all
of it, with one width:

* block sequences are indented under their key (as the original collection's files are);
* a string with an apostrophe (or an empty one) is double-quoted, because PyYAML's single-quoted
  style doubles apostrophes (`Bolívar''s`), which reads as wiki italics to anyone grepping.

Editing keeps every other line of the front matter exactly as it was (`set_key`, `set_list`).
A leaf module: it imports nothing of ours.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import yaml

FENCE = "---"
WIDTH = 100


def split(text: str) -> tuple[str, str, str] | None:
    """(opening, front matter, closing + body) when text starts with a `---` fenced block.

    The three parts concatenate back to `text` exactly. None when there is no front matter.
    """
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip("\r\n").rstrip() != FENCE:
        return None
    offset = len(lines[0])
    for line in lines[1:]:
        if line.rstrip("\r\n").rstrip() == FENCE:
            return lines[0], text[len(lines[0]) : offset], text[offset:]
        offset += len(line)
    return None


def body_of(rest: str) -> str:
    """The body from split()'s third part: everything after the closing fence's line."""
    return rest.partition("\n")[2]


def load(front_text: str) -> tuple[Mapping[str, Any], str | None]:
    """The front matter's keys, and why they could not be read ({} and None when empty)."""
    try:
        data = yaml.safe_load(front_text)
    except yaml.YAMLError as error:
        return {}, f"front matter is not valid YAML: {one_line(str(error))}"
    if data is None:
        return {}, None
    if not isinstance(data, dict):
        return {}, f"front matter is a {type(data).__name__}, not a mapping of keys"
    return data, None


def one_line(message: str) -> str:
    return " ".join(message.split())


class _Dumper(yaml.SafeDumper):
    """The one dumper: block sequences indented under their key; see `_represent_str`."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = '"' if "'" in value or not value else None  # '' would read as wiki italics
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def dump(data: Mapping[str, Any]) -> str:
    """YAML for front matter, keys in the given order, newline-ended."""
    text = yaml.dump(
        dict(data),
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=WIDTH,
    )
    return str(text)


def compose(data: Mapping[str, Any], body: str) -> str:
    """A whole file: `---` front matter `---`, a blank line, the body (stripped), a newline."""
    return f"{FENCE}\n{dump(data)}{FENCE}\n\n{body.strip()}\n"


# --- editing front matter as text (keeps every other line exactly as it was) ---------------

_TOP_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:")


def key_block(front_text: str, key: str) -> tuple[int, int] | None:
    """The (start, end) offsets of a top-level key with its value lines in front matter text."""
    lines = front_text.splitlines(keepends=True)
    offset, start = 0, None
    for line in lines:
        match = _TOP_KEY.match(line)
        if start is not None and (match or (line[:1] not in (" ", "\t", "-", "\r", "\n", "#"))):
            return start, offset
        if match and match.group(1) == key:
            start = offset
        offset += len(line)
    return (start, offset) if start is not None else None


def set_key(front_text: str, key: str, value: Any, newline: str = "\n") -> str:
    """Front matter text with `key` set to `value`: replaced in place, else appended."""
    block = dump({key: value}).replace("\n", newline)
    span = key_block(front_text, key)
    if span is None:
        if front_text and not front_text.endswith(("\n", "\r")):
            front_text += newline
        return front_text + block
    start, end = span
    return front_text[:start] + block + front_text[end:]


def set_list(front_text: str, key: str, values: Sequence[Any], newline: str = "\n") -> str:
    """Like `set_key` for a list, but items that were there keep their exact lines."""
    items = _sequence_items(front_text, key)
    if items is None:
        return set_key(front_text, key, list(values), newline)
    pool: dict[str, list[str]] = {}
    for value, raw in items:
        if isinstance(value, str):
            pool.setdefault(value, []).append(raw)
    lines = [f"{key}:{newline}"]
    for value in values:
        if isinstance(value, str) and pool.get(value):
            lines.append(pool[value].pop(0))
        else:
            dumped = dump({key: [value]}).split("\n", 1)[1]
            lines.append(dumped.replace("\n", newline))
    start, end = key_block(front_text, key) or (0, 0)
    return front_text[:start] + "".join(lines) + front_text[end:]


def _sequence_items(front_text: str, key: str) -> list[tuple[Any, str]] | None:
    """(value, exact text) of each item of a block sequence; None when it is not one."""
    span = key_block(front_text, key)
    if span is None:
        return None
    head, *lines = front_text[span[0] : span[1]].splitlines(keepends=True)
    if head.split(":", 1)[1].strip():
        return None  # a flow list or a scalar
    chunks: list[str] = []
    indent: int | None = None
    for line in lines:
        match = re.match(r"^( *)-(?: |$)", line.rstrip("\r\n"))
        if match and indent in (None, len(match.group(1))):
            indent = len(match.group(1))
            chunks.append(line)
        elif chunks:
            chunks[-1] += line
        elif line.strip():
            return None
    try:
        values = [yaml.safe_load(chunk) for chunk in chunks]
    except yaml.YAMLError:
        return None
    if not all(isinstance(v, list) and len(v) == 1 for v in values):
        return None
    return [(value[0], chunk) for value, chunk in zip(values, chunks, strict=True)]

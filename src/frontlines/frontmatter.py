"""YAML front matter, read and written in one place: `---`, YAML, `---`, then the body.

Used by the collection reader and its repairs (`frontlines.collection`), the battle-report
reader (`sources/reports.py`) and the entry writer (`markdown_entry.py`). One dumper writes all
of it, with one width:

* block sequences are indented under their key (as the original collection's files are);
* a string with an apostrophe (or an empty one) is double-quoted, because PyYAML's single-quoted
  style doubles apostrophes (`Bolívar''s`), which reads as wiki italics to anyone grepping;
* the keys whose text is simple (one-line strings, numbers, lists and mappings of them) are
  written here in the dumper's text, the others by PyYAML's pure-Python emitter (`dump`).

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
    """YAML for front matter, keys in the given order, newline-ended.

    PyYAML's emitter is pure Python, and most of an entry's front matter is one-line strings
    (the title, the tags, the source's URL): those keys are written here, as the dumper would
    write them, and every other key (a long description it folds, the conflict record) goes
    through the dumper, key by key; the text is the dumper's for the whole mapping
    (tests/test_frontmatter_writing.py). A mapping that holds a list or mapping twice (which the
    dumper writes as an anchor and an alias) goes to the dumper whole.
    """
    if not data or _shares_containers(list(data.values())):
        return _yaml(dict(data))
    return "".join(_entry(key, value) for key, value in data.items())


def _yaml(data: dict[str, Any]) -> str:
    text = yaml.dump(
        data,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=WIDTH,
    )
    return str(text)


def _entry(key: str, value: Any) -> str:
    """One key of the front matter, written here when simple, else by the dumper."""
    lines = _mapping({key: value}, 0)
    return "\n".join(lines) + "\n" if lines is not None else _yaml({key: value})


def _mapping(data: dict[Any, Any], indent: int) -> list[str] | None:
    """The lines of a block mapping at `indent`, as the dumper writes them; None if not simple."""
    pad = " " * indent
    lines: list[str] = []
    for key, value in data.items():
        if type(key) is not str or not _KEY.fullmatch(key):
            return None
        shown = _scalar(key, indent)
        if shown is None or len(shown) > 1:
            return None
        name = shown[0]
        inner = _value(value, indent + len(name) + 2, indent + 2)
        if inner is None:
            return None
        first, *rest = inner
        lines.append(f"{pad}{name}:{first}")
        lines += rest
    return lines


def _sequence(items: list[Any], indent: int) -> list[str] | None:
    """The lines of a block sequence at `indent` (each item `- ` there); None if not simple."""
    pad = " " * indent
    lines: list[str] = []
    for item in items:
        if type(item) is list and item:  # a sequence in a sequence: left to the dumper
            return None
        inner = _value(item, indent + 2, indent + 2, nested=False)
        if inner is None:
            return None
        first, *rest = inner
        lines.append(f"{pad}-{first}")
        lines += rest
    return lines


def _value(value: Any, column: int, indent: int, *, nested: bool = True) -> list[str] | None:
    """A value after its key's colon (or its item's dash): the rest of that line (" x", or
    "" when a block follows, `nested`) and the lines of the block."""
    kind = type(value)
    if kind is dict or kind is list:
        if not value:
            return [" {}" if kind is dict else " []"]
        if kind is list:
            block = _sequence(value, indent)
            return None if block is None else ["", *block]
        block = _mapping(value, indent)
        if block is None:
            return None
        if nested:
            return ["", *block]
        return [" " + block[0][indent:], *block[1:]]  # `- key: value`, the others under it
    lines = _scalar(value, column, indent)
    if lines is None:
        return None
    return [f" {lines[0]}", *lines[1:]]


# Characters the dumper writes as they are inside quotes or a plain scalar (printable, not a
# line break, not the apostrophe that makes `_represent_str` ask for double quotes).
_PRINTABLE = re.compile(
    r"[^\x00-\x1f\x7f-\x9f'\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff\U0010ffff]+"
)
_PRINTABLE_LINES = re.compile(
    r"[^\x00-\x09\x0b-\x1f\x7f-\x9f'\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff\U0010ffff]+"
)
# Characters the dumper writes as they are between double quotes (no escape sequence).
_DOUBLE_QUOTED = re.compile(
    r"[\x20\x21\x23-\x5b\x5d-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]+"
)
_FIRST_INDICATORS = frozenset('#,[]{}&*!|>"%@`')
_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_RESOLVER = yaml.resolver.Resolver()
_STR = "tag:yaml.org,2002:str"
_FLOAT = "tag:yaml.org,2002:float"


def _scalar(value: Any, column: int, indent: int = 0) -> list[str] | None:
    """`value` as the dumper writes it starting at `column` (its further lines at `indent`),
    or None when the dumper might fold it, double-quote it or tag it.

    A string is plain when YAML would read it back as the same string and nothing in it is an
    indicator, else in single quotes (a date, `yes`, `Aircraft: 2,400`), a line break in it
    as a blank line; it stays where the dumper writes it whole (every line inside WIDTH).
    """
    kind = type(value)
    if kind is str:
        return _string(value, column, indent)
    if kind is bool:
        return ["true" if value else "false"]
    if kind is int:
        return [str(value)]
    if value is None:
        return ["null"]
    if kind is float:
        text = repr(value).lower()  # as the representer writes a float with a dot
        if "." in text and "e" not in text and _tag(text) == _FLOAT:
            return [text]
    return None


def _tag(text: str) -> str:
    """The type YAML reads a plain scalar `text` as (its tag: str, int, float, bool, null...)."""
    tag: str = _RESOLVER.resolve(yaml.ScalarNode, text, (True, False))  # type: ignore[no-untyped-call]
    return tag


def _string(value: str, column: int, indent: int) -> list[str] | None:
    if not value or value[0] in " \n" or value[-1] in " \n":
        return None
    if "'" in value:  # `_represent_str` asks for double quotes
        if column + len(value) + 2 > WIDTH or not _DOUBLE_QUOTED.fullmatch(value):
            return None
        return [f'"{value}"']
    if "\n" in value:
        return _quoted_lines(value, column, indent)
    if column + len(value) + 2 > WIDTH or not _PRINTABLE.fullmatch(value):
        return None
    if _plain(value) and _tag(value) == _STR:
        return [value]
    return [f"'{value}'"]


def _plain(value: str) -> bool:
    """Whether nothing in the (one-line, printable) string stops it being a plain scalar."""
    first, second = value[0], value[1:2]
    if first in _FIRST_INDICATORS or (first in "?:-" and second in ("", " ")):
        return False
    if value.startswith(("---", "...")):
        return False
    return ": " not in value and " #" not in value and not value.endswith(":")


def _quoted_lines(value: str, column: int, indent: int) -> list[str] | None:
    """A string with line breaks in single quotes: each break a blank line more."""
    if " \n" in value or "\n " in value or not _PRINTABLE_LINES.fullmatch(value):
        return None  # a space beside a break: the dumper double-quotes it
    first, *rest = value.split("\n")
    if column + len(first) + 2 > WIDTH or any(indent + len(line) + 1 > WIDTH for line in rest):
        return None  # the dumper may fold a line
    out = [f"'{first}"]
    for line in rest:
        out += [""] if not line else ["", " " * indent + line]  # "" : a second break in a row
    out[-1] += "'"
    return out


def _shares_containers(value: Any, seen: set[int] | None = None) -> bool:
    """Whether the same list or mapping object is in `value` twice (at any depth)."""
    seen = set() if seen is None else seen
    if isinstance(value, list | tuple | dict):
        if id(value) in seen:
            return True
        seen.add(id(value))
        items = value.values() if isinstance(value, dict) else value
        return any(_shares_containers(item, seen) for item in items)
    return False


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

"""Local inputs: wikitext files, XML dumps, and folders of them.

    iter_inputs(paths) ─┬─ folder    → every non-hidden file inside, recursively, sorted
                        ├─ dump      → iter_dump(...)   (namespace 0, no redirects)
                        └─ wikitext  → read_wikitext(...)

The kind of a file is decided by its content (`detect_kind`), so a dump named `...-shortened.bz2`
is a dump. One unreadable file or a damaged dump never stops the batch: it becomes an
InputFailure (title, where, what to do) and the next input is read. Only a path that does not
exist raises, because that is a usage error.
"""

from __future__ import annotations

import codecs
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from frontlines.errors import InputFormatError
from frontlines.model import RawPage
from frontlines.sources.dump import iter_dump

__all__ = ["InputFailure", "detect_kind", "iter_inputs", "read_wikitext", "title_from_file_name"]

InputKind = Literal["dump", "wikitext"]

_PEEK_SIZE = 4096
_WIKITEXT_EXTENSIONS = frozenset({".wiki", ".wikitext", ".mediawiki", ".mw", ".txt", ".text"})
_DUMP_EXTENSIONS = frozenset({".xml", ".bz2"})
_MARKUP_START = re.compile(r"\s*<(\?xml|!doctype|mediawiki[\s>]|html[\s>])", re.IGNORECASE)
_CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_REDIRECT = re.compile(r"\s*#redirect\s*:?\s*\[\[([^\]|#]*)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class InputFailure:
    """One article or file that could not be read; the batch goes on."""

    title: str  # page title, or the file name when no title is known
    origin: str  # the path (for dumps: and how far reading got)
    reason: str  # what failed and what to do


def detect_kind(path: Path) -> InputKind:
    """`dump` for bz2 data or XML/HTML markup (or a .xml/.bz2 name), else `wikitext`.

    An HTML page saved under a dump's name counts as a dump, so that reading it fails with
    "not a MediaWiki export" instead of converting the HTML as if it were an article.
    """
    with path.open("rb") as stream:
        head = stream.read(_PEEK_SIZE)
    if head.startswith(b"BZh"):
        return "dump"
    if _MARKUP_START.match(_decode_start(head)):
        return "dump"
    suffixes = {suffix.lower() for suffix in path.suffixes[-2:]}
    return "dump" if suffixes & _DUMP_EXTENSIONS else "wikitext"


def read_wikitext(path: Path, *, title: str | None = None) -> RawPage:
    """One wikitext file as a RawPage; title from `title` or the file name.

    UTF-8 (with or without BOM) and UTF-16 (with a BOM, or without one when the text is mostly
    ASCII, as wikitext is) are read; anything else raises
    InputFormatError saying which byte is wrong and how to fix the file.
    """
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputFormatError(f"Cannot read {path}: {error.strerror or error}.") from None
    text = _decode_wikitext(data, path)
    redirect = _REDIRECT.match(text)
    return RawPage(
        title=title or title_from_file_name(path),
        text=text,
        redirect=redirect.group(1).strip().replace("_", " ") if redirect else None,
        origin=str(path),
    )


def title_from_file_name(path: Path) -> str:
    """`Battle_of_Cecora_(1620).wiki` → `Battle of Cecora (1620)`; unknown extensions stay."""
    name = path.name
    if path.suffix.lower() in _WIKITEXT_EXTENSIONS:
        name = name[: -len(path.suffix)]
    return name.replace("_", " ").strip()


def iter_inputs(
    paths: Sequence[Path], *, title: str | None = None
) -> Iterator[RawPage | InputFailure]:
    """Every article in `paths` (files, dumps, folders), or an InputFailure for what failed.

    `title` names a single wikitext file's article. Raises InputFormatError only when a path
    does not exist (checked for all paths before anything is read).
    """
    missing = [str(path) for path in paths if not path.exists()]
    if missing:
        raise InputFormatError(
            f"No such file or folder: {', '.join(missing)}. Check the path and try again."
        )
    for path in paths:
        for file_path in _files_under(path):
            yield from _read_one(file_path, title)


def _files_under(path: Path) -> Iterator[Path]:
    if not path.is_dir():
        yield path
        return
    for folder, folders, files in os.walk(path):
        folders[:] = sorted(name for name in folders if not name.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(folder) / name


def _read_one(path: Path, title: str | None) -> Iterator[RawPage | InputFailure]:
    try:
        kind = detect_kind(path)
    except OSError as error:
        yield InputFailure(path.name, str(path), f"Cannot read {path}: {error.strerror or error}.")
        return
    if kind == "wikitext":
        try:
            yield read_wikitext(path, title=title)
        except InputFormatError as error:
            yield InputFailure(title or title_from_file_name(path), str(path), str(error))
        return
    try:
        yield from iter_dump(path)
    except InputFormatError as error:  # the message says how far reading got
        yield InputFailure(path.name, str(path), str(error))
    except OSError as error:
        yield InputFailure(path.name, str(path), f"Cannot read {path}: {error.strerror or error}.")


def _decode_start(head: bytes) -> str:
    """The first characters of a file, for sniffing; undecodable bytes are replaced."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le")):
        if head.startswith(bom):
            return head[len(bom) :].decode(encoding, errors="replace")
    if head.startswith(codecs.BOM_UTF16_BE):
        return head[2:].decode("utf-16-be", errors="replace")
    return head.decode("utf-8", errors="replace")


def _decode_wikitext(data: bytes, path: Path) -> str:
    if data.startswith(codecs.BOM_UTF8):
        return _strict_decode(data[3:], "utf-8", path, offset=3)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict_decode(data, "utf-16", path, offset=0)
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return utf16
    nul = data.find(b"\0")
    if nul >= 0:
        raise InputFormatError(
            f"{path} is not a text file (NUL byte at offset {nul}); give a UTF-8 wikitext file,"
            " an XML dump, or a .bz2 dump."
        )
    return _strict_decode(data, "utf-8", path, offset=0)


def _utf16_without_bom(data: bytes) -> str | None:
    """The text of UTF-16 saved without a BOM, else None.

    Wikitext is mostly ASCII (markup, spaces, digits), and in UTF-16 an ASCII character has a
    zero byte on one side: zero bytes at only odd offsets (LE) or only even ones (BE), in at
    least a quarter of the characters, and text without control characters once decoded, are
    UTF-16. UTF-8 text never has zero bytes.
    """
    if len(data) < 2 or len(data) % 2:
        return None
    even, odd = data[0::2].count(0), data[1::2].count(0)
    units = len(data) // 2
    if odd and not even and odd * 4 >= units:
        encoding = "utf-16-le"
    elif even and not odd and even * 4 >= units:
        encoding = "utf-16-be"
    else:
        return None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    return None if _CONTROL_CHARACTER.search(text) else text


def _strict_decode(data: bytes, encoding: str, path: Path, *, offset: int) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        bad = error.object[error.start : error.start + 1].hex().upper()
        position = error.start + offset
        label = "UTF-8" if encoding == "utf-8" else "UTF-16"
        raise InputFormatError(
            f"{path} is not {label} text (byte 0x{bad} at offset {position}); re-save it as UTF-8."
        ) from None
    if "\0" in text:
        raise InputFormatError(
            f"{path} contains NUL characters (at character {text.index(chr(0))}); it is not"
            " wikitext. Re-save it as UTF-8 text."
        )
    return text

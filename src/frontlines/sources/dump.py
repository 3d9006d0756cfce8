"""Streaming reader of MediaWiki XML dumps (Special:Export, pages-articles), plain or bz2.

    iter_dump(path) ──► bytes ──► expat ──► one RawPage per kept page
    peek_pages(xml)  ──► each `<page>`'s title, kind and text, read from its bytes, unparsed

* Streamed: the file is read in 64 KiB pieces, bz2 is decompressed piece by piece (multi-stream
  files too) and expat hands over events, so one page is in memory at a time, whatever the file
  size. Of a page's revisions only the latest (by timestamp) is kept while reading;
  `iter_dump_history(path, keep=N)` also keeps the N before it (a page's history, oldest first).
* Any export schema version (`export-0.3` … `export-0.11`); UTF-8, UTF-16 with a BOM, or whatever
  the XML declaration names; compression is recognised by content (`BZh`), not by file name.
* Hostile XML: a dump never has a DTD, so a `<!DOCTYPE` is refused before any entity is declared:
  no external entity is fetched and no entity is expanded (billion laughs).
* Damage: invalid XML or a truncated bz2 gives every page read so far, then InputFormatError
  naming the file, the position and what to do.
"""

from __future__ import annotations

import bz2
import re
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit
from xml.parsers import expat
from xml.sax.saxutils import unescape

from frontlines.errors import InputFormatError
from frontlines.model import RawPage

__all__ = ["PagePeek", "iter_dump", "iter_dump_history", "peek_pages", "site_from_base"]

CHUNK_SIZE = 1 << 16
_BZ2_MAGIC = b"BZh"
_MAX_DECOMPRESSED_PIECE = 1 << 20
_EXPORT_NAMESPACE = "http://www.mediawiki.org/xml/export-"
_DEFAULT_SITE = RawPage(title="", text="").site


_TITLE = re.compile(rb"<title>([^<]*)</title>")
_LEADING_SPACE = re.compile(rb"\s*")
_SPACE = frozenset(b" \t\n\r\f\v")
_NAMESPACE = re.compile(rb"<ns>\s*(-?\d+)\s*</ns>")
# what makes a text search of the raw XML differ from one of what expat reports (besides the
# five predefined entities): CDATA, comments, processing instructions, the carriage returns it
# turns into line feeds (any of them: the stream is parsed whole), character references (the
# page is parsed: MediaWiki writes `&#039;` in a redirect's title attribute)
# (regular expressions with a literal first character: faster here than `bytes.find`)
_MARKUP = re.compile(rb"<[!?]")
_REFERENCE = re.compile(rb"&#")
# besides `&amp;`, `&lt;` and `&gt;`, which xml.sax.saxutils.unescape decodes itself
_QUOTES = {"&quot;": '"', "&apos;": "'"}


class _StreamEnded(Exception):
    """The compressed stream stopped early or is damaged (internal; turned into a message)."""


def iter_dump(
    path: Path | BinaryIO,
    *,
    namespaces: frozenset[int] = frozenset({0}),
    redirects: bool = False,
) -> Iterator[RawPage]:
    """Yield the pages of a dump in `namespaces`, latest revision each; redirects only if asked.

    Raises InputFormatError (after yielding what it could read) when the file is not a MediaWiki
    export, is not well-formed XML, or its bz2 stream is truncated or damaged.
    """
    for page, _ in iter_dump_history(path, keep=0, namespaces=namespaces, redirects=redirects):
        yield page


def iter_dump_history(
    path: Path | BinaryIO,
    *,
    keep: int,
    namespaces: frozenset[int] = frozenset({0}),
    redirects: bool = False,
) -> Iterator[tuple[RawPage, tuple[RawPage, ...]]]:
    """Like iter_dump, with up to `keep` earlier revisions of each page (oldest first)."""
    if isinstance(path, Path | str):
        file_path = Path(path)
        with file_path.open("rb") as stream:
            yield from _read_dump(
                stream, file_path.name, str(file_path), namespaces, redirects, keep
            )
    else:
        name = str(getattr(path, "name", "<stream>"))
        yield from _read_dump(path, Path(name).name, name, namespaces, redirects, keep)


def site_from_base(base: str) -> str:
    """`https://en.wikipedia.org/wiki/Main_Page` → `https://en.wikipedia.org`."""
    parts = urlsplit(base.strip())
    if not parts.scheme or not parts.netloc:
        return _DEFAULT_SITE
    return f"{parts.scheme}://{parts.netloc}"


def _read_dump(
    stream: BinaryIO,
    name: str,
    origin: str,
    namespaces: frozenset[int],
    redirects: bool,
    keep: int = 0,
) -> Iterator[tuple[RawPage, tuple[RawPage, ...]]]:
    reader = _DumpReader(
        name=name, origin=origin, namespaces=namespaces, redirects=redirects, keep=keep
    )
    try:
        for piece in _xml_pieces(stream):
            reader.feed(piece)
            yield from reader.take_pages()
        reader.close()
    except _StreamEnded as ended:
        yield from reader.take_pages()
        raise InputFormatError(
            f"Dump file {name!r} is {ended} {reader.read_so_far()};"
            " the download may be incomplete: download it again."
        ) from None
    except expat.ExpatError as error:
        yield from reader.take_pages()
        raise InputFormatError(reader.describe(error)) from None
    except InputFormatError:
        yield from reader.take_pages()
        raise
    yield from reader.take_pages()


@dataclass(frozen=True, slots=True)
class PagePeek:
    """One `<page>` element as its bytes show it, read without an XML parse."""

    title: str  # as the parser gives it
    article: bool  # in namespace 0 and not a redirect: what iter_dump yields
    raw: bytes  # the element, `<page>` to `</page>`
    xml: str  # the same as text, its wikitext as XML escapes it (`&lt;`…); "" if not plain
    plain: bool  # an article without character references: `xml` holds what the parser reads


def peek_pages(xml: bytes) -> tuple[PagePeek, ...] | None:
    """The pages of `xml`, if it is plain whole `<page>` elements, each read from its bytes.

    For a quick test that can leave pages of a multistream dump's stream unparsed: a pattern
    that finds a match in a plain article's wikitext finds the same match in its `xml` if it
    cannot match `<`, `>`, `&`, `"` or `'` (or also matches their escapes). An article with a
    character reference is not plain (its text is not read). None when reading the bytes
    could differ from the parse: not whole pages (the `<mediawiki>` head, the end), CDATA,
    comments, processing instructions, carriage returns, a page without `<title>` or `<ns>`,
    anything between pages, not UTF-8.
    """
    body = xml  # (not stripped: that would copy it)
    position, stop = _LEADING_SPACE.match(body).end(), len(body)  # type: ignore[union-attr]
    while stop > position and body[stop - 1] in _SPACE:
        stop -= 1
    if not body.startswith(b"<page>", position) or not body.endswith(b"</page>", 0, stop):
        return None
    if b"\r" in body or _MARKUP.search(body):
        return None
    pages: list[PagePeek] = []
    while position < stop:
        end = body.find(b"</page>", position)
        if end < 0:
            return None
        revision = body.find(b"<revision", position, end)
        head = body[position : revision if revision >= 0 else end]
        title, namespace = _TITLE.search(head), _NAMESPACE.search(head)
        following = body.find(b"<page>", end)
        if following < 0:
            following = stop
        if title is None or namespace is None or body[end + 7 : following].strip():
            return None  # a page without a title or namespace, or something between pages
        raw = body[position : end + 7]
        article = int(namespace.group(1)) == 0 and b"<redirect" not in head
        plain = article and not _REFERENCE.search(raw)
        try:
            text = raw.decode("utf-8") if plain else ""
        except UnicodeDecodeError:
            return None
        name = unescape(title.group(1).decode("utf-8", errors="replace"), _QUOTES)
        pages.append(PagePeek(name, article, raw, text, plain))
        position = following
    return tuple(pages)


def _xml_pieces(stream: BinaryIO) -> Iterator[bytes]:
    """The XML bytes of the stream: decompressed when it starts with the bz2 magic."""
    head = stream.read(CHUNK_SIZE)
    if head.startswith(_BZ2_MAGIC):
        yield from _bz2_pieces(head, stream)
        return
    while head:
        yield head
        head = stream.read(CHUNK_SIZE)


def _bz2_pieces(head: bytes, stream: BinaryIO) -> Iterator[bytes]:
    """Decompress bz2 piece by piece, one stream after another (multi-stream files)."""
    decompressor = bz2.BZ2Decompressor()
    pending = head
    streams = 1
    while True:
        data = b""
        if decompressor.needs_input:
            data = pending or stream.read(CHUNK_SIZE)
            pending = b""
            if not data:
                break
        try:
            piece = decompressor.decompress(data, max_length=_MAX_DECOMPRESSED_PIECE)
        except OSError as error:
            raise _StreamEnded(f"damaged bz2 data in stream {streams} ({error})") from None
        if piece:
            yield piece
        if decompressor.eof:
            rest = decompressor.unused_data or stream.read(CHUNK_SIZE)
            if len(rest) < len(_BZ2_MAGIC):
                rest += stream.read(CHUNK_SIZE)
            if not rest.startswith(_BZ2_MAGIC):
                return  # end of the last stream (trailing padding, if any, is ignored)
            decompressor = bz2.BZ2Decompressor()
            pending = rest
            streams += 1
    raise _StreamEnded(f"a truncated bz2 file (stream {streams} has no end marker)")


@dataclass
class _Revision:
    revision_id: int | None = None
    timestamp: str | None = None
    sha1: str | None = None
    text: str = ""


@dataclass
class _Page:
    title: str | None = None
    namespace: int | None = None
    page_id: int | None = None
    redirect: str | None = None
    latest: _Revision | None = None
    current: _Revision | None = None
    earlier: list[_Revision] = field(default_factory=list)


@dataclass
class _DumpReader:
    """expat callbacks that turn element events into finished pages, queued for the caller."""

    name: str
    origin: str
    namespaces: frozenset[int]
    redirects: bool
    keep: int = 0  # earlier revisions kept per page
    kept: int = 0
    pages_seen: int = 0
    last_title: str = ""  # of the last complete page (any namespace)
    site: str = _DEFAULT_SITE
    _parser: expat.XMLParserType = field(init=False)
    _stack: list[str] = field(default_factory=list)
    _buffer: list[str] | None = None
    _page: _Page | None = None
    _prefixes: dict[str, int] = field(default_factory=dict)
    _namespace_key: int = 0
    _ready: deque[tuple[RawPage, tuple[RawPage, ...]]] = field(default_factory=deque)

    def __post_init__(self) -> None:
        parser = expat.ParserCreate(namespace_separator=" ")
        parser.buffer_text = True
        parser.buffer_size = CHUNK_SIZE
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        parser.StartDoctypeDeclHandler = self._refuse_doctype
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        parser.CharacterDataHandler = self._characters
        self._parser = parser

    def feed(self, data: bytes) -> None:
        self._parser.Parse(data, False)

    def close(self) -> None:
        self._parser.Parse(b"", True)

    def take_pages(self) -> Iterator[tuple[RawPage, tuple[RawPage, ...]]]:
        while self._ready:
            yield self._ready.popleft()

    def read_so_far(self) -> str:
        """'after 6 pages (the last complete one: 'Battle of X')', for damage messages."""
        if not self.pages_seen:
            return "before its first complete page"
        count = "1 page" if self.pages_seen == 1 else f"{self.pages_seen} pages"
        return f"after {count} (the last complete one: {self.last_title!r})"

    def describe(self, error: expat.ExpatError) -> str:
        """A message for an expat error: what, where, and what to do."""
        reason = expat.errors.messages[error.code]
        where = f"line {error.lineno}, column {error.offset + 1}"
        if not self._stack and self.pages_seen == 0 and error.lineno <= 1:
            return (
                f"Dump file {self.name!r} is not a MediaWiki export (not XML: {reason} at {where})."
                " Give a pages-articles .xml or .xml.bz2 dump, or a wikitext file."
            )
        if reason in ("no element found", "unclosed token"):
            return (
                f"Dump file {self.name!r} ends before its XML is complete ({reason} at {where})"
                f" {self.read_so_far()}; the download may be incomplete: download it again."
            )
        return (
            f"Dump file {self.name!r} is not well-formed XML: {reason} at {where}"
            f" ({self.read_so_far()}). The file is damaged; download or export it again."
        )

    # ---- expat callbacks

    def _refuse_doctype(self, name: str, *_: object) -> None:
        raise InputFormatError(
            f"Dump file {self.name!r} declares a DTD (<!DOCTYPE {name}>), which MediaWiki exports"
            " never do; its entities are not expanded. Is this really a MediaWiki dump?"
        )

    def _start(self, tag: str, attributes: dict[str, str]) -> None:
        uri, _, local = tag.rpartition(" ")
        if not self._stack:
            self._check_root(uri, local)
        parent = self._stack[-1] if self._stack else ""
        self._stack.append(local)
        page = self._page
        if local == "page" and parent == "mediawiki":
            self._page = _Page()
        elif page is None:
            self._start_siteinfo(local, parent, attributes)
        elif parent == "page" and local == "redirect":
            page.redirect = attributes.get("title", "")
        elif parent == "page" and local == "revision" and self._wanted(page):
            page.current = _Revision()
        elif self._captures(local, parent, page):
            self._buffer = []

    def _end(self, tag: str) -> None:
        local = self._stack.pop()
        parent = self._stack[-1] if self._stack else ""
        text = "".join(self._buffer) if self._buffer is not None else None
        self._buffer = None
        page = self._page
        if page is None:
            self._end_siteinfo(local, parent, text)
        elif local == "page":
            self._finish_page(page)
            self._page = None
        elif parent == "page" and local == "revision":
            self._finish_revision(page)
        elif text is not None:
            self._store_field(page, local, parent, text)

    def _characters(self, data: str) -> None:
        if self._buffer is not None:
            self._buffer.append(data)

    # ---- helpers

    def _check_root(self, uri: str, local: str) -> None:
        if local != "mediawiki" or (uri and not uri.startswith(_EXPORT_NAMESPACE)):
            hint = " Did you download the HTML page instead of the .bz2?" if local == "html" else ""
            raise InputFormatError(
                f"Dump file {self.name!r} is not a MediaWiki export (root element <{local}>)."
                + (hint or " Give a pages-articles .xml or .xml.bz2 dump.")
            )

    def _start_siteinfo(self, local: str, parent: str, attributes: dict[str, str]) -> None:
        if parent == "siteinfo" and local == "base":
            self._buffer = []
        elif parent == "namespaces" and local == "namespace":
            self._namespace_key = _to_int(attributes.get("key")) or 0
            self._buffer = []

    def _end_siteinfo(self, local: str, parent: str, text: str | None) -> None:
        if text is None:
            return
        if parent == "siteinfo" and local == "base":
            self.site = site_from_base(text)
        elif parent == "namespaces" and local == "namespace" and text.strip():
            self._prefixes[text.strip() + ":"] = self._namespace_key

    def _captures(self, local: str, parent: str, page: _Page) -> bool:
        if parent == "page":
            return local in ("title", "ns", "id")
        if parent == "revision" and page.current is not None:
            return local in ("id", "timestamp", "sha1", "text")
        return False

    def _wanted(self, page: _Page) -> bool:
        namespace = page.namespace if page.namespace is not None else self._guess_namespace(page)
        return namespace in self.namespaces and (self.redirects or page.redirect is None)

    def _guess_namespace(self, page: _Page) -> int:
        """Old exports (before 0.4) have no <ns>: the title's prefix tells the namespace."""
        title = page.title or ""
        for prefix, key in self._prefixes.items():
            if title.startswith(prefix):
                return key
        return 0

    def _store_field(self, page: _Page, local: str, parent: str, text: str) -> None:
        if parent == "page":
            if local == "title":
                page.title = text
            elif local == "ns":
                page.namespace = _to_int(text)
            elif local == "id":
                page.page_id = _to_int(text)
            return
        revision = page.current
        if revision is None:
            return
        if local == "id":
            revision.revision_id = _to_int(text)
        elif local == "timestamp":
            revision.timestamp = text.strip() or None
        elif local == "sha1":
            revision.sha1 = text.strip() or None
        elif local == "text":
            revision.text = text

    def _finish_revision(self, page: _Page) -> None:
        revision, page.current = page.current, None
        if revision is None:
            return
        latest = page.latest
        if latest is None or (revision.timestamp or "") >= (latest.timestamp or ""):
            page.latest, revision = revision, latest
        if revision is not None and self.keep:
            page.earlier.append(revision)
            page.earlier.sort(key=lambda r: (r.timestamp or "", r.revision_id or 0))
            del page.earlier[: -self.keep]

    def _finish_page(self, page: _Page) -> None:
        self.pages_seen += 1
        self.last_title = page.title or ""
        if not self._wanted(page):
            return
        if not page.title:
            raise InputFormatError(
                f"Dump file {self.name!r}: page {self.pages_seen} (line"
                f" {self._parser.CurrentLineNumber}) has no <title>; the dump is damaged."
            )
        self.kept += 1
        earlier = tuple(self._raw_page(page, page.title, r) for r in page.earlier)
        self._ready.append((self._raw_page(page, page.title, page.latest or _Revision()), earlier))

    def _raw_page(self, page: _Page, title: str, revision: _Revision) -> RawPage:
        return RawPage(
            title=title,
            text=revision.text,
            namespace=(
                page.namespace if page.namespace is not None else self._guess_namespace(page)
            ),
            page_id=page.page_id,
            revision_id=revision.revision_id,
            timestamp=revision.timestamp,
            sha1=revision.sha1,
            redirect=page.redirect or None,
            origin=self.origin,
            site=self.site,
        )


def _to_int(text: str | None) -> int | None:
    try:
        return int(text.strip()) if text is not None else None
    except ValueError:
        return None

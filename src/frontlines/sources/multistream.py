"""Multistream dumps: a `.xml.bz2` made of independent bz2 streams, read a byte range at a time.

    plan_chunks(dump, index=None, chunk_bytes=64 MiB) ──► ChunkPlan (header XML + Chunk ranges)
    iter_chunk(plan, chunk, counts, wanted)  ──► the RawPages of one chunk (sources/dump.py's
        parser); the articles `wanted` rules out are not parsed
    write_multistream(pages, dump, index)  ──► test data: a dump plus its index

Wikimedia writes `pages-articles-multistream.xml.bz2` as one bz2 stream holding the XML head
(`<mediawiki>` and `<siteinfo>`), then streams of 100 pages each, then one holding
`</mediawiki>`; the companion `-multistream-index.txt.bz2` has a line `offset:page_id:title` per
page, `offset` being the byte where the page's stream starts. Any run of whole streams
decompresses on its own, so a chunk (streams from `start` to `end`) is parsed as the head, the
chunk's pages and a closing `</mediawiki>`.

Without an index the stream starts are found in the file itself: each stream begins with the bz2
header `BZh1`…`BZh9` followed by the first block's magic number (byte-aligned there, 48 bits of
π), which compressed data repeats by chance about once in 10^24 bytes. A file with one stream
(a plain `.xml.bz2`) or an uncompressed `.xml` is one chunk, read single-stream.
"""

from __future__ import annotations

import bz2
import io
import mmap
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from frontlines.errors import InputFormatError
from frontlines.model import RawPage
from frontlines.sources.dump import PagePeek, iter_dump, peek_pages

__all__ = [
    "Chunk",
    "ChunkPlan",
    "ReadCounts",
    "iter_chunk",
    "plan_chunks",
    "read_index",
    "stream_offsets",
    "write_multistream",
]

DEFAULT_CHUNK_BYTES = 64 << 20
_STREAM_START = re.compile(rb"BZh[1-9]\x31\x41\x59\x26\x53\x59")
_PIECE = 1 << 20
_INPUT = 1 << 18
_CLOSING = b"</mediawiki>"
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True, slots=True)
class Chunk:
    """Streams `start` ≤ byte < `end` of the dump, read by one task."""

    number: int
    start: int
    end: int
    streams: int

    @property
    def size(self) -> int:
        return self.end - self.start

    def describe(self) -> str:
        return f"bytes {self.start:,}–{self.end:,} ({self.streams} streams)"


@dataclass(frozen=True, slots=True)
class ChunkPlan:
    """How a dump is cut: its head XML and its chunks (one chunk when it is not multistream)."""

    dump: Path
    size: int
    chunks: tuple[Chunk, ...]
    header: bytes  # `<mediawiki …><siteinfo>…</siteinfo>`, put before every later chunk
    multistream: bool
    note: str | None = None  # why the dump is read single-stream, when it is


def read_index(index: Path) -> list[int]:
    """The distinct stream offsets of a multistream index (`offset:page_id:title` lines)."""
    opener = bz2.open if index.read_bytes()[:3] == b"BZh" else open
    offsets: set[int] = set()
    with opener(index, "rt", encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            offset, _, rest = line.partition(":")
            if not offset.strip().isdigit() or ":" not in rest:
                raise InputFormatError(
                    f"Index file {index.name!r} line {number} is not 'offset:page_id:title'"
                    f" ({line.strip()[:60]!r}); give the dump's -multistream-index.txt.bz2."
                )
            offsets.add(int(offset))
    return sorted(offsets)


def stream_offsets(dump: Path) -> list[int]:
    """Where each bz2 stream of the file starts, found by their headers (no index needed)."""
    with dump.open("rb") as handle:
        if handle.seek(0, io.SEEK_END) == 0:
            return []
        with mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
            return [match.start() for match in _STREAM_START.finditer(data)]


def plan_chunks(
    dump: Path, index: Path | None = None, *, chunk_bytes: int = DEFAULT_CHUNK_BYTES
) -> ChunkPlan:
    """Cut the dump into chunks of whole streams, each about `chunk_bytes` of bz2 data."""
    size = dump.stat().st_size
    with dump.open("rb") as handle:
        magic = handle.read(3)
    if magic != b"BZh":
        note = "not bz2-compressed: read single-stream by one worker"
        return _single(dump, size, note)
    offsets = read_index(index) if index is not None else stream_offsets(dump)
    if index is not None and offsets and offsets[-1] >= size:
        raise InputFormatError(
            f"Index file {index.name!r} points at byte {offsets[-1]:,} but {dump.name!r} has "
            f"{size:,} bytes; the index belongs to another dump: give the matching one."
        )
    starts = sorted({0, *offsets})
    if len(starts) < 2:
        note = "one bz2 stream (not a multistream dump): read single-stream by one worker"
        return _single(dump, size, note)
    chunks: list[Chunk] = []
    begin, streams = 0, 0
    for following in [*starts[1:], size]:
        streams += 1
        if following - begin >= chunk_bytes or following == size:
            chunks.append(Chunk(len(chunks), begin, following, streams))
            begin, streams = following, 0
    header = _header(dump, starts[1])
    return ChunkPlan(dump, size, tuple(chunks), header, multistream=True)


def _single(dump: Path, size: int, note: str) -> ChunkPlan:
    return ChunkPlan(dump, size, (Chunk(0, 0, size, 1),), b"", multistream=False, note=note)


def _header(dump: Path, first_end: int) -> bytes:
    """The XML before the first `<page>` of the first stream: the `<mediawiki>` head."""
    with dump.open("rb") as handle:
        xml = b"".join(_decompress(handle.read(first_end), 0))
    cut = xml.find(b"<page>")
    return xml if cut < 0 else xml[:cut]


def _decompress(data: bytes, offset: int) -> Iterator[bytes]:
    """The XML of consecutive whole bz2 streams, piece by piece; damage names its byte."""
    for piece, _ in _stream_pieces(data, offset):
        if piece:
            yield piece


def _stream_pieces(data: bytes, offset: int) -> Iterator[tuple[bytes, bool]]:
    """Like _decompress, each piece with whether it ends its stream (the last may be empty)."""
    view = memoryview(data)
    position = 0
    while position < len(data):
        if data[position : position + 3] != b"BZh":
            raise InputFormatError(
                f"no bz2 stream starts at byte {offset + position:,}; the dump is damaged or the"
                " index does not belong to it"
            )
        decompressor = bz2.BZ2Decompressor()
        fed = position
        while not decompressor.eof:
            piece: memoryview | bytes = b""
            if decompressor.needs_input:
                if fed >= len(data):
                    raise InputFormatError(
                        f"the bz2 stream at byte {offset + position:,} is truncated;"
                        " download the dump again"
                    )
                piece = view[fed : fed + _INPUT]
                fed += len(piece)
            try:
                out = decompressor.decompress(piece, max_length=_PIECE)
            except OSError as error:
                raise InputFormatError(
                    f"damaged bz2 data in the stream at byte {offset + position:,} ({error});"
                    " download the dump again"
                ) from None
            if out or decompressor.eof:
                yield out, decompressor.eof
        position = fed - len(decompressor.unused_data)


class _Pieces(io.RawIOBase):
    """A readable stream over an iterator of byte pieces (for the dump parser)."""

    def __init__(self, pieces: Iterator[bytes], name: str) -> None:
        super().__init__()
        self._pieces = pieces
        self._rest = memoryview(b"")
        self.name = name

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        while not self._rest:
            piece = next(self._pieces, b"")
            if not piece:
                return 0
            self._rest = memoryview(piece)
        count = min(len(buffer), len(self._rest))
        buffer[:count] = self._rest[:count]
        self._rest = self._rest[count:]  # a view: no copy of what is left
        return count


@dataclass(slots=True)
class ReadCounts:
    """What reading one chunk went through, counted as it is read."""

    xml_bytes: int = 0  # decompressed XML, of pages left unparsed too
    pages_skipped: int = 0  # `<page>`s not parsed: not articles, or ruled out by `wanted`
    articles_skipped: int = 0  # of which articles (namespace 0, not redirects)


def chunk_xml(
    plan: ChunkPlan,
    chunk: Chunk,
    counts: ReadCounts | None = None,
    wanted: Callable[[PagePeek], bool] | None = None,
) -> Iterator[bytes]:
    """The chunk as a whole XML document: head, its pages, `</mediawiki>`.

    With `wanted`, the pages of each stream of plain whole pages are first read without a
    parse (sources/dump.py: peek_pages) and only the articles `wanted` keeps (and those it
    cannot judge: not plain) go to the parser; a stream that cannot be read so is parsed
    whole.
    """
    counts = counts if counts is not None else ReadCounts()
    with plan.dump.open("rb") as handle:
        handle.seek(chunk.start)
        data = handle.read(chunk.size)
    if len(data) != chunk.size:
        raise InputFormatError(f"{plan.dump.name!r} ended inside {chunk.describe()}")
    if chunk.start > 0:
        yield plan.header
    stream: list[bytes] = []
    for piece, last in _stream_pieces(data, chunk.start):
        counts.xml_bytes += len(piece)
        if wanted is None:
            if piece:
                yield piece
            continue
        stream.append(piece)
        if last:
            xml, stream = b"".join(stream), []
            pages = peek_pages(xml)
            if pages is None:
                yield xml
                continue
            for page in pages:
                if page.article and (not page.plain or wanted(page)):
                    yield page.raw
                else:
                    counts.pages_skipped += 1
                    counts.articles_skipped += page.article
    if chunk.end < plan.size:
        yield _CLOSING  # the last stream holds the real one


def iter_chunk(
    plan: ChunkPlan,
    chunk: Chunk,
    counts: ReadCounts | None = None,
    wanted: Callable[[PagePeek], bool] | None = None,
) -> Iterator[RawPage]:
    """The namespace-0 articles of one chunk; with `wanted`, only those it keeps (chunk_xml).
    `counts` grows by what was read and left unparsed."""
    counts = counts if counts is not None else ReadCounts()
    if plan.multistream:
        pieces = chunk_xml(plan, chunk, counts, wanted)
    else:
        pieces = _whole_xml(plan.dump, counts)
    reader = io.BufferedReader(_Pieces(pieces, str(plan.dump)))
    yield from iter_dump(reader)


def _whole_xml(dump: Path, counts: ReadCounts) -> Iterator[bytes]:
    """A dump that is not multistream, read in one go (bz2 or plain XML)."""
    with dump.open("rb") as raw:
        compressed = raw.read(3) == b"BZh"
    with bz2.open(dump, "rb") if compressed else dump.open("rb") as handle:
        while piece := handle.read(_PIECE):
            counts.xml_bytes += len(piece)
            yield piece


# ---------------------------------------------------------------- writing (test data)


def write_multistream(
    pages: Iterable[RawPage],
    dump: Path,
    index: Path | None = None,
    *,
    per_stream: int = 100,
    site: str = "https://en.wikipedia.org",
) -> int:
    """Write `pages` as a multistream dump (and its bz2 index); the number of pages written.

    Pages without a page id, revision id or timestamp get made-up ones (ids counted from 1,
    `2001-01-15T00:00:00Z`), so that a store can tell revisions apart.
    """
    head = (
        '<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.11/" version="0.11"'
        ' xml:lang="en">\n  <siteinfo>\n    <sitename>Front Lines test data</sitename>\n'
        f"    <base>{escape(site)}/wiki/Main_Page</base>\n"
        '    <namespaces>\n      <namespace key="0" case="first-letter" />\n'
        "    </namespaces>\n  </siteinfo>\n"
    )
    written = 0
    lines: list[str] = []
    with dump.open("wb") as out:
        out.write(bz2.compress(head.encode("utf-8")))
        batch: list[str] = []
        for page in pages:
            written += 1
            batch.append(_page_xml(page, written))
            lines.append(f"{out.tell()}:{page.page_id or written}:{page.title}")
            if len(batch) == per_stream:
                out.write(bz2.compress("".join(batch).encode("utf-8")))
                batch = []
        if batch:
            out.write(bz2.compress("".join(batch).encode("utf-8")))
        out.write(bz2.compress(b"</mediawiki>\n"))
    if index is not None:
        index.write_bytes(bz2.compress(("\n".join(lines) + "\n").encode("utf-8")))
    return written


def _page_xml(page: RawPage, number: int) -> str:
    redirect = f'    <redirect title="{escape(page.redirect)}" />\n' if page.redirect else ""
    text = escape(_NOT_XML.sub("", page.text))
    return (
        f"  <page>\n    <title>{escape(page.title)}</title>\n    <ns>{page.namespace}</ns>\n"
        f"    <id>{page.page_id or number}</id>\n{redirect}    <revision>\n"
        f"      <id>{page.revision_id or number}</id>\n"
        f"      <timestamp>{page.timestamp or '2001-01-15T00:00:00Z'}</timestamp>\n"
        "      <contributor><username>Front Lines</username><id>1</id></contributor>\n"
        "      <model>wikitext</model>\n      <format>text/x-wiki</format>\n"
        f'      <text bytes="{len(page.text.encode("utf-8"))}" xml:space="preserve">{text}</text>\n'
        f"      <sha1>{page.sha1 or ''}</sha1>\n    </revision>\n  </page>\n"
    )

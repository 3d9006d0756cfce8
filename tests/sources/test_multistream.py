"""Multistream dumps: written with their index, cut into chunks of whole streams, read back."""

from __future__ import annotations

import bz2
import io
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from hypothesis import given
from hypothesis import strategies as st

from frontlines.errors import InputFormatError
from frontlines.model import RawPage
from frontlines.sources.dump import PagePeek, iter_dump, peek_pages
from frontlines.sources.multistream import (
    ReadCounts,
    iter_chunk,
    plan_chunks,
    read_index,
    stream_offsets,
    write_multistream,
)
from frontlines.sources.multistream import _page_xml as _page_xml
from tests.conftest import CORPUS
from tests.ostmark import pages


def _dump(folder: Path, per_stream: int = 4) -> tuple[Path, Path]:
    dump, index = folder / "wiki-multistream.xml.bz2", folder / "wiki-multistream-index.txt.bz2"
    write_multistream(pages(30), dump, index, per_stream=per_stream)
    return dump, index


def _read_all(dump: Path, index: Path | None, chunk_bytes: int) -> list[tuple[str, int | None]]:
    plan = plan_chunks(dump, index, chunk_bytes=chunk_bytes)
    return [
        (page.title, page.revision_id) for chunk in plan.chunks for page in iter_chunk(plan, chunk)
    ]


def test_index_lines_point_at_stream_starts(tmp_path: Path) -> None:
    dump, index = _dump(tmp_path)
    lines = bz2.decompress(index.read_bytes()).decode("utf-8").splitlines()
    assert len(lines) == 36 and lines[0].endswith(":1:Village 1")
    data = dump.read_bytes()
    offsets = read_index(index)
    assert len(offsets) == 9  # 36 pages, 4 a stream
    assert all(data[offset : offset + 3] == b"BZh" for offset in offsets)
    # the head stream first, the </mediawiki> stream last: found without the index too
    assert stream_offsets(dump) == [0, *offsets, stream_offsets(dump)[-1]]


@pytest.mark.parametrize("chunk_bytes", [1, 3000, 10_000, 1 << 30])
@pytest.mark.parametrize("with_index", [True, False])
def test_chunks_read_the_same_pages_as_the_whole_dump(
    tmp_path: Path, chunk_bytes: int, with_index: bool
) -> None:
    dump, index = _dump(tmp_path)
    whole = [(page.title, page.revision_id) for page in iter_dump(dump)]
    assert len(whole) == 36
    assert _read_all(dump, index if with_index else None, chunk_bytes) == whole


def test_chunks_are_whole_streams_of_about_the_asked_size(tmp_path: Path) -> None:
    dump, index = _dump(tmp_path)
    plan = plan_chunks(dump, index, chunk_bytes=3000)
    assert plan.multistream and plan.note is None
    assert plan.chunks[0].start == 0 and plan.chunks[-1].end == dump.stat().st_size
    assert all(a.end == b.start for a, b in zip(plan.chunks, plan.chunks[1:], strict=False))
    assert all(chunk.size >= 3000 for chunk in plan.chunks[:-1])
    assert b"<siteinfo>" in plan.header and b"<page>" not in plan.header


def test_a_plain_dump_is_one_chunk_with_a_note(tmp_path: Path) -> None:
    dump, _ = _dump(tmp_path)
    xml = bz2.decompress(dump.read_bytes())
    single = tmp_path / "single.xml.bz2"
    single.write_bytes(bz2.compress(xml))
    plain = tmp_path / "plain.xml"
    plain.write_bytes(xml)
    for path, said in ((single, "one bz2 stream"), (plain, "not bz2-compressed")):
        plan = plan_chunks(path, chunk_bytes=100)
        assert not plan.multistream and len(plan.chunks) == 1
        assert plan.note is not None and said in plan.note
        counts = ReadCounts()
        titles = [page.title for page in iter_chunk(plan, plan.chunks[0], counts)]
        assert len(titles) == 36 and counts.xml_bytes == len(xml)


def test_a_damaged_stream_names_its_byte(tmp_path: Path) -> None:
    dump, index = _dump(tmp_path)
    offsets = read_index(index)
    data = bytearray(dump.read_bytes())
    broken = offsets[4]
    for at in range(broken + 40, broken + 60):
        data[at] ^= 0xFF
    dump.write_bytes(bytes(data))
    plan = plan_chunks(dump, index, chunk_bytes=1)
    chunk = next(chunk for chunk in plan.chunks if chunk.start == broken)
    with pytest.raises(InputFormatError, match=f"stream at byte {broken:,}"):
        list(iter_chunk(plan, chunk))
    others = [c for c in plan.chunks if c is not chunk]
    assert sum(len(list(iter_chunk(plan, c))) for c in others) == 32


def test_an_index_of_another_dump_is_refused(tmp_path: Path) -> None:
    dump, index = _dump(tmp_path)
    small = tmp_path / "small.xml.bz2"
    write_multistream(pages(0), small, None, per_stream=2)
    with pytest.raises(InputFormatError, match="belongs to another dump"):
        plan_chunks(small, index)
    bad = tmp_path / "bad-index.txt"
    bad.write_text("not an index\n", encoding="utf-8")
    with pytest.raises(InputFormatError, match="offset:page_id:title"):
        plan_chunks(dump, bad)


def test_titles_with_colons_in_the_index(tmp_path: Path) -> None:
    index = tmp_path / "index.txt"
    index.write_text("600:1:Siege of X: the second\n600:2:Y\n900:3:Z:W\n", encoding="utf-8")
    assert read_index(index) == [600, 900]


# ---------------------------------------------------------------- streams read without a parse


def _stream_xml(batch: list[RawPage]) -> bytes:
    return "".join(_page_xml(page, number) for number, page in enumerate(batch, 1)).encode()


_WIKITEXT = st.lists(
    st.sampled_from(list("ab {}[]|=:<>&\"'_\n\t#;") + ["&lt;", "&#38;", "\u00a0", "é"]),
    max_size=60,
).map("".join)
_TITLES = st.text(alphabet=st.sampled_from(list("Ab &<>\"'é:")), min_size=1, max_size=12)


@given(
    st.lists(
        st.tuples(_TITLES, _WIKITEXT, st.sampled_from([0, 0, 1, 14]), st.booleans()),
        min_size=1,
        max_size=6,
    )
)
def test_a_peek_at_a_stream_holds_what_the_parser_reads(
    spec: list[tuple[str, str, int, bool]],
) -> None:
    batch = [
        RawPage(title=t, text=x, namespace=ns, redirect="Elsewhere" if redirect else None)
        for t, x, ns, redirect in spec
    ]
    xml = _stream_xml(batch)
    peeks = peek_pages(xml)
    assert peeks is not None
    head = b'<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.11/">'
    every = frozenset({0, 1, 14})
    document = io.BytesIO(head + xml + b"</mediawiki>")
    parsed = list(iter_dump(document, namespaces=every, redirects=True))
    assert [peek.title for peek in peeks] == [page.title for page in parsed]
    assert [p.article for p in peeks] == [p.namespace == 0 and p.redirect is None for p in parsed]
    for peek, page in zip(peeks, parsed, strict=True):
        assert peek.plain == peek.article and (not peek.article or escape(page.text) in peek.xml)
        alone = io.BytesIO(head + peek.raw + b"</mediawiki>")
        assert list(iter_dump(alone, namespaces=every, redirects=True)) == [page]


@pytest.mark.parametrize(
    "xml",
    [
        b"<siteinfo><sitename>x</sitename></siteinfo><page><title>A</title><ns>0</ns></page>",
        b"<page><title>A</title><ns>0</ns><revision><text><![CDATA[{{x}}]]></text></revision></page>",
        b"<page><title>A</title><ns>0</ns><revision><text>a<!-- b -->c</text></revision></page>",
        b"<page><title>A</title><ns>0</ns></page> <x/> <page><title>B</title><ns>0</ns></page>",
        b"<page><title>A</title><ns>0</ns><revision><text>a\r\nb</text></revision></page>",
        b"<page><title>A</title><revision><text>no ns</text></revision></page>",
        b"<page><ns>0</ns><revision><text>no title</text></revision></page>",
        b"<page><title>A</title><ns>0</ns><revision><text>\xff</text></revision></page>",
        b'<page id="1"><title>A</title><ns>0</ns></page>',
        b"<page><title>A</title><ns>0</ns><revision><text>cut",
        b"</mediawiki>",
    ],
)
def test_streams_that_are_not_plain_pages_are_not_peeked_at(xml: bytes) -> None:
    assert peek_pages(xml) is None


def test_character_references_make_an_article_parsed_whatever_the_test_says(
    tmp_path: Path,
) -> None:
    # MediaWiki writes `&#039;` in a redirect's title attribute; an article may hold any
    redirect = (
        b'<page><title>R</title><ns>0</ns><id>1</id><redirect title="O&#039;Brien" />'
        b"<revision><id>1</id><text>#REDIRECT [[O'Brien]]</text></revision></page>"
    )
    article = (
        b"<page><title>B</title><ns>0</ns><id>2</id><revision><id>2</id>"
        b"<text>&#123;&#123;Infobox military conflict}}</text></revision></page>"
    )
    peeks = peek_pages(redirect + b"\n" + article)
    assert peeks is not None
    assert [(p.title, p.article, p.plain) for p in peeks] == [
        ("R", False, False),
        ("B", True, False),
    ]
    head = b'<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.11/">'
    dump, index = tmp_path / "refs.xml.bz2", tmp_path / "refs-index.txt"
    dump.write_bytes(
        bz2.compress(head)
        + bz2.compress(redirect + b"\n" + article + b"\n")
        + bz2.compress(b"</mediawiki>\n")
    )
    index.write_text(f"{len(bz2.compress(head))}:1:R\n", encoding="utf-8")
    plan = plan_chunks(dump, index, chunk_bytes=1 << 30)
    counts = ReadCounts()
    kept = list(iter_chunk(plan, plan.chunks[0], counts, wanted=lambda peek: False))
    assert [page.text for page in kept] == ["{{Infobox military conflict}}"]
    assert counts.articles_skipped == 0 and counts.pages_skipped == 1


def test_articles_wanted_rules_out_are_counted_not_parsed(tmp_path: Path) -> None:
    dump, index = _dump(tmp_path, per_stream=4)
    plan = plan_chunks(dump, index, chunk_bytes=1 << 30)
    everything = list(iter_chunk(plan, plan.chunks[0]))

    def wanted(peek: PagePeek) -> bool:
        return peek.title == "Ostmark" or "Infobox" in peek.xml

    counts = ReadCounts()
    kept = list(iter_chunk(plan, plan.chunks[0], counts, wanted))
    chosen = [page for page in everything if page.title == "Ostmark" or "Infobox" in page.text]
    assert [page.title for page in kept] == [page.title for page in chosen]
    assert kept == chosen and counts.articles_skipped == len(everything) - len(chosen) > 0
    assert len(everything) == 36
    assert counts.xml_bytes == len(bz2.decompress(dump.read_bytes()))


@pytest.mark.corpus
def test_the_pages_of_real_dumps_are_peeked_at_as_the_parser_reads_them() -> None:
    folder = CORPUS / "dumps"
    if not folder.is_dir():
        pytest.skip(f"../shared/corpus not present at {CORPUS}")
    every = frozenset(range(-2, 3000))
    peeked = 0
    for path in sorted(folder.iterdir()):
        raw = path.read_bytes()
        xml = bz2.decompress(raw) if raw[:3] == b"BZh" else raw
        first, last = xml.find(b"<page>"), xml.rfind(b"</page>")
        if first < 0:
            continue  # not UTF-8 (a UTF-16 dump): such a stream is parsed whole
        peeks = peek_pages(xml[first : last + 7])
        assert peeks is not None, path.name
        parsed = list(iter_dump(path, namespaces=every, redirects=True))
        assert [p.title for p in peeks] == [p.title for p in parsed], path.name
        articles = [p.namespace == 0 and p.redirect is None for p in parsed]
        assert [p.article for p in peeks] == articles, path.name
        for peek, page in zip(peeks, parsed, strict=True):
            assert not peek.plain or escape(page.text) in peek.xml.replace("&quot;", '"')
        peeked += len(peeks)
    assert peeked > 300

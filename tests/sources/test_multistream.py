"""Multistream dumps: written with their index, cut into chunks of whole streams, read back."""

from __future__ import annotations

import bz2
from pathlib import Path

import pytest

from frontlines.errors import InputFormatError
from frontlines.sources.dump import iter_dump
from frontlines.sources.multistream import (
    iter_chunk,
    plan_chunks,
    read_index,
    stream_offsets,
    write_multistream,
)
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
        counter = [0]
        titles = [page.title for page in iter_chunk(plan, plan.chunks[0], counter)]
        assert len(titles) == 36 and counter[0] == len(xml)


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

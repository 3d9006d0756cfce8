"""detect_kind, read_wikitext and iter_inputs on files written here."""

from __future__ import annotations

import bz2
import codecs
from pathlib import Path

import pytest

from frontlines.errors import InputFormatError
from frontlines.model import RawPage
from frontlines.sources.files import (
    InputFailure,
    detect_kind,
    iter_inputs,
    read_wikitext,
    title_from_file_name,
)
from tests.sources.helpers import Export, article

WIKITEXT = "The '''Skirmish at Dunmore Gap''' was brief.\n\n== Aftermath ==\nQuiet returned."


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


# ---------------------------------------------------------------- detect_kind


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("a.wiki", WIKITEXT.encode(), "wikitext"),
        ("no-extension", b"BZh91AY&SY", "dump"),  # bz2 magic, whatever the name
        ("dump-shortened", bz2.compress(Export(pages=()).xml().encode()), "dump"),
        ("plain.txt", Export(pages=()).xml().encode(), "dump"),  # XML content wins over .txt
        ("utf16.dat", codecs.BOM_UTF16_LE + Export(pages=()).xml().encode("utf-16-le"), "dump"),
        ("decl.wiki", b"  <?xml version='1.0'?><mediawiki/>", "dump"),
        ("page.html", b"<!DOCTYPE html><html></html>", "dump"),
        ("named.xml.bz2", b"<p>some HTML error page</p>", "dump"),  # the name says dump
        ("table.wiki", b'{| class="wikitable"\n|}', "wikitext"),
        ("starts-with-tag.wiki", b"<div>lead</div> text", "wikitext"),
    ],
)
def test_detect_kind_by_content(tmp_path, name, data, kind):
    assert detect_kind(write(tmp_path / name, data)) == kind


# ---------------------------------------------------------------- read_wikitext


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("Battle_of_Cecora_(1620).wiki", "Battle of Cecora (1620)"),
        ("Siege of Acre.txt", "Siege of Acre"),
        ("St._Louis", "St. Louis"),  # no known extension: nothing dropped
        ("Battle_of_Roliça.wikitext", "Battle of Roliça"),
    ],
)
def test_title_from_file_name(name, title):
    assert title_from_file_name(Path(name)) == title


@pytest.mark.parametrize(
    "encoded",
    [
        pytest.param(WIKITEXT.encode("utf-8"), id="utf8"),
        pytest.param(codecs.BOM_UTF8 + WIKITEXT.encode("utf-8"), id="utf8-bom"),
        pytest.param(WIKITEXT.encode("utf-16"), id="utf16-bom"),
        pytest.param(codecs.BOM_UTF16_BE + WIKITEXT.encode("utf-16-be"), id="utf16-be-bom"),
    ],
)
def test_read_wikitext_encodings(tmp_path, encoded):
    page = read_wikitext(write(tmp_path / "Skirmish_at_Dunmore_Gap.wiki", encoded))

    assert page == RawPage(
        title="Skirmish at Dunmore Gap",
        text=WIKITEXT,
        origin=str(tmp_path / "Skirmish_at_Dunmore_Gap.wiki"),
    )


def test_read_wikitext_title_argument_wins(tmp_path):
    page = read_wikitext(write(tmp_path / "x.wiki", b"text"), title="Given Title")
    assert page.title == "Given Title"


def test_read_wikitext_marks_redirects(tmp_path):
    page = read_wikitext(write(tmp_path / "r.wiki", b"#REDIRECT [[Battle_of_Kadesh#Aftermath]]"))
    assert page.redirect == "Battle of Kadesh"


def test_latin1_file_is_rejected_with_byte_and_offset(tmp_path):
    data = "Caf\u00e9 de la Paix".encode("latin-1")
    path = write(tmp_path / "cafe.wiki", data)

    with pytest.raises(InputFormatError) as caught:
        read_wikitext(path)

    assert str(caught.value) == (
        f"{path} is not UTF-8 text (byte 0xE9 at offset 3); re-save it as UTF-8."
    )


def test_binary_junk_is_rejected(tmp_path):
    path = write(tmp_path / "photo.wiki", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")

    with pytest.raises(InputFormatError, match=r"not a text file \(NUL byte at offset 8\)"):
        read_wikitext(path)


def test_odd_length_utf16_is_rejected(tmp_path):
    path = write(tmp_path / "odd.wiki", codecs.BOM_UTF16_LE + "abc".encode("utf-16-le") + b"\x00")

    with pytest.raises(InputFormatError, match=r"is not UTF-16 text"):
        read_wikitext(path)


def test_ten_megabyte_wikitext_file(tmp_path):
    text = ("Lines of supply ran thin. " * 400_000)[:10_000_000]
    page = read_wikitext(write(tmp_path / "Long.wiki", text.encode()))
    assert len(page.text) == 10_000_000


# ---------------------------------------------------------------- iter_inputs


def test_iter_inputs_folder_recursive_sorted_hidden_skipped(tmp_path):
    dump = Export(pages=(article("Dump One", "1"), article("Dump Two", "2", page_id=2)))
    write(tmp_path / "b" / "wiki.xml.bz2", bz2.compress(dump.xml().encode()))
    write(tmp_path / "a_page.wiki", b"alpha")
    write(tmp_path / "c" / "Zulu.wiki", b"zulu")
    write(tmp_path / ".hidden.wiki", b"hidden")
    write(tmp_path / ".git" / "HEAD.wiki", b"hidden folder")

    items = list(iter_inputs([tmp_path]))

    assert [item.title for item in items] == ["a page", "Dump One", "Dump Two", "Zulu"]
    assert all(isinstance(item, RawPage) for item in items)


def test_iter_inputs_goes_on_after_failures(tmp_path):
    bad_text = write(tmp_path / "1_bad.wiki", b"caf\xe9")
    html = write(tmp_path / "2_fake.xml.bz2", b"<html><body>404</body></html>")
    two_pages = Export(pages=(article("Kept", "k"), article("Lost", "l", page_id=2))).xml()
    cut = write(tmp_path / "3_cut.xml", two_pages[: two_pages.index("<title>Lost")].encode())
    write(tmp_path / "4_good.wiki", b"fine")

    items = list(iter_inputs([tmp_path]))

    kinds = [(type(item).__name__, item.title) for item in items]
    assert kinds == [
        ("InputFailure", "1 bad"),
        ("InputFailure", "2_fake.xml.bz2"),
        ("RawPage", "Kept"),
        ("InputFailure", "3_cut.xml"),
        ("RawPage", "4 good"),
    ]
    failures = [item for item in items if isinstance(item, InputFailure)]
    assert failures[0].origin == str(bad_text) and "byte 0xE9 at offset 3" in failures[0].reason
    assert failures[1].origin.startswith(str(html)) and "root element <html>" in failures[1].reason
    assert failures[2].origin == str(cut)
    assert "ends before its XML is complete" in failures[2].reason
    assert "after 1 page (the last complete one: 'Kept')" in failures[2].reason


def test_iter_inputs_title_applies_to_a_file(tmp_path):
    path = write(tmp_path / "draft.txt", b"text")
    (page,) = iter_inputs([path], title="Battle of Somewhere")
    assert isinstance(page, RawPage) and page.title == "Battle of Somewhere"


def test_iter_inputs_missing_path_is_a_usage_error(tmp_path):
    existing = write(tmp_path / "ok.wiki", b"ok")
    with pytest.raises(InputFormatError, match=r"No such file or folder: .*nope"):
        list(iter_inputs([existing, tmp_path / "nope"]))

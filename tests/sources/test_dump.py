"""iter_dump on small exports written here: versions, encodings, compression, filters, damage."""

from __future__ import annotations

import bz2
import io
from pathlib import Path

import pytest

from frontlines.errors import InputFormatError
from frontlines.sources.dump import iter_dump, site_from_base
from tests.sources.helpers import Export, PageSpec, Rev, article, bz2_multistream

MIXED = Export(
    pages=(
        article("Siege of Elmstead", "The '''Siege of Elmstead''' lasted a week.", page_id=1),
        PageSpec(
            title="Elmstead siege",
            page_id=2,
            redirect="Siege of Elmstead",
            revisions=(Rev(200, "2020-05-02T00:00:00Z", "#REDIRECT [[Siege of Elmstead]]"),),
        ),
        PageSpec(
            title="Talk:Siege of Elmstead",
            namespace=1,
            page_id=3,
            revisions=(Rev(300, "2020-05-03T00:00:00Z", "Is the date right?"),),
        ),
        article("Raid on Colder Bay", "A night raid & a fire: <small>", page_id=4, revision_id=400),
    )
)


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("version", ["0.3", "0.10", "0.11"])
@pytest.mark.parametrize(
    "encode",
    [
        pytest.param(lambda xml: xml.encode("utf-8"), id="utf8"),
        pytest.param(lambda xml: xml.encode("utf-16"), id="utf16-bom"),
        pytest.param(lambda xml: bz2.compress(xml.encode("utf-8")), id="bz2"),
        pytest.param(lambda xml: bz2.compress(xml.encode("utf-16")), id="bz2-utf16"),
        pytest.param(lambda xml: bz2_multistream(xml.encode("utf-8")), id="bz2-multistream"),
    ],
)
def test_reads_articles_and_skips_redirects_and_other_namespaces(tmp_path, version, encode):
    export = Export(pages=MIXED.pages, version=version)
    path = write(tmp_path, "wiki-dump", encode(export.xml()))

    pages = list(iter_dump(path))

    assert [page.title for page in pages] == ["Siege of Elmstead", "Raid on Colder Bay"]
    first, second = pages
    assert first.text == "The '''Siege of Elmstead''' lasted a week."
    assert second.text == "A night raid & a fire: <small>"
    assert (first.page_id, first.revision_id, first.timestamp) == (1, 100, "2020-05-01T12:00:00Z")
    assert first.namespace == 0 and first.redirect is None
    assert first.site == "https://xx.example.org"
    assert first.origin == str(path)


def test_redirects_and_namespaces_on_request(tmp_path):
    path = write(tmp_path, "d.xml", MIXED.xml().encode())

    pages = {p.title: p for p in iter_dump(path, namespaces=frozenset({0, 1}), redirects=True)}

    assert set(pages) == {"Siege of Elmstead", "Elmstead siege", "Talk:Siege of Elmstead",
                          "Raid on Colder Bay"}  # fmt: skip
    assert pages["Elmstead siege"].redirect == "Siege of Elmstead"
    assert pages["Talk:Siege of Elmstead"].namespace == 1


def test_old_export_without_ns_uses_siteinfo_prefixes(tmp_path):
    export = Export(
        version="0.3",
        pages=(
            PageSpec("Talk:Old", (Rev(1, "2004-01-01T00:00:00Z", "chat"),), namespace=None),
            PageSpec("Old", (Rev(2, "2004-01-01T00:00:00Z", "body"),), namespace=None),
        ),
    )
    path = write(tmp_path, "old.xml", export.xml().encode())

    assert [(p.title, p.namespace) for p in iter_dump(path)] == [("Old", 0)]


def test_latest_revision_wins_whatever_the_order(tmp_path):
    revisions = (
        Rev(11, "2019-01-01T00:00:00Z", "middle"),
        Rev(12, "2021-06-01T00:00:00Z", "newest"),
        Rev(10, "2018-01-01T00:00:00Z", "oldest"),
    )
    path = write(tmp_path, "h.xml", Export(pages=(PageSpec("History", revisions),)).xml().encode())

    (page,) = iter_dump(path)

    assert (page.revision_id, page.text, page.timestamp) == (12, "newest", "2021-06-01T00:00:00Z")


def test_no_siteinfo_keeps_default_site_and_stream_input_works():
    export = Export(pages=(article("Alone", "text"),), base=None)

    (page,) = iter_dump(io.BytesIO(bz2.compress(export.xml().encode())))

    assert page.site == "https://en.wikipedia.org"
    assert page.title == "Alone"


def test_site_from_base():
    assert site_from_base("https://bg.wikipedia.org/wiki/Начална") == "https://bg.wikipedia.org"
    assert site_from_base("http://127.0.0.1:8781/Main_Page") == "http://127.0.0.1:8781"
    assert site_from_base("not a url") == "https://en.wikipedia.org"


def test_ten_megabyte_page_is_read_whole(tmp_path):
    big = ("The column marched on. " * 460_000)[:10_000_000]
    export = Export(pages=(article("Long march", big), article("After", "x", page_id=2)))
    path = write(tmp_path, "big.xml.bz2", bz2.compress(export.xml().encode()))

    pages = list(iter_dump(path))

    assert [len(p.text) for p in pages] == [10_000_000, 1]


# ---------------------------------------------------------------- damaged and hostile input


def test_invalid_xml_yields_pages_before_the_damage_then_names_line(tmp_path):
    good = Export(pages=(article("First", "one"), article("Second", "two", page_id=2))).xml()
    broken = good.replace("</mediawiki>", "  <page><title>Third</title><ns>0</oops></page>\n")
    path = write(tmp_path, "broken.xml", broken.encode())

    pages = []
    with pytest.raises(InputFormatError) as caught:
        for page in iter_dump(path):
            pages.append(page.title)

    assert pages == ["First", "Second"]
    message = str(caught.value)
    assert "'broken.xml'" in message and "mismatched tag" in message
    assert "line" in message and "(after 2 pages (the last complete one: 'Second'))" in message


def test_truncated_plain_xml_says_incomplete(tmp_path):
    xml = Export(pages=(article("First", "one"), article("Second", "two", page_id=2))).xml()
    path = write(tmp_path, "cut.xml", xml.encode()[: xml.index("<title>Second")])

    with pytest.raises(
        InputFormatError,
        match=r"ends before its XML is complete.* after 1 page \(the last complete one: 'First'\);",
    ):
        list(iter_dump(path))


def test_html_saved_as_dump_is_named_as_such(tmp_path):
    html = b"<!DOCTYPE html>\n<html lang='en'><head><title>Index of /</title></head></html>"
    path = write(tmp_path, "enwiki-latest.xml.bz2", html)

    with pytest.raises(InputFormatError) as caught:
        list(iter_dump(path))

    # a DOCTYPE comes first in HTML; either way the message says this is not a dump
    assert "enwiki-latest.xml.bz2" in str(caught.value)
    assert "DTD" in str(caught.value) or "<html>" in str(caught.value)


def test_html_without_doctype_gets_the_download_hint(tmp_path):
    path = write(tmp_path, "x.xml.bz2", bz2.compress(b"<html><body>Not found</body></html>"))

    with pytest.raises(InputFormatError) as caught:
        list(iter_dump(path))

    assert str(caught.value) == (
        "Dump file 'x.xml.bz2' is not a MediaWiki export (root element <html>)."
        " Did you download the HTML page instead of the .bz2?"
    )


def test_binary_junk_is_not_an_export(tmp_path):
    junk = bytes(range(256)) * 64
    path = write(tmp_path, "junk.bin", junk)

    with pytest.raises(InputFormatError, match=r"'junk.bin' is not a MediaWiki export \(not XML"):
        list(iter_dump(path))


def test_billion_laughs_is_refused_without_expanding(tmp_path):
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
    ]
    xml = (
        f"<?xml version='1.0'?>\n<!DOCTYPE mediawiki [\n{chr(10).join(entities)}\n]>\n"
        '<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.10/"><page><title>&lol9;'
        "</title><ns>0</ns><revision><text>x</text></revision></page></mediawiki>"
    )
    path = write(tmp_path, "laughs.xml", xml.encode())

    with pytest.raises(InputFormatError, match=r"declares a DTD"):
        list(iter_dump(path))


def test_external_entity_is_never_fetched(tmp_path):
    secret = write(tmp_path, "secret.txt", b"TOP SECRET")
    xml = (
        f'<?xml version="1.0"?><!DOCTYPE m [<!ENTITY x SYSTEM "file://{secret}">]>'
        '<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.10/"><page><title>T</title>'
        "<ns>0</ns><revision><text>&x;</text></revision></page></mediawiki>"
    )
    path = write(tmp_path, "xxe.xml", xml.encode())

    with pytest.raises(InputFormatError) as caught:
        list(iter_dump(path))

    assert "TOP SECRET" not in str(caught.value)


def test_truncated_bz2_yields_what_was_read(tmp_path):
    pages = tuple(article(f"Battle {n}", f"Text {n} " * 2000, page_id=n) for n in range(1, 40))
    # level 1 = 100 kB blocks, so the cut leaves several whole blocks to read
    data = bz2.compress(Export(pages=pages).xml().encode(), compresslevel=1)
    path = write(tmp_path, "cut.xml.bz2", data[: len(data) * 2 // 3])

    read = []
    with pytest.raises(InputFormatError) as caught:
        for page in iter_dump(path):
            read.append(page.title)

    assert 0 < len(read) < 39
    assert read == [f"Battle {n}" for n in range(1, len(read) + 1)]
    message = str(caught.value)
    assert "truncated bz2" in message
    assert f"after {len(read)} pages (the last complete one: 'Battle {len(read)}')" in message
    assert "download" in message


def test_damaged_bz2_data_is_reported(tmp_path):
    data = bytearray(bz2.compress(Export(pages=(article("A", "a" * 5000),)).xml().encode()))
    data[40:60] = b"\xff" * 20
    path = write(tmp_path, "bad.bz2", bytes(data))

    with pytest.raises(InputFormatError, match=r"'bad.bz2' is damaged bz2 data|not well-formed"):
        list(iter_dump(path))


def test_page_without_title_is_an_error_not_a_silent_skip(tmp_path):
    xml = Export(pages=(article("Named", "a"),)).xml()
    xml = xml.replace("</mediawiki>", "<page><ns>0</ns><revision><text>b</text></revision>"
                      "</page></mediawiki>")  # fmt: skip
    path = write(tmp_path, "untitled.xml", xml.encode())

    got = []
    with pytest.raises(InputFormatError, match=r"page 2 .* has no <title>"):
        for page in iter_dump(path):
            got.append(page.title)
    assert got == ["Named"]

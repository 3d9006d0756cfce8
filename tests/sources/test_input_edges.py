"""Inputs at the edges: lone surrogates, empty files, UTF-16 without a BOM (issue 16)."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import httpx
from typer.testing import CliRunner

from frontlines.cli import app
from frontlines.convert import convert_page
from frontlines.markdown_entry import to_json
from frontlines.model import RawPage
from frontlines.sources.api import MediaWikiClient
from frontlines.sources.files import read_wikitext
from frontlines.sources.surrogates import replace_lone_surrogates
from tests.sources.helpers import Export, article

runner = CliRunner()
AGENT = "FrontLinesTests/0.1 (https://example.org/tests; tests@example.org)"


def test_lone_surrogates_become_replacement_characters_with_an_issue() -> None:
    article = convert_page(RawPage(title="Surrogate", text="[http://example.org/\ud800 x] y"))
    to_json(article).encode("utf-8")  # writable as UTF-8: this raised UnicodeEncodeError
    article.markdown.encode("utf-8")
    assert [(i.kind, i.detail) for i in article.issues] == [("lone_surrogates", "1")]
    assert "\ufffd" in article.markdown or "%EF%BF%BD" in article.markdown


def test_a_pair_of_surrogates_is_its_character() -> None:
    assert replace_lone_surrogates("a\ud83d\ude00b\udc00") == ("a\U0001f600b\ufffd", 1)
    assert replace_lone_surrogates("plain") == ("plain", 0)


def test_the_api_replaces_lone_surrogates_where_the_text_enters() -> None:
    body = (
        '{"batchcomplete": true, "query": {"pages": [{"pageid": 1, "ns": 0, "title": '
        '"Bad \\udc00 title", "revisions": [{"revid": 5, "timestamp": "2024-01-01T00:00:00Z", '
        '"slots": {"main": {"contentmodel": "wikitext", "content": "x \\ud800 y"}}}]}]}}'
    )
    assert json.loads(body)["query"]["pages"][0]["title"] == "Bad \udc00 title"

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=body.encode(), headers={"content-type": "text/json"})

    client = MediaWikiClient(
        "https://wiki.test/w/api.php", user_agent=AGENT, transport=httpx.MockTransport(handler)
    )
    with client:
        pages = client.fetch(["Bad title"]).pages
    assert [(p.title, p.text) for p in pages] == [("Bad \ufffd title", "x \ufffd y")]


def test_an_empty_file_converts_with_an_issue_and_a_warning(tmp_path: Path) -> None:
    source = tmp_path / "Empty_battle.wiki"
    source.write_bytes(b"")
    result = runner.invoke(
        app, ["convert", str(source), "-o", str(tmp_path / "out"), "--date", "2026-01-01"]
    )
    assert result.exit_code == 0, result.output
    output = " ".join(result.output.split())
    assert (
        "Warning: 'Empty battle' has no text: wrote an empty article (issue empty_page)" in output
    )
    data = json.loads((tmp_path / "out" / "empty_battle.json").read_text(encoding="utf-8"))
    assert [issue["kind"] for issue in data["issues"]] == ["empty_page"]


def test_utf16_without_a_bom_is_read(tmp_path: Path) -> None:
    text = "'''Battle of Šiauliai''' was fought in [[1236]].\n\n== Course ==\nИ так далее."
    for encoding in ("utf-16-le", "utf-16-be"):
        path = tmp_path / f"{encoding}.wiki"
        path.write_bytes(text.encode(encoding))
        assert read_wikitext(path).text == text


def test_binary_with_nul_bytes_is_still_refused(tmp_path: Path) -> None:
    path = tmp_path / "blob.wiki"
    path.write_bytes(b"\x00\x01\x02\x03\x00\xff\x00\x10" * 8)
    try:
        read_wikitext(path)
    except Exception as error:  # noqa: BLE001
        assert "not a text file (NUL byte at offset 0)" in str(error)
    else:
        raise AssertionError("binary data was read as text")


def test_a_truncated_dump_gives_one_message_with_the_last_complete_title(tmp_path: Path) -> None:
    pages = (
        article("First", "one"),
        dataclasses.replace(article("Talk:First", "talk", page_id=2), namespace=1),
        article("Third", "three", page_id=3),
    )
    xml = Export(pages=pages).xml()
    cut = tmp_path / "cut.xml"
    cut.write_bytes(xml.encode()[: xml.index("<title>Third") + 9])
    result = runner.invoke(
        app, ["convert", str(cut), "-o", str(tmp_path / "out"), "--date", "2026-01-01"]
    )
    assert result.exit_code == 1
    failed = [line for line in result.stderr.splitlines() if line.startswith("Failed:")]
    assert len(failed) == 1
    message = " ".join(result.stderr[result.stderr.index("Failed:") :].split())
    assert message.startswith("Failed: Dump file 'cut.xml' ends before its XML")  # named once
    assert "after 2 pages (the last complete one: 'Talk:First'); the download may be" in message
    assert message.count("after") == 1

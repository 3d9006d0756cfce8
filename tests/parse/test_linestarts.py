"""Issue 15, item 3: a table starts at any line start, as in MediaWiki; nothing of its markup
leaks; empty list items go."""

from __future__ import annotations

import pytest
from mwparserfromhell.nodes import Tag, Text
from mwparserfromhell.wikicode import Wikicode

from frontlines.convert import convert_page
from frontlines.leaks import TABLE_LEAKS
from frontlines.model import RawPage
from frontlines.parse.linestarts import reparse_tables
from frontlines.parse.render import render_document
from frontlines.parse.wikitext import parse
from tests.conftest import leaks, require_corpus


def markdown(text: str) -> str:
    return render_document(parse(text), title="T").markdown


def test_a_table_the_tokenizer_left_as_text_becomes_a_table() -> None:
    """What mwparserfromhell gives for Kadesh's "Hittite fallen" deep in the page: the table
    as plain text after a paragraph line (built here directly, as a tree)."""
    left = Wikicode(
        [
            Text("Source: a list (1975).\n"),
            Text('{| class="wikitable"\n|-\n! Name\n! Title\n|-\n| Spr\n| Brother\n'),
            Text("|-\n| 'Agm\n| Troop-captain\n|}\nAfter the table.\n"),
        ]
    )
    fixed = reparse_tables(left, parse)
    kinds = [type(node).__name__ for node in fixed.nodes]
    assert "Tag" in kinds and str(fixed) == str(left)  # nothing lost, a table now
    table = next(node for node in fixed.nodes if isinstance(node, Tag))
    assert str(table.tag) == "table" and "Brother" in str(table)


@pytest.mark.corpus
def test_kadesh_hittite_fallen_is_a_table() -> None:
    path = require_corpus() / "conflict" / "Battle_of_Kadesh.wiki"
    body = markdown(path.read_text(encoding="utf-8"))
    section = body.split("### Hittite fallen", 1)[1].split("\n#", 1)[0]
    assert "| Spţr | Brother of Muwattalli |" in section
    assert leaks(section) == []


def test_unclosed_table_is_closed_at_the_end_and_orphan_rows_go() -> None:
    body = markdown("Text.\n{|\n|-\n| a\n| b\n")
    assert "| a | b |" in body
    body = markdown("{{s-start}}\n{{s-bef|before=X}}\n|-\n{{s-aft|after=Y}}\n{{s-end}}\nDone.\n")
    assert "|-" not in body and "Done." in body


def test_table_leak_patterns_match_line_starts_only() -> None:
    def names(text: str) -> list[str]:
        return [name for name, pattern in TABLE_LEAKS.items() if pattern.search(text)]

    assert names('{| class="wikitable"') == ["{|"]
    assert names('\\{\\| class="wikitable"') == ["{|"]
    assert names("text\n\\|-\nmore") == ["|-"]
    assert names("x\n|}") == ["|}"]
    assert names("a {| b and | - c") == []  # MediaWiki shows these as text


def test_empty_list_items_are_dropped() -> None:
    body = markdown("==See also==\n*\n** [[Nested]]\n* [[Kept]]\n*  \n")
    lines = [line for line in body.splitlines() if line.strip()]
    assert not [line for line in lines if line.strip() in ("-", "- -", "*")]
    assert any("Kept" in line for line in lines)


def test_damaged_source_is_an_issue() -> None:
    page = RawPage(title="Damaged", text="General Sch\ufffdrner held the line.")
    article = convert_page(page)
    assert "\ufffd" in article.markdown
    assert [i.message for i in article.issues if i.kind == "lost_characters"][0].startswith(
        "The source is damaged"
    )

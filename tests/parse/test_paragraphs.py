"""Pages copied without their blank lines get their paragraph breaks back (and only those)."""

from __future__ import annotations

from frontlines.convert import convert_page
from frontlines.model import RawPage
from frontlines.parse.wikitext import restore_paragraphs

STRIPPED = "\n".join(
    [
        "{{Infobox military conflict",
        "| conflict = Skirmish at Ferry Hill",
        "| date = 1901",
        "}}",
        "The '''Skirmish at Ferry Hill''' was short.",
        "It was fought at dawn.<ref>Diary of A. Cole,",
        "page 4.</ref>",
        "== Course ==",
        "* first wave",
        "* second wave",
        "The second wave failed.",
        "[[Ferry Hill]] fell at noon.",
        '{| class="wikitable"',
        "| a",
        "cell goes on",
        "|}",
        "Afterwards, quiet.",
    ]
)


def test_prose_lines_become_paragraphs_and_nothing_else_moves() -> None:
    restored = restore_paragraphs(STRIPPED)
    assert restored is not None
    assert "was short.\n\nIt was fought" in restored
    assert "Diary of A. Cole,\npage 4.</ref>" in restored  # inside a ref: untouched
    assert "| conflict = Skirmish at Ferry Hill\n| date = 1901" in restored
    assert "* first wave\n* second wave\nThe second wave failed.\n\n[[Ferry Hill]]" in restored
    assert "| a\ncell goes on\n|}" in restored  # inside a table: untouched
    assert restored.replace("\n\n", "\n") == STRIPPED


def test_pages_with_blank_lines_or_few_lines_are_left_alone() -> None:
    assert (
        restore_paragraphs("One.\n\nTwo.\nThree.\nFour.\nFive.\nSix.\nSeven.\nEight.\nNine.")
        is None
    )
    assert restore_paragraphs("One.\nTwo.") is None


def test_the_converter_records_the_repair_and_describes_the_first_paragraph() -> None:
    article = convert_page(RawPage(title="Skirmish at Ferry Hill", text=STRIPPED))
    assert article.description == "The Skirmish at Ferry Hill was short."
    assert "paragraphs_restored" in {issue.kind for issue in article.issues}
    assert "was short.\n\nIt was fought at dawn." in article.markdown

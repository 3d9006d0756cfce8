"""Issue 8: one anchor rule, so `sections[].anchor` in an article's JSON is the heading's id.

The corpus test converts every article of ../shared/corpus/conflict, renders its body the way
the site does (`publish.markup`) and looks each JSON section anchor up among the page's ids.
"""

from __future__ import annotations

import re
from html import unescape

import pytest

from frontlines.convert import convert_page
from frontlines.model import RawPage
from frontlines.parse import parse, render_document
from frontlines.publish.markup import make_markdown, render_markdown
from frontlines.sources.files import iter_inputs
from frontlines.text.anchors import Anchors, anchor
from tests.conftest import CORPUS, require_corpus

_HEADING_ID = re.compile(r'<h[2-6] id="([^"]*)"')


def heading_ids(html: str) -> list[str]:
    return [unescape(found) for found in _HEADING_ID.findall(html)]


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Prelude: 1914–1915", "prelude-1914-1915"),
        ("Kyiv's defence", "kyivs-defence"),
        ("Kyiv’s defence", "kyivs-defence"),
        ("Order of battle", "order-of-battle"),
        ("Background/Causes", "background-causes"),
        ("  Aftermath (1945) ", "aftermath-1945"),
        ("Битва за Берлин", "битва-за-берлин"),
        ("Café société", "café-société"),
        ("snake_case heading", "snake-case-heading"),
        ("—", "section"),
    ],
)
def test_anchor_rule(title: str, expected: str) -> None:
    assert anchor(title) == expected


def test_repeated_headings_are_numbered_as_wikipedia_does() -> None:
    anchors = Anchors()
    assert [anchors.claim(t) for t in ("History", "History", "history", "History 2")] == [
        "history",
        "history-2",
        "history-3",
        "history-2-2",
    ]


def test_json_anchors_are_the_page_ids_of_a_small_article() -> None:
    text = (
        "Lead.\n== Prelude: 1914–1915 ==\nA.\n== Kyiv's defence ==\nB.\n"
        "== Aftermath ==\nC.\n=== Aftermath ===\nD.\n== *Stars* & <b>bold</b> ==\nE.\n"
    )
    document = render_document(parse(text), title="Test")
    anchors = [s.anchor for s in document.sections if s.title]
    assert anchors[:2] == ["prelude-1914-1915", "kyivs-defence"]
    assert anchors[2:4] == ["aftermath", "aftermath-2"]
    html = render_markdown(make_markdown(), document.markdown)
    assert heading_ids(html) == anchors


@pytest.mark.corpus
def test_every_corpus_section_anchor_is_an_id_on_its_page() -> None:
    require_corpus()
    md = make_markdown()
    pages = [p for p in iter_inputs([CORPUS / "conflict"]) if isinstance(p, RawPage)]
    assert len(pages) >= 32
    checked = 0
    for page in pages:
        article = convert_page(page)
        ids = heading_ids(render_markdown(md, article.markdown))
        anchors = [s.anchor for s in article.sections if s.title]
        assert anchors == ids, page.title  # every anchor, in order, and no heading without one
        checked += len(anchors)
    assert checked > 300

"""The article page's Timeline block: each event's sentence gets an id in the body HTML."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest

from frontlines.convert import convert_page
from frontlines.model import Article, RawPage
from frontlines.publish.event_marks import mark_sentences, timeline_items
from frontlines.publish.markup import make_markdown, render_markdown
from tests.conftest import require_corpus

WIKITEXT = """{{Infobox military conflict
| conflict = Battle of Tarn Ferry
| date = 3–4 May 1940
}}
The '''Battle of Tarn Ferry''' began on 3 May 1940 at [[Tarn]].{{efn|A note.}} It rained.

== Crossing ==
Rivers &amp; roads: on ''4 May'' the ferry<ref>Lund, p. 2.</ref> was taken
by the [[2nd Company]].<ref>Lund, p. 3.</ref>
"""
TAGS = re.compile(r"<[^>]+>")


def page(article: Article) -> tuple[str, list[bool]]:
    body = render_markdown(make_markdown(), article.markdown)
    return mark_sentences(body, article.events)


def text_after(html: str, mark: str) -> str:
    start = html.index(f'id="{mark}"></span>') + len(f'id="{mark}"></span>')
    return TAGS.sub("", html[start : start + 300])


def test_each_event_sentence_gets_an_id_where_it_starts() -> None:
    article = convert_page(RawPage(title="Battle of Tarn Ferry", text=WIKITEXT))
    html, found = page(article)
    assert found == [True, True]
    assert text_after(html, "event-1").startswith("The Battle of Tarn Ferry began")
    assert text_after(html, "event-2").startswith("Rivers &amp; roads: on 4 May")
    items = timeline_items(article.events, article.markdown)
    assert [(i["label"], i["target"], i["date"]) for i in items] == [
        ("3 May 1940", "event-1", "1940-05-03"),
        ("4 May 1940", "event-2", "1940-05-04"),
    ]
    marks = [note["mark"] for note in items[1]["notes"]]
    assert len(article.events[1].refs) == 2 and len(marks) == 2
    for note in items[1]["notes"]:  # the mark the body shows for that footnote, and its entry
        assert f'id="{note["anchor"]}"' in html
        assert f'href="#{note["anchor"]}" id=' in html


def test_a_sentence_not_found_still_gets_its_id() -> None:
    article = convert_page(RawPage(title="Battle of Tarn Ferry", text=WIKITEXT))
    html, found = mark_sentences("<p>Nothing here.</p>", article.events)
    assert found == [False, False]
    assert html == (
        '<span class="event-mark" id="event-1"></span><span class="event-mark" id="event-2">'
        "</span><p>Nothing here.</p>"
    )


@pytest.mark.corpus
def test_corpus_event_sentences_are_found() -> None:
    folder = require_corpus() / "conflict"
    found = total = 0
    for path in sorted(Path(folder).glob("*.wiki")):
        article = convert_page(RawPage(title=path.stem, text=path.read_text("utf-8")))
        html, flags = page(article)
        total += len(flags)
        found += sum(flags)
        for number, (event, flag) in enumerate(zip(article.events, flags, strict=True), 1):
            assert f'id="event-{number}"' in html, (path.name, number)
            if flag:
                shown = " ".join(unescape(text_after(html, f"event-{number}")).split())
                assert shown.startswith(" ".join(event.text.split()[:3])), (path.name, number)
    assert found >= 0.99 * total, (found, total)

"""Issue 15 on the real corpus, in Chromium: a site built from ../shared/corpus/conflict.

Waterloo's notes stand under its "Notes" heading (not after External links), no reused note
reads "[5:1]", adjacent marks stay separate, no page is wider than a 360 px phone, and search
puts the article first for "Waterloo". Skipped without ../shared or Chromium.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from typing import Any

import pytest

from frontlines.publish.site import BuildResult
from tests.publish.pagefind_results import result_titles
from tests.publish.test_browser_readers import (
    DESKTOP,
    PHONE,
    browser,  # noqa: F401  (fixture)
    close,
    open_page,
    page_width,
    serve,
    shot,
)
from tests.publish.test_corpus_site import corpus_site  # noqa: F401  (fixture)

pytestmark = pytest.mark.corpus
WATERLOO = "/articles/battle_of_waterloo/"


@pytest.fixture(scope="module")
def corpus_server(corpus_site: BuildResult) -> Iterator[ThreadingHTTPServer]:  # noqa: F811
    server = serve(corpus_site.out_dir)
    yield server
    server.shutdown()
    server.server_close()


def test_waterloo_notes_stand_under_their_heading(
    browser: Any,  # noqa: F811
    corpus_server: ThreadingHTTPServer,
) -> None:
    page = open_page(browser, corpus_server, DESKTOP)
    page.goto(page.base + WATERLOO)
    order = page.evaluate(
        "[...document.querySelectorAll('.article-body > h2, .article-body > section.footnotes')]"
        ".map(e => e.tagName === 'H2' ? e.textContent : 'LIST')"
    )
    assert order.index("Notes") < order.index("LIST") < order.index("References")
    assert order[order.index("Notes") + 1] == "LIST"
    assert "External links" not in order[: order.index("LIST")] or order.index(
        "External links"
    ) > order.index("LIST")
    assert order[-1] == "External links"  # nothing after it: no bare rule with all the notes
    marks = page.locator("sup.footnote-ref").all_inner_texts()
    assert len(marks) > 150
    assert not [m for m in marks if ":" in m], "a reused note reads [n:m]"
    assert all(re.fullmatch(r"\[[0-9]+\]|\[[a-z]+\]", m) for m in marks)
    text = page.locator(".article-body").inner_text()
    assert not re.search(r"\[\d+:\d+\]", text)
    reused = page.locator(".footnote-backrefs", has_text="^ a b")
    assert reused.count() >= 1  # a reused note has back-links a, b ...
    shot(page, "corpus-waterloo-notes-desktop")
    close(page)


@pytest.mark.parametrize(
    "path",
    [
        WATERLOO,
        "/articles/american_revolutionary_war/",
        "/articles/battle_of_kadesh/",
        "/map/",
        "/attribution/",
        "/",
        "/theatres/corpus/",
    ],
)
def test_no_corpus_page_is_wider_than_a_phone(
    browser: Any,  # noqa: F811
    corpus_server: ThreadingHTTPServer,
    path: str,
) -> None:
    page = open_page(browser, corpus_server, PHONE)
    page.goto(page.base + path)
    page.wait_for_load_state("load")
    assert page_width(page) <= PHONE["width"], path
    if path == WATERLOO:
        shot(page, "corpus-waterloo-phone")
    close(page)


def test_kadesh_table_is_a_table(browser: Any, corpus_server: ThreadingHTTPServer) -> None:  # noqa: F811
    page = open_page(browser, corpus_server, DESKTOP)
    page.goto(page.base + "/articles/battle_of_kadesh/")
    fallen = page.locator("h3#hittite-fallen ~ table").first
    assert "Brother of Muwattalli" in fallen.inner_text()
    assert "{|" not in page.locator(".article-body").inner_text()
    close(page)


def test_search_puts_the_waterloo_article_first(
    browser: Any,  # noqa: F811
    corpus_server: ThreadingHTTPServer,
) -> None:
    for size in (DESKTOP, PHONE):
        page = open_page(browser, corpus_server, size)
        page.goto(page.base + "/search/?q=Waterloo")
        assert result_titles(page)[0] == "Battle of Waterloo"
        assert page_width(page) <= size["width"]
        shot(page, f"corpus-search-{'phone' if size is PHONE else 'desktop'}")
        close(page)

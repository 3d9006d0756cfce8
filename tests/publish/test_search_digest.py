"""What Pagefind reads of a page: the page without its data-pagefind-ignore="all" elements."""

from __future__ import annotations

from frontlines.publish.search import search_digest, without_ignored

PAGE = """<html><body><main data-pagefind-body><h1>{title}</h1>
<ul class="cards" data-pagefind-ignore="all">
<li><ul><li>{card}</li></ul></li>
</ul><p>after</p></main></body></html>"""


def test_the_ignored_elements_are_cut_with_everything_in_them() -> None:
    text = without_ignored(PAGE.format(title="Theatre", card="a card"))
    assert "a card" not in text and "<ul" not in text
    assert "<h1>Theatre</h1>" in text and "<p>after</p>" in text


def test_a_change_inside_an_ignored_element_keeps_the_digest() -> None:
    one = search_digest(PAGE.format(title="Theatre", card="one"))
    assert one == search_digest(PAGE.format(title="Theatre", card="two"))
    assert one != search_digest(PAGE.format(title="Other", card="one"))


def test_a_page_pagefind_does_not_index_has_none() -> None:
    assert search_digest("<html><body><main><h1>Map</h1></main></body></html>") is None


def test_the_marker_in_page_text_or_an_unclosed_element_is_kept() -> None:
    in_text = '<main data-pagefind-body><p>data-pagefind-ignore="all" x</p></main>'
    assert without_ignored(in_text) == in_text
    unclosed = '<main data-pagefind-body><div data-pagefind-ignore="all"><p>x</p></main>'
    assert without_ignored(unclosed) == unclosed

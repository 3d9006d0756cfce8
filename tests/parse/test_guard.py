"""Unclosed constructs by the thousand convert in linear time (issue 16).

Each of these patterns took 20 s or more in mwparserfromhell's tokenizer before the guard
(measured on the shared machine: `{{a|` x 4,000 7-20 s, `<ref>` x 16,000 17-27 s,
`[http://x.org ` x 8,000 21 s, `<!--` x 32,000 26-33 s).
"""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from frontlines.convert import convert_page
from frontlines.model import RawPage
from frontlines.parse import parse, render_document
from frontlines.parse.guard import MAX_UNMATCHED, escape_unclosed

PATTERNS = {
    "templates": ("{{a|", 4000),
    "refs": ("<ref>", 16000),
    "external links": ("[http://x.org ", 8000),
    "comments": ("<!--", 32000),
    "wikilinks": ("[[a|", 8000),
    "spans": ("<span>", 16000),
}


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_unclosed_openers_by_the_thousand_convert_quickly(name: str) -> None:
    unit, count = PATTERNS[name]
    text = "Before. " + unit * count + " After."
    started = time.perf_counter()
    article = convert_page(RawPage(title="Hostile", text=text))
    seconds = time.perf_counter() - started
    assert seconds < 5, f"{name}: {seconds:.1f} s"
    assert "Before." in article.markdown
    assert "After." in article.markdown


def test_escaped_openers_show_as_the_characters_written() -> None:
    text = "{{a|" * 100
    markdown = render_document(parse(text), title="T").markdown
    assert markdown.replace("\\", "").strip() == text


def test_a_few_unclosed_openers_are_left_to_the_parser() -> None:
    text = "x {{a| y <ref>z [http://e.org w <!-- v" * (MAX_UNMATCHED // 2)
    assert escape_unclosed(text) == text


def test_balanced_markup_is_never_escaped() -> None:
    text = "{{a|{{b|c}}}} [[x|y]] <ref>r</ref> <!-- c --> [http://e.org e] " * 500
    assert escape_unclosed(text) == text


def test_only_the_unmatched_openers_are_escaped() -> None:
    text = "{{a|" * 40 + "{{b|kept}}" + " <ref>" * 40 + "<ref>r</ref>"
    escaped = escape_unclosed(text)
    assert escaped.count("&#123;") == 80
    assert escaped.count("&lt;ref>") == 40
    assert "{{b|kept}}" in escaped
    assert escaped.endswith("<ref>r</ref>")


def test_an_opener_after_the_last_comment_end_is_unclosed() -> None:
    text = "<!-- closed --> x " + "<!--" * 40
    escaped = escape_unclosed(text)
    assert escaped.startswith("<!-- closed -->")
    assert escaped.count("&lt;!--") == 40


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="{}[]ab|\n", max_size=200))
def test_the_quick_count_is_the_number_of_positions(text: str) -> None:
    from frontlines.parse.guard import _BRACE_RUN, _BRACKET_RUN, _left_open, _unmatched

    braces = _unmatched(text, _BRACE_RUN.finditer(text), "{")
    brackets = _unmatched(text, _BRACKET_RUN.finditer(text), "[")
    assert _left_open(text) == (len(braces), len(brackets))

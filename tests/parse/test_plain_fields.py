"""Plain-text fields never show markup that the displayed text did not have (issue 16)."""

from __future__ import annotations

import pytest

from frontlines.convert import convert_page
from frontlines.model import RawPage
from frontlines.parse import plain_text

MARKUP = ("[[", "]]", "{{", "}}", "''", "<ref", "<!--", "-->")


@pytest.mark.parametrize(
    ("text", "description"),
    [
        ("The fleet sailed to [[[Rhium]]] at dawn.", "The fleet sailed to [Rhium] at dawn."),
        ("Both a b}}}} c sides met.", "Both a b} c sides met."),
        ("Rows ]]]] and [[[[ of text.", "Rows ] and [ of text."),
        ("Quote '''''' gone, [<!---->[ this.", "Quote gone, [ this."),
    ],
)
def test_description_has_no_doubled_markup(text: str, description: str) -> None:
    article = convert_page(RawPage(title="Plain", text=text))
    assert article.description == description
    assert not any(mark in article.description for mark in MARKUP)


def test_plain_text_of_an_infobox_value() -> None:
    assert plain_text("[[[Rhium]]] and {{{{x") == "[Rhium] and {x"

"""Property tests for the converter: token soups of wiki syntax and Unicode edge cases.

`make test` runs a small budget (FRONTLINES_FUZZ_EXAMPLES unset: 40 cases a property);
`make fuzz` runs FRONTLINES_FUZZ_EXAMPLES=10000. Every page must convert (or fail with a
ConvertError that says why) within the time limit, give UTF-8-writable output, and show no wiki
markup in the Markdown or any plain-text field. A failure found here becomes a golden case
(tests/parse/cases/fuzz.txt) and is fixed.
"""

from __future__ import annotations

import os
import re
import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from frontlines.convert import convert_page
from frontlines.errors import ConvertError
from frontlines.leaks import LEAKS
from frontlines.markdown_entry import to_json, to_markdown
from frontlines.model import Article, RawPage
from tests.conftest import leaks

EXAMPLES = int(os.environ.get("FRONTLINES_FUZZ_EXAMPLES", "40"))
SECONDS_PER_PAGE = 10.0  # far above what a soup takes; a stall shows as a failure, not a hang
_CODE = re.compile(r"^(`{3,}).*?^\1$|`[^`\n]+`", re.S | re.M)
# Markup in a plain-text field; `<ref` without its `>` is no tag, just the characters shown.
PLAIN_MARKUP = re.compile(r"\[\[|\]\]|\{\{|\}\}|''|<ref\b[^<>]*>|</ref\s*>|<!--|-->", re.I)

TOKENS = [
    "{{", "}}", "{{{", "}}}", "[[", "]]", "[", "]", "|", "=", "==", "===", "\n", "\n\n", "''",
    "'''", "'''''", "<ref>", "</ref>", "<ref name=a/>", '<ref name="b">', "<references/>",
    "<!--", "-->", "\n{|", "\n|}", "\n|-", "\n!", "||", "!!", "\n*", "\n#", "\n:", "\n;",
    "<br>", "<br/>", "<span>", "</span>", "<div>", "</div>", "<nowiki>", "</nowiki>",
    "<math>", "</math>", "<pre>", "</pre>", "<gallery>", "</gallery>", "<small>", "</small>",
    "http://x.org", "[http://x.org ", "[//x.org/a?b=1 ", "mailto:a@b.c", "File:", "Category:",
    "[[File:X.jpg|thumb|", "[[Image:Y.png|250px|", "[[Category:", "[[:Category:", "[[w:",
    "{{Infobox military conflict\n|", "{{cite web|", "{{cite book|", "|title=", "|url=",
    "|date=", "|conflict=", "|combatant1=", "|commander1=", "|result=", "{{reflist}}", "{{efn|",
    "{{sfn|", "{{flag|", "{{flagicon|", "{{coord|", "{{convert|", "{{lang|", "{{nowrap|",
    "{{small|", "{{#if:", "{{#invoke:", "{{!}}", "{{=}}", "__NOTOC__", "__TOC__", "&nbsp;",
    "&amp;", "&#91;", "&#x5B;", "&lt;", "~~~~", "\n----", "\n== H ==\n", " ", " ", "x", "word",
    "Battle", "1942", "Ω", "\u202e", "\u200b", "\ufeff", "\ud800", "\x00", "\r", "\r\n",
    "\ufffd", "\U0001f600", "e\u0301", "سلام", "戦争", "\u00ad", "\t", "\x85", "\u2028",
]  # fmt: skip

soups = st.lists(
    st.one_of(st.sampled_from(TOKENS), st.text(max_size=6)), min_size=0, max_size=60
).map("".join)
titles = st.one_of(
    st.sampled_from(["Battle of X", "Con", "NUL", "\u202eevil", "A/B", ".", "  "]),
    st.text(min_size=0, max_size=30),
)
budget = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    database=None,
)


def convert(title: str, text: str) -> Article | None:
    started = time.perf_counter()
    try:
        article = convert_page(RawPage(title=title, text=text))
    except ConvertError as error:
        assert "nested too deeply" in str(error), error
        return None
    seconds = time.perf_counter() - started
    assert seconds < SECONDS_PER_PAGE, f"took {seconds:.1f} s"
    return article


_IMAGE_OPTION = next(leak.pattern for leak in LEAKS if leak.name == "image option")


def markup_leaks(markdown: str) -> list[str]:
    """`leaks` outside code (`<pre>`, `<syntaxhighlight>`: the text as written), and except
    image options in literal text: an unclosed `[[File:X|250px|` shows as the characters
    written, escaped (`&#91;&#91;File:X\\|250px\\|`), as MediaWiki shows it."""
    markdown = _CODE.sub("", markdown)  # code shows what was written, markup included
    found = leaks(markdown)
    if any(leak.startswith("image option") for leak in found):
        literal = all(
            "\\|" in (markdown[max(0, m.start() - 2) : m.start()], markdown[m.end() : m.end() + 2])
            for m in _IMAGE_OPTION.finditer(markdown)
        )
        if literal:
            found = [leak for leak in found if not leak.startswith("image option")]
    return found


def check(article: Article) -> None:
    markdown = to_markdown(article, pub_date="2026-01-01")
    markdown.encode("utf-8")
    to_json(article).encode("utf-8")
    assert markup_leaks(article.markdown) == []
    # (not the title: it is the name the page was given, shown as it is; wikis allow no
    # braces or brackets in titles, a file name may have them)
    fields = [article.description, article.short_description or ""]
    fields += [section.title for section in article.sections]
    for field in fields:
        found = PLAIN_MARKUP.findall(field)
        assert not found, f"{found} in plain field {field!r}"
    assert article.slug and "/" not in article.slug and "\\" not in article.slug


@budget
@given(titles, soups)
def test_token_soup_converts_cleanly(title: str, text: str) -> None:
    article = convert(title, text)
    if article is not None:
        check(article)


@budget
@given(st.text(max_size=200))
def test_any_unicode_text_converts_cleanly(text: str) -> None:
    article = convert("Unicode", text)
    if article is not None:
        check(article)

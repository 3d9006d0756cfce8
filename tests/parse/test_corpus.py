"""Invariants over every article of ../shared/corpus (conflict, other, wtf-cache), read in place.

Each article is rendered; nothing of the wiki markup may leak, no section may be empty, no line
may be mojibake that ftfy could repair (unless the source itself carries it), and the footnotes
must be well formed. Files that are not UTF-8 are skipped with the reason in the test id: the
readers in `sources/` own encodings.
"""

from __future__ import annotations

import html
import re
from functools import cache
from pathlib import Path

import ftfy
import pytest
from ftfy.badness import is_bad

from frontlines.parse import RenderedDocument, parse, render_document
from tests.conftest import CORPUS, leaks, skip_without_shared

pytestmark = pytest.mark.corpus

FOLDERS = ("conflict", "other", "wtf-cache")
_HEADING = re.compile(r"^(#{2,6}) ")
_FOOTNOTE_USE = re.compile(r"\[\^([\w-]+)\](?!:)")
_FOOTNOTE_DEFINITION = re.compile(r"^\[\^([\w-]+)\]: ", re.MULTILINE)


def article_files() -> list[Path]:
    if not CORPUS.is_dir():
        return []
    return sorted(path for name in FOLDERS for path in (CORPUS / name).glob("*") if path.is_file())


def file_id(path: Path) -> str:
    try:
        path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as error:
        return f"{path.parent.name}/{path.name} (not UTF-8, skipped: {error.reason})"
    return f"{path.parent.name}/{path.name}"


FILES = article_files()


@cache
def rendered(path: Path) -> tuple[str, RenderedDocument]:
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as error:
        pytest.skip(f"{path.name} is not UTF-8 ({error.reason}); the file readers decide")
    return text, render_document(parse(text), title=path.stem.replace("_", " "))


def test_corpus_is_there() -> None:
    if not CORPUS.is_dir():
        skip_without_shared(CORPUS, "the corpus rendering checks need it")
    assert len(FILES) >= 32 + 18 + 60


@pytest.mark.parametrize("path", FILES, ids=[file_id(path) for path in FILES])
def test_nothing_leaks(path: Path) -> None:
    _, document = rendered(path)
    body = _without_image_urls(document.markdown)
    assert leaks(body) == []
    for line in body.splitlines():
        assert not line.lstrip().startswith(("Category:", "File:", "Image:")), line
    assert "<script" not in document.markdown.lower()
    assert "javascript:" not in _link_targets(document.markdown)


@pytest.mark.parametrize("path", FILES, ids=[file_id(path) for path in FILES])
def test_no_empty_sections(path: Path) -> None:
    _, document = rendered(path)
    lines = document.markdown.splitlines()
    headings = [
        (index, len(m.group(1))) for index, line in enumerate(lines) if (m := _HEADING.match(line))
    ]
    for position, (index, level) in enumerate(headings):
        following = headings[position + 1] if position + 1 < len(headings) else None
        end = following[0] if following else len(lines)
        has_text = any(line.strip() for line in lines[index + 1 : end])  # notes lists count
        has_child = following is not None and following[1] > level
        assert has_text or has_child, f"empty section: {lines[index]}"
    assert len(document.sections) == len(headings) + 1


@pytest.mark.parametrize("path", FILES, ids=[file_id(path) for path in FILES])
def test_no_new_mojibake(path: Path) -> None:
    """A line ftfy would re-decode must owe its bad words to the source, not to us."""
    source, document = rendered(path)
    original = html.unescape(source)
    for line in document.markdown.splitlines():
        if "\ufffd" in line or not is_bad(line) or ftfy.fix_encoding(line) == line:
            continue
        for word in line.split():
            if ftfy.fix_encoding(word) != word:
                assert word.strip("*_[]()\\.,;:\"'“”") in original, line


@pytest.mark.parametrize("path", FILES, ids=[file_id(path) for path in FILES])
def test_footnotes_are_defined_and_used(path: Path) -> None:
    _, document = rendered(path)
    defined = _FOOTNOTE_DEFINITION.findall(document.markdown)
    used = set(_FOOTNOTE_USE.findall(document.markdown))
    assert len(defined) == len(set(defined)), "a footnote is defined twice"
    assert used <= set(defined), f"used but not defined: {sorted(used - set(defined))[:5]}"
    card_only = {ident for ids in document.infobox_refs.values() for ident in ids}
    assert [ref.id for ref in document.references if ref.id in set(defined)] == defined
    assert {ref.id for ref in document.references} - set(defined) <= card_only, (
        "a footnote the body lacks that the infobox does not use either"
    )
    assert all(ref.text.strip() for ref in document.references)


def _link_targets(markdown: str) -> str:
    return " ".join(re.findall(r"\]\(([^)]*)\)", markdown))


def _without_image_urls(markdown: str) -> str:
    """Commons file names may contain "800px-" legitimately; options can't hide in URLs."""
    return re.sub(
        r"\(https://commons\.wikimedia\.org/wiki/Special:FilePath/[^)\s]*\)", "()", markdown
    )

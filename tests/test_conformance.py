"""Issue 2, item 7: the whole real corpus converts, end to end, with nothing leaking.

Reads ../shared/corpus in place (skipped with a reason when absent): every article file and every
namespace-0 page of every dump goes through the reader, the converter and both writers.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest
import yaml
from ftfy.badness import is_bad

from frontlines.convert import convert_page
from frontlines.markdown_entry import to_json, to_markdown
from frontlines.model import Article, RawPage
from frontlines.sources.files import InputFailure, iter_inputs
from tests.conftest import CORPUS, leaks, require_corpus

pytestmark = pytest.mark.corpus


@cache
def corpus_items() -> tuple[RawPage | InputFailure, ...]:
    folders = [CORPUS / name for name in ("conflict", "other", "wtf-cache", "dumps")]
    return tuple(iter_inputs([f for f in folders if f.exists()]))


@cache
def converted(title: str, origin: str) -> tuple[Article, str, str]:
    page = next(
        p
        for p in corpus_items()
        if isinstance(p, RawPage) and p.title == title and p.origin == origin
    )
    article = convert_page(page)
    markdown = to_markdown(article, pub_date=page.timestamp or "2016-03-01T00:00:00Z")
    return article, markdown, to_json(article)


def corpus_pages() -> list[RawPage]:
    if not CORPUS.is_dir():
        return []
    return [p for p in corpus_items() if isinstance(p, RawPage) and p.redirect is None]


def page_id(page: RawPage) -> str:
    return f"{Path(page.origin).name}:{page.title}"[:80]


def test_corpus_present_and_readable() -> None:
    require_corpus()
    failures = [item for item in corpus_items() if isinstance(item, InputFailure)]
    pages = corpus_pages()
    # 32 conflict + 18 other + 71 cache files; dumps add their ns0 pages.
    assert len(pages) >= 32 + 18 + 60
    for failure in failures:  # any file we cannot read must say why, clearly
        assert failure.reason and failure.origin


@pytest.mark.parametrize("page", corpus_pages(), ids=page_id)
def test_every_page_converts_cleanly(page: RawPage) -> None:
    article, markdown, as_json = converted(page.title, page.origin)
    found = leaks(markdown)
    assert not found, f"{page.title}: {found}"
    bad_lines = [line for line in markdown.splitlines() if is_bad(line)]
    assert not bad_lines, f"mojibake in {page.title}: {bad_lines[:3]}"
    matter = yaml.safe_load(markdown.split("---\n", 2)[1])
    assert isinstance(matter["description"], str) and matter["pubDate"]
    data = json.loads(as_json)
    for key in ("title", "slug", "source", "short_description", "description", "lead_image"):
        assert key in data
    for key in ("categories", "sections", "references", "images", "issues", "conflict"):
        assert key in data
    assert "[object Object]" not in as_json


def conflict_files() -> list[Path]:
    return sorted((CORPUS / "conflict").glob("*.wiki")) if CORPUS.is_dir() else []


@pytest.mark.parametrize("path", conflict_files(), ids=lambda p: p.stem)
def test_every_conflict_article_has_a_record(path: Path) -> None:
    page = next(p for p in corpus_pages() if p.origin == str(path))
    article, _, _ = converted(page.title, page.origin)
    conflict = article.conflict
    assert conflict is not None, f"{page.title}: no conflict record"
    assert conflict.start, f"{page.title}: no start date in {conflict.date_text!r}"
    assert len(conflict.sides) >= 2, f"{page.title}: {len(conflict.sides)} sides"

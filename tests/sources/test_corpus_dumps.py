"""The six real dump excerpts in ../shared/corpus/dumps, read in place."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from frontlines.errors import InputFormatError
from frontlines.model import RawPage
from frontlines.sources.dump import iter_dump
from frontlines.sources.files import InputFailure, detect_kind, iter_inputs
from tests.conftest import skip_without_shared
from tests.sources.helpers import DUMPS

pytestmark = pytest.mark.corpus

SHORTENED = "enwiki-latest-pages-articles1.xml-p000000010p000030302-shortened.bz2"

# Namespace-0 pages that are not redirects, counted for these tests with a plain
# ElementTree walk over each file (the README's table counts redirects in its ns0 column).
ARTICLES = {
    SHORTENED: 106,
    "enwiki-table-markup.xml.bz2": 5,
    "bgwiki-latest-pages-articles-shortened.xml.bz2": 1,
    "camchenry-enwiki-10k.xml.bz2": 68,
    "camchenry-enwiki-articles-partial.xml": 4,
    "camchenry-simplewiki.xml.bz2": 6,
}


def dumps_dir() -> Path:
    if not DUMPS.is_dir():
        skip_without_shared(DUMPS, "the corpus dump tests need it")
    return DUMPS


def readme_ns0_counts() -> dict[str, int]:
    """`file | pages | ns0 | ...` rows of the corpus README's Dumps table."""
    readme = (dumps_dir().parent / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| (\S+\.(?:bz2|xml)) \| (\d+) \| (\d+) \|", readme, re.MULTILINE)
    return {name: int(ns0) for name, _pages, ns0 in rows}


def test_readme_lists_all_six_dumps():
    assert set(readme_ns0_counts()) == set(ARTICLES)
    assert {path.name for path in dumps_dir().iterdir()} == set(ARTICLES)


@pytest.mark.parametrize("name", sorted(ARTICLES))
def test_every_dump_reads_with_the_readme_counts(name):
    path = dumps_dir() / name

    with_redirects = list(iter_dump(path, redirects=True))
    articles = list(iter_dump(path))

    assert len(with_redirects) == readme_ns0_counts()[name]
    assert len(articles) == ARTICLES[name]
    assert all(page.redirect is None and page.namespace == 0 for page in articles)
    redirects = [page for page in with_redirects if page.redirect is not None]
    assert len(redirects) == len(with_redirects) - len(articles)
    assert all(page.revision_id and page.text and page.timestamp for page in articles)


def test_utf16_bgwiki_has_the_cyrillic_title_and_site():
    (page,) = iter_dump(dumps_dir() / "bgwiki-latest-pages-articles-shortened.xml.bz2")

    assert page.title == "Григориански календар"
    assert page.site == "https://bg.wikipedia.org"
    assert "календар" in page.text


def test_shortened_dump_without_xml_in_name_is_recognised_by_content():
    path = dumps_dir() / SHORTENED
    assert detect_kind(path) == "dump"
    titles = [item.title for item in iter_inputs([path]) if isinstance(item, RawPage)]
    assert len(titles) == 106 and "American Revolutionary War" in titles


def test_whole_dumps_folder_through_iter_inputs():
    items = list(iter_inputs([dumps_dir()]))
    assert not [item for item in items if isinstance(item, InputFailure)]
    assert len(items) == sum(ARTICLES.values())


def test_real_dump_cut_in_half(tmp_path):
    data = (dumps_dir() / SHORTENED).read_bytes()
    cut = tmp_path / "cut.bz2"
    cut.write_bytes(data[: len(data) // 2])

    titles = []
    with pytest.raises(InputFormatError, match=r"truncated bz2.*download it again"):
        for page in iter_dump(cut):
            titles.append(page.title)

    whole = [page.title for page in iter_dump(dumps_dir() / SHORTENED)]
    assert titles and titles == whole[: len(titles)]

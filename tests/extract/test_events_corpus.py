"""Events of the 32 real conflict articles in ../shared/corpus/conflict: invariants.

`pytest tests/extract/test_events_corpus.py -s` prints the number of events per article.
"""

from __future__ import annotations

import re

import pytest

from frontlines.convert import convert_page
from frontlines.model import Article, RawPage
from tests.conftest import leaks, require_corpus

pytestmark = pytest.mark.corpus

EDTF_DAY_OR_MONTH = re.compile(r"(-?\d{4})-(\d\d)(?:-(\d\d))?")
# Independent of the extractor's own margin: a date more than 100 years, or twice the
# conflict's length, from its span is no event of that conflict.
WINDOW_YEARS = 100


def articles() -> list[Article]:
    folder = require_corpus() / "conflict"
    found = []
    for path in sorted(folder.glob("*.wiki")):
        title = path.stem.replace("_", " ")
        page = RawPage(title=title, text=path.read_text("utf-8"), revision_id=1)
        found.append(convert_page(page))
    return found


@pytest.fixture(scope="module")
def corpus() -> list[Article]:
    return articles()


def _year(edtf: str) -> int:
    match = EDTF_DAY_OR_MONTH.fullmatch(edtf)
    assert match is not None, edtf
    return int(match.group(1))


def _leading_year(edtf: str) -> int:
    match = re.match(r"-?\d{4,}", edtf)
    assert match is not None, edtf
    return int(match.group(0))


def _valid(edtf: str) -> bool:
    import calendar

    match = EDTF_DAY_OR_MONTH.fullmatch(edtf)
    if match is None:
        return False
    year, month = int(match.group(1)), int(match.group(2))
    if not 1 <= month <= 12:
        return False
    if match.group(3) is None:
        return True
    # calendar.monthrange takes proleptic years 1..9999; leap years repeat every 400 years
    days = calendar.monthrange(year % 400 + 400, month)[1]
    return 1 <= int(match.group(3)) <= days


def test_all_32_articles_are_read(corpus: list[Article]) -> None:
    assert len(corpus) == 32
    assert sum(len(article.events) for article in corpus) > 300
    for article in corpus:
        print(f"{len(article.events):4d}  {article.title}")


def test_event_dates_are_valid_edtf_near_the_conflict(corpus: list[Article]) -> None:
    for article in corpus:
        conflict = article.conflict
        assert conflict is not None and conflict.start, article.title
        start = _leading_year(conflict.start)
        end = _leading_year(conflict.end or conflict.start)
        margin = max(WINDOW_YEARS, 2 * (end - start))
        for event in article.events:
            others = [part for other in event.other_dates for part in other.split("/")]
            for value in (event.date, event.end, *others):
                if value is None:
                    continue
                assert _valid(value), (article.title, value, event.text)
                assert start - margin <= _year(value) <= end + margin, (article.title, value)
            if event.end is not None:
                assert event.end >= event.date or event.date.startswith("-"), event


def test_event_anchors_are_section_anchors(corpus: list[Article]) -> None:
    for article in corpus:
        titles = {section.anchor: section.title for section in article.sections}
        for event in article.events:
            assert event.anchor in titles, (article.title, event.anchor)
            assert titles[event.anchor] == event.section, (article.title, event.anchor)
            assert (event.anchor == "") == (event.section == ""), event


def test_event_texts_are_plain(corpus: list[Article]) -> None:
    markdown = re.compile(r"\[\^|\]\(|\*\*|(?<!\w)_\w|\\[*_\[\]]|&#\d+;|&amp;|[\x00-\x08\x0e-\x1f]")
    for article in corpus:
        references = {reference.id for reference in article.references}
        for event in article.events:
            assert not leaks(event.text), (article.title, leaks(event.text))
            assert not markdown.search(event.text), (article.title, event.text)
            assert set(event.refs) <= references, (article.title, event.refs)
            assert event.kind in {"text", "list", "caption", "quote"}
            assert event.revision == 1

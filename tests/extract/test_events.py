"""Events: golden cases (events_cases/<name>.wikitext → <name>.expected.json) and unit checks.

The wikitext is invented for these tests. Each case is converted as a whole page (revision 7),
so the events read exactly the Markdown and sections the converter publishes.
`pytest tests/extract --update-goldens` rewrites the expected files; review the diff.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from frontlines.convert import convert_page
from frontlines.extract.event_dates import find_dates, resolve
from frontlines.extract.events import MAX_SENTENCE, extract_events
from frontlines.extract.sentences import split_sentences
from frontlines.model import Article, RawPage, Section, to_dict

CASES = Path(__file__).resolve().parent / "events_cases"
CASE_FILES = sorted(CASES.glob("*.wikitext"))
EVENT_ISSUES = {"impossible_event_date", "event_date_outside_span"}


def converted(path: Path, *, links: bool = False) -> Article:
    title = path.stem.replace("_", " ")
    page = RawPage(title=title, text=path.read_text("utf-8"), revision_id=7)
    return convert_page(page, links=links)


def extracted(path: Path) -> str:
    article = converted(path)
    record = {
        "events": to_dict(article.events),
        "issues": [to_dict(i) for i in article.issues if i.kind in EVENT_ISSUES],
    }
    return json.dumps(record, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


@pytest.mark.parametrize("case", CASE_FILES, ids=[path.stem for path in CASE_FILES])
def test_golden(case: Path, update_goldens: bool) -> None:
    expected_path = case.with_suffix(".expected.json")
    actual = extracted(case)
    if update_goldens or not expected_path.exists():
        expected_path.write_text(actual, "utf-8")
        if not update_goldens:
            pytest.fail(f"{expected_path.name} was missing; written now, review it")
    assert actual == expected_path.read_text("utf-8")


def test_cases_exist() -> None:
    assert len(CASE_FILES) >= 6


@pytest.mark.parametrize("case", CASE_FILES, ids=[path.stem for path in CASE_FILES])
def test_places_are_the_same_with_link_markup(case: Path) -> None:
    """Markdown with [text](url) links gives the events the log of links gives."""
    plain, linked = converted(case), converted(case, links=True)
    assert [e.places for e in plain.events] == [e.places for e in linked.events]
    assert [e.text for e in plain.events] == [e.text for e in linked.events]


def test_anchors_are_section_anchors() -> None:
    for case in CASE_FILES:
        article = converted(case)
        anchors = {section.anchor for section in article.sections}
        assert all(event.anchor in anchors for event in article.events), case.name


def test_long_sentence_keeps_text_and_gets_a_display_cut() -> None:
    article = converted(CASES / "bad_input.wikitext")
    long = [event for event in article.events if len(event.text) > MAX_SENTENCE]
    assert len(long) == 1
    display = long[0].display
    assert display is not None and len(display) <= MAX_SENTENCE + 2
    assert long[0].text.startswith(display.removesuffix(" …"))
    assert display.removesuffix(" …")[-1].isalpha()  # cut before a comma, not inside a word
    assert all(event.display is None for event in article.events if event is not long[0])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("18 June 1815", ("1815-06-18", None)),
        ("June 18, 1815", ("1815-06-18", None)),
        ("the 3rd of December 1941", ("1941-12-03", None)),
        ("12–15 November 1942", ("1942-11-12", "1942-11-15")),
        ("12 November – 3 December 1942", ("1942-11-12", "1942-12-03")),
        ("December 1942 – January 1943", ("1942-12", "1943-01")),
        ("30 December – 2 January 1943", ("1942-12-30", "1943-01-02")),
        ("1 October 331 BC", ("-0330-10-01", None)),
        ("March 44 BC", ("-0043-03", None)),
        ("June of 1815", ("1815-06", None)),
        ("1942-11-16", ("1942-11-16", None)),
        ("24 Sept., D+9", ("1944-09-24", None)),
    ],
)
def test_dates(text: str, expected: tuple[str, str | None]) -> None:
    found = find_dates(text)
    assert len(found) == 1
    resolved = resolve(found[0], 1944)
    assert (resolved.date, resolved.end) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Juneau and Maya",
        "August von Gneisenau",
        "Jan Willem",
        "it may rain in 1815",
        "May God help them",
        "the next day",
        "in 1815",
        "March 44",
        "a Marchese",
        "In May 2,000 men",
    ],
)
def test_not_dates(text: str) -> None:
    assert find_dates(text) == []


def test_impossible_dates() -> None:
    for text in ("31 February 1942", "30 February 1900", "1942-13-05"):
        assert resolve(find_dates(text)[0], None).problem == "impossible"
    assert resolve(find_dates("29 February 1944")[0], None).date == "1944-02-29"


def test_sentences() -> None:
    text = (
        "Maj. Gen. A. P. Hill led the 3rd Inf. Div. from St. Louis on 4 Sept. 1862. "
        'It was 9.3 km from the U.S. Capitol. Then c. 300 men said "go." No. 4 went. End!'
    )
    assert [text[a:b] for a, b in split_sentences(text)] == [
        "Maj. Gen. A. P. Hill led the 3rd Inf. Div. from St. Louis on 4 Sept. 1862.",
        "It was 9.3 km from the U.S. Capitol.",
        'Then c. 300 men said "go."',
        "No. 4 went.",
        "End!",
    ]


def test_markdown_links_and_refs_are_read() -> None:
    markdown = (
        "On 3 May 1940 the [fleet](https://en.wikipedia.org/wiki/Home_Fleet) sailed to "
        "[Narvik](https://en.wikipedia.org/wiki/Narvik#Port).[^4] Nothing else.\n"
    )
    events, issues = extract_events(markdown, sections=(Section("", 1, ""),), revision=3)
    assert issues == ()
    [event] = events
    assert event.text == "On 3 May 1940 the fleet sailed to Narvik."
    assert (event.places, event.refs, event.revision) == (("Home Fleet", "Narvik"), ("4",), 3)

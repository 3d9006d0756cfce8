"""Typed figures (extract/numbers.py): golden cases in tests/extract/figures/*.txt, properties.

A case file holds cases separated by a line "---":

    name: what the case shows
    field: strength | casualties | casualties3
    input:
    the cell's plain text, one entry a line
    output:
    killed 5000..6000 ~ total by=Soviet sources scope=at Ligny | 5,000–6,000 killed at Ligny
    unread: the text of a line that gave an unread_figure issue

Bounds are written `N` (low == high), `L..H`, `L..` (no high bound) or `..H` (no low bound);
`~` marks approx. A line break inside a figure's text is written `\\n`. The expected outputs
were written by hand from the rules in docs/article-json.md, not generated.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from frontlines.extract.figure_words import CATEGORIES
from frontlines.extract.numbers import read_cell, read_figures
from frontlines.model import Figure

CASES = Path(__file__).resolve().parent / "figures"


@dataclass(frozen=True)
class Case:
    file: str
    name: str
    field: str
    input: str
    output: str


def read_cases(path: Path) -> list[Case]:
    cases = []
    for chunk in path.read_text("utf-8").split("\n---\n"):
        if not chunk.strip():
            continue
        head, _, rest = chunk.partition("\ninput:\n")
        source, _, output = rest.partition("\noutput:\n")
        fields = dict(line.split(":", 1) for line in head.strip().splitlines())
        cases.append(
            Case(
                path.stem,
                fields["name"].strip(),
                fields["field"].strip(),
                source.strip("\n"),
                output.strip("\n"),
            )
        )
    return cases


def _bounds(figure: Figure) -> str:
    if figure.low is not None and figure.low == figure.high:
        return str(figure.low)
    low = "" if figure.low is None else str(figure.low)
    high = "" if figure.high is None else str(figure.high)
    return f"{low}..{high}"


def shown(figure: Figure) -> str:
    marks = [figure.category, _bounds(figure)]
    marks += ["~"] if figure.approx else []
    marks += ["total"] if figure.total else []
    marks += [f"by={figure.claimant}"] if figure.claimant else []
    marks += [f"scope={figure.scope}"] if figure.scope else []
    return " ".join(marks) + " | " + figure.text.replace("\n", "\\n")


def rendered(case: Case) -> str:
    figures, issues = read_figures(case.input, case.field)
    lines = [shown(figure) for figure in figures]
    lines += [f"unread: {issue.detail}" for issue in issues if issue.kind == "unread_figure"]
    return "\n".join(lines)


ALL_CASES = [case for path in sorted(CASES.glob("*.txt")) for case in read_cases(path)]


@pytest.mark.parametrize("case", ALL_CASES, ids=[f"{c.file}: {c.name}" for c in ALL_CASES])
def test_case(case: Case) -> None:
    assert rendered(case) == case.output


def test_every_rule_file_is_there() -> None:
    files = {case.file for case in ALL_CASES}
    assert files == {"bounds", "categories", "marks", "not_numbers", "unread"}
    assert len(ALL_CASES) >= 60


def test_every_category_is_reached_by_a_case() -> None:
    reached = {line.split()[0] for case in ALL_CASES for line in case.output.splitlines()}
    assert set(CATEGORIES) <= reached


def test_an_unread_line_is_an_issue_with_its_text() -> None:
    figures, issues = read_figures("3⅔ divisions", "strength", where="side 2 strength")
    assert figures == ()
    assert [(i.kind, i.detail) for i in issues] == [("unread_figure", "3⅔ divisions")]
    assert issues[0].message.startswith("side 2 strength: ")


def test_an_empty_cell_gives_nothing() -> None:
    assert read_figures(None, "strength") == ((), ())
    assert read_figures("  \n ", "casualties") == ((), ())


# Text made of what cells are made of: digits, separators, dashes, qualifiers, nouns, parens.
PIECES = st.sampled_from(
    ["1", "12", "250", "5,000", "1.000", "25 000", "2.5", "3⅔", "1776", "7th", "–", "-", " to ",
     " or ", " and ", "+", "~", "c. ", "over ", "up to ", "about ", "million", " killed",
     " wounded", " captured", " ships", " tanks", " men", " (", ")", ":", ";", ",", "\n",
     "Total", " total", "Navy", " at Ligny", " per Soviet sources", "%", "Nov", "BC", " no ",
     "three", "[", "|", " "]
)  # fmt: skip
NUMBERS = st.integers(0, 3_000_000).map(lambda n: f"{n:,}") | st.integers(0, 9999).map(str)
FIGURE = st.tuples(
    st.sampled_from(["", "c. ", "over ", "up to ", "~", "between ", "(", "Navy: "]),
    NUMBERS,
    st.sampled_from(["", "–", " to ", " and ", "+"]),
    NUMBERS,
    st.sampled_from([" killed", " men", " ships sunk", " (1944)", ")", " total", ":", " in 1812"]),
    st.sampled_from(["\n", ", ", "; ", " (", " "]),
).map("".join)
CELLS = st.lists(FIGURE, max_size=6).map("".join) | st.lists(PIECES, max_size=40).map("".join)
CELLS = CELLS | st.text(alphabet=string.printable + "–—−·½⅔   ", max_size=200)


@settings(max_examples=400, deadline=None)
@given(CELLS, st.sampled_from(["strength", "casualties", "casualties3"]))
def test_any_text_reads_without_error_into_sound_figures(text: str, field: str) -> None:
    reading = read_cell(text, field)
    for figure in reading.figures:
        assert figure.category in CATEGORIES
        assert figure.low is not None or figure.high is not None
        if figure.low is not None and figure.high is not None:
            assert figure.low <= figure.high
        assert figure.text and figure.text in text
    for issue in reading.issues:
        assert issue.kind == "unread_figure" and issue.detail


@settings(max_examples=300, deadline=None)
@given(CELLS, st.sampled_from(["strength", "casualties"]))
def test_every_digit_is_read_set_aside_or_reported(text: str, field: str) -> None:
    reading = read_cell(text, field)
    covered = [False] * len(text)
    for span in reading.spans:
        for index in range(span.start, span.end):
            covered[index] = True
    for index, char in enumerate(text):
        if char.isdigit():
            assert covered[index], (text, index)

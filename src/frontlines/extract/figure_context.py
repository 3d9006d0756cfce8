"""What the words around figures say besides what they count: scope, claimant, approx, total.

Headings ("Great Britain:", "Estimated:"), line labels ("Netherlands: 17,000") and parenthesised
asides ("(at Gibraltar)", "(German estimate)") become a `Context`; the words right after a number
give a sub-unit ("Continental Navy") and a place ("from Gran Colombia"). The rules are in
`frontlines.extract.numbers` and docs/article-json.md ("Typed figures").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from frontlines.extract.figure_words import (
    APPROX_RE,
    NOUN_RE,
    STATE_RE,
    TOTAL_RE,
    Words,
    is_category_label,
    words_of,
)
from frontlines.extract.quantities import excluded_spans

VAGUE_RE = re.compile(
    r"\b(?:unknown|unclear|heavy|light|few|many|several|numerous|hundreds|thousands|dozens|"
    r"minimal|moderate|high|low|vary|varies|disputed|none|nil|unreported|unrecorded)\b",
    re.IGNORECASE,
)
ADDITIVE_RE = re.compile(r"^(?:plus|also|in addition|additionally|and)\b[\s,:]*", re.IGNORECASE)
CLAIM_RE = re.compile(
    r"\b(?i:per|according\s+to|as\s+(?:claimed|reported|estimated)\s+by|claimed\s+by|"
    r"reported\s+by|estimated\s+by|citing)\s+(?P<who>(?:the\s+)?[A-Z][^,;()]*)"
)
CLAIM_SUFFIX_RE = re.compile(
    r"^(?P<who>\w[^,;()]*?)\s+(?:estimates?|claims?|claimed|figures?|counts?|data|reports?)$"
    r"|^(?P<sources>\w[^,;()]*?\s+sources?)$"
)
ORDINAL_RE = re.compile(r"\d+(?:st|nd|rd|th)", re.IGNORECASE)
ONLY_APPROX_RE = re.compile(r"^(?:estimated|estimate|est\.?|approx\.?|approximately)$", re.I)
SCOPE_START_RE = re.compile(
    r"^(?:at|in|on|near|off|during|from|before|after|until|since|around|outside|inside|"
    r"within|for|active)\b",
    re.IGNORECASE,
)
NOT_SCOPE = frozenset(
    "average mean peak maximum minimum max min disputed claimed unconfirmed confirmed reported "
    "probable possible incomplete partial".split()
)
NAME_WORD = r"(?:[A-Z][\w'’.-]*|of|the|de|del|la|du|von|and)"
SUB_UNIT_RE = re.compile(rf"\s*(?P<name>[A-Z][\w'’.-]*(?:\s+{NAME_WORD})*)")
PLACE_RE = re.compile(
    r"\b(?:at|in|from|near|off|on|during|outside|inside|across|throughout|around|within)\s+"
    r"(?:the\s+)?[A-Z][\w'’-]*"
    r"(?:\s+(?:of|the|de|del|la|[A-Z][\w'’-]*))*"
)


@dataclass(frozen=True, slots=True)
class Context:
    """What a heading, a label or a parenthesised aside says about the figures it governs."""

    scope: str | None = None
    total: bool = False
    approx: bool = False
    claimant: str | None = None
    words: Words = field(default_factory=Words)


def who(text: str) -> str:
    name = re.sub(r"\s+", " ", text).strip(" .:")
    name = re.sub(r"\s+(?:estimates?|claims?|figures?|counts?|data|reports?)$", "", name)
    return re.sub(r"(?<=\S)\s+own$", "", name)  # "Prigozhin's own figure"


def sub_unit(phrase: str) -> list[str]:
    match = SUB_UNIT_RE.match(phrase)
    if match is None:
        return []
    name = re.sub(r"\s+(?:of|the|de|del|la|du|von|and)$", "", match.group("name"))
    if re.search(r"\d", name) or re.match(r"[\s-]*\S*\d", phrase[match.end() :]):
        return []  # "B-17 bombers", "Mirage 2000D jets": a type and its model, not a sub-unit
    first = name.split()[0]
    if NOUN_RE.fullmatch(first) or STATE_RE.fullmatch(first) or VAGUE_RE.fullmatch(first):
        return []
    return [name.rstrip(".")]


def places(phrase: str) -> list[str]:
    return [re.sub(r"\s+(?:of|the|de|del|la)$", "", m.group(0)) for m in PLACE_RE.finditer(phrase)]


def is_aside(text: str) -> bool:
    return text.startswith("(") and text.endswith(")")


def aside(part: str) -> Context:
    if not part:
        return Context()
    dated = any(span.kind in ("year", "date") for span in excluded_spans(f"({part})"))
    claim = CLAIM_RE.search(part) or CLAIM_SUFFIX_RE.match(part)
    if claim and not is_category_label(part):
        name = claim.group("who") or claim.groupdict().get("sources") or ""
        estimate = re.search(r"\bestimates?$", part) is not None  # "(modern estimates)"
        return Context(claimant=who(name), approx=estimate)
    if ONLY_APPROX_RE.match(part):
        return Context(approx=True)
    if TOTAL_RE.search(part):
        return Context(total=True)
    proper = all(  # "North America", "1st Division"
        w[:1].isupper() or w in ("of", "the", "and", "de") or ORDINAL_RE.fullmatch(w)
        for w in part.split()
    )
    if part.lower() in NOT_SCOPE:
        return Context()
    if SCOPE_START_RE.match(part) or dated or part.endswith(" only") or proper:
        return Context(scope=part)
    return Context()


def context(text: str) -> Context:
    """A heading or a line's label: a scope, or marks (total, approx, claimant, what counts)."""
    text = ADDITIVE_RE.sub("", text.strip().rstrip(":").strip())
    if is_aside(text):
        return aside(text[1:-1].strip())
    claim = CLAIM_RE.search(text) or CLAIM_SUFFIX_RE.match(text)
    total = bool(TOTAL_RE.search(text))
    approx = bool(APPROX_RE.search(text))
    if claim and not is_category_label(text):  # "Total figures:" names no one
        name = claim.group("who") or claim.groupdict().get("sources") or ""
        return Context(total=total, approx=approx, claimant=who(name))
    if is_category_label(text):
        return Context(total=total, approx=approx, words=words_of(text))
    return Context(scope=text, total=total)

"""The numbers in one line of infobox text: counts with their bounds, and what is not a count.

`scan(line)` returns the line's `Quantity` tokens (a number or a range, with the words before it
that bound or qualify it) and the `Span`s it set aside: years, dates, ordinals, percentages,
designations, compound modifiers, calibres, unit conversions, and the digits it could not read.
It knows nothing of what is counted; `frontlines.extract.numbers` reads that from the words.

Rules (documented in docs/article-json.md, "Typed figures"):

* thousands separators of any locale: ``1,000``, ``1.000``, ``1 000`` (also no-break and thin
  spaces), ``1'000``; ``2 million``, ``1.5 million``, ``1,5 million``, ``10 thousand``, ``10k``;
* ranges with any dash, "to", "or", "between A and B"; a multiplier on the high end applies to
  both ("2–3 million"), and "15–20,000" is 15,000–20,000 (the low end written in thousands);
* before a number: "over", "more than", "at least", ">" give the low bound only; "up to",
  "as many as", "under", "fewer than", "<" the high bound only; "c.", "~", "about",
  "approximately", "est.", "some", "nearly" mark it approximate; "+" after it gives the low bound
  only ("5,000+"; "700–800+" is 700 and up);
* written numbers ("three", "twenty-five", "two hundred", "no") are read too; `numbers` keeps
  them only when a counted noun follows;
* not counts: years (with BC/AD, after "in"/"since"/"until"/"during"/"active"…, "summer of",
  or alone in parentheses), dates (``13 Nov``, ``23/24 December 1944``, ``April 19, 1775``),
  ordinals (``7th``), percentages, designations (``B-17``, ``U-47``, ``No. 3``), compound modifiers
  (``13-division assault``, ``74-gun``, but ``5,000-strong`` and ``500-man`` are counts),
  calibres (``88 mm guns``) and the converted value of a measure (``5 km (3.1 mi)``);
* a decimal without a multiplier (the low end of a multiplied range may have one:
  ``8.7–14 million``), a fraction (``3⅔``), a number glued to letters (``15,000Richard``), a
  range whose low end exceeds its high end, a bound given and taken away (``up to 5,000+``):
  unread.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

MONTHS = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
DASH = r"[-–—−‐‒]"
SEPARATED = (
    r"\d{1,3}(?:,\d{3})+(?![\d])|\d{1,3}(?:\.\d{3})+(?![\d.,])"
    r"|\d{1,3}(?:[ \u00a0\u2009\u202f']\d{3})+(?![\d])"
)
# One number: separated thousands or plain digits, an optional decimal part, a multiplier.
NUMBER = (
    rf"(?:{SEPARATED}|\d+)(?:[.,]\d+(?![\d]))?"
    r"(?:\s?(?:million|billion|thousand|mn|bn)\b|[kKmM]\b(?!\.))?"
)
MULTIPLIERS = {"million": 10**6, "mn": 10**6, "m": 10**6, "billion": 10**9, "bn": 10**9,
               "thousand": 10**3, "k": 10**3}  # fmt: skip

LOW_ONLY = (r"over|more\s+than|at\s+least|in\s+excess\s+of|upwards\s+of|above|greater\s+than|"
            r"no\s+fewer\s+than|no\s+less\s+than|>=|≥|>")  # fmt: skip
HIGH_ONLY = (r"up\s+to|as\s+many\s+as|as\s+much\s+as|under|less\s+than|fewer\s+than|below|"
             r"at\s+most|no\s+more\s+than|<=|≤|<")  # fmt: skip
APPROX = (r"c\.|ca\.|circa|~|≈|about|around|approximately|approx\.|est\.|estimated|an\s+estimated|"
          r"roughly|some|nearly|almost|perhaps|possibly|reportedly|probably|likely")  # fmt: skip
QUALIFIER = (
    rf"(?:(?<![\w.])(?:{LOW_ONLY}|{HIGH_ONLY}|{APPROX}|between)(?:(?<=[.~≈<>=≥≤])|(?![\w]))\s*)"
)
QUALIFIER_RE = re.compile(QUALIFIER, re.IGNORECASE)
LOW_ONLY_RE = re.compile(rf"^(?:{LOW_ONLY})$", re.IGNORECASE)
HIGH_ONLY_RE = re.compile(rf"^(?:{HIGH_ONLY})$", re.IGNORECASE)

QUANTITY_RE = re.compile(
    rf"(?P<qual>{QUALIFIER}*)(?<![\w])(?P<low>{NUMBER})(?P<lowplus>\s?\+)?"
    rf"(?:(?P<joint>\s*{DASH}\s*|\s+(?:to|or|and)\s+)(?P<qual2>{QUALIFIER}*)(?P<high>{NUMBER}))?"
    r"(?P<plus>\s?\+)?",
    re.IGNORECASE,
)
DIGIT_RE = re.compile(r"[\d½⅓⅔¼¾⅕⅛]+")

ERA = r"(?:BCE|BC|CE|AD|B\.C\.|A\.D\.)"
YEAR_WORDS = (
    r"(?:in|since|until|till|during|before|after|active|as\s+of|throughout|early|late|mid-?)"
)
SEASONS = r"(?:summer|winter|spring|autumn|fall|end|start|beginning|middle|year|years)"
YEAR = r"(?:1\d{3}|20\d{2})"
UNITS = (r"km²|km2|sq\s?km|sq\s?mi|km|kilometres|kilometers|kilometre|kilometer|mi|miles|mile|"
         r"metres|meters|metre|meter|m|ft|feet|foot|yd|yards|nmi|nautical\s+miles|hectares|ha|"
         r"acres|square\s+(?:kilometres|kilometers|miles)|kg|kilograms|tonnes|t|long\s+tons|"
         r"short\s+tons|lb|mm|cm|in|inches|hp|kn|knots")  # fmt: skip
CALIBRE_NOUNS = r"(?:guns?|howitzers?|cannons?|mortars?|rifles?|rounds?|shells?|artillery|pieces)"

EXCLUDED: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("date", re.compile(r"\b\d{4}-\d{2}-\d{2}\b")),
    ("date", re.compile(
        rf"\b\d{{1,2}}(?:\s?(?:{DASH}|/)\s?\d{{1,2}})?\s+{MONTHS}(?![a-z])(?:,?\s+\d{{3,4}}\b)?")),
    ("date", re.compile(
        rf"\b{MONTHS}\s+\d{{1,2}}(?:\s?{DASH}\s?\d{{1,2}})?(?![\d,]\d)(?:,\s*\d{{3,4}})?\b")),
    ("date", re.compile(rf"\b{MONTHS}\s+\d{{3,4}}\b")),
    ("year", re.compile(rf"\b\d{{1,4}}\s?{ERA}(?![a-z])|\b(?:AD|A\.D\.)\s?\d{{1,4}}\b")),
    ("year", re.compile(
        rf"\b{YEAR_WORDS}\s(?P<x>{YEAR}(?:\s?(?:{DASH}|to|until)\s?(?:{YEAR}|\d{{2}}))?)(?![\d,.])",
        re.IGNORECASE)),
    ("year", re.compile(
        rf"\bfrom\s(?P<x>{YEAR}\s?(?:{DASH}|to|until)\s?{YEAR})\b", re.IGNORECASE)),
    ("year", re.compile(rf"\b{SEASONS}\sof\s(?P<x>{YEAR})\b", re.IGNORECASE)),
    ("year", re.compile(rf"\bmid-(?P<x>{YEAR})\b", re.IGNORECASE)),
    ("year", re.compile(rf"(?<=\()\s*{YEAR}(?:\s?{DASH}\s?(?:{YEAR}|\d{{2}}))?\s*(?=\))")),
    ("year", re.compile(rf"^\s*(?P<x>{YEAR}(?:\s?{DASH}\s?(?:{YEAR}|\d{{2}}))?)\s*:")),
    ("footnote", re.compile(r"\[(?:\d{1,3}|[a-z]|note\s?\d+|nb\s?\d+|citation needed)\]")),
    ("ordinal", re.compile(r"\b\d+(?:st|nd|rd|th|e|er|ème|º|ª)\b", re.IGNORECASE)),
    ("percent", re.compile(r"\d+(?:[.,]\d+)?\s?(?:%|per\s?cent\b)", re.IGNORECASE)),
    ("designation", re.compile(
        r"\b[A-Za-z]+-?\d+[A-Za-z\d]*(?:/\d+)?\b|\bNo\.\s?\d+\b|\b\d+(?![KkMm]\b)[A-Z]{1,3}\b")),
    ("compound", re.compile(r"\b\d+(?:[.,]\d+)?-(?!strong\b|man\b|men\b)(?=[a-z])", re.I)),
    ("calibre", re.compile(rf"\b(?P<x>\d+(?:[.,]\d+)?\s?(?:mm|cm|in\.?|-?pounders?|-?pdrs?))\s"
                           rf"(?:[a-z-]+\s)?{CALIBRE_NOUNS}\b", re.IGNORECASE)),
    ("conversion", re.compile(rf"(?<=[a-z\d])\s?\((?:about\s|c\.\s?)?{NUMBER}\s?(?:{UNITS})\)")),
)  # fmt: skip
SHORT_UNITS = r"m|t|in|ha|kn|mi"  # a measure only when its conversion follows: "5 m (16 ft)"
MEASURE_RE = re.compile(
    rf"\s?(?:(?!(?:{SHORT_UNITS})\b)(?:{UNITS})\b(?!-)|(?:{SHORT_UNITS})\s?¤)", re.IGNORECASE
)

_UNITS_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
                "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
                "seventeen", "eighteen", "nineteen"]  # fmt: skip
_TENS_WORDS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
WORD_VALUES: dict[str, int] = {word: n for n, word in enumerate(_UNITS_WORDS)}
WORD_VALUES.update({word: 20 + 10 * n for n, word in enumerate(_TENS_WORDS)})
WORD_VALUES.update({"no": 0, "a dozen": 12, "a hundred": 100, "a thousand": 1000})
_SMALL = "|".join(sorted(WORD_VALUES, key=len, reverse=True))
WRITTEN_RE = re.compile(
    rf"(?P<qual>{QUALIFIER}*)\b(?P<words>(?:{_SMALL})(?:[- ](?:{_SMALL}))?"
    r"(?:\s+hundred(?:\s+(?:and\s+)?(?:" + _SMALL + r")(?:[- ](?:" + _SMALL + r"))?)?)?"
    r"(?:\s+(?:thousand|million))?)\b(?![-'])",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Span:
    """Characters of a line set aside: `kind` is year, date, ordinal, percent, designation,
    compound, calibre, conversion, or unread."""

    start: int
    end: int
    kind: str


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number or range in a line, with its qualifiers (`start` includes them)."""

    start: int
    end: int
    number_start: int  # where the digits (or words) begin
    low: int | None
    high: int | None
    approx: bool
    written: bool = False
    measure: bool = False  # followed by a unit of length, area, mass...


class Unreadable(ValueError):
    """A number the reader will not guess at."""


def value_of(text: str, *, fraction_allowed: bool = False) -> tuple[Decimal, int | None]:
    """(digits as a number, multiplier or None) of one NUMBER match; raises Unreadable.

    A decimal needs a multiplier ("1.5 million"), its own or, for the low end of a range, the
    high end's (`fraction_allowed`)."""
    raw = text.strip()
    match = re.match(r"(.*?)\s?(million|billion|thousand|mn|bn|[kKmM])$", raw)
    multiplier = None
    if match:
        raw, multiplier = match.group(1), MULTIPLIERS[match.group(2).lower()]
    if re.fullmatch(SEPARATED, raw):
        return Decimal(re.sub(r"[^\d]", "", raw)), multiplier
    decimal = re.fullmatch(r"(\d+)(?:[.,](\d+))?", raw)
    if decimal is None:
        raise Unreadable(text)
    whole, fraction = decimal.groups()
    if fraction is not None and multiplier is None and not fraction_allowed:
        raise Unreadable(text)  # "2.5" alone: a count is a whole number
    return Decimal(f"{whole}.{fraction or 0}"), multiplier  # exact: 4.35 million is 4,350,000


def _bounds(low_text: str, high_text: str | None) -> tuple[int, int]:
    if high_text is None:
        low, low_mult = value_of(low_text)
        value = low * (low_mult or 1)
        if value != int(value):
            raise Unreadable(low_text)
        return int(value), int(value)
    high, high_mult = value_of(high_text)
    low, low_mult = value_of(low_text, fraction_allowed=high_mult is not None)  # "8.7–14 million"
    if low_mult is None and high_mult is not None and low <= high:
        low_mult = high_mult  # "2–3 million"
    low_value, high_value = low * (low_mult or 1), high * (high_mult or 1)
    thousands = re.fullmatch(r"\d{1,3}[,.' \u00a0\u2009\u202f]000", high_text.strip())
    if thousands and low_mult is None and "," not in low_text and 1 <= low < high_value / 1000:
        low_value = low * 1000  # "15–20,000"
    if low_value != int(low_value) or high_value != int(high_value) or low_value > high_value:
        raise Unreadable(f"{low_text}–{high_text}")
    return int(low_value), int(high_value)


def _qualified(
    low: int | None, high: int | None, qualifiers: list[str], plus: bool
) -> tuple[int | None, int | None, bool]:
    approx = False
    single = low == high
    for word in qualifiers:
        if LOW_ONLY_RE.match(word) and single:
            high = None
        elif HIGH_ONLY_RE.match(word) and single:
            low = None
        elif word.lower() != "between":
            approx = True
    if plus:
        high = None
    return low, high, approx


def _words(qualifiers: str) -> list[str]:
    return [re.sub(r"\s+", " ", m.group(0).strip()) for m in QUALIFIER_RE.finditer(qualifiers)]


def excluded_spans(line: str) -> list[Span]:
    """Years, dates, ordinals... in the line, earliest first, overlaps merged into the first."""
    found: list[Span] = []
    for kind, pattern in EXCLUDED:
        for match in pattern.finditer(line):
            start, end = match.span("x") if "x" in pattern.groupindex else match.span()
            if end > start and DIGIT_RE.search(line[start:end]):
                found.append(Span(start, end, kind))
    found.sort(key=lambda span: (span.start, -span.end))
    merged: list[Span] = []
    for span in found:
        if merged and span.start < merged[-1].end:
            last = merged[-1]
            merged[-1] = Span(last.start, max(last.end, span.end), last.kind)
        else:
            merged.append(span)
    return merged


def masked(line: str, spans: list[Span]) -> str:
    """The line with each set-aside span blanked (same length, so offsets hold): years and
    dates as "§", the rest as "¤"."""
    chars = list(line)
    for span in spans:
        mark = "§" if span.kind in ("year", "date") else "¤"
        for index in range(span.start, span.end):
            if not chars[index].isspace():
                chars[index] = mark
    return "".join(chars)


def _written_value(words: str) -> int | None:
    total, current = 0, 0
    text = re.sub(r"\s+", " ", words.lower().replace("-", " ")).strip()
    for phrase in sorted(("a dozen", "a hundred", "a thousand"), key=len, reverse=True):
        text = text.replace(phrase, phrase.replace(" ", "_"))
    for word in text.split():
        word = word.replace("_", " ")
        if word == "and":
            continue
        if word == "hundred":
            current = max(current, 1) * 100
        elif word in ("thousand", "million"):
            total += max(current, 1) * (1000 if word == "thousand" else 10**6)
            current = 0
        elif word in WORD_VALUES:
            value = WORD_VALUES[word]
            if current % 100 >= 20 and value < 10 or current % 100 == 0:
                current += value
            else:
                return None  # "one two": not one number
        else:
            return None
    return total + current


def scan(line: str) -> tuple[list[Quantity], list[Span]]:
    """The quantities of one line and the spans set aside (excluded or unread)."""
    spans = excluded_spans(line)
    text = masked(line, spans)
    quantities: list[Quantity] = []
    covered = [False] * len(text)
    position = 0
    while (match := QUANTITY_RE.search(text, position)) is not None:
        quantity, position = _quantity(match, text, line)
        if quantity is None:
            spans.append(Span(match.start("low"), position, "unread"))
        else:
            quantities.append(quantity)
        _cover(covered, match.start("low"), position)
    for match in DIGIT_RE.finditer(text):  # digits no pattern took: never guessed at
        if not all(covered[match.start() : match.end()]):
            spans.append(Span(match.start(), match.end(), "unread"))
    quantities.extend(_written(text, covered))
    quantities.sort(key=lambda q: q.start)
    spans.sort(key=lambda span: span.start)
    return quantities, spans


def _quantity(match: re.Match[str], text: str, line: str) -> tuple[Quantity | None, int]:
    """The quantity one QUANTITY_RE match gives (None when unreadable), and where it ends."""
    low_text, high_text = match.group("low"), match.group("high")
    joint = (match.group("joint") or "").strip().lower()
    qualifiers = _words(match.group("qual")) + _words(match.group("qual2") or "")
    if joint == "and" and not any(q.lower() == "between" for q in qualifiers):
        high_text = None  # "5 and 6 wounded" without "between": two numbers, not a range
    if high_text is None:
        plus = bool(match.group("lowplus"))
        end = match.end("lowplus") if plus else match.end("low")
    else:
        plus = bool(match.group("plus"))
        end = match.end("plus") if plus else match.end("high")
    number_start = match.start("low")
    follower = text[end : end + 1]
    try:
        if follower and (follower.isalpha() or follower in "½⅓⅔¼¾⅕⅛"):
            raise Unreadable(line[number_start : end + 1])
        low, high = _bounds(low_text, high_text)
    except Unreadable:
        return None, max(end, number_start + 1)
    low_bound, high_bound, approx = _qualified(low, high, qualifiers, plus)
    if low_bound is None and high_bound is None:  # "up to 5,000+": no bound left to trust
        return None, end
    measure = bool(MEASURE_RE.match(text, end))
    start = match.start("qual") if match.group("qual") else number_start
    return Quantity(start, end, number_start, low_bound, high_bound, approx, measure=measure), end


def _cover(covered: list[bool], start: int, end: int) -> None:
    for index in range(start, end):
        covered[index] = True


def _written(text: str, covered: list[bool]) -> list[Quantity]:
    found = []
    for match in WRITTEN_RE.finditer(text):
        if any(covered[match.start() : match.end()]):
            continue
        value = _written_value(match.group("words"))
        if value is None:
            continue
        qualifiers = _words(match.group("qual"))
        low, high, approx = _qualified(value, value, qualifiers, False)
        if low is None and high is None:
            continue
        start = match.start("qual") if match.group("qual") else match.start("words")
        found.append(Quantity(start, match.end(), match.start("words"), low, high, approx, True))
    return found

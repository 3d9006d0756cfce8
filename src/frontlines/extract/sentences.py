"""Plain text cut into sentences: `split_sentences` gives (start, end) offsets.

A sentence ends at ".", "!" or "?" (with any closing quotes or brackets after it) followed by
white space and a capital, a digit or an opening quote or bracket. A full stop does not end a
sentence after an abbreviation (Maj., Gen., Lt., St., No., Inf., Div., Sept., c. ...), after an
initial ("John F. Kennedy", "U.S."), or inside a number ("9.3"); a line break always does.
"""

from __future__ import annotations

import re

ABBREVIATIONS = frozenset(
    """
    maj gen lt col capt cpt cdr cmdr comdr adm brig sgt cpl pvt lieut gens cols maj.-gen lt.-gen
    lt.-col brig.-gen mr mrs ms dr prof rev hon gov sen rep pres st ste mt ft no nos nr inf div
    divs bde bn bns regt regts co cos coy corp bty cav arty art vol vols jr sr c ca approx esp
    fig figs pp p ed eds op cit ibid jan feb mar apr jun jul aug sep sept oct nov dec mon tue
    wed thu fri sat sun ltd bros ave rd sq vs viz al cf e.g i.e etc.al u.s u.k u.s.s h.m.s
    hms uss ss vice lt.-gov gen.-lt
    """.split()
)
# A candidate end: the terminator with any closing quotes or brackets; it ends a sentence when
# space and a capital, digit or opening quote follow (checked apart: one fast scan, then a match).
_END = re.compile(r"[.!?…]+[\"'”’)\]]*|\n+")
_NEXT = re.compile(r"\s+[\"'“‘(\[]?[A-Z0-9À-Þ]")
_WORD_BEFORE = re.compile(r"([\w.'’-]+)$")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of `text`, leading and trailing spaces excluded."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _END.finditer(text):
        end = match.end()
        if match.group(0)[0] != "\n":
            if _NEXT.match(text, end) is None:
                continue
            if match.group(0)[0] == "." and _not_an_end(text, match.start()):
                continue
        _add(text, start, end, spans)
        start = end
    _add(text, start, len(text), spans)
    return spans


def _add(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


def _not_an_end(text: str, dot: int) -> bool:
    """Whether the full stop at `dot` belongs to an abbreviation or an initial."""
    found = _WORD_BEFORE.search(text, max(0, dot - 24), dot)
    if found is None:
        return False
    word = found.group(1).lower().strip("'’-")
    if word in ABBREVIATIONS:
        return True
    last = word.rsplit(".", 1)[-1] if "." in word else word
    if len(last) == 1 and last.isalpha() and text[dot - 1].isupper():
        return True  # an initial: "F." of "John F. Kennedy", the "S." of "U.S."
    return "." in word and all(len(part) <= 2 for part in word.split(".") if part)

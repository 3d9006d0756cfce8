"""Structure of the bundled sample wiki (samples/sample-wiki.xml).

The sample is what `make demo` converts and what many tests lean on, so this file pins
down its shape: a valid export-0.11 dump whose ids, sizes and SHA-1 digests are
consistent, whose conflict articles use the markup real Wikipedia articles use, and
whose negative samples (a redirect, a category page, a city) stay what they are.
The XML is read with the standard library; wikitext is inspected with mwparserfromhell.
"""

from __future__ import annotations

import hashlib
import re
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import mwparserfromhell
import pytest

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "sample-wiki.xml"
NS = {"mw": "http://www.mediawiki.org/xml/export-0.11/"}
INFOBOX = "infobox military conflict"
MAX_SAMPLE_BYTES = 80_000
CONFLICT_COUNT = 11


@dataclass(frozen=True)
class SamplePage:
    title: str
    ns: int
    page_id: int
    rev_id: int
    timestamp: str
    redirect: str | None
    text: str
    declared_bytes: int
    sha1: str


def _child_text(element: ET.Element, path: str) -> str:
    found = element.find(path, NS)
    assert found is not None, f"missing <{path}> in {element.tag}"
    return found.text or ""


def _read_page(page: ET.Element) -> SamplePage:
    revision = page.find("mw:revision", NS)
    assert revision is not None
    text_el = revision.find("mw:text", NS)
    assert text_el is not None
    redirect = page.find("mw:redirect", NS)
    return SamplePage(
        title=_child_text(page, "mw:title"),
        ns=int(_child_text(page, "mw:ns")),
        page_id=int(_child_text(page, "mw:id")),
        rev_id=int(_child_text(revision, "mw:id")),
        timestamp=_child_text(revision, "mw:timestamp"),
        redirect=None if redirect is None else redirect.get("title"),
        text=text_el.text or "",
        declared_bytes=int(text_el.get("bytes", "-1")),
        sha1=_child_text(revision, "mw:sha1"),
    )


@pytest.fixture(scope="module")
def root() -> ET.Element:
    return ET.parse(SAMPLE).getroot()


@pytest.fixture(scope="module")
def pages(root: ET.Element) -> list[SamplePage]:
    return [_read_page(page) for page in root.findall("mw:page", NS)]


def _template_names(text: str) -> set[str]:
    code = mwparserfromhell.parse(text)
    return {str(t.name).strip().lower() for t in code.filter_templates(recursive=True)}


def _is_conflict(page: SamplePage) -> bool:
    return page.ns == 0 and page.redirect is None and INFOBOX in _template_names(page.text)


@pytest.fixture(scope="module")
def conflicts(pages: list[SamplePage]) -> list[SamplePage]:
    return [page for page in pages if _is_conflict(page)]


def mediawiki_sha1(data: bytes) -> str:
    """SHA-1 in base 36, zero-padded to 31 digits, as MediaWiki stores rev_sha1."""
    number = int(hashlib.sha1(data).hexdigest(), 16)
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while number:
        number, rest = divmod(number, 36)
        out = digits[rest] + out
    return out.rjust(31, "0")


def test_base36_helper_matches_a_known_mediawiki_value() -> None:
    # MediaWiki's SHA-1 of the empty string (Wikimedia\base_convert(sha1(''), 16, 36, 31))
    assert mediawiki_sha1(b"") == "phoiac9h4m842xq45sp7s6u21eteeq1"


def test_sample_is_small() -> None:
    assert SAMPLE.stat().st_size < MAX_SAMPLE_BYTES


def test_siteinfo(root: ET.Element) -> None:
    assert root.tag == "{http://www.mediawiki.org/xml/export-0.11/}mediawiki"
    assert root.get("version") == "0.11"
    assert _child_text(root, "mw:siteinfo/mw:sitename") == "Front Lines Sample Wiki"
    assert _child_text(root, "mw:siteinfo/mw:base") == "https://en.wikipedia.org/wiki/Main_Page"
    namespaces = {
        int(el.get("key", "")): (el.text or "")
        for el in root.findall("mw:siteinfo/mw:namespaces/mw:namespace", NS)
    }
    assert namespaces[0] == ""
    assert namespaces[6] == "File"
    assert namespaces[10] == "Template"
    assert namespaces[14] == "Category"


def test_page_counts(pages: list[SamplePage], conflicts: list[SamplePage]) -> None:
    assert len(conflicts) == CONFLICT_COUNT
    assert sum(1 for p in pages if p.redirect is not None) == 1
    assert [p.title for p in pages if p.ns == 14] == ["Category:Battles of the Russo-Ukrainian War"]
    others = [p for p in pages if p.ns == 0 and p.redirect is None and not _is_conflict(p)]
    assert [p.title for p in others] == ["Lviv"]


def _repeated(values: list[str] | list[int]) -> list[str | int]:
    return [value for value, count in Counter[str | int](values).items() if count > 1]


def test_titles_and_ids_are_unique(pages: list[SamplePage]) -> None:
    assert not _repeated([p.title for p in pages])
    assert not _repeated([p.page_id for p in pages])
    assert not _repeated([p.rev_id for p in pages])


def test_sizes_and_digests_match_the_text(pages: list[SamplePage]) -> None:
    for page in pages:
        data = page.text.encode("utf-8")
        assert page.declared_bytes == len(data), page.title
        assert page.sha1 == mediawiki_sha1(data), page.title


def test_timestamps_are_iso_utc(pages: list[SamplePage]) -> None:
    for page in pages:
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", page.timestamp), page.title


def test_redirect_points_at_a_page_in_the_sample(pages: list[SamplePage]) -> None:
    (redirect,) = [p for p in pages if p.redirect is not None]
    assert redirect.text.startswith(f"#REDIRECT [[{redirect.redirect}]]")
    assert redirect.redirect in {p.title for p in pages if p.redirect is None}


def test_negative_samples_have_no_conflict_infobox(pages: list[SamplePage]) -> None:
    lviv = next(p for p in pages if p.title == "Lviv")
    assert "infobox settlement" in _template_names(lviv.text)
    assert INFOBOX not in _template_names(lviv.text)


REQUIRED_PER_CONFLICT = {
    "coordinates": re.compile(r"\{\{\s*coord\s*\|", re.I),
    "citation template": re.compile(r"\{\{\s*cite (web|news|book)\b", re.I),
    "short footnote": re.compile(r"\{\{\s*sfn\s*\|", re.I),
    "explanatory note": re.compile(r"\{\{\s*efn\s*\|", re.I),
    "note list": re.compile(r"\{\{\s*notelist\s*\}\}", re.I),
    "reference list": re.compile(r"\{\{\s*reflist\b", re.I),
    "unit conversion": re.compile(r"\{\{\s*convert\s*\|", re.I),
    "table": re.compile(r'^\{\|\s*class="wikitable"', re.M),
    "captioned image": re.compile(r"\[\[File:[^|\]]+\|thumb\|", re.I),
    "category": re.compile(r"^\[\[Category:[^\]]+\]\]$", re.M),
    "short description": re.compile(r"\{\{\s*short description\s*\|", re.I),
    "bibliography": re.compile(r"^== Bibliography ==$", re.M),
}


@pytest.mark.parametrize("feature", sorted(REQUIRED_PER_CONFLICT))
def test_every_conflict_article_has(conflicts: list[SamplePage], feature: str) -> None:
    pattern = REQUIRED_PER_CONFLICT[feature]
    missing = [p.title for p in conflicts if not pattern.search(p.text)]
    assert not missing, f"{feature} missing in {missing}"


def test_conflict_articles_are_medium_length(conflicts: list[SamplePage]) -> None:
    for page in conflicts:
        assert 2_000 <= page.declared_bytes <= 6_500, page.title


def _infobox(page: SamplePage) -> mwparserfromhell.nodes.Template:
    code = mwparserfromhell.parse(page.text)
    return next(t for t in code.filter_templates() if str(t.name).strip().lower() == INFOBOX)


def test_infoboxes_have_the_core_fields(conflicts: list[SamplePage]) -> None:
    for page in conflicts:
        infobox = _infobox(page)
        for field in ("conflict", "date", "place", "combatant1", "combatant2", "commander1"):
            assert infobox.has(field), f"{page.title}: no {field}"
            assert str(infobox.get(field).value).strip(), f"{page.title}: empty {field}"
        assert infobox.has("result") or infobox.has("status"), page.title


def test_every_short_footnote_has_a_bibliography_entry(conflicts: list[SamplePage]) -> None:
    for page in conflicts:
        code = mwparserfromhell.parse(page.text)
        books = {
            (str(t.get("last").value).strip(), str(t.get("year").value).strip())
            for t in code.filter_templates()
            if str(t.name).strip().lower() == "cite book" and t.has("last") and t.has("year")
        }
        books |= {
            (str(t.get("last1").value).strip(), str(t.get("year").value).strip())
            for t in code.filter_templates()
            if str(t.name).strip().lower() == "cite book" and t.has("last1") and t.has("year")
        }
        for short in code.filter_templates():
            if str(short.name).strip().lower() not in {"sfn", "harvnb"}:
                continue
            positional = [str(p.value).strip() for p in short.params if not p.showkey]
            author, year = positional[0], positional[-1]
            assert (author, year) in books, f"{page.title}: {short.name}|{author}|…|{year}"


def test_named_references_are_defined_where_reused(pages: list[SamplePage]) -> None:
    for page in pages:
        reused = set(re.findall(r'<ref name="([^"]+)"\s*/>', page.text))
        defined = set(re.findall(r'<ref name="([^"]+)">', page.text))
        assert reused <= defined, f"{page.title}: undefined {reused - defined}"


SAMPLE_WIDE = {
    "cite web": r"\{\{cite web\b",
    "cite news": r"\{\{cite news\b",
    "cite book": r"\{\{cite book\b",
    "ref defined in reflist": r"\{\{reflist\|refs=\s*<ref name=",
    "named ref reused": r'<ref name="[^"]+"\s*/>',
    "harvnb in a ref": r"<ref>\{\{harvnb\|",
    "rp after a ref": r"/>\{\{rp\|",
    "defaultsort": r"^\{\{DEFAULTSORT:[^}]+\}\}$",
    "notoc": r"^__NOTOC__$",
    "flag": r"\{\{flag\|",
    "flagicon": r"\{\{flagicon\|",
    "plainlist": r"\{\{plainlist\|",
    "supported by": r"'''Supported by:'''",
    "qualifier": r"\(from \d{4}\)",
    "killed in action": r"\{\{KIA\}\}",
    "small note": r"<small>[^<]+</small>",
    "lang": r"\{\{lang\|(uk|ar|fr|grc)\|",
    "lang-xx": r"\{\{lang-ar\|",
    "nowrap": r"\{\{nowrap\|",
    "circa": r"\{\{circa",
    "start date": r"\{\{start date\|",
    "ongoing": r"– present",
    "BC date": r"\| date\s*=\s*1 October 331 BC",
    "circa BC date": r"\| date\s*=\s*\{\{circa\}\} 1274 BC",
    "casualties3": r"\| casualties3\s*=",
    "combatant3": r"\| combatant3\s*=",
    "rowspan": r'rowspan="\d+"',
    "numbered list": r"^# ",
    "bulleted list": r"^\* ",
    "quote": r"\{\{quote\|",
    "main hatnote": r"\{\{main\|",
    "see also hatnote": r"\{\{see also\|",
    "citation needed": r"\{\{citation needed\|date=",
    "html comment": r"<!--.*?-->",
    "campaignbox": r"\{\{Campaignbox ",
    "authority control": r"\{\{Authority control\}\}",
    "coord at the foot": r"^\{\{coord\|[^}]*display=title\}\}$",
    "bare infobox image": r"\| image\s*=\s*[^\[\s][^\n]*\.(jpg|svg|png)$",
    "linked infobox image": r"\| image\s*=\s*\[\[File:",
    "shared category": r"^\[\[Category:Conflicts in 2022\]\]$",
}


@pytest.mark.parametrize("feature", sorted(SAMPLE_WIDE))
def test_sample_uses(pages: list[SamplePage], feature: str) -> None:
    pattern = re.compile(SAMPLE_WIDE[feature], re.M | re.S)
    assert any(pattern.search(p.text) for p in pages), feature

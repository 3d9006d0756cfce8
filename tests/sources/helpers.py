"""Builders for small MediaWiki exports written by the tests themselves."""

from __future__ import annotations

import bz2
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO / ".." / "shared"
DUMPS = SHARED / "corpus" / "dumps"
MEDIAWIKI_LOCAL = SHARED / "scripts" / "mediawiki-local.sh"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@dataclass(frozen=True)
class Rev:
    revision_id: int
    timestamp: str
    text: str
    sha1: str = "phoiac9h4m842xq45sp7s6u21eteeq1"


@dataclass(frozen=True)
class PageSpec:
    title: str
    revisions: tuple[Rev, ...]
    namespace: int | None = 0  # None: leave <ns> out, as exports before 0.4 did
    page_id: int = 1
    redirect: str | None = None
    extra: str = ""  # raw XML put inside <page>, before the revisions


@dataclass(frozen=True)
class Export:
    pages: tuple[PageSpec, ...]
    version: str = "0.11"
    base: str | None = "https://xx.example.org/wiki/Main_Page"
    namespaces: dict[int, str] = field(
        default_factory=lambda: {0: "", 1: "Talk", 10: "Template", 14: "Category"}
    )

    def xml(self) -> str:
        """The export as XML text, laid out as MediaWiki writes it."""
        ns = f"http://www.mediawiki.org/xml/export-{self.version}/"
        parts = [f'<mediawiki xmlns="{ns}" version="{self.version}" xml:lang="en">\n']
        if self.base is not None:
            parts.append(self._siteinfo())
        parts.extend(_page_xml(page) for page in self.pages)
        parts.append("</mediawiki>\n")
        return "".join(parts)

    def _siteinfo(self) -> str:
        names = "".join(
            f'      <namespace key="{key}" case="first-letter">{escape(name)}</namespace>\n'
            for key, name in self.namespaces.items()
        )
        return (
            "  <siteinfo>\n    <sitename>Example</sitename>\n"
            f"    <base>{escape(self.base or '')}</base>\n"
            f"    <namespaces>\n{names}    </namespaces>\n  </siteinfo>\n"
        )


def _page_xml(page: PageSpec) -> str:
    lines = [f"  <page>\n    <title>{escape(page.title)}</title>\n"]
    if page.namespace is not None:
        lines.append(f"    <ns>{page.namespace}</ns>\n")
    lines.append(f"    <id>{page.page_id}</id>\n")
    if page.redirect is not None:
        lines.append(f"    <redirect title={quoteattr(page.redirect)} />\n")
    lines.append(page.extra)
    for rev in page.revisions:
        lines.append(
            f"    <revision>\n      <id>{rev.revision_id}</id>\n"
            f"      <timestamp>{rev.timestamp}</timestamp>\n"
            "      <contributor><username>Tester</username><id>7</id></contributor>\n"
            f'      <text bytes="{len(rev.text.encode())}" xml:space="preserve">'
            f"{escape(rev.text)}</text>\n"
            f"      <sha1>{rev.sha1}</sha1>\n    </revision>\n"
        )
    lines.append("  </page>\n")
    return "".join(lines)


def article(title: str, text: str, *, page_id: int = 1, revision_id: int = 100) -> PageSpec:
    return PageSpec(
        title=title,
        page_id=page_id,
        revisions=(Rev(revision_id, "2020-05-01T12:00:00Z", text),),
    )


def bz2_multistream(data: bytes, pieces: int = 3) -> bytes:
    """bz2 as Wikimedia's multistream dumps are: several complete streams, one after another."""
    size = max(1, len(data) // pieces)
    return b"".join(bz2.compress(data[i : i + size]) for i in range(0, len(data), size))

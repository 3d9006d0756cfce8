"""Entity pages from the real corpus (../shared/corpus/conflict): the United States fought in
six of the 32 conflicts, George Washington commanded in one; cards show their refs.

The six were found by reading the infoboxes: the combatant cells of Short Hills
({{flag|United States|1777}}), Mount Elba ([[United States]]), the Crater, Guadalcanal, Peleliu
and the Bulge ({{flag|United States}}...). The American Revolutionary War's "United States"
links [[Patriot (American Revolution)|United States]], as Wikipedia shows it, so it is that
entity, not this one. George Washington is a commander only in the Revolutionary War's
infobox (Short Hills names him in its prose only; its commander1 is William Alexander).
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from frontlines.publish.site import BuildResult
from tests.publish.test_corpus_site import CONFLICTS, corpus_site

__all__ = ["corpus_site"]
pytestmark = pytest.mark.corpus

US_CONFLICTS = {
    "Battle of Short Hills",
    "Battle of Mount Elba",
    "Battle of the Crater",
    "Naval Battle of Guadalcanal",
    "Battle of Peleliu",
    "Battle of the Bulge",
}
# A combatant cell naming the United States: its flag templates, or a link to the article.
US_IN_CELL = re.compile(
    r"\{\{\s*(?:flag|flagcountry|flagu)\s*\|\s*(?:United States|USA)\s*[|}]"
    r"|\[\[\s*United[ _]States\s*(?:\||\]\])",
    re.IGNORECASE,
)
COMBATANT = re.compile(r"^\s*\|\s*combatant\d+[a-z]?\s*=(.*?)(?=^\s*\||\Z)", re.M | re.S)


class Rows(HTMLParser):
    """The conflict titles of an entity page's table (its row headers)."""

    def __init__(self) -> None:
        super().__init__()
        self.inside = False
        self.titles: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "th" and ("scope", "row") in attrs:
            self.inside = True
            self.titles.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "th":
            self.inside = False

    def handle_data(self, data: str) -> None:
        if self.inside:
            self.titles[-1] += data


def _rows(page: Path) -> list[str]:
    parser = Rows()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.titles


def test_the_infoboxes_name_the_united_states_in_these_six() -> None:
    named = set()
    for path in CONFLICTS.glob("*.wiki"):
        text = path.read_text(encoding="utf-8")
        if any(US_IN_CELL.search(cell) for cell in COMBATANT.findall(text)):
            named.add(path.stem.replace("_", " "))
    assert named == US_CONFLICTS


def test_the_united_states_page_lists_its_six_conflicts(corpus_site: BuildResult) -> None:
    page = corpus_site.out_dir / "parties" / "united-states" / "index.html"
    assert set(_rows(page)) == US_CONFLICTS and len(_rows(page)) == 6
    entities = json.loads((corpus_site.out_dir / "data" / "entities.json").read_text("utf-8"))
    us = next(e for e in entities if e["id"] == "parties/united-states")
    assert (us["title"], us["kind"], set(us["conflicts"])) == (
        "United States", "party", US_CONFLICTS
    )  # fmt: skip
    patriots = next(e for e in entities if e["title"] == "Patriot (American Revolution)")
    assert patriots["conflicts"] == ["American Revolutionary War"]
    assert patriots["names"] == ["United States"]


def test_george_washington_commanded_in_the_revolutionary_war(corpus_site: BuildResult) -> None:
    page = corpus_site.out_dir / "commanders" / "george-washington" / "index.html"
    assert _rows(page) == ["American Revolutionary War"]


def test_the_index_ranks_belligerents_by_conflicts(corpus_site: BuildResult) -> None:
    html = (corpus_site.out_dir / "parties" / "index.html").read_text(encoding="utf-8")
    parties = html.split('<ol class="entity-index">')[1].split("</ol>")[0]
    counts = [int(n) for n in re.findall(r'<span class="count">\((\d+)\)</span>', parties)]
    assert counts == sorted(counts, reverse=True) and counts[0] == 6
    assert "United States</a>" in parties.split("</li>")[0]  # the United States leads


def test_cards_link_entities_and_show_their_refs(corpus_site: BuildResult) -> None:
    html = (corpus_site.out_dir / "articles" / "battle_of_the_bulge" / "index.html").read_text(
        encoding="utf-8"
    )
    card = html.split('<aside class="infobox"')[1].split("</aside>")[0]
    assert 'href="../../parties/united-states/"' in card
    marks = re.findall(r'<sup class="card-ref"><a href="#(fn\d+)"', card)
    assert len(marks) > 10
    for target in set(marks):  # every mark jumps to a footnote of the article
        assert f'<li id="{target}" class="footnote-item">' in html

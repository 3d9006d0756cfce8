"""A site built from the real corpus (../shared/corpus/conflict): zero broken internal links,
nothing loaded from another host, nothing unsafe from wikitext. Skipped when ../shared is absent.
"""

from __future__ import annotations

import json
import tomllib
from html.parser import HTMLParser
from pathlib import Path

import feedparser
import pytest

from frontlines.build import gather_site
from frontlines.config import parse_config
from frontlines.convert import convert_page
from frontlines.publish.data import SiteSettings
from frontlines.publish.linkcheck import check_site, parse_page
from frontlines.publish.site import BuildResult, build_site
from frontlines.sources.files import InputFailure, iter_inputs
from frontlines.store import Store
from tests.conftest import skip_without_shared

pytestmark = pytest.mark.corpus
CONFLICTS = (
    Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus" / "conflict"
).resolve()
CONFIG = '[[theatre]]\nname = "corpus"\ntitle = "Corpus conflicts"\ntitles = ["(from files)"]\n'


class Unsafe(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag in ("iframe", "object", "embed", "svg", "math", "form", "base") or (
            tag == "script" and not values.get("src")
        ):
            self.found.append(tag)
        for name, value in values.items():
            if name.startswith("on"):
                self.found.append(f"{tag}[{name}]")
            scheme = value.strip().lower()
            if name in ("href", "src") and scheme.startswith(("javascript:", "data:")):
                self.found.append(f"{tag}[{name}={value[:20]}]")
            if name == "style" and ("expression" in value or "url(" in value):
                self.found.append(f"{tag}[style]")


@pytest.fixture(scope="module")
def corpus_site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    if not CONFLICTS.is_dir():
        skip_without_shared(CONFLICTS, "the corpus site build needs it")
    project = tmp_path_factory.mktemp("corpus")
    (project / "frontlines.toml").write_text(CONFIG, encoding="utf-8")
    config = parse_config(tomllib.loads(CONFIG), path=project / "frontlines.toml")
    with Store(config.db_path, clock=lambda: "2024-01-01T00:00:00Z") as store:
        for page in iter_inputs([CONFLICTS]):
            if isinstance(page, InputFailure) or page.redirect is not None:
                continue
            store.put_page(
                page, convert_page(page, kind="wikitext"), theatre="corpus", kind="wikitext"
            )
        site = gather_site(store, config, content_dir=project / "content", settings=SiteSettings())
    return build_site(site, project / "site")


def test_corpus_site_has_no_broken_links(corpus_site: BuildResult) -> None:
    assert len(list((corpus_site.out_dir / "articles").iterdir())) == 32
    assert [str(p) for p in check_site(corpus_site.out_dir)] == []


def test_corpus_site_has_no_unsafe_html(corpus_site: BuildResult) -> None:
    for page in sorted(corpus_site.out_dir.rglob("*.html")):
        if "pagefind" in page.parts:
            continue
        parser = Unsafe()
        parser.feed(page.read_text(encoding="utf-8"))
        assert parser.found == [], page


def test_corpus_events_page_links_every_event_to_its_sentence(corpus_site: BuildResult) -> None:
    site = corpus_site.out_dir
    events = json.loads((site / "data" / "events.json").read_text(encoding="utf-8"))["events"]
    assert len(events) > 100
    page = site / "theatres" / "corpus" / "events" / "index.html"
    links = [url for tag, _, url in parse_page(page).links if "#event-" in url]
    assert len(links) == len(events)  # one link per event, to its sentence
    broken = [p for p in check_site(site) if p.page == "theatres/corpus/events/index.html"]
    assert broken == []
    for name in ("Battle of Waterloo", "Battle of Peleliu", "Eureka Rebellion"):
        assert any(e["article"] == name for e in events), name
    feed = feedparser.parse((site / "theatres" / "corpus" / "events.xml").read_bytes())
    assert not feed.bozo and len(feed.entries) == 50

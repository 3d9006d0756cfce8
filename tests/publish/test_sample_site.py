"""The sample wiki, synced through the real pipeline and converter, built into a site.

Not a golden test (the converter's output is still changing); these are the invariants the
issue asks of any built site: zero broken internal links, nothing loaded from another host,
nothing unsafe from wikitext, an infobox card and a source footer on every conflict page.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

from frontlines.build import gather_site
from frontlines.config import load_config
from frontlines.pipeline import sync
from frontlines.publish.data import SiteSettings
from frontlines.publish.linkcheck import check_site
from frontlines.publish.site import BuildResult, build_site
from frontlines.sources.territory import read_series
from frontlines.store import Store
from frontlines.territory import features_to_stored
from tests.conftest import SAMPLE_THEATRES

REPO = Path(__file__).resolve().parents[2]
SAMPLE_WIKI = REPO / "samples" / "sample-wiki.xml"
CLOCK = "2024-06-01T12:00:00Z"


class Unsafe(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("iframe", "object", "embed", "svg") or (
            tag == "script" and not dict(attrs).get("src")
        ):
            self.found.append(tag)
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{tag}[{name}]")
            if name == "style" and any(bad in (value or "") for bad in ("expression", "url(")):
                self.found.append(f"{tag}[style={value}]")
            if name in ("href", "src") and (value or "").lower().lstrip().startswith("javascript"):
                self.found.append(f"{tag}[{name}=javascript:]")


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    if not SAMPLE_WIKI.is_file():
        pytest.skip("samples/sample-wiki.xml is not there")
    project = tmp_path_factory.mktemp("sample")
    (project / "frontlines.toml").write_text(SAMPLE_THEATRES, encoding="utf-8")
    config = load_config(project / "frontlines.toml")
    with Store(config.db_path, clock=lambda: CLOCK) as store:
        report = sync(config, store, dump=SAMPLE_WIKI)
        assert report.failures == ()
        series, _ = read_series(REPO / "samples/territory/ukraine", "ukraine", {})
        store.put_territory("ukraine", features_to_stored(series))
        site = gather_site(store, config, content_dir=REPO / "content", settings=SiteSettings())
    return build_site(site, project / "site")


def test_sample_site_has_every_conflict_with_card_and_source(sample_site: BuildResult) -> None:
    articles = sorted((sample_site.out_dir / "articles").iterdir())
    assert len(articles) == 11
    for folder in articles:
        text = (folder / "index.html").read_text(encoding="utf-8")
        assert '<aside class="infobox"' in text, folder.name
        assert "Source: Wikipedia, <cite>" in text and "&amp;oldid=" in text, folder.name


def test_sample_site_links_and_safety(sample_site: BuildResult) -> None:
    assert [str(p) for p in check_site(sample_site.out_dir)] == []
    for page in sorted(sample_site.out_dir.rglob("*.html")):
        if "pagefind" in page.parts:
            continue
        parser = Unsafe()
        parser.feed(page.read_text(encoding="utf-8"))
        assert parser.found == [], page


def test_sample_site_timeline_respects_bc_dates(sample_site: BuildResult) -> None:
    text = (sample_site.out_dir / "theatres/ancient/timeline/index.html").read_text()
    assert "BC" in text
    assert text.index("Battle of Kadesh") < text.index("Battle of Gaugamela")

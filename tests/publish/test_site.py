"""The built fixture site: pages, safety, links, semantics, feeds, data files, determinism."""

from __future__ import annotations

import hashlib
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest

from frontlines.errors import PublishError
from frontlines.publish.data import SiteData
from frontlines.publish.linkcheck import check_site
from frontlines.publish.site import BuildResult, build_site, plan_site


class Dangers(HTMLParser):
    """What a browser would run or load from a page: found by parsing, not by grepping."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name.lower(): (value or "") for name, value in attrs}
        if tag == "script" and "src" not in values:
            self.found.append("inline <script>")
        if tag in ("iframe", "svg", "object", "embed", "base", "form"):
            self.found.append(f"<{tag}>")
        for name, value in values.items():
            if name.startswith("on"):
                self.found.append(f"{name}= on <{tag}>")
            if name in ("href", "src") and value.strip().lower().startswith("javascript:"):
                self.found.append(f"javascript: in {name}")
            if name == "style" and "expression(" in value.lower():
                self.found.append("style expression(")


def dangers(html: str) -> list[str]:
    parser = Dangers()
    parser.feed(html)
    return parser.found


def html_pages(site: Path) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(site.rglob("*.html"))
        if "pagefind" not in p.parts
    }


def digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


class Outline(HTMLParser):
    """Collects what the semantics tests look at."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.h1 = 0
        self.lang = ""
        self.images_without_alt = 0
        self.stack: list[str] = []
        self.titles: list[str] = []
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self.tags.append(tag)
        self.h1 += tag == "h1"
        if tag == "html":
            self.lang = values.get("lang") or ""
        if tag == "img" and not values.get("alt"):
            self.images_without_alt += 1
        self._in_title = tag == "title"

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.titles.append(data)
            self._in_title = False


def test_build_writes_every_kind_of_page(built_site: BuildResult) -> None:
    site = built_site.out_dir
    for path in [
        "index.html",
        "404.html",
        "theatres/ukraine/index.html",
        "theatres/ukraine/timeline/index.html",
        "theatres/ukraine/feed.xml",
        "articles/battle_of_kyiv_(2022)/index.html",
        "articles/battle_of_aleppo_(2012–2016)/index.html",
        "tags/index.html",
        "tags/conflicts-in-2022/index.html",
        "map/index.html",
        "reports/index.html",
        "reports/siverskyi-donets-crossing/index.html",
        "reports/media/river-crossing.webm",
        "attribution/index.html",
        "feed.xml",
        "sitemap.xml",
        "data/articles.json",
        "data/conflicts.geojson",
        "data/territory/index.json",
        "static/leaflet/leaflet.js",
        "static/map.js",
    ]:
        assert (site / path).is_file(), path
    assert not (site / "search").exists()  # built without search in this fixture
    assert built_site.pages == len(html_pages(site))
    assert re.fullmatch(
        r"Built \d+ pages \(\d+ files\) into .+ in \d+\.\d s", built_site.summary()
    ), built_site.summary()


def test_same_store_gives_the_same_bytes(
    site_data: SiteData, built_site: BuildResult, tmp_path: Path
) -> None:
    again = build_site(site_data, tmp_path / "again")
    assert digest(again.out_dir) == digest(built_site.out_dir)


def test_search_index_is_deterministic_too(
    searchable_site: BuildResult, site_factory: Callable[..., SiteData], tmp_path: Path
) -> None:
    site = searchable_site.out_dir
    assert (site / "search/index.html").is_file()
    assert (site / "pagefind/pagefind-ui.js").is_file()
    copy = tmp_path / "copy"
    rebuilt = build_site(site_factory(tmp_path / "project", search=True), copy)
    assert digest(rebuilt.out_dir) == digest(site)


def test_no_broken_internal_links_and_nothing_loaded_from_elsewhere(
    searchable_site: BuildResult,
) -> None:
    problems = check_site(searchable_site.out_dir)
    assert [str(p) for p in problems] == []


def test_link_checker_finds_a_broken_link(built_site: BuildResult, tmp_path: Path) -> None:
    page = tmp_path / "site" / "a" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text(
        '<a href="../missing/">x</a><a href="#nowhere">y</a>'
        '<script src="https://cdn.example/x.js"></script><a href="../a/">ok</a>',
        encoding="utf-8",
    )
    reasons = sorted(p.reason for p in check_site(tmp_path / "site"))
    assert reasons == [
        "loads a resource from another host",
        "no element with id 'nowhere'",
        "no such file",
    ]


def test_hostile_content_does_not_survive(built_site: BuildResult) -> None:
    for path, text in html_pages(built_site.out_dir).items():
        assert dangers(text) == [], path
    hostile = (built_site.out_dir / "articles/battle_of_testville/index.html").read_text()
    assert "&lt;script&gt;alert(&#39;short&#39;)" in hostile  # shown as text, not run
    assert "Styled paragraph." in hostile  # the text stays, the style goes
    assert sorted(dangers('<p style="x: expression(1)" onclick="y">')) == [
        "onclick= on <p>",
        "style expression(",
    ]  # the detector itself works


def test_every_page_is_semantic_html(built_site: BuildResult) -> None:
    for path, text in html_pages(built_site.out_dir).items():
        outline = Outline()
        outline.feed(text)
        assert outline.lang == "en", path
        assert outline.h1 == 1, f"{path} has {outline.h1} h1"
        for tag in ("header", "nav", "main", "footer", "title"):
            assert tag in outline.tags, f"{path} lacks <{tag}>"
        assert outline.images_without_alt == 0, path
        assert outline.titles and outline.titles[0].strip(), f"{path} has an empty title"
        assert "All rights reserved" not in text


def test_article_page_has_infobox_card_and_source_footer(built_site: BuildResult) -> None:
    text = (built_site.out_dir / "articles/battle_of_kyiv_(2022)/index.html").read_text()
    infobox = text.split('<aside class="infobox"', 1)[1].split("</aside>", 1)[0]
    for fact in (
        "25 February 2022 – 2 April 2022",
        "Kyiv Oblast, Ukraine",
        "Ukrainian victory",
        "Aleksandr Chayko",
        "About 30,000 troops",
        "Supported by",
        "Belarus",
        'title="killed in action">KIA',
    ):
        assert fact in infobox, fact
    assert (
        'Source: Wikipedia, <cite><a href="https://en.wikipedia.org/w/index.php?'
        'title=Battle_of_Kyiv_(2022)&amp;oldid=1101">Battle of Kyiv (2022)</a></cite>, '
        "revision 1101" in text
    )
    assert "Wikipedia contributors; changes: converted to this format." in text
    assert 'href="../siege_of_mariupol/"' in text  # a Wikipedia link to a local article
    assert 'id="fn1"' in text and 'href="#fn1"' in text
    assert "Image: Test Photographer" in text and "CC BY 4.0" in text
    assert '<meta property="og:type" content="article">' in text


def test_image_licence_comes_from_the_store_when_the_article_lacks_it(
    built_site: BuildResult,
) -> None:
    text = (built_site.out_dir / "articles/siege_of_mariupol/index.html").read_text()
    assert "Image: Another Photographer" in text
    credits = (built_site.out_dir / "attribution/index.html").read_text()
    assert "Mariupol theatre.jpg" in credits and "Another Photographer" in credits


def test_report_video_becomes_an_html5_player(built_site: BuildResult) -> None:
    text = (built_site.out_dir / "reports/siverskyi-donets-crossing/index.html").read_text()
    assert '<video controls preload="metadata" src="../media/river-crossing.webm">' in text
    assert "{{video}}" not in text


def test_feeds_and_sitemap(built_site: BuildResult) -> None:
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ET.parse(built_site.out_dir / "theatres/ukraine/feed.xml").getroot()
    titles = [e.findtext(f"{atom}title") for e in feed.iter(f"{atom}entry")]
    assert titles == ["Battle of Kyiv (2022)", "Siege of Mariupol", "Battle of Testville"]
    assert feed.findtext(f"{atom}updated") == "2024-03-02T10:00:00Z"
    site_feed = ET.parse(built_site.out_dir / "feed.xml").getroot()
    assert len(list(site_feed.iter(f"{atom}entry"))) == 7  # six articles and one report
    sm = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    urls = {
        u.findtext(f"{sm}loc"): u.findtext(f"{sm}lastmod")
        for u in ET.parse(built_site.out_dir / "sitemap.xml").getroot()
    }
    assert urls["https://frontlines.example/articles/siege_of_mariupol/"] == "2024-02-11T08:30:00Z"
    assert urls["https://frontlines.example/"] == "2024-03-02T10:00:00Z"
    assert "https://frontlines.example/404.html" not in urls


def test_data_exports(built_site: BuildResult) -> None:
    data = built_site.out_dir / "data"
    articles = json.loads((data / "articles.json").read_text())["articles"]
    assert [a["slug"] for a in articles][:2] == [
        "battle_of_aleppo_(2012–2016)",
        "battle_of_gaugamela",
    ]
    kyiv = next(a for a in articles if a["slug"] == "battle_of_kyiv_(2022)")
    assert kyiv["source"]["revision_id"] == 1101
    assert kyiv["conflict"]["coordinates"] == {"lat": 50.45, "lon": 30.52}
    points = json.loads((data / "conflicts.geojson").read_text())["features"]
    assert len(points) == 5  # Kadesh has no coordinates
    gaugamela = next(p for p in points if p["properties"]["title"] == "Battle of Gaugamela")
    assert gaugamela["geometry"]["coordinates"] == [43.25, 36.36]
    assert gaugamela["properties"]["year_from"] == -330
    index = json.loads((data / "territory/index.json").read_text())["series"]
    assert index[0]["days"] == [
        "2022-03-01",
        "2022-03-02",
        "2022-03-04",
        "2022-03-05",
        "2022-03-07",
    ]


def test_slug_collision_fails_before_anything_is_written(
    site_data: SiteData, tmp_path: Path
) -> None:
    first = site_data.entries[0]
    twin = replace(first, article=replace(first.article, title="Another title"))
    clashing = replace(site_data, entries=(*site_data.entries, twin))
    with pytest.raises(PublishError, match="Two things want to be written"):
        build_site(clashing, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_slug_that_would_escape_is_refused(site_data: SiteData) -> None:
    first = site_data.entries[0]
    evil = replace(first, article=replace(first.article, slug="../../etc"))
    with pytest.raises(PublishError, match="cannot be a folder name"):
        plan_site(replace(site_data, entries=(evil,)))


def test_strict_fails_on_warnings(site_data: SiteData, tmp_path: Path) -> None:
    warned = replace(site_data, warnings=("something odd",))
    with pytest.raises(PublishError, match="--strict"):
        build_site(warned, tmp_path / "out", strict=True)
    result = build_site(warned, tmp_path / "out")
    assert result.warnings == ("something odd",)


def test_refuses_to_replace_a_folder_it_did_not_build(site_data: SiteData, tmp_path: Path) -> None:
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "thesis.txt").write_text("keep me")
    with pytest.raises(PublishError, match="not built by Front Lines"):
        build_site(site_data, precious)
    assert (precious / "thesis.txt").read_text() == "keep me"

"""The fixture site in a real Chromium (Debian's /usr/bin/chromium, driven by Playwright).

The site is served by the project's own preview server on 127.0.0.1. Screenshots go to
test-output/screenshots/ for a person to look at. Skipped only when Chromium or the Playwright
package is missing (CI installs Chromium with scripts/install-browser.sh).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from frontlines.publish import search
from frontlines.publish.preview import start_server
from frontlines.publish.site import BuildResult, build_site
from tests.publish.conftest import fixture_site
from tests.publish.pagefind_results import result_titles

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = Path(__file__).resolve().parents[2] / "test-output" / "screenshots"
ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-gpu",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

if not CHROMIUM.exists():
    pytest.skip(
        "no /usr/bin/chromium: run scripts/install-browser.sh to run the browser tests",
        allow_module_level=True,
    )
sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is missing")


@pytest.fixture(scope="module")
def server(searchable_site: BuildResult) -> Iterator[ThreadingHTTPServer]:
    server = start_server(searchable_site.out_dir, 0)
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=ARGS
        )
        yield browser
        browser.close()


@pytest.fixture()
def page(browser: Any, server: ThreadingHTTPServer) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    base = f"http://127.0.0.1:{server.server_port}"
    off_site: list[str] = []
    errors: list[str] = []
    page.on(
        "request",
        lambda request: (
            off_site.append(request.url)
            if not request.url.startswith((base, "data:", "blob:"))
            else None
        ),
    )
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.base = base  # type: ignore[attr-defined]
    yield page
    context.close()
    assert off_site == [], f"requests to other hosts: {off_site}"
    assert errors == [], f"JavaScript errors: {errors}"


def shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False)


def test_home_lists_theatres_and_latest_articles(page: Any) -> None:
    page.goto(page.base + "/")
    assert page.locator("h1").inner_text() == "Front Lines Test"
    blocks = page.locator("section.theatre-block h2")
    expected = ["Russo-Ukrainian War", "Syrian civil war", "Ancient battles"]
    assert blocks.all_inner_texts() == expected
    assert page.locator("section.theatre-block .card").count() == 6
    shot(page, "home")


def test_theatre_page_links_its_articles(page: Any) -> None:
    page.goto(page.base + "/theatres/ukraine/")
    titles = page.locator(".card h3").all_inner_texts()
    assert titles == ["Battle of Kyiv (2022)", "Battle of Testville", "Siege of Mariupol"]
    page.locator(".card h3 a", has_text="Siege of Mariupol").click()
    assert page.url.endswith("/articles/siege_of_mariupol/")
    shot(page, "theatre-after-click")


def test_article_shows_infobox_and_footnote_jumps(page: Any) -> None:
    page.goto(page.base + "/articles/battle_of_kyiv_(2022)/")
    infobox = page.locator("aside.infobox")
    assert infobox.is_visible()
    assert "25 February 2022 – 2 April 2022" in infobox.inner_text()
    assert page.locator(".card-columns").first.locator(".card-column").count() == 2
    shot(page, "article")
    page.locator("sup.footnote-ref a").first.click()
    page.wait_for_function("window.location.hash === '#fn1'")
    in_view = page.evaluate(
        "(() => { const r = document.getElementById('fn1').getBoundingClientRect();"
        " return r.top >= 0 && r.top < window.innerHeight; })()"
    )
    assert in_view
    shot(page, "article-footnote")
    footer = page.locator(".source-line").inner_text()
    assert "revision 1101" in footer and "CC BY-SA 4.0" in footer


def test_hostile_article_runs_no_script(page: Any) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(page.base + "/articles/battle_of_testville/")
    page.locator("text=mixed case").click()
    page.wait_for_timeout(200)
    assert dialogs == []
    assert page.locator("iframe, script:not([src])").count() == 0


def test_map_draws_markers_and_slider_changes_territory(page: Any) -> None:
    page.goto(page.base + "/map/")
    page.wait_for_selector("#map[data-ready='true']")
    page.wait_for_selector("#map[data-territory-file]")
    assert (
        page.locator(".leaflet-marker-icon.conflict-marker").count() == 5
    )  # Kadesh has no coordinates
    assert page.locator(".leaflet-marker-icon.report-marker").count() == 1
    assert page.locator("path.territory-area").count() > 0
    last_file = page.locator("#map").get_attribute("data-territory-file")
    assert last_file == "2022-03-07"
    shot(page, "map")
    slider = page.locator("#territory-slider")
    slider.fill("0")
    page.wait_for_selector("#map[data-territory-file='2022-03-01']")
    assert "date=2022-03-01" in page.url
    page.locator("#territory-forward").click()
    page.locator("#territory-forward").click()  # 2022-03-03 was never mapped
    page.wait_for_selector("#map[data-territory-day='2022-03-03']")
    assert page.locator("#map").get_attribute("data-territory-file") == "2022-03-02"
    assert "latest before it" in page.locator("#territory-note").inner_text()
    legend = page.locator("#territory-legend li").all_inner_texts()
    assert "Russia" in legend and "Ukraine" in legend
    shot(page, "map-territory-2022-03-03")
    page.select_option("#filter-theatre", "syria")
    page.wait_for_function("document.getElementById('map').dataset.markers === '1'")
    page.locator(".leaflet-marker-icon.conflict-marker").click()
    assert "Battle of Aleppo" in page.locator(".leaflet-popup-content").inner_text()


def test_map_opens_on_the_date_in_the_url(page: Any) -> None:
    page.goto(page.base + "/map/#date=2022-03-05")
    page.wait_for_selector("#map[data-territory-day='2022-03-05']")
    assert page.locator("#territory-date").inner_text() == "2022-03-05"


def test_search_finds_the_article(page: Any) -> None:
    page.goto(page.base + "/search/")
    page.locator(".pagefind-ui__search-input").fill("Mariupol")
    assert result_titles(page)[0] == "Siege of Mariupol"
    shot(page, "search")


def test_search_runs_the_query_in_the_url(page: Any) -> None:
    page.goto(page.base + "/search/?q=Kyiv")
    assert result_titles(page)[0] == "Battle of Kyiv (2022)"
    assert page.locator(".pagefind-ui__search-input").input_value() == "Kyiv"


def test_timeline_lists_spans(page: Any) -> None:
    page.goto(page.base + "/theatres/ancient/timeline/")
    items = page.locator("li.span a").all_inner_texts()
    assert items == ["Battle of Kadesh", "Battle of Gaugamela"]
    assert "c. 1274 BC" in page.locator("li.span").first.inner_text()
    page.locator("button[data-zoom='in']").click()
    assert page.locator(".timeline").evaluate("e => e.style.getPropertyValue('--zoom')") == "2"
    shot(page, "timeline")


@pytest.fixture(scope="module")
def many_shards_base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The fixture site indexed as a large site is (one page a shard: MAX_SHARDS shards)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search, "PAGES_PER_SHARD", 1)
        site = fixture_site(tmp_path_factory.mktemp("project-shards"), search=True)
        built = build_site(site, tmp_path_factory.mktemp("out-shards") / "site")
    listed = (built.out_dir / "pagefind" / "shards.json").read_text(encoding="utf-8")
    assert len(json.loads(listed)["shards"]) > 8  # more bundles than a small site has
    server = start_server(built.out_dir, 0)
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def test_search_merges_many_shards(browser: Any, many_shards_base: str) -> None:
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(many_shards_base + "/search/?q=Mariupol")
    assert result_titles(page)[0] == "Siege of Mariupol"
    page.locator(".pagefind-ui__search-input").fill("Kyiv")
    page.wait_for_function(
        "() => [...document.querySelectorAll('.pagefind-ui__result-link')]"
        ".some(link => link.textContent === 'Battle of Kyiv (2022)')"
    )
    page.close()
    assert errors == []

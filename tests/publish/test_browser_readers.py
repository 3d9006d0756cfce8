"""Issue 15 in a real Chromium: the site as readers expect it, at desktop width and at 360 px.

The fixture site (tests/publish/conftest.py, thumbnails in its media cache as sync leaves them):
images with credits on an article and on cards, nothing wider than a 360 px phone, a compact
nav, the map's list following the filters, the hash driving the map (hashchange, Back), BC
years, keyboard-reachable markers, a labelled search input. Screenshots go to
test-output/screenshots/ (or $FRONTLINES_SHOTS).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from frontlines.config import load_config
from frontlines.publish.data import SiteSettings
from frontlines.publish.gather import gather
from frontlines.publish.preview import start_server
from frontlines.publish.site import BuildResult, build_site
from frontlines.store import Store
from tests.publish.conftest import make_project
from tests.publish.pagefind_results import result_excerpts

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = Path(
    os.environ.get("FRONTLINES_SHOTS")
    or Path(__file__).resolve().parents[2] / "test-output" / "screenshots"
)
ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-gpu", "--no-first-run"]
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}

if not CHROMIUM.exists():
    pytest.skip("no /usr/bin/chromium: run scripts/install-browser.sh", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is missing")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=ARGS
        )
        yield browser
        browser.close()


def serve(site: Path) -> ThreadingHTTPServer:
    return start_server(site, 0)


def open_page(browser: Any, server: ThreadingHTTPServer, viewport: dict[str, int]) -> Any:
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    base = f"http://127.0.0.1:{server.server_port}"
    page.off_site = []  # type: ignore[attr-defined]
    page.errors = []  # type: ignore[attr-defined]
    page.on(
        "request",
        lambda r: (
            None if r.url.startswith((base, "data:", "blob:")) else page.off_site.append(r.url)
        ),
    )
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.base = base  # type: ignore[attr-defined]
    return page


def close(page: Any) -> None:
    assert page.off_site == [], f"requests to other hosts: {page.off_site}"
    assert page.errors == [], f"JavaScript errors: {page.errors}"
    page.context.close()


def shot(page: Any, name: str, *, full: bool = False) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full)


def page_width(page: Any) -> int:
    return int(page.evaluate("document.documentElement.scrollWidth"))


@pytest.fixture(scope="module")
def server(searchable_site: BuildResult) -> Iterator[ThreadingHTTPServer]:
    server = serve(searchable_site.out_dir)
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture(params=["desktop", "phone"])
def page(
    request: pytest.FixtureRequest, browser: Any, server: ThreadingHTTPServer
) -> Iterator[Any]:
    page = open_page(browser, server, DESKTOP if request.param == "desktop" else PHONE)
    page.size = request.param  # type: ignore[attr-defined]
    yield page
    close(page)


def loaded_images(page: Any, selector: str) -> int:
    """How many <img> under `selector` really decoded (naturalWidth > 0)."""
    page.wait_for_load_state("load")
    page.evaluate(
        "sel => Promise.all([...document.querySelectorAll(sel + ' img')].map(i => {"
        " i.loading = 'eager'; return i.decode().catch(() => null); }))",
        selector,
    )
    return int(
        page.evaluate(
            "sel => [...document.querySelectorAll(sel + ' img')]"
            ".filter(i => i.complete && i.naturalWidth > 0).length",
            selector,
        )
    )


def test_article_and_cards_show_images_with_credits(page: Any) -> None:
    page.goto(page.base + "/articles/battle_of_kyiv_(2022)/")
    lead = page.locator("figure.lead-image")
    assert lead.locator("img[srcset][loading='lazy'][alt]").count() == 1
    assert loaded_images(page, "figure.lead-image") == 1
    credit = lead.locator(".credit").inner_text()
    assert "Test Photographer" in credit and "CC BY 4.0" in credit and "file page" in credit
    assert lead.locator(".credit a", has_text="CC BY 4.0").get_attribute("href", timeout=1000)
    assert page.locator(".image-placeholder").count() == 0
    shot(page, f"readers-article-{page.size}")
    page.goto(page.base + "/")
    cards = page.locator("li.card")
    with_image = cards.filter(has=page.locator("figure.card-image img"))
    assert with_image.count() >= 2
    assert "Image:" in with_image.first.locator(".credit").inner_text()
    assert loaded_images(page, "li.card") == with_image.count()
    without = cards.filter(has_not=page.locator("figure.card-image"))
    for index in range(without.count()):  # no lead image: nothing, not a line of grey text
        assert "Image" not in without.nth(index).inner_text()
    shot(page, f"readers-home-{page.size}", full=True)


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/articles/battle_of_testville/",
        "/articles/battle_of_kyiv_(2022)/",
        "/theatres/ukraine/",
        "/map/",
        "/attribution/",
        "/tags/",
        "/search/",
        "/theatres/ukraine/timeline/",
    ],
)
def test_no_page_is_wider_than_a_phone(
    browser: Any, server: ThreadingHTTPServer, path: str
) -> None:
    page = open_page(browser, server, PHONE)
    page.goto(page.base + path)
    page.wait_for_load_state("load")
    assert page_width(page) <= PHONE["width"], path
    nav = page.locator(".site-header nav ul").bounding_box()
    assert nav is not None and nav["height"] <= 40  # one line, not four
    close(page)


def test_map_list_follows_filters_and_the_hash(page: Any) -> None:
    page.goto(page.base + "/map/")
    page.wait_for_selector("#map[data-ready='true']")
    rows = page.locator(".map-list tbody tr")
    visible = page.locator(".map-list tbody tr:not([hidden])")
    total = rows.count()
    assert visible.count() == total == 5
    page.select_option("#filter-theatre", "syria")
    page.wait_for_function("document.getElementById('map').dataset.markers === '1'")
    assert visible.count() == 1 and "Aleppo" in visible.first.inner_text()
    assert "theatre=syria" in page.url
    page.evaluate("window.location.hash = '#theatre=ancient'")
    page.wait_for_function("document.getElementById('filter-theatre').value === 'ancient'")
    assert visible.count() == 1 and "Gaugamela" in visible.first.inner_text()  # Kadesh: no place
    page.go_back()
    page.wait_for_function("document.getElementById('filter-theatre').value === 'syria'")
    assert visible.count() == 1
    shot(page, f"readers-map-filtered-{page.size}")


def test_map_reads_bc_years_and_markers_take_the_keyboard(page: Any) -> None:
    page.goto(page.base + "/map/")
    page.wait_for_selector("#map[data-ready='true']")
    year = page.locator("#filter-year")
    for typed in ("331 BC", "-331"):
        year.fill(typed)
        year.dispatch_event("change")
        page.wait_for_function("document.getElementById('map').dataset.markers === '1'")
        assert year.input_value() == "331 BC"
        assert "year=-330" in page.url
        assert "Gaugamela" in page.locator(".map-list tbody tr:not([hidden])").inner_text()
    marker = page.locator(".leaflet-marker-icon.conflict-marker")
    marker.focus()
    assert page.evaluate("document.activeElement.classList.contains('conflict-marker')")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"  # the focus is visible
    page.keyboard.press("Enter")
    page.wait_for_selector(".leaflet-popup-content")
    assert "Gaugamela" in page.locator(".leaflet-popup-content").inner_text()


def square_topology(name: str, west: float, south: float, east: float, north: float) -> str:
    """A one-polygon TopoJSON (no transform: absolute coordinates), written for the test."""
    ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
    geometry = {"type": "Polygon", "arcs": [[0]], "properties": {"name": name}}
    topology = {
        "type": "Topology",
        "objects": {"shapes": {"type": "GeometryCollection", "geometries": [geometry]}},
        "arcs": [ring],
    }
    return json.dumps(topology)


@pytest.fixture(scope="module")
def atlas_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ThreadingHTTPServer]:
    """The fixture project with made-up land and country outlines beside its land file."""
    folder = tmp_path_factory.mktemp("atlas-project")
    config = make_project(folder)
    atlas = folder / "atlas"
    atlas.mkdir()
    (atlas / "land-110m.json").write_text(square_topology("", 10, 35, 50, 60), "utf-8")
    (atlas / "land-50m.json").write_text(square_topology("", 12, 36, 48, 59), "utf-8")
    (atlas / "countries-50m.json").write_text(square_topology("Ukraine", 22, 44, 40, 52), "utf-8")
    text = config.path.read_text("utf-8").replace(
        "[site]\n", '[site]\nland = "atlas/land-110m.json"\n'
    )
    config.path.write_text(text, "utf-8")
    config = load_config(config.path)
    with Store(config.db_path) as store:
        site = gather(store, config, settings=SiteSettings(search=False))
    built = build_site(site, folder / "site")
    assert (built.out_dir / "data" / "countries.geojson").is_file()
    server = serve(built.out_dir)
    yield server
    server.shutdown()
    server.server_close()


def test_focused_map_draws_borders_and_names(
    browser: Any, atlas_server: ThreadingHTTPServer
) -> None:
    for name, size in (("desktop", DESKTOP), ("phone", PHONE)):
        page = open_page(browser, atlas_server, size)
        page.goto(page.base + "/map/")
        page.wait_for_selector("#map[data-ready='true']")
        assert page.locator("#map").get_attribute("data-detail") in (None, "off")
        assert page.locator(".country-label").count() == 0  # the overview stays light
        page.goto(page.base + "/map/#focus=battle_of_kyiv_(2022)")
        page.reload()
        page.wait_for_selector("#map[data-detail='on']")
        page.wait_for_selector(".country-label")
        labels = page.locator(".country-label").all_text_contents()
        assert labels == ["Ukraine"]
        assert page.locator(".leaflet-borders-pane path").count() >= 1  # the border line
        shot(page, f"readers-map-focus-{name}")
        close(page)


def test_search_input_is_labelled(page: Any) -> None:
    page.goto(page.base + "/search/?q=Kyiv")
    snippets = " ".join(result_excerpts(page))
    label = page.locator("label[for='search-input']")
    assert label.count() == 1 and label.inner_text()
    assert page.locator("#search-input").get_attribute("aria-labelledby") == "search-label"
    assert "View the image" not in snippets and "file page" not in snippets
    shot(page, f"readers-search-{page.size}")

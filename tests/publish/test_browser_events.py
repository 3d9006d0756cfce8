"""The events page, the map's events layer and the timeline in a real Chromium, at desktop
width and at 360 px (a phone). The site is tests/publish/events_site.py's, served by the
preview server; screenshots go to test-output/screenshots/."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from frontlines.publish.preview import start_server
from frontlines.publish.site import BuildResult
from tests.publish.events_site import build_events_site

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = Path(__file__).resolve().parents[2] / "test-output" / "screenshots"
ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-gpu", "--no-first-run"]
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 360, "height": 740}}

if not CHROMIUM.exists():
    pytest.skip("no /usr/bin/chromium (scripts/install-browser.sh)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is missing")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    return build_events_site(tmp_path_factory.mktemp("browser-events") / "site")


@pytest.fixture(scope="module")
def server(site: BuildResult) -> Iterator[ThreadingHTTPServer]:
    server = start_server(site.out_dir, 0)
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


def open_page(browser: Any, server: ThreadingHTTPServer, viewport: str, **options: Any) -> Any:
    context = browser.new_context(viewport=VIEWPORTS[viewport], **options)
    page = context.new_page()
    page.errors = []  # type: ignore[attr-defined]
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.base = f"http://127.0.0.1:{server.server_port}"  # type: ignore[attr-defined]
    return page


def shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False)


def visible_events(page: Any) -> list[str]:
    return page.locator("li.event:visible .event-source a").all_inner_texts()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_events_page_filters_by_conflict_and_year(
    browser: Any, server: ThreadingHTTPServer, viewport: str
) -> None:
    page = open_page(browser, server, viewport)
    page.goto(page.base + "/theatres/north/events/")
    assert page.locator(".event-filters").is_visible()
    assert len(visible_events(page)) == 4
    assert page.locator("#events-count").inner_text() == "4 of 4 events shown"
    shot(page, f"events-{viewport}")
    page.select_option("#events-article", "battle_of_holm_ridge")
    assert visible_events(page) == ["Battle of Holm Ridge"] * 2
    assert not page.locator("#year-1940").is_visible()  # its year has no event left
    page.select_option("#events-article", "")
    page.select_option("#events-year", "1940")
    assert visible_events(page) == ["Battle of Tarn Ferry"] * 2
    assert page.locator("h3:visible").all_inner_texts() == ["May 1940"]
    assert "year=1940" in page.url
    page.select_option("#events-article", "battle_of_holm_ridge")  # nothing left
    assert visible_events(page) == [] and page.locator("#events-count").inner_text().startswith("0")
    page.locator("li.event").first.evaluate("e => e.hidden = false")
    page.select_option("#events-article", "battle_of_tarn_ferry")
    page.locator("li.event:visible .event-source a").first.click()
    page.wait_for_url(re.compile(r"/articles/battle_of_tarn_ferry/#event-1$"))
    assert page.locator("#event-1").count() == 1
    assert page.errors == []
    page.context.close()


def test_events_page_reads_without_javascript(browser: Any, server: ThreadingHTTPServer) -> None:
    page = open_page(browser, server, "phone", java_script_enabled=False)
    page.goto(page.base + "/theatres/old/events/")
    assert not page.locator(".event-filters").is_visible()
    assert len(visible_events(page)) == 3
    assert page.locator("h2:visible").all_inner_texts() == ["480 BC", "1863"]
    page.context.close()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_map_events_layer_shows_the_events_of_a_year(
    browser: Any, server: ThreadingHTTPServer, site: BuildResult, viewport: str
) -> None:
    data = json.loads((site.out_dir / "data" / "events.geojson").read_text())
    of_1941 = [f for f in data["features"] if f["properties"]["year_from"] <= 1941]
    of_1941 = [f for f in of_1941 if f["properties"]["year_to"] >= 1941]
    assert len(of_1941) == 2
    page = open_page(browser, server, viewport)
    page.goto(page.base + "/map/#year=1941")
    page.wait_for_selector("#map[data-ready='true']")
    assert page.locator(".event-marker").count() == 0  # the layer is off until asked for
    page.locator("#layer-events").check()
    page.wait_for_function("document.getElementById('map').dataset.events === '2'")
    assert page.locator(".leaflet-marker-icon.event-marker").count() == 1  # one spot, two events
    assert "events=1" in page.url
    page.locator(".leaflet-marker-icon.event-marker").click()
    popup = page.locator(".leaflet-popup-content").inner_text()
    assert "20 June 1941" in popup and "2 July 1941" in popup and "Battle of Holm Ridge" in popup
    shot(page, f"map-events-{viewport}")
    page.locator("#filter-year").fill("480 BC")
    page.wait_for_function("document.getElementById('map').dataset.events === '1'")
    page.locator("#layer-events").uncheck()
    page.wait_for_function("document.getElementById('map').dataset.events === '0'")
    assert page.locator(".event-marker").count() == 0
    assert page.errors == []
    page.context.close()


def overlaps(boxes: list[dict[str, float]]) -> list[tuple[int, int]]:
    ordered = sorted(boxes, key=lambda b: b["x"])
    return [
        (i, i + 1)
        for i in range(len(ordered) - 1)
        if ordered[i]["x"] + ordered[i]["width"] > ordered[i + 1]["x"]
    ]


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_timeline_ticks_are_round_and_never_overlap(
    browser: Any, server: ThreadingHTTPServer, viewport: str
) -> None:
    page = open_page(browser, server, viewport)
    page.goto(page.base + "/theatres/old/timeline/")
    ticks = page.locator(".axis .tick")
    shown = [t for t in ticks.all() if t.is_visible()]
    assert len(shown) >= 3
    labels = [t.inner_text() for t in shown]
    for label in labels:
        bc = re.fullmatch(r"(\d+) BC", label)
        assert bc is None or int(bc.group(1)) % 10 == 0, labels  # 1000 BC, never 1001 BC
    boxes = [t.bounding_box() for t in shown]
    assert overlaps(boxes) == [], labels
    width = page.evaluate("document.documentElement.clientWidth")
    assert all(0 <= b["x"] and b["x"] + b["width"] <= width for b in boxes)
    # one group for "Plain wars" and "The Plain Wars"
    groups = page.locator(".timeline-group h2").all_inner_texts()
    assert sorted(groups) == ["Harbour wars", "Plain wars"], groups
    # the axis stays in view when the list scrolls
    page.locator(".timeline").evaluate("e => e.scrollTop = 60")
    top = page.locator(".axis").bounding_box()["y"]
    box_top = page.locator(".timeline").bounding_box()["y"]
    assert abs(top - box_top) < 3
    shot(page, f"timeline-{viewport}")
    page.locator("button[data-zoom='in']").click()
    shown = [t for t in ticks.all() if t.is_visible()]
    assert overlaps([t.bounding_box() for t in shown]) == []
    assert page.errors == []
    page.context.close()

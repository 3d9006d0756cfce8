"""The infobox card in a real Chromium, on the real corpus (Waterloo, the Battle of the Bulge,
the American Revolutionary War) and a sample-wiki article (Bakhmut), at desktop width and at
360 px. Screenshots go to $FRONTLINES_SCREENSHOTS (default test-output/screenshots/card) for a
person to look at. Skipped without Chromium, the Playwright package or ../shared.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from frontlines.build import gather_site
from frontlines.config import parse_config
from frontlines.convert import convert_page
from frontlines.publish.data import SiteSettings
from frontlines.publish.preview import start_server
from frontlines.publish.site import build_site
from frontlines.sources.dump import iter_dump
from frontlines.sources.files import InputFailure, iter_inputs
from frontlines.store import Store
from tests.conftest import skip_without_shared

from .test_browser import ARGS, CHROMIUM

sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is missing")
pytestmark = pytest.mark.corpus

ROOT = Path(__file__).resolve().parents[2]
CONFLICTS = (ROOT / ".." / "shared" / "corpus" / "conflict").resolve()
SAMPLE = ROOT / "samples" / "sample-wiki.xml"
CORPUS_PAGES = ("Battle_of_Waterloo", "Battle_of_the_Bulge", "American_Revolutionary_War")
SHOTS = Path(os.environ.get("FRONTLINES_SCREENSHOTS") or ROOT / "test-output/screenshots/card")
CONFIG = '[[theatre]]\nname = "cards"\ntitle = "Cards"\ntitles = ["(from files)"]\n'
WIDTHS = (1280, 360)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ThreadingHTTPServer]:
    if not CONFLICTS.is_dir():
        skip_without_shared(CONFLICTS, "the card browser test reads the real corpus")
    project = tmp_path_factory.mktemp("cards")
    (project / "frontlines.toml").write_text(CONFIG, encoding="utf-8")
    config = parse_config(tomllib.loads(CONFIG), path=project / "frontlines.toml")
    files = [CONFLICTS / f"{name}.wiki" for name in CORPUS_PAGES]
    with Store(config.db_path, clock=lambda: "2024-01-01T00:00:00Z") as store:
        pages = [p for p in iter_inputs(files) if not isinstance(p, InputFailure)]
        pages += [p for p in iter_dump(SAMPLE) if p.title == "Battle of Bakhmut"]
        for page in pages:
            store.put_page(page, convert_page(page), theatre="cards", kind="wikitext")
        settings = SiteSettings(search=False)
        site = gather_site(store, config, content_dir=project / "content", settings=settings)
    built = build_site(site, project / "site")
    server = start_server(built.out_dir, 0)
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module", params=WIDTHS, ids=lambda w: f"{w}px")
def page(request: pytest.FixtureRequest, server: ThreadingHTTPServer) -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip("no /usr/bin/chromium: run scripts/install-browser.sh")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=ARGS
        )
        context = browser.new_context(viewport={"width": request.param, "height": 900})
        tab = context.new_page()
        tab.base = f"http://127.0.0.1:{server.server_port}"  # type: ignore[attr-defined]
        tab.width = request.param  # type: ignore[attr-defined]
        yield tab
        context.close()
        browser.close()


def _open(page: Any, slug: str) -> Any:
    page.goto(f"{page.base}/articles/{slug}/")
    card = page.locator("aside.infobox")
    assert card.is_visible()
    SHOTS.mkdir(parents=True, exist_ok=True)
    card.screenshot(path=str(SHOTS / f"{slug}-{page.width}.png"))
    box = card.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= page.width + 1
    wide = card.evaluate(  # nothing inside the card sticks out of it
        "(c) => [...c.querySelectorAll('*')].filter(e => e.getBoundingClientRect().right >"
        " c.getBoundingClientRect().right + 1).map(e => e.tagName + ' ' + e.textContent)"
    )
    assert wide == [], "the card is wider than the screen"
    return card


def _common(card: Any) -> str:
    text = str(card.inner_text())
    assert "Side 1" not in text and "Side 2" not in text
    assert card.locator("h3.card-row", has_text="Belligerents").count() == 1
    assert "\\*" not in text and not any(
        line.lstrip().startswith("*") for line in text.splitlines()
    )
    return text


def test_waterloo_heads_the_coalition_and_sums_up_losses(page: Any) -> None:
    card = _open(page, "battle_of_waterloo")
    _common(card)
    second = card.locator(".card-columns").first.locator(".card-column").nth(1)
    assert second.locator(".side-heading").first.inner_text() == "Seventh Coalition"
    assert second.locator("ul.parties li").count() == 6
    summary = card.locator(".figure-summary").first.inner_text()
    assert "killed or wounded 24,000–26,000" in summary and "missing 15,000" in summary
    assert card.locator("a[href='../../parties/first-french-empire/']").count() == 1


def test_the_bulge_shows_civilian_losses_once_under_a_label(page: Any) -> None:
    card = _open(page, "battle_of_the_bulge")
    text = _common(card)
    assert text.count("Approximately 3,000 civilians killed") == 1
    heading = card.locator("h3.card-row", has_text="Civilian casualties")
    assert heading.count() == 1
    # the result's bullet list stays a list, with its refs
    assert card.locator(".facts dd ul.cell-list li").count() == 3
    marks = card.locator("sup.card-ref a")
    assert marks.count() > 10
    target = marks.first.get_attribute("href")
    marks.first.click()
    page.wait_for_function(f"window.location.hash === '{target}'")
    seen = page.evaluate(
        f"(() => {{ const r = document.getElementById('{target[1:]}').getBoundingClientRect();"
        " return r.top >= 0 && r.top < window.innerHeight; })()"
    )
    assert seen, "the footnote mark jumps to the article's footnote"


def test_revolutionary_war_dates_as_written_and_lists_kept(page: Any) -> None:
    card = _open(page, "american_revolutionary_war")
    _common(card)
    date = card.locator(".facts dd").first
    shown = date.inner_text()
    assert "April 19, 1775 – September 3, 1783" in shown
    assert "(8 years, 4 months and 15 days)" in shown
    assert "Ratification effective: May 12, 1784" in shown
    assert date.locator("time").get_attribute("datetime") == "1775-04-19"
    result = card.locator(".facts dd").nth(2)
    assert result.locator("p.cell-line").first.inner_text() == "American victory"
    items = result.locator("ul.cell-list > li")
    assert items.count() == 4  # one list: a <br> inside an item does not end it
    item = items.nth(1).inner_text()
    assert "independence of the" in item and "United States of America" in item


def test_sample_bakhmut_units_without_marks_and_result_note(page: Any) -> None:
    card = _open(page, "battle_of_bakhmut")
    _common(card)
    units = card.locator("h3.card-row", has_text="Units involved")
    assert units.count() == 1
    first_units = card.locator(".card-columns").nth(2).locator(".card-column").first
    assert first_units.locator("li").all_inner_texts()[0] == "Wagner Group"
    result = card.locator(".facts dd").nth(2)
    assert result.locator("sup.card-ref").count() == 1  # Bakhmut's result note, kept

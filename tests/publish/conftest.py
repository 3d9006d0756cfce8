"""A fixture wiki for the site tests: a handful of articles written for these tests, stored in
a real Store, with the sample territory series and the sample report.

The articles are small and made up in their wording (the facts are ordinary public facts);
one of them, "Battle of Testville", carries hostile markup in every field a reader sees.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from frontlines.build import gather_site
from frontlines.config import Config, load_config
from frontlines.mediacache import MediaCache, Thumb
from frontlines.model import (
    Article,
    Commander,
    Conflict,
    Coordinates,
    Image,
    Party,
    RawPage,
    Side,
    Source,
)
from frontlines.publish.data import SiteData, SiteSettings
from frontlines.publish.site import BuildResult, build_site
from frontlines.sources.territory import read_series
from frontlines.store import ImageRecord, Store
from frontlines.territory import features_to_stored

REPO = Path(__file__).resolve().parents[2]
CONTENT = REPO / "content"
SAMPLE_TERRITORY = REPO / "samples" / "territory" / "ukraine"
SHARED = (REPO / ".." / "shared").resolve()
CLOCK = "2024-06-01T12:00:00Z"

CONFIG = """\
[[theatre]]
name = "ukraine"
title = "Russo-Ukrainian War"
categories = ["Battles of the Russo-Ukrainian War"]

[[theatre]]
name = "syria"
title = "Syrian civil war"
categories = ["Battles of the Syrian civil war"]

[[theatre]]
name = "ancient"
title = "Ancient battles"
categories = ["Battles of Alexander the Great"]

[site]
title = "Front Lines Test"
base_url = "https://frontlines.example/"

[territory.ukraine]
colors = { "#ff0000" = "Russia", "#aa0000" = "Russia (before 2022)", "#0000ff" = "Ukraine" }
"""

HOSTILE = """\
A paragraph with a script: <script>alert('body')</script> and an image that fires
<img src="x" onerror="alert('img')"> and a [bad link](javascript:alert('link')).

<p style="width: expression(alert('css'))">Styled paragraph.</p>

<iframe src="https://evil.example/frame"></iframe>

<a href="JaVaScRiPt:alert('mixed')">mixed case</a> and <svg onload="alert('svg')"></svg>
"""


def _source(title: str, revision: int, timestamp: str) -> Source:
    slug_title = title.replace(" ", "_")
    return Source(
        kind="dump",
        url=f"https://en.wikipedia.org/w/index.php?title={slug_title}&oldid={revision}",
        site="https://en.wikipedia.org",
        page_id=revision // 10,
        revision_id=revision,
        timestamp=timestamp,
    )


def _article(
    title: str,
    slug: str,
    revision: int,
    timestamp: str,
    *,
    conflict: Conflict | None,
    markdown: str,
    categories: tuple[str, ...],
    short: str,
    lead: Image | None = None,
) -> Article:
    return Article(
        title=title,
        slug=slug,
        source=_source(title, revision, timestamp),
        short_description=short,
        description=markdown.split("\n\n")[0].replace("[^1]", ""),
        lead_image=lead,
        categories=categories,
        sections=(),
        references=(),
        images=(lead,) if lead else (),
        issues=(),
        conflict=conflict,
        markdown=markdown,
    )


def fixture_articles() -> list[tuple[Article, str]]:
    kyiv_sides = (
        Side(
            parties=(Party("Russia", link="Russia"), Party("Belarus", supporting=True)),
            commanders=(Commander("Aleksandr Chayko", note="Eastern Military District"),),
            strength="About 30,000 troops",
            casualties="Thousands killed or wounded\n(estimates differ)",
        ),
        Side(
            parties=(Party("Ukraine", link="Ukraine"),),
            commanders=(Commander("Oleksandr Syrskyi"), Commander("Oleksii Berest", fate="KIA")),
            strength="Not disclosed",
            casualties="Unknown",
        ),
    )
    kyiv = _article(
        "Battle of Kyiv (2022)",
        "battle_of_kyiv_(2022)",
        1101,
        "2024-03-02T10:00:00Z",
        short="Failed Russian offensive on the Ukrainian capital",
        categories=("Battles of the Russo-Ukrainian War", "Conflicts in 2022"),
        lead=Image(
            file="Kyiv outskirts 2022.jpg",
            url="https://commons.wikimedia.org/wiki/Special:FilePath/Kyiv_outskirts_2022.jpg",
            caption="Destroyed vehicles on a road outside the city",
            licence="CC BY 4.0",
            licence_url="https://creativecommons.org/licenses/by/4.0/",
            artist="Test Photographer",
        ),
        conflict=Conflict(
            name="Battle of Kyiv",
            infobox="Infobox military conflict",
            partof="the Russian invasion of Ukraine",
            start="2022-02-25",
            end="2022-04-02",
            place="Kyiv Oblast, Ukraine",
            coordinates=Coordinates(50.45, 30.52),
            result="Ukrainian victory; Russian withdrawal from the north",
            sides=kyiv_sides,
        ),
        markdown=(
            "Russian forces advanced on Kyiv from the north and north-west in the first days "
            "of the invasion.[^1] The drive stalled in the suburbs, and by early April the "
            "troops had withdrawn across the border.\n\n"
            "## Course of the battle\n\n"
            "Fighting spread through towns such as Irpin and Bucha; see also the "
            "[siege of Mariupol](https://en.wikipedia.org/wiki/Siege_of_Mariupol) in the "
            "south.[^2]\n\n"
            "| Phase | Dates |\n|---|---|\n| Advance | 25 February – mid-March |\n"
            "| Withdrawal | late March – 2 April |\n\n"
            "[^1]: A made-up footnote for the fixture, standing in for a citation.\n"
            "[^2]: A second footnote, so the list has two entries.\n"
        ),
    )
    mariupol = _article(
        "Siege of Mariupol",
        "siege_of_mariupol",
        1202,
        "2024-02-11T08:30:00Z",
        short="Siege of a port city on the Sea of Azov",
        categories=("Battles of the Russo-Ukrainian War", "Conflicts in 2022"),
        lead=Image(
            file="Mariupol theatre.jpg",
            url="https://commons.wikimedia.org/wiki/Special:FilePath/Mariupol_theatre.jpg",
            caption="The drama theatre after the strike",
        ),
        conflict=Conflict(
            name="Siege of Mariupol",
            infobox="Infobox military conflict",
            partof="the Russian invasion of Ukraine",
            start="2022-02-24",
            end="2022-05-20",
            place="Mariupol, Donetsk Oblast",
            coordinates=Coordinates(47.0958, 37.5494),
            result="Russian victory",
            sides=(Side(parties=(Party("Russia"),)), Side(parties=(Party("Ukraine"),))),
        ),
        markdown="The city was encircled in early March and held out until May.\n",
    )
    aleppo = _article(
        "Battle of Aleppo (2012–2016)",
        "battle_of_aleppo_(2012–2016)",
        1303,
        "2023-11-20T00:00:00Z",
        short="Four-year battle for Syria's largest city",
        categories=("Battles of the Syrian civil war", "Conflicts in 2012"),
        conflict=Conflict(
            name="Battle of Aleppo",
            infobox="Infobox military conflict",
            partof="the Syrian civil war",
            start="2012-07-19",
            end="2016-12-22",
            place="Aleppo, Syria",
            coordinates=Coordinates(36.2, 37.16),
            result="Syrian government victory",
            sides=(
                Side(parties=(Party("Syrian Arab Republic"), Party("Russia", supporting=True))),
                Side(parties=(Party("Syrian opposition"),)),
            ),
        ),
        markdown="The city was divided between government and rebel districts for years.\n",
    )
    gaugamela = _article(
        "Battle of Gaugamela",
        "battle_of_gaugamela",
        1404,
        "2022-08-01T00:00:00Z",
        short="Decisive battle of Alexander's war against Persia",
        categories=("Battles of Alexander the Great",),
        conflict=Conflict(
            name="Battle of Gaugamela",
            infobox="Infobox military conflict",
            start="-0330-10-01",
            end="-0330-10-01",
            place="Near Erbil, in present-day Iraq",
            coordinates=Coordinates(36.36, 43.25),
            result="Macedonian victory",
            sides=(Side(parties=(Party("Macedon"),)), Side(parties=(Party("Achaemenid Empire"),))),
        ),
        markdown="Alexander defeated Darius III on open ground east of the Tigris.\n",
    )
    kadesh = _article(
        "Battle of Kadesh",
        "battle_of_kadesh",
        1505,
        "2022-07-01T00:00:00Z",
        short="Chariot battle between Egypt and the Hittites",
        categories=("Battles of Alexander the Great",),  # deliberately lumped into "ancient"
        conflict=Conflict(
            name="Battle of Kadesh",
            infobox="Infobox military conflict",
            start="-1273~",
            place="Kadesh, on the Orontes",
            result="Inconclusive",
        ),
        markdown="Its date is known only to the year, and only roughly.\n",
    )
    hostile = _article(
        "Battle of Testville",
        "battle_of_testville",
        1606,
        "2024-01-05T00:00:00Z",
        short="<script>alert('short')</script> a battle that never happened",
        categories=("Battles of the Russo-Ukrainian War", "<b onmouseover=alert(1)>Tag</b>"),
        conflict=Conflict(
            name="Battle of <script>alert('name')</script>Testville",
            infobox="Infobox military conflict",
            start="2023",
            place="<img src=x onerror=alert('place')>",
            coordinates=Coordinates(49.0, 36.0),
            result="javascript:alert('result')",
            sides=(Side(parties=(Party("<iframe src=//evil.example>"),)),),
        ),
        markdown=HOSTILE,
    )
    return [
        (kyiv, "ukraine"),
        (mariupol, "ukraine"),
        (hostile, "ukraine"),
        (aleppo, "syria"),
        (gaugamela, "ancient"),
        (kadesh, "ancient"),
    ]


def png(width: int, height: int, seed: int) -> bytes:
    """A small RGB gradient PNG made here (its colours depend on `seed`)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(
        b"\x00"
        + b"".join(
            bytes((x * 255 // width, y * 255 // height, seed * 90 % 256)) for x in range(width)
        )
        for y in range(height)
    )
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def cache_thumbnails(config: Config, files: tuple[str, ...]) -> None:
    """What sync leaves in the media cache beside the store: two widths of each file."""
    cache = MediaCache.beside(config.db_path)
    for seed, file in enumerate(files):
        thumbs = []
        for width in (320, 640):
            data = png(width, width * 2 // 3, seed)
            thumbs.append(Thumb(width, width * 2 // 3, cache.store_bytes(data, ".png"), ".png"))
        cache.put(file, thumbs)


def make_project(folder: Path) -> Config:
    """A project folder with config, a filled store and the sample territory imported."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "frontlines.toml").write_text(CONFIG, encoding="utf-8")
    config = load_config(folder / "frontlines.toml")
    with Store(config.db_path, clock=lambda: CLOCK) as store:
        for article, theatre in fixture_articles():
            page = RawPage(
                title=article.title,
                text="(wikitext not needed by the site)",
                page_id=article.source.page_id,
                revision_id=article.source.revision_id,
                timestamp=article.source.timestamp,
                origin="tests/publish",
            )
            store.put_page(page, article, theatre=theatre, kind="dump")
        store.put_image(
            ImageRecord(
                file="Mariupol theatre.jpg",
                url="https://commons.wikimedia.org/wiki/Special:FilePath/Mariupol_theatre.jpg",
                description_url="https://commons.wikimedia.org/wiki/File:Mariupol_theatre.jpg",
                licence="CC BY-SA 4.0",
                licence_url="https://creativecommons.org/licenses/by-sa/4.0/",
                artist="Another Photographer",
            )
        )
        cache_thumbnails(config, ("Kyiv outskirts 2022.jpg", "Mariupol theatre.jpg"))
        colours = config.territory["ukraine"].colors
        series, _ = read_series(SAMPLE_TERRITORY, "ukraine", colours)
        store.put_territory("ukraine", features_to_stored(series))
    return config


def fixture_site(folder: Path, **switches: bool) -> SiteData:
    config = make_project(folder)
    settings = SiteSettings(
        title=config.site.title, base_url=config.site.base_url, tile_url=None, **switches
    )
    with Store(config.db_path, clock=lambda: CLOCK) as store:
        return gather_site(store, config, content_dir=CONTENT, settings=settings)


@pytest.fixture(scope="session")
def project_factory() -> Callable[[Path], Config]:
    """`make_project(folder)`: config and a filled store in a new folder."""
    return make_project


@pytest.fixture(scope="session")
def site_factory() -> Callable[..., SiteData]:
    """`fixture_site(folder, **switches)`: the fixture project in a new folder, gathered."""
    return fixture_site


@pytest.fixture(scope="session")
def site_data(tmp_path_factory: pytest.TempPathFactory) -> SiteData:
    return fixture_site(tmp_path_factory.mktemp("project"), search=False)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory, site_data: SiteData) -> BuildResult:
    return build_site(site_data, tmp_path_factory.mktemp("out") / "site")


@pytest.fixture(scope="session")
def searchable_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BuildResult]:
    site = fixture_site(tmp_path_factory.mktemp("project-search"), search=True)
    yield build_site(site, tmp_path_factory.mktemp("out-search") / "site")

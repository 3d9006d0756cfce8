"""Benchmark: building the site for 1,000 articles (the sample wiki, replicated).

Not a test: it prints figures. The 11 conflict articles of samples/sample-wiki.xml are
converted once, then stored again and again under new titles and slugs until the store holds
`--articles` of them (default 1,000), with the sample territory series imported. The build is
timed end to end (gather from the store, render, write, Pagefind index unless --no-search).

    python benchmarks/site_bench.py [--articles 1000] [--no-search] [--keep DIR]

Figures: build time, pages per second, median HTML page weight, the largest page.
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SAMPLE_WIKI = REPO / "samples" / "sample-wiki.xml"
SAMPLE_TERRITORY = REPO / "samples" / "territory" / "ukraine"

CONFIG = """\
[[theatre]]
name = "ukraine"
title = "Russo-Ukrainian War"
categories = ["Battles of the Russo-Ukrainian War", "Russo-Ukrainian War"]

[[theatre]]
name = "elsewhere"
title = "Other theatres"
categories = ["Battles of the Syrian civil war", "Nagorno-Karabakh conflict",
  "Battles of the Mali War", "Sudanese civil war (2023–present)",
  "Battles of Alexander the Great", "Battles involving the Hittites"]

[territory.ukraine]
colors = { "#ff0000" = "Russia", "#aa0000" = "Russia (before 2022)", "#0000ff" = "Ukraine" }
"""


def fill_store(project: Path, count: int) -> None:
    from frontlines.config import load_config
    from frontlines.convert import convert_page
    from frontlines.pipeline import page_categories
    from frontlines.sources.dump import iter_dump
    from frontlines.sources.territory import read_series
    from frontlines.store import Store
    from frontlines.territory import features_to_stored

    (project / "frontlines.toml").write_text(CONFIG, encoding="utf-8")
    config = load_config(project / "frontlines.toml")
    owners = {c: t.name for t in config.theatres for c in t.categories}
    pages = []
    for page in iter_dump(SAMPLE_WIKI):
        theatre = next((owners[c] for c in page_categories(page.text) if c in owners), None)
        if page.redirect is None and theatre is not None:
            pages.append((page, convert_page(page, kind="dump"), theatre))
    with Store(config.db_path, clock=lambda: "2024-06-01T00:00:00Z") as store:
        for n in range(count):
            page, article, theatre = pages[n % len(pages)]
            copy = n // len(pages)
            title = article.title if copy == 0 else f"{article.title} (copy {copy})"
            slug = article.slug if copy == 0 else f"{article.slug}_copy_{copy}"
            store.put_page(
                dataclasses.replace(page, title=title),
                dataclasses.replace(article, title=title, slug=slug),
                theatre=theatre,
                kind="dump",
            )
        series, _ = read_series(SAMPLE_TERRITORY, "ukraine", config.territory["ukraine"].colors)
        store.put_territory("ukraine", features_to_stored(series))


def build(project: Path, out: Path, search: bool) -> tuple[float, int]:
    from frontlines.build import gather_site
    from frontlines.config import load_config
    from frontlines.publish.gather import settings_from
    from frontlines.publish.site import build_site
    from frontlines.store import Store

    config = load_config(project / "frontlines.toml")
    started = time.perf_counter()
    with Store(config.db_path) as store:
        site = gather_site(
            store,
            config,
            content_dir=REPO / "content",
            settings=settings_from(config, search=search),
        )
    result = build_site(site, out)
    return time.perf_counter() - started, result.pages


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--no-search", action="store_true")
    parser.add_argument("--keep", type=Path, help="build into this folder and keep it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        project = Path(temp) / "project"
        project.mkdir()
        fill_store(project, args.articles)
        out = args.keep or Path(temp) / "site"
        seconds, pages = build(project, out, search=not args.no_search)
        sizes = sorted(
            ((p.stat().st_size, p.relative_to(out).as_posix()) for p in out.rglob("*.html")
             if "pagefind" not in p.parts),
        )  # fmt: skip
        total = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    print(f"articles            {args.articles:,}")
    print(f"pages               {pages:,}")
    print(f"search index        {'no' if args.no_search else 'yes (Pagefind)'}")
    print(f"build time          {seconds:.2f} s")
    print(f"pages per second    {pages / seconds:,.0f}")
    print(f"median page weight  {statistics.median(s for s, _ in sizes) / 1024:.1f} KiB")
    print(f"largest page        {sizes[-1][0] / 1024:.1f} KiB  {sizes[-1][1]}")
    print(f"site size           {total / 1024 / 1024:.1f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())

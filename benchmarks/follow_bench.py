"""Follow benchmark: one edit on a 1,000-article wiki, from `follow` noticing it to the page.

Not a test: prints figures. The conflict articles of samples/sample-wiki.xml are replicated
under distinct titles ("Siege of Mariupol (copy 3)") into a dump of `--articles` pages, served
by ../shared/scripts/mediawiki-local.sh (MW_DIR=/tmp/mw-i17-bench or $FOLLOW_BENCH_MW_DIR,
port 8797 or --port), synced into a fresh store and built once, as `follow --build` does at
its start (a full build, Pagefind unless --no-search). Then, `--runs` times:

* one article is edited on the wiki (edit.php);
* a Follower polls list=recentchanges until it sees the edit ("noticed"), syncs the page,
  and the site is rebuilt incrementally by the same `build.SiteBuilds` that `follow --build`
  keeps for its whole run (so the BuildMemo of the earlier builds is warm, as in a
  long-running follower); measured: noticed → page stored, noticed → rebuilt page on disk
  (the edited article's index.html has the new text), and the incremental build;
* a full build of the same store, for comparison (same run, same machine), as `build --full`
  makes it: no memo, no manifest. Both build figures include reading the store and the
  content folder (`build.gather_site`), as `follow --build` and `build` do. After each
  build `SiteBuilds.tidy` runs (untimed), as `follow --build` runs it while it waits.

Usage: .venv/bin/python benchmarks/follow_bench.py [--articles 1000] [--runs 3] [--no-search]
       [--port 8797]
"""

from __future__ import annotations

import argparse
import cProfile
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from xml.sax.saxutils import escape

from frontlines.build import SiteBuilds, gather_site
from frontlines.config import load_config
from frontlines.follow import Follower
from frontlines.pipeline import open_client, page_categories, sync
from frontlines.publish.gather import settings_from
from frontlines.publish.site import build_site
from frontlines.sources.changes import RecentChange
from frontlines.sources.dump import iter_dump
from frontlines.store import Store

REPO = Path(__file__).resolve().parents[1]
SAMPLE_WIKI = REPO / "samples" / "sample-wiki.xml"
SCRIPT = (REPO / ".." / "shared" / "scripts" / "mediawiki-local.sh").resolve()
MW_DIR = os.environ.get("FOLLOW_BENCH_MW_DIR", "/tmp/mw-i17-bench")
PORT = "8797"
CATEGORIES = [
    "Battles of the Russo-Ukrainian War",
    "Russo-Ukrainian War",
    "Battles of the Syrian civil war",
    "Nagorno-Karabakh conflict",
    "Battles of the Mali War",
    "Sudanese civil war (2023–present)",
    "Battles of Alexander the Great",
    "Battles involving the Hittites",
]


def build_dump(folder: Path, count: int) -> tuple[Path, list[tuple[str, str, str]]]:
    """The sample's conflict articles replicated to `count` pages: (title, slug, text)."""
    wanted = set(CATEGORIES)
    base = [
        p
        for p in iter_dump(SAMPLE_WIKI)
        if p.redirect is None and wanted & set(page_categories(p.text))
    ]
    pages: list[tuple[str, str, str]] = []
    xml = ['<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.11/" version="0.11">']
    for n in range(count):
        page = base[n % len(base)]
        copy = n // len(base)
        title = page.title if copy == 0 else f"{page.title} (copy {copy})"
        pages.append((title, "", page.text))
        xml.append(
            f"<page><title>{escape(title)}</title><ns>0</ns><id>{10_000 + n}</id><revision>"
            f"<id>{100_000 + n}</id><timestamp>{page.timestamp or '2023-01-01T00:00:00Z'}"
            "</timestamp><contributor><username>Bench</username><id>1</id></contributor>"
            "<model>wikitext</model><format>text/x-wiki</format>"
            f'<text xml:space="preserve">{escape(page.text)}</text></revision></page>'
        )
    xml.append("</mediawiki>\n")
    dump = folder / "follow-bench.xml"
    dump.write_text("\n".join(xml), encoding="utf-8")
    return dump, pages


def wiki(*args: str, text: str | None = None) -> str:
    env = {**os.environ, "MW_DIR": MW_DIR, "MW_QUIET": "1"}
    done = subprocess.run(
        ["bash", str(SCRIPT), *args], input=text, text=True, capture_output=True, env=env
    )
    if done.returncode != 0:
        sys.exit(f"mediawiki-local.sh {args[0]} failed:\n{done.stderr[-2000:]}")
    return done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""


def write_config(folder: Path, api: str) -> Path:
    cats = ", ".join(f'"{c}"' for c in CATEGORIES)
    path = folder / "frontlines.toml"
    path.write_text(
        f'[source]\napi = "{api}"\nuser_agent = "FrontLinesBench/0.1 (bench@example.org)"\n\n'
        f'[[theatre]]\nname = "all"\ntitle = "All theatres"\ncategories = [{cats}]\n',
        encoding="utf-8",
    )
    return path


def noticing(
    original: Callable[..., Iterator[RecentChange]], notice: list[float]
) -> Callable[..., Iterator[RecentChange]]:
    """list=recentchanges that notes when the first change came back ("noticed")."""

    def watched(start: str, **options: str) -> Iterator[RecentChange]:
        for change in original(start, **options):
            if not notice:
                notice.append(time.perf_counter())
            yield change

    return watched


def spread(values: list[float], unit: str = "s") -> str:
    if len(values) == 1:
        return f"{values[0]:.2f} {unit}"
    return (
        f"median {statistics.median(values):.2f} {unit} (min {min(values):.2f}, "
        f"max {max(values):.2f}, n={len(values)})"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-search", action="store_true")
    parser.add_argument("--keep", action="store_true", help="leave the wiki running")
    parser.add_argument("--port", default=PORT, help="the local wiki's port")
    parser.add_argument("--profile", type=Path, help="cProfile the incremental builds into FILE")
    args = parser.parse_args()
    search = not args.no_search
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        dump, pages = build_dump(folder, args.articles)
        started = time.perf_counter()
        api = wiki("up", str(dump), args.port)
        print(f"wiki up ({args.articles} pages imported)   {time.perf_counter() - started:.1f} s")
        try:
            return run(folder, api, pages, args.runs, search, args.profile)
        finally:
            if not args.keep:
                wiki("down")


def run(
    folder: Path,
    api: str,
    pages: list[tuple[str, str, str]],
    runs: int,
    search: bool,
    profile: Path | None = None,
) -> int:
    config = load_config(write_config(folder, api))
    settings = settings_from(config, search=search)
    site = folder / "site"
    store = Store(config.db_path)
    client = open_client(config.source, min_interval=0.2)
    started = time.perf_counter()
    report = sync(config, store, client=client)
    print(f"initial sync                {report.summary()}")
    print(f"                            {time.perf_counter() - started:.1f} s")
    builds = SiteBuilds(config, site, settings)  # what follow --build keeps for its run
    profiler = cProfile.Profile()
    first = builds.build(store)
    print(f"first build (full)          {first.summary()}")
    builds.tidy()  # as follow --build does after each build, while it waits
    follower = Follower(config, store, client)
    follower.poll()  # start from now: the position after the initial sync
    noticed_to_stored: list[float] = []
    noticed_to_page: list[float] = []
    incremental: list[float] = []
    full: list[float] = []
    rewritten: list[float] = []
    tidied: list[float] = []
    for number in range(1, runs + 1):
        title, _, text = pages[(number * 37) % len(pages)]
        marker = f"Follow benchmark edit {number} at {time.time():.0f}."
        wiki("edit", title, text=text.replace("\n\n", f"\n\n{marker}\n\n", 1))
        notice: list[float] = []
        original = client.recent_changes
        client.recent_changes = noticing(original, notice)  # type: ignore[method-assign]
        batch = follower.poll()
        while batch.changes == 0:
            notice.clear()
            time.sleep(0.2)
            batch = follower.poll()
        stored = time.perf_counter()
        client.recent_changes = original  # type: ignore[method-assign]
        assert batch.sync is not None and batch.sync.counts.updated == 1, batch.summary()
        profiler.enable()
        result = builds.build(store)
        profiler.disable()
        done = time.perf_counter()
        tidied.append(builds.tidy())  # after the page is on disk, as follow --build does
        state = store.page_states()[title]
        slug = next(a.slug for a in store.iter_articles() if a.title == title)
        page = site / "articles" / slug / "index.html"
        assert marker in page.read_text(encoding="utf-8"), f"{page} lacks the edit"
        assert state.revision_id is not None
        noticed_to_stored.append(stored - notice[0])
        noticed_to_page.append(done - notice[0])
        incremental.append(done - stored)  # gather + incremental build: follow --build's
        rewritten.append(float(result.rewritten or 0))
        started = time.perf_counter()
        with_all = build_site(gather_site(store, config, settings=settings), folder / "full")
        full.append(time.perf_counter() - started)
        builds.tidy()  # the full build's garbage is this benchmark's, not the follower's
        print(
            f"run {number}: '{title}' noticed → stored {noticed_to_stored[-1]:.2f} s, → page on "
            f"disk {noticed_to_page[-1]:.2f} s; incremental build {incremental[-1]:.2f} s "
            f"({result.rewritten} files rewritten), full build {full[-1]:.2f} s "
            f"({with_all.files} files)"
        )
    if profile is not None:
        profiler.dump_stats(profile)
    ratios = [i / f * 100 for i, f in zip(incremental, full, strict=True)]
    print(f"articles                    {len(pages):,}")
    print(f"search index                {'yes (Pagefind)' if search else 'no'}")
    print(f"noticed → stored            {spread(noticed_to_stored)}")
    print(f"noticed → page on disk      {spread(noticed_to_page)}")
    print(f"incremental build           {spread(incremental)}")
    print(f"full build                  {spread(full)}")
    print(f"incremental / full          {spread(ratios, '%')}  (target ≤ 5 %)")
    print(f"files rewritten per edit    {spread(rewritten, 'files')}")
    print(f"tidy after a build (idle)   {spread(tidied)}  (SiteBuilds.tidy: gc, not timed above)")
    client.close()
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

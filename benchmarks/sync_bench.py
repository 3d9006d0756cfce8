"""Sync benchmark: the 32 real conflict articles from a local MediaWiki and from a dump.

Not a test: prints figures. Builds a dump of ../shared/corpus/conflict/*.wiki in a temporary
folder at run time (their text is never committed), serves it with
../shared/scripts/mediawiki-local.sh (MW_DIR=/tmp/mw-store-bench, port 8783), then measures:

* API sync into an empty store: pages/s, requests per page;
* an unchanged re-sync: requests per page (about one per 50 pages plus the category walk);
* dump sync into an empty store, and an unchanged dump re-sync: pages/s.

Usage: .venv/bin/python benchmarks/sync_bench.py [--keep]   (--keep leaves the wiki running)
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from xml.sax.saxutils import escape

from frontlines.config import load_config
from frontlines.pipeline import SyncReport, open_client, sync
from frontlines.store import Store

REPO = Path(__file__).resolve().parents[1]
SHARED = (REPO / ".." / "shared").resolve()
CORPUS = SHARED / "corpus" / "conflict"
SCRIPT = SHARED / "scripts" / "mediawiki-local.sh"
MW_DIR = "/tmp/mw-store-bench"
PORT = "8783"
CATEGORY = "Benchmark conflicts"


def build_dump(folder: Path) -> tuple[Path, int]:
    """A dump of the corpus, each page put in CATEGORY so that a theatre can find it."""
    pages = []
    files = sorted(CORPUS.glob("*.wiki"))
    for number, path in enumerate(files, start=1):
        title = path.stem.replace("_", " ")
        text = path.read_text(encoding="utf-8") + f"\n[[Category:{CATEGORY}]]\n"
        pages.append(
            f"<page><title>{escape(title)}</title><ns>0</ns><id>{number}</id><revision>"
            f"<id>{1000 + number}</id><timestamp>2024-01-01T00:00:00Z</timestamp>"
            "<contributor><username>Bench</username><id>1</id></contributor>"
            "<model>wikitext</model><format>text/x-wiki</format>"
            f'<text xml:space="preserve">{escape(text)}</text></revision></page>'
        )
    dump = folder / "conflicts.xml"
    dump.write_text(
        '<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.11/" version="0.11">\n'
        "<siteinfo><sitename>Bench</sitename><base>http://127.0.0.1/Main_Page</base>"
        "</siteinfo>\n" + "\n".join(pages) + "\n</mediawiki>\n",
        encoding="utf-8",
    )
    return dump, len(files)


def write_project(folder: Path, api: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "frontlines.toml"
    path.write_text(
        f'[source]\napi = "{api}"\nuser_agent = "FrontLinesBench/0.1 (bench@example.org)"\n\n'
        f'[[theatre]]\nname = "bench"\ntitle = "Benchmark"\ncategories = ["{CATEGORY}"]\n',
        encoding="utf-8",
    )
    return path


def line(label: str, report: SyncReport) -> str:
    c = report.counts
    pages = max(1, c.total)
    return (
        f"{label:<28} {c.total:>4} pages  {c.new:>3} new {c.unchanged:>3} unchanged "
        f"{c.failed:>2} failed  {report.seconds:7.2f} s  {c.total / report.seconds:8.1f} pages/s  "
        f"{c.requests:>3} requests  {c.requests / pages:.3f} requests/page"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="leave the local wiki running")
    args = parser.parse_args()
    if not CORPUS.is_dir() or not SCRIPT.is_file():
        print(f"../shared/corpus or the MediaWiki script is missing ({SHARED})", file=sys.stderr)
        return 2
    env = {**os.environ, "MW_DIR": MW_DIR, "MW_QUIET": "1"}
    with tempfile.TemporaryDirectory() as temp:
        work = Path(temp)
        dump, count = build_dump(work)
        started = time.monotonic()
        up = subprocess.run(
            ["bash", str(SCRIPT), "up", str(dump), PORT],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        api = up.stdout.strip().splitlines()[-1]
        print(f"corpus: {count} conflict articles; wiki up in {time.monotonic() - started:.1f} s")
        try:
            config = load_config(write_project(work / "api", api))
            with Store(config.db_path) as store, open_client(config.source) as client:
                print(line("API sync, empty store", sync(config, store, client=client)))
                print(line("API re-sync, unchanged", sync(config, store, client=client)))
            config = load_config(write_project(work / "dump", api))
            with Store(config.db_path) as store:
                print(line("dump sync, empty store", sync(config, store, dump=dump)))
                print(line("dump re-sync, unchanged", sync(config, store, dump=dump)))
        finally:
            if not args.keep:
                subprocess.run(["bash", str(SCRIPT), "down"], env=env, capture_output=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

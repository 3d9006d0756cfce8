"""Scan benchmark: a multistream dump of the corpus, ≥ 200 MB of XML, read by `scan`.

Not a test: it prints figures. In one run, on the same file:

1. the floor: plain bz2 decompression of the whole dump in this process (XML MB/s);
2. `scan` with 1 worker, then with 2 workers (Dask LocalCluster, one thread each), each into a
   fresh store with one theatre `conflicts = "all"`: XML MB/s over the scan itself (the cluster's
   start-up is printed apart), the speed-up of 2 workers over 1, and each one's rate per worker
   as a ratio to the floor.

The dump is generated once into `.cache/scan-bench/` (never committed) with
sources.multistream.write_multistream: every article of ../shared/corpus (conflict/, other/,
wtf-cache/ and the dumps' namespace-0 pages), copied with new titles until the XML reaches
`--mb`, with conflict articles at `--conflict-share` of the pages (default: Wikipedia's,
about 20,000 of 7 million articles); `--conflict-share 0` leaves them out, `-1` keeps the
corpus's own mix (a third of its pages are conflicts: conversion then dominates).

    .venv/bin/python benchmarks/scan_bench.py [--mb 200] [--runs 1] [--conflict-share 0.003]
                                                [--chunk-mb 2]
"""

from __future__ import annotations

import argparse
import bz2
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = (REPO / ".." / "shared" / "corpus").resolve()
CACHE = REPO / ".cache" / "scan-bench"
WIKIPEDIA_SHARE = 20_000 / 7_000_000
THEATRE = '[[theatre]]\nname = "all"\ntitle = "Every conflict"\nconflicts = "all"\n'


def corpus_pages() -> tuple[list, list]:  # type: ignore[type-arg]
    from frontlines.model import RawPage
    from frontlines.selection import has_conflict_infobox
    from frontlines.sources.files import iter_inputs

    folders = [CORPUS / name for name in ("conflict", "other", "wtf-cache", "dumps")]
    conflicts: list[RawPage] = []
    others: list[RawPage] = []
    for item in iter_inputs([folder for folder in folders if folder.exists()]):
        if isinstance(item, RawPage) and item.redirect is None and item.namespace == 0:
            (conflicts if has_conflict_infobox(item.text) else others).append(item)
    return conflicts, others


def mixed(conflicts: list, others: list, share: float, target: int) -> Iterator:  # type: ignore[type-arg]
    """Corpus pages with fresh titles and ids until `target` bytes of wikitext."""
    written, number, owed, next_conflict = 0, 0, 0.0, 0
    pool = conflicts + others if share < 0 else others
    per_other = 0.0 if share <= 0 else share / (1 - share)
    copy = 0
    while written < target:
        copy += 1
        for page in pool:
            batch = [page]
            owed += per_other
            while owed >= 1 and conflicts:
                batch.append(conflicts[next_conflict % len(conflicts)])
                next_conflict += 1
                owed -= 1
            for chosen in batch:
                number += 1
                written += len(chosen.text.encode("utf-8")) + 600
                yield replace(
                    chosen,
                    title=f"{chosen.title} (copy {number})",
                    page_id=number,
                    revision_id=number,
                    timestamp=chosen.timestamp or "2016-01-01T00:00:00Z",
                )
            if written >= target:
                return


def build(mb: int, share: float) -> tuple[Path, Path]:
    from frontlines.sources.multistream import write_multistream

    CACHE.mkdir(parents=True, exist_ok=True)
    stem = f"corpus-{mb}mb-share{share:g}-multistream"
    dump, index = CACHE / f"{stem}.xml.bz2", CACHE / f"{stem}-index.txt.bz2"
    if dump.is_file() and index.is_file():
        return dump, index
    started = time.monotonic()
    conflicts, others = corpus_pages()
    count = write_multistream(mixed(conflicts, others, share, mb * 1_000_000), dump, index)
    print(
        f"generated {dump.relative_to(REPO)}: {count:,} pages, {dump.stat().st_size / 1e6:.1f} MB"
        f" bz2 in {time.monotonic() - started:.0f} s",
        flush=True,
    )
    return dump, index


def floor(dump: Path) -> tuple[float, float, int]:
    """Seconds, CPU seconds and XML bytes of plain bz2 decompression of the whole file."""
    started, cpu, size = time.monotonic(), time.process_time(), 0
    with bz2.open(dump, "rb") as stream:
        while piece := stream.read(1 << 20):
            size += len(piece)
    return time.monotonic() - started, time.process_time() - cpu, size


def _decompress_range(job: tuple[str, int, int]) -> int:
    from frontlines.sources.multistream import chunk_xml, plan_chunks

    path, start, end = job
    plan = plan_chunks(Path(path), chunk_bytes=1 << 40)  # only for the header and size
    chunk = replace(plan.chunks[0], start=start, end=end)
    return sum(len(piece) for piece in chunk_xml(replace(plan, multistream=True), chunk))


def parallel_floor(
    dump: Path, index: Path, processes: int, chunk_bytes: int
) -> tuple[float, int]:
    """bz2 decompression of the scan's chunks in `processes` plain processes: what the machine
    gives in parallel right now, without Dask or parsing."""
    from concurrent.futures import ProcessPoolExecutor

    from frontlines.sources.multistream import plan_chunks

    plan = plan_chunks(dump, index, chunk_bytes=chunk_bytes)
    jobs = [(str(dump), chunk.start, chunk.end) for chunk in plan.chunks]
    started = time.monotonic()
    with ProcessPoolExecutor(processes) as pool:
        size = sum(pool.map(_decompress_range, jobs))
    return time.monotonic() - started, size


def scan_once(dump: Path, index: Path, workers: int, chunk_bytes: int) -> dict[str, float]:
    from frontlines.config import load_config
    from frontlines.pipeline import sync
    from frontlines.scan import DaskScan, open_cluster
    from frontlines.sources.multistream import plan_chunks
    from frontlines.store import Store

    with tempfile.TemporaryDirectory(prefix="scan-bench-") as folder:
        config_path = Path(folder) / "frontlines.toml"
        config_path.write_text(THEATRE, encoding="utf-8")
        config = load_config(config_path)
        plan = plan_chunks(dump, index, chunk_bytes=chunk_bytes)
        started = time.monotonic()
        with (
            open_cluster(workers=workers, dashboard=None) as client,
            Store(config.db_path) as store,
        ):
            ready = time.monotonic()
            scanner = DaskScan(plan, client)
            report = sync(config, store, scan=scanner)
            seconds = time.monotonic() - ready
        totals = scanner.totals
        assert totals.failed == 0 and report.counts.failed == 0, report.failures
        return {
            "startup": ready - started,
            "seconds": seconds,
            "xml": totals.xml_bytes,
            "pages": totals.pages,
            "selected": totals.selected,
            "chunks": len(plan.chunks),
            "cpu": totals.cpu_seconds,
            "convert": totals.convert_seconds,
        }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=int, default=200, help="MB of XML to generate (≥ 200)")
    parser.add_argument("--runs", type=int, default=1, help="repeat the three measurements")
    parser.add_argument("--conflict-share", type=float, default=round(WIKIPEDIA_SHARE, 4))
    parser.add_argument("--chunk-mb", type=float, default=2, help="MiB of bz2 per task")
    args = parser.parse_args()
    if not CORPUS.is_dir():
        print(f"no corpus at {CORPUS}", file=sys.stderr)
        return 2
    dump, index = build(args.mb, args.conflict_share)
    chunk_bytes = int(args.chunk_mb * (1 << 20))
    print(f"cores: {os.cpu_count()}, load average: {os.getloadavg()[0]:.1f}", flush=True)
    rates: dict[str, list[float]] = {"floor": [], "1": [], "2": [], "p1": [], "p2": []}
    cpu_rates: dict[str, list[float]] = {"floor": [], "read": [], "convert": []}
    for run in range(1, args.runs + 1):
        seconds, cpu, xml = floor(dump)
        rates["floor"].append(xml / 1e6 / seconds)
        cpu_rates["floor"].append(xml / 1e6 / cpu)
        print(f"run {run}: floor  bz2 decompression  {xml / 1e6:7.1f} MB XML in {seconds:6.1f} s"
              f" = {rates['floor'][-1]:5.1f} MB/s (CPU {cpu_rates['floor'][-1]:.1f} MB/s)",
              flush=True)  # fmt: skip
        for processes in (1, 2):
            seconds, xml = parallel_floor(dump, index, processes, chunk_bytes)
            rates[f"p{processes}"].append(xml / 1e6 / seconds)
            label = "process  " if processes == 1 else "processes"
            rate = rates[f"p{processes}"][-1]
            print(
                f"run {run}: bz2 alone, {processes} {label} {xml / 1e6:7.1f} MB XML in"
                f" {seconds:6.1f} s = {rate:5.1f} MB/s",
                flush=True,
            )
        for workers in (1, 2):
            got = scan_once(dump, index, workers, chunk_bytes)
            rate = got["xml"] / 1e6 / got["seconds"]
            rates[str(workers)].append(rate)
            reading = got["cpu"] - got["convert"]
            cpu_rates["read"].append(got["xml"] / 1e6 / reading)
            cpu_rates["convert"].append(got["convert"] / max(1, got["selected"]))
            print(
                f"run {run}: scan {workers} worker{'s' if workers > 1 else ' '}"
                f"         {got['xml'] / 1e6:7.1f} MB XML in {got['seconds']:6.1f} s"
                f" = {rate:5.1f} MB/s ({int(got['pages']):,} articles, {int(got['selected'])}"
                f" selected, {int(got['chunks'])} chunks; cluster start {got['startup']:.1f} s;"
                f" worker CPU {got['cpu']:.1f} s, of which converting {got['convert']:.1f} s)",
                flush=True,
            )
    base, one, two = (statistics.median(rates[key]) for key in ("floor", "1", "2"))
    spread = {k: f"{min(v):.1f}–{max(v):.1f}" for k, v in rates.items()}
    print(
        f"median of {args.runs}: floor {base:.1f} MB/s ({spread['floor']}), 1 worker {one:.1f}"
        f" MB/s ({spread['1']}), 2 workers {two:.1f} MB/s ({spread['2']})"
    )
    p1, p2 = statistics.median(rates["p1"]), statistics.median(rates["p2"])
    print(
        f"speed-up 2 vs 1 workers: {two / one:.2f}x (the machine's own, bz2 in 2 vs 1 plain"
        f" processes: {p2 / p1:.2f}x; scan / bz2 alone: 1 worker {one / p1:.2f},"
        f" 2 workers {two / p2:.2f})"
    )
    read, conv, floor_cpu = (statistics.median(cpu_rates[k]) for k in ("read", "convert", "floor"))
    print(
        f"per core (CPU time): floor {floor_cpu:.1f} MB/s, scan reading+selecting {read:.1f} MB/s"
        f" ({read / floor_cpu:.2f} of the floor), converting {conv:.2f} s per selected page"
    )
    print(f"per worker / floor: 1 worker {one / base:.2f}, 2 workers {two / 2 / base:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

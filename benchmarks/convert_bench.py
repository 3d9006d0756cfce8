"""Benchmark: the full conversion against mwparserfromhell's parse + strip_code, same articles.

Not a test: it prints figures. The input is every article of ../shared/corpus (article files and
the namespace-0 pages of the dumps), read once with our readers and handed to each measurement
as a file of texts. Each measurement runs in a fresh subprocess, `--repeat` times, interleaved;
medians are printed (and every run's figure, for the spread):

* **baseline**: `mwparserfromhell.parse(text).strip_code()` for every text, in a process that
  imports nothing of frontlines (checked: the phase reports what it imported);
* **ours**: `convert_page` + `to_markdown` + `to_json` for every text, with the time split into
  the stages (exclusive CPU time: tokenize, tree, prepare = parse's clean-up around the
  tokenizer, index = the one walk of the tree, render, extract, write, other = the page's
  repairs before parsing) and the five slowest articles;
* **jobs**: `frontlines convert` of the same corpus folders with `--jobs 1` and `--jobs 2`,
  wall-clock (what a user waits for), the speed-up, and the peak RSS of each worker process
  (VmHWM in /proc, polled while the command runs; Linux).

Both one-core figures are CPU time (`time.process_time`) over the loop, after the imports.

    python benchmarks/convert_bench.py [--corpus PATH] [--repeat 3] [--no-jobs]
    python benchmarks/convert_bench.py --workers-of DUMP [--repeat 3]   # worker RSS only

The last line is `ratio R`: our MB/s divided by the baseline's (CPU time, one core).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO / ".." / "shared" / "corpus"
FOLDERS = ("conflict", "other", "wtf-cache", "dumps")


def load_texts(corpus: Path) -> list[tuple[str, str]]:
    from frontlines.sources.files import InputFailure, iter_inputs

    pages = []
    for item in iter_inputs(corpus_folders(corpus)):
        if not isinstance(item, InputFailure) and item.redirect is None:
            pages.append((item.title, item.text))
    return pages


def read_texts(path: Path) -> list[tuple[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return [tuple(json.loads(line)) for line in handle]  # type: ignore[misc]


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_baseline(texts_file: Path) -> dict[str, Any]:
    """In a fresh process: mwparserfromhell only."""
    import mwparserfromhell

    texts = read_texts(texts_file)
    start = time.process_time()
    for _, text in texts:
        mwparserfromhell.parse(text).strip_code()
    seconds = time.process_time() - start
    imported = sorted(name for name in sys.modules if name.split(".")[0] == "frontlines")
    return {"seconds": seconds, "peak_mb": peak_mb(), "frontlines_modules": len(imported)}


class Stages:
    """Exclusive CPU time per stage: a stage called inside another is taken out of it."""

    def __init__(self) -> None:
        self.totals: dict[str, float] = {}
        self._stack: list[list[Any]] = []

    def wrap(self, stage: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            frame = [time.process_time(), 0.0]
            self._stack.append(frame)
            try:
                return function(*args, **kwargs)
            finally:
                self._stack.pop()
                spent = time.process_time() - frame[0]
                self.totals[stage] = self.totals.get(stage, 0.0) + spent - frame[1]
                if self._stack:
                    self._stack[-1][1] += spent

        return timed


def run_ours(texts_file: Path) -> dict[str, Any]:
    """In a fresh process: the whole conversion, timed per stage and per article."""
    import frontlines.convert as convert
    import frontlines.parse.builder as builder
    from frontlines.markdown_entry import to_json, to_markdown
    from frontlines.model import RawPage
    from frontlines.parse.index import TreeIndex

    stages = Stages()
    builder.tokenize = stages.wrap("tokenize", builder.tokenize)  # type: ignore[method-assign]
    builder.build = stages.wrap("tree", builder.build)  # type: ignore[method-assign]
    TreeIndex._walk = stages.wrap("index", TreeIndex._walk)  # type: ignore[method-assign]
    convert.parse = stages.wrap("prepare", convert.parse)  # type: ignore[method-assign]
    convert.render_document = stages.wrap("render", convert.render_document)  # type: ignore[method-assign]
    convert.extract_conflict = stages.wrap("extract", convert.extract_conflict)  # type: ignore[method-assign]
    convert.extract_events = stages.wrap("extract", convert.extract_events)  # type: ignore[method-assign]
    page_stage = stages.wrap("other", convert.convert_page)
    markdown_stage = stages.wrap("write", to_markdown)
    json_stage = stages.wrap("write", to_json)

    texts = read_texts(texts_file)
    failures = 0
    each: list[tuple[float, str, int]] = []
    start = time.process_time()
    for title, text in texts:
        began = time.process_time()
        try:
            article = page_stage(RawPage(title=title, text=text))
            markdown_stage(article, pub_date="2026-01-01T00:00:00Z")
            json_stage(article)
        except Exception:  # counted, not hidden: the figure is printed
            failures += 1
        each.append((time.process_time() - began, title, len(text.encode("utf-8"))))
    seconds = time.process_time() - start
    slowest = sorted(each, reverse=True)[:5]
    return {
        "seconds": seconds,
        "peak_mb": peak_mb(),
        "failures": failures,
        "stages": stages.totals,
        "slowest": [[round(s, 3), title, size] for s, title, size in slowest],
    }


def measure(phase: str, texts_file: Path) -> dict[str, Any]:
    command = [sys.executable, __file__, "--phase", phase, "--texts", str(texts_file)]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _proc(pid: int, name: str) -> str:
    try:
        return Path(f"/proc/{pid}/{name}").read_text(errors="replace")
    except OSError:  # the process has ended
        return ""


def _descendants(pid: int) -> list[int]:
    found = []
    for child in _proc(pid, f"task/{pid}/children").split():
        found += [int(child), *_descendants(int(child))]
    return found


def _high_water_kb(pid: int) -> int | None:
    for line in _proc(pid, "status").splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return None


def worker_peaks(process: subprocess.Popen[str], every: float = 0.02) -> dict[int, int]:
    """Peak RSS (kB, /proc/PID/status VmHWM) of each worker of `process` while it runs.

    A worker is a process forked from multiprocessing's fork server (its parent's command
    line names `multiprocessing.forkserver`). VmHWM only grows, so polling every `every`
    seconds misses at most what a worker adds in its last moments. Linux only: elsewhere {}.
    """
    peaks: dict[int, int] = {}
    while process.poll() is None:
        for pid in _descendants(process.pid):
            parent = _proc(pid, "stat").rpartition(")")[2].split()[1:2]
            if parent and "multiprocessing.forkserver" in _proc(int(parent[0]), "cmdline"):
                peak = _high_water_kb(pid)
                if peak is not None:
                    peaks[pid] = max(peak, peaks.get(pid, 0))
        time.sleep(every)
    return peaks


def corpus_folders(corpus: Path) -> list[Path]:
    return [corpus / name for name in FOLDERS if (corpus / name).exists()]


def measure_jobs(inputs: list[Path], jobs: int) -> tuple[float, list[float]]:
    """Wall-clock seconds of `frontlines convert INPUTS --jobs N`, and the peak RSS (MB) of
    each of its worker processes."""
    frontlines = Path(sys.executable).with_name("frontlines")
    with tempfile.TemporaryDirectory(prefix="convert-bench-") as out:
        command = [str(frontlines), "convert", *map(str, inputs), "-o", out, "--jobs", str(jobs)]
        command += ["--date", "2026-01-01"]
        start = time.perf_counter()
        with subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
        ) as process:
            peaks = worker_peaks(process)
            stderr = process.stderr.read() if process.stderr else ""
        seconds = time.perf_counter() - start
    if process.returncode not in (0, 1):  # 1: some input failed, which the corpus has
        raise RuntimeError(f"frontlines convert --jobs {jobs} failed:\n{stderr[-2000:]}")
    return seconds, sorted(kb / 1024 for kb in peaks.values())


def spread(values: list[float]) -> str:
    return f"{statistics.median(values):.2f} ({min(values):.2f}–{max(values):.2f})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-jobs", action="store_true", help="skip the --jobs 1/2 runs")
    parser.add_argument("--phase", choices=["ours", "baseline"])
    parser.add_argument("--texts", type=Path)
    parser.add_argument(
        "--workers-of",
        type=Path,
        nargs="+",
        metavar="INPUT",
        help="only the peak RSS of each worker of `frontlines convert INPUT --jobs 2`",
    )
    args = parser.parse_args()
    if args.phase:
        run = run_ours if args.phase == "ours" else run_baseline
        print(json.dumps(run(args.texts)))
        return 0
    if args.workers_of:
        print(f"load average at start: {os.getloadavg()[0]:.1f}")
        for _ in range(args.repeat):
            seconds, peaks = measure_jobs(args.workers_of, 2)
            each = ", ".join(f"{mb:.1f}" for mb in peaks)
            print(f"convert --jobs 2: {seconds:.2f} s wall, worker peak RSS MB: {each}")
        return 0
    if not args.corpus.is_dir():
        print(f"corpus not found at {args.corpus}: pass --corpus", file=sys.stderr)
        return 2
    texts = load_texts(args.corpus)
    megabytes = sum(len(text.encode("utf-8")) for _, text in texts) / 1e6
    print(f"corpus: {len(texts)} articles, {megabytes:.2f} MB of wikitext; cores: {os.cpu_count()}")
    print(f"load average at start: {os.getloadavg()[0]:.1f}")
    runs: dict[str, list[dict[str, Any]]] = {"ours": [], "baseline": []}
    with tempfile.TemporaryDirectory(prefix="convert-bench-") as folder:
        texts_file = Path(folder) / "texts.jsonl"
        with texts_file.open("w", encoding="utf-8") as handle:
            for pair in texts:
                handle.write(json.dumps(pair, ensure_ascii=False) + "\n")
        for _ in range(args.repeat):
            for phase in ("baseline", "ours"):
                runs[phase].append(measure(phase, texts_file))
    speeds = {}
    for phase, results in runs.items():
        seconds = [r["seconds"] for r in results]
        median = statistics.median(seconds)
        speeds[phase] = megabytes / median
        print(
            f"{phase:9} {median:6.2f} s CPU (runs {', '.join(f'{s:.2f}' for s in seconds)})  "
            f"{speeds[phase]:5.2f} MB/s  {len(texts) / median:6.1f} articles/s  "
            f"peak RSS {max(r['peak_mb'] for r in results):4.0f} MB"
            + (f"  failures {results[0]['failures']}" if phase == "ours" else "")
            + (
                f"  frontlines modules imported: {results[0]['frontlines_modules']}"
                if phase == "baseline"
                else ""
            )
        )
    stage_names = ["tokenize", "tree", "prepare", "index", "render", "extract", "write", "other"]
    median_run = sorted(runs["ours"], key=lambda r: r["seconds"])[len(runs["ours"]) // 2]
    total = sum(median_run["stages"].values())
    print(
        "time split (ours, median run, exclusive CPU): "
        + ", ".join(
            f"{name} {median_run['stages'].get(name, 0.0):.2f} s "
            f"({100 * median_run['stages'].get(name, 0.0) / total:.0f}%)"
            for name in stage_names
        )
    )
    print("five slowest articles (ours, median run):")
    for seconds, title, size in median_run["slowest"]:
        print(f"  {seconds:6.3f} s  {size / 1e6:5.2f} MB  {title}")
    if not args.no_jobs:
        walls: dict[int, list[float]] = {1: [], 2: []}
        workers: dict[int, list[float]] = {1: [], 2: []}
        for _ in range(args.repeat):
            for jobs in (1, 2):
                seconds, peaks = measure_jobs(corpus_folders(args.corpus), jobs)
                walls[jobs].append(seconds)
                workers[jobs] += peaks
        for jobs, seconds in walls.items():
            rates = [megabytes / s for s in seconds]
            peak = f"{max(workers[jobs]):.0f} MB" if workers[jobs] else "n/a (no /proc)"
            print(
                f"frontlines convert --jobs {jobs}: {spread(seconds)} s wall, "
                f"{spread(rates)} MB/s, worker peak RSS {peak} "
                f"(each: {', '.join(f'{mb:.0f}' for mb in workers[jobs])})"
            )
        speed_up = [one / two for one, two in zip(walls[1], walls[2], strict=True)]
        print(f"speed-up --jobs 2 over --jobs 1: {spread(speed_up)}x")
    print(f"ratio {speeds['ours'] / speeds['baseline']:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark: the full conversion against mwparserfromhell's parse + strip_code, same articles.

Not a test: it prints figures. Each phase runs in a fresh subprocess of the same interpreter (same
process conditions), three times, interleaved; the medians are printed. The input is every article
of ../shared/corpus (article files and the namespace-0 pages of the dumps), read with our readers.

    python benchmarks/convert_bench.py [--corpus PATH] [--repeat 3]

The last line is `ratio R`: our MB/s divided by the baseline's (CPU time, one core).
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

DEFAULT_CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus"


def load_texts(corpus: Path) -> list[tuple[str, str]]:
    from frontlines.sources.files import InputFailure, iter_inputs

    folders = [corpus / name for name in ("conflict", "other", "wtf-cache", "dumps")]
    pages = []
    for item in iter_inputs([f for f in folders if f.exists()]):
        if not isinstance(item, InputFailure) and item.redirect is None:
            pages.append((item.title, item.text))
    return pages


def run_phase(phase: str, corpus: Path) -> dict[str, float]:
    """Runs inside the subprocess: convert every text once, report CPU time and peak RSS."""
    import mwparserfromhell

    from frontlines.convert import convert_page
    from frontlines.markdown_entry import to_json, to_markdown
    from frontlines.model import RawPage

    texts = load_texts(corpus)
    failures = 0
    start = time.process_time()
    for title, text in texts:
        if phase == "baseline":
            mwparserfromhell.parse(text).strip_code()
            continue
        try:
            article = convert_page(RawPage(title=title, text=text))
            to_markdown(article, pub_date="2026-01-01T00:00:00Z")
            to_json(article)
        except Exception:  # counted, not hidden: the figure is printed
            failures += 1
    seconds = time.process_time() - start
    megabytes = sum(len(text.encode("utf-8")) for _, text in texts) / 1e6
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "seconds": seconds,
        "megabytes": megabytes,
        "articles": len(texts),
        "peak_mb": peak_mb,
        "failures": failures,
    }


def measure(phase: str, corpus: Path) -> dict[str, float]:
    command = [sys.executable, __file__, "--phase", phase, "--corpus", str(corpus)]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--phase", choices=["ours", "baseline"])
    args = parser.parse_args()
    if args.phase:
        print(json.dumps(run_phase(args.phase, args.corpus)))
        return 0
    if not args.corpus.is_dir():
        print(f"corpus not found at {args.corpus}: pass --corpus", file=sys.stderr)
        return 2
    runs: dict[str, list[dict[str, float]]] = {"ours": [], "baseline": []}
    for _ in range(args.repeat):
        for phase in ("baseline", "ours"):
            runs[phase].append(measure(phase, args.corpus))
    speeds = {}
    for phase, results in runs.items():
        seconds = statistics.median(r["seconds"] for r in results)
        first = results[0]
        speeds[phase] = first["megabytes"] / seconds
        print(
            f"{phase:9} {first['articles']:4.0f} articles {first['megabytes']:.2f} MB "
            f"{seconds:6.2f} s CPU  {speeds[phase]:5.2f} MB/s  "
            f"{first['articles'] / seconds:6.1f} articles/s  "
            f"peak RSS {max(r['peak_mb'] for r in results):5.0f} MB  "
            f"failures {first['failures']:.0f}"
        )
    print(f"ratio {speeds['ours'] / speeds['baseline']:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

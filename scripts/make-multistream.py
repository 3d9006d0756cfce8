"""Write a multistream dump plus its index from any set of pages: test and benchmark data.

    .venv/bin/python scripts/make-multistream.py OUT.xml.bz2 INPUT... [--per-stream 100]
        [--repeat N] [--index OUT-index.txt.bz2]

INPUT is anything `frontlines convert` reads: wikitext files, XML dumps (plain, bz2, multistream)
or folders of them. Writes OUT.xml.bz2 (streams of `--per-stream` pages, Wikimedia's layout)
and, unless `--no-index`, OUT-index.txt.bz2 (`offset:page_id:title` lines). `--repeat N`
writes the pages N times, titles after the first copy suffixed " (copy K)", with their own
page and revision ids, so that the copies are distinct pages (for benchmarks).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from frontlines.model import RawPage
from frontlines.sources.files import InputFailure, iter_inputs
from frontlines.sources.multistream import write_multistream


def repeated(pages: list[RawPage], times: int) -> Iterator[RawPage]:
    number = 0
    for copy in range(times):
        for page in pages:
            number += 1
            title = page.title if copy == 0 else f"{page.title} (copy {copy})"
            yield replace(
                page,
                title=title,
                page_id=number,
                revision_id=page.revision_id if copy == 0 and page.revision_id else number,
            )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("inputs", type=Path, nargs="+")
    parser.add_argument("--per-stream", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--index", type=Path, default=None)
    parser.add_argument("--no-index", action="store_true")
    args = parser.parse_args(argv)
    pages: list[RawPage] = []
    for item in iter_inputs(args.inputs):
        if isinstance(item, InputFailure):
            print(f"Skipped {item.title}: {item.reason}", file=sys.stderr)
        else:
            pages.append(item)
    index = None
    if not args.no_index:
        stem = args.out.name.removesuffix(".xml.bz2").removesuffix(".bz2")
        index = args.index or args.out.with_name(stem + "-index.txt.bz2")
    count = write_multistream(
        repeated(pages, args.repeat), args.out, index, per_stream=args.per_stream
    )
    where = f" and {index}" if index else ""
    print(f"Wrote {count} pages into {args.out}{where}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

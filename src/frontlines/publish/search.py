"""Full-text search: Pagefind (the `pagefind-bin` package) indexes the built site, in shards.

Pagefind reads the written HTML (only `data-pagefind-body` regions: articles, reports and
theatre pages) and writes an index bundle. Pagefind cannot update an index, so the site's pages
are split into shards by a hash of their path, each indexed on its own into `pagefind/<n>/`
(`pagefind --site COPY --output-path DIR`, the binary of the `pagefind-bin` package installed
with the build's interpreter, over a folder of hard links to the shard's pages only). How many
shards a site has follows its size (`shard_count`: a power of two, about `PAGES_PER_SHARD`
HTML pages each, `MIN_SHARDS` to `MAX_SHARDS`), so one edit re-indexes a few dozen pages
whatever the size of the site; a site whose count changes is indexed whole. The search page
merges the shards (`pagefind/shards.json` lists those with pages; Pagefind UI's
`mergeIndex`), and an incremental build re-indexes only the shards whose pages changed for
Pagefind (`search_digest`): one edit costs one or two small Pagefind runs instead of a run
over the whole site. The UI files (`pagefind/pagefind-ui.js`, `.css`) are copied from the
first shard.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

from frontlines.errors import PublishError

MIN_SHARDS = 8
MAX_SHARDS = 64
PAGES_PER_SHARD = 32
RUNNING = 2 * (os.cpu_count() or 1)  # Pagefind runs at the same time (a full build has many)
SEARCH_DIR = "pagefind"
BODY_MARKER = "data-pagefind-body"
IGNORE_ALL = 'data-pagefind-ignore="all"'
UI_FILES = ("pagefind-ui.js", "pagefind-ui.css")


def pagefind_available() -> bool:
    return importlib.util.find_spec("pagefind_bin") is not None


def shard_count(pages: int) -> int:
    """The number of shards of a site of `pages` HTML pages: the smallest power of two from
    MIN_SHARDS that leaves about PAGES_PER_SHARD pages to a shard, at most MAX_SHARDS.

    A power of two, so a count that doubles splits each shard in two (a page's shard at the
    smaller count is its shard at the larger one modulo that count)."""
    count = MIN_SHARDS
    while count < MAX_SHARDS and count * PAGES_PER_SHARD < pages:
        count *= 2
    return count


def shard_of(path: str, count: int) -> int:
    """The shard of a site path among `count` shards (stable: a hash of the path)."""
    return int(hashlib.sha256(path.encode("utf-8")).hexdigest()[:8], 16) % count


def indexed(text: str) -> bool:
    """Whether Pagefind indexes a page with this HTML (it has a `data-pagefind-body` region)."""
    return BODY_MARKER in text


def search_digest(text: str) -> str | None:
    """A digest of what Pagefind reads of a page (None when it does not index the page): the
    page without its `data-pagefind-ignore="all"` elements, which Pagefind skips with all they
    hold (a theatre page's card list). Two pages with the same digest index the same."""
    if not indexed(text):
        return None
    return hashlib.sha256(without_ignored(text).encode("utf-8", "surrogatepass")).hexdigest()


def without_ignored(text: str) -> str:
    """The HTML without the elements that carry `data-pagefind-ignore="all"`. An element whose
    end is not found is kept (so the digest can only say "changed" too often, never too
    rarely)."""
    kept: list[str] = []
    position = 0
    while (found := text.find(IGNORE_ALL, position)) >= 0:
        start = text.rfind("<", position, found)
        name = _tag_name(text, start) if start >= 0 and ">" not in text[start:found] else ""
        end = _element_end(text, name, start) if name else -1
        if end < 0:  # not inside a start tag (page text), or unbalanced: keep it
            kept.append(text[position : found + len(IGNORE_ALL)])
            position = found + len(IGNORE_ALL)
            continue
        kept.append(text[position:start])
        position = end
    kept.append(text[position:])
    return "".join(kept)


def _tag_name(text: str, start: int) -> str:
    end = start + 1
    while end < len(text) and (text[end].isalnum() or text[end] == "-"):
        end += 1
    return text[start + 1 : end].lower()


def _element_end(text: str, name: str, start: int) -> int:
    """Where the element of tag `name` opened at `start` ends (after its end tag), or -1."""
    depth, position = 0, start
    opening, closing = f"<{name}", f"</{name}>"
    while True:
        next_open = text.find(opening, position)
        next_close = text.find(closing, position)
        if next_close < 0:
            return -1
        if 0 <= next_open < next_close and _is_tag(text, next_open + len(opening)):
            depth += 1
            position = next_open + len(opening)
            continue
        if 0 <= next_open < next_close:
            position = next_open + len(opening)  # a longer tag name (<ul> vs <ulx>)
            continue
        depth -= 1
        position = next_close + len(closing)
        if depth == 0:
            return position


def _is_tag(text: str, after: int) -> bool:
    return after < len(text) and text[after] in " \t\n\r/>"


def index_site(
    site_dir: Path, pages: Iterable[str], count: int, shards: Iterable[int] | None = None
) -> None:
    """Index the site in place: its indexed `pages` (site paths) in `count` shards, all of
    them or only `shards`. PublishError when Pagefind fails."""
    if not pagefind_available():
        raise PublishError(
            "Search needs Pagefind: `pip install pagefind-bin==1.5.2`, or build with --no-search"
        )
    bundle = site_dir / SEARCH_DIR
    if shards is None:  # the whole index: no shard of another count is left behind
        shutil.rmtree(bundle, ignore_errors=True)
    wanted = sorted(set(range(count) if shards is None else shards))
    members = _members(pages, count, set(wanted))
    with tempfile.TemporaryDirectory(prefix=".pagefind-", dir=site_dir.parent) as temp:
        runs: list[subprocess.Popen[str]] = []
        for shard in wanted:
            target = bundle / str(shard)
            shutil.rmtree(target, ignore_errors=True)
            listed = members.get(shard, [])
            if listed:
                if len(runs) >= RUNNING:  # a bounded number of Pagefind runs at a time
                    _finish(runs.pop(0))
                runs.append(_start(site_dir, Path(temp) / str(shard), listed, target))
        for process in runs:
            _finish(process)
    bundle.mkdir(exist_ok=True)
    present = sorted(int(p.name) for p in bundle.iterdir() if p.name.isdigit())
    for name in UI_FILES:
        (bundle / name).unlink(missing_ok=True)
        if present:
            shutil.copyfile(bundle / str(present[0]) / name, bundle / name)
    (bundle / "shards.json").write_text(json.dumps({"shards": present}) + "\n", encoding="utf-8")


def _members(pages: Iterable[str], count: int, wanted: set[int]) -> dict[int, list[str]]:
    """The indexed pages of each wanted shard, sorted."""
    found: dict[int, list[str]] = {}
    for path in pages:
        shard = shard_of(path, count)
        if shard in wanted:
            found.setdefault(shard, []).append(path)
    return {shard: sorted(paths) for shard, paths in found.items()}


def _start(site_dir: Path, copy: Path, pages: list[str], target: Path) -> subprocess.Popen[str]:
    for path in pages:
        place = copy / path
        place.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(site_dir / path, place)
        except OSError:
            shutil.copyfile(site_dir / path, place)
    command = [*_pagefind(), "--site", str(copy)]
    command += ["--output-path", str(target), "--silent"]
    try:
        return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    except OSError as error:
        raise PublishError(f"Pagefind could not run ({error}); build with --no-search") from error


def _pagefind() -> list[str]:
    """The Pagefind binary that `pagefind_bin` ships (run directly: no Python start-up per
    run), else `python -m pagefind_bin`."""
    try:
        executable = importlib.import_module("pagefind_bin").get_executable()
        return [str(Path(executable).absolute())]
    except (ImportError, AttributeError, FileNotFoundError):
        return [sys.executable, "-m", "pagefind_bin"]


def _finish(process: subprocess.Popen[str]) -> None:
    try:
        stdout, stderr = process.communicate(timeout=600)
    except subprocess.TimeoutExpired as error:
        process.kill()
        problem = "Pagefind did not finish in 10 minutes; build with --no-search"
        raise PublishError(problem) from error
    if process.returncode != 0:
        detail = (stderr or stdout).strip().splitlines()[-5:]
        raise PublishError("Pagefind failed: " + " | ".join(detail))

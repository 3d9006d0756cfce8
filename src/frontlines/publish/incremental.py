"""The incremental build: rewrite only the files whose inputs changed since the last build.

    result = update_site(site, out_dir)      # same bytes as build_site(site, out_dir)

It plans like a full build (`plan_keyed`: every path, each page's input digest), then renders
only the pages whose digest differs from the manifest's (`manifest.py`), makes the cheap files
(feeds, data, sitemap) and compares their bytes, and writes only what differs, each file
atomically (a temporary file renamed into place, so a served page is never half written).
Files the build no longer makes are deleted. Pagefind re-indexes only the search shards
(`search.py`) with an indexed page added, deleted, or written with other content for Pagefind
(`searched` in the manifest: a theatre page whose card list alone changed is not one). The
result is byte-identical to a full build of the same data (tested).

Without a manifest (first build, a build that died halfway, another format) it is a full
build. The manifest is removed before the folder is touched and written last, so a kill
halfway leaves the next build a full one rather than trusting a half-updated folder.
"""

from __future__ import annotations

import os
import shutil
import time
from functools import partial
from pathlib import Path

from frontlines.errors import PublishError
from frontlines.publish.data import SiteData
from frontlines.publish.live import BuildMemo
from frontlines.publish.manifest import (
    Manifest,
    Record,
    drop_manifest,
    manifest_text,
    parse_manifest,
    read_manifest,
    read_manifest_text,
    record_line,
    write_manifest,
)
from frontlines.publish.search import SEARCH_DIR, index_site, indexed, shard_count, shard_of
from frontlines.publish.site import (
    MARKER,
    BuildResult,
    OutputFile,
    Pending,
    build_site,
    file_record,
    plan_keyed,
    plan_warnings,
    searched_pages,
)
from frontlines.publish.writer import safe_site_path


def update_site(
    site: SiteData,
    out_dir: Path,
    *,
    strict: bool = False,
    full: bool = False,
    memo: BuildMemo | None = None,
) -> BuildResult:
    """Bring `out_dir` up to date with `site`, rewriting only what changed (`full`: rebuild).

    `memo`: a long-running builder's values from its last build (`publish/live.py`)."""
    started = time.perf_counter()
    out_dir = out_dir.resolve()
    manifest = None if full else _read_manifest(out_dir, memo)
    if manifest is None or not (out_dir / MARKER).is_file():
        return build_site(site, out_dir, strict=strict, memo=memo)
    plan = plan_keyed(site, memo)
    existing, empty = _listing(out_dir)
    files: list[OutputFile] = []
    kept: dict[str, Record] = {}
    for item in plan.items:
        old = manifest.files.get(item.path)
        if isinstance(item, Pending) and old is not None and old.key == item.key:
            if item.path in existing:
                kept[item.path] = old
                files.append(OutputFile(item.path, key=item.key, warnings=old.warnings))
                continue
        files.append(plan.make(item))
    warnings = plan_warnings(plan, files)
    if strict and warnings:
        raise PublishError(
            f"--strict: {len(warnings)} warning(s), nothing written: " + "; ".join(warnings)
        )
    drop_manifest(out_dir)
    records: dict[str, Record] = {}
    rewritten, shards = 0, set[int]()
    count = shard_count(plan.html_pages)  # of the search index (when the site has one)
    whole = not manifest.search or manifest.shards != count
    for item in files:
        if item.path in kept:
            records[item.path] = kept[item.path]
            continue
        record, data = _file_record(item, memo)
        records[item.path] = record
        old = manifest.files.get(item.path)
        if old is not None and old.sha256 == record.sha256 and item.path in existing:
            continue
        if (old.searched if old is not None else None) != record.searched:
            shards.add(shard_of(item.path, count))  # what Pagefind reads of it changed
        _replace(_target(out_dir, item.path), data, item.source)
        rewritten += 1
    for path, old in manifest.files.items():
        if path not in records and old.searched is not None and not whole:
            shards.add(shard_of(path, count))  # an indexed page the build no longer makes
    deleted = _delete_unplanned(out_dir, existing - records.keys(), empty, shards, count)
    search = out_dir / SEARCH_DIR
    if site.settings.search:
        whole = whole or not (search / "shards.json").is_file()
        if whole or shards:
            index_site(out_dir, searched_pages(records), count, None if whole else shards)
    elif search.exists():
        shutil.rmtree(search)
    shards_made = count if site.settings.search else 0
    _write_manifest(out_dir, Manifest(records, site.settings.search, shards_made), memo)
    made = len(records) + sum(len(names) for _, _, names in os.walk(search))
    seconds = time.perf_counter() - started
    pages = plan.html_pages
    return BuildResult(out_dir, pages, made, warnings, seconds, rewritten, len(deleted))


def _read_manifest(out_dir: Path, memo: BuildMemo | None) -> Manifest | None:
    """The manifest on disk; with a memo, the very object the last build wrote when the
    file holds the text it wrote (so its records keep their identity)."""
    if memo is None:
        return read_manifest(out_dir)
    text = read_manifest_text(out_dir)
    if text is None:
        return None
    return memo.keyed("manifest", str(out_dir), partial(parse_manifest, text), text)


def _write_manifest(out_dir: Path, manifest: Manifest, memo: BuildMemo | None) -> None:
    """Write the manifest; with a memo, each record's line is encoded once per record object
    and the manifest is kept with its text for the next build's `_read_manifest`."""
    if memo is None:
        write_manifest(out_dir, manifest)
        return

    def line(path: str, record: Record) -> str:
        return memo.value("manifest line", record, partial(record_line, path, record), path)

    text = manifest_text(manifest, line)
    write_manifest(out_dir, manifest, text)
    memo.keyed("manifest", str(out_dir), lambda: manifest, text)


def _file_record(item: OutputFile, memo: BuildMemo | None) -> tuple[Record, bytes | None]:
    """`file_record(item)`; with a memo, the last build's record of the same path when the
    file is made from the same text (compared, not hashed again), or copied from a file of
    the same size and modification time."""
    if memo is None:
        return file_record(item)
    make = partial(file_record, item)
    if item.source is None:
        return memo.keyed("made file", item.path, make, (item.key, item.warnings, item.text))
    stat = item.source.stat()
    inputs = (item.key, item.warnings, str(item.source), stat.st_size, stat.st_mtime_ns)
    return memo.keyed("copied file", item.path, make, inputs)


def _target(out_dir: Path, path: str) -> Path:
    target = out_dir.joinpath(*safe_site_path(path).parts)
    if not target.parent.resolve().is_relative_to(out_dir):
        raise PublishError(f"Refusing to write '{path}': it resolves outside {out_dir}")
    return target


def _replace(target: Path, data: bytes | None, source: Path | None) -> None:
    """Write the file beside its place, then rename it over the old one (atomic)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.partial")
    if source is not None:
        shutil.copyfile(source, temporary)
    else:
        temporary.write_bytes(data or b"")
    os.replace(temporary, target)


def _indexed(target: Path) -> bool:
    """Whether the page on disk is one Pagefind indexes (so changing it changes the index)."""
    try:
        return indexed(target.read_text(encoding="utf-8", errors="replace"))
    except OSError:
        return False


def _listing(out_dir: Path) -> tuple[set[str], list[str]]:
    """The site paths of the files in the folder (the search index aside; a symlink to a
    folder is left alone), and the folders with nothing in them."""
    files: set[str] = set()
    empty: list[str] = []
    folders = [(str(out_dir), "")]
    while folders:
        folder, prefix = folders.pop()
        with os.scandir(folder) as entries:
            listed = list(entries)
        if prefix and not listed:
            empty.append(prefix)
        for entry in listed:
            if entry.is_dir(follow_symlinks=False):
                if prefix or entry.name != SEARCH_DIR:
                    folders.append((entry.path, f"{prefix}{entry.name}/"))
            elif not (entry.is_symlink() and entry.is_dir()):
                files.add(prefix + entry.name)
    return files, empty


def _delete_unplanned(
    out_dir: Path, stray: set[str], empty: list[str], shards: set[int], count: int
) -> list[str]:
    """Delete the `stray` files (not in the plan) and the folders left empty; their paths.

    The search shards (of `count`) of deleted indexed pages are added to `shards`.
    """
    for path in sorted(stray):
        target = out_dir / path
        if path.endswith(".html") and _indexed(target):
            shards.add(shard_of(path, count))
        target.unlink()
        empty.append(path.rpartition("/")[0] + "/")
    for folder in sorted(set(empty), key=len, reverse=True):
        _remove_empty(out_dir, folder)
    return sorted(stray)


def _remove_empty(out_dir: Path, folder: str) -> None:
    """Remove the folder at site path `folder` and each parent that it leaves empty."""
    while folder not in ("", "/"):
        here = out_dir / folder
        if not here.is_dir() or here.is_symlink() or any(here.iterdir()):
            return
        here.rmdir()
        folder = folder.rstrip("/").rpartition("/")[0] + "/"


__all__ = ["update_site"]

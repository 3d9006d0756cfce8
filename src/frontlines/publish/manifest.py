"""The build manifest: what each output file of the last build was made from.

    .SITE.build.json   beside the output folder SITE (not inside it: the site stays the site)

    {"format": 3, "search": true, "shards": 32, "files": {"articles/x/index.html":
        {"key": "<sha256 of the file's inputs>", "sha256": "<sha256 of its bytes>",
         "warnings": ["..."], "searched": "<sha256 of what Pagefind reads of it>"}}}

`key` is None for files made on every build (feeds, data files, the sitemap: cheap to make,
compared by their bytes instead). `shards` is the number of search shards the pages were
indexed into (search.shard_count; 0 without search). `searched` is None for a file Pagefind
does not index (search.search_digest): a page rewritten with the same `searched` leaves its
search shard as it is. A build reads the manifest to know which files it may keep;
the incremental build deletes the manifest before it touches the folder and writes the new
one last, so a build that dies halfway leaves no manifest and the next build is a full one.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

FORMAT = 3


@dataclass(frozen=True, slots=True)
class Record:
    key: str | None
    sha256: str
    warnings: tuple[str, ...] = ()
    searched: str | None = None  # what Pagefind reads of the page, digested (None: not indexed)


@dataclass(frozen=True, slots=True)
class Manifest:
    files: dict[str, Record]
    search: bool
    shards: int = 0  # search shards the index has (search.shard_count)


def manifest_path(out_dir: Path) -> Path:
    return out_dir.parent / f".{out_dir.name}.build.json"


def digest(*parts: Any) -> str:
    """A sha256 of the parts' reprs (frozen records, tuples, strings: deterministic)."""
    hasher = hashlib.sha256()
    for part in parts:
        hasher.update(repr(part).encode("utf-8", "surrogatepass"))
        hasher.update(b"\x00")
    return hasher.hexdigest()


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    hasher = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            hasher.update(block)
    return hasher.hexdigest()


def read_manifest(out_dir: Path) -> Manifest | None:
    """The last build's manifest, or None when there is none (or it cannot be trusted)."""
    text = read_manifest_text(out_dir)
    return None if text is None else parse_manifest(text)


def read_manifest_text(out_dir: Path) -> str | None:
    try:
        return manifest_path(out_dir).read_text(encoding="utf-8")
    except (OSError, ValueError):
        return None


def parse_manifest(text: str) -> Manifest | None:
    """The manifest a manifest file's text holds (None: another format, or damaged)."""
    try:
        data = json.loads(text)
        if data.get("format") != FORMAT:
            return None
        files = {
            str(name): Record(
                key=None if entry["key"] is None else str(entry["key"]),
                sha256=str(entry["sha256"]),
                warnings=tuple(str(w) for w in entry.get("warnings", ())),
                searched=None if entry.get("searched") is None else str(entry["searched"]),
            )
            for name, entry in data["files"].items()
        }
        search, shards = bool(data.get("search")), int(data.get("shards") or 0)
        return Manifest(files=files, search=search, shards=shards)
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


def record_line(path: str, record: Record) -> str:
    """One file's line of the manifest (its own JSON encoding: json's fast encoder, which
    `indent` would turn off)."""
    fields = {
        "key": record.key,
        "sha256": record.sha256,
        "warnings": list(record.warnings),
        "searched": record.searched,
    }
    return json.dumps(path, ensure_ascii=False) + ": " + json.dumps(fields, ensure_ascii=False)


def manifest_text(manifest: Manifest, line: Callable[[str, Record], str] = record_line) -> str:
    """The manifest file's text: a head, then one line a file, by path."""
    head = {"format": FORMAT, "search": manifest.search, "shards": manifest.shards}
    lines = [line(path, record) for path, record in sorted(manifest.files.items())]
    return json.dumps(head)[:-1] + ', "files": {\n' + ",\n".join(lines) + "\n}}\n"


def write_manifest(out_dir: Path, manifest: Manifest, text: str | None = None) -> None:
    """Write the manifest (`text`: its `manifest_text`, when the caller has it) atomically:
    a temporary file renamed over the old one."""
    path = manifest_path(out_dir)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(manifest_text(manifest) if text is None else text, encoding="utf-8")
    os.replace(temporary, path)


def drop_manifest(out_dir: Path) -> None:
    manifest_path(out_dir).unlink(missing_ok=True)

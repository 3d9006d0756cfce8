"""The media cache beside the store: image bytes by sha1, and what each file has.

    <project>/frontlines.db
    <project>/frontlines.media/files/ab/ab12….jpg        bytes, named by their sha1
    <project>/frontlines.media/index/cd/cd34….json       per file name: its thumbnails

Written by sync (`sources.media`), read by the build (`publish.media`). Every write is atomic
(a temporary file renamed into place) and the index entry of a file is written after its
bytes, so an interrupted download never leaves a half entry. `verified` re-hashes the bytes.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = ["CachedImage", "MediaCache", "Thumb"]


@dataclass(frozen=True, slots=True)
class Thumb:
    """One cached rendering of a file."""

    width: int
    height: int | None
    sha1: str  # of the bytes; also the cached file's name
    ext: str  # ".jpg", ".png" ...

    @property
    def name(self) -> str:
        return f"{self.sha1}{self.ext}"


@dataclass(frozen=True, slots=True)
class CachedImage:
    file: str
    thumbs: tuple[Thumb, ...]  # narrowest first


class MediaCache:
    """The content-addressed cache: `files/` holds bytes by sha1, `index/` what each file has."""

    def __init__(self, root: Path) -> None:
        self.root = root

    @classmethod
    def beside(cls, db_path: Path) -> MediaCache:
        """The cache for the store at `db_path` (`frontlines.db` → `frontlines.media/`)."""
        return cls(db_path.with_suffix(".media"))

    def blob(self, sha1: str, ext: str) -> Path:
        return self.root / "files" / sha1[:2] / f"{sha1}{ext}"

    def _index(self, file: str) -> Path:
        key = hashlib.sha1(file.encode("utf-8")).hexdigest()
        return self.root / "index" / key[:2] / f"{key}.json"

    def entry(self, file: str) -> CachedImage | None:
        """The file's thumbnails whose bytes are present; None when none are."""
        try:
            data = json.loads(self._index(file).read_text(encoding="utf-8"))
            thumbs = tuple(
                Thumb(int(t["width"]), t.get("height"), str(t["sha1"]), str(t["ext"]))
                for t in data["thumbs"]
            )
        except (OSError, ValueError, KeyError, TypeError):
            return None
        present = tuple(t for t in thumbs if self.blob(t.sha1, t.ext).is_file())
        return CachedImage(file, present) if present else None

    def verified(self, thumb: Thumb) -> Path | None:
        """The cached bytes of `thumb` if they still hash to its name (else None)."""
        path = self.blob(thumb.sha1, thumb.ext)
        try:
            data = path.read_bytes()
        except OSError:
            return None
        return path if hashlib.sha1(data).hexdigest() == thumb.sha1 else None

    def store_bytes(self, data: bytes, ext: str) -> str:
        sha1 = hashlib.sha1(data).hexdigest()
        path = self.blob(sha1, ext)
        if not path.is_file():
            _atomic_write(path, data)
        return sha1

    def put(self, file: str, thumbs: Sequence[Thumb]) -> None:
        ordered = sorted(set(thumbs), key=lambda t: (t.width, t.sha1))
        record = {
            "file": file,
            "thumbs": [
                {"width": t.width, "height": t.height, "sha1": t.sha1, "ext": t.ext}
                for t in ordered
            ],
        }
        text = json.dumps(record, ensure_ascii=False, sort_keys=True, indent=1)
        _atomic_write(self._index(file), text.encode("utf-8"))


def _atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".part-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise

"""The only code that writes the site to disk.

A `SiteWriter` owns one output folder. It refuses to write the same path twice (two articles
with one slug would otherwise overwrite each other silently) and refuses any path that would
land outside the folder. Paths are site paths with forward slashes, e.g. "articles/x/index.html".
"""

from __future__ import annotations

import shutil
from pathlib import Path, PurePosixPath

from frontlines.errors import PublishError


def safe_site_path(path: str) -> PurePosixPath:
    """The site path as a relative POSIX path, or PublishError when it could escape the site."""
    pure = PurePosixPath(path)
    if (
        not path
        or pure.is_absolute()
        or "\\" in path
        or "\x00" in path
        or any(part in ("..", ".", "") for part in path.split("/"))
    ):
        raise PublishError(
            f"Refusing to write '{path}': site paths must be relative and stay inside the "
            "output folder. Check the slug or file name that produced it."
        )
    return pure


class SiteWriter:
    """Writes files under `root`, each site path at most once."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._written: dict[str, str] = {}

    @property
    def written(self) -> tuple[str, ...]:
        """The site paths written so far, sorted."""
        return tuple(sorted(self._written))

    def _claim(self, path: str, origin: str) -> Path:
        pure = safe_site_path(path)
        key = str(pure)
        if key in self._written:
            raise PublishError(
                f"Two things want to be written to '{key}': {self._written[key]} and {origin}. "
                "Give one of them a different slug."
            )
        self._written[key] = origin
        target = self.root.joinpath(*pure.parts)
        resolved_root = self.root.resolve()
        if not target.resolve().is_relative_to(resolved_root):
            raise PublishError(f"Refusing to write '{key}': it resolves outside {self.root}")
        target.parent.mkdir(parents=True, exist_ok=True)
        return target

    def write_text(self, path: str, text: str, origin: str = "") -> None:
        target = self._claim(path, origin or path)
        target.write_bytes(text.encode("utf-8"))

    def write_bytes(self, path: str, data: bytes, origin: str = "") -> None:
        target = self._claim(path, origin or path)
        target.write_bytes(data)

    def copy_file(self, path: str, source: Path) -> None:
        target = self._claim(path, str(source))
        shutil.copyfile(source, target)

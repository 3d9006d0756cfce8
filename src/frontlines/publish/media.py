"""The images pages show, served by the site itself from the media cache beside the store.

`local_images` reads the cache (`sources.media.MediaCache`) for the files the articles use;
each thumbnail whose bytes still hash to its name is copied to `media/<sha1>.<ext>`. A page
gets a `Picture` per image: `src` (the narrowest rendering at least 320 px wide), `srcset`
with every width, and the size to reserve. Without a cached file there is no picture: the page
shows one discreet link to the file page instead (never a placeholder box or repeated text).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from frontlines.mediacache import MediaCache
from frontlines.publish.views import relative_url

__all__ = ["LocalImage", "LocalThumb", "Picture", "local_images", "picture"]

SIZES = "(max-width: 40rem) 100vw, 22rem"


@dataclass(frozen=True, slots=True)
class LocalThumb:
    path: str  # site path, "media/<sha1>.<ext>"
    width: int
    height: int | None
    source: Path  # the cached file to copy


@dataclass(frozen=True, slots=True)
class LocalImage:
    file: str
    thumbs: tuple[LocalThumb, ...]  # narrowest first


@dataclass(frozen=True, slots=True)
class Picture:
    """What an `<img>` of one page needs (URLs relative to that page)."""

    src: str
    srcset: str
    sizes: str
    width: int
    height: int | None


def local_images(cache_root: Path, files: Iterable[str]) -> tuple[dict[str, LocalImage], list[str]]:
    """The cached, intact thumbnails of `files`; warnings for cached files that are damaged."""
    cache = MediaCache(cache_root)
    found: dict[str, LocalImage] = {}
    warnings: list[str] = []
    if not cache_root.is_dir():
        return found, warnings
    for file in sorted(set(files)):
        entry = cache.entry(file)
        if entry is None:
            continue
        thumbs = []
        for thumb in entry.thumbs:
            path = cache.verified(thumb)
            if path is None:
                warnings.append(
                    f"cached image {file!r} ({thumb.width} px) does not match its sha1; not "
                    "published (delete it from the media cache and sync again)"
                )
                continue
            thumbs.append(LocalThumb(f"media/{thumb.name}", thumb.width, thumb.height, path))
        if thumbs:
            found[file] = LocalImage(file, tuple(thumbs))
    return found, warnings


def picture(image: LocalImage | None, page_file: str) -> Picture | None:
    """The `<img>` attributes for `image` on the page at site path `page_file`."""
    if image is None or not image.thumbs:
        return None
    first = next((t for t in image.thumbs if t.width >= 320), image.thumbs[-1])
    srcset = ", ".join(f"{relative_url(page_file, t.path)} {t.width}w" for t in image.thumbs)
    return Picture(
        src=relative_url(page_file, first.path),
        srcset=srcset,
        sizes=SIZES,
        width=first.width,
        height=first.height,
    )


def pictures(
    images: Mapping[str, LocalImage], files: Iterable[str], page_file: str
) -> dict[str, Picture]:
    found = {}
    for file in files:
        made = picture(images.get(file), page_file)
        if made is not None:
            found[file] = made
    return found

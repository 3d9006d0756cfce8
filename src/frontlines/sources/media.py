"""Image thumbnails, downloaded once into a content-addressed cache beside the store.

    cache = MediaCache.beside(config.db_path)          # mediacache: <project>/frontlines.media/
    report = fetch_thumbnails(client, cache, ["Kessel bridge.jpg"], user_agent=...)
    cache.entry("Kessel bridge.jpg")                   # CachedImage with its thumbnails

For each file the API is asked (`prop=imageinfo&iiprop=url|size|mime|sha1&iiurlwidth=W`, 50
files a request, one request per width in `WIDTHS`) for thumbnail URLs. The wiki answers for
files on a shared repository (Commons, from Wikipedia) too, with URLs on the repository's host.
Each thumbnail is downloaded with the retry rules of `sources.api` (429/5xx, timeouts and
connection errors retried, `Retry-After` honoured, else a growing wait) by at most
`concurrency` threads, and stored under its own sha1 (`files/ab/ab12….jpg`); a download that
is the original file (the wiki does not upscale) must match the sha1 the wiki reported. A
file's list of thumbnails (`index/<sha1 of the name>.json`) is written last and atomically, so an
interrupted run leaves no half entry: the next run finds what is missing and fetches only that.
A file that fails is reported and left out; it never stops the others.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urljoin, urlsplit

import httpx

from frontlines.errors import FetchError, SourceError
from frontlines.mediacache import MediaCache, Thumb
from frontlines.sources.api import RETRYABLE_STATUS, retry_after_seconds

__all__ = ["WIDTHS", "MediaReport", "fetch_thumbnails", "thumbnail_urls"]

WIDTHS = (320, 640, 1280)
MAX_BYTES = 20 * 1024 * 1024  # a thumbnail bigger than this is not a thumbnail
_EXTENSIONS = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/gif": ".gif",
    "image/webp": ".webp",
    "image/svg+xml": ".svg",
}


@dataclass(frozen=True, slots=True)
class MediaReport:
    fetched: int = 0  # files newly cached
    cached: int = 0  # files that were cached already
    failed: dict[str, str] = field(default_factory=dict)  # file → why
    done: tuple[str, ...] = ()  # files cached by this run


class ApiQuery(Protocol):
    """The part of `MediaWikiClient` used here."""

    api_url: str

    def query(self, params: Mapping[str, str | int]) -> Iterable[dict[str, Any]]: ...


@dataclass(frozen=True, slots=True)
class _Wanted:
    width: int
    height: int | None
    url: str
    mime: str
    original: bool  # the thumbnail URL is the original file
    sha1: str | None  # of the original, as the wiki reports it


def thumbnail_urls(
    client: ApiQuery, files: Sequence[str], widths: Sequence[int] = WIDTHS
) -> dict[str, list[_Wanted]]:
    """Per file (as asked), one thumbnail URL per distinct width the wiki offers."""
    found: dict[str, dict[str, _Wanted]] = {}
    for start in range(0, len(files), 50):
        batch = list(files[start : start + 50])
        asked = {f"File:{name}": name for name in batch}
        for width in widths:
            params: dict[str, str | int] = {
                "prop": "imageinfo",
                "iiprop": "url|size|mime|sha1",
                "iiurlwidth": width,
                "titles": "|".join(asked),
                "redirects": 1,
            }
            for data in client.query(params):
                _collect(data, asked, client.api_url, found)
    return {name: list(urls.values()) for name, urls in found.items()}


def _collect(
    data: Mapping[str, Any],
    asked: Mapping[str, str],
    api_url: str,
    found: dict[str, dict[str, _Wanted]],
) -> None:
    query = data.get("query")
    if not isinstance(query, dict):
        return
    back = dict(asked)
    for key in ("normalized", "redirects"):
        for pair in query.get(key) or ():
            if isinstance(pair, dict) and str(pair.get("from")) in back:
                back[str(pair.get("to"))] = back[str(pair.get("from"))]
    for page in query.get("pages") or ():
        if not isinstance(page, dict) or str(page.get("title")) not in back:
            continue
        infos = page.get("imageinfo")
        if not isinstance(infos, list) or not infos or not isinstance(infos[0], dict):
            continue
        info = infos[0]
        url = info.get("thumburl") or info.get("url")
        if not isinstance(url, str) or not url:
            continue
        url = urljoin(api_url, url)  # a local wiki may answer with a path
        original = urljoin(api_url, str(info.get("url") or ""))
        width = info.get("thumbwidth") or info.get("width")
        height = info.get("thumbheight") or info.get("height")
        if not isinstance(width, int):
            continue
        found.setdefault(back[str(page["title"])], {})[url] = _Wanted(
            width=width,
            height=height if isinstance(height, int) else None,
            url=url,
            mime=str(info.get("thumbmime") or info.get("mime") or ""),
            original=url == original,
            sha1=info.get("sha1") if isinstance(info.get("sha1"), str) else None,
        )


class _Downloader:
    """GET with the API client's retry rules; one httpx.Client shared by the threads."""

    def __init__(
        self,
        *,
        user_agent: str,
        transport: httpx.BaseTransport | None,
        timeout: float,
        max_retries: int,
        backoff: float,
        max_backoff: float,
        sleep: Callable[[float], None],
    ) -> None:
        self._http = httpx.Client(
            transport=transport,
            timeout=timeout,
            follow_redirects=True,
            headers={"User-Agent": user_agent},
        )
        self._max_retries = max(0, max_retries)
        self._backoff = backoff
        self._max_backoff = max_backoff
        self._sleep = sleep

    def close(self) -> None:
        self._http.close()

    def get(self, url: str) -> bytes:
        last = "not attempted"
        for attempt in range(self._max_retries + 1):
            wait: float | None = None
            try:
                response = self._http.get(url)
            except httpx.TimeoutException as error:
                last = f"timeout ({type(error).__name__})"
            except httpx.TransportError as error:
                last = f"connection error ({type(error).__name__}: {error})"
            else:
                if response.status_code in RETRYABLE_STATUS:
                    last = f"HTTP {response.status_code}"
                    wait = retry_after_seconds(response.headers.get("Retry-After"))
                elif response.status_code >= 400:
                    raise FetchError(f"{url} answered HTTP {response.status_code}")
                elif len(response.content) > MAX_BYTES:
                    raise FetchError(f"{url} is larger than {MAX_BYTES} bytes")
                else:
                    return response.content
            if attempt < self._max_retries:
                if wait is not None and wait > self._max_backoff:
                    raise FetchError(f"{url} asks to retry after {wait:g} s; try again later")
                self._sleep(
                    wait if wait is not None else min(self._backoff * 2**attempt, self._max_backoff)
                )
        raise FetchError(f"{url} failed after {self._max_retries + 1} attempts (last: {last})")


def _extension(wanted: _Wanted) -> str:
    if wanted.mime in _EXTENSIONS:
        return _EXTENSIONS[wanted.mime]
    suffix = Path(urlsplit(wanted.url).path).suffix.lower()
    return suffix if suffix in set(_EXTENSIONS.values()) | {".jpeg"} else ".bin"


def _fetch_one(
    downloader: _Downloader, cache: MediaCache, file: str, wanted: list[_Wanted]
) -> list[Thumb]:
    thumbs: list[Thumb] = []
    for item in sorted(wanted, key=lambda w: w.width):
        data = downloader.get(item.url)
        sha1 = hashlib.sha1(data).hexdigest()
        if item.original and item.sha1 and sha1 != item.sha1.lower():
            raise FetchError(f"{item.url}: sha1 {sha1} is not the wiki's {item.sha1}")
        ext = _extension(item)
        cache.store_bytes(data, ext)
        thumbs.append(Thumb(item.width, item.height, sha1, ext))
    return thumbs


def fetch_thumbnails(
    client: ApiQuery,
    cache: MediaCache,
    files: Iterable[str],
    *,
    user_agent: str,
    widths: Sequence[int] = WIDTHS,
    concurrency: int = 2,
    transport: httpx.BaseTransport | None = None,
    timeout: float = 30.0,
    max_retries: int = 5,
    backoff: float = 1.0,
    max_backoff: float = 60.0,
    sleep: Callable[[float], None] = time.sleep,
    on_file: Callable[[], None] | None = None,
) -> MediaReport:
    """Cache thumbnails of `files` that the cache lacks; what happened, per file."""
    unique = list(dict.fromkeys(f for f in files if f))
    todo = [f for f in unique if cache.entry(f) is None]
    report = MediaReport(cached=len(unique) - len(todo))
    if not todo:
        return report
    failed: dict[str, str] = {}
    try:
        urls = thumbnail_urls(client, todo, widths)
    except SourceError as error:
        return MediaReport(cached=report.cached, failed={f: str(error) for f in todo})
    for name in todo:
        if name not in urls:
            failed[name] = "the wiki has no such file"
    downloader = _Downloader(
        user_agent=user_agent,
        transport=transport,
        timeout=timeout,
        max_retries=max_retries,
        backoff=backoff,
        max_backoff=max_backoff,
        sleep=sleep,
    )

    def work(name: str) -> tuple[str, list[Thumb] | str]:
        try:
            return name, _fetch_one(downloader, cache, name, urls[name])
        except (SourceError, OSError) as error:
            return name, str(error)

    done: list[str] = []
    try:
        with ThreadPoolExecutor(max_workers=max(1, concurrency)) as pool:
            for name, outcome in pool.map(work, [n for n in todo if n in urls]):
                if isinstance(outcome, str):
                    failed[name] = outcome
                else:
                    cache.put(name, outcome)
                    done.append(name)
                if on_file:
                    on_file()
    finally:
        downloader.close()
    return MediaReport(fetched=len(done), cached=report.cached, failed=failed, done=tuple(done))

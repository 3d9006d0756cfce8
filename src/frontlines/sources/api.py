"""A small MediaWiki Action API client that follows Wikimedia's etiquette.

    MediaWikiClient(api_url, user_agent=...)
    ├── category_members(category, depth)  list=categorymembers, subcategories to `depth`
    ├── revisions(titles)                   prop=revisions ids|timestamp|sha1, no content
    ├── fetch(titles)                       prop=revisions + content of the main slot
    ├── history(title, before, limit)       earlier revisions with content (rvlimit/rvdir/continue)
    ├── image_info(files)                   prop=imageinfo url|size|sha1|extmetadata
    ├── recent_changes(start)               list=recentchanges from `start`, oldest first
    ├── page_info(titles)                   prop=revisions ids + prop=categories (no content)
    ├── subcategories(category, depth)      list=categorymembers cmtype=subcat, to `depth`
    ├── query(params)                       any action=query, `continue` followed lazily
    └── request(params)                     one API call with retries (everything goes here)

Etiquette: every request carries `format=json&formatversion=2` and `maxlag`, and the required
descriptive User-Agent. Titles go 50 to a request (`batch_size`); long requests are POSTed.
Requests are made one at a time: the concurrency limit is 1, which Wikimedia asks of
unauthenticated clients and which a theatre's few hundred pages do not need to exceed.

Retries: HTTP 429/5xx, a `maxlag` (or `ratelimited`) API error, a timeout, a connection error
and malformed or truncated JSON are retried up to `max_retries` times. The wait is the server's
`Retry-After` when it sends one, else `backoff * 2**attempt` capped at `max_backoff`; `sleep` is
injected so tests do not wait. Errors (frontlines.errors):

    SourceError
    ├── FetchError   retries ran out (URL with its query + last status/reason), a non-retryable
    │                HTTP status, an API `error` object (code + info), a continuation loop
    └── (ConfigError for an empty User-Agent, raised by the constructor)

All network I/O goes through one httpx.Client; pass `transport=httpx.MockTransport(...)` to inject
faults in tests.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from types import TracebackType
from typing import Any
from urllib.parse import urlencode, urlsplit

import httpx

from frontlines.errors import ConfigError, FetchError
from frontlines.model import RawPage
from frontlines.sources.changes import RecentChange
from frontlines.sources.images import ImageInfo, image_info_from_page
from frontlines.sources.surrogates import replace_lone_surrogates

__all__ = [
    "FetchResult",
    "ImageInfo",
    "MediaWikiClient",
    "PageInfoResult",
    "RevisionInfo",
    "RevisionsResult",
    "RETRYABLE_STATUS",
    "resolve_title",
    "retry_after_seconds",
]

RETRYABLE_STATUS = frozenset({408, 429, 500, 502, 503, 504})
RETRYABLE_API_ERRORS = frozenset({"maxlag", "ratelimited", "readonly"})
MAX_GET_QUERY = 2000  # longer queries (50 long titles) are sent as a POST form
EXTMETADATA_FIELDS = (
    "LicenseShortName|LicenseUrl|Artist|Credit|AttributionRequired|ImageDescription|UsageTerms"
)
Params = Mapping[str, str | int]


@dataclass(frozen=True, slots=True)
class RevisionInfo:
    """The current revision of a page, without its content."""

    title: str
    page_id: int
    revision_id: int
    timestamp: str
    sha1: str | None


def resolve_title(title: str, normalized: Mapping[str, str], redirects: Mapping[str, str]) -> str:
    """Where a requested title ended up: normalisation first, then redirects (chains too)."""
    current = normalized.get(title, title)
    seen = {current}
    while current in redirects:
        current = redirects[current]
        if current in seen:
            break
        seen.add(current)
    return current


@dataclass(frozen=True, slots=True)
class RevisionsResult:
    """Current revisions by final title, and what happened to the other titles."""

    revisions: dict[str, RevisionInfo]
    missing: tuple[str, ...] = ()  # final titles of pages that do not exist (or were deleted)
    redirects: dict[str, str] = field(default_factory=dict)  # from → to
    normalized: dict[str, str] = field(default_factory=dict)  # as asked → canonical
    failed: dict[str, str] = field(default_factory=dict)  # invalid, special, hidden: title → why

    def resolve(self, title: str) -> str:
        return resolve_title(title, self.normalized, self.redirects)


@dataclass(frozen=True, slots=True)
class FetchResult:
    """Pages with content, and what happened to the other titles."""

    pages: tuple[RawPage, ...]
    missing: tuple[str, ...] = ()
    redirects: dict[str, str] = field(default_factory=dict)
    normalized: dict[str, str] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)

    def resolve(self, title: str) -> str:
        return resolve_title(title, self.normalized, self.redirects)


@dataclass(frozen=True, slots=True)
class PageInfoResult:
    """Current revisions (no content) and the categories of each page, by final title."""

    current: RevisionsResult
    categories: dict[str, tuple[str, ...]] = field(default_factory=dict)  # "Category:X" titles


@dataclass(frozen=True, slots=True)
class _Retry:
    reason: str
    retry_after: float | None = None


@dataclass
class _PageSet:
    """Accumulates `query.pages`, `normalized` and `redirects` over batches and continuations."""

    pages: dict[str, dict[str, Any]] = field(default_factory=dict)
    missing: dict[str, None] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)
    redirects: dict[str, str] = field(default_factory=dict)
    normalized: dict[str, str] = field(default_factory=dict)

    def add(self, data: Mapping[str, Any], has_data: Callable[[dict[str, Any]], bool]) -> None:
        query = data.get("query")
        if not isinstance(query, dict):
            return
        for pair in _dicts(query.get("normalized")):
            self.normalized[str(pair.get("from"))] = str(pair.get("to"))
        for pair in _dicts(query.get("redirects")):
            self.redirects[str(pair.get("from"))] = str(pair.get("to"))
        for pair in _dicts(query.get("interwiki")):
            self.failed[str(pair.get("title"))] = "interwiki title (another wiki)"
        for page in _dicts(query.get("pages")):
            self._add_page(page, has_data)

    def _add_page(self, page: dict[str, Any], has_data: Callable[[dict[str, Any]], bool]) -> None:
        title = str(page.get("title", ""))
        if page.get("invalid"):
            reason = page.get("invalidreason", "rejected by the wiki")
            self.failed[title] = f"invalid title: {reason}"
        elif has_data(page):  # before "missing": a Commons file seen from Wikipedia is both
            self.pages[title] = page
        elif page.get("missing") and "pageid" not in page:
            self.missing[title] = None
        elif page.get("special"):
            self.failed[title] = "special page (has no revisions)"
        elif title not in self.pages:
            self.failed.setdefault(title, "the wiki returned no revision for it")

    def settle(self) -> None:
        """Pages that got their data in a later continuation are not failures."""
        for title in self.pages:
            self.failed.pop(title, None)


class MediaWikiClient:
    """One MediaWiki API endpoint. Use as a context manager, or call close()."""

    def __init__(
        self,
        api_url: str,
        *,
        user_agent: str,
        transport: httpx.BaseTransport | None = None,
        timeout: float = 30.0,
        max_retries: int = 5,
        backoff: float = 1.0,
        max_backoff: float = 60.0,
        maxlag: int | None = 5,
        batch_size: int = 50,
        category_limit: int | str = "max",
        sleep: Callable[[float], None] = time.sleep,
        min_interval: float = 0.0,
    ) -> None:
        if not user_agent or not user_agent.strip():
            raise ConfigError(
                "A User-Agent is required (Wikimedia's policy): set [source] user_agent, e.g."
                " 'FrontLines/0.1 (https://example.org/; editor@example.org)'."
            )
        if batch_size < 1:
            raise ConfigError(f"batch_size must be at least 1, not {batch_size}.")
        self.api_url = api_url
        self.site = _site_of(api_url)
        self.requests = 0  # HTTP requests made, retries included
        self.pages_fetched = 0  # titles asked for with their content (fetch)
        self._min_interval = max(0.0, min_interval)  # seconds between two requests, at least
        self._last_request: float | None = None
        self._max_retries = max(0, max_retries)
        self._backoff = backoff
        self._max_backoff = max_backoff
        self._maxlag = maxlag
        self._batch_size = batch_size
        self._category_limit = str(category_limit)
        self._sleep = sleep
        self._http = httpx.Client(
            transport=transport,
            timeout=timeout,
            headers={"User-Agent": user_agent.strip(), "Accept": "application/json"},
        )

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> MediaWikiClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    # ------------------------------------------------------------ high level

    def category_members(self, category: str, *, depth: int = 0) -> Iterator[str]:
        """Article (ns 0) titles in `category` and its subcategories down to `depth`.

        Breadth first; each title once; a category seen before (a cycle) is not walked again.
        """
        root = _category_title(category)
        queue: deque[tuple[str, int]] = deque([(root, 0)])
        seen_categories = {root}
        seen_pages: set[str] = set()
        while queue:
            name, level = queue.popleft()
            descend = level < depth
            params = {
                "list": "categorymembers",
                "cmtitle": name,
                "cmprop": "title",
                "cmtype": "page|subcat" if descend else "page",
                "cmnamespace": "0|14" if descend else "0",
                "cmlimit": self._category_limit,
            }
            for data in self.query(params):
                for member in _dicts(data.get("query", {}).get("categorymembers")):
                    title, namespace = str(member.get("title", "")), member.get("ns")
                    if namespace == 14 and descend and title not in seen_categories:
                        seen_categories.add(title)
                        queue.append((title, level + 1))
                    elif namespace == 0 and title not in seen_pages:
                        seen_pages.add(title)
                        yield title

    def revisions(self, titles: Sequence[str]) -> RevisionsResult:
        """Current revision ids, timestamps and sha1s (no content), 50 titles a request."""
        page_set = self._collect_pages(
            titles, {"prop": "revisions", "rvprop": "ids|timestamp|sha1"}, _has_revision
        )
        return _revisions_result(page_set)

    def page_info(self, titles: Sequence[str]) -> PageInfoResult:
        """Current revision ids and categories (no content), 50 titles a request.

        One request per 50 titles answers both questions a follow run asks of a changed page:
        does it still belong to a theatre, and is its revision newer than the stored one.
        """
        page_set = _PageSet()
        found: dict[str, dict[str, None]] = {}
        unique = list(dict.fromkeys(title for title in titles if title.strip()))
        params = {"prop": "revisions|categories", "rvprop": "ids|timestamp|sha1", "cllimit": "max"}
        for start in range(0, len(unique), self._batch_size):
            batch = unique[start : start + self._batch_size]
            for data in self.query({**params, "titles": "|".join(batch), "redirects": "1"}):
                page_set.add(data, _has_revision)
                for page in _dicts(data.get("query", {}).get("pages")):
                    names = found.setdefault(str(page.get("title", "")), {})
                    listed = _dicts(page.get("categories"))
                    names.update((str(c.get("title")), None) for c in listed)
        page_set.settle()
        categories = {title: tuple(names) for title, names in found.items() if title}
        return PageInfoResult(current=_revisions_result(page_set), categories=categories)

    def recent_changes(
        self, start: str, *, namespaces: str = "0|14", kinds: str = "edit|new|log|categorize"
    ) -> Iterator[RecentChange]:
        """Changes from `start` (ISO 8601, inclusive) on, oldest first, continuation followed."""
        params = {
            "list": "recentchanges",
            "rcnamespace": namespaces,
            "rctype": kinds,
            "rcprop": "title|ids|timestamp|loginfo",
            "rcdir": "newer",
            "rcstart": start,
            "rclimit": self._category_limit,
        }
        for data in self.query(params):
            for item in _dicts(data.get("query", {}).get("recentchanges")):
                change = RecentChange.from_api(item)
                if change is not None:
                    yield change

    def subcategories(self, category: str, *, depth: int) -> list[str]:
        """`Category:` titles below `category` down to `depth` levels (breadth first, once each)."""
        root = _category_title(category)
        found: dict[str, None] = {}
        level = [root]
        for _ in range(depth):
            following: list[str] = []
            for name in level:
                params = {
                    "list": "categorymembers",
                    "cmtitle": name,
                    "cmprop": "title",
                    "cmtype": "subcat",
                    "cmlimit": self._category_limit,
                }
                for data in self.query(params):
                    for member in _dicts(data.get("query", {}).get("categorymembers")):
                        title = str(member.get("title", ""))
                        if title and title != root and title not in found:
                            found[title] = None
                            following.append(title)
            level = following
        return list(found)

    def fetch(self, titles: Sequence[str]) -> FetchResult:
        """The current wikitext of each title (main slot), 50 titles a request."""
        params = {"prop": "revisions", "rvprop": "ids|timestamp|content|sha1", "rvslots": "main"}
        self.pages_fetched += len({title for title in titles if title.strip()})
        page_set = self._collect_pages(titles, params, _has_content)
        pages = tuple(self._raw_page(page) for page in page_set.pages.values())
        return FetchResult(
            pages=pages,
            missing=tuple(page_set.missing),
            redirects=page_set.redirects,
            normalized=page_set.normalized,
            failed=page_set.failed,
        )

    def history(self, title: str, *, before: int, limit: int) -> list[RawPage]:
        """Up to `limit` revisions of `title` older than revision `before`, oldest first.

        One request for up to 50 revisions (`rvdir=older` from `rvstartid=before`), following
        `rvcontinue` only while more are wanted.
        """
        if limit < 1:
            return []
        params: dict[str, str | int] = {
            "prop": "revisions",
            "titles": title,
            "rvprop": "ids|timestamp|content|sha1",
            "rvslots": "main",
            "rvdir": "older",
            "rvstartid": before,
            "rvlimit": min(limit + 1, 50),
        }
        found: list[RawPage] = []
        for data in self.query(params):
            for page in _dicts(data.get("query", {}).get("pages")):
                for revision in _dicts(page.get("revisions")):
                    if int(revision.get("revid", 0)) == before or "pageid" not in page:
                        continue
                    if not isinstance(
                        revision.get("slots", {}).get("main", {}).get("content"), str
                    ):
                        continue  # a hidden (deleted) revision
                    found.append(self._raw_page({**page, "revisions": [revision]}))
            if len(found) >= limit:
                break
        return sorted(found[:limit], key=lambda p: p.revision_id or 0)

    def image_info(self, files: Sequence[str]) -> dict[str, ImageInfo]:
        """ImageInfo by the name asked for (`X.jpg` or `File:X.jpg`); files not found are absent."""
        asked = {name: _file_title(name) for name in dict.fromkeys(files)}
        params = {
            "prop": "imageinfo",
            "iiprop": "url|size|sha1|extmetadata",
            "iiextmetadatafilter": EXTMETADATA_FIELDS,
            "iiextmetadatalanguage": "en",
        }
        page_set = self._collect_pages(list(asked.values()), params, _has_imageinfo)
        found: dict[str, ImageInfo] = {}
        for name, title in asked.items():
            page = page_set.pages.get(resolve_title(title, page_set.normalized, page_set.redirects))
            info = image_info_from_page(page) if page is not None else None
            if info is not None:
                found[name] = info
        return found

    # ------------------------------------------------------------ low level

    def query(self, params: Params) -> Iterator[dict[str, Any]]:
        """Every response of an action=query, following `continue` until the wiki is done."""
        base: dict[str, str | int] = {"action": "query", **params}
        continuation: dict[str, str] = {}
        seen: set[tuple[tuple[str, str], ...]] = set()
        while True:
            data = self.request({**base, **continuation})
            yield data
            following = data.get("continue")
            if not isinstance(following, dict):
                return
            continuation = {str(key): str(value) for key, value in following.items()}
            marker = tuple(sorted(continuation.items()))
            if marker in seen:
                raise FetchError(
                    f"The API at {self.api_url} repeated a continuation ({marker}); stopping."
                )
            seen.add(marker)

    def request(self, params: Params) -> dict[str, Any]:
        """One API call, retried on transient failures; the decoded JSON object."""
        query = {**{key: str(value) for key, value in params.items()}, **self._etiquette()}
        url = f"{self.api_url}?{urlencode(query)}"
        attempts = self._max_retries + 1
        last = "not attempted"
        for attempt in range(attempts):
            outcome = self._attempt(query, url)
            if not isinstance(outcome, _Retry):
                return outcome
            last = outcome.reason
            if attempt + 1 < attempts:
                self._sleep(self._wait(attempt, outcome, url))
        raise FetchError(
            f"MediaWiki API request failed after {attempts} attempts: {url} (last: {last})."
            " Check the API URL and the network, or try again later."
        )

    def _etiquette(self) -> dict[str, str]:
        fixed = {"format": "json", "formatversion": "2"}
        if self._maxlag is not None:
            fixed["maxlag"] = str(self._maxlag)
        return fixed

    def _attempt(self, query: dict[str, str], url: str) -> dict[str, Any] | _Retry:
        self._throttle()
        self.requests += 1
        try:
            response = self._send(query)
        except httpx.TimeoutException as error:
            return _Retry(f"timeout ({type(error).__name__})")
        except (httpx.TransportError, httpx.DecodingError) as error:
            return _Retry(f"connection error ({type(error).__name__}: {error})")
        status = response.status_code
        retry_after = retry_after_seconds(response.headers.get("Retry-After"))
        if status in RETRYABLE_STATUS:
            body_error = _api_error_code(response)
            suffix = f", API error {body_error}" if body_error else ""
            return _Retry(f"HTTP {status} {response.reason_phrase}{suffix}", retry_after)
        if status >= 400:
            raise FetchError(
                f"MediaWiki API request failed: {url} answered HTTP {status}"
                f" {response.reason_phrase}. Check the API URL (it ends in api.php)."
            )
        return self._decode(response, url, retry_after)

    def _throttle(self) -> None:
        """Keep `min_interval` seconds between requests (a bounded request rate)."""
        now = time.monotonic()
        if self._last_request is not None and self._min_interval:
            wait = self._last_request + self._min_interval - now
            if wait > 0:
                self._sleep(wait)
                now += wait
        self._last_request = now

    def _send(self, query: dict[str, str]) -> httpx.Response:
        if len(urlencode(query)) > MAX_GET_QUERY:
            return self._http.post(self.api_url, data=query)
        return self._http.get(self.api_url, params=query)

    def _decode(
        self, response: httpx.Response, url: str, retry_after: float | None
    ) -> dict[str, Any] | _Retry:
        try:
            data = response.json()
        except ValueError as problem:  # JSONDecodeError and UnicodeDecodeError
            return _Retry(f"HTTP {response.status_code} with malformed JSON ({problem})")
        if not isinstance(data, dict):
            return _Retry(f"HTTP {response.status_code} with JSON that is not an object")
        error = data.get("error")
        if isinstance(error, dict):
            code = str(error.get("code", "unknown"))
            info = str(error.get("info", ""))
            if code in RETRYABLE_API_ERRORS:
                return _Retry(f"HTTP {response.status_code}, API error {code}: {info}", retry_after)
            raise FetchError(f"MediaWiki API error '{code}': {info} (request: {url}).")
        return data

    def _wait(self, attempt: int, outcome: _Retry, url: str) -> float:
        if outcome.retry_after is None:
            return float(min(self._backoff * 2**attempt, self._max_backoff))
        if outcome.retry_after > self._max_backoff:
            raise FetchError(
                f"MediaWiki API request failed: {url} ({outcome.reason}) asks to retry after"
                f" {outcome.retry_after:g} s, longer than max_backoff ({self._max_backoff:g} s)."
                " Try again later."
            )
        return outcome.retry_after

    def _collect_pages(
        self,
        titles: Sequence[str],
        params: Params,
        has_data: Callable[[dict[str, Any]], bool],
    ) -> _PageSet:
        page_set = _PageSet()
        unique = list(dict.fromkeys(title for title in titles if title.strip()))
        for start in range(0, len(unique), self._batch_size):
            batch = unique[start : start + self._batch_size]
            request = {**params, "titles": "|".join(batch), "redirects": "1"}
            for data in self.query(request):
                page_set.add(data, has_data)
        page_set.settle()
        return page_set

    def _raw_page(self, page: Mapping[str, Any]) -> RawPage:
        revision = page["revisions"][0]
        text, _ = replace_lone_surrogates(str(revision["slots"]["main"]["content"]))
        return RawPage(
            title=replace_lone_surrogates(str(page["title"]))[0],
            text=text,  # JSON can carry lone surrogates; no file or database can
            namespace=int(page.get("ns", 0)),
            page_id=int(page["pageid"]),
            revision_id=int(revision["revid"]),
            timestamp=revision.get("timestamp"),
            sha1=revision.get("sha1"),
            origin=self.api_url,
            site=self.site,
        )


def _revisions_result(page_set: _PageSet) -> RevisionsResult:
    revisions: dict[str, RevisionInfo] = {}
    for title, page in page_set.pages.items():
        revision = page["revisions"][0]
        revisions[title] = RevisionInfo(
            title=title,
            page_id=int(page["pageid"]),
            revision_id=int(revision["revid"]),
            timestamp=str(revision.get("timestamp", "")),
            sha1=revision.get("sha1"),
        )
    return RevisionsResult(
        revisions=revisions,
        missing=tuple(page_set.missing),
        redirects=page_set.redirects,
        normalized=page_set.normalized,
        failed=page_set.failed,
    )


def _has_revision(page: dict[str, Any]) -> bool:
    revisions = page.get("revisions")
    return "pageid" in page and isinstance(revisions, list) and bool(revisions)


def _has_content(page: dict[str, Any]) -> bool:
    if not _has_revision(page):
        return False
    main = page["revisions"][0].get("slots", {}).get("main", {})
    return isinstance(main, dict) and isinstance(main.get("content"), str)


def _has_imageinfo(page: dict[str, Any]) -> bool:
    return isinstance(page.get("imageinfo"), list) and bool(page["imageinfo"])


def _dicts(value: Any) -> Iterable[dict[str, Any]]:
    if isinstance(value, list):
        yield from (item for item in value if isinstance(item, dict))


def _api_error_code(response: httpx.Response) -> str | None:
    try:
        data = response.json()
    except ValueError:
        return None
    found = data.get("error") if isinstance(data, dict) else None
    return str(found.get("code")) if isinstance(found, dict) else None


def retry_after_seconds(value: str | None) -> float | None:
    """Retry-After in seconds: a number, or an HTTP date (seconds from now)."""
    if value is None or not value.strip():
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, float(when.timestamp()) - time.time())


def _category_title(category: str) -> str:
    name = category.strip().replace("_", " ")
    prefix, colon, rest = name.partition(":")
    if colon and prefix.strip().lower() == "category":
        name = rest.strip()
    return "Category:" + name[:1].upper() + name[1:]


def _file_title(name: str) -> str:
    prefix, colon, rest = name.strip().partition(":")
    if colon and prefix.strip().lower() in ("file", "image"):
        return "File:" + rest.strip()
    return "File:" + name.strip()


def _site_of(api_url: str) -> str:
    parts = urlsplit(api_url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else api_url

"""An in-memory MediaWiki API for httpx.MockTransport: pages, recent changes, injected faults.

It answers what a follow run asks (list=recentchanges with continuation, prop=revisions with
or without content, prop=categories, list=categorymembers, prop=imageinfo) the way MediaWiki
1.39 does with formatversion=2, and counts every request by kind.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs

import httpx

API = "https://fake.example.org/w/api.php"


@dataclass
class Page:
    page_id: int
    revision_id: int
    timestamp: str
    text: str
    categories: tuple[str, ...] = ()


@dataclass
class FakeWiki:
    pages: dict[str, Page] = field(default_factory=dict)
    changes: list[dict[str, Any]] = field(default_factory=list)
    faults: list[httpx.Response | Exception] = field(default_factory=list)
    asked: Counter[str] = field(default_factory=Counter)
    page_size: int = 2  # recent changes per response, to exercise continuation
    _rcid: int = 100
    _revid: int = 1000
    _clock: int = 0

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle)

    def now(self) -> str:
        self._clock += 1
        return f"2024-05-01T12:{self._clock // 60:02d}:{self._clock % 60:02d}Z"

    # ------------------------------------------------------------ changing the wiki

    def put(self, title: str, text: str, *categories: str, log: bool = True) -> int:
        """Create or edit a page; returns its new revision id."""
        self._revid += 1
        when = self.now()
        known = self.pages.get(title)
        kind = "edit" if known else "new"
        page_id = known.page_id if known else len(self.pages) + 1
        cats = tuple(f"Category:{c}" for c in categories)
        self.pages[title] = Page(page_id, self._revid, when, text, cats)
        if log:
            self._change(kind, title, when, revid=self._revid)
        return self._revid

    def delete(self, title: str) -> None:
        del self.pages[title]
        self._change("log", title, self.now(), logtype="delete", logaction="delete")

    def move(self, old: str, new: str) -> None:
        page = self.pages.pop(old)
        self.pages[new] = page
        self._change(
            "log",
            old,
            self.now(),
            logtype="move",
            logaction="move",
            logparams={"target_ns": 0, "target_title": new},
        )

    def _change(self, kind: str, title: str, when: str, ns: int = 0, **extra: Any) -> None:
        self._rcid += 1
        self.changes.append(
            {"type": kind, "ns": ns, "title": title, "rcid": self._rcid, "timestamp": when, **extra}
        )

    # ------------------------------------------------------------ answering

    def handle(self, request: httpx.Request) -> httpx.Response:
        params = {k: v[0] for k, v in parse_qs(request.url.query.decode()).items()}
        if request.method == "POST":
            params.update({k: v[0] for k, v in parse_qs(request.content.decode()).items()})
        kind = params.get("list") or params.get("prop") or "other"
        if "content" in params.get("rvprop", ""):
            kind = "content"
        self.asked[kind] += 1
        if self.faults:
            fault = self.faults.pop(0)
            if isinstance(fault, Exception):
                raise fault
            return fault
        if params.get("list") == "recentchanges":
            return _json(self._recent(params))
        if params.get("list") == "categorymembers":
            return _json(self._members(params))
        return _json(self._query_pages(params))

    def _recent(self, params: dict[str, str]) -> dict[str, Any]:
        start = params.get("rcstart", "")
        rows = [c for c in self.changes if c["timestamp"] >= start]
        rows.sort(key=lambda c: (c["timestamp"], c["rcid"]))
        if "rccontinue" in params:
            when, rcid = params["rccontinue"].split("|")
            rows = [c for c in rows if (c["timestamp"], c["rcid"]) >= (when, int(rcid))]
        page, rest = rows[: self.page_size], rows[self.page_size :]
        data: dict[str, Any] = {"query": {"recentchanges": page}}
        if rest:
            data["continue"] = {
                "rccontinue": f"{rest[0]['timestamp']}|{rest[0]['rcid']}",
                "continue": "-||",
            }
        return data

    def _members(self, params: dict[str, str]) -> dict[str, Any]:
        category = params["cmtitle"]
        members = [
            {"ns": 0, "title": t} for t, p in sorted(self.pages.items()) if category in p.categories
        ]
        if "subcat" in params.get("cmtype", "") and "page" not in params.get("cmtype", ""):
            members = []
        return {"query": {"categorymembers": members}}

    def _query_pages(self, params: dict[str, str]) -> dict[str, Any]:
        pages = []
        for title in params.get("titles", "").split("|"):
            page = self.pages.get(title)
            if page is None:
                pages.append({"ns": 0, "title": title, "missing": True})
                continue
            entry: dict[str, Any] = {"pageid": page.page_id, "ns": 0, "title": title}
            if "revisions" in params.get("prop", ""):
                revision: dict[str, Any] = {
                    "revid": page.revision_id,
                    "timestamp": page.timestamp,
                    "sha1": f"{page.revision_id:040d}",
                }
                if "content" in params.get("rvprop", ""):
                    revision["slots"] = {"main": {"content": page.text}}
                entry["revisions"] = [revision]
            if "categories" in params.get("prop", ""):
                entry["categories"] = [{"ns": 14, "title": c} for c in page.categories]
            pages.append(entry)
        return {"batchcomplete": True, "query": {"pages": pages}}


def _json(data: dict[str, Any]) -> httpx.Response:
    return httpx.Response(
        200, content=json.dumps(data).encode(), headers={"Content-Type": "application/json"}
    )

"""What a long-running builder (`follow --build`) keeps in memory between two builds.

    memo = BuildMemo()
    site = gather(store, config, memo=memo)      # unchanged articles are not decoded again
    update_site(site, out_dir, memo=memo)        # nor digested, nor made into records again

Between two batches of `follow` almost every article is the same, yet a build from scratch
decodes each one from the store's JSON, digests each one for the page keys and turns each one
into its data records. The memo keeps, for the next build:

* each article as decoded, with the JSON text it came from: an article whose stored text is
  the same is not decoded again, and its `SiteArticle` is the very object of the last build;
* values computed from one object (the digest of an entry, its record in `data/articles.json`,
  its card), by the object's identity: the object is held with its value, so an unchanged
  entry costs a dictionary look-up;
* values computed from a text (a conflict's participations, from its stored JSON), by the
  text; inputs many values share (the store's Country data and redirects) are kept as one
  object while they stay equal (`same`), so comparing them is an identity check;
* the order of a list of keyed items gathered from many objects (every event of every
  article, by date: `ordered`): the last build's order, where only the items of the objects
  that changed are taken out and put in again.

Everything is keyed by exactly what the value is computed from (the stored text; the object
itself, alive, compared by identity; any other input compared by equality), so a build with
the memo gives the same site, keys and bytes as a build without it (tests/publish/
test_incremental.py builds successive batches in one process and compares each with a full
build; tests/publish/test_live.py checks `ordered` against `sorted`).
Only what the last build asked for is kept: `next_build` drops the rest.
"""

from __future__ import annotations

import bisect
import json
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from typing import Any, Protocol, TypeVar

from frontlines.model import Article
from frontlines.publish.data import SiteArticle
from frontlines.publish.records import article_from_dict

T = TypeVar("T")
V = TypeVar("V")


class ArticleText(Protocol):
    """A stored article with its JSON as text (`store.StoredArticleText`)."""

    @property
    def title(self) -> str: ...
    @property
    def theatre(self) -> str: ...
    @property
    def json(self) -> str: ...


Slot = tuple[Any, Hashable, Any]  # (what it was computed from, its other inputs, the value)


class BuildMemo:
    """Decoded articles and per-object values, kept from one build to the next.

    Values are held by kind, then by the object's id (or the key), so a look-up hashes an
    int or a string whose hash Python keeps, not a new tuple."""

    def __init__(self) -> None:
        self._articles: dict[tuple[str, str], tuple[str, Article]] = {}
        self._entries: dict[str, SiteArticle] = {}
        self._values: dict[str, dict[Hashable, Slot]] = {}
        self._last: dict[str, dict[Hashable, Slot]] = {}

    def next_build(self) -> None:
        """Start a build: values the last build did not ask for are dropped."""
        self._last, self._values = self._values, {}

    def articles(self, rows: Iterable[ArticleText]) -> Iterator[tuple[Any, Article]]:
        """Each row with its Article, decoded only when its text differs from last time."""
        seen: dict[tuple[str, str], tuple[str, Article]] = {}
        for row in rows:
            key = (row.theatre, row.title)
            known = self._articles.get(key)
            if known is None or known[0] != row.json:
                known = (row.json, article_from_dict(json.loads(row.json)))
            seen[key] = known
            yield row, known[1]
        self._articles = seen

    def entries(self, entries: tuple[SiteArticle, ...]) -> tuple[SiteArticle, ...]:
        """The entries, each equal one replaced by the object of the last build."""
        kept: list[SiteArticle] = []
        for entry in entries:
            known = self._entries.get(entry.slug)
            kept.append(known if known is not None and known == entry else entry)
        self._entries = {entry.slug: entry for entry in kept}
        return tuple(kept)

    def value(self, kind: str, obj: Any, make: Callable[[], T], inputs: Hashable = None) -> T:
        """`make()`, computed from `obj` (and `inputs`), kept while `obj` lives on."""
        known, slots = self._find(kind, id(obj))
        if known is not None and known[0] is obj and known[1] == inputs:
            slots[id(obj)] = known
            return known[2]  # type: ignore[no-any-return]
        made = make()
        slots[id(obj)] = (obj, inputs, made)
        return made

    def keyed(self, kind: str, key: Hashable, make: Callable[[], T], inputs: Hashable = None) -> T:
        """`make()`, computed from `key` (a text, say) and `inputs`, compared by equality."""
        known, slots = self._find(kind, key)
        if known is not None and known[0] == key and known[1] == inputs:
            slots[key] = known
            return known[2]  # type: ignore[no-any-return]
        made = make()
        slots[key] = (key, inputs, made)
        return made

    def same(self, kind: str, value: T) -> T:
        """`value`, or the equal value of the last build (so later comparisons are by identity)."""
        known, slots = self._find(kind, "same")
        if known is not None and known[2] == value:
            value = known[2]
        slots["same"] = (None, None, value)
        return value

    def ordered(self, kind: str, pieces: Iterable[tuple[Any, Sequence[tuple[Any, V]]]]) -> list[V]:
        """The values of every piece's (key, value) items, by key, as `sorted` orders them;
        keys must be unique. Each piece belongs to an object (`(obj, items)`); the last build's
        order is kept and only the items of pieces whose object or items list is not the one
        of last time are taken out and put in again (by bisection)."""
        current = {id(obj): (obj, items) for obj, items in pieces}
        known, slots = self._find(kind, "ordered")
        if known is None:
            merged = sorted((item for _, items in current.values() for item in items), key=_first)
            keys, values = [key for key, _ in merged], [value for _, value in merged]
        else:
            last, keys, values = known[2]
            keys, values = list(keys), list(values)  # the last build's stay as they were
            for ident, (obj, items) in last.items():
                if current.get(ident, (None, None))[1] is not items or current[ident][0] is not obj:
                    for key, _ in items:
                        at = bisect.bisect_left(keys, key)
                        del keys[at], values[at]
            for ident, (obj, items) in current.items():
                if last.get(ident, (None, None))[1] is not items or last[ident][0] is not obj:
                    for key, value in items:
                        at = bisect.bisect_left(keys, key)
                        keys.insert(at, key)
                        values.insert(at, value)
        slots["ordered"] = (None, None, (current, keys, values))
        return list(values)  # a copy: the next build changes these

    def _find(self, kind: str, key: Hashable) -> tuple[Slot | None, dict[Hashable, Slot]]:
        """The slot of `key` in this build or else the last one, and this build's slots."""
        slots = self._values.get(kind)
        if slots is None:
            slots = self._values[kind] = {}
        known = slots.get(key)
        if known is None:
            last = self._last.get(kind)
            known = None if last is None else last.get(key)
        return known, slots


def _first(item: tuple[Any, Any]) -> Any:
    return item[0]


def remembered(
    memo: BuildMemo | None, kind: str, obj: Any, make: Callable[[], T], inputs: Hashable = None
) -> T:
    """`memo.value(...)`, or just `make()` without a memo (a one-off build)."""
    return make() if memo is None else memo.value(kind, obj, make, inputs)


__all__ = ["BuildMemo", "remembered"]

"""Which theatre a page from a dump belongs to, and what reading it produced.

    Selector(theatres).owner(page)      title → category → content (conflicts = "all")
    Selector(theatres).may_select(peek)  whether a page read unparsed (a dump's bytes) can be
    select_pages(pages, selector, known, converter)  ──► Unchanged | Converted | ConvertFailed

`sync --dump` runs `select_pages` over the whole dump in one process; `scan` runs it on each
chunk of a multistream dump on a Dask worker and hands the outcomes to the same single writer
(pipeline.py). It never touches the store: `known` is the store's page states, read once before.

A page goes to the first theatre that lists its title, else to the first theatre one of whose
categories its own wikitext names (`[[Category:X]]`), else, when it holds a conflict-type
infobox, to the first theatre with `conflicts = "all"`. Each check starts with a quick text test
(`[[Category:` plus a theatre's category name; `MAY_HOLD_INFOBOX`), so the pages that cannot
qualify, nearly all of a dump, cost one regular-expression search; only pages that pass are
parsed, and only selected pages whose revision is not already stored are converted. `scan`
runs the same quick tests on each page of a multistream dump before it is parsed, read from
the stream's bytes (`may_select`), and parses only the pages that pass.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field

import mwparserfromhell

from frontlines.config import Theatre, normalise_category
from frontlines.errors import ConvertError
from frontlines.extract.infobox import (
    CONFLICT_INFOBOXES,
    MAY_HOLD_INFOBOX,
    find_conflict_infobox,
)
from frontlines.model import Article, RawPage
from frontlines.parse.guard import escape_unclosed
from frontlines.parse.wikitext import parse
from frontlines.sources.dump import PagePeek
from frontlines.store import PageState
from frontlines.text.namespaces import CATEGORY_NAMESPACES, category_of, may_have_category_links

__all__ = [
    "ConvertFailed",
    "Converted",
    "Outcome",
    "Selector",
    "Unchanged",
    "convert_safely",
    "has_conflict_infobox",
    "needs_conversion",
    "page_categories",
    "select_pages",
]

Converter = Callable[[RawPage, str], Article]


@dataclass(frozen=True, slots=True)
class Unchanged:
    """A selected page whose revision the store already holds for that theatre."""

    title: str
    theatre: str


@dataclass(frozen=True, slots=True)
class Converted:
    """A selected page, new or changed, and its conversion (not yet stored)."""

    page: RawPage
    article: Article
    theatre: str


@dataclass(frozen=True, slots=True)
class ConvertFailed:
    """A selected page that could not be converted, and why."""

    title: str
    theatre: str
    reason: str
    page: RawPage | None = None  # the revision that failed (its change record says so)


Outcome = Unchanged | Converted | ConvertFailed


def page_categories(text: str) -> list[str]:
    """The categories a page's wikitext puts it in, normalised.

    Every category namespace name the converter knows counts (`[[Category:X]]`,
    `[[Kategorie:X]]`, `[[Catégorie:X]]`...: one table, `text.namespaces`); runs of unclosed
    markup are read as text first (`parse.guard`), so a hostile page costs linear time.
    """
    if not may_have_category_links(text):
        return []
    found: list[str] = []
    for link in mwparserfromhell.parse(escape_unclosed(text)).ifilter_wikilinks(recursive=True):
        name = category_of(str(link.title))
        if name is not None:
            found.append(normalise_category(name))
    return found


def has_conflict_infobox(text: str) -> bool:
    """Whether the wikitext holds a conflict-type infobox (quick text test, then the parse)."""
    if not MAY_HOLD_INFOBOX.search(text):
        return False
    return find_conflict_infobox(parse(text)) is not None


# how XML text may spell the characters it escapes (a dump's wikitext, read unparsed)
_XML_SPELLINGS = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "(?:>|&gt;)",
    '"': '(?:"|&quot;)',
    "'": "(?:'|&apos;)",
}
_XML_ESCAPED = frozenset(_XML_SPELLINGS)


# MAY_HOLD_INFOBOX finds a name in XML text as in wikitext unless the name has such characters
_INFOBOX_NAMES_ESCAPED = any(_XML_ESCAPED & set(name) for name in CONFLICT_INFOBOXES)


def _xml_literal(text: str) -> str:
    """A pattern for `text` as it stands in XML text, escaped or not where XML allows both."""
    return "".join(_XML_SPELLINGS.get(char) or re.escape(char) for char in text)


def _category_pattern(
    names: Iterable[str], literal: Callable[[str], str] = re.escape
) -> re.Pattern[str] | None:
    """A quick test that finds every `[[Category:NAME` of `names` (and a few more); with
    `literal=_xml_literal`, in a dump's XML text."""
    words = [r"[\s_]+".join(literal(word) for word in name.split()) for name in sorted(set(names))]
    if not words:
        return None
    spaces = "|".join(sorted(map(literal, CATEGORY_NAMESPACES)))
    return re.compile(
        r"\[\[\s*(?:" + spaces + r")\s*:[\s_]*(?:" + "|".join(words) + ")",
        re.IGNORECASE | re.DOTALL,
    )


@dataclass(frozen=True)
class Selector:
    """The theatres of a project, indexed for picking a page's owner (picklable for workers)."""

    theatres: tuple[Theatre, ...]
    by_title: dict[str, Theatre] = field(init=False)
    by_category: dict[str, Theatre] = field(init=False)
    content: Theatre | None = field(init=False)
    category_test: re.Pattern[str] | None = field(init=False)
    category_xml_test: re.Pattern[str] | None = field(init=False)  # the same, on a dump's XML

    def __post_init__(self) -> None:
        by_title: dict[str, Theatre] = {}
        by_category: dict[str, Theatre] = {}
        for theatre in self.theatres:
            for title in theatre.titles:
                by_title.setdefault(title, theatre)
            for category in theatre.categories:
                by_category.setdefault(category, theatre)
        content = next((t for t in self.theatres if t.all_conflicts), None)
        object.__setattr__(self, "by_title", by_title)
        object.__setattr__(self, "by_category", by_category)
        object.__setattr__(self, "content", content)
        object.__setattr__(self, "category_test", _category_pattern(by_category))
        object.__setattr__(self, "category_xml_test", _category_pattern(by_category, _xml_literal))

    def may_select(self, page: PagePeek) -> bool:
        """Whether `owner` could pick this page, read unparsed (sources/dump.py: peek_pages):
        never False for a page it picks, so that a scan may leave the page unparsed when it
        is False."""
        if page.title in self.by_title:
            return True
        if self.category_xml_test is not None and self.category_xml_test.search(page.xml):
            return True
        if self.content is None:
            return False
        if _INFOBOX_NAMES_ESCAPED:  # MAY_HOLD_INFOBOX might not see them in XML text
            return True
        return MAY_HOLD_INFOBOX.search(page.xml) is not None

    def owner(self, page: RawPage) -> Theatre | None:
        """The theatre the page belongs to, or None (also when that theatre excludes it)."""
        owner = self.by_title.get(page.title) or self._by_category(page.text)
        if owner is None and self.content is not None and has_conflict_infobox(page.text):
            owner = self.content
        if owner is None or page.title in owner.exclude:
            return None
        return owner

    def _by_category(self, text: str) -> Theatre | None:
        if self.category_test is None or not self.category_test.search(text):
            return None
        for category in page_categories(text):
            if category in self.by_category:
                return self.by_category[category]
        return None


def needs_conversion(state: PageState | None, revision_id: int, theatre: Theatre) -> bool:
    """Whether a page must be (re)converted: new, another revision, removed or moved theatre."""
    return (
        state is None
        or state.revision_id != revision_id
        or state.status != "active"
        or state.theatre != theatre.name
    )


def convert_safely(converter: Converter, page: RawPage, kind: str) -> Article | str:
    """The page's Article, or the reason it could not be converted (never raises)."""
    try:
        return converter(page, kind)
    except ConvertError as error:  # a redirect, a page over the size or time limit (workers.py)
        return str(error)
    except RecursionError:
        return "markup nested too deeply to convert"
    except Exception as error:  # one page's bug must not stop the batch: it is reported
        return f"{type(error).__name__}: {error}"


def select_pages(
    pages: Iterable[RawPage],
    selector: Selector,
    known: Mapping[str, PageState],
    converter: Converter,
    *,
    kind: str = "dump",
    on_page: Callable[[], None] | None = None,
) -> Iterator[Outcome]:
    """One outcome per selected page: unchanged, converted, or failed to convert."""
    for page in pages:
        if on_page is not None:
            on_page()
        owner = selector.owner(page)
        if owner is None:
            continue
        if not needs_conversion(known.get(page.title), page.revision_id or -1, owner):
            yield Unchanged(page.title, owner.name)
            continue
        article = convert_safely(converter, page, kind)
        if isinstance(article, str):
            yield ConvertFailed(page.title, owner.name, article, page)
        else:
            yield Converted(page, article, owner.name)

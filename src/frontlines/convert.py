"""One page in, one Article out: parse, render, extract, assemble.

`convert_page` is the whole converter for one page; it never prints and never writes files.
Pages that cannot be converted raise ConvertError with the title and the reason; malformed
wikitext is not such a case (it becomes text plus Issues). `convert_job` is what a worker of
`frontlines convert` runs (batch.py reads, hands out and writes): this module imports only what
converting a page needs, since every worker process imports it.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import quote

from frontlines.errors import ConvertError
from frontlines.extract.events import extract_events
from frontlines.extract.infobox import extract_conflict
from frontlines.model import Article, Issue, RawPage, Source
from frontlines.parse.index import TreeIndex
from frontlines.parse.render import render_document
from frontlines.parse.wikitext import parse, restore_paragraphs
from frontlines.slugs import clean_for_slug, not_reserved
from frontlines.sources.surrogates import replace_lone_surrogates

_LOST = "\ufffd"
_LOST_RUN = re.compile(_LOST + "{2,}")
_DASH_BETWEEN_NUMBERS = re.compile(
    r"(?<=[0-9\s;])" + _LOST * 3 + r"(?!\ufffd)|(?<!\ufffd)" + _LOST * 3 + r"(?=[\s&0-9]|c\.)"
)
_WORD = re.compile(r"\w+")
_MAX_RESTORED = 1000  # distinct damaged words looked up per page: bounds hostile input
_BROKEN_WORD = re.compile(
    r"\w*\ufffd[\w\ufffd]*"
)  # U+FFFD is not \w: one word, lost letters inside
_DASH_BETWEEN_WORDS = re.compile(r"(?<=[^\W\d_])" + _LOST * 3 + r"(?=[^\W\d_])")
_UNSAFE_SLUG_CHARS = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|#%&{}$!`\'@+=^~\[\]]+')
_SLUG_SPACES = re.compile(r"\s+")
_MAX_SLUG_BYTES = 150


def slugify(title: str) -> str:
    """A file-name-safe slug in the original collection's style: lower case, `_` for spaces.

    Letters from any script, digits, parentheses and dashes stay ("battle_of_aleppo_(2012–2016)");
    path separators, dots at the start and every character a file system or URL treats specially
    go, so a slug can never name a path outside the folder it is written to. Invisible and
    control characters (U+202E ...) go and Windows device names get a `_` ("con_"), so the slug
    is a valid name on every common file system (`frontlines.slugs`).
    """
    text = clean_for_slug(unicodedata.normalize("NFC", title)).strip().lower()
    text = _UNSAFE_SLUG_CHARS.sub(" ", text)
    text = _SLUG_SPACES.sub("_", text.strip())
    text = text.strip("._-")
    while len(text.encode("utf-8")) > _MAX_SLUG_BYTES:
        text = text[:-1]
    return not_reserved(text.rstrip("._-") or "untitled")


def repair_lost_characters(text: str) -> tuple[str, int]:
    """Tidy runs of U+FFFD left where a copy of the text lost its non-ASCII bytes.

    Each lost character shows as one U+FFFD per UTF-8 byte. The bytes cannot be recovered, so:
    three between numbers or spaces were an en dash (`535–554`, `30 April – 1 May`), three between
    letters an apostrophe before a contraction or possessive or after an "O"-like initial
    (`king’s`, `O’Brien`), else an em dash (`forces—see`); any other run becomes one U+FFFD,
    the standard mark of a character that could not be read. Returns the text and how many
    runs were found.
    """
    if _LOST not in text:
        return text, 0
    runs = len(_LOST_RUN.findall(text))
    text = _DASH_BETWEEN_NUMBERS.sub("\u2013", text)
    text = _DASH_BETWEEN_WORDS.sub(_dash_or_apostrophe, text)
    return _restore_words(_LOST_RUN.sub(_LOST, text)), runs


# After a lost three-byte character between letters, what makes it an apostrophe, not a dash:
# a contraction or possessive ("king's", "don't") or a name like "O'Brien".
_APOSTROPHE_AFTER = re.compile(r"(?:s|t|d|m|ll|re|ve)\b|[A-Z]")


def _dash_or_apostrophe(match: re.Match[str]) -> str:
    text, end = match.string, match.end()
    after = _APOSTROPHE_AFTER.match(text, end)
    if after and (after.group(0)[0].islower() or _single_capital_before(text, match.start())):
        return "\u2019"
    return "\u2014"


def _single_capital_before(text: str, start: int) -> bool:
    """Whether the lost character follows a one-letter capital word ("O" of "O'Brien")."""
    return start >= 1 and text[start - 1].isupper() and (start < 2 or not text[start - 2].isalpha())


def _restore_words(text: str) -> str:
    """Words with a lost letter take the spelling the same page uses intact elsewhere.

    `[[Joseph G�bbels]]` in an infobox becomes "Joseph Goebbels" when the body writes
    "Goebbels" and no other word fits; a word with no single intact twin stays marked.
    """
    broken = sorted(set(_BROKEN_WORD.findall(text)))[:_MAX_RESTORED]  # a page has far fewer
    if not broken:
        return text
    by_start: dict[str, list[str]] = {}  # intact words by their first two letters, and last two
    by_end: dict[str, list[str]] = {}
    for candidate in set(_WORD.findall(text)):
        by_start.setdefault(candidate[:2], []).append(candidate)
        by_end.setdefault(candidate[-2:], []).append(candidate)
    fixes = {}
    for word in broken:
        parts = word.split(_LOST)
        if len(word) - word.count(_LOST) < 3:  # too little left to know the word by
            continue
        if len(parts[0]) >= 2:
            candidates = by_start.get(parts[0][:2], [])
        elif len(parts[-1]) >= 2:
            candidates = by_end.get(parts[-1][-2:], [])
        else:
            continue
        pattern = re.compile(r"\w{1,2}".join(re.escape(part) for part in parts))
        found = {candidate for candidate in candidates if pattern.fullmatch(candidate)}
        if len(found) == 1:
            fixes[word] = found.pop()
    if not fixes:
        return text
    return _BROKEN_WORD.sub(lambda match: fixes.get(match.group(0), match.group(0)), text)


def page_url(site: str, title: str, revision_id: int | None = None) -> str:
    """The page's URL on its wiki, pinned to the revision when it is known."""
    name = quote(title.replace(" ", "_"), safe="()_,-.~:!*'")
    base = site.rstrip("/")
    if revision_id is not None:
        return f"{base}/w/index.php?title={name}&oldid={revision_id}"
    return f"{base}/wiki/{name}"


def source_of(page: RawPage, kind: str) -> Source:
    return Source(
        kind=kind,
        url=page_url(page.site, page.title, page.revision_id),
        site=page.site,
        page_id=page.page_id,
        revision_id=page.revision_id,
        timestamp=page.timestamp,
    )


def convert_page(
    page: RawPage, *, links: bool = False, slug: str | None = None, kind: str = "wikitext"
) -> Article:
    """Convert one page of wikitext into an Article (Markdown body, references, conflict record)."""
    if page.redirect is not None:
        raise ConvertError(f"'{page.title}' is a redirect to '{page.redirect}'; convert the target")
    page, repairs, replaced = _without_surrogates(page)
    if not page.text.strip():
        repairs += (Issue(kind="empty_page", message="the page has no text: the article is empty"),)
    text, lost = repair_lost_characters(page.text)
    # single marks count too (the source is damaged all the same), but not those put in for
    # lone surrogates just above: that issue says so already
    lost = lost or max(0, text.count(_LOST) - replaced)
    if lost:
        repairs += (
            Issue(
                kind="lost_characters",
                message=f"The source is damaged: {lost} run(s) of characters were lost before "
                "it reached us (U+FFFD); dashes restored, other characters marked with one U+FFFD",
                detail=str(lost),
            ),
        )
    restored = restore_paragraphs(text)
    if restored is not None:
        text = restored
        repairs += (
            Issue(
                kind="paragraphs_restored",
                message="The source had no blank lines: paragraph breaks restored between "
                "lines of prose",
            ),
        )
    try:
        code = parse(text)
        index = TreeIndex(code)  # the one walk render and extract share, made when first needed
        doc = render_document(code, title=page.title, site=page.site, links=links, index=index)
        conflict, conflict_issues = extract_conflict(
            code, title=page.title, text=text, ref_ids=doc.infobox_refs, index=index
        )
    except RecursionError as error:  # a last guard: the renderer limits depth itself
        raise ConvertError(f"'{page.title}': markup nested too deeply to convert") from error
    events, event_issues = extract_events(
        doc.marked_markdown or doc.markdown,
        sections=doc.sections,
        conflict=conflict,
        revision=page.revision_id,
    )
    return Article(
        title=page.title,
        slug=slug or slugify(page.title),
        source=source_of(page, kind),
        short_description=doc.short_description,
        description=doc.description,
        lead_image=doc.lead_image,
        categories=doc.categories,
        sections=doc.sections,
        references=doc.references,
        images=doc.images,
        issues=repairs + doc.issues + conflict_issues + event_issues,
        conflict=conflict,
        markdown=doc.markdown,
        bibliography=doc.bibliography,
        events=events,
    )


# --- what a worker runs for `frontlines convert` (frontlines.batch) -----------------------


@dataclass(frozen=True, slots=True)
class PageJob:
    """One page for a worker to convert, under the slug the batch gave it."""

    page: RawPage
    slug: str
    links: bool


def convert_job(job: PageJob) -> Article:
    """What a worker process does with one page (frontlines.workers): here, so that a worker
    imports the converter alone, not the readers and writers of the batch."""
    kind = "dump" if job.page.revision_id is not None else "wikitext"
    return convert_page(job.page, links=job.links, slug=job.slug, kind=kind)


def _without_surrogates(page: RawPage) -> tuple[RawPage, tuple[Issue, ...], int]:
    """The page with lone surrogates (which JSON can carry, UTF-8 cannot) as U+FFFD, its issue,
    and how many U+FFFD that put in its text."""
    title, in_title = replace_lone_surrogates(page.title)
    text, in_text = replace_lone_surrogates(page.text)
    if not in_title and not in_text:
        return page, (), 0
    issue = Issue(
        kind="lone_surrogates",
        message=f"{in_title + in_text} lone UTF-16 surrogate(s) in the source, which no UTF-8 "
        "text can hold: each replaced by U+FFFD",
        detail=str(in_title + in_text),
    )
    return dataclasses.replace(page, title=title, text=text), (issue,), in_text

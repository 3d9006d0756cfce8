"""One page in, one Article out: parse, render, extract, assemble; and a batch of them to files.

`convert_page` is the whole converter for one page; it never prints and never writes files.
Pages that cannot be converted raise ConvertError with the title and the reason; malformed
wikitext is not such a case (it becomes text plus Issues). `convert_batch` is the library
behind `frontlines convert`: every page of some files, dumps or folders into OUT/<slug>.md and
OUT/<slug>.json, each page's failure recorded and the batch going on; it never prints.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from frontlines.config import ConvertConfig
from frontlines.errors import ConvertError, FrontlinesError, UsageError
from frontlines.extract.events import extract_events
from frontlines.extract.infobox import extract_conflict
from frontlines.markdown_entry import publication_date, to_json, to_markdown
from frontlines.model import Article, Issue, RawPage, Source
from frontlines.parse.index import TreeIndex
from frontlines.parse.render import render_document
from frontlines.parse.wikitext import parse, restore_paragraphs
from frontlines.slugs import clean_for_slug, not_reserved
from frontlines.sources.files import InputFailure, iter_inputs
from frontlines.sources.surrogates import replace_lone_surrogates
from frontlines.workers import WorkFailed, page_pool, page_too_large

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


# --- a batch of pages to files (`frontlines convert`) ---------------------------------------


@dataclass
class ConvertRun:
    """What one batch did: written slugs, failures and skips (title, reason), warnings."""

    out: Path
    written: dict[str, str] = field(default_factory=dict)  # slug → title
    converted: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)  # (title, one-line message)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # redirects given as input
    warnings: list[str] = field(default_factory=list)
    dated_now: int = 0  # articles without a revision time, dated `now`
    now: str = ""  # the time of conversion (ISO 8601 UTC), pubDate of those articles

    def claim_slug(self, title: str) -> str:
        """A slug no other article of this run has; a collision gets a suffix and a warning."""
        base = slugify(title)
        slug, n = base, 2
        while slug in self.written:
            slug, n = f"{base}-{n}", n + 1
        if slug != base:
            self.warnings.append(
                f"'{title}' and '{self.written[base]}' share the slug '{base}'; "
                f"wrote '{title}' as '{slug}'"
            )
        self.written[slug] = title
        return slug

    def path_for(self, slug: str, suffix: str) -> Path:
        path = (self.out / f"{slug}{suffix}").resolve()
        if path.parent != self.out.resolve():  # slugify never allows this; belt and braces
            raise FrontlinesError(f"refusing to write outside {self.out}: {path}")
        return path


@dataclass(frozen=True, slots=True)
class _Job:
    page: RawPage
    slug: str
    links: bool


def _convert_job(job: _Job) -> Article:
    """What a worker process does with one page (frontlines.workers)."""
    kind = "dump" if job.page.revision_id is not None else "wikitext"
    return convert_page(job.page, links=job.links, slug=job.slug, kind=kind)


def _jobs(
    run: ConvertRun, items: Iterable[RawPage | InputFailure], links: bool, max_bytes: int
) -> Iterator[_Job]:
    """The pages to convert, each with its slug; unreadable, redirect and too large ones here."""
    for item in items:
        if isinstance(item, InputFailure):  # the reason names the file, once
            run.failures.append((item.title, item.reason))
            continue
        if item.redirect is not None:
            run.skipped.append((item.title, f"'{item.title}' is a redirect to '{item.redirect}'"))
            continue
        refused = page_too_large(item, max_bytes)
        if refused:
            run.failures.append((item.title, f"'{item.title}' {refused}"))
            continue
        yield _Job(item, run.claim_slug(item.title), links)


def _write_one(run: ConvertRun, article: Article, *, date: str | None) -> None:
    if any(issue.kind == "empty_page" for issue in article.issues):
        run.warnings.append(
            f"'{article.title}' has no text: wrote an empty article (issue empty_page)"
        )
    markdown = to_markdown(article, pub_date=publication_date(article, date or run.now))
    run.path_for(article.slug, ".md").write_text(markdown, encoding="utf-8")
    run.path_for(article.slug, ".json").write_text(to_json(article), encoding="utf-8")
    run.converted += 1
    if not (article.source.timestamp or date):
        run.dated_now += 1


def convert_batch(
    paths: Sequence[Path],
    out: Path,
    *,
    title: str | None = None,
    links: bool = False,
    date: str | None = None,
    settings: ConvertConfig | None = None,
    on_page: Callable[[str], None] | None = None,
) -> ConvertRun:
    """Convert every page of `paths` into OUT/<slug>.md and .json; one bad page never stops it.

    Pages are converted in supervised worker processes (`frontlines.workers`) within the
    `[convert]` limits of `settings` (size, time per page): a page over them fails, the batch
    goes on. A page without a revision time gets `date` as its pubDate, else the time of
    conversion: the entry's first publication, the rule `sync` follows for a page's first
    import (`--date` or SOURCE_DATE_EPOCH give reproducible output). A redirect given as input
    is skipped, not failed. Raises only what stops the whole batch (a path that does not exist,
    an output folder that cannot be made).
    """
    settings = settings or ConvertConfig()
    missing = [str(path) for path in paths if not path.exists()]
    if missing:
        raise UsageError(f"no such file or folder: {', '.join(missing)}")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise FrontlinesError(f"cannot create {out}: {error.strerror or error}") from error
    run = ConvertRun(out=out, now=dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"))
    jobs = _jobs(run, iter_inputs(paths, title=title), links, settings.max_page_bytes)
    with page_pool(_convert_job, settings) as pool:
        for job, outcome in pool.map(jobs):
            if on_page is not None:
                on_page(job.page.title)
            try:
                if isinstance(outcome, WorkFailed):
                    raise outcome
                _write_one(run, outcome, date=date)
            except FrontlinesError as error:
                run.failures.append((job.page.title, _naming(job.page.title, error)))
    return run


def _naming(title: str, error: FrontlinesError) -> str:
    """The message, starting with the article's title unless it names it already."""
    message = str(error)
    if title in message:
        return message
    if isinstance(error, WorkFailed) and message[:1].islower():  # "took longer than 30 s"
        return f"'{title}' {message}"
    return f"'{title}': {message}"


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

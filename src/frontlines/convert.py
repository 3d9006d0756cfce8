"""One page in, one Article out: parse, render, extract, assemble; and a batch of them to files.

`convert_page` is the whole converter for one page; it never prints and never writes files.
Pages that cannot be converted raise ConvertError with the title and the reason; malformed
wikitext is not such a case (it becomes text plus Issues). `convert_batch` is the library
behind `frontlines convert`: every page of some files, dumps or folders into OUT/<slug>.md and
OUT/<slug>.json, each page's failure recorded and the batch going on; it never prints.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from frontlines.errors import ConvertError, FrontlinesError, UsageError
from frontlines.extract.infobox import extract_conflict
from frontlines.markdown_entry import publication_date, to_json, to_markdown
from frontlines.model import Article, Issue, RawPage, Source
from frontlines.parse.render import render_document
from frontlines.parse.wikitext import parse, restore_paragraphs
from frontlines.sources.files import InputFailure, iter_inputs

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
    go, so a slug can never name a path outside the folder it is written to.
    """
    text = unicodedata.normalize("NFC", title).strip().lower()
    text = _UNSAFE_SLUG_CHARS.sub(" ", text)
    text = _SLUG_SPACES.sub("_", text.strip())
    text = text.strip("._-")
    while len(text.encode("utf-8")) > _MAX_SLUG_BYTES:
        text = text[:-1]
    return text.rstrip("._-") or "untitled"


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
    text, lost = repair_lost_characters(page.text)
    repairs: tuple[Issue, ...] = ()
    if lost:
        repairs = (
            Issue(
                kind="lost_characters",
                message=f"{lost} run(s) of U+FFFD in the source: dashes restored, "
                "other characters marked with one U+FFFD",
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
        doc = render_document(code, title=page.title, site=page.site, links=links)
        conflict, conflict_issues = extract_conflict(
            code, title=page.title, text=text, ref_ids=doc.infobox_refs
        )
    except RecursionError as error:  # a last guard: the renderer limits depth itself
        raise ConvertError(f"'{page.title}': markup nested too deeply to convert") from error
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
        issues=repairs + doc.issues + conflict_issues,
        conflict=conflict,
        markdown=doc.markdown,
        bibliography=doc.bibliography,
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


def convert_batch(
    paths: Sequence[Path],
    out: Path,
    *,
    title: str | None = None,
    links: bool = False,
    date: str | None = None,
    on_page: Callable[[str], None] | None = None,
) -> ConvertRun:
    """Convert every page of `paths` into OUT/<slug>.md and .json; one bad page never stops it.

    A page without a revision time gets `date` as its pubDate, else the time of conversion:
    the entry's first publication, the rule `sync` follows for a page's first import (`--date`
    or SOURCE_DATE_EPOCH give reproducible output). A redirect given as input is skipped, not
    failed. Raises only what stops the whole batch (a path that does not exist, an output
    folder that cannot be made).
    """
    missing = [str(path) for path in paths if not path.exists()]
    if missing:
        raise UsageError(f"no such file or folder: {', '.join(missing)}")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise FrontlinesError(f"cannot create {out}: {error.strerror or error}") from error
    run = ConvertRun(out=out, now=dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"))
    for item in iter_inputs(paths, title=title):
        if isinstance(item, InputFailure):  # the reason names the file, once
            run.failures.append((item.title, item.reason))
            continue
        if on_page is not None:
            on_page(item.title)
        if item.redirect is not None:
            run.skipped.append((item.title, f"'{item.title}' is a redirect to '{item.redirect}'"))
            continue
        try:
            slug = run.claim_slug(item.title)
            kind = "dump" if item.revision_id is not None else "wikitext"
            article = convert_page(item, links=links, slug=slug, kind=kind)
            pub_date = publication_date(article, date or run.now)
            markdown = to_markdown(article, pub_date=pub_date)
            run.path_for(slug, ".md").write_text(markdown, encoding="utf-8")
            run.path_for(slug, ".json").write_text(to_json(article), encoding="utf-8")
            run.converted += 1
            if not (article.source.timestamp or date):
                run.dated_now += 1
        except FrontlinesError as error:
            run.failures.append((item.title, _naming(item.title, str(error))))
    return run


def _naming(title: str, message: str) -> str:
    """The message, starting with the article's title unless it names it already."""
    return message if title in message else f"'{title}': {message}"

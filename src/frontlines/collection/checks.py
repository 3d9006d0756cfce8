"""Diagnose an existing Markdown collection: the checks behind `frontlines doctor`.

`diagnose(collection)` returns a `Diagnosis` of `Problem`s, one per occurrence, each of one kind:

    schema           front matter against the original site's schema and ours
    mojibake         UTF-8 text that was decoded with a legacy code page (ftfy)
    object_object    the literal "[object Object]" the original importer wrote for lists
    artefact         "undefined" / "NaN" where the original importer lost a value
    junk_tag         tags that are not tags: multi-line blocks, image file names, flag emoji,
                     a leading "the "
    missing_image    a local image path (`img: /File...`) that is not in public/
    hotlinked_image  `Special:Redirect/file/...?` URLs instead of Special:FilePath
    empty_section    a heading with nothing under it
    leaked_markup    wiki markup in the text: {{ [[ ''' <ref {| |- |}
    sidecar          an image-licence sidecar without a licence or without an image
    duplicate_slug   two entries with the same slug or the same title

Repairs are in `repairs.py`. Nothing here writes or prints. With `jobs` > 1 the entries are
checked (and repaired) in that many worker processes (`each_entry`: each worker gets the
collection without its entries, once, and then one entry at a time, longest first within a
window); the problems come back in entry order, so the diagnosis is the same for any `jobs`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from collections.abc import Collection as CollectionOf
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypeVar

import ftfy
import ftfy.bad_codecs  # noqa: F401  (registers "sloppy-windows-1252")
from ftfy.badness import badness, is_bad

from frontlines.collection.reading import Collection, CollectionEntry
from frontlines.collection.tags import tag_faults
from frontlines.leaks import COLLECTION_LEAKS
from frontlines.workers import WorkerPool, WorkFailed

KINDS = (
    "schema",
    "mojibake",
    "object_object",
    "artefact",
    "junk_tag",
    "missing_image",
    "hotlinked_image",
    "empty_section",
    "leaked_markup",
    "sidecar",
    "duplicate_slug",
)
STRING_KEYS = ("subject", "title", "img", "shortDescription", "author")  # optional strings
OUR_KEYS = ("date", "place", "conflict", "source", "refetch", "belligerents")
OBJECT_OBJECT = "[object Object]"
EXAMPLES = 5
LOOKAHEAD_PER_WORKER = 8  # entries sent ahead of the one whose result is next, per worker

R = TypeVar("R")

ARTEFACT = re.compile(r"\b(?:undefined|NaN)\b")
HOTLINK = re.compile(
    r"https?://(?:[a-z-]+\.)*wiki[mp]edia\.org/wiki/Special:Redirect/file/([^\s?\"<>]+)"
    r"\?([^\s)\"'<>]*)"
)
LOCAL_BODY_IMAGE = re.compile(r"!\[[^\]\n]*\]\((/[^)\s]+)\)")
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
FENCE = re.compile(r"^\s*(?:```|~~~)")


@dataclass(frozen=True, slots=True)
class Problem:
    """One occurrence of one kind of problem, where it is and what it is."""

    kind: str
    file: str  # relative to the content folder; sidecars as "public/<name>.yaml"
    line: int | None
    detail: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.detail}"


@dataclass(frozen=True, slots=True)
class KindSummary:
    files: tuple[str, ...]  # sorted, each once
    count: int
    examples: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Diagnosis:
    """What `diagnose` found in a collection."""

    entries: int
    sidecars: int
    problems: tuple[Problem, ...]

    @property
    def files(self) -> int:
        return self.entries + self.sidecars

    @property
    def problem_files(self) -> frozenset[str]:
        return frozenset(problem.file for problem in self.problems)

    def by_kind(self, examples: int = EXAMPLES) -> dict[str, KindSummary]:
        """Problems grouped by kind, in the order of KINDS, only the kinds found."""
        grouped: dict[str, list[Problem]] = defaultdict(list)
        for problem in self.problems:
            grouped[problem.kind].append(problem)
        return {
            kind: KindSummary(
                files=tuple(sorted({p.file for p in grouped[kind]})),
                count=len(grouped[kind]),
                examples=_examples(grouped[kind], examples),
            )
            for kind in KINDS
            if grouped[kind]
        }

    def to_data(self, examples: int = EXAMPLES) -> dict[str, Any]:
        """The `--json` shape: {"files": N, "problems": {KIND: {"files", "count", "examples"}}}."""
        return {
            "files": self.files,
            "problems": {
                kind: {"files": len(k.files), "count": k.count, "examples": list(k.examples)}
                for kind, k in self.by_kind(examples).items()
            },
        }


def _examples(problems: Sequence[Problem], limit: int) -> tuple[str, ...]:
    """Up to `limit` problems, the first of each file before a second from any file."""
    firsts: dict[str, Problem] = {}
    for problem in problems:
        firsts.setdefault(problem.file, problem)
    chosen = list(firsts.values())[:limit]
    chosen += [p for p in problems if p not in chosen][: limit - len(chosen)]
    return tuple(str(p) for p in chosen)


# --- diagnosis ------------------------------------------------------------------------------


def diagnose(
    collection: Collection, kinds: CollectionOf[str] = KINDS, *, jobs: int = 1
) -> Diagnosis:
    """Check every entry (and, for a whole collection, sidecars and slugs)."""
    problems: list[Problem] = []
    for found in each_entry(_EntryChecks(collection.replace_entries(())), collection, jobs):
        problems.extend(found)
    if collection.whole:
        problems.extend(check_sidecars(collection))
        problems.extend(check_duplicates(collection.entries))
    wanted = tuple(p for p in problems if p.kind in kinds)
    sidecars = len(collection.sidecars) if collection.whole else 0
    return Diagnosis(len(collection.entries), sidecars, wanted)


@dataclass(frozen=True, slots=True)
class _EntryChecks:
    """check_entry as the work of a worker: `around` is the collection without its entries."""

    around: Collection

    def __call__(self, entry: CollectionEntry) -> list[Problem]:
        return check_entry(entry, self.around)


def each_entry(
    work: Callable[[CollectionEntry], R], collection: Collection, jobs: int = 1
) -> Iterator[R]:
    """`work` of each entry, in entry order: here when `jobs` is 1, else in `jobs` workers."""
    if jobs <= 1 or len(collection.entries) < 2:
        yield from map(work, collection.entries)
        return
    with WorkerPool(work, time_limit=None, size=jobs) as pool:
        outcomes = pool.map(
            collection.entries, cost=_entry_length, lookahead=LOOKAHEAD_PER_WORKER * jobs
        )
        for entry, outcome in outcomes:
            if isinstance(outcome, WorkFailed):  # a bug in a check: the same as without workers
                raise RuntimeError(f"checking {entry.name} failed: {outcome}")
            yield outcome


def _entry_length(entry: CollectionEntry) -> int:
    return len(entry.text)


def check_entry(entry: CollectionEntry, collection: Collection) -> list[Problem]:
    problems = check_schema(entry)
    problems += check_mojibake(entry)
    problems += _scan_lines(entry, "object_object", re.compile(re.escape(OBJECT_OBJECT)))
    problems += _scan_lines(entry, "artefact", ARTEFACT)
    problems += check_tags(entry)
    problems += check_images(entry, collection)
    problems += _scan_lines(entry, "hotlinked_image", HOTLINK, "hot-linked Special:Redirect URL")
    problems += check_sections(entry)
    for leak in COLLECTION_LEAKS:
        problems += _scan_lines(entry, "leaked_markup", leak.pattern, f"wiki markup {leak.name}")
    return problems


def _scan_lines(
    entry: CollectionEntry, kind: str, pattern: re.Pattern[str], label: str | None = None
) -> list[Problem]:
    """One problem per match, with the line number and a little context."""
    found = []
    for number, line in enumerate(entry.text.splitlines(), start=1):
        for match in pattern.finditer(line):
            context = _excerpt(line, match.start(), match.end())
            detail = f"{label}: {context}" if label else context
            found.append(Problem(kind, entry.name, number, detail))
    return found


def _excerpt(line: str, start: int, end: int, around: int = 30) -> str:
    left = "…" if start > around else ""
    right = "…" if end + around < len(line) else ""
    return f"{left}{line[max(0, start - around) : end + around].strip()}{right}"


def _key_line(entry: CollectionEntry, key: str) -> int | None:
    for number, line in enumerate(entry.front_text.splitlines(), start=2):
        if line.startswith(f"{key}:"):
            return number
    return None


def check_schema(entry: CollectionEntry) -> list[Problem]:
    """The original content schema (description and pubDate required) plus our own keys."""
    if entry.front_error:
        return [Problem("schema", entry.name, 1, entry.front_error)]
    front = entry.front
    complaints = [(k, c) for k in ("description", "pubDate") if k not in front for c in ["missing"]]
    complaints += [(k, c) for k, c in _value_complaints(front)]
    return [
        Problem("schema", entry.name, _key_line(entry, key), f"{key}: {complaint}")
        for key, complaint in complaints
    ]


def _value_complaints(front: Mapping[str, Any]) -> Iterable[tuple[str, str]]:
    if "description" in front and not isinstance(front["description"], str):
        yield "description", "must be a string"
    if "pubDate" in front and not _is_date(front["pubDate"]):
        yield "pubDate", f"not a date: {front['pubDate']!r}"
    for key in STRING_KEYS:
        if key in front and not isinstance(front[key], str):
            yield key, "must be a string"
    if "updatedDate" in front and not isinstance(front["updatedDate"], str):
        yield "updatedDate", "must be a quoted string (the original schema reads it as text)"
    if "tags" in front and not are_strings(front["tags"]):
        yield "tags", "must be a list of strings"
    for key in ("date", "place"):
        if key in front and not (isinstance(front[key], str) or are_strings(front[key])):
            yield key, "must be a string or a list of strings"
    if "conflict" in front and not isinstance(front["conflict"], str | dict):
        yield "conflict", "must be a string or a mapping (the conflict record Front Lines writes)"
    if "source" in front and not isinstance(front["source"], str | dict):
        yield "source", "must be a URL or a mapping"
    if "refetch" in front and not are_strings(front["refetch"]):
        yield "refetch", "must be a list of section names"
    if "belligerents" in front and not (
        isinstance(front["belligerents"], list)
        and all(are_strings(s) for s in front["belligerents"])
    ):
        yield "belligerents", "must be a list of lists of names"


def are_strings(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def _is_date(value: Any) -> bool:
    if isinstance(value, date | datetime):
        return True
    if not isinstance(value, str):
        return False
    try:
        datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def repair_mojibake(text: str) -> str:
    """Text with UTF-8-read-as-a-code-page undone, or the text itself when there is none.

    First the exact inverse for the whole file (Mac Roman, then Windows-1252): encode back to the
    bytes the text was misread from and decode them as UTF-8. That restores every character, and
    leaves newlines and layout alone. When the file mixes good and bad text, ftfy repairs it
    line by line instead.
    """
    if text.isascii() or not _looks_mojibaked(text):
        return text
    for codec in ("mac_roman", "sloppy-windows-1252"):
        try:
            candidate = text.encode(codec).decode("utf-8")
        except UnicodeError:
            continue
        if candidate != text and badness(candidate) < badness(text):
            return candidate
    lines = []
    for line in text.splitlines(keepends=True):
        content = line.rstrip("\r\n")
        lines.append(ftfy.fix_encoding(content) + line[len(content) :])
    return "".join(lines)


def _looks_mojibaked(text: str) -> bool:
    return bool(is_bad(text)) or ftfy.fix_encoding(text) != text


def check_mojibake(entry: CollectionEntry) -> list[Problem]:
    text = entry.text
    repaired = repair_mojibake(text)
    found = []
    if repaired != text:
        pairs = zip(text.splitlines(), repaired.splitlines(), strict=False)
        for number, (old, new) in enumerate(pairs, start=1):
            if old != new:
                detail = f"{_shorten(old)} → {_shorten(new)}"
                found.append(Problem("mojibake", entry.name, number, detail))
    elif not text.isascii() and is_bad(text):
        for number, line in enumerate(text.splitlines(), start=1):
            if is_bad(line):
                detail = f"looks garbled, no exact repair: {_shorten(line)}"
                found.append(Problem("mojibake", entry.name, number, detail))
    return found


def _shorten(text: str, limit: int = 60) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- tags -----------------------------------------------------------------------------------


def check_tags(entry: CollectionEntry) -> list[Problem]:
    tags = entry.front.get("tags")
    if not isinstance(tags, list):
        return []
    line = _key_line(entry, "tags")
    found = []
    for tag in tags:
        if isinstance(tag, str) and (faults := tag_faults(tag)):
            detail = f"{', '.join(faults)}: {_shorten(tag.replace(chr(10), ' ⏎ '))}"
            found.append(Problem("junk_tag", entry.name, line, detail))
    return found


# --- images, sections, sidecars, duplicates -------------------------------------------------


def local_image_faults(target: str, collection: Collection) -> str | None:
    """Why a local image path (`/FileX.png`) does not resolve, or None when it does."""
    name = target.lstrip("/")
    if name in collection.images:
        return None
    if collection.public is None:
        return f"{target} is a local path and no public/ folder was found next to the collection"
    sidecar = collection.sidecars.get(name)
    if sidecar is not None and sidecar.file:
        return f"{target} is not in public/ (a truncated name; its sidecar names {sidecar.file})"
    if sidecar is not None:
        return f"{target} is not in public/ and its sidecar names no image file"
    return f"{target} is not in public/ and has no sidecar"


def check_images(entry: CollectionEntry, collection: Collection) -> list[Problem]:
    found = []
    img = entry.front.get("img")
    if isinstance(img, str) and img.startswith("/") and not img.startswith("//"):
        if fault := local_image_faults(img, collection):
            found.append(Problem("missing_image", entry.name, _key_line(entry, "img"), fault))
    for number, line in enumerate(entry.body.splitlines(), start=entry.body_line):
        for match in LOCAL_BODY_IMAGE.finditer(line):
            if fault := local_image_faults(match.group(1), collection):
                found.append(Problem("missing_image", entry.name, number, fault))
    return found


def empty_sections(body: str) -> list[tuple[int, str]]:
    """(0-based line, heading) of each heading with nothing under it before the next heading
    of the same or a higher level (a heading followed by its subsections is not empty)."""
    headings: list[tuple[int, int, str]] = []  # line, level, text
    has_content: dict[int, bool] = {}
    fenced = False
    for number, line in enumerate(body.splitlines()):
        if FENCE.match(line):
            fenced = not fenced
        match = None if fenced else HEADING.match(line)
        if match:
            headings.append((number, len(match.group(1)), line.strip()))
            has_content[number] = False
        elif line.strip() and headings:
            has_content[headings[-1][0]] = True
    empty = []
    for index, (number, level, text) in enumerate(headings):
        following = headings[index + 1] if index + 1 < len(headings) else None
        if not has_content[number] and (following is None or following[1] <= level):
            empty.append((number, text))
    return empty


def check_sections(entry: CollectionEntry) -> list[Problem]:
    return [
        Problem("empty_section", entry.name, entry.body_line + number, f"{heading} is empty")
        for number, heading in empty_sections(entry.body)
    ]


def check_sidecars(collection: Collection) -> list[Problem]:
    found = []
    for sidecar in collection.sidecars.values():
        name = f"public/{sidecar.path.name}"
        if sidecar.error:
            found.append(Problem("sidecar", name, None, sidecar.error))
            continue
        if not sidecar.licence:
            found.append(Problem("sidecar", name, None, "no licence"))
        if not sidecar.file:
            found.append(Problem("sidecar", name, None, "names no image file"))
        if len(sidecar.files) > 1:
            joined = " | ".join(sidecar.files)
            found.append(
                Problem("sidecar", name, None, f"several files in one: {_shorten(joined)}")
            )
    return found


def check_duplicates(entries: Sequence[CollectionEntry]) -> list[Problem]:
    """Entries that share a slug (file name) or a title: only one of them can be published."""
    groups: dict[tuple[str, str], list[CollectionEntry]] = defaultdict(list)
    for entry in entries:
        groups[("slug", entry.slug.casefold())].append(entry)
        groups[("title", entry.title.casefold())].append(entry)
    found, seen = [], set()
    for (what, _), members in groups.items():
        names = tuple(sorted(e.name for e in members))
        if len(members) < 2 or names in seen:
            continue
        seen.add(names)
        for entry in members:
            others = ", ".join(n for n in names if n != entry.name)
            value = entry.slug if what == "slug" else entry.title
            detail = f"{what} '{value}' is also used by {others}"
            found.append(Problem("duplicate_slug", entry.name, None, detail))
    return found

"""Read an existing Markdown collection: entries (front matter + body) and image-licence sidecars.

The layout is the original Front Lines site's (an Astro content collection):

    COLLECTION/
      content/<theatre>/<slug>.md   front matter between `---` lines, then Markdown
      content/<slug>.md             entries outside any theatre folder (e.g. battle reports)
      public/<image>                images the entries use as `img: /<image>`
      public/<image>.yaml           the image's licence sidecar (Commons metadata)

Reading never fails on bad content: an entry whose front matter does not parse still becomes an
`Entry` (with `front_error` set), because diagnosing such files is the point. Only unreadable
paths raise `SourceError`. Nothing here writes; `doctor` and `import` decide what to do.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

import yaml

from frontlines import frontmatter
from frontlines.errors import InputFormatError, SourceError
from frontlines.model import Article, Conflict, Image, Issue, Party, Section, Side, Source

ENTRY_SUFFIX = ".md"
SIDECAR_SUFFIX = ".yaml"
COMMONS_FILE_PATH = "https://commons.wikimedia.org/wiki/Special:FilePath/"
IMAGE_PREFIX = re.compile(r"^.+?\.(?:svg|png|jpe?g|gif|tiff?|webp)(?=$|[_ ])", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Entry:
    """One Markdown entry of a collection, as text plus what its front matter says."""

    path: Path
    name: str  # path relative to the content folder, with "/" (e.g. "syria/battle_of_x.md")
    theatre: str | None  # the first folder under content/, None at the top level
    slug: str  # the file name without its suffix
    text: str  # the whole file, exactly as read (newlines untouched)
    front_text: str  # the YAML between the fences, "" when there is no front matter
    body: str  # everything after the closing fence line
    front: Mapping[str, Any]  # the parsed front matter ({} when missing or broken)
    front_error: str | None = None  # why the front matter could not be read
    body_line: int = 1  # 1-based line number of the body's first line

    @property
    def title(self) -> str:
        """The entry's title: `title`, else `subject`, else the slug."""
        for key in ("title", "subject"):
            value = self.front.get(key)
            if isinstance(value, str) and value.strip():
                return value.strip()
        return self.slug

    @property
    def newline(self) -> str:
        return "\r\n" if "\r\n" in self.text else "\n"

    def with_text(self, text: str) -> Entry:
        """The same file with other contents (for repairs planned in memory)."""
        return parse_entry(self.path, self.name, text)


@dataclass(frozen=True, slots=True)
class Sidecar:
    """The licence sidecar of one image in public/ (`<image>.yaml`)."""

    path: Path
    image: str  # the local image name it describes, e.g. "FileBattle_of_Alepp.png"
    data: Mapping[str, Any]
    error: str | None = None  # why the YAML could not be read

    def _section(self, key: str) -> Mapping[str, Any]:
        value = self.data.get(key)
        return value if isinstance(value, Mapping) else {}

    @property
    def files(self) -> tuple[str, ...]:
        """The Commons file names given (no "File:" prefix, spaces not underscores).

        The original importer sometimes joined a multi-image infobox's files with line breaks.
        """
        raw = self._section("json").get("file")
        if not isinstance(raw, str):
            return ()
        names = (
            re.sub(r"^(?:File|Image):", "", line.strip(), flags=re.I) for line in raw.split("\n")
        )
        return tuple(name.replace("_", " ").strip() for name in names if name.strip())

    @property
    def file(self) -> str | None:
        """The first Commons file name, when it looks like an image file."""
        files = self.files
        if not files:
            return None
        match = IMAGE_PREFIX.match(files[0])  # "Map.svg_Caption_text" → "Map.svg"
        return match.group(0) if match else None

    @property
    def licence(self) -> str | None:
        value = self._section("license").get("license")
        return value.strip() if isinstance(value, str) and value.strip() else None

    def licence_field(self, key: str) -> str | None:
        value = self._section("license").get(key)
        return str(value).strip() if value not in (None, "") else None

    @property
    def caption(self) -> str:
        value = self.data.get("caption") or self._section("json").get("caption")
        return value if isinstance(value, str) else ""

    @property
    def alt(self) -> str:
        value = self.data.get("alt")
        return value if isinstance(value, str) else ""


@dataclass(frozen=True, slots=True)
class Collection:
    """Everything `doctor` and `import-collection` look at, read once."""

    content: Path  # the folder entries are named relative to
    public: Path | None  # the images and sidecars folder, when there is one
    entries: tuple[Entry, ...]
    sidecars: Mapping[str, Sidecar]  # by image name
    images: frozenset[str]  # image files (not sidecars) present in public/
    whole: bool = True  # read as a folder (sidecars and duplicates are checked), not one file

    def replace_entries(self, entries: Iterable[Entry]) -> Collection:
        return dataclasses.replace(self, entries=tuple(entries))


def parse_entry(path: Path, name: str, text: str) -> Entry:
    """An Entry from a file's text; broken front matter is recorded, not raised."""
    parts = frontmatter.split(text)
    theatre = name.split("/")[0] if "/" in name else None
    slug = Path(name).stem
    if parts is None:
        return Entry(path, name, theatre, slug, text, "", text, {}, "no front matter", 1)
    opening, front_text, rest = parts
    fence, _, body = rest.partition("\n")
    body_line = (opening + front_text + fence).count("\n") + 2
    front, error = frontmatter.load(front_text)
    return Entry(path, name, theatre, slug, text, front_text, body, front, error, body_line)


def read_entry(path: Path, content: Path) -> Entry:
    """Read one entry file (UTF-8; a BOM is kept as part of the text)."""
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputFormatError(
            f"{path}: not UTF-8 ({error.reason} at byte {error.start}); "
            "convert it to UTF-8 before running doctor"
        ) from error
    except OSError as error:
        raise SourceError(f"cannot read {path}: {error.strerror}") from error
    try:
        name = path.relative_to(content).as_posix()
    except ValueError:
        name = path.name
    return parse_entry(path, name, text)


def read_sidecar(path: Path) -> Sidecar:
    image = path.name[: -len(SIDECAR_SUFFIX)]
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        return Sidecar(path, image, {}, f"not readable YAML: {frontmatter.one_line(str(error))}")
    except OSError as error:
        raise SourceError(f"cannot read {path}: {error.strerror}") from error
    if not isinstance(data, dict):
        return Sidecar(path, image, {}, "not a mapping of keys")
    return Sidecar(path, image, data)


def locate(path: Path) -> tuple[Path, Path | None]:
    """(content folder, public folder or None) for a collection root, content folder or file."""
    start = path if path.is_dir() else path.parent
    if (start / "content").is_dir():
        public = start / "public"
        return start / "content", public if public.is_dir() else None
    for ancestor in (start, *start.parents[:3]):
        if ancestor.name == "content" and (ancestor.parent / "public").is_dir():
            return ancestor, ancestor.parent / "public"
    public = start / "public"
    return start, public if public.is_dir() else None


def read_collection(path: Path) -> Collection:
    """Read a collection root (with content/ and public/), a folder of entries, or one file.

    A single file is read whatever its suffix (a seed may come as .txt); in folders only `.md`
    files are entries (hidden folders and files are skipped).
    """
    if not path.exists():
        raise SourceError(f"no such file or folder: {path}")
    content, public = locate(path)
    if path.is_file():
        files = [path]
    else:
        base = content if (path / "content").is_dir() else path
        files = sorted(p for p in base.rglob(f"*{ENTRY_SUFFIX}") if not _hidden(p, base))
    entries = tuple(read_entry(f, content) for f in files)
    sidecars: dict[str, Sidecar] = {}
    images: set[str] = set()
    if public is not None:
        for item in sorted(public.iterdir()):
            if not item.is_file():
                continue
            if item.name.endswith(SIDECAR_SUFFIX):
                sidecar = read_sidecar(item)
                sidecars[sidecar.image] = sidecar
            else:
                images.add(item.name)
    return Collection(content, public, entries, sidecars, frozenset(images), path.is_dir())


def _hidden(path: Path, base: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(base).parts)


def commons_file_url(file: str) -> str:
    """The Special:FilePath URL of a Commons file (name with spaces or underscores)."""
    name = unicodedata.normalize("NFC", file.strip()).replace(" ", "_")
    return COMMONS_FILE_PATH + quote(name, safe="()_-.,!~*'")


# --- tags as the original importer wrote them ------------------------------------------------

FLAG = re.compile(
    "(?:[\U0001f1e6-\U0001f1ff]{2}|\U0001f3f4[\U000e0020-\U000e007f]+"
    "|[\U0001f3f3\U0001f3f4]\ufe0f?(?:\u200d\\S+)?)"
)
IMAGE_IN_TEXT = re.compile(r"\S[^\n]*?\.(?:svg|png|jpe?g|gif|tiff?|webp)(?=\s|$)", re.I)
LEADING_IMAGE = re.compile(r"^[^\n]*?\.(?:svg|png|jpe?g|gif|tiff?|webp)(?:\s+|$)", re.I)


def tag_faults(tag: str) -> list[str]:
    """Why a tag is not a tag (empty when it is one)."""
    faults = []
    if "\n" in tag.strip():
        faults.append("multi-line block")
    if IMAGE_IN_TEXT.search(tag):
        faults.append("image file name")
    if FLAG.search(tag):
        faults.append("flag emoji")
    if tag.startswith("the "):
        faults.append('leading "the "')
    return faults


def split_tags(tags: Sequence[Any], title: str, text: str) -> tuple[list[Any], list[list[str]]]:
    """Clean tags plus belligerent sides, from the tags the original importer wrote.

    The importer put the infobox's title, its `partof` ("the Syrian Civil War") and each side's
    combatants (a block with flag emoji and icon file names) among the categories. The title
    block keeps its first line; lines of it found nowhere else in the entry stay as tags, so
    nothing is lost. Each combatants block becomes one list of names.
    """
    clean: list[Any] = []
    sides: list[list[str]] = []
    for tag in tags:
        faults = tag_faults(tag) if isinstance(tag, str) else []
        if not faults:
            clean.append(tag)
        elif faults == ['leading "the "']:
            clean.append(tag[len("the ") :])
        elif _is_title_block(tag, title):
            first, *rest = [line.strip() for line in tag.strip().splitlines() if line.strip()]
            name = first[: len(title)] if first.casefold().startswith(title.casefold()) else first
            rest = [first[len(name) :].strip(), *rest]
            clean.append(name)
            clean.extend(line for line in rest if line and text.count(line) <= 1)
        elif names := belligerent_names(tag):
            sides.append(names)
    unique = list(dict.fromkeys(t for t in clean if isinstance(t, str)))
    return unique + [t for t in clean if not isinstance(t, str)], sides


def _is_title_block(tag: str, title: str) -> bool:
    first = tag.strip().splitlines()[0].strip().casefold()
    wanted = title.casefold()
    if first == wanted or first.startswith(wanted):
        return True
    return len(first) >= 8 and wanted.startswith(first)


def belligerent_names(block: str) -> list[str]:
    """The party names in one side's block: no bullets, flags or icon file names.

    Group labels ("Supported by:") are kept as entries ending in ":"; a line that is only a
    qualifier ("(from 1917)") is joined to the name before it.
    """
    names: list[str] = []
    for line in block.splitlines():
        for segment in FLAG.split(line.strip().lstrip("*").strip()):
            for piece in _label_split(segment.strip().lstrip("*").strip()):
                piece = LEADING_IMAGE.sub("", piece).strip()
                if not piece:
                    continue
                if piece.startswith("(") and names and not names[-1].endswith(":"):
                    names[-1] = f"{names[-1]} {piece}"
                else:
                    names.append(piece)
    return names


def _label_split(segment: str) -> list[str]:
    match = re.match(r"^([^:()]{2,40}):\s*(.*)$", segment)
    if not match:
        return [segment]
    label, rest = match.groups()
    return [f"{label.strip()}:", rest] if rest else [f"{label.strip()}:"]


# --- entries as Articles (what `import-collection` stores) -----------------------------------

WIKIPEDIA = "https://en.wikipedia.org"
_COMMONS_URL = re.compile(
    r"^https?://(?:(?:[a-z-]+\.)*wiki[mp]edia\.org/wiki/Special:(?:FilePath|Redirect/file)/"
    r"|upload\.wikimedia\.org/wikipedia/commons/(?:thumb/)?[0-9a-f]/[0-9a-f]{2}/)([^/?#]+)"
)
_BODY_IMAGE = re.compile(r"!\[([^\]\n]*)\]\(([^)\s]+(?:\([^)\s]*\)[^)\s]*)*)\)")
_VIDEO_BLOCK = "{{video}}"


def commons_file(url: str) -> str | None:
    """The Commons file name a Wikimedia image URL points at (spaces, not underscores)."""
    match = _COMMONS_URL.match(url.strip())
    return unquote(match.group(1)).replace("_", " ") if match else None


def is_report(entry: Entry) -> bool:
    """An original battle report rather than an imported Wikipedia article."""
    author = entry.front.get("author")
    by_someone = isinstance(author, str) and author.strip().casefold() != "wikipedia"
    return _VIDEO_BLOCK in entry.body or by_someone


def lead_image(entry: Entry, collection: Collection) -> Image | None:
    img = entry.front.get("img")
    if not isinstance(img, str) or not img.strip():
        return None
    sidecar = collection.sidecars.get(img.strip().lstrip("/")) if img.startswith("/") else None
    file = sidecar.file if sidecar is not None else commons_file(img)
    if file is None:
        return None
    if sidecar is None:
        return Image(file=file, url=commons_file_url(file))
    required = sidecar.licence_field("attributionRequired")
    return Image(
        file=file,
        url=commons_file_url(file),
        caption=" ".join(sidecar.caption.split()),
        alt=sidecar.alt.splitlines()[0] if sidecar.alt else "",
        licence=sidecar.licence,
        artist=sidecar.licence_field("artist"),
        credit=sidecar.licence_field("credit"),
        attribution_required=None if required is None else required.lower() == "true",
    )


def body_images(body: str) -> tuple[Image, ...]:
    found: dict[str, Image] = {}
    for match in _BODY_IMAGE.finditer(body):
        file = commons_file(match.group(2))
        if file is not None and file not in found:
            alt = match.group(1).strip()
            found[file] = Image(file=file, url=commons_file_url(file), caption=alt, alt=alt)
    return tuple(found.values())


def sections(body: str) -> tuple[Section, ...]:
    found = [Section(title="", level=1, anchor="")]
    for line in body.splitlines():
        match = re.match(r"^(#{2,6})\s+(.*?)\s*#*\s*$", line)
        if match:
            title = match.group(2)
            anchor = re.sub(r"[^\w]+", "-", title.casefold()).strip("-")
            found.append(Section(title=title, level=len(match.group(1)), anchor=anchor))
    return tuple(found)


def conflict(entry: Entry, sides: Sequence[Sequence[str]]) -> Conflict | None:
    """What the front matter says of the conflict: date text, place and belligerents."""
    date_text, place = _joined(entry.front.get("date")), _joined(entry.front.get("place"))
    if not (date_text or place or sides):
        return None
    return Conflict(
        name=entry.title,
        infobox="collection",
        date_text=date_text,
        place=place,
        sides=tuple(Side(parties=_parties(names)) for names in sides),
    )


def _parties(names: Sequence[str]) -> tuple[Party, ...]:
    parties, supporting = [], False
    for name in names:
        if name.endswith(":"):
            supporting = name.casefold().startswith("supported by")
        else:
            parties.append(Party(name=name, supporting=supporting))
    return tuple(parties)


def _joined(value: Any) -> str | None:
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, list):
        text = "; ".join(str(item).strip() for item in value if str(item).strip())
        return text or None
    return None


def to_article(
    entry: Entry, collection: Collection, *, slug: str, issues: Sequence[Issue] = ()
) -> Article:
    """The Article an entry stands for, with source kind "collection" and no revision id.

    Junk tags are split here too (clean tags become categories, combatants become the
    conflict's sides), so an entry imports well whether or not `doctor --fix` ran first.
    """
    front = entry.front
    tags = front.get("tags")
    tag_list = tags if isinstance(tags, list) else []
    clean, sides = split_tags(tag_list, entry.title, entry.text)
    known = front.get("belligerents")
    if isinstance(known, list):
        sides = [[str(n) for n in side] for side in known if isinstance(side, list)] + sides
    title = entry.title
    url = f"{WIKIPEDIA}/wiki/{quote(title.replace(' ', '_'), safe='()_-.,!~*:')}"
    short = front.get("shortDescription")
    description = front.get("description")
    return Article(
        title=title,
        slug=slug,
        source=Source(kind="collection", url=url, site=WIKIPEDIA),
        short_description=short if isinstance(short, str) else None,
        description=" ".join(description.split()) if isinstance(description, str) else "",
        lead_image=lead_image(entry, collection),
        categories=tuple(str(tag) for tag in clean),
        sections=sections(entry.body),
        references=(),
        images=body_images(entry.body),
        issues=tuple(issues),
        conflict=conflict(entry, sides),
        markdown=entry.body.lstrip("\r\n"),
    )

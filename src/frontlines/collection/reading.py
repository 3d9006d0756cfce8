"""Read an existing Markdown collection: entries (front matter + body) and image-licence sidecars.

The layout is the original Front Lines site's (an Astro content collection):

    COLLECTION/
      content/<theatre>/<slug>.md   front matter between `---` lines, then Markdown
      content/<slug>.md             entries outside any theatre folder (e.g. battle reports)
      public/<image>                images the entries use as `img: /<image>`
      public/<image>.yaml           the image's licence sidecar (Commons metadata)

Reading never fails on bad content: an entry whose front matter does not parse still becomes a
`CollectionEntry` (with `front_error` set), because diagnosing such files is the point. Only
unreadable paths raise `SourceError`. Nothing here writes; `checks`, `repairs` and `importing`
decide what to do.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

import yaml

from frontlines import frontmatter
from frontlines.errors import InputFormatError, SourceError, UsageError

ENTRY_SUFFIX = ".md"
SIDECAR_SUFFIX = ".yaml"
COMMONS_FILE_PATH = "https://commons.wikimedia.org/wiki/Special:FilePath/"
IMAGE_PREFIX = re.compile(r"^.+?\.(?:svg|png|jpe?g|gif|tiff?|webp)(?=$|[_ ])", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class CollectionEntry:
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

    def with_text(self, text: str) -> CollectionEntry:
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
    entries: tuple[CollectionEntry, ...]
    sidecars: Mapping[str, Sidecar]  # by image name
    images: frozenset[str]  # image files (not sidecars) present in public/
    whole: bool = True  # read as a folder (sidecars and duplicates are checked), not one file

    def replace_entries(self, entries: Iterable[CollectionEntry]) -> Collection:
        return dataclasses.replace(self, entries=tuple(entries))


def parse_entry(path: Path, name: str, text: str) -> CollectionEntry:
    """An CollectionEntry from a file's text; broken front matter is recorded, not raised."""
    parts = frontmatter.split(text)
    theatre = name.split("/")[0] if "/" in name else None
    slug = Path(name).stem
    if parts is None:
        return CollectionEntry(path, name, theatre, slug, text, "", text, {}, "no front matter", 1)
    opening, front_text, rest = parts
    fence, _, body = rest.partition("\n")
    body_line = (opening + front_text + fence).count("\n") + 2
    front, error = frontmatter.load(front_text)
    return CollectionEntry(
        path, name, theatre, slug, text, front_text, body, front, error, body_line
    )


def read_entry(path: Path, content: Path) -> CollectionEntry:
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
        raise UsageError(f"no such file or folder: {path}")
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


_COMMONS_URL = re.compile(
    r"^https?://(?:(?:[a-z-]+\.)*wiki[mp]edia\.org/wiki/Special:(?:FilePath|Redirect/file)/"
    r"|upload\.wikimedia\.org/wikipedia/commons/(?:thumb/)?[0-9a-f]/[0-9a-f]{2}/)([^/?#]+)"
)


def commons_file(url: str) -> str | None:
    """The Commons file name a Wikimedia image URL points at (spaces, not underscores)."""
    match = _COMMONS_URL.match(url.strip())
    return unquote(match.group(1)).replace("_", " ") if match else None

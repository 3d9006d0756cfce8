"""Small view helpers shared by the pages: site paths and URLs, tags, credits, infobox rows.

Every page links relatively (`relative_url`), so the built folder works at any base path and
from any server; only feeds, the sitemap and OpenGraph use absolute URLs (`absolute_url`).
"""

from __future__ import annotations

import functools
import posixpath
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from frontlines.edtf import Edtf, parse_edtf
from frontlines.errors import PublishError
from frontlines.model import Conflict, Coordinates, Image, Side
from frontlines.slugs import clean_for_slug, not_reserved

_URL_SAFE = "/()-_.~!*',;=:@"
_TAG_UNSAFE = re.compile(r"[^\w]+")
COMMONS_FILE = "https://commons.wikimedia.org/wiki/File:"


def article_path(slug: str) -> str:
    if not slug or "/" in slug or "\\" in slug or slug in (".", ".."):
        raise PublishError(
            f"Article slug {slug!r} cannot be a folder name; re-import the article with a "
            "plain slug (letters, digits, '_', '-', parentheses)"
        )
    return f"articles/{slug}/"


def theatre_path(name: str) -> str:
    return f"theatres/{name}/"


def tag_slug(name: str) -> str:
    text = clean_for_slug(unicodedata.normalize("NFKC", name)).lower()
    return not_reserved(_TAG_UNSAFE.sub("-", text).strip("-_") or "tag")


def tag_path(name: str) -> str:
    return f"tags/{tag_slug(name)}/"


def file_of(target: str) -> str:
    """The file a site path names: directories mean their index.html."""
    return target + "index.html" if target == "" or target.endswith("/") else target


@functools.lru_cache(maxsize=1 << 16)
def relative_url(from_file: str, target: str) -> str:
    """A link from the page at `from_file` to the site path `target` (may carry a #fragment).

    Kept for the next call (a long-running builder re-renders a timeline's or the map's
    thousand links with the same pairs each time)."""
    path, _, fragment = target.partition("#")
    if path == "" and fragment and target.startswith("#"):
        return target
    is_dir = path == "" or path.endswith("/")
    rel = site_relpath(path[:-1] if path.endswith("/") else path, posixpath.dirname(from_file))
    if is_dir:
        rel = "./" if rel == "." else rel + "/"
    link = quote(rel, safe=_URL_SAFE)
    return f"{link}#{fragment}" if fragment else link


def site_relpath(path: str, start: str) -> str:
    """`posixpath.relpath(path or ".", start or ".")` for site paths, by their parts: a page
    renders hundreds of links and relpath makes both absolute first (a third of the cost of
    a timeline page). A path with an empty, "." or ".." part goes to posixpath."""
    to = path.split("/") if path else []
    here = start.split("/") if start else []
    if _UNPLAIN.intersection(to) or _UNPLAIN.intersection(here):
        return posixpath.relpath(path or ".", start or ".")
    common = 0
    for mine, theirs in zip(to, here, strict=False):
        if mine != theirs:
            break
        common += 1
    return "/".join([".."] * (len(here) - common) + to[common:]) or "."


_UNPLAIN = frozenset(("", ".", ".."))


def rooted_url(base_url: str, target: str) -> str:
    """A link from the server root (for pages served at many URLs, like the 404 page)."""
    root = urlsplit(base_url).path or "/"
    if not root.endswith("/"):
        root += "/"
    return quote(root + target, safe=_URL_SAFE + "#")


def absolute_url(base_url: str, target: str) -> str:
    base = base_url if base_url.endswith("/") else base_url + "/"
    return base + quote(target, safe=_URL_SAFE + "#")


def teaser(text: str, limit: int = 240) -> str:
    """The text cut at a word boundary to about `limit` characters."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + " …"


@dataclass(frozen=True, slots=True)
class Credit:
    """What the licence of an image asks us to show next to it."""

    author: str
    licence: str
    licence_url: str | None
    page_url: str

    @property
    def complete(self) -> bool:
        return bool(self.author) and self.licence != "licence not recorded"


def image_credit(image: Image) -> Credit:
    page = image.description_url or COMMONS_FILE + quote(image.file.replace(" ", "_"))
    return Credit(
        author=(image.artist or image.credit or "").strip(),
        licence=(image.licence or "licence not recorded").strip(),
        licence_url=image.licence_url,
        page_url=page,
    )


def merge_image(image: Image, known: Image | None) -> Image:
    """The article's image record with licence fields the store knows filled in."""
    if known is None:
        return image
    return Image(
        file=image.file,
        url=image.url or known.url,
        caption=image.caption or known.caption,
        alt=image.alt or known.alt,
        licence=image.licence or known.licence,
        licence_url=image.licence_url or known.licence_url,
        artist=image.artist or known.artist,
        credit=image.credit or known.credit,
        attribution_required=(
            image.attribution_required
            if image.attribution_required is not None
            else known.attribution_required
        ),
        description=image.description or known.description,
        description_url=image.description_url or known.description_url,
    )


def date_range(conflict: Conflict) -> tuple[Edtf | None, Edtf | None, str]:
    """(start, end, label) with the precision of the EDTF dates; falls back to the raw text."""
    start, end = parse_edtf(conflict.start), parse_edtf(conflict.end)
    if start is None:
        return None, None, conflict.date_text or ""
    if conflict.ongoing and end is None:
        return start, None, f"{start.label()} – present"
    if end is None or end == start:
        return start, end, start.label()
    return start, end, f"{start.label()} – {end.label()}"


@dataclass(frozen=True, slots=True)
class ConflictShown:
    """What the lists of conflicts (a theatre's timeline, the map, a party's or commander's
    page) show of an article's conflict, and all they read of it: their page keys digest it,
    so an edit that changes only what they do not show (a casualty figure, a commander, a
    belligerent's strength) re-renders none of them."""

    start: Edtf | None
    end: Edtf | None
    ongoing: bool
    dates: str  # `date_range`'s label
    date_text: str
    partof: str
    place: str
    coordinates: Coordinates | None
    result: str  # the first line of the result

    @property
    def to_present(self) -> bool:
        """Whether the conflict runs to the present (ongoing with no end): the present year
        is then part of what is shown."""
        return self.ongoing and self.end is None


def conflict_shown(conflict: Conflict) -> ConflictShown:
    start, end, dates = date_range(conflict)
    result = (conflict.result or "").splitlines()
    return ConflictShown(
        start=start,
        end=end,
        ongoing=conflict.ongoing,
        dates=dates,
        date_text=conflict.date_text or "",
        partof=conflict.partof or "",
        place=conflict.place or "",
        coordinates=conflict.coordinates,
        result=result[0] if result else "",
    )


def shown_years(shown: ConflictShown, present_year: int) -> tuple[int | None, int | None]:
    """`year_span` of the conflict `shown` is of."""
    return _years(shown.start, shown.end, shown.ongoing, present_year)


def year_span(conflict: Conflict, present_year: int) -> tuple[int | None, int | None]:
    """The first and last year of a conflict (an ongoing one's: the present year)."""
    start, end = parse_edtf(conflict.start), parse_edtf(conflict.end)
    return _years(start, end, conflict.ongoing, present_year)


def _years(
    start: Edtf | None, end: Edtf | None, ongoing: bool, present_year: int
) -> tuple[int | None, int | None]:
    if start is None:
        return None, None
    if end is not None:
        return start.year, end.year
    return start.year, present_year if ongoing else start.year


def side_names(side: Side) -> list[str]:
    return [party.name for party in side.parties if not party.supporting]

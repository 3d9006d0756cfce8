"""Original battle reports: Markdown files with YAML front matter in `content/reports/`.

    ---
    title: Crossing at the river
    date: 2022-05-12
    theatre: ukraine
    author: A. Reporter
    sources:
      - title: Regional press briefing
        url: https://example.org/briefing
    locations:
      - name: Bilohorivka
        lat: 48.93
        lon: 38.23
    ---
    Body in Markdown. {{video}}media/clip.webm{{/video}} becomes an HTML5 video player.

Files beside the reports under `media/` are copied to the site unchanged. Problems are
returned as warnings (text) so `--strict` can fail on them; only unreadable files raise.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from frontlines import frontmatter
from frontlines.errors import SourceError
from frontlines.model import BattleReport, ReportLocation, SourceLink

_SLUG_OK = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


def _as_date(value: Any, origin: str) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()[:10]
    text = str(value or "").strip()
    try:
        return dt.date.fromisoformat(text[:10]).isoformat()
    except ValueError as error:
        raise SourceError(f"{origin}: 'date' must be YYYY-MM-DD, got {text!r}") from error


def _sources(raw: Any) -> tuple[SourceLink, ...]:
    links: list[SourceLink] = []
    for item in raw or ():
        if isinstance(item, dict):
            url = item.get("url")
            links.append(SourceLink(str(item.get("title") or url or ""), str(url) if url else None))
        else:
            text = str(item)
            is_url = text.startswith(("http://", "https://"))
            links.append(SourceLink(text, text if is_url else None))
    return tuple(links)


def _locations(raw: Any, origin: str, warnings: list[str]) -> tuple[ReportLocation, ...]:
    places: list[ReportLocation] = []
    for item in raw or ():
        try:
            lat, lon = float(item["lat"]), float(item["lon"])
        except (KeyError, TypeError, ValueError):
            warnings.append(f"{origin}: a location needs numeric lat and lon: {item!r}")
            continue
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            warnings.append(f"{origin}: location {item!r} is off the globe")
            continue
        places.append(ReportLocation(str(item.get("name") or ""), lat, lon))
    return tuple(places)


def read_report(path: Path, warnings: list[str]) -> BattleReport:
    origin = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise SourceError(f"{origin}: cannot read the report ({error})") from error
    parts = frontmatter.split(text)
    if parts is None:
        raise SourceError(f"{origin}: a report starts with '---', YAML front matter, '---'")
    meta, fault = frontmatter.load(parts[1])
    if fault is not None:
        raise SourceError(f"{origin}: {fault}")
    if not meta.get("title"):
        raise SourceError(f"{origin}: the front matter needs at least 'title' and 'date'")
    slug = path.stem.lower()
    if not _SLUG_OK.match(slug):
        raise SourceError(f"{origin}: name report files with a-z, 0-9, '-' and '_' only")
    return BattleReport(
        slug=slug,
        title=str(meta["title"]),
        date=_as_date(meta.get("date"), origin),
        theatre=str(meta["theatre"]) if meta.get("theatre") else None,
        author=str(meta["author"]) if meta.get("author") else None,
        sources=_sources(meta.get("sources")),
        locations=_locations(meta.get("locations"), origin, warnings),
        markdown=frontmatter.body_of(parts[2]),
        origin=origin,
    )


def read_reports(folder: Path, warnings: list[str]) -> tuple[BattleReport, ...]:
    """Every `*.md` report in the folder, newest first (then by slug); none if it is absent."""
    if not folder.is_dir():
        return ()
    reports = [read_report(path, warnings) for path in sorted(folder.glob("*.md"))]
    return tuple(sorted(reports, key=lambda r: (r.date, r.slug), reverse=True))


def media_files(folder: Path) -> tuple[tuple[str, Path], ...]:
    """(path below media/, file) for every file under `folder/media`, sorted."""
    media = folder / "media"
    if not media.is_dir():
        return ()
    return tuple(
        sorted((p.relative_to(media).as_posix(), p) for p in media.rglob("*") if p.is_file())
    )

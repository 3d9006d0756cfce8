"""The project configuration: typed, frozen, read from `frontlines.toml`.

A project is a folder holding `frontlines.toml`; the store (`frontlines.db`) lives beside it.
`load_config` reads and validates the file; every problem is a ConfigError that names the key,
the table it sits in, the file and (when it can be found cheaply) the line, and how to fix it.

Sections:

    [source]             where pages come from and how politely to ask (SourceConfig)
    [[theatre]]          one block per theatre: what it covers (Theatre)
    [site]               the published site (SiteConfig)
    [convert]            how much work one page may take (ConvertConfig)
    [territory.<name>]   fill colour -> controller for a theatre's territory maps (TerritoryConfig)

Category depth is set per theatre (`depth`), not per category: every category of a theatre is
walked to the same depth.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from types import MappingProxyType
from typing import Any, NoReturn

from frontlines.errors import ConfigError
from frontlines.text.namespaces import CATEGORY_NAMESPACES, split_namespace

CONFIG_NAME = "frontlines.toml"
DB_NAME = "frontlines.db"
WIKIPEDIA_API = "https://en.wikipedia.org/w/api.php"

CONFLICTS_ALL = "all"
_THEATRE_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_COLOUR = re.compile(r"^#[0-9a-fA-F]{3}(?:[0-9a-fA-F]{3})?$")


@dataclass(frozen=True, slots=True)
class SourceConfig:
    """`[source]`: the MediaWiki Action API to read and the limits to respect."""

    api: str = WIKIPEDIA_API
    """URL of the wiki's `api.php`; Wikipedia's English API by default."""
    user_agent: str | None = None
    """Who is asking, with a way to reach them (Wikimedia's User-Agent policy), e.g.
    `FrontLinesBot/0.1 (https://example.org/frontlines; editor@example.org)`. Required to sync
    from an API."""
    max_retries: int = 5
    """Retries of one request (429, 503 maxlag, timeouts, resets) before the page fails."""
    timeout: float = 30.0
    """Seconds to wait for one response."""
    batch_size: int = 50
    """Titles per request when fetching revisions and content (the API allows at most 50)."""
    """Requests in flight at once."""
    category_limit: int = 500
    """`cmlimit`: category members per request (at most 500)."""
    stream: str | None = None
    """EventStreams URL for `follow`, e.g. https://stream.wikimedia.org/v2/stream/recentchange
    (events of other wikis are skipped); unset: `follow` polls `list=recentchanges`."""

    def require_user_agent(self) -> str:
        """The User-Agent, or a ConfigError that says how to set one."""
        if not self.user_agent or not self.user_agent.strip():
            raise ConfigError(
                "[source] user_agent is not set; the API needs a User-Agent with your contact, "
                'e.g. user_agent = "FrontLinesBot/0.1 (https://example.org; you@example.org)" '
                "(Wikimedia's User-Agent policy)"
            )
        return self.user_agent.strip()


@dataclass(frozen=True, slots=True)
class Theatre:
    """`[[theatre]]`: one theatre of war and the pages it covers."""

    name: str
    """Short id, lower case letters, digits, `-` and `_` (used in URLs and `--theatre`)."""
    title: str
    """Display name, e.g. "Russo-Ukrainian War"."""
    categories: tuple[str, ...] = ()
    """Wiki categories whose member pages belong to the theatre (without `Category:`)."""
    depth: int = 0
    """How many levels of subcategories to follow below each category (0: members only)."""
    titles: tuple[str, ...] = ()
    """Pages that belong to the theatre whatever their categories."""
    exclude: tuple[str, ...] = ()
    """Pages never to include, even when a category lists them."""
    conflicts: str | None = None
    """`"all"`: every article (namespace 0, not a redirect) with a conflict-type infobox, found
    by content when reading a dump (`sync --dump`, `scan`); pages listed by title or claimed by a
    category theatre go to those first."""

    @property
    def all_conflicts(self) -> bool:
        """Whether the theatre selects pages by their content (`conflicts = "all"`)."""
        return self.conflicts == CONFLICTS_ALL


@dataclass(frozen=True, slots=True)
class SiteConfig:
    """`[site]`: the published site."""

    title: str = "Front Lines"
    """The site's name, in headers and feeds."""
    base_url: str = "http://localhost:8000/"
    """Absolute URL the site is served from (feeds, sitemap, OpenGraph)."""
    tile_url: str | None = None
    """Map tile URL template (`https://.../{z}/{x}/{y}.png`); none draws a plain local basemap."""
    land: str | None = None
    """TopoJSON file of land outlines for the local basemap, relative to the project (`make
    basemap` fetches world-atlas's Natural Earth files); none: the graticule alone."""
    api_url: str | None = None
    """Where `frontlines api` (the read-only data API) is deployed; the site links to it."""


@dataclass(frozen=True, slots=True)
class ConvertConfig:
    """`[convert]`: how much work one page may take (`convert` and `sync`)."""

    max_page_bytes: int = 2 * 1024 * 1024
    """Largest page, in bytes of UTF-8 wikitext, that is converted (Wikipedia's own limit is
    2 MiB); a larger page is refused and reported."""
    time_limit: float = 30.0
    """Seconds one page may take to convert before its worker is stopped and the page is
    reported failed; 0 for no limit."""
    workers: int | None = None
    """Worker processes that convert pages; none: one per core (`--jobs N` overrides it)."""


@dataclass(frozen=True, slots=True)
class TerritoryConfig:
    """`[territory.<theatre>]`: what each fill colour of the territory GeoJSON means."""

    theatre: str
    """The theatre these colours belong to (the table's name)."""
    colors: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    """Fill colour (`#rrggbb`, lower case) -> controller, e.g. `{ "#ff0000" = "Russia" }`."""

    def controller(self, colour: str) -> str | None:
        """The controller a fill colour stands for, or None when it is not mapped."""
        return self.colors.get(colour.strip().lower())


@dataclass(frozen=True, slots=True)
class Config:
    """A whole project: where it lives and what it says."""

    path: Path
    """The `frontlines.toml` this was read from."""
    source: SourceConfig = SourceConfig()
    theatres: tuple[Theatre, ...] = ()
    site: SiteConfig = SiteConfig()
    convert: ConvertConfig = ConvertConfig()
    territory: Mapping[str, TerritoryConfig] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def root(self) -> Path:
        """The project folder."""
        return self.path.parent

    @property
    def db_path(self) -> Path:
        """The SQLite store, next to the config."""
        return self.path.parent / DB_NAME

    def theatre(self, name: str) -> Theatre:
        """The theatre called `name`, or a ConfigError listing the ones there are."""
        for theatre in self.theatres:
            if theatre.name == name:
                return theatre
        known = ", ".join(t.name for t in self.theatres) or "none"
        raise ConfigError(
            f"no theatre named '{name}' in {self.path} (theatres: {known}); "
            "add a [[theatre]] block or pick one of those"
        )


def find_config(start: Path | None = None) -> Path:
    """`frontlines.toml` in `start` (default: the working folder) or one of its parents."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
    raise ConfigError(
        f"no {CONFIG_NAME} in {here} or its parents; run `frontlines init` to create one, "
        "or pass --config PATH"
    )


def load_config(path: Path) -> Config:
    """Read and validate `path`; a ConfigError names every problem's key and place."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ConfigError(f"cannot read {path}: {error.strerror}; run `frontlines init`") from error
    except UnicodeDecodeError as error:
        raise ConfigError(f"{path} is not UTF-8 text: {error}; save it as UTF-8") from error
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from error
    return parse_config(data, path=path, text=text)


def parse_config(data: Mapping[str, Any], *, path: Path, text: str = "") -> Config:
    """Build a Config from parsed TOML (`text` is only used to point at lines)."""
    reader = _Reader(path, text)
    reader.check_keys(
        data, {"source", "theatre", "site", "territory", "convert"}, "the top level", None
    )
    source = _source(reader, reader.table(data, "source", "[source]"))
    theatres = _theatres(reader, data.get("theatre", []))
    site = _site(reader, reader.table(data, "site", "[site]"))
    territory = _territory(reader, reader.table(data, "territory", "[territory]"), theatres)
    convert = _convert(reader, reader.table(data, "convert", "[convert]"))
    return Config(
        path=path,
        source=source,
        theatres=theatres,
        site=site,
        convert=convert,
        territory=territory,
    )


def _source(reader: _Reader, table: Mapping[str, Any]) -> SourceConfig:
    where = "[source]"
    reader.check_keys(table, _field_names(SourceConfig), where, "[source]")
    default = SourceConfig()
    config = SourceConfig(
        api=reader.string(table, "api", where, default.api),
        user_agent=reader.optional_string(table, "user_agent", where),
        max_retries=reader.integer(table, "max_retries", where, default.max_retries, low=0),
        timeout=reader.number(table, "timeout", where, default.timeout),
        batch_size=reader.integer(table, "batch_size", where, default.batch_size, low=1, high=50),
        category_limit=reader.integer(
            table, "category_limit", where, default.category_limit, low=1, high=500
        ),
        stream=reader.optional_string(table, "stream", where),
    )
    if config.stream is not None and not config.stream.startswith(("http://", "https://")):
        problem = f"stream = '{config.stream}' in [source] is not an http(s) URL"
        reader.fail(problem, "stream", where)
    if not config.api.startswith(("http://", "https://")):
        reader.fail(f"api = '{config.api}' in [source] is not an http(s) URL", "api", where)
    return config


def _theatres(reader: _Reader, raw: Any) -> tuple[Theatre, ...]:
    if not isinstance(raw, list):
        reader.fail("'theatre' must be an array of tables: write [[theatre]] blocks", "theatre")
    theatres: list[Theatre] = []
    for number, table in enumerate(raw, start=1):
        where = f"[[theatre]] #{number}"
        if not isinstance(table, dict):
            reader.fail(f"{where} must be a table", "theatre")
        reader.set_block("[[theatre]]", number)
        reader.check_keys(table, _field_names(Theatre), where, "[[theatre]]")
        theatre = Theatre(
            name=reader.string(table, "name", where, None),
            title=reader.string(table, "title", where, None),
            categories=tuple(
                normalise_category(c) for c in reader.strings(table, "categories", where)
            ),
            depth=reader.integer(table, "depth", where, 0, low=0, high=10),
            titles=tuple(normalise_title(t) for t in reader.strings(table, "titles", where)),
            exclude=tuple(normalise_title(t) for t in reader.strings(table, "exclude", where)),
            conflicts=reader.optional_string(table, "conflicts", where),
        )
        if theatre.conflicts is not None and not theatre.all_conflicts:
            reader.fail(
                f"conflicts = '{theatre.conflicts}' in {where} is not a selection; the one there "
                f'is conflicts = "{CONFLICTS_ALL}" (every article with a conflict infobox)',
                "conflicts",
                "[[theatre]]",
            )
        if not _THEATRE_NAME.match(theatre.name):
            reader.fail(
                f"name = '{theatre.name}' in {where} is not a short id: use lower case letters, "
                "digits, '-' and '_' (e.g. 'ukraine')",
                "name",
                where,
            )
        if any(t.name == theatre.name for t in theatres):
            reader.fail(
                f"two theatres are named '{theatre.name}'; names must differ", "name", where
            )
        if not theatre.categories and not theatre.titles and not theatre.all_conflicts:
            reader.fail(
                f"{where} ('{theatre.name}') has neither categories nor titles; "
                'add categories = ["..."], titles = ["..."] or conflicts = "all"',
                "name",
                where,
            )
        theatres.append(theatre)
    reader.set_block(None, 0)
    return tuple(theatres)


def _site(reader: _Reader, table: Mapping[str, Any]) -> SiteConfig:
    where = "[site]"
    reader.check_keys(table, _field_names(SiteConfig), where, "[site]")
    default = SiteConfig()
    return SiteConfig(
        title=reader.string(table, "title", where, default.title),
        base_url=reader.string(table, "base_url", where, default.base_url),
        tile_url=reader.optional_string(table, "tile_url", where),
        land=reader.optional_string(table, "land", where),
        api_url=_http_url(reader.optional_string(table, "api_url", where), "[site] api_url"),
    )


def _http_url(value: str | None, where: str) -> str | None:
    if value is not None and not re.match(r"https?://[^\s\"'<>]+$", value):
        raise ConfigError(f"{where}: {value!r} is not an http(s) URL")
    return value


def _convert(reader: _Reader, table: Mapping[str, Any]) -> ConvertConfig:
    where = "[convert]"
    reader.check_keys(table, _field_names(ConvertConfig), where, where)
    default = ConvertConfig()
    raw = table.get("time_limit")
    no_limit = raw == 0 and not isinstance(raw, bool)
    time_limit = 0.0 if no_limit else reader.number(table, "time_limit", where, default.time_limit)
    return ConvertConfig(
        max_page_bytes=reader.integer(
            table, "max_page_bytes", where, default.max_page_bytes, low=1
        ),
        time_limit=time_limit,
        workers=(
            reader.integer(table, "workers", where, 1, low=1, high=64)
            if "workers" in table
            else None
        ),
    )


def _territory(
    reader: _Reader, table: Mapping[str, Any], theatres: tuple[Theatre, ...]
) -> Mapping[str, TerritoryConfig]:
    names = {t.name for t in theatres}
    result: dict[str, TerritoryConfig] = {}
    for name, sub in table.items():
        where = f"[territory.{name}]"
        if name not in names:
            reader.fail(
                f"{where} names no theatre{_suggest(name, names)}; theatres: "
                f"{', '.join(sorted(names)) or 'none'}",
                name,
            )
        if not isinstance(sub, dict):
            reader.fail(f"{where} must be a table", name)
        reader.check_keys(sub, {"colors"}, where, where)
        colours = sub.get("colors", {})
        if not isinstance(colours, dict):
            reader.fail(f'colors in {where} must be a table of "#rrggbb" = "Controller"', "colors")
        mapping: dict[str, str] = {}
        for colour, controller in colours.items():
            if not _COLOUR.match(colour) or not isinstance(controller, str):
                reader.fail(
                    f"colors in {where}: '{colour}' = {controller!r} should be "
                    '"#rrggbb" = "Controller name"',
                    "colors",
                )
            mapping[colour.lower()] = controller
        result[name] = TerritoryConfig(theatre=name, colors=MappingProxyType(mapping))
    return MappingProxyType(result)


def normalise_title(title: str) -> str:
    """A page title as MediaWiki writes it: underscores as spaces, first letter upper case."""
    clean = " ".join(title.replace("_", " ").split())
    return clean[:1].upper() + clean[1:]


def normalise_category(name: str) -> str:
    """A category name without its `Category:` prefix (or a local one), normalised like a title."""
    clean = normalise_title(name)
    space, rest = split_namespace(clean)
    if space in CATEGORY_NAMESPACES:
        clean = normalise_title(rest)
    return clean


def _field_names(cls: type) -> set[str]:
    return {f.name for f in fields(cls)}


def _suggest(key: str, known: set[str]) -> str:
    close = difflib.get_close_matches(key, sorted(known), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


class _Reader:
    """Typed access to TOML tables with errors that point at the file and line."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.lines = text.splitlines()
        self.block: str | None = None
        self.block_number = 0

    def set_block(self, header: str | None, number: int) -> None:
        self.block, self.block_number = header, number

    def fail(self, message: str, key: str | None = None, header: str | None = None) -> NoReturn:
        line = self._line_of(key, header) if key else None
        place = f"{self.path}:{line}" if line else str(self.path)
        raise ConfigError(f"{place}: {message}")

    def _line_of(self, key: str, header: str | None) -> int | None:
        """The line of `key = ...` inside the current block (a cheap text search)."""
        start = self._block_start(header)
        if start is None:
            return None
        pattern = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=")
        for number in range(start, len(self.lines)):
            if number > start and self.lines[number].lstrip().startswith("["):
                break
            if pattern.match(self.lines[number]):
                return number + 1
        return None

    def _block_start(self, header: str | None) -> int | None:
        if header is None:
            return 0
        wanted = header.replace(" ", "")
        occurrence = self.block_number if header == "[[theatre]]" else 1
        seen = 0
        for number, line in enumerate(self.lines):
            if line.split("#")[0].replace(" ", "").strip() == wanted:
                seen += 1
                if seen == occurrence:
                    return number
        return None

    def table(self, data: Mapping[str, Any], key: str, where: str) -> Mapping[str, Any]:
        value = data.get(key, {})
        if not isinstance(value, dict):
            self.fail(f"'{key}' must be a table: write {where} on its own line", key)
        return value

    def check_keys(
        self, table: Mapping[str, Any], known: set[str], where: str, header: str | None
    ) -> None:
        for key in table:
            if key not in known:
                self.fail(
                    f"unknown key '{key}' in {where}{_suggest(key, known)}; "
                    f"known keys: {', '.join(sorted(known))}",
                    key,
                    header,
                )

    def _typed(
        self,
        table: Mapping[str, Any],
        key: str,
        where: str,
        kinds: tuple[type, ...],
        wanted: str,
    ) -> Any:
        value = table[key]
        if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
            self.fail(
                f"{key} in {where} must be {wanted}, not {type(value).__name__} {value!r}",
                key,
                self._header(where),
            )
        return value

    def _header(self, where: str) -> str:
        return "[[theatre]]" if where.startswith("[[theatre]]") else where

    def string(self, table: Mapping[str, Any], key: str, where: str, default: str | None) -> str:
        if key not in table:
            if default is None:
                self.fail(f"{where} has no '{key}'; add {key} = \"...\"", None)
            return default
        value: str = self._typed(table, key, where, (str,), "a string")
        if not value.strip():
            self.fail(f"{key} in {where} is empty", key, self._header(where))
        return value.strip()

    def optional_string(self, table: Mapping[str, Any], key: str, where: str) -> str | None:
        if key not in table:
            return None
        value: str = self._typed(table, key, where, (str,), "a string")
        return value.strip() or None

    def strings(self, table: Mapping[str, Any], key: str, where: str) -> tuple[str, ...]:
        if key not in table:
            return ()
        value: list[Any] = self._typed(table, key, where, (list,), "a list of strings")
        if not all(isinstance(item, str) and item.strip() for item in value):
            self.fail(
                f"{key} in {where} must be a list of non-empty strings", key, self._header(where)
            )
        return tuple(value)

    def integer(
        self,
        table: Mapping[str, Any],
        key: str,
        where: str,
        default: int,
        *,
        low: int | None = None,
        high: int | None = None,
    ) -> int:
        if key not in table:
            return default
        value: int = self._typed(table, key, where, (int,), "an integer")
        if (low is not None and value < low) or (high is not None and value > high):
            bounds = f"between {low} and {high}" if high is not None else f"at least {low}"
            self.fail(f"{key} = {value} in {where} must be {bounds}", key, self._header(where))
        return value

    def number(self, table: Mapping[str, Any], key: str, where: str, default: float) -> float:
        if key not in table:
            return default
        value: float = self._typed(table, key, where, (int, float), "a number")
        if value <= 0:
            self.fail(f"{key} in {where} must be positive", key, self._header(where))
        return float(value)


EXAMPLE_CONFIG = """\
# Front Lines project configuration. Reference: docs/configuration.md

[source]
# The MediaWiki Action API to read (English Wikipedia by default).
api = "https://en.wikipedia.org/w/api.php"
# Required to sync from an API: say who you are and how to reach you (Wikimedia's
# User-Agent policy). Replace the contact details before the first sync.
user_agent = "FrontLinesBot/0.1 (https://example.org/frontlines; editor@example.org)"
# Politeness and limits (the defaults are fine for Wikipedia).
# max_retries = 5        # retries per request on 429, 503 maxlag, timeouts
# timeout = 30.0         # seconds per request
# batch_size = 50        # titles per request (at most 50)
# category_limit = 500   # category members per request (at most 500)
# stream = "https://stream.wikimedia.org/v2/stream/recentchange"   # `follow` reads EventStreams

# One [[theatre]] block per theatre. Pages come from its categories (walked `depth`
# levels of subcategories deep) plus `titles`, minus `exclude`.
[[theatre]]
name = "ukraine"                      # short id: lower case, digits, - and _
title = "Russo-Ukrainian War"         # display name
categories = ["Battles of the Russo-Ukrainian War"]
depth = 1                             # 0 = direct members only
titles = ["Siege of Mariupol"]
exclude = []

[[theatre]]
name = "syria"
title = "Syrian civil war"
categories = ["Battles of the Syrian civil war"]
depth = 0

# A theatre can also select by content when reading a dump (`sync --dump`, `scan`):
# every article with a conflict infobox that no theatre above claims.
# [[theatre]]
# name = "all"
# title = "Every conflict"
# conflicts = "all"

[site]
title = "Front Lines"
base_url = "http://localhost:8000/"
# tile_url = "https://tile.example.org/{z}/{x}/{y}.png"   # none: a plain local basemap
# land = ".cache/world-atlas/package/land-110m.json"      # land outlines (`make basemap`)
# api_url = "https://data.example.org/"                  # `frontlines api`, linked from the site

# How much work one page may take (`convert` and `sync`).
[convert]
# max_page_bytes = 2097152   # larger pages are refused and reported (2 MiB, Wikipedia's limit)
# time_limit = 30            # seconds per page before it is stopped and reported; 0: no limit

# What the fill colours of a theatre's territory GeoJSON mean.
[territory.ukraine]
colors = { "#ff0000" = "Russia", "#0000ff" = "Ukraine" }
"""


def write_example(folder: Path) -> Path:
    """Write the commented example `frontlines.toml` into `folder`; never overwrite."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / CONFIG_NAME
    try:
        with target.open("x", encoding="utf-8") as handle:
            handle.write(EXAMPLE_CONFIG)
    except FileExistsError as error:
        raise ConfigError(
            f"{target} already exists; edit it, or run `frontlines init` in another folder"
        ) from error
    return target

"""What every table of the store and every column means: the one list the data API's metadata
(`frontlines api`) and the exports' `datapackage.json` are made from.

The wording follows docs/store.md (tests/store/test_catalog.py checks that every column the
schema has is described here, and that every column docs/store.md names is too). A table added
by a migration gets one `Table` here; `export=True` also writes it with `frontlines export
--format csv/parquet` when the store has it (a table listed here that the store does not have
yet is left out of the API and the exports, so the entries for tables other branches are adding
can wait here).

Column types are Frictionless field types: `integer`, `number`, `string`, `boolean`, `date`,
`datetime`, `object` (JSON text), `geojson`.
"""

from __future__ import annotations

from dataclasses import dataclass

TITLE = "Front Lines"
LICENCE = "CC BY-SA 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by-sa/4.0/"
ATTRIBUTION = (
    "Text and facts from Wikipedia, by Wikipedia contributors, under CC BY-SA 4.0; each article "
    "names the revision it was converted from. Images keep their own licences (images table)."
)
SOURCE = "Wikipedia (via Front Lines)"
SOURCE_URL = "https://en.wikipedia.org/"


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    type: str
    description: str


@dataclass(frozen=True, slots=True)
class Table:
    name: str
    description: str
    columns: tuple[Column, ...]
    hidden: bool = False  # bookkeeping: not listed by the API (still queryable)
    facets: tuple[str, ...] = ()  # the API's suggested facets
    export: bool = False  # written by `frontlines export --format csv/parquet` as it is
    label: str | None = None  # the column the API shows for a row pointed at

    def column(self, name: str) -> Column | None:
        return next((c for c in self.columns if c.name == name), None)


def _c(name: str, type_: str, description: str) -> Column:
    return Column(name, type_, description)


_PAGE = _c("page", "integer", "→ pages.id")
_TIMES = "ISO 8601 UTC"

TABLES: tuple[Table, ...] = (
    Table(
        "pages",
        "One row per wiki page a theatre covers (or covered).",
        (
            _c("id", "integer", "internal key (other tables point here)"),
            _c("title", "string", "page title, unique"),
            _c("page_id", "integer", "the wiki's page id (none for collection entries)"),
            _c("theatre", "string", "the theatre's name"),
            _c("source_kind", "string", "api, dump, wikitext or collection"),
            _c("origin", "string", "the API URL, dump path or collection file it came from"),
            _c("revision_id", "integer", "the stored revision"),
            _c("revision_timestamp", "datetime", f"the stored revision's time ({_TIMES})"),
            _c("sha1", "string", "the stored revision's SHA-1"),
            _c("status", "string", "active, or removed when the page left the theatre"),
            _c("first_imported", "datetime", "when Front Lines first stored the page (pubDate)"),
            _c("updated", "datetime", "the revision's timestamp (updatedDate)"),
            _c("synced", "datetime", "when the row was last written"),
            _c("removed", "datetime", "when it was marked removed"),
        ),
        facets=("theatre", "status", "source_kind"),
        label="title",
    ),
    Table(
        "revisions",
        "Raw wikitext, one row per fetched revision.",
        (
            _c("id", "integer", "internal key"),
            _PAGE,
            _c("revision_id", "integer", "the wiki's revision id (unique per page)"),
            _c("timestamp", "datetime", "the revision's time"),
            _c("sha1", "string", "the revision's SHA-1"),
            _c("text", "string", "the wikitext"),
            _c("fetched", "datetime", "when it was fetched"),
        ),
    ),
    Table(
        "articles",
        "The converter's output, one per page (the article JSON of docs/article-json.md).",
        (
            _c("page", "integer", "→ pages.id (primary key)"),
            _c("slug", "string", "URL/file slug, unique"),
            _c("revision_id", "integer", "the revision it was converted from"),
            _c("json", "object", "the Article as JSON (docs/article-json.md)"),
            _c("converted", "datetime", "when"),
        ),
        label="slug",
    ),
    Table(
        "conflicts",
        "One row per article whose infobox describes a conflict.",
        (
            _PAGE,
            _c("name", "string", "the infobox's conflict= name, else the title"),
            _c("theatre", "string", "the theatre's name"),
            _c("start", "string", "first date, EDTF (YYYY, YYYY-MM or YYYY-MM-DD; ~ for circa)"),
            _c("end", "string", "last date, EDTF"),
            _c("ongoing", "boolean", "1 when the date says present/ongoing"),
            _c("place", "string", "where, plain text"),
            _c("lat", "number", "latitude in decimal degrees (when the infobox has coordinates)"),
            _c("lon", "number", "longitude in decimal degrees"),
            _c("result", "string", "the result, plain text"),
            _c("json", "object", "the whole Conflict record (docs/article-json.md)"),
        ),
        facets=("theatre", "ongoing"),
        label="name",
    ),
    Table(
        "images",
        "Every image an article uses, with its licence.",
        (
            _c("id", "integer", "internal key"),
            _c("file", "string", "file name without File:, spaces not underscores, unique"),
            _c("url", "string", "the file"),
            _c("description_url", "string", "the file's description page"),
            _c("width", "integer", "width in pixels, as imageinfo reports it"),
            _c("height", "integer", "height in pixels"),
            _c("size", "integer", "size in bytes"),
            _c("sha1", "string", "the file's SHA-1"),
            _c("mime", "string", "the file's MIME type"),
            _c("licence", "string", "licence short name, from Commons' extmetadata or a sidecar"),
            _c("licence_url", "string", "the licence's URL"),
            _c("artist", "string", "author (plain safe text)"),
            _c("credit", "string", "credit line (plain safe text)"),
            _c("attribution_required", "boolean", "whether the licence requires attribution"),
            _c("description", "string", "the file's description (plain safe text)"),
            _c("status", "string", "pending (never asked), found, missing (no such file)"),
            _c("fetched", "datetime", "when the licence was asked for"),
        ),
        facets=("licence", "status"),
        label="file",
    ),
    Table(
        "article_images",
        "Which article shows which image.",
        (
            _PAGE,
            _c("position", "integer", "order in the article"),
            _c("image", "integer", "→ images.id"),
            _c("caption", "string", "the caption in the article"),
            _c("alt", "string", "the alt text"),
            _c("lead", "boolean", "1 for the lead image"),
        ),
    ),
    Table(
        "issues",
        "Problems to look at (`frontlines check`).",
        (
            _c("id", "integer", "internal key"),
            _c("page", "integer", "→ pages.id for a converter issue; empty for failures/images"),
            _c("subject", "string", "the page title, or File:name for an image"),
            _c(
                "kind",
                "string",
                "fetch_failed, convert_failed, missing_licence, ... or a "
                "converter issue kind (unknown_template, ...)",
            ),
            _c("message", "string", "what happened"),
            _c("detail", "string", "the template, file or URL"),
            _c("run", "integer", "→ sync_runs.id"),
            _c("recorded", "datetime", "when"),
        ),
        facets=("kind",),
    ),
    Table(
        "sync_runs",
        "One row per `frontlines sync`, `scan` or `follow` batch.",
        (
            _c("id", "integer", "internal key"),
            _c("started", "datetime", "when it started"),
            _c("finished", "datetime", "when it finished"),
            _c("status", "string", "running, finished, partial, failed, interrupted"),
            _c("source", "string", "api:URL, dump:PATH or scan:PATH"),
            _c("theatre", "string", "the theatre when --theatre was given"),
            _c("new", "integer", "pages new"),
            _c("updated", "integer", "pages updated"),
            _c("unchanged", "integer", "pages unchanged"),
            _c("removed", "integer", "pages removed"),
            _c("failed", "integer", "pages failed"),
            _c("requests", "integer", "HTTP requests, retries included"),
            _c("images_failed", "integer", "image licence requests that failed (run is partial)"),
            _c("message", "string", "why it failed, stopped or is partial"),
        ),
        hidden=True,
    ),
    Table(
        "follow_positions",
        "Where `frontlines follow` stopped reading a wiki's recent changes.",
        (
            _c("wiki", "string", "the API (or stream) URL followed"),
            _c("theatre", "string", "the theatre followed ('' for all)"),
            _c("timestamp", "datetime", "the last change applied"),
            _c("rcid", "integer", "its recentchanges id"),
            _c("checked", "datetime", "when a round last finished"),
            _c("changes", "integer", "changes read so far"),
            _c("run", "integer", "the sync run of the last batch that stored something"),
        ),
        hidden=True,
    ),
    Table(
        "territory_features",
        "Who controlled what, when.",
        (
            _c("id", "integer", "internal key"),
            _c("theatre", "string", "the theatre's name"),
            _c("controller", "string", "who controls it (from the [territory.<theatre>] map)"),
            _c("status", "string", "controlled, contested, ..."),
            _c("valid_from", "date", "first day (YYYY-MM-DD)"),
            _c("valid_to", "date", "the day after the last (exclusive); empty while current"),
            _c("source", "string", "file or URL"),
            _c("geometry", "geojson", "GeoJSON geometry"),
            _c("properties", "object", "the feature's other properties (JSON)"),
        ),
        facets=("theatre", "controller", "status"),
    ),
    Table(
        "reports",
        "Original battle reports published beside the Wikipedia articles.",
        (
            _c("id", "integer", "internal key"),
            _c("slug", "string", "unique"),
            _c("title", "string", "the report's title"),
            _c("date", "string", "its date"),
            _c("theatre", "string", "the theatre's name"),
            _c("author", "string", "who wrote it"),
            _c("sources", "object", "JSON list of URLs"),
            _c("locations", "object", "JSON list of {name, lat, lon}"),
            _c("body", "string", "Markdown"),
            _c("origin", "string", "the file"),
            _c("imported", "datetime", "when"),
        ),
        facets=("theatre", "author"),
        label="title",
    ),
    Table(
        "schema_migrations",
        "The store's schema version.",
        (
            _c("version", "integer", "migration number"),
            _c("name", "string", "what it did"),
            _c("applied", "datetime", "when"),
        ),
        hidden=True,
    ),
    # Tables other branches are adding: served and exported as the store has them once they
    # land; their column descriptions go here with them.
    Table(
        "figures",
        "Typed casualty and strength figures, one row per item read from an infobox cell "
        "(docs/article-json.md, Typed figures).",
        (
            _c("id", "integer", "row id"),
            _c("conflict", "integer", "the conflict (conflicts.page)"),
            _c("side", "integer", "side number (1, 2, ...); null for casualties3/civilian"),
            _c("field", "string", "strength, casualties, casualties3 or civilian_casualties"),
            _c("position", "integer", "order of the item within its cell"),
            _c("category", "string", "killed, wounded, captured, missing, personnel, ..."),
            _c("low", "integer", "lower bound (null: only an upper bound is given)"),
            _c("high", "integer", "upper bound (null: only a lower bound is given)"),
            _c("approx", "boolean", "the cell says c./about/est."),
            _c("claimant", "string", "who gives the figure (per Soviet sources, ...)"),
            _c("scope", "string", "sub-unit, place or period the figure covers"),
            _c("total", "boolean", "a total or headline figure followed by its breakdown"),
            _c("text", "string", "the snippet the item was read from"),
        ),
        facets=("category", "field", "claimant"),
        export=True,
    ),
    Table(
        "entities",
        "Parties and people, one row each (docs/article-json.md, Entities).",
        (
            _c("id", "integer", "row id"),
            _c("title", "string", "the article it stands for (after redirects, Country data)"),
            _c("kind", "string", "party or commander"),
            _c("names", "object", "JSON list of the names the infoboxes show it by"),
        ),
        facets=("kind",),
        export=True,
        label="title",
    ),
    Table(
        "participations",
        "Which entity took part in which conflict, on which side.",
        (
            _c("id", "integer", "row id"),
            _c("entity", "integer", "→ entities.id"),
            _c("conflict", "integer", "the conflict (conflicts.page)"),
            _c("side", "integer", "side number (1, 2, ...)"),
            _c("position", "integer", "order within its cell, from 0"),
            _c("name", "string", "the name shown in this infobox"),
            _c("supporting", "boolean", "listed under Supported by"),
            _c("qualifier", "string", "a party's qualifier or a commander's note"),
            _c("fate", "string", "a commander's fate (KIA, POW, ...)"),
        ),
        facets=("side", "supporting", "fate"),
        export=True,
    ),
    Table(
        "events",
        "Every dated sentence of an article's body, in order (docs/article-json.md, Event).",
        (
            _c("page", "integer", "the page (pages.id)"),
            _c("position", "integer", "order in the article, from 0"),
            _c("date", "string", "EDTF: YYYY-MM-DD or YYYY-MM (years BC astronomical)"),
            _c("end", "string", "EDTF end of a range, or null"),
            _c("other_dates", "string", "further dates of the sentence, a JSON list of EDTF"),
            _c("text", "string", "the whole sentence, plain text"),
            _c("display", "string", "a sentence over 2,000 characters cut at a clause, or null"),
            _c("section", "string", "the innermost heading ('' in the lead)"),
            _c("anchor", "string", "that heading's id on the article page"),
            _c("kind", "string", "text, list, caption or quote"),
            _c("refs", "string", "footnote ids the sentence carries, a JSON list"),
            _c("places", "string", "titles of the pages it links to, a JSON list"),
            _c("revision", "integer", "the revision it was read from"),
        ),
        facets=("kind",),
        export=True,
    ),
    Table(
        "changes",
        "What changed between two revisions of an article, fact by fact (docs/store.md).",
        (
            _c("id", "integer", "row id"),
            _c("page", "integer", "the page (pages.id)"),
            _c("from_revision", "integer", "the older revision (null: the first one stored)"),
            _c("to_revision", "integer", "the newer revision"),
            _c("timestamp", "datetime", "the newer revision's time"),
            _c(
                "changes",
                "string",
                "the change list as JSON (field, kind, old, new, side, summary)",
            ),
            _c("recorded", "datetime", "when it was recorded"),
        ),
        export=True,
    ),
    Table(
        "wiki_templates",
        "The wiki's Country data templates, kept to resolve flag templates.",
        (
            _c("title", "string", "Template:Country data X"),
            _c("text", "string", "its wikitext"),
            _c("revision_id", "integer", "when known"),
            _c("fetched", "datetime", _TIMES),
        ),
        hidden=True,
    ),
    Table(
        "redirects",
        "Redirects learned from the wiki (they merge entities).",
        (
            _c("title", "string", "the redirect"),
            _c("target", "string", "where it leads"),
            _c("learned", "datetime", _TIMES),
        ),
        hidden=True,
    ),
)

BY_NAME = {table.name: table for table in TABLES}


def table(name: str) -> Table | None:
    return BY_NAME.get(name)

"""An Article as a Front Lines entry: Markdown with YAML front matter, and as JSON.

The front matter keeps the original site's schema (front-lines-org/website `src/content/config.ts`:
`description` and `pubDate` required; `subject, title, updatedDate, img, shortDescription, author,
tags` optional) and adds `date`, `place`, `conflict` and `source`, written by the one front-matter
dumper (`frontmatter.py`). Nothing here touches the disk.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from typing import Any

import orjson

from frontlines import frontmatter
from frontlines.errors import ConvertError
from frontlines.model import Article, to_dict


def publication_date(article: Article, fallback: str | None) -> str:
    """pubDate: the revision timestamp when known, else the given date; never invented."""
    if article.source.timestamp:
        return article.source.timestamp
    if fallback:
        return fallback
    raise ConvertError(
        f"'{article.title}': no revision timestamp is known; pass --date YYYY-MM-DD "
        "or set SOURCE_DATE_EPOCH"
    )


def date_from_environment() -> str | None:
    """SOURCE_DATE_EPOCH (reproducible builds) as an ISO 8601 UTC timestamp, when set."""
    raw = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not raw:
        return None
    try:
        moment = dt.datetime.fromtimestamp(int(raw), tz=dt.UTC)
    except (ValueError, OverflowError) as error:
        raise ConvertError(f"SOURCE_DATE_EPOCH={raw!r} is not a Unix time in seconds") from error
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def front_matter(article: Article, *, pub_date: str, updated: str | None = None) -> dict[str, Any]:
    """The entry's front matter, keys in the original schema's order, then ours."""
    conflict = article.conflict
    matter: dict[str, Any] = {
        "subject": article.title,
        "shortDescription": article.short_description,
        "description": article.description,
        "author": "Wikipedia",
        "pubDate": pub_date,
        "updatedDate": updated,
        "img": article.lead_image.url if article.lead_image else None,
        "tags": list(article.categories),
        "date": conflict.date_text if conflict else None,
        "place": conflict.place if conflict else None,
        "conflict": to_dict(conflict) if conflict else None,
        "source": {
            "url": article.source.url,
            "revision": article.source.revision_id,
            "timestamp": article.source.timestamp,
            "licence": article.source.licence,
            "licence_url": article.source.licence_url,
            "attribution": article.source.attribution,
        },
    }
    required = {"description", "pubDate"}  # the original schema's required fields stay, even empty
    return {
        key: value
        for key, value in matter.items()
        if key in required or value not in (None, "", [])
    }


def to_markdown(article: Article, *, pub_date: str, updated: str | None = None) -> str:
    """The whole entry: `---` front matter `---`, a blank line, the body."""
    matter = front_matter(article, pub_date=pub_date, updated=updated)
    return frontmatter.compose(matter, article.markdown)


def to_json(article: Article) -> str:
    """The article as JSON (docs/article-json.md), keys in a fixed order, UTF-8, newline-ended."""
    return pretty_json(to_dict(article))


# Numbers orjson writes otherwise: 1e-05 to 1e-04 in full (0.00001) and one-digit exponents
# (1e-6 for 1e-06); in indented output a number ends its line or is followed by a comma. Both
# checks start with a literal, so they cost little; a string that happens to hold such
# characters only sends the data to the slower encoder.
_SHORT_EXPONENT = re.compile(r"e-\d(?:,?\n|\Z)")


def pretty_json(data: Any) -> str:
    """`json.dumps(data, ensure_ascii=False, indent=2)` and a newline, through orjson's encoder.

    The stdlib's encoder is pure Python once `indent` is given; orjson writes the same layout in
    C. Where the two would differ (numbers under 1e-4, integers beyond 64 bits, keys that are
    not strings) the stdlib writes it, so the text is always the stdlib's
    (tests/test_json_writing.py).
    """
    try:
        text = orjson.dumps(data, option=orjson.OPT_INDENT_2).decode("utf-8")
    except TypeError:  # an integer beyond 64 bits, a key that is not a string
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if "0.0000" in text or _SHORT_EXPONENT.search(text):
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    return text + "\n"

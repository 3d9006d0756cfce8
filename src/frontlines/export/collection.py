"""The original Front Lines site's collection from the store: `content/<theatre>/<slug>.md`
(front matter in its content schema plus ours: see entry.py) and `public/File<name>.yaml`, the
licence sidecar of each image whose licence is known, in the original's sidecar shape.

The Markdown renders the same in any CommonMark + GFM renderer with footnotes: bibliography
anchors are plain `<a id="..."></a>` (stores converted before they were get their attrs spans
`[]{#...}` rewritten), and an in-page link whose anchor is not in the same file keeps its text
but loses the link (it pointed nowhere).
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import unquote

import yaml

from frontlines.markdown_entry import to_markdown
from frontlines.publish.records import article_from_dict
from frontlines.store import ImageRecord, Store, StoredArticle

_ATTRS_SPAN = re.compile(r"\[\]\{#([^}\s]+)\}")
_ANCHOR = re.compile(r"""<a\s+(?:id|name)=["']([^"']+)["']""")
_LOCAL_LINK = re.compile(r"(?<!!)\[((?:[^\[\]]|\[[^\]]*\])*)\]\(#([^)\s]+)\)")


def portable_markdown(body: str) -> str:
    """Attrs-span anchors as HTML anchors; in-page links to missing anchors unlinked."""
    body = _ATTRS_SPAN.sub(lambda m: f'<a id="{html.escape(m.group(1))}"></a>', body)
    anchors = {html.unescape(a) for a in _ANCHOR.findall(body)}

    def link(match: re.Match[str]) -> str:
        return match.group(0) if unquote(match.group(2)) in anchors else match.group(1)

    return _LOCAL_LINK.sub(link, body)


def entry_text(stored: StoredArticle) -> str:
    data = dict(stored.article)
    data["markdown"] = portable_markdown(str(data.get("markdown") or ""))
    article = article_from_dict(data)
    return to_markdown(article, pub_date=stored.first_imported, updated=stored.updated)


def sidecar_name(file: str) -> str:
    return "File" + file.replace(" ", "_") + ".yaml"


def sidecar(record: ImageRecord, caption: str, alt: str) -> str:
    licence = {
        k: v
        for k, v in {
            "license": record.licence,
            "licenseUrl": record.licence_url,
            "artist": record.artist,
            "credit": record.credit,
            "attributionRequired": None
            if record.attribution_required is None
            else str(bool(record.attribution_required)).lower(),
        }.items()
        if v is not None
    }
    data = {
        "license": licence,
        "json": {
            "file": "File:" + record.file.replace(" ", "_"),
            "url": record.url,
            "descriptionUrl": record.description_url,
            "caption": caption,
        },
        "alt": alt,
        "caption": caption,
    }
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def write_collection(store: Store, out: Path, articles: Iterable[StoredArticle]) -> list[Path]:
    content, public = out / "content", out / "public"
    files: list[Path] = []
    used: dict[str, tuple[str, str]] = {}
    for stored in articles:
        path = content / stored.theatre / f"{stored.slug}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(entry_text(stored), encoding="utf-8")
        files.append(path)
        for image in stored.article.get("images") or ():
            used.setdefault(
                str(image.get("file")), (image.get("caption") or "", image.get("alt") or "")
            )
    records = store.images()
    for file, (caption, alt) in sorted(used.items()):
        record = records.get(file)
        if record is None or not record.licence:
            continue  # no licence known: no sidecar (the entry links the image on Commons)
        public.mkdir(parents=True, exist_ok=True)
        path = public / sidecar_name(file)
        path.write_text(sidecar(record, caption, alt), encoding="utf-8")
        files.append(path)
    return files


def write_jsonl(articles: Iterable[StoredArticle], path: Path) -> Path:
    """One article per line: the documented article JSON (docs/article-json.md) plus `theatre`,
    `pubDate` and `updatedDate`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as handle:
        for stored in articles:
            line = {
                **stored.article,
                "theatre": stored.theatre,
                "pubDate": stored.first_imported,
                "updatedDate": stored.updated,
            }
            handle.write(json.dumps(line, ensure_ascii=False) + "\n")
    return path

"""Images: `[[File:...]]` links, `<gallery>`, `<imagemap>`, and image parameters of templates.

An image in the body becomes a block: `![alt](URL)` and, when there is a caption, `*caption*`
on the next line. URLs point at Commons `Special:FilePath`. Image options (thumb, 250px,
upright=, link=, ...) never reach the output. Small captionless images (≤ 50 px: flag icons,
bullets) are decoration: dropped from the body and not listed.
"""

from __future__ import annotations

import re

from mwparserfromhell.nodes import Node, Tag, Text, Wikilink
from mwparserfromhell.wikicode import Wikicode

from frontlines.model import Image
from frontlines.parse import markup
from frontlines.parse.context import RenderContext
from frontlines.text.namespaces import FILE_NAMESPACES

_KEYWORDS = frozenset(
    {
        "thumb",
        "thumbnail",
        "frame",
        "framed",
        "frameless",
        "border",
        "left",
        "right",
        "center",
        "centre",
        "none",
        "baseline",
        "middle",
        "sub",
        "super",
        "text-top",
        "text-bottom",
        "top",
        "bottom",
        "upright",
        "loop",
        "muted",
        "noicon",
    }
)
_KEYED = re.compile(
    r"^\s*(alt|link|class|lang|page|thumbtime|start|end|upright|thumbnail|thumb|frame|"
    r"framed|frameless|border|size|width|height)\s*=",
    re.I,
)
_SIZE = re.compile(r"^\s*(\d*)\s*(?:x\s*(\d+))?\s*px\s*$", re.I)
_FILE_PREFIX = re.compile(
    r"^\s*(?:" + "|".join(sorted(map(re.escape, FILE_NAMESPACES))) + r")\s*:\s*", re.I
)
ICON_MAX_PX = 50


def normalise_file(name: str) -> str:
    """A file name as Commons knows it: no prefix, spaces, first letter upper case."""
    name = markup.collapse(_FILE_PREFIX.sub("", name).replace("_", " "))
    return name[:1].upper() + name[1:]


def split_pipes(code: Wikicode | None) -> list[Wikicode]:
    """Split a fragment at its top-level `|` (pipes inside links and templates stay)."""
    if code is None:
        return []
    parts: list[list[Node]] = [[]]
    for node in code.nodes:
        if isinstance(node, Text) and "|" in node.value:
            pieces = node.value.split("|")
            for index, piece in enumerate(pieces):
                if index:
                    parts.append([])
                if piece:
                    parts[-1].append(Text(piece))
        else:
            parts[-1].append(node)
    return [Wikicode(nodes) for nodes in parts]


def render_file_link(node: Wikilink, file: str, r: RenderContext) -> str:
    """`[[File:X|options|caption]]` → an image block (Markdown) or nothing (plain text)."""
    if not r.markdown:
        return ""
    caption: Wikicode | None = None
    alt = ""
    width = 0
    for part in split_pipes(node.text):
        raw = str(part).strip()
        lowered = raw.lower()
        size = _SIZE.match(raw)
        if size:
            width = int(size.group(1) or size.group(2) or 0)
        elif lowered.startswith("alt") and _KEYED.match(raw):
            alt = r.plain(raw.partition("=")[2])
        elif lowered in _KEYWORDS or _KEYED.match(raw):
            continue
        else:
            caption = part
    return image_block(r, file, caption, alt=alt, width=width)


def image_block(
    r: RenderContext, file: str, caption: Wikicode | str | None, *, alt: str = "", width: int = 0
) -> str:
    """Record an image and return its block placeholder (or "" for icons and plain text)."""
    name = normalise_file(file)
    if not r.markdown or not name or "{{" in name or "[" in name:
        return ""
    caption_md = r.inline(caption).strip() if caption is not None else ""
    caption_text = r.plain(caption) if caption is not None else ""
    if not caption_text and 0 < width <= ICON_MAX_PX:
        return ""
    url = markup.file_url(name)
    r.state.add_image(Image(file=name, url=url, caption=caption_text, alt=alt))
    picture = f"![{markup.escape(alt or caption_text)}]({url})"
    mark = "_" if "*" in caption_md else "*"
    text = picture + (f"\n{markup.emphasis(caption_md, mark)}" if caption_md else "")
    return r.state.block(text, picture, "image")


def render_gallery(node: Tag, r: RenderContext) -> str:
    """`<gallery>` lines (`File:X.jpg|caption`) → image blocks."""
    from frontlines.parse.wikitext import parse

    if node.contents is None or not r.markdown:
        return ""
    out: list[str] = []
    for line in str(node.contents).split("\n"):
        file, _, caption = line.strip().partition("|")
        if not file.strip():
            continue
        parts = split_pipes(parse(caption)) if caption else []
        text = parts[-1] if parts and not _is_option(str(parts[-1])) else None
        out.append(image_block(r, file, text))
    return "".join(out)


def render_imagemap(node: Tag, r: RenderContext) -> str:
    """`<imagemap>`: its first line names the image; the clickable areas are dropped."""
    from frontlines.parse.wikitext import parse

    if node.contents is None:
        return ""
    for line in str(node.contents).split("\n"):
        if line.strip():
            code = parse("[[" + _FILE_PREFIX.sub("File:", line.strip(), count=1) + "]]")
            return r.render(code)
    return ""


def _is_option(raw: str) -> bool:
    raw = raw.strip()
    return raw.lower() in _KEYWORDS or bool(_KEYED.match(raw) or _SIZE.match(raw))


def image_from_value(
    r: RenderContext, value: Wikicode | None, caption: Wikicode | None
) -> Image | None:
    """The image an infobox parameter names (`X.jpg`, `File:X.jpg` or `[[File:X.jpg|..]]`)."""
    if value is None:
        return None
    for link in value.filter_wikilinks(recursive=False):
        title = str(link.title).strip()
        if _FILE_PREFIX.match(title):
            name = normalise_file(title)
            alt = ""
            return Image(file=name, url=markup.file_url(name), caption=r.plain(caption), alt=alt)
    text = r.plain(value)
    if not text or not re.search(r"\.(jpe?g|png|gif|svg|tiff?|webp|xcf|pdf|djvu)$", text, re.I):
        return None
    name = normalise_file(text)
    return Image(file=name, url=markup.file_url(name), caption=r.plain(caption))

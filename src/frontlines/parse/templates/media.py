"""Templates that show images: `{{multiple image}}`, `{{double image}}`, `{{image frame}}` and
relatives → one image block per image (options dropped, captions kept)."""

from __future__ import annotations

from types import MappingProxyType

from mwparserfromhell.nodes import Template

from frontlines.parse.context import Handler, RenderContext
from frontlines.parse.images import image_block
from frontlines.parse.params import plain_of


def _multiple(template: Template, r: RenderContext) -> str:
    """`{{multiple image|image1=A.jpg|caption1=...|image2=...}}`."""
    out: list[str] = []
    for index in range(1, 11):
        file = plain_of(template, r, f"image{index}")
        if not file:
            continue
        caption = r.arg(template, f"caption{index}")
        alt = plain_of(template, r, f"alt{index}")
        out.append(image_block(r, file, caption, alt=alt))
    footer = r.arg(template, "footer")
    if footer is not None and r.markdown:
        text = r.inline(footer).strip()
        if text:
            out.append(r.state.block(r.emphasis(text, "*"), text, "caption"))
    return "".join(out)


def _double(template: Template, r: RenderContext) -> str:
    """`{{double image|right|A.jpg|200|B.jpg|200|caption A|caption B}}`."""
    out = []
    for file_key, caption_key in ((2, 6), (4, 7)):
        file = plain_of(template, r, file_key)
        if file:
            out.append(image_block(r, file, r.arg(template, caption_key)))
    return "".join(out)


def _frame(template: Template, r: RenderContext) -> str:
    """`{{image frame|content=[[File:...]]|caption=...}}`: the content's images, caption."""
    content = r.arg(template, "content")
    text = r.render(content) if content is not None else ""
    caption = r.arg(template, "caption")
    if caption is not None and r.markdown:
        line = r.inline(caption).strip()
        if line:
            text += r.state.block(r.emphasis(line, "*"), line, "caption")
    return text


def _single(template: Template, r: RenderContext) -> str:
    """`{{wide image|File.jpg|width|caption}}`, `{{panorama}}`, `{{css image crop}}`."""
    file = plain_of(template, r, "image", 1)
    caption = r.arg(template, "caption") or r.arg(template, 3)
    return image_block(r, file, caption) if file else ""


HANDLERS: MappingProxyType[str, Handler] = MappingProxyType(
    {
        "multiple image": _multiple,
        "multiple images": _multiple,
        "auto images": _multiple,
        "double image": _double,
        "image frame": _frame,
        "wide image": _single,
        "panorama": _single,
        "css image crop": _single,
        "annotated image": _single,
        "photomontage": _multiple,
    }
)

"""Body images as figures: `![alt](URL)` with its `*caption*` line becomes one `<figure>`.

The converter writes an image as a paragraph of its own: the picture, then (on the next line)
the caption in emphasis. `figure_rule` turns such a paragraph into `<figure>` with the caption
and the credit in `<figcaption>`. The picture is the site's own thumbnail (`<img srcset
loading=lazy alt>`, from `env["figures"]`, filled by the page from the media cache); without a
cached file it is one discreet link to the file page, and the caption is still shown once.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import unquote

from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererHTML
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from frontlines.publish.media import Picture
from frontlines.publish.views import Credit

__all__ = ["FigureInfo", "credit_html", "figure_rule", "file_of_url", "render_image"]

_FILE_PATH = re.compile(r"/(?:wiki/)?Special:FilePath/(?P<name>[^?#]+)$")


@dataclass(frozen=True, slots=True)
class FigureInfo:
    picture: Picture | None
    credit: Credit


def file_of_url(url: str) -> str | None:
    """The file name a Commons `Special:FilePath` URL names (spaces, not underscores)."""
    match = _FILE_PATH.search(url)
    return unquote(match.group("name")).replace("_", " ") if match else None


def credit_html(credit: Credit) -> str:
    """ "Image: author, licence (linked), file page (linked)", escaped."""
    parts = []
    if credit.author:
        parts.append(escapeHtml(credit.author))
    licence = escapeHtml(credit.licence)
    if credit.licence_url:
        licence = f'<a href="{escapeHtml(credit.licence_url)}" rel="license">{licence}</a>'
    parts.append(licence)
    parts.append(f'<a href="{escapeHtml(credit.page_url)}">file page</a>')
    return f'<span class="credit">Image: {", ".join(parts)}</span>'


def img_html(picture: Picture, alt: str) -> str:
    height = f' height="{picture.height}"' if picture.height else ""
    return (
        f'<img src="{escapeHtml(picture.src)}" srcset="{escapeHtml(picture.srcset)}" '
        f'sizes="{escapeHtml(picture.sizes)}" width="{picture.width}"{height} '
        f'alt="{escapeHtml(alt)}" loading="lazy">'
    )


def _is_figure(children: Sequence[Token]) -> bool:
    if not children or children[0].type != "image":
        return False
    rest = list(children[1:])
    if not rest:
        return True
    return (
        rest[0].type in ("softbreak", "hardbreak")
        and len(rest) >= 3
        and rest[1].type == "em_open"
        and rest[-1].type == "em_close"
    )


def figure_rule(state: StateCore) -> None:
    """Paragraphs that are an image (and its caption) become figure tokens."""
    tokens = state.tokens
    for index in range(1, len(tokens) - 1):
        opening, inline, closing = tokens[index - 1], tokens[index], tokens[index + 1]
        if opening.type != "paragraph_open" or closing.type != "paragraph_close":
            continue
        children = inline.children or []
        if inline.type != "inline" or not _is_figure(children):
            continue
        opening.type, opening.tag = "figure_open", "figure"
        closing.type, closing.tag = "figure_close", "figure"
        image = children[0]
        caption = children[3:-1] if len(children) > 1 else []
        image.meta = {**(image.meta or {}), "caption": bool(caption)}
        inline.children = [
            image,
            Token("figcaption_open", "figcaption", 1),
            *caption,
            Token("figcaption_close", "figcaption", -1, meta={"src": image.attrGet("src")}),
        ]


def _info(env: EnvType, src: str) -> FigureInfo | None:
    figures: Mapping[str, FigureInfo] = env.get("figures") or {}
    file = file_of_url(src)
    return figures.get(file) if file else None


def render_figure_open(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    return '<figure class="body-image">\n'


def render_figure_close(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    return "</figure>\n"


def render_figcaption_open(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    return '<figcaption><span class="caption">'


def render_figcaption_close(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    info = _info(env, str(tokens[idx].meta.get("src") or ""))
    credit = f" {credit_html(info.credit)}" if info is not None and info.picture else ""
    return f"</span>{credit}</figcaption>"


def render_image(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    """The site's own thumbnail, a remote `<img>` (--remote-images) or one discreet link."""
    token = tokens[idx]
    src = str(token.attrGet("src") or "")
    alt = self.renderInlineAsText(token.children or [], options, env)
    info = _info(env, src)
    if info is not None and info.picture is not None:
        return img_html(info.picture, alt)
    if env.get("remote_images"):
        return f'<img src="{escapeHtml(src)}" alt="{escapeHtml(alt)}" loading="lazy">'
    href = info.credit.page_url if info is not None else src
    label = "Image" if (token.meta or {}).get("caption") else f"Image: {alt or 'file'}"
    return f'<a class="image-link" href="{escapeHtml(href)}">{escapeHtml(label)}</a> '

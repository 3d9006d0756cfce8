"""A whole article to Markdown: `render_document`; a fragment to plain text: `plain_text`.

The document is cut at its top-level headings; each part is rendered, assembled into Markdown
lines, and empty sections are dropped (a heading stays when it or a subsection has content).
The footnote definitions stand where the article's reference lists stand (`{{reflist}}`,
`<references/>`, `{{notelist}}`), under their own headings, as Wikipedia shows them; without a
list they follow the last section. Other reference-list sections end up empty and go.
Neither function changes the tree it is given.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from mwparserfromhell.nodes import Heading, Node, Tag
from mwparserfromhell.wikicode import Wikicode

from frontlines.model import Image, Issue, Reference, Section
from frontlines.parse import markup
from frontlines.parse.blocks import assemble
from frontlines.parse.footnotes import MISSING_TEXT
from frontlines.parse.images import image_from_value
from frontlines.parse.index import TreeIndex
from frontlines.parse.infobox_refs import register_infobox_refs
from frontlines.parse.nodes import Renderer, tidy_plain
from frontlines.parse.refs import LIST_MARK, attribute, build_reference
from frontlines.parse.state import LINK_CLOSE, LINK_OPEN, LIST_OPEN, DocumentState
from frontlines.parse.wikitext import template_name
from frontlines.text.anchors import Anchors

__all__ = ["RenderedDocument", "plain_text", "render_document"]

_INFOBOX_IMAGE = ("image", "image_name", "image_file", "img", "image1", "photo", "map")
_INFOBOX_CAPTION = ("caption", "image_caption", "imagecaption", "caption1", "map_caption")
_PARAGRAPHS = re.compile(r"\n[ \t]*\n")
_LINK_MARKS = re.compile(f"{LINK_CLOSE}[^{LINK_CLOSE}]*{LINK_CLOSE}|{LINK_OPEN}")
_TABLE_STRUCTURE = re.compile(r"^[ \t:]*(?:\\\{\\\|.*|\\\|-+[ \t]*|\\\|\\\}[ \t]*)$", re.M)


@dataclass(frozen=True, slots=True)
class RenderedDocument:
    markdown: str  # body: lead + sections, footnote definitions where the reference lists are
    sections: tuple[Section, ...]  # the lead is level 1 with title ""
    references: tuple[Reference, ...]  # in the order the page lists them
    bibliography: tuple[str, ...]  # Markdown of bibliography entries (cite templates outside refs)
    images: tuple[Image, ...]  # every image the article shows (infobox image first)
    lead_image: Image | None
    short_description: str | None
    description: str  # plain text of the lead's first paragraph
    categories: tuple[str, ...]
    issues: tuple[Issue, ...]
    # the body with its wikilinks marked (state.LINK_OPEN ...) when rendered without links
    marked_markdown: str = ""
    infobox_refs: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Footnote ids of each ref inside the infobox, by its wikitext (parse/infobox_refs.py)."""


@dataclass(slots=True)
class _Part:
    title: str
    level: int
    nodes: list[Node] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)


def _split(code: Wikicode, r: Renderer) -> list[_Part]:
    parts = [_Part("", 1)]
    for node in code.nodes:
        if isinstance(node, Heading):
            title = r.plain(node.title)
            if title:
                parts.append(_Part(title, max(2, min(int(node.level), 6))))
                continue
        parts[-1].nodes.append(node)
    return parts


_LABEL = re.compile(r"\*\*[^*\n].*\*\*")


def _without_empty_labels(lines: list[str]) -> list[str]:
    """Bold label lines that label nothing (`;Footnotes` over a `{{notelist}}` whose notes
    went to the footnotes) are dropped, so a section of such labels counts as empty."""
    kept: list[str] = []
    for index, line in enumerate(lines):
        if _LABEL.fullmatch(line):
            after = next((later for later in lines[index + 1 :] if later.strip()), None)
            if after is None or _LABEL.fullmatch(after):
                continue
        kept.append(line)
    while kept and not kept[-1].strip():
        kept.pop()
    return kept if any(line.strip() for line in kept) else []


def _kept(parts: list[_Part]) -> list[bool]:
    """Which parts to keep: those with content, and headings over a subsection with content."""
    keep = [bool(part.lines) for part in parts]
    keep[0] = True
    for index in range(len(parts) - 1, 0, -1):
        if keep[index]:
            continue
        for later in range(index + 1, len(parts)):
            if parts[later].level <= parts[index].level:
                break
            if keep[later]:
                keep[index] = True
                break
    return keep


def _lead_image(code: Wikicode, r: Renderer) -> Image | None:
    for template in code.filter_templates(recursive=False):
        if not template_name(template).startswith("infobox"):
            continue
        for key in _INFOBOX_IMAGE:
            if template.has(key, ignore_empty=True):
                caption = next(
                    (template.get(c).value for c in _INFOBOX_CAPTION if template.has(c)), None
                )
                image = image_from_value(r, template.get(key).value, caption)
                if image is not None:
                    return image
    return None


def _description(nodes: list[Node], state: DocumentState) -> str:
    renderer = Renderer(state, markdown=False, lines=True, refs=False)
    prose = [node for node in nodes if not (isinstance(node, Tag) and node.tag == "table")]
    text = renderer.render(Wikicode(prose))
    for paragraph in _PARAGRAPHS.split(text):
        stripped = paragraph.strip()
        if not stripped or stripped.startswith(LIST_OPEN):
            continue
        plain = tidy_plain(paragraph, lines=False)
        if sum(ch.isalpha() for ch in plain) >= 3:
            return plain
    return ""


def _define_elsewhere(index: TreeIndex, renderer: Renderer) -> None:
    """Named refs the body uses but whose text stands only where the body is not rendered.

    An article may define `<ref name=x>...</ref>` inside its infobox (shown as a card, not in
    the body) and reuse `<ref name=x/>` in the text; the definition is looked up there.
    """
    footnotes = renderer.state.footnotes
    wanted = {
        (entry.group, entry.reference.name): entry
        for entry in footnotes.entries
        if entry.reference.name and not entry.defined
    }
    if not wanted:
        return
    for tag in index.refs:
        if tag.self_closing or tag.contents is None or not str(tag.contents).strip():
            continue
        entry = wanted.pop((attribute(tag, "group"), attribute(tag, "name")), None)
        if entry is not None:
            footnotes.define(entry, build_reference(renderer, tag.contents))
        if not wanted:
            return


def _footnote_lines(references: Sequence[Reference]) -> list[str]:
    return [f"[^{ref.id}]: {ref.text or MISSING_TEXT}" for ref in references]


def _place_footnotes(
    parts: list[_Part], references: tuple[Reference, ...]
) -> tuple[list[Reference], tuple[Reference, ...]]:
    """Footnote definitions where the article's reference lists stand: (those left over for
    the end, every reference in the order the page now lists them).

    Citations go to the first list of no group (`{{reflist}}`, `<references/>`), notes to the
    first list of a group (`{{notelist}}`, `<references group=note/>`), or after the
    citations when there is none. Lists that get nothing leave no trace.
    """
    marks = [
        (part, line[len(LIST_MARK) :])
        for part in parts
        for line in part.lines
        if line.startswith(LIST_MARK)
    ]
    citations = [ref for ref in references if ref.kind != "note"]
    notes = [ref for ref in references if ref.kind == "note"]
    cite_at = next((index for index, (_, group) in enumerate(marks) if not group), None)
    note_at = next((index for index, (_, group) in enumerate(marks) if group), cite_at)
    placed: dict[int, list[Reference]] = {}
    if cite_at is not None:
        placed.setdefault(cite_at, []).extend(citations)
    if note_at is not None:
        placed.setdefault(note_at, []).extend(notes)
    left = (citations if cite_at is None else []) + (notes if note_at is None else [])
    position = 0
    order: list[Reference] = []
    for part in parts:
        lines: list[str] = []
        for line in part.lines:
            if not line.startswith(LIST_MARK):
                lines.append(line)
                continue
            here = placed.get(position, [])
            position += 1
            if here:
                lines += ["", *_footnote_lines(here), ""]
                order += here
        while lines and not lines[-1].strip():
            lines.pop()
        while lines and not lines[0].strip():
            lines.pop(0)
        part.lines = lines
    return left, tuple(order + left)


def _unlink_short(references: tuple[Reference, ...], anchors: set[str]) -> tuple[Reference, ...]:
    """Short refs whose bibliography entry is absent keep their text but lose the dead link."""
    fixed = []
    for ref in references:
        if ref.kind == "short" and ref.target and ref.target not in anchors:
            text = re.sub(r"^\[(.*?)\]\(#[^)]*\)", r"\1", ref.text)
            ref = Reference(**{**{f: getattr(ref, f) for f in ref.__slots__}, "text": text})
        fixed.append(ref)
    return tuple(fixed)


def render_document(
    code: Wikicode,
    *,
    title: str,
    site: str = "https://en.wikipedia.org",
    links: bool = False,
    index: TreeIndex | None = None,
) -> RenderedDocument:
    """Render a parsed article to Markdown plus what the article says about itself.

    `index`, the document's `TreeIndex` when the caller has it already, saves a walk.
    """
    state = DocumentState(title=title, site=site, links=links, mark_links=not links)
    renderer = Renderer(state)
    parts = _split(code, renderer)
    for part in parts:
        part.lines = assemble(renderer.render(Wikicode(part.nodes)), state)
    lead_image = _lead_image(code, renderer)
    if lead_image is not None:
        state.images.insert(0, lead_image)
        state.images[1:] = [image for image in state.images[1:] if image.file != lead_image.file]
    # The lead's first paragraph; a page with no lead text uses its first section's.
    description = next(filter(None, (_description(part.nodes, state) for part in parts)), "")
    in_body = {entry.reference.id for entry in state.footnotes.entries if entry.uses}
    infobox_refs = register_infobox_refs(code, renderer)
    _define_elsewhere(index or TreeIndex(code), renderer)
    references = _unlink_short(state.footnotes.references(), state.anchors)
    for ref in references:
        if ref.text == MISSING_TEXT and ref.name:
            state.issue(
                "missing_reference", f"Ref {ref.name!r} is used but never defined", ref.name
            )
    shown = tuple(ref for ref in references if ref.id in in_body)  # the card's own: JSON only
    unplaced, ordered = _place_footnotes(parts, shown)
    references = ordered + tuple(ref for ref in references if ref.id not in in_body)
    for part in parts:
        if part.title:  # a section (not the lead) of labels alone counts as empty
            part.lines = _without_empty_labels(part.lines)
    lines: list[str] = []
    sections: list[Section] = []
    anchors = Anchors()
    for part, keep in zip(parts, _kept(parts), strict=True):
        if not keep:
            continue
        anchor = anchors.claim(part.title) if part.title else ""
        sections.append(Section(title=part.title, level=part.level, anchor=anchor))
        if part.title:
            lines += ["", "#" * part.level + " " + markup.escape(part.title), ""]
        lines += part.lines
    if unplaced:
        lines += ["", *_footnote_lines(unplaced)]
    marked = "\n".join(lines)
    if "\\|" in marked:  # table structure the parser could not build: markup, never words
        marked = _TABLE_STRUCTURE.sub("", marked)
    marked = re.sub(r"\n{3,}", "\n\n", marked).strip() + "\n"
    body = _LINK_MARKS.sub("", marked) if LINK_OPEN in marked else marked
    if "''" in body:  # apostrophes from separate nodes meeting: never wiki markup
        body = body.replace("''", "'&#39;")
    return RenderedDocument(
        markdown=body,
        marked_markdown=marked if body is not marked else "",
        sections=tuple(sections),
        references=references,
        bibliography=tuple(_LINK_MARKS.sub("", entry) for entry in state.bibliography),
        images=tuple(state.images),
        lead_image=lead_image or (state.images[0] if state.images else None),
        short_description=state.short_description,
        description=description,
        categories=tuple(state.categories),
        issues=tuple(state.issues),
        infobox_refs=infobox_refs,
    )


def plain_text(value: Wikicode | Node | str, *, lines: bool = False) -> str:
    """Clean plain text of a fragment (typically an infobox parameter value).

    Links show their text, templates their text (flag → country name, flagicon → nothing,
    convert, lang, nowrap ...), refs/efn/sfn/comments/images vanish, bold and italic marks go.
    With `lines`, `<br>` and list items stay separate lines ("- " before list items);
    otherwise all whitespace collapses to single spaces. A string is parsed as wikitext.
    """
    from frontlines.parse.wikitext import parse

    if isinstance(value, str):
        value = parse(value)
    state = DocumentState(title="")
    renderer = Renderer(state, markdown=False, lines=lines, refs=False)
    return tidy_plain(renderer.render(value), lines=lines)

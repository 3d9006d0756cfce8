"""`<ref>` and `<references>`: footnote marks where refs are used, definitions gathered.

A ref becomes `[^id]` at the point of use. Its text is rendered once, as one line of Markdown;
when it is a citation template, the `Reference` fields are filled from it too.
"""

from __future__ import annotations

from mwparserfromhell.nodes import Comment, Node, Tag, Template, Text
from mwparserfromhell.wikicode import Wikicode

from frontlines.model import Reference
from frontlines.parse.context import RenderContext
from frontlines.parse.footnotes import FootnoteEntry
from frontlines.parse.wikitext import template_name


def attribute(node: Tag, name: str) -> str:
    """A tag attribute's value, quotes and spaces stripped ("" when absent)."""
    if not node.has(name):
        return ""
    value = node.get(name).value
    return str(value).strip().strip("\"'").strip() if value is not None else ""


def mark(r: RenderContext, entry: FootnoteEntry) -> str:
    ident = entry.reference.id
    return f"[^{ident}]" if r.markdown else f"[{ident}]"


def _has_text(contents: Wikicode) -> bool:
    """`bool(str(contents).strip())` without writing the text out: every node but a Text shows
    some markup, so only Text nodes can be blank."""
    return any(type(node) is not Text or node.value.strip() for node in contents.nodes)


def render_ref(node: Tag, r: RenderContext) -> str:
    if not r.refs:
        return ""
    name = attribute(node, "name") or None
    group = attribute(node, "group")
    contents = None if node.self_closing else node.contents
    has_text = contents is not None and _has_text(contents)
    if not has_text and name is None:
        return ""
    entry = r.state.footnotes.use(kind="note" if group else "citation", group=group, name=name)
    if has_text and not entry.defined:
        r.state.footnotes.define(entry, build_reference(r, contents))
    return mark(r, entry)


def footnote(
    r: RenderContext, contents: Wikicode | None, *, kind: str, group: str, name: str | None
) -> str:
    """A footnote from a template (`{{efn}}`, `{{refn}}`, `{{#tag:ref}}`)."""
    if not r.refs:
        return ""
    has_text = contents is not None and _has_text(contents)
    if not has_text and name is None:
        return ""
    entry = r.state.footnotes.use(kind=kind, group=group, name=name)
    if has_text and not entry.defined:
        r.state.footnotes.define(entry, build_reference(r, contents))
    return mark(r, entry)


def define_list(r: RenderContext, contents: Wikicode | None, group: str) -> None:
    """Definitions given in `<references>...</references>` or `{{reflist|refs=...}}`."""
    if contents is None or not r.refs:
        return
    for tag in contents.filter_tags(recursive=False, matches=lambda n: str(n.tag).lower() == "ref"):
        name = attribute(tag, "name")
        if not name or tag.self_closing or tag.contents is None:
            continue
        ref_group = attribute(tag, "group") or group
        kind = "note" if ref_group else "citation"
        entry = r.state.footnotes.define_unused(ref_group, name, kind)
        if not entry.defined:
            r.state.footnotes.define(entry, build_reference(r, tag.contents))


LIST_MARK = "\x07references:"
"""A line `LIST_MARK + group` stands where a reference list was; `render_document` puts the
footnote definitions of that list there (under the list's own heading, as Wikipedia does)."""


def list_mark(r: RenderContext, group: str) -> str:
    """The placeholder for a `<references/>` or `{{reflist}}` of `group` ("" for citations)."""
    if not (r.refs and r.markdown) or r.state.in_reference:
        return ""
    return r.state.block(LIST_MARK + group, "", "references")


def render_references(node: Tag, r: RenderContext) -> str:
    group = attribute(node, "group")
    define_list(r, node.contents if not node.self_closing else None, group)
    return list_mark(r, group)


def build_reference(r: RenderContext, contents: Wikicode | None) -> Reference:
    """The text (one line of Markdown) and, for a citation template, the fields of a ref."""
    from frontlines.parse.templates.citations import citation_fields, is_citation

    r.state.in_reference += 1
    try:
        text = r.inline(contents).strip()
        template = _first_template(contents)
        if template is not None and is_citation(template_name(template)):
            fields = citation_fields(template, r)
            return Reference(id="", kind="citation", text=text, **fields)
        return Reference(id="", kind="citation", text=text)
    finally:
        r.state.in_reference -= 1


def _first_template(contents: Wikicode | None) -> Template | None:
    if contents is None:
        return None
    for node in contents.nodes:
        if isinstance(node, Template):
            return node
        if isinstance(node, Comment) or (isinstance(node, Text) and not node.value.strip()):
            continue
        if isinstance(node, Node):
            return None
    return None

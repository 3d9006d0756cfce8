"""The node renderer: one Wikicode tree (or fragment) to Markdown or to plain text.

Output is an intermediate string: inline Markdown plus line-level marks (list markers, block
placeholders, hard breaks; see `state`) that `blocks.assemble` turns into final Markdown.
Plain mode gives text with no marks at all. The tree is only read, never changed.

Recursion is bounded: past `MAX_DEPTH` nested nodes, a subtree is flattened to its text with an
explicit stack and an issue is recorded.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping
from typing import Any

from mwparserfromhell.nodes import (
    Argument,
    Comment,
    ExternalLink,
    Heading,
    HTMLEntity,
    Node,
    Tag,
    Template,
    Text,
    Wikilink,
)
from mwparserfromhell.wikicode import Wikicode

from frontlines.parse import markup, tags
from frontlines.parse.images import render_file_link
from frontlines.parse.params import Params
from frontlines.parse.state import (
    HARD_BREAK,
    LINK_CLOSE,
    LINK_OPEN,
    LIST_CLOSE,
    LIST_OPEN,
    DocumentState,
)
from frontlines.parse.templates import render_template
from frontlines.text.namespaces import CATEGORY_NAMESPACES, FILE_NAMESPACES, OTHER_NAMESPACES

_NOT_IN_TITLES = re.compile(r"[<>\[\]{}|\n\x0e\x0f]")  # what a page title never holds

MAX_DEPTH = 60
_MAGIC_WORD = re.compile(r"__[A-Z]{2,}(?:_[A-Z]+)*__")
_APOSTROPHES = re.compile(r"''+")
_FILE_OR_CATEGORY = FILE_NAMESPACES | CATEGORY_NAMESPACES
_INTERLANGUAGE = re.compile(r"^[a-z]{2,3}(?:-[a-z]{2,8}){0,2}$")


class Renderer:
    """Renders nodes for one document; `markdown=False` gives plain text."""

    def __init__(
        self,
        state: DocumentState,
        *,
        markdown: bool = True,
        lines: bool = False,
        refs: bool | None = None,
    ) -> None:
        self.state = state
        self.markdown = markdown
        self.lines = lines  # plain mode: keep list items and <br> as separate lines
        self.refs = markdown if refs is None else refs  # register footnotes and show marks
        self.depth = 0
        self.in_cell = 0  # tables being rendered inside a table cell (tables.py)
        self._twins: dict[bool, Renderer] = {}
        self._dispatch: dict[type, Callable[[Any], str]] = {
            Text: self._text,
            Template: self._template,
            Wikilink: self._wikilink,
            Tag: self._tag,
            ExternalLink: self._external_link,
            HTMLEntity: self._entity,
            Comment: _nothing,
            Heading: self._heading,
            Argument: self._argument,
        }

    # -- entry points -------------------------------------------------------------------------
    def render(self, value: Wikicode | Node | str | None) -> str:
        """Render a fragment; a string is treated as already plain text."""
        if value is None:
            return ""
        if isinstance(value, str):
            return markup.escape(value) if self.markdown else value
        if self.depth >= MAX_DEPTH:
            self.state.issue("too_deep", "Markup nested too deeply; flattened to text", "depth")
            text = flatten_text(value)
            return markup.escape(text) if self.markdown else text
        self.depth += 1
        try:
            if isinstance(value, Wikicode):
                dispatch = self._dispatch
                return "".join([dispatch.get(type(node), _nothing)(node) for node in value.nodes])
            return self._dispatch.get(type(value), _nothing)(value)
        finally:
            self.depth -= 1

    def plain(self, value: Wikicode | Node | str | None, *, lines: bool = False) -> str:
        """Plain text of a fragment, whitespace collapsed (lines kept when `lines`)."""
        if value is None:
            return ""
        renderer = self if (not self.markdown and self.lines == lines) else self.sibling(lines)
        text = renderer.render(value)
        return tidy_plain(text, lines=lines)

    def sibling(self, lines: bool = False) -> Renderer:
        """A plain-text renderer on the same state (footnotes are not registered)."""
        twin = self._twins.get(lines)
        if twin is None:
            twin = Renderer(self.state, markdown=False, lines=lines, refs=False)
            self._twins[lines] = twin
        twin.depth = self.depth
        return twin

    def inline(self, value: Wikicode | Node | str | None) -> str:
        """One line of Markdown (or plain text): blocks and lists flattened."""
        text = self.render(value)
        if self.markdown:
            from frontlines.parse.blocks import flatten

            return flatten(text, self.state)
        return tidy_plain(text, lines=False)

    def text(self, value: str) -> str:
        """Literal text in the current mode (escaped in Markdown)."""
        return markup.escape(value) if self.markdown else value

    def emphasis(self, text: str, mark: str) -> str:
        return markup.emphasis(text, mark) if self.markdown else text

    def link(self, target: str, text: str) -> str:
        """A wikilink to `target` showing `text` (already rendered)."""
        if self.markdown and self.state.links and target and text.strip():
            return markup.link(text, markup.page_url(self.state.site, target))
        if (
            self.state.mark_links
            and self.markdown
            and self.refs
            and target
            and text.strip()
            and not _NOT_IN_TITLES.search(target)  # MediaWiki makes no link of such a target
        ):
            if not self.state.in_reference:  # spaces stay outside, where they collapse
                core = text.strip()
                lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
                return f"{lead}{LINK_OPEN}{core}{LINK_CLOSE}{target}{LINK_CLOSE}{trail}"
        return text

    def list_item(self, marker: str, text: str) -> str:
        """A list line in the current mode."""
        return f"\n{LIST_OPEN}{marker}{LIST_CLOSE}{text}"

    def line_break(self) -> str:
        return HARD_BREAK if self.markdown else "\n"

    def arg(self, template: Template, key: str | int) -> Wikicode | None:
        """A template parameter's value by name or position; None when missing or blank."""
        return self.params(template).arg(key)

    def filled(self, template: Template) -> Mapping[str, Wikicode]:
        """The template's non-blank parameters by stripped name (cached)."""
        return self.params(template).filled

    def positional(self, template: Template) -> list[Wikicode]:
        """Positional parameter values in order 1, 2, 3, ... (blank ones kept)."""
        return self.params(template).positional()

    def params(self, template: Template) -> Params:
        """The template's parameters (`parse.params.Params`), read once per document."""
        cache = self.state.param_cache
        found = cache.get(id(template))
        if found is None or found.template is not template:
            found = cache[id(template)] = Params.of(template)
        return found

    # -- nodes --------------------------------------------------------------------------------
    def _text(self, node: Text) -> str:
        value: str = node.value
        if "__" in value:
            value = _MAGIC_WORD.sub("", value)
        if "''" in value:
            value = _APOSTROPHES.sub("", value)
        return markup.escape(value) if self.markdown else value

    def _entity(self, node: HTMLEntity) -> str:
        try:
            char = node.normalize()
        except (ValueError, OverflowError):
            char = html.unescape(str(node))
        if not self.markdown:
            return " " if char == "\u00a0" else char
        return "&#39;" if char == "'" else markup.escape(char)

    def _argument(self, node: Argument) -> str:
        return self.render(node.default) if node.default is not None else ""

    def _heading(self, node: Heading) -> str:
        title = self.plain(node.title)
        if not self.markdown:
            return f"\n{title}\n"
        return f"\n\n{markup.emphasis(markup.escape(title), '**')}\n\n"

    def _template(self, node: Template) -> str:
        return render_template(node, self)

    def _tag(self, node: Tag) -> str:
        return tags.render_tag(node, self)

    def _wikilink(self, node: Wikilink) -> str:
        title = flatten_text(node.title).strip()
        colon = title.startswith(":")
        title = title.lstrip(":").strip()
        prefix, sep, rest = title.partition(":")
        space = prefix.strip().lower()
        if sep and not colon:
            if space in FILE_NAMESPACES:
                return render_file_link(node, rest.strip(), self)
            if space in CATEGORY_NAMESPACES:
                self.state.add_category(markup.collapse(rest.replace("_", " ")))
                return ""
            if _INTERLANGUAGE.match(space) and space not in OTHER_NAMESPACES:
                return ""
        if node.text is not None:
            shown = self.render(node.text)
            if not shown.strip() and not str(node.text).strip():  # pipe trick [[X (y)|]]
                shown = self.text(re.sub(r"\s*\(.*\)$", "", title.partition(":")[2] or title))
        else:
            shown = self.text(title.replace("_", " "))
        if sep and (space in OTHER_NAMESPACES or space in _FILE_OR_CATEGORY):
            if node.text is None and space in _FILE_OR_CATEGORY:
                shown = self.text(rest.strip().replace("_", " "))  # [[:Category:X]] → "X"
            return shown
        return self.link(title, shown)

    def _external_link(self, node: ExternalLink) -> str:
        raw = flatten_text(node.url).strip()
        if "__" in raw:  # MediaWiki takes out __NOTOC__ and the like before it finds links
            raw = _MAGIC_WORD.sub("", raw)
        url = markup.safe_url(raw)
        shown = self.render(node.title).strip() if node.title is not None else ""
        if not self.markdown:
            return shown or (raw if url else "")
        if url is None:
            return shown
        if not shown:
            return f"<{url}>"
        return markup.link(shown.replace("\n", " "), url)


def _nothing(node: Any) -> str:
    return ""


_PLAIN_MARKS = re.compile(f"(?:{LIST_OPEN}[*#:;]+{LIST_CLOSE})+")


def tidy_plain(text: str, *, lines: bool) -> str:
    """Collapse plain text: single spaces, and either one line or non-empty lines.

    List items become "- " lines when `lines` (definition terms and indents plain lines).
    """
    if LIST_OPEN in text:
        text = _PLAIN_MARKS.sub(_plain_mark if lines else " ", text)
    for _ in range(_DEFUSE_PASSES):  # a removal can make a new pair: `[<!---->[`
        if not _PLAIN_DEFUSE.search(text):
            break
        text = _PLAIN_DEFUSE.sub(_defused, text)
    else:
        text = _PLAIN_DEFUSE.sub(" ", text)  # hostile nesting: a space can pair with nothing
    if not lines:
        return markup.collapse(text)
    kept = [markup.collapse(line) for line in text.split("\n")]
    return "\n".join(line for line in kept if line and line != "-")


# Text that reads like markup once entities are decoded: ref tags and comment marks go, runs of
# brackets, braces and apostrophes are one (plain text has no use for them as markup). A whole
# run becomes one character, so `[[[Rhium]]]` reads "[Rhium]" (as MediaWiki shows it), never
# `[[Rhium]]`, and `b}}}} c` reads "b} c".
_PLAIN_DEFUSE = re.compile(r"</?ref\b[^>]*>|<!--|-->|\[{2,}|\]{2,}|\{{2,}|\}{2,}|''+")
_DEFUSE_PASSES = 4


def _defused(match: re.Match[str]) -> str:
    found = match.group(0)
    return found[0] if found[0] in "[]{}'" else ""


def _plain_mark(match: re.Match[str]) -> str:
    return "\n- " if match.group(0)[-2] in "*#" else "\n"


def flatten_text(value: Wikicode | Node | str | None) -> str:
    """The visible-ish text of a subtree without recursion (for titles, URLs, deep trees)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if type(value) is Wikicode:  # most titles and targets: one text node
        nodes = value.nodes
        if len(nodes) == 1 and type(nodes[0]) is Text:
            text: str = nodes[0].value
            return text
    out: list[str] = []
    stack: list[object] = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, Wikicode):
            stack.extend(reversed(item.nodes))
        elif isinstance(item, Text):
            out.append(item.value)
        elif isinstance(item, HTMLEntity):
            out.append(html.unescape(str(item)))
        elif isinstance(item, Wikilink):
            stack.append(item.text if item.text is not None else item.title)
        elif isinstance(item, ExternalLink):
            stack.append(item.title if item.title is not None else item.url)
        elif isinstance(item, Tag) and item.contents is not None:
            stack.append(item.contents)
        elif isinstance(item, Heading):
            stack.append(item.title)
        elif isinstance(item, Template):
            for param in reversed(item.params):
                stack.extend([param.value, " "])
        elif isinstance(item, str):
            out.append(item)
    return "".join(out)

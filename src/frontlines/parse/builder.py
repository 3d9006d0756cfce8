"""The tree, built straight from mwparserfromhell's tokenizer: the same tree, a third of the cost.

`mwparserfromhell.parse` spends most of its time not in its C tokenizer but in its Python tree
builder: every node is made through property setters that re-check their value (and import
four modules per call). `build` walks the same token list once and makes the same nodes
(mwparserfromhell's classes, so every renderer and extractor reads them as before) with their
fields set directly. The tree is equal to mwparserfromhell's own, node for node and field for
field: `tests/parse/test_builder.py` compares both on the whole corpus, and checks the token
classes this module knows, so a new mwparserfromhell version that changes them fails loudly.

Where a token list is one this module does not expect (a tokenizer bug), `build` raises
`ParserError`, as mwparserfromhell's builder does; `parse.wikitext.parse` handles it.
"""

from __future__ import annotations

import re
import threading
from typing import Any

from mwparserfromhell.nodes import (
    Argument,
    Comment,
    ExternalLink,
    Heading,
    HTMLEntity,
    Tag,
    Template,
    Text,
    Wikilink,
)
from mwparserfromhell.nodes.extras import Attribute, Parameter
from mwparserfromhell.parser import tokens as t
from mwparserfromhell.parser.errors import ParserError
from mwparserfromhell.wikicode import Wikicode

try:
    from mwparserfromhell.parser._tokenizer import (  # type: ignore[import-not-found]
        CTokenizer as _Tokenizer,
    )
except ImportError:  # no C extension on this platform: the same tokens, slower
    from mwparserfromhell.parser.tokenizer import Tokenizer as _Tokenizer

__all__ = ["KNOWN_TOKENS", "build", "tokenize", "parse_tree"]

# Every token class the builder reads; a test checks it against the tokenizer's own list, so a
# mwparserfromhell that adds, drops or renames one fails loudly instead of building wrong trees.
KNOWN_TOKENS = frozenset(
    {
        "Text",
        "TemplateOpen",
        "TemplateParamSeparator",
        "TemplateParamEquals",
        "TemplateClose",
        "ArgumentOpen",
        "ArgumentSeparator",
        "ArgumentClose",
        "WikilinkOpen",
        "WikilinkSeparator",
        "WikilinkClose",
        "ExternalLinkOpen",
        "ExternalLinkSeparator",
        "ExternalLinkClose",
        "HTMLEntityStart",
        "HTMLEntityNumeric",
        "HTMLEntityHex",
        "HTMLEntityEnd",
        "HeadingStart",
        "HeadingEnd",
        "CommentStart",
        "CommentEnd",
        "TagOpenOpen",
        "TagAttrStart",
        "TagAttrEquals",
        "TagAttrQuote",
        "TagCloseOpen",
        "TagCloseSelfclose",
        "TagOpenClose",
        "TagCloseClose",
    }
)

_new = object.__new__
_SPACE = re.compile(r"\s")  # str.isspace's characters
_LOCAL = threading.local()  # one tokenizer a thread: the pure-Python one keeps state on itself


def tokenize(text: str) -> list[Any]:
    """mwparserfromhell's tokens for `text` (its C tokenizer when it has one)."""
    tokenizer = getattr(_LOCAL, "tokenizer", None)
    if tokenizer is None:
        tokenizer = _LOCAL.tokenizer = _Tokenizer()
    try:
        tokens: list[Any] = tokenizer.tokenize(text, 0, False)
    except BaseException:  # a fresh one next time, whatever state this one was left in
        _LOCAL.tokenizer = None
        raise
    return tokens


def parse_tree(text: str) -> Wikicode:
    """`mwparserfromhell.parse(text)`, built by `build`."""
    return build(tokenize(text))


def _refused(message: str) -> ParserError:
    return ParserError(message)  # type: ignore[no-untyped-call]


def _code(nodes: list[Any]) -> Wikicode:
    # A plain list, not mwparserfromhell's SmartList: only `Wikicode.get_sections` needs the
    # SmartList's live slices, and nothing here calls it.
    code: Wikicode = _new(Wikicode)
    code._nodes = nodes
    return code


def _text(value: str) -> Text:
    node: Text = _new(Text)
    node._value = value
    return node


def build(tokens: list[Any]) -> Wikicode:
    """The Wikicode tree of a token list, as mwparserfromhell's `Builder.build` makes it."""
    nodes, position = _nodes(tokens, 0, len(tokens), _NO_STOPS)
    if position != len(tokens):  # a closing token with nothing open
        raise _refused(f"build() got unexpected {type(tokens[position]).__name__}")
    return _code(nodes)


def _nodes(tokens: list[Any], i: int, end: int, stops: Any) -> tuple[list[Any], int]:
    """Nodes from tokens[i] up to the first token whose type is in `stops` (its index)."""
    out: list[Any] = []
    append = out.append
    while i < end:
        token = tokens[i]
        kind = type(token)
        if kind is _TEXT:  # most tokens: made here, without a call
            node = _new(Text)
            node._value = token["text"]
            append(node)
            i += 1
        elif kind in stops:
            return out, i
        else:
            handler = _HANDLERS.get(kind)
            if handler is None:
                raise _refused(f"build() got unexpected {kind.__name__}")
            node, i = handler(tokens, i + 1, end)
            append(node)
    if stops:
        raise _refused("build() missed a close token")
    return out, i


_TEXT = t.Text
_NO_STOPS: frozenset[type] = frozenset()
_PARAM_STOPS = frozenset({t.TemplateParamEquals, t.TemplateParamSeparator, t.TemplateClose})
_VALUE_STOPS = frozenset({t.TemplateParamSeparator, t.TemplateClose})
_ARGUMENT_STOPS = frozenset({t.ArgumentSeparator, t.ArgumentClose})
_WIKILINK_STOPS = frozenset({t.WikilinkSeparator, t.WikilinkClose})
_EXTERNAL_STOPS = frozenset({t.ExternalLinkSeparator, t.ExternalLinkClose})
_HEADING_STOPS = frozenset({t.HeadingEnd})
_COMMENT_STOPS = frozenset({t.CommentEnd})
_TAG_STOPS = frozenset(
    {
        t.TagAttrStart,
        t.TagCloseOpen,
        t.TagOpenClose,
        t.TagCloseSelfclose,
        t.TagCloseClose,
    }
)
_ATTR_STOPS = frozenset(
    {t.TagAttrEquals, t.TagAttrQuote, t.TagAttrStart, t.TagCloseOpen, t.TagCloseSelfclose}
)


def _template(tokens: list[Any], i: int, end: int) -> tuple[Template, int]:
    nodes, i = _nodes(tokens, i, end, _VALUE_STOPS)
    name = _code(nodes)
    params: list[Parameter] = []
    default = 1
    while type(tokens[i]) is t.TemplateParamSeparator:
        key = None
        value, i = _nodes(tokens, i + 1, end, _PARAM_STOPS)
        while type(tokens[i]) is t.TemplateParamEquals:  # the key is what came before the last
            key = value
            value, i = _nodes(tokens, i + 1, end, _PARAM_STOPS)
        param: Parameter = _new(Parameter)
        param._value = _code(value)
        if key is not None:
            param._name = _code(key)
            param._showkey = True
        else:
            param._name = _code([_text(str(default))])
            param._showkey = False
            default += 1
        params.append(param)
    node: Template = _new(Template)
    node._name = name
    node._params = params
    return node, i + 1  # past TemplateClose


def _argument(tokens: list[Any], i: int, end: int) -> tuple[Argument, int]:
    node: Argument = _new(Argument)
    node._name, node._default, _, i = _split(tokens, i, end, _ARGUMENT_STOPS, t.ArgumentSeparator)
    return node, i + 1


def _wikilink(tokens: list[Any], i: int, end: int) -> tuple[Wikilink, int]:
    node: Wikilink = _new(Wikilink)
    node._title, node._text, _, i = _split(tokens, i, end, _WIKILINK_STOPS, t.WikilinkSeparator)
    return node, i + 1


def _external_link(tokens: list[Any], i: int, end: int) -> tuple[ExternalLink, int]:
    node: ExternalLink = _new(ExternalLink)
    node._brackets = bool(tokens[i - 1].get("brackets"))
    node._url, node._title, separator, i = _split(
        tokens, i, end, _EXTERNAL_STOPS, t.ExternalLinkSeparator
    )
    node.suppress_space = separator is not None and separator.get("suppress_space") is True
    return node, i + 1


def _entity(tokens: list[Any], i: int, end: int) -> tuple[HTMLEntity, int]:
    token = tokens[i]
    if type(token) is t.HTMLEntityNumeric:
        token = tokens[i + 1]
        if type(token) is t.HTMLEntityHex:
            text = tokens[i + 2]
            entity = HTMLEntity(
                text["text"], named=False, hexadecimal=True, hex_char=token.get("char")
            )
            return entity, i + 4
        return HTMLEntity(token["text"], named=False, hexadecimal=False), i + 3
    return HTMLEntity(token["text"], named=True, hexadecimal=False), i + 2


def _split(
    tokens: list[Any], i: int, end: int, stops: Any, separator: type
) -> tuple[Wikicode, Wikicode | None, Any, int]:
    """A two-part node read up to its closing token: (first part, second part, the last separator
    token, the closing token's index). With no separator the first part is everything and the
    second None; with several, the first part is what came before the last one (as
    mwparserfromhell's builder reads `[[a|b|c]]`, `{{{a|b|c}}}`)."""
    before = last = None
    nodes, i = _nodes(tokens, i, end, stops)
    while type(tokens[i]) is separator:
        before, last = nodes, tokens[i]
        nodes, i = _nodes(tokens, i + 1, end, stops)
    if before is None:
        return _code(nodes), None, None, i
    return _code(before), _code(nodes), last, i


def _heading(tokens: list[Any], i: int, end: int) -> tuple[Heading, int]:
    level = tokens[i - 1]["level"]
    title, i = _nodes(tokens, i, end, _HEADING_STOPS)
    node: Heading = _new(Heading)
    node._title = _code(title)
    node._level = level
    return node, i + 1


def _comment(tokens: list[Any], i: int, end: int) -> tuple[Comment, int]:
    contents, i = _nodes(tokens, i, end, _COMMENT_STOPS)
    node: Comment = _new(Comment)
    node._contents = str(_code(contents))
    return node, i + 1


def _attribute(tokens: list[Any], i: int, end: int) -> tuple[Attribute, int]:
    start = tokens[i - 1]
    name: list[Any] | None = None
    quotes = None
    nodes, i = _nodes(tokens, i, end, _ATTR_STOPS)
    while True:
        kind = type(tokens[i])
        if kind is t.TagAttrEquals:
            name = nodes
            nodes, i = _nodes(tokens, i + 1, end, _ATTR_STOPS)
        elif kind is t.TagAttrQuote:
            quotes = tokens[i].get("char")
            more, i = _nodes(tokens, i + 1, end, _ATTR_STOPS)
            nodes.extend(more)
        else:
            break
    if name is not None and _has_text(name):  # `name=value`; else what was read is the name
        key, value = _code(name), _code(nodes)
    else:
        key, value = _code(nodes), None
    attribute: Attribute = _new(Attribute)
    attribute._name = key
    attribute._value = value
    attribute._quotes = _quotes(quotes, value)
    attribute._pad_first = _padding(start.get("pad_first"))
    attribute._pad_before_eq = _padding(start.get("pad_before_eq"))
    attribute._pad_after_eq = _padding(start.get("pad_after_eq"))
    return attribute, i


def _has_text(nodes: list[Any]) -> bool:
    """Whether the nodes write out to anything (`bool(Wikicode)`, without writing them)."""
    return any(node._value if type(node) is Text else str(node) for node in nodes)


def _quotes(quotes: Any, value: Wikicode | None) -> str | None:
    """An attribute's quotes as `Attribute(...)` settles them: the token's, checked."""
    coerced = Attribute.coerce_quotes(quotes)
    if coerced is None and value is not None and _spaced(value):
        raise ValueError("attribute value requires quotes")
    return coerced


def _spaced(value: Wikicode) -> bool:
    """Whether an attribute value needs quotes (`Attribute._value_needs_quotes`): whitespace in
    a text node of its top level."""
    return any(type(node) is Text and _SPACE.search(node.value) for node in value.nodes)


def _padding(value: Any) -> str:
    """A padding as `Attribute(...)` checks it: whitespace only."""
    if not value:
        return ""
    padding = str(value)
    if not padding.isspace():
        raise ValueError("padding must be entirely whitespace")
    return padding


def _tag(tokens: list[Any], i: int, end: int) -> tuple[Tag, int]:
    opening = tokens[i - 1]
    wiki_markup = opening.get("wiki_markup")
    node: Tag = _new(Tag)
    node._attrs = attrs = []
    node._wiki_markup = str(wiki_markup) if wiki_markup else None
    node._invalid = bool(opening.get("invalid"))
    node._implicit = False
    node._wiki_style_separator = None
    closing_wiki_markup = wiki_markup
    contents = None
    tag = None
    padding = None
    nodes, i = _nodes(tokens, i, end, _TAG_STOPS)
    while True:
        token = tokens[i]
        kind = type(token)
        if kind is t.TagAttrStart:
            attribute, i = _attribute(tokens, i + 1, end)
            attrs.append(attribute)
            more, i = _nodes(tokens, i, end, _TAG_STOPS)
            nodes.extend(more)
        elif kind is t.TagCloseOpen:
            separator = token.get("wiki_markup")
            node._wiki_style_separator = str(separator) if separator else None
            padding = token.get("padding") or ""
            tag = _code(nodes)
            nodes, i = _nodes(tokens, i + 1, end, _TAG_STOPS)
        elif kind is t.TagOpenClose:
            if token.get("wiki_markup") is not None:
                closing_wiki_markup = token.get("wiki_markup")
            contents = _code(nodes)
            nodes, i = _nodes(tokens, i + 1, end, _TAG_STOPS)
        elif kind is t.TagCloseSelfclose:
            if token.get("wiki_markup") is not None:
                closing_wiki_markup = token.get("wiki_markup")
            tag = _code(nodes)
            node._self_closing = True
            padding = token.get("padding") or ""
            node._implicit = bool(token.get("implicit"))
            closing_tag = tag
            break
        else:  # TagCloseClose
            node._self_closing = False
            closing_tag = _code(nodes)
            break
    if tag is None:
        raise _refused("build() got a tag without a name")
    node._tag = tag
    node._closing_tag = closing_tag
    node._contents = contents if contents is not None else _code([])
    node._padding = str(padding) if padding else ""
    node._closing_wiki_markup = str(closing_wiki_markup) if closing_wiki_markup else None
    return node, i + 1


_HANDLERS: dict[type, Any] = {
    t.TemplateOpen: _template,
    t.ArgumentOpen: _argument,
    t.WikilinkOpen: _wikilink,
    t.ExternalLinkOpen: _external_link,
    t.HTMLEntityStart: _entity,
    t.HeadingStart: _heading,
    t.CommentStart: _comment,
    t.TagOpenOpen: _tag,
}

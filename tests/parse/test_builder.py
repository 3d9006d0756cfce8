"""The fast builder makes mwparserfromhell's own tree, field for field, from the same tokens.

`parse.builder.build` replaces mwparserfromhell's Python `Builder`; every renderer and extractor
reads the tree it makes, so it must be the tree mwparserfromhell makes: the same node classes,
the same fields, the same nesting, on hand-written markup of every token kind and on every page
of ../shared/corpus. And the tokenizer must still speak the token set the builder knows.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import mwparserfromhell
import pytest
from mwparserfromhell.parser import tokens
from mwparserfromhell.parser.errors import ParserError
from mwparserfromhell.wikicode import Wikicode

from frontlines.parse import parse
from frontlines.parse.builder import KNOWN_TOKENS, build, parse_tree, tokenize
from frontlines.sources.files import InputFailure, iter_inputs
from tests.conftest import CORPUS, skip_without_shared


def shape(value: Any) -> Any:
    """Everything a node holds, as nested tuples (the list type of `Wikicode.nodes` aside)."""
    if isinstance(value, Wikicode):
        return ("Wikicode", tuple(shape(node) for node in value.nodes))
    if isinstance(value, list):
        return tuple(shape(item) for item in value)
    if hasattr(value, "__dict__"):
        fields = sorted((key, shape(field)) for key, field in vars(value).items())
        return (type(value).__name__, tuple(fields))
    return value


def same_tree(text: str) -> None:
    ours, theirs = parse_tree(text), mwparserfromhell.parse(text)
    assert shape(ours) == shape(theirs)
    assert str(ours) == text


CASES = [
    "plain text only",
    "{{cite web |url=http://example.org |title=A = B |date=1 May 2020}}",
    "{{a|b|c=d|e}} {{a|1=x|y}} {{name {{nested|p}} |k={{v|w=z}}}}",
    "{{a|b=c=d}} {{a|=x}} {{a|}} {{a||}}",
    "{{{arg}}} {{{arg|default}}} {{{arg|one|two}}} {{{|x}}}",
    "[[Link]] [[Link|shown]] [[Link|a|b]] [[File:X.jpg|thumb|upright=1.2|A [[nested]] caption]]",
    "[http://example.org] [http://example.org shown text] http://bare.example.org/x?y=1 "
    "[//protocol.relative title]",
    "&amp; &nbsp; &#123; &#x1F600; &#X41; &bogus;",
    "== Heading ==\n=== Sub {{t}} ===\n====== six ======\n= one =\n",
    "<!-- comment --> <!-- multi\nline --> <!-- unclosed",
    "<ref name=\"a\" group=note>text {{cite|x}}</ref> <ref name=b /> <ref name = 'c'/>",
    "<span style=\"color:red\" class=x data-y='1' empty>t</span> <br> <br/> <br />",
    '<div =bad attr>x</div> <span a=b=c>y</span> <b a="x"b="y">z</b>',
    "<nowiki>{{not a template}}</nowiki> <pre>pre ''text''</pre> <math>x^2</math>",
    "'''bold''' ''italic'' '''''both''''' '''unclosed",
    "* list\n** deeper\n# numbered\n; term\n: definition\n----\n",
    '{| class="wikitable"\n|+ Caption\n! H1 !! H2\n|-\n| a || b\n|-\n| colspan=2 | c\n|}',
    "<table><tr><td>html table</td></tr></table> </p> <p> <unknown>x</unknown>",
    "{{unclosed [[also unclosed <ref>open",
    "<references /> <gallery>\nFile:A.jpg|a\n</gallery>",
    "text\n\n{{#if: {{{1|}}} | yes | no }} {{DEFAULTSORT:Name}} __NOTOC__",
]


@pytest.mark.parametrize("text", CASES)
def test_the_tree_is_mwparserfromhells_own(text: str) -> None:
    same_tree(text)


def test_the_tokenizer_speaks_the_tokens_the_builder_knows() -> None:
    # If mwparserfromhell adds, drops or renames a token, the builder must be looked at again.
    assert {name for name in tokens.__all__ if name != "Token"} == KNOWN_TOKENS
    assert mwparserfromhell.__version__ == "0.7.2"  # pinned in pyproject.toml


def test_a_token_list_that_cannot_be_a_tree_is_refused() -> None:
    with pytest.raises(ParserError):
        build([tokens.TemplateOpen(), tokens.Text(text="open")])  # never closed
    with pytest.raises(ParserError):
        build([tokens.WikilinkClose()])  # a close with nothing open
    with pytest.raises(ParserError):
        build([tokens.TemplateOpen(), tokens.WikilinkClose(), tokens.TemplateClose()])


def test_the_wrapper_reads_a_refused_token_list_as_text(monkeypatch: pytest.MonkeyPatch) -> None:
    import frontlines.parse.wikitext as wikitext

    def broken(text: str) -> Wikicode:
        raise ParserError("tokenizer bug")

    monkeypatch.setattr(wikitext, "parse_tree", broken)
    assert str(parse("{{t|x}}")) == "{{t|x}}"
    assert [type(node).__name__ for node in parse("{{t|x}}").nodes] == ["Text"]


def test_the_tokens_are_the_c_tokenizers_when_there_is_one() -> None:
    from mwparserfromhell.parser import use_c

    assert use_c  # the wheel for this platform carries the C extension
    theirs = mwparserfromhell.parser.Parser()._tokenizer
    assert tokenize("{{a|b}}") == theirs.tokenize("{{a|b}}", 0, False)


def corpus_texts() -> list[tuple[str, str]]:
    folders = [CORPUS / name for name in ("conflict", "other", "wtf-cache", "dumps")]
    found = iter_inputs([folder for folder in folders if folder.exists()])
    return [(item.title, item.text) for item in found if not isinstance(item, InputFailure)]


@pytest.mark.corpus
def test_every_corpus_page_builds_the_same_tree() -> None:
    if not Path(CORPUS).is_dir():
        skip_without_shared(CORPUS, "the corpus comparison needs ../shared/corpus")
    texts = corpus_texts()
    assert len(texts) > 300
    differing = [
        title
        for title, text in texts
        if shape(parse_tree(text)) != shape(mwparserfromhell.parse(text))
    ]
    assert differing == []

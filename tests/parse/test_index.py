"""The one walk finds what mwparserfromhell's own recursive filters find, in the same order."""

from __future__ import annotations

import pytest

from frontlines.parse import parse
from frontlines.parse.index import TreeIndex
from frontlines.sources.files import InputFailure, iter_inputs
from tests.conftest import CORPUS, skip_without_shared


def filtered(text: str) -> tuple[list[int], list[int], list[int], list[int]]:
    code = parse(text)
    index = TreeIndex(code)
    theirs_templates = code.filter_templates(recursive=True)
    theirs_refs = code.filter_tags(recursive=True, matches=lambda n: str(n.tag).lower() == "ref")
    return (
        [id(t) for t in index.templates],
        [id(t) for t in theirs_templates],
        [id(t) for t in index.refs],
        [id(t) for t in theirs_refs],
    )


@pytest.mark.parametrize(
    "text",
    [
        "no markup at all",
        "{{a|{{b|{{c}}}}|k={{d}}}} [[L|{{e}}]] <ref name=x>{{cite|{{f}}}}</ref> {{g}}",
        "<ref>one<ref>nested?</ref></ref> <REF name=y/> <span title={{h}}>{{i}}</span>",
        "'''{{bold}}''' ''<ref>in italics</ref>''\n* {{list}}\n== {{heading}} ==\n"
        '{| class="{{cls}}"\n| {{cell}} <ref>cell ref</ref>\n|}',
        "[http://x.org {{title}}] {{{arg|{{default}}}}} <!-- {{not a template}} -->",
    ],
)
def test_the_index_is_the_recursive_filters(text: str) -> None:
    ours_t, theirs_t, ours_r, theirs_r = filtered(text)
    assert ours_t == theirs_t
    assert ours_r == theirs_r


@pytest.mark.corpus
def test_the_index_is_the_recursive_filters_on_the_conflict_articles() -> None:
    if not CORPUS.is_dir():
        skip_without_shared(CORPUS, "needs ../shared/corpus")
    pages = [p for p in iter_inputs([CORPUS / "conflict"]) if not isinstance(p, InputFailure)]
    assert len(pages) >= 30
    for page in pages:
        ours_t, theirs_t, ours_r, theirs_r = filtered(page.text)
        assert ours_t == theirs_t, page.title
        assert ours_r == theirs_r, page.title
        assert ours_t, page.title  # a conflict article has templates: the check is not vacuous

"""Which theatre a page from a dump belongs to: title, then category, then content."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from frontlines.config import parse_config
from frontlines.errors import ConfigError
from frontlines.model import RawPage
from frontlines.pipeline import convert
from frontlines.selection import (
    Converted,
    ConvertFailed,
    Selector,
    Unchanged,
    has_conflict_infobox,
    select_pages,
)
from frontlines.sources.dump import PagePeek, peek_pages
from frontlines.sources.files import iter_inputs
from frontlines.sources.multistream import _page_xml
from frontlines.store import PageState
from tests.conftest import CORPUS
from tests.ostmark import OWNERS, THEATRES, pages


def selector() -> Selector:
    config = parse_config(tomllib.loads(THEATRES), path=Path("frontlines.toml"))
    return Selector(config.theatres)


def test_owners_by_title_category_then_content() -> None:
    chosen = {page.title: selector().owner(page) for page in pages(4)}
    assert {title: t.name for title, t in chosen.items() if t is not None} == OWNERS


def test_commented_infobox_is_not_a_conflict_but_a_real_one_in_any_spelling_is() -> None:
    by_title = {page.title: page for page in pages(0)}
    assert not has_conflict_infobox(by_title["Rell"].text)
    assert has_conflict_infobox(by_title["Siege of Rell"].text)  # {{infobox_battle|...}}
    assert not has_conflict_infobox("{{Infobox military person|name=X}}")


def test_select_pages_skips_stored_revisions_and_reports_failures() -> None:
    all_pages = pages(2)
    amber = next(page for page in all_pages if page.title == "Battle of Amberfield")
    known = {
        "Battle of Amberfield": PageState(
            "Battle of Amberfield", "all", "dump", amber.revision_id, "active"
        )
    }

    def converter(page: RawPage, kind: str):  # type: ignore[no-untyped-def]
        if page.title == "Siege of Rell":
            raise ValueError("broken on purpose")
        return convert(page, kind)

    outcomes = list(select_pages(all_pages, selector(), known, converter))
    kinds = {type(o).__name__: o for o in outcomes}
    assert len(outcomes) == 4
    assert isinstance(kinds["Unchanged"], Unchanged) and kinds["Unchanged"].title == amber.title
    failed = kinds["ConvertFailed"]
    assert isinstance(failed, ConvertFailed) and "broken on purpose" in failed.reason
    converted = [o for o in outcomes if isinstance(o, Converted)]
    assert {o.page.title for o in converted} == {"Ostmark", "Treaty of Rell"}


def test_conflicts_must_say_all() -> None:
    text = '[[theatre]]\nname = "x"\ntitle = "X"\nconflicts = "some"\n'
    with pytest.raises(ConfigError, match='conflicts = "all"'):
        parse_config(tomllib.loads(text), path=Path("frontlines.toml"), text=text)
    only = '[[theatre]]\nname = "x"\ntitle = "X"\nconflicts = "all"\n'
    (theatre,) = parse_config(tomllib.loads(only), path=Path("f.toml")).theatres
    assert theatre.all_conflicts and not theatre.categories


# ---------------------------------------------------------------- a stream's pages, unparsed


def _peeks(batch: list[RawPage]) -> tuple[PagePeek, ...]:
    xml = "".join(_page_xml(page, number) for number, page in enumerate(batch, 1))
    peeks = peek_pages(xml.encode("utf-8"))
    assert peeks is not None and len(peeks) == len(batch)
    return peeks


_FRAGMENTS = [
    "{{Infobox military conflict|name=X}}",
    "{{ template : infobox_battle\n|x}}",
    "<!-- {{Infobox military conflict}} -->",
    "{{Infobox military person|name=X}}",
    "[[Category:Ostmark wars]]",
    "[[category: Ostmark_wars|Rell]]",
    "[[Kategorie:Ostmark  wars]]",
    "[[Category:Ostmark]]",
    "&amp; <b>&lt;</b>",
    "'''Village''' text ",
    "\u00a0é ",
]


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["Ostmark", "Rell", "Battle of Nowhere", "Village 1", "A & B"]),
            st.lists(st.sampled_from(_FRAGMENTS), max_size=4).map("".join),
        ),
        min_size=1,
        max_size=5,
    )
)
def test_a_page_owner_picks_is_never_ruled_out(
    spec: list[tuple[str, str]],
) -> None:
    chosen = selector()
    batch = [RawPage(title=title, text=text) for title, text in spec]
    for page, peek in zip(batch, _peeks(batch), strict=True):
        if chosen.owner(page) is not None:
            assert chosen.may_select(peek), page


def test_a_page_no_theatre_can_pick_is_ruled_out() -> None:
    chosen = selector()
    fillers = [page for page in pages(8) if page.title.startswith("Village")]
    person = RawPage(title="Someone", text="{{Infobox military person|name=X}}")
    assert not any(chosen.may_select(peek) for peek in _peeks([*fillers, person]))
    for title in OWNERS:
        page = next(page for page in pages(0) if page.title == title)
        assert chosen.may_select(_peeks([page])[0]), title


@pytest.mark.corpus
def test_every_corpus_page_a_theatre_picks_passes_the_stream_test() -> None:
    if not CORPUS.is_dir():
        pytest.skip(f"../shared/corpus not present at {CORPUS}")
    theatres = (
        THEATRES
        + '[[theatre]]\nname = "uk"\ntitle = "U"\ncategories = ["Wars involving Ukraine"]\n'
    )
    config = parse_config(tomllib.loads(theatres), path=Path("frontlines.toml"))
    chosen = Selector(config.theatres)
    found = iter_inputs([CORPUS / "conflict", CORPUS / "other"])
    corpus = [item for item in found if isinstance(item, RawPage) and item.namespace == 0]
    picked = ruled_out = 0
    for page in corpus:
        passes = chosen.may_select(_peeks([page])[0])
        if chosen.owner(page) is not None:
            picked += 1
            assert passes, page.title
        ruled_out += not passes
    assert picked >= 32 and ruled_out > 0

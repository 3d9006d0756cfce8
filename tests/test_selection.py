"""Which theatre a page from a dump belongs to: title, then category, then content."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

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
from frontlines.store import PageState
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

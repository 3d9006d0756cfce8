"""Sync from an XML dump: pages chosen by their own [[Category:...]] links or by title."""

from __future__ import annotations

import bz2
from collections.abc import Callable
from pathlib import Path

from frontlines.model import Article, RawPage
from frontlines.pipeline import page_categories, sync
from frontlines.store import Store

from .conftest import FIXTURE_DUMP, VALDORIA_PAGES, write_config

Converter = Callable[[RawPage, str], Article]
BOTH = ("Wars of Valdoria", "Battles of the Valdorian War")


def test_dump_sync_then_unchanged_then_changed(tmp_path: Path, converter: Converter) -> None:
    config = write_config(tmp_path, "http://unused.invalid/api.php", categories=BOTH)
    with Store(config.db_path) as store:
        first = sync(config, store, dump=FIXTURE_DUMP, converter=converter)
        assert (first.counts.new, first.counts.failed, first.counts.requests) == (6, 0, 0)
        assert set(store.page_states()) == VALDORIA_PAGES
        assert {a.source_kind for a in store.iter_articles()} == {"dump"}
        again = sync(config, store, dump=FIXTURE_DUMP, converter=converter)
        assert (again.counts.unchanged, again.counts.total) == (6, 6)

        text = FIXTURE_DUMP.read_text(encoding="utf-8")
        edited = text.replace("<id>9004</id>", "<id>9904</id>").replace(
            "a night raid on a rail depot", "a night raid on a rail depot and a bridge"
        )
        assert edited.count("9904") == 1 and "and a bridge" in edited
        dropped = _without_page(edited, "Treaty of Kessel")
        changed = tmp_path / "changed.xml.bz2"
        changed.write_bytes(bz2.compress(dropped.encode("utf-8")))
        third = sync(config, store, dump=changed, converter=converter)
        counts = third.counts
        assert (counts.updated, counts.removed, counts.unchanged, counts.new) == (1, 1, 4, 0)
        assert "and a bridge" in (store.revision_text("Raid on Hallam") or "")
        assert store.page_states()["Treaty of Kessel"].status == "removed"


def test_dump_mode_cannot_walk_subcategories(tmp_path: Path, converter: Converter) -> None:
    """Depth needs the wiki's category tree: from a dump only direct members are found."""
    config = write_config(tmp_path, "http://unused.invalid/api.php", depth=3)
    with Store(config.db_path) as store:
        sync(config, store, dump=FIXTURE_DUMP, converter=converter)
        assert set(store.page_states()) == {"Valdorian War", "Treaty of Kessel"}


def test_dump_titles_and_excludes(tmp_path: Path, converter: Converter) -> None:
    config = write_config(
        tmp_path,
        "http://unused.invalid/api.php",
        categories=("Labour history",),
        titles=("Siege of Lorn",),
    )
    with Store(config.db_path) as store:
        sync(config, store, dump=FIXTURE_DUMP, converter=converter)
        assert set(store.page_states()) == {"Harbour Strike of 1920", "Siege of Lorn"}


def test_page_categories_reads_links_not_comments() -> None:
    text = (
        "Text [[category:wars_of valdoria|Sort key]] and [[:Category:Not this one]].\n"
        "<!-- [[Category:Commented out]] -->\n[[ Category : Battles ]]\n[[File:X.png]]"
    )
    assert page_categories(text) == ["Wars of valdoria", "Battles"]
    assert page_categories("No categories here.") == []


def _without_page(xml: str, title: str) -> str:
    start = xml.index(f"<title>{title}</title>")
    begin = xml.rindex("<page>", 0, start)
    end = xml.index("</page>", start) + len("</page>")
    return xml[:begin] + xml[end:]


LOCALISED_DUMP = FIXTURE_DUMP.with_name("localised.xml")


def test_localised_category_links_file_pages_in_their_theatre(
    tmp_path: Path, converter: Converter
) -> None:
    """`[[Kategorie:...]]` and `[[catégorie:...]]` categorise as the converter reads them."""
    config = write_config(
        tmp_path, "http://unused.invalid/api.php", categories=("Kriege Valdorias",), name="nord"
    )
    with Store(config.db_path) as store:
        report = sync(config, store, dump=LOCALISED_DUMP, converter=converter)
        assert (report.counts.new, report.counts.failed) == (2, 0)
        states = store.page_states()
        assert set(states) == {"Schlacht am Grauen Hügel", "Siège de Lorn"}
        assert {state.theatre for state in states.values()} == {"nord"}
        articles = {a.title: a for a in store.iter_articles()}
        # the converter files the same page in the same category the sync found
        assert articles["Schlacht am Grauen Hügel"].article["categories"] == ["Kriege Valdorias"]


def test_page_categories_knows_local_namespace_names() -> None:
    text = (
        "[[Kategorie:Kriege_Valdorias]] [[Catégorie:Guerres]] [[Категория:Войны]] [[:Kategorie:X]]"
    )
    assert page_categories(text) == ["Kriege Valdorias", "Guerres", "Войны"]

"""Entities through a dump sync: the dump's Country data templates resolve flags, its
#REDIRECT pages merge entities, and the store's entity tables follow (migration 6)."""

from __future__ import annotations

from pathlib import Path

from frontlines.pipeline import sync
from frontlines.store import Store
from tests.sources.helpers import Export, PageSpec, Rev, article

from .conftest import write_config

CATEGORY = "[[Category:Wars of Arden]]"
COUNTRY_DATA = """{{ {{{1<noinclude>|country showdata</noinclude>}}}
| alias = Republic of Arden
| alias-1803 = Kingdom of Arden
| flag alias = Flag of Arden.svg
}}"""


def _battle(title: str, combatant1: str, commander1: str) -> str:
    return (
        f"{{{{Infobox military conflict|conflict={title}|date=1805|combatant1={combatant1}"
        f"|combatant2=[[Vess]]|commander1={commander1}|commander2=[[Ossa Vey]]}}}}\n"
        f"'''{title}''' was a battle.\n{CATEGORY}\n"
    )


def _dump(tmp_path: Path, *, with_template: bool, with_redirect: bool) -> Path:
    pages = [
        article(
            "Battle of Fenmark", _battle("Fenmark", "{{flag|Arden|1803}}", "[[Ulm]]"), page_id=1
        ),
        article(
            "Battle of Holm",
            _battle("Holm", "[[Kingdom of Arden|Arden]]", "[[General Ulm]]"),
            page_id=2,
        ),
    ]
    if with_template:
        pages.append(
            PageSpec(
                "Template:Country data Arden",
                (Rev(300, "2020-05-01T12:00:00Z", COUNTRY_DATA),),
                namespace=10,
                page_id=3,
            )
        )
    if with_redirect:
        pages.append(
            PageSpec(
                "Ulm",
                (Rev(301, "2020-05-01T12:00:00Z", "#REDIRECT [[General Ulm]]"),),
                page_id=4,
                redirect="General Ulm",
            )
        )
    path = tmp_path / f"dump-{with_template}-{with_redirect}.xml"
    path.write_text(Export(tuple(pages)).xml(), encoding="utf-8")
    return path


def _conflicts(store: Store) -> dict[tuple[str, str], list[str]]:
    found: dict[tuple[str, str], list[str]] = {}
    for row in store.participations():
        found.setdefault((row.kind, row.entity), []).append(row.conflict)
    return found


def test_templates_and_redirects_from_the_dump_merge_entities(tmp_path: Path) -> None:
    config = write_config(tmp_path, "http://unused.invalid/api.php", categories=("Wars of Arden",))
    with Store(config.db_path) as store:
        sync(config, store, dump=_dump(tmp_path, with_template=False, with_redirect=False))
        before = _conflicts(store)
        assert before[("party", "Arden")] == ["Battle of Fenmark"]  # the flag's own name
        assert before[("party", "Kingdom of Arden")] == ["Battle of Holm"]
        assert before[("commander", "Ulm")] == ["Battle of Fenmark"]
        assert store.templates() == {} and store.redirects() == {}

        later = _dump(tmp_path, with_template=True, with_redirect=True)
        report = sync(config, store, dump=later)
        assert report.counts.unchanged == 2  # the articles did not change; entities did
        assert store.redirects() == {"Ulm": "General Ulm"}
        assert list(store.templates()) == ["Template:Country data Arden"]
        after = _conflicts(store)
        assert after[("party", "Kingdom of Arden")] == ["Battle of Fenmark", "Battle of Holm"]
        assert after[("commander", "General Ulm")] == ["Battle of Fenmark", "Battle of Holm"]
        assert ("party", "Arden") not in after and ("commander", "Ulm") not in after
        merged = {row.title: row for row in store.entities()}
        assert merged["Kingdom of Arden"].names == ("Arden",)
        assert merged["General Ulm"].names == ("Ulm", "General Ulm")
        assert merged["Kingdom of Arden"].conflicts == 2
        assert store.entities() == sorted(store.entities(), key=lambda e: (e.kind, e.title))

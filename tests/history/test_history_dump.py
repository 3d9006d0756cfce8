"""Histories from XML dumps: change records written by sync, `--history`, failures, re-creation."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from typer.testing import CliRunner

from frontlines.cli import app
from frontlines.model import Article, RawPage
from frontlines.pipeline import convert, sync
from frontlines.store import Store

from .conftest import (
    ARTICLE,
    FIXTURE_DUMP,
    article_text,
    casualty_edit,
    dump_with_revisions,
    edited,
    write_config,
)

API = "http://wiki.invalid/w/api.php"


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_sync_records_the_changes_of_an_edited_page_only(tmp_path: Path) -> None:
    config = write_config(tmp_path, API)
    second = dump_with_revisions([(8901, "2022-05-01T08:00:00Z", casualty_edit(article_text()))])
    with Store(config.db_path) as store:
        sync(config, store, dump=FIXTURE_DUMP)
        assert store.changes() == []
        report = sync(config, store, dump=write(tmp_path, "second.xml", second))
        assert (report.counts.updated, report.counts.unchanged) == (1, 1)
        records = store.changes()
    assert [(r.title, r.from_revision, r.to_revision) for r in records] == [(ARTICLE, 8801, 8901)]
    fields = {(c["field"], c["side"]): c for c in records[0].changes}
    assert set(fields) == {
        ("casualties", 2),
        ("casualty_numbers", 2),
        ("text", None),
        ("event", None),  # the edit adds a dated sentence
    }
    typed = fields["casualty_numbers", 2]  # the typed item follows the text (extract/numbers.py)
    assert (typed["old"]["low"], typed["new"]["low"]) == (24000, 25500)
    assert (fields["casualties", 2]["old"], fields["casualties", 2]["new"]) == (
        "24,000 killed",
        "25,500 killed",
    )
    assert fields["text", None]["new"] == 1
    assert records[0].timestamp == "2022-05-01T08:00:00Z"


def test_history_from_a_dump_with_several_revisions(tmp_path: Path) -> None:
    """A new store, --history 3: three revisions of the article give two change records."""
    first = article_text()
    second = casualty_edit(first)
    third = edited(second, "| result = Amberlander victory", "| result = Kesselite victory")
    dump = dump_with_revisions(
        [
            (8801, "2022-04-02T10:00:00Z", first),
            (8901, "2022-05-01T08:00:00Z", second),
            (8950, "2022-05-03T08:00:00Z", third),
        ]
    )
    config = write_config(tmp_path, API)
    with Store(config.db_path) as store:
        report = sync(config, store, dump=write(tmp_path, "h.xml", dump), history=3)
        assert (report.counts.new, report.counts.failed) == (2, 0)
        records = store.changes(title=ARTICLE)
        stored = store.stored_article(ARTICLE)
        texts = store._db.execute("SELECT COUNT(*) FROM revisions").fetchone()[0]
    assert [(r.from_revision, r.to_revision) for r in records] == [(8901, 8950), (8801, 8901)]
    assert [c["field"] for c in records[0].changes] == ["result"]
    assert stored is not None and stored[0] == 8950
    assert texts == 4  # the article's three revisions and the other page's one
    without = write_config(tmp_path / "plain", API)
    with Store(without.db_path) as store:
        sync(without, store, dump=write(tmp_path, "h2.xml", dump))
        assert store.changes() == []  # without --history only the latest revision is kept


def test_a_revision_that_fails_to_convert_is_recorded_and_the_history_goes_on(
    tmp_path: Path,
) -> None:
    def fragile(page: RawPage, kind: str) -> Article:
        if page.revision_id == 8901:
            raise ValueError("this revision breaks the converter")
        return convert(page, kind)

    converter: Callable[[RawPage, str], Article] = fragile
    second = casualty_edit(article_text())
    third = edited(second, "| place = Amberford", "| place = Old Amberford")
    config = write_config(tmp_path, API)
    with Store(config.db_path) as store:
        sync(config, store, dump=FIXTURE_DUMP, converter=converter)
        bad = dump_with_revisions([(8901, "2022-05-01T08:00:00Z", second)])
        report = sync(config, store, dump=write(tmp_path, "b.xml", bad), converter=converter)
        assert report.counts.failed == 1
        assert store.stored_article(ARTICLE) is not None
        again = sync(config, store, dump=write(tmp_path, "b2.xml", bad), converter=converter)
        assert again.counts.failed == 1  # tried again, recorded once
        good = dump_with_revisions([(8960, "2022-05-04T08:00:00Z", third)])
        sync(config, store, dump=write(tmp_path, "g.xml", good), converter=converter)
        records = store.changes(title=ARTICLE)
    assert [(r.from_revision, r.to_revision) for r in records] == [(8801, 8960), (8801, 8901)]
    failed = records[1].changes
    assert [c["field"] for c in failed] == ["conversion"]
    assert "this revision breaks the converter" in failed[0]["new"]
    fields = {c["field"] for c in records[0].changes}
    assert {"casualties", "place", "text"} <= fields  # compared with the last good revision


def test_a_page_deleted_and_recreated_keeps_one_history(tmp_path: Path) -> None:
    config = write_config(tmp_path, API)
    text = FIXTURE_DUMP.read_text(encoding="utf-8")
    start = text.index("  <page>")
    without = text[:start] + text[text.index("</page>", start) + len("</page>\n") :]
    recreated = dump_with_revisions([(9100, "2022-06-01T08:00:00Z", casualty_edit(article_text()))])
    recreated = recreated.replace("<id>801</id>", "<id>901</id>")  # a new page id
    with Store(config.db_path) as store:
        sync(config, store, dump=FIXTURE_DUMP)
        gone = sync(config, store, dump=write(tmp_path, "gone.xml", without))
        assert gone.counts.removed == 1
        back = sync(config, store, dump=write(tmp_path, "back.xml", recreated))
        assert back.counts.updated == 1
        records = store.changes(title=ARTICLE)
        state = store.page_states()[ARTICLE]
    assert (state.status, state.page_id) == ("active", 901)
    assert [(r.from_revision, r.to_revision) for r in records] == [(8801, 9100)]
    assert "casualties" in {c["field"] for c in records[0].changes}


def test_changes_command_filters_and_prints_json(tmp_path: Path) -> None:
    config = write_config(tmp_path, API)
    second = dump_with_revisions([(8901, "2022-05-01T08:00:00Z", casualty_edit(article_text()))])
    with Store(config.db_path) as store:
        sync(config, store, dump=FIXTURE_DUMP)
        sync(config, store, dump=write(tmp_path, "second.xml", second))
    runner = CliRunner()
    args = ["changes", "-c", str(config.path)]
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [(d["title"], d["from_revision"], d["to_revision"]) for d in data] == [
        (ARTICLE, 8801, 8901)
    ]
    assert set(data[0]) == {
        "title",
        "theatre",
        "from_revision",
        "to_revision",
        "timestamp",
        "changes",
    }
    text = runner.invoke(app, args)
    assert "Casualties (side 2): 24,000 killed → 25,500 killed" in text.stdout
    assert runner.invoke(app, [*args, "--json", "--since", "2022-05-02"]).stdout.strip() == "[]"
    assert (
        json.loads(runner.invoke(app, [*args, "--json", "--page", "Siege of Lorn Keep"]).stdout)
        == []
    )
    assert len(json.loads(runner.invoke(app, [*args, "--json", "-t", "amber"]).stdout)) == 1
    assert runner.invoke(app, [*args, "--since", "May"]).exit_code == 2
    assert runner.invoke(app, [*args, "-t", "nowhere"]).exit_code == 2

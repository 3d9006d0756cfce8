"""`frontlines doctor` and `frontlines import-collection` through the Typer app."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import frontlines.cli.collection  # noqa: F401  (registers doctor and import-collection)
import frontlines.cli.sync  # noqa: F401  (registers status)
from frontlines.cli.app import app
from frontlines.store import Store
from tests.collection.helpers import FIXTURES, copy_of, require_real

CLEAN = FIXTURES / "clean"
BROKEN = FIXTURES / "broken"
CONFIG = """\
[source]
user_agent = "FrontLinesTests/0.1 (https://example.org; tests@example.org)"

[[theatre]]
name = "ukraine"
title = "Russo-Ukrainian War"
titles = ["Siege of Examplegrad"]

[[theatre]]
name = "syria"
title = "Syrian civil war"
titles = ["Skirmish at Nowhere Wells"]
"""


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def last_line(text: str) -> str:
    return text.strip().splitlines()[-1]


def test_doctor_clean_collection_exits_0() -> None:
    code, out, err = run("doctor", str(CLEAN))
    assert code == 0
    assert out == ""
    assert last_line(err) == "Checked 1 entry and 1 image sidecar: no problems"


def test_doctor_broken_collection_exits_1_with_report() -> None:
    code, out, err = run("doctor", str(BROKEN))
    assert code == 1
    assert "object_object: 3 in 1 file" in out.splitlines()
    assert "  files: east/battle_of_dupe.md, ukraine/battle_of_dupe.md" in out.splitlines()
    assert last_line(err) == (
        "Checked 6 entries and 2 image sidecars: 29 problems of 11 kinds in 7 files; "
        "16 would remain after --fix"
    )


def test_doctor_json() -> None:
    code, out, _ = run("doctor", str(BROKEN), "--json")
    assert code == 1
    data = json.loads(out)
    assert data["files"] == 8
    assert {k: (v["files"], v["count"]) for k, v in data["problems"].items()}["junk_tag"] == (1, 4)


def test_doctor_fix_exits_1_while_problems_remain(tmp_path: Path) -> None:
    work = copy_of(BROKEN, tmp_path)
    code, _, err = run("doctor", str(work), "--fix")
    assert code == 1
    assert "Fixed ukraine/siege_of_examplegrad.md: [object Object] removed" in err
    assert last_line(err) == (
        "Fixed 3 files (originals kept as FILE.bak); checked 6 entries and 2 image sidecars: "
        "16 problems of 7 kinds in 6 files remain"
    )
    code, _, err = run("doctor", str(work), "--fix", "--only", "mojibake")
    assert code == 0
    assert last_line(err).startswith("Fixed 0 files")


@pytest.mark.parametrize(
    "args", [("doctor", "no/such/folder"), ("doctor", str(CLEAN), "--only", "typo")]
)
def test_doctor_usage_errors_exit_2(args: tuple[str, ...]) -> None:
    code, _, _ = run(*args)
    assert code == 2


def test_import_collection_then_status(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = tmp_path / "project"
    project.mkdir()
    (project / "frontlines.toml").write_text(CONFIG, encoding="utf-8")
    monkeypatch.chdir(project)
    code, _, err = run("import-collection", str(BROKEN), "--theatre-from-folder")
    assert code == 1  # "Battle of Dupe" comes twice; the first file (east/) wins
    assert "Skipped: ukraine/battle_of_dupe.md: 'Battle of Dupe' was imported from" in err
    assert last_line(err).startswith(
        "Imported 4 articles (4 new, 0 updated) into 3 theatres, 1 report and 1 image licence; "
        "1 skipped in "
    )
    with Store(project / "frontlines.db") as store:
        articles = {a.title: a for a in store.iter_articles()}
        reports = store.reports()
        images = store.images()
    siege = articles["Siege of Examplegrad"]
    assert (siege.theatre, siege.source_kind, siege.revision_id) == ("ukraine", "collection", None)
    assert siege.first_imported == "2023-10-19T21:10:00Z"
    body = siege.article["markdown"]
    assert "[object Object]" not in body
    assert "Special:FilePath/Examplegrad_fortress_wall_(2).jpg" in body
    sides = siege.article["conflict"]["sides"]
    assert [p["name"] for p in sides[1]["parties"]] == [
        "Besieging Army (from March 2022)",
        "Northern Group",
    ]
    assert [p["supporting"] for p in sides[0]["parties"]][-2:] == [True, True]
    assert siege.article["lead_image"]["file"] == "Examplegrad city centre after shelling.jpg"
    assert {i["kind"] for i in siege.article["issues"]} >= {"artefact", "empty_section"}
    assert [r.title for r in reports] == ["Report from the Examplegrad front"]
    assert "{{video}}" in reports[0].body
    assert images["Examplegrad city centre after shelling.jpg"].status == "pending"
    code, out, _ = run("status")
    assert code == 0
    assert "  ukraine: 1 pages, 1 articles, 1 conflicts, 2 images, 6 issues" in out.splitlines()
    assert "  east: 1 pages, 1 articles, 0 conflicts, 0 images, 1 issues" in out.splitlines()
    assert "Last sync: #1 finished" in out


@pytest.mark.corpus
def test_import_real_collection(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = require_real()
    (tmp_path / "frontlines.toml").write_text(CONFIG, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, _, err = run("import-collection", str(real), "--theatre-from-folder", "-t", "ukraine")
    assert code == 1  # the top-level battle_of_bakhmut.md repeats ukraine/battle_of_bakhmut.md
    assert last_line(err).startswith(
        "Imported 230 articles (230 new, 0 updated) into 2 theatres, 1 report and "
        "157 image licences; 1 skipped in "
    )
    with Store(tmp_path / "frontlines.db") as store:
        counts = store.counts()
        assert [r.slug for r in store.reports()] == ["battle_report"]
    assert {name: t.pages for name, t in counts.theatres.items()} == {"syria": 150, "ukraine": 80}

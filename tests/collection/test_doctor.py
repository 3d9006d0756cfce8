"""doctor on small collections written for these tests: each kind found, repaired or kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from frontlines.collection.checks import KINDS, diagnose, repair_mojibake
from frontlines.collection.reading import read_collection
from frontlines.collection.repairs import fix_collection, plan_repairs, remove_object_object
from tests.collection.helpers import FIXTURES, copy_of

CLEAN = FIXTURES / "clean"
BROKEN = FIXTURES / "broken"

# (files, occurrences) per kind in fixtures/broken, counted by hand from the fixture files.
BROKEN_COUNTS = {
    "schema": (1, 3),  # no description, pubDate "last Tuesday", tags as a string
    "mojibake": (1, 4),  # the four lines of garbled.md with non-ASCII text
    "object_object": (1, 3),
    "artefact": (1, 2),  # "undefined" in a tag block, "NaN" in a table
    "junk_tag": (1, 4),  # title block, "the Example War", two combatant blocks
    "missing_image": (2, 2),  # a truncated name with a sidecar, one with none
    "hotlinked_image": (1, 1),
    "empty_section": (1, 1),  # Aftermath (References holds [object Object] until fixed)
    "leaked_markup": (2, 5),  # {{ [[ <ref and ''' twice
    "sidecar": (2, 2),  # no licence; no image file named
    "duplicate_slug": (2, 2),
}
# What --fix cannot repair: it needs a person or a refetch from Wikipedia.
AFTER_FIX = {
    "schema": (1, 2),
    "artefact": (1, 2),
    "missing_image": (1, 1),
    "empty_section": (1, 2),  # the References section, emptied and marked for refetch
    "leaked_markup": (2, 5),
    "sidecar": (2, 2),
    "duplicate_slug": (2, 2),
}


def counts(path: Path) -> dict[str, tuple[int, int]]:
    report = diagnose(read_collection(path))
    return {kind: (len(found.files), found.count) for kind, found in report.by_kind().items()}


def test_clean_collection_has_no_problems() -> None:
    report = diagnose(read_collection(CLEAN))
    assert (report.entries, report.sidecars, report.problems) == (1, 1, ())


def test_every_kind_is_found_in_the_broken_collection() -> None:
    assert counts(BROKEN) == BROKEN_COUNTS
    assert set(BROKEN_COUNTS) == set(KINDS)


def test_json_shape() -> None:
    data = diagnose(read_collection(BROKEN)).to_data()
    assert data["files"] == 6 + 2  # entries and sidecars
    assert list(data["problems"]) == list(KINDS)
    schema = data["problems"]["schema"]
    assert (schema["files"], schema["count"]) == (1, 3)
    assert "syria/no_description.md: description: missing" in schema["examples"]


def test_only_limits_the_kinds() -> None:
    report = diagnose(read_collection(BROKEN), kinds=("sidecar",))
    assert {p.kind for p in report.problems} == {"sidecar"}


def test_fix_repairs_what_it_can_and_keeps_backups(tmp_path: Path) -> None:
    work = copy_of(BROKEN, tmp_path)
    untouched = work / "content" / "report_from_the_front.md"
    before = {p: p.read_bytes() for p in work.rglob("*.md")}
    run = fix_collection(read_collection(work))
    changed = {r.entry.name for r in run.repairs}
    assert changed == {
        "syria/garbled.md",
        "syria/no_description.md",
        "ukraine/siege_of_examplegrad.md",
    }
    for backup in run.backups:
        original = backup.with_name(backup.name.removesuffix(".bak"))
        assert backup.read_bytes() == before[original]
    assert untouched.read_bytes() == before[untouched]
    assert not untouched.with_name(untouched.name + ".bak").exists()
    assert counts(work) == AFTER_FIX
    assert plan_repairs(read_collection(work)) == []  # a second --fix has nothing to do


def test_fixed_entry_front_matter(tmp_path: Path) -> None:
    work = copy_of(BROKEN, tmp_path)
    fix_collection(read_collection(work))
    siege = read_collection(work / "content" / "ukraine" / "siege_of_examplegrad.md").entries[0]
    front = siege.front
    assert front["tags"] == [
        "Siege of Examplegrad",
        "Example War",
        "Sieges of the Example War",
        "Invented battles",
    ]
    assert front["belligerents"] == [
        [
            "Defenders of Examplegrad",
            "Examplegrad Territorial Defence",
            "undefined",
            "Supported by:",
            "Poland",
            "Lithuania",
        ],
        ["Besieging Army (from March 2022)", "Northern Group"],
    ]
    assert front["refetch"] == ["references"]
    assert front["img"] == (
        "https://commons.wikimedia.org/wiki/Special:FilePath/"
        "Examplegrad_city_centre_after_shelling.jpg"
    )
    assert "Special:FilePath/Examplegrad_fortress_wall_(2).jpg)" in siege.body
    assert "[object Object]" not in siege.text
    # lines the repair had no reason to touch keep their exact layout
    assert "description: The Siege of Examplegrad is a fictional siege, written so that the\n" in (
        siege.text
    )
    assert "  - Sieges of the Example War\n  - Invented battles\ndate:\n" in siege.text


def test_mojibake_fixture_is_restored_exactly(tmp_path: Path) -> None:
    work = copy_of(BROKEN, tmp_path)
    fix_collection(read_collection(work), kinds=("mojibake",))
    garbled = work / "content" / "syria" / "garbled.md"
    assert garbled.read_bytes() == (FIXTURES / "garbled.expected.md").read_bytes()


def test_repair_mojibake_keeps_line_endings_and_clean_text() -> None:
    clean = "Aleppo – “the mother of battles”\r\nsecond line ü\r\n"
    garbled = clean.encode("utf-8").decode("mac_roman")
    assert repair_mojibake(garbled) == clean
    assert repair_mojibake(clean) == clean
    assert repair_mojibake("plain ASCII\n") == "plain ASCII\n"


def test_repair_mojibake_line_by_line_when_mixed() -> None:
    good = "حلب stays as it is\n"
    bad = "caf\u00c3\u00a9 society\n"  # "café" read as Latin-1
    assert repair_mojibake(good + bad) == good + "café society\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a\n## References[object Object]\n[object Object]\n[object Object]", "a\n## References\n"),
        ("Levante## References[object Object]\n[object Object]", "Levante\n\n## References\n"),
        ("keep\r\n[object Object]\r\nthis\r\n", "keep\r\nthis\r\n"),
    ],
)
def test_remove_object_object(text: str, expected: str) -> None:
    assert remove_object_object(text) == expected


def test_single_file_without_public_folder(tmp_path: Path) -> None:
    entry = tmp_path / "lonely.md"
    entry.write_text("---\ndescription: x\npubDate: 2020-01-01\nimg: /FileX.png\n---\n\nText.\n")
    report = diagnose(read_collection(entry))
    assert [p.kind for p in report.problems] == ["missing_image"]
    assert "no public/ folder" in report.problems[0].detail

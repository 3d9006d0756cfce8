"""extract/changes.py: one test per kind of change, on revision pairs written here.

Most pairs are real conversions of two versions of one small wikitext page (so the JSON is the
converter's own); the typed figures (issue 9) and events (issue 10) are hand-made JSON dicts
shaped as those issues define them, since the converter does not produce them yet.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from frontlines.convert import convert_page
from frontlines.extract.changes import changes_between, conversion_failed, sentences, summary
from frontlines.model import RawPage, to_dict

BASE = """{{Infobox military conflict
| conflict = Battle of Amberford
| partof = the Valdorian War
| image = Amberford 1912.png
| date = 3–5 May 1912
| place = Amberford, Valdoria
| coordinates = {{coord|45.5|12.25}}
| result = Valdorian victory
| combatant1 = [[Kingdom of Valdoria]]
| combatant2 = [[Republic of Kessel]]<br />Supported by: [[Hallam League]]
| commander1 = [[Aldo Renn]]
| commander2 = [[Mira Coss]]
| strength1 = 12,000
| strength2 = 9,000
| casualties1 = 1,200 killed
| casualties2 = 24,000 killed
}}
The '''Battle of Amberford''' was fought in May 1912. The Valdorians crossed the river at dawn.
The Kesselite line broke on the third day.

== Prelude ==
Both armies marched for a week. Rain slowed the guns.

== Aftermath ==
The treaty followed in June.
"""


def convert(text: str, revision: int = 1) -> dict[str, Any]:
    page = RawPage(title="Battle of Amberford", text=text, revision_id=revision)
    return to_dict(convert_page(page, kind="dump"))


def edit(old: str, new: str, text: str = BASE) -> str:
    assert old in text, old
    return text.replace(old, new)


def between(new_text: str) -> list[dict[str, Any]]:
    return changes_between(convert(BASE), convert(new_text, 2))


def only(changes: list[dict[str, Any]]) -> dict[str, Any]:
    assert len(changes) == 1, changes
    return changes[0]


def test_the_first_revision_and_an_identical_one_have_no_changes() -> None:
    assert changes_between(None, convert(BASE)) == []
    assert changes_between(convert(BASE), convert(BASE, 2)) == []


def test_an_edited_footnote_is_no_text_change() -> None:
    text = edit("fought in May 1912.", "fought in May 1912.<ref>Smith, J. A long note.</ref>")
    later = edit("A long note.", "A longer note. It has two sentences now.", text)
    assert changes_between(convert(text), convert(later, 2)) == []


def test_renumbered_refs_and_whitespace_are_no_change() -> None:
    text = edit("fought in May 1912.", "fought in May 1912.<ref>Smith 1920, p. 3.</ref>")
    with_ref = convert(text)
    more = edit("at dawn.", "at dawn.<ref>Jones 1930.</ref>", text)
    moved = convert(edit("fought in May 1912.", "fought in   May 1912.", more), 2)
    assert changes_between(with_ref, moved) == []


def test_conflict_name_changed() -> None:
    change = only(between(edit("conflict = Battle of Amberford", "conflict = Amberford")))
    assert change | {"summary": None} == {
        "field": "name",
        "kind": "changed",
        "old": "Battle of Amberford",
        "new": "Amberford",
        "side": None,
        "summary": None,
    }
    assert change["summary"] == "Name: Battle of Amberford → Amberford"


def test_end_date_changed_and_ongoing_set() -> None:
    found = between(edit("date = 3–5 May 1912", "date = 3–6 May 1912"))
    assert [(c["field"], c["kind"], c["old"], c["new"]) for c in found] == [
        ("end", "changed", "1912-05-05", "1912-05-06")
    ]
    ongoing = between(edit("date = 3–5 May 1912", "date = 3 May 1912 – present"))
    fields = {c["field"]: c for c in ongoing}
    assert (fields["ongoing"]["kind"], fields["ongoing"]["old"], fields["ongoing"]["new"]) == (
        "changed",
        False,
        True,
    )
    assert fields["ongoing"]["summary"] == "Ongoing: no → yes"
    assert fields["end"]["kind"] == "removed" and fields["end"]["old"] == "1912-05-05"


def test_place_coordinates_and_result() -> None:
    found = between(
        edit(
            "place = Amberford, Valdoria\n| coordinates = {{coord|45.5|12.25}}\n"
            "| result = Valdorian victory",
            "place = Amberford and Lorn, Valdoria\n| coordinates = {{coord|45.6|12.25}}\n"
            "| result = Kesselite victory",
        )
    )
    by_field = {c["field"]: c for c in found}
    assert set(by_field) == {"place", "coordinates", "result"}
    assert by_field["place"]["new"] == "Amberford and Lorn, Valdoria"
    assert by_field["coordinates"]["old"] == {"lat": 45.5, "lon": 12.25}
    assert by_field["coordinates"]["new"] == {"lat": 45.6, "lon": 12.25}
    assert by_field["result"]["summary"] == "Result: Valdorian victory → Kesselite victory"


def test_coordinates_that_barely_move_are_no_change() -> None:
    old, new = convert(BASE), convert(BASE, 2)
    new["conflict"]["coordinates"]["lat"] += 0.00001
    assert changes_between(old, new) == []


def test_party_added_and_removed_per_side() -> None:
    found = between(
        edit(
            "combatant1 = [[Kingdom of Valdoria]]",
            "combatant1 = [[Kingdom of Valdoria]]<br />[[Duchy of Lorn]]",
        )
    )
    change = only(found)
    assert (change["field"], change["kind"], change["new"], change["side"]) == (
        "party",
        "added",
        "Duchy of Lorn",
        1,
    )
    assert change["summary"] == "Belligerent (side 1) added: Duchy of Lorn"
    gone = only(between(edit("<br />Supported by: [[Hallam League]]", "")))
    assert (gone["field"], gone["kind"], gone["side"]) == ("party", "removed", 2)
    assert gone["old"].startswith("Hallam League")


def test_commander_added_and_fate_set() -> None:
    killed = only(between(edit("[[Mira Coss]]", "[[Mira Coss]] {{KIA}}")))
    assert killed | {"summary": None} == {
        "field": "commander_fate",
        "kind": "added",
        "old": None,
        "new": "KIA",
        "side": 2,
        "subject": "Mira Coss",
        "summary": None,
    }
    assert killed["summary"] == "Mira Coss (side 2): fate none → KIA"
    added = only(between(edit("[[Aldo Renn]]", "[[Aldo Renn]]<br />[[Tomas Veil]]")))
    assert (added["field"], added["kind"], added["new"], added["side"]) == (
        "commander",
        "added",
        "Tomas Veil",
        1,
    )


def test_strength_and_casualty_text() -> None:
    found = between(
        edit("casualties2 = 24,000 killed", "casualties2 = 25,500 killed", BASE).replace(
            "strength1 = 12,000", "strength1 = 13,000"
        )
    )
    text = [c for c in found if not c["field"].endswith("_numbers")]
    assert [(c["field"], c["side"], c["old"], c["new"]) for c in text] == [
        ("strength", 1, "12,000", "13,000"),
        ("casualties", 2, "24,000 killed", "25,500 killed"),
    ]
    assert text[1]["summary"] == "Casualties (side 2): 24,000 killed → 25,500 killed"
    typed = {(c["field"], c["side"]): c for c in found if c["field"].endswith("_numbers")}
    assert set(typed) == {("strength_numbers", 1), ("casualty_numbers", 2)}  # the typed items too
    assert typed["casualty_numbers", 2]["summary"] == "Casualties (side 2): 24,000 → 25,500 killed"
    removed = only(
        [
            c
            for c in between(edit("| casualties1 = 1,200 killed\n", ""))
            if c["field"] == "casualties"
        ]
    )
    assert (removed["field"], removed["kind"], removed["old"]) == (
        "casualties",
        "removed",
        "1,200 killed",
    )


def figure(category: str, low: int | None, high: int | None, **extra: Any) -> dict[str, Any]:
    """A typed figure item as issue 9 defines it."""
    return {
        "category": category,
        "low": low,
        "high": high,
        "approx": False,
        "claimant": None,
        "scope": None,
        "total": False,
        "text": extra.pop("text", ""),
        **extra,
    }


def with_figures(data: dict[str, Any], side: int, key: str, items: list[Any]) -> dict[str, Any]:
    copied = copy.deepcopy(data)
    copied["conflict"]["sides"][side - 1][key] = items
    return copied


def test_typed_casualty_items_changed_added_and_removed() -> None:
    old_json = convert(BASE)
    old = with_figures(
        old_json,
        2,
        "casualty_numbers",
        [
            figure("killed", 24000, 24000, text="24,000 killed", refs=["3"]),
            figure("captured", 6000, 7000),
        ],
    )
    new = with_figures(
        old_json,
        2,
        "casualty_numbers",
        [
            figure("killed", 25500, 25500, text="25,500 killed", refs=["4"]),
            figure("missing", 15000, None),
        ],
    )
    found = changes_between(old, new)
    assert [(c["field"], c["kind"], c["side"]) for c in found] == [
        ("casualty_numbers", "removed", 2),
        ("casualty_numbers", "changed", 2),
        ("casualty_numbers", "added", 2),
    ]
    assert found[1]["summary"] == "Casualties (side 2): 24,000 → 25,500 killed"
    assert found[1]["old"]["low"] == 24000 and found[1]["new"]["high"] == 25500
    assert "refs" not in found[1]["new"]
    assert found[0]["summary"] == "Casualties (side 2) removed: 6,000–7,000 captured"
    assert found[2]["summary"] == "Casualties (side 2) added: over 15,000 missing"


def test_typed_items_only_in_the_new_revision_are_added_and_unchanged_items_are_quiet() -> None:
    old = with_figures(convert(BASE), 1, "strength_numbers", [])  # no typed items yet
    items = [figure("personnel", 12000, 12000, approx=True, claimant="Valdorian sources")]
    new = with_figures(old, 1, "strength_numbers", items)
    change = only(changes_between(old, new))
    assert (change["field"], change["kind"], change["side"]) == ("strength_numbers", "added", 1)
    assert change["summary"] == ("Strength (side 1) added: c. 12,000 personnel (Valdorian sources)")
    assert changes_between(new, copy.deepcopy(new)) == []


def test_conflict_level_typed_items() -> None:
    old = copy.deepcopy(convert(BASE))
    old["conflict"]["casualties3_numbers"] = [figure("civilians_killed", 300, 300)]
    new = copy.deepcopy(old)
    new["conflict"]["casualties3_numbers"] = [figure("civilians_killed", None, 500)]
    change = only(changes_between(old, new))
    assert change["field"] == "casualties3_numbers" and change["side"] is None
    assert change["summary"] == "Other casualties: 300 → up to 500 civilians killed"


def event(date: str, text: str, end: str | None = None) -> dict[str, Any]:
    """An event as issue 10 defines it."""
    return {
        "date": date,
        "end": end,
        "other_dates": [],
        "text": text,
        "section": "Prelude",
        "anchor": "prelude",
        "kind": "text",
        "refs": [],
        "places": [],
        "revision": 1,
    }


def test_events_added_removed_and_redated() -> None:
    base = convert(BASE)
    old = {**base, "events": [event("1912-05-03", "On 3 May 1912 the Valdorians crossed.")]}
    old["events"].append(event("1912-06-01", "On 1 June 1912 the treaty was signed."))
    new = {
        **base,
        "events": [
            event("1912-05-04", "On 4 May 1912 the Valdorians crossed."),
            event("1912-05-05", "On 5 May 1912 the line broke."),
        ],
    }
    found = changes_between(old, new)
    assert [(c["field"], c["kind"]) for c in found] == [
        ("event", "removed"),
        ("event", "changed"),
        ("event", "added"),
    ]
    assert found[1]["old"]["date"] == "1912-05-03" and found[1]["new"]["date"] == "1912-05-04"
    assert found[1]["summary"].startswith("Event date 1912-05-03 → 1912-05-04")
    assert found[2]["summary"] == "Event added (1912-05-05): On 5 May 1912 the line broke."
    same = {**base, "events": [dict(e, refs=["9"], revision=2) for e in old["events"]]}
    assert changes_between(old, same) == []


def test_sections_added_and_removed() -> None:
    found = between(
        edit("== Aftermath ==\nThe treaty followed in June.\n", "== Legacy ==\nIt is remembered.\n")
    )
    by_kind = {(c["field"], c["kind"]): c for c in found}
    assert by_kind[("section", "removed")]["old"] == "Aftermath"
    assert by_kind[("section", "added")]["new"] == "Legacy"
    assert by_kind[("text", "changed")]["new"] == 1


def test_lead_image_changed() -> None:
    change = only(between(edit("image = Amberford 1912.png", "image = Amberford bridge.jpg")))
    assert (change["field"], change["old"], change["new"]) == (
        "lead_image",
        "Amberford 1912.png",
        "Amberford bridge.jpg",
    )


def test_wording_edits_give_one_text_change_with_the_number_of_sentences() -> None:
    text = edit("crossed the river at dawn.", "forded the river before dawn.")
    text = edit("Rain slowed the guns.", "Heavy rain slowed the guns.", text)
    change = only(between(text))
    assert change | {"summary": None} == {
        "field": "text",
        "kind": "changed",
        "old": len(sentences(convert(BASE)["markdown"])),
        "new": 2,
        "side": None,
        "summary": None,
    }
    assert change["summary"] == "Text edited: 2 sentences changed"


def test_a_dated_sentence_added_is_a_text_change_of_one_sentence() -> None:
    text = edit(
        "The treaty followed in June.",
        "The treaty followed in June. On 9 June 1912 it was ratified.",
    )
    found = {c["field"]: c for c in between(text)}
    assert set(found) == {"text", "event"}  # events are extracted: the sentence is one too
    assert found["text"]["new"] == 1
    assert (found["event"]["kind"], found["event"]["new"]["date"]) == ("added", "1912-06-09")


def test_infobox_added_and_removed() -> None:
    plain = "The '''Battle of Amberford''' was fought in May 1912.\n"
    gone = changes_between(convert(BASE), convert(plain, 2))
    assert ("conflict", "removed", "Battle of Amberford") in [
        (c["field"], c["kind"], c["old"]) for c in gone
    ]
    came = changes_between(convert(plain), convert(BASE, 2))
    assert ("conflict", "added") in [(c["field"], c["kind"]) for c in came]


def test_an_unknown_new_key_is_compared_generically() -> None:
    old = convert(BASE)
    new = copy.deepcopy(old)
    new["conflict"]["duration"] = "3 days"
    new["conflict"]["sides"][0]["heading"] = "Valdoria:"
    found = changes_between(old, new)
    assert [(c["field"], c["kind"], c["new"], c["side"]) for c in found] == [
        ("heading", "added", "Valdoria:", 1),  # sides come before keys the old record lacks
        ("duration", "added", "3 days", None),
    ]
    assert found[1]["summary"] == "Duration added: 3 days"


def test_a_side_added() -> None:
    old = convert(BASE)
    new = copy.deepcopy(old)
    new["conflict"]["sides"].append({"parties": [{"name": "Lorn"}], "commanders": []})
    change = only(changes_between(old, new))
    assert (change["field"], change["kind"], change["side"], change["new"]) == (
        "side",
        "added",
        3,
        "Lorn",
    )


def test_conversion_failure_is_a_change_that_says_so() -> None:
    change = only(conversion_failed("RecursionError: too deep"))
    assert change["field"] == "conversion" and change["new"] == "failed: RecursionError: too deep"
    assert change["summary"] == "Conversion: converted → failed: RecursionError: too deep"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"field": "place", "kind": "added", "new": "Lorn", "side": None}, "Place added: Lorn"),
        (
            {"field": "units", "kind": "removed", "old": "1st Army", "side": 2},
            "Units (side 2) removed: 1st Army",
        ),
        ({"field": "ongoing", "kind": "changed", "old": True, "new": False}, "Ongoing: yes → no"),
    ],
)
def test_summaries(change: dict[str, Any], expected: str) -> None:
    assert summary(change) == expected


def test_a_party_whose_link_changed_is_one_change_not_a_removal_and_an_addition() -> None:
    text = edit("[[Kingdom of Valdoria]]", "[[Valdoria (kingdom)|Kingdom of Valdoria]]")
    change = only(between(text))
    assert (change["field"], change["kind"], change["old"], change["new"], change["side"]) == (
        "party_link",
        "changed",
        "Kingdom of Valdoria",
        "Valdoria (kingdom)",
        1,
    )
    assert change["subject"] == "Kingdom of Valdoria"

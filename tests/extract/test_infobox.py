"""The conflict infobox reader: finding the infobox, fields, sides, parties and commanders."""

from __future__ import annotations

from dataclasses import replace

import pytest

from frontlines.extract.infobox import CONFLICT_INFOBOXES, extract_conflict, find_conflict_infobox
from frontlines.model import Commander, Conflict, Party
from frontlines.parse.wikitext import parse


def conflict_of(wikitext: str, title: str = "Some battle") -> Conflict:
    conflict, _ = extract_conflict(parse(wikitext), title=title)
    assert conflict is not None
    return conflict


@pytest.mark.parametrize(
    "opening",
    [
        "{{Infobox military conflict",
        "{{infobox Military Conflict",
        "{{Infobox_military_conflict",
        "{{ Template:Infobox military conflict ",
        "{{Infobox  war",
        "{{Infobox Battle",
        "{{infobox military operation",
        "{{Infobox civil conflict",
    ],
)
def test_find_conflict_infobox_any_spelling(opening: str) -> None:
    code = parse("{{Other|x}}\n" + opening + "\n|conflict=X\n}}\nText")
    found = find_conflict_infobox(code)
    assert found is not None
    assert "conflict=X" in str(found)


def test_find_conflict_infobox_ignores_other_infoboxes() -> None:
    assert find_conflict_infobox(parse("{{Infobox settlement|name=X}} {{coord|1|2}}")) is None
    assert extract_conflict(parse("{{Infobox person|name=Y}}"), title="Y") == (None, ())
    assert "infobox military conflict" in CONFLICT_INFOBOXES


def test_nested_infobox_is_found() -> None:
    code = parse("{{Some wrapper|1={{Infobox military conflict|conflict=Inner}}}}")
    assert conflict_of(str(code)).name == "Inner"


def test_extraction_does_not_change_the_tree() -> None:
    text = (
        "{{Infobox military conflict|conflict=A|place=P {{coord|1|2}}|date=1 May 1900"
        "|combatant1=[[X]]<br>{{flag|Y}}|combatant2=[[Z]] <small>(from 1901)</small>"
        "|commander1=[[Q]] {{KIA}}<br><small>(army)</small>|commander2=R}}"
    )
    code = parse(text)
    extract_conflict(code, title="A")
    assert str(code) == text


def test_name_falls_back_to_title_and_infobox_name_is_kept() -> None:
    conflict = conflict_of("{{ Infobox War |date=1900}}", title="War of Nowhere")
    assert conflict.name == "War of Nowhere"
    assert conflict.infobox == "Infobox War"


def test_simple_fields() -> None:
    conflict = conflict_of(
        "{{Infobox military conflict|conflict=[[Battle of A|Battle of Aa]]|part of=the [[B War]]"
        "|date=1 May 1900|location=[[Cee]], [[Dee]]|result=Victory<br>Peace"
        "|territorial changes=Land ceded|notes=N|status=}}"
    )
    assert conflict.name == "Battle of Aa"
    assert conflict.partof == "the B War"
    assert conflict.date_text == "1 May 1900"
    assert (conflict.start, conflict.end, conflict.ongoing) == ("1900-05-01", "1900-05-01", False)
    assert conflict.place == "Cee, Dee"
    assert conflict.result == "Victory\nPeace"
    assert conflict.territory == "Land ceded"
    assert conflict.notes == "N"


def test_status_ongoing_opens_a_single_date() -> None:
    conflict = conflict_of("{{Infobox military conflict|date=6 April 2014|status=Ongoing}}")
    assert (conflict.start, conflict.end, conflict.ongoing) == ("2014-04-06", None, True)


def test_date_templates_win_over_text() -> None:
    conflict = conflict_of(
        "{{Infobox military conflict|date={{start date|1944|12|16}} – {{end date|1945|1|25}}}}"
    )
    assert (conflict.start, conflict.end) == ("1944-12-16", "1945-01-25")


def test_missing_date_is_an_issue() -> None:
    conflict, issues = extract_conflict(
        parse("{{Infobox military conflict|combatant1=A|combatant2=B}}"), title="T"
    )
    assert conflict is not None and conflict.start is None
    assert [issue.kind for issue in issues] == ["no_start_date"]


def test_sides_group_lettered_columns_and_skip_empty_ones() -> None:
    conflict = conflict_of(
        "{{Infobox military conflict|date=1900|combatant1=[[A]]|combatant1a=[[A2]]"
        "|combatant2=[[B]]|combatant3=|commander2=[[Bob]]|strength1=10|casualties2=5"
        "|casualties3=300 civilians}}"
    )
    assert [[p.name for p in side.parties] for side in conflict.sides] == [["A", "A2"], ["B"]]
    assert conflict.sides[0].strength == "10"
    assert conflict.sides[1].casualties == "5"
    assert conflict.casualties3 == "300 civilians"
    assert conflict.civilian_casualties == "300 civilians"


def test_third_side_takes_casualties3() -> None:
    conflict = conflict_of(
        "{{Infobox military conflict|date=1900|combatant1=A|combatant2=B|combatant3=C"
        "|casualties3=7}}"
    )
    assert len(conflict.sides) == 3
    assert conflict.sides[2].casualties == "7"
    assert conflict.casualties3 == "7"
    assert conflict.civilian_casualties is None


def parties_of(cell: str) -> list[Party]:
    """Names, links, qualifiers, support (entities, flags, groups: test_entities.py)."""
    conflict = conflict_of(f"{{{{Infobox military conflict|date=1900|combatant1={cell}}}}}")
    return [
        replace(p, entity=None, flag=None, flag_variant=None, group=None, refs=())
        for p in conflict.sides[0].parties
    ]


def test_party_forms() -> None:
    found = parties_of(
        "{{flagicon|Aland}} [[Aland Republic|Aland]]<ref>note [[Not this]]</ref><br>"
        "{{flag|Bergen}}<br />[[File:Flag.svg|20px]] [[Cordia]] <small>(from 2013)</small>\n"
        "* Drava militia (until 1945)\n"
        "*[[Essel]]{{refn|[[Inside refn]]}}"
    )
    assert found == [
        Party("Aland", "Aland Republic"),
        Party("Bergen", "Bergen"),
        Party("Cordia", "Cordia", "from 2013"),
        Party("Drava militia", None, "until 1945"),
        Party("Essel", "Essel"),
    ]


def test_supported_by_and_headings() -> None:
    found = parties_of(
        "'''[[Grand Alliance]]''':<br>[[Ferra]]\n----\n'''Allied militias:'''\n* [[Gosk]]\n"
        "'''Supported by:'''\n* {{flagicon|Hald}} [[Hald]]\n* {{flag|Ivo}}"
    )
    assert found == [
        Party("Ferra", "Ferra"),
        Party("Gosk", "Gosk"),
        Party("Hald", "Hald", supporting=True),
        Party("Ivo", "Ivo", supporting=True),
    ]


def test_supported_by_inline_and_list_templates() -> None:
    found = parties_of("{{plainlist|\n* [[Jarl]]\n* Supported by: [[Kemi]]\n}}")
    assert found == [Party("Jarl", "Jarl"), Party("Kemi", "Kemi", supporting=True)]
    found = parties_of("{{ubl|[[Lund]]|[[Mora]]}}")
    assert [p.name for p in found] == ["Lund", "Mora"]


def test_links_in_a_list_are_separate_parties() -> None:
    found = parties_of("''[[Nia]]'', ''[[Oss]]'', [[Pell]]")
    assert [p.link for p in found] == ["Nia", "Oss", "Pell"]
    joined = parties_of("[[Duchy of Rhos|Rhosians]] and [[Sarn]] & [[tull]]")  # no link lost
    assert [(p.name, p.link) for p in joined] == [
        ("Rhosians", "Duchy of Rhos"),
        ("Sarn", "Sarn"),
        ("tull", "Tull"),  # link targets as MediaWiki reads them: first letter capital
    ]
    prose = parties_of("[[Rhos]] and the hill tribes of [[Sarn]]")
    assert [p.name for p in prose] == ["Rhos and the hill tribes of Sarn"]


def commanders_of(cell: str) -> list[Commander]:
    conflict = conflict_of(f"{{{{Infobox military conflict|date=1900|commander1={cell}}}}}")
    return [replace(c, entity=None, group=None, refs=()) for c in conflict.sides[0].commanders]


def test_commander_forms() -> None:
    found = commanders_of(
        "[[Ada Brun]] {{KIA}}<br><small>([[First Army]])</small><br>"
        "[[Title]] [[Carl Dorn|C. Dorn]] [[Killed in action|†]]<br>"
        "[[Eli Fenn]] (cavalry) (POW)<br>"
        "Gus Holm†<br>"
        "[[Iva Jost]]{{executed}}<br>"
        "[[File:Banner.svg|20px]] [[Kai Lund]]-left wing<br>"
        "[[Army Group Nord]]:<br>"
        "then<br>"
        "<small>[[List of commanders|...full list]]</small>"
    )
    assert found == [
        Commander("Ada Brun", "Ada Brun", "First Army", "KIA"),
        Commander("C. Dorn", "Carl Dorn", "Title", "KIA"),
        Commander("Eli Fenn", "Eli Fenn", "cavalry", "POW"),
        Commander("Gus Holm", None, None, "KIA"),
        Commander("Iva Jost", "Iva Jost", None, "executed"),
        Commander("Kai Lund", "Kai Lund", "left wing"),
    ]


def test_bad_wikitext_is_data() -> None:
    for text in [
        "{{Infobox military conflict|date={{start date|x|y}}|combatant1=[[|]]|commander1={{",
        "{{Infobox military conflict|combatant1=<br><br>|commander1=''''''|date=]]",
        "{{Infobox military conflict|" + "{{nowrap|" * 50 + "x" + "}}" * 50 + "}}",
        "{{Infobox military conflict|date=1900|combatant1=" + "{{ubl|" * 200 + "[[X]]" + "}}" * 200,
        "{{Infobox military conflict|combatant1=[[A|B]]|commander1=[[C{{D|}}",
    ]:
        conflict, issues = extract_conflict(parse(text), title="T")
        assert conflict is None or conflict.name
        assert all(issue.kind for issue in issues)
        for side in conflict.sides if conflict else ():
            for entry in (*side.parties, *side.commanders):
                assert entry.name
                assert not any(mark in entry.name for mark in ("{{", "}}", "[[", "]]"))


def test_sides_from_the_lead_when_the_infobox_names_none() -> None:
    text = (
        "{{Infobox military conflict|conflict=Salt Affair|date=3 March 1790}}\n"
        "{{Other uses}}\n"
        "The '''Salt Affair''' was a quarrel between [[Harbour Board|the board]], which ran the "
        "port, and [[Salt workers' guild|salt workers]] led by [[Mara Velt]]. It ended soon.\n\n"
        "==Background==\nLater text between [[X]] and [[Y]]."
    )
    conflict, issues = extract_conflict(parse(text), title="Salt Affair")
    assert conflict is not None
    assert [issue.kind for issue in issues] == ["sides_from_lead"]
    assert [side.parties for side in conflict.sides] == [
        (Party("the board", "Harbour Board"),),
        (Party("salt workers", "Salt workers' guild"),),
    ]
    assert conflict.sides[1].commanders == (Commander("Mara Velt", "Mara Velt"),)


def test_no_lead_fallback_without_a_between_phrase() -> None:
    text = "{{Infobox military conflict|date=1790}}\nThe affair involved [[A]] and [[B]]."
    conflict, issues = extract_conflict(parse(text), title="T")
    assert conflict is not None and conflict.sides == ()
    assert [issue.kind for issue in issues] == ["few_sides"]


def test_small_template_works_like_the_small_tag() -> None:
    found = commanders_of(
        "[[Ada Brun]] {{small|Army Group B}}<br>[[Cole Dunn]]<br>{{small|(3rd Army)}}"
    )
    assert found == [
        Commander("Ada Brun", "Ada Brun", "Army Group B"),
        Commander("Cole Dunn", "Cole Dunn", "3rd Army"),
    ]
    found_parties = parties_of("[[Ferra]]<br>{{small|(from 1901)}}")
    assert found_parties == [Party("Ferra", "Ferra", "from 1901")]


def test_a_linked_rank_before_the_person_becomes_the_note() -> None:
    found = commanders_of("[[Viceroy]] [[Jon Arvel|Arvel]] {{WIA}}<br>Sir [[Olan Pike]]")
    assert [(c.name, c.link, c.note, c.fate) for c in found] == [
        ("Arvel", "Jon Arvel", "Viceroy", "WIA"),
        ("Sir Olan Pike", "Olan Pike", None, None),  # unlinked styles stay part of the name
    ]


def test_a_link_with_a_lost_letter_names_no_page() -> None:
    found = commanders_of("[[Ferdinand Sch\ufffdrner]]<br>[[Ada Brun]]")
    assert [(c.name, c.link) for c in found] == [
        ("Ferdinand Sch\ufffdrner", None),
        ("Ada Brun", "Ada Brun"),
    ]


SPELLINGS = {
    "as listed": lambda name: name,
    "upper case": str.upper,
    "title case": str.title,
    "with Template: and spaces": lambda name: f" Template:{name} ",
    "underscores": lambda name: name.replace(" ", "_"),
}


@pytest.mark.parametrize("spelling", sorted(SPELLINGS))
def test_the_quick_text_check_never_misses_a_conflict_infobox(spelling: str) -> None:
    from frontlines.extract.infobox import CONFLICT_INFOBOXES, extract_conflict
    from frontlines.parse.wikitext import parse

    for name in sorted(CONFLICT_INFOBOXES):
        written = SPELLINGS[spelling](name)
        text = "{{" + written + "|date=1900|combatant1=[[A]]|combatant2=[[B]]}}"
        conflict, _ = extract_conflict(parse(text), title="T", text=text)
        assert conflict is not None, text
    assert extract_conflict(parse("{{Infobox person|name=A}}"), title="T", text="x") == (None, ())


def test_a_second_fate_mark_goes_to_the_note() -> None:
    found = commanders_of("[[Hal Ross]] [[Wounded in action|+]] [[Surrender (military)|#]]")
    assert [(c.name, c.fate, c.note) for c in found] == [("Hal Ross", "WIA", "surrendered")]

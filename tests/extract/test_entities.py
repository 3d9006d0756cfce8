"""Entities: link targets normalised, flags resolved through Country data templates, redirects
followed; side headings and footnote ids kept on parties, commanders, cells and figures."""

from __future__ import annotations

from frontlines.convert import convert_page
from frontlines.extract.entities import (
    follow,
    normalise_title,
    party_entity,
    read_country_data,
    resolve_conflict,
)
from frontlines.model import Party, RawPage

# Written for these tests, in the form the wiki's Country data templates take.
COUNTRY_DATA_ARDEN = """{{ {{{1<noinclude>|country showdata</noinclude>}}}
| alias = Republic of Arden
| shortname alias = Arden
| flag alias = Flag of Arden.svg
| flag alias-1803 = Flag of Arden (1803-1892).svg
| alias-1803 = Kingdom of Arden
| link alias-army = Arden Army
| size = {{{size|}}}
| name = {{{name|}}}
}}<noinclude>
| alias-1900 = Not this (documentation only)
</noinclude>"""


def test_titles_are_normalised_as_mediawiki_reads_them() -> None:
    assert normalise_title("kingdom_of  Arden#History") == "Kingdom of Arden"
    assert normalise_title(":arden") == "Arden"
    assert normalise_title("#Section only") is None
    assert normalise_title("Lost \ufffd letter") is None
    assert normalise_title(None) is None


def test_country_data_gives_the_alias_and_each_variant() -> None:
    data = read_country_data("Template:Country data Arden", COUNTRY_DATA_ARDEN)
    assert data is not None
    assert data.alias == "Republic of Arden"
    assert data.target(None) == "Republic of Arden"
    assert data.target("1803") == "Kingdom of Arden"
    assert data.target("army") == "Arden Army"
    assert data.target("1900") == "Republic of Arden"  # <noinclude> is not the template
    assert read_country_data("Template:Infobox war", COUNTRY_DATA_ARDEN) is None


def test_a_flag_resolves_through_its_template_and_redirects() -> None:
    data = read_country_data("Template:Country data Arden", COUNTRY_DATA_ARDEN)
    assert data is not None
    templates = {"Arden": data}
    old = Party("Arden", link="Arden", entity="Arden", flag="Arden", flag_variant="1803")
    assert party_entity(old, templates, {}) == "Kingdom of Arden"
    assert party_entity(old, {}, {}) == "Arden"  # no template known: the flag's own name
    redirects = {"Kingdom of Arden": "Arden (1803–1892)", "Arden (1803–1892)": "Old Arden"}
    assert party_entity(old, templates, redirects) == "Old Arden"
    linked = Party("Ardenese", link="arden_Republic#Army")
    assert party_entity(linked, templates, {}) == "Arden Republic"
    assert follow("A", {"A": "B", "B": "A"}) in ("A", "B")  # a loop stops


INFOBOX = """{{Infobox military conflict
| conflict = Battle of Fenmark
| date = April 19, 1775 – May 2, 1775<ref name="d">Date source.</ref><br>(13 days)<br>\
Ratified: June 1, 1775
| place = Fenmark<ref>Place source.</ref>
| result = Ardenese victory{{efn|A note on the result.}}
* Treaty of Fenmark
** Border moved
| combatant1 = '''Grand League:'''<br>{{flag|Arden|1803}}<ref name="a">Arden source.</ref><br>\
[[Holm_Republic#Army|Holm]]
| combatant2 = {{flagicon|Vess}} Vess<br>Supported by:<br>[[Kor]]
| commander1 = [[general Ulm]]<ref name="d"/>
| commander2 = [[Ossa Vey]] {{KIA}}
| strength1 = 5,000<ref>Strength source.</ref>
| casualties1 = 300 killed<ref>Loss source.</ref><br>200 wounded
| casualties2 = 900 killed
}}
'''Fenmark''' was a battle.<ref name="d"/> Text.<ref>Body only.</ref>
"""


def _article():
    return convert_page(RawPage(title="Battle of Fenmark", text=INFOBOX))


def test_parties_keep_flag_variant_heading_and_refs() -> None:
    article = _article()
    assert article.conflict is not None
    first, second = article.conflict.sides
    arden, holm = first.parties
    assert (arden.flag, arden.flag_variant, arden.entity) == ("Arden", "1803", "Arden")
    assert arden.group == holm.group == "Grand League"
    assert holm.entity == "Holm Republic"
    vess, kor = second.parties
    assert (vess.flag, vess.entity, vess.supporting) == ("Vess", "Vess", False)
    assert (kor.entity, kor.supporting, kor.group) == ("Kor", True, None)
    assert first.commanders[0].entity == "General Ulm"
    ids = {ref.text: ref.id for ref in article.references}
    assert arden.refs == (ids["Arden source."],)
    assert first.commanders[0].refs == (ids["Date source."],)  # a named ref reused: one id


def test_every_cell_keeps_its_lines_and_footnotes() -> None:
    article = _article()
    assert article.conflict is not None
    conflict = article.conflict
    ids = {ref.text: ref.id for ref in article.references}
    date = [line.text for line in conflict.cells["date"]]
    assert date == ["April 19, 1775 – May 2, 1775", "(13 days)", "Ratified: June 1, 1775"]
    assert conflict.refs["date"] == (ids["Date source."],)
    assert conflict.refs["place"] == (ids["Place source."],)
    result = [(line.text, line.depth) for line in conflict.cells["result"]]
    assert result == [("Ardenese victory", 0), ("Treaty of Fenmark", 1), ("Border moved", 2)]
    assert conflict.refs["result"] == (ids["A note on the result."],)
    side = conflict.sides[0]
    assert side.refs == {
        "strength": (ids["Strength source."],),
        "casualties": (ids["Loss source."],),
    }
    killed, wounded = side.casualty_numbers
    assert (killed.category, killed.refs) == ("killed", (ids["Loss source."],))
    assert (wounded.category, wounded.refs) == ("wounded", ())


def test_infobox_footnotes_join_the_articles_without_renumbering_the_body() -> None:
    article = _article()
    body_only = next(ref for ref in article.references if ref.text == "Body only.")
    date = next(ref for ref in article.references if ref.text == "Date source.")
    assert (date.id, body_only.id) == ("1", "2")  # the body's numbers, as without the card
    assert "[^2]: Body only." in article.markdown
    card_only = [r for r in article.references if r.text == "Arden source."]
    assert card_only and f"[^{card_only[0].id}]:" not in article.markdown  # JSON only


def test_resolve_conflict_applies_templates_to_every_party() -> None:
    data = read_country_data("Template:Country data Arden", COUNTRY_DATA_ARDEN)
    assert data is not None
    conflict = _article().conflict
    assert conflict is not None
    resolved = resolve_conflict(conflict, {"Arden": data}, {"Kor": "Kor Federation"})
    assert resolved.sides[0].parties[0].entity == "Kingdom of Arden"
    assert resolved.sides[1].parties[1].entity == "Kor Federation"

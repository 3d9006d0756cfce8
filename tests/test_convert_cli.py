"""`frontlines convert`: files, dumps and folders in; .md + .json out; exit codes; safe paths."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from frontlines.cli import app
from tests.conftest import require_corpus

runner = CliRunner()

ARTICLE = """{{Short description|A made-up skirmish used in tests}}
{{Infobox military conflict
| conflict = Skirmish at Testford
| partof = [[Imaginary War]]
| date = 3–5 May 1901
| place = [[Testford]]
| coordinates = {{coord|51.5|-1.25|display=inline,title}}
| result = Draw
| combatant1 = [[Northland]]
| combatant2 = [[Southland]]
| commander1 = [[Anne Example]]
| commander2 = [[Bob Example]] {{KIA}}
}}
The '''Skirmish at Testford''' was a short fight between two invented armies.<ref>{{cite book
|last=Writer |first=Wanda |title=Invented Battles |publisher=Nowhere Press |year=1999}}</ref>

== Course ==
Both sides met at a ford on the [[River Test|Test]].<ref name="a">A note made up for tests.</ref>
They parted two days later.<ref name="a"/>

== References ==
{{reflist}}

[[Category:Invented battles]]
"""


def frontmatter(path: Path) -> dict[str, object]:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n")
    data = yaml.safe_load(text.split("---\n", 2)[1])
    assert isinstance(data, dict)
    return data


def test_converts_one_wikitext_file(tmp_path: Path) -> None:
    source = tmp_path / "Skirmish_at_Testford.wiki"
    source.write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["convert", str(source), "-o", str(out), "--date", "2026-01-02"])
    assert result.exit_code == 0, result.output
    assert "Converted 1 articles (0 failed)" in result.output
    matter = frontmatter(out / "skirmish_at_testford.md")
    assert matter["subject"] == "Skirmish at Testford"
    assert matter["shortDescription"] == "A made-up skirmish used in tests"
    assert matter["pubDate"] == "2026-01-02"
    assert matter["author"] == "Wikipedia"
    assert matter["tags"] == ["Invented battles"]
    assert matter["place"] == "Testford"
    assert str(matter["description"]).startswith("The Skirmish at Testford was a short fight")
    body = (out / "skirmish_at_testford.md").read_text(encoding="utf-8").split("---\n", 2)[2]
    assert "[^1]" in body and "[^2]:" in body
    assert body.count("[^2]") == 3  # two uses of the named ref and its definition
    data = json.loads((out / "skirmish_at_testford.json").read_text(encoding="utf-8"))
    assert data["conflict"]["start"] == "1901-05-03"
    assert data["conflict"]["end"] == "1901-05-05"
    assert data["conflict"]["coordinates"] == {"lat": 51.5, "lon": -1.25}
    assert [c["fate"] for c in data["conflict"]["sides"][1]["commanders"]] == ["KIA"]
    assert data["references"][0]["title"] == "Invented Battles"


def test_without_a_date_pubdate_is_the_time_of_conversion(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "A.wiki").write_text("Plain text.", encoding="utf-8")
    (tmp_path / "in" / "B.wiki").write_bytes(b"\x00\xff\xfe junk \x00\x00")
    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    result = runner.invoke(app, ["convert", str(tmp_path / "in"), "-o", str(tmp_path / "out")])
    after = dt.datetime.now(dt.UTC)
    assert result.exit_code == 1  # B failed; the batch went on
    assert "Failed: " in result.output and "B.wiki" in result.output
    pub_date = frontmatter(tmp_path / "out" / "a.md")["pubDate"]
    moment = dt.datetime.fromisoformat(str(pub_date).replace("Z", "+00:00"))
    assert before <= moment <= after
    summary = result.output.strip().splitlines()[-1]
    assert summary.startswith("Converted 1 articles (1 failed)")
    assert f"pubDate {pub_date} (the time of conversion) for 1 without" in summary
    assert result.output.count("time of conversion") == 1


def test_date_and_source_date_epoch_still_fix_pubdate(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "A.wiki").write_text("Plain text.", encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(
        app, ["convert", str(tmp_path / "A.wiki"), "-o", str(out), "--date", "2016-03-01"]
    )
    assert result.exit_code == 0 and "time of conversion" not in result.output
    assert frontmatter(out / "a.md")["pubDate"] == "2016-03-01"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1456790400")
    result = runner.invoke(app, ["convert", str(tmp_path / "A.wiki"), "-o", str(out)])
    assert result.exit_code == 0 and "time of conversion" not in result.output
    assert frontmatter(out / "a.md")["pubDate"] == "2016-03-01T00:00:00Z"


def test_a_redirect_given_as_input_is_skipped_not_failed(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "Old name.wiki").write_text("#REDIRECT [[Testford]]", encoding="utf-8")
    (tmp_path / "in" / "Other.wiki").write_text("Plain text.", encoding="utf-8")
    result = runner.invoke(app, ["convert", str(tmp_path / "in"), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "Skipped: 'Old name' is a redirect to 'Testford'" in result.output
    assert "Converted 1 articles (0 failed, 1 skipped)" in result.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["other.json", "other.md"]


@pytest.mark.corpus
def test_first_convert_of_the_corpus_conflicts_just_works(tmp_path: Path) -> None:
    folder = require_corpus() / "conflict"
    inputs = sorted(folder.glob("*.wiki"))
    out = tmp_path / "out"
    result = runner.invoke(app, ["convert", str(folder), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert f"Converted {len(inputs)} articles (0 failed)" in result.output
    assert len(inputs) == 32 and len(list(out.glob("*.md"))) == 32


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["convert", str(tmp_path / "nope.wiki"), "-o", str(tmp_path)])
    assert result.exit_code == 2
    assert "no such file or folder" in result.output
    assert runner.invoke(app, ["convert"]).exit_code == 2


def test_slug_collisions_get_a_suffix_and_titles_never_escape(tmp_path: Path) -> None:
    for name in ("Battle_of_X.wiki", "battle_of_x.txt", "..%2F..%2Fescape.wiki"):
        (tmp_path / "in").mkdir(exist_ok=True)
        (tmp_path / "in" / name).write_text("Some text.", encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(
        app, ["convert", str(tmp_path / "in"), "-o", str(out), "--date", "2026-01-01"]
    )
    assert result.exit_code == 0, result.output
    assert "share the slug 'battle_of_x'" in result.output
    names = sorted(p.name for p in out.iterdir())
    assert "battle_of_x.md" in names and "battle_of_x-2.md" in names
    assert all(p.parent == out for p in out.rglob("*"))
    assert not list(tmp_path.glob("escape*"))


def test_title_option_names_a_single_file(tmp_path: Path) -> None:
    source = tmp_path / "x.wiki"
    source.write_text("Text.", encoding="utf-8")
    out = tmp_path / "out"
    args = ["convert", str(source), "-o", str(out), "--title", "Siege of Y", "--date", "2026-01-01"]
    assert runner.invoke(app, args).exit_code == 0
    assert frontmatter(out / "siege_of_y.md")["subject"] == "Siege of Y"


def test_lost_characters_are_tidied_and_reported() -> None:
    from frontlines.convert import convert_page
    from frontlines.model import RawPage

    lost = "\ufffd"
    text = f"The war (535{lost * 3}554) ended; the forces{lost * 3}see below. G{lost * 2}bbels."
    article = convert_page(RawPage(title="T", text=text))
    assert "(535–554)" in article.markdown
    assert "forces—see" in article.markdown
    apostrophes = convert_page(
        RawPage(title="T", text=f"The king{lost * 3}s men met O{lost * 3}Brien.")
    )
    assert "The king’s men met O’Brien." in apostrophes.markdown
    assert f"G{lost}bbels" in article.markdown
    assert [i.kind for i in article.issues if i.kind == "lost_characters"] == ["lost_characters"]


def test_lost_letters_take_the_spelling_used_intact_on_the_same_page() -> None:
    from frontlines.convert import convert_page
    from frontlines.model import RawPage

    lost = "\ufffd" * 2
    text = (
        "{{Infobox military conflict|conflict=Siege of Y|date=1945|combatant1=[[A]]"
        f"|combatant2=[[B]]|commander2=[[Joseph G{lost}bbels]]}}}}\n"
        f"The minister [[Joseph Goebbels|Goebbels]] spoke. M{lost}ller and Miller and Muller met."
    )
    article = convert_page(RawPage(title="Siege of Y", text=text))
    assert article.conflict is not None
    assert [c.name for c in article.conflict.sides[1].commanders] == ["Joseph Goebbels"]
    assert "Goebbels" in article.markdown and "G\ufffdbbels" not in article.markdown
    assert "M\ufffdller" in article.markdown  # two intact twins: no guess


def test_unreadable_citation_title_gives_way_to_its_translation() -> None:
    from frontlines.convert import convert_page
    from frontlines.model import RawPage

    lost = "\ufffd" * 6
    cite = f"{{{{cite news|title={lost} {lost}|trans-title=Abuse of Facts|newspaper=Trud}}}}"
    article = convert_page(RawPage(title="T", text=f"Text.<ref>{cite}</ref>"))
    assert article.references[0].text == '"&#91;Abuse of Facts&#93;". *Trud*.'


def test_description_is_always_in_the_front_matter() -> None:
    from frontlines.convert import convert_page
    from frontlines.markdown_entry import to_markdown
    from frontlines.model import RawPage

    table_only = '{| class="wikitable"\n|-\n| a || b\n|}\n'
    entry = to_markdown(convert_page(RawPage(title="T", text=table_only)), pub_date="2026-01-01")
    assert 'description: ""' in entry and "''" not in entry
    no_lead = "== Background ==\nThe first section says what happened.\n"
    article = convert_page(RawPage(title="T", text=no_lead))
    assert article.description == "The first section says what happened."


def test_apostrophes_in_front_matter_are_not_doubled() -> None:
    from frontlines.convert import convert_page
    from frontlines.markdown_entry import to_markdown
    from frontlines.model import RawPage

    article = convert_page(RawPage(title="T", text="[[Simón Bolívar|Bolívar]]'s lieutenant won."))
    entry = to_markdown(article, pub_date="2026-01-01")
    assert "''" not in entry
    assert "Bolívar's lieutenant" in entry

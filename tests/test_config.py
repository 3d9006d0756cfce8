"""frontlines.toml: the example loads, every mistake is named with its place and a fix."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from frontlines.config import (
    CONFIG_NAME,
    WIKIPEDIA_API,
    find_config,
    load_config,
    normalise_category,
    normalise_title,
    write_example,
)
from frontlines.errors import ConfigError

MINIMAL = """\
[source]
user_agent = "Tester/1.0 (tester@example.org)"

[[theatre]]
name = "north"
title = "Northern front"
categories = ["Category:Battles_of the north"]
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / CONFIG_NAME
    path.write_text(text, encoding="utf-8")
    return path


def error_of(tmp_path: Path, text: str) -> str:
    with pytest.raises(ConfigError) as caught:
        load_config(write(tmp_path, text))
    return str(caught.value)


def test_example_written_by_init_loads(tmp_path: Path) -> None:
    path = write_example(tmp_path / "project")
    config = load_config(path)
    assert config.source.api == WIKIPEDIA_API
    assert config.source.require_user_agent().startswith("FrontLinesBot/")
    assert [t.name for t in config.theatres] == ["ukraine", "syria"]
    assert config.theatre("ukraine").depth == 1
    assert config.territory["ukraine"].controller("#FF0000") == "Russia"
    assert config.site.tile_url is None
    assert config.db_path == tmp_path / "project" / "frontlines.db"


def test_init_refuses_to_overwrite(tmp_path: Path) -> None:
    path = write(tmp_path, "# mine\n")
    with pytest.raises(ConfigError, match="already exists"):
        write_example(tmp_path)
    assert path.read_text(encoding="utf-8") == "# mine\n"


def test_defaults_and_normalised_names(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, MINIMAL))
    theatre = config.theatre("north")
    assert theatre.categories == ("Battles of the north",)
    assert theatre.depth == 0 and theatre.titles == () and theatre.exclude == ()
    assert config.source.batch_size == 50 and config.source.category_limit == 500


def test_unknown_key_is_named_with_line_and_suggestion(tmp_path: Path) -> None:
    text = MINIMAL + '\n[[theatre]]\nname = "south"\ntitle = "South"\ncatgories = ["X"]\n'
    message = error_of(tmp_path, text)
    assert "unknown key 'catgories' in [[theatre]] #2" in message
    assert "did you mean 'categories'?" in message
    assert re.search(rf"{CONFIG_NAME}:12:", message), message


def test_unknown_key_in_source_points_at_its_line(tmp_path: Path) -> None:
    message = error_of(tmp_path, MINIMAL.replace("[source]\n", "[source]\nuser_agnet = 'x'\n"))
    assert ":2: unknown key 'user_agnet' in [source] (did you mean 'user_agent'?)" in message


def test_unknown_section(tmp_path: Path) -> None:
    message = error_of(tmp_path, MINIMAL + "\n[theater]\nname = 'x'\n")
    assert "unknown key 'theater' in the top level" in message


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("depth = 1", "depth = 'deep'"), "depth in [[theatre]] #1 must be an integer, not str"),
        (("depth = 1", "depth = true"), "must be an integer, not bool"),
        (("depth = 1", "depth = -1"), "depth = -1 in [[theatre]] #1 must be between 0 and 10"),
        (('name = "north"', 'name = "North Front"'), "is not a short id"),
        (('title = "Northern front"', ""), "[[theatre]] #1 has no 'title'"),
        (('categories = ["Category:Battles_of the north"]', ""), "neither categories nor titles"),
        (
            ('categories = ["Category:Battles_of the north"]', 'categories = "one"'),
            "categories in [[theatre]] #1 must be a list of strings",
        ),
    ],
)
def test_theatre_mistakes(tmp_path: Path, change: tuple[str, str], expected: str) -> None:
    text = MINIMAL + "depth = 1\n"
    assert change[0] in text
    assert expected in error_of(tmp_path, text.replace(change[0], change[1]))


def test_source_limits_checked(tmp_path: Path) -> None:
    message = error_of(tmp_path, MINIMAL.replace("[source]\n", "[source]\nbatch_size = 80\n"))
    assert "batch_size = 80 in [source] must be between 1 and 50" in message
    message = error_of(tmp_path, MINIMAL.replace("[source]\n", "[source]\napi = 'ftp://x'\n"))
    assert "is not an http(s) URL" in message


def test_two_theatres_with_one_name(tmp_path: Path) -> None:
    text = MINIMAL + '\n[[theatre]]\nname = "north"\ntitle = "Again"\ntitles = ["A"]\n'
    assert "two theatres are named 'north'" in error_of(tmp_path, text)


def test_territory_colours(tmp_path: Path) -> None:
    good = MINIMAL + '\n[territory.north]\ncolors = { "#AA0000" = "Redland" }\n'
    config = load_config(write(tmp_path, good))
    assert dict(config.territory["north"].colors) == {"#aa0000": "Redland"}
    assert config.territory["north"].controller("#00ff00") is None
    bad_theatre = MINIMAL + '\n[territory.nort]\ncolors = { "#aa0000" = "Redland" }\n'
    assert "did you mean 'north'?" in error_of(tmp_path, bad_theatre)
    bad_colour = MINIMAL + '\n[territory.north]\ncolors = { "red" = "Redland" }\n'
    assert 'should be "#rrggbb"' in error_of(tmp_path, bad_colour)


def test_land_outlines_setting(tmp_path: Path) -> None:
    assert load_config(write(tmp_path, MINIMAL)).site.land is None
    config = load_config(write(tmp_path, MINIMAL + '\n[site]\nland = "maps/land.json"\n'))
    assert config.site.land == "maps/land.json"
    assert "land" in error_of(tmp_path, MINIMAL + "\n[site]\nland = 3\n")


def test_missing_user_agent_says_how_to_set_it(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, MINIMAL.replace('user_agent = "Tester', "# ")))
    with pytest.raises(ConfigError, match="user_agent is not set"):
        config.source.require_user_agent()


def test_unknown_theatre_lists_the_known_ones(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, MINIMAL))
    with pytest.raises(ConfigError, match=r"no theatre named 'south' .*theatres: north"):
        config.theatre("south")


def test_broken_toml_and_missing_file(tmp_path: Path) -> None:
    assert "not valid TOML" in error_of(tmp_path, "[source\n")
    with pytest.raises(ConfigError, match="frontlines init"):
        load_config(tmp_path / "nowhere.toml")


def test_find_config_walks_up(tmp_path: Path) -> None:
    path = write(tmp_path, MINIMAL)
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    assert find_config(deep) == path
    with pytest.raises(ConfigError, match="run `frontlines init`"):
        find_config(Path("/"))


def test_title_normalisation() -> None:
    assert normalise_title("battle_of  the_Bulge") == "Battle of the Bulge"
    assert normalise_category("category:wars_of x") == "Wars of x"
    assert normalise_category("Wars of X") == "Wars of X"


def test_every_setting_is_documented() -> None:
    from dataclasses import fields

    from frontlines.config import ConvertConfig, SiteConfig, SourceConfig, Theatre

    docs = (Path(__file__).resolve().parents[1] / "docs" / "configuration.md").read_text("utf-8")
    for section in (SourceConfig, Theatre, SiteConfig, ConvertConfig):
        for setting in fields(section):
            assert f"| `{setting.name}` |" in docs, f"{setting.name} is not in the docs"

"""Slugs are valid file, folder and URL names on every common file system (issue 16)."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from frontlines.convert import slugify
from frontlines.publish.views import tag_slug
from frontlines.slugs import not_reserved

DEVICES = (
    ["CON", "PRN", "AUX", "NUL"] + [f"COM{n}" for n in range(10)] + [f"LPT{n}" for n in range(10)]
)


@pytest.mark.parametrize("name", DEVICES)
def test_windows_device_names_get_a_suffix(name: str) -> None:
    assert slugify(name) == name.lower() + "_"
    assert slugify(f"{name.title()}.") == name.lower() + "_"
    assert tag_slug(name) == name.lower() + "_"


def test_a_device_name_with_an_extension_is_reserved_too() -> None:
    assert not_reserved("nul.md") == "nul_.md"
    assert not_reserved("console") == "console"
    assert slugify("Con Air") == "con_air"


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Battle of \u202eXeno\u202c", "battle_of_xeno"),  # right-to-left override
        ("Zero\u200bwidth\ufeff", "zerowidth"),
        ("Line\u2028break", "linebreak"),
        ("Siege of Kyiv.", "siege_of_kyiv"),
        ("Trailing space ", "trailing_space"),
    ],
)
def test_invisible_characters_and_trailing_dots_go(title: str, slug: str) -> None:
    assert slugify(title) == slug


_WINDOWS_FORBIDDEN = set('<>:"/\\|?*')


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=0, max_size=60))
def test_any_title_gives_a_portable_slug(title: str) -> None:
    slug = slugify(title)
    assert slug and len(slug.encode("utf-8")) <= 151
    assert not (_WINDOWS_FORBIDDEN & set(slug))
    categories = {unicodedata.category(ch) for ch in slug}
    assert not categories & {"Cc", "Cf", "Cs", "Co", "Zl", "Zp", "Zs"}
    assert slug[-1] not in ". " and slug[0] not in ". -"
    assert not_reserved(slug) == slug
    assert slug == slugify(slug)  # stable: a slug is its own slug

"""Front matter written partly by hand is still, byte for byte, the dumper's text.

`frontmatter.dump` writes the simple keys itself (one-line strings, numbers, lists and
mappings of them) and hands the rest to PyYAML key by key: checked against one PyYAML dump of
the whole mapping on arbitrary front matter (hypothesis), on strings next to every rule of
YAML's plain style, and on the corpus's own entries (tests/parse: the goldens).
"""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from frontlines import frontmatter

# Characters that decide a scalar's style: indicators, quotes, spaces, breaks, digits.
_ALPHABET = st.sampled_from(list("aZé1 :#-'\",.?!&*%@=~[]{}|>\t\n_") + ["\u2028", "\x85", "😀"])
words = st.text(alphabet=_ALPHABET, max_size=12) | st.text(max_size=8)
scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**40), max_value=2**40)
    | st.floats()
    | words
    | st.lists(st.text(alphabet="ab :-'", min_size=1, max_size=6), max_size=4).map("\n".join)
    | st.sampled_from(["yes", "On", "null", "~", "1.5", "2020-01-01", "12:30", "0x1F", "-x"])
    | st.text(alphabet="ab ", min_size=80, max_size=120)  # around the width
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(words, inner, max_size=4),
    max_leaves=12,
)
keys = st.sampled_from(["subject", "tags", "source", "licence_url", "on", "a b", "1"]) | words


def whole(data: dict[str, Any]) -> str:
    return frontmatter._yaml(dict(data))


@settings(max_examples=1500, deadline=None)
@given(st.dictionaries(keys, values, max_size=6))
def test_front_matter_is_the_dumpers_text(data: dict[str, Any]) -> None:
    assert frontmatter.dump(data) == whole(data)


def test_the_rules_of_plain_style() -> None:
    shared: list[str] = ["x"]
    for data in (
        {"a": "yes", "b": "on", "c": "1.5", "d": "null", "e": "~", "f": "a: b", "g": "a #b"},
        {"h": "a#b", "i": "x:", "j": "Ünïcödé", "k": "tab\tx", "l": "", "m": "O'Brien"},
        {"n": "a" * 95, "o": "a " * 48, "p": True, "q": [], "r": {}, "s": "-x", "t": "1e3"},
        {"u": "12:30", "v": "2020-01-01", "w": "https://example.org/a?b=c#d", "x": 717941405},
        {"tags": ["ISO basic Latin letters", "1945", "Yes"], "source": {"revision": None}},
        {"strength": "2 battleships\n6 heavy cruisers\n\n16 destroyers", "n": "a\n b"},
        {
            "sides": [{"name": "A", "parties": ["x", "y: z"]}, {"lat": -9.186111, "n": 1e-05}],
        },
        {"f": [1.5, 2e16, float("inf"), float("nan"), -0.0], "long": "x\n" + "y" * 99},
        {"a": 'King\'s "Legion"', "b": "O'Brien's 😀", "c": "a'b\\c", "d": "it's\ufeff"},
        {"one": shared, "two": shared},
        {"sides": [{"a": shared}, {"b": shared}]},
        {
            "max": "a\U0010ffff",
            "astral": "a😀b",
            "tab": "a\tb",
            "nel": "a\x85b",
        },  # an anchor and an alias: the dumper writes it all
        {},
    ):
        assert frontmatter.dump(data) == whole(data)

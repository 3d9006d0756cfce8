"""BuildMemo on its own: what a long-running builder keeps gives what computing afresh gives."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from frontlines.publish.live import BuildMemo


class Owner:
    """An object a piece belongs to (compared by identity, as an entry is)."""


# builds: each a map from owner number to that owner's sort keys (unique across owners)
BUILDS = st.lists(
    st.dictionaries(st.integers(0, 6), st.sets(st.integers(0, 40), max_size=5), max_size=6),
    min_size=1,
    max_size=6,
)


@given(BUILDS, st.data())
def test_ordered_equals_sorted_after_each_build(
    builds: list[dict[int, set[int]]], data: st.DataObject
) -> None:
    memo = BuildMemo()
    owners: dict[int, tuple[Owner, list[tuple[tuple[int, int], str]]]] = {}
    for build in builds:
        memo.next_build()
        pieces = []
        for number, keys in sorted(build.items()):
            items = [((key, number), f"{number}:{key}") for key in sorted(keys)]
            known = owners.get(number)
            if known is not None and known[1] == items and data.draw(st.booleans()):
                pieces.append(known)  # unchanged: the very objects of the last build
                continue
            owner = known[0] if known is not None and data.draw(st.booleans()) else Owner()
            owners[number] = (owner, items)
            pieces.append(owners[number])
        expected = [value for _, value in sorted(item for _, items in pieces for item in items)]
        assert memo.ordered("test", pieces) == expected

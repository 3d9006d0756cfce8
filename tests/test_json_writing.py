"""The entry JSON goes through orjson's C encoder and is still, byte for byte, the stdlib's text.

`markdown_entry.pretty_json` promises `json.dumps(data, ensure_ascii=False, indent=2) + "\\n"`:
checked on arbitrary JSON values (hypothesis) and on the cases where orjson alone would differ.
"""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from frontlines.markdown_entry import pretty_json

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text()
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


def stdlib(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


@settings(max_examples=1000, deadline=None)
@given(values)
def test_pretty_json_is_the_stdlibs_text(data: Any) -> None:
    assert pretty_json(data) == stdlib(data)


def test_where_orjson_alone_would_differ() -> None:
    for data in (
        {"lat": 1e-05, "lon": -0.00002},  # orjson: 0.00001
        {"big": 2**65},  # orjson: refused
        {1: "a key that is not a string"},  # orjson: refused
        {"text": '\u007f\u2028\u2029 \x1f "quoted" \\ /', "empty": [], "none": {}},
        [0.0001, 1e16, 5e-324, -0.0, 48.8566, 1.1228834511238586e-08],
    ):
        assert pretty_json(data) == stdlib(data)

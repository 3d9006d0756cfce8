"""What changed between two converted revisions of a page: a list of fact-by-fact changes.

    changes_between(old_json, new_json)   [{"field", "kind", "old", "new", "side", ...}]
    conversion_failed(reason)             the change list of a revision that did not convert
    summary(change)                       "Casualties (side 2): 24,000 → 25,500 killed"

Both revisions are the article JSON (`frontlines.model.to_dict(Article)`, docs/article-json.md),
so the comparison is over the record as it is serialised, not over the Python classes: a key a
later converter adds to the conflict record or to a side is compared generically (its JSON
value changed, appeared or went away), and the keys that exist today, the typed figures
(`strength_numbers`, `casualty_numbers`, `casualties3_numbers`) and the dated `events` have
their own rules:

* scalars (name, dates, place, result, strength and casualty text...): changed / added / removed;
* coordinates: changed when either degree moved by more than 0.0001;
* parties and commanders of each side: matched by link (else name): added / removed, and a
  changed qualifier, "supported by" or fate (`commander_fate`);
* typed figures: matched by (category, scope, claimant): a changed figure, or added / removed;
* events: matched by sentence (then by a similar sentence): a changed date, or added / removed;
* sections by title, the lead image by file;
* the body: wording-only edits give ONE `text` change whose `new` is the number of changed
  sentences (footnote marks and link targets ignored, so renumbered refs are not an edit).

`kind` is `added`, `removed` or `changed`; `side` is the 1-based side, or null. Every change also
has a `summary` (plain text, for people) and, for parties, commanders and figures, a `subject`.
Pure functions: no I/O, same input, same output.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

__all__ = [
    "ADDED",
    "CHANGED",
    "REMOVED",
    "changes_between",
    "conversion_failed",
    "summary",
]

ADDED = "added"
REMOVED = "removed"
CHANGED = "changed"

T = TypeVar("T")
Change = dict[str, Any]
JSON = Mapping[str, Any]

# Conflict keys that are not facts of their own: the template's name, the date as written
# (start/end/ongoing carry it), ref ids (renumbered by any edit above them), and `cells`, the
# card's lines of the same values with their refs (extract/cells.py): compared as the values.
_IGNORED_CONFLICT_KEYS = frozenset({"infobox", "date_text", "refs", "cells"})
_IGNORED_ENTRY_KEYS = frozenset({"refs", "entity", "cells"})
_NUMBER_KEYS = ("strength_numbers", "casualty_numbers")
_COORDINATE_TOLERANCE = 1e-4
_EVENT_SIMILARITY = 0.75
_SUMMARY_TEXT = 80

LABELS = {
    "conflict": "Conflict record",
    "name": "Name",
    "partof": "Part of",
    "start": "Start date",
    "end": "End date",
    "ongoing": "Ongoing",
    "place": "Place",
    "coordinates": "Coordinates",
    "result": "Result",
    "territory": "Territorial changes",
    "casualties3": "Other casualties",
    "casualties3_numbers": "Other casualties",
    "civilian_casualties": "Civilian casualties",
    "notes": "Notes",
    "side": "Side",
    "party": "Belligerent",
    "commander": "Commander",
    "commander_fate": "Fate",
    "party_link": "Belligerent's link",
    "commander_link": "Commander's link",
    "units": "Units",
    "strength": "Strength",
    "strength_numbers": "Strength",
    "casualties": "Casualties",
    "casualty_numbers": "Casualties",
    "event": "Event",
    "section": "Section",
    "lead_image": "Lead image",
    "text": "Text edited",
    "conversion": "Conversion",
}


def changes_between(old: JSON | None, new: JSON) -> list[Change]:
    """The changes from revision `old` to revision `new` (article JSON); [] for a first one."""
    if old is None:
        return []
    found: list[Change] = []
    found.extend(_conflict_changes(old.get("conflict"), new.get("conflict")))
    found.extend(_event_changes(_list(old.get("events")), _list(new.get("events"))))
    found.extend(_section_changes(_list(old.get("sections")), _list(new.get("sections"))))
    found.extend(_lead_image_change(old.get("lead_image"), new.get("lead_image")))
    found.extend(_text_change(str(old.get("markdown") or ""), str(new.get("markdown") or "")))
    return found


def conversion_failed(reason: str) -> list[Change]:
    """The change list of a revision that could not be converted (its facts are unknown)."""
    return [_change("conversion", CHANGED, "converted", f"failed: {reason}")]


# ---------------------------------------------------------------- the conflict record


def _conflict_changes(old: Any, new: Any) -> list[Change]:
    if not isinstance(old, Mapping) and not isinstance(new, Mapping):
        return []
    if not isinstance(old, Mapping):
        return [_change("conflict", ADDED, None, _name_of(new))]
    if not isinstance(new, Mapping):
        return [_change("conflict", REMOVED, _name_of(old), None)]
    found: list[Change] = []
    for key in _keys(old, new):
        if key in _IGNORED_CONFLICT_KEYS:
            continue
        before, after = old.get(key), new.get(key)
        if key == "sides":
            found.extend(_side_list_changes(_list(before), _list(after)))
        elif key == "coordinates":
            found.extend(_coordinate_change(before, after))
        elif key.endswith("_numbers"):
            found.extend(_number_changes(key, _list(before), _list(after), None))
        else:
            found.extend(_value_change(key, before, after, None))
    return found


def _side_list_changes(old: list[Any], new: list[Any]) -> list[Change]:
    found: list[Change] = []
    for index in range(max(len(old), len(new))):
        side = index + 1
        if index >= len(old):
            found.append(_change("side", ADDED, None, _side_name(new[index]), side))
        elif index >= len(new):
            found.append(_change("side", REMOVED, _side_name(old[index]), None, side))
        else:
            found.extend(_side_changes(_dict(old[index]), _dict(new[index]), side))
    return found


def _side_changes(old: JSON, new: JSON, side: int) -> list[Change]:
    found: list[Change] = []
    for key in _keys(old, new):
        if key in _IGNORED_ENTRY_KEYS:
            continue
        before, after = old.get(key), new.get(key)
        if key == "parties":
            found.extend(_entity_changes("party", _list(before), _list(after), side))
        elif key == "commanders":
            found.extend(_entity_changes("commander", _list(before), _list(after), side))
        elif key.endswith("_numbers"):
            found.extend(_number_changes(key, _list(before), _list(after), side))
        else:
            found.extend(_value_change(key, before, after, side))
    return found


def _entity_changes(field: str, old: list[Any], new: list[Any], side: int) -> list[Change]:
    """Parties or commanders, matched by link target (else name), then by name, in order."""
    found: list[Change] = []
    pairs, gone, came = _match(
        [_dict(item) for item in old], [_dict(item) for item in new], _entity_key
    )
    renamed, gone, came = _match(gone, came, _name_key)  # the same name, another link
    for before, after in renamed:
        link = field + "_link"
        found.append(_change(link, CHANGED, before.get("link"), after.get("link"), side, after))
        pairs.append((before, {**after, "link": before.get("link")}))
    for item in gone:
        found.append(_change(field, REMOVED, _entity_text(item), None, side, item))
    for before, after in pairs:
        if before.get("fate") != after.get("fate"):
            old_fate, new_fate = before.get("fate"), after.get("fate")
            kind = _kind(old_fate, new_fate)
            found.append(_change(field + "_fate", kind, old_fate, new_fate, side, after))
        others = [k for k in _keys(before, after) if k not in _IGNORED_ENTRY_KEYS | {"fate"}]
        if any(before.get(key) != after.get(key) for key in others):
            old_text, new_text = _entity_text(before), _entity_text(after)
            found.append(_change(field, CHANGED, old_text, new_text, side, after))
    for item in came:
        found.append(_change(field, ADDED, None, _entity_text(item), side, item))
    return found


def _name_key(item: JSON) -> str:
    return str(item.get("name") or "").strip().casefold()


def _entity_key(item: JSON) -> str:
    return str(item.get("link") or item.get("name") or "").strip().casefold()


def _entity_text(item: JSON) -> str:
    text = str(item.get("name") or item.get("link") or "")
    if item.get("qualifier"):
        text += f" ({item['qualifier']})"
    if item.get("note"):
        text += f", {item['note']}"
    if item.get("supporting"):
        text += " (supporting)"
    if item.get("fate"):
        text += f" [{item['fate']}]"
    return text


def _number_changes(field: str, old: list[Any], new: list[Any], side: int | None) -> list[Change]:
    """Typed figures (issue 9's items), matched by category, scope and claimant."""
    found: list[Change] = []
    pairs, gone, came = _match(
        [_dict(item) for item in old], [_dict(item) for item in new], _number_key
    )
    for item in gone:
        found.append(_change(field, REMOVED, _figure(item), None, side, item))
    for before, after in pairs:
        keys = ("low", "high", "approx", "total")
        if any(before.get(key) != after.get(key) for key in keys):
            found.append(_change(field, CHANGED, _figure(before), _figure(after), side, after))
    for item in came:
        found.append(_change(field, ADDED, None, _figure(item), side, item))
    return found


def _number_key(item: JSON) -> str:
    parts = (item.get("category"), item.get("scope"), item.get("claimant"))
    return "|".join(str(part or "").casefold() for part in parts)


def _figure(item: JSON) -> dict[str, Any]:
    """A typed figure as the change list keeps it (the item without its refs)."""
    return {key: value for key, value in item.items() if key not in _IGNORED_ENTRY_KEYS}


def _coordinate_change(old: Any, new: Any) -> list[Change]:
    if isinstance(old, Mapping) and isinstance(new, Mapping):
        try:
            moved = any(
                abs(float(old[axis]) - float(new[axis])) > _COORDINATE_TOLERANCE
                for axis in ("lat", "lon")
            )
        except (KeyError, TypeError, ValueError):
            moved = old != new
        return [_change("coordinates", CHANGED, dict(old), dict(new))] if moved else []
    return _value_change("coordinates", old, new, None)


def _value_change(field: str, old: Any, new: Any, side: int | None) -> list[Change]:
    """Any other JSON value: equal, or added (was empty), removed (became empty), changed."""
    if _empty(old) and _empty(new):
        return []
    if old == new:
        return []
    return [_change(field, _kind(old, new), old, new, side)]


# ---------------------------------------------------------------- the article around it


def _event_changes(old: list[Any], new: list[Any]) -> list[Change]:
    """Dated events (issue 10): matched by sentence, then by a similar sentence."""
    before = [_dict(item) for item in old]
    after = [_dict(item) for item in new]
    pairs, gone, came = _match(before, after, lambda e: str(e.get("text") or "").strip())
    for item in list(gone):  # a reworded sentence that keeps its place in the story
        close = [
            (difflib.SequenceMatcher(None, item.get("text") or "", c.get("text") or "").ratio(), i)
            for i, c in enumerate(came)
        ]
        if close and max(close)[0] >= _EVENT_SIMILARITY:
            index = max(close)[1]
            pairs.append((item, came.pop(index)))
            gone.remove(item)
    found = [_change("event", REMOVED, _event(item), None) for item in gone]
    for first, second in pairs:
        if (first.get("date"), first.get("end")) != (second.get("date"), second.get("end")):
            found.append(_change("event", CHANGED, _event(first), _event(second)))
    found.extend(_change("event", ADDED, None, _event(item)) for item in came)
    return found


def _event(item: JSON) -> dict[str, Any]:
    return {key: item.get(key) for key in ("date", "end", "text", "section", "anchor")}


def _section_changes(old: list[Any], new: list[Any]) -> list[Change]:
    def titles(items: list[Any]) -> list[str]:
        return [str(_dict(s).get("title") or "") for s in items if _dict(s).get("title")]

    _, gone, came = _match(titles(old), titles(new), lambda title: title)
    found = [_change("section", REMOVED, title, None) for title in gone]
    found.extend(_change("section", ADDED, None, title) for title in came)
    return found


def _lead_image_change(old: Any, new: Any) -> list[Change]:
    before = _dict(old).get("file") if old else None
    after = _dict(new).get("file") if new else None
    return _value_change("lead_image", before, after, None)


_FOOTNOTE_DEFINITION = re.compile(r"^\[\^[^\]]+\]:.*$", re.MULTILINE)
_FOOTNOTE_MARK = re.compile(r"\[\^[^\]]+\]")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_HEADING = re.compile(r"^#+ .*$", re.MULTILINE)
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”')\]]*\s+(?=[\"“'(\[]?[A-Z0-9])")


def sentences(markdown: str) -> list[str]:
    """The body's sentences, without footnotes, link targets or headings, spaces collapsed."""
    first = _FOOTNOTE_DEFINITION.search(markdown)  # the definitions close the body
    text = markdown[: first.start()] if first else markdown
    text = _HEADING.sub("\n\n", _LINK.sub(r"\1", _FOOTNOTE_MARK.sub("", text)))
    found: list[str] = []
    for paragraph in re.split(r"\n\s*\n", text):
        flat = " ".join(paragraph.split())
        found.extend(part.strip() for part in _SENTENCE_END.split(flat) if part.strip())
    return found


def _text_change(old: str, new: str) -> list[Change]:
    before, after = sentences(old), sentences(new)
    if before == after:
        return []
    changed = 0
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            changed += max(i2 - i1, j2 - j1)
    return [_change("text", CHANGED, len(before), changed)] if changed else []


# ---------------------------------------------------------------- helpers


def _change(
    field: str,
    kind: str,
    old: Any,
    new: Any,
    side: int | None = None,
    subject: JSON | None = None,
) -> Change:
    change: Change = {"field": field, "kind": kind, "old": old, "new": new, "side": side}
    if subject is not None:
        name = subject.get("name") or subject.get("link") or subject.get("category")
        if name:
            change["subject"] = str(name)
    change["summary"] = summary(change)
    return change


def summary(change: Mapping[str, Any]) -> str:
    """One line for people: "Casualties (side 2): 24,000 → 25,500 killed"."""
    field = str(change.get("field") or "")
    kind = change.get("kind")
    label = LABELS.get(field, field.replace("_", " ").capitalize())
    side = change.get("side")
    where = f" (side {side})" if side else ""
    old, new = change.get("old"), change.get("new")
    if field == "text":
        count = int(new or 0)
        return f"Text edited: {count} sentence{'' if count == 1 else 's'} changed"
    if field == "commander_fate":
        return f"{change.get('subject', 'Commander')}{where}: fate {_shown(old)} → {_shown(new)}"
    if field.endswith("_numbers"):
        return _figure_summary(label + where, kind, _dict(old), _dict(new))
    if field == "event":
        return _event_summary(kind, _dict(old), _dict(new))
    if kind == ADDED:
        return f"{label}{where} added: {_shown(new)}"
    if kind == REMOVED:
        return f"{label}{where} removed: {_shown(old)}"
    return f"{label}{where}: {_shown(old)} → {_shown(new)}"


def _figure_summary(label: str, kind: Any, old: JSON, new: JSON) -> str:
    item = new or old
    category = str(item.get("category") or "").replace("_", " ")
    qualifiers = [str(item[key]) for key in ("scope", "claimant") if item.get(key)]
    tail = f" {category}" + (f" ({', '.join(qualifiers)})" if qualifiers else "")
    if kind == ADDED:
        return f"{label} added: {_bounds(new)}{tail}"
    if kind == REMOVED:
        return f"{label} removed: {_bounds(old)}{tail}"
    return f"{label}: {_bounds(old)} → {_bounds(new)}{tail}"


def _bounds(item: JSON) -> str:
    low, high = item.get("low"), item.get("high")
    prefix = "c. " if item.get("approx") else ""
    if isinstance(low, int) and isinstance(high, int):
        shown = f"{low:,}" if low == high else f"{low:,}–{high:,}"
    elif isinstance(low, int):
        shown = f"over {low:,}"
    elif isinstance(high, int):
        shown = f"up to {high:,}"
    else:
        shown = str(item.get("text") or "?")
    return prefix + shown


def _event_summary(kind: Any, old: JSON, new: JSON) -> str:
    item = new or old
    text = _clip(str(item.get("text") or ""))
    if kind == ADDED:
        return f"Event added ({new.get('date')}): {text}"
    if kind == REMOVED:
        return f"Event removed ({old.get('date')}): {text}"
    return f"Event date {old.get('date')} → {new.get('date')}: {text}"


def _shown(value: Any) -> str:
    if value is None or value == "":
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Mapping) and {"lat", "lon"} <= set(value):
        return f"{value['lat']}, {value['lon']}"
    if isinstance(value, Mapping | list):
        return _clip(str(value))
    return _clip(" / ".join(str(value).splitlines()))


def _clip(text: str) -> str:
    return text if len(text) <= _SUMMARY_TEXT else text[: _SUMMARY_TEXT - 1].rstrip() + "…"


def _kind(old: Any, new: Any) -> str:
    if isinstance(old, bool) or isinstance(new, bool):
        return CHANGED  # "Ongoing: no → yes"
    if _empty(old):
        return ADDED
    if _empty(new):
        return REMOVED
    return CHANGED


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {} or value is False


def _keys(old: JSON, new: JSON) -> list[str]:
    """Keys of both records: the old record's order, then keys only the new one has."""
    return list(dict.fromkeys([*old.keys(), *new.keys()]))


def _list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list | tuple) else []


def _dict(value: Any) -> JSON:
    return value if isinstance(value, Mapping) else {}


def _name_of(conflict: Any) -> str:
    return str(_dict(conflict).get("name") or "")


def _side_name(side: Any) -> str:
    parties = _list(_dict(side).get("parties"))
    return ", ".join(str(_dict(p).get("name") or "") for p in parties) or "a side"


def _match(
    old: Sequence[T], new: Sequence[T], key: Callable[[T], str]
) -> tuple[list[tuple[T, T]], list[T], list[T]]:
    """Pair items with equal keys (the n-th old with the n-th new of one key), in order."""
    waiting: dict[str, list[int]] = {}
    for index, item in enumerate(new):
        waiting.setdefault(key(item), []).append(index)
    pairs: list[tuple[T, T]] = []
    gone: list[T] = []
    paired: set[int] = set()
    for item in old:
        same = waiting.get(key(item))
        if same:
            index = same.pop(0)
            paired.add(index)
            pairs.append((item, new[index]))
        else:
            gone.append(item)
    came = [item for index, item in enumerate(new) if index not in paired]
    return pairs, gone, came

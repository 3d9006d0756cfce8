"""Footnote bookkeeping: numbering in order of first use, named reuse, notes, short refs.

Citations get ids "1", "2", ...; notes (`group=`, `{{efn}}`) get "n1", "n2", .... A named ref
may be used before it is defined (`<ref name=x/>` first, text later or in `{{reflist|refs=}}`);
its number is fixed at first use and its text filled in when the definition arrives.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from frontlines.model import Reference

MISSING_TEXT = "Reference text not available."


@dataclass(slots=True)
class FootnoteEntry:
    """One footnote while the document is read; its uses are counted here and written into
    its Reference once, by `Footnotes.references` (not a new Reference per use)."""

    reference: Reference
    group: str = ""
    defined: bool = False
    uses: int = 0


@dataclass(slots=True)
class Footnotes:
    entries: list[FootnoteEntry] = field(default_factory=list)
    _named: dict[tuple[str, str], FootnoteEntry] = field(default_factory=dict)
    _short: dict[str, FootnoteEntry] = field(default_factory=dict)
    _citations: int = 0
    _notes: int = 0

    def _new(self, kind: str, group: str, name: str | None) -> FootnoteEntry:
        if kind == "note":
            self._notes += 1
            ident = f"n{self._notes}"
        else:
            self._citations += 1
            ident = str(self._citations)
        entry = FootnoteEntry(Reference(id=ident, kind=kind, text="", name=name, uses=0), group)
        self.entries.append(entry)
        if name:
            self._named[(group, name)] = entry
        return entry

    def use(self, *, kind: str, group: str = "", name: str | None = None) -> FootnoteEntry:
        """The entry for one use of a footnote (named ones are shared), its use counted."""
        entry = self._named.get((group, name)) if name else None
        if entry is None:
            entry = self._new(kind, group, name)
        entry.uses += 1
        return entry

    def define(self, entry: FootnoteEntry, reference: Reference) -> None:
        """Give an entry its text and fields, keeping its id, name, kind and use count."""
        if entry.defined:
            return
        old = entry.reference
        entry.reference = replace(reference, id=old.id, kind=old.kind, name=old.name)
        entry.defined = True

    def lookup(self, group: str, name: str) -> FootnoteEntry | None:
        return self._named.get((group, name))

    def define_unused(self, group: str, name: str, kind: str) -> FootnoteEntry:
        """A definition from `{{reflist|refs=}}` that nothing used yet: allocate, zero uses."""
        entry = self._named.get((group, name))
        return entry if entry is not None else self._new(kind, group, name)

    def short(self, key: str) -> FootnoteEntry | None:
        """The footnote already made for an identical short ref (sfn), if any."""
        entry = self._short.get(key)
        if entry is not None:
            entry.uses += 1
        return entry

    def new_short(self, key: str, reference: Reference) -> FootnoteEntry:
        entry = self._new("short", "", None)
        self.define(entry, reference)
        entry.uses = 1
        self._short[key] = entry
        return entry

    def references(self) -> tuple[Reference, ...]:
        """Every footnote that was used, in footnote order, missing texts marked."""
        done: list[Reference] = []
        for entry in self.entries:
            if entry.uses == 0:
                continue
            ref = entry.reference
            text = ref.text or MISSING_TEXT
            done.append(
                ref
                if (ref.uses, ref.text) == (entry.uses, text)
                else replace(ref, uses=entry.uses, text=text)
            )
        notes = [ref for ref in done if ref.kind == "note"]
        others = [ref for ref in done if ref.kind != "note"]
        return tuple(others + notes)

"""What `sync`'s worker processes run: its conversion stage (pipeline.py hands out and stores).

    ConvertJob(converter)((page, "api"))               → Article          (API mode)
    SelectJob(selector, known, converter)(page)        → Outcome | None   (dump mode)

In dump mode a worker also decides whether the page is one of a theatre's (selection.py: that
can mean parsing it) and whether the store already holds its revision (`known`, the store's page
states read once before), so the parent only reads the dump and stores. Both are small picklable
objects of this module, which imports only the converter and the selection: a worker started from
the lean fork server (frontlines.workers) imports nothing of the store's writer, the API client
or the command line.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from frontlines.convert import convert_page
from frontlines.errors import ConvertError
from frontlines.model import Article, RawPage
from frontlines.selection import Outcome, Selector, select_pages
from frontlines.store import PageState
from frontlines.workers import failure_message

__all__ = ["ConvertJob", "Converter", "SelectJob", "convert_as"]

Converter = Callable[[RawPage, str], Article]
"""Turns a page into an Article; the second argument is the source kind ("api", "dump")."""


def convert_as(page: RawPage, kind: str) -> Article:
    """The converter (frontlines.convert) for a page from a source of `kind`."""
    return convert_page(page, kind=kind)


@dataclass(frozen=True, slots=True)
class ConvertJob:
    """A Converter as the one-argument work of a worker pool: (page, kind) → Article."""

    converter: Converter

    def __call__(self, job: tuple[RawPage, str]) -> Article:
        return self.converter(*job)


@dataclass(frozen=True, slots=True)
class SelectJob:
    """One dump page → its outcome (unchanged, converted, failed), or None when no theatre's."""

    selector: Selector
    known: Mapping[str, PageState]
    converter: Converter
    kind: str = "dump"

    def __call__(self, page: RawPage) -> Outcome | None:
        found = select_pages([page], self.selector, self.known, self._convert, kind=self.kind)
        return next(iter(found), None)

    def _convert(self, page: RawPage, kind: str) -> Article:
        """The converter, its failures worded as a worker words them ('ValueError: x (at y:3)')."""
        try:
            return self.converter(page, kind)
        except (ConvertError, RecursionError):
            raise
        except Exception as error:  # noqa: BLE001 - reported as the page's failure
            raise ConvertError(failure_message(error)) from error

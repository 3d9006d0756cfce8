"""Errors raised by the Front Lines library; the CLI turns them into one line and an exit code.

    FrontlinesError                                                   exit 1
    ├── UsageError       the command cannot run as given: a path that     exit 2
    │                    does not exist, options that exclude each other
    ├── ConfigError      frontlines.toml is missing, malformed, or names  exit 2
    │                    unknown keys
    ├── SourceError      a source could not be read (file, dump, API)     exit 1
    │   ├── InputFormatError   the input is not what it claims to be      exit 1
    │   │                      (not a dump, bad encoding)
    │   └── FetchError         the API failed after retries (URL and      exit 1
    │                          status in the message)
    ├── ConvertError     one article could not be converted (title and    exit 1
    │                    reason)
    ├── StoreError       the SQLite store is missing, failed or is of an  exit 2
    │                    unknown schema
    └── PublishError     the site or an export could not be written       exit 1

Each class carries its exit code as `exit_code`: 2 means "fix the command, the setup or the
project, then run it again", 1 means "the work failed" (what failed is in the message). The CLI
catches every FrontlinesError once, at the top (`cli/app.py`), and prints `Error: MESSAGE` on one
line of stderr, so the same failure gives the same code and message from every command. (0 is
success; 130 an interrupted sync.)

Every message says what failed, where, and what to do next, naming the file or page once.
"""

from __future__ import annotations

from typing import ClassVar

EXIT_FAILED = 1
EXIT_USAGE = 2


class FrontlinesError(Exception):
    """Base class of every error the library raises on purpose."""

    exit_code: ClassVar[int] = EXIT_FAILED


class UsageError(FrontlinesError):
    """The command cannot run as given (a missing path, options that exclude each other)."""

    exit_code: ClassVar[int] = EXIT_USAGE


class ConfigError(FrontlinesError):
    """The project configuration is missing or invalid."""

    exit_code: ClassVar[int] = EXIT_USAGE


class SourceError(FrontlinesError):
    """A source (file, dump, API) could not be read."""


class InputFormatError(SourceError):
    """The input is not in the format it claims to be, or has an unreadable encoding."""


class FetchError(SourceError):
    """A request to a MediaWiki API failed after all retries."""


class ConvertError(FrontlinesError):
    """One article could not be converted."""


class StoreError(FrontlinesError):
    """The store is missing or could not be opened, migrated, read or written."""

    exit_code: ClassVar[int] = EXIT_USAGE


class PublishError(FrontlinesError):
    """The site or an export could not be written."""

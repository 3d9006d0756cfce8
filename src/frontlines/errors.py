"""Errors raised by the Front Lines library; the CLI turns them into messages.

    FrontlinesError
    ├── ConfigError      frontlines.toml is missing, malformed, or names unknown keys
    ├── SourceError      a source could not be read (file, dump, API)
    │   ├── InputFormatError   the input is not what it claims to be (not a dump, bad encoding)
    │   └── FetchError         the API failed after retries (URL and status in the message)
    ├── ConvertError     one article could not be converted (title and reason)
    ├── StoreError       the SQLite store failed or is of an unknown schema
    └── PublishError     the site or an export could not be written

Every message says what failed, where, and what to do next.
"""

from __future__ import annotations


class FrontlinesError(Exception):
    """Base class of every error the library raises on purpose."""


class ConfigError(FrontlinesError):
    """The project configuration is missing or invalid."""


class SourceError(FrontlinesError):
    """A source (file, dump, API) could not be read."""


class InputFormatError(SourceError):
    """The input is not in the format it claims to be, or has an unreadable encoding."""


class FetchError(SourceError):
    """A request to a MediaWiki API failed after all retries."""


class ConvertError(FrontlinesError):
    """One article could not be converted."""


class StoreError(FrontlinesError):
    """The store could not be opened, migrated, read or written."""


class PublishError(FrontlinesError):
    """The site or an export could not be written."""

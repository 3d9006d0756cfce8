"""Wiki table markup that must never reach a converted entry, raw or Markdown-escaped.

One list for `doctor` (a collection's leaked markup) and the conformance tests: `{|`, `|-` and
`|}` lines (where MediaWiki reads them as a table; elsewhere they are text), and the
same three as the converter's escaping would write them (`\\{\\|`, `\\|-`, `\\|\\}`).
The patterns work on a whole text and on single lines alike.
"""

from __future__ import annotations

import re

__all__ = ["TABLE_LEAKS"]

TABLE_LEAKS: dict[str, re.Pattern[str]] = {
    "{|": re.compile(r"^[ \t:]*\\?\{\\?\|", re.MULTILINE),
    "|-": re.compile(r"^[ \t:]*\\?\|-+[ \t]*$", re.MULTILINE),
    "|}": re.compile(r"^[ \t:]*\\?\|\\?\}[ \t]*$", re.MULTILINE),
}

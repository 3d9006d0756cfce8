"""What makes a slug safe as a file and folder name on every common file system, and in a URL.

    clean_for_slug(text)   invisible and control characters removed (bidi overrides, zero
                           widths, BOMs, C0/C1 controls, line and paragraph separators)
    not_reserved(slug)     Windows' reserved device names (CON, PRN, AUX, NUL, COM1-9, LPT1-9,
                           also with an extension: `con.md` is the console) get a `_` suffix

`convert.slugify` (article slugs) and the site's tag slugs use both; the rule is in
docs/article-json.md.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["clean_for_slug", "not_reserved"]

# Unicode categories a name never needs: controls, format characters (U+202E RIGHT-TO-LEFT
# OVERRIDE, U+200B, U+FEFF ...), surrogates, private use, line and paragraph separators.
_INVISIBLE = frozenset({"Cc", "Cf", "Cs", "Co", "Zl", "Zp"})
_RESERVED = re.compile(
    r"(?:con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$|clock\$)", re.IGNORECASE
)


def clean_for_slug(text: str) -> str:
    """`text` without the characters no file or URL name should hold (invisible, controls)."""
    if text.isascii() and text.isprintable():
        return text
    return "".join(ch for ch in text if unicodedata.category(ch) not in _INVISIBLE)


def not_reserved(slug: str) -> str:
    """`slug`, with `_` after its first part when Windows reserves that part as a device name.

    Windows reads `nul`, `NUL.md`, `com1.tar.gz` all as devices: the part before the first
    dot counts, in any case.
    """
    first, dot, rest = slug.partition(".")
    if _RESERVED.fullmatch(first.rstrip(" ")):
        return f"{first}_{dot}{rest}"
    return slug

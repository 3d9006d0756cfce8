"""Recompute `bytes="…"` and `<sha1>` of every revision in a MediaWiki XML dump.

After editing the wikitext inside samples/sample-wiki.xml by hand, run

    python samples/make_sha1.py samples/sample-wiki.xml          # rewrite in place
    python samples/make_sha1.py --check samples/sample-wiki.xml  # exit 1 if stale

MediaWiki stores a revision's SHA-1 in base 36, zero-padded to 31 digits
(Wikimedia\\base_convert(sha1($text), 16, 36, 31)); `bytes` is the UTF-8 length.
Only those two values are touched: the rest of the file stays byte for byte.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"
REVISION_TEXT = re.compile(
    r'(<text\b[^>]*?\bbytes=")(\d+)("[^>]*>.*?</text>\s*<sha1>)([0-9a-z]*)(</sha1>)', re.S
)


def mediawiki_sha1(data: bytes) -> str:
    number = int(hashlib.sha1(data).hexdigest(), 16)
    out = ""
    while number:
        number, rest = divmod(number, 36)
        out = DIGITS[rest] + out
    return out.rjust(31, "0")


def revision_texts(path: Path) -> list[str]:
    """Texts of all revisions in document order, unescaped by a real XML parser."""
    root = ET.parse(path).getroot()
    return [el.text or "" for el in root.iter() if el.tag.rsplit("}", 1)[-1] == "text"]


def refresh(source: str, texts: list[str]) -> tuple[str, int]:
    """Return the dump with fresh sizes and digests, and how many revisions changed."""
    matches = list(REVISION_TEXT.finditer(source))
    if len(matches) != len(texts):
        raise SystemExit(f"found {len(texts)} <text> elements but {len(matches)} text+sha1 pairs")
    pieces: list[str] = []
    changed = 0
    last = 0
    for match, text in zip(matches, texts, strict=True):
        data = text.encode("utf-8")
        size, digest = str(len(data)), mediawiki_sha1(data)
        changed += (match.group(2), match.group(4)) != (size, digest)
        pieces.append(source[last : match.start()])
        pieces.append(match.group(1) + size + match.group(3) + digest + match.group(5))
        last = match.end()
    pieces.append(source[last:])
    return "".join(pieces), changed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dump", type=Path)
    parser.add_argument("--check", action="store_true", help="report stale values, write nothing")
    args = parser.parse_args()
    source = args.dump.read_text(encoding="utf-8")
    updated, changed = refresh(source, revision_texts(args.dump))
    if args.check:
        print(f"{changed} revision(s) with stale bytes/sha1 in {args.dump}")
        return 1 if changed else 0
    if changed:
        args.dump.write_text(updated, encoding="utf-8")
    print(f"updated {changed} revision(s) in {args.dump}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

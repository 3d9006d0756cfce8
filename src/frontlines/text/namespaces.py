"""Wiki namespace names as they appear in link targets (`[[Category:X]]`, `[[Kategorie:X]]`).

One table for the converter (which renders file links and collects categories) and for sync
(which files a dump's pages into theatres by their category links). Names are lower case; a
link's prefix is compared after `.strip().lower()`. English names first, then the local names of
the wikis whose pages reach us in dumps.
"""

from __future__ import annotations

import re

# `[[File:X]]` and `[[Image:X]]`: an image, not a link
FILE_NAMESPACES: frozenset[str] = frozenset(
    {
        "file",
        "image",
        "datei",
        "bild",
        "fichier",
        "archivo",
        "imagen",
        "immagine",
        "lêer",
        "beeld",
        "bestand",
        "afbeelding",
        "arquivo",
        "imagem",
        "plik",
        "grafika",
        "soubor",
        "fájl",
        "kép",
        "tiedosto",
        "kuva",
        "fil",
        "bilde",
        "dosya",
        "resim",
        "файл",
        "изображение",
        "податотека",
        "слика",
        "αρχείο",
        "εικόνα",
        "ファイル",
        "画像",
        "文件",
    }
)
# `[[Category:X]]`: the page is in category X (and nothing shows)
CATEGORY_NAMESPACES: frozenset[str] = frozenset(
    {
        "category",
        "kategorie",
        "catégorie",
        "categoría",
        "categoria",
        "kategori",
        "kategoria",
        "categorie",
        "kategorija",
        "luokka",
        "kategória",
        "категория",
        "категорія",
        "категорија",
        "κατηγορία",
        "カテゴリ",
        "分类",
    }
)
# Other namespaces and interwiki prefixes: their links show their text, never a link to an article
OTHER_NAMESPACES: frozenset[str] = frozenset(
    {
        "wikipedia",
        "wp",
        "project",
        "help",
        "portal",
        "template",
        "user",
        "talk",
        "draft",
        "module",
        "mediawiki",
        "special",
        "media",
        "book",
        "timedtext",
        "user talk",
        "wikt",
        "wiktionary",
        "s",
        "wikisource",
        "commons",
        "q",
        "wikiquote",
        "b",
        "wikibooks",
        "n",
        "wikinews",
        "voy",
        "d",
        "wikidata",
        "species",
        "m",
        "meta",
        "mw",
        "w",
        "c",
        "v",
        "wikiversity",
        "doi",
        "iarchive",
        "google",
        "imdb",
        "ethnologue",
        "oeis",
    }
)

_CATEGORY_LINK = re.compile(
    r"\[\[\s*(?:" + "|".join(sorted(map(re.escape, CATEGORY_NAMESPACES))) + r")\s*:", re.I
)


def split_namespace(target: str) -> tuple[str, str]:
    """(namespace in lower case, the rest) of a link target; ("", target) without a colon."""
    prefix, sep, rest = target.partition(":")
    if not sep:
        return "", target
    return prefix.strip().lower(), rest


def category_of(target: str) -> str | None:
    """The category a link target names (`Kategorie: X_y` → "X_y"), None for any other link.

    A target starting with ":" (`[[:Category:X]]`) links to the category page; it names no
    category the page is in, so it gives None.
    """
    if target.lstrip().startswith(":"):
        return None
    space, rest = split_namespace(target.strip())
    if space in CATEGORY_NAMESPACES and rest.strip():
        return rest.strip()
    return None


def may_have_category_links(text: str) -> bool:
    """A quick check before parsing: whether the text has a `[[<category namespace>:` at all."""
    return _CATEGORY_LINK.search(text) is not None


__all__ = [
    "CATEGORY_NAMESPACES",
    "FILE_NAMESPACES",
    "OTHER_NAMESPACES",
    "category_of",
    "may_have_category_links",
    "split_namespace",
]

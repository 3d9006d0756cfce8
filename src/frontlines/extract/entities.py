"""Entities: the article a party or commander stands for, as the wiki itself would link it.

* A link's target is normalised as MediaWiki does: `_` as space, runs of spaces as one, a
  leading ":" dropped, the fragment (`#Section`) dropped, the first letter upper case.
* A flag template (`{{flag|Prussia|1803}}`, `{{flagcountry|X}}`, `{{flagicon|X}} X`) links
  what the wiki's own `Template:Country data X` names: for variant V its `link alias-V` or
  `alias-V`, else its `alias` (`read_country_data`). Without that template the entity is the
  flag's country name (codes spelt out: USA → United States).
* Redirects (learned from the API or a dump's `#REDIRECT` pages) are followed, chains too: two
  names of one article are one entity.

`resolve_conflict` applies the Country data templates and redirects a store knows to every
party and commander of a conflict; pure, so convert (without a store) and sync agree.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace

from frontlines.model import Conflict, Party

COUNTRY_DATA_PREFIX = "Template:Country data "
PARAM_RE = re.compile(r"^\s*\|\s*([^=|{}]+?)\s*=\s*(.*?)\s*$", re.MULTILINE)
COMMENT_RE = re.compile(r"<!--.*?-->|<noinclude>.*?</noinclude>", re.DOTALL)
MAX_REDIRECTS = 10


@dataclass(frozen=True, slots=True)
class CountryData:
    """What one `Template:Country data X` says about links: its alias and variant aliases."""

    name: str  # "Prussia" (the title without "Template:Country data ")
    alias: str | None
    variants: Mapping[str, str]  # variant → link target ("1803" → "Kingdom of Prussia")

    def target(self, variant: str | None) -> str | None:
        if variant and variant in self.variants:
            return self.variants[variant]
        return self.alias


def normalise_title(title: str | None) -> str | None:
    """A page title as MediaWiki reads it, without its fragment; None when nothing is left."""
    if title is None:
        return None
    text = " ".join(title.replace("_", " ").split()).lstrip(":").strip()
    text = text.split("#", 1)[0].strip()
    if not text or "\ufffd" in text:
        return None
    return text[:1].upper() + text[1:]


def country_data_title(flag: str) -> str:
    return COUNTRY_DATA_PREFIX + (normalise_title(flag) or flag)


def read_country_data(title: str, text: str) -> CountryData | None:
    """The links a Country data template gives; None when `title` is not one."""
    if not title.startswith(COUNTRY_DATA_PREFIX):
        return None
    params: dict[str, str] = {}
    for name, value in PARAM_RE.findall(COMMENT_RE.sub("", text)):
        key = " ".join(name.split()).lower()
        if value and key not in params:
            params[key] = value
    variants: dict[str, str] = {}
    for key, value in params.items():
        for prefix in ("link alias-", "alias-"):
            if key.startswith(prefix) and (target := normalise_title(value)):
                variants.setdefault(key[len(prefix) :], target)
    name = title[len(COUNTRY_DATA_PREFIX) :]
    return CountryData(name, normalise_title(params.get("alias")), variants)


def follow(title: str | None, redirects: Mapping[str, str]) -> str | None:
    """A title after the wiki's redirects (chains followed, loops stopped)."""
    seen = 0
    while title is not None and title in redirects and seen < MAX_REDIRECTS:
        title = redirects[title]
        seen += 1
    return title


def party_entity(
    party: Party, templates: Mapping[str, CountryData], redirects: Mapping[str, str]
) -> str | None:
    """The entity of one party: its link, else its flag's Country data target, redirected."""
    if party.flag is None:
        return follow(normalise_title(party.link), redirects)
    data = templates.get(normalise_title(party.flag) or party.flag)
    title = data.target(party.flag_variant) if data else None
    fallback = normalise_title(party.link) or normalise_title(party.entity)
    return follow(title or fallback, redirects)


def resolve_conflict(
    conflict: Conflict, templates: Mapping[str, CountryData], redirects: Mapping[str, str]
) -> Conflict:
    """The conflict with every party's and commander's entity resolved."""
    sides = []
    for side in conflict.sides:
        parties = tuple(
            replace(p, entity=party_entity(p, templates, redirects)) for p in side.parties
        )
        commanders = tuple(
            replace(c, entity=follow(normalise_title(c.link), redirects)) for c in side.commanders
        )
        sides.append(replace(side, parties=parties, commanders=commanders))
    return replace(conflict, sides=tuple(sides))

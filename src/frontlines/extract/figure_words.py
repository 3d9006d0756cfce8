"""What the words around a number say it counts: a noun kind, loss states, and the category.

`words_of(phrase)` reads the text after a number ("killed or wounded", "heavy cruisers sunk");
`category(words, field)` turns that into one of `CATEGORIES` by the rules in
docs/article-json.md ("Typed figures"). Pure functions over small word lists.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

CATEGORIES = (
    "personnel", "killed", "wounded", "captured", "missing", "killed_or_wounded", "casualties",
    "deserted", "civilians_killed", "ships", "ships_sunk", "ships_damaged", "aircraft",
    "aircraft_lost", "tanks", "tanks_lost", "guns", "guns_lost", "vehicles", "other",
)  # fmt: skip


def _terms(text: str) -> list[str]:
    return [term.strip() for term in text.split(",") if term.strip()]


# Formations are counted as themselves ("36 divisions"), never as men ("4 infantry divisions").
FORMATIONS = _terms(
    "divisions, division, brigades, brigade, regiments, regiment, battalions, battalion, corps, "
    "squadrons, squadron, companies, fleets, legions, cohorts, armies, flotillas, army groups, "
    "task forces"
)
NOUNS: dict[str, list[str]] = {
    "ships": _terms(
        "ships of the line, ship of the line, aircraft carriers, aircraft carrier, men-of-war, "
        "men of war, torpedo boats, patrol boats, landing craft, merchant ships, fire ships, "
        "destroyer escorts, ships, ship, vessels, vessel, boats, boat, galleys, galley, "
        "triremes, quinqueremes, biremes, transports, transport, carriers, carrier, battleships, "
        "battleship, battlecruisers, cruisers, cruiser, destroyers, destroyer, frigates, frigate, "
        "corvettes, sloops, brigs, schooners, submarines, submarine, u-boats, gunboats, "
        "warships, warship, minesweepers, minesweeper, minelayers, minelayer, cutters, junks, "
        "longships, fireships, monitors, tankers, "
        "merchantmen, barges, dhows, galleons, caravels, ironclads, cogs, privateers"
    ),
    "aircraft": _terms(
        "fighter aircraft, fighter planes, fighter-bombers, dive bombers, flying boats, "
        "aircraft, airplanes, aeroplanes, planes, plane, warplanes, bombers, bomber, "
        "helicopters, helicopter, drones, drone, uavs, gliders, airships, zeppelins, seaplanes, "
        "jets"
    ),
    "tanks": _terms("tank destroyers, assault guns, tanks, tank, tankettes"),
    "guns": _terms(
        "artillery pieces, pieces of artillery, field guns, anti-tank guns, machine guns, "
        "sp guns, self-propelled guns, rocket launchers, multiple rocket launchers, guns, gun, "
        "cannon, cannons, howitzers, mortars, pieces, katyushas, bombards"
    ),
    "vehicles": _terms(
        "armoured vehicles, armored vehicles, armoured cars, armored cars, other tracked afv, "
        "vehicles, vehicle, trucks, lorries, afvs, afv, apcs, apc, ifvs, ifv, jeeps, chariots, "
        "wagons, carts, half-tracks, halftracks"
    ),
    "other": FORMATIONS
    + _terms(
        "war elephants, elephants, horses, camels, mules, dogs, "
        "rifles, muskets, sorties, bombs, rounds, shells, missiles, rockets, villages, towns, "
        "homes, houses, buildings, dollars, pounds, francs, tons, tonnes"
    ),
    "people": _terms(
        "men-at-arms, men at arms, men, man, soldiers, soldier, troops, infantry, infantrymen, "
        "cavalry, cavalrymen, horsemen, horse, foot, archers, bowmen, slingers, spearmen, "
        "pikemen, hoplites, peltasts, phalangites, legionaries, legionnaires, auxiliaries, "
        "mercenaries, knights, warriors, levies, militia, militiamen, regulars, irregulars, "
        "volunteers, conscripts, recruits, sailors, seamen, marines, crew, crewmen, airmen, "
        "pilots, aircrew, personnel, combatants, guerrillas, insurgents, rebels, partisans, "
        "police, policemen, gendarmes, guards, guardsmen, engineers, sappers, gunners, "
        "artillerymen, riflemen, musketeers, dragoons, hussars, lancers, cuirassiers, "
        "grenadiers, samurai, ashigaru, janissaries, cossacks, stragglers, laborers, labourers, "
        "workers, people, persons, individuals, observers, servicemen, effectives, strong, "
        "commandos, paratroopers, militants, forces, army, navy, civilians, civilian, "
        "non-combatants, noncombatants, fighters"
    ),
}
# Words that count one thing alone but another beside a stronger noun: "8,050 artillery and
# engineers" are men; "620 fighters and 500 bombers" are aircraft.
WEAK = {"artillery": "guns", "fighters": "people"}
CIVILIAN_RE = re.compile(r"\b(?:civilians?|non-?combatants?)\b", re.IGNORECASE)

STATES: dict[str, list[str]] = {
    "killed": _terms(
        "killed in action, lost their lives, killed, kia, dead, deaths, death, died, fell, "
        "fallen, slain, fatalities, perished, executed, massacred, drowned, murdered"
    ),
    "wounded": _terms("wounded in action, wounded, wia, injured, injuries, hurt, sick, wounds"),
    "captured": _terms(
        "taken prisoner, taken captive, captured, prisoners, prisoner, pows, pow, detained, "
        "arrested, surrendered, interned, captives, captive"
    ),
    "missing": _terms("missing in action, missing, mia"),
    "deserted": _terms("deserted, deserters, desertions, defected, defectors"),
    "sunk": _terms("sunk, scuttled, beached, wrecked"),
    "destroyed": _terms("shot down, put out of action, destroyed, disabled, abandoned"),
    "damaged": _terms("damaged"),
    "lost": _terms("casualties, casualty, losses, loss, lost"),
    "displaced": _terms(
        "left the city, left their homes, displaced, fled, refugees, evacuated, homeless, "
        "expelled, deported"
    ),
}
PERSONAL_STATES = ("killed", "wounded", "captured", "missing", "deserted")
MATERIEL_STATES = ("sunk", "destroyed", "damaged")
TOTAL_RE = re.compile(r"\b(?:total|totals|totalling|overall|in all|altogether|all told)\b", re.I)
APPROX_RE = re.compile(
    r"\b(?:estimated|estimates?|est\.|approx\.|approximately|roughly|circa)(?!\w)", re.IGNORECASE
)
FILLER_RE = re.compile(r"\b(?:strength|numbers?|figures?|forces|the|of|and|or)\b", re.IGNORECASE)


def _alternation(terms: list[str]) -> str:
    return "|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True))


_NOUN_OF = {term: kind for kind, terms in NOUNS.items() for term in terms}
_NOUN_OF.update({term: "weak" for term in WEAK})
NOUN_RE = re.compile(rf"(?<![\w-])(?:{_alternation(list(_NOUN_OF))})(?![\w-])", re.IGNORECASE)
_STATE_OF = {term: state for state, terms in STATES.items() for term in terms}
STATE_RE = re.compile(rf"(?<![\w-])(?:{_alternation(list(_STATE_OF))})(?![\w-])", re.IGNORECASE)
FORMATION_RE = re.compile(rf"\b(?:{_alternation(FORMATIONS)})\b", re.IGNORECASE)
AIRCRAFT_CONTEXT_RE = re.compile(r"\b(?:aircraft|bombers?|planes?|air)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Words:
    """What a phrase says: the kind of thing counted, the losses it names, other marks."""

    noun: str | None = None  # people, ships, aircraft, tanks, guns, vehicles, other
    states: frozenset[str] = field(default_factory=frozenset)
    civilians: bool = False
    noun_at: int = -1  # where the noun starts in the phrase (-1: none)

    @property
    def empty(self) -> bool:
        return self.noun is None and not self.states and not self.civilians

    def filled_from(self, other: Words) -> Words:
        """These words, with what they lack taken from `other` (a headline's words)."""
        return replace(
            self,
            noun=self.noun or other.noun,
            states=self.states or other.states,
            civilians=self.civilians or other.civilians,
        )


def words_of(phrase: str, context: str = "") -> Words:
    """The noun kind and states named in a phrase; `context` (the whole line) settles words
    like "fighters" that can be aircraft or men."""
    noun: str | None = None
    noun_at = -1
    weak: str | None = None
    for match in NOUN_RE.finditer(phrase):
        kind = _NOUN_OF[match.group(0).lower()]
        if kind == "weak":
            weak = weak or match.group(0).lower()
            continue
        noun, noun_at = kind, match.start()
        break
    if noun is None and weak is not None:
        noun = WEAK[weak]
        if weak == "fighters" and AIRCRAFT_CONTEXT_RE.search(context):
            noun = "aircraft"
    if noun == "people" and _unit_in_first_group(phrase):
        noun = "other"  # "4 infantry divisions"
    states = frozenset(_STATE_OF[m.group(0).lower()] for m in STATE_RE.finditer(phrase))
    return Words(noun, states, bool(CIVILIAN_RE.search(phrase)), noun_at)


def _unit_in_first_group(phrase: str) -> bool:
    group = re.split(r",|;|\(|\b(?:and|or|of|from|in|at|with)\b", phrase, maxsplit=1)[0]
    return FORMATION_RE.search(group) is not None


def is_category_label(text: str) -> bool:
    """A label or heading that only names what is counted ("Aircraft", "Total casualties");
    one naming men ("Navy", "Loyalist forces", "Civilians") names a sub-unit, not a category."""
    if words_of(text).noun == "people":
        return False
    rest = STATE_RE.sub(" ", NOUN_RE.sub(" ", text))
    rest = FILLER_RE.sub(" ", APPROX_RE.sub(" ", TOTAL_RE.sub(" ", rest)))
    return not re.sub(r"[\W_]+", "", rest)


def category(words: Words, field_name: str) -> str:
    """The category of a figure from its words and the cell it is in (strength or losses)."""
    personal = words.states.intersection(PERSONAL_STATES)
    if "displaced" in words.states and not personal:
        return "other"  # "2 million civilians fled": people displaced, not killed
    losses = field_name != "strength" or bool(personal)
    noun = words.noun
    if noun in ("ships", "aircraft", "tanks", "guns", "vehicles"):
        if not losses:
            return noun
        return _materiel_lost(noun, words.states)
    if noun == "other":
        return "other"
    if not losses:
        return "personnel"
    if words.civilians and (not personal or personal == {"killed"}):
        return "civilians_killed"
    if len(personal) == 1:
        return next(iter(personal))
    if personal == {"killed", "wounded"}:
        return "killed_or_wounded"
    if not personal and words.states & {"sunk", "destroyed", "damaged"} and noun is None:
        return "ships_sunk" if "sunk" in words.states else "other"
    return "casualties"


def _materiel_lost(noun: str, states: frozenset[str]) -> str:
    damaged_only = "damaged" in states and not states & {"sunk", "destroyed", "lost", "captured"}
    if noun == "ships":
        return "ships_damaged" if damaged_only else "ships_sunk"
    if noun == "vehicles":
        return "vehicles"
    return "other" if damaged_only else f"{noun}_lost"

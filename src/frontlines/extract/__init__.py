"""Extractors: pure functions from a parsed article to typed records.

infobox.py       the conflict record (`extract_conflict`, `find_conflict_infobox`)
belligerents.py  parties and commanders from one infobox cell
dates.py         EDTF date ranges from infobox text and date templates (the EDTF type itself is
                 `frontlines.edtf`)
coords.py        coordinates from {{coord}} and infobox latitude/longitude parameters

May import: `frontlines.model`, `frontlines.edtf`, `frontlines.text` and `frontlines.parse` (to
read and render wikitext fragments); never `sources`, `store`, `publish` or `cli`.
"""

"""doctor on the original Front Lines collection and the seed in ../shared (read in place).

The expected figures were counted independently of the doctor (grep, awk, a separate YAML
script), as recorded beside each one.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from frontlines.collection.checks import diagnose
from frontlines.collection.reading import read_collection
from frontlines.collection.repairs import fix_collection
from tests.collection.helpers import copy_of, require_real, require_seed

pytestmark = pytest.mark.corpus

REAL_COUNTS = {
    # battle_report.md: `tags: ukraine, report, 22 invasion` is a string, not a list
    "schema": (1, 1),
    # grep -rl / grep -ro 'object Object' content | wc -l
    "object_object": (229, 29575),
    # grep -rwo 'undefined\|NaN' content: 21 "undefined" in 4 files, no NaN
    "artefact": (4, 21),
    # YAML script: tags that are multi-line, name an image, carry a flag or start "the "
    "junk_tag": (88, 230),
    # grep '^img: /' content: 149 local paths, none of whose images is in public/
    "missing_image": (149, 149),
    # grep -roP 'Special:Redirect/file/[^\s?"<>]+\?' content
    "hotlinked_image": (139, 1109),
    # awk: headings followed only by blank lines up to a heading of the same or higher level
    "empty_section": (227, 341),
    # grep -ro: {{ 30 (24 of them {{video}}/{{/video}}), [[ 13, ''' 3, <ref 3
    "leaked_markup": (15, 25),
    # YAML script over public/*.yaml: 24 without a licence, 9 naming several files in one,
    # 1 naming no image file
    "sidecar": (24, 34),
    # battle_of_bakhmut.md at the top level and in ukraine/
    "duplicate_slug": (2, 2),
}
# After --fix: what needs a refetch from Wikipedia (artefact, missing_image without a usable
# sidecar, empty_section, leaked_markup), image licences to ask Commons for (sidecar), and the
# duplicate for an editor to resolve. The References sections that held [object Object] are
# now empty and flagged `refetch: [references]`, hence more empty sections than before.
AFTER_FIX = {
    "artefact": (4, 21),
    "missing_image": (4, 4),
    "empty_section": (230, 569),  # the same awk over the fixed copy
    "leaked_markup": (15, 25),
    "sidecar": (24, 34),
    "duplicate_slug": (2, 2),
}


def counts(path: Path) -> dict[str, tuple[int, int]]:
    report = diagnose(read_collection(path))
    return {kind: (len(found.files), found.count) for kind, found in report.by_kind().items()}


def test_real_collection_counts() -> None:
    real = require_real()
    report = diagnose(read_collection(real))
    assert (report.entries, report.sidecars) == (232, 158)
    assert counts(real) == REAL_COUNTS


def test_fixed_real_collection_keeps_only_what_needs_a_refetch(tmp_path: Path) -> None:
    work = copy_of(require_real(), tmp_path)
    run = fix_collection(read_collection(work))
    assert len(run.repairs) == 231  # every entry but the top-level battle_of_bakhmut.md
    assert counts(work) == AFTER_FIX
    flagged = [e for e in read_collection(work).entries if e.front.get("refetch")]
    assert len(flagged) == 229


def test_seed_mojibake_repair_is_byte_exact(tmp_path: Path) -> None:
    seed, published = require_seed()
    copy = tmp_path / seed.name
    copy.write_bytes(seed.read_bytes())
    report = diagnose(read_collection(copy), kinds=("mojibake",))
    assert {p.kind for p in report.problems} == {"mojibake"}
    fix_collection(read_collection(copy), kinds=("mojibake",))
    assert copy.read_bytes() == published.read_bytes()
    assert (tmp_path / f"{seed.name}.bak").read_bytes() == seed.read_bytes()


def test_full_fix_of_seed_and_published_file_agree(tmp_path: Path) -> None:
    seed, published = require_seed()
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    from_seed = tmp_path / "a" / seed.name
    from_published = tmp_path / "b" / published.name
    from_seed.write_bytes(seed.read_bytes())
    from_published.write_bytes(published.read_bytes())
    fix_collection(read_collection(from_seed))
    fix_collection(read_collection(from_published))
    assert from_seed.read_bytes() == from_published.read_bytes()
    assert b"[object Object]" not in from_seed.read_bytes()

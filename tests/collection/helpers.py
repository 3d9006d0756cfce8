"""Paths of the collection fixtures and of the real collection in ../shared, and a copier."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import skip_without_shared

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures"
SHARED = (HERE.parents[1] / ".." / "shared").resolve()
REAL = SHARED / "frontlines" / "collection"
SEED = SHARED / "seed" / "000_e88abf900000f3c3.txt"
PUBLISHED = REAL / "content" / "syria" / "battle_of_aleppo_(2012–2016).md"


def require_real() -> Path:
    if not (REAL / "content").is_dir():
        skip_without_shared(REAL, "the real-collection test needs it")
    return REAL


def require_seed() -> tuple[Path, Path]:
    if not SEED.is_file() or not PUBLISHED.is_file():
        skip_without_shared(SEED.parent, f"the seed or published file ({SEED}, {PUBLISHED})")
    return SEED, PUBLISHED


def copy_of(source: Path, tmp_path: Path) -> Path:
    """A writable copy of a collection (fixtures and ../shared are never written to)."""
    target = tmp_path / source.name
    shutil.copytree(source, target)
    return target

"""The fixture wiki's site against the expected site stored in tests/publish/golden/.

Every page, feed and data file is compared byte for byte (copied assets are left out: they
are the package's own files). After an intended change, rewrite the expected site with

    .venv/bin/pytest tests/publish/test_golden.py --update-goldens

and review the diff before committing it.
"""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

from frontlines.publish.site import BuildResult

GOLDEN = Path(__file__).resolve().parent / "golden"
SKIPPED_PREFIXES = ("static/", "reports/media/", "pagefind/", "media/")  # binary copies
SKIPPED_FILES = {".frontlines-site", "data/basemap.geojson"}


def compared_files(folder: Path) -> dict[str, Path]:
    files = {}
    for path in sorted(folder.rglob("*")):
        name = path.relative_to(folder).as_posix()
        if path.is_file() and name not in SKIPPED_FILES and not name.startswith(SKIPPED_PREFIXES):
            files[name] = path
    return files


def test_fixture_site_matches_the_expected_site(
    built_site: BuildResult, update_goldens: bool
) -> None:
    actual = compared_files(built_site.out_dir)
    if update_goldens:
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for name, path in actual.items():
            target = GOLDEN / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    expected = compared_files(GOLDEN)
    assert sorted(actual) == sorted(expected), "files added or removed"
    diffs = []
    for name, path in actual.items():
        got, want = path.read_text(encoding="utf-8"), expected[name].read_text(encoding="utf-8")
        if got != want:
            diff = difflib.unified_diff(
                want.splitlines(), got.splitlines(), f"golden/{name}", f"built/{name}", lineterm=""
            )
            diffs.append("\n".join(list(diff)[:40]))
    assert not diffs, "\n\n".join(diffs) + "\n\n(pytest --update-goldens rewrites them)"

"""A real MediaWiki on 127.0.0.1:8797 (its own folder, /tmp/mw-i17) for the follow tests.

Made fresh for each test session from `fixtures/marches.xml`: an invented campaign (four
pages in "Battles of the Northern Marches"), a page in no theatre ("Harbour of Estwick") and
the category page. Imported revisions are old, so the wiki's recent changes start empty.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from frontlines.config import Config, load_config

HERE = Path(__file__).resolve().parent
FIXTURE_DUMP = HERE / "fixtures" / "marches.xml"
SCRIPT = HERE.parents[1] / ".." / "shared" / "scripts" / "mediawiki-local.sh"
MW_DIR = Path("/tmp/mw-i17")
MW_PORT = 8797
CATEGORY = "Battles of the Northern Marches"
THEATRE_PAGES = {
    "Northern Marches campaign",
    "Battle of Aldbrook",
    "Siege of Corven",
    "Raid on Dunmere",
}


@dataclass(frozen=True)
class LocalWiki:
    api: str

    def run(self, *args: str, text: str | None = None) -> None:
        subprocess.run(
            ["bash", str(SCRIPT), *args],
            input=text,
            text=True,
            check=True,
            capture_output=True,
            env={**os.environ, "MW_DIR": str(MW_DIR)},
        )

    def edit(self, title: str, text: str) -> None:
        self.run("edit", title, text=text)

    def delete(self, title: str) -> None:
        self.run("delete", title)


@pytest.fixture(scope="session")
def wiki() -> Iterator[LocalWiki]:
    if not SCRIPT.is_file():
        pytest.skip(f"../shared/scripts/mediawiki-local.sh not present: {SCRIPT}")
    if os.geteuid() != 0 and not Path("/usr/share/mediawiki/api.php").is_file():
        pytest.skip("MediaWiki is not installed and installing it needs root")
    env = {**os.environ, "MW_DIR": str(MW_DIR), "MW_QUIET": "1"}
    subprocess.run(["bash", str(SCRIPT), "down"], env=env, capture_output=True, check=False)
    if (MW_DIR / ".mediawiki-local").is_file():  # a fresh wiki each session: tests edit it
        shutil.rmtree(MW_DIR)
    up = subprocess.run(
        ["bash", str(SCRIPT), "up", str(FIXTURE_DUMP), str(MW_PORT)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if up.returncode != 0:
        pytest.fail(f"mediawiki-local.sh up failed:\n{up.stderr[-2000:]}")
    try:
        yield LocalWiki(api=up.stdout.strip().splitlines()[-1])
    finally:
        subprocess.run(["bash", str(SCRIPT), "down"], env=env, capture_output=True, check=False)


def write_config(folder: Path, api: str) -> Config:
    """A frontlines.toml in `folder` with the one theatre of the fixture wiki."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "frontlines.toml"
    path.write_text(
        f'[source]\napi = "{api}"\nuser_agent = "FrontLinesTests/0.1 (tests@example.org)"\n\n'
        f'[[theatre]]\nname = "marches"\ntitle = "Northern Marches"\ncategories = ["{CATEGORY}"]\n',
        encoding="utf-8",
    )
    return load_config(path)

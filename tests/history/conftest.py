"""Fixtures for the history tests: the Amberland dump, revisions of it, and a local MediaWiki.

`fixtures/amberland.xml` is a made-up theatre (the category "Battles of the Amber War") with an
article whose infobox has casualties. The wiki for these tests is this branch's own
(MW_DIR=/tmp/mw-i11, port 8791), made fresh once per session from that dump.
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
from tests.conftest import skip_without_shared

HERE = Path(__file__).resolve().parent
FIXTURE_DUMP = HERE / "fixtures" / "amberland.xml"
SCRIPT = HERE.parents[1] / ".." / "shared" / "scripts" / "mediawiki-local.sh"
MW_DIR = Path("/tmp/mw-i11")
MW_PORT = 8791
ARTICLE = "Battle of Amberford"
CATEGORY = "Battles of the Amber War"


def fixture_text() -> str:
    return FIXTURE_DUMP.read_text(encoding="utf-8")


def article_text() -> str:
    """The wikitext of the Battle of Amberford's one revision in the fixture."""
    text = fixture_text()
    start = text.index('<text xml:space="preserve">') + len('<text xml:space="preserve">')
    return text[start : text.index("</text>", start)]


def revision_xml(revision_id: int, timestamp: str, text: str) -> str:
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return (
        f"    <revision>\n      <id>{revision_id}</id>\n      <timestamp>{timestamp}</timestamp>\n"
        "      <contributor><username>Scribe</username><id>3</id></contributor>\n"
        "      <model>wikitext</model>\n      <format>text/x-wiki</format>\n"
        f'      <text xml:space="preserve">{escaped}</text>\n    </revision>\n'
    )


def dump_with_revisions(revisions: list[tuple[int, str, str]]) -> str:
    """The fixture with the article's revisions replaced by `revisions` (id, time, wikitext)."""
    text = fixture_text()
    start = text.index("    <revision>")
    end = text.index("  </page>", start)
    return text[:start] + "".join(revision_xml(*r) for r in revisions) + text[end:]


def edited(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new)


def casualty_edit(text: str) -> str:
    """The edit the done-when asks for: the casualties and a dated sentence in the body."""
    text = edited(text, "casualties2 = 24,000 killed", "casualties2 = 25,500 killed")
    return edited(
        text,
        "Rain slowed the guns.",
        "Rain slowed the guns. On 6 May 1912 the Kesselite rearguard surrendered at Lorn.",
    )


def write_config(folder: Path, api: str, *, site: str = "") -> Config:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "frontlines.toml"
    path.write_text(
        f'[source]\napi = "{api}"\nuser_agent = "FrontLinesTests/0.1 (tests@example.org)"\n\n'
        f'[site]\ntitle = "Amber Lines"\nbase_url = "https://amber.example.org/"\n{site}\n'
        f'[[theatre]]\nname = "amber"\ntitle = "The Amber War"\n'
        f'categories = ["{CATEGORY}"]\ndepth = 0\n',
        encoding="utf-8",
    )
    return load_config(path)


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


@pytest.fixture(scope="module")
def wiki(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalWiki]:
    """A fresh wiki per test module (the tests edit it)."""
    if not SCRIPT.is_file():
        skip_without_shared(SCRIPT, "the local MediaWiki tests need it")
    if os.geteuid() != 0 and not Path("/usr/share/mediawiki/api.php").is_file():
        pytest.skip("MediaWiki is not installed and installing it needs root")
    env = {**os.environ, "MW_DIR": str(MW_DIR), "MW_QUIET": "1"}
    subprocess.run(["bash", str(SCRIPT), "down"], env=env, capture_output=True, check=False)
    if (MW_DIR / ".mediawiki-local").is_file():
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

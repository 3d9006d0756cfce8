"""Full-text search: Pagefind (the `pagefind-bin` package) indexes the built site.

Pagefind reads the written HTML (only `data-pagefind-body` regions: articles, reports and
theatre pages) and writes its index and UI under `pagefind/`. It runs as a subprocess
(`python -m pagefind_bin --site DIR`) with the same interpreter that runs the build.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

from frontlines.errors import PublishError


def pagefind_available() -> bool:
    return importlib.util.find_spec("pagefind_bin") is not None


def index_site(site_dir: Path) -> None:
    """Index the site in place; PublishError with Pagefind's own message when it fails."""
    if not pagefind_available():
        raise PublishError(
            "Search needs Pagefind: `pip install pagefind-bin==1.5.2`, or build with --no-search"
        )
    command = [sys.executable, "-m", "pagefind_bin", "--site", str(site_dir), "--silent"]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise PublishError(f"Pagefind could not run ({error}); build with --no-search") from error
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()[-5:]
        raise PublishError("Pagefind failed: " + " | ".join(detail))

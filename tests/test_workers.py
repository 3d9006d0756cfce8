"""Supervised worker processes: a time limit per job, results in input order (issue 16)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from frontlines.cli import app
from frontlines.config import ConvertConfig
from frontlines.model import RawPage
from frontlines.workers import (
    Done,
    WorkerPool,
    WorkFailed,
    available_cores,
    page_pool,
    page_too_large,
    utf8_size,
)

runner = CliRunner()


def work(job: tuple[str, float]) -> str:
    """Sleep as long as the job says, fail or die on request, else echo the job's name."""
    name, seconds = job
    if name == "raise":
        raise ValueError("bad job")
    if name == "die":
        os._exit(3)
    time.sleep(seconds)
    return name.upper()


_RUN = [0]  # in a worker process: how many jobs it has run


def numbered(job: int) -> int:
    """The place of this job in its worker's order of work (1 for the first it ran)."""
    _RUN[0] += 1
    return _RUN[0]


def test_the_costliest_job_read_ahead_starts_first_and_results_keep_input_order() -> None:
    with WorkerPool(numbered, size=1, time_limit=None) as pool:
        got = list(pool.map([1, 5, 3, 9], cost=lambda job: job, lookahead=4))
    assert got == [(1, 4), (5, 2), (3, 3), (9, 1)]  # ran 9, 5, 3, 1; came back as read


def test_a_done_job_is_yielded_in_its_place_without_a_worker() -> None:
    with WorkerPool(numbered, size=1, time_limit=None) as pool:
        got = list(pool.map([10, Done(20, 99), 30], lookahead=3))
    assert got == [(10, 1), (20, 99), (30, 2)]  # the worker ran two jobs, not three


def test_one_map_at_a_time() -> None:
    with WorkerPool(numbered, size=1) as pool:
        outer = pool.map([1, 2])
        next(outer)
        with pytest.raises(RuntimeError, match="one map at a time"):
            pool.call(3)
        outer.close()
        assert isinstance(pool.call(4), int)  # the pool works again once the first map is done


def test_the_default_size_is_the_cores_this_process_may_use() -> None:
    assert available_cores() == len(os.sched_getaffinity(0))
    assert page_pool(abs, ConvertConfig()).size == available_cores()
    assert page_pool(abs, ConvertConfig(workers=3)).size == 3
    assert page_pool(abs, ConvertConfig(workers=3), jobs=1).size == 1


_LEAN = """
import sys
sys.path.insert(0, sys.argv[1])
import frontlines.cli  # the parent holds every command, as `frontlines convert` does
from frontlines.convert import PageJob, convert_job
from frontlines.model import RawPage
from frontlines.workers import WorkerPool
import probe
with WorkerPool(convert_job) as pool:  # starts the fork server, preloaded for converting
    pool.call(PageJob(RawPage(title="A", text="Some text."), "a", False))
with WorkerPool(probe.modules) as pool:
    print("\\n".join(pool.call(0)))
"""


def test_a_converting_worker_imports_the_converter_alone(tmp_path: Path) -> None:
    import subprocess
    import sys

    (tmp_path / "probe.py").write_text(
        "import sys\n\ndef modules(_):\n    return sorted(sys.modules)\n", encoding="utf-8"
    )
    done = subprocess.run(
        [sys.executable, "-c", _LEAN, str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    loaded = set(done.stdout.split())
    assert {"frontlines.convert", "frontlines.parse.render", "mwparserfromhell"} <= loaded
    unused = {
        "frontlines.cli", "frontlines.publish", "frontlines.store", "frontlines.pipeline",
        "frontlines.batch", "frontlines.markdown_entry", "frontlines.sources.files",
        "frontlines.build", "frontlines.collection", "frontlines.sync_jobs",
        "frontlines.scan", "frontlines.export", "frontlines.dataapi",
        "typer", "rich", "click", "httpx", "jinja2", "yaml", "sqlite3", "ftfy",
        "dask", "distributed", "pyarrow", "bokeh", "datasette", "markdown_it", "nh3",
    }  # fmt: skip
    assert unused.isdisjoint(loaded), sorted(unused & loaded)


def test_the_console_script_module_loads_no_command() -> None:
    import subprocess
    import sys

    script = "import sys, frontlines.__main__; print(sorted(m for m in sys.modules if 'cli' in m))"
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]"


def test_results_come_in_input_order_with_several_workers() -> None:
    jobs = [(f"job{n}", 0.05 * (5 - n)) for n in range(5)]  # later jobs finish first
    with WorkerPool(work, size=3, time_limit=10) as pool:
        got = [(job[0], outcome) for job, outcome in pool.map(jobs)]
    assert got == [(f"job{n}", f"JOB{n}") for n in range(5)]


def test_a_job_past_the_time_limit_fails_and_the_next_goes_on() -> None:
    jobs = [("first", 0.0), ("slow", 60.0), ("after", 0.0)]
    started = time.monotonic()
    with WorkerPool(work, time_limit=0.5) as pool:
        got = list(pool.map(jobs))
        assert pool.replaced == 1
    assert time.monotonic() - started < 5
    assert got[0][1] == "FIRST"
    assert isinstance(got[1][1], WorkFailed)
    assert str(got[1][1]) == "took longer than 0.5 s"
    assert got[2][1] == "AFTER"


def test_a_raising_job_fails_alone() -> None:
    with WorkerPool(work) as pool:
        got = [outcome for _, outcome in pool.map([("raise", 0), ("ok", 0)])]
        assert pool.replaced == 0
    assert isinstance(got[0], WorkFailed)
    assert str(got[0]).startswith("ValueError: bad job (at test_workers.py:")
    assert got[1] == "OK"


def test_a_dead_worker_fails_its_job_and_is_replaced() -> None:
    with WorkerPool(work) as pool:
        got = [outcome for _, outcome in pool.map([("die", 0), ("ok", 0)])]
        assert pool.replaced == 1
    assert str(got[0]) == "the worker process died (exit code 3)"
    assert got[1] == "OK"


def test_call_raises_work_failed() -> None:
    with WorkerPool(work, time_limit=0.3) as pool:
        assert pool.call(("quick", 0)) == "QUICK"
        with pytest.raises(WorkFailed, match="took longer than 0.3 s"):
            pool.call(("slow", 30))
        assert pool.call(("again", 0)) == "AGAIN"


def test_page_size_limit() -> None:
    limit = ConvertConfig().max_page_bytes
    assert limit == 2 * 1024 * 1024
    assert page_too_large(RawPage(title="A", text="x" * limit), limit) is None
    reason = page_too_large(RawPage(title="A", text="é" * limit), limit)
    assert reason == (
        "is 4 MiB of wikitext, over the 2 MiB limit ([convert] max_page_bytes in "
        "frontlines.toml); not converted"
    )


def test_a_page_is_measured_in_utf8_bytes_without_being_encoded_whole() -> None:
    mixed = ("a" * 65_535 + "é\ud800€😀") * 3  # pieces cut inside the non-ASCII characters
    assert utf8_size(mixed) == len(mixed.encode("utf-8", "surrogatepass"))
    assert utf8_size("x" * 100) == 100
    assert utf8_size("") == 0


def test_convert_batch_goes_on_past_a_slow_and_a_huge_page(tmp_path: Path) -> None:
    """A page genuinely slow to convert (1 MB of unclosed templates: about 8 s) is stopped."""
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "A_first.wiki").write_text("First page, '''fine'''.", encoding="utf-8")
    (pages / "B_slow.wiki").write_text("{{a|" * 250_000, encoding="utf-8")
    (pages / "C_huge.wiki").write_text("x" * 1_600_000, encoding="utf-8")
    (pages / "D_last.wiki").write_text("Last page.", encoding="utf-8")
    config = tmp_path / "frontlines.toml"
    config.write_text("[convert]\ntime_limit = 1.5\nmax_page_bytes = 1500000\n", encoding="utf-8")
    started = time.monotonic()
    result = runner.invoke(
        app,
        [
            "convert",
            str(pages),
            "-o",
            str(tmp_path / "out"),
            "-c",
            str(config),
            "--date",
            "2026-01-01",
        ],
    )
    assert time.monotonic() - started < 6
    assert result.exit_code == 1, result.output
    output = " ".join(result.output.split())
    assert "Failed: 'B slow' took longer than 1.5 s" in output
    assert "Failed: 'C huge' is 1.5 MiB of wikitext, over the 1.4 MiB limit" in output
    assert "Converted 2 articles (2 failed)" in output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "a_first.json", "a_first.md", "d_last.json", "d_last.md",
    ]  # fmt: skip


_ORPHAN = """
import os, sys, time
from frontlines.workers import WorkerPool
pool = WorkerPool(abs)
assert pool.call(-3) == 3
print(pool._workers[0].process.pid, flush=True)
os.kill(os.getpid(), 9)
"""


def test_workers_end_when_their_parent_is_killed() -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", _ORPHAN], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == -9, done.stderr
    worker = int(done.stdout.strip())
    for _ in range(50):
        try:
            os.kill(worker, 0)
        except ProcessLookupError:
            return
        time.sleep(0.1)
    raise AssertionError(f"worker {worker} outlived its killed parent")

"""The follower against an in-memory wiki (httpx.MockTransport): what a batch of changes does,
where it resumes, and how it behaves under faults (network errors, 429, maxlag)."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from frontlines.config import Config, load_config
from frontlines.follow import Follower, rounds
from frontlines.model import Article, RawPage
from frontlines.pipeline import Stopped, convert, sync
from frontlines.sources.api import MediaWikiClient
from frontlines.sources.changes import Position
from frontlines.store import Store
from tests.follow.fakewiki import API, FakeWiki

START = "2024-05-01T00:00:00Z"  # the store's clock: the initial sync "started" then


def article(name: str, extra: str = "") -> str:
    return (
        f"{{{{Infobox military conflict\n| conflict = {name}\n| date = 1 May 1840\n"
        f"| result = Draw{extra}\n}}}}\nThe '''{name}''' was invented for a test."
    )


@pytest.fixture
def wiki() -> FakeWiki:
    fake = FakeWiki()
    for name in ("Battle of A", "Battle of B", "Battle of C"):
        fake.put(name, article(name), "Battles", log=False)
    fake.put("Harbour of H", "A harbour.", "Harbours", log=False)
    return fake


@pytest.fixture
def config(tmp_path: Path) -> Config:
    path = tmp_path / "frontlines.toml"
    path.write_text(
        f'[source]\napi = "{API}"\nuser_agent = "FrontLinesTests/0.1 (tests@example.org)"\n\n'
        '[[theatre]]\nname = "battles"\ntitle = "Battles"\ncategories = ["Battles"]\n\n'
        '[[theatre]]\nname = "ports"\ntitle = "Ports"\ncategories = ["Ports"]\n',
        encoding="utf-8",
    )
    return load_config(path)


class Setup:
    def __init__(self, config: Config, wiki: FakeWiki) -> None:
        self.config = config
        self.wiki = wiki
        self.sleeps: list[float] = []
        self.store = Store(config.db_path, clock=lambda: START)
        self.client = MediaWikiClient(
            API,
            user_agent="FrontLinesTests/0.1 (tests@example.org)",
            transport=wiki.transport(),
            max_retries=2,
            sleep=self.sleeps.append,
        )
        assert sync(config, self.store, client=self.client).failures == ()
        wiki.asked.clear()

    def follower(self, **options: object) -> Follower:
        return Follower(self.config, self.store, self.client, **options)  # type: ignore[arg-type]

    def removed(self, title: str) -> bool:
        state = self.store.page_states().get(title)
        return state is not None and state.status == "removed"

    def status(self, title: str) -> tuple[int | None, str] | None:
        state = self.store.page_states().get(title)
        return None if state is None else (state.revision_id, state.status)


@pytest.fixture
def setup(config: Config, wiki: FakeWiki) -> Setup:
    return Setup(config, wiki)


def test_a_batch_applies_edits_deletions_moves_and_new_pages(setup: Setup) -> None:
    wiki = setup.wiki
    edited = wiki.put("Battle of A", article("Battle of A", " after all"), "Battles")
    wiki.delete("Battle of B")
    wiki.move("Battle of C", "Battle of C (1840)")
    new = wiki.put("Battle of D", article("Battle of D"), "Battles")
    wiki.put("Harbour of H", "A dredged harbour.", "Harbours")  # in no theatre
    report = setup.follower().poll()
    assert report.changes == 5
    assert setup.status("Battle of A") == (edited, "active")
    assert setup.removed("Battle of B") and setup.removed("Battle of C")
    assert setup.status("Battle of C (1840)") is not None
    assert setup.status("Battle of D") == (new, "active")
    assert setup.status("Harbour of H") is None
    assert report.sync is not None
    counts = report.sync.counts
    assert (counts.new, counts.updated, counts.removed) == (2, 1, 2)
    assert wiki.asked["content"] == 1  # A, C (1840) and D in one fetch
    assert report.fetched == 3
    assert report.position == Position(wiki.changes[-1]["timestamp"], wiki.changes[-1]["rcid"])
    stored = setup.store.follow_position(API)
    assert stored is not None and stored.rcid == wiki.changes[-1]["rcid"] and stored.changes == 5
    again = setup.follower().poll()  # a new follower (a restart) resumes after the last change
    assert again.changes == 0 and again.sync is None and wiki.asked["content"] == 1


def test_an_edit_outside_every_theatre_costs_no_page_fetch(setup: Setup) -> None:
    setup.wiki.put("Harbour of H", "A dredged harbour.", "Harbours")
    report = setup.follower().poll()
    assert report.changes == 1 and report.pages == 0 and report.sync is None
    assert report.fetched == 0 and setup.wiki.asked["content"] == 0
    assert report.requests == 2  # recent changes, then one revision+categories check
    assert "0 pages fetched" in report.summary() and "nothing to sync" in report.summary()
    runs = setup.store.runs()
    assert len(runs) == 1  # only the initial sync: no run for a batch with nothing to store


def test_a_deletion_of_a_page_the_store_lacks_costs_no_request(setup: Setup) -> None:
    setup.wiki.put("Harbour of Q", "Another harbour.", log=False)
    setup.wiki.delete("Harbour of Q")
    report = setup.follower().poll()
    assert report.changes == 1 and report.requests == 1  # only list=recentchanges


def test_a_page_that_leaves_the_category_is_removed(setup: Setup) -> None:
    setup.wiki.put("Battle of A", article("Battle of A"), "Skirmishes")
    setup.follower().poll()
    assert setup.removed("Battle of A")


def test_continuation_reads_every_change(setup: Setup) -> None:
    for n in range(5):
        setup.wiki.put("Battle of A", article("Battle of A", f" {n}"), "Battles")
    report = setup.follower().poll()
    assert report.changes == 5
    assert setup.wiki.asked["recentchanges"] == 3  # two changes a response
    assert setup.status("Battle of A") == (setup.wiki.pages["Battle of A"].revision_id, "active")


def test_a_batch_is_bounded_and_the_rest_waits(setup: Setup) -> None:
    for n in range(5):
        setup.wiki.put("Battle of A", article("Battle of A", f" {n}"), "Battles")
    follower = setup.follower(max_changes=3)
    assert follower.poll().changes == 3
    assert follower.poll().changes == 2
    assert follower.poll().changes == 0


def test_a_kill_before_the_position_is_written_replays_without_applying_twice(
    setup: Setup, monkeypatch: pytest.MonkeyPatch
) -> None:
    revision = setup.wiki.put("Battle of A", article("Battle of A", " revised"), "Battles")

    def killed(*args: object, **kwargs: object) -> None:
        raise SystemExit("killed")

    monkeypatch.setattr(setup.store, "put_follow_position", killed)
    with pytest.raises(SystemExit):
        setup.follower().poll()
    monkeypatch.undo()
    assert setup.status("Battle of A") == (revision, "active")  # stored before the kill
    assert setup.store.follow_position(API) is None
    report = setup.follower().poll()
    assert report.changes == 1  # read again...
    assert report.sync is not None and report.sync.counts.updated == 0  # ...not applied again
    assert report.sync.counts.unchanged == 1 and report.fetched == 0


def test_stop_is_honoured_between_pages(setup: Setup, tmp_path: Path) -> None:
    for name in ("Battle of A", "Battle of B", "Battle of C"):
        setup.wiki.put(name, article(name, " revised"), "Battles")
    log = tmp_path / "converted.txt"  # pages convert in a worker process: count in a file

    def counting(page: RawPage, kind: str) -> Article:
        with log.open("a", encoding="utf-8") as out:
            out.write(page.title + "\n")
        return convert(page, kind)

    def converted() -> list[str]:
        return log.read_text("utf-8").splitlines() if log.exists() else []

    follower = setup.follower(converter=counting, stop=lambda: bool(converted()))
    with pytest.raises(Stopped):
        follower.poll()
    assert converted() == ["Battle of A"]
    assert setup.store.runs()[0].status == "interrupted"
    assert setup.store.follow_position(API) is None  # the batch is read again next time
    report = setup.follower().poll()
    assert report.sync is not None
    assert (report.sync.counts.updated, report.sync.counts.unchanged) == (2, 1)


def test_one_theatre_leaves_the_others_pages_alone(setup: Setup) -> None:
    before = setup.status("Battle of A")
    setup.wiki.put("Battle of A", article("Battle of A", " revised"), "Battles")
    setup.wiki.put("Port of P", "A port.", "Ports")
    report = setup.follower(theatre="ports").poll()
    assert setup.status("Battle of A") == before
    assert setup.status("Port of P") is not None
    assert report.sync is not None and report.sync.counts.new == 1
    assert setup.store.follow_position(API, "ports") is not None
    assert setup.store.follow_position(API) is None  # positions are per theatre scope


def test_429_and_maxlag_are_waited_out(setup: Setup) -> None:
    setup.wiki.put("Battle of A", article("Battle of A", " revised"), "Battles")
    maxlag = {
        "error": {"code": "maxlag", "info": "Waiting for a database server: 7 seconds lagged"}
    }
    setup.wiki.faults = [
        httpx.Response(429, headers={"Retry-After": "7"}),
        httpx.Response(200, content=json.dumps(maxlag).encode(), headers={"Retry-After": "5"}),
    ]
    report = setup.follower().poll()
    assert setup.sleeps == [7.0, 5.0]
    assert report.sync is not None and report.sync.counts.updated == 1


def test_network_faults_keep_the_position_and_wait_longer_each_time(setup: Setup) -> None:
    setup.wiki.put("Battle of A", article("Battle of A", " revised"), "Battles")
    attempts = 3  # max_retries=2
    setup.wiki.faults = [httpx.ConnectError("refused")] * (attempts * 2)
    faults: list[float] = []
    waits: list[float] = []
    batches = []

    def wait(seconds: float) -> bool:
        waits.append(seconds)
        return bool(batches)  # stop once a batch went through

    follower = setup.follower()
    rounds(
        follower,
        interval=2,
        wait=wait,
        on_batch=batches.append,
        on_fault=lambda message, pause: faults.append(pause),
    )
    assert faults == [4, 8]  # interval * 2**faults
    assert waits == [4, 8, 2]
    assert setup.sleeps == [1.0, 2.0, 1.0, 2.0]  # the client's own backoff inside each round
    assert len(batches) == 1 and batches[0].sync.counts.updated == 1


def test_once_reports_a_failed_round(setup: Setup) -> None:
    setup.wiki.faults = [httpx.ConnectError("refused")] * 3
    problem = rounds(
        setup.follower(),
        interval=60,
        wait=lambda seconds: False,
        on_batch=lambda report: None,
        on_fault=lambda message, pause: None,
        once=True,
    )
    assert problem is not None and "failed after 3 attempts" in problem
    assert setup.store.follow_position(API) is None


def test_a_categorize_change_finds_a_page_added_through_a_template(setup: Setup) -> None:
    setup.wiki.put("Battle of E", article("Battle of E"), "Battles", log=False)
    setup.wiki._change("categorize", "Category:Battles", setup.wiki.now(), ns=14)
    report = setup.follower().poll()
    assert setup.status("Battle of E") is not None
    assert report.sync is not None and report.sync.counts.new == 1

"""API faults not covered in test_api_faults.py: `ratelimited`, `readonly`, HTTP 408/502/504."""

from __future__ import annotations

import httpx
import pytest

from frontlines.errors import FetchError
from tests.sources.test_api_faults import API, make_client, scripted

RATELIMITED = {
    "error": {"code": "ratelimited", "info": "You've exceeded your rate limit. Please wait."}
}
READONLY = {
    "error": {
        "code": "readonly",
        "info": "The wiki is currently in read-only mode.",
        "readonlyreason": "Database maintenance",
    }
}


@pytest.mark.parametrize("body", [RATELIMITED, READONLY], ids=["ratelimited", "readonly"])
def test_retryable_api_errors_wait_and_then_succeed(body: dict[str, object]) -> None:
    handler, seen = scripted(
        httpx.Response(200, json=body, headers={"Retry-After": "3"}), httpx.Response(200, json=body)
    )
    sleeps: list[float] = []
    with make_client(handler, sleeps, backoff=0.5) as client:
        result = client.fetch(["Battle of Talas"])
    assert sleeps == [3.0, 1.0]  # Retry-After first, then the growing wait
    assert len(seen) == 3
    assert [page.title for page in result.pages] == ["Battle of Talas"]


@pytest.mark.parametrize(("body", "code"), [(RATELIMITED, "ratelimited"), (READONLY, "readonly")])
def test_retryable_api_errors_run_out_into_a_fetch_error(
    body: dict[str, object], code: str
) -> None:
    sleeps: list[float] = []
    with make_client(
        lambda request: httpx.Response(200, json=body), sleeps, max_retries=2, backoff=1.0
    ) as client:
        with pytest.raises(FetchError) as caught:
            client.fetch(["Battle of Talas"])
    message = str(caught.value)
    assert "failed after 3 attempts" in message and f"API error {code}" in message
    assert f"{API}?" in message
    assert sleeps == [1.0, 2.0]


@pytest.mark.parametrize(
    ("status", "phrase"),
    [(408, "Request Timeout"), (502, "Bad Gateway"), (504, "Gateway Timeout")],
)
def test_gateway_and_timeout_statuses_are_retried(status: int, phrase: str) -> None:
    handler, seen = scripted(httpx.Response(status), httpx.Response(status))
    sleeps: list[float] = []
    with make_client(handler, sleeps, backoff=0.25) as client:
        result = client.fetch(["Siege of Candia"])
    assert sleeps == [0.25, 0.5]
    assert len(seen) == 3
    assert result.pages[0].title == "Siege of Candia"

    sleeps.clear()
    with make_client(lambda r: httpx.Response(status), sleeps, max_retries=1) as client:
        with pytest.raises(FetchError, match=f"HTTP {status} {phrase}"):
            client.fetch(["Siege of Candia"])

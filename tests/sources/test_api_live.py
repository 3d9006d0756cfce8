"""MediaWikiClient against a real MediaWiki (tests/sources/fixtures/api-wiki.xml imported).

The wiki: Category:Wars of the Saltmarsh holds three articles, one article that is also in the
subcategory, a template, and the subcategory Battles of the Heron Campaign, which lists its parent
as its own subcategory (a cycle). "Heron Campaign" redirects to "Battle of Heron Ford".
The tests that edit and delete pages come last in this file.
"""

from __future__ import annotations

import hashlib

import httpx
import pytest

from frontlines.sources.api import MediaWikiClient

AGENT = "FrontLinesTests/0.1 (https://example.org/tests; tests@example.org)"

TOP_LEVEL = {"Saltmarsh War", "Treaty of Greyhaven", "Blockade of the Estuary",
             "Battle of Reed Island"}  # fmt: skip
HERON = {"Battle of Heron Ford", "Battle of Reed Island", "Siege of Marrowgate"}


@pytest.fixture
def client(local_wiki):
    with MediaWikiClient(local_wiki.api_url, user_agent=AGENT, category_limit=2) as made:
        yield made


def test_category_members_follow_continuation(client):
    titles = list(client.category_members("Wars of the Saltmarsh"))

    assert set(titles) == TOP_LEVEL and len(titles) == len(TOP_LEVEL)
    assert client.requests >= 2  # cmlimit=2: more than one page of results


def test_category_members_recurse_once_without_duplicates(client):
    titles = list(client.category_members("Category:Wars_of_the_Saltmarsh", depth=1))

    assert len(titles) == len(set(titles))
    assert set(titles) == TOP_LEVEL | HERON


def test_category_cycle_is_walked_once(client):
    deep = list(client.category_members("Wars of the Saltmarsh", depth=10))
    requests_deep = client.requests

    assert set(deep) == TOP_LEVEL | HERON and len(deep) == len(set(deep))
    # two categories, each read once in pages of two members: a handful of requests, not a loop
    assert requests_deep <= 8


def test_fetch_in_batches_with_redirects_missing_and_normalised(client, local_wiki):
    small = MediaWikiClient(local_wiki.api_url, user_agent=AGENT, batch_size=2)
    asked = ["saltmarsh_War", "Heron Campaign", "Battle of Nowhere", "Treaty of Greyhaven",
             "Template:Saltmarsh campaignbox"]  # fmt: skip

    with small:
        result = small.fetch(asked)

    assert small.requests == 3  # 5 titles, 2 a request
    by_title = {page.title: page for page in result.pages}
    assert set(by_title) == {"Saltmarsh War", "Battle of Heron Ford", "Treaty of Greyhaven",
                             "Template:Saltmarsh campaignbox"}  # fmt: skip
    assert result.missing == ("Battle of Nowhere",)
    assert result.redirects == {"Heron Campaign": "Battle of Heron Ford"}
    assert result.normalized == {"saltmarsh_War": "Saltmarsh War"}
    assert result.resolve("Heron Campaign") == "Battle of Heron Ford"
    assert result.resolve("saltmarsh_War") == "Saltmarsh War"

    war = by_title["Saltmarsh War"]
    assert war.text.startswith("The '''Saltmarsh War''' (1412–1415) was a dispute")
    assert war.timestamp == "2021-04-02T09:00:00Z"  # kept from the dump by the import
    assert war.sha1 == hashlib.sha1(war.text.encode()).hexdigest()
    assert isinstance(war.page_id, int) and isinstance(war.revision_id, int)
    assert war.site == local_wiki.api_url.removesuffix("/api.php")
    assert by_title["Template:Saltmarsh campaignbox"].namespace == 10


def test_invalid_titles_are_reported(client):
    result = client.revisions(["Saltmarsh War", "Bad<title>", "Special:Version"])

    assert set(result.revisions) == {"Saltmarsh War"}
    assert "invalid title" in result.failed["Bad<title>"]
    assert "special page" in result.failed["Special:Version"]


def test_revisions_need_one_request_per_fifty_titles(client):
    titles = sorted(TOP_LEVEL | HERON | {"Heron Campaign"})

    result = client.revisions(titles)

    assert client.requests == 1
    assert set(result.revisions) == TOP_LEVEL | HERON
    info = result.revisions["Siege of Marrowgate"]
    assert info.timestamp == "2021-06-01T11:00:00Z" and info.sha1 and info.revision_id > 0


def test_long_batches_are_posted_and_answered(client):
    absent = [f"Unwritten chronicle of the long war, volume {n}" for n in range(60)]

    result = client.revisions([*absent, "Saltmarsh War"])

    assert client.requests == 2  # 50 titles (too long for a URL: POSTed), then 11 (GET)
    assert sorted(result.missing) == sorted(absent)
    assert set(result.revisions) == {"Saltmarsh War"}


def test_image_info_from_the_wiki(client, local_wiki):
    found = client.image_info(["Heron_Ford_map.png", "File:Nowhere to be found.png"])

    assert set(found) == {"Heron_Ford_map.png"}
    info = found["Heron_Ford_map.png"]
    assert info.file == "Heron Ford map.png"
    assert (info.width, info.height) == (3, 2)
    assert info.sha1 == hashlib.sha1(local_wiki.image).hexdigest()
    assert httpx.get(info.url).content == local_wiki.image
    assert info.description_url and "File:Heron_Ford_map.png" in info.description_url
    # a plain MediaWiki has no CommonsMetadata extension: no licence fields to report
    assert info.licence is None and info.artist is None


# ---------------------------------------------------------------- these change the wiki


def test_edit_gives_a_new_revision(client, local_wiki):
    before = client.revisions(["Treaty of Greyhaven"]).revisions["Treaty of Greyhaven"]

    new_text = "The '''Treaty of Greyhaven''' was signed on a barge.\n[[Category:Sieges]]"
    local_wiki.edit("Treaty of Greyhaven", new_text)
    after = client.revisions(["Treaty of Greyhaven"]).revisions["Treaty of Greyhaven"]
    (page,) = client.fetch(["Treaty of Greyhaven"]).pages

    assert after.revision_id > before.revision_id
    assert after.page_id == before.page_id
    assert after.timestamp > before.timestamp
    assert page.text == new_text and page.revision_id == after.revision_id


def test_deleted_page_is_missing(client, local_wiki):
    assert "Siege of Lowbridge" in client.revisions(["Siege of Lowbridge"]).revisions

    local_wiki.delete("Siege of Lowbridge")
    result = client.revisions(["Siege of Lowbridge", "Siege of Marrowgate"])

    assert result.missing == ("Siege of Lowbridge",)
    assert set(result.revisions) == {"Siege of Marrowgate"}
    assert client.fetch(["Siege of Lowbridge"]).missing == ("Siege of Lowbridge",)
    assert "Siege of Lowbridge" not in set(client.category_members("Sieges"))

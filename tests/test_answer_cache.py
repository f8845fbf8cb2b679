"""Answers of the two questions kept per database state (issue 17, app/answer_cache.py): a repeated
question on an unchanged database is served from the cache byte for byte; any write, by another
driver (as another worker would make it), makes the next answer a fresh one; a kept answer never
reaches a reader who may see less (or more) than the one it was made for; the cache is bounded."""

from __future__ import annotations

import gzip

import orjson
import pytest
from fastapi.testclient import TestClient
from neo4j import ManagedTransaction

from app.answer_cache import HEADER, AnswerCache
from graph.core.db import Graph
from graph.core.settings import Settings
from tests.questions_world import RESTRICTED, fresh_world
from tests.systems_support import write_elsewhere

ANONYMOUS = {"Authorization": ""}


@pytest.fixture
def world(graph: Graph, session_client: TestClient) -> Graph:
    session_client.app.state.answers.clear()
    return fresh_world(graph)


@pytest.mark.parametrize("url", ["/cycles/o/learn-from-below", "/cycles/o/enable-below",
                                 "/cycles/o/learn-from-below/patterns/A/provenance"])
def test_a_repeated_question_is_served_from_the_cache(world: Graph, session_client: TestClient,
                                                      url: str) -> None:
    first = session_client.get(url)
    again = session_client.get(url)
    assert (first.status_code, again.status_code) == (200, 200)
    assert (first.headers[HEADER], again.headers[HEADER]) == ("miss", "hit")
    assert again.content == first.content
    other = session_client.get(url, params={"depth": 1})  # other parameters: another answer
    assert other.headers[HEADER] == "miss"


def test_a_write_by_another_driver_is_seen_at_once(world: Graph, session_client: TestClient,
                                                   neo4j_settings: Settings) -> None:
    learn = session_client.get("/cycles/o/learn-from-below").json()
    enable = session_client.get("/cycles/o/enable-below").json()
    assert session_client.get("/cycles/o/enable-below").headers[HEADER] == "hit"
    write_elsewhere(neo4j_settings, "MATCH (p:Pattern {id: 'A'}) SET p.statement = 'Said elsewhere'")
    write_elsewhere(neo4j_settings, "MATCH (c:Condition) SET c.description = 'Changed elsewhere'")
    learned = session_client.get("/cycles/o/learn-from-below")
    assert learned.headers[HEADER] == "miss"
    assert learned.json() != learn
    assert [p["statement"] for p in learned.json()["patterns"] if p["id"] == "A"] == ["Said elsewhere"]
    enabled = session_client.get("/cycles/o/enable-below")
    assert enabled.headers[HEADER] == "miss" and enabled.json() != enable
    assert {c["description"] for c in enabled.json()["barriers"] + enabled.json()["enablers"]} \
        == {"Changed elsewhere"}


def test_a_kept_answer_does_not_cross_readers(world: Graph, session_client: TestClient) -> None:
    """The admin's answer (restricted texts shown) is never served to an anonymous caller, nor the
    anonymous one (texts withheld) to the admin."""
    secret = RESTRICTED["p1"][0]
    as_admin = session_client.get("/cycles/o/learn-from-below", params={"provenance_limit": 100})
    assert secret in as_admin.text
    as_anonymous = session_client.get("/cycles/o/learn-from-below", params={"provenance_limit": 100},
                                      headers=ANONYMOUS)
    assert as_anonymous.status_code == 200 and as_anonymous.headers[HEADER] == "miss"
    assert secret not in as_anonymous.text
    again = session_client.get("/cycles/o/learn-from-below", params={"provenance_limit": 100},
                               headers=ANONYMOUS)
    assert again.headers[HEADER] == "hit" and secret not in again.text
    admin_again = session_client.get("/cycles/o/learn-from-below", params={"provenance_limit": 100})
    assert admin_again.headers[HEADER] == "hit" and secret in admin_again.text


def test_errors_are_not_kept(world: Graph, session_client: TestClient) -> None:
    assert session_client.get("/cycles/nowhere/enable-below").status_code == 404
    assert session_client.get("/cycles/nowhere/enable-below").status_code == 404
    assert session_client.app.state.answers.size[0] == 0


def test_the_cache_is_bounded_by_entries_and_bytes() -> None:
    state = frozenset({"b1"})
    by_count = AnswerCache(1000, entries=3)
    for n in range(4):
        by_count.put((n,), state, b"x" * 10)
    assert by_count.get((0,)) is None and by_count.size == (3, 30)  # the least recently used went
    by_bytes = AnswerCache(100, entries=100, largest=60)
    for n in range(3):
        by_bytes.put((n,), state, b"x" * 30)
    by_bytes.get((0,))  # used: now the most recent
    by_bytes.put(("big",), state, b"y" * 60)
    assert by_bytes.size == (2, 90)  # 150 > 100: the two least recently used went
    assert by_bytes.get((0,)) is not None and by_bytes.get((1,)) is None and by_bytes.get((2,)) is None
    by_bytes.put(("huge",), state, b"z" * 61)  # larger than any answer kept
    assert by_bytes.get(("huge",)) is None


def test_no_answer_is_kept_when_the_cache_is_off() -> None:
    off = AnswerCache(0)
    off.put(("q",), frozenset({"b1"}), b"{}")
    assert off.size == (0, 0)


def test_big_answers_are_kept_gzipped_for_clients_that_accept_it(graph: Graph) -> None:
    cache = AnswerCache(10_000_000)
    answer = {"pad": "x" * 40_000}

    def compute() -> dict:
        graph.read("schema/ping")  # the read whose state the answer is kept under
        return answer

    body, hit, packed = cache.answer(graph, ("big",), compute, gzipped=True)
    assert (hit, packed) == (False, True) and orjson.loads(gzip.decompress(body)) == answer
    assert cache.answer(graph, ("big",), compute, gzipped=True) == (body, True, True)
    plain, hit, packed = cache.answer(graph, ("big",), compute, gzipped=False)
    assert (hit, packed) == (True, False) and plain == gzip.decompress(body)
    small = cache.answer(graph, ("small",), lambda: graph.read("schema/ping"), gzipped=True)
    assert small[2] is False  # under GZIP_MIN_BYTES: sent as it is


def test_an_answer_read_across_a_write_is_not_kept(graph: Graph, neo4j_settings: Settings) -> None:
    """A read transaction's bookmark names the last commit when it ENDS: an answer read while a write
    lands must not be filed under the state after the write (it would be served stale until the next
    write)."""
    cache = AnswerCache(1 << 20)
    fresh_world(graph)

    def read_across_a_write() -> list[str]:
        def work(tx: ManagedTransaction) -> list[str]:
            name = tx.run("MATCH (c:LearningCycle {id: 'o'}) RETURN c.name AS name").single()["name"]
            # committed while this read transaction is still open
            write_elsewhere(neo4j_settings, "MATCH (c:LearningCycle {id: 'o'}) SET c.name = 'Renamed'")
            return [name]
        return graph.read_tx(work)

    body, hit, _ = cache.answer(graph, ("across",), read_across_a_write)
    assert not hit and orjson.loads(body) != ["Renamed"]
    assert cache.size == (0, 0)  # nothing kept: the next asker reads again

    def read_now() -> list[str]:
        return [graph.read("questions/question_cycles", ids=["o"])[0]["name"]]

    body, hit, _ = cache.answer(graph, ("across",), read_now)
    assert (orjson.loads(body), hit) == (["Renamed"], False)
    assert cache.answer(graph, ("across",), read_now)[1]  # read at one state: kept, then a hit

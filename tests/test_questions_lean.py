"""Lean answers (issue 17): learn-from-below carries each pattern's first ``provenance_limit`` chains
and ``provenance_count``; a sub-route pages through the rest, redacted like the answer; the two
questions are serialised once (their JSON is exactly what the declared model would give) and big
answers are gzip-compressed. On the constructed world of tests/questions_world.py."""

from __future__ import annotations

import gzip

import pytest
from fastapi.testclient import TestClient

from app.models.questions import EnableBelow, LearnFromBelow
from graph.core.db import Graph
from graph.learning import questions
from tests.questions_world import RESTRICTED, fresh_world


@pytest.fixture(scope="module")
def world(graph: Graph) -> Graph:
    return fresh_world(graph)


def full(world: Graph, cycle_id: str, **params: object) -> dict:
    return questions.learn_from_below(world, cycle_id, provenance_limit=None, **params)


def test_api_answer_carries_counts_and_first_chains(world: Graph, session_client: TestClient) -> None:
    whole = full(world, "o", include_peers=True)
    for limit in (0, 1, 2):
        body = session_client.get("/cycles/o/learn-from-below",
                                  params={"provenance_limit": limit, "include_peers": "true"}).json()
        assert body["provenance_limit"] == limit
        groups = [(body, whole)] + list(zip(body["peers"], whole["peers"], strict=True))
        for lean, complete in groups:
            assert [p["id"] for p in lean["patterns"]] == [p["id"] for p in complete["patterns"]]
            for p, q in zip(lean["patterns"], complete["patterns"], strict=True):
                assert p["provenance_count"] == len(q["provenance"])
                assert p["provenance"] == q["provenance"][:limit]
                assert (p["supporting"], p["lower_cycles"]) == (q["supporting"], q["lower_cycles"])
    # pattern A below o rests on 4 chains: more than the default shows when the default is 2 or less
    default = session_client.get("/cycles/o/learn-from-below").json()
    assert default["provenance_limit"] == questions.PROVENANCE_LIMIT
    a = default["patterns"][0]
    assert (a["id"], a["provenance_count"]) == ("A", 4)
    assert len(a["provenance"]) == min(4, questions.PROVENANCE_LIMIT)


def test_provenance_pages_add_up_to_the_whole_list(world: Graph, session_client: TestClient) -> None:
    whole = full(world, "o", include_peers=True)
    cases = [(None, p) for p in whole["patterns"]] + [
        (group["peer"], p) for group in whole["peers"] for p in group["patterns"]]
    assert any(peer for peer, _ in cases)
    for peer, pattern in cases:
        chains, offset = [], 0
        while True:
            params = {"offset": offset, "limit": 1} | ({"peer": peer} if peer else {})
            page = session_client.get(f"/cycles/o/learn-from-below/patterns/{pattern['id']}/provenance",
                                      params=params).json()
            assert page["total"] == len(pattern["provenance"]), (peer, pattern["id"])
            if not page["chains"]:
                break
            chains += page["chains"]
            offset += 1
        assert chains == pattern["provenance"], (peer, pattern["id"])


def test_provenance_pages_are_redacted_like_the_answer(world: Graph, session_client: TestClient) -> None:
    url = "/cycles/o/learn-from-below/patterns/A/provenance"
    anonymous = {"Authorization": ""}  # the test client is an admin, who may read everything
    chains = session_client.get(url, headers=anonymous).json()["chains"]
    withheld = {c["evidence"]: c for c in chains}["p1:e2"]
    assert (withheld["restricted"], withheld["text"], withheld["sensitivity"]) == (True, None, "personal")
    as_p1 = session_client.get(url, params={"viewer_cycle": "p1"}).json()
    shown = {c["evidence"]: c for c in as_p1["chains"]}
    assert (shown["p1:e2"]["restricted"], shown["p1:e2"]["text"]) == (False, RESTRICTED["p1"][0])
    lean = session_client.get("/cycles/o/learn-from-below", params={"provenance_limit": 10},
                              headers=anonymous).json()
    chain = {c["evidence"]: c for c in lean["patterns"][0]["provenance"]}["p1:e2"]
    assert chain == withheld


def test_provenance_route_refuses_what_it_cannot_answer(world: Graph, session_client: TestClient) -> None:
    base = "/cycles/o/learn-from-below/patterns"
    assert session_client.get(f"{base}/no-such-pattern/provenance").status_code == 404
    assert session_client.get("/cycles/nope/learn-from-below/patterns/A/provenance").status_code == 404
    assert session_client.get(f"{base}/A/provenance", params={"peer": "nope"}).status_code == 404
    assert session_client.get(f"{base}/A/provenance", params={"limit": 0}).status_code == 422
    negative = session_client.get("/cycles/o/learn-from-below", params={"provenance_limit": -1})
    assert negative.status_code == 422
    # a pattern found nowhere in this scope: an empty page, not an error
    page = session_client.get(f"{base}/F/provenance").json()
    assert (page["total"], page["chains"]) == (0, [])


@pytest.mark.parametrize("cycle_id", ["o", "pl", "r", "t1"])
def test_answers_are_exactly_the_declared_models(
    world: Graph, session_client: TestClient, cycle_id: str,
) -> None:
    """Serialised once without validation: the JSON must still be what the model would publish."""
    params = {"include_peers": True, "viewer_cycle": "p1"}
    body = session_client.get(f"/cycles/{cycle_id}/learn-from-below",
                              params=params | {"provenance_limit": 3}).json()
    answer = questions.learn_from_below(world, cycle_id, provenance_limit=3, **params)
    assert body == LearnFromBelow.model_validate(answer).model_dump(mode="json")
    body = session_client.get(f"/cycles/{cycle_id}/enable-below").json()
    assert body == EnableBelow.model_validate(questions.enable_below(world, cycle_id)).model_dump(mode="json")


def test_big_answers_are_gzipped_small_ones_not(world: Graph, session_client: TestClient) -> None:
    big = session_client.get("/openapi.json", headers={"Accept-Encoding": "gzip"})
    assert big.headers.get("content-encoding") == "gzip"
    raw = session_client.get("/openapi.json", headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in raw.headers
    assert big.json() == raw.json()
    assert int(big.headers["content-length"]) < len(raw.content) / 3
    small = session_client.get("/cycles/t1/learn-from-below", headers={"Accept-Encoding": "gzip"})
    assert small.status_code == 200 and "content-encoding" not in small.headers


def test_gzip_body_is_the_answer(world: Graph, session_client: TestClient) -> None:
    """A client that does not decompress by itself gets valid gzip of the same JSON."""
    with session_client.stream("GET", "/openapi.json", headers={"Accept-Encoding": "gzip"}) as response:
        packed = b"".join(response.iter_raw())
    assert response.headers["content-encoding"] == "gzip"
    assert gzip.decompress(packed).startswith(b"{")

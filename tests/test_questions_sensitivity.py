"""Restricted evidence (sensitivity ``cycle`` / ``personal``) counts everywhere, but its text,
value and unit reach only a caller whose ``viewer_cycle`` produced it. The scan asks every question
endpoint, for every cycle of the constructed world, as every viewer, and fails on any leak."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from graph.core.acting import Caller, acting
from graph.core.db import Graph
from graph.learning.questions import learn_from_below
from tests.questions_world import CYCLES, RESTRICTED, fresh_world


@pytest.fixture(scope="module")
def world(graph: Graph) -> Graph:
    return fresh_world(graph)


# A reader entitled to nothing restricted (a viewer taking part in no cycle), and an anonymous caller.
NOBODY = Caller("nobody", "viewer", "key")
ANONYMOUS = {"Authorization": ""}

def chain(answer: dict, pattern_id: str, evidence_id: str) -> dict:
    [pattern] = [p for p in answer["patterns"] if p["id"] == pattern_id]
    [found] = [c for c in pattern["provenance"] if c["evidence"] == evidence_id]
    return found


def test_restricted_evidence_counts_but_is_withheld(world: Graph) -> None:
    with acting(NOBODY):  # issue 13: entitlement is the caller's (the local caller is an admin)
        answer = learn_from_below(world, "o")
    personal = chain(answer, "A", "p1:e2")
    assert personal == {
        "cycle": "p1", "experiment": "p1:x1", "evidence": "p1:e2", "stance": "supports",
        "pattern": "A", "scale": "person", "evidence_kind": "narrative", "sensitivity": "personal",
        "text": None, "value": None, "unit": None, "restricted": True,
    }
    cycle_only = chain(answer, "B", "p3:e1")
    assert (cycle_only["text"], cycle_only["value"], cycle_only["unit"], cycle_only["restricted"]) == (
        None, None, None, True)
    network = chain(answer, "A", "p2:e1")
    assert (network["value"], network["unit"], network["restricted"]) == (12, "households", False)
    # The withheld evidence still counts: A has 3 supporting (p1:e1, p1:e2, p2:e1), B 2.
    assert [(p["id"], p["supporting"]) for p in answer["patterns"][:2]] == [("A", 3), ("B", 2)]
    assert answer["coverage"]["evidence_by_sensitivity"] == {"public": 4, "network": 1, "cycle": 1,
                                                             "personal": 1}


def test_the_producing_cycle_sees_its_own_evidence_only(world: Graph) -> None:
    as_p1 = learn_from_below(world, "o", viewer_cycle="p1")
    assert (chain(as_p1, "A", "p1:e2")["text"], chain(as_p1, "A", "p1:e2")["restricted"]) == (
        RESTRICTED["p1"][0], False)
    assert chain(as_p1, "B", "p3:e1")["text"] is None
    as_p3 = learn_from_below(world, "o", viewer_cycle="p3")
    shown = chain(as_p3, "B", "p3:e1")
    assert (shown["text"], shown["value"], shown["unit"]) == (RESTRICTED["p3"][0], 4242.5, "SECRET-UNIT")
    # An upper cycle is not the producer: o sees numbers, not texts.
    assert chain(learn_from_below(world, "o", viewer_cycle="o"), "A", "p1:e2")["text"] is None
    # Counts do not depend on who asks.
    plain = learn_from_below(world, "o")
    assert [(p["id"], p["supporting"], p["contradicting"], p["lower_cycles"]) for p in as_p1["patterns"]] == [
        (p["id"], p["supporting"], p["contradicting"], p["lower_cycles"]) for p in plain["patterns"]
    ]


def leaks(text: str, viewer: str | None) -> list[str]:
    return [secret for producer, secrets in RESTRICTED.items() if producer != viewer
            for secret in secrets if secret in text]


def test_no_endpoint_leaks_restricted_text(world: Graph, session_client: TestClient) -> None:
    found: list[tuple[str, str | None, list[str]]] = []
    shown_to_producer = 0
    for viewer in [None, *CYCLES]:
        viewer_param = {} if viewer is None else {"viewer_cycle": viewer}
        for cycle_id in CYCLES:
            urls = [
                (f"/cycles/{cycle_id}/learn-from-below",
                 {"include_peers": "true", "min_cycles": 0, **viewer_param}),
                (f"/cycles/{cycle_id}/enable-below", viewer_param),
                (f"/cycles/{cycle_id}/stack", {}),
            ]
            for url, params in urls:
                # No viewer cycle: an anonymous caller (issue 13: the test client is an admin).
                response = session_client.get(url, params=params,
                                              headers=ANONYMOUS if viewer is None else None)
                assert response.status_code == 200, (url, params, response.text)
                if leaked := leaks(response.text, viewer):
                    found.append((url, viewer, leaked))
                if viewer in RESTRICTED:
                    shown_to_producer += RESTRICTED[viewer][0] in response.text
    assert found == []
    # The scan can see a text when it is there: each producer sees its own restricted text in the
    # learn-from-below answer of every cycle whose scope holds it — p1: t1, t2, o, pl, r and o2 (o
    # is its peer); p3: t1, o, pl, r, o2; p4: t3, o2, pl, r, o (o2 is its peer).
    assert shown_to_producer == 6 + 5 + 5

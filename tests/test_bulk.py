"""POST /bulk and the learning exports (issue 17 item 3, issue 14 item 4): a whole learning document
written in one transaction with the single writes' rules, refusals that name the item, field and
rule with nothing written, and a stack that moves between databases answering both questions the
same."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from graph.core.db import Graph
from graph.core.settings import Settings
from graph.datasets.demo import debt_system, ensure_foresight, load_demo
from graph.learning import questions
from graph.systems.system import write_system

BELOW = ["p1", "p2"]


def small_document() -> dict[str, Any]:
    """Two people feeding a team, with experiments, evidence, a pattern, a session, a decision and a
    barrier the team acts on."""
    return {
        "format": "hls-graph/learning",
        "version": 1,
        "actors": [{"id": "ana", "name": "Ana", "kind": "person"}],
        "cycles": [
            {
                "id": "p1",
                "name": "P1",
                "scale": "person",
                "status": "active",
                "elements": [{"kind": "experiment", "status": "active", "notes": "calls"}],
            },
            {"id": "p2", "name": "P2", "scale": "person"},
            {"id": "t1", "name": "T1", "scale": "team"},
        ],
        "feeds_into": [["p1", "t1"], ["p2", "t1"]],
        "peers": [["p1", "p2"]],
        "participants": [{"cycle": "p1", "actor": "ana", "role": "practitioner"}],
        "experiments": [
            {
                "id": "p1:x1",
                "cycle": "p1",
                "kind": "hypothesis_test",
                "question": "Q1?",
                "status": "completed",
                "outcome": "paused",
                "co_designers": ["ana"],
            },
            {"id": "p1:x2", "cycle": "p1", "kind": "system_probe", "question": "Q2?"},
            {
                "id": "p2:x1",
                "cycle": "p2",
                "kind": "hypothesis_test",
                "question": "Q3?",
                "status": "completed",
                "outcome": "paused",
            },
        ],
        "next_iterations": [["p1:x1", "p1:x2"]],
        "evidence": [
            {
                "id": "p1:e1",
                "experiment": "p1:x1",
                "kind": "narrative",
                "text": "engaged",
                "sensitivity": "public",
            },
            {
                "id": "p2:e1",
                "experiment": "p2:x1",
                "kind": "quantitative",
                "value": 12,
                "unit": "%",
                "sensitivity": "cycle",
            },
        ],
        "patterns": [
            {
                "id": "pat-a",
                "statement": "help first works",
                "derived_from": [
                    {"evidence_id": "p1:e1", "stance": "supports"},
                    {"evidence_id": "p2:e1", "stance": "supports"},
                ],
            }
        ],
        "sessions": [{"id": "ss-1", "cycle": "t1", "attendees": ["ana"], "patterns": ["pat-a"]}],
        "decisions": [{"id": "dec-1", "cycle": "t1", "kind": "adopt", "informed_by": ["pat-a"]}],
        "conditions": [
            {
                "id": "bar-1",
                "raised_by": ["p1"],
                "kind": "barrier",
                "description": "targets",
                "blocks": ["p1:x1", "p2"],
            }
        ],
        "acts_on": [{"cycle": "t1", "condition": "bar-1", "action": "remove"}],
    }


def counts(graph: Graph) -> dict[str, int]:
    return graph.read("schema/health_counts")[0]


def test_a_document_is_written_whole_and_reads_back_through_the_single_read_routes(
    client: TestClient,
    clean_graph: Graph,
) -> None:
    answer = client.post("/bulk", json=small_document())
    assert answer.status_code == 201, answer.text
    written = answer.json()["written"]
    assert (written["cycles"], written["experiments"], written["evidence"], written["feeds_into"]) == (
        3,
        3,
        2,
        2,
    )
    cycle = client.get("/cycles/p1").json()
    assert cycle["feeds_into"] == ["t1"] and cycle["peers"] == ["p2"]
    assert {e["kind"]: e["status"] for e in cycle["elements"]}["experiment"] == "active"
    assert len(cycle["elements"]) == 5
    assert cycle["participants"] == [{"actor_id": "ana", "role": "practitioner"}]
    experiment = client.get("/experiments/p1:x1").json()
    assert experiment["next_iterations"] == ["p1:x2"] and experiment["co_designers"] == ["ana"]
    assert client.get("/patterns/pat-a").json()["supporting"] == 2
    assert client.get("/conditions/bar-1").json()["acted_on_by"] == [{"cycle_id": "t1", "action": "remove"}]
    assert client.get("/decisions/dec-1").json()["informed_by"] == ["pat-a"]


@pytest.mark.parametrize(
    ("edit", "kind", "index", "field", "rule"),
    [
        (
            lambda d: d["cycles"].append({"id": "p1", "name": "again", "scale": "person"}),
            "cycles",
            3,
            "id",
            "duplicate_id",
        ),
        (lambda d: d["feeds_into"].append(["t1", "p1"]), "feeds_into", 2, None, "feeds_into_scale_order"),
        (lambda d: d["peers"].append(["p1", "t1"]), "peers", 1, None, "peer_same_scale"),
        (lambda d: d["evidence"][0].pop("text"), "evidence", 0, "text", "evidence_kind_fields"),
        (lambda d: d["experiments"][0].update(cycle="nope"), "experiments", 0, "cycle", "not_found"),
        (
            lambda d: d["next_iterations"].append(["p1:x2", "p1:x1"]),
            "next_iterations",
            0,
            None,
            "no_iteration_loop",
        ),
        (lambda d: d["acts_on"][0].update(action="nurture"), "acts_on", 0, "action", "action_matches_kind"),
        (
            lambda d: d["conditions"][0].update(supports=["p2"]),
            "conditions",
            0,
            "supports",
            "effect_matches_kind",
        ),
        (
            lambda d: d["patterns"][0]["derived_from"].append(
                {"evidence_id": "p1:e1", "stance": "contradicts"}
            ),
            "patterns",
            0,
            "derived_from",
            "derived_from_once",
        ),
        (lambda d: d["sessions"][0].update(patterns=["pat-z"]), "sessions", 0, "patterns", "not_found"),
    ],
)
def test_a_broken_rule_is_named_and_nothing_is_written(
    client: TestClient,
    clean_graph: Graph,
    edit: Any,
    kind: str,
    index: int,
    field: str | None,
    rule: str,
) -> None:
    doc = small_document()
    edit(doc)
    before = counts(clean_graph)
    answer = client.post("/bulk", json=doc)
    assert answer.status_code == 422, answer.text
    body = answer.json()
    assert body["error"] == "bulk_invalid"
    assert {"kind": kind, "index": index, "field": field, "rule": rule} in [
        {k: p[k] for k in ("kind", "index", "field", "rule")} for p in body["problems"]
    ]
    assert counts(clean_graph) == before


def test_ids_the_database_already_has_are_refused_and_references_into_it_are_kept(
    client: TestClient,
    clean_graph: Graph,
) -> None:
    assert client.post("/bulk", json=small_document()).status_code == 201
    again = client.post("/bulk", json=small_document())
    assert again.status_code == 422
    assert again.json()["problems"][0]["rule"] == "duplicate_id"
    more = {
        "experiments": [{"id": "t1:x1", "cycle": "t1", "kind": "system_probe", "question": "Q?"}],
        "next_iterations": [["p1:x2", "t1:x1"]],
        "evidence": [
            {"id": "t1:e1", "experiment": "t1:x1", "kind": "narrative", "text": "t", "sensitivity": "network"}
        ],
    }
    assert client.post("/bulk", json=more).status_code == 201
    assert client.get("/experiments/p1:x2").json()["next_iterations"] == ["t1:x1"]
    # A loop through a stored link: p1:x1 -> p1:x2 -> t1:x1 is stored; t1:x1 -> p1:x1 would close it.
    loop = client.post("/bulk", json={"next_iterations": [["t1:x1", "p1:x1"]]})
    assert loop.status_code == 422 and loop.json()["problems"][0]["rule"] == "no_iteration_loop"


def test_schema_errors_are_refused_before_any_rule(client: TestClient) -> None:
    doc = small_document()
    doc["evidence"][0]["sensitivity"] = "secret"
    answer = client.post("/bulk", json=doc)
    assert answer.status_code == 422 and answer.json()["error"] == "invalid_request"


def answers(graph: Graph, cycle_ids: list[str]) -> dict[str, Any]:
    return {
        c: (questions.learn_from_below(graph, c, include_peers=True), questions.enable_below(graph, c))
        for c in cycle_ids
    }


def test_a_stack_exported_from_the_demo_and_imported_into_an_empty_database_answers_the_same(
    client: TestClient,
    clean_graph: Graph,
) -> None:
    load_demo(clean_graph)
    exported = client.get("/cycles/ne-region/stack/export")
    assert exported.status_code == 200, exported.text
    doc = exported.json()
    stack = [c["id"] for c in doc["cycles"]]
    assert len(stack) == 19 and doc["scope"] == {"cycle": "ne-region", "cycles": 19}
    before = answers(clean_graph, stack)
    clean_graph.write("schema/wipe_database")
    ensure_foresight(clean_graph)  # outcome systems are referenced, not carried
    clean_graph.write_tx(lambda tx: write_system(tx, debt_system()))
    assert counts(clean_graph)["LearningCycle"] == 0
    imported = client.post("/bulk", json=doc)
    assert imported.status_code == 201, imported.text
    assert answers(clean_graph, stack) == before
    assert client.get("/cycles/ne-region/stack/export").json() == doc


def test_a_lower_stack_leaves_out_what_lies_outside_it(client: TestClient, clean_graph: Graph) -> None:
    load_demo(clean_graph)
    doc = client.get("/cycles/ctax-team/stack/export").json()
    stack = {c["id"] for c in doc["cycles"]}
    assert stack == {"ctax-team", "pract-ben", "pract-amy", "pract-cara"}
    assert all(a in stack and b in stack for a, b in doc["feeds_into"] + doc["peers"])
    assert {x["cycle"] for x in doc["experiments"]} <= stack
    assert all(c in stack for k in doc["conditions"] for c in k["raised_by"])
    clean_graph.write("schema/wipe_database")
    ensure_foresight(clean_graph)
    clean_graph.write_tx(lambda tx: write_system(tx, debt_system()))
    assert client.post("/bulk", json=doc).status_code == 201


def test_everything_exports_and_the_cli_loads_and_exports_a_file(
    client: TestClient,
    clean_graph: Graph,
    neo4j_settings: Settings,
    tmp_path: Path,
) -> None:
    assert client.post("/bulk", json=small_document()).status_code == 201
    everything = client.get("/learning/export").json()
    assert [c["id"] for c in everything["cycles"]] == ["p1", "p2", "t1"]
    assert [s["id"] for s in everything["scales"]] == ["person", "team", "organisation", "place", "region"]
    exported = tmp_path / "stack.json"
    env = {"NEO4J_URI": neo4j_settings.bolt_uri, "PATH": "/usr/bin:/bin"}
    run = subprocess.run(
        [sys.executable, "-m", "graph.cli", "export", "learning", "--cycle", "t1", str(exported)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert json.loads(exported.read_text())["scope"]["cycle"] == "t1"
    clean_graph.write("schema/wipe_database")
    loaded = subprocess.run(
        [sys.executable, "-m", "graph.cli", "load", "learning", str(exported)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert loaded.returncode == 0, loaded.stderr
    assert "cycles 3" in loaded.stdout
    assert client.get("/cycles/t1").json()["fed_by"] == ["p1", "p2"]
    refused = subprocess.run(
        [sys.executable, "-m", "graph.cli", "load", "learning", str(exported)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert refused.returncode != 0 and "duplicate_id" in refused.stdout + refused.stderr


def test_a_bulk_body_has_its_own_size_limit(neo4j_settings: Settings) -> None:
    from app.main import create_app

    small = neo4j_settings.model_copy(update={"hls_max_json_bytes": 100, "hls_max_bulk_bytes": 50_000})
    with TestClient(create_app(small)) as c:
        assert (
            c.post(
                "/bulk", json={"cycles": [], "actors": [{"id": "a", "name": "x" * 60_000, "kind": "person"}]}
            ).status_code
            == 413
        )
        assert c.post("/cycles", json={"name": "x" * 200, "scale": "person"}).status_code == 413
        assert (
            c.post("/bulk", json={"cycles": [{"id": "c", "name": "x" * 200, "scale": "person"}]}).status_code
            != 413
        )


def test_the_benchmark_generator_loads_through_the_bulk_path(clean_graph: Graph) -> None:
    from benchmarks.questions_profile import FACTORS, Region, bench_query, load_region

    clean_graph.write_tx(lambda tx: tx.run(bench_query("factors"), system="bench", factors=FACTORS).consume())
    region = Region(0, places=1, orgs=2, teams=2, people=3)
    load_region(clean_graph, region, batch=7)  # several chunks per list, one transaction
    stored = counts(clean_graph)
    assert stored["LearningCycle"] == len(region.cycles) == 1 + 1 + 2 + 4 + 12
    assert stored["Evidence"] == sum(len(x["evidence"]) for x in region.experiments)
    assert stored["Condition"] == len(region.conditions)


def test_an_id_another_kind_holds_is_refused_as_a_bulk_problem_naming_the_row(
    client: TestClient, clean_graph: Graph
) -> None:
    """One id namespace: an actor reusing a stored cycle's id (or an element's) is the bulk's own 422,
    naming the row — not a 409 from the Entity constraint — and nothing is written."""
    assert client.post("/cycles", json={"id": "c9", "name": "C9", "scale": "person"}).status_code == 201
    doc = small_document()
    doc["actors"].append({"id": "c9", "name": "Taken", "kind": "person"})
    doc["patterns"][0]["id"] = "c9:co_design"  # the stored cycle's plan element
    doc["sessions"][0]["patterns"] = doc["decisions"][0]["informed_by"] = ["c9:co_design"]
    before = counts(clean_graph)
    answer = client.post("/bulk", json=doc)
    assert answer.status_code == 422, answer.text
    problems = answer.json()["problems"]
    assert {"kind": "actors", "index": 1, "id": "c9", "field": "id", "rule": "duplicate_id"} in [
        {k: p[k] for k in ("kind", "index", "id", "field", "rule")} for p in problems
    ]
    assert any(
        p["kind"] == "patterns" and p["id"] == "c9:co_design" and "element" in p["message"] for p in problems
    )
    assert counts(clean_graph) == before


def test_an_id_two_kinds_of_one_document_share_is_one_duplicate_problem(
    client: TestClient, clean_graph: Graph
) -> None:
    """Inside the document too: an evidence and a pattern sharing an id, or a cycle whose element id
    an experiment takes, are refused by row before anything is written."""
    doc = small_document()
    doc["patterns"][0]["id"] = "p1:e1"
    doc["experiments"][1]["id"] = "p2:experiment"  # cycle p2's "experiment" element
    answer = client.post("/bulk", json=doc)
    assert answer.status_code == 422, answer.text
    named = {(p["kind"], p["index"], str(p["id"]), p["rule"]) for p in answer.json()["problems"]}
    assert ("patterns", 0, "p1:e1", "duplicate_id") in named
    assert ("experiments", 1, "p2:experiment", "duplicate_id") in named
    assert counts(clean_graph)["LearningCycle"] == 0


def test_references_to_stored_nodes_are_checked_by_their_stored_kind(
    client: TestClient, clean_graph: Graph
) -> None:
    """A second document acting on a stored barrier: its kind is read back (an action for an enabler is
    refused); a reference to a stored id of another kind is not found as the kind it names."""
    assert client.post("/bulk", json=small_document()).status_code == 201
    later = {"acts_on": [{"cycle": "t1", "condition": "bar-1", "action": "nurture"}]}
    answer = client.post("/bulk", json=later)
    assert answer.status_code == 422, answer.text
    assert [(p["kind"], p["field"], p["rule"]) for p in answer.json()["problems"]] == [
        ("acts_on", "action", "action_matches_kind")]
    # p1:x1 is a stored experiment, not a cycle: no experiment can be run by it
    wrong_kind = {"experiments": [{"id": "x-new", "cycle": "p1:x1", "kind": "hypothesis_test",
                                   "question": "Q?", "status": "planned"}]}
    answer = client.post("/bulk", json=wrong_kind)
    assert answer.status_code == 422, answer.text
    assert [(p["kind"], p["field"], p["rule"]) for p in answer.json()["problems"]] == [
        ("experiments", "cycle", "not_found")]
    assert client.post("/bulk", json={"acts_on": [{"cycle": "p2", "condition": "bar-1",
                                                   "action": "remove"}]}).status_code == 201

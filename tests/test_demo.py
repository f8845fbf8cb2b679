"""The demo learning stack (graph/datasets/demo.py, docs/demo-stack.md): its shape, idempotent loading, the
reset, loud failures, and ``hls-graph load demo``. The hand-computed answers to the two questions
on this demo are tested by the questions' own tests."""

from __future__ import annotations

import copy
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from graph.core.changes import STAMP_KEYS
from graph.core.db import Graph
from graph.core.settings import Settings
from graph.datasets.demo import DemoDataError, demo_rows, load_demo, read_stack

ROOT = Path(__file__).resolve().parent.parent

NODES = {
    "LearningCycle": 19, "CycleElement": 95, "Actor": 29, "Experiment": 42, "Evidence": 62, "Pattern": 10,
    "SensemakingSession": 7, "Decision": 7, "Condition": 17,
}
RELATIONSHIPS = {
    "AT_SCALE": 19, "HAS_ELEMENT": 95, "FEEDS_INTO": 19, "PEER_OF": 10, "EXPLORES": 22,
    "PARTICIPATES_IN": 53, "RUNS": 42, "NEXT_ITERATION": 7, "CO_DESIGNED": 78, "INTERVENES_ON": 65,
    "YIELDED": 62, "DERIVED_FROM": 56, "HELD": 7, "SURFACED_IN": 17, "ATTENDED": 30, "DECIDED": 7,
    "INFORMED_BY": 10, "RAISED": 19, "BLOCKS": 20, "SUPPORTS": 24, "ACTS_ON": 14,
}
# The two outcome systems: Foresight (108 factors, 8 clusters, 296 links) and household-debt
# (13 factors, 3 clusters, 18 links).
SYSTEMS = {"OutcomeSystem": 2, "Factor": 121, "Cluster": 11, "ImportReport": 0}  # loaders keep no report
SYSTEM_RELATIONSHIPS = {"INFLUENCES": 296 + 18}

# Edits a user might make to demo data, for the reset test (constructed-graph fixture Cypher).
EDITS = [
    "MATCH (c:LearningCycle {id: 'pract-amy'}) SET c.name = 'renamed', c.extra = 1",
    "MATCH (e:Evidence {id: 'ev-ben-call-1-engaged'}) DETACH DELETE e",
    "MATCH (c:LearningCycle {id: 'ctax-team'})-[r:FEEDS_INTO]->() DELETE r",
    "MATCH (a:LearningCycle {id: 'pract-gina'}), (b:LearningCycle {id: 'ne-region'}) "
    "CREATE (a)-[:FEEDS_INTO]->(b)",
    "MATCH (k:Condition {id: 'cond-no-data-sharing'}) SET k.status = 'resolved'",
    "MATCH (:LearningCycle {id: 'pract-hal'})-[:HAS_ELEMENT]->(e {kind: 'co_design'}) "
    "SET e.status = 'paused'",
]
NON_DEMO_CYCLE = (
    "MATCH (s:Scale {id: 'team'}) "
    "CREATE (:LearningCycle {id: 'someone-elses-team', name: 'Not the demo', purpose: 'p', "
    "status: 'active', created_at: '2024-01-01T00:00:00Z'})-[:AT_SCALE]->(s)"
)


@pytest.fixture
def demo(clean_graph: Graph) -> Graph:
    load_demo(clean_graph)
    return clean_graph


def snapshot(graph: Graph) -> dict[str, Any]:
    """The demo's data: every node and relationship, without the history a reset itself records
    (issue 14: its Change nodes and the version stamps of what it rewrote)."""
    found = graph.read("schema/graph_snapshot")[0]
    nodes = [{**n, "props": {k: v for k, v in n["props"].items() if k not in STAMP_KEYS}}
             for n in found["nodes"] if "Change" not in n["labels"]]
    return {**found, "nodes": nodes}


def relationship_counts(graph: Graph) -> dict[str, int]:
    return {row["type"]: row["n"] for row in graph.read("schema/relationship_counts")}


def execute(graph: Graph, *statements: str) -> None:
    for statement in statements:
        graph.write_tx(lambda tx, s=statement: tx.run(s).consume())


# --- shape ---------------------------------------------------------------------------------------

def test_demo_has_exact_counts_per_label_and_relationship_type(demo: Graph) -> None:
    counts = demo.read("schema/health_counts")[0]
    assert counts == {"Scale": 5, **NODES, **SYSTEMS}
    rels = relationship_counts(demo)
    assert {t: rels.get(t, 0) for t in RELATIONSHIPS} == RELATIONSHIPS
    assert rels["INFLUENCES"] == SYSTEM_RELATIONSHIPS["INFLUENCES"]


def test_demo_spans_five_scales_as_a_dag_with_a_diamond(demo: Graph) -> None:
    shape = demo.read("demo/demo_shape")[0]
    assert [(row["scale"], row["cycles"]) for row in shape["cycles_by_scale"]] == [
        ("person", 10), ("team", 4), ("organisation", 2), ("place", 2), ("region", 1)]
    assert shape["feeds_into"] == 19
    assert shape["feeds_into_not_upward"] == []
    assert shape["cycles_on_a_loop"] == []
    # welfare-team feeds the council AND the place; the council feeds the place too.
    assert shape["diamonds"] == [
        {"lower": "pract-dev", "upper": "gateshead-place", "routes": 2},
        {"lower": "pract-dev", "upper": "ne-region", "routes": 2},
        {"lower": "pract-erin", "upper": "gateshead-place", "routes": 2},
        {"lower": "pract-erin", "upper": "ne-region", "routes": 2},
        {"lower": "welfare-team", "upper": "gateshead-place", "routes": 2},
        {"lower": "welfare-team", "upper": "ne-region", "routes": 2},
    ]
    assert shape["cycles_without_five_elements"] == []
    assert shape["cycles_with_three_active_elements"] == [
        "ctax-team", "gateshead-place", "hw-team", "ne-region", "newcastle-place", "pract-ben", "pract-cara",
        "pract-erin", "pract-gina", "welfare-team"]


def test_demo_has_every_kind_of_evidence_experiment_decision_and_condition(demo: Graph) -> None:
    shape = demo.read("demo/demo_shape")[0]
    evidence = {(r["kind"], r["sensitivity"]): r["count"] for r in shape["evidence"]}
    assert evidence == {
        ("narrative", "cycle"): 11, ("narrative", "network"): 6, ("narrative", "personal"): 9,
        ("narrative", "public"): 1, ("quantitative", "cycle"): 1, ("quantitative", "network"): 15,
        ("quantitative", "public"): 19,
    }
    experiments = {(r["kind"], r["status"]): r["count"] for r in shape["experiments"]}
    assert experiments == {
        ("hypothesis_test", "abandoned"): 2, ("hypothesis_test", "completed"): 20,
        ("hypothesis_test", "running"): 4, ("system_probe", "abandoned"): 1,
        ("system_probe", "completed"): 13, ("system_probe", "planned"): 2,
    }
    assert {r["kind"]: r["count"] for r in shape["decisions"]} == {
        "abandon": 1, "adapt": 2, "adopt": 1, "embed": 1, "influence": 2}
    assert {(r["kind"], r["status"]): r["count"] for r in shape["conditions"]} == {
        ("barrier", "acting"): 2, ("barrier", "open"): 5, ("barrier", "resolved"): 2,
        ("enabler", "acting"): 6, ("enabler", "open"): 1, ("enabler", "resolved"): 1,
    }


# --- loading -------------------------------------------------------------------------------------

def test_loading_twice_changes_nothing(demo: Graph) -> None:
    before = snapshot(demo)
    counts = load_demo(demo)
    assert snapshot(demo) == before
    assert counts["debt_system_written"] == 0
    assert {k: counts[k] for k in NODES} == NODES
    assert {k: counts[k] for k in RELATIONSHIPS} == RELATIONSHIPS


def test_reset_restores_the_demo_after_edits_and_leaves_other_data_alone(demo: Graph) -> None:
    execute(demo, NON_DEMO_CYCLE)
    expected = snapshot(demo)
    execute(demo, *EDITS)
    assert snapshot(demo) != expected
    counts = load_demo(demo, reset=True)
    assert snapshot(demo) == expected  # the non-demo cycle is still there, unchanged
    assert counts["reset_deleted"] == sum(NODES.values()) - 1  # one evidence had been deleted
    assert counts["reset_cut_links"] == 0
    assert counts["debt_system_written"] == 1


def test_reset_counts_the_links_to_other_data_it_had_to_cut(demo: Graph) -> None:
    execute(demo, NON_DEMO_CYCLE, "MATCH (a:LearningCycle {id: 'someone-elses-team'}), "
            "(b:LearningCycle {id: 'gateshead-council'}) CREATE (a)-[:FEEDS_INTO]->(b)")
    counts = load_demo(demo, reset=True)
    assert counts["reset_cut_links"] == 1
    assert demo.read("schema/health_counts")[0]["LearningCycle"] == 20
    assert demo.read("demo/demo_shape")[0]["feeds_into"] == 19


def test_a_plain_load_restores_edited_properties_and_missing_links(demo: Graph) -> None:
    expected = snapshot(demo)
    execute(demo, EDITS[1], EDITS[2], EDITS[4])
    load_demo(demo)
    assert snapshot(demo) == expected


def test_a_missing_factor_is_named_and_nothing_is_written(clean_graph: Graph) -> None:
    from graph.datasets.foresight import load_foresight

    load_foresight(clean_graph)
    execute(clean_graph, "MATCH (f:Factor {name: 'Physical activity'}) SET f.name = 'Activity'")
    with pytest.raises(DemoDataError) as caught:
        load_demo(clean_graph)
    assert "'Physical activity'" in caught.value.message
    assert "exp-gina-walk-1 → foresight-obesity" in caught.value.message
    assert {m["name"] for m in caught.value.details["missing_factors"]} == {"Physical activity"}
    assert clean_graph.read("schema/health_counts")[0]["LearningCycle"] == 0


@pytest.mark.parametrize(("edit", "message"), [
    (lambda d: d["cycles"][0].update(status="running"), "cycle pract-ben: 'running' is not one of"),
    (lambda d: d["cycles"][10]["feeds_into"].append("pract-amy"),
     "cycle ctax-team feeds into pract-amy, which is not at a higher scale"),
    (lambda d: d["cycles"][0]["elements"].pop("co_design"), "elements must be exactly the five kinds"),
    (lambda d: d["experiments"][0]["evidence"][0].update(sensitivity="secret"), "'secret' is not one of"),
    (lambda d: d["patterns"][0]["derived_from"].append({"evidence": "ev-nope", "stance": "supports"}),
     "unknown evidence 'ev-nope'"),
    (lambda d: d["conditions"][0]["acted_on_by"].append({"cycle": "ne-region", "action": "nurture"}),
     "a barrier is acted on with 'remove'"),
    (lambda d: d["conditions"][0].update(raised_at="2023-02-10"), "is not a timestamp"),
])
def test_bad_demo_data_is_refused_with_what_is_wrong(edit: Any, message: str) -> None:
    data = copy.deepcopy(read_stack())
    edit(data)
    with pytest.raises(DemoDataError, match=message.replace("(", r"\(")):
        demo_rows(data)


# --- the command ---------------------------------------------------------------------------------

def test_cli_loads_and_resets_the_demo(clean_graph: Graph, neo4j_settings: Settings, tmp_path: Path) -> None:
    env = {**os.environ, "NEO4J_URI": neo4j_settings.bolt_uri}
    hls_graph = [sys.executable, "-c", "from graph.cli.main import main; main()", "load", "demo"]
    first = subprocess.run(hls_graph, env=env, cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert first.returncode == 0, first.stderr
    assert "LearningCycle 19, CycleElement 95, Actor 29, Experiment 42, Evidence 62" in first.stdout
    assert "FEEDS_INTO 19" in first.stdout
    assert "outcome system household-debt written" in first.stdout
    before = snapshot(clean_graph)

    again = subprocess.run([*hls_graph, "--reset"], env=env, cwd=tmp_path, capture_output=True, text=True,
                           timeout=120)
    assert again.returncode == 0, again.stderr
    assert f"reset: deleted {sum(NODES.values())} demo nodes" in again.stdout
    assert snapshot(clean_graph) == before


def test_the_run_command_loads_foresight_then_the_demo(clean_graph: Graph, neo4j_settings: Settings) -> None:
    from graph.datasets.loaders import load_all_demo_data

    said: list[str] = []
    load_all_demo_data(neo4j_settings, echo=said.append)
    load_all_demo_data(neo4j_settings, echo=said.append)  # idempotent
    assert said[1] == said[3] == (
        "demo learning stack: 19 cycles, 42 experiments, 62 evidence, 10 patterns (idempotent)")
    assert clean_graph.read("schema/health_counts")[0] == {"Scale": 5, **NODES, **SYSTEMS}

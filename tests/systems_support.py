"""Shared by the tests/test_systems_*.py files: a small map that uses every field, the CLI fixture,
a fingerprint of the whole database (to prove a refused request wrote nothing), and a fixture writer
for the experiments and cycles that point at a system from outside."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import pytest
from typer.testing import CliRunner

from graph.core.db import Graph, connect
from graph.core.settings import Settings, get_settings
from graph.systems.snapshot import SnapshotCluster, SnapshotFactor, SnapshotLink, SystemSnapshot
from graph.systems.system import list_systems, load_snapshot


def write_elsewhere(settings: Settings, cypher: str) -> None:
    """A write through another driver: what another worker process would make (the caches kept per
    database state must see it)."""
    other = connect(settings)
    try:
        other.write_tx(lambda tx: tx.run(cypher).consume())
    finally:
        other.close()


def rich_snapshot(system_id: str = "rich") -> SystemSnapshot:
    """Every field a system can have: cluster colours, a cluster whose id is not the slug of its
    name, an empty cluster, extras of each type (text, number, flag, a list of text), positions,
    a factor without cluster or position, names with commas, quotes and accents, a self-loop, and
    links with strength, delay, evidence and extras."""
    return SystemSnapshot(
        id=system_id,
        name="Rich map",
        outcome="Wellbeing",
        description="A map that uses every field",
        clusters=[
            SnapshotCluster("body", "Body", "#cc3333"),
            SnapshotCluster("mind-2", "Mind & soul"),
            SnapshotCluster("empty", "Empty cluster"),
        ],
        factors=[
            SnapshotFactor(
                "1",
                "Sleep, hours",
                "Hours of sleep a night",
                "body",
                10.0,
                20.5,
                {"source": "survey", "weight": 3, "measured": True, "tags": ["core", "daily"]},
            ),
            SnapshotFactor(
                "2",
                'Stress "felt"',
                "Perceived stress\nover a week",
                "mind-2",
                -5.0,
                0.0,
                {"source": "interview"},
            ),
            SnapshotFactor("3", "Café visits", "", "body", 1e3, 2.25),
            SnapshotFactor("lonely", "Loneliness"),
        ],
        links=[
            SnapshotLink(
                "2",
                "1",
                -1,
                strength=0.8,
                delay=True,
                evidence="Cohort study, 2019",
                properties={"confidence": "high"},
            ),
            SnapshotLink("1", "2", -1),
            SnapshotLink("3", "2", -1, strength=0.25),
            SnapshotLink("lonely", "2", 1, evidence="Interviews"),
            SnapshotLink("2", "2", 1),
        ],
    )


def carried_by(fmt: str, snapshot: SystemSnapshot) -> SystemSnapshot:
    """What ``fmt`` keeps of ``snapshot`` (docs/system-formats.md, "What each format carries")."""
    out = copy.deepcopy(snapshot)
    if fmt == "json":
        return out
    used = {f.cluster for f in out.factors}
    out.clusters = [c for c in out.clusters if c.local_id in used]  # only JSON keeps empty clusters
    list_keys = {"tags"} if fmt in ("kumu-json", "kumu-xlsx") else set()
    for item in [*out.factors, *out.links]:
        for key, value in item.properties.items():
            if isinstance(value, list) and key not in list_keys:
                item.properties[key] = " | ".join(value)
            elif fmt == "csv":
                item.properties[key] = " | ".join(value) if isinstance(value, list) else str(value)
            elif fmt == "gml" and isinstance(value, bool):
                item.properties[key] = int(value)  # GML has no booleans
    return out


def same_map(a: SystemSnapshot, b: SystemSnapshot) -> bool:
    """The same clusters, factors and links (system id, name, outcome and description aside)."""
    ca, cb = a.canonical(), b.canonical()
    return all(ca[k] == cb[k] for k in ("clusters", "factors", "links"))


def fingerprint(graph: Graph) -> dict[str, Any]:
    """Node counts per label, the systems list, and every system's full snapshot."""
    systems = list_systems(graph, limit=10_000)
    return {
        "counts": graph.read("schema/health_counts"),
        "systems": systems,
        "snapshots": {s["id"]: load_snapshot(graph, s["id"]).canonical() for s in systems["items"]},
    }


# A test fixture graph: one cycle that explores a system and runs an experiment intervening on some
# of its factors (the learning-structure routes are another area's; this writes the shape directly).
_POINT_AT = """
MATCH (s:OutcomeSystem {id: $system_id})
MERGE (sc:Scale {id: 'team'})
CREATE (c:LearningCycle {id: $cycle, name: $cycle, purpose: 'test', status: 'active',
                         created_at: '2024-01-01T00:00:00Z'})-[:AT_SCALE]->(sc)
CREATE (c)-[:EXPLORES]->(s)
CREATE (c)-[:RUNS]->(e:Experiment {id: $experiment, kind: 'hypothesis_test', question: 'q',
                                   hypothesis: 'h', status: 'running'})
WITH e
UNWIND $factor_ids AS fid
MATCH (f:Factor {id: fid})
CREATE (e)-[:INTERVENES_ON]->(f)
"""
_INTERVENTIONS = """
MATCH (e:Experiment)-[:INTERVENES_ON]->(f:Factor)
RETURN e.id AS experiment, f.id AS factor ORDER BY experiment, factor
"""


def point_at(
    graph: Graph, system_id: str, factor_ids: list[str], cycle: str = "c1", experiment: str = "e1"
) -> None:
    graph.write_tx(
        lambda tx: tx.run(
            _POINT_AT, system_id=system_id, factor_ids=factor_ids, cycle=cycle, experiment=experiment
        ).consume()
    )


def interventions(graph: Graph) -> list[dict[str, str]]:
    return graph.read_tx(lambda tx: [r.data() for r in tx.run(_INTERVENTIONS)])


@pytest.fixture(name="cli")
def cli_fixture(neo4j_settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[CliRunner]:
    """The hls-graph CLI, run in process against the test Neo4j."""

    monkeypatch.setenv("NEO4J_URI", neo4j_settings.bolt_uri)
    get_settings.cache_clear()
    yield CliRunner()
    get_settings.cache_clear()

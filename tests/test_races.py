"""Rules that hold under concurrency (issue 14): each race runs CLIENTS concurrent writers for ROUNDS
rounds and asserts the invariant in the database itself, not only the status codes."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from threading import Barrier
from typing import Any

import networkx as nx
from fastapi.testclient import TestClient
from neo4j.exceptions import ConstraintError

from graph.core.db import Graph
from graph.core.errors import AppError
from graph.learning import actors, cycles, experiments, links, patterns
from graph.systems import parts, system
from tests.learning_support import make_cycle, ok

CLIENTS = 20
ROUNDS = 3


def race(work: Callable[[int], Any], clients: int = CLIENTS) -> list[Any]:
    """Run ``work(i)`` for i in 0..clients-1 at once (a barrier lines them up); each result or the
    refusal it raised."""
    start = Barrier(clients)

    def one(i: int) -> Any:
        start.wait()
        try:
            return work(i)
        except (AppError, ConstraintError) as refusal:  # a constraint caught the loser: the API's 409
            return refusal

    with ThreadPoolExecutor(clients) as pool:
        return list(pool.map(one, range(clients)))


def loops(graph: Graph, label: str, rel: str) -> list[str]:
    """Ids of ``label`` nodes on a directed cycle of ``rel`` (empty: the relation is acyclic)."""
    edges = graph.read_tx(lambda tx: [r.data() for r in tx.run(
        f"MATCH (a:{label})-[:{rel}]->(b:{label}) RETURN a.id AS a, b.id AS b")])
    g = nx.DiGraph([(e["a"], e["b"]) for e in edges])
    return sorted({n for c in nx.simple_cycles(g) for n in c})


def test_twenty_editors_lose_no_update(client: TestClient, graph: Graph) -> None:
    """Each editor reads the cycle, appends its mark to ``purpose`` and writes it back with If-Match;
    a stale write gets 412 and the editor reads again. Every mark must survive."""
    for round_ in range(ROUNDS):
        cycle_id = f"c{round_}"
        make_cycle(client, cycle_id, "person", purpose="")
        refusals: list[int] = []

        def edit(i: int, cycle_id: str = cycle_id, refusals: list[int] = refusals) -> None:
            while True:
                got = client.get(f"/cycles/{cycle_id}")
                purpose = got.json()["purpose"] or ""
                answer = client.patch(f"/cycles/{cycle_id}", json={"purpose": f"{purpose}[{i}]"},
                                      headers={"If-Match": got.headers["etag"]})
                if answer.status_code == 200:
                    return
                assert answer.status_code == 412, answer.text
                assert answer.json()["error"] == "version_mismatch"
                refusals.append(i)

        race(edit)
        final = ok(client.get(f"/cycles/{cycle_id}"))
        assert sorted(final["purpose"].strip("[]").split("][")) == sorted(str(i) for i in range(CLIENTS))
        assert final["version"] == 1 + CLIENTS  # one version per accepted write, none lost
        assert refusals, "the editors never collided: the race did not race"


def test_one_factor_per_name_per_system(clean_graph: Graph) -> None:
    graph = clean_graph
    for round_ in range(ROUNDS):
        system_id = f"s{round_}"
        system.create_system(graph, system_id, {"name": system_id, "outcome": "o"})
        def create(i: int, s: str = system_id) -> Any:  # one name, spelled two ways
            return parts.create_factor(graph, s, {"id": f"f{i}", "name": f" Debt  {'X' if i % 2 else 'x'}"})

        results = race(create)
        assert sum(isinstance(r, dict) for r in results) == 1
        assert all(r.code == "duplicate_factor_name" for r in results if isinstance(r, AppError))
        names = graph.read_tx(lambda tx, s=system_id: [r["n"] for r in tx.run(
            "MATCH (f:Factor)-[:PART_OF]->(:OutcomeSystem {id: $s}) RETURN f.name AS n", s=s)])
        assert len(names) == 1  # exactly one factor holds the name, in the database


def test_no_iteration_loop_under_races(clean_graph: Graph) -> None:
    """CLIENTS experiments in a ring: each client links e_i -> e_(i+1), the last closes the ring. Any
    one of the links may be refused, but never all accepted."""
    graph = clean_graph
    cycles.create_cycle(graph, {"id": "c", "name": "C", "scale": "person"})
    for round_ in range(ROUNDS):
        ids = [f"r{round_}e{i}" for i in range(CLIENTS)]
        for experiment_id in ids:
            experiments.create_experiment(graph, "c", {"id": experiment_id, "kind": "system_probe",
                                                       "question": "Q"})
        results = race(lambda i, ids=ids: experiments.link_next_iteration(graph, ids[i],
                                                                          ids[(i + 1) % CLIENTS]))
        refused = [r for r in results if isinstance(r, AppError)]
        assert len(refused) == 1 and refused[0].details["rule"] == "no_iteration_loop"
        # and the two-way race: a -> b and b -> a at once, CLIENTS times
        a, b = ids[0], ids[CLIENTS // 2]
        race(lambda i, a=a, b=b: experiments.link_next_iteration(graph, *((a, b) if i % 2 else (b, a))))
        assert loops(graph, "Experiment", "NEXT_ITERATION") == []


def test_no_vertical_loop_under_races(clean_graph: Graph) -> None:
    """Cycles at each scale; CLIENTS clients link them up and down at once while others move a cycle
    between scales: FEEDS_INTO never holds a loop (and still climbs)."""
    graph = clean_graph
    scales = ["person", "team", "organisation", "place", "region"]
    for round_ in range(ROUNDS):
        ids = [f"r{round_}{s}" for s in scales]
        for cycle_id, scale in zip(ids, scales, strict=True):
            cycles.create_cycle(graph, {"id": cycle_id, "name": cycle_id, "scale": scale})
        def work(i: int, ids: list[str] = ids) -> Any:
            low, up = ids[i % 5], ids[(i * 3 + 1) % 5]
            if i % 4 == 3:
                return cycles.update_cycle(graph, ids[i % 5], {"scale": scales[(i + 2) % 5]})
            return links.link_feeds_into(graph, low, up)

        race(work)
        assert loops(graph, "LearningCycle", "FEEDS_INTO") == []
        bad = graph.read_tx(lambda tx: [r.data() for r in tx.run(
            "MATCH (a:LearningCycle)-[:AT_SCALE]->(sa:Scale), (b:LearningCycle)-[:AT_SCALE]->(sb:Scale), "
            "(a)-[:FEEDS_INTO]->(b) WHERE sa.level >= sb.level RETURN a.id AS a, b.id AS b")])
        assert bad == []


def test_one_id_across_kinds_under_races(clean_graph: Graph) -> None:
    graph = clean_graph
    cycles.create_cycle(graph, {"id": "home", "name": "Home", "scale": "person"})
    for round_ in range(ROUNDS):
        shared = f"same{round_}"
        def make(i: int, shared: str = shared) -> Any:  # four kinds, one id
            kind = i % 4
            if kind == 0:
                return cycles.create_cycle(graph, {"id": shared, "name": "C", "scale": "team"})
            if kind == 1:
                return actors.create_actor(graph, {"id": shared, "name": "A", "kind": "person"})
            if kind == 2:
                return experiments.create_experiment(graph, "home", {"id": shared, "kind": "system_probe",
                                                                     "question": "Q"})
            return patterns.create_pattern(graph, {"id": shared, "statement": "S"})

        results = race(make)
        assert sum(isinstance(r, dict) for r in results) == 1, results
        assert all(isinstance(r, ConstraintError) or r.code == "duplicate_id"
                   for r in results if not isinstance(r, dict))
        held = graph.read_tx(lambda tx, s=shared: tx.run(
            "MATCH (n {id: $id}) RETURN count(n) AS n", id=s).single()["n"])
        assert held == 1  # one node holds the id, whatever its kind

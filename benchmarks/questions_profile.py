"""PROFILE the question queries on a large generated learning network, to show that their cost
grows with the subgraph below the asked-about cycle, not with the database.

It builds the network in two steps and profiles the same cycles after each step: first ONE region,
then four more. If a query's db hits for a team / organisation / region stay the same while the
database grows five-fold, its cost is bounded by that cycle's own subgraph.

Shape per region (defaults): 4 places x 5 organisations x 10 teams x 18 practitioners, i.e. 3,825
cycles; 5 experiments per practitioner/team/organisation cycle with 3 pieces of evidence each;
every 6th practitioner also feeds a second team and every 5th team a second organisation
(diamonds); teams, organisations and places have same-scale peers; 3 patterns per team and 2 per
organisation; 2 barriers per team, 1 enabler per organisation, acted on from above.
Five regions: ~19k cycles, ~96k experiments, ~287k evidence.

    .venv/bin/python benchmarks/questions_profile.py            # a throwaway local Neo4j
    NEO4J_URI=bolt://... .venv/bin/python benchmarks/questions_profile.py --wipe   # EMPTIES it

Prints, per cycle and query: total db hits, result rows, and milliseconds (of the PROFILE run).
"""

from __future__ import annotations

import argparse
import logging
import random
import shutil
import socket
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from graph.core import local_neo4j
from graph.core.db import Graph, apply_schema, connect
from graph.core.settings import Settings
from graph.learning import bulk
from queries import load

CYPHER_DIR = Path(__file__).parent / "cypher"
QUESTIONS = ["questions/learn_from_below", "questions/learn_from_below_recurring",
             "questions/learn_from_below_coverage",
             "questions/enable_below", "questions/cycle_stack"]
STATUSES = ["completed"] * 6 + ["running"] * 2 + ["planned", "abandoned"]
SENSITIVITIES = ["public"] * 4 + ["network"] * 3 + ["cycle", "cycle", "personal"]
OUTCOMES = [f"outcome-{i}" for i in range(20)]
FACTORS = [f"bench:f{i}" for i in range(300)]


def bench_query(name: str) -> str:
    return (CYPHER_DIR / f"{name}.cypher").read_text(encoding="utf-8")


def batches(rows: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(rows), size):
        yield rows[start:start + size]


class Region:
    """The generated rows of one region, deterministic for a given region number."""

    def __init__(self, number: int, places: int, orgs: int, teams: int, people: int) -> None:
        self.rng = random.Random(number)
        self.cycles: list[dict] = []
        self.feeds: list[dict] = []
        self.peers: list[dict] = []
        self.experiments: list[dict] = []
        self.patterns: list[dict] = []
        self.conditions: list[dict] = []
        region = f"r{number}"
        self._cycle(region, "region")
        for p in range(places):
            place = f"{region}-pl{p}"
            self._cycle(place, "place", upper=region, peer=f"{region}-pl{p - 1}" if p else None)
            for o in range(orgs):
                org = f"{place}-o{o}"
                self._cycle(org, "organisation", upper=place, peer=f"{place}-o{o - 1}" if o else None)
                self._experiments(org)
                team_ids = []
                for t in range(teams):
                    team = f"{org}-t{t}"
                    team_ids.append(team)
                    self._cycle(team, "team", upper=org, peer=f"{org}-t{t - 1}" if t else None)
                    if t % 5 == 0 and orgs > 1:  # diamond: this team also feeds the next organisation
                        self.feeds.append({"lower": team, "upper": f"{place}-o{(o + 1) % orgs}"})
                    self._experiments(team)
                    person_ids = []
                    for n in range(people):
                        person = f"{team}-p{n}"
                        person_ids.append(person)
                        self._cycle(person, "person", upper=team)
                        if n % 6 == 0 and teams > 1:  # diamond: also feeds the next team
                            self.feeds.append({"lower": person, "upper": f"{org}-t{(t + 1) % teams}"})
                        self._experiments(person)
                    self._team_learning(team, person_ids, org)
                self._org_learning(org, team_ids, place)

    def _cycle(self, id: str, scale: str, upper: str | None = None, peer: str | None = None) -> None:
        self.cycles.append({"id": id, "scale": scale})
        if upper:
            self.feeds.append({"lower": id, "upper": upper})
        if peer:
            self.peers.append({"a": id, "b": peer})

    def _experiments(self, cycle: str, count: int = 5, evidence: int = 3) -> None:
        rng = self.rng
        for x in range(count):
            exp = f"{cycle}:x{x}"
            self.experiments.append({
                "id": exp, "cycle": cycle, "status": rng.choice(STATUSES),
                "outcome": rng.choice(OUTCOMES) if rng.random() < 0.6 else None,
                "factors": rng.sample(FACTORS, 2),
                "evidence": [{"id": f"{exp}:e{k}", "kind": rng.choice(["quantitative", "narrative"]),
                              "sensitivity": rng.choice(SENSITIVITIES), "value": rng.random()}
                             for k in range(evidence)],
            })

    def _evidence_of(self, cycles: list[str], k: int) -> list[str]:
        return [f"{self.rng.choice(cycles)}:x{self.rng.randrange(5)}:e{self.rng.randrange(3)}"
                for _ in range(k)]

    def _pattern(self, id: str, cycles: list[str]) -> None:
        supports = set(self._evidence_of(cycles, 8))
        contradicts = set(self._evidence_of(cycles, 2)) - supports
        self.patterns.append({"id": id, "derived": [{"evidence": e, "stance": "supports"} for e in supports]
                              + [{"evidence": e, "stance": "contradicts"} for e in contradicts]})

    def _team_learning(self, team: str, people: list[str], org: str) -> None:
        for j in range(3):
            self._pattern(f"{team}:pattern{j}", people)
        for j in range(2):
            self.conditions.append({
                "id": f"{team}:barrier{j}", "kind": "barrier", "status": self.rng.choice(["open", "acting"]),
                "raised_at": f"2023-{self.rng.randrange(1, 13):02d}-01T00:00:00Z",
                "raised_by": self.rng.choice(people),
                "blocks": [f"{p}:x{self.rng.randrange(5)}" for p in self.rng.sample(people, 3)],
                "supports": [], "actors": [{"cycle": org, "action": "remove"}] if j == 0 else [],
            })

    def _org_learning(self, org: str, teams: list[str], place: str) -> None:
        for j in range(2):
            self._pattern(f"{org}:pattern{j}", teams)
        self.conditions.append({
            "id": f"{org}:enabler", "kind": "enabler", "status": "open",
            "raised_at": "2023-06-01T00:00:00Z", "raised_by": org, "blocks": [],
            "supports": self.rng.sample(teams, 2), "actors": [{"cycle": place, "action": "nurture"}],
        })


def region_document(region: Region) -> dict[str, Any]:
    """The region as a learning document (docs/learning-format.md), for the bulk path."""
    evidence = [{"id": ev["id"], "experiment": x["id"], "kind": ev["kind"], "text": f"evidence {ev['id']}",
                 "value": ev["value"], "unit": "n", "recorded_at": "2024-02-15T00:00:00Z",
                 "sensitivity": ev["sensitivity"]} for x in region.experiments for ev in x["evidence"]]
    return {
        "cycles": [{"id": c["id"], "name": c["id"], "purpose": "benchmark", "status": "active",
                    "scale": c["scale"], "created_at": "2024-01-01T00:00:00Z"} for c in region.cycles],
        "feeds_into": [[f["lower"], f["upper"]] for f in region.feeds],
        "peers": [[p["a"], p["b"]] for p in region.peers],
        "experiments": [{"id": x["id"], "cycle": x["cycle"], "kind": "hypothesis_test", "question": "q",
                         "hypothesis": "h", "status": x["status"], "started_at": "2024-02-01T00:00:00Z",
                         "outcome": x["outcome"], "intervenes_on": x["factors"]} for x in region.experiments],
        "evidence": evidence,
        "patterns": [{"id": p["id"], "statement": p["id"], "status": "emerging", "derived_from": [
            {"evidence_id": d["evidence"], "stance": d["stance"]} for d in p["derived"]]}
            for p in region.patterns],
        "conditions": [{"id": k["id"], "kind": k["kind"], "description": k["id"], "status": k["status"],
                        "raised_at": k["raised_at"], "raised_by": [k["raised_by"]], "blocks": k["blocks"],
                        "supports": k["supports"]} for k in region.conditions],
        "acts_on": [{"cycle": a["cycle"], "condition": k["id"], "action": a["action"]}
                    for k in region.conditions for a in k["actors"]],
    }


def load_region(graph: Graph, region: Region, batch: int) -> None:
    """One region through the bulk path (graph.learning.bulk): checked, then written in one
    transaction in chunks of ``batch`` rows."""
    document = region_document(region)
    graph.write_tx(lambda tx: bulk.write_learning_tx(tx, document, chunk=batch))


def total_db_hits(plan: dict) -> int:
    return (plan.get("dbHits") or 0) + sum(total_db_hits(child) for child in plan.get("children", []))


def profile(graph: Graph, name: str, params: dict) -> tuple[int, int, float]:
    """(total db hits, result rows, ms) of one PROFILE run of the named question query."""
    with graph.driver.session(database=graph.database) as session:
        started = time.perf_counter()
        result = session.run("PROFILE " + load(name), params)
        rows = len(list(result))
        summary = result.consume()
        elapsed = (time.perf_counter() - started) * 1000
    return total_db_hits(summary.profile), rows, elapsed


def profile_all(graph: Graph, subjects: dict[str, str], label: str) -> None:
    counts = graph.read("schema/health_counts")[0]
    print(f"\n== {label}: {counts['LearningCycle']:,} cycles, {counts['Experiment']:,} experiments, "
          f"{counts['Evidence']:,} evidence, {counts['Pattern']:,} patterns, "
          f"{counts['Condition']:,} conditions")
    print(f"{'cycle':<28}{'query':<30}{'db hits':>12}{'rows':>8}{'ms':>9}")
    for role, cycle_id in subjects.items():
        for name in QUESTIONS:
            params = {"cycle_id": cycle_id, "depth": None, "min_cycles": 1, "include_peers": True}
            profile(graph, name, params)  # warm the plan cache and the page cache first
            hits, rows, ms = profile(graph, name, params)
            print(f"{role + ' ' + cycle_id:<28}{name:<30}{hits:>12,}{rows:>8}{ms:>9.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--regions", type=int, default=5)
    parser.add_argument("--places", type=int, default=4)
    parser.add_argument("--orgs", type=int, default=5)
    parser.add_argument("--teams", type=int, default=10)
    parser.add_argument("--people", type=int, default=18)
    parser.add_argument("--batch", type=int, default=5000)
    parser.add_argument("--wipe", action="store_true", help="allowed to empty the NEO4J_URI database")
    args = parser.parse_args()
    # Neo4j warns about property keys no generated data has yet (resolved_at, ...): not news here.
    logging.getLogger("neo4j.notifications").setLevel(logging.ERROR)

    settings = Settings()
    data_dir = None
    if settings.uses_local_neo4j:
        data_dir = Path(tempfile.mkdtemp(prefix="hls-bench-"))
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        local_neo4j.start(data_dir, port=port, heap="2g", page_cache="1g")
        settings = Settings(neo4j_uri=f"bolt://127.0.0.1:{port}", _env_file=None)
        print(f"throwaway local Neo4j in {data_dir} on port {port}")
    elif not args.wipe:
        raise SystemExit("NEO4J_URI is set: pass --wipe to allow emptying that database")
    graph = connect(settings)
    try:
        graph.write("schema/wipe_database")
        apply_schema(graph)
        graph.write_tx(lambda tx: tx.run(bench_query("factors"), system="bench", factors=FACTORS).consume())
        subjects = {"team": "r0-pl0-o0-t1", "organisation": "r0-pl0-o0", "place": "r0-pl0", "region": "r0"}
        shape = (args.places, args.orgs, args.teams, args.people)
        for number in range(args.regions):
            started = time.perf_counter()
            load_region(graph, Region(number, *shape), args.batch)
            print(f"region r{number} loaded in {time.perf_counter() - started:.0f} s")
            if number == 0:
                profile_all(graph, subjects, "one region")
        if args.regions > 1:
            profile_all(graph, subjects, f"{args.regions} regions")
    finally:
        graph.close()
        if data_dir is not None:
            local_neo4j.stop(data_dir)
            shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()

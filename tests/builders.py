"""A tiny test-only builder that writes small constructed learning graphs straight into Neo4j,
exactly in the shape of docs/design.md "Domain model" (labels, relationships, property names).

It bypasses the API on purpose: the question tests must not depend on the CRUD routes, and the
shapes they need (diamonds, restricted evidence, conditions acted on from anywhere) are written
in a line each. Every write is parameterised Cypher; nothing is formatted into a query.

>>> b = Builder(graph)                                  # doctest: +SKIP
>>> b.cycle("t1", "team"); b.cycle("o", "organisation"); b.feeds("t1", "o")   # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from graph.core.db import Graph

_CYCLE = """
MATCH (s:Scale {id: $scale})
CREATE (c:LearningCycle {id: $id, name: $name, purpose: $purpose, status: $status,
                         created_at: '2024-01-01T00:00:00Z'})-[:AT_SCALE]->(s)
"""
_FEEDS = """
MATCH (lower:LearningCycle {id: $lower}), (upper:LearningCycle {id: $upper})
CREATE (lower)-[:FEEDS_INTO]->(upper)
"""
_PEER = """
MATCH (a:LearningCycle {id: $a}), (b:LearningCycle {id: $b})
CREATE (a)-[:PEER_OF]->(b)
"""
_FACTOR = """
MERGE (o:OutcomeSystem {id: $system})
  ON CREATE SET o.name = $system, o.outcome = 'test outcome'
MERGE (f:Factor {id: $id})
  ON CREATE SET f.name = $name, f.description = ''
MERGE (f)-[:PART_OF]->(o)
"""
_EXPERIMENT = """
MATCH (c:LearningCycle {id: $cycle})
CREATE (c)-[:RUNS]->(e:Experiment {id: $id, kind: $kind, question: $question, hypothesis: '',
                                   status: $status, started_at: '2024-02-01T00:00:00Z'})
SET e.outcome = $outcome, e.ended_at = $ended_at
WITH e
UNWIND $factors AS factor_id
MATCH (f:Factor {id: factor_id})
CREATE (e)-[:INTERVENES_ON]->(f)
"""
_EVIDENCE = """
MATCH (e:Experiment {id: $experiment})
CREATE (e)-[:YIELDED]->(:Evidence {id: $id, kind: $kind, text: $text, value: $value, unit: $unit,
                                   recorded_at: $recorded_at, sensitivity: $sensitivity})
"""
_PATTERN = """
CREATE (p:Pattern {id: $id, statement: $statement, status: $status})
WITH p
UNWIND $derived AS d
MATCH (ev:Evidence {id: d.evidence})
CREATE (p)-[:DERIVED_FROM {stance: d.stance}]->(ev)
"""
_CONDITION = """
CREATE (c:Condition {id: $id, kind: $kind, description: $description, status: $status,
                     raised_at: $raised_at})
SET c.resolved_at = $resolved_at, c.resolved_by = $resolved_by
WITH c
OPTIONAL MATCH (r:LearningCycle {id: $raised_by})
FOREACH (_ IN CASE WHEN r IS NULL THEN [] ELSE [1] END | CREATE (r)-[:RAISED]->(c))
"""
# A relationship type cannot be a parameter: one query writes either effect, chosen by $effect.
_EFFECT = """
MATCH (c:Condition {id: $condition})
CALL () {
  MATCH (t:LearningCycle {id: $target}) RETURN t
  UNION
  MATCH (t:Experiment {id: $target}) RETURN t
}
FOREACH (_ IN CASE WHEN $effect = 'BLOCKS' THEN [1] ELSE [] END | CREATE (c)-[:BLOCKS]->(t))
FOREACH (_ IN CASE WHEN $effect = 'SUPPORTS' THEN [1] ELSE [] END | CREATE (c)-[:SUPPORTS]->(t))
"""
_ACTS_ON = """
MATCH (cycle:LearningCycle {id: $cycle}), (c:Condition {id: $condition})
CREATE (cycle)-[:ACTS_ON {action: $action}]->(c)
"""
_RAISED = """
MATCH (cycle:LearningCycle {id: $cycle}), (c:Condition {id: $condition})
CREATE (cycle)-[:RAISED]->(c)
"""


class Builder:
    """Writes one node or relationship per call, each in its own transaction."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph

    def _write(self, query: str, **params: Any) -> None:
        self.graph.write_tx(lambda tx: tx.run(query, params).consume())

    def cycle(self, id: str, scale: str, name: str | None = None, status: str = "active") -> str:
        self._write(_CYCLE, id=id, scale=scale, name=name or id, purpose=f"purpose of {id}",
                    status=status)
        return id

    def feeds(self, lower: str, upper: str) -> None:
        self._write(_FEEDS, lower=lower, upper=upper)

    def peer(self, a: str, b: str) -> None:
        """Stored one way (a -> b); the questions read it both ways."""
        self._write(_PEER, a=a, b=b)

    def factor(self, id: str, name: str | None = None, system: str = "sys") -> str:
        self._write(_FACTOR, id=id, name=name or id, system=system)
        return id

    def experiment(
        self, id: str, cycle: str, *, status: str = "completed", outcome: str | None = None,
        factors: Iterable[str] = (), kind: str = "hypothesis_test",
    ) -> str:
        factors = list(factors)
        for factor_id in factors:
            self.factor(factor_id)
        self._write(
            _EXPERIMENT, id=id, cycle=cycle, kind=kind, question=f"question of {id}", status=status,
            outcome=outcome, factors=factors,
            ended_at="2024-03-01T00:00:00Z" if status in ("completed", "abandoned") else None,
        )
        return id

    def evidence(
        self, id: str, experiment: str, *, kind: str = "narrative", text: str | None = None,
        value: float | None = None, unit: str | None = None, sensitivity: str = "public",
    ) -> str:
        self._write(
            _EVIDENCE, id=id, experiment=experiment, kind=kind, text=text or f"text of {id}",
            value=value, unit=unit, recorded_at="2024-02-15T00:00:00Z", sensitivity=sensitivity,
        )
        return id

    def pattern(
        self, id: str, *, supports: Iterable[str] = (), contradicts: Iterable[str] = (),
        statement: str | None = None, status: str = "emerging",
    ) -> str:
        derived = [{"evidence": e, "stance": "supports"} for e in supports]
        derived += [{"evidence": e, "stance": "contradicts"} for e in contradicts]
        self._write(_PATTERN, id=id, statement=statement or f"statement of {id}", status=status,
                    derived=derived)
        return id

    def condition(
        self, id: str, kind: str, *, raised_by: str | None = None, status: str = "open",
        raised_at: str = "2024-01-01T00:00:00Z", blocks: Iterable[str] = (),
        supports: Iterable[str] = (), resolved_at: str | None = None, resolved_by: str | None = None,
        description: str | None = None,
    ) -> str:
        self._write(
            _CONDITION, id=id, kind=kind, description=description or f"description of {id}",
            status=status, raised_at=raised_at, raised_by=raised_by, resolved_at=resolved_at,
            resolved_by=resolved_by,
        )
        for effect, targets in (("BLOCKS", blocks), ("SUPPORTS", supports)):
            for target in targets:
                self._write(_EFFECT, condition=id, target=target, effect=effect)
        return id

    def raised(self, cycle: str, condition: str) -> None:
        """A second (or later) cycle raising the same condition."""
        self._write(_RAISED, cycle=cycle, condition=condition)

    def acts_on(self, cycle: str, condition: str, action: str) -> None:
        self._write(_ACTS_ON, cycle=cycle, condition=condition, action=action)

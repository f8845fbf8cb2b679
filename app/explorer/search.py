"""The explorer's one search box: factors, clusters, cycles, patterns, experiments and actors found by
what people type — case, spaces and punctuation do not matter ("self-esteem" finds "Self esteem"),
and the best matches come first.

Ranking, best first: the whole name equals the query; the name starts with it; a word of the name
starts with it; the name contains it; every word of the query starts a word of the name (any
order); the name contains it once spaces are ignored ("selfesteem"). Ties: factors and clusters,
then cycles, patterns, experiments, actors; then shorter names; then id.

>>> items = [{"kind": "factor", "id": "m:1", "name": "Self esteem"},
...          {"kind": "factor", "id": "m:2", "name": "Self-esteem of parents"},
...          {"kind": "cycle", "id": "c", "name": "Esteem cycle"}]
>>> [hit["id"] for hit in rank(items, "self-esteem")]
['m:1', 'm:2']
>>> [hit["id"] for hit in rank(items, "ESTEEM")]
['c', 'm:1', 'm:2']
>>> rank(items, "  ")
[]
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from graph.analysis.common import name_key

KIND_ORDER = ("factor", "cluster", "cycle", "pattern", "experiment", "actor")
LIMIT = 30


def score(name: str, query: str) -> int:
    """How well ``name`` matches ``query`` (both already :func:`name_key`-ed); 0: not at all."""
    if not query or not name:
        return 0
    if name == query:
        return 100
    if name.startswith(query):
        return 80
    words = name.split()
    if any(word.startswith(query) for word in words):
        return 60
    if query in name:
        return 40
    if all(any(w.startswith(q) for w in words) for q in query.split()):
        return 30
    if query.replace(" ", "") in name.replace(" ", ""):
        return 20
    return 0


def rank(items: Iterable[Mapping[str, Any]], query: str, limit: int = LIMIT) -> list[dict[str, Any]]:
    """The items whose name (or id) matches ``query``, best first, at most ``limit``; each with its
    ``score``."""
    key = name_key(query)
    if not key:
        return []
    hits = []
    for item in items:
        best = max(score(name_key(item.get("name") or ""), key), score(name_key(item["id"]), key) - 5)
        if best > 0:
            hits.append({**item, "score": best})
    order = {kind: i for i, kind in enumerate(KIND_ORDER)}
    hits.sort(key=lambda h: (-h["score"], order.get(h["kind"], 99), len(str(h.get("name") or "")), h["id"]))
    return hits[:limit]

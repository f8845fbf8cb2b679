"""Communities found by Louvain next to the map's own clusters: do the drawn clusters hold together?

Louvain (``nx.community.louvain_communities``) runs on the undirected view of the map, unweighted,
with a seed, on the factors in natural id order, so the same map and seed always give the same
communities. They are numbered 1, 2, … by size (largest first), ties by their first factor.

The comparison with the clusters (the node attribute ``cluster``; a factor without one counts as
the cluster ``None``):

- ``contingency``: how many factors of each community sit in each cluster;
- ``purity``: the share of factors that sit in the most common cluster of their community;
- ``nmi``: normalised mutual information between the two partitions (mutual information over the
  arithmetic mean of their entropies; 1 = the same partition, 0 = independent);
- ``modularity`` of either partition on the same undirected view.

>>> import networkx as nx
>>> G = nx.DiGraph([("a", "b"), ("b", "a"), ("c", "d"), ("d", "c"), ("b", "c")])
>>> nx.set_node_attributes(G, {"a": "x", "b": "x", "c": "y", "d": "y"}, "cluster")
>>> r = communities(G, seed=1)
>>> [c["factors"] for c in r["communities"]], r["scores"]["nmi"], r["scores"]["purity"]
([['a', 'b'], ['c', 'd']], 1.0, 1.0)
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable
from typing import Any

import networkx as nx

from graph.analysis.common import check_digraph, natural_key, ordered


def communities(G: nx.DiGraph, seed: int = 42, resolution: float = 1.0) -> dict[str, Any]:
    """Louvain communities and the map's clusters side by side (see the module docstring)."""
    check_digraph(G)
    if resolution <= 0:
        raise ValueError("resolution must be > 0")
    undirected = nx.Graph()
    undirected.add_nodes_from(ordered(G))
    undirected.add_edges_from(sorted(G.to_undirected(as_view=True).edges, key=_edge_key))
    found = nx.community.louvain_communities(undirected, weight=None, resolution=resolution, seed=seed) \
        if len(G) else []
    groups = sorted((ordered(c) for c in found), key=lambda c: (-len(c), natural_key(c[0])))
    community_of = {n: k for k, members in enumerate(groups, start=1) for n in members}
    cluster_of = {n: G.nodes[n].get("cluster") for n in G}
    clusters = sorted(set(cluster_of.values()), key=lambda c: (c is None, str(c)))

    table = Counter((community_of[n], cluster_of[n]) for n in G)
    counts = [[table[(k, c)] for c in clusters] for k in range(1, len(groups) + 1)]
    has_clusters = any(c is not None for c in clusters)
    cluster_groups = [{n for n in G if cluster_of[n] == c} for c in clusters]
    return {
        "seed": seed, "resolution": resolution,
        "communities": [
            {"id": k, "size": len(members), "factors": members,
             "clusters": [{"cluster": c, "count": table[(k, c)]} for c in clusters if table[(k, c)]]}
            for k, members in enumerate(groups, start=1)
        ],
        "clusters": [{"name": c, "size": sum(row[j] for row in counts)} for j, c in enumerate(clusters)],
        "contingency": {"communities": list(range(1, len(groups) + 1)), "clusters": clusters,
                        "counts": counts},
        "factors": {n: {"community": community_of[n], "cluster": cluster_of[n]} for n in ordered(G)},
        "scores": {
            "purity": purity(counts) if has_clusters else None,
            "nmi": normalized_mutual_information(counts) if has_clusters else None,
            "modularity_communities": nx.community.modularity(undirected, groups, weight=None)
            if len(G) and undirected.number_of_edges() else None,
            "modularity_clusters": nx.community.modularity(undirected, cluster_groups, weight=None)
            if has_clusters and undirected.number_of_edges() else None,
        },
    }


def _edge_key(edge: tuple[Hashable, Hashable]) -> tuple[Any, ...]:
    return (natural_key(edge[0]), natural_key(edge[1]))


def purity(counts: list[list[int]]) -> float:
    """Share of items in the most common column of their row (rows: communities)."""
    total = sum(map(sum, counts))
    return sum(max(row, default=0) for row in counts) / total if total else 1.0


def normalized_mutual_information(counts: list[list[int]]) -> float:
    """NMI of two partitions given their contingency table, arithmetic-mean normalisation.

    >>> normalized_mutual_information([[2, 0], [0, 2]]), normalized_mutual_information([[1, 1], [1, 1]])
    (1.0, 0.0)
    """
    total = sum(map(sum, counts))
    if not total:
        return 1.0
    rows = [sum(row) for row in counts]
    cols = [sum(col) for col in zip(*counts, strict=True)]

    def entropy(sizes: list[int]) -> float:
        return -sum(s / total * math.log(s / total) for s in sizes if s)

    mutual = sum(
        n / total * math.log(n * total / (rows[i] * cols[j]))
        for i, row in enumerate(counts) for j, n in enumerate(row) if n
    )
    h_rows, h_cols = entropy(rows), entropy(cols)
    if h_rows == 0 and h_cols == 0:
        return 1.0  # both partitions put everything in one group: identical
    return max(0.0, mutual / ((h_rows + h_cols) / 2))

"""Trophic levels: each factor's position in the causal flow, for a layered left-to-right layout.

Two definitions, the first that applies:

- ``levine`` — ``nx.trophic_levels`` (Levine 1980): a factor nothing influences (a *basal*
  factor) has level 1; any other has 1 + the mean level of the factors that influence it. Defined
  only when every factor can be reached from a basal factor.
- ``generalised`` — for maps where some factors sit in loops no basal factor reaches (or where
  there is no basal factor at all), the generalised trophic levels of MacKay, Johnson & Sansom
  (2020, "How directed is a directed network?", R. Soc. Open Sci. 7: 201138): the levels ``h``
  that solve ``(diag(k_in + k_out) − A − Aᵀ) h = k_in − k_out``, which make every link climb by
  as close to one level as possible. They are defined up to a constant on each weakly connected
  part; we shift each part so its lowest factor has level 1, like a basal factor. ``incoherence``
  is their F0: the mean of ``(h_v − h_u − 1)²`` over links (0: perfectly layered, 1: no direction).

Links are unweighted. ``layers`` groups factors by their level rounded to a whole number.

>>> import networkx as nx
>>> chain = trophic_levels(nx.DiGraph([("a", "b"), ("b", "c"), ("a", "c")]))
>>> chain["method"], chain["levels"]
('levine', {'a': 1.0, 'b': 2.0, 'c': 2.5})
>>> ring = trophic_levels(nx.DiGraph([("a", "b"), ("b", "c"), ("c", "a")]))
>>> ring["method"], ring["levels"], ring["incoherence"]
('generalised', {'a': 1.0, 'b': 1.0, 'c': 1.0}, 1.0)
"""

from __future__ import annotations

import math
from collections.abc import Hashable
from typing import Any

import networkx as nx
import numpy as np
from scipy.sparse import csr_matrix, diags
from scipy.sparse.linalg import spsolve

from graph.analysis.common import check_digraph, ordered

# Levels are sums of floating-point terms: round away the last bits so equal levels print equal.
_DIGITS = 9


def trophic_levels(G: nx.DiGraph) -> dict[str, Any]:
    """Level per factor, the ``method`` used (and ``reason`` when it is not Levine's), ``layers``."""
    check_digraph(G)
    if len(G) == 0:
        raise ValueError("the map has no factors")
    reason = _why_not_levine(G)
    incoherence = None
    if reason is None:
        try:
            levels = nx.trophic_levels(G, weight=None)
            method = "levine"
        except nx.NetworkXError as exc:  # numerically singular despite the checks
            reason = str(exc)
    if reason is not None:
        levels, incoherence = _generalised(G)
        method = "generalised"
    levels = {n: round(float(levels[n]), _DIGITS) + 0.0 for n in ordered(G)}
    layers: dict[int, list[Hashable]] = {}
    for n, level in levels.items():
        layers.setdefault(math.floor(level + 0.5), []).append(n)
    return {
        "method": method, "reason": reason, "levels": levels,
        "layers": [{"layer": k, "factors": layers[k]} for k in sorted(layers)],
        "incoherence": incoherence,
    }


def _why_not_levine(G: nx.DiGraph) -> str | None:
    basal = [n for n, d in G.in_degree if d == 0]
    if not basal:
        return "every factor is influenced by another (no basal factor), so Levine's levels are undefined"
    reached = {n for layer in nx.bfs_layers(G, basal) for n in layer}
    if len(reached) < len(G):
        return (f"{len(G) - len(reached)} factors cannot be reached from a basal factor (they sit in "
                "loops with no way in), so Levine's levels are undefined")
    return None


def _generalised(G: nx.DiGraph) -> tuple[dict[Hashable, float], float]:
    """MacKay–Johnson–Sansom levels, each weakly connected part shifted to start at 1; and F0."""
    levels: dict[Hashable, float] = {}
    for part in nx.weakly_connected_components(G):
        nodes = ordered(part)
        if len(nodes) == 1:
            levels[nodes[0]] = 1.0
            continue
        a = nx.to_scipy_sparse_array(G, nodelist=nodes, weight=None, format="csr")
        k_in, k_out = np.asarray(a.sum(axis=0)).ravel(), np.asarray(a.sum(axis=1)).ravel()
        laplacian = csr_matrix(diags(k_in + k_out) - a - a.T)
        # The Laplacian of a connected part has rank n - 1: fix the first level at 0 and solve.
        h = np.zeros(len(nodes))
        h[1:] = spsolve(laplacian[1:, 1:].tocsc(), (k_in - k_out)[1:])
        h = h - h.min() + 1.0
        levels.update(zip(nodes, h.tolist(), strict=True))
    links = G.number_of_edges()
    f0 = sum((levels[v] - levels[u] - 1.0) ** 2 for u, v in G.edges) / links if links else 0.0
    return levels, round(f0, _DIGITS)

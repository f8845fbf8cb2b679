"""System-map analysis on networkx: one module per family, pure functions on an ``nx.DiGraph``
whose edges carry ``polarity`` (+1 / -1); :mod:`graph.analysis.stored` runs them on systems
stored in Neo4j for the API and the CLI.

- :mod:`~graph.analysis.loops` — feedback loops with polarity (reinforcing / balancing), bounded;
- :mod:`~graph.analysis.centrality` — degree, betweenness, closeness, eigenvector, leverage, reach;
- :mod:`~graph.analysis.paths` — upstream / downstream with path polarity; paths between factors;
- :mod:`~graph.analysis.communities` — Louvain next to the map's clusters;
- :mod:`~graph.analysis.trophic` — trophic levels for a layered layout.

>>> import networkx as nx
>>> from graph.analysis import feedback_loops
>>> G = nx.DiGraph()
>>> G.add_edge("a", "b", polarity=-1); G.add_edge("b", "a", polarity=-1)
>>> feedback_loops(G)["loops"][0]["polarity"]          # two negatives make a reinforcing loop
'reinforcing'
"""

from graph.analysis.centrality import centrality, factor_centrality, top
from graph.analysis.common import resolve_factor
from graph.analysis.communities import communities
from graph.analysis.loops import feedback_loops
from graph.analysis.paths import downstream, paths, upstream
from graph.analysis.trophic import trophic_levels

__all__ = [
    "centrality", "communities", "downstream", "factor_centrality", "feedback_loops", "paths",
    "resolve_factor", "top", "trophic_levels", "upstream",
]

"""What every analysis shares: link signs, a stable factor order, factor look-up by reference.

The analyses take an ``nx.DiGraph`` whose nodes are factor ids (attribute ``name``) and whose edges
carry ``polarity`` (+1: more leads to more; -1: more leads to less; None: unknown — a chain or loop
through it is undetermined). A DiGraph holds at most one link per direction, so a pair of factors
has at most one polarity each way; a multigraph is refused. Edges marked ``undirected`` (a Kumu
connection drawn without an arrow) are not causal links: loop and path searches leave them out.

>>> import networkx as nx
>>> G = nx.DiGraph()
>>> G.add_edge("m:10", "m:2", polarity=-1)
>>> G.nodes["m:2"]["name"] = "Two"
>>> ordered(G)
['m:2', 'm:10']
>>> resolve_factor(G, "Two", system_id="m"), resolve_factor(G, "10", system_id="m")
('m:2', 'm:10')
>>> resolve_factor(G, " two.", system_id="m")   # case, spaces and punctuation do not matter
'm:2'
>>> resolve_factor(G, "Tw-o", system_id="m")
'm:2'
>>> name_key("Self-esteem"), name_key("self  esteem!")
('self esteem', 'self esteem')
>>> negative(G, "m:10", "m:2")
True
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Hashable, Iterable
from typing import Any

import networkx as nx

from graph.core.errors import NotFound, RuleBroken

_DIGITS = re.compile(r"(\d+)")
_NOT_WORD = re.compile(r"[\W_]+")


def name_key(text: Any) -> str:
    """A name as people mean it: lower case, punctuation and runs of spaces as one space — so
    "Self-esteem", "self esteem" and "SELF ESTEEM." are the same name."""
    return _NOT_WORD.sub(" ", str(text).casefold()).strip()


def natural_key(node: Hashable) -> tuple[Any, ...]:
    """Sort key that puts ``m:2`` before ``m:10`` (digit runs compare as numbers).

    ``re.split`` with a capturing group alternates text and digits, so equal positions always hold
    the same type; the full text closes the key so that distinct ids never tie.
    """
    text = str(node)
    parts = _DIGITS.split(text)
    return (*(int(p) if i % 2 else p for i, p in enumerate(parts)), text)


def ordered(nodes: Iterable[Hashable]) -> list[Hashable]:
    """Nodes in natural order: the one order every analysis uses, so answers are reproducible."""
    return sorted(nodes, key=natural_key)


def check_digraph(G: nx.Graph) -> None:
    """Refuse what the analyses cannot read: undirected graphs and multigraphs."""
    if not G.is_directed() or G.is_multigraph():
        raise nx.NetworkXNotImplemented("system analysis needs an nx.DiGraph (one link per direction)")


# How a search step weighs a link: a negative link counts 1, an unknown one UNKNOWN — so one sum
# carries both counts (negatives = sum % UNKNOWN, unknowns = sum // UNKNOWN).
UNKNOWN = 1 << 32


def sign(G: nx.DiGraph, u: Hashable, v: Hashable) -> int:
    """The polarity of the link ``u → v``: +1, -1, or 0 when unknown (anything else is refused,
    naming the link)."""
    value = G.edges[u, v].get("polarity")
    if value is None:
        return 0
    if value in (1, -1) and not isinstance(value, bool):
        return int(value)
    raise ValueError(f"link {u!r} → {v!r} has polarity {value!r}; expected +1, -1 or None")


def negative(G: nx.DiGraph, u: Hashable, v: Hashable) -> bool:
    return sign(G, u, v) < 0


def weight(G: nx.DiGraph, u: Hashable, v: Hashable) -> int:
    """A link's weight in a search sum: 0 positive, 1 negative, :data:`UNKNOWN` unknown."""
    s = sign(G, u, v)
    return UNKNOWN if s == 0 else int(s < 0)


def causal(G: nx.DiGraph, u: Hashable, v: Hashable) -> bool:
    """False for a link drawn without direction (``undirected``): not part of loops or paths."""
    return G.edges[u, v].get("undirected") is not True


def split_weight(total: int) -> tuple[int, int]:
    """(negative links, unknown links) of a search sum of :func:`weight`."""
    return total % UNKNOWN, total // UNKNOWN


def path_polarity(total: int) -> str:
    """A causal chain with an even number of negative links pushes the same way: ``positive``;
    a chain with an unknown link is ``unknown``. ``total`` is a sum of :func:`weight`."""
    negatives, unknowns = split_weight(total)
    if unknowns:
        return "unknown"
    return "negative" if negatives % 2 else "positive"


def factor_ref(G: nx.DiGraph, node: Hashable) -> dict[str, Any]:
    """``{"id", "name"}`` of a factor, for answers."""
    return {"id": node, "name": G.nodes[node].get("name")}


def resolve_factor(G: nx.DiGraph, ref: str, system_id: str | None = None) -> Hashable:
    """The factor ``ref`` names: its full id, its local id (after ``<system id>:``) or its name —
    exactly, or else ignoring case, spaces and punctuation (:func:`name_key`).

    Unknown → :class:`NotFound` (404) naming ``ref`` as a name or id, with ``did_you_mean``: the
    closest names;
    a name two factors share → :class:`RuleBroken`.
    """
    if ref in G:
        return ref
    if system_id is not None and f"{system_id}:{ref}" in G:
        return f"{system_id}:{ref}"
    named = [n for n, name in G.nodes(data="name") if name == ref]
    if not named:
        key = name_key(ref)
        named = [n for n, name in G.nodes(data="name") if name is not None and name_key(name) == key]
    if not named:  # "selfesteem" for "Self esteem"
        key = name_key(ref).replace(" ", "")
        named = [n for n, name in G.nodes(data="name")
                 if name is not None and name_key(name).replace(" ", "") == key]
    if len(named) == 1:
        return named[0]
    if len(named) > 1:
        raise RuleBroken("ambiguous_factor", f"{len(named)} factors are named {ref!r}; use an id",
                         factor=ref, ids=ordered(named))
    close = similar_names(G, ref)
    where = f" in system {system_id!r}" if system_id else ""
    hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
    missing = NotFound("factor", ref, system=system_id, did_you_mean=close)
    missing.message = f"no factor named {ref!r} (or with that id){where}{hint}"
    missing.args = (missing.message,)
    raise missing


def similar_names(G: nx.DiGraph, ref: str, n: int = 5) -> list[str]:
    """Up to ``n`` factor names closest to ``ref`` (for "did you mean"), best first."""
    names = {name_key(name): str(name) for _, name in G.nodes(data="name") if name}
    key = name_key(ref)
    close = difflib.get_close_matches(key, list(names), n=n, cutoff=0.6)
    close += [k for k in names if key and key in k and k not in close]
    return [names[k] for k in close[:n]]


def indexed(G: nx.DiGraph) -> tuple[list[Hashable], list[list[tuple[int, bool]]]]:
    """Nodes in natural order and, per node index, its causal successors as ``(index, weight)``
    (see :func:`weight`).

    Integer indexes and pre-sorted successor lists make the path searches fast and deterministic.
    """
    nodes = ordered(G)
    index = {n: i for i, n in enumerate(nodes)}
    succ = [
        sorted((index[v], weight(G, u, v)) for v in G.successors(u) if causal(G, u, v))
        for u in nodes
    ]
    return nodes, succ

"""The neutral in-memory shape of one outcome system: every import format converts to a
:class:`SystemSnapshot`, every export converts from one, and :func:`graph.systems.system.save_system`
writes one to Neo4j in a single transaction.

Ids inside a snapshot are *local*: a factor's ``local_id`` is the source file's id (or a slug of its
name), a cluster's ``local_id`` is the slug of its name; Neo4j ids are ``<system id>:<local id>``
(graph/learning/model.py). A link names its factors by local id.

>>> s = SystemSnapshot(id="demo", name="Demo", outcome="health",
...     clusters=[SnapshotCluster("body", "Body")],
...     factors=[SnapshotFactor("a", "Sleep", cluster="body"), SnapshotFactor("b", "Stress")],
...     links=[SnapshotLink("b", "a", polarity=-1)])
>>> validate_snapshot(s)
>>> s.factor_id("a"), s.cluster_id("body")
('demo:a', 'demo:body')
>>> slugify("Children’s control of diet")
'childrens-control-of-diet'
>>> parse_polarity("negative"), parse_polarity("+")
(-1, 1)
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

import networkx as nx

from graph.core.changes import STAMP_KEYS
from graph.core.errors import RuleBroken

# Properties a Factor node or an INFLUENCES relationship has by design; other ("extra")
# properties a source file brings are kept under their own names and must not clash with these.
# ``name_key`` and the version stamps (graph.core.changes.STAMP_KEYS) are kept by the service itself.
CORE_FACTOR_KEYS = frozenset({"id", "local_id", "name", "description", "x", "y", "name_key"}) | STAMP_KEYS
CORE_LINK_KEYS = frozenset({"polarity", "strength", "delay", "evidence"}) | STAMP_KEYS


def name_key(system_id: str, name: str) -> str:
    """The key that makes factor names unique per system (a uniqueness constraint on it holds under
    races): the system id, then the name lower-cased, trimmed, each run of spaces as one (the same
    rule as the migration in queries/schema/schema.cypher).

    >>> name_key("debt", "  Household   Income ")
    'debt|household income'
    """
    return f"{system_id}|{normal_name(name)}"


def normal_name(name: str) -> str:
    """A factor name as uniqueness compares it: lower-cased, trimmed, each run of spaces as one.

    >>> normal_name("  Household   Income ")
    'household income'
    """
    return " ".join(w for w in name.strip().lower().split(" ") if w)

Scalar = str | int | float | bool
PropertyValue = Scalar | list[str]


@dataclass
class SnapshotCluster:
    """A named group of factors (Foresight's eight thematic clusters, a Kumu element type...)."""

    local_id: str
    name: str
    colour: str | None = None


@dataclass
class SnapshotFactor:
    """One factor; ``cluster`` is the local id of its cluster; ``properties`` holds the extras."""

    local_id: str
    name: str
    description: str = ""
    cluster: str | None = None
    x: float | None = None
    y: float | None = None
    properties: dict[str, PropertyValue] = field(default_factory=dict)


@dataclass
class SnapshotLink:
    """``source`` influences ``target`` (local ids): polarity +1 (more → more), -1 (more → less)
    or None (unknown: the map does not say; loops through it are ``undetermined``)."""

    source: str
    target: str
    polarity: int | None
    strength: float | None = None
    delay: bool = False
    evidence: str | None = None
    properties: dict[str, PropertyValue] = field(default_factory=dict)


@dataclass
class SystemSnapshot:
    """One outcome system with its clusters, factors and links: the pivot of every format."""

    id: str
    name: str
    outcome: str
    description: str | None = None
    factors: list[SnapshotFactor] = field(default_factory=list)
    clusters: list[SnapshotCluster] = field(default_factory=list)
    links: list[SnapshotLink] = field(default_factory=list)

    def factor_id(self, local_id: str) -> str:
        return f"{self.id}:{local_id}"

    def cluster_id(self, local_id: str) -> str:
        return f"{self.id}:{local_id}"

    def cluster_names(self) -> dict[str, str]:
        """Cluster local id → name."""
        return {c.local_id: c.name for c in self.clusters}

    def counts(self) -> dict[str, int]:
        return {
            "factors": len(self.factors),
            "clusters": len(self.clusters),
            "links": len(self.links),
            "positive_links": sum(1 for link in self.links if link.polarity == 1),
            "negative_links": sum(1 for link in self.links if link.polarity == -1),
            "unknown_links": sum(1 for link in self.links if link.polarity is None),
        }

    def canonical(self) -> dict[str, Any]:
        """Order-free plain data: two snapshots hold the same graph iff these are equal."""
        return {
            "id": self.id,
            "name": self.name,
            "outcome": self.outcome,
            "description": self.description,
            "clusters": sorted((asdict(c) for c in self.clusters), key=lambda c: c["local_id"]),
            "factors": sorted((asdict(f) for f in self.factors), key=lambda f: f["local_id"]),
            "links": sorted(
                (asdict(link) for link in self.links), key=lambda link: (link["source"], link["target"])
            ),
        }

    def same_graph(self, other: SystemSnapshot) -> bool:
        return self.canonical() == other.canonical()


def slugify(text: str, fallback: str = "item") -> str:
    """Lower-case ASCII words joined by ``-`` (accents dropped, anything else a separator)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug or fallback


def unique_slug(text: str, taken: set[str], fallback: str = "item") -> str:
    """:func:`slugify`, with ``-2``, ``-3``... appended when the slug is taken; records it in ``taken``."""
    base = slugify(text, fallback)
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    taken.add(slug)
    return slug


def parse_polarity(value: Any) -> int | None:
    """+1, -1 or None (unknown) from any word of the polarity vocabulary; ValueError otherwise.
    A thin name for :func:`graph.formats.vocabulary.parse_polarity` (the one table)."""
    from graph.formats.vocabulary import parse_polarity as read

    return read(value)


def polarity_word(polarity: int | None) -> str:
    return {1: "positive", -1: "negative"}.get(polarity, "")  # type: ignore[arg-type]


def polarity_sign(polarity: int | None) -> str:
    return {1: "+", -1: "-"}.get(polarity, "")  # type: ignore[arg-type]


def check_local_id(local_id: str, what: str = "factor") -> None:
    """A local id addresses its item in URLs: non-empty, no ``/``, no surrounding spaces."""
    if not isinstance(local_id, str) or not local_id or local_id != local_id.strip() or "/" in local_id:
        raise RuleBroken(
            "bad_id",
            f"{what} id {local_id!r} is not usable: ids are non-empty, without '/' "
            "and without surrounding spaces",
            id=str(local_id),
        )


# The integers Neo4j stores (64-bit signed); a larger one would fail in the driver, not name itself.
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1


def storable_number(value: Any) -> bool:
    """False for a number Neo4j cannot keep as given: NaN, infinity or an integer beyond 64 bits."""
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return INT64_MIN <= value <= INT64_MAX
    return True


def bad_property_name(key: Any, core: frozenset[str]) -> bool:
    """Empty, one of the ``core`` names, or holding a NUL byte (Neo4j refuses those as names)."""
    return not isinstance(key, str) or not key or key in core or "\x00" in key


def _check_properties(props: dict[str, Any], core: frozenset[str], where: str) -> None:
    for key, value in props.items():
        if bad_property_name(key, core):
            raise RuleBroken(
                "reserved_property", f"{where}: property name {key!r} is reserved or empty", property=str(key)
            )
        ok = isinstance(value, Scalar) or (isinstance(value, list) and all(isinstance(v, str) for v in value))
        if not ok or not storable_number(value):
            raise RuleBroken(
                "bad_property",
                f"{where}: property {key!r} must be text, a number, "
                f"true/false or a list of text (got {value!r})",
                property=key,
            )


def _check_number(value: float | None, where: str) -> None:
    if value is not None and (
        isinstance(value, bool) or not isinstance(value, int | float) or not storable_number(value)
    ):
        raise RuleBroken("bad_number", f"{where} must be a finite number (got {value!r})")


def validate_snapshot(snapshot: SystemSnapshot) -> None:
    """Every rule a stored system keeps; raises :class:`RuleBroken` (422) naming the first broken one.

    Ids unique and usable, factor names unique (name-based formats must be able to name every
    factor), clusters and link ends exist, polarity +1/-1/None, at most one link per ordered pair.
    """
    check_local_id(snapshot.id, "system")
    if ":" in snapshot.id:
        raise RuleBroken(
            "bad_id",
            f"system id {snapshot.id!r} must not contain ':' "
            "(it separates the system id from a factor's local id)",
            id=snapshot.id,
        )
    if not snapshot.name.strip():
        raise RuleBroken("empty_name", f"system {snapshot.id!r} needs a name", id=snapshot.id)
    cluster_ids = _unique([c.local_id for c in snapshot.clusters], "cluster id")
    _unique([c.name for c in snapshot.clusters], "cluster name")
    for cluster in snapshot.clusters:
        check_local_id(cluster.local_id, "cluster")
    factor_ids = _unique([f.local_id for f in snapshot.factors], "factor id")
    _unique([name_key("", f.name) for f in snapshot.factors], "factor name (ignoring case and spaces)")
    for f in snapshot.factors:
        check_local_id(f.local_id)
        if not f.name.strip():
            raise RuleBroken("empty_name", f"factor {f.local_id!r} has no name", factor=f.local_id)
        if f.cluster is not None and f.cluster not in cluster_ids:
            raise RuleBroken(
                "unknown_cluster",
                f"factor {f.local_id!r} is in unknown cluster {f.cluster!r}",
                factor=f.local_id,
                cluster=f.cluster,
            )
        _check_number(f.x, f"factor {f.local_id!r} x")
        _check_number(f.y, f"factor {f.local_id!r} y")
        _check_properties(f.properties, CORE_FACTOR_KEYS, f"factor {f.local_id!r}")
    pairs: set[tuple[str, str]] = set()
    for link in snapshot.links:
        where = f"link {link.source!r} → {link.target!r}"
        for end in (link.source, link.target):
            if end not in factor_ids:
                raise RuleBroken("unknown_factor", f"{where}: no factor {end!r} in this system", factor=end)
        if (link.source, link.target) in pairs:
            raise RuleBroken(
                "duplicate_link", f"{where} appears twice", source=link.source, target=link.target
            )
        pairs.add((link.source, link.target))
        if link.polarity is not None and (link.polarity not in (1, -1) or isinstance(link.polarity, bool)):
            raise RuleBroken(
                "bad_polarity", f"{where}: polarity must be +1, -1 or null (unknown)", polarity=link.polarity
            )
        if not isinstance(link.delay, bool):
            raise RuleBroken("bad_delay", f"{where}: delay must be true or false")
        _check_number(link.strength, f"{where} strength")
        _check_properties(link.properties, CORE_LINK_KEYS, where)


def _unique(values: Iterable[str], what: str) -> set[str]:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            raise RuleBroken("duplicate", f"duplicate {what} {value!r}", value=value)
        seen.add(value)
    return seen


def to_digraph(snapshot: SystemSnapshot) -> nx.DiGraph:
    """The system as a networkx graph keyed by full factor id (the shape analysis works on)."""
    g = nx.DiGraph(id=snapshot.id, name=snapshot.name, outcome=snapshot.outcome)
    names = snapshot.cluster_names()
    for f in snapshot.factors:
        g.add_node(
            snapshot.factor_id(f.local_id),
            local_id=f.local_id,
            name=f.name,
            description=f.description,
            cluster=names.get(f.cluster) if f.cluster else None,
            cluster_id=snapshot.cluster_id(f.cluster) if f.cluster else None,
            x=f.x,
            y=f.y,
        )
    for link in snapshot.links:
        g.add_edge(
            snapshot.factor_id(link.source),
            snapshot.factor_id(link.target),
            polarity=link.polarity,
            strength=link.strength,
            delay=link.delay,
            evidence=link.evidence,
            **({"undirected": True} if link.properties.get("undirected") is True else {}),
        )
    return g

"""Factors and clusters of one outcome system, one at a time (what the REST routes call; links
are in graph/systems/links.py).

Addressing: a factor (or cluster) in a URL or a request body is its *local* id (``12``) or its full
id (``foresight-obesity:12``); the local reading is tried first. A cluster may also be named by its
name. Every change runs in one write transaction that checks first and raises on a broken rule,
so a refused request changes nothing.
"""

from __future__ import annotations

from typing import Any

from neo4j import ManagedTransaction
from neo4j.exceptions import ConstraintError

from graph.core import changes as versions
from graph.core import trash
from graph.core.db import Graph, run
from graph.core.errors import Conflict, NotFound, RuleBroken
from graph.core.roles import require_role
from graph.systems.snapshot import (
    CORE_FACTOR_KEYS,
    CORE_LINK_KEYS,
    bad_property_name,
    check_local_id,
    name_key,
    slugify,
    storable_number,
)
from graph.systems.system import require_system, without_none

# --- addressing ----------------------------------------------------------------------------------


def _candidates(system_id: str, ref: str) -> list[str]:
    ids = [f"{system_id}:{ref}"]
    if ref.startswith(f"{system_id}:"):
        ids.append(ref)
    return ids


def _unknown(
    tx: ManagedTransaction, system_id: str, kind: str, ref: str, in_body: bool
) -> RuleBroken | NotFound:
    """The error for a factor/cluster ``ref`` that is not in the system: 404 if the system itself is
    missing (raised here) or the reference is in the URL, 422 ``unknown_<kind>`` if it is in the body."""
    require_system(tx, system_id)
    if in_body:
        return RuleBroken(
            f"unknown_{kind}",
            f"no {kind} {ref!r} in outcome system {system_id!r}",
            **{kind: ref},
            system=system_id,
        )
    return NotFound(kind, ref, system=system_id)


def resolve_factor(tx: ManagedTransaction, system_id: str, ref: str, in_body: bool = False) -> str:
    """The full id of factor ``ref`` (local or full id) in the system; 404 (422 when the reference
    comes from a request body) if there is none."""
    candidates = _candidates(system_id, ref)
    found = {row["id"] for row in run(tx, "systems/factor_find", system_id=system_id, ids=candidates)}
    for candidate in candidates:
        if candidate in found:
            return candidate
    raise _unknown(tx, system_id, "factor", ref, in_body)


def resolve_cluster(tx: ManagedTransaction, system_id: str, ref: str, in_body: bool = False) -> str:
    """The full id of cluster ``ref`` (local id, full id or name); 404 / 422 like :func:`resolve_factor`."""
    candidates = _candidates(system_id, ref)
    rows = run(tx, "systems/cluster_find", system_id=system_id, ids=candidates, cluster_name=ref)
    by_id = {row["id"] for row in rows}
    for candidate in candidates:
        if candidate in by_id:
            return candidate
    if rows:
        return rows[0]["id"]
    raise _unknown(tx, system_id, "cluster", ref, in_body)


# --- factors -------------------------------------------------------------------------------------


def factor_public(props: dict[str, Any], cluster_id: str | None, cluster: str | None) -> dict[str, Any]:
    """A stored factor as the API shows it: core fields, cluster, and the extras under ``properties``."""
    return {
        "id": props["id"], "local_id": props.get("local_id", props["id"].split(":", 1)[-1]),
        "name": props["name"], "description": props.get("description", ""),
        "cluster_id": cluster_id, "cluster": cluster, "x": props.get("x"), "y": props.get("y"),
        "properties": {k: v for k, v in props.items() if k not in CORE_FACTOR_KEYS},
        **stamps(props),
    }


def stamps(props: dict[str, Any]) -> dict[str, Any]:
    """The version, when and by whom an entity was last changed (version 1: never since versions)."""
    return {"version": versions.version_of(props), "updated_at": props.get("updated_at"),
            "updated_by": props.get("updated_by")}


def link_public(row: dict[str, Any]) -> dict[str, Any]:
    props = dict(row["props"])
    return {
        "source": row["source"], "source_name": row["source_name"],
        "target": row["target"], "target_name": row["target_name"],
        "polarity": props.pop("polarity", None),
        "strength": props.pop("strength", None),
        "delay": props.pop("delay", False),
        "evidence": props.pop("evidence", None),
        "properties": {k: v for k, v in props.items() if k not in CORE_LINK_KEYS},
        **stamps(row["props"]),
    }


def list_factors(
    graph: Graph, system_id: str, cluster: str | None = None, limit: int = 1000, offset: int = 0
) -> dict[str, Any]:
    """One page of the system's factors, optionally those of one cluster (id or name)."""

    def work(tx: ManagedTransaction) -> dict[str, Any]:
        require_system(tx, system_id)
        cluster_id = resolve_cluster(tx, system_id, cluster) if cluster else None
        params = {"system_id": system_id, "cluster_id": cluster_id}
        total = run(tx, "systems/factor_count", **params)[0]["total"]
        rows = run(tx, "systems/factor_page", **params, limit=limit, offset=offset)
        items = [factor_public(r["factor"], r["cluster_id"], r["cluster"]) for r in rows]
        return {"items": items, "total": total, "limit": limit, "offset": offset}

    return graph.read_tx(work)


def factor_detail(tx: ManagedTransaction, factor_id: str) -> dict[str, Any]:
    versions.settle(tx)  # inside a write: what it changed shows its new version
    row = run(tx, "systems/factor_get", factor_id=factor_id)[0]
    return {
        **factor_public(row["factor"], row["cluster_id"], row["cluster"]),
        "out_links": sorted((link_public(r) for r in row["out_links"]), key=lambda x: x["target"]),
        "in_links": sorted((link_public(r) for r in row["in_links"]), key=lambda x: x["source"]),
        "experiments": sorted(row["experiments"]),
    }


def get_factor(graph: Graph, system_id: str, ref: str) -> dict[str, Any]:
    """One factor with its links in and out and the experiments acting on it."""
    return graph.read_tx(lambda tx: factor_detail(tx, resolve_factor(tx, system_id, ref)))


def _check_name_free(tx: ManagedTransaction, system_id: str, name: str, except_id: str | None) -> None:
    """409 when another factor of the system has this name (compared as :func:`name_key`; the
    uniqueness constraint on ``name_key`` holds the rule when two requests race)."""
    taken = run(tx, "systems/factor_name_taken", name_key=name_key(system_id, name), except_id=except_id)
    if taken:
        raise Conflict(
            "duplicate_factor_name",
            f"outcome system {system_id!r} already has a factor named {name!r} ({taken[0]['id']})",
            name=name,
            factor=taken[0]["id"],
        )


def name_race(graph: Graph, system_id: str, name: str, work: Any) -> dict[str, Any]:
    """Run ``work`` in a write transaction; a factor name taken by a request that committed first
    (the ``name_key`` constraint) answers the same 409 as the check before writing."""
    try:
        return graph.write_tx(work)
    except ConstraintError as error:
        if "name_key" not in str(error.message):
            raise
        raise Conflict("duplicate_factor_name",
                       f"outcome system {system_id!r} already has a factor named {name!r}",
                       name=name) from None


def check_extras(properties: dict[str, Any], core: frozenset[str]) -> None:
    """422 for extra properties Neo4j cannot keep: reserved, empty or NUL-holding names, and
    numbers beyond what it stores (``None`` values are removals and always fine)."""
    bad = sorted(k for k in properties if bad_property_name(k, core))
    if bad:
        raise RuleBroken(
            "reserved_property",
            f"property names {', '.join(map(repr, bad))} are reserved, empty or hold a NUL byte",
            properties=bad,
        )
    unstorable = sorted(k for k, v in properties.items() if v is not None and not storable_number(v))
    if unstorable:
        raise RuleBroken(
            "bad_property",
            f"properties {', '.join(map(repr, unstorable))} hold numbers Neo4j cannot store "
            "(integers must fit in 64 bits, floats must be finite)", properties=unstorable,
        )


def create_factor(graph: Graph, system_id: str, data: dict[str, Any]) -> dict[str, Any]:
    """A new factor; ``data``: name, optional local ``id`` (default: slug of the name),
    description, cluster (id or name), x, y, properties (extras)."""
    local_id = data.get("id") or slugify(data["name"], "factor")
    check_local_id(local_id)
    extras = dict(data.get("properties") or {})
    check_extras(extras, CORE_FACTOR_KEYS)

    def work(tx: ManagedTransaction) -> dict[str, Any]:
        require_role("contributor", "change outcome systems")
        require_system(tx, system_id)
        factor_id = f"{system_id}:{local_id}"
        if run(tx, "systems/factor_find", system_id=system_id, ids=[factor_id]):
            raise Conflict("duplicate_factor", f"factor {factor_id!r} exists already", id=factor_id)
        _check_name_free(tx, system_id, data["name"], None)
        cluster_id = (
            resolve_cluster(tx, system_id, data["cluster"], in_body=True) if data.get("cluster") else None
        )
        props = {
            **extras,
            "local_id": local_id,
            "name": data["name"],
            "name_key": name_key(system_id, data["name"]),
            "description": data.get("description") or "",
            "x": data.get("x"),
            "y": data.get("y"),
        }
        run(
            tx,
            "systems/factor_create",
            system_id=system_id,
            factor_id=factor_id,
            cluster_id=cluster_id,
            props=without_none(props),
        )
        versions.created(tx, "factor", "Factor", factor_id)
        return factor_detail(tx, factor_id)

    return name_race(graph, system_id, data["name"], work)


def update_factor(graph: Graph, system_id: str, ref: str, changes: dict[str, Any]) -> dict[str, Any]:
    """Changes name, description, x, y, cluster (None: out of its cluster) and extras
    (``properties``: merged; a None value removes that extra)."""
    extras = dict(changes.pop("properties", None) or {})
    check_extras(extras, CORE_FACTOR_KEYS)

    def work(tx: ManagedTransaction) -> dict[str, Any]:
        require_role("contributor", "change outcome systems")
        factor_id = resolve_factor(tx, system_id, ref)
        versions.touch(tx, "factor", "Factor", factor_id)
        if changes.get("name"):
            _check_name_free(tx, system_id, changes["name"], factor_id)
            changes["name_key"] = name_key(system_id, changes["name"])
        if "cluster" in changes:
            ref_cluster = changes.pop("cluster")
            cluster_id = resolve_cluster(tx, system_id, ref_cluster, in_body=True) if ref_cluster else None
            run(tx, "systems/factor_set_cluster", factor_id=factor_id, cluster_id=cluster_id)
        if "description" in changes and changes["description"] is None:
            changes["description"] = ""
        if changes or extras:
            run(tx, "systems/factor_update", factor_id=factor_id, changes={**extras, **changes})
        return factor_detail(tx, factor_id)

    return name_race(graph, system_id, str(changes.get("name")), work)


def delete_factor(graph: Graph, system_id: str, ref: str, detach: bool = False) -> dict[str, Any]:
    """Deletes a factor and its links; refused (409) while experiments intervene on it, unless
    ``detach`` (then those INTERVENES_ON links go too and are reported)."""

    def work(tx: ManagedTransaction) -> dict[str, Any]:
        require_role("admin" if detach else "contributor",
                     "delete factors" + (" with detach" if detach else ""))
        factor_id = resolve_factor(tx, system_id, ref)
        versions.touch(tx, "factor", "Factor", factor_id, op="delete")
        gone = trash.before_delete(tx, "factor", "Factor", factor_id)
        experiments = sorted(run(tx, "systems/factor_get", factor_id=factor_id)[0]["experiments"])
        if experiments and not detach:
            raise Conflict(
                "factor_in_use",
                f"cannot delete factor {factor_id!r}: experiments "
                f"{', '.join(experiments)} intervene on it. Pass detach=true to delete those "
                "links as well.",
                id=factor_id,
                experiments=experiments,
            )
        links = run(tx, "systems/factor_delete", factor_id=factor_id)[0]["links"]
        trash.after_delete(tx, gone)
        return {"deleted": factor_id, "links": links, "detached_experiments": experiments}

    return graph.write_tx(work)


# --- clusters ------------------------------------------------------------------------------------


def cluster_public(
    system_id: str, props: dict[str, Any], factors: int | list[dict[str, str]]
) -> dict[str, Any]:
    out = {
        "id": props["id"],
        "local_id": props["id"][len(system_id) + 1 :],
        "name": props["name"],
        "colour": props.get("colour"),
        **stamps(props),
    }
    if isinstance(factors, int):
        return {**out, "factor_count": factors}
    return {**out, "factor_count": len(factors), "factors": factors}


def list_clusters(graph: Graph, system_id: str, limit: int = 1000, offset: int = 0) -> dict[str, Any]:
    def work(tx: ManagedTransaction) -> dict[str, Any]:
        require_system(tx, system_id)
        total = run(tx, "systems/cluster_count", system_id=system_id)[0]["total"]
        rows = run(tx, "systems/cluster_page", system_id=system_id, limit=limit, offset=offset)
        items = [cluster_public(system_id, r["cluster"], r["cluster"].pop("factors")) for r in rows]
        return {"items": items, "total": total, "limit": limit, "offset": offset}

    return graph.read_tx(work)


def cluster_detail(tx: ManagedTransaction, system_id: str, cluster_id: str) -> dict[str, Any]:
    versions.settle(tx)
    row = run(tx, "systems/cluster_get", cluster_id=cluster_id)[0]
    return cluster_public(system_id, row["cluster"], row["factors"])


def get_cluster(graph: Graph, system_id: str, ref: str) -> dict[str, Any]:
    return graph.read_tx(lambda tx: cluster_detail(tx, system_id, resolve_cluster(tx, system_id, ref)))


def _check_cluster_name_free(
    tx: ManagedTransaction, system_id: str, name: str, except_id: str | None
) -> None:
    found = run(tx, "systems/cluster_find", system_id=system_id, ids=[], cluster_name=name)
    rows = [r for r in found if r["id"] != except_id]
    if rows:
        raise Conflict(
            "duplicate_cluster",
            f"outcome system {system_id!r} already has a cluster named {name!r} ({rows[0]['id']})",
            name=name,
            cluster=rows[0]["id"],
        )


def create_cluster(graph: Graph, system_id: str, data: dict[str, Any]) -> dict[str, Any]:
    """A new cluster; ``data``: name, optional local ``id`` (default: slug of the name), colour."""
    local_id = data.get("id") or slugify(data["name"], "cluster")
    check_local_id(local_id, "cluster")

    def work(tx: ManagedTransaction) -> dict[str, Any]:
        require_role("contributor", "change outcome systems")
        require_system(tx, system_id)
        cluster_id = f"{system_id}:{local_id}"
        if any(
            r["id"] == cluster_id
            for r in run(tx, "systems/cluster_find", system_id=system_id, ids=[cluster_id], cluster_name=None)
        ):
            raise Conflict("duplicate_cluster", f"cluster {cluster_id!r} exists already", id=cluster_id)
        _check_cluster_name_free(tx, system_id, data["name"], None)
        props = {"name": data["name"], "colour": data.get("colour")}
        run(
            tx,
            "systems/cluster_create",
            system_id=system_id,
            cluster_id=cluster_id,
            props=without_none(props),
        )
        versions.created(tx, "cluster", "Cluster", cluster_id)
        return cluster_detail(tx, system_id, cluster_id)

    return graph.write_tx(work)


def update_cluster(graph: Graph, system_id: str, ref: str, changes: dict[str, Any]) -> dict[str, Any]:
    """Renames a cluster or changes its colour (its id stays)."""

    def work(tx: ManagedTransaction) -> dict[str, Any]:
        require_role("contributor", "change outcome systems")
        cluster_id = resolve_cluster(tx, system_id, ref)
        versions.touch(tx, "cluster", "Cluster", cluster_id)
        if changes.get("name"):
            _check_cluster_name_free(tx, system_id, changes["name"], cluster_id)
        if changes:
            run(tx, "systems/cluster_update", cluster_id=cluster_id, changes=changes)
        return cluster_detail(tx, system_id, cluster_id)

    return graph.write_tx(work)


def delete_cluster(graph: Graph, system_id: str, ref: str) -> dict[str, Any]:
    """Deletes a cluster; its factors stay, in no cluster (their number is reported)."""

    def work(tx: ManagedTransaction) -> dict[str, Any]:
        require_role("contributor", "change outcome systems")
        cluster_id = resolve_cluster(tx, system_id, ref)
        versions.touch(tx, "cluster", "Cluster", cluster_id, op="delete")
        gone = trash.before_delete(tx, "cluster", "Cluster", cluster_id)
        factors = run(tx, "systems/cluster_delete", cluster_id=cluster_id)[0]["factors"]
        trash.after_delete(tx, gone)
        return {"deleted": cluster_id, "unclustered_factors": factors}

    return graph.write_tx(work)

"""Links of one outcome system, one at a time (what the REST routes call): ``INFLUENCES
{polarity?, strength?, delay, evidence?, <extras>}`` between two of its factors, at most one per
ordered pair. Factors are addressed as in :mod:`graph.systems.parts` (local id first, then full id).
"""

from __future__ import annotations

from typing import Any

from neo4j import ManagedTransaction

from graph.core import changes as versions
from graph.core.db import Graph, run
from graph.core.errors import Conflict, NotFound, RuleBroken
from graph.core.roles import require_role
from graph.systems.parts import check_extras, link_public, resolve_factor
from graph.systems.snapshot import CORE_LINK_KEYS
from graph.systems.system import require_system, without_none


def list_links(
    graph: Graph,
    system_id: str,
    source: str | None = None,
    target: str | None = None,
    polarity: int | None = None,
    limit: int = 1000,
    offset: int = 0,
) -> dict[str, Any]:
    """One page of the system's links, optionally only from ``source``, to ``target``, of a polarity."""

    def work(tx: ManagedTransaction) -> dict[str, Any]:
        require_system(tx, system_id)
        params = {
            "system_id": system_id,
            "polarity": polarity,
            "source": resolve_factor(tx, system_id, source) if source else None,
            "target": resolve_factor(tx, system_id, target) if target else None,
        }
        total = run(tx, "systems/link_count", **params)[0]["total"]
        rows = run(tx, "systems/link_page", **params, limit=limit, offset=offset)
        items = [link_public(r["link"]) for r in rows]
        return {"items": items, "total": total, "limit": limit, "offset": offset}

    return graph.read_tx(work)


def _require_link(tx: ManagedTransaction, source_id: str, target_id: str) -> dict[str, Any]:
    versions.settle(tx)  # inside a write: what it changed shows its new version
    rows = run(tx, "systems/link_get", source=source_id, target=target_id)
    if not rows:
        raise NotFound("link", f"{source_id} -> {target_id}", source=source_id, target=target_id)
    return link_public(rows[0]["link"])


def get_link(graph: Graph, system_id: str, source: str, target: str) -> dict[str, Any]:
    def work(tx: ManagedTransaction) -> dict[str, Any]:
        return _require_link(tx, resolve_factor(tx, system_id, source), resolve_factor(tx, system_id, target))

    return graph.read_tx(work)


def _link_props(data: dict[str, Any]) -> dict[str, Any]:
    extras = dict(data.pop("properties", None) or {})
    check_extras(extras, CORE_LINK_KEYS)
    return {**extras, **data}


def create_link(graph: Graph, system_id: str, data: dict[str, Any]) -> dict[str, Any]:
    """A new link ``{source, target, polarity, strength?, delay?, evidence?, properties?}``;
    409 if these two factors are linked that way already."""
    data = dict(data)
    source_ref, target_ref = data.pop("source"), data.pop("target")
    props = _link_props({**data, "delay": bool(data.get("delay", False))})

    def work(tx: ManagedTransaction) -> dict[str, Any]:
        require_role("contributor", "change outcome systems")
        source = resolve_factor(tx, system_id, source_ref, in_body=True)
        target = resolve_factor(tx, system_id, target_ref, in_body=True)
        if run(tx, "systems/link_get", source=source, target=target):
            raise Conflict(
                "duplicate_link",
                f"{source} already influences {target}; change that link with PATCH instead",
                source=source,
                target=target,
            )
        run(
            tx,
            "systems/link_create",
            source=source,
            target=target,
            props=without_none(props),
        )
        versions.link_created(tx, source, target)
        return _require_link(tx, source, target)

    return graph.write_tx(work)


def update_link(
    graph: Graph, system_id: str, source: str, target: str, changes: dict[str, Any]
) -> dict[str, Any]:
    """Changes polarity, strength, delay, evidence or extras (None removes strength, evidence or an
    extra; polarity None makes it unknown, e.g. after an import of a map without signs)."""
    changes = _link_props(dict(changes))
    if "delay" in changes and changes["delay"] is None:
        raise RuleBroken("required", "delay cannot be removed from a link")
    # polarity null: the link's polarity becomes unknown (the property is removed)

    def work(tx: ManagedTransaction) -> dict[str, Any]:
        require_role("contributor", "change outcome systems")
        source_id, target_id = resolve_factor(tx, system_id, source), resolve_factor(tx, system_id, target)
        versions.touch_link(tx, source_id, target_id)
        _require_link(tx, source_id, target_id)
        if changes:
            run(tx, "systems/link_update", source=source_id, target=target_id, changes=changes)
        return _require_link(tx, source_id, target_id)

    return graph.write_tx(work)


def delete_link(graph: Graph, system_id: str, source: str, target: str) -> dict[str, Any]:
    def work(tx: ManagedTransaction) -> dict[str, Any]:
        require_role("contributor", "change outcome systems")
        source_id, target_id = resolve_factor(tx, system_id, source), resolve_factor(tx, system_id, target)
        versions.touch_link(tx, source_id, target_id, op="delete")
        link = _require_link(tx, source_id, target_id)
        run(tx, "systems/link_delete", source=source_id, target=target_id)
        return {"deleted": link}

    return graph.write_tx(work)

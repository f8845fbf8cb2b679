"""Actors: the people, roles, teams, organisations, places and regions that take part in learning
cycles (``PARTICIPATES_IN {role}``, set in ``graph.learning.links``), co-design experiments and attend
sensemaking sessions. Deleting an actor removes only its links: nothing depends on it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from neo4j import ManagedTransaction

from graph.core.db import reads, run, writes
from graph.learning import store

KIND = "actor"


def get_actor_tx(tx: ManagedTransaction, actor_id: str) -> dict[str, Any]:
    return store.fetch_one(tx, KIND, actor_id)


def list_actors_tx(
    tx: ManagedTransaction, *, kind: str | None = None, cycle: str | None = None,
    limit: int = store.DEFAULT_LIMIT, offset: int = 0,
) -> dict[str, Any]:
    """A page of actors in id order, optionally of one ``kind`` and/or taking part in ``cycle``."""
    return store.page(tx, KIND, limit=limit, offset=offset, kind=kind, cycle=cycle)


def create_actor_tx(tx: ManagedTransaction, data: Mapping[str, Any]) -> dict[str, Any]:
    """A new actor ``{id?, name, kind}``."""
    props = store.new_props(tx, KIND, data, ("name", "kind"), name=data["name"])
    run(tx, "learning/actor_create", props=props)
    return get_actor_tx(tx, props["id"])


def update_actor_tx(tx: ManagedTransaction, actor_id: str, changes: Mapping[str, Any]) -> dict[str, Any]:
    return store.update(tx, KIND, actor_id, changes, ("name", "kind"))


def delete_actor_tx(tx: ManagedTransaction, actor_id: str) -> dict[str, Any]:
    return store.delete(tx, KIND, "learning/actor_delete", actor_id)


# --- the public forms: each owns its transaction (graph.core.db.reads / writes) ----------

get_actor = reads(get_actor_tx)
list_actors = reads(list_actors_tx)
create_actor = writes(create_actor_tx)
update_actor = writes(update_actor_tx)
delete_actor = writes(delete_actor_tx)

"""Patterns: statements a cycle draws from evidence, each ``DERIVED_FROM {stance}`` (``supports`` or
``contradicts``) the evidence behind it, so anyone can "show the working".

A pattern belongs to no single cycle: its evidence may come from several lower cycles. Deleting
evidence (or the experiment or cycle that produced it) removes only the ``DERIVED_FROM`` links; a
pattern left with no evidence is kept, still readable, with an empty ``derived_from`` and zero counts,
so a later sensemaking session can re-ground or retire it. A pattern's answer carries no evidence
text, only ids and stances (restricted text stays behind ``graph.learning.sensitivity``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from neo4j import ManagedTransaction

from graph.core.db import reads, run, writes
from graph.core.errors import RuleBroken
from graph.learning import store
from graph.learning.model import PatternStatus

KIND = "pattern"
FIELDS = ("statement", "status")


def get_pattern_tx(tx: ManagedTransaction, pattern_id: str) -> dict[str, Any]:
    return store.fetch_one(tx, KIND, pattern_id)


def list_patterns_tx(
    tx: ManagedTransaction, *, status: str | None = None, session: str | None = None,
    evidence: str | None = None, limit: int = store.DEFAULT_LIMIT, offset: int = 0,
) -> dict[str, Any]:
    """A page of patterns in id order, optionally with ``status``, surfaced in ``session``, or
    derived from ``evidence``."""
    return store.page(tx, KIND, limit=limit, offset=offset, status=status, session=session,
                      evidence=evidence)


def refuse_repeated_evidence(pattern_id: str, derived_from: Iterable[Mapping[str, Any]]) -> None:
    counts = Counter(d["evidence_id"] for d in derived_from)
    repeated = sorted(evidence_id for evidence_id, n in counts.items() if n > 1)
    if repeated:
        raise RuleBroken(
            "derived_from_once", "each evidence may appear once in derived_from (with one stance)",
            id=pattern_id, evidence=repeated,
        )


def create_pattern_tx(tx: ManagedTransaction, data: Mapping[str, Any]) -> dict[str, Any]:
    """A new pattern ``{id?, statement, status?, derived_from: [{evidence_id, stance}]}``."""
    props = store.new_props(tx, KIND, data, FIELDS, name=data["statement"],
                            defaults={"status": PatternStatus.emerging.value})
    derived_from = list(data.get("derived_from") or [])
    refuse_repeated_evidence(props["id"], derived_from)
    store.require(tx, "evidence", *[d["evidence_id"] for d in derived_from], role="derived_from")
    run(tx, "learning/pattern_create", props=props)
    for source in derived_from:
        run(tx, "learning/pattern_derived_set", id=props["id"], evidence=source["evidence_id"],
            stance=source["stance"])
    return get_pattern_tx(tx, props["id"])


def update_pattern_tx(tx: ManagedTransaction, pattern_id: str, changes: Mapping[str, Any]) -> dict[str, Any]:
    return store.update(tx, KIND, pattern_id, changes, FIELDS)


def delete_pattern_tx(tx: ManagedTransaction, pattern_id: str) -> dict[str, Any]:
    return store.delete(tx, KIND, "learning/pattern_delete", pattern_id)


def set_derived_from_tx(
    tx: ManagedTransaction, pattern_id: str, evidence_id: str, stance: str,
) -> dict[str, Any]:
    """The pattern is derived from the evidence with ``stance`` (replacing any stance it had)."""
    return store.link(tx, KIND, pattern_id, "evidence", evidence_id, "learning/pattern_derived_set",
                      evidence=evidence_id, stance=stance)


def remove_derived_from_tx(tx: ManagedTransaction, pattern_id: str, evidence_id: str) -> dict[str, Any]:
    return store.link(tx, KIND, pattern_id, "evidence", evidence_id, "learning/pattern_derived_remove",
                      evidence=evidence_id)


# --- the public forms: each owns its transaction (graph.core.db.reads / writes) ----------

get_pattern = reads(get_pattern_tx)
list_patterns = reads(list_patterns_tx)
create_pattern = writes(create_pattern_tx)
update_pattern = writes(update_pattern_tx)
delete_pattern = writes(delete_pattern_tx)
set_derived_from = writes(set_derived_from_tx)
remove_derived_from = writes(remove_derived_from_tx)

"""Experiments a learning cycle runs (``RUNS``): hypothesis tests and system probes, their iterations
(``NEXT_ITERATION``, never in a loop), co-designers (``CO_DESIGNED``) and the factors of an outcome
system they intervene on (``INTERVENES_ON``).

``outcome`` is a short free-text label of how an experiment turned out (e.g. "arrears reduced"); the
two-questions code counts recurring ones across lower cycles. Deleting an experiment deletes its
evidence; patterns derived from that evidence stay (the answer lists those left with none).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from neo4j import ManagedTransaction

from graph.core import changes
from graph.core.db import reads, run, writes
from graph.core.errors import RuleBroken
from graph.learning import store
from graph.learning.access import require_write_on
from graph.learning.links import refuse_self_link
from graph.learning.model import ExperimentStatus

KIND = "experiment"
FIELDS = ("kind", "question", "hypothesis", "status", "started_at", "ended_at", "outcome")


def get_experiment_tx(tx: ManagedTransaction, experiment_id: str) -> dict[str, Any]:
    return store.fetch_one(tx, KIND, experiment_id)


def list_experiments_tx(
    tx: ManagedTransaction, *, cycle: str | None = None, status: str | None = None,
    kind: str | None = None, limit: int = store.DEFAULT_LIMIT, offset: int = 0,
) -> dict[str, Any]:
    """A page of experiments in id order, optionally run by ``cycle``, with ``status``, of ``kind``."""
    return store.page(tx, KIND, limit=limit, offset=offset, cycle=cycle, status=status, kind=kind)


def refuse_backwards_dates(experiment_id: str, props: Mapping[str, Any]) -> None:
    started, ended = props.get("started_at"), props.get("ended_at")
    if started and ended and ended < started:  # ISO-8601 UTC strings sort as time does
        raise RuleBroken(
            "ended_after_started", f"experiment {experiment_id!r} cannot end ({ended}) before it starts "
            f"({started})", id=experiment_id, started_at=started, ended_at=ended,
        )


def iteration_loop(experiment_id: str, next_id: str, path: list[str]) -> RuleBroken:
    """The refusal of a NEXT_ITERATION link that would close a loop (``path`` leads next → experiment)."""
    return RuleBroken(
        "no_iteration_loop", f"{next_id!r} already leads (through {' -> '.join(path)}) to {experiment_id!r}",
        id=experiment_id, next=next_id, path=path,
    )


def create_experiment_tx(tx: ManagedTransaction, cycle_id: str, data: Mapping[str, Any]) -> dict[str, Any]:
    """Cycle ``cycle_id`` runs a new experiment ``{id?, kind, question, hypothesis?, status?,
    started_at?, ended_at?, outcome?}``."""
    props = store.new_props(tx, KIND, data, FIELDS, name=data.get("question"), owner=("cycle", cycle_id),
                            defaults={"status": ExperimentStatus.planned.value})
    refuse_backwards_dates(props["id"], props)
    run(tx, "learning/experiment_create", cycle=cycle_id, props=props)
    return get_experiment_tx(tx, props["id"])


def update_experiment_tx(
    tx: ManagedTransaction, experiment_id: str, changes: Mapping[str, Any],
) -> dict[str, Any]:
    store.touch(tx, KIND, experiment_id)  # locked first: the date rule reads what this change replaces
    current = get_experiment_tx(tx, experiment_id)
    props = {k: v for k, v in changes.items() if k in FIELDS}
    refuse_backwards_dates(experiment_id, {**current, **props})
    store.set_props(tx, KIND, experiment_id, props)
    return get_experiment_tx(tx, experiment_id)


def delete_experiment_tx(tx: ManagedTransaction, experiment_id: str) -> dict[str, Any]:
    return store.delete(tx, KIND, "learning/experiment_delete", experiment_id)


def link_next_iteration_tx(tx: ManagedTransaction, experiment_id: str, next_id: str) -> dict[str, Any]:
    """``next_id`` is the next iteration of ``experiment_id`` (no self link, no loop)."""
    require_write_on(tx, KIND, experiment_id, "link")
    store.require(tx, KIND, experiment_id, role="experiment")
    store.require(tx, KIND, next_id, role="next")
    refuse_self_link("NEXT_ITERATION", experiment_id, next_id, KIND)
    # One lock for the rule: concurrent links are checked one after another, each seeing the last
    # (two requests a->b and b->a at once would otherwise both find no path and close a loop).
    changes.rule_lock(tx, "NEXT_ITERATION")
    store.touch(tx, KIND, experiment_id, op="link", query="experiment_next_add", other=next_id)
    loop = run(tx, "learning/experiment_iteration_path", **{"from": next_id, "to": experiment_id})
    if loop:
        raise iteration_loop(experiment_id, next_id, loop[0]["ids"])
    run(tx, "learning/experiment_next_add", id=experiment_id, next=next_id)
    return get_experiment_tx(tx, experiment_id)


def unlink_next_iteration_tx(tx: ManagedTransaction, experiment_id: str, next_id: str) -> dict[str, Any]:
    return store.link(tx, KIND, experiment_id, KIND, next_id, "learning/experiment_next_remove",
                      roles=("experiment", "next"), next=next_id)


def add_co_designer_tx(tx: ManagedTransaction, experiment_id: str, actor_id: str) -> dict[str, Any]:
    return store.link(tx, KIND, experiment_id, "actor", actor_id, "learning/experiment_codesigner_add",
                      actor=actor_id)


def remove_co_designer_tx(tx: ManagedTransaction, experiment_id: str, actor_id: str) -> dict[str, Any]:
    return store.link(tx, KIND, experiment_id, "actor", actor_id, "learning/experiment_codesigner_remove",
                      actor=actor_id)


def link_intervenes_on_tx(tx: ManagedTransaction, experiment_id: str, factor_id: str) -> dict[str, Any]:
    """The experiment intervenes on factor ``factor_id`` of an outcome system (which must exist)."""
    return store.link(tx, KIND, experiment_id, "factor", factor_id, "learning/experiment_intervenes_add",
                      factor=factor_id)


def unlink_intervenes_on_tx(tx: ManagedTransaction, experiment_id: str, factor_id: str) -> dict[str, Any]:
    return store.link(tx, KIND, experiment_id, "factor", factor_id, "learning/experiment_intervenes_remove",
                      factor=factor_id)


# --- the public forms: each owns its transaction (graph.core.db.reads / writes) ----------

get_experiment = reads(get_experiment_tx)
list_experiments = reads(list_experiments_tx)
create_experiment = writes(create_experiment_tx)
update_experiment = writes(update_experiment_tx)
delete_experiment = writes(delete_experiment_tx)
link_next_iteration = writes(link_next_iteration_tx)
unlink_next_iteration = writes(unlink_next_iteration_tx)
add_co_designer = writes(add_co_designer_tx)
remove_co_designer = writes(remove_co_designer_tx)
link_intervenes_on = writes(link_intervenes_on_tx)
unlink_intervenes_on = writes(unlink_intervenes_on_tx)

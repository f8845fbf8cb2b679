"""``/experiments`` (and ``POST /cycles/{id}/experiments``): what cycles try, their iterations,
co-designers and the factors they intervene on. Deleting one deletes its evidence."""

from __future__ import annotations

from fastapi import APIRouter

from app.api.params import VERSIONED, IdFilter, Limit, Offset
from app.deps import GraphDep
from app.models.base import Page
from app.models.experiments import ExperimentCreate, ExperimentPublic, ExperimentUpdate
from app.models.learning_base import DeleteSummary
from graph.learning import experiments
from graph.learning.model import ExperimentKind, ExperimentStatus

router = APIRouter(tags=["experiments"])


@router.post("/cycles/{cycle_id}/experiments", response_model=ExperimentPublic, status_code=201)
def create_experiment(cycle_id: str, body: ExperimentCreate, graph: GraphDep) -> dict:
    """The cycle runs a new experiment."""
    return experiments.create_experiment(graph, cycle_id, body.model_dump(mode="json")
    )


@router.get("/experiments", response_model=Page[ExperimentPublic])
def list_experiments(
    graph: GraphDep, cycle: IdFilter = None, status: ExperimentStatus | None = None,
    kind: ExperimentKind | None = None, limit: Limit = 50, offset: Offset = 0,
) -> dict:
    return experiments.list_experiments(
        graph, cycle=cycle, status=status, kind=kind, limit=limit, offset=offset,
    )


@router.get("/experiments/{experiment_id}", response_model=ExperimentPublic)
def get_experiment(experiment_id: str, graph: GraphDep) -> dict:
    return experiments.get_experiment(graph, experiment_id)


@router.patch("/experiments/{experiment_id}", response_model=ExperimentPublic, **VERSIONED)
def update_experiment(experiment_id: str, body: ExperimentUpdate, graph: GraphDep) -> dict:
    return experiments.update_experiment(graph, experiment_id, body.changes())


@router.delete("/experiments/{experiment_id}", response_model=DeleteSummary, **VERSIONED)
def delete_experiment(experiment_id: str, graph: GraphDep) -> dict:
    """Delete the experiment and its evidence (patterns stay; see the answer)."""
    return experiments.delete_experiment(graph, experiment_id)


@router.put("/experiments/{experiment_id}/next-iteration/{next_id}", response_model=ExperimentPublic,
             **VERSIONED)
def link_next_iteration(experiment_id: str, next_id: str, graph: GraphDep) -> dict:
    """``next_id`` is the next iteration of this experiment (no loop; idempotent)."""
    return experiments.link_next_iteration(graph, experiment_id, next_id)


@router.delete("/experiments/{experiment_id}/next-iteration/{next_id}", response_model=ExperimentPublic,
             **VERSIONED)
def unlink_next_iteration(experiment_id: str, next_id: str, graph: GraphDep) -> dict:
    return experiments.unlink_next_iteration(graph, experiment_id, next_id)


@router.put("/experiments/{experiment_id}/co-designers/{actor_id}", response_model=ExperimentPublic,
             **VERSIONED)
def add_co_designer(experiment_id: str, actor_id: str, graph: GraphDep) -> dict:
    return experiments.add_co_designer(graph, experiment_id, actor_id)


@router.delete("/experiments/{experiment_id}/co-designers/{actor_id}", response_model=ExperimentPublic,
             **VERSIONED)
def remove_co_designer(experiment_id: str, actor_id: str, graph: GraphDep) -> dict:
    return experiments.remove_co_designer(graph, experiment_id, actor_id)


@router.put("/experiments/{experiment_id}/intervenes-on/{factor_id}", response_model=ExperimentPublic,
             **VERSIONED)
def link_intervenes_on(experiment_id: str, factor_id: str, graph: GraphDep) -> dict:
    """The experiment intervenes on a factor of an outcome system (404 if the factor is missing)."""
    return experiments.link_intervenes_on(graph, experiment_id, factor_id)


@router.delete("/experiments/{experiment_id}/intervenes-on/{factor_id}", response_model=ExperimentPublic,
             **VERSIONED)
def unlink_intervenes_on(experiment_id: str, factor_id: str, graph: GraphDep) -> dict:
    return experiments.unlink_intervenes_on(graph, experiment_id, factor_id)

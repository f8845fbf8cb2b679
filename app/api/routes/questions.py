"""The two questions of a learning cycle and its learning stack (guide §2.3):

- ``GET /cycles/{id}/learn-from-below``: patterns, recurring unnamed factors/outcomes and coverage
  from the cycles below (and, with ``include_peers``, from same-scale peers);
- ``GET /cycles/{id}/enable-below``: barriers and enablers below, who acts on them, what is unanswered;
- ``GET /cycles/{id}/stack``: every cycle above and below, and the peers.

``viewer_cycle`` is the cycle the caller works in: restricted evidence (``cycle``/``personal``) is
counted for everyone but its text and values are returned only to its producing cycle.
"""

from __future__ import annotations

from fastapi import APIRouter

from app.api.params import Depth, IncludePeers, MinCycles, ViewerCycle
from app.deps import GraphDep
from app.models.questions import CycleStack, EnableBelow, LearnFromBelow
from graph.learning import questions

router = APIRouter(prefix="/cycles", tags=["questions"])



@router.get("/{cycle_id}/learn-from-below", response_model=LearnFromBelow)
def learn_from_below(
    cycle_id: str, graph: GraphDep, depth: Depth = None,
    min_cycles: MinCycles = 1,
    include_peers: IncludePeers = False,
    viewer_cycle: ViewerCycle = None,
) -> dict:
    """What this cycle can learn from the patterns of results of the experiments below it."""
    return questions.learn_from_below(
        graph, cycle_id, depth=depth, min_cycles=min_cycles, include_peers=include_peers,
        viewer_cycle=viewer_cycle,
    )


@router.get("/{cycle_id}/enable-below", response_model=EnableBelow)
def enable_below(
    cycle_id: str, graph: GraphDep, depth: Depth = None, viewer_cycle: ViewerCycle = None,
) -> dict:
    """Which barriers below to remove and which enablers to nurture, and who already acts on them."""
    return questions.enable_below(graph, cycle_id, depth=depth, viewer_cycle=viewer_cycle)


@router.get("/{cycle_id}/stack", response_model=CycleStack)
def cycle_stack(cycle_id: str, graph: GraphDep) -> dict:
    """The connected learning stack of this cycle: every cycle above and below, and its peers."""
    return questions.cycle_stack(graph, cycle_id)

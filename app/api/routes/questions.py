"""The two questions of a learning cycle and its learning stack (guide §2.3):

- ``GET /cycles/{id}/learn-from-below``: patterns, recurring unnamed factors/outcomes and coverage
  from the cycles below (and, with ``include_peers``, from same-scale peers); each pattern with its
  first ``provenance_limit`` chains and ``provenance_count``;
- ``GET /cycles/{id}/learn-from-below/patterns/{pattern_id}/provenance``: the rest, a page at a time;
- ``GET /cycles/{id}/enable-below``: barriers and enablers below, who acts on them, what is unanswered;
- ``GET /cycles/{id}/stack``: every cycle above and below, and the peers.

``viewer_cycle`` is the cycle the caller works in: restricted evidence (``cycle``/``personal``) is
counted for everyone but its text and values are returned only to its producing cycle.

The two questions answer through :func:`app.answer_cache.cached_answer` (serialised once, no second
validation, kept per database state and reader); ``response_model`` still declares their shape in
the OpenAPI schema.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from app.answer_cache import cached_answer, reader_identity
from app.api.params import Depth, IncludePeers, MinCycles, ViewerCycle
from app.deps import GraphDep
from app.models.questions import CycleStack, EnableBelow, LearnFromBelow, ProvenancePage
from graph.learning import questions

router = APIRouter(prefix="/cycles", tags=["questions"])

ProvenanceLimit = Annotated[int, Query(
    ge=0, le=questions.MAX_PROVENANCE_LIMIT,
    description=f"provenance chains per pattern in the answer, 0..{questions.MAX_PROVENANCE_LIMIT} "
    f"(default {questions.PROVENANCE_LIMIT}); provenance_count says how many there are and "
    "/learn-from-below/patterns/{pattern_id}/provenance pages through them")]
ChainOffset = Annotated[int, Query(ge=0, le=questions.MAX_PROVENANCE_LIMIT,
                                   description="chains to skip (the answer's order)")]
ChainLimit = Annotated[int, Query(ge=1, le=questions.MAX_PROVENANCE_LIMIT,
                                  description=f"chains in this page, 1..{questions.MAX_PROVENANCE_LIMIT}")]
Peer = Annotated[str | None, Query(description="the same-scale peer whose group the pattern was found "
                                   "in (via 'peer'); leave out for the cycles below")]


@router.get("/{cycle_id}/learn-from-below", response_model=LearnFromBelow)
def learn_from_below(
    cycle_id: str, graph: GraphDep, request: Request, depth: Depth = None,
    min_cycles: MinCycles = 1,
    include_peers: IncludePeers = False,
    viewer_cycle: ViewerCycle = None,
    provenance_limit: ProvenanceLimit = questions.PROVENANCE_LIMIT,
) -> Response:
    """What this cycle can learn from the patterns of results of the experiments below it."""
    key = ("learn", cycle_id, depth, min_cycles, include_peers, viewer_cycle, provenance_limit,
           reader_identity())
    return cached_answer(request, graph, key, lambda: questions.learn_from_below(
        graph, cycle_id, depth=depth, min_cycles=min_cycles, include_peers=include_peers,
        viewer_cycle=viewer_cycle, provenance_limit=provenance_limit,
    ))


@router.get("/{cycle_id}/learn-from-below/patterns/{pattern_id}/provenance", response_model=ProvenancePage)
def learn_from_below_provenance(
    cycle_id: str, pattern_id: str, graph: GraphDep, request: Request, depth: Depth = None,
    peer: Peer = None, viewer_cycle: ViewerCycle = None, offset: ChainOffset = 0, limit: ChainLimit = 100,
) -> Response:
    """One page of a pattern's provenance chains in this cycle's learn-from-below answer."""
    key = ("provenance", cycle_id, pattern_id, depth, peer, viewer_cycle, offset, limit, reader_identity())
    return cached_answer(request, graph, key, lambda: questions.learn_from_below_provenance(
        graph, cycle_id, pattern_id, depth=depth, peer=peer, viewer_cycle=viewer_cycle,
        offset=offset, limit=limit,
    ))


@router.get("/{cycle_id}/enable-below", response_model=EnableBelow)
def enable_below(
    cycle_id: str, graph: GraphDep, request: Request, depth: Depth = None,
    viewer_cycle: ViewerCycle = None,
) -> Response:
    """Which barriers below to remove and which enablers to nurture, and who already acts on them."""
    # Conditions carry no sensitivity: the answer is every caller's (no reader in its key).
    key = ("enable", cycle_id, depth, viewer_cycle)
    return cached_answer(request, graph, key, lambda: questions.enable_below(
        graph, cycle_id, depth=depth, viewer_cycle=viewer_cycle))


@router.get("/{cycle_id}/stack", response_model=CycleStack)
def cycle_stack(cycle_id: str, graph: GraphDep) -> dict:
    """The connected learning stack of this cycle: every cycle above and below, and its peers."""
    return questions.cycle_stack(graph, cycle_id)

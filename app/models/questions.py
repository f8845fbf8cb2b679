"""Answer shapes of the two questions and the learning stack (``graph.learning.questions`` builds them; the
definitions of every number are in that module's docstring). The OpenAPI schema documents them."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from app.models.base import CycleRef, FactorRef

Via = Literal["below", "peer"]


class CycleSubject(CycleRef):
    """The cycle a question is asked about: a :class:`CycleRef` with its status and scale."""

    status: str | None = None
    scale: str | None = None
    level: int | None = None


class ScaleRef(BaseModel):
    id: str
    level: int


class ProvenanceChain(BaseModel):
    """One cycle → experiment → evidence → pattern chain behind a pattern's numbers. The evidence's
    ``text``/``value``/``unit`` are null and ``restricted`` true when the viewer may not read them."""

    cycle: str
    experiment: str
    evidence: str
    stance: Literal["supports", "contradicts"]
    pattern: str
    scale: str
    evidence_kind: str
    sensitivity: str
    text: str | None = None
    value: float | None = None
    unit: str | None = None
    restricted: bool


class PatternFinding(BaseModel):
    """A pattern derived from evidence of the cycles below (or of a peer group)."""

    id: str
    statement: str | None = None
    status: str | None = None
    via: Via
    peer: str | None = Field(None, description="the peer whose group this comes from (via 'peer')")
    lower_cycle_count: int = Field(description="distinct cycles whose evidence supports it")
    lower_cycles: list[str]
    contradicting_cycles: list[str]
    supporting: int = Field(description="supporting evidence from the cycles in scope")
    contradicting: int = Field(description="contradicting evidence from the cycles in scope")
    scales: list[ScaleRef]
    factors: list[FactorRef]
    provenance_count: int = Field(description="every provenance chain behind this pattern's numbers")
    provenance: list[ProvenanceChain] = Field(
        description="the first provenance_limit chains (scale level, cycle, experiment, evidence order); "
        "the rest: GET /cycles/{cycle_id}/learn-from-below/patterns/{pattern_id}/provenance")


class RecurringFinding(BaseModel):
    """A factor or experiment outcome recurring across 2+ cycles that no pattern names yet."""

    kind: Literal["factor", "outcome"]
    id: str
    name: str | None = None
    via: Via
    peer: str | None = None
    cycle_count: int
    cycles: list[str]
    experiments: list[str]


class ScaleCoverage(BaseModel):
    scale: str
    level: int
    count: int
    cycles: list[str]


class Coverage(BaseModel):
    """How much the answer rests on."""

    cycles: int
    cycles_by_scale: list[ScaleCoverage]
    experiments: int
    experiments_by_status: dict[str, int]
    evidence: int
    evidence_by_kind: dict[str, int]
    evidence_by_sensitivity: dict[str, int]


class PeerLearning(BaseModel):
    """What a same-scale peer (and the cycles below it) learned: horizontal learning."""

    peer: str
    via: Literal["peer"]
    patterns: list[PatternFinding]
    recurring: list[RecurringFinding]
    coverage: Coverage


class LearnFromBelow(BaseModel):
    cycle: CycleSubject
    depth: int | None
    min_cycles: int
    include_peers: bool
    viewer_cycle: str | None
    provenance_limit: int | None = Field(description="chains per pattern in this answer (null: all)")
    patterns: list[PatternFinding]
    recurring: list[RecurringFinding]
    coverage: Coverage
    peers: list[PeerLearning]


class ProvenancePage(BaseModel):
    """One page of a pattern's provenance in a learn-from-below answer (the chains left out)."""

    cycle: CycleSubject
    pattern: str
    depth: int | None
    peer: str | None = Field(description="the peer group the chains come from (null: the cycles below)")
    viewer_cycle: str | None
    total: int = Field(description="every chain of this pattern in this scope")
    offset: int
    limit: int
    chains: list[ProvenanceChain]


class Raiser(BaseModel):
    cycle: str
    scale: str | None = None
    level: int | None = None


class Actor(BaseModel):
    """A cycle that acts on a condition, and where it stands from the asked-about cycle."""

    cycle: str
    action: str | None = None
    relation: Literal["self", "peer", "above", "below", "other"]


class ConditionFinding(BaseModel):
    id: str
    kind: str
    description: str | None = None
    status: str
    raised_at: str | None = None
    oldest_raised_at: str | None = None
    resolved_at: str | None = None
    resolved_by: str | None = None
    raised_by: list[Raiser]
    raised_at_scales: list[str]
    affected_cycle_count: int
    affected_cycles: list[str]
    affected_experiment_count: int
    affected_experiments: list[str]
    acted_on_by: list[Actor]
    unanswered: bool = Field(description="true when no cycle acts on it")


class EnableBelow(BaseModel):
    cycle: CycleSubject
    depth: int | None
    viewer_cycle: str | None
    barriers: list[ConditionFinding]
    enablers: list[ConditionFinding]
    resolved: list[ConditionFinding]


class StackMember(BaseModel):
    id: str
    name: str | None = None
    status: str | None = None
    scale: str | None = None
    level: int | None = None
    relation: Literal["self", "above", "below", "peer"]
    distance: int = Field(description="FEEDS_INTO hops (shortest); 1 for a peer, 0 for the cycle itself")


class FeedsEdge(BaseModel):
    lower: str
    upper: str


class PeerEdge(BaseModel):
    """A PEER_OF relationship as stored (it is read both ways)."""

    cycle: str
    peer: str


class CycleStack(BaseModel):
    cycle: StackMember
    above: list[StackMember]
    below: list[StackMember]
    peers: list[StackMember]
    feeds_into: list[FeedsEdge]
    peer_of: list[PeerEdge]

"""Answer shapes of the system analyses (``graph.analysis`` builds them; the definitions of every
number are in those modules' docstrings). The OpenAPI schema documents them."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from app.models.base import CycleRef, FactorRef

Bound = Literal["max_length", "count_limit", "time_budget", "limit"]


class BoundedSearch(BaseModel):
    """What every bounded search reports about its bounds."""

    max_length: int
    limit: int
    count_limit: int | None
    time_budget: float | None
    complete: bool = Field(description="the totals count every result of up to max_length links")
    complete_up_to_length: int = Field(description="totals are exact for results up to this length")
    cut_by: list[Bound] = Field(description="the bounds that cut the answer (max_length: longer ones "
                                "may exist; count_limit/time_budget: counting stopped; limit: not all "
                                "listed)")
    notes: list[str] = Field(description="the same, in words")
    seconds: float


class LoopTotals(BaseModel):
    reinforcing: int
    balancing: int
    undetermined: int = Field(description="loops with a link of unknown polarity")
    total: int


class LoopsOfLength(LoopTotals):
    length: int


class Loop(BaseModel):
    factors: list[FactorRef] = Field(description="in causal order; the last influences the first")
    length: int
    polarity: Literal["reinforcing", "balancing", "undetermined"]
    negative_links: int
    unknown_links: int = Field(0, description="links of unknown polarity (then: undetermined)")


class Loops(BoundedSearch):
    system: str
    through: FactorRef | None
    totals: LoopTotals
    by_length: list[LoopsOfLength]
    loops: list[Loop]


class CentralityValues(BaseModel):
    in_degree: int
    out_degree: int
    degree: int
    betweenness: float | None = Field(description="null unless it is the measure asked for (or factor=)")
    closeness: float
    eigenvector: float | None = Field(description="PageRank where eigenvector_method says so; null "
                                      "unless it is the measure asked for (or factor=)")
    leverage: float | None = Field(description="out-degree ÷ in-degree; null when in-degree is 0")
    reach: int = Field(description="number of factors downstream")
    loops: int | None = Field(description="feedback loops of up to 6 links through the factor (a lower "
                              "bound when the count stopped early); null unless it is the measure "
                              "asked for (or factor=)")


class CentralityRow(CentralityValues):
    id: str
    name: str | None
    rank: int


class FactorCentrality(BaseModel):
    id: str
    name: str | None
    eigenvector_method: Literal["eigenvector", "pagerank"]
    values: CentralityValues
    ranks: dict[str, int]
    of: int


class Centrality(BaseModel):
    """Top factors by ``measure`` (``factors``), or one factor's measures and ranks (``factor``)."""

    system: str
    measure: str
    eigenvector_method: Literal["eigenvector", "pagerank"] | None = Field(
        default=None, description="null unless measure=eigenvector")
    of: int | None = None
    factors: list[CentralityRow] | None = None
    factor: FactorCentrality | None = None


class Neighbour(BaseModel):
    id: str
    name: str | None
    distance: int
    polarity: Literal["positive", "negative", "mixed", "unknown"] = Field(
        description="sign of the shortest paths; mixed when they disagree; unknown through a link "
                    "of unknown polarity")
    shortest_paths: int
    path: list[str] = Field(description="one shortest path, in causal order")


class Neighbourhood(BaseModel):
    system: str
    factor: FactorRef
    direction: Literal["upstream", "downstream"]
    steps: int
    count: int
    factors: list[Neighbour]


class CausalPath(BaseModel):
    factors: list[FactorRef]
    length: int
    polarity: Literal["positive", "negative", "unknown"]
    negative_links: int
    unknown_links: int = 0


class ShortestPaths(BaseModel):
    length: int
    count: int
    paths: list[CausalPath]


class PathTotals(BaseModel):
    positive: int
    negative: int
    unknown: int = Field(description="paths through a link of unknown polarity")
    total: int


class PathsOfLength(PathTotals):
    length: int


class Paths(BoundedSearch):
    model_config = ConfigDict(populate_by_name=True)

    system: str
    from_: FactorRef = Field(alias="from")
    to: FactorRef
    reachable: bool
    shortest: ShortestPaths | None
    totals: PathTotals
    by_length: list[PathsOfLength]
    paths: list[CausalPath]


class ClusterCount(BaseModel):
    cluster: str | None
    count: int


class Community(BaseModel):
    id: int
    size: int
    factors: list[str]
    clusters: list[ClusterCount]


class ClusterSize(BaseModel):
    name: str | None
    size: int


class Contingency(BaseModel):
    communities: list[int]
    clusters: list[str | None]
    counts: list[list[int]] = Field(description="rows: communities; columns: clusters")


class FactorCommunity(BaseModel):
    community: int
    cluster: str | None


class CommunityScores(BaseModel):
    purity: float | None
    nmi: float | None = Field(description="normalised mutual information, arithmetic mean")
    modularity_communities: float | None
    modularity_clusters: float | None


class Communities(BaseModel):
    system: str
    seed: int
    resolution: float
    communities: list[Community]
    clusters: list[ClusterSize]
    contingency: Contingency
    factors: dict[str, FactorCommunity]
    scores: CommunityScores
    names: dict[str, str | None] = Field(default_factory=dict, description="factor id → name")


class Layer(BaseModel):
    layer: int
    factors: list[str]


class Trophic(BaseModel):
    system: str
    method: Literal["levine", "generalised"]
    reason: str | None
    levels: dict[str, float]
    layers: list[Layer]
    incoherence: float | None
    names: dict[str, str | None] = Field(default_factory=dict, description="factor id → name")


class CycleInScope(BaseModel):
    id: str
    name: str | None
    scale: str | None
    level: int | None
    distance: int = Field(description="FEEDS_INTO hops below the cycle asked about (0: itself)")


class Intervention(BaseModel):
    cycle: str
    experiment: str


class LoopsThrough(BaseModel):
    totals: LoopTotals
    complete: bool
    complete_up_to_length: int
    cut_by: list[Bound]
    notes: list[str]
    loops: list[Loop]


class ActedOnFactor(BaseModel):
    id: str
    name: str | None
    cluster: str | None
    cycles: list[str]
    experiments: list[str]
    interventions: list[Intervention]
    loops: LoopsThrough


class SystemActedOn(BaseModel):
    id: str
    name: str | None
    factors: list[ActedOnFactor]


class CycleFactors(BaseModel):
    cycle: CycleRef
    depth: int | None
    max_length: int
    cycles: list[CycleInScope]
    systems: list[SystemActedOn]
    factor_count: int
    unassigned_factors: list[str]

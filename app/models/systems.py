"""Outcome systems, their factors, clusters and links: create / update / public shapes.

Polarity is given in any word of the polarity vocabulary (graph/formats/vocabulary.py: ``1``/``-1``,
``"+"``/``"-"``, ``"positive"``/``"negative"``, ``"same"``/``"opposite"``...) or ``null`` for unknown,
and always answered as the integer +1 or -1, or null.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, BeforeValidator, Field, StringConstraints

from app.models.base import (
    MAX_ITEMS,
    MAX_LOCAL_ID,
    MAX_NAME,
    FactorRef,
    FreeText,
    Input,
    Items,
    Number,
    Page,
    Patch,
    Ref,
    Versioned,
)
from graph.formats.vocabulary import parse_polarity

Polarity = Annotated[int, BeforeValidator(parse_polarity)]
# A link's polarity: +1, -1 or null (unknown — the map does not say).
LinkPolarity = Annotated[int | None, BeforeValidator(parse_polarity)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_NAME)]
# Ids address their item in URLs: no '/', no surrounding spaces; a system id has no ':' either.
LocalId = Annotated[str, StringConstraints(max_length=MAX_LOCAL_ID, pattern=r"^[^/\s](?:[^/]*[^/\s])?$")]
SystemId = Annotated[str, StringConstraints(max_length=MAX_LOCAL_ID, pattern=r"^[^/:\s](?:[^/:]*[^/:\s])?$")]
PropertyValue = str | int | float | bool | list[str]
Properties = dict[str, PropertyValue]
# The extras a request may send: each text and list capped, at most MAX_ITEMS extras (keys: names).
PropertyInput = FreeText | int | float | bool | Items[FreeText]
PropertiesInput = Annotated[dict[Annotated[str, Field(max_length=MAX_NAME)], PropertyInput],
                            Field(max_length=MAX_ITEMS)]
PropertiesPatch = Annotated[dict[Annotated[str, Field(max_length=MAX_NAME)], PropertyInput | None],
                            Field(max_length=MAX_ITEMS)]

ID_HELP = "local id (no '/'); leave out to use a slug of the name"


# --- systems -------------------------------------------------------------------------------------


class SystemCreate(Input):
    id: SystemId = Field(description="the system id (no '/' or ':'), e.g. foresight-obesity")
    name: Name
    outcome: Name = Field(description="the outcome the map is about, e.g. 'Obesity'")
    description: FreeText | None = None


class SystemUpdate(Patch):
    not_null = ("name", "outcome")
    name: Name | None = None
    outcome: Name | None = None
    description: FreeText | None = None


class SystemCounts(BaseModel):
    factors: int
    clusters: int
    links: int
    positive_links: int
    negative_links: int
    unknown_links: int = Field(0, description="links whose polarity the map does not say")


class SystemPublic(Versioned):
    id: str
    name: str
    outcome: str
    description: str | None = None
    counts: SystemCounts


class SystemListItem(Versioned):
    id: str
    name: str
    outcome: str = ""
    description: str | None = None
    factors: int
    clusters: int
    links: int


class SystemPage(Page[SystemListItem]):
    """A page of SystemListItem."""


class SystemDeleted(BaseModel):
    deleted: str
    factors: int
    clusters: int
    links: int
    detached_interventions: list[dict[str, str]]
    detached_explored_by: list[str]


class ImportFinding(BaseModel):
    kind: str = Field(description="merged, created, renamed, unknown_polarity, conflicting_polarity, "
                                  "dropped_field, undirected, mutual")
    message: str
    file: str | None = None
    sheet: str | None = None
    row: int | None = None
    column: str | None = None


class ImportReportPublic(BaseModel):
    id: str
    at: str = Field(description="when the import was written (ISO 8601, UTC)")
    format: str | None
    strict: bool
    counts: dict[str, int] = Field(description="factors, clusters, links by polarity (unknown_links)")
    warnings: list[ImportFinding] = Field(description="what the import did beyond copying the file")


class ImportReportPage(Page[ImportReportPublic]):
    """A page of import reports, newest first."""


class ImportResult(BaseModel):
    system: SystemPublic
    replaced: bool
    removed_factors: int = Field(description="factors of the replaced system that are not in the file")
    report: ImportReportPublic


# --- factors -------------------------------------------------------------------------------------


class FactorCreate(Input):
    id: LocalId | None = Field(None, description=ID_HELP)
    name: Name
    description: FreeText = ""
    cluster: Ref | None = Field(None, description="cluster local id, full id or name")
    x: Number | None = None
    y: Number | None = None
    properties: PropertiesInput = Field({}, description="extra properties kept on the factor")


class FactorUpdate(Patch):
    # properties: null would say nothing (a null *value* inside removes that extra)
    not_null = ("name", "properties")
    name: Name | None = None
    description: FreeText | None = None
    cluster: Ref | None = Field(None, description="cluster id or name; null: out of its cluster")
    x: Number | None = None
    y: Number | None = None
    properties: PropertiesPatch | None = Field(
        None, description="merged into the extras; a null value removes that extra"
    )


class LinkPublic(Versioned):
    source: str
    source_name: str
    target: str
    target_name: str
    polarity: int | None = Field(
        description="+1: more leads to more; -1: more leads to less; null: unknown"
    )
    strength: float | None = None
    delay: bool = False
    evidence: str | None = None
    properties: Properties = {}


class FactorPublic(Versioned):
    id: str = Field(description="<system id>:<local id>")
    local_id: str
    name: str
    description: str = ""
    cluster_id: str | None = None
    cluster: str | None = Field(None, description="the cluster's name")
    x: float | None = None
    y: float | None = None
    properties: Properties = {}


class FactorDetail(FactorPublic):
    out_links: list[LinkPublic]
    in_links: list[LinkPublic]
    experiments: list[str] = Field(description="experiments that intervene on this factor")


class FactorPage(Page[FactorPublic]):
    """A page of FactorPublic."""


class FactorDeleted(BaseModel):
    deleted: str
    links: int
    detached_experiments: list[str]


# --- clusters ------------------------------------------------------------------------------------


class ClusterCreate(Input):
    id: LocalId | None = Field(None, description=ID_HELP)
    name: Name
    colour: FreeText | None = None


class ClusterUpdate(Patch):
    not_null = ("name",)
    name: Name | None = None
    colour: FreeText | None = None


class ClusterPublic(Versioned):
    id: str
    local_id: str
    name: str
    colour: str | None = None
    factor_count: int


class ClusterDetail(ClusterPublic):
    factors: list[FactorRef]


class ClusterPage(Page[ClusterPublic]):
    """A page of ClusterPublic."""


class ClusterDeleted(BaseModel):
    deleted: str
    unclustered_factors: int


# --- links ---------------------------------------------------------------------------------------


class LinkCreate(Input):
    source: Ref = Field(description="factor local or full id")
    target: Ref = Field(description="factor local or full id")
    polarity: LinkPolarity = Field(description="+1, -1, or null for unknown")
    strength: Number | None = None
    delay: bool = False
    evidence: FreeText | None = None
    properties: PropertiesInput = {}


class LinkUpdate(Patch):
    not_null = ("delay", "properties")
    polarity: LinkPolarity = Field(None, description="null: the polarity becomes unknown")
    strength: Number | None = None
    delay: bool | None = None
    evidence: FreeText | None = None
    properties: PropertiesPatch | None = None


class LinkPage(Page[LinkPublic]):
    """A page of LinkPublic."""


class LinkDeleted(BaseModel):
    deleted: LinkPublic

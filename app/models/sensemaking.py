"""Patterns, sensemaking sessions and decisions: create / update / public shapes."""

from __future__ import annotations

from typing import ClassVar

from pydantic import BaseModel, Field

from app.models.base import FreeText, Input, Items, Patch, Versioned
from app.models.learning_base import Id, Text, Timestamp
from graph.learning.model import DecisionKind, PatternStatus, Stance

# --- patterns --------------------------------------------------------------------------------


class DerivedFrom(Input):
    evidence_id: Id
    stance: Stance


class StanceBody(Input):
    stance: Stance


class PatternCreate(Input):
    id: Id | None = Field(None, description="leave out to derive one from the statement")
    statement: Text
    status: PatternStatus = PatternStatus.emerging
    derived_from: Items[DerivedFrom] = []


class PatternUpdate(Patch):
    not_null: ClassVar = ("statement", "status")
    statement: Text | None = None
    status: PatternStatus | None = None


class PatternSource(BaseModel):
    """One evidence behind a pattern, with the experiment and cycle it came from (no text)."""

    evidence_id: str
    stance: Stance
    experiment_id: str | None = None
    cycle_id: str | None = None


class PatternPublic(Versioned):
    id: str
    statement: str
    status: PatternStatus
    derived_from: list[PatternSource] = Field(description="empty if all its evidence was deleted")
    supporting: int
    contradicting: int
    surfaced_in: list[str] = Field(description="sensemaking session ids")
    informed: list[str] = Field(description="decision ids")


# --- sensemaking sessions --------------------------------------------------------------------


class SessionCreate(Input):
    id: Id | None = Field(None, description="leave out for a generated one")
    held_at: Timestamp | None = Field(None, description="defaults to now")
    notes: FreeText | None = None
    attendees: Items[Id] = Field([], description="actor ids")
    patterns: Items[Id] = Field([], description="ids of patterns that surfaced in it")


class SessionUpdate(Patch):
    not_null: ClassVar = ("held_at",)
    held_at: Timestamp | None = None
    notes: FreeText | None = None


class SessionPublic(Versioned):
    id: str
    held_at: str | None = None
    notes: str | None = None
    cycle_id: str | None = Field(description="the cycle that held it")
    attendees: list[str]
    patterns: list[str]


# --- decisions -------------------------------------------------------------------------------


class DecisionCreate(Input):
    id: Id | None = Field(None, description="leave out for a generated one")
    kind: DecisionKind
    rationale: FreeText | None = None
    decided_at: Timestamp | None = Field(None, description="defaults to now")
    informed_by: Items[Id] = Field([], description="pattern ids")


class DecisionUpdate(Patch):
    not_null: ClassVar = ("kind", "decided_at")
    kind: DecisionKind | None = None
    rationale: FreeText | None = None
    decided_at: Timestamp | None = None


class DecisionPublic(Versioned):
    id: str
    kind: DecisionKind
    rationale: str | None = None
    decided_at: str | None = None
    cycle_id: str | None = Field(description="the cycle that decided it")
    informed_by: list[str]

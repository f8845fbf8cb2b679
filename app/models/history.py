"""The answers of history, trash, undo and restore (issue 14)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from app.models.base import Page


class Change(BaseModel):
    """One recorded change: who, when, which entity, its properties before and after (evidence
    redacted for the viewer cycle), the version it made and the request it belonged to."""

    id: str
    at: str
    actor: str = Field(description="an actor id, or local (the machine's own user)")
    request_id: str
    kind: str
    entity: str = Field(description="the entity's id (a link: <source>-><target>)")
    op: str = Field(description="create, update, delete, link, unlink, import, restore or undo")
    version: int
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None
    detail: dict[str, Any] | None = None
    undoes: str | None = Field(None, description="with op undo: the change it undid")


class HistoryPage(Page[Change]):
    """A page of changes, newest first."""


class TrashEntry(BaseModel):
    """What one delete removed (counts per label), kept until ``expires_at``."""

    id: str
    at: str
    by: str
    request_id: str | None = None
    kind: str
    entity: str
    expires_at: str
    node_count: int
    relationship_count: int
    deleted: dict[str, int]


class TrashPage(Page[TrashEntry]):
    """A page of the trash, newest first."""


class Unrestored(BaseModel):
    nodes: list[dict[str, Any]]
    relationships: list[dict[str, Any]]


class TrashRestored(BaseModel):
    restored: dict[str, str] | None = Field(description="the entity deleted, back (null: its id is taken)")
    nodes_restored: int
    relationships_restored: int
    not_restored: Unrestored = Field(description="what could not come back, each with its reason")


class Undone(BaseModel):
    undone: list[dict[str, str]]

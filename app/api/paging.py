"""Query parameters the list routes share: pagination and the viewer cycle."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query

from graph.learning.store import DEFAULT_LIMIT, MAX_LIMIT, MAX_OFFSET

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"page size (default {DEFAULT_LIMIT})")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="items to skip (stable id order)")]
IdFilter = Annotated[str | None, Query(max_length=128, description="only those linked to this id")]
ViewerCycle = Annotated[
    str | None,
    Query(description="the cycle the caller works in: evidence of sensitivity cycle/personal is "
          "shown in full only to its producing cycle; without it, restricted text is withheld"),
]

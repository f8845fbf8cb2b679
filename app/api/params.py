"""The query parameters routes share, each defined once with its one documented cap.

Page sizes come in three meanings, hence three names: ``Limit`` (a page of a learning list, small
pages of rich items), ``PartsLimit`` (a page of outcome systems or of a map's factors, clusters or
links, usually read whole) and ``AnalysisLimit`` (how many results an analysis lists).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import Depends, Header, Query, Request

from graph.analysis.stored import CAPS
from graph.core import changes
from graph.core.errors import PreconditionRequired
from graph.formats import EXPORT_FORMATS, FORMATS
from graph.learning import questions
from graph.learning.store import DEFAULT_LIMIT, MAX_LIMIT, MAX_OFFSET

# A map's parts are read whole by most clients (a map has hundreds of factors, not thousands).
MAX_PARTS_LIMIT = 10_000

Limit = Annotated[
    int, Query(ge=1, le=MAX_LIMIT, description=f"page size, 1..{MAX_LIMIT} (default {DEFAULT_LIMIT})"),
]
PartsLimit = Annotated[int, Query(ge=1, le=MAX_PARTS_LIMIT, description=f"page size, 1..{MAX_PARTS_LIMIT}")]
AnalysisLimit = Annotated[
    int, Query(ge=1, le=CAPS["limit"], description=f"most results listed, 1..{CAPS['limit']}"),
]
Offset = Annotated[
    int, Query(ge=0, le=MAX_OFFSET, description=f"items to skip (stable id order), 0..{MAX_OFFSET}"),
]
IdFilter = Annotated[
    str | None, Query(max_length=128, description="only those linked to this id (at most 128 characters)"),
]
ViewerCycle = Annotated[
    str | None,
    Query(description="view as a member of this cycle: evidence content is shown only where the caller "
          "may read it AND a member of this cycle could (it narrows what the caller sees, never widens "
          "it); without it, the caller's own entitlement"),
]
Depth = Annotated[
    int | None,
    Query(ge=1, le=questions.MAX_DEPTH,
          description=f"FEEDS_INTO hops to follow down, 1..{questions.MAX_DEPTH}; leave out for every "
          "scale below"),
]
MinCycles = Annotated[
    int, Query(ge=0, le=questions.MAX_MIN_CYCLES,
               description="keep patterns supported by at least this many distinct lower cycles "
               f"(0..{questions.MAX_MIN_CYCLES})"),
]
IncludePeers = Annotated[bool, Query(description="also what same-scale peers learned")]
# The import/export formats, read from the format registry so a new format is offered by itself.
FormatName = Literal[tuple(FORMATS)]  # type: ignore[valid-type]
# The formats that also write (XMILE, Vensim and PRSM maps are read only).
ExportFormatName = Literal[tuple(EXPORT_FORMATS)]  # type: ignore[valid-type]


async def if_match(
    request: Request,
    if_match: Annotated[str | None, Header(
        max_length=200,
        description="the version this change was made against (the ETag of the entity's GET, e.g. "
        '"3"; * for any): 412 if the entity has changed since; required (428) when the service '
        "sets HLS_REQUIRE_IF_MATCH",
    )] = None,
) -> None:
    """Hand the request's ``If-Match`` to the domain (``graph.core.changes``), which compares it with
    the entity's version after locking it, in the write's own transaction. An ``async`` dependency,
    so the route's thread sees what it sets."""
    if if_match is None and request.app.state.settings.hls_require_if_match:
        raise PreconditionRequired()
    changes.set_expected(changes.parse_if_match(if_match))


# The refusals in the one error shape (ErrorBody, published by app.errors; named by reference here,
# as app.errors imports the routes' modules).
_ERROR_BODY = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}}
VERSION_RESPONSES: dict[int | str, dict[str, Any]] = {
    412: {"content": _ERROR_BODY, "description": "version_mismatch: If-Match names another version than "
          "the entity's (current_version says which); read it again and reapply the change"},
    428: {"content": _ERROR_BODY, "description": "if_match_required: this service requires If-Match"},
}
# What every PATCH/PUT/DELETE of an entity declares: ``@router.patch(..., **VERSIONED)``.
VERSIONED: dict[str, Any] = {"dependencies": [Depends(if_match)], "responses": VERSION_RESPONSES}

"""``/systems``: outcome systems (factor maps), their factors, clusters and links, and import /
export in seven formats. Rules and storage: ``graph.systems.system``, ``graph.systems.parts``,
``graph.formats``.

Factors and clusters in URLs: the local id (``12``) or the full id (``foresight-obesity:12``); the local
reading is tried first. Clusters may also be named by their name.
"""

from __future__ import annotations

import re
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, File, Query, UploadFile
from fastapi.responses import Response

from app.api.params import VERSIONED, ExportFormatName, FormatName, Limit, Offset, PartsLimit
from app.deps import GraphDep
from app.models.systems import (
    ClusterCreate,
    ClusterDeleted,
    ClusterDetail,
    ClusterPage,
    ClusterUpdate,
    FactorCreate,
    FactorDeleted,
    FactorDetail,
    FactorPage,
    FactorUpdate,
    ImportReportPage,
    ImportResult,
    LinkCreate,
    LinkDeleted,
    LinkPage,
    LinkPublic,
    LinkUpdate,
    Polarity,
    SystemCreate,
    SystemDeleted,
    SystemPage,
    SystemPublic,
    SystemUpdate,
)
from graph.core.roles import require_role
from graph.formats import FORMATS, export_snapshot, import_snapshot
from graph.systems import imports, links, parts
from graph.systems import system as systems

# An import is one file or a CSV pair; a few more are named in the refusal, a thousand are not read.
MAX_FILES = 10

router = APIRouter(tags=["systems"])

Detach = Annotated[bool, Query(description="also delete the links of experiments / cycles to it")]
Ref = Annotated[str, Query(description="factor local or full id")]


# --- systems -------------------------------------------------------------------------------------


@router.get("/systems", response_model=SystemPage)
def list_systems(graph: GraphDep, limit: PartsLimit = 100, offset: Offset = 0) -> dict:
    """Every outcome system (by id) with its factor, cluster and link counts."""
    return systems.list_systems(graph, limit=limit, offset=offset)


@router.post("/systems", response_model=SystemPublic, status_code=201)
def create_system(body: SystemCreate, graph: GraphDep) -> dict:
    """A new, empty outcome system; 409 if the id is taken."""
    return systems.create_system(graph, body.id, body.model_dump(exclude={"id"}))


@router.post("/systems/import", response_model=ImportResult, status_code=201)
def import_system(
    graph: GraphDep,
    files: Annotated[list[UploadFile], File(
        description="one file, or factors.csv and links.csv", max_length=MAX_FILES)],
    format: Annotated[FormatName | None, Query(description="default: from the file name and content")] = None,
    system_id: Annotated[
        str | None, Query(description="needed when the file does not name its system")
    ] = None,
    name: str | None = None,
    outcome: str | None = None,
    description: str | None = None,
    replace: Annotated[bool, Query(description="replace a system with this id")] = False,
    detach: Annotated[
        bool, Query(description="with replace: drop experiments' links to removed factors")
    ] = False,
    strict: Annotated[
        bool, Query(description="refuse (422) what would be a warning: duplicates, loose references, "
                                "unknown polarity words, renamed attributes")
    ] = False,
    page: Annotated[
        str | None, Query(description="draw.io: the page to import, by name or number (default: the first)")
    ] = None,
) -> dict:
    """Import a system map. The whole file is checked before one write transaction: a bad file
    (422 naming file, row and column) writes nothing. The answer has the import report (also kept:
    ``GET /systems/{id}/imports``)."""
    # Refuse a caller who may not write before reading and parsing its files (the write checks
    # again, in its transaction).
    require_role("admin" if detach else "contributor", "import outcome systems")
    uploads = [(f.filename or "upload", f.file.read()) for f in files]
    snapshot, report = import_snapshot(uploads, format, system_id, name, outcome, description, strict=strict,
                                       page=page)
    saved = imports.save_import(graph, snapshot, report, replace=replace, detach=detach)
    return {
        "system": systems.get_system(graph, snapshot.id),
        "replaced": bool(saved["counts"]["replaced"]),
        "removed_factors": saved["counts"]["removed_factors"],
        "report": saved["report"],
    }


@router.get("/systems/{system_id}/imports", response_model=ImportReportPage)
def list_imports(system_id: str, graph: GraphDep, limit: Limit = 100, offset: Offset = 0) -> dict:
    """The reports of this system's imports, newest first: counts and every finding with where it
    came from."""
    return imports.list_imports(graph, system_id, limit=limit, offset=offset)


@router.get("/systems/{system_id}", response_model=SystemPublic)
def get_system(system_id: str, graph: GraphDep) -> dict:
    return systems.get_system(graph, system_id)


@router.patch("/systems/{system_id}", response_model=SystemPublic, **VERSIONED)
def update_system(system_id: str, body: SystemUpdate, graph: GraphDep) -> dict:
    return systems.update_system(graph, system_id, body.changes())


@router.delete("/systems/{system_id}", response_model=SystemDeleted, **VERSIONED)
def delete_system(system_id: str, graph: GraphDep, detach: Detach = False) -> dict:
    """Delete the system with its factors, clusters and links. Refused (409) while experiments
    intervene on its factors or cycles explore it, unless ``detach=true``."""
    return systems.delete_system(graph, system_id, detach=detach)


def _disposition(filename: str) -> str:
    ascii_name = re.sub(r"[^A-Za-z0-9._-]", "_", filename)
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename, safe='')}"


@router.get(
    "/systems/{system_id}/export",
    response_class=Response,
    responses={
        200: {
            "content": {m: {} for m in {f.media_type for f in FORMATS.values() if f.exports}},
            "description": "the file, as an attachment",
        }
    },
)
def export_system(system_id: str, graph: GraphDep, format: ExportFormatName = "json") -> Response:
    """The system as a file (``csv``: a zip of factors.csv and links.csv)."""
    exported = export_snapshot(systems.load_snapshot(graph, system_id), format)
    return Response(
        exported.content,
        media_type=exported.media_type,
        headers={"Content-Disposition": _disposition(exported.filename)},
    )


# --- factors -------------------------------------------------------------------------------------


@router.get("/systems/{system_id}/factors", response_model=FactorPage)
def list_factors(
    system_id: str,
    graph: GraphDep,
    cluster: Annotated[str | None, Query(description="cluster local id, full id or name")] = None,
    limit: PartsLimit = 1000,
    offset: Offset = 0,
) -> dict:
    return parts.list_factors(graph, system_id, cluster=cluster, limit=limit, offset=offset)


@router.post("/systems/{system_id}/factors", response_model=FactorDetail, status_code=201)
def create_factor(system_id: str, body: FactorCreate, graph: GraphDep) -> dict:
    """A new factor; 409 if its id or name is taken in this system."""
    return parts.create_factor(graph, system_id, body.model_dump())


@router.get("/systems/{system_id}/factors/{fid}", response_model=FactorDetail)
def get_factor(system_id: str, fid: str, graph: GraphDep) -> dict:
    """A factor with the links into and out of it and the experiments acting on it."""
    return parts.get_factor(graph, system_id, fid)


@router.patch("/systems/{system_id}/factors/{fid}", response_model=FactorDetail, **VERSIONED)
def update_factor(system_id: str, fid: str, body: FactorUpdate, graph: GraphDep) -> dict:
    return parts.update_factor(graph, system_id, fid, body.changes())


@router.delete("/systems/{system_id}/factors/{fid}", response_model=FactorDeleted, **VERSIONED)
def delete_factor(system_id: str, fid: str, graph: GraphDep, detach: Detach = False) -> dict:
    """Delete a factor with its links; refused (409) while experiments intervene on it, unless
    ``detach=true``."""
    return parts.delete_factor(graph, system_id, fid, detach=detach)


# --- clusters ------------------------------------------------------------------------------------


@router.get("/systems/{system_id}/clusters", response_model=ClusterPage)
def list_clusters(system_id: str, graph: GraphDep, limit: PartsLimit = 1000, offset: Offset = 0) -> dict:
    return parts.list_clusters(graph, system_id, limit=limit, offset=offset)


@router.post("/systems/{system_id}/clusters", response_model=ClusterDetail, status_code=201)
def create_cluster(system_id: str, body: ClusterCreate, graph: GraphDep) -> dict:
    return parts.create_cluster(graph, system_id, body.model_dump())


@router.get("/systems/{system_id}/clusters/{cid}", response_model=ClusterDetail)
def get_cluster(system_id: str, cid: str, graph: GraphDep) -> dict:
    return parts.get_cluster(graph, system_id, cid)


@router.patch("/systems/{system_id}/clusters/{cid}", response_model=ClusterDetail, **VERSIONED)
def update_cluster(system_id: str, cid: str, body: ClusterUpdate, graph: GraphDep) -> dict:
    """Rename a cluster or change its colour (its id stays)."""
    return parts.update_cluster(graph, system_id, cid, body.changes())


@router.delete("/systems/{system_id}/clusters/{cid}", response_model=ClusterDeleted, **VERSIONED)
def delete_cluster(system_id: str, cid: str, graph: GraphDep) -> dict:
    """Delete a cluster; its factors stay, in no cluster."""
    return parts.delete_cluster(graph, system_id, cid)


# --- links ---------------------------------------------------------------------------------------


@router.get("/systems/{system_id}/links", response_model=LinkPage)
def list_links(
    system_id: str,
    graph: GraphDep,
    source: Ref | None = None,
    target: Ref | None = None,
    polarity: Annotated[Polarity | None, Query(description="+1 / -1 / + / - / positive / negative")] = None,
    limit: PartsLimit = 1000,
    offset: Offset = 0,
) -> dict:
    return links.list_links(
        graph, system_id, source=source, target=target, polarity=polarity, limit=limit, offset=offset
    )


@router.post("/systems/{system_id}/links", response_model=LinkPublic, status_code=201)
def create_link(system_id: str, body: LinkCreate, graph: GraphDep) -> dict:
    """A new link ``source`` → ``target``; 409 if they are linked that way already."""
    return links.create_link(graph, system_id, body.model_dump())


@router.get("/systems/{system_id}/links/{source}/{target}", response_model=LinkPublic)
def get_link(system_id: str, source: str, target: str, graph: GraphDep) -> dict:
    return links.get_link(graph, system_id, source, target)


@router.patch("/systems/{system_id}/links/{source}/{target}", response_model=LinkPublic, **VERSIONED)
def update_link(system_id: str, source: str, target: str, body: LinkUpdate, graph: GraphDep) -> dict:
    return links.update_link(graph, system_id, source, target, body.changes())


@router.delete("/systems/{system_id}/links/{source}/{target}", response_model=LinkDeleted, **VERSIONED)
def delete_link(system_id: str, source: str, target: str, graph: GraphDep) -> dict:
    return links.delete_link(graph, system_id, source, target)

"""Backup and restore of the whole database as a logical dump: every node (labels, properties) and
every relationship (type, properties, endpoints), whatever the domain — so a backup keeps what the
code of today does not know about.

The file is JSON Lines, gzip-compressed when its name ends in ``.gz`` (docs/backup-format.md)::

    {"format": "hls-graph/backup", "version": 1, "created_at": "…", "neo4j": "5.26.30", "counts": {…}}
    {"node": {"id": "4:…:0", "labels": ["Scale"], "props": {"id": "person", "level": 1, …}}}
    {"rel": {"start": "4:…:0", "end": "4:…:7", "type": "AT_SCALE", "props": {}}}

Node ids in the file only tie relationships to their nodes; a restore creates new nodes. Values
Neo4j has that JSON lacks (temporal values, points, bytes) are written as ``{"$neo4j": kind, …}``.

A restore loads into an empty database (or, with ``replace``, one it empties first), in batches inside
ONE write transaction: it commits whole or leaves the database as it was.

>>> encode_value([1, "a", True])
[1, 'a', True]
>>> decode_value(encode_value(neo4j.time.Date(2024, 5, 1)))
neo4j.time.Date(2024, 5, 1)
"""

from __future__ import annotations

import base64
import gzip
import io
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import neo4j.time
from neo4j import ManagedTransaction
from neo4j.spatial import CartesianPoint, Point, WGS84Point

import queries
from graph.core.db import Graph, run
from graph.core.errors import Conflict, RuleBroken
from graph.core.local_neo4j import NEO4J_VERSION

FORMAT = "hls-graph/backup"
VERSION = 1
BATCH = 2_000
Progress = Callable[[str, int], None]  # (what, how many so far)

_TEMPORAL = {
    "date": neo4j.time.Date, "time": neo4j.time.Time, "datetime": neo4j.time.DateTime,
    "duration": neo4j.time.Duration,
}


class BackupError(RuleBroken):
    """A file that is not a backup this version can restore (422): names the line and what is wrong."""

    def __init__(self, message: str, line: int | None = None) -> None:
        where = f"line {line}: " if line else ""
        super().__init__("bad_backup", f"{where}{message}", line=line)


def encode_value(value: Any) -> Any:
    """A property value as JSON: plain values as they are, the others tagged with ``$neo4j``."""
    if isinstance(value, list):
        return [encode_value(v) for v in value]
    if isinstance(value, neo4j.time.Duration):
        return {"$neo4j": "duration", "months": value.months, "days": value.days,
                "seconds": value.seconds, "nanoseconds": value.nanoseconds}
    for kind, cls in _TEMPORAL.items():
        if isinstance(value, cls):
            return {"$neo4j": kind, "iso": value.iso_format()}
    if isinstance(value, Point):
        return {"$neo4j": "point", "srid": value.srid, "coordinates": list(value)}
    if isinstance(value, bytes | bytearray):
        return {"$neo4j": "bytes", "base64": base64.b64encode(value).decode("ascii")}
    return value


def decode_value(value: Any) -> Any:
    """The inverse of :func:`encode_value`."""
    if isinstance(value, list):
        return [decode_value(v) for v in value]
    if not isinstance(value, dict):
        return value
    kind = value.get("$neo4j")
    if kind == "duration":
        return neo4j.time.Duration(months=value["months"], days=value["days"], seconds=value["seconds"],
                                   nanoseconds=value["nanoseconds"])
    if kind in ("date", "time", "datetime"):
        return _TEMPORAL[kind].from_iso_format(value["iso"])
    if kind == "point":
        cls = WGS84Point if value["srid"] in (4326, 4979) else CartesianPoint
        return cls(value["coordinates"])
    if kind == "bytes":
        return base64.b64decode(value["base64"])
    raise BackupError(f"unknown value {value!r}: properties are plain values or tagged with $neo4j")


def _props(props: dict[str, Any]) -> dict[str, Any]:
    return {key: encode_value(v) for key, v in props.items()}


def _open(path: Path, mode: str, gzipped: bool | None = None) -> IO[str]:
    if path.suffix == ".gz" if gzipped is None else gzipped:
        return io.TextIOWrapper(gzip.open(path, mode + "b"), encoding="utf-8")
    return path.open(mode, encoding="utf-8")


def dump_lines(graph: Graph, created_at: str) -> Iterator[str]:
    """The backup as lines, read in ONE read transaction (a consistent picture of the database)."""
    # An explicit transaction, not execute_read: the rows stream to the file as they come, and a
    # managed transaction's retry could not replay lines already written.
    with graph.driver.session(database=graph.database, default_access_mode="READ") as session, \
            session.begin_transaction() as tx:
        counts = run(tx, "schema/database_counts")[0]
        yield json.dumps({"format": FORMAT, "version": VERSION, "created_at": created_at,
                          "neo4j": NEO4J_VERSION, "counts": counts})
        for row in tx.run(queries.load("schema/backup_nodes")):
            yield json.dumps({"node": {"id": row["id"], "labels": row["labels"],
                                       "props": _props(row["props"])}}, ensure_ascii=False)
        for row in tx.run(queries.load("schema/backup_relationships")):
            yield json.dumps({"rel": {"start": row["start"], "end": row["end"], "type": row["type"],
                                      "props": _props(row["props"])}}, ensure_ascii=False)


def backup(graph: Graph, path: Path, created_at: str, progress: Progress | None = None) -> dict[str, int]:
    """Write the whole database to ``path``; answer the counts written."""
    written = {"nodes": 0, "relationships": 0}
    tmp = path.with_name(path.name + ".partial")
    with _open(tmp, "w", gzipped=path.suffix == ".gz") as out:
        for line in dump_lines(graph, created_at):
            out.write(line + "\n")
            kind = {'{"node"': "nodes", '{"rel":': "relationships"}.get(line[:7], "")
            if kind:
                written[kind] += 1
                if progress and written[kind] % BATCH == 0:
                    progress(kind, written[kind])
    tmp.replace(path)  # a backup file is whole or absent, never half-written
    return written


@dataclass
class Restore:
    """What a restore read from the file, in order."""

    header: dict[str, Any]
    nodes: list[dict[str, Any]] = field(default_factory=list)
    rels: list[dict[str, Any]] = field(default_factory=list)


def read_backup(path: Path) -> Restore:
    """Parse and check a backup file completely before anything is written."""
    try:
        with _open(path, "r") as lines:
            restore: Restore | None = None
            for number, line in enumerate(lines, start=1):
                restore = _read_line(restore, line, number)
    except (OSError, EOFError, gzip.BadGzipFile, UnicodeDecodeError) as exc:
        raise BackupError(f"{path}: cannot be read: {exc}") from None
    if restore is None:
        raise BackupError(f"{path} is empty")
    expected = restore.header.get("counts") or {}
    found = {"nodes": len(restore.nodes), "relationships": len(restore.rels)}
    if expected and {k: expected.get(k) for k in found} != found:
        raise BackupError(f"{path} is incomplete: the header counts {expected}, the file holds {found}")
    return restore


def _read_line(restore: Restore | None, line: str, number: int) -> Restore:
    try:
        item = json.loads(line)
    except json.JSONDecodeError as exc:
        raise BackupError(f"not JSON: {exc.msg}", number) from None
    if restore is None:
        if not isinstance(item, dict) or item.get("format") != FORMAT:
            raise BackupError(f"not an hls-graph backup (no {FORMAT!r} header)", number)
        if item.get("version") != VERSION:
            raise BackupError(f"backup version {item.get('version')!r}; this hls-graph reads {VERSION}",
                              number)
        return Restore(item)
    if isinstance(item, dict) and isinstance(item.get("node"), dict):
        node = item["node"]
        if not isinstance(node.get("labels"), list) or not node.get("labels") or "id" not in node:
            raise BackupError("a node needs an id and at least one label", number)
        restore.nodes.append({"id": node["id"], "labels": node["labels"],
                              "props": {k: decode_value(v) for k, v in (node.get("props") or {}).items()}})
    elif isinstance(item, dict) and isinstance(item.get("rel"), dict):
        rel = item["rel"]
        if not all(rel.get(k) for k in ("start", "end", "type")):
            raise BackupError("a relationship needs start, end and type", number)
        restore.rels.append({"start": rel["start"], "end": rel["end"], "type": rel["type"],
                             "props": {k: decode_value(v) for k, v in (rel.get("props") or {}).items()}})
    else:
        raise BackupError("a line is a node or a rel", number)
    return restore


def restore(
    graph: Graph, path: Path, *, replace: bool = False, progress: Progress | None = None,
) -> dict[str, int]:
    """Load the backup at ``path`` into an empty database (``replace``: empty it first) in one
    transaction; answer the counts restored. The schema must be applied (constraints, the restore
    index) — ``graph.core.db.apply_schema`` does it."""
    content = read_backup(path)
    known = {node["id"] for node in content.nodes}
    dangling = next((r for r in content.rels if r["start"] not in known or r["end"] not in known), None)
    if dangling:
        raise BackupError(f"a {dangling['type']} relationship names a node the file does not hold")

    def work(tx: ManagedTransaction) -> dict[str, int]:
        counts = run(tx, "schema/database_counts")[0]
        if counts["nodes"] and not replace:
            raise Conflict("database_not_empty", f"the database holds {counts['nodes']} nodes; restore "
                           "into an empty one, or replace it (--replace)", nodes=counts["nodes"])
        if replace:
            run(tx, "schema/wipe_database")
        for kind, rows, query in (("nodes", content.nodes, "schema/restore_nodes"),
                                  ("relationships", content.rels, "schema/restore_relationships")):
            for start in range(0, len(rows), BATCH):
                run(tx, query, rows=rows[start:start + BATCH])
                if progress:
                    progress(kind, min(start + BATCH, len(rows)))
        run(tx, "schema/restore_finish")
        return {"nodes": len(content.nodes), "relationships": len(content.rels)}

    return graph.write_tx(work)

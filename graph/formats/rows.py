"""From a factor table and a link table (CSV, XLSX sheets, JSON lists) to the parts of a snapshot.

Each format names the columns of each role (aliases, first match wins, case-insensitive); every
column no role claims is kept as an extra property. Problems are refused with file, row and column.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from graph.formats.tables import Table, extra_value, flag, number, raw_text, split_list, text
from graph.systems.snapshot import (
    CORE_FACTOR_KEYS,
    CORE_LINK_KEYS,
    PropertyValue,
    SnapshotCluster,
    SnapshotFactor,
    SnapshotLink,
    SystemSnapshot,
    parse_polarity,
    slugify,
    unique_slug,
)


@dataclass
class FactorColumns:
    """Header names (aliases, first match wins) of a factor table's roles."""

    name: tuple[str, ...] = ("name",)
    local_id: tuple[str, ...] = ("id",)
    description: tuple[str, ...] = ("description",)
    cluster: tuple[str, ...] = ("cluster",)
    cluster_id: tuple[str, ...] = ("cluster_id",)
    cluster_colour: tuple[str, ...] = ("cluster_colour",)
    x: tuple[str, ...] = ("x",)
    y: tuple[str, ...] = ("y",)
    lists: tuple[str, ...] = ()  # extras whose cells hold "a | b" lists (Kumu's Tags)


@dataclass
class LinkColumns:
    source: tuple[str, ...] = ("source",)
    target: tuple[str, ...] = ("target",)
    polarity: tuple[str, ...] = ("polarity",)
    strength: tuple[str, ...] = ("strength",)
    delay: tuple[str, ...] = ("delay",)
    evidence: tuple[str, ...] = ("evidence",)
    direction: tuple[str, ...] = ()  # Kumu: only "directed" connections are causal links


def _check_reserved(table: Table, extras: list[tuple[int, str]], core: frozenset[str]) -> None:
    for i, key in extras:
        if key in core:
            raise table.fail(f"column name {table.headers[i]!r} is reserved; rename it", 1, table.headers[i])


def factors_from_table(
    table: Table, cols: FactorColumns
) -> tuple[list[SnapshotFactor], list[SnapshotCluster]]:
    """Factors and the clusters they name; duplicate ids or names are refused with both rows."""
    ci = {
        role: table.column(*getattr(cols, role), required=(role == "name"))
        for role in ("name", "local_id", "description", "cluster", "cluster_id", "cluster_colour", "x", "y")
    }
    extras = table.extras()
    list_keys = {k.lower() for k in cols.lists}
    if not table.rows:
        raise table.fail("there are no factor rows (only a header)")
    _check_reserved(table, extras, CORE_FACTOR_KEYS)
    factors, clusters = [], {}
    # Rows without an id get a slug of their name that no given id uses.
    taken_ids = {text(row[ci["local_id"]]) for _, row in table.rows} if ci["local_id"] is not None else set()
    first_row: dict[tuple[str, str], int] = {}

    def cell(row: list[Any], role: str) -> Any:
        return row[ci[role]] if ci[role] is not None else None

    def header(role: str) -> str:
        return table.headers[ci[role]]

    for n, row in table.rows:
        name = text(cell(row, "name"))
        if not name:
            raise table.fail("the factor has no name", n, header("name"))
        local_id = text(cell(row, "local_id"))
        if "/" in local_id:
            raise table.fail(f"id {local_id!r} contains '/'", n, header("local_id"))
        for kind, value, role in (("id", local_id, "local_id"), ("name", name, "name")):
            if value and (kind, value) in first_row:
                first = f"{table.words[1]} {first_row[(kind, value)]}"
                raise table.fail(
                    f"duplicate factor {kind} {value!r} (first on {first})",
                    n,
                    header(role),
                )
            first_row[(kind, value)] = n
        if not local_id:
            local_id = unique_slug(name, taken_ids, "factor")
        taken_ids.add(local_id)
        cluster = _cluster(
            table,
            clusters,
            n,
            text(cell(row, "cluster")),
            text(cell(row, "cluster_id")),
            text(cell(row, "cluster_colour")) or None,
            header("cluster") if ci["cluster"] is not None else "cluster",
        )
        props: dict[str, PropertyValue] = {}
        for i, key in extras:
            value = extra_value(row[i])
            if value is not None and key.lower() in list_keys:
                props[key.lower()] = split_list(value)  # Kumu's "Tags" column is the tags property
            elif value is not None:
                props[key] = value
        factors.append(
            SnapshotFactor(
                local_id=local_id,
                name=name,
                description=raw_text(cell(row, "description")),
                cluster=cluster,
                x=number(table, cell(row, "x"), n, header("x")) if ci["x"] is not None else None,
                y=number(table, cell(row, "y"), n, header("y")) if ci["y"] is not None else None,
                properties=props,
            )
        )
    return factors, list(clusters.values())


def _cluster(
    table: Table,
    clusters: dict[str, SnapshotCluster],
    row: int,
    name: str,
    local_id: str,
    colour: str | None,
    column: str,
) -> str | None:
    if not name:
        return None
    if name not in clusters:
        taken = {c.local_id for c in clusters.values()}
        if local_id and local_id in taken:
            raise table.fail(f"cluster id {local_id!r} is used by another cluster name", row, "cluster_id")
        clusters[name] = SnapshotCluster(local_id or unique_slug(name, taken, "cluster"), name, colour)
    cluster = clusters[name]
    if colour and cluster.colour and colour != cluster.colour:
        raise table.fail(
            f"cluster {name!r} has two colours: {cluster.colour!r} and {colour!r}", row, "cluster_colour"
        )
    cluster.colour = cluster.colour or colour
    return cluster.local_id


def factor_resolver(factors: Sequence[SnapshotFactor]) -> Callable[[str], str | None]:
    """Resolves a link end given as a factor name (first) or a factor id to the local id."""
    by_name = {f.name: f.local_id for f in factors}
    ids = {f.local_id for f in factors}

    def resolve(ref: str) -> str | None:
        return by_name.get(ref) or (ref if ref in ids else None)

    return resolve


def links_from_table(
    table: Table, cols: LinkColumns, resolve: Callable[[str], str | None], factor_file: str
) -> list[SnapshotLink]:
    """Links whose ends name factors (by name or id); unknown factors, unknown polarity, a repeated
    pair and bad numbers are refused with their row and column."""
    ci = {
        role: table.column(*getattr(cols, role), required=role in ("source", "target", "polarity"))
        for role in ("source", "target", "polarity", "strength", "delay", "evidence")
    }
    direction = table.column(*cols.direction) if cols.direction else None
    extras = table.extras()
    _check_reserved(table, extras, CORE_LINK_KEYS)
    links, first_row = [], {}
    for n, row in table.rows:
        ends = []
        for role in ("source", "target"):
            ref = text(row[ci[role]])
            local = resolve(ref)
            if local is None:
                raise table.fail(
                    f"link to an unknown factor {ref!r} (no factor in {factor_file} has that name or id)",
                    n,
                    table.headers[ci[role]],
                )
            ends.append(local)
        try:
            polarity = parse_polarity(text(row[ci["polarity"]]))
        except ValueError as exc:
            raise table.fail(str(exc), n, table.headers[ci["polarity"]]) from None
        if direction is not None and text(row[direction]).lower() not in ("", "directed"):
            raise table.fail(
                f"direction {text(row[direction])!r}: only directed connections are causal links",
                n,
                table.headers[direction],
            )
        pair = (ends[0], ends[1])
        if pair in first_row:
            raise table.fail(
                f"the link {ends[0]} → {ends[1]} appears twice (first on {table.words[1]} {first_row[pair]})",
                n,
                table.headers[ci["source"]],
            )
        first_row[pair] = n
        props: dict[str, PropertyValue] = {}
        for i, key in extras:
            value = extra_value(row[i])
            if value is not None:
                props[key] = value
        strength = (
            number(table, row[ci["strength"]], n, table.headers[ci["strength"]])
            if ci["strength"] is not None
            else None
        )
        delay = (
            flag(table, row[ci["delay"]], n, table.headers[ci["delay"]]) if ci["delay"] is not None else False
        )
        evidence = (raw_text(row[ci["evidence"]]) or None) if ci["evidence"] is not None else None
        links.append(SnapshotLink(ends[0], ends[1], polarity, strength, delay, evidence, props))
    return links


def snapshot_from_tables(
    factor_table: Table,
    factor_cols: FactorColumns,
    read_link_table: Callable[[], Table],
    link_cols: LinkColumns,
    factor_file: str,
) -> SystemSnapshot:
    """The factors, clusters and links of a factor table and a link table (id, name and outcome are
    left for the caller). The link table is read only after the factors are, so that a bad factor
    table is the problem reported first; ``factor_file`` names the factors in "unknown factor" errors."""
    factors, clusters = factors_from_table(factor_table, factor_cols)
    links = links_from_table(read_link_table(), link_cols, factor_resolver(factors), factor_file)
    return SystemSnapshot(id="", name="", outcome="", factors=factors, clusters=clusters, links=links)


def cluster_cells(snapshot: SystemSnapshot) -> dict[str, dict[str, str]]:
    """Cluster local id → the ``cluster_id`` / ``cluster_colour`` cells a factor row of that cluster
    carries so the cluster reads back as it was: its id when that is not the slug of its name, its
    colour when it has one."""
    cells: dict[str, dict[str, str]] = {}
    for c in snapshot.clusters:
        cells[c.local_id] = {}
        if c.local_id != slugify(c.name, "cluster"):
            cells[c.local_id]["cluster_id"] = c.local_id
        if c.colour:
            cells[c.local_id]["cluster_colour"] = c.colour
    return cells

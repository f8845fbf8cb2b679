"""From a factor table and a link table (CSV, XLSX sheets, JSON lists) to the parts of a snapshot.

Each format names the columns of each role (aliases, first match wins, case-insensitive); every
column no role claims is kept as an extra property (one named like a core property is kept as
``attr_<name>`` and reported). Polarity is read with the one vocabulary (graph/formats/vocabulary.py).

What the source tools do, done here and reported on the :class:`ImportReport` (``strict`` refuses
instead, naming file, sheet, row and column):

- two rows with one factor id: the first is kept (``merged``);
- two factors with one name: with ids, kept apart and the later renamed ``Name (2)`` (``renamed``);
  without ids, one factor (``merged``) — a name is then the factor's identity, as in a Kumu sheet;
- a link to a factor not listed: the factor is created (``created``);
- the same link twice: kept once (``merged``); opposite signs → unknown polarity
  (``conflicting_polarity``, naming both rows);
- an empty polarity: unknown (counted, not a finding); a word the vocabulary does not know: unknown
  (``unknown_polarity``, the text kept as ``polarity_text``);
- direction ``mutual``: two links, one each way (noted); ``undirected``: one link from → to with
  the property ``undirected = true``, left out of loop and path analysis (``undirected``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from graph.formats.report import ImportReport
from graph.formats.settle import distinct_name, merge_link
from graph.formats.tables import Table, extra_value, flag, number, raw_text, split_list, text
from graph.formats.vocabulary import (
    DIRECTION_WORDS,
    POLARITY_COLUMNS,
    STRENGTH_COLUMNS,
    WEIGHT_COLUMNS,
    read_number,
    read_polarity,
)
from graph.systems.snapshot import (
    CORE_FACTOR_KEYS,
    CORE_LINK_KEYS,
    PropertyValue,
    SnapshotCluster,
    SnapshotFactor,
    SnapshotLink,
    SystemSnapshot,
    normal_name,
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
    polarity: tuple[str, ...] = POLARITY_COLUMNS
    strength: tuple[str, ...] = STRENGTH_COLUMNS
    delay: tuple[str, ...] = ("delay", "delayed")
    evidence: tuple[str, ...] = ("evidence",)
    direction: tuple[str, ...] = ("direction",)
    weight: tuple[str, ...] = WEIGHT_COLUMNS


def _extras(table: Table, core: frozenset[str], report: ImportReport) -> list[tuple[int, str]]:
    """Unclaimed columns; one named like a core property is kept as ``attr_<name>`` (reported)."""
    extras = []
    for i, key in table.extras():
        if key in core:
            report.warn("renamed", f"column name {table.headers[i]!r} is reserved; kept as 'attr_{key}'",
                        **table.at(1, table.headers[i]))
            key = f"attr_{key}"
        extras.append((i, key))
    return extras


def factors_from_table(
    table: Table, cols: FactorColumns, report: ImportReport
) -> tuple[list[SnapshotFactor], list[SnapshotCluster]]:
    """Factors and the clusters they name; duplicates settled as the module docstring says."""
    ci = {
        role: table.column(*getattr(cols, role))
        for role in ("name", "local_id", "description", "cluster", "cluster_id", "cluster_colour", "x", "y")
    }
    if ci["name"] is None and ci["local_id"] is None:
        table.column(*cols.name, required=True)
    extras = _extras(table, CORE_FACTOR_KEYS, report)
    list_keys = {k.lower() for k in cols.lists}
    factors, clusters = [], {}
    # Rows without an id get a slug of their name that no given id uses.
    taken_ids = {text(row[ci["local_id"]]) for _, row in table.rows} if ci["local_id"] is not None else set()
    first_row: dict[tuple[str, str], int] = {}
    names: set[str] = set()
    exact_names: set[str] = set()  # as written: a name-only row repeating one is the same factor

    def cell(row: list[Any], role: str) -> Any:
        return row[ci[role]] if ci[role] is not None else None

    def header(role: str) -> str:
        return table.headers[ci[role]] if ci[role] is not None else getattr(cols, role)[0]

    for n, row in table.rows:
        local_id = text(cell(row, "local_id"))
        name = text(cell(row, "name")) or local_id
        if not name:
            raise table.fail("the factor has no name", n, header("name"))
        if "/" in local_id:
            raise table.fail(f"id {local_id!r} contains '/'", n, header("local_id"))
        if local_id and ("id", local_id) in first_row:
            first = f"{table.words[1]} {first_row[('id', local_id)]}"
            report.warn("merged", f"duplicate factor id {local_id!r} (first on {first}); kept the first",
                        **table.at(n, header("local_id")))
            continue
        if ("name", normal_name(name)) in first_row:  # one name, whatever its case and spacing
            first = f"{table.words[1]} {first_row[('name', normal_name(name))]}"
            if not local_id and name in exact_names:  # the name is the factor's identity: one factor
                report.warn("merged", f"duplicate factor name {name!r} (first on {first}); one factor",
                            **table.at(n, header("name")))
                continue
            new = distinct_name(name, names)
            report.warn("renamed",
                        f"duplicate factor name {name!r} (first on {first}); kept apart as {new!r}",
                        **table.at(n, header("name")))
            name = new
        first_row[("id", local_id)] = first_row[("name", normal_name(name))] = n
        names.add(normal_name(name))
        exact_names.add(name)
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
            header("cluster"),
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


class FactorIndex:
    """Resolves a link end given as a factor name (first) or id to the local id; creates the factor
    a link names when the file does not list it (reported; ``strict`` refuses)."""

    def __init__(self, factors: list[SnapshotFactor], factor_file: str) -> None:
        self.factors = factors
        self.factor_file = factor_file
        self.by_name = {f.name: f.local_id for f in factors}
        self.ids = {f.local_id for f in factors}
        self.listed = bool(factors)

    def __call__(self, ref: str) -> str | None:
        return self.by_name.get(ref) or (ref if ref in self.ids else None)

    def create(self, ref: str, report: ImportReport, where: dict[str, Any]) -> str:
        message = f"link to an unknown factor {ref!r} (no factor in {self.factor_file} has that name or id)"
        if self.listed:
            report.warn("created", f"{message}; created it", **where)
        local_id = ref if ref and "/" not in ref and ref == ref.strip() and ref not in self.ids \
            else unique_slug(ref, set(self.ids), "factor")
        self.ids.add(local_id)
        self.by_name[ref] = local_id
        self.factors.append(SnapshotFactor(local_id, ref))
        return local_id


def _direction_column(table: Table, cols: LinkColumns, polarity: int | None) -> int | None:
    """The direction column: named so, or a ``type`` column holding only directed/undirected/mutual
    (Gephi's edge table) — then it is not the polarity column."""
    direction = table.column(*cols.direction) if cols.direction else None
    if direction is None and polarity is not None:
        values = {text(row[polarity]).lower() for _, row in table.rows} - {""}
        if values and values <= DIRECTION_WORDS:
            return polarity
    return direction


def links_from_table(
    table: Table, cols: LinkColumns, resolve: FactorIndex, report: ImportReport
) -> list[SnapshotLink]:
    """Links whose ends name factors (by name or id), settled as the module docstring says; bad
    numbers and a missing source/target column are refused with their row and column."""
    ci = {
        role: table.column(*getattr(cols, role), required=role in ("source", "target"))
        for role in ("source", "target", "polarity", "strength", "delay", "evidence")
    }
    direction = _direction_column(table, cols, ci["polarity"])
    if direction is not None and direction == ci["polarity"]:
        taken = table.headers[direction].lower()
        ci["polarity"] = table.column(*[c for c in cols.polarity if c.lower() != taken])
    weight = table.column(*cols.weight) if cols.weight else None
    if weight is not None and ci["polarity"] is None and any(
        (read_number(row[weight], table.decimal_comma) or 0) < 0 for _, row in table.rows
    ):
        ci["polarity"] = weight  # a signed weight is the sign (and its size the strength)
    elif weight is not None and ci["strength"] is None:
        ci["strength"] = weight
    extras = _extras(table, CORE_LINK_KEYS, report)
    links: list[SnapshotLink] = []
    first: dict[tuple[str, str], tuple[int, SnapshotLink]] = {}
    for n, row in table.rows:
        ends = []
        for role in ("source", "target"):
            ref = text(row[ci[role]])
            if not ref:
                raise table.fail("the link has no " + role, n, table.headers[ci[role]])
            ends.append(resolve(ref) or resolve.create(ref, report, table.at(n, table.headers[ci[role]])))
        polarity, strength = _polarity(table, ci["polarity"], row, n, report)
        if ci["strength"] is not None:
            cell = row[ci["strength"]]
            word = read_polarity(cell) if isinstance(cell, str) and read_number(cell) is None else None
            if word is not None and word.known and word.strength is not None:
                strength = word.strength
                polarity = polarity if polarity is not None else word.polarity
            else:
                strength = number(table, cell, n, table.headers[ci["strength"]]) if cell not in (None, "") \
                    else strength
        props: dict[str, PropertyValue] = {}
        for i, key in extras:
            value = extra_value(row[i])
            if value is not None:
                props[key] = value
        if polarity is None and ci["polarity"] is not None and text(row[ci["polarity"]]):
            props.setdefault("polarity_text", text(row[ci["polarity"]]))
        delay = (
            flag(table, row[ci["delay"]], n, table.headers[ci["delay"]]) if ci["delay"] is not None else False
        )
        evidence = (raw_text(row[ci["evidence"]]) or None) if ci["evidence"] is not None else None
        kind = text(row[direction]).lower() if direction is not None else ""
        made = [SnapshotLink(ends[0], ends[1], polarity, strength, delay, evidence, props)]
        if kind == "mutual":
            report.note("mutual", f"mutual connection {ends[0]} ↔ {ends[1]}: two links, one each way",
                        **table.at(n, table.headers[direction]))
            made.append(SnapshotLink(ends[1], ends[0], polarity, strength, delay, evidence, dict(props)))
        elif kind == "undirected":
            report.warn("undirected", f"undirected connection {ends[0]} — {ends[1]}: kept as one link "
                        "marked undirected, left out of loop and path analysis",
                        **table.at(n, table.headers[direction]))
            made[0].properties["undirected"] = True
        elif kind not in ("", "directed"):
            report.warn("dropped_field", f"direction {text(row[direction])!r} is not directed, mutual or "
                        "undirected; read as directed", **table.at(n, table.headers[direction]))
        for link in made:
            pair = (link.source, link.target)
            if pair in first:
                row0, kept = first[pair]
                merge_link(kept, link, report, f"{table.words[1]} {row0}", f"{table.words[1]} {n}",
                           **table.at(n, table.headers[ci["source"]]))
                continue
            first[pair] = (n, link)
            links.append(link)
    return links


def _polarity(
    table: Table, column: int | None, row: list[Any], n: int, report: ImportReport
) -> tuple[int | None, float | None]:
    if column is None:
        return None, None
    value = row[column]
    reading = read_polarity(value, table.decimal_comma)
    if reading.polarity is None and text(value):
        why = "not a word of the polarity vocabulary" if not reading.known else "the sign is not given"
        report.warn("unknown_polarity", f"unknown polarity {value!r} ({why}); stored as unknown",
                    **table.at(n, table.headers[column]))
    return reading.polarity, reading.strength


def snapshot_from_tables(
    factor_table: Table | None,
    factor_cols: FactorColumns,
    read_link_table: Callable[[], Table],
    link_cols: LinkColumns,
    factor_file: str,
    report: ImportReport,
) -> SystemSnapshot:
    """The factors, clusters and links of a factor table and a link table (id, name and outcome are
    left for the caller). The link table is read only after the factors are, so that a bad factor
    table is the problem reported first; ``factor_file`` names the factors in "unknown factor"
    findings. Without a factor table (an edge list alone) the links' ends are the factors."""
    factors, clusters = factors_from_table(factor_table, factor_cols, report) if factor_table else ([], [])
    index = FactorIndex(factors, factor_file)
    links = links_from_table(read_link_table(), link_cols, index, report)
    if factor_table is None:
        report.note("created", f"no factor list: {len(index.factors)} factors made from the links' ends")
    return SystemSnapshot(id="", name="", outcome="", factors=index.factors, clusters=clusters, links=links)


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

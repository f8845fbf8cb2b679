"""The two questions that connect a Learning Cycle to the cycles below it (guide §2.3, docs/design.md
"The two questions, defined"), and the learning stack they are asked over.

Each answer is read from named queries that start at the cycle's indexed ``id`` and expand only
the subgraph below it (``queries/learn_from_below*.cypher``, ``queries/enable_below.cypher``,
``queries/cycle_stack.cypher``): learn-from-below's four side by side, each in its own read
transaction (:meth:`graph.core.db.Graph.read_parallel`), the others in one. Python only shapes the
rows, fills zero counts and redacts restricted evidence. Definitions:

- **below** ``U`` (``depth``): the distinct cycles with a ``FEEDS_INTO`` path to ``U`` of at most
  ``depth`` hops (``None``: every scale below). A cycle reached by two routes (a diamond) is one
  cycle, at its shortest distance. ``U`` itself is not below ``U``.
- **learn from below**, ``patterns``: every pattern derived (``DERIVED_FROM``) from evidence
  yielded by an experiment run by a cycle below. ``lower_cycles``: the distinct cycles below whose
  evidence *supports* it (``contradicting_cycles`` likewise for *contradicts*); ``supporting`` /
  ``contradicting``: its evidence from below by stance; ``scales``: where that evidence (either
  stance) was produced; ``factors``: what those experiments intervene on; ``provenance``: one
  ``cycle → experiment → evidence → pattern`` chain per evidence behind every number — the first
  ``provenance_limit`` of them (the API's default :data:`PROVENANCE_LIMIT`; ``None``: all), with
  ``provenance_count`` saying how many there are; :func:`learn_from_below_provenance` pages through
  the rest (lean answers, issue 17: the region answer was 2.7 MB of chains). Ranked by
  ``lower_cycle_count`` desc, then ``supporting`` desc, then ``id``; ``min_cycles`` keeps patterns
  with at least that many supporting lower cycles (0 also shows patterns only contradicted below).
- **recurring** ("patterns nobody has named yet"): a factor intervened on, or an experiment
  ``outcome`` label, found on experiments of two or more distinct cycles below, that no pattern
  NAMES. A factor (outcome) is *named* when some pattern is derived, with either stance, from
  evidence yielded by an experiment *in the same scope* (the cycles below, or the peer group)
  that intervenes on that factor (has that outcome). Experiments of every status count.
- **coverage**: the cycles below by scale, their experiments by status, their evidence by kind
  and by sensitivity.
- **peers** (``include_peers``): for each same-scale peer of ``U`` (``PEER_OF`` either way) the
  same three answers over the peer itself and the cycles below it (within ``depth``), every item
  marked ``via: "peer"`` and ``peer: <id>``; items from below carry ``via: "below"``.
- **enable below**: every condition raised by a cycle below, or that ``BLOCKS``/``SUPPORTS`` a
  cycle below or an experiment of one. It *affects* the cycles below that it blocks/supports
  directly or through their experiments, and those below that raised it (a cycle raises what hits
  it); ``affected_experiments``: the experiments below it blocks/supports; ``oldest_raised_at``:
  its ``raised_at`` (a condition node has one); ``raised_at_scales``: the scales of every cycle
  that raised it, below or not. ``barriers`` / ``enablers`` hold the open and acting ones ranked by
  ``affected_cycle_count`` desc, then ``raised_at`` (oldest first), then ``id``; ``resolved`` holds
  the resolved ones (barriers, then enablers, each in that order). ``acted_on_by`` lists every
  ``ACTS_ON`` with the actor's relation to ``U``: self, peer, above, below or other;
  ``unanswered`` is true when nobody acts on it.
- **sensitivity**: evidence of sensitivity ``cycle`` or ``personal`` counts everywhere, but its
  ``text``, ``value`` and ``unit`` are returned only when ``viewer_cycle`` is the cycle that
  produced it (:func:`graph.learning.sensitivity.redact`; a withheld chain says ``restricted: true``).
"""

from __future__ import annotations

from typing import Any

from neo4j import ManagedTransaction

from graph.core.db import Graph, run, run_lean
from graph.core.errors import NotFound, RuleBroken
from graph.learning import store
from graph.learning.model import EvidenceKind, ExperimentStatus, Sensitivity
from graph.learning.sensitivity import Reader, reader_tx, redact

Row = dict[str, Any]


# --- checks shared by the three questions ------------------------------------------------------


# Far above any stack (a handful of scales) yet well inside the 64-bit integers Neo4j takes: larger
# values are refused rather than failing inside the driver.
MAX_DEPTH = 50
MAX_MIN_CYCLES = 1_000_000
# Provenance chains per pattern in a learn-from-below answer unless asked otherwise: enough to "show
# the working" at a glance; the rest is a page away (learn_from_below_provenance).
PROVENANCE_LIMIT = 5
MAX_PROVENANCE_LIMIT = 10_000
# A provenance chain as the queries return it: a list in this order (lists decode cheapest).
CHAIN_FIELDS = ("cycle", "experiment", "evidence", "stance", "scale", "evidence_kind", "sensitivity",
                "text", "value", "unit")


def check_limit(name: str, value: int | None, at_least: int = 0) -> None:
    if value is not None and not at_least <= value <= MAX_PROVENANCE_LIMIT:
        raise RuleBroken(f"{name}_out_of_range", f"{name} must be {at_least}..{MAX_PROVENANCE_LIMIT}, "
                         f"not {value}", **{name: value})


def check_depth(depth: int | None) -> None:
    if depth is not None and depth < 1:
        raise RuleBroken(
            "depth_at_least_one",
            f"depth counts FEEDS_INTO hops and must be 1 or more, not {depth} "
            "(leave it out for every scale below)", depth=depth,
        )
    if depth is not None and depth > MAX_DEPTH:
        raise RuleBroken(
            "depth_too_large", f"depth must be at most {MAX_DEPTH}, not {depth}", depth=depth,
        )


def _subject(tx: ManagedTransaction, cycle_id: str, viewer_cycle: str | None = None) -> Row:
    """The asked-about cycle with its scale; 404 for it, or for an unknown ``viewer_cycle``."""
    ids = [cycle_id] if viewer_cycle is None else [cycle_id, viewer_cycle]
    found = {row["id"]: row for row in run(tx, "questions/question_cycles", ids=ids)}
    if cycle_id not in found:
        raise NotFound("cycle", cycle_id)
    if viewer_cycle is not None and viewer_cycle not in found:
        raise NotFound("cycle", viewer_cycle, param="viewer_cycle")
    return found[cycle_id]


# --- learn from below ----------------------------------------------------------------------------


def learn_from_below(
    graph: Graph, cycle_id: str, depth: int | None = None, min_cycles: int = 1,
    include_peers: bool = False, viewer_cycle: str | None = None,
    provenance_limit: int | None = None,
) -> dict[str, Any]:
    """What ``cycle_id`` can learn from the patterns of results of the experiments below it.

    Answers ``{cycle, depth, min_cycles, include_peers, viewer_cycle, provenance_limit, patterns,
    recurring, coverage, peers}``; ``peers`` is one ``{peer, via, patterns, recurring, coverage}``
    per same-scale peer when ``include_peers`` (else empty). Each pattern carries its first
    ``provenance_limit`` chains (``None``, the default in process: every chain, as the maps and the
    explorer draw them; the API's default is :data:`PROVENANCE_LIMIT`) and ``provenance_count``.
    Definitions: the module docstring.
    """
    check_depth(depth)
    check_limit("provenance_limit", provenance_limit)
    if min_cycles < 0:
        raise RuleBroken("min_cycles_not_negative", f"min_cycles must be 0 or more, not {min_cycles}",
                         min_cycles=min_cycles)
    if min_cycles > MAX_MIN_CYCLES:
        raise RuleBroken("min_cycles_too_large", f"min_cycles must be at most {MAX_MIN_CYCLES}, not "
                         f"{min_cycles}", min_cycles=min_cycles)
    scope = {"cycle_id": cycle_id, "depth": depth, "include_peers": include_peers}

    # Four independent reads, side by side on the server's cores (Graph.read_parallel).
    (subject, reader), pattern_rows, recurring_rows, coverage_rows = graph.read_parallel([
        # who asks: what restricted evidence it may read
        lambda tx: (_subject(tx, cycle_id, viewer_cycle), reader_tx(tx)),
        lambda tx: run_lean(tx, "questions/learn_from_below", min_cycles=min_cycles,
                            provenance_limit=provenance_limit, **scope),
        lambda tx: run_lean(tx, "questions/learn_from_below_recurring", **scope),
        lambda tx: run_lean(tx, "questions/learn_from_below_coverage", **scope),
    ])
    groups: dict[str | None, dict[str, Any]] = {None: _group(None)}
    # A peer group always covers at least the peer itself, so coverage names every peer.
    for row in coverage_rows:
        group = groups.setdefault(row["peer"], _group(row["peer"]))
        group["coverage"] = _coverage(row)
    for row in pattern_rows:
        groups[row["peer"]]["patterns"].append(_pattern(row, viewer_cycle, reader))
    for row in recurring_rows:
        groups[row["peer"]]["recurring"].append(_recurring(row))
    below = groups.pop(None)
    return {
        "cycle": subject, "depth": depth, "min_cycles": min_cycles, "include_peers": include_peers,
        "viewer_cycle": viewer_cycle, "provenance_limit": provenance_limit,
        "patterns": below["patterns"], "recurring": below["recurring"], "coverage": below["coverage"],
        "peers": [groups[peer] for peer in sorted(groups)],
    }


def _group(peer: str | None) -> dict[str, Any]:
    group: dict[str, Any] = {"patterns": [], "recurring": [], "coverage": _coverage(None)}
    if peer is not None:
        group = {"peer": peer, "via": "peer", **group}
    return group


def _pattern(row: Row, viewer_cycle: str | None, reader: Reader) -> Row:
    return {
        "id": row["id"], "statement": row["statement"], "status": row["status"],
        "via": row["via"], "peer": row["peer"],
        "lower_cycle_count": row["lower_cycle_count"], "lower_cycles": row["lower_cycles"],
        "contradicting_cycles": row["contradicting_cycles"],
        "supporting": row["supporting"], "contradicting": row["contradicting"],
        "scales": [{"id": id, "level": level} for id, level in sorted(row["scales"], key=lambda s: s[1])],
        "factors": [{"id": id, "name": name} for id, name in row["factors"]],
        "provenance_count": row["provenance_count"],
        "provenance": [_chain(chain, row["id"], viewer_cycle, reader) for chain in row["provenance"]],
    }


def _chain(chain: list[Any], pattern_id: str, viewer_cycle: str | None, reader: Reader) -> Row:
    """One provenance chain (a list in :data:`CHAIN_FIELDS` order) as a map; its evidence detail
    redacted unless the viewer may read it."""
    cycle, experiment, evidence_id, stance, scale, kind, sensitivity, text, value, unit = chain
    evidence = redact({"sensitivity": sensitivity, "text": text, "value": value, "unit": unit},
                      cycle, viewer_cycle, reader)
    return {
        "cycle": cycle, "experiment": experiment, "evidence": evidence_id, "stance": stance,
        "pattern": pattern_id, "scale": scale, "evidence_kind": kind, "sensitivity": sensitivity,
        "text": evidence["text"], "value": evidence["value"], "unit": evidence["unit"],
        "restricted": evidence["restricted"],
    }


def learn_from_below_provenance(
    graph: Graph, cycle_id: str, pattern_id: str, depth: int | None = None, peer: str | None = None,
    viewer_cycle: str | None = None, offset: int = 0, limit: int = 100,
) -> dict[str, Any]:
    """One page of the provenance of ``pattern_id`` in ``cycle_id``'s learn-from-below answer (the
    chains that answer leaves out after its first ``provenance_limit``): the cycles below, or with
    ``peer`` that same-scale peer's group, in the answer's order, redacted like the answer.

    Answers ``{cycle, pattern, depth, peer, viewer_cycle, total, offset, limit, chains}``; 404 for
    an unknown cycle, viewer cycle or pattern.
    """
    check_depth(depth)
    check_limit("offset", offset)
    check_limit("limit", limit, at_least=1)

    def read(tx: ManagedTransaction) -> tuple[Row, Row, Reader]:
        subject = _subject(tx, cycle_id, viewer_cycle)
        store.require(tx, "pattern", pattern_id, param="pattern_id")
        if peer is not None:
            store.require(tx, "cycle", peer, param="peer")
        [row] = run_lean(tx, "questions/learn_from_below_provenance", cycle_id=cycle_id, depth=depth,
                         peer=peer, pattern_id=pattern_id, offset=offset, limit=limit)
        return subject, row, reader_tx(tx)

    subject, row, reader = graph.read_tx(read)
    return {
        "cycle": subject, "pattern": pattern_id, "depth": depth, "peer": peer,
        "viewer_cycle": viewer_cycle, "total": row["total"], "offset": offset, "limit": limit,
        "chains": [_chain(chain, pattern_id, viewer_cycle, reader) for chain in row["chains"]],
    }


def _recurring(row: Row) -> Row:
    return {key: row[key] for key in
            ("kind", "id", "name", "via", "peer", "cycle_count", "cycles", "experiments")}


def _coverage(row: Row | None) -> dict[str, Any]:
    """Counts with every enum value present (zero when nothing of it was found)."""
    row = row or {"cycle_count": 0, "cycles_by_scale": [], "experiments": 0,
                  "experiments_by_status": [], "evidence": 0, "evidence_counts": []}
    by_status = {status.value: 0 for status in ExperimentStatus}
    for item in row["experiments_by_status"]:
        by_status[item["status"]] = by_status.get(item["status"], 0) + item["count"]
    by_kind = {kind.value: 0 for kind in EvidenceKind}
    by_sensitivity = {level.value: 0 for level in Sensitivity}
    for item in row["evidence_counts"]:
        by_kind[item["kind"]] = by_kind.get(item["kind"], 0) + item["count"]
        by_sensitivity[item["sensitivity"]] = by_sensitivity.get(item["sensitivity"], 0) + item["count"]
    return {
        "cycles": row["cycle_count"], "cycles_by_scale": row["cycles_by_scale"],
        "experiments": row["experiments"], "experiments_by_status": by_status,
        "evidence": row["evidence"], "evidence_by_kind": by_kind,
        "evidence_by_sensitivity": by_sensitivity,
    }


# --- enable below ----------------------------------------------------------------------------------


def enable_below(
    graph: Graph, cycle_id: str, depth: int | None = None, viewer_cycle: str | None = None,
) -> dict[str, Any]:
    """How ``cycle_id`` can enable the cycles below it: the barriers to remove and the enablers to
    nurture that they raised or that block/support them, who already acts on each, and what is
    unanswered. Answers ``{cycle, depth, viewer_cycle, barriers, enablers, resolved}``.

    Conditions carry no sensitivity (only evidence does), so ``viewer_cycle`` changes nothing in
    the answer; it is checked (404 when unknown) so every question takes the same parameters.
    """
    check_depth(depth)

    def read(tx: ManagedTransaction) -> tuple[Row, list[Row]]:
        subject = _subject(tx, cycle_id, viewer_cycle)
        return subject, run_lean(tx, "questions/enable_below", cycle_id=cycle_id, depth=depth)

    subject, rows = graph.read_tx(read)
    answer: dict[str, Any] = {"cycle": subject, "depth": depth, "viewer_cycle": viewer_cycle,
                              "barriers": [], "enablers": [], "resolved": []}
    for row in rows:  # already ranked by the query
        item = _condition(row)
        section = "resolved" if row["status"] == "resolved" else f"{row['kind']}s"
        answer[section].append(item)
    return answer


def _condition(row: Row) -> Row:
    item = {key: row[key] for key in (
        "id", "kind", "description", "status", "raised_at", "resolved_at", "resolved_by",
        "affected_cycle_count", "affected_cycles", "affected_experiment_count",
        "affected_experiments", "raised_by", "acted_on_by",
    )}
    # A condition node has one raised_at; "oldest" is kept as the name the issue asks for.
    item["oldest_raised_at"] = row["raised_at"]
    scales: list[str] = []
    for raiser in row["raised_by"]:  # ordered by scale level
        if raiser["scale"] not in scales:
            scales.append(raiser["scale"])
    item["raised_at_scales"] = scales
    item["unanswered"] = not row["acted_on_by"]
    return item


# --- the learning stack --------------------------------------------------------------------------


def cycle_stack(graph: Graph, cycle_id: str) -> dict[str, Any]:
    """The connected learning stack of ``cycle_id``: the cycles above and below it (with scale
    levels and hop distance), its peers, and the ``FEEDS_INTO`` / ``PEER_OF`` edges among them.

    Answers ``{cycle, above, below, peers, feeds_into: [{lower, upper}], peer_of: [{cycle, peer}]}``;
    cycles are ordered by scale level (highest first), then distance, then id.
    """

    def read(tx: ManagedTransaction) -> tuple[Row, list[Row]]:
        return _subject(tx, cycle_id), run(tx, "questions/cycle_stack", cycle_id=cycle_id)

    _, rows = graph.read_tx(read)
    members = {"self": [], "above": [], "below": [], "peer": []}
    feeds, peers = [], []
    for row in rows:
        members[row["relation"]].append(
            {key: row[key] for key in ("id", "name", "status", "scale", "level", "relation", "distance")}
        )
        feeds += [{"lower": row["id"], "upper": upper} for upper in row["feeds_into"]]
        peers += [{"cycle": row["id"], "peer": peer} for peer in row["peer_of"]]
    return {
        "cycle": members["self"][0], "above": members["above"], "below": members["below"],
        "peers": members["peer"],
        "feeds_into": sorted(feeds, key=lambda e: (e["lower"], e["upper"])),
        "peer_of": sorted(peers, key=lambda e: (e["cycle"], e["peer"])),
    }

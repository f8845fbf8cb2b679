"""The last step of every import, whatever the format: what a parser left that a stored system cannot
hold is settled the way map tools do it, and reported (``strict`` refuses instead).

- two factors with one name: the later ones are renamed ``Name (2)``, ``Name (3)``… (``renamed``);
- a link to a factor the file does not list: the factor is created, named by the reference
  (``created``);
- the same link twice: one link is kept (``merged``); when the two disagree on the sign its polarity
  becomes unknown (``conflicting_polarity``).

Parsers that know rows and columns do this themselves with a better "where" (graph/formats/rows.py);
this pass catches the rest (e.g. GraphML node labels) and counts nothing twice.

>>> from graph.systems.snapshot import SnapshotFactor, SnapshotLink, SystemSnapshot, normal_name
>>> s = SystemSnapshot("m", "M", "o", factors=[SnapshotFactor("1", "A"), SnapshotFactor("2", "A")],
...     links=[SnapshotLink("1", "2", 1), SnapshotLink("1", "2", -1), SnapshotLink("2", "9", 1)])
>>> report = ImportReport()
>>> settle(s, report, "map.graphml")
>>> [f.name for f in s.factors], [(k.source, k.target, k.polarity) for k in s.links]
(['A', 'A (2)', '9'], [('1', '2', None), ('2', '9', 1)])
>>> sorted(w.kind for w in report.warnings)
['conflicting_polarity', 'created', 'renamed']
"""

from __future__ import annotations

from typing import Any

from graph.formats.report import ImportReport
from graph.systems.snapshot import SnapshotFactor, SnapshotLink, SystemSnapshot, normal_name


def distinct_name(name: str, taken: set[str]) -> str:
    """``name``, or ``name (2)``, ``name (3)``… — the first whose :func:`normal_name` is not in
    ``taken`` (which records it): names that differ only in case or spacing are one name."""
    candidate, n = name, 1
    while normal_name(candidate) in taken:
        n += 1
        candidate = f"{name} ({n})"
    taken.add(normal_name(candidate))
    return candidate


def merge_link(first: SnapshotLink, again: SnapshotLink, report: ImportReport,
               first_at: str = "", again_at: str = "", **where: Any) -> None:
    """``again`` repeats ``first`` (same ends): keep ``first``; opposite signs make it unknown; an
    arrow drawn once makes the kept link directed (a line without arrow says less than an arrow).
    ``first_at``/``again_at`` say where each was (``row 2``); ``where`` locates the repeat."""
    link = f"{first.source} → {first.target}"
    if first.properties.get("undirected") and not again.properties.get("undirected"):
        first.properties.pop("undirected")
    seen = f" (first on {first_at})" if first_at else ""
    if first.polarity is not None and again.polarity is not None and first.polarity != again.polarity:
        both = f" ({first_at} and {again_at})" if first_at and again_at else ""
        report.warn("conflicting_polarity",
                    f"the link {link} appears twice{seen} with opposite signs{both}; "
                    "kept one link of unknown polarity", **where)
        first.polarity = None
        first.properties.setdefault("conflicting_polarity", True)
        return
    report.warn("merged", f"the link {link} appears twice{seen}; kept one", **where)
    conflicted = "conflicting_polarity" in first.properties
    if first.polarity is None and again.polarity is not None and not conflicted:
        first.polarity = again.polarity
    first.strength = first.strength if first.strength is not None else again.strength
    first.delay = first.delay or again.delay
    first.evidence = first.evidence or again.evidence


def settle(snapshot: SystemSnapshot, report: ImportReport, file: str) -> None:
    """Settle duplicate names, loose link ends and repeated links in place (see the module doc)."""
    taken: set[str] = set()
    for factor in snapshot.factors:
        if normal_name(factor.name) in taken:
            new = distinct_name(factor.name, taken)
            report.warn("renamed", f"duplicate factor name {factor.name!r} (factor {factor.local_id!r}); "
                        f"kept apart as {new!r}", file=file)
            factor.name = new
        else:
            taken.add(normal_name(factor.name))
    ids = {f.local_id for f in snapshot.factors}
    kept: dict[tuple[str, str], SnapshotLink] = {}
    links = []
    for link in snapshot.links:
        for end in (link.source, link.target):
            if end not in ids:
                report.warn("created", f"link to an unknown factor {end!r}; created it", file=file)
                ids.add(end)
                snapshot.factors.append(SnapshotFactor(end, distinct_name(end, taken)))
        pair = (link.source, link.target)
        if pair in kept:
            merge_link(kept[pair], link, report, file=file)
            continue
        kept[pair] = link
        links.append(link)
    snapshot.links = links

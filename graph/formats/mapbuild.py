"""Assembling a snapshot from a file that names factors and links its own way (XMILE, Vensim,
PRSM, GML): the source's duplicates and loose ends become report warnings, never refusals.

- Factors are keyed by the source's identity (an XMILE name, a Vensim name, a PRSM id); two
  *different* factors with the same display name are kept apart, the later one renamed
  ``Name (2)`` (warning ``renamed``).
- A link given twice is kept once (``merged``); if the two disagree on the sign it becomes
  unknown (``conflicting_polarity``, naming both places).
- A link to a factor the file does not define is dropped (``dropped_link``).
- Links of unknown polarity are counted in one ``unknown_polarity`` note per file (a note:
  ``strict`` never refuses a missing sign).

>>> from graph.formats.report import ImportReport
>>> b = MapBuilder(ImportReport(), "m.xmile")
>>> b.factor("a", "A"); b.factor("b", "B")
'a'
'b'
>>> b.link("a", "b", 1, where="connector 1"); b.link("a", "b", -1, where="connector 2")
>>> s = b.snapshot("m", "M")
>>> [(link.source, link.target, link.polarity) for link in s.links]
[('a', 'b', None)]
>>> [w.kind for w in b.report.warnings]
['conflicting_polarity', 'unknown_polarity']
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from graph.formats.report import ImportReport
from graph.formats.settle import merge_link
from graph.formats.vocabulary import read_polarity
from graph.systems.snapshot import (
    PropertyValue,
    SnapshotCluster,
    SnapshotFactor,
    SnapshotLink,
    SystemSnapshot,
    slugify,
    unique_slug,
)


def usable_id(value: Any) -> str | None:
    """The source's own id when it can be a local id (text, no ``/``, no surrounding spaces)."""
    text = str(value) if value is not None and not isinstance(value, bool) else ""
    return text if text and text == text.strip() and "/" not in text and ":" not in text else None


@dataclass
class _Link:
    link: SnapshotLink
    where: str


@dataclass
class MapBuilder:
    """Collects factors, clusters and links, then :meth:`snapshot` hands back a valid-shaped map."""

    report: ImportReport
    file: str
    factors: dict[str, SnapshotFactor] = field(default_factory=dict)  # source key → factor
    clusters: dict[str, SnapshotCluster] = field(default_factory=dict)  # cluster name → cluster
    links: dict[tuple[str, str], _Link] = field(default_factory=dict)
    _ids: set[str] = field(default_factory=set)
    _names: set[str] = field(default_factory=set)
    _cluster_ids: set[str] = field(default_factory=set)

    def has(self, key: str) -> bool:
        return key in self.factors

    def local_id(self, key: str) -> str:
        return self.factors[key].local_id

    def cluster(self, name: str, colour: str | None = None, preferred_id: str | None = None) -> str:
        """The local id of the cluster called ``name`` (created on first use, with the file's own id
        when it has a usable one)."""
        if name not in self.clusters:
            if preferred_id and usable_id(preferred_id) and preferred_id not in self._cluster_ids:
                self._cluster_ids.add(preferred_id)
                local = preferred_id
            else:
                local = unique_slug(name, self._cluster_ids, "cluster")
            self.clusters[name] = SnapshotCluster(local, name, colour)
        return self.clusters[name].local_id

    def factor(
        self,
        key: str,
        name: str,
        *,
        description: str = "",
        x: float | None = None,
        y: float | None = None,
        cluster: str | None = None,
        properties: dict[str, PropertyValue] | None = None,
        preferred_id: str | None = None,
        where: str | None = None,
    ) -> str:
        """Add the factor the source knows as ``key`` (once; a second call returns the first)."""
        if key in self.factors:
            return self.factors[key].local_id
        name = " ".join(name.split()) or str(key)
        shown = name
        n = 1
        while shown.casefold() in self._names:
            n += 1
            shown = f"{name} ({n})"
        if shown != name:
            self.report.warn(
                "renamed",
                f"two factors are called {name!r}; the later one is named {shown!r}",
                file=self.file,
                column=where,
            )
        self._names.add(shown.casefold())
        local = preferred_id if preferred_id and preferred_id not in self._ids else None
        if local:
            self._ids.add(local)
        else:
            local = unique_slug(shown, self._ids, "factor")
        self.factors[key] = SnapshotFactor(local, shown, description, cluster, x, y, dict(properties or {}))
        return local

    def link(
        self,
        source: str,
        target: str,
        polarity: int | None,
        *,
        strength: float | None = None,
        delay: bool = False,
        evidence: str | None = None,
        properties: dict[str, PropertyValue] | None = None,
        where: str,
    ) -> None:
        """A link between two source keys; merged with an earlier one between the same factors."""
        for end in (source, target):
            if end not in self.factors:
                self.report.warn(
                    "dropped_link",
                    f"{where}: {source!r} → {target!r} names {end!r}, "
                    "which is not a factor of this map; link left out",
                    file=self.file,
                )
                return
        pair = (self.factors[source].local_id, self.factors[target].local_id)
        link = SnapshotLink(pair[0], pair[1], polarity, strength, delay, evidence, dict(properties or {}))
        if pair in self.links:  # the rule every importer keeps: one link, opposite signs → unknown
            earlier = self.links[pair]
            merge_link(earlier.link, link, self.report, earlier.where, where, file=self.file)
            return
        self.links[pair] = _Link(link, where)

    def snapshot(
        self, system_id: str = "", name: str = "", outcome: str = "", description: str | None = None
    ) -> SystemSnapshot:
        links = [entry.link for entry in self.links.values()]
        unknown = sum(1 for link in links if link.polarity is None)
        if unknown:
            # A note, not a finding: a missing sign is never refused, not even in strict mode.
            self.report.note("unknown_polarity", f"{unknown} of {len(links)} links carry no sign "
                             "in the file; stored with unknown polarity", file=self.file)
        return SystemSnapshot(
            id=slugify(system_id, "") if system_id else "",
            name=name,
            outcome=outcome,
            description=description,
            factors=list(self.factors.values()),
            clusters=list(self.clusters.values()),
            links=links,
        )


def sign_word(value: Any) -> int | None:
    """+1 / -1 for a sign word of the shared vocabulary (graph/formats/vocabulary.py), ``None``
    (unknown) for anything else: these formats never refuse a link for its sign."""
    return read_polarity(value).polarity

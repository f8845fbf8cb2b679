"""The Foresight obesity system map, shipped in ``graph/datasets/data/foresight-obesity-map``
(Crown copyright, reused with the attribution in its README), loaded as outcome system ``foresight-obesity``:
108 factors with cluster, definition and printed-map position, 8 clusters, 296 links with polarity.

It is read with the CSV-pair importer (graph/formats/csv_pair.py), so the shipped files and any
user's CSV pair go through the same checks.
"""

from __future__ import annotations

from pathlib import Path

from graph.core.db import Graph
from graph.core.errors import Conflict, NotFound
from graph.formats import import_snapshot
from graph.systems.snapshot import SystemSnapshot
from graph.systems.system import load_snapshot, save_system

SYSTEM_ID = "foresight-obesity"
DATA_DIR = Path(__file__).resolve().parent / "data" / "foresight-obesity-map"
NAME = "Foresight obesity system map"
OUTCOME = "Obesity"
DESCRIPTION = (
    "The systems map of obesity from the UK Government Office for Science Foresight programme "
    "(Tackling Obesities: Future Choices, 2007; map by Vandenbroeck, Goossens and Clemens). "
    "Crown copyright; reuse with this attribution. Digitised by hpbspcassistant/obesity-system-explorer."
)


def foresight_snapshot() -> SystemSnapshot:
    """The shipped map as a snapshot (nothing written)."""
    files = [(name, (DATA_DIR / name).read_bytes()) for name in ("factors.csv", "links.csv")]
    return import_snapshot(files, "csv", system_id=SYSTEM_ID, name=NAME, outcome=OUTCOME,
                           description=DESCRIPTION, strict=True)[0]


def load_foresight(graph: Graph, replace: bool = False) -> dict[str, int]:
    """Loads ``foresight-obesity``; idempotent: when the stored map equals the shipped one nothing is
    written (``written`` 0). A stored map that was edited since is kept as it is (``differs`` 1)
    unless ``replace``, which writes the shipped map over it (experiments' INTERVENES_ON links to
    factors that stay are kept).
    """
    shipped = foresight_snapshot()
    try:
        stored = load_snapshot(graph, SYSTEM_ID)
    except NotFound:
        stored = None
    if stored is not None and (stored.same_graph(shipped) or not replace):
        differs = int(not stored.same_graph(shipped))
        return {**stored.counts(), "written": 0, "differs": differs}
    try:
        counts = save_system(graph, shipped, replace=stored is not None)
    except Conflict as exc:
        if exc.code == "system_exists" and stored is None and not replace:
            return load_foresight(graph)  # another process loaded it meanwhile: now it is there
        raise
    return {**shipped.counts(), "written": 1, "differs": 0, "replaced": counts["replaced"]}

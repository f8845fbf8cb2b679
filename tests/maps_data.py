"""What the map tests share: a small hostile outcome system, and readers for a map page's parts.

The hostile system ``xss`` has factor, cluster and system names that are markup or script, so a
test fails if any of it is interpreted rather than shown as text. Its shape (hand-made):

    xss:a  "<img src=x onerror=alert(1)>"               cluster "<b>Bold</b> & co"
    xss:b  "</script><script>window.pwned=1</script>"   cluster "<b>Bold</b> & co"
    xss:c  "Line\u2028break <!-- not a comment"         no cluster, x/y missing
    xss:a -> xss:b (+, delayed)   xss:b -> xss:c (−)   xss:c -> xss:a (+)   xss:b -> xss:a (−)

Loops: a→b→c→a (one negative link: balancing) and a→b→a (one negative link: balancing).
"""

from __future__ import annotations

import json
import re
from typing import Any

from graph.core.db import Graph, apply_schema
from graph.datasets.demo import load_demo
from graph.systems.snapshot import SnapshotCluster, SnapshotFactor, SnapshotLink, SystemSnapshot
from graph.systems.system import save_system
from tests.questions_world import build_world

IMG = "<img src=x onerror=alert(1)>"
SCRIPT = "</script><script>window.pwned=1</script>"
SEPARATOR = "Line\u2028break <!-- not a comment"
CLUSTER = "<b>Bold</b> & co"
SYSTEM_NAME = "Hostile <i>map</i>"


def xss_system(graph: Graph) -> SystemSnapshot:
    snapshot = SystemSnapshot(
        id="xss", name=SYSTEM_NAME, outcome="<script>alert('outcome')</script>",
        clusters=[SnapshotCluster("bold", CLUSTER)],
        factors=[
            SnapshotFactor("a", IMG, description="<svg onload=alert(2)>", cluster="bold", x=10, y=20),
            SnapshotFactor("b", SCRIPT, cluster="bold", x=300, y=40),
            SnapshotFactor("c", SEPARATOR),
        ],
        links=[
            SnapshotLink("a", "b", polarity=1, delay=True, evidence="<img src=y onerror=alert(3)>"),
            SnapshotLink("b", "c", polarity=-1),
            SnapshotLink("c", "a", polarity=1),
            SnapshotLink("b", "a", polarity=-1),
        ],
    )
    save_system(graph, snapshot)
    return snapshot


def printed_system(graph: Graph) -> SystemSnapshot:
    """Four factors that all have printed positions, in a chain p1 → p2 → p3 → p4 → p1."""
    snapshot = SystemSnapshot(
        id="printed", name="Printed", outcome="test",
        factors=[SnapshotFactor(f"p{i}", f"Printed {i}", x=100.0 * i, y=50.0 * i) for i in range(1, 5)],
        links=[SnapshotLink(f"p{i}", f"p{i % 4 + 1}", polarity=1) for i in range(1, 5)],
    )
    save_system(graph, snapshot)
    return snapshot


def fresh_maps_world(graph: Graph, demo: bool = False) -> Graph:
    """An emptied database with the questions' world, the hostile and the printed systems, and
    (``demo``) the Gateshead demo with Foresight."""
    graph.write("schema/wipe_database")
    apply_schema(graph)
    if demo:
        load_demo(graph)
    build_world(graph)
    xss_system(graph)
    printed_system(graph)
    return graph


_DATA = re.compile(r'<script type="application/json" id="hls-data">(.*?)</script>', re.DOTALL)
_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)


def page_data(html: str) -> dict[str, Any]:
    """The JSON a map page draws (exactly what the page's script parses)."""
    match = _DATA.search(html)
    assert match, "the page has no #hls-data block"
    return json.loads(match.group(1))


def inline_scripts(html: str) -> list[str]:
    """The text of every executable inline script (``<script>`` without a type)."""
    return _INLINE_SCRIPT.findall(html)


def node(data: dict[str, Any], node_id: str) -> dict[str, Any]:
    return next(n for n in data["nodes"] if n["id"] == node_id)

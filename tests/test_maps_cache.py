"""System maps kept per database state (issue 17): a repeated map of an unchanged system is the very
page drawn before — byte for byte what drawing it afresh gives — and any write, by any driver,
draws it again from the new state (no stale map)."""

from __future__ import annotations

import pytest

from graph import maps
from graph.core.db import Graph
from graph.core.settings import Settings
from graph.maps import SystemHighlight, forget_kept_maps, system_map_html
from graph.systems.snapshot import SnapshotCluster, SnapshotFactor, SnapshotLink, SystemSnapshot
from graph.systems.system import read_system_graph, save_system
from tests.systems_support import write_elsewhere
from viz.render import render
from viz.system_map import system_map


def ring(system_id: str, n: int = 40) -> SystemSnapshot:
    """A map big enough for a server-side force layout, with one undirected link."""
    return SystemSnapshot(
        id=system_id, name="Ring", outcome="kept maps",
        clusters=[SnapshotCluster("a", "A"), SnapshotCluster("b", "B")],
        factors=[SnapshotFactor(str(i), f"Factor {i}", cluster="ab"[i % 2]) for i in range(n)],
        links=[SnapshotLink(str(i), str((i + 1) % n), 1 if i % 3 else -1) for i in range(n)]
        + [SnapshotLink("0", "20", None, properties={"undirected": True})],
    )


@pytest.fixture
def kept(clean_graph: Graph) -> Graph:
    save_system(clean_graph, ring("kept"))
    forget_kept_maps()
    return clean_graph


@pytest.mark.parametrize("layout", ["force", "trophic"])
def test_a_kept_map_is_the_map_drawn_afresh(kept: Graph, layout: str) -> None:
    cold = system_map_html(kept, "kept", layout=layout)
    again = system_map_html(kept, "kept", layout=layout)
    assert again is cold  # served from the cache: the same page object, no second layout
    forget_kept_maps()
    assert system_map_html(kept, "kept", layout=layout) == cold


def test_the_kept_map_draws_what_the_snapshot_read_draws(kept: Graph) -> None:
    """Maps now draw from the analysis read; it must carry everything the snapshot read did
    (an undirected link keeps its arrowless drawing)."""
    system_map_html(kept, "kept", layout="force")
    page = system_map_html(kept, "kept", layout="force")
    G = read_system_graph(kept, "kept")
    direct = render(system_map(G, title="Ring", layout="force", notes=["outcome: kept maps", "force layout"]))
    assert page == direct
    assert '"arrows":{"to":{"enabled":false}}' in page.replace(" ", "")


def test_a_write_anywhere_draws_the_map_again(kept: Graph, neo4j_settings: Settings) -> None:
    before = system_map_html(kept, "kept", layout="force")
    assert "Renamed elsewhere" not in before
    write_elsewhere(neo4j_settings, "MATCH (f:Factor {id: 'kept:3'}) SET f.name = 'Renamed elsewhere'")
    after = system_map_html(kept, "kept", layout="force")
    assert after is not before and "Renamed elsewhere" in after


def test_highlighted_pages_are_drawn_each_time_on_kept_positions(kept: Graph) -> None:
    lit = SystemHighlight(focus="kept:5", steps=1)
    first = system_map_html(kept, "kept", layout="force", highlight=lit)
    second = system_map_html(kept, "kept", layout="force", highlight=lit)
    assert first == second and first is not second  # not kept whole (a search may be cut by time)
    assert any(key[-2:] == ("placed", "force") for key in maps._KEPT)

"""GEXF in every namespace Gephi has written (1.0 gephi.org, 1.1draft with the malformed viz URI,
1.2draft, 1.3 with and without www.), GraphML from Gephi, GML from igraph/networkx/GraphStream:
real files, counts from an independent ElementTree/tokeniser reading."""

from __future__ import annotations

import pytest

from graph.formats import gexf, networkx_xml
from graph.formats.report import ImportReport
from graph.formats.tables import FormatError
from tests.real_files import REAL, gexf_count, gml_count, graphml_count, upload

GEXF = sorted((REAL / "gexf").iterdir())
GML = sorted((REAL / "gml").iterdir())
GRAPHML = sorted((REAL / "graphml").iterdir())


def _undirected(snapshot) -> int:
    return sum(1 for k in snapshot.links if k.properties.get("undirected") is True)


@pytest.mark.parametrize("path", GEXF, ids=lambda p: p.name)
def test_gexf_every_namespace(path):
    report = ImportReport()
    s = gexf.parse_gexf(upload(path), report)
    nodes, edges, directed = gexf_count(path)
    assert (len(s.factors), len(s.links)) == (nodes, edges)
    assert _undirected(s) == (0 if directed else edges)
    assert all(k.polarity is None for k in s.links)  # Gephi files carry no sign
    assert networkx_xml.detect_gexf(upload(path)) and not networkx_xml.detect_graphml(upload(path))


def test_gexf_namespaces_really_differ():
    roots = {p.read_bytes()[:400].split(b'xmlns="', 1)[1].split(b'"', 1)[0] for p in GEXF}
    assert roots == {
        b"http://www.gephi.org/gexf",
        b"http://www.gexf.net/1.1draft",
        b"http://www.gexf.net/1.2draft",
        b"http://www.gexf.net/1.3",
        b"http://gexf.net/1.3",
    }


def test_gexf_positions_labels_and_attributes():
    s = gexf.parse_gexf(upload(REAL / "gexf" / "standard_graph.gexf"), ImportReport())
    n1 = next(f for f in s.factors if f.local_id == "n1")
    assert (n1.x, n1.y) == (-2.320261, 1036.1836)
    assert n1.properties["latitude"] == 50.93
    old = gexf.parse_gexf(upload(REAL / "gexf" / "Fairtrade - online shop.gexf"), ImportReport())
    guayapi = next(f for f in old.factors if f.local_id == "402")
    assert guayapi.name == "http://www.guayapi.com" and guayapi.properties["importId"] == "ncs1"


@pytest.mark.parametrize("path", GML, ids=lambda p: p.name)
def test_gml(path):
    s = networkx_xml.parse_gml(upload(path), ImportReport())
    nodes, edges, directed = gml_count(path)
    assert len(s.factors) == nodes
    pairs = {(k.source, k.target) for k in s.links}
    assert pairs == set(edges)
    assert _undirected(s) == (0 if directed else len(s.links))
    assert networkx_xml.detect_gml(upload(path))


def test_gml_names_from_label_name_or_id():
    names = {p.name: {f.name for f in networkx_xml.parse_gml(upload(p), ImportReport()).factors} for p in GML}
    assert "Myriel" in names["lesmis.gml"]  # label
    assert "Pennsylvania State" in names["football.gml"]  # name (igraph)
    assert "1" in names["karate.gml"]  # only an id


@pytest.mark.parametrize("path", GRAPHML, ids=lambda p: p.name)
def test_gephi_graphml(path):
    s = networkx_xml.parse_graphml(upload(path), ImportReport())
    nodes, edges, directed = graphml_count(path)
    assert (len(s.factors), len(s.links)) == (nodes, edges)
    assert _undirected(s) == (0 if directed else edges)
    assert networkx_xml.detect_graphml(upload(path))


def test_gml_written_reads_back_the_same_graph():
    s = networkx_xml.parse_gml(upload(REAL / "gml" / "football.gml"), ImportReport())
    s.id = s.name = s.outcome = "football"
    again = networkx_xml.parse_gml([("f.gml", networkx_xml.write_gml(s))], ImportReport())

    def pairs(snapshot):
        names = {f.local_id: f.name for f in snapshot.factors}
        return {(names[k.source], names[k.target]) for k in snapshot.links}

    assert {f.name for f in again.factors} == {f.name for f in s.factors}
    assert pairs(again) == pairs(s) and len(again.links) == 44


def test_gexf_without_graph_is_refused_by_name():
    with pytest.raises(FormatError) as err:
        gexf.parse_gexf(
            [("x.gexf", b'<gexf xmlns="http://www.gexf.net/1.2draft"><meta/></gexf>')], ImportReport()
        )
    assert "no <graph> element" in err.value.message

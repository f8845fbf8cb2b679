"""Every real file in tests/data/real imports unchanged through the public entry point
(:func:`graph.formats.import_snapshot`, format detected from the content), and its factor count,
link count and loop totals (reinforcing / balancing / undetermined, loops of up to 6 links) equal an
independent count made here from the file itself: ElementTree, csv, json and openpyxl readings, and
networkx's ``simple_cycles`` on a graph built in the test (tests/real_files.py).

Links marked undirected (Gephi's undirected graphs, Kumu's undirected connections) are counted as
links but left out of loops, as the analysis does. Signs in Kumu and CSV cells are read with the
documented vocabulary table (graph/formats/vocabulary.py); every other format's signs are read here.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import openpyxl
import pytest

from graph.analysis.loops import feedback_loops
from graph.formats import detect_format, import_snapshot
from graph.formats.vocabulary import read_polarity
from graph.systems.snapshot import to_digraph
from tests.real_files import (
    REAL,
    SYNTHETIC,
    gexf_count,
    gml_count,
    graphml_count,
    loop_totals,
    merge_edges,
    prsm_doc,
    vensim_count,
    xmile_count,
)

Expected = tuple[int, int, dict]  # factors, links, signed directed edges that take part in loops


def _xml_graph(path: Path) -> Expected:
    import xml.etree.ElementTree as ET

    if path.suffix == ".gexf":
        nodes, edges, directed = gexf_count(path)
    else:
        nodes, edges, directed = graphml_count(path)
    root = ET.parse(path).getroot()
    pairs = [(e.get("source"), e.get("target")) for e in root.iter() if e.tag.rsplit("}", 1)[-1] == "edge"]
    return nodes, len(set(pairs)), merge_edges((u, v, None) for u, v in pairs) if directed else {}


def _gml(path: Path) -> Expected:
    nodes, edges, directed = gml_count(path)
    return nodes, len(set(edges)), merge_edges((u, v, None) for u, v in edges) if directed else {}


def _xmile(path: Path) -> Expected:
    factors, edges = xmile_count(path)
    return factors, len(edges), edges


def _vensim(path: Path) -> Expected:
    factors, edges = vensim_count(path)
    return factors, len(edges), edges


def _prsm(path: Path) -> Expected:
    doc = prsm_doc(path)
    styles = (doc.get("styles") or doc.get("samples"))["edges"]

    def sign(e: dict) -> int | None:
        label = (e.get("groupLabel") or styles.get(e.get("grp", ""), {}).get("groupLabel") or "").lower()
        return (
            1
            if "positive" in label or label == "+ve"
            else -1
            if "negative" in label or label == "-ve"
            else None
        )

    edges = merge_edges((e["from"], e["to"], sign(e)) for e in doc["edges"])
    return len(doc["nodes"]), len(edges), edges


def _kumu_json(path: Path) -> Expected:
    doc = json.loads(path.read_text(encoding="utf-8"))
    links, directed = [], []
    for c in doc["connections"]:
        polarity = read_polarity(c.get("attributes", {}).get("connection type")).polarity
        ends = [(c["from"], c["to"])] + ([(c["to"], c["from"])] if c.get("direction") == "mutual" else [])
        links += ends
        if c.get("direction") != "undirected":
            directed += [(u, v, polarity) for u, v in ends]
    return len(doc["elements"]), len(set(links)), merge_edges(directed)


def _kumu_xlsx(path: Path) -> Expected:
    book = openpyxl.load_workbook(path, read_only=True)
    rows = list(book["Connections"].iter_rows(values_only=True))
    head = [str(h or "").lower() for h in rows[0]]
    labels = {str(r[0]).strip() for r in list(book["Elements"].iter_rows(values_only=True))[1:] if r[0]}
    edges = []
    for r in rows[1:]:
        if r[0] is None:
            continue
        cell = r[head.index("type")] if "type" in head else None
        edges.append((str(r[0]).strip(), str(r[1]).strip(), read_polarity(cell).polarity))
    labels |= {e for u, v, _ in edges for e in (u, v)}
    merged = merge_edges(edges)
    return len(labels), len(merged), merged


def _csv_rows(path: Path) -> list[dict[str, str]]:
    text = path.read_bytes().decode("utf-8-sig")
    delimiter = ";" if text.split("\n", 1)[0].count(";") > text.split("\n", 1)[0].count(",") else ","
    return [
        {k.strip().lower(): (v or "").strip() for k, v in row.items()}
        for row in csv.DictReader(io.StringIO(text), delimiter=delimiter)
    ]


def _gephi_csv(nodes: Path, edges: Path) -> Expected:
    rows = _csv_rows(edges)
    merged = merge_edges((r["source"], r["target"], None) for r in rows)
    return len(_csv_rows(nodes)), len(merged), merged


def _edge_list(path: Path) -> Expected:
    rows = _csv_rows(path)
    sign_key = "polarity" if "polarity" in rows[0] else "weight"
    edges = [(r["from"], r["to"], read_polarity(r[sign_key], decimal_comma=True).polarity) for r in rows]
    merged = merge_edges(edges)
    return len({e for u, v, _ in edges for e in (u, v)}), len(merged), merged


CASES: list[tuple[str, list[Path], str, object]] = [
    *[(p.name, [p], "gexf", _xml_graph) for p in sorted((REAL / "gexf").iterdir())],
    *[(p.name, [p], "graphml", _xml_graph) for p in sorted((REAL / "graphml").iterdir())],
    *[(p.name, [p], "gml", _gml) for p in sorted((REAL / "gml").iterdir())],
    *[(p.name, [p], "xmile", _xmile) for p in sorted((REAL / "xmile").iterdir())],
    *[(p.name, [p], "vensim", _vensim) for p in sorted((REAL / "vensim").iterdir())],
    *[(p.name, [p], "prsm", _prsm) for p in sorted((REAL / "prsm").iterdir())],
    *[(p.name, [p], "kumu-json", _kumu_json) for p in sorted((REAL / "kumu").glob("*.json"))],
    *[(p.name, [p], "kumu-xlsx", _kumu_xlsx) for p in sorted((REAL / "kumu").glob("*.xlsx"))],
    *[
        (
            f"{n}-gephi-csv",
            [REAL / "gephi_csv" / f"{n}-nodes.csv", REAL / "gephi_csv" / f"{n}-edges.csv"],
            "csv",
            _gephi_csv,
        )
        for n in ("got", "quaker")
    ],
    ("cld.csv", [REAL / "signed_csv" / "cld.csv"], "csv", _edge_list),
    (
        "signed-edges-semicolon-bom.csv (ours)",
        [SYNTHETIC / "signed-edges-semicolon-bom.csv"],
        "csv",
        _edge_list,
    ),
]


@pytest.mark.parametrize(
    ("label", "paths", "fmt", "count"),
    CASES,
    ids=[c[0] for c in CASES],
)
@pytest.mark.filterwarnings("ignore:Unknown extension:UserWarning")
def test_real_file_imports_unchanged_and_matches_an_independent_count(label, paths, fmt, count):
    files = [(p.name, p.read_bytes()) for p in paths]
    assert detect_format(files) == fmt
    snapshot, report = import_snapshot(files, system_id="real")
    factors, links, edges = count(*paths)
    assert (len(snapshot.factors), len(snapshot.links)) == (factors, links)
    loops = feedback_loops(to_digraph(snapshot), max_length=6, count_limit=None, limit=0)
    assert loops["complete"]
    totals = {k: loops["totals"][k] for k in ("reinforcing", "balancing", "undetermined")}
    assert totals == loop_totals(edges)
    unknown = sum(1 for link in snapshot.links if link.polarity is None)
    assert (
        report.counts["unknown_links"]
        == unknown
        == sum(1 for s in edges.values() if s is None)
        + sum(
            1
            for link in snapshot.links
            if link.polarity is None and link.properties.get("undirected") is True
        )
    )


@pytest.mark.parametrize("name", ["apthd-fcm.csv", "clot-fcm.csv"])
def test_python_tuple_files_are_refused_by_name(name):
    """fcm-evolve's edge lists are Python tuples ``(1, 2, -1),`` with no header: not CSV; refused
    naming the file and what is missing, not half-read."""
    path = REAL / "signed_csv" / name
    with pytest.raises(Exception) as err:
        import_snapshot([(path.name, path.read_bytes())], system_id="real")
    assert name in str(err.value) and getattr(err.value, "status", None) == 422

"""Real maps get in (issue 12): each refusal a new user met is now an import with a report, and
``strict=true`` refuses the same finding naming file, sheet, row and column."""

from __future__ import annotations

import io
import json

import openpyxl
import pytest

from graph.formats import detect_format, import_snapshot
from graph.formats.tables import FormatError


def _xlsx(name: str, sheets: dict[str, list[list[object]]]) -> list[tuple[str, bytes]]:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return [(name, out.getvalue())]


def _kumu_json(doc: dict) -> list[tuple[str, bytes]]:
    return [("project.json", json.dumps(doc).encode())]


def _links(snapshot) -> dict[tuple[str, str], int | None]:  # noqa: ANN001
    names = {f.local_id: f.name for f in snapshot.factors}
    return {(names[k.source], names[k.target]): k.polarity for k in snapshot.links}


def _kinds(report) -> list[str]:  # noqa: ANN001
    return [w.kind for w in report.warnings]


# --- polarity words ----------------------------------------------------------------------------------

def test_kumu_connection_types_same_opposite_s_o_increase_decrease_en_dash() -> None:
    connections = [["From", "To", "Type"], ["A", "B", "Same"], ["B", "C", "Opposite"], ["C", "D", "s"],
                   ["D", "E", "o"], ["E", "F", "increase"], ["F", "G", "decrease"], ["G", "A", "–"]]
    elements = [["Label"], *[[x] for x in "ABCDEFG"]]
    snapshot, report = import_snapshot(_xlsx("map.xlsx", {"Elements": elements, "Connections": connections}),
                                       system_id="k")
    assert _links(snapshot) == {("A", "B"): 1, ("B", "C"): -1, ("C", "D"): 1, ("D", "E"): -1,
                                ("E", "F"): 1, ("F", "G"): -1, ("G", "A"): -1}
    assert report.warnings == [] and report.counts["unknown_links"] == 0


@pytest.mark.parametrize("column", ["polarity", "Sign", "connection type", "effect"])
def test_polarity_or_sign_columns(column: str) -> None:
    doc = {"elements": [{"label": "A"}, {"label": "B"}],
           "connections": [{"from": "A", "to": "B", column: "−"}, {"from": "B", "to": "A", column: "+"}]}
    snapshot, _ = import_snapshot(_kumu_json(doc), system_id="k")
    assert _links(snapshot) == {("A", "B"): -1, ("B", "A"): 1}


def test_no_polarity_at_all_is_unknown_and_counted() -> None:
    snapshot, report = import_snapshot([("edges.csv", b"source,target\nA,B\nB,A\n")], system_id="e")
    assert _links(snapshot) == {("A", "B"): None, ("B", "A"): None}
    assert report.counts["unknown_links"] == 2 and "unknown_polarity" not in _kinds(report)


def test_a_word_not_in_the_vocabulary_is_unknown_reported_and_refused_when_strict() -> None:
    files = [("edges.csv", b"source,target,polarity\nA,B,sometimes\n")]
    snapshot, report = import_snapshot(files, system_id="e")
    assert snapshot.links[0].polarity is None and snapshot.links[0].properties["polarity_text"] == "sometimes"
    assert _kinds(report) == ["unknown_polarity", "created"]  # created: the factors from the edge list
    assert report.warnings[0].row == 2
    with pytest.raises(FormatError) as refused:
        import_snapshot(files, system_id="e", strict=True)
    assert (refused.value.details["file"], refused.value.details["row"], refused.value.details["column"]) == (
        "edges.csv", 2, "polarity")


def test_text_strength_medium_positive() -> None:
    files = [("links.csv", b"from,to,strength\nA,B,Medium Positive\nB,A,strong negative\n")]
    snapshot, _ = import_snapshot(files, system_id="s")
    assert {(k.source, k.target): (k.polarity, k.strength) for k in snapshot.links} == {
        ("A", "B"): (1, 2.0), ("B", "A"): (-1, 3.0)}


# --- duplicates and loose references ------------------------------------------------------------------

def test_kumu_backup_keeps_same_label_elements_apart_by_id() -> None:
    doc = {"elements": [{"_id": "e1", "attributes": {"label": "Stress"}},
                        {"_id": "e2", "attributes": {"label": "Stress"}},
                        {"_id": "e3", "attributes": {"label": "Sleep"}}],
           "connections": [{"_id": "c1", "from": "e1", "to": "e3", "attributes": {"connection type": "-"}},
                           {"_id": "c2", "from": "e2", "to": "e3", "attributes": {"connection type": "+"}}]}
    snapshot, report = import_snapshot(_kumu_json(doc), system_id="k")
    assert sorted(f.name for f in snapshot.factors) == ["Sleep", "Stress", "Stress (2)"]
    assert _links(snapshot) == {("Stress", "Sleep"): -1, ("Stress (2)", "Sleep"): 1}
    assert _kinds(report) == ["renamed"]
    with pytest.raises(FormatError, match="duplicate factor name 'Stress'"):
        import_snapshot(_kumu_json(doc), system_id="k", strict=True)


def test_kumu_spreadsheet_matches_by_label_and_creates_named_elements() -> None:
    files = _xlsx("map.xlsx", {"Elements": [["Label"], ["A"], ["A"], ["B"]],
                               "Connections": [["From", "To", "Type"], ["A", "B", "+"], ["B", "Ghost", "-"]]})
    snapshot, report = import_snapshot(files, system_id="k")
    assert sorted(f.name for f in snapshot.factors) == ["A", "B", "Ghost"]
    assert _links(snapshot) == {("A", "B"): 1, ("B", "Ghost"): -1}
    assert sorted(_kinds(report)) == ["created", "merged"]
    created = next(w for w in report.warnings if w.kind == "created")
    assert (created.sheet, created.row, created.column) == ("Connections", 3, "To")
    with pytest.raises(FormatError) as refused:
        import_snapshot(files, system_id="k", strict=True)
    assert refused.value.details["sheet"] == "Elements" and refused.value.details["row"] == 3


def test_same_link_twice_merged_and_conflicting_signs_become_unknown() -> None:
    links = b"source,target,polarity\nA,B,+\nA,B,+\nB,A,+\nB,A,-\n"
    files = [("factors.csv", b"name\nA\nB\n"), ("links.csv", links)]
    snapshot, report = import_snapshot(files, system_id="d")
    assert _links(snapshot) == {("A", "B"): 1, ("B", "A"): None}
    assert _kinds(report) == ["merged", "conflicting_polarity"]
    assert "row 4 and row 5" in report.warnings[1].message
    assert report.counts["unknown_links"] == 1


def test_mutual_is_both_directions_and_undirected_is_marked_and_left_out_of_loops() -> None:
    doc = {"elements": [{"label": "A"}, {"label": "B"}, {"label": "C"}],
           "connections": [{"from": "A", "to": "B", "type": "+", "direction": "mutual"},
                           {"from": "B", "to": "C", "type": "-", "direction": "undirected"},
                           {"from": "C", "to": "B", "type": "-"}]}
    snapshot, report = import_snapshot(_kumu_json(doc), system_id="m")
    assert _links(snapshot) == {("A", "B"): 1, ("B", "A"): 1, ("B", "C"): -1, ("C", "B"): -1}
    b_to_c = next(k for k in snapshot.links if (k.source, k.target) == ("b", "c"))
    assert b_to_c.properties["undirected"] is True
    assert sorted(_kinds(report)) == ["mutual", "undirected"]
    from graph.analysis.loops import feedback_loops
    from graph.systems.snapshot import to_digraph

    totals = feedback_loops(to_digraph(snapshot))["totals"]
    assert totals == {"reinforcing": 1, "balancing": 0, "undetermined": 0, "total": 1}  # only A ↔ B


def test_csv_same_names_with_ids_are_kept_apart_and_without_ids_merged() -> None:
    factors = b"id,name\n1,Sleep\n2,Sleep\n"
    snapshot, report = import_snapshot([("factors.csv", factors), ("links.csv", b"source,target\n1,2\n")],
                                       system_id="c")
    assert [f.name for f in snapshot.factors] == ["Sleep", "Sleep (2)"] and _kinds(report) == ["renamed"]
    snapshot, report = import_snapshot([("factors.csv", b"name\nSleep\nSleep\n"),
                                        ("links.csv", b"source,target\nSleep,Sleep\n")], system_id="c")
    assert [f.name for f in snapshot.factors] == ["Sleep"] and _kinds(report) == ["merged"]


# --- custom attributes never override structure ------------------------------------------------------

def test_kumu_backup_attribute_named_to_does_not_move_the_link() -> None:
    doc = {"elements": [{"_id": "a", "attributes": {"label": "A"}},
                        {"_id": "b", "attributes": {"label": "B"}},
                        {"_id": "c", "attributes": {"label": "C", "id": "spoof"}}],
           "connections": [{"_id": "x", "from": "a", "to": "b", "direction": "directed",
                            "attributes": {"connection type": "+", "to": "c", "from": "c",
                                           "direction": "undirected", "delayed": True}}]}
    snapshot, report = import_snapshot(_kumu_json(doc), system_id="k")
    link = snapshot.links[0]
    assert (link.source, link.target, link.polarity, link.delay) == ("a", "b", 1, True)
    assert link.properties["attr_to"] == "c" and link.properties["attr_from"] == "c"
    assert link.properties["attr_direction"] == "undirected"
    assert next(f for f in snapshot.factors if f.name == "C").properties["attr_id"] == "spoof"
    assert _kinds(report).count("renamed") == 4
    with pytest.raises(FormatError, match="custom attribute 'id'"):
        import_snapshot(_kumu_json(doc), system_id="k", strict=True)


# --- CSV as people write it -------------------------------------------------------------------------

def test_semicolons_bom_from_to_and_signed_weight() -> None:
    data = "\ufeffFrom;To;weight\nFishing;Fish stock;-1\nFish stock;Catch;1\nCatch;Fishing;0,5\n".encode()
    assert detect_format([("cld.csv", data)]) == "csv"
    snapshot, report = import_snapshot([("cld.csv", data)], system_id="marine")
    assert _links(snapshot) == {("Fishing", "Fish stock"): -1, ("Fish stock", "Catch"): 1,
                                ("Catch", "Fishing"): 1}
    assert next(k for k in snapshot.links if k.source == "Catch").strength == 0.5
    assert report.counts["factors"] == 3 and _kinds(report) == ["created"]  # noted: factors from the ends


def test_tab_separated_edge_list() -> None:
    snapshot, _ = import_snapshot([("edges.tsv", b"Source\tTarget\tSign\nA\tB\t-\n")], system_id="t")
    assert _links(snapshot) == {("A", "B"): -1}


def test_gephi_nodes_and_edges_tables() -> None:
    nodes = b"Id,Label,modularity_class\nn0,Income,1\nn1,Diet,2\n"
    edges = b"Source,Target,Type,Id,Label,Weight\nn0,n1,Directed,0,,1.0\nn1,n0,Directed,1,,2.0\n"
    for names in (("Nodes.csv", "Edges.csv"), ("nodes.csv", "edges.csv"), ("map-nodes.csv", "map-edges.csv")):
        files = [(names[0], nodes), (names[1], edges)]
        assert detect_format(files) == "csv"
        snapshot, report = import_snapshot(files, system_id="g")
        assert _links(snapshot) == {("Income", "Diet"): None, ("Diet", "Income"): None}
        assert {k.strength for k in snapshot.links} == {1.0, 2.0}
        assert report.counts["unknown_links"] == 2 and report.warnings == []


def test_graphml_without_polarity_imports_with_unknown_links() -> None:
    graphml = b"""<?xml version="1.0"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns"><graph edgedefault="directed">
<node id="1"/><node id="2"/><edge source="1" target="2"/><edge source="2" target="1"/></graph></graphml>"""
    assert detect_format([("gephi.xml", graphml)]) == "graphml"
    snapshot, report = import_snapshot([("gephi.xml", graphml)], system_id="g")
    assert report.counts["unknown_links"] == 2 and report.counts["links"] == 2

"""Unknown polarity is a first-class value (issue 12): stored as a missing property, answered as null,
editable, exported and re-imported by every format, drawn grey with "?", and loops through it are
undetermined; every import's report is kept with the system (GET /systems/{id}/imports)."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from graph.analysis.loops import feedback_loops
from graph.analysis.paths import paths
from graph.core.db import Graph
from graph.formats import EXPORT_FORMATS, export_snapshot, import_snapshot
from graph.systems.snapshot import SnapshotFactor, SnapshotLink, SystemSnapshot, to_digraph
from graph.systems.system import load_snapshot, save_system
from tests.systems_support import cli_fixture  # noqa: F401  (fixture)


def unsigned_map(system_id: str = "unsigned") -> SystemSnapshot:
    """A ⇄ B (reinforcing), B ⇄ C and A → B → C → A (balancing); A → C → A and A → C → B → A run
    through the one unknown link (undetermined)."""
    return SystemSnapshot(
        id=system_id, name="Unsigned", outcome="testing",
        factors=[SnapshotFactor("a", "A"), SnapshotFactor("b", "B"), SnapshotFactor("c", "C")],
        links=[SnapshotLink("a", "b", 1), SnapshotLink("b", "a", 1), SnapshotLink("b", "c", -1),
               SnapshotLink("c", "b", 1), SnapshotLink("a", "c", None), SnapshotLink("c", "a", 1)],
    )


def test_loop_totals_have_an_undetermined_class() -> None:
    result = feedback_loops(to_digraph(unsigned_map()), max_length=3)
    assert result["totals"] == {"reinforcing": 1, "balancing": 2, "undetermined": 2, "total": 5}
    undetermined = [lp for lp in result["loops"] if lp["polarity"] == "undetermined"]
    assert sorted(tuple(f["id"] for f in lp["factors"]) for lp in undetermined) == [
        ("unsigned:a", "unsigned:c"), ("unsigned:a", "unsigned:c", "unsigned:b")]
    assert all(lp["unknown_links"] == 1 for lp in undetermined)
    through = paths(to_digraph(unsigned_map()), "unsigned:a", "unsigned:c", max_length=2)
    assert through["totals"] == {"positive": 0, "negative": 1, "unknown": 1, "total": 2}


@pytest.mark.parametrize("fmt", sorted(EXPORT_FORMATS))  # xmile, vensim, prsm are import-only
def test_unknown_polarity_round_trips_through_every_format(fmt: str) -> None:
    exported = export_snapshot(unsigned_map(), fmt)
    again, report = import_snapshot([(exported.filename, exported.content)], fmt, system_id="unsigned",
                                    strict=True)
    polarity = {(k.source, k.target): k.polarity for k in again.links}
    names = {f.local_id: f.name for f in again.factors}
    by_name = {(names[s], names[t]): p for (s, t), p in polarity.items()}
    assert by_name[("A", "C")] is None and by_name[("B", "C")] == -1 and by_name[("A", "B")] == 1
    assert report.counts["unknown_links"] == 1


def test_unknown_polarity_through_neo4j_the_api_and_the_map(clean_graph: Graph, client: TestClient) -> None:
    save_system(clean_graph, unsigned_map())
    assert load_snapshot(clean_graph, "unsigned").same_graph(unsigned_map())
    system = client.get("/systems/unsigned").json()
    assert system["counts"]["unknown_links"] == 1
    link = client.get("/systems/unsigned/links/a/c").json()
    assert link["polarity"] is None
    loops = client.get("/systems/unsigned/loops", params={"max_length": 3}).json()
    assert loops["totals"] == {"reinforcing": 1, "balancing": 2, "undetermined": 2, "total": 5}
    html = client.get("/maps/systems/unsigned").text
    assert "polarity unknown" in html and "#9aa5b1" in html
    # editable later: set the sign, then make it unknown again
    signed = client.patch("/systems/unsigned/links/a/c", json={"polarity": "opposite"})
    assert signed.status_code == 200 and signed.json()["polarity"] == -1
    unknown = client.patch("/systems/unsigned/links/a/c", json={"polarity": None})
    assert unknown.status_code == 200 and unknown.json()["polarity"] is None
    assert client.get("/systems/unsigned").json()["counts"]["unknown_links"] == 1
    created = client.post("/systems/unsigned/links", json={"source": "b", "target": "b", "polarity": None})
    assert created.status_code == 201 and created.json()["polarity"] is None


def test_import_reports_are_kept_newest_first_and_deleted_with_the_system(client: TestClient) -> None:
    files = [("files", ("edges.csv", b"source;target;sign\nA;B;same\nA;B;same\nB;A;\n"))]
    first = client.post("/systems/import", params={"system_id": "edges"}, files=files)
    assert first.status_code == 201, first.text
    report = first.json()["report"]
    assert report["format"] == "csv" and report["counts"]["unknown_links"] == 1
    merged = next(w for w in report["warnings"] if w["kind"] == "merged")
    assert (merged["file"], merged["row"]) == ("edges.csv", 3)
    second = client.post("/systems/import", params={"system_id": "edges", "replace": "true"},
                         files=[("files", ("edges.csv", b"source,target\nA,B\n"))])
    assert second.status_code == 201
    listed = client.get("/systems/edges/imports").json()
    assert listed["total"] == 2
    assert [r["id"] for r in listed["items"]] == [second.json()["report"]["id"], report["id"]]
    refused = client.post("/systems/import",
                          params={"system_id": "edges", "replace": "true", "strict": "true"}, files=files)
    assert refused.status_code == 422 and refused.json()["row"] == 3
    assert client.get("/systems/edges/imports").json()["total"] == 2  # a refused import keeps nothing
    assert client.get("/systems/nowhere/imports").status_code == 404
    assert client.delete("/systems/edges").status_code == 200
    assert client.get("/systems/edges/imports").status_code == 404


def test_cli_prints_the_report_and_refuses_when_strict(
    clean_graph: Graph, cli: CliRunner, tmp_path: Path
) -> None:
    from graph.cli.main import app

    path = tmp_path / "edges.csv"
    path.write_text("from,to,polarity\nA,B,+\nA,B,-\n")
    result = cli.invoke(app, ["systems", "import", str(path), "--id", "e"])
    assert result.exit_code == 0, result.output
    assert "1 unknown" in result.output and "conflicting_polarity: edges.csv, row 3" in result.output
    strict = cli.invoke(app, ["systems", "import", str(path), "--id", "e2", "--strict"])
    assert strict.exit_code == 1 and "edges.csv, row 3" in " ".join(strict.output.split())

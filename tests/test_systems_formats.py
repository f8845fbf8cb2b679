"""Import and export: every format round-trips (import → export → import gives the same graph), in
memory, through the API and through the CLI; exports have the right type and file name."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from graph.core.db import Graph
from graph.formats import EXPORT_FORMATS, csv_pair, detect_format, export_snapshot, import_snapshot
from graph.formats.tables import read_xlsx
from graph.systems.snapshot import SystemSnapshot
from graph.systems.system import load_snapshot, save_system
from tests.systems_support import carried_by, cli_fixture, rich_snapshot, same_map  # noqa: F401  (fixture)

ALL = sorted(EXPORT_FORMATS)  # import-only formats (xmile, vensim, prsm) are tested on real files
SYSTEM_CARRIED = {"json": ("rich", "Rich map"), "graphml": ("rich", "Rich map"), "gexf": (None, "Rich map"),
                  "gml": ("rich", "Rich map")}
MEDIA = {
    "json": "application/json",
    "kumu-json": "application/json",
    "csv": "application/zip",
    "kumu-xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "prsm-xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "graphml": "application/graphml+xml",
    "gexf": "application/gexf+xml",
    "gml": "text/vnd.gml",
}
FILENAMES = {
    "json": "rich.json",
    "csv": "rich-csv.zip",
    "kumu-json": "rich.kumu.json",
    "kumu-xlsx": "rich-kumu.xlsx",
    "prsm-xlsx": "rich-prsm.xlsx",
    "graphml": "rich.graphml",
    "gexf": "rich.gexf",
    "gml": "rich.gml",
}


def _reimport(snapshot: SystemSnapshot, fmt: str, system_id: str) -> SystemSnapshot:
    exported = export_snapshot(snapshot, fmt)
    return import_snapshot([(exported.filename, exported.content)], fmt, system_id=system_id, strict=True)[0]


@pytest.mark.parametrize("fmt", ALL)
def test_each_format_round_trips_in_memory(fmt: str) -> None:
    first = _reimport(rich_snapshot(), fmt, "rt")
    assert same_map(first, carried_by(fmt, rich_snapshot()))
    second = _reimport(first, fmt, "rt")
    assert second.same_graph(first)  # import → export → import: the same graph, system fields too


@pytest.mark.parametrize("fmt", ALL)
def test_each_format_round_trips_through_the_api(fmt: str, clean_graph: Graph, client: TestClient) -> None:
    save_system(clean_graph, rich_snapshot())
    response = client.get("/systems/rich/export", params={"format": fmt})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == MEDIA[fmt]
    assert f'filename="{FILENAMES[fmt]}"' in response.headers["content-disposition"]

    imported = client.post(
        "/systems/import",
        params={"format": fmt, "system_id": "copy"},
        files=[("files", (FILENAMES[fmt], response.content))],
    )
    assert imported.status_code == 201, imported.text
    body = imported.json()
    counts = body["system"]["counts"]
    expected = carried_by(fmt, rich_snapshot())
    assert counts == {
        "factors": 4,
        "clusters": len(expected.clusters),
        "links": 5,
        "positive_links": 2,
        "negative_links": 3,
        "unknown_links": 0,
    }
    copy = load_snapshot(clean_graph, "copy")
    assert same_map(copy, expected)
    carried_id, carried_name = SYSTEM_CARRIED.get(fmt, (None, None))
    assert copy.name == (carried_name or "copy")
    if fmt in ("json", "graphml"):
        assert (copy.outcome, copy.description) == ("Wellbeing", "A map that uses every field")

    again = client.get("/systems/copy/export", params={"format": fmt})
    second = client.post(
        "/systems/import",
        params={"format": fmt, "system_id": "copy", "replace": "true"},
        files=[("files", (FILENAMES[fmt], again.content))],
    )
    assert second.status_code == 201 and second.json()["replaced"] is True
    assert load_snapshot(clean_graph, "copy").same_graph(copy)


def test_format_is_detected_from_name_and_content() -> None:
    found = {
        fmt: detect_format([(FILENAMES[fmt], export_snapshot(rich_snapshot(), fmt).content)]) for fmt in ALL
    }
    assert found == {fmt: fmt for fmt in ALL}
    pair = csv_pair.write_files(rich_snapshot())
    assert detect_format(list(pair.items())) == "csv"


def test_csv_pair_uploads_as_two_files_and_the_foresight_export_is_its_source(
    clean_graph: Graph,
    client: TestClient,
) -> None:
    from graph.datasets.foresight import DATA_DIR, load_foresight

    files = [
        ("files", (name, (DATA_DIR / name).read_bytes(), "text/csv")) for name in ("links.csv", "factors.csv")
    ]
    response = client.post(
        "/systems/import", params={"system_id": "obesity", "name": "Obesity map"}, files=files
    )
    assert response.status_code == 201, response.text
    assert response.json()["system"]["counts"]["links"] == 296
    load_foresight(clean_graph)
    assert same_map(load_snapshot(clean_graph, "obesity"), load_snapshot(clean_graph, "foresight-obesity"))
    exported = client.get("/systems/foresight-obesity/export", params={"format": "csv"})
    with zipfile.ZipFile(io.BytesIO(exported.content)) as archive:
        assert sorted(archive.namelist()) == ["factors.csv", "links.csv"]
        for name in archive.namelist():  # the same rows as the shipped files, column for column
            ours = _rows(archive.read(name).decode("utf-8"))
            shipped = _rows((DATA_DIR / name).read_text(encoding="utf-8"))
            assert len(ours) == len(shipped) and sorted(ours) == sorted(shipped)
        factors = [row["id"] for row in csv.DictReader(io.StringIO(archive.read("factors.csv").decode()))]
        assert factors == [str(n) for n in range(1, 109)]  # numeric ids in numeric order


def _rows(text: str) -> list[tuple[tuple[str, str], ...]]:
    return [tuple(sorted(row.items())) for row in csv.DictReader(io.StringIO(text))]


def test_exports_are_readable_by_the_tools_they_are_for(clean_graph: Graph) -> None:
    snapshot = rich_snapshot()
    kumu_sheets = read_xlsx(
        "k.xlsx", export_snapshot(snapshot, "kumu-xlsx").content, ["Elements", "Connections"]
    )
    assert kumu_sheets["Elements"].headers[:4] == ["ID", "Label", "Type", "Description"]
    assert kumu_sheets["Connections"].headers[:4] == ["From", "To", "Type", "Direction"]
    assert {row[2] for _, row in kumu_sheets["Connections"].rows} == {"+", "-"}
    prsm_sheets = read_xlsx("p.xlsx", export_snapshot(snapshot, "prsm-xlsx").content, ["Factors", "Links"])
    assert prsm_sheets["Factors"].headers[:5] == ["ID", "Label", "Note", "x", "y"]
    assert prsm_sheets["Links"].headers[:4] == ["From", "To", "Label", "Note"]
    blueprint = json.loads(export_snapshot(snapshot, "kumu-json").content)
    assert blueprint["elements"][0]["label"] == "Sleep, hours"
    assert blueprint["connections"][0] == {
        "from": 'Stress "felt"',
        "to": "Sleep, hours",
        "type": "-",
        "direction": "directed",
        "strength": 0.8,
        "delay": True,
        "description": "Cohort study, 2019",
        "confidence": "high",
    }
    ours = json.loads(export_snapshot(snapshot, "json").content)
    assert (ours["format"], ours["version"]) == ("hls-graph/system", 1)
    import networkx as nx

    gexf = nx.read_gexf(io.BytesIO(export_snapshot(snapshot, "gexf").content))
    assert gexf.nodes["1"]["viz"]["position"] == {"x": 10.0, "y": 20.5, "z": 0.0}
    graphml = nx.read_graphml(io.BytesIO(export_snapshot(snapshot, "graphml").content))
    assert graphml.edges["2", "1"]["polarity"] == -1 and graphml.graph["system_id"] == "rich"


def test_a_kumu_blueprint_and_backup_written_by_hand_import(client: TestClient) -> None:
    blueprint = {
        "elements": [
            {"label": "A", "type": "Driver", "description": "first", "tags": ["x", "y"], "Owner": "team"},
            {"label": "B"},
            {"_id": "elem-c", "attributes": {"label": "C", "element type": "Driver"}},
        ],
        "connections": [
            {"from": "A", "to": "B", "type": "+"},
            {"from": "B", "to": "elem-c", "attributes": {"connection type": "-", "description": "why"}},
        ],
        "maps": [{"elements": [{"element": "elem-c", "position": {"x": 5, "y": 6}}]}],
    }
    response = client.post(
        "/systems/import",
        params={"system_id": "kumu"},
        files=[("files", ("map.json", json.dumps(blueprint).encode()))],
    )
    assert response.status_code == 201, response.text
    factors = {f["name"]: f for f in client.get("/systems/kumu/factors").json()["items"]}
    assert factors["A"]["cluster"] == "Driver" and factors["A"]["properties"] == {
        "tags": ["x", "y"],
        "Owner": "team",
    }
    assert factors["C"]["local_id"] == "elem-c" and (factors["C"]["x"], factors["C"]["y"]) == (5.0, 6.0)
    assert factors["B"]["local_id"] == "b" and factors["B"]["cluster"] is None
    link = client.get("/systems/kumu/links/b/elem-c").json()
    assert (link["polarity"], link["evidence"]) == (-1, "why")


def test_cli_imports_and_exports_every_format(clean_graph: Graph, cli: CliRunner, tmp_path: Path) -> None:
    from graph.cli.main import app

    save_system(clean_graph, rich_snapshot())
    for fmt in ALL:
        out = tmp_path / FILENAMES[fmt]
        exported = cli.invoke(app, ["systems", "export", "rich", "--format", fmt, "--out", str(out)])
        assert exported.exit_code == 0, exported.output
        imported = cli.invoke(app, ["systems", "import", str(out), "--id", f"cli-{fmt}"])
        assert imported.exit_code == 0, imported.output
        assert f"cli-{fmt}: imported 4 factors" in imported.output
        assert same_map(load_snapshot(clean_graph, f"cli-{fmt}"), carried_by(fmt, rich_snapshot()))
    folder = tmp_path / "pair"
    assert (
        cli.invoke(app, ["systems", "export", "rich", "--format", "csv", "--out", str(folder)]).exit_code == 0
    )
    pair = cli.invoke(
        app, ["systems", "import", str(folder / "factors.csv"), str(folder / "links.csv"), "--id", "cli-pair"]
    )
    assert pair.exit_code == 0, pair.output
    listed = cli.invoke(app, ["systems", "list"])
    assert "cli-pair\tcli-pair\t4 factors, 2 clusters, 5 links" in listed.output
    assert f"{len(ALL) + 2} systems" in listed.output
    deleted = cli.invoke(app, ["systems", "delete", "cli-pair"])
    assert deleted.exit_code == 0 and "4 factors, 2 clusters, 5 links" in deleted.output

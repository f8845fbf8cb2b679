"""Bad files are refused (422) with a message that names the file, the sheet or list, the row and
the column — and nothing is written: the whole database is compared before and after."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from graph.core.db import Graph
from graph.formats import export_snapshot
from graph.formats.tables import write_xlsx
from graph.systems.system import save_system
from tests.systems_support import cli_fixture, fingerprint, rich_snapshot  # noqa: F401  (fixture)

FACTORS = (
    "id,name,cluster,definition,x,y\n"
    "1,Sleep,Body,Hours of sleep,10,20\n"
    "2,Stress,Mind,Perceived stress,30,40\n"
    "3,Exercise,Body,,50,60\n"
)
LINKS = "source,target,polarity\nStress,Sleep,negative\nExercise,Stress,negative\nSleep,Exercise,positive\n"
ELEMENTS = [["Label", "Type", "Description", "Tags"], ["Sleep", "Body", "", ""], ["Stress", "Mind", "", ""]]
CONNECTIONS = [["From", "To", "Type"], ["Stress", "Sleep", "-"], ["Sleep", "Stress", "+"]]
PRSM_FACTORS = [["Label", "Note", "x", "y"], ["Sleep", "", 1, 2], ["Stress", "", 3, 4]]
PRSM_LINKS = [["From", "To", "Label", "Note"], ["Stress", "Sleep", "-", ""], ["Sleep", "Stress", "+", ""]]


def csv_pair(factors: str | bytes = FACTORS, links: str | bytes = LINKS) -> list[tuple[str, bytes]]:
    def raw(text: str | bytes) -> bytes:
        return text if isinstance(text, bytes) else text.encode("utf-8")

    return [("factors.csv", raw(factors)), ("links.csv", raw(links))]


def xlsx(name: str, sheets: dict[str, list[list[object]]]) -> list[tuple[str, bytes]]:
    return [(name, write_xlsx({title: (rows[0], rows[1:]) for title, rows in sheets.items()}))]


def graphml_without_polarity() -> bytes:
    text = export_snapshot(rich_snapshot(), "graphml").content.decode()
    # drop the polarity key's data from every edge
    key = text.split('attr.name="polarity"')[0].rsplit('<key id="', 1)[1].split('"')[0]
    return "\n".join(line for line in text.splitlines() if f'<data key="{key}">' not in line).encode()


def _line_of(data: bytes, needle: str) -> int:
    return (
        data.decode().splitlines().index(next(line for line in data.decode().splitlines() if needle in line))
        + 1
    )


BAD_GRAPHML = graphml_without_polarity()
SNAPSHOT_DOC = json.loads(export_snapshot(rich_snapshot(), "json").content)

# (case id, format, files, (file, sheet, row, column), message fragment)
CASES = [
    (
        "csv-missing-column",
        "csv",
        csv_pair(links="source,polarity\nStress,negative\n"),
        ("links.csv", None, 1, "target"),
        "missing column 'target' (columns found: source, polarity)",
    ),
    (
        "csv-unknown-factor",
        "csv",
        csv_pair(links=LINKS.replace("Exercise,Stress", "Exercise,Stres")),
        ("links.csv", None, 3, "target"),
        "link to an unknown factor 'Stres'",
    ),
    (
        "csv-unknown-polarity",
        "csv",
        csv_pair(links=LINKS.replace("Sleep,negative", "Sleep,sometimes")),
        ("links.csv", None, 2, "polarity"),
        "unknown polarity 'sometimes'",
    ),
    (
        "csv-not-utf8",
        "csv",
        csv_pair(factors=FACTORS.encode().replace(b"Stress", b"Stre\xe9ss")),
        ("factors.csv", None, 3, "name"),
        "byte 0xe9 is not UTF-8 text",
    ),
    (
        "csv-duplicate-name",
        "csv",
        csv_pair(factors=FACTORS + "4,Sleep,Body,,1,2\n"),
        ("factors.csv", None, 5, "name"),
        "duplicate factor name 'Sleep' (first on row 2)",
    ),
    (
        "csv-duplicate-id",
        "csv",
        csv_pair(factors=FACTORS + "2,Rest,Body,,1,2\n"),
        ("factors.csv", None, 5, "id"),
        "duplicate factor id '2' (first on row 3)",
    ),
    (
        "csv-bad-x",
        "csv",
        csv_pair(factors=FACTORS.replace("10,20", "ten,20")),
        ("factors.csv", None, 2, "x"),
        "'ten' is not a number",
    ),
    (
        "csv-bad-y",
        "csv",
        csv_pair(factors=FACTORS.replace("50,60", "50,6o")),
        ("factors.csv", None, 4, "y"),
        "'6o' is not a number",
    ),
    ("csv-empty-file", "csv", csv_pair(links=b""), ("links.csv", None, None, None), "the file is empty"),
    (
        "csv-duplicate-link",
        "csv",
        csv_pair(links=LINKS + "Stress,Sleep,positive\n"),
        ("links.csv", None, 5, "source"),
        "appears twice (first on row 2)",
    ),
    (
        "kumu-wrong-sheet",
        "kumu-xlsx",
        xlsx("map.xlsx", {"Nodes": ELEMENTS, "Connections": CONNECTIONS}),
        ("map.xlsx", None, None, None),
        "no sheet named 'Elements' (sheets found: Nodes, Connections)",
    ),
    (
        "kumu-unknown-polarity",
        "kumu-xlsx",
        xlsx("map.xlsx", {"Elements": ELEMENTS, "Connections": [*CONNECTIONS, ["Sleep", "Sleep", "?"]]}),
        ("map.xlsx", "Connections", 4, "Type"),
        "unknown polarity '?'",
    ),
    (
        "kumu-missing-column",
        "kumu-xlsx",
        xlsx("map.xlsx", {"Elements": [["Name", "Type"], ["Sleep", "Body"]], "Connections": CONNECTIONS}),
        ("map.xlsx", "Elements", 1, "Label"),
        "missing column 'Label' (columns found: Name, Type)",
    ),
    (
        "prsm-wrong-sheet",
        "prsm-xlsx",
        xlsx("map.xlsx", {"Factors": PRSM_FACTORS, "Edges": PRSM_LINKS}),
        ("map.xlsx", None, None, None),
        "no sheet named 'Links' (sheets found: Factors, Edges)",
    ),
    (
        "prsm-bad-x",
        "prsm-xlsx",
        xlsx("map.xlsx", {"Factors": [*PRSM_FACTORS, ["Rest", "", "left", 1]], "Links": PRSM_LINKS}),
        ("map.xlsx", "Factors", 4, "x"),
        "'left' is not a number",
    ),
    (
        "prsm-unknown-factor",
        "prsm-xlsx",
        xlsx("map.xlsx", {"Factors": PRSM_FACTORS, "Links": [*PRSM_LINKS, ["Sleep", "Rest", "+", ""]]}),
        ("map.xlsx", "Links", 4, "To"),
        "link to an unknown factor 'Rest'",
    ),
    (
        "xlsx-not-a-workbook",
        "prsm-xlsx",
        [("map.xlsx", b"this is text, not a workbook")],
        ("map.xlsx", None, None, None),
        "not an XLSX workbook",
    ),
    (
        "json-syntax",
        "json",
        [("map.json", b'{"format": "hls-graph/system",\n "version": 1,\n "system": }')],
        ("map.json", None, 3, 12),
        "not valid JSON",
    ),
    (
        "json-unknown-factor",
        "json",
        [
            (
                "map.json",
                json.dumps(
                    {
                        **SNAPSHOT_DOC,
                        "links": [*SNAPSHOT_DOC["links"], {"source": "1", "target": "nine", "polarity": 1}],
                    }
                ).encode(),
            )
        ],
        ("map.json", "links", 6, "target"),
        "link to an unknown factor 'nine'",
    ),
    (
        "json-unknown-polarity",
        "json",
        [
            (
                "map.json",
                json.dumps({**SNAPSHOT_DOC, "links": [{**SNAPSHOT_DOC["links"][0], "polarity": 0}]}).encode(),
            )
        ],
        ("map.json", "links", 1, "polarity"),
        "unknown polarity 0",
    ),
    (
        "json-not-ours",
        "json",
        [("map.json", b'{"elements": []}')],
        ("map.json", None, None, "format"),
        "not an hls-graph system snapshot",
    ),
    (
        "kumu-json-duplicate",
        "kumu-json",
        [("map.json", json.dumps({"elements": [{"label": "A"}, {"label": "B"}, {"label": "A"}]}).encode())],
        ("map.json", "elements", 3, "label"),
        "duplicate factor name 'A' (first on item 1)",
    ),
    (
        "graphml-not-xml",
        "graphml",
        [("map.graphml", b"<graphml>\n  <graph>\n</graphml>")],
        ("map.graphml", None, 3, 3),
        "not well-formed XML",
    ),
    (
        "gexf-not-utf8",
        "gexf",
        [("map.gexf", b'<?xml version="1.0"?>\n<gexf>\n  <node label="Caf\xe9"/>')],
        ("map.gexf", None, 3, 19),
        "byte 0xe9 is not UTF-8 text",
    ),
]


@pytest.mark.parametrize(
    ("fmt", "files", "where", "message"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_bad_file_is_refused_naming_where_and_nothing_is_written(
    fmt: str,
    files: list[tuple[str, bytes]],
    where: tuple,
    message: str,
    clean_graph: Graph,
    client: TestClient,
) -> None:
    save_system(clean_graph, rich_snapshot("keep"))
    before = fingerprint(clean_graph)
    # Issue 12: duplicates, loose references and unknown polarity words import with a report;
    # strict=true refuses them as before (genuinely broken files are refused either way).
    for params in ({"system_id": "new"}, {"system_id": "keep", "replace": "true"}):
        response = client.post(
            "/systems/import", params={"format": fmt, "strict": "true", **params},
            files=[("files", f) for f in files],
        )
        assert response.status_code == 422, response.text
        body = response.json()
        assert (body["error"], body["rule"]) == ("rule_broken", "bad_file")
        assert (body["file"], body["sheet"], body["row"], body["column"]) == where
        assert message in body["message"]
        assert body["message"].startswith(where[0])
        assert fingerprint(clean_graph) == before


def test_refusals_before_the_write_change_nothing(clean_graph: Graph, client: TestClient) -> None:
    save_system(clean_graph, rich_snapshot("keep"))
    before = fingerprint(clean_graph)
    no_id = client.post("/systems/import", params={"format": "csv"}, files=[("files", f) for f in csv_pair()])
    assert no_id.status_code == 422 and "pass system_id" in no_id.json()["message"]
    exists = client.post(
        "/systems/import",
        params={"format": "csv", "system_id": "keep"},
        files=[("files", f) for f in csv_pair()],
    )
    assert exists.status_code == 409 and exists.json()["error"] == "system_exists"
    bad_format = client.post(
        "/systems/import",
        params={"format": "visio", "system_id": "x"},
        files=[("files", f) for f in csv_pair()],
    )
    assert bad_format.status_code == 422
    one_file = client.post(
        "/systems/import", params={"format": "csv", "system_id": "x"}, files=[("files", csv_pair()[0])]
    )
    assert one_file.status_code == 422 and "one factors file and one links file" in one_file.json()["message"]
    unknown = client.post("/systems/import", params={"system_id": "x"}, files=[("files", ("map.vsdx", b"x"))])
    assert unknown.status_code == 422 and "cannot tell the format" in unknown.json()["message"]
    assert fingerprint(clean_graph) == before


def test_cli_refuses_a_bad_file_with_the_message(
    clean_graph: Graph,
    cli: CliRunner,
    tmp_path: Path,
) -> None:
    from graph.cli.main import app

    save_system(clean_graph, rich_snapshot("keep"))
    before = fingerprint(clean_graph)
    (tmp_path / "factors.csv").write_text(FACTORS)
    (tmp_path / "links.csv").write_text(LINKS.replace("Sleep,negative", "Sleep,sometimes"))
    result = cli.invoke(
        app,
        [
            "systems",
            "import",
            str(tmp_path / "factors.csv"),
            str(tmp_path / "links.csv"),
            "--id",
            "keep",
            "--replace",
            "--strict",
        ],
    )
    assert result.exit_code == 1
    assert "links.csv, row 2, column 'polarity': unknown polarity 'sometimes'" in " ".join(
        result.output.split()
    )
    assert fingerprint(clean_graph) == before

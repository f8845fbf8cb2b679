"""The diagramming tools' files (issue 29): draw.io, Insight Maker, Mental Modeler, LOOPY.

Real files (tests/data/real/mentalmodeler, tests/data/real/loopy; sources in SOURCES.md) import
through the public entry point with the format detected from the content, and their factor and link
counts and loop totals (R/B/U, loops of up to 6 links) equal a count made here with json,
ElementTree and networkx's ``simple_cycles`` (tests/real_files.py). No public draw.io CLD or
Insight Maker export with a licence could be found: those are tested on hand-made files in the
tools' own shape (tests/data/synthetic/), counted independently the same way.
"""

from __future__ import annotations

import base64
import json
import re
import xml.etree.ElementTree as ET
import zlib
from pathlib import Path
from urllib.parse import quote, unquote

import pytest

from graph.analysis.loops import feedback_loops
from graph.formats import detect_format, import_snapshot
from graph.formats.errors import FormatError
from graph.formats.safety import TooLarge
from graph.systems.snapshot import to_digraph
from tests.real_files import REAL, SYNTHETIC, loop_totals, merge_edges

Counted = tuple[int, dict[tuple[str, str], int | None]]  # factors, signed links


def _sign_of(value: float | str) -> int | None:
    """The sign of a weight, or of Mental Modeler's qualitative ``H+``/``M-``/``L+``."""
    if isinstance(value, str) and value[-1:] in "+-" and value[:1].isalpha():
        return 1 if value.endswith("+") else -1
    number = float(value)
    return None if number == 0 else (1 if number > 0 else -1)


def mmp_count(path: Path) -> Counted:
    """Concepts and relationships of a Mental Modeler file, signed by the influence's sign."""
    text = path.read_text("utf-8")
    if text.lstrip().startswith("{"):
        concepts = json.loads(text)["concepts"]
        pairs = [(c["id"], r["id"], r["influence"]) for c in concepts for r in c.get("relationships", [])]
    else:
        root = ET.fromstring(text.encode())
        concepts = root.findall("concepts/concept")  # a <scenario> keeps copies: not concepts
        pairs = [(c.findtext("id"), r.findtext("id"), r.findtext("influence") or "0")
                 for c in concepts for r in c.findall("relationships/relationship")]
    return len(concepts), merge_edges((u, v, _sign_of(w)) for u, v, w in pairs)


def loopy_links() -> list[str]:
    """The three example models LOOPY's own examples page links to (the ``?data=`` links)."""
    page = (REAL / "loopy" / "examples-index.html").read_text("utf-8")
    return re.findall(r'href="([^"]*\?data=[^"]*)"', page)


def loopy_count(link: str) -> Counted:
    data = json.loads(unquote(link.split("?data=", 1)[1]))
    return len(data[0]), merge_edges((str(e[0]), str(e[1]), _sign_of(e[3])) for e in data[1])


def drawio_count(path: Path) -> Counted:
    """The first page of a draw.io file: shapes an arrow touches are factors; an arrow's sign is its
    own text or its label child's, ``+`` / ``s`` positive and ``−`` / ``-`` / ``o`` negative."""
    diagram = ET.parse(path).getroot().find("diagram")
    model = diagram.find("mxGraphModel")
    if model is None:
        model = ET.fromstring(unquote(zlib.decompress(base64.b64decode(diagram.text), -15).decode()))
    cells = list(model.iter("mxCell"))
    edges = [c for c in cells if c.get("edge") == "1"]
    label = {c.get("parent"): c.get("value") for c in cells if c.get("vertex") == "1"}
    ends = {c.get(k) for c in edges for k in ("source", "target")}
    signs = {"+": 1, "s": 1, "−": -1, "-": -1, "o": -1}

    def sign(edge: ET.Element) -> int | None:
        text = re.sub(r"<[^>]+>", "", (edge.get("value") or "") + (label.get(edge.get("id")) or ""))
        return signs.get(text.replace("&minus;", "−").strip())

    return len(ends), merge_edges((e.get("source"), e.get("target"), sign(e)) for e in edges)


def insightmaker_count(path: Path) -> Counted:
    """Stocks, variables and flows are factors; a flow fills (+) its target and drains (−) its
    source; links are unsigned unless named by a sign; a ghost stands for its source."""
    root = ET.parse(path).getroot().find("root")
    ghost = {g.get("id"): g.get("Source") for g in root.iter("Ghost")}
    factors = [el for el in root if el.tag in ("Stock", "Variable", "Flow")]
    edges: list[tuple[str, str, int | None]] = []
    for flow in root.iter("Flow"):
        cell = flow.find("mxCell")
        ends = (("target", 1), ("source", -1))
        edges += [(flow.get("id"), cell.get(end), s) for end, s in ends if cell.get(end)]
    for link in root.iter("Link"):
        cell = link.find("mxCell")
        sign = {"+": 1, "-": -1}.get(link.get("name"))
        edges.append((ghost.get(cell.get("source"), cell.get("source")), cell.get("target"), sign))
    return len(factors), merge_edges(edges)


def _check(files: list[tuple[str, bytes]], fmt: str, counted: Counted) -> None:
    assert detect_format(files) == fmt
    snapshot, report = import_snapshot(files)
    factors, edges = counted
    assert (len(snapshot.factors), len(snapshot.links)) == (factors, len(edges))
    assert report.counts["unknown_links"] == sum(1 for s in edges.values() if s is None)
    loops = feedback_loops(to_digraph(snapshot), max_length=6, count_limit=None, limit=0)
    assert loops["complete"]
    totals = {k: loops["totals"][k] for k in ("reinforcing", "balancing", "undetermined")}
    assert totals == loop_totals(edges)


MMP = sorted((REAL / "mentalmodeler").iterdir())


@pytest.mark.parametrize("path", MMP, ids=[p.name for p in MMP])
def test_real_mental_modeler_files_match_an_independent_count(path: Path) -> None:
    _check([(path.name, path.read_bytes())], "mentalmodeler", mmp_count(path))


def test_mental_modeler_keeps_strength_groups_and_positions() -> None:
    path = REAL / "mentalmodeler" / "fish_wetland.mmp"  # Mental Modeler 1.1: <mentalmodeler>
    snapshot, _ = import_snapshot([(path.name, path.read_bytes())])
    fish = next(f for f in snapshot.factors if f.name == "Fish population")
    assert (fish.x, fish.y) == (604.0, 200.0)
    assert {c.name for c in snapshot.clusters} == {"dfghfdgh", "ertyretyrte", "xcvbcbvxcvb"}  # as typed
    assert fish.cluster == next(c.local_id for c in snapshot.clusters if c.name == "dfghfdgh")
    link = next(x for x in snapshot.links if (x.source, x.target) == (fish.local_id, "livelihood"))
    assert (link.polarity, link.strength) == (1, 1.0)
    pair = ("amount-of-wetland", "pollution")
    wetland_pollution = next(x for x in snapshot.links if (x.source, x.target) == pair)
    assert (wetland_pollution.polarity, wetland_pollution.strength) == (-1, 0.25)


def test_mental_modeler_zero_influence_is_unknown_and_reported() -> None:
    path = REAL / "mentalmodeler" / "fire.mmp.json"
    snapshot, report = import_snapshot([(path.name, path.read_bytes())])
    assert "unknown_polarity_word" in {w.kind for w in report.warnings}
    assert sum(1 for link in snapshot.links if link.polarity is None) == 1


@pytest.mark.parametrize("n", range(3))
def test_real_loopy_links_match_an_independent_count(n: int) -> None:
    link = loopy_links()[n]
    _check([("model.txt", link.encode())], "loopy", loopy_count(link))


def test_loopy_saved_text_and_plain_json_read_alike() -> None:
    link = loopy_links()[1]
    serialized = link.split("?data=", 1)[1]  # what LOOPY's "save as file" writes: quotes as %22
    decoded = unquote(serialized)  # the same model as plain JSON
    results = [import_snapshot([("m.loopy", text.encode())])[0] for text in (serialized, decoded)]
    assert [len(s.links) for s in results] == [8, 8]
    assert {f.name for f in results[0].factors} == {f.name for f in results[1].factors}
    assert "doing things" in {f.name for f in results[0].factors}  # labels decoded twice, as LOOPY does
    first = results[0].factors[0]
    assert (first.x, first.y) == (198.0, 285.0)
    assert len(results[0].clusters) == 3  # hues red, blue, orange


def test_drawio_first_page_signs_from_values_and_label_children() -> None:
    path = SYNTHETIC / "cld-two-pages.drawio"
    _check([(path.name, path.read_bytes())], "drawio", drawio_count(path))
    snapshot, report = import_snapshot([(path.name, path.read_bytes())])
    kinds = {w.kind: w.message for w in report.warnings}
    assert "'Population', 'Market'" in kinds["pages"]
    assert "dropped_text" in kinds  # the R1 loop marker
    births = next(f for f in snapshot.factors if f.name == "Births")  # HTML value reduced to text
    assert (births.x, births.y) == (40.0, 60.0)  # inside the swimlane: made absolute
    assert births.cluster == "households"
    assert "Crowding stress" in {f.name for f in snapshot.factors}


def test_drawio_compressed_page_inflates() -> None:
    path = SYNTHETIC / "market-compressed.drawio"
    _check([(path.name, path.read_bytes())], "drawio", drawio_count(path))


def test_drawio_compressed_bomb_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HLS_IMPORT_MAX_UNPACKED_MB", "1")
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    payload = quote("<mxGraphModel><root>" + "<mxCell/>" * 400_000 + "</root></mxGraphModel>")
    packed = base64.b64encode(c.compress(payload.encode()) + c.flush()).decode()
    doc = f'<mxfile><diagram name="p">{packed}</diagram></mxfile>'.encode()
    assert len(doc) < 100_000
    with pytest.raises(TooLarge):
        import_snapshot([("bomb.drawio", doc)])


def test_drawio_broken_compressed_page_is_a_named_422() -> None:
    with pytest.raises(FormatError, match="not base64 of deflated XML"):
        import_snapshot([("x.drawio", b'<mxfile><diagram name="p">not*base64</diagram></mxfile>')])


def test_insightmaker_export_matches_an_independent_count() -> None:
    path = SYNTHETIC / "insightmaker-rabbits.InsightMaker"
    _check([(path.name, path.read_bytes())], "insightmaker", insightmaker_count(path))
    snapshot, _ = import_snapshot([(path.name, path.read_bytes())])
    rabbits = next(f for f in snapshot.factors if f.name == "Rabbits")
    assert rabbits.cluster == "ecology" and rabbits.properties["kind"] == "stock"
    assert (rabbits.x, rabbits.y) == (160.0, 90.0)  # inside its folder: made absolute
    assert "Rabbits eat grass" not in {f.name for f in snapshot.factors}


DRAWIO_XML = b'<?xml version="1.0"?><mxfile><diagram name="x"><mxGraphModel/></diagram></mxfile>'


@pytest.mark.parametrize(
    ("name", "data", "fmt"),
    [
        ("a.xml", DRAWIO_XML, "drawio"),
        ("a.xml", b"<InsightMakerModel><root/></InsightMakerModel>", "insightmaker"),
        ("a.mmp", b"<?xml version='1.0' encoding='UTF-8'?><mentalModeler><concepts/></mentalModeler>",
         "mentalmodeler"),
        ("a.mmp", b'{"info": {}, "groupNames": {}, "concepts": []}', "mentalmodeler"),
        ("a.txt", b"[[[1,10,10,0,%22a%22,0]],[],[],1%5D", "loopy"),
    ],
)
def test_detected_by_content_not_name(name: str, data: bytes, fmt: str) -> None:
    assert detect_format([(name, data)]) == fmt
    assert detect_format([("upload.bin", data)]) == fmt


def test_a_plain_csv_named_txt_is_still_the_csv_pair() -> None:
    assert detect_format([("links.txt", b"source,target,polarity\na,b,+\n")]) == "csv"


@pytest.mark.parametrize(
    ("path", "fmt"),
    [
        (SYNTHETIC / "cld-two-pages.drawio", "drawio"),
        (REAL / "mentalmodeler" / "fire_model.mmp", "mentalmodeler"),
        (SYNTHETIC / "insightmaker-rabbits.InsightMaker", "insightmaker"),
    ],
    ids=["drawio", "mentalmodeler", "insightmaker"],
)
def test_api_imports_each_diagram_format_with_its_report(client, path: Path, fmt: str) -> None:
    answer = client.post("/systems/import", files=[("files", (path.name, path.read_bytes()))])
    assert answer.status_code == 201, answer.text
    body = answer.json()
    snapshot, _ = import_snapshot([(path.name, path.read_bytes())])
    assert body["report"]["format"] == fmt
    assert body["system"]["counts"] == snapshot.counts()
    assert client.get(f"/systems/{snapshot.id}").status_code == 200


def test_api_imports_a_pasted_loopy_link(client) -> None:
    answer = client.post("/systems/import", params={"system_id": "jobs"},
                         files=[("files", ("link.txt", loopy_links()[2].encode()))])
    assert answer.status_code == 201, answer.text
    assert answer.json()["report"]["format"] == "loopy"
    assert answer.json()["system"]["counts"]["links"] == 6


@pytest.mark.parametrize("asked", ["Market", "market", "2"])
def test_drawio_page_chosen_by_name_or_number(asked: str) -> None:
    path = SYNTHETIC / "cld-two-pages.drawio"
    snapshot, report = import_snapshot([(path.name, path.read_bytes())], page=asked)
    assert {f.name for f in snapshot.factors} == {"Price", "Demand"}  # the compressed page 2
    assert snapshot.name == "cld-two-pages: Market"
    assert "the one asked for" in next(w.message for w in report.warnings if w.kind == "pages")


def test_drawio_missing_page_is_a_422_listing_the_pages() -> None:
    path = SYNTHETIC / "cld-two-pages.drawio"
    with pytest.raises(FormatError, match="'Population', 'Market'"):
        import_snapshot([(path.name, path.read_bytes())], page="3")


def test_api_page_parameter(client) -> None:
    path = SYNTHETIC / "cld-two-pages.drawio"
    answer = client.post("/systems/import", params={"page": "Market"},
                         files=[("files", (path.name, path.read_bytes()))])
    assert answer.status_code == 201, answer.text
    assert answer.json()["system"]["counts"]["factors"] == 2
    missing = client.post("/systems/import", params={"page": "Nope"},
                          files=[("files", (path.name, path.read_bytes()))])
    assert missing.status_code == 422 and "Nope" in missing.text


def test_mental_modeler_json_with_numeric_ids_and_weights() -> None:
    # The shape Mental Modeler's own "Import CSV" builds (scripts/models/app.js): ids and influences
    # are numbers, not text, and there is no groupNames.
    doc = {"info": {"name": "From a matrix"}, "concepts": [
        {"id": 1, "name": "A", "x": 10, "y": 20, "relationships": [{"id": 2, "influence": -0.4}]},
        {"id": 2, "name": "B", "x": 30.5, "y": 40, "relationships": [{"id": 1, "influence": 1}]},
    ]}
    files = [("matrix.mmp", json.dumps(doc).encode())]
    assert detect_format(files) == "mentalmodeler"
    snapshot, _ = import_snapshot(files)
    assert snapshot.name == "From a matrix"
    assert sorted((x.source, x.target, x.polarity, x.strength) for x in snapshot.links) == [
        ("a", "b", -1, 0.4), ("b", "a", 1, 1.0)]
    assert (snapshot.factors[1].x, snapshot.factors[1].y) == (30.5, 40.0)


DRAWIO_REAL = sorted((REAL / "drawio").iterdir())


@pytest.mark.parametrize("path", DRAWIO_REAL, ids=[p.name for p in DRAWIO_REAL])
def test_real_drawio_templates_match_an_independent_count(path: Path) -> None:
    # draw.io's own concept-map templates: compressed pages, labelled but unsigned arrows.
    _check([(path.name, path.read_bytes())], "drawio", drawio_count(path))
    _, report = import_snapshot([(path.name, path.read_bytes())])
    texts = [re.search(r"labelled (.+?) \(", w.message).group(1) for w in report.warnings
             if w.kind == "unknown_polarity_word"]
    assert "'relation'" in texts and len(texts) == len(set(texts))  # one finding per label text
    with pytest.raises(FormatError, match="'relation'"):
        import_snapshot([(path.name, path.read_bytes())], strict=True)

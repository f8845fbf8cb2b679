"""PRSM map files (.prsm, LZ-string compressed or plain JSON, and PRSM's JSON saves from 0.94 to
3.0.3): counts from the JSON itself, signs only from style groups that name them."""

from __future__ import annotations

import json

import pytest

from graph.formats import prsm_map
from graph.formats.lzstring import decompress_from_utf16
from graph.formats.report import ImportReport
from graph.formats.tables import FormatError
from tests.real_files import REAL, prsm_doc, upload

FILES = sorted((REAL / "prsm").iterdir())


def _style_sign(doc: dict, edge: dict) -> int | None:
    styles = (doc.get("styles") or doc.get("samples"))["edges"]
    label = (edge.get("groupLabel") or styles.get(edge.get("grp", ""), {}).get("groupLabel") or "").lower()
    return (
        1 if "positive" in label or label == "+ve" else -1 if "negative" in label or label == "-ve" else None
    )


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_prsm_counts_and_signs_match_the_json(path):
    doc = prsm_doc(path)
    report = ImportReport()
    s = prsm_map.parse(upload(path), report)
    assert len(s.factors) == len([n for n in doc["nodes"] if not n.get("isCluster")])
    ids = {f.local_id: f for f in s.factors}
    labels = {n["id"]: " ".join(n["label"].split()) for n in doc["nodes"]}
    got = {(ids[k.source].name, ids[k.target].name): k.polarity for k in s.links}
    want = {(labels[e["from"]], labels[e["to"]]): _style_sign(doc, e) for e in doc["edges"]}
    assert got == want
    assert len(s.links) == len(doc["edges"])


def test_compressed_prsm_is_lz_string_utf16():
    path = REAL / "prsm" / "clusterexamplemap.prsm"
    assert not path.read_bytes().lstrip().startswith(b"{")
    doc = json.loads(decompress_from_utf16(path.read_text(encoding="utf-8")))
    assert (doc["version"], doc["mapTitle"], len(doc["nodes"]), len(doc["edges"])) == (
        "3.0.3",
        "Example map",
        6,
        7,
    )
    s = prsm_map.parse(upload(path), ImportReport())
    assert s.name == "Example map" and s.id == "example-map"
    assert {f.name for f in s.factors} >= {
        "Climate change",
        "Extreme weather events",
        "Agricultural productivity",
    }


def test_style_polarity_is_reported():
    report = ImportReport()
    s = prsm_map.parse(upload(REAL / "prsm" / "supplychainandlogisticssystem191.prsm"), report)
    assert sorted((k.polarity or 0) for k in s.links).count(1) == 16
    assert [k.polarity for k in s.links].count(-1) == 1
    notes = {w.message for w in report.warnings if w.kind == "polarity_from_style"}
    assert "16 link(s) take their sign from their style 'Positive influence'" in notes
    # "Reciprocal influence" names no sign: unknown.
    assert any(w.kind == "unknown_polarity" and w.message.startswith("9 of 26") for w in report.warnings)


def test_groups_become_clusters_and_notes_descriptions():
    s = prsm_map.parse(upload(REAL / "prsm" / "supplychainandlogisticssystem191.prsm"), ImportReport())
    assert {c.name for c in s.clusters} == {"Intermediate factors", "Policy actions", "Focal Factor"}
    assert "Need to motivate the staff" in {f.description for f in s.factors}


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_prsm_detected_by_content(path):
    assert prsm_map.detect([(path.stem + ".json", path.read_bytes())]) or path.suffix == ".prsm"
    assert prsm_map.detect(upload(path))


def test_kumu_json_is_not_prsm():
    kumu = REAL / "kumu" / "kumu-changelabs-template.json"
    assert not prsm_map.detect(upload(kumu))


def test_garbage_prsm_is_refused_by_name():
    with pytest.raises(FormatError) as err:
        prsm_map.parse([("broken.prsm", "\u4e00\u4e01 not lz".encode())], ImportReport())
    assert "broken.prsm" in err.value.message

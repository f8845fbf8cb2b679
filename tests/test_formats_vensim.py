"""Vensim .mdl import: real models (Sterman's beer game, SIR, a workforce model, a pure CLD in the
legacy sketch format) and a synthetic CLD with S/O/? arrow characters; counts and signs checked
against an independent reading of the sketch lines (tests/real_files.py)."""

from __future__ import annotations

import pytest

from graph.formats import vensim
from graph.formats.report import ImportReport
from graph.formats.tables import FormatError
from tests.real_files import REAL, SYNTHETIC, upload, vensim_count

FILES = sorted((REAL / "vensim").iterdir()) + [SYNTHETIC / "so-polarity.mdl"]


def _key(name: str) -> str:
    return " ".join(name.replace("_", " ").split()).lower()


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_real_mdl_counts_and_signs_match_the_sketch(path):
    snapshot = vensim.parse(upload(path), ImportReport())
    factors, edges = vensim_count(path)
    assert len(snapshot.factors) == factors
    names = {f.local_id: _key(f.name) for f in snapshot.factors}
    assert {(names[k.source], names[k.target]): k.polarity for k in snapshot.links} == edges


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_mdl_is_detected_by_content(path):
    assert vensim.detect([("model.txt", path.read_bytes())])


def test_xmile_is_not_vensim():
    assert not vensim.detect(upload(REAL / "xmile" / "SIR.stmx"))


def test_numbered_arrows_are_labels_not_signs():
    """The beer game draws 1..5 (codes 49-53) at arrow heads: unknown polarity, and said so."""
    report = ImportReport()
    vensim.parse(upload(REAL / "vensim" / "RealBeer4-Sterman13.mdl"), report)
    labels = [w.message for w in report.warnings if "at their head" in w.message]
    assert any("'1'" in m for m in labels) and any("'5'" in m for m in labels)


def test_s_o_and_question_mark():
    report = ImportReport()
    s = vensim.parse(upload(SYNTHETIC / "so-polarity.mdl"), report)
    links = {(k.source, k.target): k.polarity for k in s.links}
    assert links == {("a", "b"): 1, ("b", "a"): -1, ("b", "c"): None, ("c", "b"): None}
    assert any(w.kind == "annotated_loop" and "'B1'" in w.message for w in report.warnings)
    assert any("'?'" in w.message for w in report.warnings)


def test_flows_stocks_positions_and_equations():
    s = vensim.parse(upload(REAL / "vensim" / "SIR.mdl"), ImportReport())
    by_name = {f.name: f for f in s.factors}
    stock, flow = by_name["Susceptible Population S"], by_name["Infection Rate"]
    assert (stock.x, stock.y) == (162.0, 192.0)
    assert stock.properties["kind"] == "stock" and flow.properties["kind"] == "flow"
    assert "INTEG" in stock.properties["equation"]
    links = {(k.source, k.target): k for k in s.links}
    assert links[(flow.local_id, stock.local_id)].polarity == -1  # the infection flow drains S
    assert links[(flow.local_id, by_name["Infectious Population I"].local_id)].polarity == 1


def test_loop_labels_in_the_legacy_sketch_are_notes_not_factors():
    report = ImportReport()
    s = vensim.parse(upload(REAL / "vensim" / "energy_tech_cld.mdl"), report)
    assert not [f for f in s.factors if f.name in {"R1", "B1", "R2"}]
    assert sorted(w.message.split("'")[1] for w in report.warnings if w.kind == "annotated_loop") == [
        "B1",
        "B2",
        "R1",
        "R2",
        "R3",
        "R4",
    ]


def test_a_file_without_sketch_is_refused_by_name():
    with pytest.raises(FormatError) as err:
        vensim.parse([("eq.mdl", b"{UTF-8}\nA = 1\n~\n~|\n")], ImportReport())
    assert "eq.mdl" in err.value.message and "sketch" in err.value.message

"""XMILE (Stella/iThink) import: real models from public repositories and a synthetic one with
ghosts, a module binding and a loop indicator; counts and signs checked against an independent
ElementTree reading of the same file (tests/real_files.py)."""

from __future__ import annotations

import pytest

from graph.formats import xmile
from graph.formats.report import ImportReport
from graph.formats.tables import FormatError
from tests.real_files import REAL, SYNTHETIC, _xkey, upload, xmile_count

FILES = sorted((REAL / "xmile").iterdir()) + [SYNTHETIC / "ghosts-modules.stmx"]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_real_xmile_counts_and_signs_match_the_file(path):
    report = ImportReport()
    snapshot = xmile.parse(upload(path), report)
    factors, edges = xmile_count(path)
    assert len(snapshot.factors) == factors
    names = {f.local_id: _xkey(f.name) for f in snapshot.factors}
    got = {(names[link.source], names[link.target]): link.polarity for link in snapshot.links}
    assert got == edges
    unknown = sum(1 for sign in edges.values() if sign is None)
    noted = [w for w in report.warnings if w.kind == "unknown_polarity"]
    assert (f"{unknown} of {len(edges)} links" in noted[0].message) if unknown else not noted


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_xmile_is_detected_by_content(path):
    assert xmile.detect([("renamed.bin", path.read_bytes())])


def test_other_xml_is_not_xmile():
    graphml = next((REAL / "graphml").iterdir())
    assert not xmile.detect(upload(graphml))


def test_ghosts_modules_names_and_positions():
    report = ImportReport()
    s = xmile.parse(upload(SYNTHETIC / "ghosts-modules.stmx"), report)
    by_name = {f.name: f for f in s.factors}
    # `Healthy_Food\nStock` and the quoted `"price signal"` read as Stella shows them.
    assert set(by_name) == {"Healthy Food Stock", "buying", "eating", "price signal", "household.appetite"}
    stock = by_name["Healthy Food Stock"]
    assert (stock.x, stock.y, stock.properties["kind"]) == (100.0, 100.0, "stock")
    assert by_name["buying"].properties["kind"] == "flow"
    links = {(link.source, link.target): link.polarity for link in s.links}
    # The ghost (alias uid 7) of the stock is the stock; the module's bound input is the stock too.
    assert links[(stock.local_id, by_name["eating"].local_id)] == 1
    assert links[(stock.local_id, by_name["household.appetite"].local_id)] is None
    # inflow +, outflow -
    assert links[(by_name["buying"].local_id, stock.local_id)] == 1
    assert links[(by_name["eating"].local_id, stock.local_id)] == -1
    kinds = [w.kind for w in report.warnings]
    assert "module_link" in kinds
    assert any(w.kind == "annotated_loop" and "B1 stocking" in w.message for w in report.warnings)


def test_unit_aliases_are_not_ghost_factors():
    s = xmile.parse(upload(REAL / "xmile" / "GeneratedByAIThenEdited.stmx"), ImportReport())
    assert not {"dmnl", "persons", "Customers (2)"} & {f.name for f in s.factors}


def test_system_named_from_the_header():
    s = xmile.parse(upload(REAL / "xmile" / "teacup_w_diagram.xmile"), ImportReport())
    assert (s.id, s.name) == ("teacup", "teacup")


def test_malformed_xmile_names_the_line():
    with pytest.raises(FormatError) as err:
        xmile.parse([("m.stmx", b"<xmile>\n<model>\n<variables>\n</model>")], ImportReport())
    assert err.value.details["row"] == 4


def test_a_conflicting_duplicate_connector_becomes_unknown():
    doc = b"""<xmile xmlns="http://docs.oasis-open.org/xmile/ns/XMILE/v1.0"><model><variables>
    <aux name="a"/><aux name="b"/></variables><views><view>
    <connector uid="1" polarity="+"><from>a</from><to>b</to></connector>
    <connector uid="2" polarity="-"><from>a</from><to>b</to></connector></view></views></model></xmile>"""
    report = ImportReport()
    s = xmile.parse([("dup.xmile", doc)], report)
    assert [link.polarity for link in s.links] == [None]
    assert any(
        w.kind == "conflicting_polarity" and "uid 1" in w.message and "uid 2" in w.message
        for w in report.warnings
    )
    with pytest.raises(FormatError):
        xmile.parse([("dup.xmile", doc)], ImportReport(strict=True))


def test_strict_mode_never_refuses_a_missing_sign():
    from graph.formats import import_snapshot

    snapshot, report = import_snapshot(upload(REAL / "xmile" / "SIR.stmx"), system_id="sir", strict=True)
    assert report.counts["unknown_links"] == 6 == sum(1 for k in snapshot.links if k.polarity is None)

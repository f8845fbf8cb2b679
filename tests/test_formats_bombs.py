"""Hostile uploads are refused with a clear message before they cost memory: zip/XLSX bombs from
the central directory (413), XML entity bombs and external entities by defusedxml (422),
LZ-string bombs by a running cap (413)."""

from __future__ import annotations

import io
import zipfile

import pytest

from graph.formats import csv_pair, gexf, networkx_xml, prsm_map, xmile
from graph.formats.report import ImportReport
from graph.formats.safety import TooLarge, check_zip
from graph.formats.tables import FormatError, read_xlsx
from tests.real_files import REAL

LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<ROOT><graph>&lol3;</graph></ROOT>"""
EXTERNAL = b"""<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><ROOT>&e;</ROOT>"""


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


@pytest.fixture
def small_cap(monkeypatch):
    monkeypatch.setenv("HLS_IMPORT_MAX_UNPACKED_MB", "1")


def test_xlsx_bomb_refused_before_openpyxl_opens_it(small_cap, monkeypatch):
    import openpyxl

    opened = []
    monkeypatch.setattr(openpyxl, "load_workbook", lambda *a, **k: opened.append(1))
    bomb = _zip({"[Content_Types].xml": b"<Types/>", "xl/worksheets/sheet1.xml": b" " * 3_000_000})
    with pytest.raises(TooLarge) as err:
        read_xlsx("bomb.xlsx", bomb, ["Elements"])
    assert err.value.status == 413 and "bomb.xlsx" in err.value.message and "cap" in err.value.message
    assert opened == []


def test_zipped_csv_bomb_refused(small_cap):
    bomb = _zip({"factors.csv": b"id,name\n" + b"a" * 3_000_000, "links.csv": b"source,target\n"})
    with pytest.raises(TooLarge) as err:
        csv_pair.parse([("pair.zip", bomb)], ImportReport())
    assert "pair.zip" in err.value.message


def test_ratio_bomb_refused_under_the_size_cap():
    bomb = _zip({"links.csv": b"\0" * 20_000_000})  # 20 MB of zeros deflate to ~20 kB
    with pytest.raises(TooLarge) as err:
        check_zip("ratio.zip", bomb)
    assert "zip bomb" in err.value.message


def test_ordinary_xlsx_still_reads():
    tables = read_xlsx(
        "euro.xlsx",
        (REAL / "kumu" / "overview-of-the-euro-crisis.xlsx").read_bytes(),
        ["Elements", "Connections"],
    )
    assert len(tables["Elements"].rows) == 11


@pytest.mark.parametrize("doc", [LAUGHS, EXTERNAL], ids=["billion-laughs", "external-entity"])
@pytest.mark.parametrize(
    "reader",
    [gexf.parse_gexf, networkx_xml.parse_graphml, xmile.parse],
    ids=["gexf", "graphml", "xmile"],
)
def test_xml_entity_tricks_refused(reader, doc):
    with pytest.raises(FormatError) as err:
        reader([("evil.xml", doc.replace(b"ROOT", b"xmile"))], ImportReport())
    assert err.value.status == 422 and "entities" in err.value.message and "evil.xml" in err.value.message


def _lz_bomb(codes: int) -> str:
    """LZ-string UTF-16 text whose every code repeats the newest dictionary entry: the output grows
    quadratically (n codes → about n²/2 characters)."""
    bits: list[int] = []

    def put(value: int, width: int) -> None:
        bits.extend((value >> i) & 1 for i in range(width))

    put(0, 2)
    put(ord("a"), 8)
    size, num_bits, enlarge = 4, 3, 4
    for _ in range(codes):
        put(size, num_bits)  # the entry not yet in the dictionary: w + w[0]
        size += 1
        enlarge -= 1
        if enlarge == 0:
            enlarge, num_bits = 1 << num_bits, num_bits + 1
    put(2, num_bits)
    bits.extend([0] * 15)
    chars = [sum(bits[i + j] << (14 - j) for j in range(15)) + 32 for i in range(0, len(bits) - 14, 15)]
    return "".join(map(chr, chars)) + " "


def test_lz_string_bomb_refused(small_cap):
    bomb = _lz_bomb(3000).encode("utf-8")  # ~4.5 M characters from ~6 kB
    assert len(bomb) < 20_000
    with pytest.raises(TooLarge) as err:
        prsm_map.parse([("bomb.prsm", bomb)], ImportReport())
    assert err.value.status == 413 and "bomb.prsm" in err.value.message


def test_api_answers_413_for_a_bomb_and_keeps_answering(client, small_cap):
    bomb = _zip({"factors.csv": b"id,name\n" + b"a" * 3_000_000, "links.csv": b"source,target\n"})
    answer = client.post(
        "/systems/import", params={"system_id": "bomb"}, files=[("files", ("pair.zip", bomb))]
    )
    assert answer.status_code == 413
    assert answer.json()["error"] == "too_large" and "pair.zip" in answer.json()["message"]
    assert client.get("/systems").status_code == 200
    assert client.get("/systems/bomb").status_code == 404  # nothing half-written

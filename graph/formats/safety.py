"""Limits that keep a hostile upload from taking the server down: zip and XLSX archives are
measured from their central directory *before* anything is unpacked, XML is parsed with
defusedxml (entity expansion, external entities and DTD tricks refused), and LZ-string text is
decompressed with a running cap.

A refusal for size is a :class:`TooLarge` (HTTP 413) naming the file and the cap; a refusal for a
dangerous construct (entities, DTD) is a :class:`~graph.formats.errors.FormatError` (422).
The cap is ``HLS_IMPORT_MAX_UNPACKED_MB`` (default 50 MB).

>>> import io, zipfile
>>> buf = io.BytesIO()
>>> with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
...     z.writestr("big.csv", b"0" * 2_000_000)
>>> check_zip("bomb.zip", buf.getvalue(), max_bytes=1_000_000)
Traceback (most recent call last):
...
graph.formats.safety.TooLarge: bomb.zip: unpacks to 2000000 bytes, more than the 1000000-byte cap ...
"""

from __future__ import annotations

import io
import os
import zipfile
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as _defused_fromstring

from graph.formats.errors import FormatError

DEFAULT_MAX_UNPACKED_MB = 50
# A deflated member that grows more than this many times is a bomb whatever its absolute size
# (ordinary XLSX/CSV compress 5-20x; zip bombs reach 1000x and more).
MAX_RATIO = 200
# Below this many unpacked bytes the ratio is not checked: tiny, highly repetitive files are fine.
RATIO_FLOOR = 1_000_000


class TooLarge(FormatError):
    """An upload that would unpack beyond the cap: 413, named, refused before unpacking."""

    def __init__(self, message: str, file: str) -> None:
        super().__init__(message, file)
        self.status = 413
        self.code = "too_large"


def max_unpacked_bytes() -> int:
    """The cap on what one upload may unpack to, from ``HLS_IMPORT_MAX_UNPACKED_MB``."""
    raw = os.environ.get("HLS_IMPORT_MAX_UNPACKED_MB", "")
    try:
        mb = float(raw) if raw.strip() else DEFAULT_MAX_UNPACKED_MB
    except ValueError:
        mb = DEFAULT_MAX_UNPACKED_MB
    return int(mb * 1024 * 1024)


def check_zip(name: str, data: bytes, max_bytes: int | None = None) -> None:
    """Refuse a zip (or XLSX) whose members would unpack past the cap or at a bomb's ratio.

    Reads only the central directory (the sizes the archive declares); :func:`read_member` then
    enforces the declared size while unpacking, so an archive that lies about it is caught too.
    """
    cap = max_unpacked_bytes() if max_bytes is None else max_bytes
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # not a zip: the format's own reader names what is wrong
    total = sum(i.file_size for i in infos)
    if total > cap:
        raise TooLarge(
            f"unpacks to {total} bytes, more than the {cap}-byte cap "
            f"(HLS_IMPORT_MAX_UNPACKED_MB); refused before unpacking",
            name,
        )
    for info in infos:
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise TooLarge(
                f"member {info.filename!r} expands {info.file_size // max(info.compress_size, 1)}x "
                f"({info.compress_size} → {info.file_size} bytes): refused as a zip bomb",
                name,
            )


def read_member(
    name: str, archive: zipfile.ZipFile, info: zipfile.ZipInfo, max_bytes: int | None = None
) -> bytes:
    """One member's bytes, reading at most its declared size (or the cap) and refusing more."""
    cap = max_unpacked_bytes() if max_bytes is None else max_bytes
    limit = min(info.file_size, cap)
    with archive.open(info) as member:
        data = member.read(limit + 1)
    if len(data) > limit:
        raise TooLarge(f"member {info.filename!r} unpacks to more than it declares or the cap allows", name)
    return data


def parse_xml(name: str, data: bytes) -> Element:
    """The root element, parsed by defusedxml: entity declarations and external references are
    refused (422), malformed XML is refused naming the line and column."""
    if not data.strip():
        raise FormatError("the file is empty", name)
    try:
        return _defused_fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise FormatError(
            f"refused: the XML declares entities or external references ({exc.__class__.__name__}); "
            "these are how XML bombs work and no map format needs them",
            name,
        ) from None
    except ParseError as exc:
        line, column = exc.position
        raise FormatError(f"not well-formed XML: {exc}", name, line, column + 1) from None


def local(tag: object) -> str:
    """An element's name without its namespace: every XMILE/GEXF dialect reads alike."""
    text = tag if isinstance(tag, str) else ""
    return text.rsplit("}", 1)[-1]

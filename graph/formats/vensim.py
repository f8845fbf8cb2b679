"""Vensim ``.mdl`` models (the text format; not the binary ``.vmf``/``.vpm``). Read only.

The causal structure is read from the *sketch* (what the modeller drew), enriched from the
equations:

- ``10,id,name,x,y,…`` lines are variables → factors (x/y kept). The same name drawn twice (on two
  views, or as a shadow/ghost variable ``<name>``) is one factor; names compare as Vensim does
  (case-insensitive, ``_`` = space, runs of spaces = one, surrounding quotes dropped);
- ``1,id,from,to,shape,hidden,polarity,thickness,…`` lines are arrows → links. Field 7 is, per
  Vensim's file-format notes, the ASCII code of the *character drawn at the arrow head*: 43 ``+``
  and 83/115 ``S``/``s`` → +, 45 ``-`` and 79/111 ``O``/``o`` → −; 0 (no character) → unknown.
  Other codes are labels, not signs — Sterman's beer game draws ``1``…``5`` (codes 49–53) on its
  arrows to number the steps of a decision rule — and give unknown polarity plus a report note;
- valves (``11,…``) stand for their flow variable (the ``10,…`` line with the valve bit that
  follows); clouds (``12,…,48,…``) and comments (``12,…``, whose text may sit on the next line)
  are not factors; a loop label drawn as a comment or word (``R``, ``B2``, ``R1: growth``) is an
  ``annotated_loop`` note in the report;
- pipes (arrows from a valve with thickness ≥ 20) are flows: flow → stock with + where the pipe's
  arrowhead is at the stock (shape 4), − where the pipe leaves the stock (shape 100); pipes to
  clouds are dropped;
- the pre-V300 sketch (``V160``: ``|id,name,…`` words and ``>from,to,shape,hid,pol,…`` arrows) is
  read the same way;
- the equations give each factor its ``equation``, ``units`` and comment (→ description).

The file may start with ``{UTF-8}`` (else Windows-1252 is assumed), and may mix CRLF/LF endings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from graph.formats.mapbuild import MapBuilder
from graph.formats.report import ImportReport
from graph.formats.tables import FormatError, single_file
from graph.systems.snapshot import SystemSnapshot

SKETCH_MARK = "\\\\\\---///"
SKETCH_END = "///---\\\\\\"
_POLARITY = {43: 1, 83: 1, 115: 1, 45: -1, 79: -1, 111: -1}
_LOOP_LABEL = re.compile(r"^[RB]\d*\b", re.IGNORECASE)


def detect(files: list[tuple[str, bytes]]) -> bool:
    """One file with Vensim's sketch marker or ``{UTF-8}`` header and ``~``-separated equations."""
    if len(files) != 1:
        return False
    data = files[0][1]
    return SKETCH_MARK.encode() in data or (data.lstrip().startswith(b"{UTF-8}") and b"~" in data)


def name_key(raw: str) -> str:
    return display_name(raw).casefold()


def display_name(raw: str) -> str:
    text = raw.strip()
    if len(text) >= 2 and text[0] == text[-1] == '"':
        text = text[1:-1]
    return " ".join(text.replace("\\n", " ").replace("_", " ").split())


def decode(name: str, data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if data.lstrip().startswith(b"{UTF-8}"):
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise FormatError(f"declares {{UTF-8}} but byte {exc.start} is not UTF-8", name) from None
        text = text.lstrip()[len("{UTF-8}") :]
    else:
        text = data.decode("cp1252", errors="replace")
    return text.replace("\r\n", "\n").replace("\r", "\n")


@dataclass
class _Equation:
    equation: str
    units: str
    comment: str


def equations(text: str) -> dict[str, _Equation]:
    """Name key → equation, units and comment, from the part before the sketch (macros skipped)."""
    body = text.split(SKETCH_MARK, 1)[0]
    body = re.sub(r":MACRO:.*?:END OF MACRO:", "", body, flags=re.S)
    found: dict[str, _Equation] = {}
    for chunk in body.split("|"):
        parts = chunk.split("~")
        if len(parts) < 3:
            continue
        head = parts[0].strip()
        match = re.match(r'^\s*("(?:[^"\\]|\\.)*"|[^=(\[:]+?)\s*(\[[^\]]*\])?\s*(=|:=|\(|$)', head, re.S)
        if not match or not match.group(1).strip() or head.startswith("*"):
            continue
        key = name_key(match.group(1))
        if key and key not in found:
            found[key] = _Equation(" ".join(head.split()), " ".join(parts[1].split()), parts[2].strip())
    return found


@dataclass
class _Obj:
    kind: str  # "var", "valve", "cloud", "comment", "arrow"
    fields: list[str]
    text: str = ""


@dataclass
class _View:
    objects: dict[str, _Obj] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)
    arrows: list[_Obj] = field(default_factory=list)


def _csv(line: str) -> list[str]:
    out, cur, quoted = [], [], False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        if ch == "," and not quoted:
            out.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    out.append("".join(cur))
    return out


def sketch(text: str) -> list[_View]:
    """Every view's objects (ids are per view) from the sketch section(s)."""
    if SKETCH_MARK not in text:
        return []
    part = text.split(SKETCH_MARK, 1)[1].split(SKETCH_END, 1)[0]
    lines = part.split("\n")
    views: list[_View] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if line.startswith("*") or line.startswith(SKETCH_MARK[:3]) or not views:
            if line.startswith("*"):
                views.append(_View())
            continue
        view = views[-1]
        if line.startswith("|"):  # legacy word: |id,name,x,y,...; a quoted name may span lines
            if line.count('"') % 2:  # V160 writes `|14,"` NEWLINE `R1` NEWLINE `,450,…`: no closing quote
                head, _, first = line.partition('"')
                words = [first]
                while i < len(lines) and not lines[i].startswith(","):
                    words.append(lines[i])
                    i += 1
                rest = lines[i] if i < len(lines) else ","
                i += 1
                line = head + '"' + " ".join(" ".join(words).split()) + '"' + rest
            f = _csv(line[1:])
            if len(f) < 4:
                continue
            view.objects[f[0]] = _Obj("var", ["10", f[0], f[1], f[2], f[3], "0", "0", "0", "3"])
            view.order.append(f[0])
            continue
        if line.startswith(">"):  # legacy arrow: >from,to,shape,hid,pol,...
            f = _csv(line[1:])
            view.arrows.append(_Obj("arrow", ["1", "", f[0], f[1], f[2], f[3], f[4] if len(f) > 4 else "0"]))
            continue
        f = _csv(line)
        if len(f) < 4 or not f[0].isdigit():
            continue
        if f[0] == "10":
            view.objects[f[1]] = _Obj("var", f)
            view.order.append(f[1])
        elif f[0] == "11":
            view.objects[f[1]] = _Obj("valve", f)
            view.order.append(f[1])
        elif f[0] == "12":
            text_line = ""
            if f[2] == "0" and i < len(lines):  # the comment's text is on the next line
                text_line = lines[i]
                i += 1
            kind = "cloud" if f[2] == "48" else "comment"
            view.objects[f[1]] = _Obj(kind, f, text_line)
            view.order.append(f[1])
        elif f[0] == "1":
            view.arrows.append(_Obj("arrow", f))
    return views


def _number(value: str) -> float | None:
    try:
        return float(value)
    except ValueError:
        return None


def _int(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        return 0


def parse(files: list[tuple[str, bytes]], report: ImportReport) -> SystemSnapshot:
    name, data = single_file(files, "a Vensim model")
    if not data.strip():
        raise FormatError("the file is empty", name)
    text = decode(name, data)
    eqs = equations(text)
    views = sketch(text)
    if not views:
        raise FormatError(
            "no sketch section (\\\\\\---/// Sketch information); only drawn models can be imported", name
        )
    b = MapBuilder(report, name)
    resolved: list[dict[str, str]] = []  # per view: object id → factor key
    for v, view in enumerate(views, start=1):
        ids: dict[str, str] = {}
        pending_valve: str | None = None
        for oid in view.order:
            obj = view.objects[oid]
            if obj.kind == "valve":
                pending_valve = oid
                continue
            if obj.kind == "comment":
                label = " ".join(obj.text.split()) or display_name(obj.fields[2])
                if _LOOP_LABEL.match(label) and len(label) < 60:
                    report.warn("annotated_loop", f"the model marks a loop {label!r} on view {v}", file=name)
                continue
            if obj.kind != "var":
                continue
            raw = obj.fields[2]
            shown = display_name(raw)
            key = name_key(raw)
            if key not in eqs and _LOOP_LABEL.match(shown) and len(shown) <= 3:
                report.warn("annotated_loop", f"the model marks a loop {shown!r} on view {v}", file=name)
                continue
            if not shown:
                continue
            shape = _int(obj.fields[7]) if len(obj.fields) > 7 else 0
            if pending_valve and shape & 32:
                ids[pending_valve] = key
            pending_valve = None
            eq = eqs.get(key)
            props: dict[str, str | int | float | bool | list[str]] = {}
            if eq:
                props.update({k: v for k, v in (("equation", eq.equation), ("units", eq.units)) if v})
            if shape & 3 == 3 and not shape & 32 or (eq and "INTEG" in eq.equation.upper()):
                props["kind"] = "stock"
            elif shape & 32:
                props["kind"] = "flow"
            ids[oid] = key
            b.factor(
                key,
                shown,
                description=eq.comment if eq else "",
                x=_number(obj.fields[3]),
                y=_number(obj.fields[4]),
                properties=props,
                where=f"view {v}, object {oid}",
            )
        resolved.append(ids)
    odd: dict[int, int] = {}
    for view, ids in zip(views, resolved, strict=True):
        for arrow in view.arrows:
            f = arrow.fields
            src, dst = f[2], f[3]
            where = f"arrow {f[1]}" if f[1] else f"arrow {src}→{dst}"
            src_obj = view.objects.get(src)
            thickness = _int(f[7]) if len(f) > 7 else 0
            if src_obj and src_obj.kind == "valve" and thickness >= 20:  # a pipe: the flow itself
                if dst not in ids or src not in ids:
                    continue  # into or out of a cloud
                sign = -1 if _int(f[4]) == 100 else 1
                b.link(ids[src], ids[dst], sign, properties={"kind": "flow"}, where=where)
                continue
            if src not in ids or dst not in ids:
                continue  # to or from a comment, cloud or loop label
            code = _int(f[6]) if len(f) > 6 else 0
            polarity = _POLARITY.get(code)
            if polarity is None and code:
                odd[code] = odd.get(code, 0) + 1
            b.link(ids[src], ids[dst], polarity, where=where)
    for code, count in sorted(odd.items()):
        shown = chr(code) if 32 < code < 127 else f"code {code}"
        report.warn(
            "unknown_polarity",
            f"{count} arrow(s) show {shown!r} at their head, which is a label, not a sign: unknown polarity",
            file=name,
        )
    return b.snapshot()

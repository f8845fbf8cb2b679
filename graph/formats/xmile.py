"""XMILE (Stella Architect, iThink, the OASIS standard and its pre-standard drafts): ``.stmx``,
``.itmx``, ``.xmile``. Read only.

What becomes what:

- every ``stock``, ``flow`` and ``aux`` (and ``gf``) in ``<variables>`` → a factor; its kind is the
  ``kind`` property, ``<doc>`` the description, ``<eqn>`` and ``<units>`` the ``equation``/``units``
  properties; x/y come from the variable's element in the first view that draws it;
- every view ``<connector>`` → a link, signed by its ``polarity`` attribute (``+``/``-``; absent or
  anything else → unknown polarity);
- a stock's ``<inflow>f</inflow>`` → link f → stock with polarity +, ``<outflow>`` → f → stock
  with polarity − (a flow drains the stock it leaves);
- view ``<alias>``/ghost elements (``<alias uid><of>name</of></alias>``) resolve to the variable
  they show; connectors name them as ``<from><alias uid="…"/></from>`` (unit aliases inside
  ``<units>`` are not ghosts);
- modules are flattened: a sub-model's variables are named ``module.variable``; an ``access="input"``
  variable bound by ``<connect to="m.x" from="y"/>`` is the same factor as ``y``; connectors drawn
  to or from the module box itself are replaced by those bindings (reported);
- names are compared as Stella does — case-insensitive, ``_`` = space, ``\\n`` and line breaks =
  space, surrounding quotes dropped — and shown with spaces;
- loop indicators the modeller placed on a view (``isee:loop_indicator`` with a position) are kept
  as ``annotated_loop`` notes in the import report.

Elements of the same names inside ``<style>`` (default looks) are ignored. Namespaces are ignored
(OASIS ``…/xmile/ns/XMILE/v1.0``, ``http://www.systemdynamics.org/XMILE``, ``isee:``).
"""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element

from graph.formats.mapbuild import MapBuilder, sign_word
from graph.formats.report import ImportReport
from graph.formats.safety import local, parse_xml
from graph.formats.tables import FormatError, single_file
from graph.systems.snapshot import SystemSnapshot

SUFFIXES = (".stmx", ".itmx", ".xmile", ".xml")
VARIABLE_KINDS = ("stock", "flow", "aux", "gf")


def detect(files: list[tuple[str, bytes]]) -> bool:
    """One file whose root element is ``<xmile>`` (any namespace)."""
    if len(files) != 1:
        return False
    head = files[0][1][:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    return bool(re.search(rb"<(\w+:)?xmile[\s>]", head))


def display_name(raw: str) -> str:
    """A variable's name as Stella shows it: ``size_of_one\\ntime`` → ``size of one time``."""
    text = raw.replace("\\n", " ").replace("_", " ")
    text = " ".join(text.split())
    if len(text) >= 2 and text[0] == text[-1] == '"':
        text = " ".join(text[1:-1].split())
    return text


def name_key(raw: str) -> str:
    """How XMILE compares names: case-insensitive, ``_``/``\\n``/spaces alike, quotes dropped."""
    return display_name(raw).casefold()


def _text(el: Element | None) -> str:
    return "".join(el.itertext()).strip() if el is not None else ""


def _child(el: Element, name: str) -> Element | None:
    return next((c for c in el if local(c.tag) == name), None)


def _children(el: Element, name: str) -> list[Element]:
    return [c for c in el if local(c.tag) == name]


def _float(value: str | None) -> float | None:
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


class _Model:
    """One ``<model>`` read into plain dicts: variables by key, view positions, connectors, modules."""

    def __init__(self, el: Element) -> None:
        self.el = el
        self.variables: dict[str, tuple[str, Element]] = {}  # key → (kind, element)
        self.modules: dict[str, Element] = {}
        variables = _child(el, "variables")
        for v in list(variables) if variables is not None else []:
            kind = local(v.tag)
            if kind in VARIABLE_KINDS and v.get("name"):
                self.variables[name_key(v.get("name", ""))] = (kind, v)
            elif kind == "module" and v.get("name"):
                self.modules[name_key(v.get("name", ""))] = v
        self.views = [v for views in _children(el, "views") for v in _children(views, "view")]


def parse(files: list[tuple[str, bytes]], report: ImportReport) -> SystemSnapshot:
    name, data = single_file(files, "an XMILE model")
    root = parse_xml(name, data)
    if local(root.tag) != "xmile":
        raise FormatError(f"the root element is <{local(root.tag)}>, not <xmile>", name)
    models = [_Model(m) for m in _children(root, "model")]
    if not models:
        raise FormatError("no <model> element", name)
    by_name = {name_key(m.el.get("name", "")): m for m in models if m.el.get("name")}
    main = next((m for m in models if not m.el.get("name")), models[0])
    builder = MapBuilder(report, name)
    flat = _Flattener(builder, by_name, name)
    placed = flat.bind(main, "")
    for model, prefix in placed:
        flat.variables(model, prefix)
    for model, prefix in placed:
        flat.stock_flows(model, prefix)
        flat.view_links(model, prefix)
    header = _child(root, "header")
    title = _text(_child(header, "name")) if header is not None else ""
    return builder.snapshot(title, title)


class _Flattener:
    def __init__(self, builder: MapBuilder, models: dict[str, _Model], file: str) -> None:
        self.b, self.models, self.file = builder, models, file
        self.bound: dict[str, str] = {}  # qualified key of an input → factor key it is bound to

    def key(self, prefix: str, raw: str) -> str:
        """The factor key of a name as written inside the module at ``prefix``."""
        raw = raw.strip()
        if raw.startswith("."):  # ".area": the parent's variable (XMILE's root-relative form)
            raw = raw[1:]
        qualified = f"{prefix}{name_key(raw)}"
        seen: set[str] = set()
        while qualified in self.bound and qualified not in seen:
            seen.add(qualified)
            qualified = self.bound[qualified]
        return qualified

    def bind(self, model: _Model, prefix: str, depth: int = 0) -> list[tuple[_Model, str]]:
        """Record every module binding, depth first; the models with their name prefixes."""
        if depth > 8:
            raise FormatError("modules nest more than 8 deep (or include themselves)", self.file)
        for module in model.modules.values():
            for connect in _children(module, "connect"):
                to, frm = connect.get("to", ""), connect.get("from", "")
                if to and frm:
                    self.bound[f"{prefix}{self._dotted(to)}"] = self._resolve_from(prefix, frm)
        placed = [(model, prefix)]
        for module_key in model.modules:
            sub = self.models.get(module_key)
            if sub is None:
                self.b.report.warn(
                    "dropped_field",
                    f"module {module_key!r} has no <model> in the file; its contents are left out",
                    file=self.file,
                )
                continue
            placed += self.bind(sub, f"{prefix}{module_key}.", depth + 1)
        return placed

    def _dotted(self, path: str) -> str:
        parts = path.lstrip(".").split(".")
        return ".".join(name_key(p) for p in parts)

    def _resolve_from(self, prefix: str, frm: str) -> str:
        return f"{prefix}{self._dotted(frm)}"

    def variables(self, model: _Model, prefix: str) -> None:
        positions: dict[str, tuple[float | None, float | None]] = {}
        for view in model.views:
            for el in view:
                if local(el.tag) in VARIABLE_KINDS and el.get("name") and el.get("x") is not None:
                    positions.setdefault(
                        name_key(el.get("name", "")), (_float(el.get("x")), _float(el.get("y")))
                    )
        module_label = display_name(prefix.rstrip(".")) if prefix else ""
        for key, (kind, el) in model.variables.items():
            full = f"{prefix}{key}"
            if full in self.bound:
                continue  # an input bound to a variable elsewhere: that factor stands for it
            shown = display_name(el.get("name", ""))
            props: dict[str, str | int | float | bool | list[str]] = {"kind": kind}
            for field, tag in (("equation", "eqn"), ("units", "units")):
                if _text(_child(el, tag)):
                    props[field] = _text(_child(el, tag))
            if module_label:
                props["module"] = module_label
            x, y = positions.get(key, (None, None))
            self.b.factor(
                full,
                f"{module_label}.{shown}" if module_label else shown,
                description=_text(_child(el, "doc")),
                x=x,
                y=y,
                properties=props,
            )

    def stock_flows(self, model: _Model, prefix: str) -> None:
        for key, (kind, el) in model.variables.items():
            if kind != "stock":
                continue
            for tag, sign in (("inflow", 1), ("outflow", -1)):
                for flow in _children(el, tag):
                    self.b.link(
                        self.key(prefix, _text(flow)),
                        self.key(prefix, key),
                        sign,
                        properties={"kind": "flow"},
                        where=f"stock {el.get('name')!r} <{tag}>",
                    )

    def view_links(self, model: _Model, prefix: str) -> None:
        for view in model.views:
            aliases = {}
            for el in view:
                if local(el.tag) == "alias" and el.get("uid") is not None:
                    aliases[el.get("uid")] = _text(_child(el, "of"))
            for el in view:
                tag = local(el.tag)
                if tag == "loop_indicator" and el.get("x") is not None:
                    label = _text(el) or el.get("text") or "loop"
                    self.b.report.warn(
                        "annotated_loop",
                        f"the model marks a loop {label!r} at "
                        f"({el.get('x')}, {el.get('y')}); computed loops are listed by the analysis",
                        file=self.file,
                        column=f"view {view.get('name') or ''}".strip(),
                    )
                if tag != "connector":
                    continue
                ends = []
                for side in ("from", "to"):
                    end = _child(el, side)
                    alias = _child(end, "alias") if end is not None else None
                    raw = aliases.get(alias.get("uid"), "") if alias is not None else _text(end)
                    ends.append(raw)
                where = f"connector uid {el.get('uid')}"
                if not all(ends):
                    self.b.report.warn(
                        "dropped_link",
                        f"{where}: an end is missing or names an unknown ghost",
                        file=self.file,
                    )
                    continue
                source, target = (self.key(prefix, e) for e in ends)
                if name_key(ends[0]) in model.modules or name_key(ends[1]) in model.modules:
                    self.b.report.warn(
                        "module_link",
                        f"{where}: {ends[0]!r} → {ends[1]!r} is drawn to a module; "
                        "the module's <connect> bindings stand for it",
                        file=self.file,
                    )
                    continue
                polarity = el.get("polarity")
                self.b.link(
                    source, target, sign_word(polarity), where=where, properties={"kind": "connector"}
                )

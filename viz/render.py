"""One self-contained HTML file per map: our template, vis-network inlined, all data escaped.

- vis-network (JS and CSS) is the copy pyvis ships inside its package, inlined; its licence header
  stays at the top of the script. No CDN, no font, no image from any other host: the page makes no
  request at all once loaded (the CSS's images are ``data:`` URLs).
- Node and edge data travel as JSON inside ``<script type="application/json">`` with ``<``, ``>``,
  ``&`` and U+2028/2029 escaped, so no database text can close the script or start markup; the
  page's own script builds tooltips, search results and the side panel with ``textContent``.
- The HTML carries its own Content-Security-Policy (``<meta>``): the two inline scripts are allowed
  by their SHA-256 hashes, everything else from anywhere is refused — even a saved file opened
  from disk cannot reach the network. The routes send the same policy as a header.

>>> safe_json({"name": "</script><b>&"})
'{"name":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal

import pyvis
from jinja2 import Environment, FileSystemLoader, select_autoescape
from pyvis.network import Network

VIS_VERSION = "9.1.2"
VIS_DIR = Path(pyvis.__file__).resolve().parent / "lib" / f"vis-{VIS_VERSION}"
TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"

# Above this many nodes the server's positions are final: no physics in the browser.
BIG_MAP = 300
# Physics steps the browser runs (before the first drawing) to settle the server's force layout.
STABILISATION_STEPS = 80

_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
_JSON_ESCAPES = {
    "<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029",
}
_JSON_UNSAFE = re.compile("[<>&\u2028\u2029]")


def safe_json(value: Any) -> str:
    """JSON that can sit inside ``<script>``: ``</script>``, ``<!--`` and the JS line separators
    cannot appear in it (JSON.parse turns the escapes back into the same characters)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return _JSON_UNSAFE.sub(lambda m: _JSON_ESCAPES[m.group()], text)


@dataclass(frozen=True)
class LegendEntry:
    """One line of the legend: a node swatch (a dot) or a link swatch (a line, maybe dashed)."""

    label: str
    color: str
    kind: Literal["node", "edge"] = "node"
    dashed: bool = False
    dotted: bool = False

    def __post_init__(self) -> None:
        # colours come from our palettes, but the legend puts them in a style attribute: check
        if not _COLOUR.match(self.color):
            raise ValueError(f"legend colour must be #rrggbb, not {self.color!r}")


@dataclass
class MapSpec:
    """What the template draws.

    ``nodes``/``edges`` are vis-network items (``id``, ``label``, ``color``, ``x``/``y`` …) plus
    ``info``: ``[[field, value], …]`` shown as the tooltip, and for nodes optionally ``panel``:
    ``{"heading": str, "rows": [[field, value], …]}`` shown in the side panel on click. Never put
    ``title`` here: the page builds it from ``info`` as DOM text.
    """

    kind: str
    title: str
    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]]
    legend: list[LegendEntry]
    options: dict[str, Any]
    notes: list[str] = field(default_factory=list)
    # Rows ``{"label", "y", "from", "to"}`` or columns ``{"label", "x", "from", "to"}`` drawn behind
    # the graph (the scales of a stack, the levels of a trophic layout).
    bands: list[dict[str, Any]] = field(default_factory=list)

    def data(self) -> dict[str, Any]:
        return {"kind": self.kind, "nodes": self.nodes, "edges": self.edges, "options": self.options,
                "bands": self.bands}


@dataclass(frozen=True)
class Vendor:
    js: str
    css: str
    licence: str


@cache
def vendor() -> Vendor:
    """vis-network from pyvis's package, without the source-map comment (the map file is not
    shipped, and devtools would try to fetch it)."""
    js = (VIS_DIR / "vis-network.min.js").read_text(encoding="utf-8")
    js = re.sub(r"\n?//# sourceMappingURL=\S+\s*$", "", js)
    css = (VIS_DIR / "vis-network.css").read_text(encoding="utf-8")
    css = re.sub(r"/\*# sourceMappingURL=\S+ \*/", "", css)
    header = re.match(r"/\*\*.*?\*/", js, re.DOTALL)
    return Vendor(js=js, css=css, licence=header.group() if header else "")


@cache
def page_script() -> str:
    return (TEMPLATE_DIR / "map.js").read_text(encoding="utf-8")


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


@cache
def content_security_policy() -> str:
    """The policy of every map: nothing from any host; only our two inline scripts run.

    ``img-src data:`` is for the images vis-network's CSS embeds; ``style-src 'unsafe-inline'``
    for the inline stylesheet and the style attributes vis-network sets.
    """
    scripts = " ".join((_sha256(vendor().js), _sha256(page_script())))
    return (
        f"default-src 'none'; script-src {scripts}; style-src 'unsafe-inline'; img-src data:; "
        "base-uri 'none'; form-action 'none'"
    )


@cache
def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(TEMPLATE_DIR), autoescape=select_autoescape(["html"]),
        trim_blocks=True, lstrip_blocks=True,
    )


def render(spec: MapSpec) -> str:
    """The whole page as one string."""
    vis = vendor()
    return _environment().get_template("map.html").render(
        spec=spec, data_json=safe_json(spec.data()), vis_js=vis.js, vis_css=vis.css,
        page_js=page_script(), csp=content_security_policy(), vis_version=VIS_VERSION,
    )


def vis_options(*, node_count: int, physics: bool = False) -> dict[str, Any]:
    """vis-network options, built with pyvis's options model. Nodes always come with x/y.

    ``physics``: let forceAtlas2 settle the given positions for a bounded number of iterations
    before the first drawing (the page then turns physics off, so the map stays still); otherwise
    the positions are final and physics is off.
    """
    net = Network(directed=True)
    if physics:
        net.force_atlas_2based(gravity=-60, spring_length=120, damping=0.6, overlap=0.2)
    else:
        net.toggle_physics(False)
    big = node_count > BIG_MAP
    # Continuous curves need no physics support node per link (dynamic ones do); none on big maps.
    net.set_edge_smooth("continuous")
    options = json.loads(net.options.to_json())
    options["edges"]["smooth"]["enabled"] = not big
    options["edges"]["color"] = {"inherit": False}
    options["edges"]["width"] = 1.5
    options["edges"]["arrows"] = {"to": {"enabled": True, "scaleFactor": 0.6}}
    options["edges"]["font"] = {"size": 13, "align": "middle", "strokeWidth": 3}
    options["nodes"] = {"shape": "dot", "size": 12, "font": {"size": 14, "face": "sans-serif"},
                        "borderWidth": 1}
    options["physics"]["stabilization"] = {"enabled": physics, "iterations": STABILISATION_STEPS,
                                           "fit": True, "updateInterval": 50}
    options["interaction"].update({"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": big,
                                   "multiselect": True, "navigationButtons": False,
                                   "keyboard": {"enabled": True, "bindToWindow": False}})
    options["layout"] = {"improvedLayout": False, "randomSeed": 7}
    return options

"""The map pages as HTML (no browser): one self-contained file, every database text escaped, the
Content-Security-Policy, refusals, layouts, highlights, and the sensitivity rule on the answers.
Counts are worked out by hand from tests/questions_world.py and tests/maps_data.py."""

from __future__ import annotations

import base64
import hashlib
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from graph.core.db import Graph
from graph.core.settings import Settings
from graph.learning.cycles import create_cycle, update_element
from graph.learning.links import link_feeds_into
from graph.systems.snapshot import SnapshotFactor, SnapshotLink, SystemSnapshot
from graph.systems.system import save_system
from tests.maps_data import CLUSTER, IMG, SCRIPT, SEPARATOR, fresh_maps_world, inline_scripts, node, page_data
from tests.questions_world import RESTRICTED
from viz.render import VIS_DIR, content_security_policy, vendor

# The only URLs in a page are strings inside vis-network's own code (its licence header, core-js's
# and uuid's metadata, the SVG namespace), whichever pyvis release bundles it: that none of them is
# ever requested is checked in Chromium (tests/test_maps_browser.py), not by listing today's.
URL = re.compile(r"https?://[^\s\"'<>),]+")


@pytest.fixture(scope="module")
def world(graph: Graph) -> Graph:
    """The question tests' world, the hostile system and a printed one, in one database."""
    return fresh_maps_world(graph)


def get_html(client: TestClient, path: str, **params: object) -> str:
    response = client.get(path, params=params)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    return response.text


class Tags(HTMLParser):
    """Every start tag with its attributes (script and style contents are not parsed as tags)."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def tags(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = Tags()
    parser.feed(html)
    return parser.tags


# --- one self-contained file ---------------------------------------------------------------------

def test_page_loads_nothing_from_anywhere(world: Graph, session_client: TestClient) -> None:
    html = get_html(session_client, "/maps/systems/xss")
    found = tags(html)
    # no element that fetches: no src/href/srcset/action, no <link>, <img>, <iframe>, <object>
    assert [t for t, a in found if {"src", "href", "srcset", "action", "data"} & set(a)] == []
    assert {t for t, _ in found} & {"link", "img", "iframe", "object", "embed", "base", "form"} == set()
    # exactly three scripts: the JSON data (not executed), vis-network, the page's own
    assert [a.get("type") for t, a in found if t == "script"] == ["application/json", None, None]
    assert html.count("</script>") == 3
    # no URL at all outside vis-network's code; inside it only strings that are never fetched
    assert vendor().js in html
    assert URL.findall(html.replace(vendor().js, "")) == []
    assert vendor().js in (VIS_DIR / "vis-network.min.js").read_text(encoding="utf-8")  # nothing added
    assert "sourceMappingURL" not in html
    # the stylesheet's only url() are data: images; no @import
    assert re.findall(r"url\((?!\"?data:)", html) == []
    assert "@import" not in html
    # vis-network's licence notice travels with the code
    assert vendor().licence.startswith("/**") and vendor().licence in html


def test_database_text_is_escaped_everywhere(world: Graph, session_client: TestClient) -> None:
    html = get_html(session_client, "/maps/systems/xss")
    for raw in (IMG, SCRIPT, "<b>Bold", "<svg onload", "<script>alert('outcome')", "<i>map", "<!-- not"):
        assert raw not in html
    assert "\u2028" not in html
    # markup the template writes itself is escaped by Jinja
    assert "<h1 id=\"hls-title\">Hostile &lt;i&gt;map&lt;/i&gt;</h1>" in html
    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; co" in html            # the legend's cluster
    assert "outcome: &lt;script&gt;alert(&#39;outcome&#39;)&lt;/script&gt;" in html
    # the JSON block holds the exact names, with no character that could end the script
    block = re.search(r'id="hls-data">(.*?)</script>', html, re.DOTALL).group(1)
    assert re.search(r"[<>&\u2028\u2029]", block) is None
    data = page_data(html)
    assert [node(data, f)["label"] for f in ("xss:a", "xss:b", "xss:c")] == [IMG, SCRIPT, SEPARATOR]
    assert ["description", "<svg onload=alert(2)>"] in node(data, "xss:a")["info"]
    assert ["cluster", CLUSTER] in node(data, "xss:a")["info"]
    # nothing arrives as a title string that vis-network would render as HTML
    assert all("title" not in item for item in data["nodes"] + data["edges"])


def test_csp_header_allows_only_the_pages_own_scripts(world: Graph, session_client: TestClient) -> None:
    response = session_client.get("/maps/systems/xss")
    policy = response.headers["content-security-policy"]
    assert policy == content_security_policy()
    html = response.text
    metas = [a["content"] for t, a in tags(html) if t == "meta" and a.get("http-equiv")]
    assert metas == [policy]   # the same policy travels inside the page (saved files keep it)
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["default-src"] == "'none'"
    assert directives["img-src"] == "data:"
    assert directives["style-src"] == "'unsafe-inline'"
    hashes = sorted(
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'"
        for s in inline_scripts(html)
    )
    assert len(hashes) == 2 and sorted(directives["script-src"].split()) == hashes
    assert "http" not in policy and "unsafe-eval" not in policy and "frame-ancestors" not in policy
    assert "x-frame-options" not in response.headers       # embeddable anywhere
    assert response.headers["x-content-type-options"] == "nosniff"


# --- refusals --------------------------------------------------------------------------------------

@pytest.mark.parametrize(("path", "kind", "missing"), [
    ("/maps/systems/nope", "outcome system", "nope"),
    ("/maps/cycles/nope/stack", "cycle", "nope"),
    ("/maps/cycles/nope/learn-from-below", "cycle", "nope"),
    ("/maps/cycles/nope/enable-below", "cycle", "nope"),
    ("/maps/cycles/nope/factors", "learning cycle", "nope"),
    ("/maps/cycles/t2/learn-from-below?viewer_cycle=ghost", "cycle", "ghost"),
    ("/maps/systems/xss?focus=ghost", "factor", "ghost"),
])
def test_unknown_ids_answer_json_404(
    world: Graph, session_client: TestClient, path: str, kind: str, missing: str,
) -> None:
    response = session_client.get(path)
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert (body["error"], body["kind"], body["id"]) == ("not_found", kind, missing)


@pytest.mark.parametrize(("params", "rule"), [
    ({"loop": "xss:a,xss:c"}, "not_a_loop"),                 # there is no link a → c
    ({"loop": "xss:a,xss:b", "focus": "xss:c"}, "one_highlight"),
    ({"layout": "printed"}, "layout_unavailable"),          # xss:c has no printed position
    ({"from": "xss:a"}, "paths_need_both_ends"),
    ({"from": "xss:a", "to": "xss:a"}, "same_factor"),
    ({"loop_through": "xss:c", "max_length": 1}, "no_loop"),
])
def test_impossible_highlights_answer_422(
    world: Graph, session_client: TestClient, params: dict[str, object], rule: str,
) -> None:
    response = session_client.get("/maps/systems/xss", params=params)
    assert response.status_code == 422
    assert response.json()["rule"] == rule


def test_bad_parameters_are_refused_by_validation(world: Graph, session_client: TestClient) -> None:
    assert session_client.get("/maps/systems/xss?layout=spiral").status_code == 422
    assert session_client.get("/maps/systems/xss?steps=0").status_code == 422
    assert session_client.get("/maps/cycles/t2/learn-from-below?depth=0").status_code == 422


# --- layouts and highlights ------------------------------------------------------------------------

def test_printed_layout_uses_the_maps_own_positions(world: Graph, session_client: TestClient) -> None:
    data = page_data(get_html(session_client, "/maps/systems/printed"))   # auto: all have x/y
    # x = 100·i, y = 50·i for i = 1..4, centred on their means (250, 125)
    assert sorted((n["id"], n["x"], n["y"]) for n in data["nodes"]) == [
        ("printed:p1", -150.0, -75.0), ("printed:p2", -50.0, -25.0),
        ("printed:p3", 50.0, 25.0), ("printed:p4", 150.0, 75.0),
    ]
    assert data["options"]["physics"]["enabled"] is False


def test_trophic_layout_puts_causes_left_of_effects(graph: Graph, session_client: TestClient) -> None:
    save_system(graph, SystemSnapshot(
        id="chain", name="Chain", outcome="t",
        factors=[SnapshotFactor(str(i), f"F{i}") for i in (1, 2, 3)],
        links=[SnapshotLink("1", "2", 1), SnapshotLink("2", "3", -1), SnapshotLink("1", "3", 1)],
    ), replace=True)
    data = page_data(get_html(session_client, "/maps/systems/chain", layout="trophic"))
    # Levine levels 1, 2, 2.5 → x = (level − 1) × 220
    assert sorted((n["id"], n["x"]) for n in data["nodes"]) == [
        ("chain:1", 0.0), ("chain:2", 220.0), ("chain:3", 330.0)]
    assert [b["label"] for b in data["bands"]] == ["level 1", "level 2"]
    assert data["options"]["physics"]["enabled"] is False


def lit(data: dict) -> tuple[list[str], list[str]]:
    """Highlighted node ids and edge ids."""
    return (sorted(n["id"] for n in data["nodes"] if n.get("borderWidth") == 4),
            sorted(e["id"] for e in data["edges"] if e.get("width") == 4))


def test_loop_highlights(world: Graph, session_client: TestClient) -> None:
    html = get_html(session_client, "/maps/systems/xss", loop_through="xss:c")
    # the one loop through c: c → a → b → c, links +, +, − → balancing
    assert lit(page_data(html)) == (
        ["xss:a", "xss:b", "xss:c"], ["xss:a->xss:b", "xss:b->xss:c", "xss:c->xss:a"])
    assert "Highlighted: balancing loop of 3" in html
    data = page_data(get_html(session_client, "/maps/systems/xss", loop="a,b"))   # local ids work too
    assert lit(data) == (["xss:a", "xss:b"], ["xss:a->xss:b", "xss:b->xss:a"])


def test_upstream_downstream_and_path_highlights(world: Graph, session_client: TestClient) -> None:
    data = page_data(get_html(session_client, "/maps/systems/xss", focus="xss:c", direction="upstream",
                              steps=1))
    assert lit(data) == (["xss:b", "xss:c"], ["xss:b->xss:c"])
    data = page_data(get_html(session_client, "/maps/systems/xss", focus="xss:c", steps=1))  # both ways
    assert lit(data) == (["xss:a", "xss:b", "xss:c"], ["xss:b->xss:c", "xss:c->xss:a"])
    data = page_data(get_html(session_client, "/maps/systems/xss", **{"from": "xss:a", "to": "xss:c"}))
    assert lit(data) == (["xss:a", "xss:b", "xss:c"], ["xss:a->xss:b", "xss:b->xss:c"])


def test_links_are_signed_and_delays_dashed(world: Graph, session_client: TestClient) -> None:
    """Polarity by line style as well as colour (issue 16): negative links dashed, delays dotted."""
    data = page_data(get_html(session_client, "/maps/systems/xss"))
    assert sorted((e["id"], e["label"], e.get("dashes", False)) for e in data["edges"]) == [
        ("xss:a->xss:b", "+ ‖", [2, 5]), ("xss:b->xss:a", "−", [10, 6]),
        ("xss:b->xss:c", "−", [10, 6]), ("xss:c->xss:a", "+", False),
    ]
    assert len(data["nodes"]) == 3


# --- the learning stack and the two questions (world: tests/questions_world.py) --------------------

def test_stack_map_rows_by_scale(world: Graph, session_client: TestClient) -> None:
    data = page_data(get_html(session_client, "/maps/cycles/o/stack"))
    y = {n["id"]: n["y"] for n in data["nodes"]}
    assert sorted(y) == ["o", "o2", "p1", "p2", "p3", "pl", "r", "t1", "t2"]
    assert y["r"] < y["pl"] < y["o"] == y["o2"] < y["t1"] == y["t2"] < y["p1"] == y["p2"] == y["p3"]
    feeds = sorted(e["id"] for e in data["edges"] if e["id"].startswith("feeds:"))
    assert feeds == ["feeds:o->pl", "feeds:o2->pl", "feeds:p1->t1", "feeds:p1->t2", "feeds:p2->t2",
                     "feeds:p3->t1", "feeds:pl->r", "feeds:t1->o", "feeds:t2->o"]
    assert [e["id"] for e in data["edges"] if e["id"].startswith("peer:")] == ["peer:o2-o"]
    assert [b["label"] for b in data["bands"]] == [
        "Region/Country", "Place", "Organisation", "Team", "Person/Practitioner"]


def test_stack_panel_lists_the_five_elements(world: Graph, session_client: TestClient) -> None:
    create_cycle(world, {"id": "team-a", "name": "Team A", "scale": "team"})
    create_cycle(world, {"id": "org-a", "name": "Org A", "scale": "organisation"})
    link_feeds_into(world, "team-a", "org-a")
    update_element(world, "team-a", "co_design", {"status": "active", "notes": "<script>x</script>"})
    html = get_html(session_client, "/maps/cycles/team-a/stack")
    assert "<script>x" not in html
    panel = node(page_data(html), "team-a")["panel"]
    assert panel["heading"] == "Team A"
    assert panel["rows"][-5:] == [
        ["understand system", "not_started"], ["co design", "active — <script>x</script>"],
        ["experiment", "not_started"], ["embed influence", "not_started"], ["stewardship", "not_started"],
    ]


def test_learn_from_below_map_is_the_provenance_subgraph(world: Graph, session_client: TestClient) -> None:
    # As an anonymous caller (issue 13: the test client is an admin, who may read everything).
    data = page_data(session_client.get("/maps/cycles/t2/learn-from-below", headers={
        "accept": "text/html", "Authorization": ""}).text)
    # below t2: p1, p2; their evidence p1:e1, p1:e2 (personal), p2:e1 → patterns A and D
    assert sorted(n["id"] for n in data["nodes"]) == [
        "cycle:p1", "cycle:p2", "cycle:t2", "evidence:p1:e1", "evidence:p1:e2", "evidence:p2:e1",
        "experiment:p1:x1", "experiment:p2:x1", "pattern:A", "pattern:D"]
    assert sorted(e["id"] for e in data["edges"]) == sorted([
        "pattern:A->cycle:t2", "pattern:D->cycle:t2",
        "cycle:p1->experiment:p1:x1", "cycle:p2->experiment:p2:x1",
        "experiment:p1:x1->evidence:p1:e1", "experiment:p1:x1->evidence:p1:e2",
        "experiment:p2:x1->evidence:p2:e1",
        "evidence:p1:e1->pattern:A", "evidence:p1:e2->pattern:A", "evidence:p2:e1->pattern:A",
        "evidence:p2:e1->pattern:D"])
    assert node(data, "evidence:p1:e2")["label"] == "restricted narrative"


@pytest.mark.parametrize(("cycle", "viewer", "shown"), [
    ("t2", None, []),
    ("t2", "p1", RESTRICTED["p1"]),
    ("t2", "t2", []),                     # t2 did not produce p1's evidence
    ("r", "p3", RESTRICTED["p3"]),
    ("r", None, []),
])
def test_restricted_evidence_reaches_only_its_own_cycle(
    world: Graph, session_client: TestClient, cycle: str, viewer: str | None, shown: list[str],
) -> None:
    params = {"viewer_cycle": viewer} if viewer else {}
    # No viewer cycle: an anonymous caller (issue 13: the test client is an admin).
    anonymous = None if viewer else {"Authorization": ""}
    html = session_client.get(f"/maps/cycles/{cycle}/learn-from-below", params=params,
                              headers={"accept": "text/html", **(anonymous or {})}).text
    secrets = [s for texts in RESTRICTED.values() for s in texts]
    assert [s for s in secrets if s in html] == shown
    # exactly like the JSON answer: the texts on the map are the texts the answer returns
    answer = session_client.get(f"/cycles/{cycle}/learn-from-below", params=params,
                                headers=anonymous).json()
    answered = {c["text"] for p in answer["patterns"] for c in p["provenance"] if c["text"]}
    on_map = {row[1] for n in page_data(html)["nodes"] if n["id"].startswith("evidence:")
              for row in n["info"] if row[0] == "text"}
    assert on_map == answered


def test_enable_below_map(world: Graph, session_client: TestClient) -> None:
    data = page_data(get_html(session_client, "/maps/cycles/t2/enable-below"))
    assert sorted(n["id"] for n in data["nodes"]) == [
        "condition:bar-a", "condition:bar-c", "condition:bar-d", "condition:bar-f", "condition:en-a",
        "condition:en-b", "condition:res-a", "cycle:o", "cycle:o2", "cycle:p1", "cycle:p2", "cycle:pl",
        "cycle:t1", "cycle:t2", "cycle:t3"]
    edges = sorted(e["id"] for e in data["edges"])
    raised = ["cycle:p1->condition:bar-a", "cycle:p1->condition:bar-d", "cycle:p1->condition:res-a",
              "cycle:p2->condition:bar-c", "cycle:p2->condition:en-b", "cycle:pl->condition:bar-f",
              "cycle:t1->condition:en-a"]
    # affected: blocked/supported (directly or through an experiment), or raised by that cycle
    affects = ["condition:bar-a->cycle:p1", "condition:bar-a->cycle:p2", "condition:bar-c->cycle:p2",
               "condition:bar-d->cycle:p1", "condition:bar-f->cycle:p1", "condition:en-a->cycle:p1",
               "condition:en-b->cycle:p2", "condition:res-a->cycle:p1"]
    acts = ["cycle:o->condition:bar-a", "cycle:o2->condition:bar-a", "cycle:pl->condition:bar-a",
            "cycle:t3->condition:bar-a", "cycle:o->condition:en-a", "cycle:o2->condition:en-b",
            "cycle:pl->condition:en-b", "cycle:o->condition:res-a"]
    # t1 both raised en-a and acts on bar-a
    assert edges == sorted(raised + affects + acts + ["cycle:t1->condition:bar-a"])
    unanswered = sorted(n["id"] for n in data["nodes"] if n["label"].startswith("⚠"))
    assert unanswered == ["condition:bar-c", "condition:bar-d", "condition:bar-f"]


# --- the CLI writes the same pages ---------------------------------------------------------------

def test_cli_writes_a_map_file_and_refuses_unknown_ids(
    world: Graph, neo4j_settings: Settings, tmp_path: Path,
) -> None:
    env = {**os.environ, "NEO4J_URI": neo4j_settings.bolt_uri}
    cli = [sys.executable, "-c", "from graph.cli.main import main; main()", "map"]
    out = tmp_path / "stack.html"
    done = subprocess.run([*cli, "stack", "o", "--out", str(out)], env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert f"wrote {out}" in done.stdout
    assert len(page_data(out.read_text(encoding="utf-8"))["nodes"]) == 9
    failed = subprocess.run([*cli, "learn-from-below", "nope", "--out", str(tmp_path / "x.html")], env=env,
                            capture_output=True, text=True, timeout=120)
    assert failed.returncode == 1
    assert "no cycle with id 'nope'" in failed.stderr
    assert not (tmp_path / "x.html").exists()

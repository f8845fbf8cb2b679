"""Every map kind in headless Chromium (Debian's /usr/bin/chromium driven by Playwright), served by
the real app on 127.0.0.1: zero requests to any other host, no console error, the expected numbers
of nodes and edges in vis-network's data sets, the legend, the XSS names shown as text and never
run, a screenshot per map kind, and a saved CLI map opened offline from disk.

Expected counts: Foresight 108 factors and 296 links (its README); the world's maps worked out by
hand (tests/test_maps_html.py, tests/questions_world.py); the demo's from its JSON answers.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient
from playwright.sync_api import Browser, Page

from graph.core.db import Graph
from graph.core.settings import Settings
from graph.notebook.helpers import api_in_background
from graph.systems.snapshot import SnapshotFactor, SnapshotLink, SystemSnapshot
from graph.systems.system import save_system
from tests.browser_support import browser_fixture  # noqa: F401  (the `browser` fixture)
from tests.maps_data import CLUSTER, IMG, SCRIPT, SYSTEM_NAME, fresh_maps_world

pytestmark = pytest.mark.browser

BIG_FACTORS, BIG_LINKS = 2000, 6000


@pytest.fixture(scope="module")
def data(graph: Graph) -> Graph:
    """The demo (with Foresight), the questions' world, the hostile map and a 2,000-factor map."""
    fresh_maps_world(graph, demo=True)
    save_system(graph, big_system())
    return graph


def big_system() -> SystemSnapshot:
    """2,000 factors, 6,000 links: factor i links to i+1, i+7 and i+31 (mod 2,000), alternating signs."""
    factors = [SnapshotFactor(str(i), f"Factor {i}") for i in range(BIG_FACTORS)]
    links = [SnapshotLink(str(i), str((i + step) % BIG_FACTORS), polarity=1 if (i + step) % 2 else -1)
             for i in range(BIG_FACTORS) for step in (1, 7, 31)]
    return SystemSnapshot(id="big", name="Generated 2,000-factor map", outcome="test", factors=factors,
                          links=links)


@pytest.fixture(scope="module")
def server(data: Graph, neo4j_settings: Settings) -> Iterator[str]:
    """The app served by uvicorn in a thread on a free 127.0.0.1 port; yields its base URL."""
    with api_in_background(neo4j_settings) as base:
        yield base


class Watched:
    """A page with every request, console error, page error and dialog recorded."""

    def __init__(self, browser: Browser) -> None:
        self.context = browser.new_context(viewport={"width": 1400, "height": 900})
        self.page: Page = self.context.new_page()
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))

    def open(self, url: str, timeout: float = 30.0) -> float:
        """Load ``url`` and wait for the map's first drawing; seconds from navigation to it."""
        self.page.goto(url)
        deadline = time.monotonic() + timeout
        # Poll from Python: Playwright's wait_for_function evaluates strings, which the page's CSP
        # (no 'unsafe-eval') forbids — as it should.
        while not self.page.evaluate("!!(window.hlsMap && window.hlsMap.ready)"):
            assert time.monotonic() < deadline, f"map never drew; errors: {self.errors}"
            time.sleep(0.05)
        return self.page.evaluate("hlsMap.firstDrawMs") / 1000

    def counts(self) -> tuple[int, int]:
        return tuple(self.page.evaluate("[hlsMap.nodes.length, hlsMap.edges.length]"))

    def hosts(self) -> set[str]:
        return {urlsplit(url).netloc for url in self.requests}

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def watched(browser: Browser) -> Iterator[Watched]:
    page = Watched(browser)
    yield page
    page.close()


def json_of(client: TestClient, path: str) -> dict[str, Any]:
    response = client.get(path)
    assert response.status_code == 200, response.text
    return response.json()


def expected_demo_counts(client: TestClient, kind: str) -> tuple[int, int] | None:
    """Node/edge counts of the demo pages, from the JSON routes (None: checked by pattern count)."""
    if kind == "stack-demo":
        stack = json_of(client, "/cycles/gateshead-council/stack")
        members = 1 + len(stack["above"]) + len(stack["below"]) + len(stack["peers"])
        return members, len(stack["feeds_into"]) + len(stack["peer_of"])
    return None


# name, path, nodes, edges (None: from the demo's JSON answers)
MAPS: list[tuple[str, str, int | None, int | None]] = [
    ("system-printed-foresight", "/maps/systems/foresight-obesity", 108, 296),
    ("system-trophic-loop", "/maps/systems/foresight-obesity?layout=trophic&loop_through=Self%20esteem",
     108, 296),
    ("system-force-path", "/maps/systems/foresight-obesity?layout=force&from=Stress&to=Physical%20activity",
     108, 296),
    ("system-acted-on", "/maps/cycles/hw-team/factors", 108, 296),
    ("stack-world", "/maps/cycles/o/stack", 9, 10),
    ("stack-demo", "/maps/cycles/gateshead-council/stack", None, None),
    ("learn-from-below-world", "/maps/cycles/t2/learn-from-below", 10, 11),
    ("learn-from-below-demo", "/maps/cycles/gateshead-place/learn-from-below?include_peers=true", None, None),
    ("enable-below-world", "/maps/cycles/t2/enable-below", 15, 24),
    ("enable-below-demo", "/maps/cycles/gateshead-place/enable-below", None, None),
    ("system-xss", "/maps/systems/xss", 3, 4),
]


@pytest.mark.parametrize(("name", "path", "nodes", "edges"), MAPS, ids=[m[0] for m in MAPS])
def test_map_renders_offline_clean_and_complete(
    server: str, session_client: TestClient, watched: Watched, output_dir: Path,
    name: str, path: str, nodes: int | None, edges: int | None,
) -> None:
    watched.open(server + path)
    assert watched.hosts() == {urlsplit(server).netloc}          # zero requests to any other host
    assert watched.requests == [server + path]                    # and nothing but the page itself
    assert watched.errors == []
    assert watched.dialogs == []
    if nodes is None:
        expected = expected_demo_counts(session_client, name)
        if expected is not None:
            nodes, edges = expected
    if nodes is not None:
        assert watched.counts() == (nodes, edges)
    else:  # the demo's answers: one node per pattern / condition of the JSON answer
        answer = json_of(session_client, path.replace("/maps", ""))
        if name.startswith("learn"):
            ids = {p["id"] for group in [answer, *answer["peers"]] for p in group["patterns"]}
            prefix = "pattern:"
        else:
            ids = {c["id"] for section in ("barriers", "enablers", "resolved") for c in answer[section]}
            prefix = "condition:"
        on_map = watched.page.evaluate(
            "p => hlsMap.nodes.getIds().filter(id => id.startsWith(p)).length", prefix)
        assert on_map == len(ids) > 0
    legend = watched.page.locator("#hls-legend li")
    assert watched.page.locator("#hls-legend").is_visible()
    assert legend.count() >= 3
    if name == "system-acted-on":
        answer = json_of(session_client, "/cycles/hw-team/factors")
        acted = sorted(f["id"] for system in answer["systems"] if system["id"] == "foresight-obesity"
                       for f in system["factors"])
        lit = watched.page.evaluate("hlsMap.nodes.get({filter: n => n.borderWidth === 4}).map(n => n.id)")
        assert sorted(lit) == acted and len(acted) > 0
    shots = output_dir / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    watched.page.screenshot(path=str(shots / f"{name}.png"))
    assert (shots / f"{name}.png").stat().st_size > 10_000


def dom_position(page: Page, node_id: str) -> tuple[float, float]:
    """Where a node is drawn on the screen."""
    return tuple(page.evaluate(
        """id => {
          const p = hlsMap.network.getPositions([id])[id];
          const d = hlsMap.network.canvasToDOM(p);
          const box = document.querySelector('#hls-network canvas').getBoundingClientRect();
          return [box.left + d.x, box.top + d.y];
        }""", node_id))


def test_xss_names_show_as_text_and_never_run(server: str, watched: Watched) -> None:
    watched.open(server + "/maps/systems/xss")
    page = watched.page
    page.mouse.move(*dom_position(page, "xss:a"))
    tooltip = page.locator("div.vis-tooltip")
    tooltip.wait_for(state="visible", timeout=5000)
    assert IMG in tooltip.inner_text()
    assert "<svg onload=alert(2)>" in tooltip.inner_text()
    assert tooltip.locator("img, svg, script").count() == 0
    for query, name in (("img", IMG), ("pwned", SCRIPT)):
        page.fill("#hls-search", query)
        results = page.locator("#hls-results button")
        assert results.all_inner_texts() == [name]
        assert page.locator("#hls-results img, #hls-results script").count() == 0
    page.locator("#hls-results button").first.click()
    assert page.locator("#hls-panel-heading").inner_text() == SCRIPT
    assert CLUSTER in page.locator("#hls-legend").inner_text()
    assert page.locator("#hls-legend b, #hls-title i").count() == 0
    assert page.locator("#hls-title").inner_text() == SYSTEM_NAME
    page.wait_for_timeout(300)
    assert page.evaluate("typeof window.pwned") == "undefined"
    assert watched.dialogs == [] and watched.errors == []
    assert watched.requests == [server + "/maps/systems/xss"]


def test_clicking_a_cycle_shows_its_five_elements(server: str, watched: Watched) -> None:
    watched.open(server + "/maps/cycles/gateshead-council/stack")
    page = watched.page
    page.mouse.click(*dom_position(page, "gateshead-council"))
    assert page.locator("#hls-panel").is_visible()
    assert page.locator("#hls-panel-heading").inner_text() == "Gateshead Council"
    fields = page.locator("#hls-panel-rows th").all_inner_texts()
    assert fields[-5:] == ["understand system", "co design", "experiment", "embed influence", "stewardship"]


def test_map_embeds_in_an_iframe_of_another_page(server: str, watched: Watched, output_dir: Path) -> None:
    """The README's snippet: a page of another origin embeds a map; no header refuses the frame."""
    url = server + "/maps/cycles/o/stack"
    watched.page.set_content(
        f'<h1>A partner\'s page</h1><iframe src="{url}" width="1000" height="650" title="Learning stack" '
        'style="border:0"></iframe>')
    deadline = time.monotonic() + 30
    frame = None
    while frame is None or not frame.evaluate("!!(window.hlsMap && window.hlsMap.ready)"):
        assert time.monotonic() < deadline, f"the embedded map never drew; errors: {watched.errors}"
        frame = next((f for f in watched.page.frames if f.url == url), None)
        time.sleep(0.05)
    assert frame.evaluate("[hlsMap.nodes.length, hlsMap.edges.length]") == [9, 10]
    assert watched.requests == [url]
    assert watched.errors == []
    watched.page.screenshot(path=str(output_dir / "screenshots" / "embedded-iframe.png"))


def test_big_map_opens_quickly_with_server_positions(
    server: str, watched: Watched, output_dir: Path,
) -> None:
    started = time.monotonic()
    watched.open(server + "/maps/systems/big?layout=force", timeout=60)
    opened = time.monotonic() - started
    assert watched.counts() == (BIG_FACTORS, BIG_LINKS)
    assert watched.page.evaluate("hlsMap.network.physics.options.enabled") is False
    assert watched.errors == [] and watched.hosts() == {urlsplit(server).netloc}
    # a few seconds on a laptop; generous here because the suite shares small CI machines
    assert opened < 20, f"the 2,000-factor map took {opened:.1f} s to draw"
    watched.page.screenshot(path=str(output_dir / "screenshots" / "system-big-2000.png"))


def test_saved_cli_map_opens_offline_from_disk(
    data: Graph, neo4j_settings: Settings, watched: Watched, output_dir: Path,
) -> None:
    out = output_dir / "maps" / "foresight-offline.html"
    env = {**os.environ, "NEO4J_URI": neo4j_settings.bolt_uri}
    done = subprocess.run(
        [sys.executable, "-m", "graph.cli", "map", "system", "foresight-obesity",
         "--out", str(out), "--loop-through", "Self esteem"],
        env=env, capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    blocked: list[str] = []

    def only_files(route: Any) -> None:
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    watched.page.route("**/*", only_files)
    watched.open(out.as_uri())
    assert blocked == []
    assert watched.requests == [out.as_uri()]
    assert watched.errors == []
    assert watched.counts() == (108, 296)
    highlighted = watched.page.locator(".hls-note").all_inner_texts()[-1]
    assert highlighted.startswith("Highlighted: ") and " loop of " in highlighted
    watched.page.screenshot(path=str(output_dir / "screenshots" / "offline-cli-file.png"))

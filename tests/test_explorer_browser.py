"""The explorer in headless Chromium (Debian's /usr/bin/chromium, as tests/test_maps_browser.py):
every page kind loads with no request to any other host (they are refused, and counted) and no
console error; the clicks an analyst makes do what they say, asserted on the page; PNG and SVG
export give non-empty files; axe-core (bundled by axe-playwright-python) finds no serious or
critical violation; screenshots of each page kind at 1440×900 and 390×844 go to
test-output/screenshots/.

The data: the demo (Foresight + the Gateshead stack) and the hostile ``xss`` system.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page

from graph.core.db import Graph
from graph.core.settings import Settings
from graph.notebook.helpers import api_in_background
from tests.browser_support import browser_fixture  # noqa: F401  (the `browser` fixture)
from tests.maps_data import fresh_maps_world

pytestmark = pytest.mark.browser

SIZES = {"desktop": (1440, 900), "phone": (390, 844)}
PAGES = {
    "home": "/",
    "search": "/?q=self-esteem",
    "system": "/explore/systems/foresight-obesity?factor=foresight-obesity%3A71",
    "system-loop": "/explore/systems/foresight-obesity?loop=Self%20esteem,Use%20of%20medicines,"
                   "Side-effects%20of%20drug%20use,Physical%20activity&max_length=4",
    "cycle": "/explore/cycles/ne-region",
    "error": "/explore/systems/nope",
    "docs": "/docs",
    "redoc": "/redoc",
}


@pytest.fixture(scope="module")
def server(graph: Graph, neo4j_settings: Settings) -> Iterator[str]:
    fresh_maps_world(graph, demo=True)
    with api_in_background(neo4j_settings) as base:
        yield base


class Offline:
    """A page whose requests to any host but the app are refused (the network is "cut") and
    recorded, with every console error and page error."""

    def __init__(self, browser: Browser, base: str, size: tuple[int, int] = SIZES["desktop"]) -> None:
        self.base = base
        self.context = browser.new_context(viewport={"width": size[0], "height": size[1]},
                                           accept_downloads=True)
        self.foreign: list[str] = []
        self.errors: list[str] = []
        host = urlsplit(base).netloc
        self.context.route("**/*", lambda route: self._route(route, host))
        self.page: Page = self.context.new_page()
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def _route(self, route, host: str) -> None:  # noqa: ANN001 (playwright's Route)
        url = route.request.url
        if urlsplit(url).netloc in (host, "") or url.startswith(("data:", "blob:", "about:")):
            route.continue_()
        else:
            self.foreign.append(url)
            route.abort()

    def open(self, path: str) -> Page:
        self.page.goto(self.base + path)
        self.wait_ready(path)
        return self.page

    def wait_ready(self, path: str, timeout: float = 60.0) -> None:
        if path.startswith("/docs"):
            self.page.wait_for_selector(".swagger-ui .info .title", timeout=timeout * 1000)
            return
        if path.startswith("/redoc"):
            self.page.wait_for_selector("h1", timeout=timeout * 1000)
            return
        self.poll("!!(window.hlsExplorer && window.hlsExplorer.ready)", timeout)
        if path.startswith("/explore/systems/foresight"):
            self.poll("!!window.hlsExplorer.mapReady", timeout)
            self.poll("!!window.hlsExplorer.loops", timeout)

    def poll(self, expression: str, timeout: float = 60.0) -> None:
        # Polled from Python: wait_for_function would evaluate a string, which the CSP forbids.
        deadline = time.monotonic() + timeout
        while not self.page.evaluate(expression):
            assert time.monotonic() < deadline, f"never true: {expression}; errors: {self.errors}"
            time.sleep(0.05)

    def map_eval(self, expression: str):  # noqa: ANN201
        """Evaluate in the map's frame (the system page embeds /maps/systems/…)."""
        frame = next(f for f in self.page.frames if "/maps/systems/" in f.url)
        return frame.evaluate(expression)

    def query(self) -> dict[str, list[str]]:
        return parse_qs(urlsplit(self.page.url).query)

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def offline(browser: Browser, server: str) -> Iterator[Offline]:
    page = Offline(browser, server)
    yield page
    page.close()


@pytest.mark.parametrize("kind", list(PAGES))
def test_every_page_kind_offline_without_errors(
    browser: Browser, server: str, output_dir: Path, kind: str,
) -> None:
    shots = output_dir / "screenshots"
    shots.mkdir(exist_ok=True)
    for size_name, size in SIZES.items():
        page = Offline(browser, server, size)
        try:
            page.open(PAGES[kind])
            page.page.screenshot(path=str(shots / f"explorer-{kind}-{size_name}.png"))
            assert page.foreign == [], page.foreign
            expected = ["Failed to load resource: the server responded with a status of 404 (Not Found)"] \
                if kind == "error" else []
            assert page.errors == expected
        finally:
            page.close()


def test_search_by_keyboard_opens_the_factor(offline: Offline) -> None:
    page = offline.open("/")
    page.fill("#q", "self-esteem")
    offline.poll("window.hlsExplorer.searched === 'self-esteem'")
    assert page.locator("#results [role=option] .kind").first.text_content() == "factor"
    page.press("#q", "ArrowDown")
    assert page.get_attribute("#q", "aria-activedescendant") == "hit-0"
    assert page.url.endswith("/?q=self-esteem")                    # the search is in the URL
    page.press("#q", "Enter")
    page.wait_for_url("**/explore/systems/foresight-obesity?factor=*")
    offline.wait_ready("/explore/systems/foresight-obesity")
    offline.poll("!!window.hlsExplorer.panel")
    assert page.inner_text("#factor-heading") == "Self esteem"
    assert offline.foreign == [] and offline.errors == []


def test_click_on_a_factor_opens_its_panel(offline: Offline) -> None:
    page = offline.open("/explore/systems/foresight-obesity")
    point = offline.map_eval("""(() => { const n = hlsMap.network;
        n.moveTo({position: n.getPositions(['foresight-obesity:71'])['foresight-obesity:71'], scale: 1});
        const p = n.getPositions(['foresight-obesity:71'])['foresight-obesity:71'];
        const d = n.canvasToDOM(p); const r = document.getElementById('hls-network').getBoundingClientRect();
        return {x: d.x + r.left, y: d.y + r.top}; })()""")
    offline.poll("!window.hlsExplorer.panel")
    box = page.locator("#map").bounding_box()
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    offline.poll("!!window.hlsExplorer.panel")
    assert page.inner_text("#factor-heading") == "Physical activity"
    assert offline.query()["factor"] == ["foresight-obesity:71"]
    body = page.inner_text("#factor-body")
    assert "Upstream (influenced by) — 8" in body and "Gateshead healthy weight team" in body


def test_upstream_button_highlights_and_updates_the_url(offline: Offline) -> None:
    page = offline.open("/explore/systems/foresight-obesity")
    page.fill("#factor-input", "physical activity")
    page.click("#btn-upstream")
    offline.poll("!!window.hlsExplorer.mapReady")
    assert offline.query()["focus"] == ["foresight-obesity:71"]
    assert offline.query()["direction"] == ["upstream"]
    notes = offline.map_eval("document.getElementById('hls-heading').innerText")
    assert "upstream of Physical activity within 2 steps" in notes


def test_loop_panel_click_highlights_the_loop(offline: Offline) -> None:
    page = offline.open("/explore/systems/foresight-obesity")
    assert page.inner_text("#loop-totals").startswith("193 loops of ≤ 6 links: 115 reinforcing, 78 balancing")
    first = page.locator("#loop-table tbody tr").first
    ids = first.get_attribute("data-loop")
    first.locator("button").click()
    offline.poll("!!window.hlsExplorer.mapReady")
    assert offline.query()["loop"] == [ids]
    assert "loop of 2" in offline.map_eval("document.getElementById('hls-heading').innerText")
    # sorted by length: longest first after one press (numbers sort descending first)
    page.click("#loop-table thead th:nth-child(1) button")
    lengths = [int(t) for t in page.locator("#loop-table tbody tr td:first-child").all_inner_texts()]
    assert lengths == sorted(lengths, reverse=True) and lengths[0] == 6


def test_cluster_and_polarity_filters(offline: Offline) -> None:
    page = offline.open("/explore/systems/foresight-obesity")
    page.click('[data-cluster="Engine"]')
    assert offline.query()["cluster"] == ["Engine"]
    hidden = offline.map_eval("hlsMap.nodes.get({filter: n => !n.hidden}).length")
    assert hidden == 6 == page.evaluate("hlsExplorer.visibleFactors")
    page.click('[data-cluster="Engine"]')
    page.click('[data-polarity="negative"]')
    assert offline.query()["hide"] == ["negative"]
    shown = offline.map_eval("hlsMap.edges.get({filter: e => !e.hidden}).map(e => e.polarity)")
    assert shown and set(shown) == {"positive"}
    # the URL restores the state
    page.goto(page.url)
    offline.wait_ready("/explore/systems/foresight-obesity")
    assert page.get_attribute('[data-polarity="negative"]', "aria-pressed") == "false"


def test_export_png_and_svg(offline: Offline, tmp_path: Path) -> None:
    page = offline.open("/explore/systems/foresight-obesity")
    for button, suffix, magic in (("#btn-png", ".png", b"\x89PNG"), ("#btn-svg", ".svg", b"<svg")):
        with page.expect_download() as info:
            page.click(button)
        path = tmp_path / f"map{suffix}"
        info.value.save_as(path)
        content = path.read_bytes()
        assert content.startswith(magic) and len(content) > 1000
    svg = (tmp_path / "map.svg").read_text()
    assert svg.count("<circle") == 108 and "Physical activity" in svg


def test_pattern_show_working_and_map_link(offline: Offline) -> None:
    page = offline.open("/explore/cycles/ne-region")
    first = page.locator("#pattern-table tbody tr").first
    working = first.locator("details.working")
    assert not working.locator("table").is_visible()
    working.locator("summary").click()
    assert working.locator("table").is_visible()
    assert working.locator("tbody tr").count() >= 2
    page.click("text=Patterns that recur across teams >> xpath=following-sibling::ul[1]//a >> nth=0")
    target = urlsplit(page.url).fragment
    assert target.startswith("pattern-") and page.locator(f"#{target}").is_visible()
    with page.expect_navigation():
        page.click("text=open its map >> nth=0")
    assert "/maps/cycles/ne-region/learn-from-below" in page.url


@pytest.mark.parametrize("path", ["/", "/explore/systems/foresight-obesity", "/explore/cycles/ne-region"])
def test_no_serious_accessibility_violation(offline: Offline, path: str) -> None:
    page = offline.open(path)
    results = Axe().run(page)
    serious = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
               for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == []

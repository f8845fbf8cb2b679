"""Map benchmark: HTML size and build time of our maps next to pyvis's stock ``Network.from_nx`` on the
same graphs (measured side by side in one run), and time to first render in headless Chromium.

Graphs: the Foresight obesity map (108 factors, 296 links, printed layout) and a generated map of
2,000 factors and 6,000 links (``nx.gnm_random_graph``, seed 42; force layout computed on the server).
No database: both builders start from the same ``nx.DiGraph`` (what ``graph.systems.system`` reads).

    .venv/bin/python benchmarks/maps.py            # 3 repeats, medians, then Chromium
    .venv/bin/python benchmarks/maps.py --repeat 1 --no-browser --sizes 2000,5000
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import networkx as nx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graph.datasets.foresight import foresight_snapshot  # noqa: E402
from graph.systems.snapshot import to_digraph  # noqa: E402
from viz.layout import force_iterations, force_positions  # noqa: E402
from viz.render import render  # noqa: E402
from viz.system_map import system_map  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def generated(factors: int = 2000, links: int = 6000, seed: int = 42) -> nx.DiGraph:
    """A random map shaped like a stored system: names, ten clusters, ±1 polarity."""
    rng = random.Random(seed)
    shape = nx.gnm_random_graph(factors, links, seed=seed, directed=True)
    g = nx.DiGraph(id="gen", name=f"Generated {factors}-factor map", outcome="benchmark")
    for n in shape:
        g.add_node(f"gen:{n}", name=f"Factor {n}", description=f"generated factor {n}",
                   cluster=f"Cluster {n % 10}", cluster_id=f"gen:c{n % 10}", x=None, y=None)
    for a, b in shape.edges:
        g.add_edge(f"gen:{a}", f"gen:{b}", polarity=rng.choice((1, -1)), strength=None, delay=False,
                   evidence=None)
    return g


def ours(g: nx.DiGraph, layout: str) -> str:
    return render(system_map(g, title=g.graph["name"], layout=layout))


def pyvis_from_nx(g: nx.DiGraph) -> str:
    from pyvis.network import Network

    net = Network(directed=True, cdn_resources="in_line")
    net.from_nx(g.copy())   # from_nx writes into the attribute dicts it is given
    return net.generate_html()


def timed(build: Callable[[], str], repeat: int) -> tuple[float, str]:
    """Median seconds over ``repeat`` runs, and the last page."""
    times, html = [], ""
    for _ in range(repeat):
        start = time.perf_counter()
        html = build()
        times.append(time.perf_counter() - start)
    return statistics.median(times), html


def other_hosts(html: str) -> int:
    """Resources the page itself loads from other hosts (script src, link href)."""
    return len(re.findall(r"<(?:script[^>]+src|link[^>]+href)=\"https?://", html))


def offline_handler(refused: list[str]) -> Callable[..., None]:
    """A route handler that lets file:// through and aborts (and records) everything else."""
    def handle(route) -> None:  # noqa: ANN001 (Playwright's Route)
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort()
    return handle


def first_render(pages: dict[str, Path], timeout: float = 120.0) -> dict[str, tuple[float | None, int]]:
    """Seconds from navigation to the first drawing of each page, offline (every request to another
    host aborted), and how many such requests the page tried."""
    from playwright.sync_api import sync_playwright

    results: dict[str, tuple[float | None, int]] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for name, path in pages.items():
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            refused: list[str] = []
            page.route("**/*", offline_handler(refused))
            start = time.monotonic()
            page.goto(path.as_uri(), wait_until="commit")
            # ours: window.hlsMap.ready after the first drawing. pyvis: its loading bar fades once
            # stabilised (vis-network draws the settled graph then).
            probe = ("window.hlsMap ? window.hlsMap.ready : (function () { var bar = document."
                     "getElementById('loadingBar'); return !!(bar && bar.style.opacity === '0') ||"
                     " !!(window.network && !bar); })()")
            seconds: float | None = None
            while time.monotonic() - start < timeout:
                if page.evaluate(probe):
                    seconds = time.monotonic() - start
                    break
                time.sleep(0.05)
            results[name] = (seconds, len(refused))
            page.close()
        browser.close()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--sizes", default="2000",
                        help="generated maps: factors, comma-separated (3 links per factor), e.g. 2000,5000")
    args = parser.parse_args()

    cases = {"Foresight (108 / 296)": (to_digraph(foresight_snapshot()), "printed")}
    for size in (int(n) for n in args.sizes.split(",")):
        cases[f"generated ({size:,} / {3 * size:,})"] = (generated(size, 3 * size), "force")
    pages: dict[str, Path] = {}
    out = Path(tempfile.mkdtemp(prefix="hls-maps-bench-"))
    print(f"{'map':28} {'builder':14} {'build s':>9} {'HTML KB':>9} {'other hosts':>12}")
    for label, (g, layout) in cases.items():
        mine_s, mine = timed(lambda g=g, layout=layout: ours(g, layout), args.repeat)
        theirs_s, theirs = timed(lambda g=g: pyvis_from_nx(g), args.repeat)
        for builder, seconds, html in (("hls-graph", mine_s, mine), ("pyvis from_nx", theirs_s, theirs)):
            print(f"{label:28} {builder:14} {seconds:9.3f} {len(html.encode()) / 1024:9.0f} "
                  f"{other_hosts(html):12d}")
            path = out / f"{label.split(' (')[0].lower()}-{len(g)}-{builder.split()[0]}.html"
            path.write_text(html, encoding="utf-8")
            pages[f"{label} {builder}"] = path
        print(f"{'':28} {'ratio':14} {theirs_s / mine_s:8.1f}× {len(theirs) / len(mine):8.2f}×  "
              "(pyvis ÷ ours)")
        if layout == "force":
            layout_s, _ = timed(lambda g=g: str(force_positions(
                list(g.nodes), g.edges(), iterations=force_iterations(len(g)))), args.repeat)
            print(f"{'':28} {'of which':14} {layout_s:9.3f}   server-side force layout (pyvis: none; "
                  "its browser simulates instead)")
    if args.no_browser:
        return
    print("\nfirst render in headless Chromium, offline (requests to other hosts aborted):")
    for name, (seconds, refused) in first_render(pages).items():
        shown = f"{seconds:6.2f} s" if seconds is not None else "  >120 s"
        print(f"  {name:45} {shown}   ({refused} requests to other hosts refused)")
    print(f"\npages kept in {out}")


if __name__ == "__main__":
    main()

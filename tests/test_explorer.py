"""The explorer over HTTP (no browser): the home page, search, the system and cycle pages, the
factor panel, error pages for people, offline API docs, and the loops centrality measure — on the
demo (Foresight + Gateshead stack) and the hostile ``xss`` system (tests/maps_data.py).

Expected numbers: Foresight has 108 factors, 296 links and 193 loops of up to 6 links (115
reinforcing, 78 balancing; tests/test_analysis_loops.py); "Physical activity" (foresight-obesity:71)
has 8 factors directly upstream (the map's own links into it).
"""

from __future__ import annotations

import html as html_module
import re

import networkx as nx
import pytest
from fastapi.testclient import TestClient

from app.explorer import data
from graph.analysis.centrality import centrality, loop_counts
from graph.core.db import Graph
from tests.maps_data import CLUSTER, IMG, SCRIPT, fresh_maps_world

PA = "foresight-obesity:71"


@pytest.fixture(scope="module")
def demo(graph: Graph) -> Graph:
    return fresh_maps_world(graph, demo=True)


def html(client: TestClient, path: str, status: int = 200, **params: str) -> str:
    response = client.get(path, params=params, headers={"Accept": "text/html"})
    assert response.status_code == status, response.text[:500]
    assert response.headers["content-type"].startswith("text/html")
    return response.text


def test_home_lists_systems_stack_and_recent(demo: Graph, session_client: TestClient) -> None:
    page = html(session_client, "/")
    assert "Foresight obesity system map" in page and 'href="/explore/systems/foresight-obesity"' in page
    assert re.search(r"<td>108</td><td>296</td>\s*<td data-value=\"193\">", page)
    assert "North East regional learning cycle" in page and 'href="/explore/cycles/ne-region"' in page
    assert "Recent learning" in page
    csp = session_client.get("/").headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp and "http" not in csp


def test_home_never_shows_restricted_evidence_text(demo: Graph, session_client: TestClient) -> None:
    recent = demo.read("learning/explorer_recent", limit=100)[0]["evidence"]
    restricted = [e for e in recent if e["sensitivity"] not in (None, "public")]
    assert restricted and all(e["text"] is None for e in restricted)


@pytest.mark.parametrize(("query", "kind", "name"), [
    ("self-esteem", "factor", "Self esteem"),            # punctuation and case do not matter
    ("SELF ESTEEM", "factor", "Self esteem"),
    ("physical activity environment", "cluster", "Physical activity environment"),
    ("north east", "actor", "North East"),                 # the whole name first …
    ("north east regional", "cycle", "North East regional learning cycle"),   # … then its start
    ("walking groups residents", "pattern", None),
    ("ben carter", "actor", "Ben Carter"),
])
def test_search_finds_every_kind_ranked(
    demo: Graph, session_client: TestClient, query: str, kind: str, name: str | None,
) -> None:
    hits = session_client.get("/explore/api/search", params={"q": query}).json()
    assert hits, query
    assert hits[0]["kind"] == kind
    if name:
        assert hits[0]["name"] == name
    assert hits[0]["url"].startswith("/explore/")


def test_search_results_in_the_page_without_script(demo: Graph, session_client: TestClient) -> None:
    page = html(session_client, "/", q="self-esteem")
    assert 'href="/explore/systems/foresight-obesity?factor=foresight-obesity%3A2"' in page
    assert "1 match for" in page


def test_search_escapes_database_text(demo: Graph, session_client: TestClient) -> None:
    page = html(session_client, "/", q="img")
    assert IMG not in page and "&lt;img src=x onerror=alert(1)&gt;" in page


def test_system_page_tables_and_filters(demo: Graph, session_client: TestClient) -> None:
    page = html(session_client, "/explore/systems/foresight-obesity")
    assert page.count('<tr data-factor="') == 108
    assert page.count('<td class="pol-') == 296
    assert 'data-cluster="Physical activity environment"' in page
    assert 'id="loop-table"' in page and 'id="btn-png"' in page and 'id="btn-svg"' in page


def test_system_page_escapes_hostile_names(demo: Graph, session_client: TestClient) -> None:
    page = html(session_client, "/explore/systems/xss")
    assert IMG not in page and SCRIPT not in page.replace("<\\/script>", "")
    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; co" in page          # the cluster filter
    assert CLUSTER not in page
    assert "<script>window.pwned" not in page


def test_factor_panel_names_neighbours_loops_and_experiments(demo: Graph, session_client: TestClient) -> None:
    panel = session_client.get("/explore/api/systems/foresight-obesity/factors/physical-activity").json()
    assert panel["id"] == PA and panel["name"] == "Physical activity"
    G = nx.DiGraph([(a, b) for a, b in _links(demo)])
    assert sorted(f["id"] for f in panel["upstream"]) == sorted(G.predecessors(PA))
    assert len(panel["upstream"]) == 8
    assert all(f["name"] and f["polarity"] in ("positive", "negative") for f in panel["upstream"])
    assert panel["loops"]["totals"]["total"] == panel["centrality"]["loops"] > 0
    cycles = {x["cycle_id"] for x in panel["experiments"]}
    assert {"pract-gina", "hw-team"} <= cycles


def _links(graph: Graph) -> list[tuple[str, str]]:
    from graph.systems.system import read_system_graph
    return list(read_system_graph(graph, "foresight-obesity").edges())


def test_loops_measure_ranks_factors_on_most_loops(demo: Graph, session_client: TestClient) -> None:
    answer = session_client.get("/systems/foresight-obesity/centrality",
                                params={"measure": "loops", "top": 3}).json()
    from graph.systems.system import read_system_graph
    G = read_system_graph(demo, "foresight-obesity")
    by_hand = {n: 0 for n in G}
    for loop in nx.simple_cycles(G, length_bound=6):
        for n in loop:
            by_hand[n] += 1
    best = sorted(by_hand.values(), reverse=True)[:3]
    assert [row["loops"] for row in answer["factors"]] == best
    assert sum(by_hand.values()) == sum(len(c) for c in nx.simple_cycles(G, length_bound=6))


def test_loop_counts_stop_at_the_count_limit() -> None:
    G = nx.complete_graph(6, create_using=nx.DiGraph)
    counts, complete = loop_counts(G, max_length=6, count_limit=5)
    assert not complete and sum(counts.values()) > 0
    assert centrality(G)["loops_complete"] is True


def test_cycle_page_ranks_patterns_and_unanswered_conditions(demo: Graph, session_client: TestClient) -> None:
    page = html(session_client, "/explore/cycles/ne-region")
    assert "Patterns that recur across teams" in page and "Patterns that recur across people" in page
    assert page.count('class="working"') >= 1 and "Show working" in page
    rows = re.findall(r'<tr data-condition="([^"]+)" class="([^"]*)">', page)
    flags = [cls == "unanswered" for _, cls in rows]
    assert flags == sorted(flags, reverse=True) and any(flags)      # unanswered ones first
    assert 'href="/maps/cycles/ne-region/learn-from-below?min_cycles=1"' in page
    assert 'src="/maps/cycles/ne-region/stack"' in page


def test_cycle_page_parameters_are_a_form(demo: Graph, session_client: TestClient) -> None:
    strict = html(session_client, "/explore/cycles/ne-region", min_cycles="4")
    loose = html(session_client, "/explore/cycles/ne-region", min_cycles="1")
    assert strict.count("data-pattern=") < loose.count("data-pattern=")
    assert 'name="min_cycles" min="0" max="1000" value="4"' in strict


def test_errors_of_pages_are_pages(demo: Graph, session_client: TestClient) -> None:
    page = html(session_client, "/explore/systems/nope", 404)
    assert "no outcome system with id &#39;nope&#39;" in page
    page = html(session_client, "/maps/systems/foresight-obesity", 404, focus="Self estem")
    assert "Did you mean" in page and "<li>Self esteem</li>" in page
    page = html(session_client, "/explore/cycles/ne-region", 422, depth="lots")
    assert "depth" in page
    # clients that do not ask for HTML keep the JSON answers
    body = session_client.get("/maps/systems/foresight-obesity", params={"focus": "Self estem"}).json()
    assert body["error"] == "not_found" and body["did_you_mean"][0] == "Self esteem"
    assert session_client.get("/explore/api/systems/nope/factors/x").json()["error"] == "not_found"


def test_factor_names_any_case_and_punctuation(demo: Graph, session_client: TestClient) -> None:
    for ref in ("self-esteem", "SELF ESTEEM", "selfesteem"):
        response = session_client.get("/systems/foresight-obesity/factors/" + ref + "/upstream")
        assert response.status_code == 200, ref
        assert response.json()["factor"]["id"] == "foresight-obesity:2"


def test_maps_index_leads_home(demo: Graph, session_client: TestClient) -> None:
    for path in ("/maps", "/maps/systems"):
        response = session_client.get(path, follow_redirects=False)
        assert response.status_code == 307 and response.headers["location"] == "/"


def test_api_docs_use_packaged_assets(demo: Graph, session_client: TestClient) -> None:
    for path in ("/docs", "/redoc"):
        page = session_client.get(path).text
        urls = re.findall(r'(?:src|href)=["\']([^"\']+)', page)
        assert urls and all(u.startswith("/") for u in urls), urls
        assert "cdn" not in page.lower() and "fonts.googleapis" not in page
        for url in urls:
            assert session_client.get(url).status_code == 200, url
    assert b"cdn.redoc.ly" not in session_client.get("/explore/redoc.standalone.js").content
    paths = session_client.get("/openapi.json").json()["paths"]
    assert not [p for p in paths if p == "/" or p.startswith(("/explore/", "/maps/systems/{system_id}/"))]


def test_trophic_and_communities_name_their_factors(demo: Graph, session_client: TestClient) -> None:
    for path in ("/systems/foresight-obesity/trophic", "/systems/foresight-obesity/communities"):
        names = session_client.get(path).json()["names"]
        assert len(names) == 108 and names[PA] == "Physical activity"


def test_home_lists_each_scale_up_to_its_limit_with_the_count(demo: Graph, session_client: TestClient,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """A scale's heading counts all its cycles; the list stops at ``HOME_CYCLES_PER_SCALE`` (by name)
    and says how many more the search box finds (a region's thousands would be megabytes)."""
    full = data.home(demo)["scales"]
    crowded = next(scale for scale in full if scale["total"] > 2)
    assert len(crowded["cycles"]) == crowded["total"]  # the demo fits under the limit
    monkeypatch.setattr(data, "HOME_CYCLES_PER_SCALE", 2)
    page = html(session_client, "/")
    assert f"({crowded['total']})</span></h3>" in page
    assert f"… and {crowded['total'] - 2} more: the search box above finds any of them" in page
    names = sorted((c["name"] or c["id"]).lower() for c in crowded["cycles"])
    shown = [c for c in data.home(demo)["scales"] if c["id"] == crowded["id"]][0]["cycles"]
    assert [(c["name"] or c["id"]).lower() for c in shown] == names[:2]


def test_cycle_page_names_every_cycle_it_links(demo: Graph, session_client: TestClient) -> None:
    """Names are read for the cycles the page mentions only; every link to a cycle shows its name."""
    names = {c["id"]: c["name"] for scale in data.home(demo)["scales"] for c in scale["cycles"]}
    for cycle in ("ne-region", "hw-team"):
        page = html(session_client, f"/explore/cycles/{cycle}")
        links = re.findall(r'<a href="/explore/cycles/([^"#]+)">([^<]*)</a>', page)
        assert len(links) > 2, cycle
        for target, text in links:
            assert html_module.unescape(text) == names[target], (cycle, target, text)

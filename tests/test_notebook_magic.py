"""The notebook helpers and the ``%%cypher`` magic, run in an in-process IPython shell."""

from __future__ import annotations

import html
import json
import re
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from IPython.core.error import UsageError
from IPython.core.interactiveshell import InteractiveShell
from playwright.sync_api import sync_playwright

import queries
from graph import notebook as nb
from graph.core.db import Graph
from graph.notebook import cypher_parameters
from graph.notebook.magic import parse_options
from viz.render import vendor

# A constructed stack for the map tests: two cycles, one feeding the other (the cell under test).
BUILD_STACK = """%%cypher --write
MATCH (team:Scale {id: 'team'}), (org:Scale {id: 'organisation'})
CREATE (a:LearningCycle {id: 'ward-7', name: 'Ward 7 <night> team'})-[:AT_SCALE]->(team),
       (b:LearningCycle {id: 'trust', name: 'The trust'})-[:AT_SCALE]->(org),
       (a)-[:FEEDS_INTO]->(b)
"""
URL = re.compile(r"https?://[^\s\"'<>),]+")
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update"]


@pytest.fixture
def shell(clean_graph: Graph) -> Iterator[InteractiveShell]:
    """An IPython shell with the extension loaded, on the wiped test database."""
    nb.use(clean_graph)
    ip = InteractiveShell.instance()
    ip.run_line_magic("load_ext", "graph.notebook")
    yield ip
    for name in ("min_level", "scale", "levels"):
        ip.user_ns.pop(name, None)


def run(ip: InteractiveShell, cell: str) -> object:
    result = ip.run_cell(cell, store_history=False)
    if result.error_in_exec is not None:
        raise result.error_in_exec
    return result.result


def scale_count(g: Graph) -> int:
    return g.read("schema/health_counts")[0]["Scale"]


def test_parameters_come_from_notebook_variables(shell: InteractiveShell) -> None:
    shell.user_ns["min_level"] = 4
    frame = run(shell, "%%cypher\nMATCH (s:Scale) WHERE s.level >= $min_level\n"
                       "RETURN s.id AS id, s.level AS level ORDER BY level")
    assert isinstance(frame, pd.DataFrame)
    assert list(frame.columns) == ["id", "level"]
    assert frame.to_dict("records") == [{"id": "place", "level": 4}, {"id": "region", "level": 5}]


def test_param_option_overrides_a_variable_and_line_form(shell: InteractiveShell) -> None:
    shell.user_ns["scale"] = "team"
    frame = run(shell, "%cypher --param scale='Region/Country' "
                       "MATCH (s:Scale {name: $scale}) RETURN s.id AS id")
    assert frame.to_dict("records") == [{"id": "region"}]
    shell.user_ns["levels"] = [1, 2]
    frame = run(shell, "%cypher MATCH (s:Scale) WHERE s.level IN $levels RETURN count(s) AS n")
    assert frame.to_dict("records") == [{"n": 2}]
    # IPython does not paste the value into the text (it would for other line magics): a value
    # that is not valid Cypher is still just a parameter.
    shell.user_ns["scale"] = "x' OR 1=1 //"
    frame = run(shell, "%cypher MATCH (s:Scale) WHERE s.name = $scale OR s.id = 'team' RETURN s.id AS id")
    assert frame.to_dict("records") == [{"id": "team"}]


def test_out_keeps_the_table_in_a_variable(shell: InteractiveShell) -> None:
    run(shell, "%%cypher --out scales\nMATCH (s:Scale) RETURN s.id AS id ORDER BY s.level")
    assert shell.user_ns.pop("scales")["id"].tolist() == ["person", "team", "organisation", "place", "region"]


def test_unknown_parameter_is_named(shell: InteractiveShell, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(UsageError, match=r"no value for \$nobody_defined_this"):
        run(shell, "%%cypher\nMATCH (s:Scale {id: $nobody_defined_this}) RETURN s")
    err = capsys.readouterr().err
    assert "UsageError: no value for $nobody_defined_this" in err
    assert "Traceback" not in err


def test_a_write_in_read_mode_is_refused_and_changes_nothing(
    shell: InteractiveShell, clean_graph: Graph, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(UsageError, match="refused: this query writes") as refused:
        run(shell, "%%cypher\nCREATE (:Scale {id: 'galaxy', name: 'Galaxy', level: 9})")
    assert "--write" in str(refused.value)
    assert "Traceback" not in capsys.readouterr().err
    assert scale_count(clean_graph) == 5
    with pytest.raises(UsageError, match="refused"):
        run(shell, "%cypher MATCH (s:Scale) DETACH DELETE s")
    assert scale_count(clean_graph) == 5
    # With --write the same cell runs and says what it changed.
    assert run(shell, "%%cypher --write\nCREATE (:Scale {id: 'galaxy', name: 'Galaxy', level: 9})") is None
    assert capsys.readouterr().out == "labels added: 1, nodes created: 1, properties set: 3\n"
    assert scale_count(clean_graph) == 6


def test_a_cypher_error_shows_neo4js_message_and_line_not_a_traceback(
    shell: InteractiveShell, capsys: pytest.CaptureFixture[str]
) -> None:
    result = shell.run_cell("%%cypher\nMATCH (s:Scale)\nRETRN s", store_history=False)
    assert isinstance(result.error_in_exec, UsageError)
    err = capsys.readouterr().err
    assert err.startswith("UsageError: Cypher error Neo.ClientError.Statement.SyntaxError:")
    assert "Invalid input 'RETRN'" in err
    assert "(line 2, column 1 (offset: 16))" in err
    assert "Traceback" not in err and "File " not in err
    result = shell.run_cell("%%cypher\nMATCH (s:Scale)\nRETURN t", store_history=False)
    assert "Variable `t` not defined (line 2, column 8" in capsys.readouterr().err


def test_neo4js_notifications_are_shown_in_one_line(
    shell: InteractiveShell, capsys: pytest.CaptureFixture[str]
) -> None:
    frame = run(shell, "%%cypher\nMATCH (s:Scale {id: 'team'})\nRETURN id(s) >= 0 AS has_id")
    assert frame.to_dict("records") == [{"has_id": True}]
    out = capsys.readouterr()
    assert out.out.startswith("Neo4j: warn: feature deprecated without replacement. id is deprecated")
    assert out.out.splitlines()[0].endswith("(line 2, column 8)")
    assert "GqlStatusObject" not in out.out + out.err


def test_bad_options_are_usage_errors(shell: InteractiveShell) -> None:
    with pytest.raises(UsageError, match="unknown option --frobnicate"):
        run(shell, "%%cypher --frobnicate\nRETURN 1")
    with pytest.raises(UsageError, match="--param needs NAME=VALUE"):
        run(shell, "%%cypher --param oops\nRETURN 1")
    with pytest.raises(UsageError, match="query goes below it"):
        run(shell, "%%cypher RETURN 1\nRETURN 2")


def test_map_is_self_contained_html_with_the_returned_graph(shell: InteractiveShell) -> None:
    run(shell, BUILD_STACK)
    shown = run(shell, "%%cypher --map\nMATCH p = (:LearningCycle)-[:FEEDS_INTO]->(:LearningCycle) RETURN p")
    srcdoc = re.fullmatch(
        r'<div><iframe srcdoc="([^"]*)" style="[^"]*" sandbox="allow-scripts"></iframe></div>', shown.data)
    assert srcdoc is not None
    page = html.unescape(srcdoc.group(1))
    assert page.startswith("<!DOCTYPE html>")
    # Nothing to fetch: no external script, stylesheet or image; a policy that refuses any host;
    # the only URLs are strings inside vis-network's own code (licence header, SVG namespace).
    assert not re.search(r"<(script|link|img|iframe)[^>]*(src|href)=", page)
    policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', page)
    assert html.unescape(policy.group(1)).startswith("default-src 'none';")
    assert set(URL.findall(page)) <= set(URL.findall(vendor().js))
    data = json.loads(re.search(r'<script type="application/json"[^>]*>(.*?)</script>', page, re.S).group(1))
    names = sorted(node["label"] for node in data["nodes"])
    assert names == ["The trust", "Ward 7 <night> team"]
    assert [edge["label"] for edge in data["edges"]] == ["FEEDS_INTO"]
    assert "vis.Network" in page


@pytest.mark.browser
def test_the_inline_map_draws_in_a_sandboxed_iframe_without_any_request(shell: InteractiveShell) -> None:
    run(shell, BUILD_STACK)
    shown = run(shell, "%%cypher --map\nMATCH p = (:LearningCycle)-[:FEEDS_INTO]->(:LearningCycle) RETURN p")
    assert Path(CHROMIUM).exists(), "needs Debian's chromium (make test installs it)"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            requests: list[str] = []
            errors: list[str] = []
            page.on("request", lambda r: requests.append(r.url))
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.set_content(f"<html><body>{shown.data}</body></html>")
            deadline = time.monotonic() + 30
            while len(page.frames) < 2 or not page.frames[1].evaluate("!!(window.hlsMap && hlsMap.ready)"):
                assert time.monotonic() < deadline, f"the map never drew; errors: {errors}"
                time.sleep(0.05)
            assert page.frames[1].evaluate("[hlsMap.nodes.length, hlsMap.edges.length]") == [2, 1]
            assert [url for url in requests if not url.startswith(("about:", "data:"))] == []
            assert errors == []
        finally:
            browser.close()


def test_without_pandas_the_result_is_an_html_table(
    shell: InteractiveShell, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas now raises ImportError
    shown = run(shell, "%%cypher\nMATCH (s:Scale) WHERE s.level < 3\n"
                       "RETURN s.id AS id, '<b>' AS tag ORDER BY id")
    assert isinstance(shown, nb.Table)
    assert shown._repr_html_() == (
        "<table><thead><tr><th>id</th><th>tag</th></tr></thead><tbody>"
        "<tr><td>person</td><td>&lt;b&gt;</td></tr><tr><td>team</td><td>&lt;b&gt;</td></tr></tbody></table>"
    )
    with pytest.raises(ImportError, match="as_frame=True needs pandas"):
        nb.named_query("schema/health_counts", as_frame=True)


def test_named_query_runs_the_service_query_read_only(clean_graph: Graph) -> None:
    nb.use(clean_graph)
    assert "schema/health_counts" in nb.query_names()
    assert nb.query_text("schema/health_counts") == queries.load("schema/health_counts")
    assert nb.named_query("schema/health_counts")[0]["Scale"] == 5
    frame = nb.named_query("schema/health_counts", as_frame=True)
    assert frame.loc[0, "Scale"] == 5
    with pytest.raises(nb.WriteRefused, match="nothing was changed"):
        nb.named_query("schema/wipe_database")
    assert scale_count(clean_graph) == 5


def test_parameter_scan_and_option_parsing() -> None:
    text = "MATCH (n {id: $id}) // $commented\nWHERE n.x = '$quoted' AND n.`$name` = $other RETURN $id"
    assert cypher_parameters(text) == ["id", "other"]
    options, rest = parse_options(
        "--map --param name='Team A' --param=n=3 --out df MATCH (a)-[:X]->(b) RETURN a")
    assert (options.draw_map, options.write, options.params, options.out) == (
        True, False, {"name": "Team A", "n": 3}, "df")
    assert rest == "MATCH (a)-[:X]->(b) RETURN a"

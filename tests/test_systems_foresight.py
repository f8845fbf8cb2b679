"""The shipped Foresight obesity map: exact counts checked against the CSV files read independently
here, idempotent loading, and its analysis graph."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from graph.core.db import Graph
from graph.core.settings import Settings
from graph.datasets.foresight import DATA_DIR, SYSTEM_ID, load_foresight
from graph.systems.parts import update_factor
from graph.systems.system import load_snapshot, read_system_graph
from tests.systems_support import cli_fixture  # noqa: F401  (fixture)

SHARED = Path("/work/shared/data/foresight-obesity-map")
README_CLUSTERS = {  # "Known facts about this copy" in the data README
    "Physiology": 19,
    "Social psychology": 17,
    "Food production": 17,
    "Food consumption": 15,
    "Physical activity environment": 13,
    "Individual physical activity": 11,
    "Individual psychology": 10,
    "Engine": 6,
}


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


FACTORS, LINKS = _rows("factors.csv"), _rows("links.csv")


def test_the_package_ships_the_data_with_its_attribution() -> None:
    readme = (DATA_DIR / "README.md").read_text(encoding="utf-8")
    assert "Crown copyright" in readme and "Vandenbroeck" in readme
    if SHARED.is_dir():  # the copy is unchanged
        for name in ("README.md", "factors.csv", "links.csv"):
            assert (DATA_DIR / name).read_bytes() == (SHARED / name).read_bytes()


def test_foresight_loads_with_exact_counts(clean_graph: Graph) -> None:
    counts = load_foresight(clean_graph)
    positive = sum(1 for row in LINKS if row["polarity"] == "positive")
    negative = sum(1 for row in LINKS if row["polarity"] == "negative")
    assert (len(FACTORS), len(LINKS), positive + negative) == (108, 296, 296)
    assert counts == {
        "factors": 108,
        "clusters": 8,
        "links": 296,
        "positive_links": positive,
        "negative_links": negative,
        "unknown_links": 0,
        "written": 1,
        "differs": 0,
        "replaced": 0,
    }
    assert clean_graph.read("systems/system_counts", system_id=SYSTEM_ID)[0] == {
        "factors": 108,
        "clusters": 8,
        "links": 296,
        "positive_links": positive,
        "negative_links": negative,
        "unknown_links": 0,
    }
    stored = load_snapshot(clean_graph, SYSTEM_ID)
    names = stored.cluster_names()
    assert Counter(names[f.cluster] for f in stored.factors if f.cluster) == README_CLUSTERS
    assert {c.local_id for c in stored.clusters} >= {"physiology", "social-psychology", "engine"}


def test_every_factor_and_link_is_stored_as_in_the_files(clean_graph: Graph) -> None:
    load_foresight(clean_graph)
    g = read_system_graph(clean_graph, SYSTEM_ID)
    assert g.graph["id"] == SYSTEM_ID and g.graph["outcome"] == "Obesity"
    assert g.number_of_nodes() == 108 and g.number_of_edges() == 296
    by_name = {}
    for row in FACTORS:
        node = g.nodes[f"{SYSTEM_ID}:{row['id']}"]
        assert node["name"] == row["name"]
        assert node["description"] == row["definition"]
        assert node["cluster"] == row["cluster"]
        assert node["cluster_id"].startswith(f"{SYSTEM_ID}:")
        assert (node["x"], node["y"]) == (float(row["x"]), float(row["y"]))
        by_name[row["name"]] = f"{SYSTEM_ID}:{row['id']}"
    for row in LINKS:
        edge = g.edges[by_name[row["source"]], by_name[row["target"]]]
        assert edge["polarity"] == (1 if row["polarity"] == "positive" else -1)
        assert edge["delay"] is False
    # columns with no home of their own are kept on the factor
    stored = {f.local_id: f for f in load_snapshot(clean_graph, SYSTEM_ID).factors}
    for row in FACTORS:
        assert stored[row["id"]].properties == {
            "map_label": row["map_label"],
            "map_colour_type": row["map_colour_type"],
        }


def test_loading_twice_changes_nothing(clean_graph: Graph) -> None:
    load_foresight(clean_graph)
    before = load_snapshot(clean_graph, SYSTEM_ID).canonical()
    health = clean_graph.read("schema/health_counts")
    again = load_foresight(clean_graph)
    assert again["written"] == 0 and again["differs"] == 0 and again["factors"] == 108
    assert load_snapshot(clean_graph, SYSTEM_ID).canonical() == before
    assert clean_graph.read("schema/health_counts") == health


def test_an_edited_map_is_kept_unless_replaced(clean_graph: Graph) -> None:
    load_foresight(clean_graph)
    update_factor(clean_graph, SYSTEM_ID, "2", {"name": "Self-esteem (edited)"})
    kept = load_foresight(clean_graph)
    assert kept["written"] == 0 and kept["differs"] == 1
    assert read_system_graph(clean_graph, SYSTEM_ID).nodes[f"{SYSTEM_ID}:2"]["name"] == "Self-esteem (edited)"
    replaced = load_foresight(clean_graph, replace=True)
    assert replaced["written"] == 1 and replaced["replaced"] == 1
    assert read_system_graph(clean_graph, SYSTEM_ID).nodes[f"{SYSTEM_ID}:2"]["name"] == "Self esteem"


def test_api_shows_the_loaded_map(clean_graph: Graph, client: TestClient) -> None:
    load_foresight(clean_graph)
    body = client.get(f"/systems/{SYSTEM_ID}").json()
    assert body["counts"]["factors"] == 108 and body["counts"]["links"] == 296
    engine = client.get(f"/systems/{SYSTEM_ID}/factors", params={"cluster": "Engine"}).json()
    assert engine["total"] == 6
    assert {f["cluster"] for f in engine["items"]} == {"Engine"}


def test_cli_load_foresight_is_idempotent(clean_graph: Graph, cli: CliRunner) -> None:
    from graph.cli.main import app

    runner = cli
    first = runner.invoke(app, ["load", "foresight"])
    assert first.exit_code == 0, first.output
    assert "108 factors, 8 clusters, 296 links" in first.output
    second = runner.invoke(app, ["load", "foresight"])
    assert second.exit_code == 0 and "already loaded" in second.output
    assert clean_graph.read("systems/system_counts", system_id=SYSTEM_ID)[0]["links"] == 296


def test_the_run_command_loader_loads_foresight(clean_graph: Graph, neo4j_settings: Settings) -> None:
    from graph.datasets.loaders import load_all_demo_data

    lines: list[str] = []
    load_all_demo_data(neo4j_settings, echo=lines.append)
    assert "foresight-obesity: 108 factors, 8 clusters, 296 links (loaded)" in lines
    load_all_demo_data(neo4j_settings, echo=lines.append)
    assert "foresight-obesity: 108 factors, 8 clusters, 296 links (unchanged)" in lines
    assert clean_graph.read("systems/system_counts", system_id=SYSTEM_ID)[0]["factors"] == 108

"""History of every write (issue 14): bulk writes (``POST /bulk`` and the merging loaders) and system
imports record one Change per entity they create, replace or remove, so an entity's history answers
for them as for a single write."""

from __future__ import annotations

from collections.abc import Iterator

from fastapi.testclient import TestClient

import queries
from app.main import create_app
from graph.core.acting import LOCAL, Caller, acting
from graph.core.db import Graph
from graph.core.settings import Settings
from graph.learning import bulk, cycles
from tests.learning_support import ok
from tests.test_bulk import small_document


def change_count(graph: Graph) -> int:
    return graph.read("changes/history_page", entity=None, kind=None, actor=None, since=None, limit=1,
                      offset=0)[0]["total"]


def test_a_bulk_document_records_one_change_per_entity_it_creates(client: TestClient, graph: Graph) -> None:
    answer = client.post("/bulk", json=small_document(), headers={"X-Request-ID": "bulk-req-1"})
    assert answer.status_code == 201, answer.text
    evidence = ok(client.get("/evidence/p1:e1/history"))
    assert evidence["total"] == 1
    (change,) = evidence["items"]
    assert (change["op"], change["kind"], change["version"]) == ("create", "evidence", 1)
    assert change["actor"] == "local" and change["before"] is None
    assert change["after"]["text"] == "engaged" and change["after"]["id"] == "p1:e1"
    assert change["request_id"] and change["detail"] == {"via": "bulk"}
    cycle = ok(client.get("/cycles/p1/history"))["items"]
    assert [c["op"] for c in cycle] == ["create"] and cycle[0]["after"]["name"] == "P1"
    for collection, id in [("actors", "ana"), ("experiments", "p1:x2"), ("patterns", "pat-a"),
                           ("sessions", "ss-1"), ("decisions", "dec-1"), ("conditions", "bar-1")]:
        assert ok(client.get(f"/{collection}/{id}/history"))["total"] == 1, (collection, id)
    # one per node of the document (3 cycles, 1 actor, 3 experiments, 2 evidence, pattern, session,
    # decision, condition), nothing for the scales it only names
    made = ok(client.get("/history", params={"since": change["at"]}))["items"]
    assert len({c["request_id"] for c in made}) == 1 and len(made) == 13


def dated_document() -> dict:
    """:func:`small_document` with every time given (a missing one would be "now" at each load)."""
    doc = small_document()
    when = "2026-01-01T00:00:00Z"
    for name, field in [("cycles", "created_at"), ("evidence", "recorded_at"), ("sessions", "held_at"),
                        ("decisions", "decided_at"), ("conditions", "raised_at")]:
        for item in doc[name]:
            item[field] = when
    return doc


def test_a_merging_load_records_what_changed_and_nothing_when_loaded_again(clean_graph: Graph) -> None:
    graph = clean_graph
    graph.write_tx(lambda tx: bulk.write_learning_tx(tx, dated_document(), refuse_existing=False))
    first = change_count(graph)
    assert first == 13
    graph.write_tx(lambda tx: bulk.write_learning_tx(tx, dated_document(), refuse_existing=False))
    assert change_count(graph) == first  # loading twice changes nothing, so records nothing
    doc = dated_document()
    doc["cycles"][1]["name"] = "P2 renamed"
    graph.write_tx(lambda tx: bulk.write_learning_tx(tx, doc, refuse_existing=False))
    latest = graph.read("changes/history_page", entity="p2", kind=None, actor=None, since=None, limit=5,
                        offset=0)[0]["items"]
    assert [c["op"] for c in latest] == ["update", "create"]
    assert '"P2 renamed"' in latest[0]["after"] and '"P2"' in latest[0]["before"]


FACTORS = "id,name\nwork,Work\nincome,Income\ndebt,Debt\n"
LINKS = "source,target,polarity\nwork,income,+\nincome,debt,-\n"


def import_map(client: TestClient, factors: str, links: str, **params: object) -> dict:
    files = [("files", ("factors.csv", factors.encode())), ("files", ("links.csv", links.encode()))]
    answer = client.post("/systems/import", files=files,
                         params={"system_id": "m", "name": "M", "outcome": "O", **params})
    assert answer.status_code == 201, answer.text
    return answer.json()


def test_an_import_records_each_factor_cluster_and_link_and_a_replace_what_it_changed(
    client: TestClient,
) -> None:
    import_map(client, FACTORS, LINKS)
    created = ok(client.get("/history", params={"entity": "m:work"}))["items"]
    assert [(c["op"], c["kind"], c["version"]) for c in created] == [("create", "factor", 1)]
    assert created[0]["after"]["name"] == "Work" and created[0]["detail"] == {"via": "import", "system": "m"}
    assert ok(client.get("/history", params={"entity": "m:work->m:income"}))["items"][0]["kind"] == "link"
    assert ok(client.get("/systems/m/factors/work")).get("version") == 1

    # replace: work renamed, debt gone (with its link), income unchanged
    import_map(client, "id,name\nwork,Paid work\nincome,Income\n", "source,target,polarity\nwork,income,+\n",
               replace="true")
    work = ok(client.get("/history", params={"entity": "m:work"}))["items"]
    assert [(c["op"], c["version"]) for c in work] == [("update", 2), ("create", 1)]
    assert work[0]["before"]["name"] == "Work" and work[0]["after"]["name"] == "Paid work"
    assert ok(client.get("/systems/m/factors/work"))["version"] == 2
    assert [c["op"] for c in ok(client.get("/history", params={"entity": "m:income"}))["items"]] == ["create"]
    assert ok(client.get("/systems/m/factors/income"))["version"] == 1
    debt = ok(client.get("/history", params={"entity": "m:debt"}))["items"]
    assert [c["op"] for c in debt] == ["delete", "create"] and debt[0]["before"]["name"] == "Debt"
    gone_link = ok(client.get("/history", params={"entity": "m:income->m:debt"}))["items"]
    assert [c["op"] for c in gone_link] == ["delete", "create"]


def test_a_restored_version_is_checked_as_a_patch_would_be(client: TestClient, graph: Graph) -> None:
    """A version whose value the current model refuses (a 600-character name written by a path that
    skipped the API's model) is not restored: 422 naming the field, nothing written."""
    ok(client.post("/cycles", json={"id": "c1", "name": "C1", "scale": "person"}), 201)
    cycles.update_cycle(graph, "c1", {"name": "n" * 600})
    ok(client.patch("/cycles/c1", json={"name": "Short"}))
    refusal = client.post("/history/cycle/c1/restore", params={"version": 2})
    assert refusal.status_code == 422, refusal.text
    assert refusal.json()["rule"] == "restored_value_invalid" and refusal.json()["field"] == "name"
    now = ok(client.get("/cycles/c1"))
    assert (now["name"], now["version"]) == ("Short", 3)
    assert ok(client.post("/history/cycle/c1/restore", params={"version": 1}))["name"] == "C1"


def test_undo_of_a_bulk_write_takes_back_what_it_created(client: TestClient, graph: Graph) -> None:
    """The bulk's changes share its request: one undo sends every entity it created to the trash."""
    assert client.post("/bulk", json=small_document()).status_code == 201
    undone = ok(client.post("/undo"))["undone"]
    assert len(undone) == 13 and {u["op"] for u in undone} == {"create"}
    for path in ("/cycles/p1", "/evidence/p1:e1", "/patterns/pat-a", "/actors/ana"):
        assert client.get(path).status_code == 404, path
    assert graph.read("schema/health_counts")[0]["LearningCycle"] == 0


def test_undo_through_a_notebooks_in_process_api_takes_back_the_whole_request(
    neo4j_settings: Settings, clean_graph: Graph,
) -> None:
    """A notebook's in-process API without a key acts as the local user (``default_caller``): each
    request is still one unit of undo, so undoing a bulk write takes back all it created."""
    app = create_app(neo4j_settings)
    app.state.default_caller = LOCAL
    with TestClient(app) as local:
        assert local.post("/bulk", json=small_document()).status_code == 201
        undone = ok(local.post("/undo"))["undone"]
    assert len(undone) == 13 and {u["op"] for u in undone} == {"create"}
    assert clean_graph.read("schema/health_counts")[0]["LearningCycle"] == 0


def test_undoing_a_bulk_write_leaves_nothing_of_it_to_undo_again(client: TestClient) -> None:
    """Owners are undone first and take what they own into their trash entry (a cycle its
    experiments and their evidence, sessions, decisions and conditions); each owned creation is
    recorded as undone by that delete, so the next undo finds nothing of the bulk write left."""
    assert client.post("/bulk", json=small_document()).status_code == 201
    assert len(ok(client.post("/undo"))["undone"]) == 13
    again = client.post("/undo")
    assert again.status_code == 404, again.text
    evidence = ok(client.get("/evidence/p1:e1/history"))["items"]
    assert [c["op"] for c in evidence] == ["delete", "create"]
    assert evidence[0]["undoes"] == evidence[1]["id"] and evidence[0]["before"]["text"] == "engaged"
    trashed = ok(client.get("/trash"))["items"]
    assert sorted(item["entity"] for item in trashed) == ["ana", "p1", "p2", "pat-a", "t1"]


def test_undo_of_a_creation_deleted_since_is_refused_naming_why(client: TestClient, graph: Graph) -> None:
    ok(client.post("/cycles", json={"id": "c1", "name": "C1", "scale": "person"}), 201)
    with acting(Caller(actor_id="bob", role="admin", via="key")):
        cycles.delete_cycle(graph, "c1")
    refusal = client.post("/undo")
    assert refusal.status_code == 409, refusal.text
    assert (refusal.json()["error"], refusal.json()["reason"]) == ("cannot_undo", "already_reversed")


def _index_seeks(graph: Graph, name: str, **params: object) -> list[str]:
    """The properties ``name``'s plan seeks through an index (EXPLAIN: nothing runs)."""
    text = "EXPLAIN " + queries.load(name)
    plan = graph.read_tx(lambda tx: tx.run(text, params).consume().plan)

    def operators(step: dict) -> Iterator[dict]:
        yield step
        for child in step.get("children", []):
            yield from operators(child)

    return [str(step.get("args", {}).get("Details", step.get("args"))) for step in operators(plan)
            if "IndexSeek" in step["operatorType"]]


def test_undo_looks_up_what_is_undone_through_an_index(graph: Graph) -> None:
    """Undo checks candidates, newest first, for a Change that undoes them: an index seek on
    ``undoes``, not a scan of every Change per candidate (after a 2,105-entity bulk write and its
    undo, that scan made the next undo's look-up take 11 s)."""
    seeks = _index_seeks(graph, "changes/last_changes_of", actor="x")
    assert any("undoes" in seek for seek in seeks), seeks


def test_one_entitys_or_actors_history_starts_from_its_index(graph: Graph) -> None:
    """``GET /{collection}/{id}/history`` reads that entity's changes, not every change (with 244,000
    changes: 0.08 s -> 0.005 s)."""
    filters = {"kind": None, "since": None, "limit": 5, "offset": 0}
    of_entity = _index_seeks(graph, "changes/history_page_of_entity", entity="c1", actor=None, **filters)
    of_actor = _index_seeks(graph, "changes/history_page_of_actor", entity=None, actor="ana", **filters)
    assert len(of_entity) == 2 and all("entity" in seek for seek in of_entity), of_entity
    assert len(of_actor) == 2 and all("actor" in seek for seek in of_actor), of_actor

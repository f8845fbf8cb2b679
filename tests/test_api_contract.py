"""The request schema in the OpenAPI contract says what the routes accept, walked field by field:
every number in a body refuses ``true``/``false`` (JSON has no 1-valued boolean), and writes
nothing when it does; a PATCH property accepts ``null`` exactly when the schema says it is nullable;
maps declare both their error types; every text and list of a request has its own cap.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.api.routes.systems import MAX_FILES
from app.main import create_app
from app.models.base import MAX_ITEMS, MAX_NAME, MAX_TEXT
from graph.core.db import Graph
from graph.core.settings import Settings
from graph.datasets.demo import load_demo
from graph.datasets.foresight import load_foresight

SPEC = create_app(Settings(_env_file=None)).openapi()
SCHEMAS = SPEC["components"]["schemas"]

# Real items of the small world below, by path parameter name.
PATH_IDS = {
    "scale_id": "team", "system_id": "s", "fid": "a", "source": "a", "target": "b",
    "experiment_id": "e", "evidence_id": "ev", "cycle_id": "c",
}
# What each create body needs besides the field under test, so a 422 can only be that field's.
REQUIRED = {
    "ScaleCreate": {"name": "Huge"},
    "FactorCreate": {"name": "Factor c"},
    "LinkCreate": {"source": "b", "target": "a", "polarity": 1},
    "EvidenceCreate": {"kind": "quantitative", "sensitivity": "public"},
}
# GETs whose answers together show every item a numeric field could be written to.
STATE = ["/scales", "/systems/s/factors", "/systems/s/links", "/evidence"]


def resolve(schema: dict[str, Any]) -> dict[str, Any]:
    return SCHEMAS[schema["$ref"].split("/")[-1]] if "$ref" in schema else schema


def types(prop: dict[str, Any]) -> set[str]:
    """The JSON types a property allows (``anyOf`` included)."""
    found = {prop["type"]} if "type" in prop else set()
    for option in prop.get("anyOf", []):
        found |= types(resolve(option))
    return found


def json_bodies() -> Iterator[tuple[str, str, str, dict[str, Any]]]:
    """(method, path, schema name, schema) of each operation with a JSON request body."""
    for path, operations in SPEC["paths"].items():
        for method, operation in operations.items():
            content = operation.get("requestBody", {}).get("content", {})
            if "application/json" in content:
                ref = content["application/json"]["schema"]["$ref"]
                name = ref.split("/")[-1]
                yield method.upper(), path, name, SCHEMAS[name]


NUMERIC_FIELDS = [
    (method, path, name, field, prop)
    for method, path, name, schema in json_bodies()
    for field, prop in schema.get("properties", {}).items()
    if types(prop) & {"integer", "number"} and field != "polarity"  # polarity: words too, see below
]


def test_the_walk_finds_the_numeric_fields_of_each_area() -> None:
    found = {(name, field) for _, _, name, field, _ in NUMERIC_FIELDS}
    assert {("ScaleCreate", "level"), ("ScaleUpdate", "level"), ("FactorCreate", "x"),
            ("FactorUpdate", "y"), ("LinkCreate", "strength"), ("LinkUpdate", "strength"),
            ("EvidenceCreate", "value"), ("EvidenceUpdate", "value")} <= found


@pytest.fixture
def world(client: TestClient) -> TestClient:
    """System ``s`` (factors a, b; link a -> b), cycle ``c`` at team running experiment ``e`` with
    evidence ``ev``."""
    for path, body in [
        ("/systems", {"id": "s", "name": "S", "outcome": "O"}),
        ("/systems/s/factors", {"id": "a", "name": "a"}),
        ("/systems/s/factors", {"id": "b", "name": "b"}),
        ("/systems/s/links", {"source": "a", "target": "b", "polarity": 1}),
        ("/cycles", {"id": "c", "name": "C", "scale": "team"}),
        ("/cycles/c/experiments", {"id": "e", "kind": "hypothesis_test", "question": "Q?"}),
        ("/experiments/e/evidence", {"id": "ev", "kind": "narrative", "text": "t", "sensitivity": "public"}),
    ]:
        response = client.post(path, json=body)
        assert response.status_code == 201, (path, response.text)
    return client


def state(client: TestClient) -> list[Any]:
    return [client.get(path, params={"limit": 100}).json() for path in STATE]


@pytest.mark.parametrize("method, path, name, field, prop", NUMERIC_FIELDS,
                         ids=[f"{m} {p} {f}" for m, p, _, f, _ in NUMERIC_FIELDS])
@pytest.mark.parametrize("boolean", [True, False])
def test_a_boolean_is_not_a_number_and_writes_nothing(
    world: TestClient, method: str, path: str, name: str, field: str, prop: dict[str, Any], boolean: bool,
) -> None:
    url = path.format(**PATH_IDS)
    before = state(world)
    body = {**REQUIRED.get(name, {}), field: boolean}
    response = world.request(method, url, json=body)
    assert response.status_code == 422, response.text
    answer = response.json()
    assert answer["error"] == "invalid_request"
    assert {tuple(error["loc"][:2]) for error in answer["detail"]} == {("body", field)}
    assert state(world) == before
    # The same body with a number in its place is accepted: the boolean was the only fault.
    number = next(t for t in ("integer", "number") if t in types(prop))
    limits = next((o for o in [prop, *prop.get("anyOf", [])] if "maximum" in o), {})
    value = int(limits.get("maximum", 2)) - (0 if boolean else 1) if number == "integer" else 0.5
    accepted = world.request(method, url, json={**body, field: value})
    assert accepted.status_code in (200, 201), accepted.text


def test_a_polarity_of_true_is_refused_too(world: TestClient) -> None:
    response = world.post("/systems/s/links", json={"source": "b", "target": "a", "polarity": True})
    assert response.status_code == 422 and response.json()["detail"][0]["loc"][:2] == ["body", "polarity"]


@pytest.mark.parametrize("path, parameter", [
    ("/scales", "limit"), ("/systems/s/loops", "max_length"), ("/systems/s/loops", "time_budget"),
])
def test_a_boolean_word_is_not_a_number_in_a_query_either(
    world: TestClient, path: str, parameter: str
) -> None:
    response = world.get(path, params={parameter: "true"})
    assert response.status_code == 422 and response.json()["detail"][0]["loc"] == ["query", parameter]


# --- PATCH: a property the schema makes nullable accepts null (and clears it); the others refuse it --


def nullable(prop: dict[str, Any]) -> bool:
    return "null" in types(prop)


@pytest.fixture
def demo(clean_graph: Graph, session_client: TestClient) -> tuple[TestClient, dict[str, str]]:
    """The demo world (Foresight plus the demo stack) and one real id per path parameter."""
    load_foresight(clean_graph)
    load_demo(clean_graph)
    client = session_client

    def first(path: str, at: int = 0) -> str:
        return client.get(path).json()["items"][at]["id"]

    system = "foresight-obesity"
    ids = {
        "scale_id": "team", "cycle_id": first("/cycles"), "actor_id": first("/actors"),
        "experiment_id": first("/experiments"), "evidence_id": first("/evidence"),
        "pattern_id": first("/patterns"), "session_id": first("/sessions"),
        "decision_id": first("/decisions"), "condition_id": first("/conditions"), "system_id": system,
        "cid": first(f"/systems/{system}/clusters"), "kind": "co_design",
    }
    link = client.get(f"/systems/{system}/links").json()["items"][0]
    ids.update(fid=link["source"], source=link["source"], target=link["target"])
    return client, ids


def test_patch_bodies_accept_null_exactly_where_the_schema_says_nullable(
    demo: tuple[TestClient, dict[str, str]],
) -> None:
    client, ids = demo
    patches = [(path, name, schema) for method, path, name, schema in json_bodies() if method == "PATCH"]
    assert len(patches) >= 14
    wrong = []
    for path, name, schema in patches:
        url = path.format(**ids)
        for field, prop in schema["properties"].items():
            response = client.patch(url, json={field: None})
            answer = response.json()
            if nullable(prop):
                # null clears the field; a domain rule may still refuse that (rule_broken, not schema)
                cleared = response.status_code == 200 and answer.get(field) in (None, "", {}, [])
                if not (cleared or answer.get("error") == "rule_broken"):
                    wrong.append(f"{name}.{field} is nullable, but null got {response.status_code} {answer}")
            elif not (response.status_code == 422 and answer["error"] == "invalid_request"
                      and f"{field} cannot be null" in answer["message"]):
                wrong.append(f"{name}.{field} is not nullable, but null got {response.status_code} {answer}")
    assert not wrong, "\n".join(wrong)


# --- maps answer errors as JSON to API clients and as HTML to browsers: both are declared -----------

MAP_ROUTES = [(path, op) for path, ops in SPEC["paths"].items() if path.startswith("/maps/")
              for op in ops.values()]


def test_map_error_responses_declare_json_and_html() -> None:
    assert len(MAP_ROUTES) >= 5
    for path, operation in MAP_ROUTES:
        for code in ("404", "409", "422", "503"):
            content = operation["responses"][code]["content"]
            assert content["application/json"]["schema"] == {"$ref": "#/components/schemas/ErrorBody"}, path
            assert "text/html" in content, path


@pytest.mark.parametrize("accept, media", [
    ("application/json", "application/json"), (None, "application/json"), ("text/html", "text/html"),
])
def test_a_map_of_an_unknown_cycle_answers_404_in_the_declared_type(
    client: TestClient, accept: str | None, media: str,
) -> None:
    response = client.get("/maps/cycles/nope/stack", headers={"accept": accept} if accept else {})
    assert response.status_code == 404
    assert response.headers["content-type"].startswith(media)
    if media == "application/json":
        assert response.json()["error"] == "not_found"


# --- every text and list of a request has its own cap (docs/api.md "Limits") ------------------------


def uncapped(node: dict[str, Any], where: str, seen: frozenset[str] = frozenset()) -> Iterator[str]:
    """Where in a request schema a string has no maxLength or an array no maxItems (enums and file
    contents aside: they are bounded by their values and by the upload cap)."""
    if "$ref" in node:
        name = node["$ref"].split("/")[-1]
        if name not in seen:
            yield from uncapped(SCHEMAS[name], name, seen | {name})
        return
    if node.get("type") == "string" and not {"maxLength", "enum", "contentMediaType"} & node.keys():
        yield f"{where} (string)"
    if node.get("type") == "array" and "maxItems" not in node:
        yield f"{where} (array)"
    for key, prop in node.get("properties", {}).items():
        yield from uncapped(prop, f"{where}.{key}", seen)
    for option in node.get("anyOf", []) + node.get("oneOf", []) + node.get("allOf", []):
        yield from uncapped(option, where, seen)
    for key in ("items", "additionalProperties", "propertyNames"):
        if isinstance(node.get(key), dict):
            yield from uncapped(node[key], f"{where}[{key}]", seen)


def test_every_string_and_list_of_a_request_body_is_capped() -> None:
    bodies = [(f"{method.upper()} {path}", content["schema"])
              for path, operations in SPEC["paths"].items() for method, operation in operations.items()
              for content in operation.get("requestBody", {}).get("content", {}).values()]
    assert len(bodies) >= 30
    found = [spot for label, schema in bodies for spot in uncapped(schema, label)]
    assert not found, "uncapped: " + ", ".join(found)


@pytest.mark.parametrize("path, body, field", [
    ("/actors", {"name": "n" * (MAX_NAME + 1), "kind": "person"}, "name"),
    ("/scales", {"name": "n" * (MAX_NAME + 1), "level": 77}, "name"),
    ("/systems/s/factors", {"name": "c", "description": "d" * (MAX_TEXT + 1)}, "description"),
    ("/systems/s/factors", {"name": "c", "properties": {"w": "v" * (MAX_TEXT + 1)}}, "properties"),
    ("/systems/s/factors", {"name": "c", "properties": {f"k{i}": i for i in range(MAX_ITEMS + 1)}},
     "properties"),
    ("/cycles/c/sessions", {"attendees": ["a"] * (MAX_ITEMS + 1)}, "attendees"),
    ("/cycles/c/sessions", {"held_at": "2024-01-01" + "0" * 100}, "held_at"),
])
def test_a_field_over_its_cap_is_refused_naming_it_and_writes_nothing(
    world: TestClient, path: str, body: dict[str, Any], field: str,
) -> None:
    before = [*state(world), world.get("/actors").json(), world.get("/sessions").json()]
    response = world.post(path, json=body)
    assert response.status_code == 422, response.text
    assert response.json()["detail"][0]["loc"][:2] == ["body", field]
    assert len(response.text) < 10_000  # the refusal does not echo the whole text back
    assert [*state(world), world.get("/actors").json(), world.get("/sessions").json()] == before


def test_an_import_of_more_files_than_the_cap_is_refused(client: TestClient) -> None:
    files = [("files", (f"f{i}.csv", b"id,name\n")) for i in range(MAX_FILES + 1)]
    response = client.post("/systems/import", files=files)
    assert response.status_code == 422, response.text
    assert response.json()["detail"][0]["loc"] == ["body", "files"]

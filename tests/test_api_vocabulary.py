"""One API vocabulary: every schema in the OpenAPI contract has a plain name (no module-qualified
``app__models__x__Name`` from two classes sharing a name), every route that takes input declares its
422 in the one refusal shape, and a request that breaks the schema is answered in that shape."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from app.main import create_app
from graph.core.settings import Settings
from graph.formats import EXPORT_FORMATS, FORMATS


def contract() -> dict[str, Any]:
    # Building the app and its schema connects to nothing.
    return create_app(Settings(_env_file=None)).openapi()


def operations(spec: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(method.upper(), path, op)
            for path, methods in spec["paths"].items() for method, op in methods.items()]


def test_no_schema_name_is_module_qualified() -> None:
    names = list(contract()["components"]["schemas"])
    assert names, "the contract has schemas"
    assert [name for name in names if "__" in name] == []
    # The shared references are published once, under their own names.
    assert {"FactorRef", "CycleRef", "ErrorBody"} <= set(names)


def test_every_route_with_input_declares_422_as_error_body() -> None:
    spec = contract()
    checked = 0
    for method, path, op in operations(spec):
        if not (op.get("parameters") or op.get("requestBody")):
            continue
        declared = op["responses"].get("422")
        assert declared, f"{method} {path} does not declare 422"
        # (The maps also declare text/html: the same refusal as a page, for browsers.)
        schemas = declared["content"]["application/json"]["schema"]
        assert schemas == {"$ref": "#/components/schemas/ErrorBody"}, (method, path, schemas)
        checked += 1
    assert checked > 50
    assert "HTTPValidationError" not in spec["components"]["schemas"]


def test_import_and_export_formats_are_the_registry() -> None:
    spec = contract()
    (param,) = [p for p in spec["paths"]["/systems/{system_id}/export"]["get"]["parameters"]
                if p["name"] == "format"]
    assert param["schema"]["enum"] == list(EXPORT_FORMATS) == [n for n, f in FORMATS.items() if f.exports]
    upload = spec["paths"]["/systems/import"]["post"]["parameters"]
    (fmt,) = [p for p in upload if p["name"] == "format"]
    assert fmt["schema"]["anyOf"][0]["enum"] == list(FORMATS)


def test_a_request_breaking_the_schema_is_answered_as_error_body(client: TestClient) -> None:
    response = client.get("/cycles", params={"limit": 501})
    assert response.status_code == 422
    body = response.json()
    assert body["error"] == "invalid_request"
    assert "query.limit" in body["message"]
    assert body["detail"][0]["loc"] == ["query", "limit"]
    missing = client.post("/scales", json={"name": "Street"}).json()
    assert missing["error"] == "invalid_request" and missing["detail"][0]["loc"] == ["body", "level"]


def test_every_operation_with_a_body_declares_413_as_error_body() -> None:
    """The body-size limit (app/limits.py) answers 413 before any route: the contract says so."""
    operations = [(path, method, op) for path, ops in contract()["paths"].items()
                  for method, op in ops.items() if "requestBody" in op]
    assert len(operations) > 30
    for path, method, op in operations:
        declared = op["responses"].get("413", {}).get("content", {}).get("application/json", {})
        assert declared.get("schema") == {"$ref": "#/components/schemas/ErrorBody"}, (method, path)

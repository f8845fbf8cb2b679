"""The import as people try it in the offline Swagger UI at /docs (issue 29 item 4): the files are
declared ``format: binary``, so Swagger UI offers a file picker (it drew a text box for OpenAPI
3.1's ``contentMediaType`` alone); a Kumu file chosen there imports and its report is shown; a
form part over Starlette's 1 MB default is accepted up to HLS_MAX_UPLOAD_BYTES."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from playwright.sync_api import Browser

from app.main import create_app
from graph.core.db import Graph
from graph.core.settings import Settings
from graph.notebook.helpers import api_in_background
from tests.auth_support import ADMIN_HEADERS, admin_key
from tests.browser_support import browser_fixture  # noqa: F401  (the `browser` fixture)

KUMU = Path(__file__).resolve().parent / "data" / "real" / "kumu" / "kumu-changelabs-template.json"
OPERATION = "#operations-systems-import_system_systems_import_post"


def test_the_uploaded_files_are_declared_binary(session_client: TestClient) -> None:
    body = session_client.get("/openapi.json").json()["components"]["schemas"][
        "Body_import_system_systems_import_post"]
    assert body["properties"]["files"]["items"] == {
        "type": "string", "contentMediaType": "application/octet-stream", "format": "binary"}


@pytest.fixture
def server(clean_graph: Graph, neo4j_settings: Settings) -> Iterator[str]:
    with api_in_background(neo4j_settings) as base:
        yield base


@pytest.mark.browser
def test_a_kumu_file_chosen_in_swagger_ui_imports_and_shows_its_report(
        browser: Browser, server: str, clean_graph: Graph, neo4j_settings: Settings) -> None:
    page = browser.new_page()
    try:
        page.goto(server + "/docs")
        page.wait_for_selector(".swagger-ui .info .title", timeout=60_000)
        operation = page.locator(OPERATION)
        operation.locator(".opblock-summary").click()
        operation.locator("button.try-out__btn").click()
        operation.locator("input[placeholder='system_id']").fill("changelabs")
        if operation.locator("input[type=file]").count() == 0:  # an array starts with no item
            operation.get_by_role("button", name="Add string item").click()
        operation.locator("input[type=file]").first.set_input_files(str(KUMU))
        operation.locator("button.execute").click()
        status = operation.locator(".live-responses-table tbody .response-col_status").first
        deadline = time.monotonic() + 60
        while status.count() == 0 or not status.inner_text().strip():
            assert time.monotonic() < deadline, "no response shown"
            time.sleep(0.1)
        assert status.inner_text().strip() == "201"
        shown = json.loads(operation.locator(".live-responses-table .microlight").first.inner_text())
        assert shown["system"]["id"] == "changelabs"
        assert shown["report"]["counts"]["factors"] > 0
    finally:
        page.close()
    with TestClient(create_app(neo4j_settings)) as client:
        admin_key(clean_graph)
        stored = client.get("/systems/changelabs", headers=ADMIN_HEADERS)
        assert stored.status_code == 200
        assert stored.json()["counts"]["factors"] == shown["report"]["counts"]["factors"]


def test_a_form_part_over_one_megabyte_is_accepted_and_one_over_the_upload_limit_refused(
        neo4j_settings: Settings, clean_graph: Graph) -> None:
    """A pasted file arrives as a text part: Starlette refused it past 1 MB ("Part exceeded maximum
    size of 1024KB"); now the part may be as large as an upload, and the body is capped as before."""
    admin_key(clean_graph)
    rows = "".join(f"f{i},g{i},+\n" for i in range(110_000))  # ~1.5 MB of a signed edge list
    limited = neo4j_settings.model_copy(update={"hls_max_upload_bytes": 4 * 1024 * 1024})
    with TestClient(create_app(limited)) as client:
        text = ("source,target,polarity\n" + rows).encode()
        assert len(text) > 1024 * 1024
        answer = client.post("/systems/import", params={"system_id": "big", "format": "csv"},
                             files=[("files", (None, text))], headers=ADMIN_HEADERS)  # a text part
        assert "Part exceeded maximum size" not in answer.text
        assert answer.status_code == 422, answer.text  # read as a form field, then refused as no file
        too_big = client.post("/systems/import", params={"system_id": "bigger", "format": "csv"},
                              files={"files": ("links.csv", text * 3)}, headers=ADMIN_HEADERS)
        assert too_big.status_code == 413, too_big.text

"""Issue 13, the local run: the local user's admin key is made once, kept readable only by its
owner, reused while it holds, and used by the notebook helpers."""

from __future__ import annotations

import stat
from pathlib import Path

from fastapi.testclient import TestClient

from graph.core.db import Graph
from graph.core.settings import Settings
from graph.learning import keys
from graph.learning.local_admin import ensure_local_admin_key, key_file
from graph.notebook import api_headers


def test_the_local_admin_key_is_kept_0600_reused_and_renewed(
    clean_graph: Graph, neo4j_settings: Settings, tmp_path: Path, session_client: TestClient,
) -> None:
    settings = neo4j_settings.model_copy(update={"hls_data_dir": tmp_path})
    secret = ensure_local_admin_key(clean_graph, settings)
    assert stat.S_IMODE(key_file(settings).stat().st_mode) == 0o600
    assert key_file(settings).read_text().strip() == secret
    assert ensure_local_admin_key(clean_graph, settings) == secret  # the second start reuses it
    assert keys.caller_for(clean_graph, secret).role == "admin"
    headers = api_headers(settings)
    made = session_client.post("/actors", headers=headers, json={"id": "a", "name": "A", "kind": "person"})
    assert made.status_code == 201, made.text
    [local] = [k for k in keys.list_keys(clean_graph) if k["actor_id"] == "local-admin"]
    keys.revoke_key(clean_graph, local["id"])
    renewed = ensure_local_admin_key(clean_graph, settings)
    assert renewed != secret and key_file(settings).read_text().strip() == renewed
    assert api_headers(neo4j_settings.model_copy(update={"hls_data_dir": tmp_path / "none"})) == {}

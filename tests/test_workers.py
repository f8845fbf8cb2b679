"""``hls-graph serve --workers N`` (issue 17 item 4): the local Neo4j started once by the parent, N
uvicorn workers that share nothing but Neo4j, a write on one request read back on others whichever
worker answers, and a clean stop that still stops the local Neo4j."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

from graph.core import local_neo4j
from tests.conftest import free_port

ROOT = Path(__file__).resolve().parent.parent


def call(
    port: int, method: str, path: str, body: Any = None, headers: dict[str, str] | None = None
) -> tuple[int, Any, dict[str, str]]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}",
        data=data,
        method=method,
        headers={"Content-Type": "application/json", **(headers or {})},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read()), dict(response.headers)
    except urllib.error.HTTPError as refused:
        return refused.code, json.loads(refused.read()), dict(refused.headers)
    except OSError:
        return 0, None, {}


def test_two_workers_share_one_neo4j_read_each_others_writes_and_stop_it(tmp_path: Path) -> None:
    data, api_port, bolt_port = tmp_path / "neo4j", free_port(), free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("NEO4J_URI", "NEO4J_PASSWORD", "NEO4J_AUTH")}
    env.update(
        HLS_DATA_DIR=str(data), HLS_BOLT_PORT=str(bolt_port), HLS_NEO4J_HEAP="512m", PYTHONPATH=str(ROOT)
    )
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "graph.cli.main",
            "serve",
            "--no-demo",
            "--workers",
            "2",
            "--port",
            str(api_port),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 300
        while call(api_port, "GET", "/health")[0] != 200:
            assert proc.poll() is None, proc.stdout.read() if proc.stdout else ""
            assert time.monotonic() < deadline, "serve did not come up"
            time.sleep(0.5)
        # The local admin key serve made on first start (in the data folder), as the CLI would use it.
        admin = {"Authorization": f"Bearer {(data / 'admin-key').read_text().strip()}"}
        status, cycle, headers = call(
            api_port, "POST", "/cycles", {"id": "w1", "name": "Written once", "scale": "person"}, admin
        )
        assert status == 201, cycle
        bookmark = headers.get("X-HLS-Bookmark") or headers.get("x-hls-bookmark")
        assert bookmark, headers
        workers: set[int] = set()
        for _ in range(200):
            status, read, _ = call(api_port, "GET", "/cycles/w1", headers={"X-HLS-Bookmark": bookmark})
            assert (status, read["name"]) == (200, "Written once")
            workers.add(call(api_port, "GET", "/health")[1]["worker"])
            if len(workers) == 2:
                break
        assert len(workers) == 2, "every request reached the same worker"
        status, changed, _ = call(api_port, "PATCH", "/cycles/w1", {"name": "Changed"}, admin)
        assert status == 200
        assert {call(api_port, "GET", "/cycles/w1")[1]["name"] for _ in range(20)} == {"Changed"}
        neo4j_pid = json.loads((data / local_neo4j.PID_NAME).read_text())["pid"]
        # One Neo4j for all workers: the parent started it, the workers only connect.
        assert (
            len([p for p in Path("/proc").iterdir() if p.name.isdigit() and _is_launcher_for(p, data)]) == 1
        )
        proc.send_signal(signal.SIGTERM)
        output, _ = proc.communicate(timeout=120)
        assert "2 API workers" in output and "local Neo4j stopped" in output, output
        assert not local_neo4j._alive(neo4j_pid)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        local_neo4j.stop(data)


def _is_launcher_for(proc_dir: Path, data: Path) -> bool:
    try:
        cmdline = (proc_dir / "cmdline").read_bytes().split(b"\0")
    except OSError:
        return False
    return b"Launcher" in cmdline and str(data).encode() in cmdline

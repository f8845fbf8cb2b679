"""The "Done when" probes of issue 15 (nothing runaway), against a real service: the API served by
uvicorn in its own process over a throwaway Neo4j holding Foresight and a generated 5,000-factor /
20,000-link system. Prints each figure:

- the first ``centrality?measure=degree`` on the 5,000-factor system after the service starts (and two
  more, each with a new ``top`` so no answer is cached);
- a ~2.9 MB XLSX whose sheet unpacks to ~1.1 GB, and a 60 MB upload: status and the API's RSS;
- 10 clients, each with its own API key, flooding loops/paths (time_budget 2 s) for 20 s: statuses, how
  long the analyses ran, ``/health`` latency before and during the flood;
- a client that gives up after 1 s of betweenness: CPU of the API's workers afterwards;
- Neo4j stopped under the running service: status, ``Retry-After`` and latency.

    python benchmarks/robustness.py          # ~3 minutes; BENCH_NEO4J_URI is NOT honoured (it stops Neo4j)
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import os
import tempfile
import threading
import time
import zipfile
from collections import Counter
from pathlib import Path

import httpx
from bench_support import generated_system, served_api, throwaway_neo4j

from graph.core import local_neo4j
from graph.core.db import apply_schema, connect
from graph.datasets.foresight import load_foresight
from graph.learning import keys
from graph.systems.system import save_system

ITEMS_PER_LINE = 1_000
SYSTEM = "/systems/foresight-obesity"


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def bomb(sheet_bytes: int = 1_100_000_000) -> bytes:
    """A valid XLSX whose one sheet unpacks to ``sheet_bytes`` (deflated: ~2.9 MB)."""
    import openpyxl

    book, plain = openpyxl.Workbook(), io.BytesIO()
    book.active["A1"] = "id"
    book.save(plain)
    source, out = zipfile.ZipFile(io.BytesIO(plain.getvalue())), io.BytesIO()
    row = b'<row r="1"><c r="A1" t="inlineStr"><is><t>' + b"x" * 1000 + b"</t></is></c></row>"
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for info in source.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                archive.writestr(info, source.read(info.filename))
                continue
            member = zipfile.ZipInfo(info.filename)
            member.compress_type = zipfile.ZIP_DEFLATED
            with archive.open(member, "w", force_zip64=True) as sheet:
                sheet.write(b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.'
                            b'openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
                for _ in range(sheet_bytes // len(row) // ITEMS_PER_LINE):
                    sheet.write(row * ITEMS_PER_LINE)
                sheet.write(b"</sheetData></worksheet>")
    return out.getvalue()


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS"):
            return int(line.split()[1]) / 1024
    return float("nan")


def descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                parent = int(Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[1])
            except OSError:
                continue
            children.setdefault(parent, []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        kids = children.get(todo.pop(), [])
        found += kids
        todo += kids
    return found


def cores_used(pid: int, seconds: float) -> float:
    """Cores the processes below ``pid`` used over the next ``seconds`` (a killed one stops counting)."""
    def ticks() -> dict[int, int]:
        out = {}
        for p in descendants(pid):
            try:
                fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            out[p] = int(fields[11]) + int(fields[12])
        return out

    before = ticks()
    time.sleep(seconds)
    return sum(v - before.get(p, 0) for p, v in ticks().items()) / os.sysconf("SC_CLK_TCK") / seconds


async def flood(base: str, secrets: list[str], seconds: float) -> tuple[list[tuple], list[float]]:
    rows: list[tuple] = []
    health: list[float] = []

    async def client(n: int, until: float) -> None:
        async with httpx.AsyncClient(base_url=base, timeout=120,
                                     headers={"Authorization": f"Bearer {secrets[n]}"}) as http:
            i = 0
            while time.perf_counter() < until:
                i += 1
                # a new count_limit each time: no answer comes from the cache
                bounds = {"time_budget": 2, "limit": 5, "count_limit": 10_000_000 - n * 100_000 - i}
                if i % 2:
                    url, params = f"{SYSTEM}/loops", {"max_length": 16, **bounds}
                else:
                    url, params = f"{SYSTEM}/paths", {"from": "1", "to": "108", "max_length": 20, **bounds}
                started = time.perf_counter()
                answer = await http.get(url, params=params)
                body = answer.json()
                rows.append((answer.status_code, time.perf_counter() - started,
                             body.get("seconds") if answer.status_code == 200 else body.get("error")))

    async def probe(until: float) -> None:
        async with httpx.AsyncClient(base_url=base, timeout=30) as http:
            while time.perf_counter() < until:
                started = time.perf_counter()
                await http.get("/health")
                health.append(time.perf_counter() - started)
                await asyncio.sleep(0.2)

    until = time.perf_counter() + seconds
    if secrets:
        await asyncio.gather(*(client(n, until) for n in range(len(secrets))), probe(until))
    else:
        await probe(until)
    return rows, health


def main() -> None:
    with throwaway_neo4j() as settings:
        graph = connect(settings)
        apply_schema(graph)
        load_foresight(graph)
        save_system(graph, generated_system(5_000, 4))
        secrets = [keys.create_key(graph, None, "admin", name=f"probe {n}").secret for n in range(10)]
        graph.close()
        with served_api(settings) as base:
            auth = {"Authorization": f"Bearer {secrets[0]}"}
            for top in (10, 11, 12):
                started = time.perf_counter()
                answer = httpx.get(f"{base}/systems/gen5000/centrality", headers=auth, timeout=120,
                                   params={"measure": "degree", "top": top})
                took = time.perf_counter() - started
                print(f"degree on 5,000/20,000, top={top}: {answer.status_code} in {took:.3f} s")
            pid = httpx.get(f"{base}/health").json()["worker"]
            data = bomb()
            before = rss_mb(pid)
            answer = httpx.post(f"{base}/systems/import", params={"system_id": "bomb"}, headers=auth,
                                timeout=120, files={"files": ("bomb.xlsx", data, "application/octet-stream")})
            print(f"zip bomb ({len(data) / 1e6:.1f} MB, unpacks to 1.1 GB): {answer.status_code} "
                  f"{answer.json().get('error')}; API RSS {before:.0f} -> {rss_mb(pid):.0f} MB")
            before, sixty = rss_mb(pid), os.urandom(60 * 2**20)
            answer = httpx.post(f"{base}/systems/import", params={"system_id": "big"}, headers=auth,
                                timeout=120, files={"files": ("factors.csv", sixty, "text/csv")})
            print(f"60 MB upload: {answer.status_code} {answer.json().get('error')}; "
                  f"API RSS {before:.0f} -> {rss_mb(pid):.0f} MB")
            _, quiet = asyncio.run(flood(base, [], 10))
            rows, health = asyncio.run(flood(base, secrets, 20))
            done = [r for r in rows if r[0] == 200]
            refusals = Counter(r[2] for r in rows if r[0] != 200)
            print(f"flood, 10 clients with their own keys x 20 s: {len(rows)} requests, "
                  f"{dict(Counter(r[0] for r in rows))}, refusals {dict(refusals)}")
            if done:
                print(f"  analyses' own seconds: max {max(r[2] for r in done):.2f}; end to end (with the "
                      f"wait for a worker) max {max(r[1] for r in done):.2f} s")
            print(f"  /health p50/p95 before {pct(quiet, 50) * 1e3:.0f}/{pct(quiet, 95) * 1e3:.0f} ms, "
                  f"during {pct(health, 50) * 1e3:.0f}/{pct(health, 95) * 1e3:.0f} ms "
                  f"(max {max(health) * 1e3:.0f})")
            time.sleep(3)
            asker = threading.Thread(target=lambda: _give_up(base, auth))
            asker.start()
            time.sleep(0.4)
            during = cores_used(pid, 0.5)
            asker.join()
            print(f"client gone after 1 s of betweenness: workers {during:.2f} core before, "
                  f"{cores_used(pid, 0.5):.2f} in the next 0.5 s, {cores_used(pid, 0.5):.2f} in 0.5-1 s, "
                  f"{cores_used(pid, 1.0):.2f} in 1-2 s")
            local_neo4j.stop(_data_dir_of(settings.bolt_uri))
            for _ in range(3):
                started = time.perf_counter()
                answer = httpx.get(f"{base}/cycles", headers=auth, timeout=30)
                took = time.perf_counter() - started
                print(f"Neo4j down: {answer.status_code} {answer.json().get('error')} "
                      f"Retry-After={answer.headers.get('retry-after')} in {took:.2f} s")


def _give_up(base: str, auth: dict[str, str]) -> None:
    with contextlib.suppress(httpx.HTTPError):
        httpx.get(f"{base}/systems/gen5000/centrality", params={"measure": "betweenness"}, headers=auth,
                  timeout=1.0)


def _data_dir_of(bolt_uri: str) -> Path:
    """The throwaway Neo4j's folder (bench_support.throwaway_neo4j): the one serving this port."""
    port = int(bolt_uri.rsplit(":", 1)[1])
    for folder in Path(tempfile.gettempdir()).glob("hls-bench-*"):
        if local_neo4j.status(folder).port == port:
            return folder
    raise RuntimeError("the throwaway Neo4j's folder was not found")


if __name__ == "__main__":
    main()

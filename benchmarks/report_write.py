"""The report of ``make bench`` (benchmarks/report.py): ratios as Markdown tables next to their PNG
plots. Every ratio's two sides were measured in the same run, interleaved (medians)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from report_targets import SCALES, targets_section


def _plot(path: Path, title: str, groups: dict[str, list[float]], labels: list[str], ylabel: str,
          targets: list[tuple[float, str]] = (), log: bool = False) -> str:
    """A grouped bar chart (one group per label, one bar per series) saved as PNG; its file name."""
    import matplotlib

    matplotlib.use("Agg")  # no display: files only
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(8, 4))
    width = 0.8 / max(1, len(groups))
    for i, (series, values) in enumerate(groups.items()):
        ax.bar([x + i * width for x in range(len(labels))], values, width, label=series)
    for value, name in targets:
        ax.axhline(value, linestyle="--", linewidth=1, color="#c0392b")
        ax.text(0.99, value, name, transform=ax.get_yaxis_transform(), color="#c0392b", fontsize=8,
                ha="right", va="bottom")
    ax.set_xticks([x + width * (len(groups) - 1) / 2 for x in range(len(labels))], labels)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    if log:
        ax.set_yscale("log")
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)
    return f"report/{path.name}"


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f} ms"


def _questions(run: dict[str, Any], out: Path, lines: list[str]) -> None:
    sizes = [s for s in ("small", "large") if f"questions_{s}" in run]
    lines += ["## The two questions", "",
              "Endpoint = `GET` through uvicorn (a subprocess, HTTP on loopback, gzip accepted); raw driver "
              "= the same Cypher in one read transaction through the Python driver, records decoded, "
              "nothing shaped; networkx = the same learn-from-below answer computed on an in-memory "
              "networkx copy of the whole learning network (benchmarks/networkx_copy.py, checked to "
              "agree with the service). Endpoint rows are COLD answers (the first after a write, which "
              "the benchmark makes untimed before each: the API's answer cache cannot serve them); "
              "`cached` rows are the same request again on the unchanged database (served from the "
              "answer cache after one state check; where no `cached` row is given, the API had no "
              "cache).", "",
              "### Endpoint ÷ raw driver (target ≤ 1.2 at every scale)", "",
              "| size | question | " + " | ".join(SCALES) + " |", "|---|---|" + "---|" * len(SCALES)]
    groups: dict[str, list[float]] = {}
    for size in sizes:
        q = run[f"questions_{size}"]
        for question in ("learn", "enable"):
            ratios = [q[question][s]["endpoint"] / q[question][s]["raw"] for s in SCALES]
            groups[f"{question} ({size})"] = ratios
            lines.append(f"| {size} | {question} | " + " | ".join(
                f"{r:.2f} ({_ms(q[question][s]['endpoint'])} / {_ms(q[question][s]['raw'])})"
                for r, s in zip(ratios, SCALES, strict=True)) + " |")
            if "cached" in q[question][SCALES[0]]:
                cached = [q[question][s]["cached"] / q[question][s]["raw"] for s in SCALES]
                groups[f"{question} cached ({size})"] = cached
                lines.append(f"| {size} | {question}, cached | " + " | ".join(
                    f"{r:.2f} ({_ms(q[question][s]['cached'])})" for r, s in zip(cached, SCALES, strict=True))
                    + " |")
            if "before" in q[question][SCALES[0]]:
                lines.append(f"| {size} | {question}, before | " + " | ".join(
                    f"{q[question][s]['before'] / q[question][s]['before_raw']:.2f} "
                    f"({_ms(q[question][s]['before'])}; after ÷ before "
                    f"{q[question][s]['endpoint'] / q[question][s]['before']:.2f})" for s in SCALES) + " |")
    png = _plot(out / "endpoint_vs_raw.png", "Endpoint ÷ raw driver", groups, SCALES, "ratio",
                [(1.2, "target 1.2")])
    lines += ["", f"![endpoint ÷ raw driver]({png})", "",
              "### Learn from below ÷ networkx in-memory (targets: region ≤ 1.0, team ≤ 2)", "",
              "| size | measured | " + " | ".join(SCALES) + " |", "|---|---|" + "---|" * len(SCALES)]
    groups = {}
    for size in sizes:
        learn = run[f"questions_{size}"]["learn"]
        for what in ("endpoint", "cached", "function"):
            if what not in learn[SCALES[0]]:
                continue
            ratios = [learn[s][what] / learn[s]["networkx"] for s in SCALES]
            groups[f"{what} ({size})"] = ratios
            lines.append(f"| {size} | {what} ÷ networkx | " + " | ".join(
                f"{r:.2f} ({_ms(learn[s][what])} / {_ms(learn[s]['networkx'])})"
                for r, s in zip(ratios, SCALES, strict=True)) + " |")
    png = _plot(out / "vs_networkx.png", "Learn from below ÷ networkx in-memory", groups, SCALES, "ratio",
                [(1.0, "region target 1.0"), (2.0, "team target 2")], log=True)
    lines += ["", f"![ours ÷ networkx]({png})", "",
              "Answer sizes (learn from below, default `provenance_limit`): " + "; ".join(
                  f"{size} {s} {run[f'questions_{size}']['learn'][s]['bytes'] / 1024:,.0f} KB "
                  f"({run[f'questions_{size}']['learn'][s]['wire_bytes'] / 1024:,.0f} KB gzipped)"
                  for size in sizes for s in ("place", "region")), ""]
    if len(sizes) == 2:
        small, large = run["questions_small"], run["questions_large"]
        lines += [f"### Locality: the same cycles at {run['sizes']['large']['cycles']:,} ÷ "
                  f"{run['sizes']['small']['cycles']:,} cycles (1.0 = cost follows the subgraph below)",
                  "", "| question | measured | " + " | ".join(SCALES) + " |",
                  "|---|---|" + "---|" * len(SCALES)]
        groups = {}
        for question in ("learn", "enable"):
            for what in ("endpoint", "raw"):
                ratios = [large[question][s][what] / small[question][s][what] for s in SCALES]
                groups[f"{question} {what}"] = ratios
                lines.append(f"| {question} | {what} | " + " | ".join(f"{r:.2f}" for r in ratios) + " |")
        png = _plot(out / "locality.png", "Locality (large ÷ small)", groups, SCALES, "ratio", [(1.0, "1.0")])
        lines += ["", f"![locality]({png})", ""]


def _clients(run: dict[str, Any], out: Path, lines: list[str]) -> None:
    c = run.get("clients")
    if not c:
        return
    runs = c.get("runs", [c])  # several runs, or one (an older figures.json)
    n = runs[0]["clients"]
    lines += [f"## 1 vs {n} clients (the question mix; API workers and answer cache as marked)", "",
              "Answer cache on: no write during the run, so after the first answer of each question the "
              "answers come from the cache (a cached figure); off: `HLS_ANSWER_CACHE_BYTES=0`, every "
              "answer read from Neo4j.", "",
              f"| workers | answer cache | 1 client req/s | p50 | p99 | {n} clients req/s | p50 | p99 | "
              f"errors | {n} ÷ 1 |", "|---|---|---|---|---|---|---|---|---|---|"]
    groups: dict[str, list[float]] = {}
    for r in runs:
        one, many = r["one"], r["many"]
        cache = "on" if r.get("cache", False) else "off"
        lines.append(f"| {r['workers']} | {cache} | {one['throughput']:.1f} | {_ms(one['p50'])} | "
                     f"{_ms(one['p99'])} | {many['throughput']:.1f} | {_ms(many['p50'])} | "
                     f"{_ms(many['p99'])} | {one['errors'] + many['errors']:.0f} | **{r['ratio']:.2f}** |")
        groups[f"{r['workers']} worker(s), cache {cache}"] = [one["throughput"], many["throughput"]]
    lines += ["", f"Target: {n} clients ≥ 1.8× the throughput of 1 on 2 cores."]
    png = _plot(out / "clients.png", f"1 vs {n} clients (requests/s)", groups, ["1", str(n)],
                "requests/s", log=True)
    lines += ["", f"![clients]({png})", ""]


def _systems(run: dict[str, Any], out: Path, lines: list[str]) -> None:
    s = run.get("systems")
    if not s:
        return
    sizes = sorted(s)
    lines += ["## Outcome systems: analysis and map, cold vs cached", "",
              "Cold = just after a write (read, compute, lay out); cached = the system unchanged (the "
              "projection, the answer and the map page kept per database state). Analysis = degree "
              "centrality through the API; networkx = the same function on an in-memory copy. Targets: "
              "repeated analysis of a 2,000-factor system ≤ 2× networkx; cached 2,000-factor map ≤ 0.3 s.",
              "", "| factors | analysis cold | cached | networkx | cached ÷ networkx | map cold | "
              "map cached | map cold ÷ cached | map KB |", "|---|---|---|---|---|---|---|---|---|"]
    for n in sizes:
        r = s[n]
        lines.append(f"| {n:,} | {_ms(r['analysis_cold'])} | {_ms(r['analysis_cached'])} | "
                     f"{_ms(r['networkx'])} | "
                     f"{r['analysis_cached'] / r['networkx']:.2f} | {_ms(r['map_cold'])} | "
                     f"{_ms(r['map_cached'])} | {r['map_cold'] / r['map_cached']:.1f} | "
                     f"{r['map_bytes'] / 1024:,.0f} |")
    png = _plot(out / "systems.png", "Outcome systems (ms, log scale)", {
        key: [s[n][key] * 1000 for n in sizes]
        for key in ("analysis_cold", "analysis_cached", "networkx", "map_cold", "map_cached")},
        [f"{n:,}" for n in sizes], "ms", [(300, "cached map target 0.3 s")], log=True)
    lines += ["", f"![systems]({png})", ""]


def _bulk(run: dict[str, Any], out: Path, lines: list[str]) -> None:
    lines += ["## Bulk writes: bulk API ÷ raw UNWIND ÷ per-record", ""]
    b = run.get("bulk")
    if not b:
        lines += ["not available (benchmarks/bulk.py is not in this checkout)", ""]
        return
    lines += [f"{b['cycles']} cycles = {b['rows']:,} rows; medians of {b['repeats']}.", "",
              "| way | rows/s |", "|---|---|"]
    lines += [f"| {way} | {rate:,.0f} |" for way, rate in b["rows_per_second"].items()]
    lines += ["", f"bulk API ÷ raw UNWIND **{b['bulk_api_vs_raw_unwind']:.2f}** (target ≥ 0.8; raw UNWIND "
              "writes the same nodes, labels, properties and relationships by hand, without checks or "
              "history); bulk API ÷ "
              f"per-request **{b['bulk_api_vs_per_request']:.0f}** (target ≥ 50)."]
    if "bulk_api_vs_raw_light" in b:
        lines += ["", f"Against the generator's lighter raw rows (no Entity label, no cycle elements, fewer "
                  f"properties): {b['bulk_api_vs_raw_light']:.2f}."]
    png = _plot(out / "bulk.png", "Bulk writes (rows/s)", {"rows/s": list(b["rows_per_second"].values())},
                list(b["rows_per_second"]), "rows/s", log=True)
    lines += ["", f"![bulk]({png})", ""]


def write_report(run: dict[str, Any], path: Path) -> str:
    """Write ``path`` (Markdown) and its PNGs in ``path.parent / 'report'``; the Markdown."""
    out = path.parent / "report"
    out.mkdir(exist_ok=True)
    sizes = ", ".join(f"{label} {v['cycles']:,} cycles / {v['experiments']:,} experiments / "
                      f"{v['evidence']:,} evidence" for label, v in run["sizes"].items())
    lines = ["# hls-graph benchmark report", "",
             f"Generated by `make bench` (benchmarks/report.py) on {run['started']}, {run['machine']}, "
             f"{run['cpus']} CPUs, in {run['minutes']} min. Sizes: {sizes}. Every ratio's two sides "
             f"were measured in this run, interleaved round by round ({run['rounds']} rounds, medians); "
             "milliseconds are for orientation only.", ""]
    if run.get("before"):
        lines += [f"`before` rows: the API and queries of {run['before']}, measured in the same rounds.", ""]
    lines += targets_section(run)
    _questions(run, out, lines)
    _clients(run, out, lines)
    _systems(run, out, lines)
    _bulk(run, out, lines)
    text = "\n".join(lines) + "\n"
    path.write_text(text, encoding="utf-8")
    return text

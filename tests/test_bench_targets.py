"""The benchmark report's "targets at a glance" (benchmarks/report_targets.py): each target judged by
its worst cell, and the committed report saying what its own figures say."""

from __future__ import annotations

import json
from pathlib import Path

from benchmarks.report_targets import target_rows, targets_section

ROOT = Path(__file__).resolve().parents[1]


def _questions(endpoint: float, raw: float) -> dict:
    row = {"endpoint": endpoint, "cached": endpoint / 4, "raw": raw, "function": raw, "networkx": raw}
    return {question: {scale: dict(row) for scale in ("team", "organisation", "place", "region")}
            for question in ("learn", "enable")}


def test_a_target_is_met_only_when_every_cell_meets_it() -> None:
    run = {"questions_small": _questions(1.0, 1.0), "questions_large": _questions(1.0, 1.0)}
    run["questions_large"]["enable"]["place"]["endpoint"] = 1.3  # one cell over 1.2
    rows = {target: (measured, met) for target, measured, met in target_rows(run)}
    learn, enable = (rows[f"{q} endpoint ÷ raw driver ≤ 1.2, every scale, cold"] for q in ("learn", "enable"))
    assert learn == ("1.00 (small team); 8 of 8 met", True)
    assert enable == ("1.30 (large place); 7 of 8 met", False)


def test_at_least_targets_take_the_lowest_and_parts_not_run_are_left_out() -> None:
    run = {"bulk": {"bulk_api_vs_raw_unwind": 0.81, "bulk_api_vs_per_request": 49.0},
           "clients": {"runs": [{"clients": 8, "workers": 1, "cache": True, "ratio": 1.1},
                                {"clients": 8, "workers": 2, "cache": True, "ratio": 1.9}]}}
    rows = {target: met for target, _, met in target_rows(run)}
    assert rows == {"bulk API ÷ raw batched UNWIND ≥ 0.8": True, "bulk API ÷ per-request ≥ 50": False,
                    "8 clients ÷ 1 ≥ 1.8 (2 workers, answer cache on)": True}


def test_the_committed_report_states_its_own_figures_targets() -> None:
    figures = json.loads((ROOT / "benchmarks" / "report" / "figures.json").read_text(encoding="utf-8"))
    report = (ROOT / "benchmarks" / "report.md").read_text(encoding="utf-8")
    assert "\n".join(targets_section(figures)) in report

"""Learn from below on the demo learning stack, at every scale, exactly as docs/demo-stack.md
("Expected answers", worked out by hand) states it. Id lists the sheet gives as sets are compared as
sets; the order of patterns and recurring items is the documented ranking. Enable below on the demo:
tests/test_questions_demo_enable.py."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from graph.core.db import Graph
from graph.learning.questions import learn_from_below
from tests.questions_world import fresh_demo

# Factor names as the sheet writes them (household-debt and the Foresight obesity map).
ADVICE, REPAY, BENEFIT = "Access to independent advice", "Affordable repayment plan", "Benefit take-up"
TAX, ENFORCE, ENGAGE = "Council tax arrears", "Enforcement action", "Engagement with the council"
INCOME, RENT, STRESS, COST = "Household income", "Rent arrears", "Household stress", "Cost of collection"
EVICTION, INGREDIENTS, LITERACY = "Risk of eviction", "Cost of ingredients", "Food literacy"
ACCESS = "Accessibility to opportunities for physical exercise"
RECREATION, ACTIVITY = "Level of recreational activity", "Physical activity"
WALKABLE = "Walkability of living environment"
HELP_FIRST_ALL = {REPAY, BENEFIT, TAX, ENFORCE, ENGAGE, RENT}
BENEFIT_CHECK_ALL = {ADVICE, BENEFIT, ENGAGE, INCOME}
WALKING = {ACCESS, RECREATION, ACTIVITY, WALKABLE}
NAMED_WORKER_HW = {INGREDIENTS, LITERACY, RECREATION, ACTIVITY, WALKABLE}
NAMED_WORKER_ALL = NAMED_WORKER_HW | {ADVICE, REPAY, BENEFIT, ENFORCE, ENGAGE}
PERSONS = ("pract-amy pract-ben pract-cara pract-dev pract-erin pract-fay pract-gus pract-gina pract-hal "
           "pract-ivy")


def ids(text: str) -> set[str]:
    return set(text.split())


def counts(text: str) -> dict[tuple[str, str], int]:
    """The sheet's evidence breakdown, e.g. "Q public 5, N cycle 4" -> {("Q", "public"): 5, ...}."""
    return {(k, s): int(n) for k, s, n in (part.split() for part in text.split(","))}


@pytest.fixture(scope="module")
def demo(graph: Graph) -> Graph:
    return fresh_demo(graph)


def patterns(answer: dict) -> list[tuple]:
    """(id, lower cycles, supporting, contradicting, scales, factor names) in ranked order."""
    return [(p["id"].removeprefix("pat-"), set(p["lower_cycles"]), p["supporting"], p["contradicting"],
             {s["id"] for s in p["scales"]}, {f["name"] for f in p["factors"]}) for p in answer["patterns"]]


def recurring(answer: dict) -> list[tuple]:
    return [(r["kind"], r["id"], set(r["cycles"])) for r in answer["recurring"]]


def coverage(graph: Graph, cycle_id: str, depth: int | None = None) -> tuple:
    """(cycles per scale, experiments per non-zero status, evidence per (kind, sensitivity))."""
    row = graph.read("questions/learn_from_below_coverage", cycle_id=cycle_id, depth=depth,
                     include_peers=False)[0]
    answer = learn_from_below(graph, cycle_id, depth=depth)["coverage"]
    assert answer["evidence"] == sum(e["count"] for e in row["evidence_counts"])
    return (
        {s["scale"]: s["count"] for s in answer["cycles_by_scale"]},
        {status: n for status, n in answer["experiments_by_status"].items() if n},
        {(e["kind"][0].upper(), e["sensitivity"]): e["count"] for e in row["evidence_counts"]},
    )


# The place's ranked answer (the council and the region share some of its rows).
PLACE_PATTERNS = [
    ("help-first-engagement", ids("ctax-team welfare-team pract-amy pract-ben pract-cara pract-dev"), 10, 1,
     {"person", "team"}, HELP_FIRST_ALL),
    ("benefit-check-income", ids("welfare-team pract-amy pract-dev pract-erin"), 5, 1, {"person", "team"},
     BENEFIT_CHECK_ALL),
    ("named-worker-relationship", ids("pract-ben pract-erin pract-gina pract-hal"), 5, 1, {"person"},
     NAMED_WORKER_ALL),
    ("enforcement-costs-more", ids("gateshead-council ctax-team pract-ben"), 5, 0,
     {"person", "team", "organisation"}, {COST, TAX, ENFORCE}),
    ("resident-led-walking", ids("hw-team pract-gina pract-hal"), 5, 1, {"person", "team"}, WALKING),
    ("cook-eat-cost", ids("hw-team pract-ivy"), 4, 1, {"person", "team"}, {INGREDIENTS, LITERACY}),
    ("rent-rule-undoes-progress", ids("pract-amy pract-dev"), 2, 0, {"person"}, {BENEFIT, RENT}),
    ("pooled-budget-speed", {"welfare-team"}, 2, 1, {"team"}, {STRESS, RENT}),
    ("text-reminders-enough", {"gateshead-council"}, 1, 2, {"person", "organisation"}, {ENGAGE}),
]
NEWCASTLE_PATTERNS = [
    ("advice-in-gp-surgeries", ids("newc-advice-team pract-fay pract-gus"), 4, 0, {"person", "team"},
     {ADVICE, BENEFIT}),
    ("benefit-check-income", {"pract-fay"}, 1, 0, {"person"}, {ADVICE, BENEFIT}),
    ("help-first-engagement", set(), 0, 1, {"person"}, {ENGAGE}),
]


@pytest.mark.parametrize("cycle_id", PERSONS.split())
def test_practitioners_have_nothing_below(demo: Graph, cycle_id: str) -> None:
    answer = learn_from_below(demo, cycle_id, min_cycles=0)
    assert (answer["patterns"], answer["recurring"]) == ([], [])
    cover = answer["coverage"]
    assert (cover["cycles"], cover["experiments"], cover["evidence"]) == (0, 0, 0)


def test_ctax_team(demo: Graph) -> None:
    answer = learn_from_below(demo, "ctax-team", min_cycles=0)
    assert patterns(answer) == [
        ("help-first-engagement", ids("pract-amy pract-ben pract-cara"), 6, 1, {"person"},
         {REPAY, ENFORCE, ENGAGE}),
        ("enforcement-costs-more", {"pract-ben"}, 2, 0, {"person"}, {COST, ENFORCE}),
        ("named-worker-relationship", {"pract-ben"}, 2, 0, {"person"}, {REPAY, ENFORCE, ENGAGE}),
        ("benefit-check-income", {"pract-amy"}, 1, 0, {"person"}, {BENEFIT}),
        ("rent-rule-undoes-progress", {"pract-amy"}, 1, 0, {"person"}, {BENEFIT}),
        ("text-reminders-enough", set(), 0, 2, {"person"}, {ENGAGE}),
    ]
    chains = answer["patterns"][0]["provenance"]
    assert {c["evidence"] for c in chains if c["stance"] == "supports"} == ids(
        "ev-ben-call-1-engaged ev-ben-call-1-story ev-ben-call-2-kept ev-amy-call-1-engaged "
        "ev-amy-call-1-story ev-cara-call-1-engaged")
    assert [c["evidence"] for c in chains if c["stance"] == "contradicts"] == ["ev-cara-call-1-hung-up"]
    assert [p["id"] for p in learn_from_below(demo, "ctax-team", min_cycles=2)["patterns"]] == [
        "pat-help-first-engagement"]
    assert recurring(answer) == [("factor", "household-debt:household-stress", ids("pract-amy pract-cara")),
                                 ("outcome", "referred_to_food_bank", ids("pract-amy pract-cara"))]
    assert coverage(demo, "ctax-team") == ({"person": 3}, {"completed": 9, "abandoned": 1}, counts(
        "Q public 5, Q network 3, N personal 3, N cycle 4, N network 1"))


def test_welfare_team(demo: Graph) -> None:
    answer = learn_from_below(demo, "welfare-team", min_cycles=0)
    assert patterns(answer) == [
        ("benefit-check-income", ids("pract-dev pract-erin"), 3, 1, {"person"}, {ADVICE, BENEFIT, INCOME}),
        ("help-first-engagement", {"pract-dev"}, 1, 0, {"person"}, {BENEFIT, RENT}),
        ("named-worker-relationship", {"pract-erin"}, 1, 0, {"person"}, {ADVICE, BENEFIT}),
        ("rent-rule-undoes-progress", {"pract-dev"}, 1, 0, {"person"}, {BENEFIT, RENT}),
    ]
    assert recurring(answer) == [("factor", "household-debt:wellbeing", ids("pract-dev pract-erin"))]
    assert coverage(demo, "welfare-team") == (
        {"person": 2}, {"completed": 4, "running": 1, "planned": 1},
        counts("Q public 2, Q network 2, Q cycle 1, N personal 2, N cycle 2"))


def test_hw_team(demo: Graph) -> None:
    answer = learn_from_below(demo, "hw-team", min_cycles=0)
    assert patterns(answer) == [
        ("resident-led-walking", ids("pract-gina pract-hal"), 4, 0, {"person"},
         {RECREATION, ACTIVITY, WALKABLE}),
        ("named-worker-relationship", ids("pract-gina pract-hal"), 2, 1, {"person"}, NAMED_WORKER_HW),
        ("cook-eat-cost", {"pract-ivy"}, 3, 1, {"person"}, {INGREDIENTS, LITERACY}),
    ]
    assert recurring(answer) == [("factor", "foresight-obesity:17", ids("pract-gina pract-hal")),
                                 ("outcome", "low_attendance_winter", ids("pract-hal pract-ivy"))]
    assert answer["recurring"][0]["name"] == "Perceived danger in environment"
    assert coverage(demo, "hw-team") == (
        {"person": 3}, {"completed": 7, "abandoned": 2, "planned": 1},
        counts("Q public 4, Q network 3, N personal 2, N network 2, N cycle 2"))


def test_newc_advice_team(demo: Graph) -> None:
    answer = learn_from_below(demo, "newc-advice-team", min_cycles=0)
    assert patterns(answer) == [
        ("advice-in-gp-surgeries", ids("pract-fay pract-gus"), 3, 0, {"person"}, {ADVICE, BENEFIT}),
        ("benefit-check-income", {"pract-fay"}, 1, 0, {"person"}, {ADVICE, BENEFIT}),
        ("help-first-engagement", set(), 0, 1, {"person"}, {ENGAGE}),
    ]
    assert recurring(answer) == [("outcome", "language_barrier_found", ids("pract-fay pract-gus"))]
    assert coverage(demo, "newc-advice-team") == ({"person": 2}, {"completed": 5}, counts(
        "Q public 2, Q network 2, N network 1, N personal 1, N cycle 1"))


def test_gateshead_council(demo: Graph) -> None:
    answer = learn_from_below(demo, "gateshead-council", min_cycles=0)
    assert patterns(answer) == [
        PLACE_PATTERNS[0], PLACE_PATTERNS[1],
        ("enforcement-costs-more", ids("ctax-team pract-ben"), 3, 0, {"person", "team"},
         {COST, TAX, ENFORCE}),
        ("named-worker-relationship", ids("pract-ben pract-erin"), 3, 0, {"person"},
         {ADVICE, REPAY, BENEFIT, ENFORCE, ENGAGE}),
        ("rent-rule-undoes-progress", ids("pract-amy pract-dev"), 2, 0, {"person"}, {BENEFIT, RENT}),
        ("pooled-budget-speed", {"welfare-team"}, 2, 1, {"team"}, {STRESS, RENT}),
        ("text-reminders-enough", set(), 0, 2, {"person"}, {ENGAGE}),
    ]
    assert recurring(answer) == [("factor", "household-debt:wellbeing", ids("pract-dev pract-erin")),
                                 ("outcome", "referred_to_food_bank", ids("pract-amy pract-cara"))]
    assert coverage(demo, "gateshead-council") == (
        {"team": 2, "person": 5}, {"completed": 16, "running": 2, "abandoned": 1, "planned": 1},
        counts("Q public 8, Q network 8, Q cycle 1, N personal 6, N cycle 7, N network 1, N public 1"))


def test_gateshead_nhs(demo: Graph) -> None:
    answer = learn_from_below(demo, "gateshead-nhs", min_cycles=0)
    assert patterns(answer) == [
        ("resident-led-walking", ids("hw-team pract-gina pract-hal"), 5, 1, {"person", "team"}, WALKING),
        ("cook-eat-cost", ids("hw-team pract-ivy"), 4, 1, {"person", "team"}, {INGREDIENTS, LITERACY}),
        ("named-worker-relationship", ids("pract-gina pract-hal"), 2, 1, {"person"}, NAMED_WORKER_HW),
    ]
    assert recurring(answer) == [("factor", "foresight-obesity:17", ids("pract-gina pract-hal")),
                                 ("outcome", "low_attendance_winter", ids("pract-hal pract-ivy"))]
    assert coverage(demo, "gateshead-nhs") == (
        {"team": 1, "person": 3}, {"completed": 8, "abandoned": 2, "running": 1, "planned": 1},
        counts("Q public 5, Q network 4, N personal 2, N network 3, N cycle 2"))


def test_gateshead_place(demo: Graph) -> None:
    answer = learn_from_below(demo, "gateshead-place", min_cycles=0)
    assert patterns(answer) == PLACE_PATTERNS
    assert [p["id"] for p in learn_from_below(demo, "gateshead-place", min_cycles=3)["patterns"]] == [
        "pat-" + p[0] for p in PLACE_PATTERNS[:5]]
    assert recurring(answer) == [
        ("factor", "foresight-obesity:17", ids("pract-gina pract-hal")),
        ("factor", "foresight-obesity:90", ids("pract-erin pract-gina")),
        ("factor", "household-debt:wellbeing", ids("pract-dev pract-erin")),
        ("outcome", "low_attendance_winter", ids("pract-hal pract-ivy")),
        ("outcome", "referred_to_food_bank", ids("pract-amy pract-cara")),
    ]
    assert set(answer["recurring"][1]["experiments"]) == ids("exp-erin-healthy-start exp-gina-family-budget")
    # The diamond: welfare-team, pract-dev and pract-erin reach the place by two routes, counted once.
    assert coverage(demo, "gateshead-place") == (
        {"organisation": 2, "team": 3, "person": 8},
        {"completed": 26, "abandoned": 3, "running": 3, "planned": 2},
        counts("Q public 15, Q network 12, Q cycle 1, N personal 8, N cycle 9, N network 5, N public 1"))


def test_gateshead_place_depths(demo: Graph) -> None:
    answer = learn_from_below(demo, "gateshead-place", depth=1, min_cycles=0)
    assert patterns(answer) == [
        ("enforcement-costs-more", {"gateshead-council"}, 2, 0, {"organisation"}, {COST}),
        ("help-first-engagement", {"welfare-team"}, 2, 0, {"team"}, {BENEFIT, ENGAGE}),
        ("pooled-budget-speed", {"welfare-team"}, 2, 0, {"team"}, {STRESS, RENT}),
        ("benefit-check-income", {"welfare-team"}, 1, 0, {"team"}, {BENEFIT, ENGAGE}),
        ("text-reminders-enough", {"gateshead-council"}, 1, 0, {"organisation"}, {ENGAGE}),
    ]
    assert answer["recurring"] == []
    assert coverage(demo, "gateshead-place", depth=1) == (
        {"organisation": 2, "team": 1}, {"completed": 4},
        counts("Q public 2, Q network 2, N public 1, N personal 1, N network 1"))
    depth2 = learn_from_below(demo, "gateshead-place", depth=2)["coverage"]["cycles_by_scale"]
    assert {s["scale"]: set(s["cycles"]) for s in depth2} == {
        "organisation": ids("gateshead-council gateshead-nhs"),
        "team": ids("ctax-team welfare-team hw-team"),
        "person": ids("pract-dev pract-erin"),
    }


def test_newcastle_place_and_peer_learning(demo: Graph) -> None:
    answer = learn_from_below(demo, "newcastle-place", min_cycles=0)
    assert patterns(answer) == NEWCASTLE_PATTERNS
    assert recurring(answer) == [("outcome", "language_barrier_found", ids("pract-fay pract-gus"))]
    assert coverage(demo, "newcastle-place") == ({"team": 1, "person": 2}, {"completed": 6}, counts(
        "Q public 3, Q network 2, N network 1, N personal 1, N cycle 1"))
    # Horizontal learning: gateshead-place's peer group is newcastle-place and the cycles below it.
    with_peers = learn_from_below(demo, "gateshead-place", min_cycles=0, include_peers=True)
    assert patterns(with_peers) == PLACE_PATTERNS
    [peer] = with_peers["peers"]
    assert (peer["peer"], peer["via"]) == ("newcastle-place", "peer")
    assert patterns(peer) == NEWCASTLE_PATTERNS
    assert {(p["via"], p["peer"]) for p in peer["patterns"]} == {("peer", "newcastle-place")}


def test_ne_region(demo: Graph, session_client: TestClient) -> None:
    answer = session_client.get("/cycles/ne-region/learn-from-below", params={"min_cycles": 0}).json()
    assert patterns(answer) == [
        (*PLACE_PATTERNS[0][:3], 2, *PLACE_PATTERNS[0][4:]),  # + Newcastle's ev-gus-cold-calls-engaged
        ("benefit-check-income", ids("welfare-team pract-amy pract-dev pract-erin pract-fay"), 6, 1,
         {"person", "team"}, BENEFIT_CHECK_ALL),
        PLACE_PATTERNS[2], PLACE_PATTERNS[3], PLACE_PATTERNS[4],
        NEWCASTLE_PATTERNS[0],
        ("rent-rule-undoes-progress", ids("gateshead-place pract-amy pract-dev"), 3, 0, {"person", "place"},
         {BENEFIT, RENT, EVICTION}),
        PLACE_PATTERNS[5],
        ("pooled-budget-speed", ids("gateshead-place welfare-team"), 4, 1, {"team", "place"}, {STRESS, RENT}),
        PLACE_PATTERNS[8],
    ]
    assert recurring(answer) == [
        ("factor", "foresight-obesity:17", ids("pract-gina pract-hal")),
        ("factor", "foresight-obesity:90", ids("pract-erin pract-gina")),
        ("factor", "household-debt:wellbeing", ids("pract-dev pract-erin")),
        ("outcome", "language_barrier_found", ids("pract-fay pract-gus")),
        ("outcome", "low_attendance_winter", ids("pract-hal pract-ivy")),
        ("outcome", "referred_to_food_bank", ids("pract-amy pract-cara")),
    ]
    assert coverage(demo, "ne-region") == (
        {"place": 2, "organisation": 2, "team": 4, "person": 10},
        {"completed": 33, "running": 4, "abandoned": 3, "planned": 2},
        counts("Q public 19, Q network 15, Q cycle 1, N public 1, N network 6, N cycle 11, N personal 9"))

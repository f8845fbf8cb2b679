"""The constructed learning graph the question tests ask about; every expected number in
``tests/test_questions_*.py`` was worked out BY HAND from this picture.

Vertical (FEEDS_INTO, lower -> upper)::

    person        p1 ──┬──> t1 <── p3        p2 ──> t2        p4 ──> t3
                       └──────────────────> t2
    team          t1 ──> o,  t2 ──> o,  t3 ──> o2
    organisation  o ──> pl,  o2 ──> pl          (o2 PEER_OF o, stored o2 -> o)
    place         pl ──> r
    region        r

``p1`` reaches ``o`` by two routes (p1->t1->o and p1->t2->o): the diamond.

Experiments (cycle:x#, status, factors, outcome) and evidence (sensitivity, kind) -> patterns:

    p1:x1 completed debt        paused    p1:e1 public narrative          A+
                                          p1:e2 personal narrative        A+   (SECRET-P1 …)
    p1:x2 running   transport   -
    p2:x1 completed debt,income paused    p2:e1 network quantitative 12   A+ D+
    p2:x2 planned   benefits    -
    p3:x1 completed housing     referred  p3:e1 cycle quantitative 4242.5 B+ E-  (SECRET-P3 …)
    p3:x2 abandoned transport   waived    p3:e2 public narrative          (no pattern)
    t1:x1 completed income      -         t1:e1 public narrative          A- C+
    t2:x1 running   housing     referred  t2:e1 public quantitative 5     B+
    t2:x2 completed transport   waived
    o:x1  completed debt,benefits         o:e1  public narrative          A+
    o2:x1 completed staffing
    t3:x1 completed debt                  t3:e1 public narrative          C+
    t3:x2 completed transport             t3:e2 public narrative          F+
    p4:x1 completed housing     referred  p4:e1 personal narrative        C+   (SECRET-P4 …)
    p4:x2 completed staffing

Conditions (kind, status, raised_at, raised by, BLOCKS/SUPPORTS, ACTS_ON):

    bar-a   barrier open     2024-03-01 p1      blocks p1:x1 p2:x1 t1   o, o2, pl, t1, t3 remove
    bar-b   barrier acting   2023-06-01 t2, p3  blocks t2 p3            r remove
    bar-c   barrier open     2023-01-01 p2      blocks p3:x1 t2         -
    bar-d   barrier open     2022-01-01 p1      -                       -
    bar-e   barrier open     2021-01-01 o       blocks t1:x1            -
    bar-f   barrier open     2024-01-01 pl      blocks p1               -
    bar-far barrier open     2024-01-01 t3      blocks t3:x1            -
    en-a    enabler open     2024-02-01 t1      supports p1 p3 t1:x1    o nurture
    en-b    enabler acting   2023-02-01 p2      supports p2             o2, pl nurture
    en-c    enabler open     2024-02-01 t2      supports t2:x1          -
    res-a   barrier resolved 2022-05-01 p1      blocks p1               o remove  (resolved by o)
    res-b   enabler resolved 2022-06-01 t2      supports t2             pl nurture (resolved by pl)
"""

from __future__ import annotations

from graph.core.db import Graph, apply_schema
from graph.datasets.demo import load_demo
from tests.builders import Builder

# Texts and values of restricted evidence, by producing cycle: they must reach no one else.
RESTRICTED = {
    "p1": ["SECRET-P1 Mrs B lost her job"],
    "p3": ["SECRET-P3 note on the household", "SECRET-UNIT", "4242.5"],
    "p4": ["SECRET-P4 Mr C faces eviction"],
}
CYCLES = ["p1", "p2", "p3", "p4", "t1", "t2", "t3", "o", "o2", "pl", "r"]


def build_world(graph: Graph) -> None:
    b = Builder(graph)
    for cycle_id, scale in [
        ("p1", "person"), ("p2", "person"), ("p3", "person"), ("p4", "person"),
        ("t1", "team"), ("t2", "team"), ("t3", "team"),
        ("o", "organisation"), ("o2", "organisation"), ("pl", "place"), ("r", "region"),
    ]:
        b.cycle(cycle_id, scale)
    for lower, upper in [
        ("p1", "t1"), ("p1", "t2"), ("p2", "t2"), ("p3", "t1"), ("p4", "t3"),
        ("t1", "o"), ("t2", "o"), ("t3", "o2"), ("o", "pl"), ("o2", "pl"), ("pl", "r"),
    ]:
        b.feeds(lower, upper)
    b.peer("o2", "o")

    b.experiment("p1:x1", "p1", factors=["f:debt"], outcome="paused")
    b.experiment("p1:x2", "p1", status="running", factors=["f:transport"])
    b.experiment("p2:x1", "p2", factors=["f:debt", "f:income"], outcome="paused")
    b.experiment("p2:x2", "p2", status="planned", factors=["f:benefits"])
    b.experiment("p3:x1", "p3", factors=["f:housing"], outcome="referred")
    b.experiment("p3:x2", "p3", status="abandoned", factors=["f:transport"], outcome="waived")
    b.experiment("t1:x1", "t1", factors=["f:income"])
    b.experiment("t2:x1", "t2", status="running", factors=["f:housing"], outcome="referred")
    b.experiment("t2:x2", "t2", factors=["f:transport"], outcome="waived")
    b.experiment("o:x1", "o", factors=["f:debt", "f:benefits"])
    b.experiment("o2:x1", "o2", factors=["f:staffing"])
    b.experiment("t3:x1", "t3", factors=["f:debt"])
    b.experiment("t3:x2", "t3", factors=["f:transport"])
    b.experiment("p4:x1", "p4", factors=["f:housing"], outcome="referred")
    b.experiment("p4:x2", "p4", factors=["f:staffing"])

    b.evidence("p1:e1", "p1:x1")
    b.evidence("p1:e2", "p1:x1", sensitivity="personal", text=RESTRICTED["p1"][0])
    b.evidence("p2:e1", "p2:x1", kind="quantitative", value=12, unit="households",
               sensitivity="network")
    b.evidence("p3:e1", "p3:x1", kind="quantitative", text=RESTRICTED["p3"][0], value=4242.5,
               unit="SECRET-UNIT", sensitivity="cycle")
    b.evidence("p3:e2", "p3:x2")
    b.evidence("t1:e1", "t1:x1")
    b.evidence("t2:e1", "t2:x1", kind="quantitative", value=5, unit="calls")
    b.evidence("o:e1", "o:x1")
    b.evidence("t3:e1", "t3:x1")
    b.evidence("t3:e2", "t3:x2")
    b.evidence("p4:e1", "p4:x1", sensitivity="personal", text=RESTRICTED["p4"][0])

    b.pattern("A", supports=["p1:e1", "p1:e2", "p2:e1", "o:e1"], contradicts=["t1:e1"])
    b.pattern("B", supports=["p3:e1", "t2:e1"])
    b.pattern("C", supports=["t1:e1", "t3:e1", "p4:e1"])
    b.pattern("D", supports=["p2:e1"])
    b.pattern("E", contradicts=["p3:e1"])
    b.pattern("F", supports=["t3:e2"])

    b.condition("bar-a", "barrier", raised_by="p1", raised_at="2024-03-01T00:00:00Z",
                blocks=["p1:x1", "p2:x1", "t1"])
    b.condition("bar-b", "barrier", raised_by="t2", status="acting", raised_at="2023-06-01T00:00:00Z",
                blocks=["t2", "p3"])
    b.raised("p3", "bar-b")
    b.condition("bar-c", "barrier", raised_by="p2", raised_at="2023-01-01T00:00:00Z",
                blocks=["p3:x1", "t2"])
    b.condition("bar-d", "barrier", raised_by="p1", raised_at="2022-01-01T00:00:00Z")
    b.condition("bar-e", "barrier", raised_by="o", raised_at="2021-01-01T00:00:00Z", blocks=["t1:x1"])
    b.condition("bar-f", "barrier", raised_by="pl", raised_at="2024-01-01T00:00:00Z", blocks=["p1"])
    b.condition("bar-far", "barrier", raised_by="t3", raised_at="2024-01-01T00:00:00Z",
                blocks=["t3:x1"])
    b.condition("en-a", "enabler", raised_by="t1", raised_at="2024-02-01T00:00:00Z",
                supports=["p1", "p3", "t1:x1"])
    b.condition("en-b", "enabler", raised_by="p2", status="acting", raised_at="2023-02-01T00:00:00Z",
                supports=["p2"])
    b.condition("en-c", "enabler", raised_by="t2", raised_at="2024-02-01T00:00:00Z",
                supports=["t2:x1"])
    b.condition("res-a", "barrier", raised_by="p1", status="resolved", raised_at="2022-05-01T00:00:00Z",
                blocks=["p1"], resolved_at="2023-05-01T00:00:00Z", resolved_by="o")
    b.condition("res-b", "enabler", raised_by="t2", status="resolved", raised_at="2022-06-01T00:00:00Z",
                supports=["t2"], resolved_at="2023-01-01T00:00:00Z", resolved_by="pl")
    for cycle_id in ["o", "o2", "pl", "t1", "t3"]:
        b.acts_on(cycle_id, "bar-a", "remove")
    b.acts_on("r", "bar-b", "remove")
    b.acts_on("o", "en-a", "nurture")
    b.acts_on("o2", "en-b", "nurture")
    b.acts_on("pl", "en-b", "nurture")
    b.acts_on("o", "res-a", "remove")
    b.acts_on("pl", "res-b", "nurture")


def fresh_world(graph: Graph) -> Graph:
    """Empty the database, re-apply the schema and the scales, and build the world above."""
    graph.write("schema/wipe_database")
    apply_schema(graph)
    build_world(graph)
    return graph


def fresh_demo(graph: Graph) -> Graph:
    """Empty the database, re-apply the schema and the scales, and load the demo stack."""
    graph.write("schema/wipe_database")
    apply_schema(graph)
    load_demo(graph)
    return graph

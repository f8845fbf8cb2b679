"""List pages filtered by a related node (an experiment's evidence, a cycle's experiments, the
cycles at a scale) start from that node (graph/learning/store.py ``KindQueries.anchored``): the same
rows as the kind's general page query, without reading every node of the kind (an experiment's
evidence among 172,000: 170 ms -> 5 ms)."""

from __future__ import annotations

import pytest

import queries
from graph.core.db import Graph
from graph.learning.store import KIND_QUERIES
from tests.questions_world import fresh_demo

# The kind of the node each anchoring filter names.
ANCHOR_KINDS = {"cycle": "cycle", "acted_on_by": "cycle", "experiment": "experiment", "evidence": "evidence",
                "session": "session", "scale": "scale"}
# Every filter of each kind's page query (a None filter matches everything).
FILTERS = {
    "scale": (),
    "cycle": ("scale", "status"), "actor": ("kind", "cycle"), "experiment": ("cycle", "status", "kind"),
    "evidence": ("experiment", "cycle", "kind", "sensitivity"), "pattern": ("status", "session", "evidence"),
    "session": ("cycle",), "decision": ("cycle", "kind"),
    "condition": ("cycle", "kind", "status", "acted_on_by"),
}
ANCHORED = [(kind, key, name) for kind, q in KIND_QUERIES.items() for key, name in q.anchored]


@pytest.fixture(scope="module")
def demo(graph: Graph) -> Graph:
    return fresh_demo(graph)


def test_every_anchored_kind_has_its_filters_listed() -> None:
    assert {kind for kind, _, _ in ANCHORED} == set(FILTERS) - {"scale"}
    assert all(key in FILTERS[kind] and key in ANCHOR_KINDS for kind, key, _ in ANCHORED)


@pytest.mark.parametrize(("kind", "key", "name"), ANCHORED, ids=[name for _, _, name in ANCHORED])
def test_an_anchored_page_answers_what_the_general_page_answers(demo: Graph, kind: str, key: str,
                                                                 name: str) -> None:
    """For every node the filter can name in the demo (and one that does not exist), on two page cuts."""
    of = ANCHOR_KINDS[key]
    every = demo.read(KIND_QUERIES[of].page, **dict.fromkeys(FILTERS[of]), limit=500, offset=0)[0]["ids"]
    assert every, f"the demo has no {of}"
    anchors = [*every, "no-such-id"]
    general = KIND_QUERIES[kind].page
    compared = 0
    for anchor in anchors:
        params = dict.fromkeys(FILTERS[kind]) | {key: anchor}
        for limit, offset in ((500, 0), (2, 1)):
            page = {"limit": limit, "offset": offset}
            assert demo.read(name, **params, **page) == demo.read(general, **params, **page), (anchor, page)
        compared += demo.read(general, **params, limit=1, offset=0)[0]["total"]
    assert compared > 0, f"no {kind} in the demo is reached through {key}: the comparison proves nothing"


def _source(step: dict) -> dict:
    """Where a plan's rows come from: the leaf reached by always following the left-hand child
    (the right-hand side of an Apply only checks each row, e.g. a filter's EXISTS)."""
    while step.get("children"):
        step = step["children"][0]
    return step


@pytest.mark.parametrize(("kind", "key", "name"), ANCHORED, ids=[name for _, _, name in ANCHORED])
def test_an_anchored_page_starts_from_its_anchor(graph: Graph, kind: str, key: str, name: str) -> None:
    """The rows come from the named node, sought through its id index (hinted, so that a test
    database's statistics cannot turn it into a scan of every node or relationship)."""
    text = "EXPLAIN " + queries.load(name)
    params = dict.fromkeys(FILTERS[kind]) | {key: "x", "limit": 5, "offset": 0}
    plan = graph.read_tx(lambda tx: tx.run(text, params).consume().plan)
    source = _source(plan)
    details = str(source.get("args", {}).get("Details", ""))
    assert "IndexSeek" in source["operatorType"] and "anchor" in details, (source["operatorType"], details)

"""Graph.read_parallel: one answer's independent reads side by side, each in its own read transaction
in a copy of the caller's context (learn-from-below reads through it: graph/learning/questions.py)."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from neo4j import ManagedTransaction

from graph.core import acting
from graph.core.db import Graph, read_states
from graph.core.errors import NotFound


def test_parts_answer_in_order_in_other_threads_with_the_callers_context(clean_graph: Graph) -> None:
    threads: list[str] = []
    callers: list[str | None] = []

    def part(n: int) -> Any:
        def work(tx: ManagedTransaction) -> int:
            threads.append(threading.current_thread().name)
            callers.append(acting.current().actor_id)
            return tx.run("RETURN $n AS n", n=n).single()["n"]
        return work

    someone = acting.Caller(actor_id="someone", role="reader", via="key")
    with acting.acting(someone), read_states() as seen:
        assert clean_graph.read_parallel([part(n) for n in range(4)]) == [0, 1, 2, 3]
    assert all(name.startswith("hls-read") for name in threads)
    assert callers == ["someone"] * 4  # each part read as the caller who asked
    assert seen == [clean_graph.version()] * 4  # every part's state, for the answer cache


def test_the_first_error_is_raised_after_every_part_finished(clean_graph: Graph) -> None:
    finished: list[str] = []

    def missing(tx: ManagedTransaction) -> None:
        raise NotFound("cycle", "nope")

    def slow(tx: ManagedTransaction) -> None:
        tx.run("UNWIND range(1, 20000) AS n RETURN count(n)").consume()
        finished.append("slow")

    with pytest.raises(NotFound):
        clean_graph.read_parallel([slow, missing])
    assert finished == ["slow"]

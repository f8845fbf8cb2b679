"""Bounded enumeration of simple paths of an exact length, shared by loops and paths.

A depth-first search over integer node indexes that never walks further than it can still come
back: it knows, for every node, the fewest links to the target (a reverse breadth-first search), and
prunes a step when even the shortest way on would exceed the length asked for. Successors are
visited in natural order, so paths come out in lexicographic order and answers are reproducible.
A :class:`Budget` stops the search after a number of results or seconds.

>>> succ = [[(1, 0)], [(2, 1)], [(0, 0)]]        # 0 → 1 -−→ 2 → 0
>>> dist = distances_to(predecessors(succ), target=0, bound=3)
>>> [(p, n) for p, n in paths_of_length(succ, 0, 0, 3, dist, Budget())]
[([0, 1, 2], 1)]
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from graph.analysis.common import UNKNOWN

Succ = list[list[tuple[int, int]]]  # (successor, weight: 0 +, 1 −, UNKNOWN ?)

# How many search steps pass between two looks at the clock (perf_counter is cheap, not free).
_CLOCK_EVERY = 2048


@dataclass
class Budget:
    """Stops a search after ``count_limit`` results or ``time_budget`` seconds (None: no bound).

    ``cut_by`` names the bound that stopped it: ``count_limit`` only once a result *beyond* the
    cap was found (so a cut always means more results exist), ``time_budget`` when time ran out.
    """

    count_limit: int | None = None
    time_budget: float | None = None
    counted: int = 0
    cut_by: str | None = None
    started: float = field(default_factory=time.perf_counter)
    _steps: int = 0

    @property
    def seconds(self) -> float:
        return time.perf_counter() - self.started

    def step(self) -> bool:
        """One search step; False once the time budget is spent."""
        self._steps += 1
        if self.time_budget is not None and self._steps % _CLOCK_EVERY == 0 \
                and self.seconds > self.time_budget:
            self.cut_by = "time_budget"
        return self.cut_by is None

    def expired(self) -> bool:
        """Look at the clock now (before a costly step the step counter does not see); True once
        the time budget is spent."""
        if self.time_budget is not None and self.cut_by is None and self.seconds > self.time_budget:
            self.cut_by = "time_budget"
        return self.cut_by is not None

    def take(self) -> bool:
        """A result was found: count it, or refuse it (and cut) when the cap is reached."""
        if self.count_limit is not None and self.counted >= self.count_limit:
            self.cut_by = "count_limit"
            return False
        self.counted += 1
        return True


def predecessors(succ: Succ) -> list[list[int]]:
    """The reverse adjacency of ``succ``."""
    pred: list[list[int]] = [[] for _ in succ]
    for u, outs in enumerate(succ):
        for v, _ in outs:
            pred[v].append(u)
    return pred


def distances_to(
    pred: list[list[int]], target: int, bound: int, allowed: Callable[[int], bool] = lambda _: True,
) -> dict[int, int]:
    """Fewest links from each node to ``target`` (up to ``bound``), through ``allowed`` nodes only."""
    dist = {target: 0}
    layer = [target]
    for d in range(1, bound + 1):
        nxt = []
        for v in layer:
            for u in pred[v]:
                if u not in dist and allowed(u):
                    dist[u] = d
                    nxt.append(u)
        if not nxt:
            break
        layer = nxt
    return dist


def paths_of_length(
    succ: Succ, source: int, target: int, length: int, dist: dict[int, int], budget: Budget,
    low: int = -1,
) -> Iterator[tuple[list[int], int]]:
    """Simple paths ``source → … → target`` of exactly ``length`` links, with the sum of their
    links' weights (negative links, plus UNKNOWN per unknown link).

    ``source == target`` gives loops (the path lists each node once, the closing link implied).
    Nodes between the ends must have an index above ``low`` (loops start at their lowest node)
    and a known ``dist``. Stops quietly when ``budget`` runs out; the caller reads ``budget.cut_by``.
    """
    loop = source == target
    path, negs = [source], [0]
    on_path = {source}
    stack = [iter(succ[source])]
    while stack:
        if not budget.step():
            return
        for w, neg in stack[-1]:
            links = len(path)  # links in the path once this step is taken
            if w == target:
                if links == length:
                    yield (list(path) if loop else [*path, target]), negs[-1] + neg
                continue
            if w <= low or w in on_path:
                continue
            to_go = dist.get(w)
            if to_go is None or links + to_go > length:
                continue
            path.append(w)
            negs.append(negs[-1] + neg)
            on_path.add(w)
            stack.append(iter(succ[w]))
            break
        else:
            stack.pop()
            on_path.discard(path.pop())
            negs.pop()


class Tally:
    """Results of an iterative-deepening search: counts per length and sign, the first ``limit``."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        # length → [even negatives, odd negatives, with an unknown link]
        self.counts: dict[int, list[int]] = {}
        self.listed: list[tuple[list[int], int]] = []
        self.done_up_to = 0

    @property
    def found(self) -> int:
        return sum(sum(c) for c in self.counts.values())

    def totals(self, even: str, odd: str, unknown: str) -> dict[str, int]:
        e, o, u = (sum(c[i] for c in self.counts.values()) for i in range(3))
        return {even: e, odd: o, unknown: u, "total": e + o + u}

    def by_length(self, even: str, odd: str, unknown: str) -> list[dict[str, int]]:
        return [{"length": n, even: c[0], odd: c[1], unknown: c[2], "total": sum(c)}
                for n, c in sorted(self.counts.items())]


def deepen(
    search: Callable[[int], Iterator[tuple[list[int], int]]], lengths: range, budget: Budget, limit: int,
) -> Tally:
    """Run ``search(length)`` for each length in turn (shortest first) until ``budget`` cuts.

    ``done_up_to`` is the last length whose results were all counted.
    """
    tally = Tally(limit)
    for length in lengths:
        for path, negs in search(length):
            if not budget.take():
                break
            negatives, unknowns = negs % UNKNOWN, negs // UNKNOWN
            tally.counts.setdefault(length, [0, 0, 0])[2 if unknowns else negatives % 2] += 1
            if len(tally.listed) < limit:
                tally.listed.append((path, negs))
        if budget.cut_by:
            return tally
        tally.done_up_to = length
    return tally


def bounds_report(
    budget: Budget, tally: Tally, max_length: int, max_length_note: str | None, noun: str,
) -> tuple[list[str], list[str]]:
    """Which bounds cut the answer, as codes (``cut_by``) and as sentences (``notes``).

    ``max_length_note`` says why longer results may exist (None: they cannot).
    """
    cut_by: list[str] = []
    notes: list[str] = []
    if max_length_note:
        cut_by.append("max_length")
        notes.append(f"max_length={max_length} bounded the search: {max_length_note}")
    stopped = {"count_limit": f"counting stopped at count_limit={budget.count_limit} {noun}",
               "time_budget": f"counting stopped after time_budget={budget.time_budget}s"}
    if budget.cut_by in stopped:
        cut_by.append(budget.cut_by)
        notes.append(f"{stopped[budget.cut_by]}; totals are exact up to length {tally.done_up_to} "
                     "and a lower bound beyond")
    if tally.found > tally.limit:
        cut_by.append("limit")
        notes.append(f"listing the first {tally.limit} of {tally.found} {noun} found (limit={tally.limit})")
    return cut_by, notes

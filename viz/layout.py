"""Node positions computed on the server, so a big map opens without the browser simulating physics.

- :func:`force_positions`: a vectorised Fruchterman-Reingold (numpy, a bounded number of iterations).
  networkx's ``spring_layout`` loops over nodes in Python above 500 nodes (~10 s for 2,000);
  this one approximates far repulsion by the centres of mass of grid cells (Barnes-Hut style) and
  takes well under a second for 2,000 nodes and 6,000 links.
- :func:`layered_positions`: nodes in rows (a learning stack: region on top, person at the bottom),
  ordered inside each row by the barycentre of their neighbours to keep links short.
- :func:`column_positions`: the same, in columns (trophic levels: causal flow left to right).

Coordinates are vis-network canvas pixels (y grows downwards).

>>> pos = layered_positions({"a": 0, "b": 1, "c": 1}, [("a", "b"), ("a", "c")])
>>> pos["a"][1] < pos["b"][1] == pos["c"][1]
True
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping

import numpy as np
from scipy.spatial import cKDTree

Position = tuple[float, float]
COLUMN_GAP = 220.0

def force_positions(
    ids: list[str], links: Iterable[tuple[str, str]], *, seed: int = 7, iterations: int = 60,
) -> dict[str, Position]:
    """Fruchterman-Reingold positions: nodes repel each other, links pull their ends together.

    Deterministic for a given ``seed``; each iteration costs O(n · cells + near pairs + links).
    """
    n = len(ids)
    if n == 0:
        return {}
    if n == 1:
        return {ids[0]: (0.0, 0.0)}
    index = {node: i for i, node in enumerate(ids)}
    pairs = np.array(
        [(index[a], index[b]) for a, b in links if a in index and b in index and a != b],
        dtype=np.int64,
    ).reshape(-1, 2)
    rng = np.random.default_rng(seed)
    pos = rng.random((n, 2))
    k = math.sqrt(1.0 / n)  # the ideal link length when n nodes share the unit square
    k2 = k * k
    temperature = 0.1
    cooling = temperature / (iterations + 1)
    for _ in range(iterations):
        disp = _repulsion(pos, k2, near_radius=3.0 * k)
        if len(pairs):
            delta = pos[pairs[:, 0]] - pos[pairs[:, 1]]
            dist = np.sqrt((delta * delta).sum(axis=1)) + 1e-9
            pull = delta * (dist / k)[:, None]
            np.subtract.at(disp, pairs[:, 0], pull)
            np.add.at(disp, pairs[:, 1], pull)
        length = np.sqrt((disp * disp).sum(axis=1))
        length = np.maximum(length, 1e-9)
        pos += disp * (np.minimum(length, temperature) / length)[:, None]
        temperature -= cooling
    return _to_canvas(ids, pos, spread=60.0 * math.sqrt(n))


def force_iterations(nodes: int) -> int:
    """50 iterations up to 2,000 nodes, then fewer (at least 20) so the time stays near a second."""
    return 50 if nodes <= 2000 else max(20, 100_000 // nodes)


def _repulsion(pos: np.ndarray, k2: float, near_radius: float) -> np.ndarray:
    """Σ_j (p_i - p_j) · k² / |p_i - p_j|² for every i, approximated à la Barnes-Hut: exact for
    pairs closer than the near radius (a k-d tree finds them), and from the centre of mass of the
    cells of a :data:`_GRID` × :data:`_GRID` grid over the nodes for everything further away."""
    n = len(pos)
    # the grid spans the bulk of the nodes (a few far outliers would make every cell huge);
    # outliers fall into the border cells
    low, high = np.percentile(pos, 2, axis=0), np.percentile(pos, 98, axis=0)
    side = max(float((high - low).max()) / _GRID, 1e-9)
    radius = max(near_radius, side)  # a cell's own members are always handled exactly
    disp = np.zeros_like(pos)
    near = cKDTree(pos).query_pairs(radius, output_type="ndarray")
    if len(near):
        i, j = near[:, 0], near[:, 1]
        delta = pos[i] - pos[j]
        push = delta * (k2 / np.maximum((delta * delta).sum(axis=1), 1e-9))[:, None]
        for axis in (0, 1):
            disp[:, axis] += np.bincount(i, push[:, axis], n) - np.bincount(j, push[:, axis], n)
    cell = np.clip(np.floor((pos - low) / side).astype(np.int64), 0, _GRID - 1)
    key = cell[:, 0] + _GRID * cell[:, 1]
    cells, owner, mass = np.unique(key, return_inverse=True, return_counts=True)
    centre = np.stack([np.bincount(owner, pos[:, axis], len(cells)) for axis in (0, 1)], axis=1)
    centre /= mass[:, None]
    dx = pos[:, 0, None] - centre[None, :, 0]
    dy = pos[:, 1, None] - centre[None, :, 1]
    d2 = dx * dx + dy * dy
    weight = (mass * k2) / np.maximum(d2, 1e-9)
    weight[d2 <= radius * radius] = 0.0
    # Σ_c w_ic (p_i − c): written out, not as a matrix product (BLAS threads only add overhead
    # for a 2,000 × 256 product, and stall badly on a busy machine)
    disp[:, 0] += (weight * dx).sum(axis=1)
    disp[:, 1] += (weight * dy).sum(axis=1)
    return disp


# Cells per side of the far-field grid: at most 100 centres of mass per node per iteration.
_GRID = 10


def _to_canvas(ids: list[str], pos: np.ndarray, spread: float) -> dict[str, Position]:
    """Centre on 0, bring far outliers (unlinked nodes that repulsion pushed away) back to the rim
    of the rest, and scale the larger side to ``spread`` pixels."""
    pos = pos - np.median(pos, axis=0)
    radius = np.sqrt((pos * pos).sum(axis=1))
    rim = 1.15 * float(np.percentile(radius, 98)) if len(pos) > 20 else float(radius.max())
    far = radius > rim
    pos[far] *= (rim / radius[far])[:, None]
    extent = float(np.abs(pos).max()) or 1.0
    pos = pos * (spread / extent)
    return {node: (round(float(x), 1), round(float(y), 1)) for node, (x, y) in zip(ids, pos, strict=True)}


def layered_positions(
    rows: Mapping[str, int], links: Iterable[tuple[str, str]], *,
    row_gap: float = 170.0, node_gap: float = 190.0, sweeps: int = 4, wrap: int | None = None,
) -> dict[str, Position]:
    """Row ``rows[node]`` (0 = top) for each node; inside a row, order by the barycentre of the
    node's neighbours in the other rows (a few sweeps), ties by id, centred on x = 0.

    ``wrap``: a row of more nodes than this is folded into staggered sub-rows (node i of the order
    goes to sub-row i mod k), so 50 evidence nodes do not make the map 50 nodes wide; the rows below
    move down to make room (see :func:`row_offsets`).
    """
    flat = _in_bands(rows, links, along=node_gap, across=row_gap, sweeps=sweeps, horizontal=True)
    offsets = row_offsets(rows, row_gap, wrap)
    members: dict[int, list[str]] = defaultdict(list)
    for node in sorted(rows, key=lambda n: flat[n][0]):
        members[rows[node]].append(node)
    positions: dict[str, Position] = {}
    for row, nodes in members.items():
        folds = _folds(len(nodes), wrap)
        width = math.ceil(len(nodes) / folds)
        for i, node in enumerate(nodes):
            x = (i // folds - (width - 1) / 2) * node_gap + (i % folds) * node_gap / folds
            positions[node] = (round(x, 1), round(offsets[row] + (i % folds) * _SUB_ROW * row_gap, 1))
    return positions


# A folded row's sub-rows are this fraction of a row apart.
_SUB_ROW = 0.4


def _folds(count: int, wrap: int | None) -> int:
    return max(1, math.ceil(count / wrap)) if wrap else 1


def row_offsets(rows: Mapping[str, int], row_gap: float, wrap: int | None = None) -> dict[int, float]:
    """The y of every row from 0 to the lowest one (empty rows included): ``row_gap`` apart, plus
    the room the sub-rows of folded rows above take."""
    sizes: dict[int, int] = defaultdict(int)
    for row in rows.values():
        sizes[row] += 1
    offsets, y = {}, 0.0
    for row in range(0, max(sizes, default=0) + 1):
        offsets[row] = y
        y += row_gap + (_folds(sizes[row], wrap) - 1) * _SUB_ROW * row_gap
    return offsets


def column_positions(
    columns: Mapping[str, float], links: Iterable[tuple[str, str]], *,
    column_gap: float = COLUMN_GAP, node_gap: float = 90.0, sweeps: int = 4,
) -> dict[str, Position]:
    """x from ``columns[node]`` (a trophic level, say: any real number, kept as is ×
    ``column_gap``); nodes whose levels round to the same half step share a band and are spread
    vertically in barycentre order."""
    bands = {node: round(level * 2) for node, level in columns.items()}
    pos = _in_bands(bands, links, along=node_gap, across=column_gap, sweeps=sweeps, horizontal=False)
    lowest = min(columns.values(), default=0.0)
    return {node: (round((columns[node] - lowest) * column_gap, 1), y) for node, (_, y) in pos.items()}


def _in_bands(
    band_of: Mapping[str, int], links: Iterable[tuple[str, str]], *,
    along: float, across: float, sweeps: int, horizontal: bool,
) -> dict[str, Position]:
    bands: dict[int, list[str]] = defaultdict(list)
    for node in sorted(band_of):
        bands[band_of[node]].append(node)
    neighbours: dict[str, list[str]] = defaultdict(list)
    for a, b in links:
        if a in band_of and b in band_of and band_of[a] != band_of[b]:
            neighbours[a].append(b)
            neighbours[b].append(a)
    slot = {node: float(i) - (len(members) - 1) / 2 for members in bands.values()
            for i, node in enumerate(members)}
    for _ in range(sweeps):
        for members in bands.values():
            def centre(node: str) -> float:
                near = neighbours.get(node)
                return sum(slot[m] for m in near) / len(near) if near else slot[node]
            members.sort(key=lambda node: (centre(node), node))
            for i, node in enumerate(members):
                slot[node] = float(i) - (len(members) - 1) / 2
    positions: dict[str, Position] = {}
    for band, members in bands.items():
        for node in members:
            a, c = slot[node] * along, band * across
            positions[node] = (round(a, 1), round(c, 1)) if horizontal else (round(c, 1), round(a, 1))
    return positions

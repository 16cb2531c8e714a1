"""Where to draw each actor of a collaboration graph on paper: a seeded force layout.

Used for pictures made on the server (the workshop pack's map). The largest connected component
is laid out by Fruchterman-Reingold (``networkx.spring_layout``, deterministic for a seed) in the
upper part of the page; smaller components each get a cell of a grid below it, and actors
without any tie a row of their own, so a few stray pairs neither squeeze the main graph into a
corner nor hide in its middle.
"""

from __future__ import annotations

import math

import networkx as nx

MAIN_SHARE = 0.72
"""The share of the height the largest component gets when others are drawn below it."""


def _fit(
    C: nx.Graph[str], nodes: list[str], box: tuple[float, float, float, float], seed: int
) -> dict[str, tuple[float, float]]:
    """``nodes`` (one component) laid out and scaled into ``box`` = (x, y, width, height)."""
    x0, y0, width, height = box
    if len(nodes) == 1:
        return {nodes[0]: (x0 + width / 2, y0 + height / 2)}
    raw = nx.spring_layout(C.subgraph(nodes), seed=seed, weight="weight", iterations=100)
    xs = [float(p[0]) for p in raw.values()]
    ys = [float(p[1]) for p in raw.values()]
    span_x, span_y = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0
    pad_x, pad_y = width * 0.08, height * 0.08
    return {
        node: (
            x0 + pad_x + (float(x) - min(xs)) / span_x * (width - 2 * pad_x),
            y0 + pad_y + (float(y) - min(ys)) / span_y * (height - 2 * pad_y),
        )
        for node, (x, y) in raw.items()
    }


def map_layout(C: nx.Graph[str], *, seed: int = 0) -> dict[str, tuple[float, float]]:
    """Positions in the unit square (x right, y down) for every node of ``C``.

    Examples
    --------
    >>> pos = map_layout(nx.path_graph(["a", "b", "c"]))
    >>> all(0 <= x <= 1 and 0 <= y <= 1 for x, y in pos.values())
    True
    >>> sorted(map_layout(nx.empty_graph(["x", "y"])))
    ['x', 'y']
    """
    if C.is_directed() or C.is_multigraph():
        raise nx.NetworkXNotImplemented("map_layout takes a simple undirected graph")
    parts = sorted(
        (sorted(part, key=str) for part in nx.connected_components(C)),
        key=lambda part: (-len(part), str(part[0])),
    )
    if not parts:
        return {}
    main, rest = parts[0], parts[1:]
    if len(main) == 1:  # nobody is tied: everyone in one grid
        main, rest = [], parts
    placed = _fit(C, main, (0.0, 0.0, 1.0, MAIN_SHARE if rest else 1.0), seed) if main else {}
    if rest:
        top = MAIN_SHARE if main else 0.0
        columns = max(1, math.ceil(math.sqrt(len(rest) * 3)))
        rows = math.ceil(len(rest) / columns)
        cell_w, cell_h = 1.0 / columns, (1.0 - top) / rows
        for i, part in enumerate(rest):
            row, column = divmod(i, columns)
            placed |= _fit(C, part, (column * cell_w, top + row * cell_h, cell_w, cell_h), seed)
    return placed

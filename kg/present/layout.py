"""Page layout: entity graph → node positions in page pixels, computed once in Python.

Each connected component is laid out force-directed, with nodes about one unit from their nearest neighbour;
the components are then packed as circles, largest first, so the biggest sits in the middle and the drawing
fills a screen. Entities with no relation are packed last, around the rest. Seeds are fixed and nothing
depends on set order: the same graph gives the same positions.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

import networkx as nx
import numpy as np
from scipy.spatial import cKDTree

UNIT_PX = 120.0  # page pixels per layout unit: the typical distance from a node to its nearest neighbour
MIN_SIDE_PX = 640.0  # the longer side of the drawing, at least (most screens give the canvas ~800 px)
_MARGIN = 0.5  # units of free space around each component's circle (for node glyphs and labels)
_MASS = 3.0  # the most central node repels as 1 + _MASS nodes (as its glyph is drawn larger)
_GRAVITY = 4.0  # pull towards a component's centre: round, evenly filled shapes rather than long arms


def layout(nodes: Iterable[str], edges: Iterable[tuple[str, str]], pagerank: Mapping[str, float]
           ) -> dict[str, tuple[int, int]]:
    """Return node → (x, y) in page pixels.

    Args:
        nodes: every entity; those on no edge are packed last, most central first.
        edges: (a, b) pairs; self-loops make an entity "related" but do not pull it anywhere.
        pagerank: node → PageRank; central nodes (drawn larger, labelled first) get more room.

    Example:
        >>> pos = layout(["a", "b", "c"], [("a", "b")], {"a": 0.5, "b": 0.3, "c": 0.2})
        >>> pos["a"], pos["b"], math.dist((0, 0), pos["c"]) > 320
        ((-320, -320), (320, 320), True)
    """
    simple = nx.Graph()
    simple.add_nodes_from(sorted(nodes))
    rank = {n: i for i, n in enumerate(sorted(simple, key=lambda n: (-pagerank.get(n, 0.0), n)))}
    top = max(pagerank.values(), default=0.0) or 1.0
    mass = {n: 1.0 + _MASS * math.sqrt(max(pagerank.get(n, 0.0), 0.0) / top) for n in simple}
    related = set()
    for a, b in edges:
        related.update((a, b))
        if a != b:
            simple.add_edge(min(a, b), max(a, b))
    components = sorted((sorted(c) for c in nx.connected_components(simple.subgraph(related))),
                        key=lambda c: (-len(c), min(rank[n] for n in c), c[0]))
    loners = sorted((n for n in simple if n not in related), key=lambda n: (rank[n], n))
    shapes = [_component(simple, c, mass) for c in components] + [{n: np.zeros(2)} for n in loners]
    radii = [_MARGIN + max(float(np.hypot(*p)) for p in shape.values()) for shape in shapes]
    centres = pack_circles(radii)
    names = [node for shape in shapes for node in shape]
    xy = np.array([centre + p for shape, centre in zip(shapes, centres) for p in shape.values()]).reshape(-1, 2)
    # Turn and centre for what the page draws first, the related entities; the others only follow.
    first = sum(len(shape) for shape in shapes[:len(components)]) or len(xy)
    xy = _squarest(xy, first)
    # A small graph is spread to MIN_SIDE_PX, so a screen shows it whole without enlarging the glyphs.
    side = float((xy[:first].max(axis=0) - xy[:first].min(axis=0)).max()) if len(xy) else 0.0
    xy *= max(UNIT_PX, MIN_SIDE_PX / side) if side else UNIT_PX
    return {node: (int(round(x)), int(round(y))) for node, (x, y) in zip(names, xy)}


def _squarest(xy: np.ndarray, first: int) -> np.ndarray:
    """Rotate ``xy`` (in 5° steps) so the bounding box of its ``first`` points has the shortest longer
    side, and centre that box on the origin.

    A screen fits the drawing by its longer side: one big and one small component, say, fill far more
    of a squarish canvas on the diagonal than side by side.
    """
    if not len(xy):
        return xy
    best, best_side = xy, math.inf
    for degrees in range(0, 90, 5):
        a = math.radians(degrees)
        turned = xy @ np.array([[math.cos(a), math.sin(a)], [-math.sin(a), math.cos(a)]])
        side = float((turned[:first].max(axis=0) - turned[:first].min(axis=0)).max())
        if side < best_side - 1e-9:
            best, best_side = turned, side
    return best - (best[:first].min(axis=0) + best[:first].max(axis=0)) / 2


def _component(simple: nx.Graph, members: list[str], mass: Mapping[str, float]) -> dict[str, np.ndarray]:
    """Lay out one connected component centred on (0, 0), a node's nearest neighbour about one unit away.

    Fruchterman–Reingold with strong gravity: on generated trees and scale-free graphs of 3–400 nodes its
    enclosing circle holds a median 1.6 units² per node (0.5–3.6) against spring_layout's 2.7 (0.6–20),
    and unlike networkx's ForceAtlas2 it never left a node stranded. Scaling by the median
    nearest-neighbour distance, not the edge length, keeps dense components from shrinking into a clump.
    """
    if len(members) <= 2:
        return {node: np.array([i - (len(members) - 1) / 2, 0.0]) for i, node in enumerate(members)}
    sub = nx.Graph()  # a fresh graph in sorted order: the seeded start positions follow node order
    sub.add_nodes_from(members)
    # (a subgraph view may list an edge either way round, in an order that depends on string hashing)
    sub.add_edges_from(sorted((min(a, b), max(a, b)) for a, b in simple.subgraph(members).edges()))
    weights = np.array([mass[n] for n in members])
    pos = np.array(grid_fr_layout(sub, members, gravity=_GRAVITY, mass=weights), dtype=float)
    # Centre on the bounding box, not the mean: one long arm would otherwise blow up the enclosing circle.
    pos -= (pos.min(axis=0) + pos.max(axis=0)) / 2
    nearest = cKDTree(pos).query(pos, k=2)[0][:, 1]
    pos /= float(np.median(nearest)) or 1.0
    return {n: pos[i] for i, n in enumerate(members)}


def grid_fr_layout(simple: nx.Graph, order: list[str], iterations: int = 80, cells: int = 12,
                   gravity: float = 0.0, mass: np.ndarray | None = None) -> list[tuple[float, float]]:
    """Fruchterman–Reingold in O(n·cells²) per iteration: exact repulsion between near pairs
    (k-d tree, radius 2k), and from the centroid of every other grid cell for the far field.

    networkx's spring_layout is O(n²) per iteration and takes minutes on 5,000 nodes; a near-only
    cut-off (FR's own grid variant) lets hubs pull everything into one dense blob. Positions are in
    units of the ideal edge length k = 1; the seed is fixed, so the layout is deterministic. ``gravity``
    pulls every node towards the centroid in proportion to its distance; two nodes repel each other in
    proportion to the product of their ``mass`` (1 by default), as in ForceAtlas2.
    """
    n = len(order)
    mass = np.ones(n) if mass is None else np.asarray(mass, dtype=float)
    index = {node: i for i, node in enumerate(order)}
    edges = np.array([(index[a], index[b]) for a, b in simple.edges()], dtype=np.int64).reshape(-1, 2)
    rng = np.random.default_rng(7)
    side = math.sqrt(n) * 1.5
    pos = rng.random((n, 2)) * side
    temperature = side / 8
    cooling = (0.02 / 8) ** (1 / iterations)
    radius = 2.0

    def spread(i: np.ndarray, j: np.ndarray, force: np.ndarray, disp: np.ndarray) -> None:
        for axis in (0, 1):  # bincount is ~10x faster than np.add.at
            disp[:, axis] += np.bincount(i, force[:, axis], n) - np.bincount(j, force[:, axis], n)

    for _ in range(iterations):
        disp = np.zeros((n, 2))
        pairs = cKDTree(pos).query_pairs(radius, output_type="ndarray")
        if len(pairs):
            delta = pos[pairs[:, 0]] - pos[pairs[:, 1]]
            strength = mass[pairs[:, 0]] * mass[pairs[:, 1]] / np.maximum((delta ** 2).sum(axis=1), 1e-4)
            spread(pairs[:, 0], pairs[:, 1], delta * strength[:, None], disp)
        lo = pos.min(axis=0)
        span = np.maximum(pos.max(axis=0) - lo, 1e-9)
        cell = np.minimum(((pos - lo) / span * cells).astype(np.int64), cells - 1)
        cid = cell[:, 0] * cells + cell[:, 1]
        count = np.bincount(cid, minlength=cells * cells)
        used = np.nonzero(count)[0]
        cx = np.bincount(cid, pos[:, 0], cells * cells)[used] / count[used]
        cy = np.bincount(cid, pos[:, 1], cells * cells)[used] / count[used]
        dx, dy = pos[:, :1] - cx[None, :], pos[:, 1:] - cy[None, :]
        dist2 = dx ** 2 + dy ** 2
        weight = np.bincount(cid, mass, cells * cells)[used][None, :] * mass[:, None] / np.maximum(dist2, 1e-4)
        weight[(cid[:, None] == used[None, :]) | (dist2 < radius ** 2)] = 0.0  # the near field is exact
        disp[:, 0] += (dx * weight).sum(axis=1)
        disp[:, 1] += (dy * weight).sum(axis=1)
        if len(edges):
            delta = pos[edges[:, 0]] - pos[edges[:, 1]]
            spread(edges[:, 1], edges[:, 0], delta * np.sqrt((delta ** 2).sum(axis=1))[:, None], disp)
        if gravity:
            disp -= gravity * (pos - pos.mean(axis=0))
        length = np.maximum(np.sqrt((disp ** 2).sum(axis=1)), 1e-9)
        pos += disp / length[:, None] * np.minimum(length, temperature)[:, None]
        temperature *= cooling
    pos -= pos.mean(axis=0)
    return [(float(x), float(y)) for x, y in pos]


def pack_circles(radii: list[float]) -> list[tuple[float, float]]:
    """Place circles of ``radii``, in order, without overlap and close around the first; return centres.

    The front-chain algorithm of Wang et al. (2006), as d3-hierarchy's ``packSiblings`` writes it: each
    circle goes tangent to two on the outer chain, next to the pair nearest the origin. Given radii
    largest first, the largest ends in the middle. The result is centred on its bounding box.

    Example:
        >>> [(round(x, 2), round(y, 2)) for x, y in pack_circles([2.0, 1.0])]
        [(-1.0, 0.0), (2.0, 0.0)]
    """
    n = len(radii)
    r = [float(v) for v in radii]
    x, y = [0.0] * n, [0.0] * n
    if n >= 2:
        x[1] = r[0] + r[1]  # unlike d3, the first circle sits at the origin, which the packing grows around
    if n >= 3:
        x[2], y[2] = _tangent(x, y, r, 1, 0, 2)
        # The front chain as a ring of circle indices: nxt[i] follows i, prv[i] precedes it.
        nxt, prv = {0: 1, 1: 2, 2: 0}, {1: 0, 2: 1, 0: 2}
        a, b, i = 0, 1, 3
        while i < n:
            x[i], y[i] = _tangent(x, y, r, a, b, i)
            # Find the chain circle nearest (by arc length, either way) that the new one overlaps; cut there.
            j, k, sj, sk = nxt[b], prv[a], r[b], r[a]
            hit = False
            while True:
                if sj <= sk:
                    if _overlap(x, y, r, j, i):
                        b, nxt[a], prv[j] = j, j, a
                        hit = True
                        break
                    sj, j = sj + r[j], nxt[j]
                else:
                    if _overlap(x, y, r, k, i):
                        a, nxt[k], prv[b] = k, b, k
                        hit = True
                        break
                    sk, k = sk + r[k], prv[k]
                if j == nxt[k]:
                    break
            if hit:
                continue  # place the same circle again against the shortened chain
            prv[i], nxt[i], nxt[a], prv[b] = a, b, i, i
            # Build the next circle on the chain pair nearest the origin.
            best, best_score, c = a, _score(x, y, r, a, i), nxt[i]
            while c != i:
                score = _score(x, y, r, c, nxt[c])
                if score < best_score:
                    best, best_score = c, score
                c = nxt[c]
            a, b, i = best, nxt[best], i + 1
    if not n:
        return []
    cx = (min(p - q for p, q in zip(x, r)) + max(p + q for p, q in zip(x, r))) / 2
    cy = (min(p - q for p, q in zip(y, r)) + max(p + q for p, q in zip(y, r))) / 2
    return [(p - cx, q - cy) for p, q in zip(x, y)]


def _tangent(x: list[float], y: list[float], r: list[float], b: int, a: int, c: int) -> tuple[float, float]:
    """The centre of circle ``c`` touching circles ``a`` and ``b`` (d3's ``place``)."""
    dx, dy = x[b] - x[a], y[b] - y[a]
    d2 = dx * dx + dy * dy
    if not d2:
        return x[a] + r[c], y[a]
    a2, b2 = (r[a] + r[c]) ** 2, (r[b] + r[c]) ** 2
    if a2 > b2:
        u = (d2 + b2 - a2) / (2 * d2)
        v = math.sqrt(max(0.0, b2 / d2 - u * u))
        return x[b] - u * dx - v * dy, y[b] - u * dy + v * dx
    u = (d2 + a2 - b2) / (2 * d2)
    v = math.sqrt(max(0.0, a2 / d2 - u * u))
    return x[a] + u * dx - v * dy, y[a] + u * dy + v * dx


def _overlap(x: list[float], y: list[float], r: list[float], a: int, b: int) -> bool:
    dr = r[a] + r[b] - 1e-6
    dx, dy = x[b] - x[a], y[b] - y[a]
    return dr > 0 and dr * dr > dx * dx + dy * dy


def _score(x: list[float], y: list[float], r: list[float], a: int, b: int) -> float:
    """Squared distance from the origin of chain neighbours ``a`` and ``b``'s weighted midpoint."""
    ab = r[a] + r[b]
    mx = (x[a] * r[b] + x[b] * r[a]) / ab
    my = (y[a] * r[b] + y[b] * r[a]) / ab
    return mx * mx + my * my

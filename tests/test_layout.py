"""The page layout (kg/present/layout.py): components packed apart, the largest in the middle, deterministic."""

from __future__ import annotations

import json
import math
import os
import random
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

from kg.present.layout import UNIT_PX, layout, pack_circles

ROOT = Path(__file__).resolve().parent.parent


def groups(seed: int = 5) -> tuple[list[str], list[tuple[str, str]], dict[str, float]]:
    """Three scale-free groups (40, 12 and 6 nodes), two pairs and eight entities with no relation."""
    nodes, edges = [], []
    for g, size in enumerate((40, 12, 6, 2, 2)):
        base = nx.barabasi_albert_graph(size, 1, seed=seed + g) if size > 2 else nx.path_graph(2)
        nodes += [f"g{g}-{i:02d}" for i in base.nodes]
        edges += [(f"g{g}-{a:02d}", f"g{g}-{b:02d}") for a, b in base.edges]
    nodes += [f"lone-{i}" for i in range(8)]
    graph = nx.Graph(edges)
    graph.add_nodes_from(nodes)
    return nodes, edges, nx.pagerank(graph)


def _centre(points: list[tuple[int, int]]) -> tuple[float, float]:
    xs, ys = zip(*points)
    return (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2


def test_layout_keeps_components_apart_with_the_largest_in_the_middle():
    nodes, edges, pagerank = groups()
    pos = layout(nodes, edges, pagerank)
    group = {n: n.split("-")[0] for n in nodes}
    names = sorted(pos)
    gap = min(math.dist(pos[a], pos[b]) for i, a in enumerate(names) for b in names[i + 1:] if group[a] != group[b])
    assert gap >= 0.8 * UNIT_PX  # no two groups interleave
    related = [pos[n] for n in nodes if not n.startswith("lone")]
    middle = _centre(related)
    by_group = {g: _centre([pos[n] for n in nodes if group[n] == g]) for g in ("g0", "g1", "g2", "g3", "g4")}
    assert min(by_group, key=lambda g: math.dist(by_group[g], middle)) == "g0"
    # The drawing is about as tall as wide, so a squarish canvas is filled by it.
    xs, ys = zip(*related)
    assert 0.6 < (max(xs) - min(xs)) / (max(ys) - min(ys)) < 1.6


def test_layout_places_entities_without_relations_around_the_rest():
    nodes, edges, pagerank = groups()
    pos = layout(nodes, edges, pagerank)
    related = [n for n in nodes if not n.startswith("lone")]
    # Adding or dropping the entities with no relation leaves the drawing of the others as it was.
    assert {n: pos[n] for n in related} == layout(related, edges, pagerank)
    middle = _centre([pos[n] for n in related])
    reach = max(math.dist(pos[n], middle) for n in related)
    assert all(math.dist(pos[f"lone-{i}"], middle) > 0.5 * reach for i in range(8))


def test_layout_is_deterministic_whatever_the_input_order():
    nodes, edges, pagerank = groups()
    shuffled_nodes, shuffled_edges = nodes[:], [(b, a) for a, b in edges]
    random.Random(1).shuffle(shuffled_nodes)
    random.Random(2).shuffle(shuffled_edges)
    assert layout(nodes, edges, pagerank) == layout(shuffled_nodes, shuffled_edges, pagerank)


@pytest.mark.parametrize("seed", range(4))
def test_layout_pack_circles_never_overlap(seed):
    rng = random.Random(seed)
    radii = sorted((0.5 + rng.paretovariate(2.0) for _ in range(300)), reverse=True)
    centres = pack_circles(radii)
    for i in range(len(radii)):
        for j in range(i):
            assert math.dist(centres[i], centres[j]) >= radii[i] + radii[j] - 1e-6
    # Dense: the circles cover over half of the disc that holds them (d3's packing reaches about 0.8).
    reach = max(math.hypot(*c) + r for c, r in zip(centres, radii))
    assert sum(r * r for r in radii) / reach ** 2 > 0.5


def test_layout_is_the_same_under_any_string_hash_seed():
    """Sets of strings iterate in a per-process order; the positions must not depend on it."""
    script = ("import json, sys; sys.path.insert(0, 'tests'); from test_layout import groups; "
              "from kg.present.layout import layout; print(json.dumps(sorted(layout(*groups()).items())))")
    runs = {seed: subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                                 cwd=ROOT, env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in "123"}
    assert runs["1"] == runs["2"] == runs["3"] and len(json.loads(runs["1"])) == 70

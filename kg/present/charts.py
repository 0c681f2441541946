"""Charts for the notebooks: the entity view and analysis tables → matplotlib Figures with readable Japanese.

Figures are built without pyplot (no global state); a notebook shows one by leaving it as a cell's value.
Layouts use a fixed seed, so the same graph draws the same picture.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import networkx as nx

from . import analysis

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

log = logging.getLogger(__name__)

# Japanese fonts in order of preference; Debian's fonts-noto-cjk gives the first (scripts/system-deps.sh).
JAPANESE_FONTS = ("Noto Sans CJK JP", "Noto Serif CJK JP", "IPAexGothic", "IPAGothic", "TakaoGothic",
                  "Hiragino Sans", "Yu Gothic", "MS Gothic")
SEED = analysis.SEED  # layout seed
PERSON, ORGANIZATION, CENTRE = "tab:blue", "tab:orange", "tab:red"  # node colours by type


def japanese_font() -> str | None:
    """Return the name of an installed font with Japanese glyphs (JAPANESE_FONTS order), or None."""
    from matplotlib import font_manager

    installed = {f.name for f in font_manager.fontManager.ttflist}
    return next((name for name in JAPANESE_FONTS if name in installed), None)


def setup() -> str | None:
    """Set matplotlib's defaults for the notebooks: a Japanese font first, stable SVG ids; return the font.

    Without a Japanese font, labels would draw as empty boxes: a warning names the package to install.
    """
    import matplotlib

    font = japanese_font()
    if font is None:
        log.warning("no Japanese font found; install one (Debian: apt-get install fonts-noto-cjk), "
                    "or Japanese labels draw as boxes")
    matplotlib.rcParams["font.family"] = ([font] if font else []) + ["DejaVu Sans"]
    matplotlib.rcParams["svg.hashsalt"] = "kg"  # SVG element ids from a fixed salt, not a random one
    matplotlib.rcParams["axes.unicode_minus"] = False  # CJK fonts lack U+2212
    return font


def ordered(graph: nx.Graph) -> nx.Graph:
    """Return a copy of ``graph`` with nodes and edges inserted in sorted order (undirected: smaller end first).

    Layouts and drawings follow insertion order, and a subgraph view iterates a set of nodes, whose order
    changes with Python's string hashing from one process to the next: sorted, the picture does not.

    Example:
        >>> list(ordered(nx.Graph([("b", "c"), ("a", "b")])).edges())
        [('a', 'b'), ('b', 'c')]
    """
    out = graph.__class__()
    out.add_nodes_from(sorted(graph.nodes(data=True), key=lambda item: str(item[0])))
    if graph.is_multigraph():
        out.add_edges_from(sorted(graph.edges(keys=True, data=True), key=lambda e: (str(e[0]), str(e[1]), str(e[2]))))
    elif graph.is_directed():
        out.add_edges_from(sorted(graph.edges(data=True), key=lambda e: (str(e[0]), str(e[1]))))
    else:  # each edge from its smaller end too: a line drawn the other way antialiases differently
        edges = ((*sorted((u, v), key=str), d) for u, v, d in graph.edges(data=True))
        out.add_edges_from(sorted(edges, key=lambda e: (str(e[0]), str(e[1]))))
    return out


def _figure(width: float, height: float) -> Figure:
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), layout="constrained")


def packed_layout(simple: nx.Graph, gap: float = 0.6) -> dict[str, tuple[float, float]]:
    """Return node positions with each connected component in its own square, largest first, in rows.

    A spring layout of a disconnected graph crowds every component into the middle; here each
    component gets a spring layout (fixed seed) in a square whose side grows with the square root of
    its size, and the squares fill rows left to right.

    Example:
        >>> pos = packed_layout(nx.Graph([("a", "b"), ("c", "d")]))
        >>> pos["a"][0] < pos["c"][0] and pos["c"][1] == pos["a"][1]
        True
    """
    components = sorted((sorted(c, key=str) for c in nx.connected_components(simple)),
                        key=lambda c: (-len(c), str(c[0])))
    width = max(3.0, 1.8 * simple.number_of_nodes() ** 0.5)  # of a row
    pos: dict[str, tuple[float, float]] = {}
    x = y = row = 0.0
    for nodes in components:
        side = len(nodes) ** 0.5
        if x > 0 and x + side > width:
            x, y, row = 0.0, y - row - gap, 0.0
        local = (nx.spring_layout(ordered(simple.subgraph(nodes)), seed=SEED, iterations=200) if len(nodes) > 1
                 else {nodes[0]: (0.0, 0.0)})
        for node in nodes:
            a, b = local[node]
            pos[node] = (x + side / 2 * (1 + 0.9 * float(a)), y - side / 2 * (1 - 0.9 * float(b)))
        x, row = x + side + gap, max(row, side)
    return pos


def leader_bars(table: pd.DataFrame, measures: list[str], top: int = 10) -> Figure:
    """Return one horizontal bar chart per measure of ``table`` (kg.present.analysis.centrality_table), top entities
    first; persons in blue, organisations in orange."""
    fig = _figure(12, 3 + 2.5 * ((len(measures) + 1) // 2))
    axes = fig.subplots((len(measures) + 1) // 2, 2, squeeze=False).flat
    for ax, measure in zip(axes, measures):
        ranked = table.sort_values([measure, "label"], ascending=[False, True]).head(top)[::-1]
        ax.barh(ranked["label"], ranked[measure],
                color=[PERSON if t == "Person" else ORGANIZATION for t in ranked["type"]])
        ax.set_title(measure)
        ax.locator_params(axis="x", nbins=4)  # small values (betweenness) get long tick labels
    fig.suptitle("Top entities by centrality (blue: person, orange: organisation)")
    return fig


def community_map(view: nx.MultiDiGraph, partition: dict[str, int], title: str = "") -> Figure:
    """Return a drawing of the entities with at least one relation, coloured by community, sized by PageRank."""
    simple = analysis.undirected(view)
    connected = ordered(simple.subgraph(n for n in simple if simple.degree(n) > 0))
    pagerank = nx.pagerank(connected) if connected.number_of_edges() else {}
    fig = _figure(13, 10)
    ax = fig.subplots()
    ax.axis("off")
    ax.set_title(title or "Entities with at least one relation, coloured by community, sized by PageRank")
    if connected.number_of_nodes() == 0:
        return fig
    pos = packed_layout(connected)
    nodes = list(connected)
    nx.draw_networkx_edges(connected, pos, ax=ax, alpha=0.3)
    nx.draw_networkx_nodes(connected, pos, nodelist=nodes, ax=ax, cmap="tab20", vmin=0, vmax=19, alpha=0.8,
                           node_color=[partition.get(n, 0) % 20 for n in nodes],
                           node_size=[80 + 3000 * pagerank.get(n, 0.0) for n in nodes])
    nx.draw_networkx_labels(connected, pos, ax=ax, font_size=7, font_family=_family(),
                            labels={n: view.nodes[n].get("label", n) for n in nodes})
    return fig


def relation_map(view: nx.MultiDiGraph, title: str = "", centre: str | None = None) -> Figure:
    """Return a drawing of a small graph with its relation names on the edges.

    With ``centre`` (a node) the drawing is an ego network: that entity in red in the middle, the others on
    a circle; otherwise a spring layout. Persons are blue, organisations orange.
    """
    import numpy as np

    fig = _figure(12, 9)
    ax = fig.subplots()
    ax.axis("off")
    ax.set_title(title)
    if view.number_of_nodes() == 0:
        return fig
    view = ordered(view)
    nodes = list(view)
    if centre is not None:
        pos = nx.shell_layout(view, [[centre], [n for n in nodes if n != centre]])
    else:
        pos = packed_layout(analysis.undirected(view))
    relations: dict[tuple[str, str], set[str]] = {}
    for u, v, d in view.edges(data=True):
        relations.setdefault((u, v), set()).add(d.get("relation", ""))
    colours = [CENTRE if n == centre else PERSON if view.nodes[n].get("type") == "Person" else ORGANIZATION
               for n in nodes]
    nx.draw_networkx_edges(view, pos, ax=ax, edge_color="grey", arrows=True, node_size=600)
    nx.draw_networkx_nodes(view, pos, nodelist=nodes, ax=ax, node_color=colours, node_size=600, alpha=0.7)
    if centre is None:
        nx.draw_networkx_labels(view, pos, ax=ax, font_size=9, font_family=_family(),
                                labels={n: view.nodes[n].get("label", n) for n in nodes})
    else:  # names on the circle run outwards, so long neighbouring names do not cross
        radius = max(float(np.hypot(*xy)) for xy in pos.values()) or 1.0
        for n in nodes:
            x, y = pos[n]
            side = "center" if abs(x) < 0.05 * radius else "left" if x > 0 else "right"
            dx, dy = (0.06 * radius * np.sign(round(v / radius, 6)) for v in (x, y))  # not float noise
            ax.text(x + dx, y + dy, view.nodes[n].get("label", n), ha=side, va="center", fontsize=9,
                    fontfamily=_family())
    nx.draw_networkx_edge_labels(view, pos, ax=ax, font_size=7, font_family=_family(), label_pos=0.4,
                                 edge_labels={e: ", ".join(sorted(r)) for e, r in sorted(relations.items())})
    return fig


def growth_chart(growth: pd.DataFrame) -> Figure:
    """Return the growth of the dated graph (kg.present.findings.growth): bars of new relations per year, and lines
    of relations, entities and the largest group as of each year."""
    fig = _figure(12, 5)
    ax = fig.subplots()
    ax.bar(growth["year"], growth["new"], color="lightgrey", label="new relations that year")
    for column, style in (("relations", "o-"), ("entities", "s-"), ("largest_group", "^-")):
        ax.plot(growth["year"], growth[column], style, markersize=3, label=column.replace("_", " "))
    ax.set_xlabel("year (dated statements only)")
    ax.legend(loc="upper left")
    ax.set_title("How the dated part of the network grew")
    return fig


def over_time_chart(over: pd.DataFrame, top: int = 6) -> Figure:
    """Return lines of the degree of the ``top`` entities with most relations in the last year of ``over``
    (kg.present.analysis.centrality_over_time), year by year."""
    fig = _figure(12, 5)
    ax = fig.subplots()
    ax.set_title("Relations per entity, counting dated statements")
    ax.set_ylabel("degree")
    if over.empty:
        return fig
    last = over[over["year"] == over["year"].max()]
    leaders = list(last.sort_values(["degree", "label"], ascending=[False, True])["label"].head(top))
    lines = (over[over["label"].isin(leaders)].pivot_table(index="year", columns="label", values="degree")
             .ffill().fillna(0))
    for label in leaders:
        ax.step(lines.index, lines[label], where="post", label=label)
    ax.legend(loc="upper left")
    return fig


def _family() -> str:
    """Return the first configured font family (networkx takes one name)."""
    import matplotlib

    family = matplotlib.rcParams["font.family"]
    return family[0] if isinstance(family, list) and family else "sans-serif"

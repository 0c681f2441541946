"""Network analysis over the entity-only NetworkX view (kg.present.views.to_networkx): centrality, communities,
brokers, ego networks, paths with evidence and the graph through time. Functions never mutate their input.

Conventions, shared by every function here:

- A *relation* is a distinct (subject, predicate, object) triple. The view has one edge per statement, so
  the same fact read in two sentences is two edges; it counts once in degrees.
- Path-based measures (betweenness, closeness, PageRank, eigenvector, communities, brokerage, paths) run
  on the undirected simple graph of "who is related to whom": relation direction is grammatical
  (founder → company, mentor → mentee), not a flow, and symmetric relations (spouseOf, partnershipWith)
  are stored in one arbitrary direction. Only in_degree/out_degree read the direction.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING

import networkx as nx
from rdflib import XSD, Graph, Literal, URIRef

from ..errors import KGError
from ..vocab import KG, RELATIONS, local_name

if TYPE_CHECKING:
    import pandas as pd

log = logging.getLogger(__name__)

# The measures of centrality_table, in the order kg stats shows them.
MEASURES: tuple[str, ...] = ("degree", "in_degree", "out_degree", "betweenness", "closeness", "pagerank",
                             "eigenvector")
# Above this many nodes betweenness is estimated from this many sampled sources (fixed seed), because
# exact Brandes betweenness is O(nodes × edges) in pure Python: several seconds from 1,000 nodes on 2 cores.
BETWEENNESS_SOURCES = 300
SEED = 42  # one fixed seed for Louvain and sampled betweenness, so outputs are reproducible
_HOP_COLUMNS = ["hop", "source", "source_label", "relation", "target", "target_label", "direction",
                "evidence", "date", "doc"]


def distinct_relations(view: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Return a copy of ``view`` with one edge per distinct (subject, relation, object).

    The kept edge is the statement with the highest confidence (ties: the earliest date, then statement IRI).
    """
    best: dict[tuple[str, str, str], tuple[tuple, dict]] = {}
    for u, v, key, data in view.edges(keys=True, data=True):
        triple = (u, data.get("relation", str(key).split(":", 1)[0]), v)
        rank = (-float(data.get("confidence", 0.0)), data.get("date") or "9999", str(key))
        if triple not in best or rank < best[triple][0]:
            best[triple] = (rank, data)
    out = nx.MultiDiGraph()
    out.add_nodes_from(view.nodes(data=True))
    for (u, rel, v), (_, data) in sorted(best.items(), key=lambda item: item[0]):
        out.add_edge(u, v, key=rel, **dict(data, relation=rel))
    return out


def undirected(view: nx.MultiDiGraph) -> nx.Graph:
    """Return the simple undirected graph of related entity pairs (no self-loops), with node attributes.

    Example:
        >>> g = nx.MultiDiGraph([("a", "b", "founderOf"), ("b", "a", "investedIn"), ("a", "a", "x")])
        >>> sorted(undirected(g).edges())
        [('a', 'b')]
    """
    out = nx.Graph()
    out.add_nodes_from(view.nodes(data=True))
    out.add_edges_from((u, v) for u, v in view.edges() if u != v)
    return out


def eigenvector(simple: nx.Graph) -> dict[str, float]:
    """Return eigenvector centrality that is defined on disconnected graphs.

    The leading eigenvector of a disconnected graph belongs to one component (or is degenerate when two
    components tie), so each connected component gets its own leading eigenvector, normalised to unit
    length and scaled by its share of the nodes (component size / graph size), so a pair off on its own does
    not rival the main component (on a connected graph this is NetworkX's eigenvector centrality).
    Isolated nodes score 0.

    Example:
        >>> {n: round(x, 4) for n, x in eigenvector(nx.star_graph(3)).items()}
        {0: 0.7071, 1: 0.4082, 2: 0.4082, 3: 0.4082}
    """
    import numpy as np

    n_total = simple.number_of_nodes()
    scores: dict[str, float] = {n: 0.0 for n in simple}
    for component in nx.connected_components(simple):
        if len(component) < 2:
            continue
        nodes = sorted(component, key=str)
        if len(nodes) <= 100:
            _, vectors = np.linalg.eigh(nx.to_numpy_array(simple, nodelist=nodes))
            vector = np.abs(vectors[:, -1])  # eigh sorts eigenvalues ascending; Perron vector is last
        else:  # sparse Lanczos: dense eigh is O(n³)
            from scipy.sparse.linalg import eigsh

            matrix = nx.to_scipy_sparse_array(simple, nodelist=nodes, dtype=float, format="csr")
            _, vectors = eigsh(matrix, k=1, which="LA", v0=np.ones(len(nodes)))
            vector = np.abs(vectors[:, 0])
        vector = vector / np.linalg.norm(vector) * len(nodes) / n_total
        scores.update({n: float(x) for n, x in zip(nodes, vector)})
    return scores


def centrality_table(view: nx.MultiDiGraph) -> pd.DataFrame:
    """Return one row per entity with every centrality measure, sorted by PageRank (then label).

    Columns: node, label, type, degree, in_degree, out_degree (distinct relations), betweenness,
    closeness (Wasserman–Faust, so it is comparable across components), pagerank and eigenvector
    (see :func:`eigenvector`), all on the undirected graph and normalised as in NetworkX. Above
    BETWEENNESS_SOURCES entities, betweenness is estimated from that many sampled sources (fixed seed).
    """
    import pandas as pd

    df = pd.DataFrame(centrality_rows(view), columns=["node", "label", "type", *MEASURES])
    return df.sort_values(["pagerank", "label", "node"], ascending=[False, True, True]).reset_index(drop=True)


def centrality_rows(view: nx.MultiDiGraph) -> list[dict[str, object]]:
    """Return the rows of :func:`centrality_table` in node order, as dicts (no pandas, for kg build)."""
    rel = distinct_relations(view)
    simple = undirected(view)
    n = simple.number_of_nodes()
    if n > BETWEENNESS_SOURCES:
        log.info("betweenness estimated from %d of %d sources", BETWEENNESS_SOURCES, n)
        betweenness = nx.betweenness_centrality(simple, k=BETWEENNESS_SOURCES, seed=SEED)
    else:
        betweenness = nx.betweenness_centrality(simple) if n else {}
    closeness = _closeness(simple)
    pagerank = nx.pagerank(simple) if n else {}
    eig = eigenvector(simple)
    return [{"node": node, "label": data.get("label", node), "type": data.get("type", ""),
             "degree": rel.degree(node), "in_degree": rel.in_degree(node), "out_degree": rel.out_degree(node),
             "betweenness": betweenness.get(node, 0.0), "closeness": closeness.get(node, 0.0),
             "pagerank": pagerank.get(node, 0.0), "eigenvector": eig.get(node, 0.0)}
            for node, data in view.nodes(data=True)]


def _closeness(simple: nx.Graph, batch: int = 256) -> dict[str, float]:
    """Return Wasserman–Faust closeness, as nx.closeness_centrality, with BFS in scipy (C) by batches."""
    import numpy as np
    from scipy.sparse.csgraph import shortest_path

    nodes = list(simple)
    n = len(nodes)
    if n < 2:
        return {node: 0.0 for node in nodes}
    matrix = nx.to_scipy_sparse_array(simple, nodelist=nodes, format="csr")
    out: dict[str, float] = {}
    for first in range(0, n, batch):
        dist = shortest_path(matrix, directed=False, unweighted=True, indices=range(first, min(first + batch, n)))
        reach = np.isfinite(dist)
        reached = reach.sum(axis=1) - 1  # minus the source itself
        total = np.where(reach, dist, 0).sum(axis=1)
        with np.errstate(divide="ignore", invalid="ignore"):
            score = np.where(total > 0, (reached / total) * (reached / (n - 1)), 0.0)
        out.update({nodes[first + i]: float(x) for i, x in enumerate(score)})
    return out


def leaderboard(table: pd.DataFrame, top: int = 10, measures: Iterable[str] = MEASURES) -> pd.DataFrame:
    """Return the top ``top`` entities by each measure side by side: one row per rank, cells "label (value)".

    Ties are broken by label. Entities scoring 0 are left out, so a column may be shorter than ``top``.
    """
    import pandas as pd

    columns: dict[str, list[str]] = {}
    for measure in measures:
        ranked = table[table[measure] > 0].sort_values([measure, "label"], ascending=[False, True]).head(top)
        columns[measure] = [f"{label} ({_fmt(value)})" for label, value in zip(ranked["label"], ranked[measure])]
    depth = max((len(c) for c in columns.values()), default=0)
    out = pd.DataFrame({m: c + [""] * (depth - len(c)) for m, c in columns.items()})
    out.insert(0, "rank", range(1, depth + 1))
    return out


def _fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.3f}"


def communities(view: nx.MultiDiGraph, *, resolution: float = 1.0, seed: int = SEED) -> dict[str, int]:
    """Return a community number per entity (Louvain on the undirected graph, fixed seed).

    Communities are numbered 0, 1, ... from the largest; ties by their smallest node. Isolated entities are
    communities of their own.
    """
    simple = undirected(view)
    if simple.number_of_nodes() == 0:
        return {}
    found = nx.community.louvain_communities(simple, resolution=resolution, seed=seed)
    ordered = sorted((sorted(map(str, c)) for c in found), key=lambda c: (-len(c), c[0]))
    return {node: i for i, members in enumerate(ordered) for node in members}


def modularity(view: nx.MultiDiGraph, partition: dict[str, int]) -> float:
    """Return the modularity of ``partition`` (node → community) on the undirected graph; 0.0 with no edges."""
    simple = undirected(view)
    if simple.number_of_edges() == 0:
        return 0.0
    groups: dict[int, set[str]] = {}
    for node in simple:
        groups.setdefault(partition[node], set()).add(node)
    return nx.community.modularity(simple, list(groups.values()))


def brokerage(view: nx.MultiDiGraph) -> pd.DataFrame:
    """Return Burt's structural-hole measures per entity, best brokers (lowest constraint) first.

    Columns: node, label, type, neighbours, effective_size, constraint. Isolated entities have no
    neighbours and NaN measures (Burt's measures are undefined there).
    """
    import pandas as pd

    simple = undirected(view)
    constraint = nx.constraint(simple) if simple.number_of_nodes() else {}
    size = nx.effective_size(simple) if simple.number_of_nodes() else {}
    rows = [{"node": node, "label": data.get("label", node), "type": data.get("type", ""),
             "neighbours": simple.degree(node), "effective_size": size.get(node, math.nan),
             "constraint": constraint.get(node, math.nan)} for node, data in simple.nodes(data=True)]
    df = pd.DataFrame(rows, columns=["node", "label", "type", "neighbours", "effective_size", "constraint"])
    return df.sort_values(["constraint", "effective_size", "label"], ascending=[True, False, True],
                          na_position="last").reset_index(drop=True)


def find_node(view: nx.MultiDiGraph, name: str) -> str:
    """Return the node whose IRI, label or alias is ``name`` (IRI first, then label, then alias).

    Raises:
        KGError: no entity has that name, or several do (the message lists them).

    Example:
        >>> g = nx.MultiDiGraph()
        >>> g.add_node("urn:x", label="北条透", aliases="北条|透")
        >>> find_node(g, "北条")
        'urn:x'
    """
    if name in view:
        return name
    for field in ("label", "aliases"):
        hits = sorted(n for n, d in view.nodes(data=True) if name in str(d.get(field, "")).split("|"))
        if len(hits) == 1:
            return hits[0]
        if hits:
            raise KGError(f"'{name}' names {len(hits)} entities ({', '.join(hits[:5])}); pass one IRI instead")
    raise KGError(f"no entity is called '{name}' in the graph; list names with: kg query "
                  "'SELECT ?n WHERE { ?e rdfs:label ?n }'")


def ego_network(view: nx.MultiDiGraph, name: str, radius: int = 1) -> nx.MultiDiGraph:
    """Return a copy of the entities within ``radius`` relations of ``name`` (IRI, label or alias).

    Relations are followed in both directions; every edge among the kept entities is kept.

    Raises:
        KGError: ``name`` matches no entity or several.
    """
    center = find_node(view, name)
    return nx.ego_graph(view, center, radius=radius, undirected=True).copy()


def relation_subgraph(view: nx.MultiDiGraph, names: str | Iterable[str]) -> nx.MultiDiGraph:
    """Return a copy with only the edges of the given relation types and the entities they touch.

    ``names`` are local names such as "investedIn" (the investment network alone) or full IRIs.

    Raises:
        KGError: a name that is not in the relation vocabulary.
    """
    wanted = {names} if isinstance(names, str) else set(names)
    known = {local_name(p) for p in RELATIONS}
    local = {n.rsplit("#", 1)[-1] for n in wanted}
    unknown = sorted(local - known)
    if unknown:
        raise KGError(f"unknown relation {', '.join(unknown)}; valid: {', '.join(local_name(p) for p in RELATIONS)}")
    out = nx.MultiDiGraph()
    edges = [(u, v, k, d) for u, v, k, d in view.edges(keys=True, data=True) if d.get("relation") in local]
    for u, v, _, _ in edges:
        out.add_node(u, **view.nodes[u])
        out.add_node(v, **view.nodes[v])
    out.add_edges_from((u, v, k, dict(d)) for u, v, k, d in edges)
    return out


def shortest_path(view: nx.MultiDiGraph, source: str, target: str) -> pd.DataFrame:
    """Return one row per hop of a shortest path between two entities, with the evidence of each hop.

    Relations are followed in either direction; ``direction`` says whether the hop's relation reads
    forward (source → target) or backward. Where several relations join a hop, the most confident one
    is shown. No path gives an empty frame. Columns: hop, source, source_label, relation, target,
    target_label, direction, evidence, date, doc.

    Raises:
        KGError: ``source`` or ``target`` matches no entity or several.
    """
    import pandas as pd

    start, end = find_node(view, source), find_node(view, target)
    simple = undirected(view)
    try:
        nodes = nx.shortest_path(simple, start, end)
    except nx.NetworkXNoPath:
        return pd.DataFrame([], columns=_HOP_COLUMNS)
    rows = []
    for hop, (u, v) in enumerate(zip(nodes, nodes[1:]), start=1):
        candidates = [(d, "forward") for d in view.get_edge_data(u, v, default={}).values()]
        candidates += [(d, "backward") for d in view.get_edge_data(v, u, default={}).values()]
        data, direction = min(candidates, key=lambda c: (-float(c[0].get("confidence", 0.0)),
                                                          c[0].get("relation", ""), c[1]))
        rows.append({"hop": hop, "source": u, "source_label": view.nodes[u].get("label", u),
                     "relation": data.get("relation", ""), "target": v,
                     "target_label": view.nodes[v].get("label", v), "direction": direction,
                     "evidence": data.get("evidence", ""), "date": data.get("date", ""),
                     "doc": data.get("doc", "")})
    return pd.DataFrame(rows, columns=_HOP_COLUMNS)


def year_of(date: str) -> int | None:
    """Return the year of a kgo:date value ("2005", "2005-03", "2005-03-01"), or None when undated.

    Example:
        >>> year_of("2005-03"), year_of("")
        (2005, None)
    """
    head = date.strip()[:4]
    return int(head) if len(head) == 4 and head.isdigit() else None


def as_of(view: nx.MultiDiGraph, year: int, *, undated: str = "drop") -> nx.MultiDiGraph:
    """Return a copy of the graph as of the end of ``year``: statements dated ``year`` or earlier.

    Entities appear once one of their kept statements does. Undated statements are dropped by default
    (the text does not say when they held); ``undated="keep"`` treats them as true in every year instead.

    Raises:
        KGError: ``undated`` is neither "drop" nor "keep".
    """
    if undated not in {"drop", "keep"}:
        raise KGError(f"undated='{undated}': expected 'drop' or 'keep'")
    out = nx.MultiDiGraph()
    for u, v, key, data in view.edges(keys=True, data=True):
        when = year_of(str(data.get("date", "")))
        if (when is None and undated == "keep") or (when is not None and when <= year):
            out.add_node(u, **view.nodes[u])
            out.add_node(v, **view.nodes[v])
            out.add_edge(u, v, key=key, **data)
    return out


def years(view: nx.MultiDiGraph) -> list[int]:
    """Return the distinct years that statements are dated with, ascending."""
    return sorted({y for _, _, d in view.edges(data=True) if (y := year_of(str(d.get("date", "")))) is not None})


def centrality_over_time(view: nx.MultiDiGraph, years_: Iterable[int] | None = None, *,
                         undated: str = "drop") -> pd.DataFrame:
    """Return the centrality table of the graph as of each year, stacked, with a leading ``year`` column.

    ``years_`` defaults to every year a statement is dated with. An entity appears from the first year
    one of its statements is in the graph.

    Raises:
        KGError: ``undated`` is neither "drop" nor "keep".
    """
    import pandas as pd

    frames = []
    for year in sorted(years(view) if years_ is None else years_):
        table = centrality_table(as_of(view, year, undated=undated))
        table.insert(0, "year", year)
        frames.append(table)
    if not frames:
        return pd.DataFrame([], columns=["year", "node", "label", "type", *MEASURES])
    return pd.concat(frames, ignore_index=True)


# RDF properties that add_centrality writes, and the column each one takes its value from.
_RDF_MEASURES = ((KG.degree, "degree"), (KG.betweenness, "betweenness"), (KG.closeness, "closeness"),
                 (KG.pagerank, "pagerank"), (KG.eigenvector, "eigenvector"))


def add_centrality(g: Graph, view: nx.MultiDiGraph) -> Graph:
    """Write each entity's centrality and community into ``g`` (in place) and return ``g``.

    Adds kgo:degree and kgo:community (integers) and kgo:betweenness, kgo:closeness, kgo:pagerank,
    kgo:eigenvector (decimals rounded to 6 places, so rebuilds stay byte-identical), so SPARQL can ask
    for "the most central investors". Values are set, not added: running it twice changes nothing.
    """
    for triple in centrality_triples(view):
        g.set(triple)
    return g


def centrality_triples(view: nx.MultiDiGraph) -> list[tuple[URIRef, URIRef, Literal]]:
    """Return the triples :func:`add_centrality` sets: one per entity and measure, and its community."""
    partition = communities(view)
    out: list[tuple[URIRef, URIRef, Literal]] = []
    for row in centrality_rows(view):
        node = URIRef(row["node"])
        for prop, column in _RDF_MEASURES:
            value = row[column]
            if column == "degree":
                out.append((node, prop, Literal(int(value), datatype=XSD.integer)))
            else:
                out.append((node, prop, Literal(Decimal(f"{float(value):.6f}"), datatype=XSD.decimal)))
        if row["node"] in partition:
            out.append((node, KG.community, Literal(partition[row["node"]], datatype=XSD.nonNegativeInteger)))
    return out

"""Answers to the network questions of notebooks/centrality.ipynb, each with the sentences behind it: who joins
otherwise separate groups, which organisations sit at the centre of chosen ties, the communities, the growth
by year. Input: the entity view (kg.present.views.to_networkx); output: pandas DataFrames. Nothing is mutated.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

import networkx as nx
from rdflib import Graph

from ..vocab import KG
from . import analysis

if TYPE_CHECKING:
    import pandas as pd

# How the in- and out-ties of a relation are named in centre_of's columns (others: "<relation> in/out").
_TIE_NAMES = {"investedIn": ("investors", "investments"), "boardMemberOf": ("board members", "board seats"),
              "founderOf": ("founders", "founded"), "ceoOf": ("CEOs", "CEO of"),
              "executiveOf": ("executives", "executive of"), "acquired": ("acquirers", "acquisitions")}


def document_names(g: Graph) -> dict[str, str]:
    """Return a short name per document IRI: its source file's name without the extension.

    Example:
        >>> from rdflib import Literal, URIRef
        >>> g = Graph()
        >>> _ = g.add((URIRef("urn:doc:1"), KG.sourcePath, Literal("corpus/texts/a_b.txt")))
        >>> document_names(g)
        {'urn:doc:1': 'a_b'}
    """
    return {str(doc): PurePosixPath(str(path).replace("\\", "/")).stem
            for doc, path in sorted(g.subject_objects(KG.sourcePath))}


def overview(view: nx.MultiDiGraph) -> dict[str, int]:
    """Return the counts a reader needs before any ranking: entities, statements, documents and groups.

    A *group* is a connected component of two or more entities; an entity *links documents* when its
    relations are read in more than one document.
    """
    simple = analysis.undirected(view)
    groups = [len(c) for c in nx.connected_components(simple) if len(c) > 1]
    return {"entities": view.number_of_nodes(),
            "entities in a relation": sum(1 for n in simple if simple.degree(n) > 0),
            "relation statements": view.number_of_edges(),
            "distinct relations": analysis.distinct_relations(view).number_of_edges(),
            "documents with relations": len({d.get("doc") for _, _, d in view.edges(data=True)}),
            "groups (2 or more entities)": len(groups),
            "largest group": max(groups, default=0),
            "entities linking documents": sum(1 for docs in _documents_of(view).values() if len(docs) > 1)}


def _documents_of(view: nx.MultiDiGraph) -> dict[str, set[str]]:
    """Return, per entity in a relation, the documents its statements come from."""
    out: dict[str, set[str]] = {}
    for u, v, data in view.edges(data=True):
        for node in (u, v):
            out.setdefault(node, set()).add(data.get("doc", ""))
    return out


def linking_entities(view: nx.MultiDiGraph, docs: dict[str, str] | None = None) -> pd.DataFrame:
    """Return the entities whose relations are read in more than one document, most documents first.

    Columns: node, label, type, documents (names, "、"-joined), relations (distinct), evidence (its
    earliest sentence in each document, "[name] sentence", "／"-joined). ``docs`` maps document IRIs to
    names (:func:`document_names`).
    """
    import pandas as pd

    docs = docs or {}
    best = analysis.distinct_relations(view)
    first: dict[tuple[str, str], tuple[int, str]] = {}  # (entity, document) → its earliest sentence there
    for u, v, data in view.edges(data=True):
        seen = (int(data.get("start", 0)), data.get("evidence", ""))
        for key in ((u, data.get("doc", "")), (v, data.get("doc", ""))):
            first[key] = min(first.get(key, seen), seen)
    rows = []
    for node, found in _documents_of(view).items():
        if len(found) < 2:
            continue
        ordered = sorted(found, key=lambda d: docs.get(d, d))
        lines = [f"[{docs.get(doc, doc)}] {first[node, doc][1]}" for doc in ordered]
        rows.append({"node": node, "label": view.nodes[node].get("label", node),
                     "type": view.nodes[node].get("type", ""),
                     "documents": "、".join(sorted(docs.get(d, d) for d in found)),
                     "relations": best.degree(node), "evidence": "／".join(lines)})
    df = pd.DataFrame(rows, columns=["node", "label", "type", "documents", "relations", "evidence"])
    df["n"] = df["documents"].str.count("、")
    return (df.sort_values(["n", "relations", "label"], ascending=[False, False, True])
            .drop(columns="n").reset_index(drop=True))


def bridges(view: nx.MultiDiGraph, partition: dict[str, int] | None = None, top: int = 10) -> pd.DataFrame:
    """Return the entities that join otherwise separate groups, the strongest bridges first.

    ``separates`` lists the sizes of the groups that would fall apart without the entity ("11 + 5 + 2"),
    counting only pieces of two or more entities: a person's own one-off contacts are not a group.
    ``groups_joined`` is how many such groups it holds together (0 when fewer than two: its group stays
    whole without it); ``communities`` counts the communities of its neighbours (``partition``, default
    :func:`kg.present.analysis.communities`). Rows: entities with two or more neighbours, sorted by groups_joined,
    then betweenness, then lowest Burt constraint. Columns: node, label, type, neighbours, groups_joined,
    separates, communities, betweenness, constraint, effective_size.
    """
    import pandas as pd

    simple = analysis.undirected(view)
    partition = analysis.communities(view) if partition is None else partition
    pieces = _pieces(simple)
    table = analysis.centrality_table(view).set_index("node")
    brokers = analysis.brokerage(view).set_index("node")
    rows = []
    for node in simple:
        if simple.degree(node) < 2:
            continue
        sizes = sorted((len(p) for p in pieces.get(node, []) if len(p) > 1), reverse=True)
        joined = sizes if len(sizes) > 1 else []
        rows.append({"node": node, "label": table.at[node, "label"], "type": table.at[node, "type"],
                     "neighbours": simple.degree(node), "groups_joined": len(joined),
                     "separates": " + ".join(map(str, joined)),
                     "communities": len({partition.get(n) for n in simple[node]}),
                     "betweenness": table.at[node, "betweenness"], "constraint": brokers.at[node, "constraint"],
                     "effective_size": brokers.at[node, "effective_size"]})
    columns = ["node", "label", "type", "neighbours", "groups_joined", "separates", "communities", "betweenness",
               "constraint", "effective_size"]
    df = pd.DataFrame(rows, columns=columns)
    return df.sort_values(["groups_joined", "betweenness", "constraint", "label"],
                          ascending=[False, False, True, True]).head(top).reset_index(drop=True)


def _pieces(simple: nx.Graph) -> dict[str, list[set[str]]]:
    """Return, per cut point, the node sets its component falls into without it."""
    out: dict[str, list[set[str]]] = {}
    for node in nx.articulation_points(simple):
        rest = simple.subgraph(nx.node_connected_component(simple, node) - {node})
        out[node] = sorted(nx.connected_components(rest), key=lambda c: (-len(c), min(c)))
    return out


def ties(view: nx.MultiDiGraph, name: str, partition: dict[str, int] | None = None,
         docs: dict[str, str] | None = None) -> pd.DataFrame:
    """Return one row per distinct relation of one entity, with its evidence, grouped by the piece it leads to.

    ``group`` numbers the groups the entity's component falls into without it (1 = the largest; 0 when the
    entity is not a cut point). Columns: group, relation, direction (→ the entity is the subject, ← the
    object), other, community (of the other entity), date, document, evidence.

    Raises:
        KGError: ``name`` matches no entity or several.
    """
    import pandas as pd

    node = analysis.find_node(view, name)
    partition = analysis.communities(view) if partition is None else partition
    docs = docs or {}
    simple = analysis.undirected(view)
    group = {n: i for i, piece in enumerate(_pieces(simple).get(node, []), start=1) for n in piece}
    rows = []
    for u, v, data in analysis.distinct_relations(view).edges(data=True):
        if node not in (u, v) or u == v:
            continue
        other = v if u == node else u
        rows.append({"group": group.get(other, 0), "relation": data.get("relation", ""),
                     "direction": "→" if u == node else "←", "other": view.nodes[other].get("label", other),
                     "community": partition.get(other), "date": data.get("date", ""),
                     "document": docs.get(data.get("doc", ""), data.get("doc", "")),
                     "evidence": data.get("evidence", "")})
    df = pd.DataFrame(rows, columns=["group", "relation", "direction", "other", "community", "date", "document",
                                     "evidence"])
    return df.sort_values(["group", "other", "relation"]).reset_index(drop=True)


def centre_of(view: nx.MultiDiGraph, relations: Iterable[str] = ("investedIn", "boardMemberOf"), *,
              kind: str = "Organization", top: int = 10) -> pd.DataFrame:
    """Return the entities of type ``kind`` at the centre of the given ties, most central first.

    Centrality is PageRank on the subgraph of those relations alone (kg.present.analysis.relation_subgraph), so
    only these ties count. Columns: node, label, then per relation the distinct entities on each side
    ("investors", "investments", "board members", "board seats", ...), degree, pagerank, evidence (up to
    two sentences, most confident first, "／"-joined).

    Raises:
        KGError: a relation name that is not in the vocabulary.
    """
    import pandas as pd

    relations = list(relations)
    sides = [_TIE_NAMES.get(rel, (f"{rel} in", f"{rel} out")) for rel in relations]
    columns = ["node", "label", *(name for pair in sides for name in pair), "degree", "pagerank", "evidence"]
    sub = analysis.relation_subgraph(view, relations)
    table = analysis.centrality_table(sub)
    best = analysis.distinct_relations(sub)
    rows = []
    for _, row in table[table["type"] == kind].iterrows():
        node = row["node"]
        out = {"node": node, "label": row["label"]}
        for rel, (incoming, outgoing) in zip(relations, sides):
            out[incoming] = sum(1 for _, _, d in best.in_edges(node, data=True) if d["relation"] == rel)
            out[outgoing] = sum(1 for _, _, d in best.out_edges(node, data=True) if d["relation"] == rel)
        edges = sorted(list(best.in_edges(node, data=True)) + list(best.out_edges(node, data=True)),
                       key=lambda e: (-float(e[2].get("confidence", 0.0)), e[2].get("evidence", "")))
        sentences = list(dict.fromkeys(d.get("evidence", "") for _, _, d in edges if d.get("evidence")))
        out.update(degree=int(row["degree"]), pagerank=float(row["pagerank"]), evidence="／".join(sentences[:2]))
        rows.append(out)
    return pd.DataFrame(rows, columns=columns).head(top)


def community_summary(view: nx.MultiDiGraph, partition: dict[str, int], docs: dict[str, str] | None = None,
                      *, members: int = 6) -> pd.DataFrame:
    """Return one row per community of two or more entities, numbered as in ``partition``.

    Columns: size, relations (distinct, inside the community), members (the ``members`` highest by
    PageRank, "、"-joined), documents (where its relations are read), evidence (the sentence of the
    relation between its two most central related members).
    """
    import pandas as pd

    docs = docs or {}
    table = analysis.centrality_table(view)
    rank = dict(zip(table["node"], table["pagerank"]))
    best = analysis.distinct_relations(view)
    rows = []
    for community in sorted(set(partition.values())):
        nodes = sorted((n for n, c in partition.items() if c == community), key=lambda n: (-rank.get(n, 0.0), n))
        if len(nodes) < 2:
            continue
        inside = [(u, v, d) for u, v, d in best.edges(nodes, data=True) if partition.get(v) == community]
        top_edge = min(inside, key=lambda e: (-(rank.get(e[0], 0.0) + rank.get(e[1], 0.0)), e[0], e[1]),
                       default=None)
        rows.append({"community": community, "size": len(nodes), "relations": len(inside),
                     "members": "、".join(view.nodes[n].get("label", n) for n in nodes[:members]),
                     "documents": "、".join(sorted({docs.get(d.get("doc", ""), d.get("doc", "")) for *_, d in inside})),
                     "evidence": top_edge[2].get("evidence", "") if top_edge else ""})
    columns = ["community", "size", "relations", "members", "documents", "evidence"]
    return pd.DataFrame(rows, columns=columns).set_index("community")


def growth(view: nx.MultiDiGraph, docs: dict[str, str] | None = None) -> pd.DataFrame:
    """Return how the dated part of the graph grew: one row per year a statement is dated with.

    Columns: year, new (distinct relations first dated that year), relations, entities and largest_group
    (all as of the end of that year, kg.present.analysis.as_of), document and evidence (of that year's first new
    relation, by document and offset). Undated statements are left out.
    """
    import pandas as pd

    docs = docs or {}
    first: dict[tuple[str, str, str], tuple[int, str, int, str]] = {}
    for u, v, data in view.edges(data=True):
        year = analysis.year_of(str(data.get("date", "")))
        if year is None:
            continue
        triple = (u, data.get("relation", ""), v)
        seen = (year, data.get("doc", ""), int(data.get("start", 0)), data.get("evidence", ""))
        first[triple] = min(first.get(triple, seen), seen)
    rows = []
    for year in analysis.years(view):
        then = analysis.as_of(view, year)
        new = sorted(seen for seen in first.values() if seen[0] == year)
        groups = [len(c) for c in nx.connected_components(analysis.undirected(then))]
        rows.append({"year": year, "new": len(new), "relations": sum(1 for s in first.values() if s[0] <= year),
                     "entities": then.number_of_nodes(), "largest_group": max(groups, default=0),
                     "document": docs.get(new[0][1], new[0][1]) if new else "",
                     "evidence": new[0][3] if new else ""})
    columns = ["year", "new", "relations", "entities", "largest_group", "document", "evidence"]
    return pd.DataFrame(rows, columns=columns)

"""Network analysis over the entity-only NetworkX view: centrality tables and friends."""

from __future__ import annotations

from typing import TYPE_CHECKING

import networkx as nx

if TYPE_CHECKING:
    import pandas as pd


def centrality_table(view: nx.MultiDiGraph) -> pd.DataFrame:
    """Return degree, in/out degree, betweenness and PageRank per entity, sorted by PageRank."""
    import pandas as pd

    simple = nx.Graph(view.to_undirected())
    directed = nx.DiGraph(view)
    pagerank = nx.pagerank(directed) if len(directed) else {}
    betweenness = nx.betweenness_centrality(simple) if len(simple) else {}
    rows = []
    for node, data in view.nodes(data=True):
        rows.append({"node": node, "label": data.get("label", node), "type": data.get("type", ""),
                     "degree": view.degree(node), "in_degree": view.in_degree(node),
                     "out_degree": view.out_degree(node), "betweenness": betweenness.get(node, 0.0),
                     "pagerank": pagerank.get(node, 0.0)})
    columns = ["node", "label", "type", "degree", "in_degree", "out_degree", "betweenness", "pagerank"]
    df = pd.DataFrame(rows, columns=columns)
    return df.sort_values(["pagerank", "label"], ascending=[False, True]).reset_index(drop=True)

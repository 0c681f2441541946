"""Views of a built graph: the entity-only NetworkX graph, centrality attributes, SPARQL as DataFrames."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

import networkx as nx
from rdflib import RDF, RDFS, SKOS, Graph, URIRef
from rdflib.namespace import PROV

from ..rdf.graph import load
from ..vocab import COARSE, KG, ORG_SUBCLASSES, RELATIONS, local_name

if TYPE_CHECKING:
    import pandas as pd


def entity_type(g: Graph, node: URIRef) -> tuple[str, str]:
    """Return the (coarse, fine) type names of an entity node, e.g. ("Organization", "Company")."""
    types = set(g.objects(node, RDF.type))
    coarse = next((local_name(c) for c in COARSE if c in types), "")
    fine = next((local_name(c) for c in ORG_SUBCLASSES if c in types), coarse)
    return coarse, fine


def to_networkx(g: Graph) -> nx.MultiDiGraph:
    """Return the entity-only view: nodes are entities, edges are kg relations.

    Node attributes: label, type, subtype, aliases ("|"-joined), mentions. Edge key is the
    relation's local name; edge attributes: relation, evidence, doc, start, end, confidence,
    date, method, statement. Literals are attributes, never nodes.
    """
    out = nx.MultiDiGraph()
    for coarse in COARSE:
        for node in sorted(set(g.subjects(RDF.type, coarse))):
            kind, fine = entity_type(g, node)
            aliases = sorted(str(a) for a in g.objects(node, SKOS.altLabel))
            count = g.value(node, KG.mentionCount)
            out.add_node(str(node), label=str(g.value(node, RDFS.label) or node), type=kind, subtype=fine,
                         aliases="|".join(aliases), mentions=int(count) if count is not None else 0)
    nx.set_node_attributes(out, centrality_attributes(g))
    relations = set(RELATIONS)
    seen: set[tuple[str, str, str]] = set()
    for st in sorted(set(g.subjects(RDF.type, RDF.Statement))):
        p = g.value(st, RDF.predicate)
        s, o = g.value(st, RDF.subject), g.value(st, RDF.object)
        if p not in relations or str(s) not in out or str(o) not in out:
            continue
        date = g.value(st, KG.date)
        seen.add((str(s), local_name(p), str(o)))
        out.add_edge(str(s), str(o), key=f"{local_name(p)}:{st.rsplit('/', 1)[-1]}", relation=local_name(p),
                     evidence=str(g.value(st, KG.evidence) or ""), doc=str(g.value(st, PROV.wasDerivedFrom) or ""),
                     start=int(g.value(st, KG.charStart) or 0), end=int(g.value(st, KG.charEnd) or 0),
                     confidence=float(g.value(st, KG.confidence) or 0.0), date=str(date) if date else "",
                     method=str(g.value(st, KG.method) or ""), statement=str(st))
    # Direct triples without a statement node (hand-made graphs) still become edges.
    for p in RELATIONS:
        for s, o in sorted(g.subject_objects(p)):
            if str(s) in out and str(o) in out and (str(s), local_name(p), str(o)) not in seen:
                out.add_edge(str(s), str(o), key=local_name(p), relation=local_name(p), evidence="", doc="",
                             start=0, end=0, confidence=1.0, date="", method="", statement="")
    return out


# Centrality literals written by kg.present.analysis.add_centrality, read back as node attributes.
_CENTRALITY = ((KG.degree, "degree", int), (KG.community, "community", int), (KG.betweenness, "betweenness", float),
               (KG.closeness, "closeness", float), (KG.pagerank, "pagerank", float),
               (KG.eigenvector, "eigenvector", float))


def centrality_attributes(g: Graph) -> dict[str, dict[str, int | float]]:
    """Return the centrality figures stored in ``g`` per entity IRI (empty for graphs without them)."""
    out: dict[str, dict[str, int | float]] = {}
    for prop, name, cast in _CENTRALITY:
        for node, value in g.subject_objects(prop):
            out.setdefault(str(node), {})[name] = cast(value.toPython())
    return out


def sparql(g: Graph | str | Path, query: str, params: dict[str, str] | None = None, **kw: str) -> pd.DataFrame:
    """Run a SPARQL query and return the rows as a pandas DataFrame (for notebooks).

    ``g`` is a loaded Graph, an Oxigraph store (kg.rdf.store.open_store) or a path to a built graph.
    ``query`` is inline SPARQL, a .rq file or a shipped query name; ``$name`` placeholders are
    bound from ``params`` and keyword arguments. The project prefixes (kgo, rdfs, skos, prov, ...)
    are pre-bound. Cells are Python values: str for IRIs and text, int/float for numbers,
    None for unbound; ASK gives one ``ask`` column.

    Example: ``sparql("output/graph.ttl", "mentors", person="山田花子")``

    Raises:
        GraphNotFound: a path that is not a built graph.
        QueryError: the query cannot be found, parsed or bound.
    """
    import pandas as pd

    from ..rdf.query import prepare, run_query

    graph = load(g) if isinstance(g, (str, Path)) else g
    columns, rows = run_query(graph, prepare(query, {**(params or {}), **kw}))
    return pd.DataFrame([[_py(v) for v in row] for row in rows], columns=columns)


def _py(value: object) -> object:
    """Return a plain Python value for a DataFrame cell.

    Example:
        >>> from rdflib import Literal, XSD
        >>> [_py(Literal("0.5", datatype=XSD.decimal)), _py(Literal("2005", datatype=XSD.gYear)), _py(None)]
        [0.5, '2005', None]
    """
    if value is None:
        return None
    to_python = getattr(value, "toPython", None)
    py = to_python() if to_python else value
    if isinstance(py, Decimal):
        return float(py)
    if isinstance(py, (bool, int, float)):
        return py
    return str(py)

"""Stage 7 (exchange): a built graph → the formats other tools read.

- ``gexf``: one file for Gephi; entity nodes with their type, subtype, aliases, documents and centrality,
  one edge per (subject, relation, object) with its support and whether it is in a conflict.
- ``neo4j``: a folder of CSV files in the layout ``neo4j-admin database import`` reads (typed header
  fields such as ``mentions:int``, arrays split on ``;``), plus ``load.cypher``, which loads the same
  files with ``LOAD CSV`` into a running database.
- ``jsonld`` and ``nt``: the RDF graph itself, as JSON-LD or sorted N-Triples.

Every file is written atomically and deterministically.
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import networkx as nx
from rdflib import RDF, Graph
from rdflib.namespace import DCTERMS, PROV

from ..errors import KGError
from ..rdf.support import noisy_or
from ..vocab import KG, SYMMETRIC, local_name
from .conflicts import conflicting_edges, find_conflicts
from .export import atomic_write, write_jsonld
from .views import to_networkx

FORMATS = ("gexf", "neo4j", "jsonld", "nt")

# Neo4j CSV header fields: "name:type" (kg writes int, double, boolean, string and string[]).
NODE_HEADER = ("id:ID", "name", ":LABEL", "aliases:string[]", "type", "subtype", "mentions:int", "documents:int",
               "degree:int", "community:int", "pagerank:double", "betweenness:double", "closeness:double",
               "eigenvector:double")
DOCUMENT_HEADER = ("id:ID", "title", "path", ":LABEL", "characters:int")
RELATIONSHIP_HEADER = (":START_ID", ":END_ID", ":TYPE", "relation", "statements:int", "documents:int",
                       "confidence:double", "dates:string[]", "evidence:string[]", "sources:string[]",
                       "conflict:boolean", "conflicts:string[]")
MENTION_HEADER = (":START_ID", ":END_ID", ":TYPE")
_SYMMETRIC_NAMES = frozenset(local_name(p) for p in SYMMETRIC)
_CENTRALITY = ("degree", "community", "pagerank", "betweenness", "closeness", "eigenvector")


def export_graph(g: Graph, fmt: str, out: Path) -> list[Path]:
    """Write ``g`` as ``fmt`` to ``out`` (a file; a folder for neo4j); return the files written.

    Raises:
        KGError: an unknown format, or ``out`` is a folder where a file is wanted (or the reverse).
    """
    if fmt not in FORMATS:
        raise KGError(f"unknown export format '{fmt}'; valid: {', '.join(FORMATS)}")
    out = Path(out)
    if fmt == "neo4j":
        if out.exists() and not out.is_dir():
            raise KGError(f"{out}: exists and is not a folder; neo4j export writes a folder of CSV files")
        return write_neo4j(g, out)
    if out.is_dir():
        raise KGError(f"{out}: is a folder; give a file name for the {fmt} export (e.g. {out}/graph.{fmt})")
    if fmt == "gexf":
        write_gexf(g, out)
    elif fmt == "jsonld":
        write_jsonld(g, out)
    else:
        write_ntriples(g, out)
    return [out]


def relation_edges(g: Graph, view: nx.MultiDiGraph | None = None) -> list[dict[str, Any]]:
    """Return one record per (subject, relation, object) with its support, dates, evidence and conflicts.

    Symmetric relations are keyed on the pair as stored. Sorted, so the same graph gives the same list.
    """
    view = to_networkx(g) if view is None else view
    disputed = conflicting_edges(find_conflicts(view))
    grouped: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for s, o, attrs in view.edges(data=True):
        grouped[(s, o, str(attrs.get("relation") or ""))].append(attrs)
    edges = []
    for (s, o, rel), statements in sorted(grouped.items()):
        statements.sort(key=lambda a: (a.get("doc", ""), a.get("start", 0), a.get("statement", "")))
        docs = sorted({str(a.get("doc") or "") for a in statements} - {""})
        notes = disputed.get((s, o, rel), []) + disputed.get((o, s, rel), [])
        edges.append({  # a direct triple without a statement node (a hand-made graph) counts 0 statements
            "source": s, "target": o, "relation": rel, "symmetric": rel in _SYMMETRIC_NAMES,
            "statements": sum(1 for a in statements if a.get("statement")), "documents": len(docs),
            "confidence": round(noisy_or(float(a.get("confidence") or 0.0) for a in statements), 3),
            "dates": sorted({str(a.get("date")) for a in statements if a.get("date")}),
            "evidence": [str(a.get("evidence") or "") for a in statements if a.get("evidence")],
            "sources": docs, "conflicts": sorted(set(notes)),
        })
    return edges


def entity_documents(g: Graph) -> dict[str, list[str]]:
    """Return entity IRI → the IRIs of the documents that mention it (prov:wasDerivedFrom)."""
    out: dict[str, list[str]] = defaultdict(list)
    documents = set(g.subjects(RDF.type, KG.Document))
    for node, doc in g.subject_objects(PROV.wasDerivedFrom):
        if doc in documents and (node, RDF.type, RDF.Statement) not in g:
            out[str(node)].append(str(doc))
    return {k: sorted(v) for k, v in out.items()}


def write_gexf(g: Graph, path: Path) -> None:
    """Write the entity graph as GEXF 1.2 for Gephi."""
    from .page import RELATION_STYLE, TYPE_STYLE

    view = to_networkx(g)
    docs = entity_documents(g)
    out = nx.MultiDiGraph()
    for node, attrs in sorted(view.nodes(data=True)):
        subtype = str(attrs.get("subtype") or attrs.get("type") or "")
        colour = TYPE_STYLE.get(subtype, TYPE_STYLE["Organization"])[2]
        pagerank = float(attrs.get("pagerank") or 0.0)
        data = {"label": str(attrs.get("label") or node), "type": str(attrs.get("type") or ""), "subtype": subtype,
                "aliases": str(attrs.get("aliases") or ""), "mentions": int(attrs.get("mentions") or 0),
                "documents": len(docs.get(node, ())), "iri": node,
                "viz": {"color": _rgb(colour), "size": round(5 + 60 * pagerank ** 0.5, 3)}}
        for name in _CENTRALITY:
            if name in attrs:
                data[name] = attrs[name]
        out.add_node(node, **data)
    for i, e in enumerate(relation_edges(g, view)):
        ja = RELATION_STYLE.get(e["relation"], (e["relation"], "", "#666666"))
        out.add_edge(e["source"], e["target"], key=i, id=str(i), label=ja[0], relation=e["relation"],
                     weight=float(e["documents"]), statements=e["statements"], documents=e["documents"],
                     confidence=e["confidence"], dates="|".join(e["dates"]), conflict=bool(e["conflicts"]),
                     viz={"color": _rgb(ja[2])})
    writer = nx.readwrite.gexf.GEXFWriter(encoding="utf-8", prettyprint=True, version="1.2draft")
    writer.add_graph(out)
    meta = writer.xml.find("meta")
    if meta is not None:  # networkx stamps today's date: dropped, so the same graph gives the same bytes
        meta.attrib.pop("lastmodifieddate", None)
        creator = meta.find("creator")
        if creator is not None:
            creator.text = "kg"
    buf = io.BytesIO()
    writer.write(buf)
    with atomic_write(path, "wb") as fh:
        fh.write(buf.getvalue())


def write_neo4j(g: Graph, folder: Path) -> list[Path]:
    """Write nodes.csv, documents.csv, relationships.csv, mentioned_in.csv and load.cypher into ``folder``."""
    view = to_networkx(g)
    docs = entity_documents(g)
    nodes = []
    labels_used: set[str] = set()
    for node, attrs in sorted(view.nodes(data=True)):
        coarse, fine = str(attrs.get("type") or ""), str(attrs.get("subtype") or "")
        labels = ["Entity", coarse] + ([fine] if fine and fine != coarse else [])
        labels_used.update(labels)
        nodes.append([node, attrs.get("label") or node, _array(labels),
                      _array(a for a in str(attrs.get("aliases") or "").split("|") if a), coarse, fine,
                      int(attrs.get("mentions") or 0), len(docs.get(node, ())),
                      *(_number(attrs.get(name)) for name in _CENTRALITY)])
    documents = []
    for doc in sorted(g.subjects(RDF.type, KG.Document)):
        length = g.value(doc, KG.charLength)
        documents.append([str(doc), _text(g.value(doc, DCTERMS.title) or ""), _text(g.value(doc, KG.sourcePath) or ""),
                          "Document", int(length) if length is not None else ""])
    relationships = []
    types_used: set[str] = set()
    for e in relation_edges(g, view):
        rel_type = relationship_type(e["relation"])
        types_used.add(rel_type)
        relationships.append([e["source"], e["target"], rel_type, e["relation"], e["statements"], e["documents"],
                              e["confidence"], _array(e["dates"]), _array(e["evidence"]), _array(e["sources"]),
                              "true" if e["conflicts"] else "false", _array(e["conflicts"])])
    mentions = [[node, doc, "MENTIONED_IN"] for node in sorted(view.nodes) for doc in docs.get(node, ())]
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, header, rows in (("nodes.csv", NODE_HEADER, nodes), ("documents.csv", DOCUMENT_HEADER, documents),
                               ("relationships.csv", RELATIONSHIP_HEADER, relationships),
                               ("mentioned_in.csv", MENTION_HEADER, mentions)):
        _write_csv(folder / name, header, rows)
        written.append(folder / name)
    with atomic_write(folder / "load.cypher") as fh:
        fh.write(cypher_script(sorted(labels_used), sorted(types_used)))
    written.append(folder / "load.cypher")
    return written


def relationship_type(relation: str) -> str:
    """Return the Neo4j relationship type of a kg relation: upper snake case.

    Example:
        >>> relationship_type("ceoOf"), relationship_type("partnershipWith")
        ('CEO_OF', 'PARTNERSHIP_WITH')
    """
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", relation).upper()


def cypher_script(labels: list[str], types: list[str]) -> str:
    """Return a Cypher script that loads the CSV files of :func:`write_neo4j` with LOAD CSV."""
    lines = [
        "// Load a kg export into a running Neo4j: copy the CSV files into its import folder, then run",
        "//   cypher-shell -f load.cypher",
        "// The same files load into an empty database offline with:",
        "//   neo4j-admin database import full --nodes=nodes.csv --nodes=documents.csv \\",
        "//     --relationships=relationships.csv --relationships=mentioned_in.csv neo4j",
        "CREATE CONSTRAINT kg_entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE;",
        "CREATE CONSTRAINT kg_document_id IF NOT EXISTS FOR (d:Document) REQUIRE d.id IS UNIQUE;",
        "LOAD CSV WITH HEADERS FROM 'file:///nodes.csv' AS row",
        "MERGE (n:Entity {id: row.`id:ID`})",
        "SET n.name = row.name, n.aliases = " + _split("aliases:string[]") + ", n.type = row.type,",
        "    n.subtype = row.subtype, n.mentions = toInteger(row.`mentions:int`),",
        "    n.documents = toInteger(row.`documents:int`), n.degree = toInteger(row.`degree:int`),",
        "    n.community = toInteger(row.`community:int`), n.pagerank = toFloat(row.`pagerank:double`),",
        "    n.betweenness = toFloat(row.`betweenness:double`), n.closeness = toFloat(row.`closeness:double`),",
        "    n.eigenvector = toFloat(row.`eigenvector:double`)",
    ]
    for label in labels:
        if label != "Entity":
            lines.append(f"FOREACH (_ IN CASE WHEN '{label}' IN split(row.`:LABEL`, ';') THEN [1] ELSE [] END |"
                         f" SET n:{label})")
    lines[-1] += ";"
    lines += [
        "LOAD CSV WITH HEADERS FROM 'file:///documents.csv' AS row",
        "MERGE (d:Document {id: row.`id:ID`})",
        "SET d.title = row.title, d.path = row.path, d.characters = toInteger(row.`characters:int`);",
        "LOAD CSV WITH HEADERS FROM 'file:///mentioned_in.csv' AS row",
        "MATCH (n:Entity {id: row.`:START_ID`}), (d:Document {id: row.`:END_ID`})",
        "MERGE (n)-[:MENTIONED_IN]->(d);",
    ]
    for rel_type in types:
        lines += [
            "LOAD CSV WITH HEADERS FROM 'file:///relationships.csv' AS row",
            f"WITH row WHERE row.`:TYPE` = '{rel_type}'",
            "MATCH (a:Entity {id: row.`:START_ID`}), (b:Entity {id: row.`:END_ID`})",
            f"MERGE (a)-[r:{rel_type}]->(b)",
            "SET r.relation = row.relation, r.statements = toInteger(row.`statements:int`),",
            "    r.documents = toInteger(row.`documents:int`), r.confidence = toFloat(row.`confidence:double`),",
            "    r.dates = " + _split("dates:string[]") + ", r.evidence = " + _split("evidence:string[]") + ",",
            "    r.sources = " + _split("sources:string[]") + ", r.conflict = row.`conflict:boolean` = 'true',",
            "    r.conflicts = " + _split("conflicts:string[]") + ";",
        ]
    return "\n".join(lines) + "\n"


def write_ntriples(g: Graph, path: Path) -> None:
    """Write the RDF graph as N-Triples, one triple per line, lines sorted."""
    text = g.serialize(format="nt", encoding="utf-8").decode("utf-8")
    lines = sorted({line for line in text.splitlines() if line.strip()})
    with atomic_write(path) as fh:
        fh.write("\n".join(lines) + ("\n" if lines else ""))


def _split(column: str) -> str:
    return f"CASE WHEN row.`{column}` IS NULL THEN [] ELSE split(row.`{column}`, ';') END"


def _write_csv(path: Path, header: tuple[str, ...], rows: Iterable[list[object]]) -> None:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    with atomic_write(path) as fh:
        fh.write(buf.getvalue())


def _text(value: object) -> str:
    """One line of text: the importer reads no line breaks inside a field unless told to."""
    return " ".join(str(value).split("\n")).replace("\r", " ")


def _array(values: Iterable[object]) -> str:
    """Join array values with ';' (the importer's array delimiter; a ';' inside a value becomes '；')."""
    return ";".join(_text(v).replace(";", "；") for v in values)


def _number(value: object) -> object:
    return "" if value is None else value


def _rgb(hex_colour: str) -> dict[str, int]:
    v = int(hex_colour.lstrip("#"), 16)
    return {"r": (v >> 16) & 255, "g": (v >> 8) & 255, "b": v & 255, "a": 1.0}

"""Stage 6: Entity + Relation → rdflib.Graph with provenance. Mints every IRI; loads a built graph back."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path

from rdflib import RDF, RDFS, SKOS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV

from ..errors import GraphNotFound
from ..model import Document, Entity, Relation
from ..vocab import BASE_IRI, KG, SYMMETRIC

KGO = Namespace(str(KG._NS))
SCHEMA = Namespace("https://schema.org/")
PREFIXES: dict[str, Namespace] = {
    "kgo": KGO, "rdf": Namespace(str(RDF)), "rdfs": Namespace(str(RDFS)), "skos": Namespace(str(SKOS)),
    "xsd": Namespace(str(XSD)), "prov": Namespace(str(PROV)), "dcterms": Namespace(str(DCTERMS)),
    "owl": Namespace(str(OWL)), "schema": SCHEMA,
}
_UNSAFE = re.compile(r"[\x00-\x20<>\"{}|\\^`%#?/\[\]@!$&'()*+,;=]")


def new_graph(base_iri: str = BASE_IRI) -> Graph:
    """Return an empty graph with the project's prefixes bound.

    The store is rdflib's ``SimpleMemory``: a build's graph has no named graphs, and without the
    context bookkeeping of the default ``Memory`` store every add and lookup costs about half as much.
    Code that needs a context-aware store (pySHACL) copies it (kg.rdf.validate does).
    """
    g = Graph(store="SimpleMemory")
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True)
    g.bind("kgr", Namespace(base_iri), override=True)
    return g


def iri_segment(text: str) -> str:
    """Return ``text`` made safe for one IRI path segment, keeping Japanese readable.

    Example:
        >>> iri_segment("y combinator/yc")
        'y_combinator%2Fyc'
    """
    text = text.replace(" ", "_")
    return _UNSAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m.group(0).encode("utf-8")), text)


def entity_iri(key: str, base_iri: str = BASE_IRI) -> URIRef:
    """Return the IRI of an entity from its key."""
    return URIRef(f"{base_iri}entity/{iri_segment(key)}")


def document_iri(doc_id: str, base_iri: str = BASE_IRI) -> URIRef:
    """Return the IRI of a document from its id."""
    return URIRef(f"{base_iri}doc/{doc_id}")


def statement_iri(relation: Relation, base_iri: str = BASE_IRI) -> URIRef:
    """Return the deterministic IRI of a statement: a hash of (s, p, o, doc_id, start)."""
    raw = "\x1f".join([relation.subject, str(relation.predicate), relation.object,
                       relation.source.doc_id, str(relation.source.start)])
    return URIRef(f"{base_iri}stmt/{hashlib.sha256(raw.encode('utf-8')).hexdigest()[:20]}")


def build_graph(documents: Iterable[Document], entities: Iterable[Entity], relations: Iterable[Relation],
                base_iri: str = BASE_IRI) -> Graph:
    """Return the RDF graph of documents, entities and relations with their provenance."""
    g = new_graph(base_iri)
    for doc in documents:
        add_document(g, doc, base_iri)
    for entity in entities:
        add_entity(g, entity, base_iri)
    for relation in relations:
        add_relation(g, relation, base_iri)
    return g


def add_document(g: Graph, doc: Document, base_iri: str = BASE_IRI) -> URIRef:
    """Describe one input document."""
    node = document_iri(doc.doc_id, base_iri)
    g.add((node, RDF.type, KG.Document))
    g.add((node, DCTERMS.title, Literal(doc.title)))
    g.add((node, KG.sourcePath, Literal(doc.path)))
    g.add((node, KG.contentHash, Literal(doc.doc_id)))
    g.add((node, KG.charLength, Literal(len(doc.text), datatype=XSD.integer)))
    g.add((node, DCTERMS.format, Literal(doc.media_type)))
    return node


def add_entity(g: Graph, entity: Entity, base_iri: str = BASE_IRI) -> URIRef:
    """Describe one entity: its coarse type, subtype, label, aliases and merge reasons."""
    node = entity_iri(entity.key, base_iri)
    g.add((node, RDF.type, entity.kind))
    if entity.subkind is not None:
        g.add((node, RDF.type, entity.subkind))
    g.add((node, RDFS.label, Literal(entity.name)))
    for alias in entity.aliases:
        g.add((node, SKOS.altLabel, Literal(alias)))
    g.add((node, KG.mentionCount, Literal(len(entity.mentions), datatype=XSD.integer)))
    for reason in entity.reasons:
        g.add((node, KG.mergeReason, Literal(reason)))
    for doc_id in sorted({m.source.doc_id for m in entity.mentions}):
        g.add((node, PROV.wasDerivedFrom, document_iri(doc_id, base_iri)))
    return node


def add_relation(g: Graph, relation: Relation, base_iri: str = BASE_IRI) -> URIRef:
    """Add the direct triple and its rdf:Statement with evidence, offsets and confidence."""
    s, o = relation.subject, relation.object
    if relation.predicate in SYMMETRIC and o < s:
        s, o = o, s
    s_node, o_node = entity_iri(s, base_iri), entity_iri(o, base_iri)
    g.add((s_node, relation.predicate, o_node))
    st = statement_iri(relation, base_iri)
    src = relation.source
    g.add((st, RDF.type, RDF.Statement))
    g.add((st, RDF.subject, s_node))
    g.add((st, RDF.predicate, relation.predicate))
    g.add((st, RDF.object, o_node))
    g.add((st, PROV.wasDerivedFrom, document_iri(src.doc_id, base_iri)))
    g.add((st, KG.evidence, Literal(src.sentence)))
    g.add((st, KG.charStart, Literal(src.start, datatype=XSD.integer)))
    g.add((st, KG.charEnd, Literal(src.end, datatype=XSD.integer)))
    conf = Decimal(str(round(relation.confidence, 3)))
    g.add((st, KG.confidence, Literal(conf, datatype=XSD.decimal)))
    g.add((st, KG.method, Literal(src.method)))
    if relation.date:
        dtype = XSD.gYear if len(relation.date) == 4 else XSD.gYearMonth if len(relation.date) == 7 else XSD.date
        g.add((st, KG.date, Literal(relation.date, datatype=dtype)))
    return st


def load(path: str | Path) -> Graph:
    """Load a graph written by ``kg build`` (Turtle, or JSON-LD by extension).

    Raises:
        GraphNotFound: the file is missing or does not parse.
    """
    path = Path(path)
    if path.is_dir():
        path = path / "graph.ttl"
    if not path.is_file():
        raise GraphNotFound(f"{path}: no such graph file; run 'kg build' first")
    fmt = "json-ld" if path.suffix in {".jsonld", ".json"} else "turtle"
    g = Graph()
    try:
        g.parse(path, format=fmt)
    except Exception as err:  # rdflib raises many parser-specific types
        raise GraphNotFound(f"{path}: not a valid {fmt} graph: {err}".splitlines()[0]) from err
    return g

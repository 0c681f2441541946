"""Support of relations over a corpus, and the documents behind each node and edge.

For every relation triple (s, p, o) the build adds one ``kgo:Support`` node that counts the statements
and the distinct documents stating it and combines their confidences (noisy-or); see
:func:`add_support`. :func:`document_subgraph` cuts a corpus graph down to what one document says.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from pathlib import PurePath

from rdflib import RDF, RDFS, SKOS, XSD, Graph, Literal, URIRef
from rdflib.namespace import PROV

from ..errors import KGError
from ..vocab import BASE_IRI, KG, RELATIONS


def noisy_or(confidences: Iterable[float]) -> float:
    """Return the probability that at least one of independent statements holds: 1 − Π(1 − c).

    Example:
        >>> round(noisy_or([0.8, 0.5]), 3)
        0.9
        >>> noisy_or([])
        0.0
    """
    miss = 1.0
    for c in confidences:
        miss *= 1.0 - min(max(float(c), 0.0), 1.0)
    return 1.0 - miss


def support_iri(s: URIRef, p: URIRef, o: URIRef, base_iri: str = BASE_IRI) -> URIRef:
    """Return the deterministic IRI of the support node of triple (s, p, o)."""
    raw = "\x1f".join([str(s), str(p), str(o)])
    return URIRef(f"{base_iri}support/{hashlib.sha256(raw.encode('utf-8')).hexdigest()[:20]}")


def add_support(g: Graph, base_iri: str = BASE_IRI) -> list[tuple]:
    """Add a ``kgo:Support`` node for every relation triple that has statements; return the triples added.

    The node carries ``rdf:subject``/``rdf:predicate``/``rdf:object`` of the direct triple,
    ``kgo:statementCount``, ``kgo:documentCount``, ``kgo:confidence`` (noisy-or of its statements'
    confidences, 3 decimals) and ``kgo:supportedBy`` each statement.
    """
    groups: dict[tuple, list[tuple[URIRef, float, object]]] = defaultdict(list)
    relations = set(RELATIONS)
    for st in g.subjects(RDF.type, RDF.Statement):
        p = g.value(st, RDF.predicate)
        if p not in relations:
            continue
        key = (g.value(st, RDF.subject), p, g.value(st, RDF.object))
        conf = g.value(st, KG.confidence)
        groups[key].append((st, float(conf) if conf is not None else 0.0, g.value(st, PROV.wasDerivedFrom)))
    added: list[tuple] = []
    for (s, p, o), statements in sorted(groups.items()):
        node = support_iri(s, p, o, base_iri)
        combined = Decimal(str(round(noisy_or(c for _, c, _ in statements), 3)))
        triples = [(node, RDF.type, KG.Support), (node, RDF.subject, s), (node, RDF.predicate, p),
                   (node, RDF.object, o),
                   (node, KG.statementCount, Literal(len(statements), datatype=XSD.integer)),
                   (node, KG.documentCount, Literal(len({d for _, _, d in statements if d is not None}),
                                                    datatype=XSD.integer)),
                   (node, KG.confidence, Literal(combined, datatype=XSD.decimal))]
        triples += [(node, KG.supportedBy, st) for st, _, _ in sorted(statements)]
        for triple in triples:
            g.add(triple)
        added.extend(triples)
    return added


def find_document(g: Graph, ref: str) -> URIRef:
    """Return the document node ``ref`` names: its IRI, content hash, source path, file name or file stem.

    Raises:
        KGError: no document, or more than one, answers to ``ref``.
    """
    hits = []
    for doc in sorted(g.subjects(RDF.type, KG.Document)):
        path = str(g.value(doc, KG.sourcePath) or "").replace("\\", "/")
        names = {str(doc), str(g.value(doc, KG.contentHash) or ""), path}
        if path:
            names |= {PurePath(path).name, PurePath(path).stem}
        if ref in names:
            hits.append(doc)
    if len(hits) != 1:
        known = sorted(PurePath(str(g.value(d, KG.sourcePath) or d)).stem
                       for d in g.subjects(RDF.type, KG.Document))
        what = "no document" if not hits else f"{len(hits)} documents"
        raise KGError(f"{what} named '{ref}' in the graph; give a file name, stem, path or document IRI "
                      f"({', '.join(known[:12])}{', …' if len(known) > 12 else ''})")
    return hits[0]


def document_subgraph(g: Graph, ref: str) -> Graph:
    """Return what one document of a corpus graph says: the entities it mentions (their types and every
    name the node carries) and the relations it states, with their statements.

    Raises:
        KGError: ``ref`` names no single document (see :func:`find_document`).
    """
    doc = find_document(g, ref)
    out = Graph()
    for prefix, ns in g.namespaces():
        out.bind(prefix, ns, override=True)
    for pred in (RDF.type, KG.sourcePath, KG.contentHash, KG.charLength):
        for value in g.objects(doc, pred):
            out.add((doc, pred, value))
    for node in g.subjects(PROV.wasDerivedFrom, doc):
        if (node, RDF.type, RDF.Statement) in g:
            for triple in g.triples((node, None, None)):
                out.add(triple)
            out.add((g.value(node, RDF.subject), g.value(node, RDF.predicate), g.value(node, RDF.object)))
        elif (node, RDF.type, KG.Person) in g or (node, RDF.type, KG.Organization) in g:
            for pred in (RDF.type, RDFS.label, SKOS.altLabel):
                for value in g.objects(node, pred):
                    out.add((node, pred, value))
            out.add((node, PROV.wasDerivedFrom, doc))
    return out

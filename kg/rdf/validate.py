"""Validation: rdflib.Graph → (conforms, report) against ontology/shapes.ttl with pySHACL.

pySHACL is the validator of record. A build validates incrementally (kg.rdf.incremental_validation):
shapes whose verdict on a node depends only on that node's own triples are run again only on nodes
whose triples changed since the last build; the other shapes (SPARQL constraints) run on the whole graph,
which pySHACL reads from an Oxigraph copy: its SPARQL engine answers them ~30× faster than rdflib's.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import RDF, Graph, Namespace

from .. import resources
from ..errors import ShapeViolation, VocabularyError

if TYPE_CHECKING:
    import pyoxigraph

log = logging.getLogger(__name__)


SH = Namespace("http://www.w3.org/ns/shacl#")


def load_shapes(path: str | Path | None = None) -> Graph:
    """Parse the SHACL shapes file (default: ontology/shapes.ttl).

    Raises:
        VocabularyError: the shapes file is missing or is not valid Turtle.
    """
    path = Path(path) if path is not None else resources.ontology_dir() / "shapes.ttl"
    try:
        return Graph().parse(path, format="turtle")
    except FileNotFoundError as err:
        raise VocabularyError(f"{path}: SHACL shapes file not found; restore ontology/shapes.ttl") from err
    except Exception as err:  # rdflib raises parser-specific types
        raise VocabularyError(f"{path}: shapes are not valid Turtle: {err}".splitlines()[0]) from err


def preload() -> None:
    """Import pySHACL now (a fraction of a second), e.g. while waiting, so a forked validation inherits it."""
    import pyshacl  # noqa: F401


def validate(g: Graph | pyoxigraph.Store, shapes: Graph | str | Path | None = None) -> tuple[bool, str]:
    """Validate ``g`` against the SHACL shapes; return (conforms, report text).

    No inference is run: kg build writes every type explicitly, so the shapes check what is written.
    ``g`` may be an Oxigraph store (see :func:`oxigraph_copy`): pySHACL then runs SPARQL constraints in
    Oxigraph, in milliseconds, but reads triples one call at a time, so core constraints take minutes.

    Raises:
        VocabularyError: the shapes cannot be loaded.
    """
    from pyshacl import validate as shacl_validate

    if isinstance(g, Graph):
        g = context_aware(g)  # pySHACL wraps the data graph in a Dataset over the same store

    shapes_graph = shapes if isinstance(shapes, Graph) else load_shapes(shapes)
    # SHACL-AF (rules, custom targets, functions) only where the shapes use it: advanced mode makes
    # pySHACL copy the whole data graph first.
    advanced = any((None, term, None) in shapes_graph for term in _ADVANCED) or \
        any((None, RDF.type, term) in shapes_graph for term in _ADVANCED_TYPES)
    # pySHACL adds RDFS/OWL axioms to the shapes graph it is given; it gets a copy, so the caller's
    # shapes (and the memo salt computed from them) stay as parsed.
    conforms, _report_graph, text = shacl_validate(g, shacl_graph=new_like(shapes_graph) + shapes_graph,
                                                   inference="none", advanced=advanced, allow_warnings=True)
    return bool(conforms), str(text)


def context_aware(g: Graph) -> Graph:
    """Return ``g`` itself when pySHACL can use its store, else a copy in rdflib's ``Memory`` store.

    A build's graph lives in ``SimpleMemory``; pySHACL wraps the data graph in a Dataset, which needs
    a context-aware store. The copy takes about a second per 50,000 triples.
    """
    return g if g.store.context_aware else _memory_copy(g)


def oxigraph_copy(g: Graph) -> pyoxigraph.Store:
    """Return ``g``'s triples in an in-memory Oxigraph store (a third of a second per 40,000 triples)."""
    import pyoxigraph

    store = pyoxigraph.Store()
    store.bulk_load(g.serialize(format="nt", encoding="utf-8"), pyoxigraph.RdfFormat.N_TRIPLES)
    return store


def _memory_copy(g: Graph) -> Graph:
    """Return ``g`` copied into rdflib's context-aware ``Memory`` store, with the same prefixes."""
    out = new_like(g)
    out.addN((s, p, o, out) for s, p, o in g)
    return out


_ADVANCED = {SH.rule, SH.target, SH.condition, SH.order, SH.filterShape, SH.nodes, SH.intersection,
             SH.union, SH.this, SH.returnType}
_ADVANCED_TYPES = {SH.SPARQLTarget, SH.SPARQLTargetType, SH.SPARQLRule, SH.TripleRule, SH.SPARQLFunction,
                   SH.Function, SH.JSTarget, SH.JSRule, SH.JSFunction}


def violations(report: str) -> list[str]:
    """Return the one-line messages of a pySHACL text report, one per violation, in report order.

    Example:
        >>> violations("Constraint Violation in X:\\n\\tFocus Node: <a>\\n\\tMessage: no label\\n")
        ['<a>: no label']
    """
    out: list[str] = []
    focus = ""
    for line in report.splitlines():
        line = line.strip()
        if line.startswith("Focus Node:"):
            focus = line.split(":", 1)[1].strip()
        elif line.startswith("Message:"):
            out.append(f"{focus}: {line.split(':', 1)[1].strip()}")
    return out


def verdict(conforms: bool, report: str, *, strict: bool = False) -> tuple[bool, list[str]]:
    """Return (conforms, one warning per violation) for a pySHACL result, or raise when ``strict``.

    Raises:
        ShapeViolation: ``strict`` is set and the graph does not conform.
    """
    if conforms:
        return True, []
    if strict:
        raise ShapeViolation(report)
    found = violations(report)
    for message in found:
        log.warning("SHACL: %s", message)
    return False, [f"SHACL: {m}" for m in found]


def new_like(g: Graph) -> Graph:
    out = Graph()
    for prefix, ns in g.namespaces():
        out.bind(prefix, ns, override=True, replace=True)
    return out


__all__ = ["SH", "context_aware", "load_shapes", "new_like", "oxigraph_copy", "preload", "validate", "verdict",
           "violations"]

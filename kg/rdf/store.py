"""On-disk Oxigraph store for big graphs: graph.ttl → pyoxigraph.Store; SPARQL answers as rdflib terms.

The store is a cache of a built graph.ttl, kept in ``.kg-store/<hash of graph.ttl>`` beside it, so a
rebuilt graph gets a fresh store and a reader never sees a half-loaded one.
"""

from __future__ import annotations

import gc
import hashlib
import logging
import re
import shutil
import tempfile
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from ..errors import GraphNotFound, QueryError

log = logging.getLogger(__name__)

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_POSITION = re.compile(r"error at (\d+):(\d+): ?(.*)", re.S)


def store_dir_for(graph_path: str | Path, root: str | Path | None = None) -> Path:
    """Return the store folder for ``graph_path``: ``<root>/<sha256 of the file, 16 hex>``.

    ``root`` defaults to ``.kg-store`` beside the graph file.

    Raises:
        GraphNotFound: the graph file is missing.
    """
    path = _graph_file(graph_path)
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    base = Path(root) if root is not None else path.parent / ".kg-store"
    return base / f"{path.stem}-{digest.hexdigest()[:16]}"


def ensure_store(graph_path: str | Path, root: str | Path | None = None) -> Path:
    """Bulk-load ``graph_path`` into its on-disk store unless already there; return the store folder.

    Loading goes into a temporary folder renamed into place, so a crash never leaves a partial store;
    stores of older versions of the same graph are removed.

    Raises:
        GraphNotFound: the graph file is missing or is not valid Turtle/JSON-LD.
    """
    path = _graph_file(graph_path)
    target = store_dir_for(path, root)
    if target.is_dir():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    fmt = ox.RdfFormat.JSON_LD if path.suffix in {".jsonld", ".json"} else ox.RdfFormat.TURTLE
    try:
        store = ox.Store(str(tmp))
        store.bulk_load(path=str(path), format=fmt)
        store.flush()
        del store
        gc.collect()  # the RocksDB lock is released when the Store object is freed
        try:
            tmp.rename(target)
        except OSError:
            if not target.is_dir():
                raise
            shutil.rmtree(tmp, ignore_errors=True)  # another process loaded the same graph first
    except (SyntaxError, ValueError) as err:
        shutil.rmtree(tmp, ignore_errors=True)
        raise GraphNotFound(f"{path}: cannot load into Oxigraph: {err}".splitlines()[0]) from err
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    for old in target.parent.glob(f"{path.stem}-*"):
        if old != target and old.is_dir():
            shutil.rmtree(old, ignore_errors=True)
    log.info("loaded %s into Oxigraph store %s", path, target)
    return target


def open_store(graph_path: str | Path, root: str | Path | None = None) -> ox.Store:
    """Return a read-only Oxigraph store holding ``graph_path`` (loaded on first use).

    Raises:
        GraphNotFound: the graph file is missing or does not parse.
    """
    return ox.Store.read_only(str(ensure_store(graph_path, root)))


def query_store(store: ox.Store, query: str, *, line_offset: int = 0) -> tuple[list[str], list[tuple]]:
    """Run a SPARQL query on ``store``; return column names and rows of rdflib terms.

    Rows have the same shape as ``kg.rdf.query.run_query`` on rdflib: ASK → one ``(bool,)`` row, CONSTRUCT and
    DESCRIBE → sorted (subject, predicate, object) triples. ``line_offset`` is subtracted from error lines.

    Raises:
        QueryError: a syntax error (with line and column) or an evaluation error.
    """
    try:
        result = store.query(query)
    except SyntaxError as err:
        raise QueryError(_syntax_message(str(err), line_offset)) from err
    except (OSError, ValueError, TypeError) as err:
        raise QueryError(f"SPARQL evaluation failed: {err}") from err
    if isinstance(result, ox.QueryBoolean):
        return ["ask"], [(bool(result),)]
    if isinstance(result, ox.QueryTriples):
        return ["subject", "predicate", "object"], sorted(
            (to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)) for t in result)
    variables = list(result.variables)
    rows = [tuple(to_rdflib(solution[v]) for v in variables) for solution in result]
    return [v.value for v in variables], rows


def to_rdflib(term: object) -> Node | None:
    """Convert a pyoxigraph term to the rdflib term that rdflib's own engine would return.

    Plain ``xsd:string`` literals become untyped literals, as rdflib parses them from Turtle.

    Example:
        >>> to_rdflib(ox.Literal("3", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")))
        rdflib.term.Literal('3', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#integer'))
        >>> to_rdflib(ox.Literal("ミドリ商事"))
        rdflib.term.Literal('ミドリ商事')
    """
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == _XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise QueryError(f"unsupported RDF term in a query answer: {term!r}")


def _syntax_message(message: str, line_offset: int) -> str:
    """Turn Oxigraph's 'error at L:C: msg' into kg's one-line syntax message.

    Example:
        >>> _syntax_message("error at 12:5: expected WHERE", 10)
        'SPARQL syntax error at line 2, column 5: expected WHERE'
    """
    m = _POSITION.match(message)
    if not m:
        return f"SPARQL syntax error: {message}"
    line, col, msg = int(m.group(1)) - line_offset, int(m.group(2)), m.group(3).strip().splitlines()[0]
    return f"SPARQL syntax error at line {line}, column {col}: {msg}"


def _graph_file(graph_path: str | Path) -> Path:
    path = Path(graph_path)
    if path.is_dir():
        path = path / "graph.ttl"
    if not path.is_file():
        raise GraphNotFound(f"{path}: no such graph file; run 'kg build' first")
    return path


__all__ = ["ensure_store", "open_store", "query_store", "store_dir_for", "to_rdflib"]

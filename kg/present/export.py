"""Stage 7: graph → files. Turtle, GraphML, the pyvis page and JSONL dumps, each written atomically."""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from collections import defaultdict
from collections.abc import Iterable
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Iterator

import networkx as nx
from rdflib import Graph, Literal, URIRef


@contextmanager
def atomic_write(path: Path, mode: str = "w") -> Iterator[IO]:
    """Write ``path`` via a temporary file beside it, renamed into place only on success."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, mode, encoding=None if "b" in mode else "utf-8", newline=None if "b" in mode else "\n") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


STAGING_PREFIX = ".kg-staging-"


@contextmanager
def staged(out_dir: Path) -> Iterator[Path]:
    """Yield a hidden folder inside ``out_dir`` to write a build's files into; publish them all on success.

    The files are renamed into ``out_dir`` one after another only once every one of them is
    complete, so a build killed while writing leaves the previous outputs whole. Staging
    folders left behind by killed builds are removed first.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    for stale in out_dir.glob(f"{STAGING_PREFIX}*"):
        shutil.rmtree(stale, ignore_errors=True)
    for stale in out_dir.glob(".*.tmp"):  # atomic_write temporaries of a killed build
        stale.unlink(missing_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=out_dir))
    try:
        yield stage
        for item in sorted(stage.iterdir()):
            if not item.match(".*.tmp"):  # not the temporary of a writer that died (see atomic_write)
                os.replace(item, out_dir / item.name)
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def write_turtle(g: Graph, path: Path) -> None:
    """Write the graph as Turtle (rdflib's layout: subjects sorted, so output is deterministic)."""
    data = turtle_bytes(g)
    with atomic_write(path, "wb") as fh:
        fh.write(data)


def turtle_bytes(g: Graph) -> bytes:
    """Return the bytes ``g.serialize(format="turtle", encoding="utf-8")`` gives, in a fraction of the time.

    rdflib's serializer looks every subject's triples up again and re-derives each term's prefixed name
    at every use. This writes the same layout from one pass over the graph, rendering each distinct term
    once with rdflib's own serializer, so terms, prefixes and escapes are rdflib's. Graphs with blank
    nodes or rdfs:Class members (which rdflib nests or lists first) go to rdflib itself.
    """
    from rdflib import RDF, RDFS, BNode
    from rdflib.plugins.serializers.turtle import OBJECT, SUBJECT, VERB, TurtleSerializer

    triples = list(g)
    if any(isinstance(t, BNode) for triple in triples for t in triple) or (None, RDF.type, RDFS.Class) in g:
        return g.serialize(format="turtle", encoding="utf-8")
    ser = TurtleSerializer(g)
    ser.reset()
    ser.base = g.base
    subjects: dict = {}
    references: dict = defaultdict(int)
    for s, p, o in triples:  # as TurtleSerializer.preprocess: count references, register prefixes
        subjects.setdefault(s, {}).setdefault(p, []).append(o)
        references[o] += 1
    objects_seen = set(references)
    for predicate in {p for props in subjects.values() for p in props}:
        if predicate in ser.keywords:
            continue
        if ser.base is not None:
            return g.serialize(format="turtle", encoding="utf-8")
        try:  # a predicate outside every bound namespace would get a generated ns1: prefix
            g.namespace_manager.compute_qname(predicate, generate=False)
        except Exception:  # noqa: BLE001 - rdflib raises KeyError/ValueError/... here
            return g.serialize(format="turtle", encoding="utf-8")
        ser.get_pname(predicate, gen_prefix=True)
    for term in subjects.keys() | objects_seen:
        ser.get_pname(term, gen_prefix=False)
        if isinstance(term, Literal) and term.datatype:
            ser.get_pname(term.datatype, gen_prefix=False)
    labels: tuple[dict, dict, dict] = ({}, {}, {})  # per position: subject, verb, object

    def label(term, pos) -> str:
        text = labels[pos].get(term)
        if text is None:
            text = labels[pos][term] = ser.label(term, pos)
        return text

    out = ["@prefix %s: <%s> .\n" % item for item in sorted(ser.namespaces.items())]
    # rdflib orders subjects by how often they are referenced as objects, then by IRI.
    for subject in sorted(subjects, key=lambda s: (False, references[s], s)):
        properties = subjects[subject]
        for objects in properties.values():
            objects.sort()
        order = [p for p in ser.predicateOrder if p in properties]
        order += sorted(p for p in properties if p not in order)
        out.append("\n" + label(subject, SUBJECT))
        for i, predicate in enumerate(order):
            objects = properties[predicate]
            out.append((" " if i == 0 else " ;\n    ") + label(predicate, VERB) + " ")
            out.append(label(objects[0], OBJECT))
            for obj in objects[1:]:
                out.append(",\n        " + label(obj, OBJECT))
        out.append(" .\n")
    out.append("\n")
    return "".join(out).encode("utf-8", "replace")


def jsonld_context(g: Graph) -> dict[str, str]:
    """Return the JSON-LD @context for ``g``: the project's prefixes (kgo, kgr, rdfs, prov, ...) as bound."""
    from ..rdf.graph import PREFIXES

    return {prefix: str(ns) for prefix, ns in sorted(g.namespaces()) if prefix in PREFIXES or prefix == "kgr"}


def write_jsonld(g: Graph, path: Path) -> None:
    """Write the graph as compacted JSON-LD with an inline @context (same triples as graph.ttl).

    Nodes are sorted by @id and multi-valued properties by value, so the same graph gives the same bytes.
    """
    context = jsonld_context(g)
    nodes = jsonld_nodes(g, context)
    if nodes is None:
        data = json.loads(g.serialize(format="json-ld", context=context, auto_compact=True))
        nodes = data.get("@graph", [data] if "@id" in data else [])
    for node in nodes:
        node.pop("@context", None)
        for key, value in node.items():
            if isinstance(value, list):
                node[key] = sorted(value, key=lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True))
    nodes.sort(key=lambda n: str(n.get("@id", "")))
    text = json.dumps({"@context": context, "@graph": nodes}, ensure_ascii=False, indent=1, sort_keys=True)
    with atomic_write(path) as fh:
        fh.write(text + "\n")


def jsonld_nodes(g: Graph, context: dict[str, str]) -> list[dict] | None:
    """Return the node objects rdflib's JSON-LD serializer gives for ``g`` with a prefix-only ``context``.

    Built with rdflib's own Context and Converter, each distinct term compacted once (rdflib finds
    terms and prefixes again for every triple). None where rdflib would do more than compact: blank
    nodes, RDF lists, context terms that match, or an empty graph; the caller then asks rdflib.
    """
    from rdflib import RDF, BNode
    from rdflib.plugins.serializers.jsonld import Converter
    from rdflib.plugins.shared.jsonld.context import ID, UNDEF, VOCAB, Context

    converter = Converter(Context(context), use_native_types=True, use_rdf_type=False)
    ctx = converter.context
    if not ctx.active or (None, RDF.first, None) in g:
        return None
    rdf_type = RDF.type
    checked: set = set()
    shrunk: dict = {}
    raw: dict = {}
    nodes: list[dict] = []
    for subject in sorted(set(g.subjects())):
        if not isinstance(subject, URIRef):
            return None
        node: dict = {ctx.id_key: ctx.shrink_iri(subject)}
        nodes.append(node)
        for p, o in g.predicate_objects(subject):
            if isinstance(o, BNode):
                return None
            kind = (p, o.datatype, o.language) if isinstance(o, Literal) else (p,)
            if kind not in checked:  # as Converter.add_to_node: a matching context term changes the form
                found = (ctx.find_term(str(p), str(o.datatype) if o.datatype else None, language=o.language)
                         if isinstance(o, Literal) else
                         any(ctx.find_term(str(p), coercion, None) for coercion in (ID, VOCAB, UNDEF)))
                key_term = ctx.terms.get(ctx.to_symbol(p))
                if found or (key_term and (key_term.type or key_term.container)):
                    return None
                checked.add(kind)
            if p == rdf_type:
                key, value = ctx.type_key, (_cached(shrunk, o, ctx.to_symbol) if isinstance(o, URIRef) else None)
            else:
                key, value = _cached(shrunk, p, ctx.to_symbol), None
            if value is None:
                value = _cached(raw, o, lambda term: converter.to_raw_value(g, subject, term, {}))
                value = dict(value) if isinstance(value, dict) else value
            before = node.get(key)
            if before:  # rdflib's test: a falsy value (0, "") already there is replaced, not listed
                node[key] = (before if isinstance(before, list) else [before]) + [value]
            else:
                node[key] = value
    return nodes or None


def _cached(memo: dict, term: object, make) -> object:
    if term not in memo:
        memo[term] = make(term)
    return memo[term]


def write_graphml(view: nx.MultiDiGraph, path: Path) -> None:
    """Write the NetworkX view as GraphML."""
    with atomic_write(path, "wb") as fh:
        nx.write_graphml(view, fh, encoding="utf-8", prettyprint=True)


def write_jsonl(rows: Iterable[dict], path: Path) -> None:
    """Write one JSON object per line, keys sorted."""
    with atomic_write(path) as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False, sort_keys=True, default=str) + "\n")


def write_html(view: nx.MultiDiGraph, path: Path, *, height: str = "100vh", physics_max_nodes: int = 0,
               graph: Graph | None = None) -> None:
    """Write the self-contained interactive page (see kg.present.page); ``graph`` supplies document titles."""
    from .page import document_titles, render_page

    page = render_page(view, height=height, physics_max_nodes=physics_max_nodes,
                       documents=document_titles(graph) if graph is not None else None)
    with atomic_write(path) as fh:
        fh.write(page)

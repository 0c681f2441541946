"""Incremental SHACL validation: only the nodes whose neighbourhood changed since the last build are validated
again, with the verdict and report of a whole-graph run. The memo of last build's results is a JSON file."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import tempfile
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.term import Node

from .validate import SH, context_aware, load_shapes, new_like, oxigraph_copy, validate, verdict

if TYPE_CHECKING:
    import pyoxigraph

log = logging.getLogger(__name__)


MEMO_FORMAT = 1  # bump when the memo layout or the locality rules change


def check(g: Graph, *, strict: bool = False, shapes: Graph | str | Path | None = None,
          memo: Path | None = None) -> tuple[bool, list[str]]:
    """Validate ``g``; return (conforms, one warning per violation), or raise when ``strict``.

    With ``memo`` (a file the build may keep between runs) validation is incremental; either way the
    verdict and report text are those of a whole-graph run (see :func:`validate_incremental`).

    Raises:
        ShapeViolation: ``strict`` is set and the graph does not conform.
    """
    conforms, report = validate_incremental(g, shapes, memo)
    return verdict(conforms, report, strict=strict)


# --- incremental validation ---------------------------------------------------------------------------
# A shape is *local* when its verdict on a focus node reads only: the node's outgoing triples, the
# rdf:type of the nodes they point to (sh:class), which predicates point at the node (sh:targetObjectsOf)
# and the data graph's rdfs:subClassOf triples. Then the node's results are a function of that
# neighbourhood, and a node whose neighbourhood is unchanged keeps last build's results.
_TARGETS = {SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf}
_ANNOTATIONS = {RDF.type, RDFS.comment, RDFS.label, SH.message, SH.severity, SH.name, SH.description,
                SH.deactivated, SH.order, SH.group, SH.defaultValue}
# Constraints on the value node itself: its term (datatype, kind, string form, range) or its types.
_ON_VALUE = {SH.datatype, SH.nodeKind, SH.minLength, SH.maxLength, SH.pattern, SH.flags, SH.languageIn,
             SH["in"], SH.hasValue, SH.minInclusive, SH.maxInclusive, SH.minExclusive, SH.maxExclusive}
# Constraints that read the focus node's outgoing triples (counts over a path, pairs of paths, closed).
_ON_FOCUS = {SH.minCount, SH.maxCount, SH.uniqueLang, SH.lessThan, SH.lessThanOrEquals, SH.equals,
             SH.disjoint, SH.closed, SH.ignoredProperties}
_LOGICAL = {SH["and"], SH["or"], SH.xone}


class Prepared:
    """What :func:`validate_incremental` reads from a graph besides the graph itself, made ahead of time.

    A build makes it while the centrality ranks are still being computed, then adds them with
    :meth:`set`, which keeps everything in step: the neighbourhood of each node (None when the graph
    has blank nodes), an Oxigraph copy for the non-local shapes and, with ``whole``, a copy in a
    context-aware store for validating every node at once.
    """

    def __init__(self, g: Graph, whole: bool = False) -> None:
        self.graph = g
        self.hood = _neighbourhoods(g)
        self.store = oxigraph_copy(g)
        self.copy = context_aware(g) if whole else None

    def set(self, triple: tuple[Node, Node, Node]) -> None:
        """Do ``graph.set(triple)`` (replace the subject's values of the predicate), here and in the copies."""
        import pyoxigraph

        s, p, o = triple
        old = list(self.graph.objects(s, p))
        self.graph.set(triple)
        if self.copy is not None and self.copy is not self.graph:
            self.copy.set(triple)
        parsed = next(iter(pyoxigraph.parse(f"{s.n3()} {p.n3()} {o.n3()} .".encode(),  # n3() is Turtle
                                             pyoxigraph.RdfFormat.TURTLE)))
        for quad in list(self.store.quads_for_pattern(parsed.subject, parsed.predicate, None)):
            self.store.remove(quad)
        self.store.add(pyoxigraph.Quad(parsed.subject, parsed.predicate, parsed.object))
        if self.hood is None:
            return
        if any(isinstance(term, BNode) for term in (s, o)):
            self.hood = None
            return
        touched = {s} | {term for term in [o, *old] if not isinstance(term, Literal)}
        if p == RDF.type:  # the nodes that point at s see its types
            touched.update(self.graph.subjects(None, s))
        for node in touched:
            found = _neighbourhood(self.graph, node)
            if found is None:
                self.hood.pop(node, None)
            else:
                self.hood[node] = found


def validate_incremental(g: Graph, shapes: Graph | str | Path | None, memo: Path | None,
                         prepared: Prepared | None = None) -> tuple[bool, str]:
    """Validate ``g`` like :func:`validate`, re-running local shapes only on nodes whose triples changed.

    ``memo`` keeps, per node neighbourhood, the report lines pySHACL gave for it last time, and the
    whole-graph verdict of the non-local shapes; without one, every node is validated (still faster
    than :func:`validate`: the non-local shapes run on an Oxigraph copy). The report text is the one
    a whole-graph run gives.
    Graphs with blank nodes are validated whole (their node identities do not survive a rebuild).
    ``prepared``, when given, was made from ``g`` (and kept in step with it): its neighbourhoods and
    copies are used instead of being made here.

    Raises:
        VocabularyError: the shapes cannot be loaded.
    """
    shapes_graph = shapes if isinstance(shapes, Graph) else load_shapes(shapes)
    copies: list[Graph] = [prepared.copy] if prepared is not None and prepared.copy is not None else []

    def whole_graph() -> Graph:
        """``g`` in a context-aware store, copied at most once however many whole-graph runs need it."""
        if not copies:
            copies.append(context_aware(g))
        return copies[0]

    every_node = memo is None and prepared is None  # nothing to reuse or keep: no neighbourhoods needed
    if every_node:
        hood = None if any(isinstance(s, BNode) or isinstance(o, BNode) for s, _, o in g) else {}
    else:
        hood = prepared.hood if prepared is not None else _neighbourhoods(g)
    if hood is None:
        return validate(whole_graph(), shapes_graph)
    local, nonlocal_ = split_shapes(shapes_graph)
    if every_node:
        found = _results(validate(whole_graph(), local)[1]) if len(local) else []
        return _report(found + (_results(validate(oxigraph_copy(g), nonlocal_)[1]) if len(nonlocal_) else []))
    salt = _salt(g, shapes_graph)
    old = _read_memo(memo, salt) if memo is not None else {"nodes": {}, "global": None}
    prints = {node: _fingerprint(salt, node, h) for node, h in hood.items()}
    for node in _target_nodes(local):  # sh:targetNode values are validated even when absent from g
        prints.setdefault(node, _fingerprint(salt, node, ((), ())))
    node_memo: dict[str, list[str]] = {}
    changed = []
    for node, fp in prints.items():
        if fp in old["nodes"]:
            node_memo[fp] = old["nodes"][fp]
        else:
            changed.append(node)
    if changed and len(local):
        # Most nodes changed (a first build): validate the graph itself rather than copy it into parts.
        many = 2 * len(changed) > len(prints)
        for node, found in _validate_nodes(whole_graph() if many else g, local, changed, whole=many).items():
            node_memo[prints[node]] = found
    elif changed:
        node_memo.update({prints[node]: [] for node in changed})
    whole = hashlib.sha256("\n".join(sorted(prints.values())).encode()).hexdigest()
    if old["global"] and old["global"][0] == whole:
        global_found = old["global"][1]
    elif len(nonlocal_):
        store = prepared.store if prepared is not None else oxigraph_copy(g)
        global_found = _results(validate(store, nonlocal_)[1])
    else:
        global_found = []
    log.info("SHACL: %d of %d nodes validated again", len(changed), len(prints))
    if memo is not None:
        _write_memo(memo, {"format": MEMO_FORMAT, "salt": salt, "nodes": node_memo,
                           "global": [whole, global_found]})
    return _report([d for fp in sorted(set(prints.values())) for d in node_memo[fp]] + global_found)


def _report(found: list[str]) -> tuple[bool, str]:
    """Return (conforms, pySHACL's text report) for these result descriptions, in pySHACL's order."""
    conforms = not any(d.startswith("Constraint Violation") for d in found)
    text = f"Validation Report\nConforms: {conforms}\n"
    if found:
        text += f"Results ({len(found)}):\n" + "".join(sorted(found))
    return conforms, text


def split_shapes(shapes_graph: Graph) -> tuple[Graph, Graph]:
    """Return (local shapes, other shapes) as two shapes graphs, each with the triples its shapes reach."""
    roots = set(shapes_graph.subjects(RDF.type, SH.NodeShape))
    roots |= set(shapes_graph.subjects(RDF.type, SH.PropertyShape))
    for target in _TARGETS:
        roots |= set(shapes_graph.subjects(target, None))
    local, other = new_like(shapes_graph), new_like(shapes_graph)
    for root in sorted(roots):
        reached = list(_reach(shapes_graph, root))
        if any(s in roots and s != root for s, _, _ in reached):
            return new_like(shapes_graph), shapes_graph  # shapes that share shapes: all validated whole
        into = local if _is_local(shapes_graph, root, 0, set()) else other
        for triple in reached:
            into.add(triple)
    return local, other


def _is_local(sg: Graph, shape: Node, depth: int, seen: set) -> bool:
    """Return whether ``shape``, applied to nodes ``depth`` hops from the focus node, reads only local data.

    Depth 0 is the focus node (all its triples are known), depth 1 the nodes its triples point to
    (only their types are known). A property shape's value nodes are one hop further than its focus.
    """
    if (shape, depth) in seen:
        return True
    seen.add((shape, depth))
    path = sg.value(shape, SH.path)
    if path is not None and (depth > 0 or not isinstance(path, URIRef)):  # a path expression may reach far
        return False
    values = depth + 1 if path is not None else depth  # the nodes that value constraints look at
    for p, o in sg.predicate_objects(shape):
        if p in _ANNOTATIONS or p in _TARGETS or p in _ON_VALUE or p == SH.path:
            ok = True
        elif p == SH["class"]:
            ok = values <= 1
        elif p in _ON_FOCUS:
            ok = depth == 0
        elif p in (SH.property, SH["not"], SH.node):
            ok = _is_local(sg, o, values, seen)
        elif p in _LOGICAL:
            ok = all(_is_local(sg, item, values, seen) for item in sg.items(o))
        else:  # sh:sparql, sh:qualifiedValueShape, custom components, ...: not known to be local
            ok = False
        if not ok:
            return False
    return True


def _reach(sg: Graph, root: Node) -> Iterable[tuple[Node, Node, Node]]:
    """Yield every triple reachable from ``root`` (a shape, its nested shapes, lists and prefixes)."""
    todo, seen = [root], {root}
    while todo:
        node = todo.pop()
        for s, p, o in sg.triples((node, None, None)):
            yield s, p, o
            if not isinstance(o, Literal) and o not in seen:
                seen.add(o)
                todo.append(o)


def _target_nodes(shapes_graph: Graph) -> set[Node]:
    return set(shapes_graph.objects(None, SH.targetNode))


def _salt(g: Graph, shapes_graph: Graph) -> str:
    """Everything besides a node's neighbourhood that its results depend on."""
    from importlib.metadata import version  # not pyshacl.__version__: importing pySHACL takes a second

    h = hashlib.sha256(f"{MEMO_FORMAT}|pyshacl-{version('pyshacl')}".encode())
    for triple in sorted(shapes_graph):  # the shapes, as parsed (blank node ids excluded)
        h.update(" ".join(t.n3() if not isinstance(t, BNode) else "_" for t in triple).encode())
    for prefix, ns in sorted(g.namespaces()):  # report lines write IRIs with the data graph's prefixes
        h.update(f"{prefix}={ns}".encode())
    for triple in sorted(g.triples((None, RDFS.subClassOf, None))):  # sh:class and targets follow them
        h.update(" ".join(t.n3() for t in triple).encode())
    return h.hexdigest()[:32]


def _neighbourhoods(g: Graph) -> dict[Node, tuple[tuple, tuple]] | None:
    """Return, per node, (predicates pointing at it, its outgoing (p, o, types of o)) as sorted tuples.

    None when ``g`` has blank nodes.
    """
    out: dict[Node, list] = defaultdict(list)
    incoming: dict[Node, set] = defaultdict(set)
    types: dict[Node, list] = defaultdict(list)
    keys: dict[Node, str] = {}
    for s, p, o in g:
        if isinstance(s, BNode) or isinstance(o, BNode):
            return None
        out[s].append((p, o))
        if not isinstance(o, Literal):
            incoming[o].add(p)
        if p == RDF.type:
            types[s].append(str(o))
    hood = {}
    for node in out.keys() | incoming.keys():
        edges = []
        for p, o in out.get(node, ()):
            ko = keys.get(o)
            if ko is None:
                ko = keys[o] = _key(o)
            edges.append(_edge(p, ko, types.get(o, ())))
        edges.sort()
        hood[node] = (tuple(sorted(map(str, incoming.get(node, ())))), tuple(edges))
    return hood


def _neighbourhood(g: Graph, node: Node) -> tuple[tuple, tuple] | None:
    """Return ``node``'s entry of :func:`_neighbourhoods`, read from ``g``; None when no triple names it."""
    edges = sorted(_edge(p, _key(o), () if isinstance(o, Literal) else map(str, g.objects(o, RDF.type)))
                   for p, o in g.predicate_objects(node))
    incoming = tuple(sorted({str(p) for p in g.predicates(None, node)}))
    if not edges and not incoming:
        return None
    return incoming, tuple(edges)


def _edge(predicate: Node, object_key: str, object_types: Iterable[str]) -> tuple[str, str, tuple[str, ...]]:
    """One outgoing edge of a neighbourhood: the predicate, the object's key and its sorted types."""
    return str(predicate), object_key, tuple(sorted(object_types))


def _key(term: Node) -> str:
    if isinstance(term, Literal):
        return f'"{term}"@{term.language or ""}^^{term.datatype or ""}'
    return f"<{term}>"


def _fingerprint(salt: str, node: Node, hood: tuple) -> str:
    return hashlib.sha256(repr((salt, _key(node), hood)).encode("utf-8")).hexdigest()


def _validate_nodes(g: Graph, local: Graph, nodes: list[Node], whole: bool = False) -> dict[Node, list[str]]:
    """Return pySHACL's report lines per node for the local shapes, validating only ``nodes``.

    The data graph given to pySHACL holds each node's neighbourhood: its outgoing triples, the triples
    of what they point to (their types, for sh:class), one triple per predicate that points at it
    (sh:targetObjectsOf), and rdfs:subClassOf. Lines about other nodes in it (seen there with only part of their triples) are
    dropped. With ``whole``, pySHACL gets ``g`` itself.
    """
    from pyshacl.rdfutil.stringify import stringify_node

    part = g if whole else new_like(g)
    todo = set(nodes)
    near: set[Node] = set()
    for node in () if whole else nodes:
        for s, p, o in g.triples((node, None, None)):
            part.add((s, p, o))
            if not isinstance(o, Literal) and o not in todo:
                near.add(o)
        for p in set(g.predicates(None, node)):  # one triple per predicate pointing here: enough for targets
            part.add((next(g.subjects(p, node)), p, node))
    # When each shape's targets are rewritten as sh:targetNode of the nodes it targets here (as pySHACL
    # would find them), pySHACL validates no other node: the nodes they point to then need only their
    # types, for sh:class. Otherwise they come with all their own triples, so that those the shapes
    # target (seen here only in part) mostly conform instead of filling the report with lines that are
    # dropped anyway.
    declared = None if whole else _target_declarations(local)
    for node in near:
        for triple in g.triples((node, RDF.type if declared is not None else None, None)):
            part.add(triple)
    for triple in () if whole else g.triples((None, RDFS.subClassOf, None)):
        part.add(triple)
    retargeted = _retarget(local, *declared, part, nodes) if declared is not None else None
    names = {stringify_node(part, node): node for node in nodes}
    found: dict[Node, list[str]] = {node: [] for node in nodes}
    for desc in _results(validate(part, retargeted if retargeted is not None else local)[1]):
        focus = _FOCUS.search(desc)
        node = names.get(focus.group(1)) if focus else None
        if node is not None:
            found[node].append(desc)
    return found


def _target_declarations(shapes_graph: Graph) -> tuple[dict, set] | None:
    """Return each shape with targets and its target declarations, and the rdf:type triples that make a
    shape an rdfs:Class (it then targets its own instances); None when one of those shapes is a blank
    node (a report line would print it with the targets :func:`_retarget` gives it).
    """
    classes = set(shapes_graph.subjects(RDFS.subClassOf, RDFS.Class)) | {RDFS.Class}
    roots: dict[Node, dict[URIRef, set[Node]]] = {}
    for target in _TARGETS:
        for shape, value in shapes_graph.subject_objects(target):
            roots.setdefault(shape, {t: set() for t in _TARGETS})[target].add(value)
    implicit = {(shape, RDF.type, kind) for shape, kind in shapes_graph.subject_objects(RDF.type) if kind in classes}
    for shape, _, _ in implicit:
        roots.setdefault(shape, {t: set() for t in _TARGETS})[SH.targetClass].add(shape)
    return (roots, implicit) if all(isinstance(root, URIRef) for root in roots) else None


def _retarget(shapes_graph: Graph, roots: dict[Node, dict[URIRef, set[Node]]], implicit: set, data: Graph,
              nodes: list[Node]) -> Graph:
    """Return the shapes with every target replaced by sh:targetNode of those ``nodes`` it targets in ``data``."""
    out = new_like(shapes_graph)
    for triple in shapes_graph:
        if not ((triple[1] in _TARGETS and triple[0] in roots) or triple in implicit):
            out.add(triple)
    for root, targets in roots.items():
        for node in nodes:
            if _targets(data, node, targets):
                out.add((root, SH.targetNode, node))
    return out


def _targets(data: Graph, node: Node, targets: dict[URIRef, set[Node]]) -> bool:
    """Return whether ``node`` is a focus node of a shape with these target declarations in ``data``.

    As pySHACL's Shape.focus_nodes: the node itself, an instance of the class or of a subclass
    (rdfs:subClassOf in the data graph), a subject or an object of the predicate.
    """
    if node in targets[SH.targetNode]:
        return True
    if targets[SH.targetClass] and any(c in targets[SH.targetClass] for t in data.objects(node, RDF.type)
                                       for c in data.transitive_objects(t, RDFS.subClassOf)):
        return True
    return any((node, p, None) in data for p in targets[SH.targetSubjectsOf]) or \
        any((None, p, node) in data for p in targets[SH.targetObjectsOf])


_FOCUS = re.compile(r"^\tFocus Node: (.*)$", re.M)
_RESULTS = re.compile(r"^Results \(\d+\):\n", re.M)
_RESULT_START = re.compile(r"^(?=(?:Constraint Violation|Validation Result) in )", re.M)


def _results(report: str) -> list[str]:
    """Split a pySHACL text report into its result descriptions (each ends with a newline)."""
    found = _RESULTS.search(report)
    if found is None:
        return []
    return [part for part in _RESULT_START.split(report[found.end():]) if part]


def _read_memo(path: Path, salt: str) -> dict:
    empty = {"nodes": {}, "global": None}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return empty
    except (OSError, ValueError) as err:  # unreadable or corrupt: validate everything again
        log.info("SHACL memo %s unusable (%s); validating the whole graph", path, err)
        return empty
    if not isinstance(data, dict) or data.get("format") != MEMO_FORMAT or data.get("salt") != salt:
        return empty
    return {"nodes": data.get("nodes", {}), "global": data.get("global")}


def _write_memo(path: Path, data: dict) -> None:
    """Write beside, then rename; a memo that cannot be written only costs time next build."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False)
        os.replace(tmp, path)
    except OSError as err:
        log.warning("cannot write the SHACL memo %s: %s", path, err)


__all__ = ["MEMO_FORMAT", "Prepared", "check", "split_shapes", "validate_incremental"]

"""Score one graph against one gold file (SPEC.md "Gold files"): entity and relation P/R/F1.

A gold relation is an *item*: its triple and its ``alt`` triples (each both ways when symmetric) are
the triples that find it, and it counts once (items the same triples find are one item: a fact listed
twice is found once). Predicted relations are the graph's direct triples; each
is judged once: ``tp`` (it finds a required item), ``fp``, or one of the verdicts that count neither
way (``optional``, ``duplicate`` — an item already found —, ``unscored`` — a predicate the gold does
not annotate —, ``ignored`` — it touches a node carrying an ignored name).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import RDF, RDFS, SKOS, Graph, URIRef

from ..extract.names import normalize
from ..errors import KGError
from ..vocab import KG, RELATIONS, SYMMETRIC, local_name

PREDICATES = frozenset(local_name(p) for p in RELATIONS)
SYMMETRIC_NAMES = frozenset(local_name(p) for p in SYMMETRIC)
TYPES = ("Person", "Organization")
COUNTED = ("tp", "fp")  # the verdicts that count; the others are neither right nor wrong

Triple = tuple[str, str, str]


@dataclass
class Score:
    """Precision, recall and F1 with the items behind them."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list[str] = field(default_factory=list)
    false_positives: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Score, prefix: str = "") -> None:
        """Add ``other``'s counts and items (each item prefixed), for micro-averaging."""
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.misses += [prefix + m for m in other.misses]
        self.false_positives += [prefix + m for m in other.false_positives]

    def figures(self) -> dict:
        """P/R/F1 (rounded) and the counts, without the items."""
        return {"precision": round(self.precision, 3), "recall": round(self.recall, 3), "f1": round(self.f1, 3),
                "tp": self.tp, "fp": self.fp, "fn": self.fn}

    def as_dict(self) -> dict:
        return {**self.figures(), "misses": self.misses, "false_positives": self.false_positives}


@dataclass(frozen=True, slots=True)
class Judgement:
    """One predicted relation (a direct triple of the graph) and how the gold judged it."""

    subject: str  # node labels
    predicate: str
    object: str
    verdict: str  # tp, fp, optional, duplicate, unscored, ignored
    confidence: float  # the highest kgo:confidence of the triple's statements (1.0 when it has none)
    method: str  # kgo:method of that statement
    evidence: str  # kgo:evidence of that statement
    item: str = ""  # the gold triple it found (tp, optional, duplicate)
    doc: str = ""  # the set member it comes from (kg eval --set)
    subject_id: str = ""  # the gold entity ids the nodes match ("a|b" for several, "" for none)
    object_id: str = ""

    def label(self) -> str:
        return f"{self.subject} {self.predicate} {self.object}"

    def explained(self) -> str:
        """The triple with the gold id of each end: ``label[id]``, or ``label[?]`` for an unmatched node."""
        return f"{self.subject}[{self.subject_id or '?'}] {self.predicate} {self.object}[{self.object_id or '?'}]"

    def as_dict(self) -> dict:
        return {"doc": self.doc, "subject": self.subject, "predicate": self.predicate, "object": self.object,
                "subject_id": self.subject_id, "object_id": self.object_id, "verdict": self.verdict,
                "confidence": self.confidence, "method": self.method, "evidence": self.evidence, "item": self.item}


@dataclass
class Report:
    """The outcome of ``kg eval``: entity and relation scores, per-predicate scores, every judgement."""

    entities: Score
    relations: Score
    per_relation: dict[str, Score]
    duplicates: list[str]
    ignored: list[str] = field(default_factory=list)  # nodes carrying an ignored name, not counted
    judgements: list[Judgement] = field(default_factory=list)
    missed: list[GoldItem] = field(default_factory=list)  # the required relations not found

    def as_dict(self) -> dict:
        return {"entities": self.entities.as_dict(), "relations": self.relations.as_dict(),
                "duplicates": self.duplicates, "ignored": self.ignored,
                "per_relation": {k: v.as_dict() for k, v in sorted(self.per_relation.items())},
                "judgements": [j.as_dict() for j in self.judgements],
                "missed": [{"triple": list(m.triple), "evidence": m.evidence} for m in self.missed]}


@dataclass(frozen=True, slots=True)
class GoldEntity:
    id: str
    type: str
    names: tuple[str, ...]
    keys: frozenset[str]  # the names, normalized


@dataclass(frozen=True, slots=True)
class GoldItem:
    """One gold relation: the triples that find it (its own, its alts, both ways when symmetric)."""

    triple: Triple
    accepted: frozenset[Triple]
    optional: bool
    evidence: str

    def label(self) -> str:
        return " ".join(self.triple)


@dataclass(frozen=True, slots=True)
class Gold:
    """A gold file, checked and ready to score against."""

    entities: tuple[GoldEntity, ...]
    items: tuple[GoldItem, ...]
    ignore: frozenset[str]  # normalized names
    scored: frozenset[str] | None  # scored_predicates; None: all


def load_gold(path: Path) -> dict:
    """Read and check a gold file; return its JSON.

    Raises:
        KGError: the file is missing or not valid gold (see SPEC.md).
    """
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as err:
        raise KGError(f"{path}: cannot read gold file: {err}") from err
    parse_gold(data, str(path))
    return data


def parse_gold(data: object, where: str = "gold") -> Gold:
    """Check gold JSON and return it as a :class:`Gold`.

    Raises:
        KGError: an entity, relation or field breaks SPEC.md's gold format.
    """
    if not isinstance(data, dict) or not isinstance(data.get("entities"), list):
        raise KGError(f"{where}: gold file needs an 'entities' list (see SPEC.md)")
    entities: dict[str, GoldEntity] = {}
    for ent in data["entities"]:
        ok = (isinstance(ent, dict) and isinstance(ent.get("id"), str) and ent.get("type") in TYPES
              and _strings(ent.get("names")) and ent["names"])
        if not ok:
            raise KGError(f"{where}: entity {ent!r}: needs an 'id', a 'type' ({' or '.join(TYPES)}) and 'names'")
        if ent["id"] in entities:
            raise KGError(f"{where}: entity id '{ent['id']}' appears twice")
        keys = frozenset(k for k in map(normalize, ent["names"]) if k)
        entities[ent["id"]] = GoldEntity(ent["id"], ent["type"], tuple(ent["names"]), keys)
    items = _distinct(_item(r, entities, where) for r in _list(data, "relations", where))
    scored = data.get("scored_predicates")
    if scored is not None:
        if not _strings(scored) or not set(scored) <= PREDICATES:
            raise KGError(f"{where}: 'scored_predicates' must list predicates of SPEC.md, got {scored!r}")
        scored = frozenset(scored)
    ignore = _list(data, "ignore", where)
    if not _strings(ignore):
        raise KGError(f"{where}: 'ignore' must be a list of names")
    return Gold(tuple(entities.values()), items, frozenset(k for k in map(normalize, ignore) if k), scored)


def _distinct(items: Iterable[GoldItem]) -> tuple[GoldItem, ...]:
    """Keep one of several items that the same triples find: a fact listed twice (「A spouseOf B」 and
    「B spouseOf A」, a triple repeated) is one fact, which one edge finds.

    Example:
        >>> a = GoldItem(("a", "spouseOf", "b"), frozenset({("a", "spouseOf", "b"), ("b", "spouseOf", "a")}), False, "")
        >>> b = GoldItem(("b", "spouseOf", "a"), a.accepted, False, "")
        >>> [i.label() for i in _distinct([a, b])]
        ['a spouseOf b']
    """
    out: dict[tuple[frozenset[Triple], bool], GoldItem] = {}
    for item in items:
        out.setdefault((item.accepted, item.optional), item)
    return tuple(out.values())


def _strings(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _list(data: dict, key: str, where: str) -> list:
    value = data.get(key, [])
    if not isinstance(value, list):
        raise KGError(f"{where}: '{key}' must be a list")
    return value


def _item(rel: object, entities: dict[str, GoldEntity], where: str) -> GoldItem:
    if not isinstance(rel, dict):
        raise KGError(f"{where}: relation {rel!r} is not an object")
    main = (rel.get("s"), rel.get("p"), rel.get("o"))
    alts = rel.get("alt", [])
    if not isinstance(alts, list):
        raise KGError(f"{where}: relation {main}: 'alt' must be a list of [s, p, o] triples")
    symmetric = bool(rel.get("symmetric", False))
    accepted: set[Triple] = set()
    for triple in [main, *alts]:
        if not (isinstance(triple, (list, tuple)) and len(triple) == 3 and all(isinstance(x, str) for x in triple)):
            raise KGError(f"{where}: relation {main}: {triple!r} is not an [s, p, o] triple")
        s, p, o = triple
        if p not in PREDICATES:
            raise KGError(f"{where}: relation {main}: unknown predicate '{p}'; valid: {', '.join(sorted(PREDICATES))}")
        for end in (s, o):
            if end not in entities:
                raise KGError(f"{where}: relation {main}: '{end}' is not an entity id of this file")
        accepted.add((s, p, o))
        if symmetric or p in SYMMETRIC_NAMES:
            accepted.add((o, p, s))
    return GoldItem(tuple(main), frozenset(accepted), bool(rel.get("optional", False)), str(rel.get("evidence", "")))


@dataclass(frozen=True, slots=True)
class Node:
    iri: URIRef
    kind: str  # Person or Organization
    label: str
    keys: frozenset[str]  # label and altLabels, normalized


@dataclass(frozen=True, slots=True)
class Edge:
    """A predicted relation: one direct triple and its best-supported statement."""

    s: URIRef
    p: str
    o: URIRef
    confidence: float
    method: str
    evidence: str


@dataclass(frozen=True, slots=True)
class Prediction:
    """What scoring reads from a graph: its Person/Organization nodes and relation triples."""

    nodes: dict[URIRef, Node]
    edges: tuple[Edge, ...]


def read_graph(g: Graph) -> Prediction:
    """Return the nodes and relations of a built graph, each relation with its best statement."""
    nodes: dict[URIRef, Node] = {}
    for kind in (KG.Person, KG.Organization):
        for node in g.subjects(RDF.type, kind):
            names = [str(x) for x in g.objects(node, RDFS.label)] + [str(x) for x in g.objects(node, SKOS.altLabel)]
            nodes[node] = Node(node, local_name(kind), str(g.value(node, RDFS.label) or node),
                               frozenset(k for k in map(normalize, names) if k))
    best: dict[tuple, tuple[float, str, str]] = {}
    for st in g.subjects(RDF.type, RDF.Statement):
        key = (g.value(st, RDF.subject), g.value(st, RDF.predicate), g.value(st, RDF.object))
        conf = g.value(st, KG.confidence)
        here = (float(conf) if conf is not None else 1.0, str(g.value(st, KG.method) or ""),
                str(g.value(st, KG.evidence) or ""))
        if key not in best or here > best[key]:
            best[key] = here
    edges = []
    for pred in RELATIONS:
        for s, o in g.subject_objects(pred):
            conf, method, evidence = best.get((s, pred, o), (1.0, "", ""))
            edges.append(Edge(s, local_name(pred), o, conf, method, evidence))
    return Prediction(nodes, tuple(edges))


def evaluate(g: Graph | Prediction, gold: dict | Gold, min_confidence: float = 0.0) -> Report:
    """Score graph ``g`` against ``gold`` as SPEC.md defines it.

    Relations whose best statement has a confidence below ``min_confidence`` are left out, as
    ``kg build --min-confidence`` leaves them out of the graph.

    Raises:
        KGError: ``gold`` is a dict that is not valid gold.
    """
    pred = g if isinstance(g, Prediction) else read_graph(g)
    gold = gold if isinstance(gold, Gold) else parse_gold(gold)
    ents, duplicates, ignored, owner = _entities(pred, gold)
    rels, per, judgements, missed = _relations(pred, gold, owner, {n.iri for n in ignored}, min_confidence)
    return Report(entities=ents, relations=rels, per_relation=per, duplicates=duplicates,
                  ignored=[f"{n.label} ({n.kind})" for n in ignored], judgements=judgements, missed=missed)


def _entities(pred: Prediction, gold: Gold) -> tuple[Score, list[str], list[Node], dict[URIRef, list[str]]]:
    """Score the nodes; return the score, duplicate nodes, ignored nodes and the gold ids of each node."""
    owner: dict[URIRef, list[str]] = defaultdict(list)
    ents = Score()
    duplicates: list[str] = []
    for ent in gold.entities:
        hits = sorted((n for n in pred.nodes.values() if n.kind == ent.type and n.keys & ent.keys),
                      key=lambda n: (n.label, n.iri))
        for node in hits:
            owner[node.iri].append(ent.id)
        if not hits:
            ents.fn += 1
            ents.misses.append(f"{ent.id} ({ent.type}: {'/'.join(ent.names)})")
            continue
        ents.tp += 1
        if len(hits) > 1:  # one entity, several nodes: every node past the first is a false positive
            duplicates.append(f"{ent.id}: " + ", ".join(n.label for n in hits))
            ents.fp += len(hits) - 1
    ignored = []
    for node in sorted(pred.nodes.values(), key=lambda n: (n.label, n.iri)):
        if node.iri in owner:
            continue
        if node.keys & gold.ignore:
            ignored.append(node)
        else:
            ents.fp += 1
            ents.false_positives.append(f"{node.label} ({node.kind})")
    return ents, duplicates, ignored, owner


def _relations(pred: Prediction, gold: Gold, owner: dict[URIRef, list[str]], ignored: set[URIRef],
               min_confidence: float) -> tuple[Score, dict[str, Score], list[Judgement], list[GoldItem]]:
    def label(iri: URIRef) -> str:
        return pred.nodes[iri].label if iri in pred.nodes else str(iri)

    # Best first: where two predictions could find one item, the more confident one is its tp.
    edges = sorted((e for e in pred.edges if e.confidence >= min_confidence),
                   key=lambda e: (-e.confidence, e.p, label(e.s), label(e.o), e.s, e.o))
    items = gold.items
    # Which items each edge could find: any gold ids of its two nodes, in a triple an item accepts.
    finds: list[list[int]] = []
    for e in edges:
        triples = {(s, e.p, o) for s in owner.get(e.s, ()) for o in owner.get(e.o, ())}
        finds.append([i for i, item in enumerate(items) if triples & item.accepted])
    required = _match([[i for i in f if not items[i].optional] for f in finds])
    per: dict[str, Score] = defaultdict(Score)
    total = Score()
    judgements = []
    for k, e in enumerate(edges):
        if k in required:
            verdict, item = "tp", items[required[k]]
        elif any(items[i].optional for i in finds[k]):
            verdict, item = "optional", next(items[i] for i in finds[k] if items[i].optional)
        elif finds[k]:
            verdict, item = "duplicate", items[finds[k][0]]
        elif e.s in ignored or e.o in ignored:
            verdict, item = "ignored", None
        elif gold.scored is not None and e.p not in gold.scored:
            verdict, item = "unscored", None
        else:
            verdict, item = "fp", None
        j = Judgement(label(e.s), e.p, label(e.o), verdict, e.confidence, e.method, e.evidence,
                      item.label() if item else "", subject_id="|".join(owner.get(e.s, ())),
                      object_id="|".join(owner.get(e.o, ())))
        judgements.append(j)
        if verdict == "fp":
            per[e.p].fp += 1
            per[e.p].false_positives.append(j.label())
            total.fp += 1
            total.false_positives.append(j.label())
    found = set(required.values())
    missed = []
    for i, item in enumerate(items):
        if item.optional:
            continue
        p = item.triple[1]
        if i in found:
            per[p].tp += 1
            total.tp += 1
        else:
            per[p].fn += 1
            per[p].misses.append(item.label())
            total.fn += 1
            total.misses.append(item.label())
            missed.append(item)
    total.false_positives.sort()
    for score in per.values():
        score.false_positives.sort()
    judgements.sort(key=lambda j: (j.predicate, j.subject, j.object))
    return total, dict(per), judgements, missed


def _match(candidates: list[list[int]]) -> dict[int, int]:
    """Return a maximum matching of edges to items (edge index → item index), by augmenting paths.

    Example:
        >>> _match([[0, 1], [0]])  # the second edge can only find item 0, so the first takes item 1
        {1: 0, 0: 1}
    """
    taken: dict[int, int] = {}  # item → edge

    def place(edge: int, seen: set[int]) -> bool:
        for item in candidates[edge]:
            if item in seen:
                continue
            seen.add(item)
            if item not in taken or place(taken[item], seen):
                taken[item] = edge
                return True
        return False

    for edge in range(len(candidates)):
        place(edge, set())
    return {edge: item for item, edge in taken.items()}


def reliability(judgements: Iterable[Judgement],
                edges: tuple[float, ...] = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)) -> list[dict]:
    """Return the counted relations (tp/fp) in bins of confidence, with each bin's measured precision.

    The last bin is closed (0.9–1.0 includes 1.0).

    Example:
        >>> js = [Judgement("a", "ceoOf", "b", v, c, "m", "") for v, c in [("tp", .95), ("fp", .92), ("tp", .55)]]
        >>> [(r["bin"], r["count"], r["precision"]) for r in reliability(js) if r["count"]]
        [('0.5-0.6', 1, 1.0), ('0.9-1.0', 2, 0.5)]
    """
    rows = [{"bin": f"{lo:.1f}-{hi:.1f}", "low": lo, "high": hi, "count": 0, "tp": 0, "sum": 0.0}
            for lo, hi in zip(edges, edges[1:])]
    for j in judgements:
        if j.verdict not in COUNTED:
            continue
        row = next((r for r in rows if r["low"] <= j.confidence < r["high"]), rows[-1])
        row["count"] += 1
        row["tp"] += j.verdict == "tp"
        row["sum"] += j.confidence
    for r in rows:
        total = r.pop("sum")
        r["precision"] = round(r["tp"] / r["count"], 3) if r["count"] else None
        r["mean_confidence"] = round(total / r["count"], 3) if r["count"] else None
    return rows

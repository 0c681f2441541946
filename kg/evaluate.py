"""Score a built graph against a gold file (SPEC.md format): entity and relation P/R/F1."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import RDF, RDFS, SKOS, Graph, URIRef

from .errors import KGError
from .extract.names import normalize
from .vocab import KG, RELATIONS, SYMMETRIC, local_name


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

    def as_dict(self) -> dict:
        return {"precision": round(self.precision, 3), "recall": round(self.recall, 3), "f1": round(self.f1, 3),
                "tp": self.tp, "fp": self.fp, "fn": self.fn, "misses": self.misses,
                "false_positives": self.false_positives}


@dataclass
class Report:
    """The outcome of ``kg eval``."""

    entities: Score
    relations: Score
    per_relation: dict[str, Score]
    duplicates: list[str]

    def as_dict(self) -> dict:
        return {"entities": self.entities.as_dict(), "relations": self.relations.as_dict(),
                "duplicates": self.duplicates,
                "per_relation": {k: v.as_dict() for k, v in sorted(self.per_relation.items())}}


def load_gold(path: Path) -> dict:
    """Read a gold file.

    Raises:
        KGError: the file is missing or not valid gold JSON.
    """
    try:
        gold = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as err:
        raise KGError(f"{path}: cannot read gold file: {err}") from err
    if not isinstance(gold, dict) or "entities" not in gold:
        raise KGError(f"{path}: gold file needs an 'entities' list (see SPEC.md)")
    return gold


def evaluate(g: Graph, gold: dict) -> Report:
    """Score graph ``g`` against ``gold`` as SPEC.md defines it."""
    nodes: dict[URIRef, tuple[str, set[str]]] = {}
    for kind in (KG.Person, KG.Organization):
        for node in g.subjects(RDF.type, kind):
            names = {str(x) for x in g.objects(node, RDFS.label)} | {str(x) for x in g.objects(node, SKOS.altLabel)}
            nodes[node] = (local_name(kind), {normalize(n) for n in names})
    gold_entities = gold.get("entities", [])
    match: dict[str, set[URIRef]] = {}
    owner: dict[URIRef, set[str]] = defaultdict(set)
    for ent in gold_entities:
        names = {normalize(n) for n in ent["names"]}
        hits = {node for node, (kind, ns) in nodes.items() if kind == ent["type"] and ns & names}
        match[ent["id"]] = hits
        for node in hits:
            owner[node].add(ent["id"])
    ents = Score()
    duplicates: list[str] = []
    for ent in gold_entities:
        hits = match[ent["id"]]
        if hits:
            ents.tp += 1
            if len(hits) > 1:
                duplicates.append(f"{ent['id']}: " + ", ".join(sorted(str(g.value(h, RDFS.label)) for h in hits)))
                ents.fp += len(hits) - 1
        else:
            ents.fn += 1
            ents.misses.append(f"{ent['id']} ({ent['type']}: {'/'.join(ent['names'])})")
    for node in sorted(set(nodes) - set(owner)):
        ents.fp += 1
        ents.false_positives.append(f"{g.value(node, RDFS.label)} ({nodes[node][0]})")
    rels, per = _relations(g, gold, match, owner)
    return Report(entities=ents, relations=rels, per_relation=per, duplicates=duplicates)


def _relations(g: Graph, gold: dict, match: dict[str, set[URIRef]],
               owner: dict[URIRef, set[str]]) -> tuple[Score, dict[str, Score]]:
    per: dict[str, Score] = defaultdict(Score)
    total = Score()
    wanted: set[tuple[str, str, str]] = set()
    for r in gold.get("relations", []):
        s, p, o = r["s"], r["p"], r["o"]
        if getattr(KG, p, None) in SYMMETRIC and o < s:
            s, o = o, s
        wanted.add((s, p, o))
    found: set[tuple[str, str, str]] = set()
    unmatched: list[str] = []
    for pred in RELATIONS:
        p = local_name(pred)
        for s_node, o_node in g.subject_objects(pred):
            label = f"{g.value(s_node, RDFS.label)} {p} {g.value(o_node, RDFS.label)}"
            pairs = {(s, o) for s in owner.get(s_node, ()) for o in owner.get(o_node, ())}
            if pred in SYMMETRIC:
                pairs |= {(o, s) for s, o in pairs}
            hit = next(((s, p, o) for s, o in sorted(pairs) if (s, p, o) in wanted), None)
            if hit is None:
                unmatched.append((p, label))
            elif hit in found:
                pass  # a second node pair for the same gold triple is a duplicate node, counted there
            else:
                found.add(hit)
    for p, label in sorted(unmatched):
        per[p].fp += 1
        per[p].false_positives.append(label)
        total.fp += 1
        total.false_positives.append(label)
    for s, p, o in sorted(wanted):
        if (s, p, o) in found:
            per[p].tp += 1
            total.tp += 1
        else:
            per[p].fn += 1
            per[p].misses.append(f"{s} {p} {o}")
            total.fn += 1
            total.misses.append(f"{s} {p} {o}")
    return total, dict(per)

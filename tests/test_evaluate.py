"""kg.evaluate, entity part: scores on small hand-built graphs, where every number can be checked by hand."""

from __future__ import annotations

import json

import pytest
from rdflib import RDF, RDFS, SKOS, Graph, Literal, URIRef

from kg.errors import KGError
from kg.evaluate import evaluate, load_gold
from kg.vocab import KG

GOLD = {"entities": [
    {"id": "sam", "type": "Person", "names": ["サム・アルトマン", "アルトマン"]},
    {"id": "openai", "type": "Organization", "names": ["OpenAI"]},
    {"id": "yc", "type": "Organization", "names": ["Y Combinator", "YC"]},
]}


def _graph(nodes: list[tuple[str, object, list[str]]]) -> Graph:
    g = Graph()
    for i, (label, kind, alt) in enumerate(nodes):
        node = URIRef(f"https://example.org/e{i}")
        g.add((node, RDF.type, kind))
        g.add((node, RDFS.label, Literal(label)))
        for a in alt:
            g.add((node, SKOS.altLabel, Literal(a)))
    return g


def test_evaluate_entities_counts_tp_fp_fn():
    g = _graph([("サムアルトマン", KG.Person, []), ("OpenAI", KG.Organization, []), ("王", KG.Person, [])])
    e = evaluate(g, GOLD).entities
    assert (e.tp, e.fp, e.fn) == (2, 1, 1)
    assert e.precision == pytest.approx(2 / 3) and e.recall == pytest.approx(2 / 3)
    assert e.misses == ["yc (Organization: Y Combinator/YC)"]
    assert e.false_positives == ["王 (Person)"]


def test_evaluate_entities_wrong_type_is_a_miss_and_a_false_positive():
    e = evaluate(_graph([("OpenAI", KG.Person, [])]), GOLD).entities
    assert (e.tp, e.fp, e.fn) == (0, 1, 3)


def test_evaluate_entities_alias_in_alt_label_matches():
    e = evaluate(_graph([("Y Combinator", KG.Organization, ["YC"])]), GOLD).entities
    assert e.tp == 1 and e.fp == 0


def test_evaluate_entities_duplicate_nodes_are_reported_and_cost_precision():
    report = evaluate(_graph([("Y Combinator", KG.Organization, []), ("YC", KG.Organization, [])]), GOLD)
    assert report.duplicates == ["yc: YC, Y Combinator"] or report.duplicates == ["yc: Y Combinator, YC"]
    assert (report.entities.tp, report.entities.fp) == (1, 1)


def test_evaluate_load_gold_rejects_files_without_entities(tmp_path):
    bad = tmp_path / "gold.json"
    bad.write_text(json.dumps({"relations": []}), encoding="utf-8")
    with pytest.raises(KGError, match="entities"):
        load_gold(bad)
    with pytest.raises(KGError, match="cannot read"):
        load_gold(tmp_path / "missing.json")

"""kg.evaluate: scores on small hand-built graphs, where every number can be checked by hand.

One test (or more) per field of SPEC.md's gold format: symmetric, alt, optional, ignore, scored_predicates.
"""

from __future__ import annotations

import json

import pytest
from rdflib import Graph, URIRef

from kg.errors import KGError
from kg.evaluate.score import evaluate, load_gold, parse_gold, reliability
from kg.rdf.graph import build_graph
from kg.model import Entity, Relation, Source
from kg.vocab import KG

PERSON, ORG = KG.Person, KG.Organization

ENTITIES = [
    {"id": "morishita", "type": "Person", "names": ["森下健太", "森下"]},
    {"id": "minato", "type": "Organization", "names": ["ミナトテック", "株式会社ミナトテック"]},
    {"id": "hokuto", "type": "Organization", "names": ["北斗精機", "Hokuto"]},
]


def graph(nodes: dict[str, tuple], rels: list[tuple] = ()) -> Graph:
    """A graph as kg build writes it: ``nodes`` key → (kind, label, *aliases); ``rels`` (s, pred, o[, conf])."""
    entities = [Entity(key=k, kind=kind, name=name, aliases=tuple(alt), mentions=())
                for k, (kind, name, *alt) in nodes.items()]
    relations = [Relation(subject=s, predicate=p, object=o, confidence=rest[0] if rest else 0.8,
                          source=Source(doc_id="d", start=i, end=i + 1, sentence=f"文{i}。", method=f"rel.test{i}.v1"))
                 for i, (s, p, o, *rest) in enumerate(rels)]
    return build_graph([], entities, relations)


def gold(relations: list[dict] = (), **extra: object) -> dict:
    return {"entities": ENTITIES, "relations": list(relations), **extra}


def rel(s: str, p: str, o: str, **extra: object) -> dict:
    return {"s": s, "p": p, "o": o, "evidence": "…", **extra}


NODES = {"m": (PERSON, "森下健太", "森下"), "t": (ORG, "ミナトテック"), "h": (ORG, "北斗精機")}


def counts(score) -> tuple[int, int, int]:
    return score.tp, score.fp, score.fn


# entities


def test_evaluate_entities_counts_tp_fp_fn():
    e = evaluate(graph({"a": (PERSON, "森下 健太"), "b": (ORG, "ミナトテック"), "c": (PERSON, "王")}), gold()).entities
    assert counts(e) == (2, 1, 1)
    assert e.precision == pytest.approx(2 / 3) and e.recall == pytest.approx(2 / 3)
    assert e.misses == ["hokuto (Organization: 北斗精機/Hokuto)"]
    assert e.false_positives == ["王 (Person)"]


def test_evaluate_entities_wrong_type_is_a_miss_and_a_false_positive():
    e = evaluate(graph({"a": (PERSON, "ミナトテック")}), gold()).entities
    assert counts(e) == (0, 1, 3)


def test_evaluate_entities_alias_in_alt_label_matches():
    e = evaluate(graph({"a": (ORG, "北斗精機", "ＨＯＫＵＴＯ")}), gold()).entities
    assert (e.tp, e.fp) == (1, 0)


def test_evaluate_entities_duplicate_nodes_are_reported_and_cost_precision():
    report = evaluate(graph({"a": (ORG, "北斗精機"), "b": (ORG, "Hokuto")}), gold())
    assert report.duplicates == ["hokuto: Hokuto, 北斗精機"]
    assert (report.entities.tp, report.entities.fp) == (1, 1)


def test_evaluate_load_gold_rejects_files_without_entities(tmp_path):
    bad = tmp_path / "gold.json"
    bad.write_text(json.dumps({"relations": []}), encoding="utf-8")
    with pytest.raises(KGError, match="entities"):
        load_gold(bad)
    with pytest.raises(KGError, match="cannot read"):
        load_gold(tmp_path / "missing.json")


# relations


def test_evaluate_relations_found_missed_and_false():
    g = graph(NODES, [("m", KG.founderOf, "t"), ("m", KG.ceoOf, "h")])
    report = evaluate(g, gold([rel("morishita", "founderOf", "minato"), rel("minato", "acquired", "hokuto")]))
    assert counts(report.relations) == (1, 1, 1)
    assert report.relations.misses == ["minato acquired hokuto"]
    assert report.relations.false_positives == ["森下健太 ceoOf 北斗精機"]
    assert counts(report.per_relation["founderOf"]) == (1, 0, 0)
    assert counts(report.per_relation["ceoOf"]) == (0, 1, 0)
    assert counts(report.per_relation["acquired"]) == (0, 0, 1)


def test_evaluate_relations_between_unmatched_nodes_are_false_positives():
    g = graph({"x": (PERSON, "王"), "y": (ORG, "謎の会社")}, [("x", KG.founderOf, "y")])
    report = evaluate(g, gold())
    assert counts(report.relations) == (0, 1, 0)
    assert report.judgements[0].explained() == "王[?] founderOf 謎の会社[?]"


def test_evaluate_relations_reversed_direction_is_wrong_for_directed_predicates():
    g = graph(NODES, [("h", KG.acquired, "t")])
    assert counts(evaluate(g, gold([rel("minato", "acquired", "hokuto")])).relations) == (0, 1, 1)


def test_evaluate_symmetric_implied_by_the_predicate():
    # partnershipWith is symmetric: the graph stores one direction (by entity key), either matches
    nodes = {"z": (ORG, "ミナトテック"), "a": (ORG, "北斗精機")}
    g = graph(nodes, [("z", KG.partnershipWith, "a")])
    assert (URIRef("https://w3id.org/kg-ja/id/entity/a"), KG.partnershipWith,
            URIRef("https://w3id.org/kg-ja/id/entity/z")) in g  # stored as hokuto → minato
    for s, o in (("minato", "hokuto"), ("hokuto", "minato")):
        assert counts(evaluate(g, gold([rel(s, "partnershipWith", o)])).relations) == (1, 0, 0)


def test_evaluate_a_fact_listed_both_ways_is_one_item():
    # gold converted from another format may list a symmetric fact twice, or repeat a triple: one fact, one edge
    nodes = {"z": (ORG, "ミナトテック"), "a": (ORG, "北斗精機")}
    g = graph(nodes, [("z", KG.partnershipWith, "a")])
    both = gold([rel("minato", "partnershipWith", "hokuto"), rel("hokuto", "partnershipWith", "minato")])
    assert counts(evaluate(g, both).relations) == (1, 0, 0)
    twice = gold([rel("minato", "partnershipWith", "hokuto"), rel("minato", "partnershipWith", "hokuto")])
    assert counts(evaluate(graph(nodes, []), twice).relations) == (0, 0, 1)


def test_evaluate_symmetric_field_accepts_either_direction():
    g = graph(NODES, [("t", KG.investedIn, "h")])
    assert counts(evaluate(g, gold([rel("hokuto", "investedIn", "minato")])).relations) == (0, 1, 1)
    assert counts(evaluate(g, gold([rel("hokuto", "investedIn", "minato", symmetric=True)])).relations) == (1, 0, 0)


def test_evaluate_alt_triple_finds_the_item():
    g = graph(NODES, [("m", KG.executiveOf, "t")])
    item = rel("morishita", "ceoOf", "minato", alt=[["morishita", "executiveOf", "minato"]])
    report = evaluate(g, gold([item]))
    assert counts(report.relations) == (1, 0, 0)
    assert counts(report.per_relation["ceoOf"]) == (1, 0, 0)  # credited to the item's own predicate
    assert report.judgements[0].item == "morishita ceoOf minato"


def test_evaluate_alt_item_counts_once():
    g = graph(NODES, [("m", KG.ceoOf, "t"), ("m", KG.executiveOf, "t")])
    item = rel("morishita", "ceoOf", "minato", alt=[["morishita", "executiveOf", "minato"]])
    report = evaluate(g, gold([item]))
    assert counts(report.relations) == (1, 0, 0)  # the second finding of one item is neither right nor wrong
    assert sorted(j.verdict for j in report.judgements) == ["duplicate", "tp"]


def test_evaluate_two_items_each_found_by_one_triple():
    # 会長兼社長: two items; executiveOf could find either, so ceoOf must take the first (maximum matching)
    g = graph(NODES, [("m", KG.executiveOf, "t", 0.9), ("m", KG.ceoOf, "t", 0.6)])
    items = [rel("morishita", "ceoOf", "minato", alt=[["morishita", "executiveOf", "minato"]]),
             rel("morishita", "executiveOf", "minato")]
    assert counts(evaluate(g, gold(items)).relations) == (2, 0, 0)


def test_evaluate_alt_in_reverse_for_a_symmetric_alt_predicate():
    g = graph({"z": (ORG, "ミナトテック"), "a": (ORG, "北斗精機")}, [("z", KG.partnershipWith, "a")])
    item = rel("minato", "investedIn", "hokuto", alt=[["minato", "partnershipWith", "hokuto"]])
    assert counts(evaluate(g, gold([item])).relations) == (1, 0, 0)


def test_evaluate_optional_found_is_not_a_false_positive():
    g = graph(NODES, [("m", KG.executiveOf, "t")])
    report = evaluate(g, gold([rel("morishita", "executiveOf", "minato", optional=True)]))
    assert counts(report.relations) == (0, 0, 0)
    assert [j.verdict for j in report.judgements] == ["optional"]


def test_evaluate_optional_missed_is_not_a_miss():
    report = evaluate(graph(NODES), gold([rel("morishita", "executiveOf", "minato", optional=True),
                                          rel("morishita", "founderOf", "minato")]))
    assert counts(report.relations) == (0, 0, 1)
    assert report.relations.misses == ["morishita founderOf minato"]


def test_evaluate_optional_does_not_take_a_triple_a_required_item_needs():
    g = graph(NODES, [("m", KG.ceoOf, "t")])
    items = [rel("morishita", "executiveOf", "minato", optional=True, alt=[["morishita", "ceoOf", "minato"]]),
             rel("morishita", "ceoOf", "minato")]
    assert counts(evaluate(g, gold(items)).relations) == (1, 0, 0)


def test_evaluate_ignore_node_not_counted():
    g = graph({**NODES, "p": (ORG, "ポケットノート")})
    plain = evaluate(g, gold())
    ignored = evaluate(g, gold(ignore=["ポケットノート"]))
    assert plain.entities.fp == 1 and ignored.entities.fp == 0
    assert ignored.entities.tp == plain.entities.tp == 3
    assert ignored.ignored == ["ポケットノート (Organization)"]


def test_evaluate_ignore_matches_any_type_and_name_form():
    g = graph({**NODES, "p": (PERSON, "ポケット・ノート", "ＰＮ")})
    assert evaluate(g, gold(ignore=["PN"])).entities.fp == 0


def test_evaluate_ignore_relations_touching_ignored_nodes_not_counted():
    g = graph({**NODES, "p": (ORG, "ポケットノート")}, [("t", KG.parentOrgOf, "p"), ("m", KG.ceoOf, "h")])
    report = evaluate(g, gold(ignore=["ポケットノート"]))
    assert counts(report.relations) == (0, 1, 0)
    assert sorted(j.verdict for j in report.judgements) == ["fp", "ignored"]


def test_evaluate_ignore_does_not_hide_a_gold_entity():
    report = evaluate(graph(NODES), gold(ignore=["北斗精機"]))  # a gold name wins over the ignore list
    assert counts(report.entities) == (3, 0, 0)


def test_evaluate_scored_predicates_other_predicates_not_counted():
    g = graph(NODES, [("m", KG.ceoOf, "h"), ("m", KG.founderOf, "h")])
    report = evaluate(g, gold(scored_predicates=["founderOf", "employeeOf"]))
    assert counts(report.relations) == (0, 1, 0)
    assert report.relations.false_positives == ["森下健太 founderOf 北斗精機"]
    assert {j.predicate: j.verdict for j in report.judgements} == {"ceoOf": "unscored", "founderOf": "fp"}


def test_evaluate_scored_predicates_an_alt_with_another_predicate_still_finds():
    g = graph(NODES, [("m", KG.executiveOf, "t")])
    item = rel("morishita", "employeeOf", "minato", alt=[["morishita", "executiveOf", "minato"]])
    assert counts(evaluate(g, gold([item], scored_predicates=["employeeOf"])).relations) == (1, 0, 0)


def test_evaluate_duplicate_nodes_relation_is_not_a_second_false_positive():
    nodes = {**NODES, "t2": (ORG, "株式会社ミナトテック")}
    g = graph(nodes, [("m", KG.founderOf, "t"), ("m", KG.founderOf, "t2")])
    report = evaluate(g, gold([rel("morishita", "founderOf", "minato")]))
    assert counts(report.relations) == (1, 0, 0)
    assert report.entities.fp == 1  # the duplicate node is counted there


def test_evaluate_min_confidence_leaves_weak_relations_out():
    g = graph(NODES, [("m", KG.founderOf, "t", 0.9), ("m", KG.ceoOf, "h", 0.55)])
    items = [rel("morishita", "founderOf", "minato")]
    assert counts(evaluate(g, gold(items)).relations) == (1, 1, 0)
    assert counts(evaluate(g, gold(items), min_confidence=0.6).relations) == (1, 0, 0)
    assert counts(evaluate(g, gold(items), min_confidence=0.95).relations) == (0, 0, 1)


def test_evaluate_judgement_carries_the_best_statement():
    g = graph(NODES, [("m", KG.founderOf, "t", 0.6), ("m", KG.founderOf, "t", 0.85)])
    (j,) = evaluate(g, gold([rel("morishita", "founderOf", "minato")])).judgements
    assert (j.verdict, j.confidence, j.method, j.evidence) == ("tp", 0.85, "rel.test1.v1", "文1。")
    assert (j.subject_id, j.object_id) == ("morishita", "minato")


def test_evaluate_reliability_bins_only_counted_relations():
    g = graph({**NODES, "p": (ORG, "ポケットノート")},
              [("m", KG.founderOf, "t", 0.95), ("m", KG.ceoOf, "h", 0.92), ("m", KG.alumniOf, "h", 0.55),
               ("m", KG.executiveOf, "t", 0.65), ("t", KG.parentOrgOf, "p", 0.65)])
    report = evaluate(g, gold([rel("morishita", "founderOf", "minato"),
                               rel("morishita", "executiveOf", "minato", optional=True)], ignore=["ポケットノート"]))
    rows = {r["bin"]: (r["count"], r["precision"]) for r in reliability(report.judgements)}
    assert rows == {"0.0-0.5": (0, None), "0.5-0.6": (1, 0.0), "0.6-0.7": (0, None), "0.7-0.8": (0, None),
                    "0.8-0.9": (0, None), "0.9-1.0": (2, 0.5)}


@pytest.mark.parametrize("broken, message", [
    ({"relations": [rel("morishita", "ownerOf", "minato")]}, "unknown predicate 'ownerOf'"),
    ({"relations": [rel("morishita", "founderOf", "nobody")]}, "'nobody' is not an entity id"),
    ({"relations": [rel("morishita", "founderOf", "minato", alt=[["morishita", "ceoOf"]])]}, "not an \\[s, p, o\\]"),
    ({"scored_predicates": ["founderOf", "likes"]}, "scored_predicates"),
    ({"ignore": "ポケットノート"}, "'ignore' must be a list"),
    ({"entities": ENTITIES + [{"id": "x", "type": "Place", "names": ["どこか"]}]}, "Person or Organization"),
    ({"entities": ENTITIES + [ENTITIES[0]]}, "appears twice"),
])
def test_evaluate_parse_gold_rejects_broken_fields(broken, message):
    with pytest.raises(KGError, match=message):
        parse_gold({"entities": ENTITIES, **broken}, "g.json")


def test_evaluate_every_shipped_gold_file_parses():
    from pathlib import Path

    here = Path(__file__).resolve().parent
    files = sorted((here / "gold").glob("*.json")) + sorted((here / "data").rglob("gold/*.json"))
    assert len(files) >= 10
    for path in files:
        load_gold(path)

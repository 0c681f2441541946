"""Support (kg/support.py): one kgo:Support node per relation triple, its SHACL shape both ways, the
per-document subgraph and `kg eval --document`."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from rdflib import RDF, RDFS, Literal
from rdflib.namespace import PROV, XSD
from typer.testing import CliRunner

from kg.cli import app
from kg.errors import KGError
from kg.model import Document, Entity, Mention, Relation, Source
from kg.present.export import write_turtle
from kg.rdf import graph as kg_graph
from kg.rdf.incremental_validation import validate_incremental
from kg.rdf.support import add_support, document_subgraph, find_document, noisy_or, support_iri
from kg.rdf.validate import load_shapes, validate, violations
from kg.vocab import KG

TEXT_A = "佐藤健一は2010年にミナト・ロボティクスを設立した。佐藤健一は東都大学を卒業した。"
TEXT_B = "佐藤健一は東都大学を卒業した。アサギ電機はミナト・ロボティクスと提携した。"


def _entity(key: str, kind, name: str, *places: tuple[str, int]) -> Entity:
    ms = tuple(Mention(name, kind, Source(doc, start, start + len(name), "", "test")) for doc, start in places)
    return Entity(key=key, kind=kind, name=name, aliases=(), mentions=ms)


def corpus_graph():
    """Two documents; 佐藤健一 alumniOf 東都大学 is stated in both."""
    docs = [Document("aaaaaaaaaaaaaaaa", "in/a.txt", TEXT_A, "a", "utf-8"),
            Document("bbbbbbbbbbbbbbbb", "in/b.txt", TEXT_B, "b", "utf-8")]
    a, b = docs[0].doc_id, docs[1].doc_id
    ents = [_entity("sato", KG.Person, "佐藤健一", (a, 0), (a, 26), (b, 0)),
            _entity("minato", KG.Organization, "ミナト・ロボティクス", (a, 11), (b, 22)),
            _entity("toto", KG.Organization, "東都大学", (a, 31), (b, 5)),
            _entity("asagi", KG.Organization, "アサギ電機", (b, 15))]
    rels = [Relation("sato", KG.founderOf, "minato", Source(a, 0, 26, TEXT_A[:26], "t.v1"), 0.8, "2010"),
            Relation("sato", KG.alumniOf, "toto", Source(a, 26, len(TEXT_A), TEXT_A[26:], "t.v1"), 0.9),
            Relation("sato", KG.alumniOf, "toto", Source(b, 0, 15, TEXT_B[:15], "t.v1"), 0.5),
            Relation("asagi", KG.partnershipWith, "minato", Source(b, 15, len(TEXT_B), TEXT_B[15:], "t.v1"), 0.7)]
    g = kg_graph.build_graph(docs, ents, rels)
    add_support(g)
    return g


@pytest.fixture(scope="module")
def shapes():
    return load_shapes()


def _support(g, s: str, p, o: str):
    return support_iri(kg_graph.entity_iri(s), p, kg_graph.entity_iri(o))


def test_support_counts_statements_and_documents_and_combines_confidence():
    g = corpus_graph()
    node = _support(g, "sato", KG.alumniOf, "toto")
    assert g.value(node, KG.statementCount).toPython() == 2
    assert g.value(node, KG.documentCount).toPython() == 2
    assert g.value(node, KG.confidence) == Literal(Decimal("0.95"), datatype=XSD.decimal)  # 1 − 0.1·0.5
    assert len(set(g.objects(node, KG.supportedBy))) == 2
    assert (node, RDF.type, RDF.Statement) not in g  # `?st a rdf:Statement` finds sentence statements only
    founded = _support(g, "sato", KG.founderOf, "minato")
    assert (g.value(founded, KG.statementCount).toPython(), g.value(founded, KG.documentCount).toPython()) == (1, 1)
    # A symmetric relation is supported in the direction it is stored.
    assert (_support(g, "asagi", KG.partnershipWith, "minato"), RDF.type, KG.Support) in g
    assert len(set(g.subjects(RDF.type, KG.Support))) == 3


def test_support_noisy_or_bounds():
    assert noisy_or([0.5, 0.5]) == pytest.approx(0.75)
    assert noisy_or([1.0, 0.2]) == 1.0 and noisy_or([0.0]) == 0.0 and noisy_or([1.7, -1]) == 1.0


def test_support_graph_conforms(shapes):
    conforms, report = validate(corpus_graph(), shapes)
    assert conforms, report


@pytest.mark.parametrize("breakage, message", [
    ("documents", "kgo:documentCount"),
    ("count", "but 2 kgo:supportedBy statements"),
    ("other-triple", "which states another triple"),
    ("no-statement", "supported by one or more rdf:Statement"),
])
def test_support_broken_support_fails(shapes, tmp_path, breakage, message):
    g = corpus_graph()
    node = _support(g, "sato", KG.alumniOf, "toto")
    if breakage == "documents":
        g.set((node, KG.documentCount, Literal(3, datatype=XSD.integer)))
    elif breakage == "count":
        g.set((node, KG.statementCount, Literal(5, datatype=XSD.integer)))
    elif breakage == "other-triple":
        other = next(g.objects(_support(g, "sato", KG.founderOf, "minato"), KG.supportedBy))
        g.add((node, KG.supportedBy, other))
        g.set((node, KG.statementCount, Literal(3, datatype=XSD.integer)))
    else:
        g.remove((node, KG.supportedBy, None))
    conforms, report = validate(g, shapes)
    assert not conforms
    assert message in "\n".join(violations(report))
    assert validate_incremental(g, shapes, tmp_path / "memo.json") == (conforms, report)


def test_support_document_subgraph_keeps_one_documents_nodes_and_statements():
    g = corpus_graph()
    sub = document_subgraph(g, "b")
    labels = {str(sub.value(n, RDFS.label)) for n in sub.subjects(RDF.type, KG.Organization)}
    assert labels == {"ミナト・ロボティクス", "東都大学", "アサギ電機"}
    assert set(sub.subjects(RDF.type, KG.Person)) == {kg_graph.entity_iri("sato")}
    statements = set(sub.subjects(RDF.type, RDF.Statement))
    assert len(statements) == 2
    assert {sub.value(st, PROV.wasDerivedFrom) for st in statements} == {kg_graph.document_iri("bbbbbbbbbbbbbbbb")}
    assert (kg_graph.entity_iri("sato"), KG.founderOf, kg_graph.entity_iri("minato")) not in sub  # stated in a only
    assert (kg_graph.entity_iri("sato"), KG.alumniOf, kg_graph.entity_iri("toto")) in sub


@pytest.mark.parametrize("ref", ["b", "b.txt", "in/b.txt", "bbbbbbbbbbbbbbbb", "https://w3id.org/kg-ja/id/doc/bbbbbbbbbbbbbbbb"])
def test_support_find_document_by_any_name(ref):
    assert find_document(corpus_graph(), ref) == kg_graph.document_iri("bbbbbbbbbbbbbbbb")


def test_support_unknown_document_names_the_known_ones():
    with pytest.raises(KGError, match=r"no document named 'c' in the graph; .*\(a, b\)"):
        find_document(corpus_graph(), "c")


def test_eval_document_scores_one_document_of_a_corpus(tmp_path):
    path = tmp_path / "graph.ttl"
    write_turtle(corpus_graph(), path)
    gold = tmp_path / "b.json"
    gold.write_text(json.dumps({"entities": [
        {"id": "sato", "type": "Person", "names": ["佐藤健一"]},
        {"id": "toto", "type": "Organization", "names": ["東都大学"]},
        {"id": "asagi", "type": "Organization", "names": ["アサギ電機"]},
        {"id": "minato", "type": "Organization", "names": ["ミナト・ロボティクス"]}],
        "relations": [{"s": "sato", "p": "alumniOf", "o": "toto"},
                      {"s": "asagi", "p": "partnershipWith", "o": "minato"}]}, ensure_ascii=False), encoding="utf-8")
    whole = CliRunner().invoke(app, ["eval", str(path), str(gold), "--format", "json"])
    one = CliRunner().invoke(app, ["eval", str(path), str(gold), "--document", "b.txt", "--format", "json"])
    assert whole.exit_code == one.exit_code == 0, one.output
    # The whole corpus also has a founderOf from document a: a false positive for b's gold, not for b alone.
    assert json.loads(whole.output)["relations"]["fp"] == 1
    report = json.loads(one.output)
    assert (report["entities"]["tp"], report["entities"]["fp"]) == (4, 0)
    assert (report["relations"]["tp"], report["relations"]["fp"], report["relations"]["fn"]) == (2, 0, 0)
    missing = CliRunner().invoke(app, ["eval", str(path), str(gold), "--document", "zzz"])
    assert missing.exit_code == 1 and "no document named 'zzz'" in missing.output

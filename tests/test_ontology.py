"""ontology/kg.ttl: every term documented in Japanese and English, the SPEC relations typed, aligned, OWL-usable."""

from __future__ import annotations

import pytest
from rdflib import OWL, RDF, RDFS, Graph, Namespace, URIRef
from rdflib.namespace import FOAF, PROV

from conftest import DATA, ROOT
from kg.present.export import write_jsonld
from kg.rdf.graph import load
from kg.vocab import COARSE, KG, ORG_SUBCLASSES, RELATIONS, SYMMETRIC

SCHEMA = Namespace("https://schema.org/")
ORG = Namespace("http://www.w3.org/ns/org#")
NS = str(KG._NS)
KINDS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)


@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(ROOT / "ontology" / "kg.ttl", format="turtle")


def _terms(onto: Graph) -> list[URIRef]:
    return sorted({s for k in KINDS for s in onto.subjects(RDF.type, k) if str(s).startswith(NS)})


def test_ontology_every_term_has_ja_and_en_label_and_comment(onto):
    missing = []
    for term in _terms(onto):
        for prop in (RDFS.label, RDFS.comment):
            langs = {o.language for o in onto.objects(term, prop)}
            if not {"ja", "en"} <= langs:
                missing.append(f"{term.rsplit('#', 1)[1]} {prop.rsplit('#', 1)[1]} {sorted(map(str, langs))}")
    assert not missing


def test_ontology_relations_have_domain_and_range(onto):
    for p in RELATIONS:
        assert (p, RDF.type, OWL.ObjectProperty) in onto
        assert onto.value(p, RDFS.domain) in {KG.Person, KG.Organization, KG.Agent}, p
        assert onto.value(p, RDFS.range) in {KG.Person, KG.Organization}, p


def test_ontology_symmetric_properties_match_code(onto):
    assert set(onto.subjects(RDF.type, OWL.SymmetricProperty)) == set(SYMMETRIC)


def test_ontology_statement_and_document_properties_have_domains(onto):
    for p in (KG.evidence, KG.charStart, KG.charEnd, KG.confidence, KG.date, KG.method):
        assert onto.value(p, RDFS.domain) == RDF.Statement, p
    for p in (KG.sourcePath, KG.contentHash, KG.charLength):
        assert onto.value(p, RDFS.domain) == KG.Document, p


def test_ontology_class_hierarchy_matches_code(onto):
    for cls in COARSE:
        assert (cls, RDFS.subClassOf, KG.Agent) in onto
    for sub in ORG_SUBCLASSES:
        assert (sub, RDFS.subClassOf, KG.Organization) in onto, sub
    assert (KG.Person, OWL.disjointWith, KG.Organization) in onto


@pytest.mark.parametrize("triple", [
    (KG.Person, RDFS.subClassOf, SCHEMA.Person),
    (KG.Person, RDFS.subClassOf, FOAF.Person),
    (KG.Organization, RDFS.subClassOf, SCHEMA.Organization),
    (KG.Organization, RDFS.subClassOf, FOAF.Organization),
    (KG.Organization, RDFS.subClassOf, ORG.Organization),
    (KG.Agent, RDFS.subClassOf, PROV.Agent),
    (KG.Document, RDFS.subClassOf, PROV.Entity),
    (KG.founderOf, OWL.inverseOf, SCHEMA.founder),
    (KG.employeeOf, OWL.inverseOf, SCHEMA.employee),
    (KG.alumniOf, RDFS.subPropertyOf, SCHEMA.alumniOf),
    (KG.spouseOf, RDFS.subPropertyOf, SCHEMA.spouse),
    (KG.memberOf, RDFS.subPropertyOf, ORG.memberOf),
    (KG.ceoOf, RDFS.subPropertyOf, ORG.headOf),
    (KG.mentorOf, OWL.inverseOf, KG.menteeOf),
])
def test_ontology_aligned_to_schema_foaf_org_prov(onto, triple):
    assert triple in onto


def test_ontology_owl_rl_reasoner_uses_it():
    """An OWL tool (owlrl) loads the ontology and draws the inferences it promises on a built graph."""
    from owlrl import DeductiveClosure, OWLRL_Semantics

    g = load(DATA / "queries_fixture.ttl")
    g.parse(ROOT / "ontology" / "kg.ttl", format="turtle")
    DeductiveClosure(OWLRL_Semantics).expand(g)
    kgr = Namespace("https://w3id.org/kg-ja/id/entity/")
    assert (kgr.sato, KG.menteeOf, kgr.tanaka) in g  # inverse of mentorOf
    assert (kgr.suzuki, KG.spouseOf, kgr.sato) in g  # symmetric: stored sato → suzuki only
    assert (kgr.sato, RDF.type, SCHEMA.Person) in g
    assert (kgr.midori, SCHEMA.founder, kgr.sato) in g
    assert (kgr.sato, ORG.headOf, kgr.midori) in g  # ceoOf ⊑ org:headOf
    assert (kgr.hoshi, KG.acquiredBy, kgr.midori) in g
    assert (kgr.hikari, RDF.type, KG.Organization) in g


def test_ontology_jsonld_roundtrips_the_turtle(tmp_path):
    from rdflib.compare import isomorphic

    g = load(DATA / "queries_fixture.ttl")
    write_jsonld(g, tmp_path / "graph.jsonld")
    text = (tmp_path / "graph.jsonld").read_text(encoding="utf-8")
    assert '"kgo": "https://w3id.org/kg-ja/ontology#"' in text and "佐藤花子" in text
    assert isomorphic(load(tmp_path / "graph.jsonld"), g)
    write_jsonld(load(DATA / "queries_fixture.ttl"), tmp_path / "again.jsonld")
    assert (tmp_path / "again.jsonld").read_bytes() == (tmp_path / "graph.jsonld").read_bytes()


def test_ontology_build_writes_jsonld_beside_turtle(tiny_build):
    from rdflib.compare import isomorphic

    _result, out, _src = tiny_build
    assert isomorphic(load(out / "graph.jsonld"), load(out / "graph.ttl"))

"""Vocabulary written once: kg/vocab.py and ontology/kg.ttl declare the same terms."""

from __future__ import annotations

from rdflib import RDF, Graph
from rdflib.namespace import OWL

from conftest import ROOT
from kg.vocab import KG, RELATIONS


def test_vocab_matches_ontology():
    g = Graph().parse(ROOT / "ontology" / "kg.ttl")
    ns = str(KG._NS)
    declared = {str(s)[len(ns):] for t in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
                for s in g.subjects(RDF.type, t) if str(s).startswith(ns)}
    in_code = set(KG.__annotations__)
    assert declared == in_code


def test_vocab_relations_are_spec_names():
    assert [str(p).rsplit("#", 1)[1] for p in RELATIONS] == [
        "mentorOf", "investedIn", "boardMemberOf", "founderOf", "ceoOf", "executiveOf", "employeeOf",
        "alumniOf", "spouseOf", "partnerOf", "siblingOf", "acquired", "partnershipWith", "dismissedFrom",
        "memberOf", "parentOrgOf"]

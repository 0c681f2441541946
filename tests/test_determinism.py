"""Determinism: the same input built twice, into different folders, gives byte-identical files."""

from __future__ import annotations

import shutil
from datetime import date, datetime, timezone

from conftest import DATA, settings_for

OUTPUTS = ("graph.ttl", "graph.graphml", "graph.html")


def test_determinism_two_builds_are_byte_identical(tiny_build, tmp_path):
    from kg.build.pipeline import run

    _, first_out, src = tiny_build
    # Same input path (paths are part of the graph), different output folder, no shared parse cache.
    second_out = tmp_path / "elsewhere" / "out"
    run(settings_for([src.parent], second_out, use_cache=False))
    written = sorted(p.name for p in first_out.iterdir() if p.is_file() and not p.name.startswith("."))
    assert set(OUTPUTS) <= set(written)
    for name in written:  # the SPEC's three files, and the JSON-LD and JSONL dumps beside them
        a, b = (first_out / name).read_bytes(), (second_out / name).read_bytes()
        assert a == b, f"{name} differs between two builds of the same input"


def test_determinism_outputs_carry_no_clock_or_output_path(tiny_build):
    _, out, _ = tiny_build
    for name in OUTPUTS:
        text = (out / name).read_text(encoding="utf-8")
        assert str(out) not in text, f"{name} mentions the output folder"
        for today in {date.today(), datetime.now(timezone.utc).date()}:  # a build time would be today
            for form in (today.isoformat(), today.strftime("%Y/%m/%d"), today.strftime("%Y年%-m月%-d日")):
                assert form not in text, f"{name} carries the build date {form}"


def test_determinism_input_order_does_not_matter(tmp_path):
    from kg.build.pipeline import run

    corpus = tmp_path / "in"
    corpus.mkdir()
    shutil.copy(DATA / "tiny_seed.txt", corpus / "b.txt")
    (corpus / "a.txt").write_text("稲盛和夫は京セラを創業した。\n", encoding="utf-8")
    run(settings_for([corpus / "a.txt", corpus / "b.txt"], tmp_path / "one", use_cache=False))
    run(settings_for([corpus / "b.txt", corpus / "a.txt"], tmp_path / "two", use_cache=False))
    for name in OUTPUTS:
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name


def test_determinism_fast_turtle_is_rdflib_turtle(seed_graph):
    """export.turtle_bytes writes exactly the bytes of rdflib's Turtle serializer."""
    from decimal import Decimal

    from rdflib import RDF, RDFS, XSD, BNode, Literal, Namespace, URIRef

    from kg.present.export import turtle_bytes
    from kg.rdf.graph import new_graph
    from kg.vocab import KG

    assert turtle_bytes(seed_graph) == seed_graph.serialize(format="turtle", encoding="utf-8")
    g = new_graph()
    node, other = URIRef("https://w3id.org/kg-ja/id/entity/a%2Fb"), URIRef("urn:x:北条透")
    g.add((node, RDF.type, KG.Person))
    g.add((node, RDFS.label, Literal('引用 "符" と\\ 改行\nの名前')))
    g.add((node, RDFS.label, Literal("Name", lang="en")))
    g.add((node, KG.confidence, Literal(Decimal("0.500"), datatype=XSD.decimal)))
    g.add((node, KG.mentionCount, Literal(3, datatype=XSD.integer)))
    g.add((node, KG.community, Literal("2", datatype=XSD.nonNegativeInteger)))
    g.add((node, KG.date, Literal("2005-03", datatype=XSD.gYearMonth)))
    g.add((other, KG.mentorOf, node))
    g.add((other, RDFS.comment, Literal("末尾.")))
    assert turtle_bytes(g) == g.serialize(format="turtle", encoding="utf-8")
    g.add((node, Namespace("urn:unbound:")["p"], other))  # would need a generated prefix: rdflib writes it
    assert turtle_bytes(g) == g.serialize(format="turtle", encoding="utf-8")
    g.add((node, KG.evidence, BNode()))  # blank nodes: rdflib writes it
    assert turtle_bytes(g) == g.serialize(format="turtle", encoding="utf-8")


def test_determinism_fast_jsonld_is_rdflib_jsonld(seed_graph):
    """export.jsonld_nodes gives the node objects of rdflib's JSON-LD serializer (write_jsonld sorts both)."""
    import json

    from rdflib import RDF, RDFS, XSD, BNode, Literal, URIRef

    from kg.present.export import jsonld_context, jsonld_nodes
    from kg.rdf.graph import new_graph
    from kg.vocab import KG

    def rdflib_nodes(g):
        data = json.loads(g.serialize(format="json-ld", context=jsonld_context(g), auto_compact=True))
        nodes = data.get("@graph", [data] if "@id" in data else [])
        return sorted(json.dumps({k: v for k, v in n.items() if k != "@context"}, sort_keys=True) for n in nodes)

    def ours(g):
        nodes = jsonld_nodes(g, jsonld_context(g))
        return None if nodes is None else sorted(json.dumps(n, sort_keys=True) for n in nodes)

    assert ours(seed_graph) == rdflib_nodes(seed_graph)
    g = new_graph()
    node = URIRef("https://w3id.org/kg-ja/id/entity/x")
    g.add((node, RDF.type, KG.Person))
    g.add((node, RDFS.label, Literal("柳井正")))
    g.add((node, RDFS.label, Literal("Tadashi Yanai", lang="en")))
    g.add((node, KG.degree, Literal(0, datatype=XSD.integer)))  # falsy native value, alone
    g.add((node, KG.pagerank, Literal(0.25, datatype=XSD.double)))
    g.add((node, KG.evidence, Literal("", datatype=XSD.string)))
    g.add((node, KG.community, Literal("1", datatype=XSD.nonNegativeInteger)))
    g.add((node, KG.mentorOf, URIRef("https://w3id.org/kg-ja/id/entity/y")))
    assert ours(g) == rdflib_nodes(g)
    g.add((node, KG.mentorOf, BNode()))
    assert ours(g) is None  # blank nodes: rdflib writes them

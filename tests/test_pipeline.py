"""End to end on the tiny fixture with the real model: nodes, a typed relation, true offsets."""

from __future__ import annotations

import networkx as nx
import pytest
from rdflib import RDF, RDFS, Graph, Literal

from kg.vocab import KG

pytestmark = pytest.mark.model


def _node(g: Graph, label: str):
    nodes = list(g.subjects(RDFS.label, Literal(label)))
    assert nodes, f"no node labelled {label}"
    return nodes[0]


@pytest.mark.parametrize("label, kind", [
    ("長谷川浩史", KG.Person),
    ("ミドリ商事", KG.Organization),
    ("アオバネットグループ", KG.Organization),
    ("堀正義", KG.Person),
])
def test_pipeline_tiny_entities_typed(tiny_build, label, kind):
    _, out, _ = tiny_build
    g = Graph().parse(out / "graph.ttl")
    assert (_node(g, label), RDF.type, kind) in g


def test_pipeline_tiny_has_typed_relation_with_evidence(tiny_build):
    _, out, _ = tiny_build
    g = Graph().parse(out / "graph.ttl")
    statements = list(g.subjects(RDF.type, RDF.Statement))
    assert statements
    relations = {(str(g.value(st, RDF.predicate)), str(g.value(g.value(st, RDF.subject), RDFS.label)),
                  str(g.value(g.value(st, RDF.object), RDFS.label))) for st in statements}
    assert (str(KG.founderOf), "長谷川浩史", "ミドリ商事") in relations
    for st in statements:
        assert g.value(st, KG.evidence)
        assert 0.0 <= float(g.value(st, KG.confidence)) <= 1.0
        assert (g.value(st, RDF.subject), g.value(st, RDF.predicate), g.value(st, RDF.object)) in g


def test_pipeline_tiny_offsets_slice_original_file(tiny_build):
    _, out, src = tiny_build
    text = src.read_text(encoding="utf-8")
    g = Graph().parse(out / "graph.ttl")
    for st in g.subjects(RDF.type, RDF.Statement):
        start, end = int(g.value(st, KG.charStart)), int(g.value(st, KG.charEnd))
        assert 0 <= start < end <= len(text)
        assert text[start:end] in str(g.value(st, KG.evidence))


def test_pipeline_tiny_outputs_load(tiny_build):
    _, out, _ = tiny_build
    view = nx.read_graphml(out / "graph.graphml")
    labels = {d["label"] for _, d in view.nodes(data=True)}
    assert {"長谷川浩史", "ミドリ商事"} <= labels
    page = (out / "graph.html").read_text(encoding="utf-8")
    assert "長谷川浩史" in page or "\\u9577\\u8c37\\u5ddd" in page
    import re
    assert not re.search(r"<script[^>]+src=[\"']https?://", page)
    assert not re.search(r"<link[^>]+href=[\"']https?://", page)

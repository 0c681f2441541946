"""SHACL both ways: built graphs conform to ontology/shapes.ttl, and deliberately broken graphs fail."""

from __future__ import annotations

import shutil
import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, XSD, Graph, Literal
from rdflib.namespace import PROV

from kg.errors import ShapeViolation
from kg.model import Document, Entity, Mention, Relation, Source
from kg.rdf import graph as kg_graph
from kg.rdf import incremental_validation
from kg.rdf import validate as kg_validate
from kg.rdf.incremental_validation import check, split_shapes, validate_incremental
from kg.rdf.validate import load_shapes, validate, violations
from kg.vocab import KG

from conftest import DATA, ROOT, settings_for

DOC_ID = "0123456789abcdef"
TEXT = "鈴木一郎は2010年にミドリ商事を設立した。ミドリ商事はアオゾラ銀行と提携した。"


def _entity(key: str, kind, name: str, start: int) -> Entity:
    src = Source(DOC_ID, start, start + len(name), TEXT, "test")
    return Entity(key=key, kind=kind, name=name, aliases=(), mentions=(Mention(name, kind, src),))


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_shapes()


@pytest.fixture()
def good() -> Graph:
    """A small graph written by kg.rdf.graph, as a build would write it."""
    return _good_graph()


def _good_graph() -> Graph:
    doc = Document(doc_id=DOC_ID, path="in/a.txt", text=TEXT, title="a", encoding="utf-8")
    ents = [_entity("suzuki", KG.Person, "鈴木一郎", 0), _entity("midori", KG.Organization, "ミドリ商事", 10),
            _entity("aozora", KG.Organization, "アオゾラ銀行", 29)]
    rels = [Relation("suzuki", KG.founderOf, "midori", Source(doc.doc_id, 0, 24, TEXT[:24], "test.v1"),
                     confidence=0.9, date="2010"),
            Relation("midori", KG.partnershipWith, "aozora", Source(doc.doc_id, 24, len(TEXT), TEXT[24:], "test.v1"))]
    return kg_graph.build_graph([doc], ents, rels)


def _statement(g: Graph, predicate=KG.founderOf):
    return next(g.subjects(RDF.predicate, predicate))


def _messages(g: Graph, shapes: Graph) -> str:
    conforms, report = validate(g, shapes)
    assert not conforms, "the broken graph was accepted"
    # The incremental validator a build uses gives the same verdict and report, whether it starts
    # from nothing or from a memo of the intact graph (so only the broken nodes are validated again).
    with tempfile.TemporaryDirectory() as folder:
        fresh = validate_incremental(g, shapes, Path(folder) / "fresh.json")
        validate_incremental(_good_graph(), shapes, Path(folder) / "primed.json")
        primed = validate_incremental(g, shapes, Path(folder) / "primed.json")
    assert fresh == primed == validate_incremental(g, shapes, None) == (conforms, report)
    # pySHACL's advanced (SHACL-AF) mode, which validate() leaves off when the shapes do not use it, agrees.
    from pyshacl import validate as shacl_validate

    # (pySHACL needs a context-aware store; a build's graph is SimpleMemory, which kg.rdf.validate copies.)
    advanced = shacl_validate(kg_validate._memory_copy(g), shacl_graph=shapes, inference="none", advanced=True,
                              allow_warnings=True)
    assert (advanced[0], advanced[2]) == (conforms, report)
    return "\n".join(violations(report))


def test_validate_hand_built_graph_conforms(good, shapes):
    conforms, report = validate(good, shapes)
    assert conforms, report


def test_validate_tiny_build_conforms(tiny_build):
    result, out, _src = tiny_build
    from kg.rdf.graph import load

    conforms, report = validate(load(out / "graph.ttl"))
    assert conforms, report
    assert result.conforms is True


def test_validate_seed_graph_conforms(seed_graph, seed_build):
    conforms, report = validate(seed_graph)
    assert conforms, "\n".join(violations(report)[:20])
    assert seed_build[0].conforms is True


def test_validate_missing_label_fails(good, shapes):
    node = kg_graph.entity_iri("suzuki")
    good.remove((node, RDFS.label, None))
    assert "rdfs:label" in _messages(good, shapes)


def test_validate_two_coarse_types_fail(good, shapes):
    good.add((kg_graph.entity_iri("suzuki"), RDF.type, KG.Organization))
    assert "exactly one coarse type" in _messages(good, shapes)


def test_validate_no_coarse_type_fails(good, shapes):
    node = kg_graph.entity_iri("midori")
    good.remove((node, RDF.type, KG.Organization))
    good.add((node, RDF.type, KG.Company))
    assert "exactly one coarse type" in _messages(good, shapes)


def test_validate_person_with_org_subclass_fails(good, shapes):
    good.add((kg_graph.entity_iri("suzuki"), RDF.type, KG.University))
    assert "cannot also have an organisation" in _messages(good, shapes)


def test_validate_offsets_beyond_document_length_fail(good, shapes):
    st = _statement(good)
    good.set((st, KG.charEnd, Literal(len(TEXT) + 5, datatype=XSD.integer)))
    assert "beyond the length" in _messages(good, shapes)


def test_validate_start_after_end_fails(good, shapes):
    st = _statement(good)
    good.set((st, KG.charStart, Literal(30, datatype=XSD.integer)))
    good.set((st, KG.charEnd, Literal(20, datatype=XSD.integer)))
    assert "less than kgo:charEnd" in _messages(good, shapes)


def test_validate_confidence_above_one_fails(good, shapes):
    st = _statement(good)
    good.set((st, KG.confidence, Literal(Decimal("1.5"), datatype=XSD.decimal)))
    assert "confidence in [0, 1]" in _messages(good, shapes)


def test_validate_ceo_of_from_organization_fails(good, shapes):
    good.add((kg_graph.entity_iri("midori"), KG.ceoOf, kg_graph.entity_iri("aozora")))
    assert "is a kgo:Person" in _messages(good, shapes)


def test_validate_founder_of_a_person_fails(good, shapes):
    good.add((kg_graph.entity_iri("suzuki"), KG.founderOf, kg_graph.entity_iri("suzuki")))
    assert "is a kgo:Organization" in _messages(good, shapes)


def test_validate_statement_without_source_fails(good, shapes):
    good.remove((_statement(good), PROV.wasDerivedFrom, None))
    assert "source document" in _messages(good, shapes)


def test_validate_statement_without_evidence_fails(good, shapes):
    good.remove((_statement(good), KG.evidence, None))
    assert "kgo:evidence" in _messages(good, shapes)


def test_validate_statement_without_direct_triple_fails(good, shapes):
    good.remove((kg_graph.entity_iri("suzuki"), KG.founderOf, None))
    assert "no matching direct triple" in _messages(good, shapes)


def test_validate_unknown_predicate_in_statement_fails(good, shapes):
    st = _statement(good)
    good.set((st, RDF.predicate, RDFS.seeAlso))
    assert "16 SPEC.md relations" in _messages(good, shapes)


def test_validate_document_without_length_fails(good, shapes):
    doc = next(good.subjects(RDF.type, KG.Document))
    good.remove((doc, KG.charLength, None))
    assert "kgo:charLength" in _messages(good, shapes)


def test_validate_check_warns_or_raises(good, shapes):
    good.remove((kg_graph.entity_iri("suzuki"), RDFS.label, None))
    conforms, warnings = check(good, shapes=shapes)
    assert conforms is False and warnings and all(w.startswith("SHACL: ") for w in warnings)
    with pytest.raises(ShapeViolation, match="SHACL"):
        check(good, strict=True, shapes=shapes)


def _tiny_with_shapes(tmp_path: Path, extra: str) -> tuple[Path, Path]:
    """Return (input folder with the tiny seed, ontology folder whose shapes.ttl has ``extra`` Turtle added)."""
    src = tmp_path / "in" / "tiny_seed.txt"
    src.parent.mkdir()
    shutil.copy(DATA / "tiny_seed.txt", src)
    ontology = tmp_path / "ont"
    shutil.copytree(ROOT / "ontology", ontology)
    (ontology / "shapes.ttl").write_text(load_shapes().serialize(format="turtle") + "\n" + extra, encoding="utf-8")
    return src.parent, ontology


@pytest.mark.parametrize("jobs", [1, 2])  # --jobs 2: validation runs in a forked process beside the writing
def test_validate_strict_build_fails_and_keeps_old_outputs(tmp_path, jobs):
    """A build whose graph breaks the shapes warns; with strict it fails before writing anything."""
    from kg.build.pipeline import run

    # A shape no real graph meets: every document needs a kgo:pagerank. Proves the build calls SHACL.
    folder, strict_shapes = _tiny_with_shapes(tmp_path, (
        "[] a <http://www.w3.org/ns/shacl#NodeShape> ; "
        "<http://www.w3.org/ns/shacl#targetClass> <https://w3id.org/kg-ja/ontology#Document> ; "
        "<http://www.w3.org/ns/shacl#property> [ <http://www.w3.org/ns/shacl#path> "
        "<https://w3id.org/kg-ja/ontology#pagerank> ; <http://www.w3.org/ns/shacl#minCount> 1 ] .\n"))
    src = folder / "tiny_seed.txt"
    out = tmp_path / "out"
    result = run(settings_for([src.parent], out, ontology_dir=strict_shapes, jobs=jobs))
    assert result.conforms is False
    assert any(w.startswith("SHACL: ") for w in result.warnings)
    before = (out / "graph.ttl").read_bytes()
    (out / "graph.ttl").write_bytes(before + b"# marker\n")
    with pytest.raises(ShapeViolation):
        run(settings_for([src.parent], out, ontology_dir=strict_shapes, strict=True, jobs=jobs))
    assert (out / "graph.ttl").read_bytes().endswith(b"# marker\n")


@pytest.mark.parametrize("jobs", [1, 2])  # --jobs 2: the validation process forks before the ranks are added
def test_validate_build_sees_the_centrality_ranks(tmp_path, jobs):
    from kg.build.pipeline import run

    # Every person needs a kgo:pagerank (a non-local SPARQL shape) and a kgo:degree (a local one).
    folder, shapes = _tiny_with_shapes(tmp_path, """
        <urn:kg:test:Ranked> a <http://www.w3.org/ns/shacl#NodeShape> ;
            <http://www.w3.org/ns/shacl#targetClass> <https://w3id.org/kg-ja/ontology#Person> ;
            <http://www.w3.org/ns/shacl#property> [ <http://www.w3.org/ns/shacl#path>
                <https://w3id.org/kg-ja/ontology#degree> ; <http://www.w3.org/ns/shacl#minCount> 1 ] .
        <urn:kg:test:Paged> a <http://www.w3.org/ns/shacl#NodeShape> ;
            <http://www.w3.org/ns/shacl#targetNode> <https://w3id.org/kg-ja/ontology#Person> ;
            <http://www.w3.org/ns/shacl#sparql> [ <http://www.w3.org/ns/shacl#select> \"\"\"
                SELECT $this ?value WHERE { ?value a <https://w3id.org/kg-ja/ontology#Person> .
                FILTER NOT EXISTS { ?value <https://w3id.org/kg-ja/ontology#pagerank> ?rank } }\"\"\" ] .
        """)
    for cached in (False, True):
        result = run(settings_for([folder], tmp_path / "out", ontology_dir=shapes, jobs=jobs, use_cache=cached))
        assert result.conforms, result.warnings
        assert result.entities > 0


def test_validate_incremental_reruns_only_changed_nodes(good, shapes, tmp_path, monkeypatch):
    memo = tmp_path / "memo.json"
    first = validate_incremental(good, shapes, memo)
    runs: list[int] = []
    real = incremental_validation.validate

    def counting(g, shapes_graph=None):
        runs.append(len(g))
        return real(g, shapes_graph)

    monkeypatch.setattr(incremental_validation, "validate", counting)
    assert validate_incremental(good, shapes, memo) == first and runs == []  # nothing changed: no pySHACL
    good.remove((kg_graph.entity_iri("aozora"), RDFS.label, None))
    conforms, report = validate_incremental(good, shapes, memo)
    assert not conforms and "rdfs:label" in report
    assert len(runs) == 2 and runs[0] < len(good) // 2  # the changed node's neighbourhood, then the SPARQL shape


def test_validate_prepared_set_keeps_neighbourhoods_and_copies_in_step(good, shapes, tmp_path):
    # A build prepares validation before the ranks are added, then adds them with Prepared.set: the
    # result must be what preparing the finished graph gives.
    import pyoxigraph

    memo = tmp_path / "memo.json"
    validate_incremental(good, shapes, memo)
    prepared = incremental_validation.Prepared(good, whole=True)
    suzuki, midori = kg_graph.entity_iri("suzuki"), kg_graph.entity_iri("midori")
    changes = [(suzuki, KG.pagerank, Literal(Decimal("0.5"), datatype=XSD.decimal)),  # new value
               (suzuki, KG.pagerank, Literal(Decimal("0.25"), datatype=XSD.decimal)),  # replaced value
               (midori, RDF.type, KG.University),  # a type: what points at midori sees it
               (suzuki, KG.employeeOf, midori)]  # a new edge: midori gains an incoming predicate
    for triple in changes:
        prepared.set(triple)
    assert prepared.hood == incremental_validation._neighbourhoods(good)
    assert set(prepared.copy) == set(good)
    copied = pyoxigraph.Store()
    copied.bulk_load(good.serialize(format="nt", encoding="utf-8"), pyoxigraph.RdfFormat.N_TRIPLES)
    assert set(prepared.store) == set(copied)
    assert validate_incremental(good, shapes, memo, prepared=prepared) == validate(good, shapes)


def test_validate_split_shapes_keeps_sparql_and_paths_whole(shapes):
    local, other = split_shapes(shapes)
    named = {str(s).rsplit("#", 1)[-1] for s in other.subjects(RDF.type, kg_validate.SH.NodeShape)}
    assert named == {"StatementLinksShape"}  # SPARQL constraints read the whole graph
    assert len(local) + len(other) >= len(shapes) - 10  # every shape lands on one side
    deep = Graph().parse(data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <urn:ex:> .
        ex:Path a sh:NodeShape ; sh:targetClass ex:A ;
            sh:property [ sh:path ( ex:p ex:q ) ; sh:minCount 1 ] .
        ex:TwoHops a sh:NodeShape ; sh:targetClass ex:A ;
            sh:property [ sh:path ex:p ; sh:node [ sh:property [ sh:path ex:q ; sh:minCount 1 ] ] ] .
        ex:OneHop a sh:NodeShape ; sh:targetClass ex:A ; sh:property [ sh:path ex:p ; sh:class ex:B ] .
    """, format="turtle")
    local, other = split_shapes(deep)
    assert {str(s) for s in other.subjects(RDF.type, kg_validate.SH.NodeShape)} == {"urn:ex:Path", "urn:ex:TwoHops"}
    assert {str(s) for s in local.subjects(RDF.type, kg_validate.SH.NodeShape)} == {"urn:ex:OneHop"}


def test_validate_incremental_finds_targets_as_pyshacl_does(tmp_path):
    # Only changed nodes are validated again, each against the shapes that target it: through a subclass
    # in the data, an implicit class target (a shape that is an rdfs:Class) and sh:targetObjectsOf.
    shapes = Graph().parse(data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <https://example.org/> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        ex:Named a sh:NodeShape , rdfs:Class ; sh:property [ sh:path ex:name ; sh:minCount 1 ] .
        ex:Typed a sh:NodeShape ; sh:targetClass ex:Agent ; sh:property [ sh:path ex:knows ; sh:class ex:Agent ] .
        ex:Known a sh:NodeShape ; sh:targetObjectsOf ex:knows ; sh:property [ sh:path ex:name ; sh:maxCount 1 ] .
    """, format="turtle")
    g = Graph().parse(data="""
        @prefix ex: <https://example.org/> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        ex:Person rdfs:subClassOf ex:Agent .
        ex:a a ex:Person ; ex:knows ex:b , ex:c .
        ex:b a ex:Named , ex:Person ; ex:name "b" .
        ex:c ex:name "c" .
        ex:d a ex:Named ; ex:name "d" .
    """, format="turtle")
    memo = tmp_path / "memo.json"
    ex = kg_validate.Namespace("https://example.org/")
    assert validate_incremental(g, shapes, memo) == validate(g, shapes)
    for change in [(ex.b, ex.name, Literal("bee")), (ex.d, ex.name, None), (ex.a, ex.knows, ex.d)]:
        if change[2] is None:
            g.remove(change)
        else:
            g.add(change)
        conforms, report = validate(g, shapes)
        assert not conforms
        assert validate_incremental(g, shapes, memo) == (conforms, report)

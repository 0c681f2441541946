"""`kg export` (kg/formats.py): GEXF read back by NetworkX, Neo4j CSV checked against the importer's
documented header rules and against the graph, JSON-LD and N-Triples round trips."""

from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest
from rdflib import RDF, Graph
from rdflib.compare import isomorphic
from typer.testing import CliRunner

from kg.cli import app
from kg.present.formats import relationship_type
from kg.rdf.graph import load
from kg.vocab import KG, RELATIONS

from conftest import DATA

FIXTURE = DATA / "queries_fixture.ttl"  # 9 entities, 2 documents, 14 relation triples, 15 statements

# neo4j-admin database import, "CSV header format": each field is <name>:<field_type>; a property type is
# one of these, an array type appends []; a field with no type is a string property; ID (with an optional
# id space in brackets), LABEL, START_ID, END_ID, TYPE and IGNORE are keywords; arrays and several labels
# are split on ';' (the default --array-delimiter); booleans are true when the text is exactly "true".
TYPES = {"int", "long", "float", "double", "boolean", "byte", "short", "char", "string", "point", "date",
         "localtime", "time", "localdatetime", "datetime", "duration"}
FIELD = re.compile(r"^(?P<name>[^:]*)(?::(?P<type>[A-Za-z_]+)(?P<space>\([^)]*\))?(?P<array>\[\])?)?$")
KEYWORDS = {"ID", "LABEL", "START_ID", "END_ID", "TYPE", "IGNORE"}


def parse_header(header: list[str]) -> list[tuple[str, str, bool]]:
    """Return (name, type or keyword, is_array) per field; fail on anything the importer would refuse."""
    fields = []
    for raw in header:
        match = FIELD.match(raw)
        assert match, f"header field {raw!r} is not <name>:<field_type>"
        kind = match["type"] or "string"
        assert kind in TYPES or kind in KEYWORDS, f"unknown field type in {raw!r}"
        assert not match["space"] or kind in {"ID", "START_ID", "END_ID"}, raw
        assert not match["array"] or kind in TYPES, raw
        if kind not in KEYWORDS:
            assert match["name"], f"a property field needs a name: {raw!r}"
        fields.append((match["name"], kind, bool(match["array"])))
    return fields


def read_csv(path: Path) -> tuple[list[tuple[str, str, bool]], list[dict[str, str]]]:
    """Read an export file the way the importer does, checking every value against its header type."""
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    fields = parse_header(rows[0])
    out = []
    for row in rows[1:]:
        assert len(row) == len(fields), f"{path.name}: {row}"
        for (name, kind, array), value in zip(fields, row):
            assert "\n" not in value and "\r" not in value, "the importer reads no line breaks in a field by default"
            for item in (value.split(";") if array and value else [value] if value else []):
                if kind in {"int", "long", "short", "byte"}:
                    int(item)
                elif kind in {"float", "double"}:
                    float(item)
                elif kind == "boolean":
                    assert item in {"true", "false"}
        out.append(dict(zip(rows[0], row)))
    return fields, out


@pytest.fixture(scope="module")
def neo4j(tmp_path_factory):
    folder = tmp_path_factory.mktemp("neo4j") / "export"
    result = CliRunner().invoke(app, ["export", "--format", "neo4j", "--graph", str(FIXTURE), "--out", str(folder)])
    assert result.exit_code == 0, result.output
    return folder


def test_formats_neo4j_node_files_follow_the_header_rules(neo4j):
    assert sorted(p.name for p in neo4j.iterdir()) == ["documents.csv", "load.cypher", "mentioned_in.csv",
                                                        "nodes.csv", "relationships.csv"]
    for name in ("nodes.csv", "documents.csv"):
        fields, _ = read_csv(neo4j / name)
        kinds = Counter(kind for _, kind, _ in fields)
        assert kinds["ID"] == 1 and kinds["LABEL"] == 1 and not kinds["START_ID"] and not kinds["TYPE"]
    for name in ("relationships.csv", "mentioned_in.csv"):
        fields, _ = read_csv(neo4j / name)
        kinds = Counter(kind for _, kind, _ in fields)
        assert kinds["START_ID"] == kinds["END_ID"] == kinds["TYPE"] == 1 and not kinds["ID"] and not kinds["LABEL"]


def test_formats_neo4j_rows_match_the_graph(neo4j):
    g = load(FIXTURE)
    _, nodes = read_csv(neo4j / "nodes.csv")
    _, documents = read_csv(neo4j / "documents.csv")
    _, relationships = read_csv(neo4j / "relationships.csv")
    _, mentioned = read_csv(neo4j / "mentioned_in.csv")
    entities = set(g.subjects(RDF.type, KG.Person)) | set(g.subjects(RDF.type, KG.Organization))
    assert {r["id:ID"] for r in nodes} == {str(e) for e in entities} and len(nodes) == len(entities) == 9
    assert len(documents) == len(set(g.subjects(RDF.type, KG.Document))) == 2
    triples = {(s, p, o) for p in RELATIONS for s, o in g.subject_objects(p)}
    assert len(relationships) == len(triples) == 14
    assert sum(int(r["statements:int"]) for r in relationships) == len(set(g.subjects(RDF.type, RDF.Statement))) == 15
    ids = [r["id:ID"] for r in nodes + documents]
    assert len(ids) == len(set(ids)), "IDs are unique across node files (one id space)"
    assert all(r[":START_ID"] in ids and r[":END_ID"] in ids for r in relationships + mentioned)
    assert {r[":TYPE"] for r in relationships} == {relationship_type(str(p).rsplit("#", 1)[1]) for _, p, _ in triples}
    mentor = next(r for r in relationships if r[":TYPE"] == "MENTOR_OF" and r[":START_ID"].endswith("/tanaka"))
    assert (mentor["statements:int"], mentor["documents:int"], mentor["confidence:double"]) == ("2", "2", "0.99")
    assert mentor["evidence:string[]"].split(";") == ["田中太郎は佐藤花子を育てた師匠だ。", "田中太郎は佐藤花子の師匠として指導した。"]
    sato = next(r for r in nodes if r["id:ID"].endswith("/sato"))
    assert sato[":LABEL"] == "Entity;Person" and sato["aliases:string[]"] == "佐藤" and sato["documents:int"] == "2"
    assert len(mentioned) == sum(1 for e in entities for _ in g.objects(e, KG.mentionCount)) + 2  # two in both


def test_formats_neo4j_cypher_reads_every_column(neo4j):
    script = (neo4j / "load.cypher").read_text(encoding="utf-8")
    for name in ("nodes.csv", "documents.csv", "relationships.csv", "mentioned_in.csv"):
        assert f"'file:///{name}'" in script
        header = next(csv.reader((neo4j / name).open(encoding="utf-8")))
        for column in header:
            if column not in {":LABEL", ":TYPE"}:
                assert f"row.`{column}`" in script or f"row.{column}" in script, (name, column)
    _, relationships = read_csv(neo4j / "relationships.csv")
    for rel_type in {r[":TYPE"] for r in relationships}:
        assert f"WITH row WHERE row.`:TYPE` = '{rel_type}'" in script and f"MERGE (a)-[r:{rel_type}]->(b)" in script
    assert script.count(";\n") == 2 + 1 + 1 + 1 + len({r[":TYPE"] for r in relationships})  # one per statement


def test_formats_gexf_reads_back_with_networkx(tmp_path):
    out = tmp_path / "graph.gexf"
    result = CliRunner().invoke(app, ["export", "-f", "gexf", "--graph", str(FIXTURE), "--out", str(out)])
    assert result.exit_code == 0, result.output
    back = nx.read_gexf(out)
    assert back.number_of_nodes() == 9 and back.number_of_edges() == 14
    sato = back.nodes["https://w3id.org/kg-ja/id/entity/sato"]
    assert (sato["label"], sato["type"], sato["subtype"], sato["documents"]) == ("佐藤花子", "Person", "Person", 2)
    midori = back.nodes["https://w3id.org/kg-ja/id/entity/midori"]
    assert (midori["type"], midori["subtype"]) == ("Organization", "Company")
    mentor = [d for s, o, d in back.edges(data=True) if d["relation"] == "mentorOf" and s.endswith("/tanaka")]
    assert len(mentor) == 1 and (mentor[0]["statements"], mentor[0]["documents"], mentor[0]["weight"]) == (2, 2, 2.0)
    assert mentor[0]["label"] == "師弟" and mentor[0]["conflict"] is False
    again = tmp_path / "again.gexf"
    CliRunner().invoke(app, ["export", "-f", "gexf", "--graph", str(FIXTURE), "--out", str(again)])
    assert again.read_bytes() == out.read_bytes()  # no date stamp: the same graph gives the same bytes


@pytest.mark.model
def test_formats_gexf_of_a_build_carries_centrality(tiny_build, tmp_path):
    out = tmp_path / "tiny.gexf"
    result = CliRunner().invoke(app, ["export", "-f", "gexf", "--graph", str(tiny_build[1] / "graph.ttl"),
                                      "--out", str(out)])
    assert result.exit_code == 0, result.output
    back = nx.read_gexf(out)
    g = load(tiny_build[1] / "graph.ttl")
    assert back.number_of_nodes() == len(set(g.subjects(KG.pagerank, None)))
    for _, data in back.nodes(data=True):
        assert {"pagerank", "betweenness", "degree", "community", "closeness", "eigenvector"} <= data.keys()
        assert isinstance(data["pagerank"], float) and isinstance(data["degree"], int)


@pytest.mark.parametrize("fmt, parse_as", [("jsonld", "json-ld"), ("nt", "nt")])
def test_formats_rdf_exports_round_trip(tmp_path, fmt, parse_as):
    out = tmp_path / f"graph.{fmt}"
    result = CliRunner().invoke(app, ["export", "-f", fmt, "--graph", str(FIXTURE), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert isomorphic(Graph().parse(out, format=parse_as), load(FIXTURE))
    if fmt == "nt":
        lines = out.read_text(encoding="utf-8").splitlines()
        assert lines == sorted(lines) and len(lines) == len(load(FIXTURE))


def test_formats_bad_targets_are_one_line_errors(tmp_path):
    file = tmp_path / "file.csv"
    file.write_text("x", encoding="utf-8")
    folder = CliRunner().invoke(app, ["export", "-f", "neo4j", "--graph", str(FIXTURE), "--out", str(file)])
    assert folder.exit_code == 1 and "is not a folder" in folder.output
    directory = CliRunner().invoke(app, ["export", "-f", "gexf", "--graph", str(FIXTURE), "--out", str(tmp_path)])
    assert directory.exit_code == 1 and "is a folder" in directory.output
    unknown = CliRunner().invoke(app, ["export", "-f", "graphml", "--graph", str(FIXTURE), "--out", str(file)])
    assert unknown.exit_code == 2
    missing = CliRunner().invoke(app, ["export", "-f", "nt", "--graph", str(tmp_path / "no.ttl"), "--out", str(file)])
    assert missing.exit_code == 1 and "run 'kg build' first" in missing.output

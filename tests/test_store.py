"""The on-disk Oxigraph store: same answers as rdflib for every shipped query, cached per graph version."""

from __future__ import annotations

import shutil

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.errors import GraphNotFound, QueryError
from kg.rdf.query import open_graph, prepare, run_query, shipped_queries
from kg.rdf.store import ensure_store, open_store, store_dir_for

from conftest import DATA
from test_queries import EXPECTED

FIXTURE = DATA / "queries_fixture.ttl"

# Parameters for the seed graph (names from tests/gold/seed.json).
SEED_PARAMS = {
    "mentors": {"person": "サム・アルトマン"},
    "investors": {"org": "Loopt"},
    "founders_and_board": {"org": "OpenAI"},
    "two_hops": {"org": "Y Combinator"},
    "evidence": {"a": "ポール・グラハム", "b": "サム・アルトマン"},
    "timeline": {"person": "サム・アルトマン"},
    "top_investors": {},
    "corroborated": {},
}


@pytest.fixture()
def fixture_copy(tmp_path):
    path = tmp_path / "graph.ttl"
    shutil.copy(FIXTURE, path)
    return path


@pytest.fixture(scope="module")
def both_fixture(tmp_path_factory):
    path = tmp_path_factory.mktemp("fx") / "graph.ttl"
    shutil.copy(FIXTURE, path)
    return open_graph(path, "rdflib"), open_store(path)


@pytest.fixture(scope="module")
def both_seed(seed_build, tmp_path_factory):
    path = seed_build[1] / "graph.ttl"
    return open_graph(path, "rdflib"), open_store(path, tmp_path_factory.mktemp("seedstore"))


def test_store_every_shipped_query_has_seed_parameters():
    assert set(SEED_PARAMS) == set(shipped_queries())


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_store_same_answers_as_rdflib_on_fixture(both_fixture, name):
    rdflib_graph, oxigraph_store = both_fixture
    query = prepare(name, EXPECTED[name][0])
    expected = run_query(rdflib_graph, query)
    assert expected[1], "the fixture answer is empty: the comparison would prove nothing"
    assert run_query(oxigraph_store, query) == expected


@pytest.mark.parametrize("name", sorted(SEED_PARAMS))
def test_store_same_answers_as_rdflib_on_seed(both_seed, name):
    rdflib_graph, oxigraph_store = both_seed
    query = prepare(name, SEED_PARAMS[name])
    assert run_query(oxigraph_store, query) == run_query(rdflib_graph, query)


def test_store_ask_and_construct_match_rdflib(both_fixture):
    rdflib_graph, oxigraph_store = both_fixture
    for query in ("ASK { ?x kgo:acquired ?y }", "ASK { ?x kgo:siblingOf ?y }",
                  "CONSTRUCT { ?a kgo:menteeOf ?b } WHERE { ?b kgo:mentorOf ?a }"):
        assert run_query(oxigraph_store, query) == run_query(rdflib_graph, query)


def test_store_is_reused_until_the_graph_changes(fixture_copy):
    first = ensure_store(fixture_copy)
    assert first == store_dir_for(fixture_copy) and first.is_dir()
    marker = first / "kg-test-marker"
    marker.write_text("x")
    assert ensure_store(fixture_copy) == first and marker.exists()  # not reloaded
    fixture_copy.write_text(fixture_copy.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    second = ensure_store(fixture_copy)
    assert second != first and second.is_dir() and not first.exists()


def test_store_two_readers_at_once(fixture_copy):
    a, b = open_store(fixture_copy), open_store(fixture_copy)
    q = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    assert run_query(a, q) == run_query(b, q)


def test_store_invalid_graph_leaves_no_store(tmp_path):
    bad = tmp_path / "graph.ttl"
    bad.write_text("<a> <b> .\n", encoding="utf-8")
    with pytest.raises(GraphNotFound, match="cannot load into Oxigraph"):
        ensure_store(bad)
    assert not any((tmp_path / ".kg-store").iterdir())


def test_store_missing_graph(tmp_path):
    with pytest.raises(GraphNotFound, match="run 'kg build' first"):
        open_store(tmp_path / "graph.ttl")


def test_store_syntax_error_names_line_and_column(both_fixture):
    # Oxigraph points at the unexpected "}" on line 4 (rdflib at the start of the FILTER on line 3).
    with pytest.raises(QueryError, match=r"SPARQL syntax error at line 4, column 2: expected"):
        run_query(both_fixture[1], "SELECT ?x WHERE {\n  ?x a kgo:Person\n  FILTER(\n}")


def test_store_refuses_updates_even_when_allowed(both_fixture):
    with pytest.raises(QueryError, match="Oxigraph store"):
        run_query(both_fixture[1], "DELETE WHERE { ?s ?p ?o }", allow_update=True)


def test_store_cli_flag_gives_the_same_output(fixture_copy):
    args = ["query", "timeline", "--graph", str(fixture_copy), "-p", "person=佐藤花子", "--format", "csv"]
    on_rdflib = CliRunner().invoke(app, args)
    on_oxigraph = CliRunner().invoke(app, args + ["--store", "oxigraph"])
    assert on_rdflib.exit_code == on_oxigraph.exit_code == 0, on_oxigraph.output
    assert on_oxigraph.output == on_rdflib.output
    assert len(on_rdflib.output.splitlines()) == 8  # the header and the seven statements about 佐藤花子

"""Shipped SPARQL queries: exact answers on a hand-built graph, sanity answers on the seed graph; kg query."""

from __future__ import annotations

import json

import pytest
from rich.cells import cell_len
from typer.testing import CliRunner

from kg.cli import app
from kg.errors import QueryError
from kg.present.views import _py, sparql
from kg.rdf.graph import load
from kg.rdf.query import prepare, required_params, run_query, shipped_queries

from conftest import DATA

FIXTURE = DATA / "queries_fixture.ttl"

# Every shipped query, its parameters on the fixture, and its exact answer there.
EXPECTED: dict[str, tuple[dict[str, str], list[tuple]]] = {
    # 田中太郎's mentorship is stated by both fixture documents.
    "mentors": ({"person": "佐藤花子"}, [
        ("山田次郎", 1, 1, "山田次郎も佐藤花子のメンターだった。"),
        ("田中太郎", 2, 2, "田中太郎は佐藤花子の師匠として指導した。"),
    ]),
    "investors": ({"org": "ミドリ商事"}, [
        ("アオゾラ・キャピタル", "Organization", "2007", 1, 1),
        ("田中太郎", "Person", "2006", 1, 1),
    ]),
    "founders_and_board": ({"org": "ミドリ商事"}, [
        ("佐藤花子", "CEO", 1, 1, "佐藤花子はミドリ商事の社長である。"),
        ("鈴木一郎", "board member", 1, 1, "鈴木一郎は2010年にミドリ商事の社外取締役に就いた。"),
        ("佐藤花子", "founder", 1, 1, "佐藤花子は2005年に山田次郎とミドリ商事を共同設立した。"),
        ("山田次郎", "founder", 1, 1, "佐藤花子は2005年に山田次郎とミドリ商事を共同設立した。"),
    ]),
    "corroborated": ({}, [
        ("田中太郎", "mentorOf", "佐藤花子", 2, 2, 0.99),
    ]),
    "two_hops": ({"org": "ミドリ商事"}, [
        ("アオゾラ・キャピタル", "Organization", 1, None),
        ("ホシ・ラボ", "Organization", 1, None),
        ("佐藤花子", "Person", 1, None),
        ("山田次郎", "Person", 1, None),
        ("田中太郎", "Person", 1, None),
        ("鈴木一郎", "Person", 1, None),
        ("ヒカリ大学", "Organization", 2, "佐藤花子"),
        ("風間健", "Person", 2, "ホシ・ラボ"),
    ]),
    # The spouse statement is stored as 佐藤花子 → 鈴木一郎; asking the other way round still finds it.
    "evidence": ({"a": "鈴木一郎", "b": "佐藤花子"}, [
        ("佐藤花子", "spouseOf", "鈴木一郎", "佐藤花子の夫は鈴木一郎である。", 265, 280, 0.9,
         "tests/data/queries_fixture.txt"),
    ]),
    "timeline": ({"person": "佐藤花子"}, [
        ("1999", "alumniOf", "→", "ヒカリ大学", "佐藤花子は1999年にヒカリ大学を卒業した。"),
        ("2001", "mentorOf", "←", "田中太郎", "田中太郎は佐藤花子の師匠として指導した。"),
        ("2005", "founderOf", "→", "ミドリ商事", "佐藤花子は2005年に山田次郎とミドリ商事を共同設立した。"),
        ("", "mentorOf", "←", "田中太郎", "田中太郎は佐藤花子を育てた師匠だ。"),
        ("", "mentorOf", "←", "山田次郎", "山田次郎も佐藤花子のメンターだった。"),
        ("", "ceoOf", "→", "ミドリ商事", "佐藤花子はミドリ商事の社長である。"),
        ("", "spouseOf", "→", "鈴木一郎", "佐藤花子の夫は鈴木一郎である。"),
    ]),
    "top_investors": ({}, [
        ("田中太郎", "Person", 2, 3),
        ("アオゾラ・キャピタル", "Organization", 2, 2),
    ]),
}


@pytest.fixture(scope="module")
def fixture_graph():
    return load(FIXTURE)


def _rows(g, name: str, params: dict[str, str]) -> list[tuple]:
    _columns, rows = run_query(g, prepare(name, params))
    return [tuple(_py(v) for v in row) for row in rows]


def _column(g, name: str, params: dict[str, str], column: str) -> list:
    columns, rows = run_query(g, prepare(name, params))
    i = columns.index(column)
    return [_py(row[i]) for row in rows]


def test_queries_every_shipped_query_has_an_expected_answer():
    assert set(shipped_queries()) == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_queries_exact_answer_on_fixture(fixture_graph, name):
    params, expected = EXPECTED[name]
    assert _rows(fixture_graph, name, params) == expected


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_queries_declare_their_parameters(name):
    assert sorted(required_params(shipped_queries()[name])) == sorted(EXPECTED[name][0])


def test_queries_alias_finds_the_same_entity(fixture_graph):
    assert _rows(fixture_graph, "mentors", {"person": "佐藤"}) == EXPECTED["mentors"][1]


def test_queries_unknown_name_gives_no_rows(fixture_graph):
    assert _rows(fixture_graph, "mentors", {"person": "存在しない人"}) == []


def test_queries_parameter_with_quotes_is_escaped(fixture_graph):
    assert _rows(fixture_graph, "mentors", {"person": 'x" } ; DROP ALL ; {'}) == []


def test_queries_missing_parameter_is_an_error():
    with pytest.raises(QueryError, match="--param person=VALUE"):
        prepare("mentors", {})


def test_queries_unknown_parameter_is_an_error():
    with pytest.raises(QueryError, match=r"no \$persn placeholder"):
        prepare("mentors", {"person": "x", "persn": "y"})


# ---- the seed graph: robust facts of tests/gold/seed.json ------------------------------------------------

def test_queries_seed_mentors_of_altman(seed_graph):
    assert "ポール・グラハム" in _column(seed_graph, "mentors", {"person": "サム・アルトマン"}, "mentor")


def test_queries_seed_investors_in_loopt(seed_graph):
    # 「Looptは、ポール・グラハムから投資された6,000ドル…」
    assert "ポール・グラハム" in _column(seed_graph, "investors", {"org": "Loopt"}, "investor")


def test_queries_seed_founders_of_openai(seed_graph):
    # 「サムとマスクは投資家とエンジニアのコレクティブを集めてOpenAIを創設しました」
    rows = _rows(seed_graph, "founders_and_board", {"org": "OpenAI"})
    assert ("サム・アルトマン", "founder") in [(r[0], r[1]) for r in rows]


def test_queries_seed_two_hops_of_y_combinator(seed_graph):
    # 「Y CombinatorのCEOとして指名された」 links サム・アルトマン directly; his mentor is one hop further.
    rows = {r[0]: r[2] for r in _rows(seed_graph, "two_hops", {"org": "Y Combinator"})}
    assert rows.get("サム・アルトマン") == 1
    assert rows.get("ポール・グラハム") in {1, 2}


def test_queries_seed_evidence_graham_altman(seed_graph):
    rows = _rows(seed_graph, "evidence", {"a": "ポール・グラハム", "b": "サム・アルトマン"})
    assert ("ポール・グラハム", "mentorOf", "サム・アルトマン") in [r[:3] for r in rows]
    assert all(r[3] for r in rows)


def test_queries_seed_timeline_of_altman(seed_graph):
    rows = _rows(seed_graph, "timeline", {"person": "サム・アルトマン"})
    dated = [r[0] for r in rows if r[0]]
    assert dated == sorted(dated)
    assert ("founderOf", "→", "Loopt") in [r[1:4] for r in rows]


def test_queries_seed_top_investors(seed_graph):
    assert "ポール・グラハム" in _column(seed_graph, "top_investors", {}, "investor")


# ---- kg query and the notebook API --------------------------------------------------------------------

def test_query_cli_shipped_name_json():
    result = CliRunner().invoke(app, ["query", "mentors", "--graph", str(FIXTURE), "-p", "person=佐藤花子",
                                      "--format", "json"])
    assert result.exit_code == 0, result.output
    assert [r["mentor"] for r in json.loads(result.output)] == ["山田次郎", "田中太郎"]


def test_query_cli_rq_file_csv(tmp_path):
    rq = tmp_path / "people.rq"
    rq.write_text("SELECT ?name WHERE { ?p a kgo:Person ; rdfs:label ?name } ORDER BY ?name\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["query", str(rq), "--graph", str(FIXTURE), "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == ["name", "佐藤花子", "山田次郎", "田中太郎", "鈴木一郎", "風間健"]


def test_query_cli_table_is_aligned():
    result = CliRunner().invoke(app, ["query", "top_investors", "--graph", str(FIXTURE)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["investor", "type", "investments", "connections"]
    assert lines[-1] == "(2 rows)"
    # Columns line up on screen: Japanese characters take two cells.
    assert cell_len(lines[1][:lines[1].index("Person")]) == cell_len(lines[0][:lines[0].index("type")])


def test_query_cli_syntax_error_names_line_and_column():
    result = CliRunner().invoke(app, ["query", "SELECT ?x WHERE {\n  ?x a kgo:Person\n  FILTER(\n}",
                                      "--graph", str(FIXTURE)])
    assert result.exit_code == 1
    assert "SPARQL syntax error at line 3, column" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_query_cli_update_refused_unless_allowed():
    update = "DELETE WHERE { ?s kgo:mentorOf ?o }"
    refused = CliRunner().invoke(app, ["query", update, "--graph", str(FIXTURE)])
    assert refused.exit_code == 1 and "read-only" in refused.output
    allowed = CliRunner().invoke(app, ["query", update, "--graph", str(FIXTURE), "--allow-update"])
    assert allowed.exit_code == 0, allowed.output
    assert "kgo:mentorOf" in FIXTURE.read_text(encoding="utf-8")  # memory only: the file is untouched


def test_query_cli_missing_graph_is_one_line():
    result = CliRunner().invoke(app, ["query", "top_investors", "--graph", "/nonexistent/graph.ttl"])
    assert result.exit_code == 1
    assert "run 'kg build' first" in result.output


def test_query_prefixes_are_prebound(fixture_graph):
    query = "ASK { ?d a kgo:Document ; dcterms:title ?t ; prov:wasDerivedFrom* ?d . ?s skos:altLabel ?a }"
    columns, rows = run_query(fixture_graph, query)
    assert rows == [(True,)]


def test_views_sparql_returns_dataframe_from_path():
    df = sparql(FIXTURE, "investors", org="ミドリ商事")
    assert list(df.columns) == ["investor", "type", "since", "statements", "documents"]
    assert df["investor"].tolist() == ["アオゾラ・キャピタル", "田中太郎"]
    assert df["statements"].tolist() == [1, 1]


def test_views_sparql_numbers_are_numbers(fixture_graph):
    df = sparql(fixture_graph, "SELECT ?c WHERE { ?s kgo:confidence ?c } LIMIT 1")
    assert isinstance(df["c"].iloc[0], float) and df["c"].iloc[0] == pytest.approx(0.9)


def test_queries_investors_undated_since_is_empty():
    """Regression: rdflib turned MIN(STR(unbound)) into the string "None"."""
    from kg.vocab import KG

    g = load(FIXTURE)
    g.remove((None, KG.date, None))
    assert _rows(g, "investors", {"org": "ミドリ商事"}) == [
        ("アオゾラ・キャピタル", "Organization", None, 1, 1), ("田中太郎", "Person", None, 1, 1)]

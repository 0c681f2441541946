"""The shipped notebooks execute without error (nbclient, the venv's python3 kernel) against real graphs."""

from __future__ import annotations

import json

import nbformat
import pytest

from conftest import ROOT
from kg.errors import KGError
from kg.model import Document, Entity, Relation, Source
from kg.present import analysis, export, notebooks
from kg.present.views import to_networkx
from kg.rdf.graph import build_graph
from kg.rdf.query import shipped_queries
from kg.vocab import KG

NOTEBOOKS = ROOT / "notebooks"

# A fictional network with dated and undated statements: two groups (a school/lab circle and a fund
# circle) joined by 田中一郎, so every branch of the notebooks (paths, communities, time) has data.
PEOPLE = ["田中一郎", "佐藤花子", "鈴木健", "高橋誠", "伊藤美咲"]
ORGS = ["青空テック", "山川ベンチャーズ", "東都大学", "北斗ロボティクス", "海風ファンド"]
FACTS = [
    ("田中一郎", KG.alumniOf, "東都大学", "1998"), ("佐藤花子", KG.alumniOf, "東都大学", "1999"),
    ("田中一郎", KG.founderOf, "青空テック", "2003"), ("佐藤花子", KG.employeeOf, "青空テック", "2004"),
    ("鈴木健", KG.mentorOf, "田中一郎", None), ("山川ベンチャーズ", KG.investedIn, "青空テック", "2005"),
    ("高橋誠", KG.ceoOf, "山川ベンチャーズ", "2006"), ("高橋誠", KG.investedIn, "北斗ロボティクス", "2008"),
    ("海風ファンド", KG.investedIn, "北斗ロボティクス", "2009"), ("伊藤美咲", KG.founderOf, "北斗ロボティクス", "2007"),
    ("田中一郎", KG.boardMemberOf, "北斗ロボティクス", "2010"), ("伊藤美咲", KG.executiveOf, "海風ファンド", None),
]


@pytest.fixture(scope="module")
def fictional_graph(tmp_path_factory):
    """Write the fictional network as graph.ttl with centrality, the way kg build does."""
    text = "".join(f"{s}と{o}の関係。" for s, _, o, _ in FACTS)
    doc = Document(doc_id="0" * 16, path="fictional.txt", text=text, title="fictional", encoding="utf-8")
    entities = [Entity(key=name, kind=KG.Person if name in PEOPLE else KG.Organization, name=name, aliases=(),
                       mentions=()) for name in PEOPLE + ORGS]
    rels, at = [], 0
    for s, p, o, date in FACTS:
        sentence = f"{s}と{o}の関係。"
        rels.append(Relation(subject=s, predicate=p, object=o, date=date,
                             source=Source(doc.doc_id, at, at + len(sentence), sentence, "test")))
        at += len(sentence)
    g = build_graph([doc], entities, rels)
    analysis.add_centrality(g, to_networkx(g))
    out = tmp_path_factory.mktemp("fictional") / "graph.ttl"
    export.write_turtle(g, out)
    return out


def _outputs(nb) -> str:
    return json.dumps([cell.get("outputs", []) for cell in nb.cells], ensure_ascii=False)


def test_notebooks_shipped_and_stripped():
    names = [p.name for p in notebooks.notebook_paths(NOTEBOOKS)]
    assert names == ["centrality.ipynb", "sparql.ipynb"]
    for path in notebooks.notebook_paths(NOTEBOOKS):
        nb = nbformat.read(path, as_version=4)
        nbformat.validate(nb)
        assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code"), f"{path}: outputs in git"
        assert not any("sys.path" in c.source for c in nb.cells)


@pytest.mark.model
@pytest.mark.parametrize("name", ["centrality.ipynb", "sparql.ipynb"])
def test_notebooks_run_on_seed_graph(seed_build, name):
    _, out = seed_build
    nb = notebooks.execute(NOTEBOOKS / name, out / "graph.ttl", timeout=300)
    text = _outputs(nb)
    assert str((out / "graph.ttl").resolve()) in text  # it analysed the graph it was given, not output/
    assert '"output_type": "error"' not in text


def test_notebooks_centrality_on_fictional_network(tmp_path, fictional_graph):
    path = tmp_path / "centrality.ipynb"
    path.write_bytes((NOTEBOOKS / "centrality.ipynb").read_bytes())
    assert notebooks.main([str(path), "--graph", str(fictional_graph), "--write"]) == 0
    text = _outputs(nbformat.read(path, as_version=4))
    assert "10 entities, 12 relation statements" in text
    # the bar charts, the community drawing, the ego network and the lines over time
    assert text.count("image/png") == 4
    assert "Best bridge: 田中一郎" in text
    # {田中, 青空, 佐藤, 東都, 鈴木}, {北斗, 伊藤, 海風}, {山川, 高橋}: Q = 9/12 - (12² + 8² + 4²)/24² = 0.361
    assert "3 communities (0 of a single entity), modularity 0.361" in text
    assert notebooks.main([str(path), "--strip"]) == 0
    stripped = nbformat.read(path, as_version=4)
    assert stripped.cells == nbformat.read(NOTEBOOKS / "centrality.ipynb", as_version=4).cells


def test_notebooks_sparql_on_fictional_network(fictional_graph):
    nb = notebooks.execute(NOTEBOOKS / "sparql.ipynb", fictional_graph, timeout=300)
    text = _outputs(nb)
    for name in shipped_queries():  # every shipped query ran, with parameters picked from the graph
        assert f"### `{name}`" in text
    assert "{'person': '田中一郎', 'org': '北斗ロボティクス', 'a': '田中一郎', 'b': '北斗ロボティクス'}" in text
    if "timeline" in shipped_queries():
        assert "### `timeline` (person=田中一郎): 4 rows" in text
    # the most central investors come out of kgo:pagerank, written by add_centrality
    assert "高橋誠" in text and "海風ファンド" in text and "山川ベンチャーズ" in text


def test_notebooks_failing_cell_is_reported(tmp_path):
    nb = nbformat.v4.new_notebook(metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                           "language": "python"}})
    nb.cells = [nbformat.v4.new_code_cell("x = 1"), nbformat.v4.new_code_cell("1 / 0")]
    path = tmp_path / "broken.ipynb"
    nbformat.write(nb, path)
    with pytest.raises(KGError, match=r"broken.ipynb: cell 2 failed: ZeroDivisionError"):
        notebooks.execute(path)

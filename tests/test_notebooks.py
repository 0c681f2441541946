"""The shipped notebooks execute without error (nbclient, the venv's python3 kernel) against real graphs."""

from __future__ import annotations

import base64
import copy
import io
import json

import nbformat
import pytest
from conftest import ROOT, SEEDS

from kg.errors import KGError
from kg.ingest.documents import scan
from kg.model import Document, Entity, Relation, Source
from kg.present import analysis, export, notebooks
from kg.present.views import to_networkx
from kg.rdf.graph import build_graph
from kg.rdf.query import shipped_queries
from kg.vocab import KG

NOTEBOOKS = ROOT / "notebooks"

# A fictional network with dated and undated statements: two groups (a school/lab circle and a fund
# circle) joined by 田中一郎, so every branch of the notebooks (paths, communities, time) has data.
PEOPLE = ["田中一郎", "佐藤花子", "鈴木勇", "高橋誠", "伊藤美咲"]
ORGS = ["青空テック", "山川ベンチャーズ", "東都大学", "北斗ロボティクス", "海風ファンド"]
FACTS = [
    ("田中一郎", KG.alumniOf, "東都大学", "1998"), ("佐藤花子", KG.alumniOf, "東都大学", "1999"),
    ("田中一郎", KG.founderOf, "青空テック", "2003"), ("佐藤花子", KG.employeeOf, "青空テック", "2004"),
    ("鈴木勇", KG.mentorOf, "田中一郎", None), ("山川ベンチャーズ", KG.investedIn, "青空テック", "2005"),
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


def _committed(path):
    return nbformat.read(path, as_version=4)


def test_notebooks_shipped_with_outputs():
    assert [p.name for p in notebooks.notebook_paths(NOTEBOOKS)] == ["centrality.ipynb", "sparql.ipynb"]
    for path in notebooks.notebook_paths(NOTEBOOKS):
        nb = _committed(path)
        nbformat.validate(nb)
        code = [c for c in nb.cells if c.cell_type == "code"]
        assert [c.execution_count for c in code] == list(range(1, len(code) + 1)), f"{path}: not run in order"
        outputs = _outputs(nb)
        assert '"output_type": "error"' not in outputs and '"name": "stderr"' not in outputs
        assert str(ROOT) not in outputs and "/tmp/" not in outputs  # no path of the machine that ran it
        assert not any("sys.path" in c.source for c in nb.cells)
        # already normalised: what make notebooks writes is what normalise leaves alone
        assert notebooks.normalise(copy.deepcopy(nb)) == nb
    centrality = _outputs(_committed(NOTEBOOKS / "centrality.ipynb"))
    # bars, investment and board ties, communities, ego network, growth, degree over time
    assert centrality.count('"image/png"') == 6
    sparql = _outputs(_committed(NOTEBOOKS / "sparql.ipynb"))
    assert sparql.count('"text/html"') >= len(shipped_queries())  # a table per shipped query at least
    for text in (centrality, sparql):  # they ran on the corpus graph, named by its relative path
        assert "../output/corpus/graph.ttl: " in text


def test_notebooks_corpus_outside_seeds_with_attribution():
    corpus = ROOT / "corpora" / "wiki-ja"
    texts = sorted((corpus / "texts").glob("*.txt"))
    assert len(texts) == 8
    # kg build searches folders recursively: the seed build (make graph) must not read the corpus
    assert all(SEEDS in p.resolve().parents for p in scan([SEEDS], [".txt", ".md", ".html"]).files)
    assert scan([corpus / "texts"], [".txt", ".md", ".html"]).files == texts  # make corpus: texts only
    readme = (corpus / "README.md").read_text(encoding="utf-8")
    for needed in ("CC BY-SA 3.0", "https://creativecommons.org/licenses/by-sa/3.0/", "Wikipedia contributors",
                   "excerpts"):
        assert needed in readme
    for text in texts:  # each text has its source row: file, article page, export revision
        row = next(line for line in readme.splitlines() if f"`texts/{text.name}`" in line)
        assert "https://ja.wikipedia.org/wiki/" in row and " @ " in row


def _png(**metadata) -> bytes:
    from matplotlib.figure import Figure

    fig = Figure(figsize=(1, 1))
    fig.subplots().plot([0, 1], [1, 0])
    out = io.BytesIO()
    fig.savefig(out, format="png", metadata=metadata)
    return out.getvalue()


def test_notebooks_normalise_strips_volatile_fields_and_is_idempotent():
    png = _png(Software="writer 1.0", **{"Creation Time": "2026-01-01T00:00:00"})
    assert b"tEXt" in png
    nb = nbformat.v4.new_notebook(metadata={"kernelspec": {"name": "python3", "display_name": "Python 3 (venv)",
                                                           "language": "python"},
                                            "language_info": {"name": "python", "version": "3.11.7"}})
    nb.cells = [nbformat.v4.new_markdown_cell("# t"), nbformat.v4.new_code_cell("x = 1", execution_count=7),
                nbformat.v4.new_code_cell("x", execution_count=9,
                                          outputs=[nbformat.v4.new_output("execute_result", {"text/plain": "1"},
                                                                          execution_count=9),
                                                   nbformat.v4.new_output("display_data", {
                                                       "image/png": base64.b64encode(png).decode() + "\n"})])]
    for cell in nb.cells:
        cell.metadata["execution"] = {"iopub.status.busy": "2026-01-01T00:00:00.000001Z"}
    once = notebooks.normalise(copy.deepcopy(nb))
    assert once.metadata == notebooks.METADATA
    assert [c.get("execution_count") for c in once.cells] == [None, 1, 2]
    assert once.cells[2].outputs[0]["execution_count"] == 2
    assert all("execution" not in c.metadata for c in once.cells)
    image = once.cells[2].outputs[1]["data"]["image/png"]
    stripped = base64.b64decode(image)
    assert image.endswith("\n") and b"tEXt" not in stripped and b"writer 1.0" not in stripped
    assert stripped.startswith(b"\x89PNG") and stripped.endswith(png[-12:])  # IEND kept, the image intact
    assert len(png) - len(stripped) > 20
    assert notebooks.normalise(copy.deepcopy(once)) == once
    assert notebooks.strip_png_metadata(b"not a png") == b"not a png"


@pytest.mark.model
@pytest.mark.parametrize("name", ["centrality.ipynb", "sparql.ipynb"])
def test_notebooks_run_on_seed_graph(seed_build, name):
    _, out = seed_build
    nb = notebooks.execute(NOTEBOOKS / name, out / "graph.ttl", timeout=300)
    text = _outputs(nb)
    assert str((out / "graph.ttl").resolve()) in text  # it analysed the graph it was given, not output/
    assert '"output_type": "error"' not in text


def test_notebooks_centrality_on_fictional_network(tmp_path, fictional_graph, monkeypatch):
    monkeypatch.setenv("PYTHONHASHSEED", "1")  # the kernel's string hashing, and so set order
    path = tmp_path / "centrality.ipynb"
    path.write_bytes((NOTEBOOKS / "centrality.ipynb").read_bytes())
    assert notebooks.main([str(path), "--graph", str(fictional_graph), "--write"]) == 0
    first = path.read_bytes()
    text = _outputs(nbformat.read(path, as_version=4))
    assert "10 entities, 12 relation statements" in text
    assert text.count('"image/png"') == 6  # every chart drew
    assert "10 of 10 entities take part in a relation. They form 1 separate groups; the largest has 10" in text
    assert "Best bridge: 田中一郎" in text
    # {田中, 青空, 佐藤, 東都, 鈴木}, {北斗, 伊藤, 海風}, {山川, 高橋}: Q = 9/12 - (12² + 8² + 4²)/24² = 0.361
    assert "3 communities (0 of a single entity), modularity 0.361" in text
    # without 北斗ロボティクス, {伊藤, 海風} fall away from the other seven; the ties say which tie leads where
    assert "**北斗ロボティクス** holds together groups of 7 + 2 entities:" in text
    assert "6 entities, 4 investment and board statements" in text
    assert "10 of 12 distinct relations carry a date, from 1998 to 2010." in text
    # the same graph gives the same bytes, whatever the order of sets: make notebooks is deterministic
    monkeypatch.setenv("PYTHONHASHSEED", "2")
    assert notebooks.main([str(path), "--graph", str(fictional_graph), "--write"]) == 0
    assert path.read_bytes() == first
    assert notebooks.main([str(path), "--strip"]) == 0
    stripped = nbformat.read(path, as_version=4)
    assert stripped.cells == notebooks.strip(_committed(NOTEBOOKS / "centrality.ipynb")).cells


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

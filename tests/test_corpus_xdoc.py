"""A corpus of five short documents of our own (tests/data/corpus_xdoc), built as one graph with the real
model: one node per entity across documents, namesakes kept apart, support, conflicts, `kg explain`."""

from __future__ import annotations

import json

import pytest
from rdflib import RDF, RDFS, SKOS
from typer.testing import CliRunner

from kg.cli import app
from kg.present.conflicts import find_conflicts
from kg.present.views import to_networkx
from kg.rdf.graph import load
from kg.vocab import KG

from conftest import DATA, settings_for

CORPUS = DATA / "corpus_xdoc"
pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    from kg.build.pipeline import run

    out = tmp_path_factory.mktemp("xdoc") / "out"
    result = run(settings_for([CORPUS], out))
    return result, out, load(out / "graph.ttl")


def nodes_with(g, name: str) -> set:
    """Entity nodes carrying ``name`` as label or alias."""
    return {n for p in (RDFS.label, SKOS.altLabel) for n in g.subjects(p, None) if str(g.value(n, RDFS.label)) == name
            or any(str(a) == name for a in g.objects(n, p))}


def documents_of(g, node) -> set[str]:
    from rdflib.namespace import PROV

    return {str(g.value(d, KG.sourcePath)).rsplit("/", 1)[-1] for d in g.objects(node, PROV.wasDerivedFrom)}


def test_xdoc_one_node_for_a_company_named_four_ways(corpus):
    _, _, g = corpus
    # ミナト・ロボティクス株式会社 (略称 MRC) in a; Minato Robotics and MRC in b.
    (node,) = nodes_with(g, "Minato Robotics")
    assert nodes_with(g, "MRC") == nodes_with(g, "ミナト・ロボティクス株式会社") == {node}
    assert documents_of(g, node) == {"a_minato.txt", "b_minato_review.txt"}
    reasons = {str(r) for r in g.objects(node, KG.mergeReason)}
    assert any(r.startswith("corpus:alias:MRC→") for r in reasons)
    assert any(r.startswith("corpus:script:Minato Robotics~") for r in reasons)


def test_xdoc_old_kanji_form_is_the_same_person(corpus):
    _, _, g = corpus
    assert nodes_with(g, "齋藤誠") == nodes_with(g, "斎藤誠") and len(nodes_with(g, "齋藤誠")) == 1


def test_xdoc_namesakes_stay_apart(corpus):
    _, _, g = corpus
    (kenichi,), (misaki,) = nodes_with(g, "佐藤健一"), nodes_with(g, "佐藤美咲")
    assert kenichi != misaki
    assert documents_of(g, kenichi) == {"a_minato.txt", "b_minato_review.txt"}
    assert documents_of(g, misaki) == {"c_hayate.txt", "d_hoshino.txt"}
    # 佐藤氏 of the briefs is neither of them: a family name alone, with no shared context.
    alone = [n for n in nodes_with(g, "佐藤") if n not in {kenichi, misaki}]
    assert len(alone) == 1 and documents_of(g, alone[0]) == {"e_briefs.txt"}
    assert any(str(r).startswith("corpus-apart:佐藤") for r in g.objects(alone[0], KG.mergeReason))
    # HK is the abbreviation of two companies: each keeps its own, the HK of the briefs is a third node.
    hk = nodes_with(g, "HK")
    (hayate,), (hoshino,) = nodes_with(g, "ハヤテ工業"), nodes_with(g, "ホシノ交易")
    assert hayate != hoshino and {hayate, hoshino} < hk and len(hk) == 3


def test_xdoc_support_counts_documents(corpus):
    _, _, g = corpus
    (kenichi,), (toto,) = nodes_with(g, "佐藤健一"), nodes_with(g, "東都大学")
    (support,) = [s for s in g.subjects(RDF.subject, kenichi) if (s, RDF.type, KG.Support) in g
                  and g.value(s, RDF.predicate) == KG.alumniOf and g.value(s, RDF.object) == toto]
    assert (g.value(support, KG.statementCount).toPython(), g.value(support, KG.documentCount).toPython()) == (2, 2)
    rows = CliRunner().invoke(app, ["query", "corroborated", "--graph", str(corpus[1] / "graph.ttl"),
                                    "--format", "json"])
    row = next(r for r in json.loads(rows.output) if (r["subject"], r["object"]) == ("佐藤健一", "東都大学"))
    assert {"relation": "alumniOf", "documents": 2, "statements": 2}.items() <= row.items()


def test_xdoc_conflicts(corpus):
    _, _, g = corpus
    kinds = sorted(c.kind for c in find_conflicts(to_networkx(g)))
    assert kinds == ["founding-year", "mutual-acquisition", "two-ceos", "two-spouses"]


def test_xdoc_entities_jsonl_records_cross_document_merges(corpus):
    _, out, _ = corpus
    rows = [json.loads(line) for line in (out / "entities.jsonl").read_text(encoding="utf-8").splitlines()]
    minato = next(r for r in rows if "MRC" in r["aliases"])
    assert minato["documents"] == 2 and any(r.startswith("corpus:") for r in minato["reasons"])


def test_xdoc_explain_prints_why(corpus):
    path = str(corpus[1] / "graph.ttl")
    result = CliRunner().invoke(app, ["explain", "MRC", "--graph", path])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("Minato Robotics (Organization")
    assert "  mentions: " in result.output and "a_minato.txt, b_minato_review.txt" in result.output
    assert any(line.strip().startswith("corpus:alias:MRC→") for line in lines)
    namesake = CliRunner().invoke(app, ["explain", "佐藤", "--graph", path, "--format", "json"])
    found = json.loads(namesake.output)
    assert len(found) == 3  # 佐藤健一, 佐藤美咲 and the briefs' 佐藤 all carry the name
    alone = next(e for e in found if e["documents"] == ["e_briefs.txt"])
    assert alone["apart"] and len(alone["namesakes"]) == 2
    missing = CliRunner().invoke(app, ["explain", "存在しない名前", "--graph", path])
    assert missing.exit_code == 1 and "no entity named" in missing.output


def test_xdoc_eval_one_document(corpus, tmp_path):
    gold = tmp_path / "a.json"
    gold.write_text(json.dumps({"entities": [
        {"id": "kenichi", "type": "Person", "names": ["佐藤健一", "佐藤"]},
        {"id": "saito", "type": "Person", "names": ["齋藤誠"]},
        {"id": "minato", "type": "Organization", "names": ["ミナト・ロボティクス株式会社", "ミナト・ロボティクス", "MRC"]},
        {"id": "toto", "type": "Organization", "names": ["東都大学"]},
        {"id": "asagi", "type": "Organization", "names": ["アサギ電機"]}],
        "relations": [{"s": "kenichi", "p": "founderOf", "o": "minato"}, {"s": "kenichi", "p": "alumniOf", "o": "toto"},
                      {"s": "kenichi", "p": "ceoOf", "o": "minato"}, {"s": "minato", "p": "investedIn", "o": "asagi"}]},
        ensure_ascii=False), encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", str(corpus[1] / "graph.ttl"), str(gold), "--document", "a_minato",
                                      "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["duplicates"] == [] and report["entities"]["fn"] == 0
    assert report["relations"]["fp"] == 0  # document b's statements (a partnership, a second CEO) are not a's

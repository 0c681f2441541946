"""kg.present.analysis on small hand-built graphs whose answers are computed by hand, and on a real build."""

from __future__ import annotations

import math

import networkx as nx
import pytest
from rdflib import RDF, RDFS, Graph, Literal, URIRef

from kg.errors import KGError
from kg.present import analysis
from kg.present.views import sparql, to_networkx
from kg.rdf.query import run_query
from kg.vocab import KG


def make_view(edges, labels=None):
    """Return a view shaped like kg.present.views.to_networkx: edges are (s, relation, o[, date[, confidence]])."""
    g = nx.MultiDiGraph()
    labels = labels or {}
    for s, _, o, *_ in edges:
        for n in (s, o):
            g.add_node(n, label=labels.get(n, n), type="Person", subtype="Person", aliases="", mentions=1)
    for i, (s, rel, o, *rest) in enumerate(edges):
        date = rest[0] if rest else ""
        conf = rest[1] if len(rest) > 1 else 0.9
        g.add_edge(s, o, key=f"{rel}:{i}", relation=rel, evidence=f"{s}は{o}と{rel}。", doc="urn:doc",
                   start=i, end=i + 1, confidence=conf, date=date, method="test", statement=f"urn:st{i}")
    return g


# A star: 「Cに a, b, d が投資した」 — one hub, three leaves.
STAR = make_view([("a", "investedIn", "c"), ("b", "investedIn", "c"), ("d", "investedIn", "c")])
# A path a - b - c - d - e, one relation per hop; b → a is written backwards on purpose.
PATH = make_view([("b", "mentorOf", "a", "2001"), ("b", "founderOf", "c", "2003"),
                  ("c", "acquired", "d", "2005"), ("d", "investedIn", "e")])


def two_cliques():
    """Two 4-cliques A and B joined by one broker x tied to a1 and b1 (9 nodes, 14 edges)."""
    edges = []
    for side in "ab":
        members = [f"{side}{i}" for i in range(1, 5)]
        edges += [(u, "partnershipWith", v) for i, u in enumerate(members) for v in members[i + 1:]]
    edges += [("x", "memberOf", "a1"), ("x", "memberOf", "b1")]
    return make_view(edges)


def by_node(df, column):
    return dict(zip(df["node"], df[column]))


def test_analysis_star_centrality():
    table = analysis.centrality_table(STAR)
    assert list(table["node"])[0] == "c"  # sorted by PageRank
    assert by_node(table, "degree") == {"c": 3, "a": 1, "b": 1, "d": 1}
    assert by_node(table, "in_degree")["c"] == 3 and by_node(table, "out_degree")["c"] == 0
    assert by_node(table, "betweenness") == {"c": 1.0, "a": 0.0, "b": 0.0, "d": 0.0}
    # closeness = (n-1) / sum of distances: hub 3/3, leaf 3/(1+2+2)
    assert by_node(table, "closeness") == pytest.approx({"c": 1.0, "a": 0.6, "b": 0.6, "d": 0.6})
    # PageRank (α=0.85) by hand: y = .0375 + .85·3x, x = .0375 + .85·y/3 → y = .133125/.2775
    hub = 0.133125 / 0.2775
    assert by_node(table, "pagerank") == pytest.approx({"c": hub, "a": (1 - hub) / 3, "b": (1 - hub) / 3,
                                                         "d": (1 - hub) / 3}, abs=1e-5)
    # Perron vector of the star K1,3 ∝ (√3, 1, 1, 1), unit length
    assert by_node(table, "eigenvector") == pytest.approx({"c": 1 / math.sqrt(2), "a": 1 / math.sqrt(6),
                                                            "b": 1 / math.sqrt(6), "d": 1 / math.sqrt(6)})


def test_analysis_path_betweenness_and_closeness():
    table = analysis.centrality_table(PATH)
    # pairs through each inner node, over the 6 pairs that avoid it
    assert by_node(table, "betweenness") == pytest.approx({"a": 0, "b": 3 / 6, "c": 4 / 6, "d": 3 / 6, "e": 0})
    assert by_node(table, "closeness") == pytest.approx({"a": 4 / 10, "b": 4 / 7, "c": 4 / 6, "d": 4 / 7,
                                                          "e": 4 / 10})


def test_analysis_multigraph_counts_relations_once():
    # the same fact in two sentences, plus a second relation between the same pair
    view = make_view([("p", "founderOf", "q"), ("p", "founderOf", "q"), ("p", "ceoOf", "q"), ("q", "acquired", "r")])
    table = analysis.centrality_table(view)
    assert by_node(table, "degree") == {"p": 2, "q": 3, "r": 1}
    assert by_node(table, "out_degree") == {"p": 2, "q": 1, "r": 0}
    # two parallel relations do not make p—q shorter or longer: q is the only broker
    assert by_node(table, "betweenness") == {"p": 0.0, "q": 1.0, "r": 0.0}
    assert analysis.distinct_relations(view).number_of_edges() == 3
    assert view.number_of_edges() == 4  # input untouched


def test_analysis_disconnected_eigenvector_is_scaled_per_component():
    view = make_view([("a", "investedIn", "c"), ("b", "investedIn", "c"), ("d", "investedIn", "c"),
                      ("x", "spouseOf", "y")])
    view.add_node("z", label="z", type="Person")
    eig = by_node(analysis.centrality_table(view), "eigenvector")
    n = 7
    # each component's unit Perron vector, times its share of the 7 nodes
    assert eig == pytest.approx({"c": 4 / n / math.sqrt(2), "a": 4 / n / math.sqrt(6), "b": 4 / n / math.sqrt(6),
                                 "d": 4 / n / math.sqrt(6), "x": 2 / n / math.sqrt(2), "y": 2 / n / math.sqrt(2),
                                 "z": 0.0})
    assert by_node(analysis.centrality_table(view), "closeness")["z"] == 0.0


def test_analysis_empty_and_edgeless_graphs():
    assert analysis.centrality_table(nx.MultiDiGraph()).empty
    lone = nx.MultiDiGraph()
    lone.add_node("a", label="a", type="Person")
    table = analysis.centrality_table(lone)
    assert table.loc[0, "pagerank"] == 1.0 and table.loc[0, "eigenvector"] == 0.0
    assert analysis.communities(lone) == {"a": 0}
    assert analysis.modularity(lone, {"a": 0}) == 0.0


def test_analysis_two_cliques_communities_and_broker():
    view = two_cliques()
    partition = analysis.communities(view)
    assert len(set(partition.values())) == 2
    for side in "ab":
        assert len({partition[f"{side}{i}"] for i in range(1, 5)}) == 1
    assert partition["a1"] != partition["b1"]
    # x joins one side: Q = 13/14 - (15² + 13²)/28² = 334/784
    assert analysis.modularity(view, partition) == pytest.approx(334 / 784)
    assert analysis.communities(view) == partition  # fixed seed
    table = analysis.centrality_table(view)
    # x lies on all 16 A–B shortest paths, a1 on 3×5 of them; 28 pairs avoid each node
    assert by_node(table, "betweenness")["x"] == pytest.approx(16 / 28)
    assert by_node(table, "betweenness")["a1"] == pytest.approx(15 / 28)
    brokers = analysis.brokerage(view)
    assert list(brokers["node"])[0] == "x"
    assert by_node(brokers, "constraint")["x"] == pytest.approx(0.5)
    assert by_node(brokers, "effective_size")["x"] == pytest.approx(2.0)


def test_analysis_star_brokerage():
    brokers = analysis.brokerage(STAR)
    assert by_node(brokers, "constraint") == pytest.approx({"c": 1 / 3, "a": 1.0, "b": 1.0, "d": 1.0})
    assert by_node(brokers, "effective_size") == pytest.approx({"c": 3.0, "a": 1.0, "b": 1.0, "d": 1.0})


def test_analysis_ego_network_by_label_and_alias():
    view = make_view([("b", "mentorOf", "a"), ("b", "founderOf", "c"), ("c", "acquired", "d")],
                     labels={"b": "北条透"})
    view.nodes["b"]["aliases"] = "北条|北条氏"
    ego = analysis.ego_network(view, "北条")
    assert set(ego) == {"a", "b", "c"} and ego.number_of_edges() == 2
    assert set(analysis.ego_network(view, "北条透", radius=2)) == {"a", "b", "c", "d"}
    ego.add_node("new")
    assert "new" not in view
    with pytest.raises(KGError, match="no entity is called"):
        analysis.ego_network(view, "柳井正")


def test_analysis_find_node_ambiguous_label():
    view = make_view([("u1", "spouseOf", "u2")], labels={"u1": "田中", "u2": "田中"})
    with pytest.raises(KGError, match="names 2 entities"):
        analysis.find_node(view, "田中")
    assert analysis.find_node(view, "u2") == "u2"


def test_analysis_relation_subgraph():
    view = make_view([("a", "investedIn", "c"), ("b", "founderOf", "c"), ("d", "investedIn", "e")])
    invest = analysis.relation_subgraph(view, "investedIn")
    assert set(invest) == {"a", "c", "d", "e"}
    assert {d["relation"] for _, _, d in invest.edges(data=True)} == {"investedIn"}
    both = analysis.relation_subgraph(view, [str(KG.investedIn), "founderOf"])
    assert both.number_of_edges() == 3
    with pytest.raises(KGError, match="unknown relation invested"):
        analysis.relation_subgraph(view, "invested")


def test_analysis_shortest_path_with_evidence():
    path = analysis.shortest_path(PATH, "a", "e")
    assert list(path["source"]) == ["a", "b", "c", "d"]
    assert list(path["target"]) == ["b", "c", "d", "e"]
    assert list(path["relation"]) == ["mentorOf", "founderOf", "acquired", "investedIn"]
    assert list(path["direction"]) == ["backward", "forward", "forward", "forward"]
    assert path.loc[0, "evidence"] == "bはaとmentorOf。"
    assert list(path["date"]) == ["2001", "2003", "2005", ""]
    apart = make_view([("a", "spouseOf", "b"), ("c", "spouseOf", "d")])
    assert analysis.shortest_path(apart, "a", "d").empty


def test_analysis_shortest_path_prefers_confident_relation():
    view = make_view([("p", "employeeOf", "q", "", 0.4), ("p", "ceoOf", "q", "", 0.8)])
    assert list(analysis.shortest_path(view, "p", "q")["relation"]) == ["ceoOf"]


def test_analysis_as_of_year_and_undated_policy():
    assert set(analysis.as_of(PATH, 2000)) == set()
    assert set(analysis.as_of(PATH, 2003)) == {"a", "b", "c"}
    assert set(analysis.as_of(PATH, 2010)) == {"a", "b", "c", "d"}
    assert set(analysis.as_of(PATH, 2001, undated="keep")) == {"a", "b", "d", "e"}
    with pytest.raises(KGError, match="expected 'drop' or 'keep'"):
        analysis.as_of(PATH, 2001, undated="maybe")
    assert analysis.years(PATH) == [2001, 2003, 2005]


def test_analysis_centrality_over_time():
    over = analysis.centrality_over_time(PATH)
    assert sorted(set(over["year"])) == [2001, 2003, 2005]
    assert list(over.groupby("year").size()) == [2, 3, 4]
    b = over[over["node"] == "b"].set_index("year")
    assert list(b["degree"]) == [1, 2, 2]
    # in 2003 b is the middle of a–b–c: betweenness 1; in 2005 (a–b–c–d) it carries 2 of 3 pairs
    assert list(b["betweenness"]) == pytest.approx([0.0, 1.0, 2 / 3])
    assert analysis.centrality_over_time(STAR).empty


def test_analysis_leaderboard_ranks_each_measure():
    board = analysis.leaderboard(analysis.centrality_table(STAR), top=2)
    assert list(board["rank"]) == [1, 2]
    assert board.loc[0, "degree"] == "c (3)"
    assert board.loc[1, "degree"] == "a (1)"  # ties broken by label
    assert board.loc[0, "betweenness"] == "c (1)" and board.loc[1, "betweenness"] == ""
    assert board.loc[0, "in_degree"] == "c (3)" and board.loc[1, "in_degree"] == ""


def star_rdf() -> Graph:
    """Investor X in three companies, investor Y in one of them, as direct triples."""
    ns = "https://example.org/id/"
    g = Graph()
    names = {"x": "ヤマダ", "y": "スズキ", "c1": "甲社", "c2": "乙社", "c3": "丙社"}
    for key, name in names.items():
        g.add((URIRef(ns + key), RDF.type, KG.Person if key in "xy" else KG.Organization))
        g.add((URIRef(ns + key), RDFS.label, Literal(name)))
    for s, o in [("x", "c1"), ("x", "c2"), ("x", "c3"), ("y", "c1")]:
        g.add((URIRef(ns + s), KG.investedIn, URIRef(ns + o)))
    return g


def test_analysis_add_centrality_answers_sparql():
    g = star_rdf()
    before = len(g)
    analysis.add_centrality(g, to_networkx(g))
    assert len(g) == before + 5 * 6
    q = """SELECT ?name ?degree ?pr ?community WHERE {
             ?p kgo:investedIn [] ; rdfs:label ?name ; kgo:degree ?degree ; kgo:pagerank ?pr ;
                kgo:community ?community } GROUP BY ?name ?degree ?pr ?community ORDER BY DESC(?pr)"""
    df = sparql(g, q)
    assert list(df["name"]) == ["ヤマダ", "スズキ"]
    assert list(df["degree"]) == [3, 1]
    assert df["pr"].iloc[0] > df["pr"].iloc[1]
    # {X, 乙, 丙} and {Y, 甲}: Q = 2/4 - (5/8)² + 1/4 - (3/8)² = 0.21875 beats one community (Q = 0)
    assert list(df["community"]) == [0, 1]
    again = star_rdf()
    analysis.add_centrality(again, to_networkx(again))
    analysis.add_centrality(again, to_networkx(again))  # idempotent: values are set, not added
    assert set(again) == set(g)


def test_analysis_pipeline_writes_centrality(tiny_build):
    _, out, _ = tiny_build
    g = Graph().parse(out / "graph.ttl")
    entities = set(g.subjects(RDF.type, KG.Person)) | set(g.subjects(RDF.type, KG.Organization))
    assert entities
    for prop in (KG.degree, KG.betweenness, KG.closeness, KG.pagerank, KG.eigenvector, KG.community):
        assert set(g.subjects(prop, None)) == entities, prop
    columns, rows = run_query(g, "SELECT (SUM(?pr) AS ?total) WHERE { ?e kgo:pagerank ?pr }")
    assert float(rows[0][0]) == pytest.approx(1.0, abs=1e-4)


def test_analysis_large_graph_matches_networkx(monkeypatch):
    # a random graph with isolates, past the sparse-eigensolver and batching thresholds
    base = nx.gnm_random_graph(400, 700, seed=3)
    base.add_nodes_from(range(400, 410))
    view = make_view([(f"n{u}", "investedIn", f"n{v}") for u, v in base.edges()])
    view.add_nodes_from((f"n{i}", {"label": f"n{i}", "type": "Person"}) for i in base if f"n{i}" not in view)
    monkeypatch.setattr(analysis, "BETWEENNESS_SOURCES", 1000)  # exact, to compare with NetworkX
    table = analysis.centrality_table(view)
    simple = nx.relabel_nodes(base, {i: f"n{i}" for i in base})
    assert by_node(table, "closeness") == pytest.approx(nx.closeness_centrality(simple))
    assert by_node(table, "betweenness") == pytest.approx(nx.betweenness_centrality(simple))
    giant = simple.subgraph(max(nx.connected_components(simple), key=len))
    reference = nx.eigenvector_centrality_numpy(giant)
    scale = len(giant) / len(simple)
    eig = by_node(table, "eigenvector")
    assert {n: eig[n] for n in giant} == pytest.approx({n: x * scale for n, x in reference.items()}, abs=1e-8)


def test_analysis_stats_command_tables(tmp_path):
    import json

    from typer.testing import CliRunner

    from kg.cli import app

    path = tmp_path / "graph.ttl"
    star_rdf().serialize(path, format="turtle")
    runner = CliRunner()
    result = runner.invoke(app, ["stats", "--graph", str(path), "--top", "2"])
    assert result.exit_code == 0, result.output
    header, first, second = result.output.splitlines()[:3]
    assert header.split() == ["rank", *analysis.MEASURES]
    # ヤマダ leads on degree (3 investments); 甲社, with both investors, comes second
    assert first.split()[:3] == ["1", "ヤマダ", "(3)"] and "甲社" in second
    result = runner.invoke(app, ["stats", "--graph", str(path), "--top", "5", "--format", "json"])
    rows = json.loads(result.output)
    assert [r["label"] for r in rows][:2] == ["ヤマダ", "甲社"]
    assert rows[0]["degree"] == 3 and rows[0]["node"] == "https://example.org/id/x"
    missing = runner.invoke(app, ["stats", "--graph", str(tmp_path / "none.ttl")])
    assert missing.exit_code == 1 and "run 'kg build' first" in missing.output

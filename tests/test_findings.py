"""kg.present.findings answers the notebook's questions with evidence; kg.present.charts draws them in Japanese."""

from __future__ import annotations

import io
import warnings

import networkx as nx
import pytest

from kg.present import analysis, charts, findings
from kg.errors import KGError

PEOPLE = {"山田太郎", "中村次郎", "木村花", "木村一", "小林三郎"}
DOCS = {"urn:doc:a": "a_circle", "urn:doc:b": "b_circle"}
# Two circles, one per document, held together by 木村花 (on the board of a company in each) and
# 夕月商事 (its CEO's school and its investee's other investor hang off it).
STATEMENTS = [  # subject, relation, object, date, document, evidence
    ("山田太郎", "founderOf", "朝日精機", "2001", "urn:doc:a", "山田太郎は2001年に朝日精機を創業した。"),
    ("山田太郎", "founderOf", "朝日精機", "2003", "urn:doc:a", "朝日精機は山田太郎が興した会社である。"),
    ("山田太郎", "alumniOf", "北陸大学", "1990", "urn:doc:a", "山田太郎は1990年に北陸大学を卒業した。"),
    ("中村次郎", "alumniOf", "北陸大学", "", "urn:doc:a", "中村次郎も北陸大学の出身である。"),
    ("木村花", "boardMemberOf", "朝日精機", "2005", "urn:doc:a", "木村花は2005年に朝日精機の取締役となった。"),
    ("木村花", "spouseOf", "木村一", "", "urn:doc:a", "木村花の夫は木村一である。"),
    ("木村花", "boardMemberOf", "夕月商事", "2009", "urn:doc:b", "木村花は2009年に夕月商事の取締役に就いた。"),
    ("小林三郎", "ceoOf", "夕月商事", "", "urn:doc:b", "小林三郎は夕月商事の社長である。"),
    ("小林三郎", "alumniOf", "南海大学", "", "urn:doc:b", "小林三郎は南海大学を出た。"),
    ("夕月商事", "investedIn", "星野電機", "2008", "urn:doc:b", "夕月商事は2008年に星野電機に出資した。"),
    ("青葉ファンド", "investedIn", "星野電機", "2010", "urn:doc:b", "青葉ファンドは2010年に星野電機へ投資した。"),
]


def _view(statements=STATEMENTS, reverse: bool = False) -> nx.MultiDiGraph:
    """The entity view kg.present.views.to_networkx would give for ``statements`` (``reverse``: inserted backwards)."""
    view = nx.MultiDiGraph()
    names = sorted({s for s, *_ in statements} | {o for _, _, o, *_ in statements}, reverse=reverse)
    for name in names:
        view.add_node(name, label=name, type="Person" if name in PEOPLE else "Organization")
    rows = list(enumerate(statements))
    for i, (s, p, o, date, doc, evidence) in reversed(rows) if reverse else rows:
        view.add_edge(s, o, key=f"{p}:{i}", relation=p, date=date, doc=doc, evidence=evidence, start=10 * i,
                      confidence=0.9 - i / 100)
    return view


def test_findings_overview_counts():
    assert findings.overview(_view()) == {
        "entities": 11, "entities in a relation": 11, "relation statements": 11, "distinct relations": 10,
        "documents with relations": 2, "groups (2 or more entities)": 1, "largest group": 11,
        "entities linking documents": 1}


def test_findings_linking_entities_one_sentence_per_document():
    linking = findings.linking_entities(_view(), DOCS)
    assert list(linking["label"]) == ["木村花"]
    assert linking.at[0, "documents"] == "a_circle、b_circle"
    assert linking.at[0, "evidence"] == ("[a_circle] 木村花は2005年に朝日精機の取締役となった。／"
                                          "[b_circle] 木村花は2009年に夕月商事の取締役に就いた。")


def test_findings_bridges_are_cut_points_between_groups():
    bridges = findings.bridges(_view())
    # without 夕月商事: the first circle with 木村花 (6), its CEO and his school (2), its investee and the
    # investee's other investor (2); without 木村花: the two circles (5, 4), and her husband alone
    assert list(bridges[["label", "groups_joined", "separates"]].head(1).itertuples(index=False)) == [
        ("夕月商事", 3, "6 + 2 + 2")]
    rows = bridges.set_index("label")
    assert rows.at["木村花", "separates"] == "5 + 4" and rows.at["木村花", "groups_joined"] == 2
    assert rows.at["北陸大学", "groups_joined"] == 0 and rows.at["北陸大学", "separates"] == ""  # one person off it
    assert "中村次郎" not in rows.index  # one neighbour: no broker
    assert (bridges["groups_joined"].diff().dropna() <= 0).all()


def test_findings_ties_name_the_group_each_tie_leads_into():
    ties = findings.ties(_view(), "木村花", {"木村一": 7}, DOCS)
    assert list(ties[["group", "relation", "direction", "other", "document"]].itertuples(index=False)) == [
        (1, "boardMemberOf", "→", "夕月商事", "b_circle"),
        (2, "boardMemberOf", "→", "朝日精機", "a_circle"),
        (3, "spouseOf", "→", "木村一", "a_circle")]
    assert ties.at[2, "community"] == 7 and ties.at[0, "evidence"] == "木村花は2009年に夕月商事の取締役に就いた。"
    assert list(findings.ties(_view(), "中村次郎")["group"]) == [0]  # not a cut point
    with pytest.raises(KGError, match="no entity is called"):
        findings.ties(_view(), "誰か")


def test_findings_centre_of_counts_each_side_and_quotes_evidence():
    centre = findings.centre_of(_view(), ["investedIn", "boardMemberOf"]).set_index("label")
    assert set(centre.index) == {"朝日精機", "夕月商事", "星野電機", "青葉ファンド"}  # organisations only
    assert centre.loc["星野電機", ["investors", "investments", "board members", "board seats"]].tolist() == [2, 0, 0, 0]
    assert centre.loc["夕月商事", ["investors", "investments", "board members"]].tolist() == [0, 1, 1]
    assert set(centre.at["星野電機", "evidence"].split("／")) == {"夕月商事は2008年に星野電機に出資した。",
                                                              "青葉ファンドは2010年に星野電機へ投資した。"}
    assert centre["pagerank"].is_monotonic_decreasing
    assert list(findings.centre_of(_view(), ["acquired"]).columns)[:4] == ["node", "label", "acquirers",
                                                                           "acquisitions"]
    with pytest.raises(KGError, match="unknown relation"):
        findings.centre_of(_view(), ["ownerOf"])


def test_findings_community_summary_with_evidence():
    partition = {n: 0 for n in ("山田太郎", "中村次郎", "朝日精機", "北陸大学", "木村花", "木村一")}
    partition |= {n: 1 for n in ("小林三郎", "夕月商事", "南海大学", "星野電機")} | {"青葉ファンド": 2}
    summary = findings.community_summary(_view(), partition, DOCS)
    assert list(summary.index) == [0, 1]  # 青葉ファンド alone is no community
    assert summary.loc[0, ["size", "relations", "documents"]].tolist() == [6, 5, "a_circle"]
    assert summary.loc[1, ["size", "relations", "documents"]].tolist() == [4, 3, "b_circle"]
    assert summary.loc[0, "members"].split("、")[0] == "木村花"  # the most ties (3), so the highest PageRank


def test_findings_growth_by_year_counts_first_dates():
    growth = findings.growth(_view(), DOCS)
    assert list(growth["year"]) == [1990, 2001, 2003, 2005, 2008, 2009, 2010]
    assert list(growth["new"]) == [1, 1, 0, 1, 1, 1, 1]  # 2003 restates the 2001 founding
    assert list(growth["relations"]) == [1, 2, 2, 3, 4, 5, 6]
    assert list(growth["entities"]) == [2, 3, 3, 4, 6, 6, 7]
    assert list(growth["largest_group"]) == [2, 3, 3, 4, 4, 6, 7]  # 2009: 木村花 joins the two circles
    assert growth.at[1, "evidence"] == "山田太郎は2001年に朝日精機を創業した。" and growth.at[1, "document"] == "a_circle"
    assert growth.at[2, "evidence"] == ""
    assert findings.growth(nx.MultiDiGraph()).empty


def _png(fig) -> tuple[bytes, list[str]]:
    """Render ``fig`` as PNG; return the bytes and matplotlib's warnings (a missing glyph is one)."""
    out = io.BytesIO()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.savefig(out, format="png")
    return out.getvalue(), [str(w.message) for w in caught]


def test_charts_draw_japanese_labels_without_missing_glyphs():
    assert charts.setup() in charts.JAPANESE_FONTS, "install a Japanese font: scripts/system-deps.sh fonts"
    view = _view()
    table = analysis.centrality_table(view)
    figures = [charts.leader_bars(table, ["degree", "betweenness", "pagerank"], 5),
               charts.community_map(view, analysis.communities(view)),
               charts.relation_map(analysis.relation_subgraph(view, ["investedIn", "boardMemberOf"]), "投資と役員"),
               charts.relation_map(analysis.ego_network(view, "木村花"), "木村花", centre="木村花"),
               charts.growth_chart(findings.growth(view)),
               charts.over_time_chart(analysis.centrality_over_time(view))]
    for fig in figures:
        png, caught = _png(fig)
        assert png.startswith(b"\x89PNG")
        assert not [m for m in caught if "missing from font" in m], caught
    texts = {t.get_text() for t in figures[3].axes[0].texts}
    assert {"木村花", "夕月商事", "boardMemberOf"} <= texts


def test_charts_same_graph_same_picture_whatever_the_insertion_order():
    charts.setup()
    forward, backward = _view(), _view(reverse=True)
    assert list(forward) != list(backward)
    partition = analysis.communities(forward)
    assert _png(charts.community_map(forward, partition))[0] == _png(charts.community_map(backward, partition))[0]
    assert _png(charts.relation_map(forward, "t"))[0] == _png(charts.relation_map(backward, "t"))[0]

"""Conflicts (kg/conflicts.py): each kind found with its statements, none where dates cannot clash;
`kg conflicts`, the section in `kg stats`, and the page's marks and support line."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.model import Document, Entity, Mention, Relation, Source
from kg.present.conflicts import conflicting_edges, find_conflicts, same_time
from kg.present.export import write_turtle
from kg.present.page import page_data, render_page
from kg.present.views import to_networkx
from kg.rdf import graph as kg_graph
from kg.rdf.support import add_support
from kg.vocab import KG

from test_page import Opened, browser  # noqa: F401  (the page's browser fixture and helper)

PEOPLE = {"sato": "佐藤健一", "tanaka": "田中一郎", "misaki": "佐藤美咲", "yamamoto": "山本大輔", "nakamura": "中村翔"}
ORGS = {"minato": "ミナト・ロボティクス", "hayate": "ハヤテ工業", "hoshino": "ホシノ交易"}


def build(facts: list[tuple[str, object, str, str | None, str]]):
    """A graph of two documents from (subject, predicate, object, date, document) facts."""
    docs = {d: Document(d * 16, f"in/{d}.txt", "x" * 200, d, "utf-8") for d in ("a", "b")}
    ents = [Entity(k, KG.Person, n, (), (Mention(n, KG.Person, Source("a" * 16, 0, 1, "", "t")),)) for k, n in PEOPLE.items()]
    ents += [Entity(k, KG.Organization, n, (), (Mention(n, KG.Organization, Source("a" * 16, 0, 1, "", "t")),))
             for k, n in ORGS.items()]
    rels = [Relation(s, p, o, Source(docs[d].doc_id, 10 * i, 10 * i + 5, f"{s} {p} {o} {date}", "t.v1"), 0.8, date)
            for i, (s, p, o, date, d) in enumerate(facts)]
    g = kg_graph.build_graph(docs.values(), ents, rels)
    add_support(g)
    return g


CONFLICTED = [
    ("sato", KG.ceoOf, "minato", "2015", "a"), ("tanaka", KG.ceoOf, "minato", "2015-04", "b"),
    ("sato", KG.founderOf, "minato", "2010", "a"), ("sato", KG.founderOf, "minato", "2012", "b"),
    ("hayate", KG.acquired, "hoshino", None, "a"), ("hoshino", KG.acquired, "hayate", None, "b"),
    ("misaki", KG.spouseOf, "yamamoto", "2018", "a"), ("nakamura", KG.spouseOf, "misaki", "2018", "b"),
]


def test_conflicts_every_kind_with_its_statements():
    found = find_conflicts(to_networkx(build(CONFLICTED)))
    assert [(c.kind, c.description) for c in found] == [
        ("two-ceos", "ミナト・ロボティクス has two CEOs in 2015: 佐藤健一 and 田中一郎"),
        ("founding-year", "ミナト・ロボティクス founded in 2010 and 2012"),
        ("mutual-acquisition", "ハヤテ工業 and ホシノ交易 each acquired the other"),
        ("two-spouses", "佐藤美咲 is married to 中村翔 and 山本大輔 in 2018"),
    ]
    ceos = found[0].statements
    assert [(e.subject, e.date, e.document.rsplit("/", 1)[-1]) for e in ceos] == [
        ("佐藤健一", "2015", "a" * 16), ("田中一郎", "2015-04", "b" * 16)]
    assert all(e.statement and e.evidence for c in found for e in c.statements)


@pytest.mark.parametrize("facts", [
    # Different years, or undated: a CEO who followed another, a second marriage.
    [("sato", KG.ceoOf, "minato", "2015", "a"), ("tanaka", KG.ceoOf, "minato", "2016", "b")],
    [("sato", KG.ceoOf, "minato", None, "a"), ("tanaka", KG.ceoOf, "minato", None, "b")],
    [("misaki", KG.spouseOf, "yamamoto", "2010", "a"), ("misaki", KG.spouseOf, "nakamura", "2018", "b")],
    # The same founding year twice, the same person CEO in two documents.
    [("sato", KG.founderOf, "minato", "2010", "a"), ("sato", KG.founderOf, "minato", "2010-05", "b")],
    [("sato", KG.ceoOf, "minato", "2015", "a"), ("sato", KG.ceoOf, "minato", "2015", "b")],
])
def test_conflicts_none_where_the_facts_agree_or_dates_are_missing(facts):
    assert find_conflicts(to_networkx(build(facts))) == []


def test_conflicts_one_per_description_with_every_sentence():
    """Regression: two sentences for each side made two conflicts with one description (and sorting them failed)."""
    found = find_conflicts(to_networkx(build(CONFLICTED[:2] + [("sato", KG.ceoOf, "minato", "2015", "b"),
                                                               ("tanaka", KG.ceoOf, "minato", "2015", "a")])))
    assert [(c.kind, len(c.statements)) for c in found] == [("two-ceos", 4)]


def test_conflicts_dates_clash_only_when_one_contains_the_other():
    assert same_time("2015", "2015-04-01") and same_time("2015-04", "2015-04")
    assert not same_time("2015-04", "2015-05") and not same_time("2015", "")


def test_conflicts_acquisition_years_disagree():
    found = find_conflicts(to_networkx(build([("hayate", KG.acquired, "hoshino", "2001", "a"),
                                              ("hayate", KG.acquired, "hoshino", "2003", "b")])))
    assert [(c.kind, c.description) for c in found] == [("acquisition-year", "ハヤテ工業 acquired ホシノ交易 in 2001 and 2003")]


def test_conflicts_cli_table_and_json(tmp_path):
    path = tmp_path / "graph.ttl"
    write_turtle(build(CONFLICTED), path)
    table = CliRunner().invoke(app, ["conflicts", "--graph", str(path)])
    assert table.exit_code == 0, table.output
    lines = table.output.splitlines()
    assert lines[0] == "4 conflicts"
    assert lines[1] == "[two-ceos] ミナト・ロボティクス has two CEOs in 2015: 佐藤健一 and 田中一郎"
    assert lines[2] == "  佐藤健一 ceoOf ミナト・ロボティクス (2015) — a.txt: 「sato https://w3id.org/kg-ja/ontology#ceoOf minato 2015」"
    rows = json.loads(CliRunner().invoke(app, ["conflicts", "--graph", str(path), "--format", "json"]).output)
    assert len(rows) == 8 and {r["conflict"] for r in rows} == {1, 2, 3, 4}
    assert {r["document"] for r in rows} == {"a.txt", "b.txt"}
    stats = CliRunner().invoke(app, ["stats", "--graph", str(path)])
    assert stats.exit_code == 0, stats.output
    assert "\nconflicts (4):\n  [two-ceos] ミナト・ロボティクス has two CEOs in 2015: 佐藤健一 and 田中一郎\n" in stats.output
    missing = CliRunner().invoke(app, ["conflicts", "--graph", str(tmp_path / "none.ttl")])
    assert missing.exit_code == 1 and len(missing.output.strip().splitlines()) == 1


def test_conflicts_page_data_marks_edges_and_shows_support():
    g = build(CONFLICTED + [("sato", KG.alumniOf, "minato", None, "a"), ("sato", KG.alumniOf, "minato", None, "b")])
    view = to_networkx(g)
    data = page_data(view)
    label = {i: n["label"] for i, n in enumerate(data["nodes"])}
    by = {(label[e["from"]], e["relation"], label[e["to"]]): e for e in data["edges"]}
    assert by[("佐藤健一", "ceoOf", "ミナト・ロボティクス")]["conflicts"] == [
        "ミナト・ロボティクス has two CEOs in 2015: 佐藤健一 and 田中一郎"]
    assert by[("佐藤健一", "alumniOf", "ミナト・ロボティクス")]["conflicts"] == []
    assert by[("佐藤健一", "alumniOf", "ミナト・ロボティクス")]["support"] == {"statements": 2, "documents": 2,
                                                                     "confidence": 0.96}
    assert by[("佐藤健一", "founderOf", "ミナト・ロボティクス")]["support"]["documents"] == 2
    # A symmetric edge is marked whichever way round the conflict names it.
    spouses = [e for k, e in by.items() if k[1] == "spouseOf"]
    assert len(spouses) == 2 and all(e["conflicts"] for e in spouses)
    assert len(conflicting_edges(find_conflicts(view))) == 7


@pytest.mark.browser
def test_conflicts_page_shows_support_and_conflict_marks(browser, tmp_path):  # noqa: F811
    g = build(CONFLICTED + [("sato", KG.alumniOf, "minato", None, "a"), ("sato", KG.alumniOf, "minato", None, "b")])
    path = tmp_path / "graph.html"
    path.write_text(render_page(to_networkx(g)), encoding="utf-8")
    opened = Opened(browser, path)
    try:
        data = opened.js("kgPage.data")
        label = {n["id"]: n["label"] for n in data["nodes"]}
        ceo = next(e for e in data["edges"] if e["relation"] == "ceoOf" and label[e["from"]] == "佐藤健一")
        alumni = next(e for e in data["edges"] if e["relation"] == "alumniOf")
        widths = opened.js("[kgPage.network.body.edges[%d].options.width, kgPage.network.body.edges[%d].options.width]"
                           % (alumni["id"], ceo["id"]))
        assert widths[0] > widths[1]  # two documents draw a wider edge than one
        assert opened.js("kgPage.network.body.edges[%d].options.dashes" % ceo["id"])
        assert opened.js("kgPage.network.body.edges[%d].options.label" % ceo["id"]).startswith("⚠ ")
        opened.click_edge(alumni["id"])
        assert "裏付け: 文書 2 件・文 2 件・確信度 0.96（noisy-or）" in opened.page.inner_text("#kg-details")
        opened.click_edge(ceo["id"])
        details = opened.page.inner_text("#kg-details")
        assert "⚠ 矛盾: ミナト・ロボティクス has two CEOs in 2015: 佐藤健一 and 田中一郎" in details
        assert opened.console == [] or all("pageerror" not in c for c in opened.console)
    finally:
        opened.close()

"""The graph page (kg/present/page.py): its data, its safety, and its behaviour in a real chromium."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import networkx as nx
import pytest

from kg.errors import KGError
from kg.present.page import RELATION_STYLE, TYPE_STYLE, json_for_html, page_data, render_page
from kg.vocab import COARSE, ORG_SUBCLASSES, RELATIONS, local_name

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
E = "https://example.org/e/"
DOC = "https://example.org/doc/d1"
PAYLOADS = ('<script>window.__pwned=1</script>', '<img src=x onerror="window.__pwned=1">',
            '<a href="javascript:window.__pwned=1">link</a>', '</script><script>window.__pwned=1</script>',
            '<!--', '\u2028', '<svg onload="window.__pwned=1">')


def _statement(view: nx.MultiDiGraph, s: str, o: str, rel: str, evidence: str, start: int, *,
               date: str = "", doc: str = DOC, confidence: float = 0.8, method: str = "rel.test.v1") -> None:
    view.add_edge(E + s, E + o, key=f"{rel}:{start}", relation=rel, evidence=evidence, doc=doc, start=start,
                  end=start + len(evidence), confidence=confidence, date=date, method=method,
                  statement=f"https://example.org/st/{rel}{start}")


def company_view() -> nx.MultiDiGraph:
    """A small hand-built entity view: two founder statements for one pair, dates, a symmetric relation."""
    v = nx.MultiDiGraph()
    v.add_node(E + "yamada", label="山田太郎", type="Person", subtype="Person", aliases="山田|ヤマダ", mentions=5)
    v.add_node(E + "sato", label="佐藤花子", type="Person", subtype="Person", aliases="花子", mentions=3)
    v.add_node(E + "sonic", label="株式会社ソニックテック", type="Organization", subtype="Company",
               aliases="ソニックテック", mentions=4)
    v.add_node(E + "toto", label="東都大学", type="Organization", subtype="University", aliases="", mentions=2)
    v.add_node(E + "fund", label="みらいキャピタル", type="Organization", subtype="InvestmentFund", aliases="",
               mentions=1)
    _statement(v, "yamada", "sonic", "founderOf", "山田太郎は2005年に株式会社ソニックテックを設立した。", 0, date="2005")
    _statement(v, "yamada", "sonic", "founderOf", "ソニックテックは山田が創業した会社だ。", 40)
    _statement(v, "yamada", "sonic", "ceoOf", "山田はソニックテックの社長である。", 80)
    _statement(v, "yamada", "toto", "alumniOf", "山田太郎は東都大学を卒業した。", 120)
    _statement(v, "fund", "sonic", "investedIn", "みらいキャピタルは2012年にソニックテックに出資した。", 160, date="2012")
    _statement(v, "yamada", "sato", "spouseOf", "山田太郎は佐藤花子と結婚した。", 200)
    _statement(v, "sato", "yamada", "spouseOf", "佐藤花子は山田太郎の妻である。", 240)
    return v


def hostile_view() -> nx.MultiDiGraph:
    """Every text field the page shows carries markup and script payloads."""
    v = company_view()
    evil = "".join(PAYLOADS)
    v.add_node(E + "evil", label='<img src=x onerror="window.__pwned=1">', type="Person", subtype="Person",
               aliases="<script>window.__pwned=1</script>|javascript:window.__pwned=1", mentions=1)
    _statement(v, "evil", "sonic", "employeeOf", f"{evil}は株式会社ソニックテックに入社した。", 300,
               doc="javascript:window.__pwned=1", method='"><script>window.__pwned=1</script>', date="2010")
    return v


def _ids(data: dict) -> dict[str, int]:
    return {n["iri"].removeprefix(E): n["id"] for n in data["nodes"]}


# ---- data, escaping, determinism (no browser) -------------------------------------------------

@pytest.mark.parametrize("payload", PAYLOADS)
def test_page_json_for_html_escapes_markup(payload):
    text = json_for_html({"evidence": f"前{payload}後"})
    assert not re.search(r"[<>&\u2028\u2029]", text)
    assert json.loads(text) == {"evidence": f"前{payload}後"}


def test_page_embeds_hostile_text_only_inside_json():
    page = render_page(hostile_view())
    start = page.index('<script type="application/json" id="kg-data">')
    end = page.index("</script>", start)
    data = page[start + len('<script type="application/json" id="kg-data">'):end]
    # Every payload lives inside the JSON block, with no "<" left to end it.
    assert all(start < hit.start() < end for hit in re.finditer("__pwned", page))
    assert "__pwned" in data and "<" not in data
    assert len(re.findall(r"^<script\b", page, re.M)) == 3 and "<img" not in page and "<svg" not in page


def test_page_is_deterministic():
    view = company_view()
    reordered = nx.MultiDiGraph()
    reordered.add_nodes_from(reversed(list(view.nodes(data=True))))
    reordered.add_edges_from(reversed(list(view.edges(keys=True, data=True))))
    assert render_page(view) == render_page(view) == render_page(reordered)


def test_page_has_no_network_references():
    page = render_page(company_view())
    assert not re.search(r"""<(script|img|link|iframe|source|video|audio)\b[^>]*\s(src|href)\s*=""", page, re.I)
    assert not re.search(r"""url\(\s*['"]?\s*(https?:)?//|@import""", page, re.I)
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page).group(1)
    assert "default-src 'none'" in csp and "connect-src 'none'" in csp and "unsafe-inline" not in csp.split(";")[1]


def test_page_aggregates_statements_per_pair_and_relation():
    data = page_data(company_view())
    ids = _ids(data)
    by_key = {(e["from"], e["to"], e["relation"]): e for e in data["edges"]}
    assert len(data["edges"]) == 5 and data["options"]["statements"] == 7
    founder = by_key[(ids["yamada"], ids["sonic"], "founderOf")]
    assert [st["start"] for st in founder["statements"]] == [0, 40]
    assert founder["parallelCount"] == 2 and by_key[(ids["yamada"], ids["sonic"], "ceoOf")]["parallelCount"] == 2
    # Both directions of a symmetric relation are one undirected edge with both sentences.
    spouse = [e for e in data["edges"] if e["relation"] == "spouseOf"]
    assert len(spouse) == 1 and spouse[0]["symmetric"] and len(spouse[0]["statements"]) == 2
    assert data["years"] == [2005, 2012]


def test_page_confidence_slider_range_starts_just_below_the_weakest_statement():
    view = company_view()
    assert page_data(view)["confidence"] == []  # one confidence throughout: no slider
    _statement(view, "sato", "toto", "alumniOf", "佐藤花子は東都大学を卒業したらしい。", 280, confidence=0.425)
    assert page_data(view)["confidence"] == [0.4, 0.8]


def test_page_styles_cover_vocabulary():
    missing = {local_name(p) for p in RELATIONS} ^ set(RELATION_STYLE)
    assert not missing, f"add or drop a (ja, en, colour) row in kg.present.page.RELATION_STYLE for {sorted(missing)}"
    assert {local_name(c) for c in (*COARSE, *ORG_SUBCLASSES)} <= set(TYPE_STYLE), "add a row to TYPE_STYLE"
    colours = [c for _, _, c in RELATION_STYLE.values()]
    assert len(set(colours)) == len(colours)


def test_page_sizes_nodes_by_given_pagerank():
    view = company_view()
    for i, node in enumerate(sorted(view.nodes)):
        view.nodes[node]["pagerank"] = 0.1 * (i + 1)
    data = page_data(view)
    sizes = [n["size"] for n in sorted(data["nodes"], key=lambda n: n["pagerank"])]
    assert sizes == sorted(sizes) and sizes[0] < sizes[-1] and data["nodes"][0]["rank"] == len(sizes) - 1


@pytest.mark.parametrize("height", ["100vh; background:url(http://x)", "", "tall", '1px"><script>'])
def test_page_rejects_bad_height(height):
    with pytest.raises(KGError, match="CSS length"):
        render_page(company_view(), height=height)


def generated_view(nodes: int, seed: int = 3) -> nx.MultiDiGraph:
    """A scale-free graph shaped like the entity view, for the large-graph mode."""
    base = nx.barabasi_albert_graph(nodes, 2, seed=seed)
    v = nx.MultiDiGraph()
    for i in base.nodes:
        v.add_node(f"{E}{i:05d}", label=f"人物{i}" if i % 3 else f"企業{i}", type="Person" if i % 3 else "Organization",
                   subtype="Person" if i % 3 else "Company", aliases="", mentions=1)
    for n, (a, b) in enumerate(base.edges):
        v.add_edge(f"{E}{a:05d}", f"{E}{b:05d}", key=f"memberOf:{n}", relation="memberOf", evidence=f"文{n}。",
                   doc=DOC, start=n, end=n + 3, confidence=0.5, date="", method="gen", statement=f"st{n}")
    return v


def test_page_large_graph_uses_precomputed_layout():
    view = generated_view(400)
    data = page_data(view, physics_max_nodes=300)
    assert data["options"]["physics"] is False and data["options"]["topN"] == 300
    points = {(n["x"], n["y"]) for n in data["nodes"]}
    assert len(points) > 0.95 * len(data["nodes"])  # spread out, not piled on one spot
    xs = sorted(n["x"] for n in data["nodes"])
    assert xs[-1] - xs[0] > 400
    assert page_data(view, physics_max_nodes=300) == data
    assert page_data(company_view())["options"] == {"physics": False, "topN": 0, "statements": 7}
    assert page_data(company_view(), physics_max_nodes=100)["options"]["physics"] is True


# ---- in the browser ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed; run scripts/system-deps.sh (make test does)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


class Opened:
    """A page opened with the network blocked, recording console messages and requests."""

    def __init__(self, browser, path: Path, width: int = 1400, height: int = 860) -> None:
        self.page = browser.new_page(viewport={"width": width, "height": height})
        self.console: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("console", lambda m: self.console.append(f"{m.type}: {m.text}"))
        self.page.on("pageerror", lambda e: self.console.append(f"pageerror: {e}"))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.route("**/*", self._route)
        self.page.goto(path.resolve().as_uri())
        self.page.wait_for_selector('html[data-kg-ready="true"]', state="attached", timeout=60_000)

    def _route(self, route) -> None:
        self.requests.append(route.request.url)
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            route.abort()

    def js(self, script: str, arg: object = None):
        return self.page.evaluate(script, arg)

    def wait_until(self, script: str, arg: object = None, timeout_s: float = 5.0) -> bool:
        """Poll ``script`` from here: the page's CSP forbids the eval that wait_for_function uses."""
        deadline = time.monotonic() + timeout_s
        while not self.js(script, arg):
            if time.monotonic() > deadline:
                return False
            self.page.wait_for_timeout(50)
        return True

    def click_edge(self, edge_id: int) -> None:
        x, y = self.js("""(id) => {
            const net = kgPage.network, edge = net.body.edges[id];
            const dom = net.canvasToDOM(edge.edgeType.getPoint(0.5));
            const box = document.getElementById('kg-network').getBoundingClientRect();
            return [box.left + dom.x, box.top + dom.y]; }""", edge_id)
        self.page.mouse.click(x, y)

    def close(self) -> None:
        self.page.close()


def _write(tmp_path: Path, view: nx.MultiDiGraph, name: str = "graph.html", **kw) -> Path:
    path = tmp_path / name
    path.write_text(render_page(view, **kw), encoding="utf-8")
    return path


@pytest.mark.browser
def test_page_pipeline_output_loads_offline_with_matching_counts(browser, tiny_build):
    from kg.present.views import to_networkx
    from kg.rdf.graph import load

    _, out, _ = tiny_build
    view = to_networkx(load(out / "graph.ttl"))
    opened = Opened(browser, out / "graph.html")
    try:
        counts = opened.js("""() => [kgPage.data.nodes.length, kgPage.data.edges.length,
            kgPage.data.edges.reduce((n, e) => n + e.statements.length, 0), kgPage.visibleNodeIds().length]""")
        pairs = {(min(s, o), max(s, o), d["relation"]) if d["relation"] in {"spouseOf", "partnerOf", "siblingOf",
                 "partnershipWith"} else (s, o, d["relation"]) for s, o, d in view.edges(data=True)}
        related = {n for edge in view.edges() for n in edge}
        assert counts == [view.number_of_nodes(), len(pairs), view.number_of_edges(), len(related)]
        assert opened.console == []
        assert [u for u in opened.requests if not u.startswith("file:")] == []
        assert opened.js("document.querySelectorAll('#kg-network canvas').length") == 1
    finally:
        opened.close()


@pytest.mark.browser
def test_page_search_alias_focuses_node(browser, tmp_path):
    opened = Opened(browser, _write(tmp_path, company_view()))
    try:
        ids = _ids(opened.js("kgPage.data"))
        page = opened.page
        page.fill("#kg-search", "ソニック")  # an alias, typed as Japanese text
        assert "株式会社ソニックテック" in page.inner_text("#kg-results")
        page.press("#kg-search", "Enter")
        assert opened.js("kgPage.network.getSelectedNodes()") == [ids["sonic"]]
        assert page.inner_text("#kg-details h2") == "株式会社ソニックテック"
        # The view ends centred on the node (after the focus animation; fails if the node drifts away).
        assert opened.wait_until("""(id) => {
            const c = kgPage.network.getViewPosition(), p = kgPage.network.getPositions([id])[id];
            return Math.abs(c.x - p.x) < 5 && Math.abs(c.y - p.y) < 5; }""", ids["sonic"])
        # Half-width katakana and a middle dot still find the full-width alias (NFKC).
        assert [hit["id"] for hit in opened.js("kgPage.search('ﾔﾏﾀﾞ')")] == [ids["yamada"]]
        assert opened.console == []
    finally:
        opened.close()


@pytest.mark.browser
def test_page_relation_filter_hides_exactly_those_edges(browser, tmp_path):
    opened = Opened(browser, _write(tmp_path, company_view()))
    try:
        data = opened.js("kgPage.data")
        everything = {e["id"] for e in data["edges"]}
        founder = {e["id"] for e in data["edges"] if e["relation"] == "founderOf"}
        assert set(opened.js("kgPage.visibleEdgeIds()")) == everything
        opened.page.click('input[data-relation="founderOf"]')
        opened.page.wait_for_timeout(100)
        assert set(opened.js("kgPage.visibleEdgeIds()")) == everything - founder
        assert len(opened.js("kgPage.visibleNodeIds()")) == len(data["nodes"])
        # "None" then one box: only that relation's edges remain.
        opened.page.click('button[data-all="false"]')
        assert opened.js("kgPage.visibleEdgeIds()") == []
        opened.page.click('input[data-relation="founderOf"]')
        assert set(opened.js("kgPage.visibleEdgeIds()")) == founder
        opened.page.click('button[data-all="true"]')
        opened.page.click('input[data-relation="founderOf"]')
        opened.page.click('input[data-type="Person"]')
        # Without people, only the fund → company investment is left; the university has no relation left.
        ids = _ids(data)
        assert sorted(opened.js("kgPage.visibleNodeIds()")) == sorted([ids["sonic"], ids["fund"]])
        assert opened.js("kgPage.visibleEdgeIds()") == [e["id"] for e in data["edges"] if e["relation"] == "investedIn"]
    finally:
        opened.close()


@pytest.mark.browser
def test_page_year_slider_hides_later_statements(browser, tmp_path):
    opened = Opened(browser, _write(tmp_path, company_view()))
    try:
        data = opened.js("kgPage.data")
        rel = {e["id"]: e["relation"] for e in data["edges"]}
        opened.page.fill("#kg-year", "2005")  # range inputs take fill(); fires input
        assert opened.page.inner_text("#kg-year-label") == "〜2005年までの関係"
        assert sorted(rel[i] for i in opened.js("kgPage.visibleEdgeIds()")) == [
            "alumniOf", "ceoOf", "founderOf", "spouseOf"]
        opened.page.click("#kg-undated")
        assert [rel[i] for i in opened.js("kgPage.visibleEdgeIds()")] == ["founderOf"]  # its 2005 statement
    finally:
        opened.close()


@pytest.mark.browser
def test_page_edge_click_shows_evidence(browser, tmp_path):
    opened = Opened(browser, _write(tmp_path, company_view(), documents={DOC: "記事/ソニック.txt"}))
    try:
        data = opened.js("kgPage.data")
        ids = _ids(data)
        edge = next(e for e in data["edges"] if e["relation"] == "alumniOf")
        opened.click_edge(edge["id"])
        assert opened.js("kgPage.network.getSelectedEdges()") == [edge["id"]]
        details = opened.page.inner_text("#kg-details")
        assert "山田太郎 → 東都大学" in details and "山田太郎は東都大学を卒業した。" in details
        assert "文書: 記事/ソニック.txt" in details and "確信度: 0.80" in details
        # One edge per (pair, relation): both founder sentences are shown together, with the date.
        founder = next(e for e in data["edges"] if e["relation"] == "founderOf" and e["from"] == ids["yamada"])
        opened.click_edge(founder["id"])
        assert opened.page.locator("#kg-details blockquote").all_inner_texts() == [
            "山田太郎は2005年に株式会社ソニックテックを設立した。", "ソニックテックは山田が創業した会社だ。"]
        assert "日付: 2005" in opened.page.inner_text("#kg-details")
        assert opened.page.locator("#kg-details mark").first.inner_text() == "山田太郎"
        ARTIFACTS.mkdir(exist_ok=True)
        opened.page.screenshot(path=str(ARTIFACTS / "page_evidence.png"))
        assert (ARTIFACTS / "page_evidence.png").stat().st_size > 10_000
    finally:
        opened.close()


@pytest.mark.browser
def test_page_document_text_runs_nothing(browser, tmp_path):
    path = _write(tmp_path, hostile_view(), documents={"javascript:window.__pwned=1": "<img src=x onerror=alert(1)>"})
    opened = Opened(browser, path)
    try:
        data = opened.js("kgPage.data")
        for node in data["nodes"]:
            opened.js("(id) => kgPage.showNode(id)", node["id"])
        for edge in data["edges"]:
            opened.js("(id) => kgPage.showEdge(id)", edge["id"])
            opened.click_edge(edge["id"])
        evil = next(e for e in data["edges"] if e["relation"] == "employeeOf")
        opened.js("(id) => kgPage.showEdge(id)", evil["id"])
        opened.page.fill("#kg-search", "<script")
        opened.page.press("#kg-search", "Enter")
        opened.page.wait_for_timeout(300)
        # The markup is shown as text, and nothing ran or loaded.
        assert "<script>window.__pwned=1</script>" in opened.page.inner_text("#kg-details")
        assert opened.js("window.__pwned") is None and opened.dialogs == []
        assert opened.js("document.querySelectorAll('img, svg, a[href], iframe').length") == 0
        assert [u for u in opened.requests if not u.startswith("file:")] == []
        assert opened.console == []
    finally:
        opened.close()


@pytest.mark.browser
def test_page_pipeline_document_with_markup_runs_nothing(browser, tmp_path):
    from kg.build.pipeline import run
    from kg.config import Settings

    src = tmp_path / "in" / "xss.txt"
    src.parent.mkdir()
    src.write_text("鈴木一郎は<script>window.__pwned=1</script>株式会社ミドリ製作所を設立した。\n"
                   '<img src=x onerror="window.__pwned=1">田中次郎はミドリ製作所の社長である。\n'
                   "javascript:window.__pwned=1 鈴木一郎は北海大学を卒業した。\n", encoding="utf-8")
    out = tmp_path / "out"
    run(Settings(inputs=(src.parent,), out_dir=out, quiet=True))
    opened = Opened(browser, out / "graph.html")
    try:
        for edge in opened.js("kgPage.data.edges"):
            opened.js("(id) => kgPage.showEdge(id)", edge["id"])
        for node in opened.js("kgPage.data.nodes"):
            opened.js("(id) => kgPage.showNode(id)", node["id"])
        assert opened.js("kgPage.data.nodes.length") > 0
        assert opened.js("window.__pwned") is None and opened.dialogs == [] and opened.console == []
        assert opened.js("document.querySelectorAll('img, svg, a[href], iframe').length") == 0
    finally:
        opened.close()


@pytest.mark.browser
def test_page_large_graph_renders_top_n_without_physics(browser, tmp_path):
    path = _write(tmp_path, generated_view(1500), physics_max_nodes=300)
    opened = Opened(browser, path)
    try:
        shown = opened.js("[kgPage.visibleNodeIds().length, kgPage.network.physics.options.enabled]")
        assert shown == [300, False]
        opened.page.select_option("#kg-topn", "0")
        assert len(opened.js("kgPage.visibleNodeIds()")) == 1500
        # An ego view of the top node shows exactly it and its neighbours.
        top = opened.js("kgPage.data.nodes.find(n => n.rank === 0).id")
        opened.js("(id) => kgPage.setEgo(id, 1)", top)
        neighbours = opened.js("""(id) => [...new Set(kgPage.data.edges.filter(e => e.from === id || e.to === id)
                                   .flatMap(e => [e.from, e.to]))].sort((a, b) => a - b)""", top)
        assert sorted(opened.js("kgPage.visibleNodeIds()")) == neighbours
        # Searching a node outside the view opens its ego view.
        opened.page.click("#kg-ego-reset")
        opened.page.select_option("#kg-topn", "300")
        low = opened.js("kgPage.data.nodes.find(n => n.rank === 1400)")
        opened.page.fill("#kg-search", low["label"])
        opened.page.press("#kg-search", "Enter")
        assert opened.js("kgPage.network.getSelectedNodes()") == [low["id"]]
        assert low["id"] in opened.js("kgPage.visibleNodeIds()")
        assert opened.console == []
    finally:
        opened.close()


@pytest.mark.browser
def test_page_large_graph_labels_appear_as_one_zooms_in(browser, tmp_path):
    opened = Opened(browser, _write(tmp_path, generated_view(1500), physics_max_nodes=300))
    try:
        # A label is drawn once its on-screen size reaches the threshold (vis-network scaling.label).
        drawn = """(ids) => { const net = kgPage.network;
            return ids.map(id => { const label = net.body.nodes[id].labelModule;
              return label.fontOptions.size * net.getScale() >= label.elementOptions.scaling.label.drawThreshold; }); }"""
        ranked = [n["id"] for n in sorted(opened.js("kgPage.data.nodes"), key=lambda n: n["rank"])]
        assert opened.js(drawn, ranked[:20]) == [True] * 20
        assert not any(opened.js(drawn, ranked[100:300]))
        opened.js("kgPage.network.moveTo({scale: kgPage.network.getScale() * 2})")
        assert all(opened.js(drawn, ranked[100:120])) and not any(opened.js(drawn, ranked[150:300]))
        opened.js("kgPage.network.moveTo({scale: kgPage.network.getScale() * 4})")
        assert all(opened.js(drawn, ranked[:300]))
    finally:
        opened.close()


@pytest.mark.browser
def test_page_empty_and_edgeless_graphs_load(browser, tmp_path):
    lonely = nx.MultiDiGraph()
    lonely.add_node(E + "a", label="甲野一郎", type="Person", subtype="Person")
    lonely.add_node(E + "b", label="乙山商事", type="Organization", subtype="Unheard")  # unknown subtype
    for name, view in (("empty.html", nx.MultiDiGraph()), ("lonely.html", lonely)):
        opened = Opened(browser, _write(tmp_path, view, name))
        try:
            assert opened.js("[kgPage.visibleNodeIds().length, kgPage.visibleEdgeIds().length]") == [len(view), 0]
            assert opened.console == []
        finally:
            opened.close()


@pytest.mark.browser
def test_page_seed_screenshot(browser, seed_build):
    """The README figure: the seed graph with the legend and the evidence of its best-attested edge."""
    _, out = seed_build
    opened = Opened(browser, out / "graph.html", width=1500, height=900)
    try:
        edges = opened.js("kgPage.data.edges")
        assert edges, "the seed build produced no relations"
        best = max(edges, key=lambda e: (len(e["statements"]), -e["id"]))
        opened.click_edge(best["id"])
        assert opened.page.locator("#kg-details blockquote").count() == len(best["statements"])
        assert opened.page.locator("#kg-relations li").count() == len({e["relation"] for e in edges})
        ARTIFACTS.mkdir(exist_ok=True)
        opened.page.screenshot(path=str(ARTIFACTS / "seed_graph.png"))
        assert (ARTIFACTS / "seed_graph.png").stat().st_size > 30_000
        assert opened.console == []
    finally:
        opened.close()



# ---- a corpus of five short documents: three separate groups and several names with no relation ----

CORPUS = Path(__file__).resolve().parent / "data" / "page_corpus"


@pytest.fixture(scope="module")
def corpus_page(tmp_path_factory):
    """Build tests/data/page_corpus once, keeping weak statements too (the page's slider filters them)."""
    from kg.build.pipeline import run
    from kg.config import Settings

    out = tmp_path_factory.mktemp("page_corpus") / "out"
    run(Settings(inputs=(CORPUS,), out_dir=out, quiet=True, min_confidence=0.0))
    return out / "graph.html"


def _related(data: dict) -> set[int]:
    return {i for e in data["edges"] for i in (e["from"], e["to"])}


@pytest.fixture()
def corpus_opened(browser, corpus_page):
    """The corpus page opened at 1400×900."""
    opened = Opened(browser, corpus_page, height=900)
    yield opened
    opened.close()


@pytest.mark.model
@pytest.mark.browser
def test_page_corpus_draws_only_related_entities_until_asked(corpus_opened):
    opened = corpus_opened
    data = opened.js("kgPage.data")
    related = _related(data)
    lonely = [n for n in data["nodes"] if n["id"] not in related]
    assert len(lonely) >= 3 and len(related) >= 8, "the corpus should give lone names and three groups"
    assert sorted(opened.js("kgPage.visibleNodeIds()")) == sorted(related)
    assert f"関係のないエンティティ {len(lonely)} 件" in opened.page.inner_text("#kg-unrelated-row")
    opened.page.click("#kg-unrelated")
    assert len(opened.js("kgPage.visibleNodeIds()")) == len(data["nodes"])
    assert "表示中" in opened.page.inner_text("#kg-unrelated-row")
    # Shown, they are inside the canvas too (the view refits).
    assert opened.wait_until("""() => { const net = kgPage.network, ids = kgPage.visibleNodeIds();
        const box = document.getElementById('kg-network').getBoundingClientRect();
        return Object.values(net.getPositions(ids)).map(p => net.canvasToDOM(p))
          .every(d => d.x >= 0 && d.y >= 0 && d.x <= box.width && d.y <= box.height); }""")
    opened.page.click("#kg-unrelated")
    assert sorted(opened.js("kgPage.visibleNodeIds()")) == sorted(related)
    assert opened.console == []


@pytest.mark.model
@pytest.mark.browser
def test_page_corpus_search_reaches_an_entity_without_relations(corpus_opened):
    opened = corpus_opened
    data = opened.js("kgPage.data")
    lone = min((n for n in data["nodes"] if n["id"] not in _related(data)), key=lambda n: n["label"])
    assert lone["id"] not in opened.js("kgPage.visibleNodeIds()")
    opened.page.fill("#kg-search", lone["label"])
    opened.page.press("#kg-search", "Enter")
    assert opened.js("kgPage.network.getSelectedNodes()") == [lone["id"]]
    assert lone["id"] in opened.js("kgPage.visibleNodeIds()")
    assert opened.page.inner_text("#kg-details h2") == lone["label"]
    assert opened.wait_until("""(id) => {
        const c = kgPage.network.getViewPosition(), p = kgPage.network.getPositions([id])[id];
        return Math.abs(c.x - p.x) < 5 && Math.abs(c.y - p.y) < 5; }""", lone["id"])
    opened.page.click("#kg-ego-reset")
    assert sorted(opened.js("kgPage.visibleNodeIds()")) == sorted(_related(data))
    assert opened.console == []


@pytest.mark.model
@pytest.mark.browser
def test_page_corpus_first_screen_fills_the_canvas_with_readable_labels(corpus_opened):
    opened = corpus_opened
    shown = opened.js("""() => {
        const net = kgPage.network, ids = kgPage.visibleNodeIds(), scale = net.getScale();
        const box = document.getElementById('kg-network').getBoundingClientRect();
        const dom = Object.values(net.getPositions(ids)).map(p => net.canvasToDOM(p));
        const xs = dom.map(d => d.x), ys = dom.map(d => d.y);
        const top = kgPage.data.nodes.filter(n => ids.includes(n.id)).sort((a, b) => a.rank - b.rank).slice(0, 20);
        const label = id => net.body.nodes[id].labelModule;
        return {width: box.width, height: box.height, x: [Math.min(...xs), Math.max(...xs)],
                y: [Math.min(...ys), Math.max(...ys)],
                px: top.map(n => label(n.id).fontOptions.size * scale),
                threshold: label(top[0].id).elementOptions.scaling.label.drawThreshold}; }""")
    width, height = shown["width"], shown["height"]
    assert 0 <= shown["x"][0] and shown["x"][1] <= width and 0 <= shown["y"][0] and shown["y"][1] <= height
    assert (shown["x"][1] - shown["x"][0]) / width >= 0.6 or (shown["y"][1] - shown["y"][0]) / height >= 0.6
    assert min(shown["px"]) >= max(12, shown["threshold"])
    ARTIFACTS.mkdir(exist_ok=True)
    opened.page.screenshot(path=str(ARTIFACTS / "page_corpus.png"))
    assert opened.console == []


@pytest.mark.model
@pytest.mark.browser
def test_page_corpus_confidence_slider_hides_weak_statements(corpus_opened):
    opened = corpus_opened
    data = opened.js("kgPage.data")
    low, high = data["confidence"]
    assert low < 0.5 < high, "the corpus's hedged sentences (らしい, 計画) should give weak statements"
    strong = [e for e in data["edges"] if any(st["confidence"] >= 0.5 for st in e["statements"])]
    assert 0 < len(strong) < len(data["edges"])
    opened.page.fill("#kg-confidence", "0.5")
    assert opened.page.inner_text("#kg-confidence-section label") == "確信度 ≥ 0.50"
    assert sorted(opened.js("kgPage.visibleEdgeIds()")) == sorted(e["id"] for e in strong)
    # An entity whose only relations are weak has no relation left, so it is not drawn either.
    assert sorted(opened.js("kgPage.visibleNodeIds()")) == sorted(_related({"edges": strong}))
    opened.page.fill("#kg-confidence", str(low))
    assert len(opened.js("kgPage.visibleEdgeIds()")) == len(data["edges"])
    assert opened.console == []


def test_page_cli_html_redraws_built_graph_byte_identically(tiny_build, tmp_path):
    from typer.testing import CliRunner

    from kg.cli import app

    _, out, _ = tiny_build
    target = tmp_path / "again.html"
    result = CliRunner().invoke(app, ["html", str(out / "graph.ttl"), "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert target.read_bytes() == (out / "graph.html").read_bytes()
    missing = CliRunner().invoke(app, ["html", str(tmp_path / "none.ttl")])
    assert missing.exit_code == 1 and "kg build" in missing.output

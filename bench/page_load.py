"""Measure the graph page on a generated graph: render time, file size and load time in headless chromium.

Usage: .venv/bin/python bench/page_load.py [--nodes 5000] [--edges-per-node 2] [--out /tmp/page_bench.html]
Prints one JSON object. Needs Debian's chromium (/usr/bin/chromium) and the playwright package.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

import networkx as nx

from kg.present.page import RELATION_STYLE, render_page

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
SUBTYPES = ["Person"] * 6 + ["Company"] * 3 + ["University", "InvestmentFund"]


def synthetic_view(nodes: int, edges_per_node: int = 2, seed: int = 1) -> nx.MultiDiGraph:
    """A scale-free entity graph shaped like kg.present.views.to_networkx output, with Japanese labels and evidence."""
    rng = random.Random(seed)
    base = nx.barabasi_albert_graph(nodes, edges_per_node, seed=seed)
    view = nx.MultiDiGraph()
    relations = sorted(RELATION_STYLE)
    for i in base.nodes:
        subtype = rng.choice(SUBTYPES)
        coarse = "Person" if subtype == "Person" else "Organization"
        name = f"山田{i}郎" if coarse == "Person" else f"株式会社テスト{i}"
        view.add_node(f"https://example.org/e/{i:05d}", label=name, type=coarse, subtype=subtype,
                      aliases=f"テスト{i}|T{i}", mentions=rng.randint(1, 20))
    for n, (a, b) in enumerate(base.edges):
        rel = rng.choice(relations)
        year = rng.choice(["", "1998", "2005", "2012", "2019"])
        sentence = f"{year or 'ある年'}年、山田{a}郎は株式会社テスト{b}に関わったと報じられた。"
        view.add_edge(f"https://example.org/e/{a:05d}", f"https://example.org/e/{b:05d}", key=f"{rel}:{n}",
                      relation=rel, evidence=sentence, doc=f"https://example.org/doc/{n % 50}", start=n * 40,
                      end=n * 40 + len(sentence), confidence=0.8, date=year, method="bench.synthetic",
                      statement=f"https://example.org/st/{n}")
    return view


def measure(html_path: Path, timeout_ms: int = 300_000) -> dict[str, float]:
    """Open ``html_path`` with the network blocked; return seconds to DOMContentLoaded and to first drawing."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
        start = time.perf_counter()
        page.goto(html_path.resolve().as_uri(), wait_until="domcontentloaded", timeout=timeout_ms)
        dom = time.perf_counter() - start
        page.wait_for_selector('html[data-kg-ready="true"]', state="attached", timeout=timeout_ms)
        ready = time.perf_counter() - start
        shown = page.evaluate("[kgPage.visibleNodeIds().length, kgPage.visibleEdgeIds().length]")
        # Then everything at once: the worst case a user can ask for.
        start = time.perf_counter()
        page.evaluate("""() => new Promise(done => {
            kgPage.network.once('afterDrawing', () => done());
            const s = document.getElementById('kg-topn'); if (s) { s.value = '0'; s.dispatchEvent(new Event('change')); }
            kgPage.network.redraw(); })""")
        all_nodes = time.perf_counter() - start
        browser.close()
    if errors:
        raise RuntimeError(f"page errors: {errors}")
    return {"dom_content_loaded_s": round(dom, 2), "ready_s": round(ready, 2), "shown_nodes": shown[0],
            "shown_edges": shown[1], "show_all_s": round(all_nodes, 2)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--nodes", type=int, default=5000)
    ap.add_argument("--edges-per-node", type=int, default=2)
    ap.add_argument("--out", type=Path, default=Path("/tmp/kg_page_bench.html"))
    args = ap.parse_args(argv)
    view = synthetic_view(args.nodes, args.edges_per_node)
    start = time.perf_counter()
    html = render_page(view)
    render_s = time.perf_counter() - start
    args.out.write_text(html, encoding="utf-8")
    figures = {"nodes": view.number_of_nodes(), "statements": view.number_of_edges(),
               "render_s": round(render_s, 2), "bytes": len(html.encode("utf-8"))}
    figures.update(measure(args.out))
    json.dump(figures, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

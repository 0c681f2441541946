"""Stage 7 (page): entity-only NetworkX view → one self-contained, offline, escaped HTML page.

The page is our own template (kg/present/assets) with vis-network inlined from the pinned pyvis package; the
graph travels as one JSON block that the page script reads with JSON.parse and shows via textContent.
Node positions come from kg.present.layout, computed here so the first drawing is final and the same every time.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import math
import re
from collections import defaultdict
from collections.abc import Mapping
from importlib import resources
from typing import Any

import networkx as nx
from rdflib import RDF, Graph
from rdflib.namespace import DCTERMS

from .. import resources as kg_resources
from ..errors import KGError
from ..rdf.support import noisy_or
from ..vocab import KG, RELATIONS, SYMMETRIC, local_name
from .conflicts import conflicting_edges, find_conflicts
from .layout import layout

log = logging.getLogger(__name__)

# Short Japanese edge label, English on hover, edge colour; keyed by the relation's local name.
RELATION_STYLE: dict[str, tuple[str, str, str]] = {
    "mentorOf": ("師弟", "mentor of", "#8e44ad"),
    "investedIn": ("投資", "invested in", "#2e9e44"),
    "boardMemberOf": ("取締役", "board member of", "#8c564b"),
    "founderOf": ("創業", "founder of", "#d62728"),
    "ceoOf": ("CEO", "CEO of", "#ff7f0e"),
    "executiveOf": ("役員", "executive of", "#d6569e"),
    "employeeOf": ("勤務", "employee of", "#7f7f7f"),
    "alumniOf": ("出身", "alumnus of", "#1f77b4"),
    "spouseOf": ("配偶者", "spouse of", "#c2185b"),
    "partnerOf": ("パートナー", "partner of", "#f06292"),
    "siblingOf": ("兄弟姉妹", "sibling of", "#9a9a1f"),
    "acquired": ("買収", "acquired", "#17a2b8"),
    "partnershipWith": ("提携", "partnership with", "#00897b"),
    "dismissedFrom": ("解任", "dismissed from", "#222222"),
    "memberOf": ("所属", "member of", "#3949ab"),
    "parentOrgOf": ("親会社", "parent org of", "#a6761d"),
}

# Node look per subtype: (Japanese, English, colour, vis shape). Shapes with the label below them
# (dot, square, diamond, ...) are the ones vis-network scales by ``size``, so PageRank shows.
TYPE_STYLE: dict[str, tuple[str, str, str, str]] = {
    "Person": ("人物", "Person", "#4c78a8", "dot"),
    "Company": ("企業", "Company", "#f58518", "square"),
    "InvestmentFund": ("投資ファンド", "Investment fund", "#54a24b", "diamond"),
    "Accelerator": ("アクセラレーター", "Accelerator", "#b279a2", "triangle"),
    "University": ("大学", "University", "#e45756", "hexagon"),
    "School": ("学校", "School", "#ff9da6", "triangleDown"),
    "NonProfit": ("非営利団体", "Non-profit", "#72b7b2", "star"),
    "Government": ("政府機関", "Government body", "#9d755d", "diamond"),
    "Organization": ("組織", "Organization", "#a0a0a0", "square"),
}

_TOP_N = 300  # a first view with more related entities than this shows the most central 300
_EXACT_BETWEENNESS_MAX = 300  # nodes; above this betweenness is estimated from a sample of sources
_HEIGHT = re.compile(r"^\d+(\.\d+)?(px|vh|%|em|rem)$")
_VIS_JS = ("templates", "lib", "vis-9.1.2", "vis-network.min.js")


def render_page(view: nx.MultiDiGraph, *, height: str = "100vh", physics_max_nodes: int = 0,
                top_n: int | None = None, documents: Mapping[str, str] | None = None,
                title: str = "知識グラフ") -> str:
    """Return the HTML of a self-contained page for the entity graph.

    Args:
        view: the entity-only graph of ``kg.present.views.to_networkx``.
        height: CSS height of the page (``100vh``, ``800px``, ...).
        physics_max_nodes: vis-network's physics runs, from the computed layout, when the graph has
            at most this many related entities; 0 (the default): never, the computed layout is final.
        top_n: how many related entities (by PageRank) the page shows at first; None = all of them, or
            300 when there are more. The user can change it in the page.
        documents: document IRI → title or path, shown beside each evidence sentence.
        title: the page title.

    Raises:
        KGError: ``height`` is not a CSS length, or the packaged page assets are missing.
    """
    if not _HEIGHT.match(height):
        raise KGError(f"HTML height {height!r} is not a CSS length; use e.g. '100vh' or '800px' (html_height)")
    data = page_data(view, physics_max_nodes=physics_max_nodes, top_n=top_n, documents=documents)
    template = _asset("page.html")
    scripts = [_vis_js(), _asset("page.js")]
    for code in scripts:
        # An inline script ends at the first "</script" whatever JavaScript thinks; refuse, don't mangle.
        if re.search(r"</script|<!--", code, re.IGNORECASE):
            raise KGError("a page script contains '</script' or '<!--'; it cannot be inlined safely")
    csp = " ".join(f"'sha256-{_sha256(code)}'" for code in scripts)
    parts = {
        "TITLE": _escape_text(title),
        "HEIGHT": height,
        "CSP_SCRIPTS": csp,
        "CSS": _asset("page.css"),
        "DATA": json_for_html(data),
        "VIS_JS": scripts[0],
        "PAGE_JS": scripts[1],
    }
    # One pass over the template, so text inserted for one slot is never scanned for another.
    return re.sub(r"@@([A-Z_]+)@@", lambda m: parts[m.group(1)], template)


def page_data(view: nx.MultiDiGraph, *, physics_max_nodes: int = 0, top_n: int | None = None,
              documents: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Return the JSON-ready data the page draws: nodes, aggregated edges, styles, options.

    Statements between one pair with one relation become one edge carrying all of them
    (symmetric relations are keyed on the unordered pair). Everything is sorted and rounded,
    so the same graph gives the same data.
    """
    documents = documents or {}
    order = sorted(view.nodes)
    index = {node: i for i, node in enumerate(order)}
    # The page first draws the entities with a relation; physics runs only when asked for and there are few.
    related = {n for edge in view.edges() for n in edge}
    physics = 0 < len(related) <= physics_max_nodes
    pagerank, betweenness = _centrality(view, len(order) > _EXACT_BETWEENNESS_MAX)
    top_pr = max(pagerank.values(), default=0.0) or 1.0
    ranked = sorted(order, key=lambda n: (-pagerank.get(n, 0.0), str(view.nodes[n].get("label", n)), n))
    rank = {node: i for i, node in enumerate(ranked)}
    positions = layout(order, view.edges(), pagerank)

    nodes = []
    for node in order:
        attrs = view.nodes[node]
        subtype = str(attrs.get("subtype") or attrs.get("type") or "Organization")
        if subtype not in TYPE_STYLE:
            subtype = "Person" if attrs.get("type") == "Person" else "Organization"
        pr = float(pagerank.get(node, 0.0))
        x, y = positions[node]
        nodes.append({
            "id": index[node], "iri": node, "label": str(attrs.get("label") or node),
            "type": str(attrs.get("type") or ""), "subtype": subtype,
            "aliases": [a for a in str(attrs.get("aliases") or "").split("|") if a],
            "mentions": int(attrs.get("mentions") or 0), "degree": int(view.degree(node)),
            "pagerank": _round(pr), "betweenness": _round(float(betweenness.get(node, 0.0))),
            "rank": rank[node], "size": round(8 + 30 * math.sqrt(pr / top_pr), 1), "x": x, "y": y,
        })

    grouped: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for s, o, attrs in view.edges(data=True):
        rel = str(attrs.get("relation") or "")
        if rel in _SYMMETRIC_NAMES and o < s:
            s, o = o, s
        grouped[(s, o, rel)].append(_statement(attrs))
    pairs: dict[tuple[str, str], int] = defaultdict(int)
    edges = []
    disputed = conflicting_edges(find_conflicts(view))
    for i, ((s, o, rel), statements) in enumerate(sorted(grouped.items(), key=lambda kv: kv[0])):
        statements.sort(key=lambda st: (st["doc"], st["start"], st["end"], st["evidence"], st["id"]))
        pair = (min(s, o), max(s, o))
        edges.append({"id": i, "from": index[s], "to": index[o], "relation": rel,
                      "symmetric": rel in _SYMMETRIC_NAMES, "parallel": pairs[pair],
                      "statements": statements, "support": _support(statements),
                      "conflicts": disputed.get((s, o, rel), []) + disputed.get((o, s, rel), [])})
        pairs[pair] += 1
    # Documents are listed once and statements point at them by index: big graphs repeat them a lot.
    doc_iris = sorted({st["doc"] for e in edges for st in e["statements"]})
    doc_index = {iri: i for i, iri in enumerate(doc_iris)}
    for edge in edges:
        a, b = order[edge["from"]], order[edge["to"]]
        edge["parallelCount"] = pairs[(min(a, b), max(a, b))]
        for st in edge["statements"]:
            st["doc"] = doc_index[st.pop("doc")]
            del st["id"]

    years = sorted({st["year"] for e in edges for st in e["statements"] if st["year"]})
    confidences = sorted({st["confidence"] for e in edges for st in e["statements"]})
    low = math.floor(confidences[0] * 20 + 1e-9) / 20 if confidences else 0.0
    present_rel = {e["relation"] for e in edges}
    relations = {name: {"ja": ja, "en": en, "color": color, "symmetric": name in _SYMMETRIC_NAMES}
                 for name, (ja, en, color) in RELATION_STYLE.items() if name in present_rel}
    for name in sorted(present_rel - relations.keys()):  # relations newer than this table
        relations[name] = {"ja": name, "en": name, "color": "#666666", "symmetric": False}
    present_types = {n["subtype"] for n in nodes}
    types = {name: {"ja": ja, "en": en, "color": color, "shape": shape}
             for name, (ja, en, color, shape) in TYPE_STYLE.items() if name in present_types}
    if top_n is None:
        top_n = _TOP_N if len(related) > _TOP_N else 0
    return {
        "nodes": nodes, "edges": edges, "relations": relations, "types": types,
        "documents": [{"iri": iri, "title": str(documents.get(iri) or iri.rsplit("/", 1)[-1])} for iri in doc_iris],
        "relationOrder": [r for r in (local_name(p) for p in RELATIONS) if r in relations]
        + sorted(relations.keys() - {local_name(p) for p in RELATIONS}),
        "typeOrder": [t for t in TYPE_STYLE if t in types],
        "years": [years[0], years[-1]] if years else [],
        # The confidence slider runs in steps of 0.05 from just below the lowest to the highest.
        "confidence": [round(low, 2), confidences[-1]] if confidences and confidences[-1] - low >= 0.05 else [],
        "options": {"physics": physics, "topN": int(top_n) if 0 < int(top_n) < len(related) else 0,
                    "statements": sum(len(e["statements"]) for e in edges)},
    }


def document_titles(g: Graph) -> dict[str, str]:
    """Return document IRI → "title (file name)" from a built graph, for the evidence panel."""
    out = {}
    for doc in set(g.subjects(RDF.type, KG.Document)):
        title = str(g.value(doc, DCTERMS.title) or "").strip()
        path = str(g.value(doc, KG.sourcePath) or "").replace("\\", "/").rsplit("/", 1)[-1]
        out[str(doc)] = f"{title}（{path}）" if title and path and title != path else (title or path or str(doc))
    return out


def json_for_html(data: object) -> str:
    """Serialise ``data`` as JSON that is safe inside an HTML ``<script type="application/json">``.

    ``<``, ``>`` and ``&`` become ``\\u003c`` etc., so no ``</script>`` or ``<!--`` can appear;
    U+2028/U+2029 are escaped for old JavaScript parsers. Keys are sorted: same data, same bytes.

    Example:
        >>> json_for_html({"t": "</script><!--\\u2028"})
        '{"t":"\\\\u003c/script\\\\u003e\\\\u003c!--\\\\u2028"}'
    """
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False)
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                          ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escaped)
    return text


_SYMMETRIC_NAMES = frozenset(local_name(p) for p in SYMMETRIC)


def _statement(attrs: Mapping[str, Any]) -> dict[str, Any]:
    doc = str(attrs.get("doc") or "")
    date = str(attrs.get("date") or "")
    year = int(date[:4]) if re.match(r"^\d{4}", date) else None
    return {"evidence": str(attrs.get("evidence") or ""), "doc": doc,
            "date": date, "year": year, "confidence": _round(float(attrs.get("confidence") or 0.0), 3),
            "method": str(attrs.get("method") or ""), "start": int(attrs.get("start") or 0),
            "end": int(attrs.get("end") or 0), "id": str(attrs.get("statement") or "")}


def _support(statements: list[dict[str, Any]]) -> dict[str, Any]:
    """The support of one edge as kgo:Support states it: statements, distinct documents, noisy-or confidence."""
    return {"statements": len(statements), "documents": len({st["doc"] for st in statements}),
            "confidence": _round(noisy_or(st["confidence"] for st in statements), 3)}


def _centrality(view: nx.MultiDiGraph, large: bool) -> tuple[dict[str, float], dict[str, float]]:
    """PageRank and betweenness: taken from node attributes when present, else computed."""
    if not len(view):
        return {}, {}
    given_pr = nx.get_node_attributes(view, "pagerank")
    pagerank = given_pr if len(given_pr) == len(view) else nx.pagerank(nx.DiGraph(view))
    given_bc = nx.get_node_attributes(view, "betweenness")
    if len(given_bc) == len(view):
        return pagerank, given_bc
    simple = nx.Graph(view.to_undirected())
    # Exact betweenness is O(n·m); on large graphs a fixed-seed sample of sources keeps it fast and stable.
    k = min(len(simple), 32) if large else None
    return pagerank, nx.betweenness_centrality(simple, k=k, seed=7 if k else None)


def _round(value: float, digits: int = 6) -> float:
    """Round to ``digits`` significant digits so tiny float noise never changes the page bytes."""
    return float(f"{value:.{digits}g}") if value else 0.0


def _escape_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _sha256(code: str) -> str:
    return base64.b64encode(hashlib.sha256(code.encode("utf-8")).digest()).decode("ascii")


def _asset(name: str) -> str:
    return kg_resources.asset_text(name)


def _vis_js() -> str:
    try:
        return resources.files("pyvis").joinpath(*_VIS_JS).read_text(encoding="utf-8")
    except (OSError, ModuleNotFoundError) as err:
        raise KGError("vis-network is missing from the pyvis package; run: pip install pyvis==0.3.2") from err

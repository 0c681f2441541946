"""The interactive graph page: a pyvis network, JavaScript inlined, no network access."""

from __future__ import annotations

import html
import re

import networkx as nx


def render_page(view: nx.MultiDiGraph, *, height: str = "100vh") -> str:
    """Return the HTML of a self-contained page for the entity graph."""
    from pyvis.network import Network

    net = Network(height=height, width="100%", directed=True, cdn_resources="in_line", notebook=False)
    for node, data in sorted(view.nodes(data=True)):
        title = f"{data.get('label')} ({data.get('type')})\n{data.get('aliases', '').replace('|', ', ')}"
        net.add_node(node, label=data.get("label", node), title=html.escape(title),
                     shape="dot" if data.get("type") == "Person" else "box")
    for s, o, data in sorted(view.edges(data=True), key=lambda e: (e[0], e[1], e[2].get("statement", ""))):
        net.add_edge(s, o, label=data.get("relation", ""), title=html.escape(data.get("evidence", "")))
    return _strip_remote(net.generate_html())


def _strip_remote(page: str) -> str:
    """Drop <script src=http…> and <link href=http…> tags pyvis adds even when inlining vis.js."""
    page = re.sub(r"<script[^>]*\ssrc=[\"']https?://[^>]*>\s*</script>", "", page)
    return re.sub(r"<link[^>]*\shref=[\"']https?://[^>]*>", "", page)

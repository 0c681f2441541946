"""Stage 7: graph → files. Turtle, GraphML, the pyvis page and JSONL dumps, each written atomically."""

from __future__ import annotations

import html
import json
import os
import re
import tempfile
from collections.abc import Iterable
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Iterator

import networkx as nx
from rdflib import Graph


@contextmanager
def atomic_write(path: Path, mode: str = "w") -> Iterator[IO]:
    """Write ``path`` via a temporary file beside it, renamed into place only on success."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, mode, encoding=None if "b" in mode else "utf-8", newline=None if "b" in mode else "\n") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_turtle(g: Graph, path: Path) -> None:
    """Write the graph as Turtle (rdflib sorts subjects, so output is deterministic)."""
    data = g.serialize(format="turtle", encoding="utf-8")
    with atomic_write(path, "wb") as fh:
        fh.write(data)


def write_graphml(view: nx.MultiDiGraph, path: Path) -> None:
    """Write the NetworkX view as GraphML."""
    with atomic_write(path, "wb") as fh:
        nx.write_graphml(view, fh, encoding="utf-8", prettyprint=True)


def write_jsonl(rows: Iterable[dict], path: Path) -> None:
    """Write one JSON object per line, keys sorted."""
    with atomic_write(path) as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False, sort_keys=True, default=str) + "\n")


def write_html(view: nx.MultiDiGraph, path: Path, *, height: str = "100vh") -> None:
    """Write a self-contained interactive page (pyvis, JavaScript inlined, UTF-8)."""
    from pyvis.network import Network

    net = Network(height=height, width="100%", directed=True, cdn_resources="in_line", notebook=False)
    for node, data in sorted(view.nodes(data=True)):
        title = f"{data.get('label')} ({data.get('type')})\n{data.get('aliases', '').replace('|', ', ')}"
        net.add_node(node, label=data.get("label", node), title=title,
                     shape="dot" if data.get("type") == "Person" else "box")
    for s, o, data in sorted(view.edges(data=True), key=lambda e: (e[0], e[1], e[2].get("statement", ""))):
        net.add_edge(s, o, label=data.get("relation", ""), title=html.escape(data.get("evidence", "")))
    page = _strip_remote(net.generate_html())
    with atomic_write(path) as fh:
        fh.write(page)


def _strip_remote(page: str) -> str:
    """Drop <script src=http…> and <link href=http…> tags pyvis adds even when inlining vis.js."""
    page = re.sub(r"<script[^>]*\ssrc=[\"']https?://[^>]*>\s*</script>", "", page)
    return re.sub(r"<link[^>]*\shref=[\"']https?://[^>]*>", "", page)

"""Stage 7: graph → files. Turtle, GraphML, the pyvis page and JSONL dumps, each written atomically."""

from __future__ import annotations

import json
import os
import re
import shutil
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


STAGING_PREFIX = ".kg-staging-"


@contextmanager
def staged(out_dir: Path) -> Iterator[Path]:
    """Yield a hidden folder inside ``out_dir`` to write a build's files into; publish them all on success.

    The files are renamed into ``out_dir`` one after another only once every one of them is
    complete, so a build killed while writing leaves the previous outputs whole. Staging
    folders left behind by killed builds are removed first.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    for stale in out_dir.glob(f"{STAGING_PREFIX}*"):
        shutil.rmtree(stale, ignore_errors=True)
    for stale in out_dir.glob(".*.tmp"):  # atomic_write temporaries of a killed build
        stale.unlink(missing_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=out_dir))
    try:
        yield stage
        for item in sorted(stage.iterdir()):
            os.replace(item, out_dir / item.name)
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def write_turtle(g: Graph, path: Path) -> None:
    """Write the graph as Turtle (rdflib sorts subjects, so output is deterministic)."""
    data = g.serialize(format="turtle", encoding="utf-8")
    with atomic_write(path, "wb") as fh:
        fh.write(data)


def jsonld_context(g: Graph) -> dict[str, str]:
    """Return the JSON-LD @context for ``g``: the project's prefixes (kgo, kgr, rdfs, prov, ...) as bound."""
    from .graph import PREFIXES

    return {prefix: str(ns) for prefix, ns in sorted(g.namespaces()) if prefix in PREFIXES or prefix == "kgr"}


def write_jsonld(g: Graph, path: Path) -> None:
    """Write the graph as compacted JSON-LD with an inline @context (same triples as graph.ttl).

    Nodes are sorted by @id and multi-valued properties by value, so the same graph gives the same bytes.
    """
    context = jsonld_context(g)
    data = json.loads(g.serialize(format="json-ld", context=context, auto_compact=True))
    nodes = data.get("@graph", [data] if "@id" in data else [])
    for node in nodes:
        node.pop("@context", None)
        for key, value in node.items():
            if isinstance(value, list):
                node[key] = sorted(value, key=lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True))
    nodes.sort(key=lambda n: str(n.get("@id", "")))
    text = json.dumps({"@context": context, "@graph": nodes}, ensure_ascii=False, indent=1, sort_keys=True)
    with atomic_write(path) as fh:
        fh.write(text + "\n")


def write_graphml(view: nx.MultiDiGraph, path: Path) -> None:
    """Write the NetworkX view as GraphML."""
    with atomic_write(path, "wb") as fh:
        nx.write_graphml(view, fh, encoding="utf-8", prettyprint=True)


def write_jsonl(rows: Iterable[dict], path: Path) -> None:
    """Write one JSON object per line, keys sorted."""
    with atomic_write(path) as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False, sort_keys=True, default=str) + "\n")


def write_html(view: nx.MultiDiGraph, path: Path, *, height: str = "100vh", physics_max_nodes: int = 300,
               graph: Graph | None = None) -> None:
    """Write the self-contained interactive page (see kg.page); ``graph`` supplies document titles."""
    from .page import document_titles, render_page

    page = render_page(view, height=height, physics_max_nodes=physics_max_nodes,
                       documents=document_titles(graph) if graph is not None else None)
    with atomic_write(path) as fh:
        fh.write(page)

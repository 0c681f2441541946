"""kg serve: a read-only SPARQL 1.1 Protocol endpoint on loopback, queried over real HTTP, then stopped."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from kg.errors import KGError
from kg.rdf.graph import load
from kg.rdf.query import prepare, prologue, run_query
from kg.rdf.serve import LOOPBACK, free_port, port_free, start

from conftest import DATA

FIXTURE = DATA / "queries_fixture.ttl"
JSON = "application/sparql-results+json"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    path = tmp_path_factory.mktemp("serve") / "graph.ttl"
    shutil.copy(FIXTURE, path)
    srv = start(path, port=free_port())
    yield srv
    srv.stop()


def _get(url: str, query: str) -> dict:
    req = urllib.request.Request(f"{url}?{urllib.parse.urlencode({'query': query})}", headers={"Accept": JSON})
    with urllib.request.urlopen(req, timeout=10) as resp:
        return json.loads(resp.read())


def _post(url: str, query: str) -> dict:
    req = urllib.request.Request(url, data=query.encode("utf-8"), method="POST",
                                 headers={"Accept": JSON, "Content-Type": "application/sparql-query"})
    with urllib.request.urlopen(req, timeout=10) as resp:
        return json.loads(resp.read())


def _values(results: dict) -> list[tuple]:
    names = results["head"]["vars"]
    return [tuple(row.get(n, {}).get("value") for n in names) for row in results["results"]["bindings"]]


def test_serve_binds_loopback_by_default(server):
    assert server.host == LOOPBACK
    assert server.query_url.startswith("http://127.0.0.1:")
    assert not port_free(LOOPBACK, server.port)


def test_serve_answers_a_shipped_query_like_kg_query(server):
    query = prologue() + prepare("founders_and_board", {"org": "ミドリ商事"})
    over_http = _values(_get(server.query_url, query))
    columns, rows = run_query(load(FIXTURE), prepare("founders_and_board", {"org": "ミドリ商事"}))
    assert over_http == [tuple(None if v is None else str(v) for v in row) for row in rows]
    assert ("佐藤花子", "founder") in [r[:2] for r in over_http]


def test_serve_post_and_get_agree(server):
    query = prologue() + "SELECT ?name WHERE { ?p a kgo:Person ; rdfs:label ?name } ORDER BY ?name"
    assert _post(server.query_url, query) == _get(server.query_url, query)
    assert [v[0] for v in _values(_get(server.query_url, query))] == [
        "佐藤花子", "山田次郎", "田中太郎", "鈴木一郎", "風間健"]


def test_serve_ask_over_http(server):
    assert _get(server.query_url, prologue() + "ASK { ?x kgo:acquired ?y }")["boolean"] is True


def test_serve_refuses_updates(server):
    data = urllib.parse.urlencode({"update": "DELETE WHERE { ?s ?p ?o }"}).encode()
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(urllib.request.Request(f"{server.url}/update", data=data), timeout=10)
    assert err.value.code in {403, 404, 405}
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    assert int(_values(_get(server.query_url, count))[0][0]) == len(load(FIXTURE))


def test_serve_port_in_use_is_an_error(server):
    with pytest.raises(KGError, match="already in use"):
        start(FIXTURE, port=server.port)


def test_serve_stop_ends_the_process(tmp_path):
    path = tmp_path / "graph.ttl"
    shutil.copy(FIXTURE, path)
    srv = start(path, port=free_port())
    assert _get(srv.query_url, "ASK { ?s ?p ?o }")["boolean"] is True
    srv.stop()
    assert srv.process.poll() is not None
    with pytest.raises(urllib.error.URLError):
        _get(srv.query_url, "ASK { ?s ?p ?o }")


def test_serve_cli_runs_until_terminated(tmp_path):
    path = tmp_path / "graph.ttl"
    shutil.copy(FIXTURE, path)
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "kg", "serve", "--graph", str(path), "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stderr.readline()  # printed once the endpoint answers
        assert f"http://127.0.0.1:{port}/query" in line, line
        query = prologue() + "SELECT ?l WHERE { ?x a kgo:Company ; rdfs:label ?l } ORDER BY ?l"
        results = _get(f"http://127.0.0.1:{port}/query", query)
        assert [v[0] for v in _values(results)] == ["ホシ・ラボ", "ミドリ商事"]
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    deadline = time.monotonic() + 10
    while _servers_on(tmp_path) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _servers_on(tmp_path), "the oxigraph child outlived kg serve"


def _servers_on(folder) -> list[str]:
    """Command lines of running processes that serve a store inside ``folder`` (Linux /proc)."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            args = cmdline.read_bytes().split(b"\0")
        except OSError:
            continue
        if any(b"serve-read-only" in a for a in args) and any(str(folder).encode() in a for a in args):
            found.append(" ".join(a.decode("utf-8", "replace") for a in args))
    return found


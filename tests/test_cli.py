"""The command line: help for every command, one-line errors, real subcommands on a built graph."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from kg.cli import app

runner = CliRunner()


@pytest.mark.parametrize("command", ["build", "query", "stats", "eval"])
def test_cli_help(command):
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output


def test_cli_version():
    import kg

    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.output == f"kg {kg.__version__}\n"


def test_cli_missing_input_is_one_line(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "kg", "build", str(tmp_path / "nope"), "--out", str(tmp_path / "o")],
                          capture_output=True, text=True)
    assert proc.returncode == 1
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "no such file or folder" in lines[0]
    assert "Traceback" not in proc.stderr
    assert not (tmp_path / "o").exists()


def test_cli_query_and_stats_on_tiny_graph(tiny_build):
    _, out, _ = tiny_build
    q = "SELECT ?name WHERE { ?p a kgo:Person ; rdfs:label ?name } ORDER BY ?name"
    result = runner.invoke(app, ["query", q, "--graph", str(out / "graph.ttl"), "--format", "json"])
    assert result.exit_code == 0, result.output
    names = [row["name"] for row in json.loads(result.output)]
    assert "長谷川浩史" in names
    result = runner.invoke(app, ["stats", "--graph", str(out / "graph.ttl"), "--top", "3", "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0].startswith("label,type,degree")
    assert len(result.output.splitlines()) == 4


def test_cli_query_missing_graph_is_one_line(tmp_path):
    result = runner.invoke(app, ["query", "SELECT * WHERE { ?s ?p ?o }", "--graph", str(tmp_path / "x.ttl")])
    assert result.exit_code == 1
    assert "run 'kg build' first" in result.output

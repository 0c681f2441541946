"""SPARQL over a built graph: prefixes pre-bound, read-only unless asked, shipped queries by name."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from pyparsing import ParseException
from rdflib import Graph
from rdflib.plugins.sparql import prepareQuery

from ..errors import QueryError
from ..resources import query_dir
from .graph import PREFIXES

if TYPE_CHECKING:
    from pyoxigraph import Store

# Query engines: rdflib in memory (default), Oxigraph on disk (kg.rdf.store).
STORES: tuple[str, ...] = ("rdflib", "oxigraph")

_UPDATE = re.compile(r"^\s*(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", re.I | re.M)


def prologue() -> str:
    """Return PREFIX lines for the project's common prefixes."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in sorted(PREFIXES.items()))


def shipped_queries() -> dict[str, str]:
    """Return the queries shipped with kg, by name (file stem)."""
    folder = query_dir()
    if not folder.is_dir():
        return {}
    return {Path(f.name).stem: f.read_text(encoding="utf-8")
            for f in sorted(folder.iterdir(), key=lambda f: f.name) if f.name.endswith(".rq")}


def resolve_query(text_or_path: str) -> str:
    """Return query text from a shipped query name, a .rq file path, or inline SPARQL.

    Raises:
        QueryError: a .rq path that does not exist, or a name that is not shipped.
    """
    shipped = shipped_queries()
    if text_or_path in shipped:
        return shipped[text_or_path]
    path = Path(text_or_path)
    if text_or_path.endswith(".rq") or (len(text_or_path) < 255 and path.is_file()):
        try:
            return path.read_text(encoding="utf-8")
        except OSError as err:
            raise QueryError(f"{path}: cannot read query file: {err.strerror or err}") from err
    if re.search(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE|INSERT|DELETE)\b", text_or_path, re.I):
        return text_or_path
    raise QueryError(f"'{text_or_path}' is neither a shipped query ({', '.join(shipped)}), "
                     "a .rq file, nor SPARQL")


def bind(query: str, params: dict[str, str]) -> str:
    """Replace ``$name`` placeholders with quoted literals (quotes and backslashes escaped).

    Example:
        >>> bind('SELECT * WHERE { ?x rdfs:label $name }', {"name": 'a"b'})
        'SELECT * WHERE { ?x rdfs:label "a\\\\"b" }'
    """
    for key, value in params.items():
        escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
        query = re.sub(rf"\${re.escape(key)}\b", lambda _m, e=escaped: f'"{e}"', query)
    return query


def required_params(query: str) -> list[str]:
    """Return the parameters a query declares in its ``# Parameters: $a, $b`` header comment.

    Example:
        >>> required_params("# Parameters: $a, $b — two names")
        ['a', 'b']
    """
    header = re.search(r"^#\s*Parameters:(.*)$", query, re.M)
    return re.findall(r"\$(\w+)", header.group(1).split("—")[0]) if header else []


def prepare(text_or_path: str, params: dict[str, str] | None = None) -> str:
    """Resolve a query (shipped name, .rq file or inline SPARQL) and bind its ``$name`` parameters.

    Raises:
        QueryError: the query cannot be found, a declared parameter is missing, or a parameter is unknown.
    """
    params = params or {}
    query = resolve_query(text_or_path)
    missing = [p for p in required_params(query) if p not in params]
    if missing:
        raise QueryError(f"query '{text_or_path[:60]}' needs " + ", ".join(f"--param {p}=VALUE" for p in missing))
    code = _strip_strings(query)
    unknown = [p for p in params if not re.search(rf"\${re.escape(p)}\b", code)]
    if unknown:
        raise QueryError(f"--param {unknown[0]}: the query has no ${unknown[0]} placeholder")
    return bind(query, params)


def open_graph(path: str | Path, store: str = "rdflib") -> Graph | Store:
    """Open a built graph for querying: in memory with rdflib, or on disk with Oxigraph (big graphs).

    Raises:
        GraphNotFound: the graph file is missing or does not parse.
        QueryError: ``store`` is not one of STORES.
    """
    if store == "oxigraph":
        from .store import open_store

        return open_store(path)
    if store == "rdflib":
        from .graph import load

        return load(path)
    raise QueryError(f"unknown store '{store}'; choose one of: {', '.join(STORES)}")


def run_query(g: Graph | Store, query: str, *, allow_update: bool = False) -> tuple[list[str], list[tuple]]:
    """Run a SPARQL query on an rdflib Graph or an Oxigraph store; return column names and rows.

    ASK gives one ``(bool,)`` row; CONSTRUCT and DESCRIBE give sorted (subject, predicate, object) rows.
    Both engines return rdflib terms, so their answers compare equal.

    Raises:
        QueryError: a syntax error (with line and column), or an update when not allowed.
    """
    full = prologue() + query
    offset = prologue().count("\n")
    if _UPDATE.search(_strip_strings(query)):
        if not allow_update:
            raise QueryError("SPARQL updates are refused; the graph is read-only (use --allow-update)")
        if not isinstance(g, Graph):
            raise QueryError("SPARQL updates are refused on the Oxigraph store, a cache of graph.ttl; "
                             "use the default rdflib store with --allow-update")
        try:
            g.update(full)
        except ParseException as err:
            raise QueryError(_syntax(err, offset)) from err
        return ["updated"], [(True,)]
    if not isinstance(g, Graph):
        from .store import query_store

        return query_store(g, full, line_offset=offset)
    try:
        prepared = prepareQuery(full)
    except ParseException as err:
        raise QueryError(_syntax(err, offset)) from err
    except Exception as err:  # rdflib raises plain Exceptions for unknown prefixes
        raise QueryError(f"invalid SPARQL: {err}") from err
    result = g.query(prepared)
    if result.type == "ASK":
        return ["ask"], [(bool(result.askAnswer),)]
    if result.type in {"CONSTRUCT", "DESCRIBE"}:
        return ["subject", "predicate", "object"], sorted(tuple(t) for t in result)
    return [str(v) for v in result.vars], [tuple(row) for row in result]


def _strip_strings(query: str) -> str:
    return re.sub(r'"[^"\n]*"|\'[^\'\n]*\'|#[^\n]*', "", query)


def _syntax(err: ParseException, offset: int) -> str:
    return f"SPARQL syntax error at line {err.lineno - offset}, column {err.col}: {err.msg}"


__all__ = ["STORES", "bind", "open_graph", "prepare", "required_params", "resolve_query", "run_query",
           "shipped_queries"]

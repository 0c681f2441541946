"""The kg command line: thin Typer wrappers over the library."""

from __future__ import annotations

import csv
import io
import json
import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from .errors import KGError

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Build and explore knowledge graphs of people and organisations from Japanese text.")
log = logging.getLogger("kg")


class Format(str, Enum):
    """Output formats of the read commands."""

    table = "table"
    csv = "csv"
    json = "json"


class Executor(str, Enum):
    """Where ``kg build`` parses: this machine (``--jobs`` processes) or a Dask cluster."""

    local = "local"
    dask = "dask"


@contextmanager
def _progress_bar(quiet: bool) -> Iterator[Callable[[int, int], None] | None]:
    """Yield a per-document progress callback drawing on stderr, or None when quiet or not a terminal."""
    if quiet or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    # auto_refresh=False: no refresh thread; an extra thread in the parsing process slows GiNZA by 15-25 %.
    # The bar is redrawn from the build loop, once per document.
    with Progress(TextColumn("documents"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=Console(stderr=True), auto_refresh=False, transient=True) as bar:
        task = bar.add_task("documents", total=None)

        def tick(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)
            bar.refresh()

        yield tick


class Store(str, Enum):
    """Query engines: rdflib in memory, or an on-disk Oxigraph store for big graphs."""

    rdflib = "rdflib"
    oxigraph = "oxigraph"


def _fail(err: KGError) -> None:
    for warning in getattr(err, "warnings", ()):
        _warn(warning)
    typer.echo(f"kg: error: {_one_line(str(err))}", err=True)
    raise typer.Exit(1)


def _warn(warning: str) -> None:
    typer.echo(f"kg: warning: {_one_line(warning)}", err=True)


def _one_line(text: str) -> str:
    return " ".join(text.split("\n"))


def _setup_logging(quiet: bool) -> None:
    logging.basicConfig(level=logging.ERROR if quiet else logging.WARNING, format="kg: %(levelname)s: %(message)s",
                        stream=sys.stderr)


def _print_version(value: bool) -> None:
    if value:
        from . import __version__

        typer.echo(f"kg {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", callback=_print_version, is_eager=True,
                                          help="Print kg's version and exit.")] = False,
) -> None:
    """Options of kg itself (the help text is the Typer app's)."""


@app.command()
def build(
    inputs: Annotated[Optional[list[Path]], typer.Argument(help="Files or folders (.txt/.md/.html).")] = None,
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help="Output folder.")] = None,
    model: Annotated[Optional[str], typer.Option(help="spaCy model package.")] = None,
    jobs: Annotated[Optional[int], typer.Option("--jobs", "-j", help="Parsing processes.")] = None,
    strict: Annotated[bool, typer.Option(help="Fail (exit 1, nothing written) on any warning.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    config: Annotated[Optional[Path], typer.Option(help="A kg.toml file.")] = None,
    show_config: Annotated[bool, typer.Option("--show-config", help="Print the settings and exit.")] = False,
    executor: Annotated[Optional[Executor], typer.Option(help="Parse here or on a Dask cluster.")] = None,
    scheduler: Annotated[Optional[str], typer.Option(help="Dask scheduler address (--executor dask).")] = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Parse every document again.")] = False,
    gazetteer: Annotated[Optional[Path], typer.Option(
        help="Turtle file of known people/organisations (skos:prefLabel/altLabel) to pin names and types.")] = None,
    min_confidence: Annotated[Optional[float], typer.Option(
        min=0.0, max=1.0, help="Leave relations below this confidence out of the graph.")] = None,
    kg_ner: Annotated[Optional[bool], typer.Option(
        "--kg-ner/--ginza-ner", help="Find names with kg's own tagger in the place of GiNZA's NER (about twice "
                                     "as fast; see README, Quality) or with GiNZA's (the default).")] = None,
) -> None:
    """Build graph.ttl, graph.html and graph.graphml from Japanese documents.

    Unusable files (empty, binary, PDF, unreadable, ...) are skipped with one warning line each on stderr.

    Exit codes: 0 built (warnings allowed); 1 error or --strict with warnings (old outputs kept); 2 usage error.

    Example: kg build seeds/ --out output/
    """
    from .build.pipeline import run
    from .config import load_settings

    _setup_logging(quiet)
    try:
        settings = load_settings(config, inputs=tuple(inputs) if inputs else None, out_dir=out, model=model,
                                 jobs=jobs, strict=strict or None, quiet=quiet or None,
                                 executor=executor.value if executor else None, scheduler=scheduler,
                                 use_cache=False if no_cache else None, gazetteer=gazetteer,
                                 min_confidence=min_confidence, kg_ner=kg_ner)
        if show_config:
            typer.echo(json.dumps(settings.as_dict(), ensure_ascii=False, indent=2))
            return
        with _progress_bar(settings.quiet) as tick:
            result = run(settings, progress=tick)
    except KGError as err:
        _fail(err)
        return
    for warning in result.warnings:
        _warn(warning)
    typer.echo(f"{result.documents} documents → {result.entities} entities, {result.relations} relations, "
               f"{result.triples} triples → {settings.out_dir}/graph.ttl, graph.jsonld, graph.html, graph.graphml")


@app.command()
def query(
    query: Annotated[str, typer.Argument(help="A shipped query name, a .rq file, or inline SPARQL.")],
    graph: Annotated[Path, typer.Option("--graph", "-g", help="graph.ttl to query.")] = Path("output/graph.ttl"),
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.table,
    param: Annotated[Optional[list[str]], typer.Option("--param", "-p", help="NAME=VALUE for $NAME.")] = None,
    allow_update: Annotated[bool, typer.Option(help="Allow SPARQL UPDATE (changes memory only).")] = False,
    store: Annotated[Store, typer.Option(help="Query engine: rdflib in memory, or Oxigraph on disk.")]
    = Store.rdflib,
) -> None:
    """Run a SPARQL query (inline, a .rq file, or a shipped query name) against a built graph.

    Example: kg query mentors --param person=山田花子 --format csv
    """
    from .rdf.query import open_graph, prepare, run_query

    try:
        params = dict(_split_param(p) for p in param or [])
        text = prepare(query, params)
        columns, rows = run_query(open_graph(graph, store.value), text, allow_update=allow_update)
    except KGError as err:
        _fail(err)
        return
    typer.echo(render(columns, [[_cell(v) for v in row] for row in rows], fmt), nl=False)

@app.command("validate")
def validate_(
    graph: Annotated[Path, typer.Argument(help="graph.ttl to check.")] = Path("output/graph.ttl"),
    shapes: Annotated[Optional[Path], typer.Option(help="SHACL shapes file.")] = None,
) -> None:
    """Check a built graph against the SHACL shapes (ontology/shapes.ttl); exit 1 and print the report on violations.

    Example: kg validate output/graph.ttl
    """
    from .rdf.graph import load
    from .rdf.validate import validate

    try:
        conforms, report = validate(load(graph), shapes)
    except KGError as err:
        _fail(err)
        return
    typer.echo(f"{graph}: conforms to the SHACL shapes" if conforms else report.rstrip())
    if not conforms:
        raise typer.Exit(1)


@app.command()
def serve(
    graph: Annotated[Path, typer.Option("--graph", "-g", help="graph.ttl to serve.")] = Path("output/graph.ttl"),
    host: Annotated[str, typer.Option(help="Address to bind; other machines can reach anything but 127.0.0.1.")]
    = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 7878,
) -> None:
    """Serve a built graph as a read-only SPARQL 1.1 endpoint (Oxigraph) at http://HOST:PORT/query until Ctrl-C.

    Example: kg serve --graph output/graph.ttl --port 7878
    """
    from .rdf.serve import serve as run_server

    try:
        code = run_server(graph, host=host, port=port, announce=lambda line: typer.echo(line, err=True))
    except KGError as err:
        _fail(err)
        return
    if code:
        raise typer.Exit(code)


def _split_param(raw: str) -> tuple[str, str]:
    if "=" not in raw:
        raise KGError(f"--param '{raw}': expected NAME=VALUE")
    name, value = raw.split("=", 1)
    return name.strip(), value


def _cell(value: object) -> object:
    if value is None:
        return ""
    to_python = getattr(value, "toPython", None)
    py = to_python() if to_python else value
    if isinstance(py, float):
        return round(py, 4)
    return py if isinstance(py, (int, bool)) else str(py)


def render(columns: list[str], rows: list[list[object]], fmt: Format) -> str:
    """Render rows as an aligned table, CSV or JSON (a list of objects)."""
    if fmt is Format.json:
        return json.dumps([dict(zip(columns, row)) for row in rows], ensure_ascii=False, indent=2,
                          default=str) + "\n"
    if fmt is Format.csv:
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(rows)
        return buf.getvalue()
    from rich.console import Console
    from rich.table import Table

    table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
    for col in columns:
        table.add_column(col, overflow="fold")
    for row in rows:
        table.add_row(*[f"{v:.4f}" if isinstance(v, float) else str(v) for v in row])
    buf = io.StringIO()
    Console(file=buf, width=200, no_color=True, force_terminal=False).print(table)
    return buf.getvalue() + f"({len(rows)} rows)\n"


@app.command()
def html(
    graph: Annotated[Path, typer.Argument(help="graph.ttl to draw.")] = Path("output/graph.ttl"),
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help="Page to write; default: graph.html beside GRAPH.")]
    = None,
    physics_max_nodes: Annotated[int, typer.Option(help="Physics only up to this many related entities.")]
    = 0,
) -> None:
    """Write the interactive, self-contained graph page for a built graph, without re-parsing the text.

    Example: kg html output/graph.ttl -o /tmp/graph.html
    """
    from .present.export import write_html
    from .present.views import to_networkx
    from .rdf.graph import load

    target = out or Path(graph).with_name("graph.html")
    try:
        g = load(graph)
        write_html(to_networkx(g), target, physics_max_nodes=physics_max_nodes, graph=g)
    except KGError as err:
        _fail(err)
        return
    typer.echo(f"wrote {target}", err=True)


@app.command()
def stats(
    graph: Annotated[Path, typer.Option("--graph", "-g", help="graph.ttl to analyse.")] = Path("output/graph.ttl"),
    top: Annotated[int, typer.Option("--top", "-n", help="Rows to show.")] = 10,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.table,
) -> None:
    """Print the top N entities by each centrality measure (csv/json: every measure of the top N by PageRank).

    Example: kg stats --top 5
    """
    from .present.analysis import centrality_table, leaderboard
    from .present.conflicts import find_conflicts, report_lines
    from .present.views import to_networkx
    from .rdf.graph import load

    try:
        g = load(graph)
        view = to_networkx(g)
        df = centrality_table(view)
    except KGError as err:
        _fail(err)
        return
    # csv/json keep the entity IRI, last, for joins with kg query results
    df = leaderboard(df, top) if fmt is Format.table else df.drop(columns=["node"]).assign(node=df["node"]).head(top)
    typer.echo(render(list(df.columns), df.values.tolist(), fmt), nl=False)
    if fmt is Format.table:  # the conflicts section, as `kg conflicts` prints it
        found = find_conflicts(view)
        typer.echo(f"\nconflicts ({len(found)}):")
        for line in report_lines(found, _document_names(g)):
            typer.echo(f"  {line}")


@app.command()
def conflicts(
    graph: Annotated[Path, typer.Option("--graph", "-g", help="graph.ttl to check.")] = Path("output/graph.ttl"),
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.table,
) -> None:
    """List contradictions (two CEOs at one date, founding years that disagree, ...) with their evidence.

    Example: kg conflicts --graph output/graph.ttl
    """
    from .present.conflicts import find_conflicts, report_lines
    from .present.views import to_networkx
    from .rdf.graph import load

    try:
        g = load(graph)
        found = find_conflicts(to_networkx(g))
    except KGError as err:
        _fail(err)
        return
    names = _document_names(g)
    if fmt is Format.table:
        typer.echo(f"{len(found)} conflicts")
        for line in report_lines(found, names):
            typer.echo(line)
        return
    columns = ["conflict", "kind", "description", "subject", "relation", "object", "date", "document", "evidence",
               "statement"]
    rows = [[i, c.kind, c.description, e.subject, e.relation, e.object, e.date, names.get(e.document, e.document),
             e.evidence, e.statement] for i, c in enumerate(found, 1) for e in c.statements]
    typer.echo(render(columns, rows, fmt), nl=False)


@app.command()
def explain(
    name: Annotated[str, typer.Argument(help="A name of the entity (any alias; width and spacing do not matter).")],
    graph: Annotated[Path, typer.Option("--graph", "-g", help="graph.ttl to read.")] = Path("output/graph.ttl"),
    fmt: Annotated[Format, typer.Option("--format", "-f", help="table (text) or json.")] = Format.table,
) -> None:
    """Explain why a node holds the names it holds: merge reasons, documents, namesakes kept apart.

    Example: kg explain ミナト・ロボティクス --graph output/graph.ttl
    """
    from .present.explain import explain as run_explain
    from .rdf.graph import load

    try:
        found = run_explain(load(graph), name)
    except KGError as err:
        _fail(err)
        return
    if fmt is Format.json:
        typer.echo(json.dumps([e.as_dict() for e in found], ensure_ascii=False, indent=2))
        return
    typer.echo("\n\n".join("\n".join(e.lines()) for e in found))


class ExportFormat(str, Enum):
    """Formats of ``kg export``."""

    gexf = "gexf"
    neo4j = "neo4j"
    jsonld = "jsonld"
    nt = "nt"


@app.command()
def export(
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="gexf (Gephi), neo4j (CSV folder + "
                                              "load.cypher), jsonld or nt (N-Triples).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="File to write (a folder for neo4j).")],
    graph: Annotated[Path, typer.Option("--graph", "-g", help="graph.ttl to export.")] = Path("output/graph.ttl"),
) -> None:
    """Export a built graph for other tools: Gephi (GEXF), Neo4j (CSV + Cypher), JSON-LD or N-Triples.

    Example: kg export --format neo4j --out output/neo4j/
    """
    from .present.formats import export_graph
    from .rdf.graph import load

    try:
        written = export_graph(load(graph), fmt.value, out)
    except KGError as err:
        _fail(err)
        return
    typer.echo(f"wrote {', '.join(str(p) for p in written)}", err=True)


def _document_names(g) -> dict[str, str]:
    """Document IRI → its file name, for listings."""
    from rdflib import RDF

    from .vocab import KG

    return {str(d): str(g.value(d, KG.sourcePath) or d).replace("\\", "/").rsplit("/", 1)[-1]
            for d in g.subjects(RDF.type, KG.Document)}


@app.command("eval")
def eval_(
    graph: Annotated[Optional[Path], typer.Argument(help="graph.ttl to score.")] = None,
    gold: Annotated[Optional[Path], typer.Argument(help="Gold JSON (SPEC.md format).")] = None,
    set_dir: Annotated[Optional[Path], typer.Option(
        "--set", help="A folder of texts/NAME.txt and gold/NAME.json: build each text alone, micro-average.")] = None,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format (csv: GRAPH GOLD only).")]
    = Format.table,
    min_confidence: Annotated[Optional[float], typer.Option(
        min=0.0, max=1.0, help="Score only relations at or above this confidence (--set default: kg.toml's).")]
    = None,
    cache_dir: Annotated[Optional[Path], typer.Option(help="Parse cache of --set.")] = Path(".cache/eval"),
    no_cache: Annotated[bool, typer.Option("--no-cache", help="--set: parse every text again.")] = False,
    jobs: Annotated[Optional[int], typer.Option("--jobs", "-j", help="--set: parsing processes.")] = None,
    config: Annotated[Optional[Path], typer.Option(help="--set: a kg.toml file (model, kg_ner, ...).")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    document: Annotated[Optional[str], typer.Option(
        help="GRAPH GOLD: score only the entities and statements of this document of a corpus graph "
             "(file name, stem, path or IRI).")] = None,
) -> None:
    """Score a graph against a gold file, or build and score a set of texts: precision, recall and F1.

    Example: kg eval output/graph.ttl tests/gold/seed.json    (or: kg eval --set ../shared/data/wiki-dev)
    """
    if set_dir is not None:
        if graph is not None or gold is not None:
            typer.echo("kg: error: give GRAPH GOLD or --set DIR, not both", err=True)
            raise typer.Exit(2)
        _eval_set(set_dir, fmt, min_confidence, cache_dir, no_cache, jobs, config, quiet)
        return
    if graph is None or gold is None:
        typer.echo("kg: error: give GRAPH GOLD, or --set DIR", err=True)
        raise typer.Exit(2)
    from .evaluate.score import evaluate, load_gold
    from .rdf.graph import load
    from .rdf.support import document_subgraph

    try:
        g = load(graph)
        report = evaluate(document_subgraph(g, document) if document else g, load_gold(gold), min_confidence or 0.0)
    except KGError as err:
        _fail(err)
        return
    if fmt is Format.json:
        typer.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
        return
    rows = [["entities", report.entities], ["relations", report.relations]]
    rows += [[f"  {p}", s] for p, s in sorted(report.per_relation.items())]
    table = [[name, f"{s.precision:.3f}", f"{s.recall:.3f}", f"{s.f1:.3f}", s.tp, s.fp, s.fn] for name, s in rows]
    typer.echo(render(["", "P", "R", "F1", "tp", "fp", "fn"], table, fmt), nl=False)
    if fmt is Format.table:
        for title, items in (("missed entities", report.entities.misses),
                             ("false-positive entities", report.entities.false_positives),
                             ("duplicate nodes", report.duplicates),
                             ("missed relations", report.relations.misses),
                             ("false-positive relations", report.relations.false_positives)):
            if items:
                typer.echo(f"\n{title} ({len(items)}):")
                for item in items:
                    typer.echo(f"  {item}")


def _eval_set(folder: Path, fmt: Format, min_confidence: float | None, cache_dir: Path | None, no_cache: bool,
              jobs: int | None, config: Path | None, quiet: bool) -> None:
    from .config import load_settings
    from .evaluate.sets import THRESHOLDS, cases_in, run_set, thresholds
    from .evaluate.tables import render_set

    if fmt is Format.csv:
        typer.echo("kg: error: --set prints a table or json, not csv", err=True)
        raise typer.Exit(2)
    _setup_logging(quiet)
    try:
        settings = load_settings(config, cache_dir=cache_dir, use_cache=False if no_cache else None, jobs=jobs,
                                 quiet=quiet or None)
        cases = cases_in(folder)
        with _progress_bar(settings.quiet) as tick:
            run = run_set(cases, settings, name=folder.resolve().name, progress=tick)
    except KGError as err:
        _fail(err)
        return
    threshold = settings.min_confidence if min_confidence is None else min_confidence
    report = run.report(threshold)
    scores = thresholds([run], sorted({*THRESHOLDS, threshold}))
    if fmt is Format.json:
        out = report.as_dict()
        out["thresholds"] = {f"{t:g}": s.figures() for t, s in scores.items()}
        typer.echo(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        typer.echo(render_set(report, scores), nl=False)


def main() -> None:
    """Entry point for ``python -m kg``."""
    app()

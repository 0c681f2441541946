"""Print kg's throughput, memory, incremental-rebuild, SPARQL and page figures from one run.

Usage: .venv/bin/python bench/bench.py [--quick | --big] [--work /tmp/kg-bench] [--json FILE]

  default  a 1 MB corpus (~1,000 documents): bare GiNZA vs kg build (with GiNZA's NER and with kg_ner) on a
           200 KB slice, --jobs 2 on the same slice, the parse stages of each pipeline, cold build of the 1 MB with the parse cache, warm rebuild after changing one
           document, SPARQL on a generated ~1M-triple graph, the page for 5,000 nodes   (~15 min, 2 cores)
  --quick  the same on 100 KB / 30 KB / 100k triples / 1,000 nodes                 (~2 min)
  --big    the default, plus a cold --jobs 2 build of a 10 MB corpus for peak RSS (~+15 min, 2 cores)

Every build runs in a fresh process, so each peak RSS is that build's own. The throughput runs are
repeated and interleaved (best of each) and the warm rebuild repeated (median), because this kind of
machine drifts by 10-20 % between runs minutes apart. Figures, not pass/fail.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402  (bench/corpus.py, beside this file)

MODES = {  # corpus bytes, slice bytes for the bare/jobs comparison, triples, page nodes, query time limit
    "quick": {"corpus": 100_000, "slice": 30_000, "triples": 100_000, "nodes": 1_000, "query_limit_s": 10},
    "default": {"corpus": 1_000_000, "slice": 200_000, "triples": 1_000_000, "nodes": 5_000,
                "query_limit_s": 20},
}
SECTIONS = ("throughput", "incremental", "sparql", "page")
BIG_BYTES = 10_000_000
REPEAT = 3  # rounds of the throughput runs (best of each kept); the warm rebuild is repeated REPEAT + 1 times
DOC_BYTES = 900  # ~1,000 documents per MB


# --- workers: each runs in its own process and prints one JSON line --------------------------------

def _peak_mb() -> dict[str, float]:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"peak_rss_mb": round(own.ru_maxrss / 1024, 1), "peak_rss_child_mb": round(kids.ru_maxrss / 1024, 1),
            "cpu_s": round(own.ru_utime + own.ru_stime, 2), "child_cpu_s": round(kids.ru_utime + kids.ru_stime, 2)}


def _chars(inputs: list[str]) -> int:
    return sum(map(len, _chunk_texts(inputs)))


def worker_build(spec: dict) -> dict:
    """One ``kg build`` (library call, so stage timings come back)."""
    from kg.build.pipeline import run
    from kg.config import Settings

    settings = Settings(inputs=tuple(Path(i) for i in spec["inputs"]), out_dir=Path(spec["out"]), quiet=True,
                        jobs=spec.get("jobs", 1), use_cache=spec.get("cache", True), kg_ner=spec.get("kg_ner", False),
                        cache_dir=Path(spec["cache_dir"]) if spec.get("cache_dir") else None)
    start = time.perf_counter()
    result = run(settings)
    wall = time.perf_counter() - start
    return {"wall_s": wall, "timings": result.timings, "stats": result.stats, "documents": result.documents,
            "entities": result.entities, "relations": result.relations, "triples": result.triples,
            "chars": _chars(spec["inputs"]), **_peak_mb()}


def _chunk_texts(inputs: list[str]) -> list[str]:
    from kg.ingest.documents import chunk_document, find_files, read_document

    return [c.text for p in find_files([Path(i) for i in inputs], (".txt",)) for c in chunk_document(read_document(p))]


def worker_bare(spec: dict) -> dict:
    """Bare ``nlp.pipe`` of ja_ginza as spaCy loads it, over exactly the chunk texts kg parses."""
    import spacy

    texts = _chunk_texts(spec["inputs"])
    model = spacy.load("ja_ginza")
    start = time.perf_counter()
    for _ in model.pipe(texts, batch_size=32, n_process=spec.get("jobs", 1)):
        pass
    seconds = time.perf_counter() - start
    return {"parse_s": seconds, "chars": sum(map(len, texts)), **_peak_mb()}


def worker_stages(spec: dict) -> dict:
    """CPU seconds of each parse stage (Sudachi, then every pipe) for bare ja_ginza and kg's two pipelines."""
    import spacy

    from kg.config import Settings
    from kg.extract import nlp as kg_nlp

    texts = _chunk_texts(spec["inputs"])
    out = {}
    for name, load in (("bare ja_ginza", lambda: spacy.load("ja_ginza")),
                       ("kg, GiNZA NER", lambda: kg_nlp.load(Settings())),
                       ("kg, kg_ner", lambda: kg_nlp.load(Settings(kg_ner=True)))):
        nlp = load()
        list(nlp.pipe(texts[:2]))  # warm
        stages = {}
        with kg_nlp.one_blas_thread():
            t = time.process_time()
            docs = [nlp.make_doc(text) for text in texts]
            stages["sudachi"] = time.process_time() - t
            for pipe_name, proc in nlp.pipeline:
                t = time.process_time()
                docs = list(proc.pipe(docs, batch_size=32)) if hasattr(proc, "pipe") else [proc(d) for d in docs]
                stages[pipe_name] = time.process_time() - t
        out[name] = stages
    return {"chars": sum(map(len, texts)), "stages": out}


def worker_sparql(spec: dict) -> dict:
    """Load a generated graph into rdflib and Oxigraph; time every shipped query on both."""
    import rdflib

    from kg.rdf.query import required_params, run_query, shipped_queries
    from kg.rdf.store import ensure_store

    path = Path(spec["ttl"])
    out: dict = {"triples": spec["triples"], "ttl_mb": round(path.stat().st_size / 1e6, 1), "queries": {}}
    t = time.perf_counter()
    store_dir = ensure_store(path, root=path.parent / ".kg-store")
    out["oxigraph_load_s"] = time.perf_counter() - t
    t = time.perf_counter()
    g = rdflib.Graph()
    g.parse(path, format="turtle")
    out["rdflib_load_s"] = time.perf_counter() - t
    values = {"person": spec["person"], "a": spec["person"], "org": spec["org"], "b": spec["org"]}
    from kg.rdf.query import bind

    for name, text in shipped_queries().items():
        query = bind(text, {p: values.get(p, spec["org"]) for p in required_params(text)})
        row: dict = {}
        # Oxigraph evaluates inside Rust, where no signal reaches it: each query gets its own process.
        try:
            answer = call("oxquery", store=str(store_dir), query=query, timeout=spec["limit_s"] + 10)
            row["oxigraph_s"], row["oxigraph_rows"] = answer["seconds"], answer["rows"]
        except subprocess.TimeoutExpired:
            row["oxigraph_s"], row["oxigraph_rows"] = None, None
        row["rdflib_s"], row["rdflib_rows"] = _timed(lambda: run_query(g, query)[1], spec["limit_s"])
        out["queries"][name] = row
    out.update(_peak_mb())
    return out


class _TooSlow(BaseException):
    """Raised by SIGALRM inside a query; BaseException so no ``except Exception`` swallows it."""


def _timed(fn, limit_s: float) -> tuple[float | None, int | None]:
    """Return (seconds, rows) of ``fn()``, or (None, None) when it runs past ``limit_s``."""
    import signal

    def stop(*_: object) -> None:
        raise _TooSlow

    old = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, limit_s)
    try:
        start = time.perf_counter()
        rows = fn()
        return time.perf_counter() - start, len(rows)
    except _TooSlow:
        return None, None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def worker_oxquery(spec: dict) -> dict:
    """One query on a loaded Oxigraph store (read-only)."""
    import pyoxigraph

    from kg.rdf.query import run_query

    store = pyoxigraph.Store.read_only(spec["store"])
    start = time.perf_counter()
    rows = run_query(store, spec["query"])[1]
    return {"seconds": time.perf_counter() - start, "rows": len(rows)}


def worker_page(spec: dict) -> dict:
    """Render the page for a generated graph and open it in headless chromium (bench/page_load.py)."""
    import page_load

    from kg.present.page import render_page

    view = page_load.synthetic_view(spec["nodes"], 2)
    t = time.perf_counter()
    html = render_page(view)
    render_s = time.perf_counter() - t
    path = Path(spec["out"])
    path.write_text(html, encoding="utf-8")
    figures = {"nodes": view.number_of_nodes(), "statements": view.number_of_edges(), "render_s": render_s,
               "html_mb": round(len(html.encode("utf-8")) / 1e6, 2)}
    figures.update(page_load.measure(path))
    return figures


WORKERS = {"build": worker_build, "bare": worker_bare, "stages": worker_stages, "sparql": worker_sparql,
           "oxquery": worker_oxquery, "page": worker_page}


def call(kind: str, timeout: float | None = None, **spec: object) -> dict:
    """Run one worker in a fresh process; return its JSON answer.

    Raises:
        subprocess.TimeoutExpired: the worker ran past ``timeout`` seconds (it is killed).
    """
    proc = subprocess.run([sys.executable, __file__, "--worker", kind, json.dumps(spec, ensure_ascii=False)],
                          capture_output=True, text=True, timeout=timeout)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr[-4000:])
        raise SystemExit(f"bench worker '{kind}' failed (exit {proc.returncode})")
    return json.loads(proc.stdout.strip().splitlines()[-1])


# --- the generated ~1M-triple graph -------------------------------------------------------------

KGO = "https://w3id.org/kg-ja/ontology#"
PREDICATES = ["mentorOf", "investedIn", "boardMemberOf", "founderOf", "ceoOf", "executiveOf", "employeeOf",
              "alumniOf", "spouseOf", "partnerOf", "siblingOf", "acquired", "partnershipWith", "dismissedFrom",
              "memberOf", "parentOrgOf"]


def write_graph(path: Path, triples: int, seed: int = 0) -> dict:
    """Write a Turtle graph shaped like graph.ttl (entities, direct triples, provenance statements).

    About 12 triples per relation and 5 per entity; relations follow a preferential-attachment
    pattern so a few hubs have many statements, as in real news.
    """
    rng = random.Random(seed)
    relations = triples // 13
    entities = max(10, relations // 4)
    docs = max(1, relations // 20)
    ent = "https://w3id.org/kg-ja/id/entity/"
    people = [f"人物{i}" for i in range(entities // 2)]
    orgs = [f"株式会社{i}" for i in range(entities - len(people))]
    with path.open("w", encoding="utf-8") as fh:
        fh.write(f"@prefix kgo: <{KGO}> .\n@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .\n"
                 "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
                 "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
                 "@prefix prov: <http://www.w3.org/ns/prov#> .\n@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
                 "@prefix dcterms: <http://purl.org/dc/terms/> .\n\n")
        for names, cls in ((people, "Person"), (orgs, "Organization")):
            for name in names:
                fh.write(f'<{ent}{name}> a kgo:{cls} ; rdfs:label "{name}" ; skos:altLabel "{name}氏" ; '
                         f'kgo:pagerank {rng.random():.6f} ; kgo:degree {rng.randint(1, 50)} .\n')
        for d in range(docs):
            fh.write(f'<https://w3id.org/kg-ja/id/doc/{d:08x}> a kgo:Document ; dcterms:title "記事{d}" ; '
                     f'kgo:sourcePath "corpus/{d:05d}.txt" ; kgo:charLength {rng.randint(500, 5000)} .\n')
        hubs_p = people[: max(1, len(people) // 100)]
        hubs_o = orgs[: max(1, len(orgs) // 100)]
        for r in range(relations):
            s = rng.choice(hubs_p) if rng.random() < 0.3 else rng.choice(people)
            o = rng.choice(hubs_o) if rng.random() < 0.3 else rng.choice(orgs)
            p = rng.choice(PREDICATES)
            year = rng.randint(1950, 2025)
            fh.write(f"<{ent}{s}> kgo:{p} <{ent}{o}> .\n"
                     f"<https://w3id.org/kg-ja/id/stmt/{r:012x}> a rdf:Statement ; rdf:subject <{ent}{s}> ; "
                     f"rdf:predicate kgo:{p} ; rdf:object <{ent}{o}> ; "
                     f"prov:wasDerivedFrom <https://w3id.org/kg-ja/id/doc/{rng.randrange(docs):08x}> ; "
                     f'kgo:evidence "{year}年、{s}は{o}に関わった。" ; kgo:charStart {r % 4000} ; '
                     f'kgo:charEnd {r % 4000 + 20} ; kgo:confidence 0.8 ; kgo:date "{year}"^^xsd:gYear ; '
                     f'kgo:method "bench.synthetic" .\n')
    # Query parameters name a typical entity, not a hub: two_hops from a hub reaches most of the graph.
    return {"person": people[len(people) // 2], "org": orgs[len(orgs) // 2]}


# --- the run -------------------------------------------------------------------------------------

def _slice(docs: list[Path], folder: Path, size: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    total = 0
    for path in docs:
        shutil.copy(path, folder / path.name)
        total += path.stat().st_size
        if total >= size:
            break
    return folder


def _rate(chars: int, seconds: float) -> float:
    return chars / seconds if seconds > 0 else float("nan")


def _say(line: str = "") -> None:
    print(line, flush=True)


def bench(mode: str, big: bool, work: Path, sections: set[str]) -> dict:
    sizes = MODES[mode]
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    figures: dict = {"mode": mode + ("+big" if big else ""), "machine": _machine()}
    _say(f"kg bench ({figures['mode']}) on {figures['machine']}")

    docs = corpus.make_corpus(work / "corpus", sizes["corpus"], DOC_BYTES)
    piece = _slice(docs, work / "slice", sizes["slice"])
    _say(f"corpus: {len(docs)} documents, {sum(p.stat().st_size for p in docs):,} bytes; "
         f"slice: {len(list(piece.iterdir()))} documents, {sum(p.stat().st_size for p in piece.iterdir()):,} bytes")

    if "throughput" in sections:
        _throughput(work, piece, figures)
    if "incremental" in sections:
        _incremental(work, docs, figures)
    if big:
        _big(work, figures)
    if "sparql" in sections:
        _sparql(work, sizes, figures)
    if "page" in sections:
        _page(work, sizes, figures)
    return figures


def _throughput(work: Path, piece: Path, figures: dict) -> None:
    _say(f"\n== throughput (slice; bare ja_ginza, kg with GiNZA's NER and kg with kg_ner, --jobs 1 and 2; "
         f"each run {REPEAT} times, interleaved) ==")
    # This machine's speed drifts by 10-20 % from one minute to the next, so a ratio of two runs made
    # minutes apart is mostly drift: the runs are made in turn, REPEAT rounds, and the best of each kept.
    kinds = {"bare": ("bare", {}), "one": ("build", {"out": "out-j1"}), "two": ("build", {"out": "out-j2", "jobs": 2}),
             "tone": ("build", {"out": "out-t1", "kg_ner": True}),
             "ttwo": ("build", {"out": "out-t2", "jobs": 2, "kg_ner": True})}
    runs: dict[str, list[dict]] = {k: [] for k in kinds}
    for _ in range(REPEAT):
        for key, (kind, spec) in kinds.items():
            if "out" in spec:
                spec = {**spec, "out": str(work / spec["out"]), "cache": False}
            runs[key].append(call(kind, inputs=[str(piece)], **spec))
    best = {k: min(v, key=lambda r: r.get("wall_s", r.get("parse_s"))) for k, v in runs.items()}
    _say("every run (s): " + "; ".join(f"{k} " + ", ".join(f"{r.get('wall_s', r.get('parse_s')):.1f}" for r in v)
                                       for k, v in runs.items()) + "  (best of each below)")
    bare = best["bare"]
    bare_rate = _rate(bare["chars"], bare["parse_s"])
    _say(f"bare ja_ginza nlp.pipe        {bare_rate:8.0f} chars/s  ({bare['chars']:,} chars in {bare['parse_s']:.1f} s)")
    rates = {}
    for label, k1, k2, out1, out2 in (("GiNZA NER", "one", "two", "out-j1", "out-j2"),
                                      ("kg_ner   ", "tone", "ttwo", "out-t1", "out-t2")):
        one, two = best[k1], best[k2]
        one_rate, two_rate = _rate(one["chars"], one["wall_s"]), _rate(two["chars"], two["wall_s"])
        steady = one["chars"] / (one["wall_s"] - one["timings"].get("load_model", 0.0))
        same = _outputs(work / out1) == _outputs(work / out2)
        _say(f"kg build, {label} --jobs 1 {one_rate:8.0f} chars/s  ({one['wall_s']:.1f} s wall incl. model load)"
             f"  ratio to bare {one_rate / bare_rate:.2f}×; model load excluded {steady:.0f} chars/s, "
             f"{steady / bare_rate:.2f}×")
        _say(f"kg build, {label} --jobs 2 {two_rate:8.0f} chars/s  ({two['wall_s']:.1f} s)  speed-up "
             f"{two_rate / one_rate:.2f}× over --jobs 1; outputs identical: {same}")
        _say(f"  time per stage (--jobs 1): " + _stages(one["timings"]))
        extraction = sum(one["timings"].get(k, 0.0) for k in ("mentions", "aliases", "relations"))
        _say(f"  extraction (mentions+aliases+relations) = {100 * extraction / one['timings'].get('parse', 1):.1f} % "
             "of parse time")
        rates[label.strip()] = {"jobs1": one, "jobs2": two, "kg_chars_per_s": one_rate, "kg_steady_chars_per_s": steady,
                                "ratio": one_rate / bare_rate, "steady_ratio": steady / bare_rate,
                                "jobs2_speedup": two_rate / one_rate, "jobs_identical": same}
    stages = call("stages", inputs=[str(piece)])
    _say(f"parse stages, CPU s on the slice ({stages['chars']:,} chars, one process, one BLAS thread):")
    names = list(dict.fromkeys(n for st in stages["stages"].values() for n in st))
    _say(f"  {'pipeline':<16}" + "".join(f"{n[:12]:>13}" for n in names) + f"{'total':>9}{'chars/s':>9}")
    for pipeline, st in stages["stages"].items():
        total = sum(st.values())
        _say(f"  {pipeline:<16}" + "".join(f"{st[n]:13.2f}" if n in st else f"{'–':>13}" for n in names)
             + f"{total:9.2f}{stages['chars'] / total:9.0f}")
    figures["throughput"] = {"bare": bare, "bare_chars_per_s": bare_rate, "ginza_ner": rates["GiNZA NER"],
                             "kg_ner": rates["kg_ner"], "stages": stages, "runs": runs}


def _incremental(work: Path, docs: list[Path], figures: dict) -> None:
    _say(f"\n== incremental rebuild ({len(docs)} documents, --jobs 2, parse cache) ==")
    cache_dir = work / "cache"
    cold = call("build", inputs=[str(work / "corpus")], out=str(work / "out-full"), jobs=2,
                cache_dir=str(cache_dir))
    warms = []
    for k in range(REPEAT + 1):  # a different document each time, so each rebuild parses one document
        changed = docs[len(docs) // 2 + 7 * k]
        changed.write_text(changed.read_text(encoding="utf-8") + "\n田中一郎は2001年に山田商事を設立した。\n",
                           encoding="utf-8")
        warms.append(call("build", inputs=[str(work / "corpus")], out=str(work / "out-full"), jobs=2,
                          cache_dir=str(cache_dir)))
    warm = sorted(warms, key=lambda r: r["wall_s"])[len(warms) // 2]  # the median rebuild
    _say(f"cold: {cold['wall_s']:.1f} s ({_rate(cold['chars'], cold['wall_s']):.0f} chars/s), "
         f"{cold['entities']} entities, {cold['relations']} relations, {cold['triples']} triples, "
         f"peak RSS {cold['peak_rss_mb']:.0f} MB (+ parse processes {cold['peak_rss_child_mb']:.0f} MB each)")
    _say(f"warm after changing 1 document ({len(warms)} rebuilds: "
         + ", ".join(f"{r['wall_s']:.1f}" for r in warms) + f" s; the median): {warm['wall_s']:.1f} s "
         f"(hits {warm['stats'].get('cache hits')}, parse-only hits {warm['stats'].get('parse cache hits')}, "
         f"misses {warm['stats'].get('cache misses')}) "
         f"→ {cold['wall_s'] / warm['wall_s']:.1f}× faster")
    _say("time per stage (warm):      " + _stages(warm["timings"]))
    _say("  (with --jobs 2, validate runs in a forked process beside analysis and write, and wait_workers is\n"
         "   this process idle while a parse process loads the model and parses the changed document)")
    figures["incremental"] = {"cold": cold, "warm": warm, "speedup": cold["wall_s"] / warm["wall_s"],
                              "warm_runs": [r["wall_s"] for r in warms]}



def _big(work: Path, figures: dict) -> None:
    _say("\n== 10 MB corpus (--jobs 2, cold) ==")
    big_docs = corpus.make_corpus(work / "corpus-10mb", BIG_BYTES, DOC_BYTES, seed=1)
    large = call("build", inputs=[str(work / "corpus-10mb")], out=str(work / "out-10mb"), jobs=2,
                 cache=False)
    _say(f"{len(big_docs)} documents: {large['wall_s']:.0f} s ({_rate(large['chars'], large['wall_s']):.0f} "
         f"chars/s), peak RSS {large['peak_rss_mb']:.0f} MB main, {large['peak_rss_child_mb']:.0f} MB "
         f"largest parse process; {large['triples']} triples")
    _say("time per stage:             " + _stages(large["timings"]))
    figures["big"] = large


def _sparql(work: Path, sizes: dict, figures: dict) -> None:
    _say(f"\n== SPARQL on a generated graph (~{sizes['triples']:,} triples) ==")
    ttl = work / "sparql" / "graph.ttl"
    ttl.parent.mkdir()
    names = write_graph(ttl, sizes["triples"])
    limit = sizes["query_limit_s"]
    sparql = call("sparql", ttl=str(ttl), triples=sizes["triples"], limit_s=limit, **names)
    _say(f"graph.ttl {sparql['ttl_mb']} MB; load: Oxigraph {sparql['oxigraph_load_s']:.1f} s, "
         f"rdflib {sparql['rdflib_load_s']:.1f} s; peak RSS {sparql['peak_rss_mb']:.0f} MB "
         f"(queries stopped after {limit} s)")
    _say(f"{'query':<20}{'oxigraph ms':>12}{'rdflib ms':>12}{'rows':>7}")
    for name, row in sparql["queries"].items():
        same = row["rdflib_rows"] in (None, row["oxigraph_rows"])
        _say(f"{name:<20}{_ms(row['oxigraph_s'], limit):>12}{_ms(row['rdflib_s'], limit):>12}"
             f"{row['oxigraph_rows'] if row['oxigraph_rows'] is not None else '-':>7}"
             + ("" if same else f"  (rdflib: {row['rdflib_rows']} rows)"))
    figures["sparql"] = sparql



def _page(work: Path, sizes: dict, figures: dict) -> None:
    _say(f"\n== page in headless chromium ({sizes['nodes']:,} nodes) ==")
    page = call("page", nodes=sizes["nodes"], out=str(work / "page.html"))
    _say(f"{page['nodes']} nodes, {page['statements']} statements: graph.html {page['html_mb']} MB, "
         f"render {page['render_s']:.1f} s, DOMContentLoaded {page['dom_content_loaded_s']} s, "
         f"ready (first drawing) {page['ready_s']} s, all nodes shown {page['show_all_s']} s")
    figures["page"] = page


def _ms(seconds: float | None, limit: float) -> str:
    return f">{limit * 1000:.0f}" if seconds is None else f"{1000 * seconds:.1f}"


def _outputs(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.glob("graph.*"))}


def _stages(timings: dict[str, float]) -> str:
    return ", ".join(f"{k} {v:.2f}s" for k, v in timings.items() if v >= 0.005)


def _machine() -> str:
    return f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    size = ap.add_mutually_exclusive_group()
    size.add_argument("--quick", action="store_true", help="small corpus and graphs (~2 min)")
    size.add_argument("--big", action="store_true", help="also build a 10 MB corpus (~+15 min on 2 cores)")
    ap.add_argument("--work", type=Path, default=Path("/tmp/kg-bench"), help="scratch folder (replaced)")
    ap.add_argument("--json", type=Path, help="also write every figure to this JSON file")
    ap.add_argument("--sections", default=",".join(SECTIONS),
                    help=f"comma-separated subset of: {', '.join(SECTIONS)}")
    ap.add_argument("--worker", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        kind, spec = args.worker
        print(json.dumps(WORKERS[kind](json.loads(spec)), ensure_ascii=False, default=str))
        return 0
    start = time.perf_counter()
    figures = bench("quick" if args.quick else "default", args.big, args.work, set(args.sections.split(",")))
    figures["bench_s"] = time.perf_counter() - start
    _say(f"\nbench finished in {figures['bench_s'] / 60:.1f} min")
    if args.json:
        args.json.write_text(json.dumps(figures, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

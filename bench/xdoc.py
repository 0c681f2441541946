"""Cross-document identity: each text built alone vs all texts built as one corpus, scored per file.

Usage: .venv/bin/python bench/xdoc.py [--texts ../shared/data/wiki-dev] [--extra seeds/] [--work /tmp/kg-xdoc]

For every DIR/texts/NAME.txt with a DIR/gold/NAME.json: entity and relation F1 of a build of that text
alone, and of the corpus build (every text plus --extra) restricted to that document's nodes and
statements (``kg eval --document``). Then, over the corpus graph: gold entities of several files that
got more than one node (cross-document duplicates), and nodes that carry two different gold entities of
different files (wrong merges). The parse cache is shared, so each text is parsed once.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

from rdflib import RDF, RDFS, SKOS

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from kg.build.pipeline import run  # noqa: E402
from kg.config import Settings  # noqa: E402
from kg.evaluate.score import evaluate, load_gold  # noqa: E402
from kg.extract.names import normalize  # noqa: E402
from kg.rdf.graph import load  # noqa: E402
from kg.rdf.support import document_subgraph  # noqa: E402
from kg.vocab import KG  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=Path, default=HERE.parent.parent / "shared" / "data" / "wiki-dev")
    parser.add_argument("--extra", type=Path, nargs="*", default=[HERE.parent / "seeds"])
    parser.add_argument("--work", type=Path, default=Path("/tmp/kg-xdoc"))
    parser.add_argument("--score-only", action="store_true", help="score the graphs already in --work")
    args = parser.parse_args()
    cache = args.work / "cache"
    names = sorted(p.stem for p in (args.texts / "texts").glob("*.txt") if (args.texts / "gold" / f"{p.stem}.json").is_file())
    settings = Settings(quiet=True, cache_dir=cache, debug_dumps=True)
    single = {}
    for name in names:
        out = args.work / "single" / name
        if not args.score_only:
            run(settings.replace(inputs=(args.texts / "texts" / f"{name}.txt",), out_dir=out))
        single[name] = evaluate(load(out / "graph.ttl"), load_gold(args.texts / "gold" / f"{name}.json"))
    out = args.work / "corpus"
    if not args.score_only:
        run(settings.replace(inputs=(args.texts / "texts", *args.extra), out_dir=out))
    g = load(out / "graph.ttl")
    print(f"corpus: {len(set(g.subjects(RDF.type, KG.Document)))} documents, "
          f"{sum(1 for k in ('Person', 'Organization') for _ in g.subjects(RDF.type, KG[k]))} entities, "
          f"{len(set(g.subjects(RDF.type, RDF.Statement)))} statements")
    nodes_of: dict[str, set] = defaultdict(set)  # gold id → corpus nodes, over every file
    most_in_one: dict[str, int] = defaultdict(int)  # gold id → most nodes it has within one file
    ids_of: dict[object, set[tuple[str, str]]] = defaultdict(set)  # corpus node → (file, gold id)
    rows = []
    for name in names:
        gold = load_gold(args.texts / "gold" / f"{name}.json")
        sub = document_subgraph(g, name)
        report = evaluate(sub, gold)
        for gid, hits in _matches(sub, gold).items():
            nodes_of[gid] |= hits
            most_in_one[gid] = max(most_in_one[gid], len(hits))
            for node in hits:
                ids_of[node].add((name, gid))
        s = single[name]
        rows.append((name, s.entities.f1, report.entities.f1, s.relations.f1, report.relations.f1,
                     len(s.duplicates), len(report.duplicates)))
    print(f"\n{'file':22} {'ent F1 single':>13} {'ent F1 corpus':>13} {'rel F1 single':>13} "
          f"{'rel F1 corpus':>13} {'dup single':>10} {'dup corpus':>10}")
    for name, es, ec, rs, rc, ds, dc in rows:
        print(f"{name:22} {es:13.3f} {ec:13.3f} {rs:13.3f} {rc:13.3f} {ds:10d} {dc:10d}")
    files_of: dict[str, set[str]] = defaultdict(set)
    for pairs in ids_of.values():
        for name, gid in pairs:
            files_of[gid].add(name)
    shared = sorted(gid for gid, files in files_of.items() if len(files) > 1)
    split = [gid for gid in shared if len(nodes_of[gid]) > most_in_one[gid]]
    print(f"\ngold entities found in several files: {len(shared)}; split across documents (more corpus nodes "
          f"than within any one file): {len(split)}")
    for gid in shared:
        if len(nodes_of[gid]) > 1:
            where = "across documents" if gid in split else "within one document too"
            print(f"  {gid} ({where}): " + ", ".join(sorted(str(g.value(n, _LABEL)) for n in nodes_of[gid])))
    wrong = {node: pairs for node, pairs in ids_of.items() if len({gid for _, gid in pairs}) > 1
             and len({f for f, _ in pairs}) > 1}
    print(f"corpus nodes holding different gold entities of different files: {len(wrong)}")
    for node, pairs in sorted(wrong.items()):
        print(f"  {g.value(node, _LABEL)}: " + ", ".join(f"{f}:{gid}" for f, gid in sorted(pairs)))


def _matches(g, gold: dict) -> dict[str, set]:
    """Gold id → the nodes of ``g`` of its type that carry one of its names (as kg eval matches)."""
    nodes = {}
    for kind in ("Person", "Organization"):
        for node in g.subjects(RDF.type, KG[kind]):
            names = {normalize(str(x)) for p in (RDFS.label, SKOS.altLabel) for x in g.objects(node, p)}
            nodes[node] = (kind, names)
    return {e["id"]: {n for n, (kind, ns) in nodes.items()
                      if kind == e["type"] and ns & {normalize(x) for x in e["names"]}}
            for e in gold["entities"]}


_LABEL = RDFS.label

if __name__ == "__main__":
    main()

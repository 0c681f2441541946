"""Print what extraction (stages 3–5) costs beside GiNZA's parse, per stage, on cached documents.

Usage: .venv/bin/python bench/extraction.py [CORPUS] [--cache DIR] [--sample 40] [--limit N]
                                            [--profile] [--long CHARS] [--names DOCS]

  CORPUS     a folder of documents (default /tmp/kgb/corpus, bench/corpus.py's 1 MB corpus)
  --cache    a parse cache folder holding those documents (kg build's cache_dir); a document not in
             it is parsed here, and its parse is left out of the stage figures
  --sample   documents parsed here to measure GiNZA's CPU seconds per character on this machine;
             the parse of the whole corpus is estimated from it
  --profile  run stages 3–5 once more under cProfile and print the top entries
  --long     also run stages 3–5 on synthetic single documents of CHARS and 2×CHARS characters,
             made by joining cached Docs (no parse), to show that no step is quadratic in the length
             of a document: the times should roughly double
  --names    also merge the mentions of DOCS and 2×DOCS synthetic documents in which hundreds of
             people share 20 family and 20 given names: the alias merge time should roughly double

Every time is ``time.process_time()`` (CPU seconds of this process), so other work on the machine
does not count; run twice before trusting a figure. The stages are timed the way ``kg build`` runs
them (kg.build.extraction.extract_document per document, then the corpus-wide alias merge and the rewrite
of document-local keys, kg.build.pipeline._globalize). Figures, not pass/fail.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import time
import warnings
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from kg.build import pipeline
from kg.build.cache import ParseCache
from kg.config import Settings
from kg.extract import aliases, mentions, relation_rules, relations
from kg.extract.nlp import installed_version, load, one_blas_thread
from kg.ingest.documents import chunk_document, read_document, scan
from kg.model import Chunk

STAGES = ("mentions", "aliases", "relations", "aliases (corpus)", "globalize")


def read_corpus(folder: Path, settings: Settings, limit: int | None) -> list[list[Chunk]]:
    """Return the chunks of every readable document under ``folder``, in file order."""
    found = scan([folder], settings.extensions)
    docs = [chunk_document(read_document(p), settings.max_chunk_bytes) for p in found.files]
    docs = [chunks for chunks in docs if chunks]
    return docs[:limit] if limit else docs


def parse_rate(nlp, docs: list[list[Chunk]], sample: int) -> tuple[float, int]:
    """Return GiNZA's CPU seconds per character over the first ``sample`` documents, and their chars."""
    texts = [c.text for chunks in docs[:sample] for c in chunks]
    for _ in nlp.pipe(texts[:2]):  # warm up: the first call builds Sudachi's and thinc's state
        pass
    with one_blas_thread():  # as kg parses: numpy's BLAS on one thread (process_time counts every thread)
        start = time.process_time()
        for _ in nlp.pipe(texts, batch_size=32):
            pass
        seconds = time.process_time() - start
    chars = sum(len(t) for t in texts)
    return seconds / max(chars, 1), chars


def load_parsed(nlp, store: ParseCache | None, docs: list[list[Chunk]], clock: dict[str, float],
                profiler: cProfile.Profile | None = None):
    """Yield each document's (Doc, Chunk) pairs, one document at a time as ``kg build`` reads them.

    CPU seconds spent reading the cache go to ``clock["cache read"]``; documents parsed here because
    the cache lacks them are counted in ``clock["parsed here"]``. The profiler, if any, is paused meanwhile.
    """
    for chunks in docs:
        if profiler is not None:
            profiler.disable()
        start = time.process_time()
        got = store.get(chunks, nlp.vocab) if store is not None else None
        if got is None:
            clock["parsed here"] = clock.get("parsed here", 0) + 1
            got = [nlp(c.text) for c in chunks]
        clock["cache read"] = clock.get("cache read", 0.0) + time.process_time() - start
        if profiler is not None:
            profiler.enable()
        yield list(zip(got, chunks))


def extract(parsed_docs: Iterable[list], rules: relation_rules.Rules) -> tuple[dict[str, float], int, int]:
    """Run stages 3–5 as ``kg build`` does; return CPU seconds per stage, mentions and relations."""
    times: dict[str, float] = defaultdict(float)
    all_mentions = []
    local = []
    for parsed in parsed_docs:
        t0 = time.process_time()
        found = mentions.extract_document_mentions(parsed)
        t1 = time.process_time()
        doc_entities, doc_index = aliases.resolve(found)
        t2 = time.process_time()
        kinds = {e.key: e.kind for e in doc_entities}
        members = defaultdict(list)
        for m, key in doc_index.items():
            members[key].append(m)
        rels = relations.extract_relations(parsed, found, doc_index, kinds, rules)
        t3 = time.process_time()
        times["mentions"] += t1 - t0
        times["aliases"] += t2 - t1
        times["relations"] += t3 - t2
        all_mentions.extend(found)
        local.extend((r, members) for r in rels)
    t0 = time.process_time()
    _, index = aliases.resolve(all_mentions)
    t1 = time.process_time()
    rels = pipeline._globalize(local, index)
    t2 = time.process_time()
    times["aliases (corpus)"] += t1 - t0
    times["globalize"] += t2 - t1
    return dict(times), len(all_mentions), len(rels)


def long_document(parsed_docs: list, chars: int, chunk_chars: int = 13_000) -> list:
    """Join cached Docs into one synthetic document of about ``chars`` characters, in ~40 KB chunks."""
    from spacy.tokens import Doc

    pieces = [doc for parsed in parsed_docs for doc, _ in parsed]
    out, group, size, start = [], [], 0, 0
    for doc in pieces * (1 + chars // max(1, sum(len(d.text) for d in pieces))):
        group.append(doc)
        size += len(doc.text) + 1
        if size >= chunk_chars or start + size >= chars:
            with warnings.catch_warnings():  # GiNZA's bunsetsu tables (user_data) are not merged; unused
                warnings.simplefilter("ignore", UserWarning)
                joined = Doc.from_docs(group, ensure_whitespace=True)
            out.append((joined, Chunk(doc_id="long", index=len(out), start=start, text=joined.text)))
            start += len(joined.text) + 1
            group, size = [], 0
            if start >= chars:
                break
    return out


def shared_names(documents: int, seed: int = 0) -> list:
    """Mentions of a synthetic corpus where hundreds of people share family and given names.

    Each document names a few full names (佐藤・健一) drawn from 20 family × 20 given names and then
    their bare parts (佐藤, 健一), the case stage 4 settles by each document's own full names.
    """
    import random

    from kg.model import Mention, Source
    from kg.vocab import KG

    rng = random.Random(seed)
    family = [f"姓{i:02d}" for i in range(20)]
    given = [f"名{i:02d}" for i in range(20)]
    out = []
    for d in range(documents):
        people = [(rng.choice(family), rng.choice(given)) for _ in range(4)]
        for k in range(12):
            f, g = rng.choice(people)
            start = 40 * k
            if k < 4:
                out.append(Mention(f"{f}・{g}", KG.Person, Source(f"doc{d}", start, start + 5, "", ""), parts=(f, g)))
            else:
                out.append(Mention(rng.choice((f, g)), KG.Person, Source(f"doc{d}", start, start + 3, "", "")))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", type=Path, default=Path("/tmp/kgb/corpus"))
    ap.add_argument("--cache", type=Path, default=None, help="parse cache folder (kg build's cache_dir)")
    ap.add_argument("--sample", type=int, default=40, help="documents parsed to measure the parse rate")
    ap.add_argument("--limit", type=int, default=None, help="only the first N documents")
    ap.add_argument("--profile", action="store_true", help="print the top cProfile entries of stages 3–5")
    ap.add_argument("--long", type=int, default=0, metavar="CHARS", help="synthetic long document test")
    ap.add_argument("--names", type=int, default=0, metavar="DOCS", help="synthetic shared-names alias test")
    args = ap.parse_args(argv)

    settings = Settings()
    t = time.process_time()
    nlp = load(settings)
    rules = relation_rules.load_rules(nlp.vocab, split_mode=settings.split_mode)
    setup = time.process_time() - t
    docs = read_corpus(args.corpus, settings, args.limit)
    chars = sum(len(c.text) for chunks in docs for c in chunks)
    rate, sample_chars = parse_rate(nlp, docs, args.sample)
    store = ParseCache(args.cache, installed_version(settings), settings.split_mode) if args.cache else None
    parse_s = rate * chars
    clock: dict[str, float] = {}
    times, n_mentions, n_rels = extract(load_parsed(nlp, store, docs, clock), rules)
    read_s = clock.get("cache read", 0.0)
    print(f"corpus        {args.corpus}: {len(docs)} documents, {chars:,} chars "
          f"({clock.get('parsed here', 0)} not in the cache, parsed here)")
    print(f"parse rate    {rate * 1e6:.1f} µs/char over {sample_chars:,} chars "
          f"→ parse of the corpus ≈ {parse_s:.1f} s CPU")
    print(f"setup         model + rules {setup:.1f} s; cache read {read_s:.1f} s "
          f"({100 * read_s / parse_s:.1f} % of parse)")
    print(f"found         {n_mentions:,} mentions, {n_rels:,} relations")
    print(f"{'stage':18}{'CPU s':>9}{'% parse':>9}{'µs/char':>9}")
    for stage in STAGES:
        s = times.get(stage, 0.0)
        print(f"{stage:18}{s:9.2f}{100 * s / parse_s:9.2f}{1e6 * s / chars:9.2f}")
    ext = sum(times.get(s, 0.0) for s in STAGES if s != "mentions")
    print(f"{'4–5 together':18}{ext:9.2f}{100 * ext / parse_s:9.2f}{1e6 * ext / chars:9.2f}")
    total = sum(times.values())
    print(f"{'3–5 together':18}{total:9.2f}{100 * total / parse_s:9.2f}{1e6 * total / chars:9.2f}")

    if args.profile:  # a second pass: the figures above are taken without the profiler's overhead
        profiler = cProfile.Profile()
        profiler.enable()
        extract(load_parsed(nlp, store, docs, {}, profiler), rules)
        profiler.disable()
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(25)
        print("\n".join(line for line in out.getvalue().splitlines() if line.strip())[:6000])

    if args.long:
        print(f"\nlong document: one document of N chars made of cached Docs (×2 should ≈ double)")
        print(f"{'chars':>10}{'chunks':>8}" + "".join(f"{s:>18}" for s in STAGES))
        pieces = list(load_parsed(nlp, store, docs[:400], {}))
        for n in (args.long, 2 * args.long):
            doc = long_document(pieces, n)
            times, _, _ = extract([doc], rules)
            n_chars = sum(len(c.text) for _, c in doc)
            print(f"{n_chars:10,}{len(doc):8}" + "".join(f"{times.get(s, 0.0):18.2f}" for s in STAGES))

    if args.names:
        print("\nshared names: corpus-wide alias merge of N synthetic documents (×2 should ≈ double)")
        print(f"{'documents':>10}{'mentions':>10}{'aliases (corpus)':>18}")
        for n in (args.names, 2 * args.names):
            found = shared_names(n)
            start = time.process_time()
            aliases.resolve(found)
            print(f"{n:10,}{len(found):10,}{time.process_time() - start:18.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

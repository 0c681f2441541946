"""External check of stage 3: mention-level NER scores on Stockmark's ner-wikipedia set.

Scores exact-span mentions for 人名 → Person and 法人名 + その他の組織名 + 政治的組織名 → Organization,
for raw GiNZA (ENE labels through the plain table), for our pipeline (kg.extract.mentions) and for our pipeline
with kg's own tagger in the place of GiNZA's NER (Settings.kg_ner; trained by bench/train_ner.py on dev only).
Sentences are split into a fixed dev half and test half by a hash of the Wikipedia page id, so rules
can be tuned on dev and reported on test.

Usage:
    .venv/bin/python bench/ner_wikipedia.py [--split test|dev|all] [--limit N] [--errors N] [--no-model]
    .venv/bin/python bench/ner_wikipedia.py --cost 400   # CPU seconds of the parse with either NER
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "ner-wikipedia" / "ner.json"
CACHE = ROOT / "output" / ".cache" / "ner-wikipedia"

GOLD_TYPES = {"人名": "Person", "法人名": "Organization", "その他の組織名": "Organization",
              "政治的組織名": "Organization"}


def split_of(curid: str) -> str:
    """Return 'dev' or 'test' for a page id; fixed forever, so test is never tuned on."""
    return "test" if int(hashlib.sha256(curid.encode()).hexdigest()[:8], 16) % 2 else "dev"


def load_docs(rows: list[dict], nlp) -> list:
    """Parse every sentence once; cache the Docs as a DocBin keyed by model and data."""
    from spacy.tokens import DocBin

    from kg.extract.nlp import model_version

    key = hashlib.sha256(("".join(r["text"] for r in rows) + model_version(nlp)).encode()).hexdigest()[:16]
    path = CACHE / f"{key}.spacy"
    if path.is_file():
        return list(DocBin().from_disk(path).get_docs(nlp.vocab))
    t = time.perf_counter()
    docs = list(nlp.pipe((r["text"] for r in rows), batch_size=64))
    logging.info("parsed %d sentences in %.0fs", len(docs), time.perf_counter() - t)
    CACHE.mkdir(parents=True, exist_ok=True)
    db = DocBin(store_user_data=True)
    for d in docs:
        db.add(d)
    db.to_disk(path)
    return docs


def raw_spans(doc) -> set[tuple[int, int, str]]:
    """GiNZA's own entities mapped by the plain ENE table."""
    from kg.extract.mention_cues import ene_table
    from kg.vocab import local_name

    out = set()
    table = ene_table()
    for ent in doc.ents:
        mapped = table.get(ent.label_)
        if mapped:
            out.add((ent.start_char, ent.end_char, local_name(mapped[0])))
    return out


def our_spans(doc, i: int) -> set[tuple[int, int, str]]:
    """Our stage 3 on one sentence treated as a one-chunk document."""
    from kg.extract.mentions import extract_document_mentions
    from kg.model import Chunk
    from kg.vocab import local_name

    chunk = Chunk(doc_id=f"nerwiki{i}", index=0, start=0, text=doc.text)
    return {(m.source.start, m.source.end, local_name(m.kind)) for m in extract_document_mentions([(doc, chunk)])}


def score(gold: list[set], pred: list[set], kind: str) -> tuple[float, float, float, int, int, int]:
    tp = fp = fn = 0
    for g, p in zip(gold, pred, strict=True):
        g = {x for x in g if x[2] == kind}
        p = {x for x in p if x[2] == kind}
        tp += len(g & p)
        fp += len(p - g)
        fn += len(g - p)
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return prec, rec, f1, tp, fp, fn


def cost(rows: list[dict]) -> int:
    """Print the CPU time of the parse with GiNZA's NER and with kg_ner in its place, and of each NER alone."""
    from kg.config import Settings
    from kg.extract import nlp as kg_nlp

    texts = [r["text"] for r in rows]
    chars = sum(map(len, texts))
    for name, settings in (("GiNZA NER", Settings()), ("kg_ner", Settings(kg_ner=True))):
        nlp = kg_nlp.load(settings)
        ner = "kg_ner" if settings.kg_ner else "ner"
        for _ in range(2):  # the second round is warm
            with kg_nlp.one_blas_thread():
                t = time.process_time()
                docs = list(nlp.pipe(texts, batch_size=64, disable=[ner]))
                parse = time.process_time() - t
                t = time.process_time()
                list(nlp.get_pipe(ner).pipe(docs))
                alone = time.process_time() - t
        print(f"{len(texts)} sentences, {chars} chars, {name}: parse {(parse + alone) / chars * 1e4:.2f} s/10k chars, "
              f"of which the NER {alone / chars * 1e4:.3f} s/10k chars ({100 * alone / (parse + alone):.1f} %)")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", choices=["dev", "test", "all"], default="test")
    ap.add_argument("--limit", type=int, default=0, help="score only the first N sentences of the split")
    ap.add_argument("--errors", type=int, default=0, help="print N example errors of our pipeline")
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--no-model", action="store_true", help="leave out the kg with kg_ner column")
    ap.add_argument("--cost", type=int, default=0, help="time GiNZA and kg_ner on N sentences, then stop")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    if args.cost:
        return cost(json.loads(args.data.read_text(encoding="utf-8"))[: args.cost])

    from kg.config import Settings
    from kg.extract import nlp as kg_nlp

    rows = json.loads(args.data.read_text(encoding="utf-8"))
    nlp = kg_nlp.load(Settings())
    docs = load_docs(rows, nlp)
    picked = [(i, r, d) for i, (r, d) in enumerate(zip(rows, docs, strict=True))
              if args.split == "all" or split_of(r["curid"]) == args.split]
    if args.limit:
        picked = picked[: args.limit]
    gold = [{(e["span"][0], e["span"][1], GOLD_TYPES[e["type"]]) for e in r["entities"] if e["type"] in GOLD_TYPES}
            for _, r, _ in picked]
    raw = [raw_spans(d) for _, _, d in picked]
    t = time.perf_counter()
    ours = [our_spans(d, i) for i, _, d in picked]
    elapsed = time.perf_counter() - t
    columns = [("raw GiNZA", raw), ("kg pipeline", ours)]
    if not args.no_model:  # parsed again without GiNZA's NER, kg_ner in its place (cached too)
        tagged = load_docs(rows, kg_nlp.load(Settings(kg_ner=True)))
        columns.append(("kg with kg_ner", [our_spans(tagged[i], i) for i, _, _ in picked]))
        ours = columns[-1][1]
    print(f"ner-wikipedia, split={args.split}, {len(picked)} sentences (mention level, exact span)")
    print(f"{'':14}" + "   ".join(f"{name:>24}" for name, _ in columns))
    print(f"{'':14}" + "   ".join(f"{'P':>8}{'R':>8}{'F1':>8}" for _ in columns))
    for kind in ("Person", "Organization"):
        cells = (score(gold, pred, kind) for _, pred in columns)
        print(f"{kind:14}" + "   ".join(f"{a[0]:8.3f}{a[1]:8.3f}{a[2]:8.3f}" for a in cells))
    print(f"(stage 3 time for our pipeline: {elapsed:.1f}s)")
    if args.errors:
        errs: Counter = Counter()
        shown = 0
        for (_, r, _), g, p in zip(picked, gold, ours, strict=True):
            if g == p or shown >= args.errors:
                continue
            shown += 1
            text = r["text"]
            miss = [f"{text[s:e]}/{k}" for s, e, k in sorted(g - p)]
            extra = [f"{text[s:e]}/{k}" for s, e, k in sorted(p - g)]
            print(f"- {text}\n    missed: {miss}\n    extra:  {extra}")
            errs.update(k for *_, k in g - p)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

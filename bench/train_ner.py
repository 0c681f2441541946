"""Train kg_ner, kg's own tagger that takes the place of GiNZA's NER, on Stockmark's ner-wikipedia set.

The component is a spaCy ``ner`` with no tok2vec of its own: it reads the contextual vectors GiNZA's
tok2vec leaves in ``doc.tensor`` beside hashed words, Sudachi's tags and ja_ginza's static vectors, so it
needs nothing beyond the ja_ginza package, and the Docs it trains on are parsed without GiNZA's NER (no
ENE label can leak in as a feature). Labels: PERSON, COMPANY (法人名), POLITICAL (政治的組織名), ORG
(その他の組織名) and PRODUCT, LOC, FAC, EVENT, so product and place names stop passing as organisations.
Only sentences of the dev split (bench/ner_wikipedia.py's fixed hash of the page id) are used; a tenth of
them, chosen by a second hash, is held out for early stopping. The test split is never read. Fixed seed,
one thread: the same data gives the same weights.

Usage:
    .venv/bin/python bench/train_ner.py [--epochs 12] [--patience 3] [--out kg/extract/models/ner_wikipedia]
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")  # the machine is shared; one thread also keeps training deterministic

import argparse  # noqa: E402
import hashlib  # noqa: E402
import json  # noqa: E402
import logging  # noqa: E402
import random  # noqa: E402
import shutil  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ner_wikipedia import DATA, load_docs, split_of  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "kg" / "extract" / "models" / "ner_wikipedia"
SEED = 20260
LABELS = {"人名": "PERSON", "法人名": "COMPANY", "政治的組織名": "POLITICAL", "その他の組織名": "ORG",
          "製品名": "PRODUCT", "地名": "LOC", "施設名": "FAC", "イベント名": "EVENT"}
ORGS = {"COMPANY", "POLITICAL", "ORG"}  # scored as one class: an organisation of the wrong kind is still found

# Hash-table rows per hashed token attribute. Eight labels: 33 actions, paid per token.
HASH_ROWS = {"NORM": 5000, "PREFIX": 1000, "SUFFIX": 2500, "SHAPE": 1000, "TAG": 500}
ATTRS = ["NORM", "PREFIX", "SUFFIX", "SHAPE", "TAG"]
MODEL = {
    "@architectures": "spacy.TransitionBasedParser.v2", "state_type": "ner", "extra_state_tokens": False,
    "hidden_width": 64, "maxout_pieces": 2, "use_upper": True, "nO": None,
    "tok2vec": {"@architectures": "kg.TensorTok2Vec.v1", "tensor_width": 256, "embed_width": 64, "width": 128,
                "attrs": ATTRS, "rows": [HASH_ROWS[a] for a in ATTRS], "static_vectors": True, "depth": 2},
}


def held_out(curid: str) -> bool:
    """A fixed tenth of the dev pages, for early stopping."""
    return int(hashlib.sha256(("holdout" + curid).encode()).hexdigest()[:8], 16) % 10 == 0


def make_example(doc, row):
    """Gold entities on GiNZA's own tokens, every other token outside; a span that cuts a token is
    left unknown rather than taught as outside."""
    from spacy.training import Example, biluo_tags_to_spans, offsets_to_biluo_tags

    spans = sorted((e["span"][0], e["span"][1], LABELS[e["type"]]) for e in row["entities"] if e["type"] in LABELS)
    spans = [s for i, s in enumerate(spans) if not any(s[0] < o[1] and o[0] < s[1] for o in spans[:i])]
    aligned = [s for s in spans if doc.char_span(s[0], s[1]) is not None]
    tags = offsets_to_biluo_tags(doc, aligned)
    for start, end, _ in set(spans) - set(aligned):
        for t in doc.char_span(start, end, alignment_mode="expand") or ():
            tags[t.i] = "-"
    reference = doc.copy()
    found = biluo_tags_to_spans(reference, tags)
    reference.set_ents([s for s in found if s.label_], missing=[s for s in found if not s.label_],
                       default="outside")
    return Example(doc, reference)


def _kind(label: str) -> str:
    return "ORG" if label in ORGS else label


def evaluate(component, examples) -> dict[str, float]:
    """Exact-span F1 of PERSON and of the organisations (any kind) on copies of the predicted docs."""
    docs = [eg.predicted.copy() for eg in examples]
    component.set_annotations(docs, component.predict(docs))
    out = {}
    for kind in ("PERSON", "ORG"):
        tp = fp = fn = 0
        for doc, eg in zip(docs, examples, strict=True):
            p = {(e.start_char, e.end_char) for e in doc.ents if _kind(e.label_) == kind}
            g = {(e.start_char, e.end_char) for e in eg.reference.ents if _kind(e.label_) == kind}
            tp, fp, fn = tp + len(p & g), fp + len(p - g), fn + len(g - p)
        out[kind] = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--epochs", type=int, default=12)
    ap.add_argument("--patience", type=int, default=3)
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--dropout", type=float, default=0.2)
    ap.add_argument("--depth", type=int, default=MODEL["tok2vec"]["depth"], help="windowed maxout layers")
    ap.add_argument("--no-vectors", dest="vectors", action="store_false",
                    help="leave ja_ginza's static vectors out of the hashed features")
    ap.add_argument("--attrs", default=",".join(MODEL["tok2vec"]["attrs"]),
                    help="token attributes hashed beside GiNZA's tensor (comma-separated)")
    ap.add_argument("--halves", default="dev", choices=["dev", "dev,test"],
                    help="the halves of ner-wikipedia to train on (dev,test: bench/ner_wikipedia.py's test figures "
                         "then score sentences the weights saw); the held-out tenth is always the dev half's")
    ap.add_argument("--all-dev", action="store_true",
                    help="train on the held-out tenth too, for exactly --epochs epochs (chosen by a run without it)")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)

    from spacy.util import fix_random_seed, minibatch
    from thinc.api import Adam, NumpyOps, set_current_ops

    from kg.config import Settings
    from kg.extract import nlp as kg_nlp
    from kg.extract.models.kg_ner import build_ner

    set_current_ops(NumpyOps(use_blis=False))  # as kg/extract/nlp.py parses: numpy's BLAS, one thread
    kg_nlp.one_blas_thread()
    fix_random_seed(SEED)
    rng = random.Random(SEED)
    rows = json.loads(args.data.read_text(encoding="utf-8"))
    nlp = kg_nlp.load_parser(Settings(), ner=False)
    docs = load_docs(rows, nlp)
    dev = [(row, doc) for row, doc in zip(rows, docs, strict=True) if split_of(row["curid"]) in args.halves.split(",")]
    tok2vec = nlp.get_pipe("tok2vec")  # the parse cache keeps no doc.tensor: GiNZA's tok2vec puts it back
    for batch in minibatch([doc for _, doc in dev], size=64):
        tok2vec.set_annotations(batch, tok2vec.predict(batch))
    train, hold = [], []
    for row, doc in dev:  # the test split is for scoring only, unless --halves says otherwise
        (hold if held_out(row["curid"]) and split_of(row["curid"]) == "dev" else train).append(make_example(doc, row))
    if args.all_dev:
        train += hold  # the held-out scores printed below are then training scores
    logging.info("training on %d sentences, early stopping on %d", len(train), 0 if args.all_dev else len(hold))

    attrs = args.attrs.split(",")
    model = {**MODEL, "tok2vec": {**MODEL["tok2vec"], "attrs": attrs, "rows": [HASH_ROWS[a] for a in attrs],
                                                "depth": args.depth, "static_vectors": args.vectors}}
    config = {"model": model, "moves": None, "update_with_oracle_cut_size": 1000, "incorrect_spans_key": None}
    ner = build_ner(nlp, "kg_ner_train", config)
    ner.initialize(lambda: train, nlp=nlp)
    logging.info("%d moves: %s", len(ner.move_names), " ".join(ner.move_names))
    optimizer = Adam(0.001)
    best, best_epoch, tmp = -1.0, -1, args.out.with_name(args.out.name + ".tmp")
    for epoch in range(args.epochs):
        t = time.perf_counter()
        rng.shuffle(train)
        losses: dict[str, float] = {}
        skipped = 0
        for batch in minibatch(train, size=16):
            try:
                ner.update(batch, drop=args.dropout, sgd=optimizer, losses=losses)
            except ValueError:  # E024: no oracle move for some gold span; update the others one by one
                for eg in batch:
                    try:
                        ner.update([eg], drop=args.dropout, sgd=optimizer, losses=losses)
                    except ValueError:
                        skipped += 1
        with ner.model.use_params(optimizer.averages):
            scores = evaluate(ner, hold)
            mean = (scores["PERSON"] + scores["ORG"]) / 2
            if mean > best or args.all_dev:
                best, best_epoch = mean, epoch
                shutil.rmtree(tmp, ignore_errors=True)
                ner.to_disk(tmp, exclude=("vocab",))
        logging.info("epoch %d: loss %.1f, held-out F1 PERSON %.3f ORG %.3f, %d skipped (%.0fs)", epoch,
                     losses.get("kg_ner_train", 0.0), scores["PERSON"], scores["ORG"], skipped,
                     time.perf_counter() - t)
        if epoch - best_epoch >= args.patience and not args.all_dev:
            break
    (tmp / "config.json").write_text(json.dumps({"component": config, "trained_on": f"ner-wikipedia {args.halves} split"
                                                 + (" (all of it)" if args.all_dev else " (held-out tenth aside)"),
                                                 "seed": SEED, "dropout": args.dropout, "best_epoch": best_epoch,
                                                 ("training_mean_f1" if args.all_dev else "held_out_mean_f1"):
                                                 round(best, 4)}, indent=1) + "\n")
    shutil.rmtree(args.out, ignore_errors=True)
    tmp.rename(args.out)
    logging.info("saved %s (best epoch %d, held-out mean F1 %.3f)", args.out, best_epoch, best)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

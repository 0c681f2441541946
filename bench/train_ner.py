"""Train the kg_ner component (PERSON / ORG) on the dev split of Stockmark's ner-wikipedia set.

The component is a spaCy ``ner`` with its own small CNN tok2vec; it reads the words, Sudachi's tags,
GiNZA's ENE label and ja_ginza's static vectors of the same Doc the pipeline parses (split mode C), so
it needs nothing beyond the ja_ginza package. Only sentences of the dev split (bench/ner_wikipedia.py's
fixed hash of the page id) are used; a tenth of them, chosen by a second hash, is held out for early
stopping. The test split is never read. Fixed seed, one thread: the same data gives the same weights.

Usage:
    .venv/bin/python bench/train_ner.py [--epochs 12] [--patience 3] [--out kg/models/ner_wikipedia]
    .venv/bin/python bench/train_ner.py --all-dev --epochs 6   # the shipped weights: best epoch + 1, all of dev
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

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ner_wikipedia import DATA, load_docs, split_of  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "kg" / "models" / "ner_wikipedia"
SEED = 20260
LABELS = {"人名": "PERSON", "法人名": "ORG", "その他の組織名": "ORG", "政治的組織名": "ORG"}

# spaCy's ner with a CNN tok2vec of its own. GiNZA's ENE label (ENT_TYPE) and Sudachi's tag (TAG:
# 名詞-固有名詞-人名-姓 ...) are features, so the component learns where GiNZA and Sudachi are right.
MODEL = {
    "@architectures": "spacy.TransitionBasedParser.v2", "state_type": "ner", "extra_state_tokens": False,
    "hidden_width": 64, "maxout_pieces": 2, "use_upper": True, "nO": None,
    "tok2vec": {
        "@architectures": "spacy.Tok2Vec.v2",
        "embed": {"@architectures": "spacy.MultiHashEmbed.v2", "width": 96,
                  "attrs": ["NORM", "PREFIX", "SUFFIX", "SHAPE", "TAG", "ENT_TYPE"],
                  "rows": [5000, 1000, 2500, 1000, 500, 500], "include_static_vectors": True},
        "encode": {"@architectures": "spacy.MaxoutWindowEncoder.v2", "width": 96, "depth": 4,
                   "window_size": 1, "maxout_pieces": 3},
    },
}


def held_out(curid: str) -> bool:
    """A fixed tenth of the dev pages, for early stopping."""
    return int(hashlib.sha256(("holdout" + curid).encode()).hexdigest()[:8], 16) % 10 == 0


def make_example(doc, row):
    """Gold entities on GiNZA's own tokens, every other token outside; a span that cuts a token is
    left unknown rather than taught as outside."""
    from spacy.training import Example, biluo_tags_to_spans, offsets_to_biluo_tags

    from kg.models.kg_ner import unset_iob

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
    unset_iob(doc)  # GiNZA's labels stay as features, not as fixed entities
    return Example(doc, reference)


def evaluate(component, examples) -> dict[str, float]:
    """Exact-span F1 per label on copies of the predicted docs."""
    docs = [eg.predicted.copy() for eg in examples]
    component.set_annotations(docs, component.predict(docs))
    out = {}
    for label in ("PERSON", "ORG"):
        tp = fp = fn = 0
        for doc, eg in zip(docs, examples, strict=True):
            p = {(e.start_char, e.end_char) for e in doc.ents if e.label_ == label}
            g = {(e.start_char, e.end_char) for e in eg.reference.ents if e.label_ == label}
            tp, fp, fn = tp + len(p & g), fp + len(p - g), fn + len(g - p)
        out[label] = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--epochs", type=int, default=12)
    ap.add_argument("--patience", type=int, default=3)
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--all-dev", action="store_true",
                    help="train on the held-out tenth too, for exactly --epochs epochs (chosen by a run without it)")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)

    from spacy.util import fix_random_seed, minibatch
    from thinc.api import Adam

    from kg import nlp as kg_nlp
    from kg.config import Settings

    fix_random_seed(SEED)
    rng = random.Random(SEED)
    rows = json.loads(args.data.read_text(encoding="utf-8"))
    nlp = kg_nlp.load(Settings())
    docs = load_docs(rows, nlp)
    train, hold = [], []
    for row, doc in zip(rows, docs, strict=True):
        if split_of(row["curid"]) != "dev":
            continue  # the test split is for scoring only
        (hold if held_out(row["curid"]) else train).append(make_example(doc, row))
    if args.all_dev:
        train += hold  # the held-out scores printed below are then training scores
    logging.info("training on %d sentences, early stopping on %d", len(train), 0 if args.all_dev else len(hold))

    config = {"model": MODEL, "moves": None, "update_with_oracle_cut_size": 1000, "incorrect_spans_key": None}
    ner = nlp.add_pipe("ner", name="kg_ner_train", config=config)
    ner.initialize(lambda: train, nlp=nlp)
    optimizer = Adam(0.001)
    best, best_epoch, tmp = -1.0, -1, args.out.with_name(args.out.name + ".tmp")
    for epoch in range(args.epochs):
        t = time.perf_counter()
        rng.shuffle(train)
        losses: dict[str, float] = {}
        skipped = 0
        for batch in minibatch(train, size=16):
            try:
                ner.update(batch, drop=0.2, sgd=optimizer, losses=losses)
            except ValueError:  # E024: no oracle move for some gold span; update the others one by one
                for eg in batch:
                    try:
                        ner.update([eg], drop=0.2, sgd=optimizer, losses=losses)
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
    (tmp / "config.json").write_text(json.dumps({"component": config, "trained_on": "ner-wikipedia dev split"
                                                 + (" (all of it)" if args.all_dev else " (held-out tenth aside)"),
                                                 "seed": SEED, "best_epoch": best_epoch,
                                                 ("training_mean_f1" if args.all_dev else "held_out_mean_f1"):
                                                 round(best, 4)}, indent=1) + "\n")
    shutil.rmtree(args.out, ignore_errors=True)
    tmp.rename(args.out)
    logging.info("saved %s (best epoch %d, held-out mean F1 %.3f)", args.out, best_epoch, best)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

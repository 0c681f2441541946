"""Print kg's quality on every gold set in one table (``make quality``) and write the figures as JSON.

Rows: the seed article (seeds/ + tests/gold/seed.json), the biographies of tests/data/relations with
tests/gold/bio_*.json, and the sets under ../shared/data/ (wiki-dev, news-dev, jacred-dev, each text built
alone and micro-averaged as ``kg eval --set`` does), and ner-wikipedia's test half (mention-level
Person/Organization, bench/ner_wikipedia.py). Below it, for the three dev sets together: relation
precision/recall at several min_confidence thresholds, the reliability table of confidences, and the
per-predicate scores. Last, the same sets with the other NER (kg_ner, kg's own tagger, in the place of
GiNZA's NER, or back), side by side with the first. Each model is loaded once for everything; parses and
facts are cached under --cache-dir, so a run after an extraction change parses nothing again.

Usage:
    .venv/bin/python bench/quality.py [--sets seed,biographies,wiki-dev,news-dev,jacred-dev,ner-wikipedia]
        [--json output/quality.json] [--min-confidence X] [--cache-dir .cache/eval] [--config kg.toml]
        [--jobs N] [--data ../shared/data] [--no-compare]
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))  # bench/ner_wikipedia.py

from kg.config import load_settings  # noqa: E402
from kg.errors import KGError  # noqa: E402
from kg.evaluate.sets import THRESHOLDS, Case, SetRun, cases_in, combined, run_set, thresholds  # noqa: E402
from kg.evaluate.tables import reliability_table, score_cells, score_table  # noqa: E402
from kg.build.pipeline import Model  # noqa: E402

SETS = ("seed", "biographies", "wiki-dev", "news-dev", "jacred-dev", "ner-wikipedia")
DEV = ("wiki-dev", "news-dev", "jacred-dev")  # the dev sets: thresholds, reliability and predicates
DATA = ROOT.parent / "shared" / "data"
TESTS = ROOT / "tests"


def cases_of(name: str, data: Path) -> list[Case] | None:
    """The cases of one set, or None when its data is not here."""
    if name == "seed":
        texts = sorted((ROOT / "seeds").glob("*.txt"))
        if len(texts) != 1:
            raise KGError(f"{ROOT / 'seeds'}: tests/gold/seed.json scores one seed article, found {len(texts)}")
        return [Case(texts[0].stem, texts[0], TESTS / "gold" / "seed.json")]
    if name == "biographies":
        return [Case(p.stem, p, TESTS / "gold" / f"{p.stem}.json")
                for p in sorted((TESTS / "data" / "relations").glob("bio_*.txt"))]
    folder = data / name
    return cases_in(folder) if folder.is_dir() else None


def ner_wikipedia(model: Model, data: Path) -> dict | None:
    """Person/Organization mention P/R/F1 of the kg pipeline on ner-wikipedia's test half, or None."""
    import ner_wikipedia as nw

    from kg.evaluate.score import Score

    path = data / "ner-wikipedia" / "ner.json"
    if not path.is_file():
        return None
    rows = [r for r in json.loads(path.read_text(encoding="utf-8")) if nw.split_of(r["curid"]) == "test"]
    docs = nw.load_docs(rows, model.nlp)  # parsed once, then read from output/.cache/ner-wikipedia
    gold = [{(e["span"][0], e["span"][1], nw.GOLD_TYPES[e["type"]]) for e in r["entities"]
             if e["type"] in nw.GOLD_TYPES} for r in rows]
    ours = [nw.our_spans(d, i) for i, d in enumerate(docs)]
    out = {"sentences": len(rows)}
    for kind in ("Person", "Organization"):
        _, _, _, tp, fp, fn = nw.score(gold, ours, kind)
        out[kind] = Score(tp=tp, fp=fp, fn=fn)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sets", default=",".join(SETS), help="comma-separated subset of " + ",".join(SETS))
    ap.add_argument("--json", type=Path, default=ROOT / "output" / "quality.json", help="where to write the figures")
    ap.add_argument("--min-confidence", type=float, default=None, help="score relations at or above this")
    ap.add_argument("--cache-dir", type=Path, default=Path(".cache") / "eval", help="parse cache of the sets")
    ap.add_argument("--config", type=Path, default=None, help="a kg.toml (model, kg_ner, min_confidence, ...)")
    ap.add_argument("--jobs", type=int, default=None, help="parsing processes")
    ap.add_argument("--data", type=Path, default=DATA, help="the folder holding wiki-dev/, news-dev/, ...")
    ap.add_argument("--no-compare", dest="compare", action="store_false",
                    help="leave out the run with the other NER (kg_ner on when the config has it off, and back)")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(message)s", stream=sys.stderr)
    wanted = [s.strip() for s in args.sets.split(",") if s.strip()]
    unknown = sorted(set(wanted) - set(SETS))
    if unknown:
        print(f"quality: unknown set(s) {', '.join(unknown)}; valid: {', '.join(SETS)}", file=sys.stderr)
        return 2
    try:
        settings = load_settings(args.config, cache_dir=args.cache_dir, jobs=args.jobs, quiet=True,
                                 min_confidence=args.min_confidence)
        return report(settings, [s for s in SETS if s in wanted], args.data, args.json, args.compare)
    except KGError as err:
        print(f"quality: error: {err}", file=sys.stderr)
        return 1


def run_sets(settings, names: list[str], data: Path) -> tuple[dict[str, SetRun], dict | None, dict[str, float]]:
    """Build and score every set with one model: the runs, ner-wikipedia's figures, seconds per set."""
    model = Model(settings)  # loaded on first use, once; not at all when every set's facts are cached
    runs: dict[str, SetRun] = {}
    seconds: dict[str, float] = {}
    ner = None
    for name in names:
        t = time.perf_counter()
        if name == "ner-wikipedia":
            ner = ner_wikipedia(model, data)
            if ner is None:
                print(f"ner-wikipedia: {data / 'ner-wikipedia' / 'ner.json'} not found; skipped")
        else:
            cases = cases_of(name, data)
            if cases is None:
                print(f"{name}: {data / name} not found; skipped")
                continue
            runs[name] = run_set(cases, settings, name=name, model=model)
        seconds[name] = round(time.perf_counter() - t, 1)
    return runs, ner, seconds


def ner_name(settings) -> str:
    return "kg_ner" if settings.kg_ner else "GiNZA NER"


def report(settings, names: list[str], data: Path, json_path: Path, compare: bool = True) -> int:
    """Run the sets, print the tables, write the JSON; with ``compare``, the other NER setting beside."""
    start = time.perf_counter()
    runs, ner, seconds = run_sets(settings, names, data)
    mc = settings.min_confidence
    reports = {name: run.report(mc) for name, run in runs.items()}
    dev = [runs[n] for n in DEV if n in runs]
    dev_report = combined("+".join(r.name for r in dev), dev, mc) if dev else None
    scores = {n: thresholds([runs[n]], sorted({*THRESHOLDS, mc})) for n in DEV if n in runs}
    if len(dev) > 1:
        scores[dev_report.name] = thresholds(dev, sorted({*THRESHOLDS, mc}))

    print(f"kg quality: model {settings.model} with {ner_name(settings)}, min_confidence {mc:g}; entities and relations "
          "P R F1 (tp/fp/fn)\n")
    width = 28
    print(f"{'set':<{width}}{'docs':>5}  {'entities':<34}{'relations'}")
    for name, r in reports.items():
        print(f"{name:<{width}}{r.documents:5}  {score_cells(r.entities):<34}{score_cells(r.relations)}")
    if ner is not None:  # mention level, exact spans; docs are the test half's sentences
        for kind in ("Person", "Organization"):
            print(f"{'ner-wikipedia ' + kind:<{width}}{ner['sentences']:5}  {score_cells(ner[kind]):<34}"
                  f"{score_cells(None)}")
    if dev_report is not None:
        print(f"\nrelations by min_confidence ({', '.join(scores)}): P R F1 (tp/fp/fn)")
        print(f"{'min_confidence':<16}" + "".join(f"{n:<34}" for n in scores).rstrip())
        for t in sorted({*THRESHOLDS, mc}):
            print(f"{t:<16.1f}" + "".join(f"{score_cells(s[t]):<34}" for s in scores.values()).rstrip())
        print(f"\nreliability ({dev_report.name}; relations judged right or wrong, by kgo:confidence)")
        print(reliability_table(dev_report.reliability()))
        print(f"\nper predicate ({dev_report.name})")
        print(score_table(list(dev_report.per_relation.items()), "predicate"))
    other = None
    if compare:
        other_settings = settings.replace(kg_ner=not settings.kg_ner)
        o_runs, o_ner, o_seconds = run_sets(other_settings, names, data)
        o_reports = {n: r.report(mc) for n, r in o_runs.items()}  # each scores every text: once per set
        other = {"settings": {"kg_ner": other_settings.kg_ner}, "seconds": o_seconds,
                 "sets": {n: {"entities": r.entities.as_dict(), "relations": r.relations.as_dict()}
                          for n, r in o_reports.items()}}
        if o_ner is not None:
            other["sets"]["ner-wikipedia"] = {k: o_ner[k].figures() for k in ("Person", "Organization")}
        print(f"\nthe NER beside: {ner_name(settings)} (as above) and {ner_name(other_settings)}; P R F1 (tp/fp/fn)")
        print(f"{'set':<{width}}{ner_name(settings) + ' entities':<34}{ner_name(other_settings) + ' entities':<34}"
              f"{ner_name(settings) + ' relations':<34}{ner_name(other_settings) + ' relations'}")
        for name, r in reports.items():
            o = o_reports[name]
            print(f"{name:<{width}}{score_cells(r.entities):<34}{score_cells(o.entities):<34}"
                  f"{score_cells(r.relations):<34}{score_cells(o.relations)}")
        if ner is not None and o_ner is not None:
            for kind in ("Person", "Organization"):
                print(f"{'ner-wikipedia ' + kind:<{width}}{score_cells(ner[kind]):<34}{score_cells(o_ner[kind]):<34}")
        seconds.update({f"{n} ({ner_name(other_settings)})": v for n, v in o_seconds.items()})
    total = round(time.perf_counter() - start, 1)
    print("\nseconds: " + ", ".join(f"{n} {s:g}" for n, s in seconds.items()) + f"; total {total:g}")

    out = {"settings": {"model": settings.model, "kg_ner": settings.kg_ner, "min_confidence": mc},
           "sets": {n: _set_json(r, scores.get(n)) for n, r in reports.items()}, "seconds": seconds}
    if other is not None:
        out["other_ner"] = other
    if ner is not None:
        out["sets"]["ner-wikipedia"] = {"sentences": ner["sentences"],
                                        **{k: ner[k].figures() for k in ("Person", "Organization")}}
    if dev_report is not None:
        out["dev"] = _set_json(dev_report, scores.get(dev_report.name))
    json_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = json_path.with_name(f".{json_path.name}.tmp")
    tmp.write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    tmp.replace(json_path)
    print(f"figures: {json_path}")
    return 0


def _set_json(r, scores) -> dict:
    """A set's figures for quality.json: scores, items, thresholds, reliability (no per-relation verdicts)."""
    out = {"documents": r.documents, "entities": r.entities.as_dict(), "relations": r.relations.as_dict(),
           "per_relation": {p: s.figures() for p, s in r.per_relation.items()},
           "reliability": r.reliability(), "by_method": r.by_method()}
    if scores:
        out["thresholds"] = {f"{t:g}": s.figures() for t, s in scores.items()}
    return out


if __name__ == "__main__":
    raise SystemExit(main())

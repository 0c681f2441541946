"""``kg eval --set`` on tests/data/evalset (three short texts written here, with gold), ``--min-confidence``
in builds, and bench/quality.py on a folder of sets.

The assertions are about the instrument (one build per text, one model load, the cache, the same scores as
``kg build`` + ``kg eval`` of each text), not about how well extraction does on these texts.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.config import Settings
from kg.evaluate.sets import cases_in, run_set

pytestmark = pytest.mark.model

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SET = HERE / "data" / "evalset"
runner = CliRunner()


def _counting_loads(monkeypatch) -> list[int]:
    """Count calls of kg.extract.nlp.load (the real one runs)."""
    from kg.extract import nlp

    calls: list[int] = []
    real = nlp.load

    def load(settings):
        calls.append(1)
        return real(settings)

    monkeypatch.setattr(nlp, "load", load)
    return calls


@pytest.fixture(scope="module")
def cache(tmp_path_factory):
    """A parse cache filled by one cold run of the set, with the model loads it took."""
    folder = tmp_path_factory.mktemp("evalcache")
    with pytest.MonkeyPatch.context() as mp:
        calls = _counting_loads(mp)
        run = run_set(cases_in(SET), Settings(quiet=True, cache_dir=folder), name="evalset")
    return folder, len(calls), run


def eval_json(*args: str) -> dict:
    result = runner.invoke(app, ["eval", *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_eval_set_loads_the_model_once_and_reuses_the_cache(cache, monkeypatch):
    folder, loads, cold = cache
    assert loads == 1 and len(cold.members) == 3
    assert cold.result.stats["cache misses"] == 3
    calls = _counting_loads(monkeypatch)
    warm = run_set(cases_in(SET), Settings(quiet=True, cache_dir=folder), name="evalset")
    assert calls == []  # every text's facts were cached: no model at all
    assert warm.result.stats["cache hits"] == 3
    assert warm.report().as_dict() == cold.report().as_dict()


def test_eval_set_one_model_for_several_sets(tmp_path, monkeypatch):
    from kg.build.pipeline import Model

    calls = _counting_loads(monkeypatch)
    settings = Settings(quiet=True)
    model = Model(settings)
    for name in ("a", "b"):  # two fresh caches: both sets parse, with one model
        run_set(cases_in(SET), settings.replace(cache_dir=tmp_path / name), name=name, model=model)
    assert len(calls) == 1


def test_eval_set_scores_each_text_as_kg_build_and_kg_eval_do(cache, tmp_path):
    folder, _, _ = cache
    report = eval_json("--set", str(SET), "--cache-dir", str(folder))
    from kg.build.pipeline import run

    totals = {"entities": [0, 0, 0], "relations": [0, 0, 0]}
    for case in cases_in(SET):
        out = tmp_path / case.name
        run(Settings(inputs=(case.text,), out_dir=out, quiet=True, cache_dir=folder))
        alone = eval_json(str(out / "graph.ttl"), str(case.gold))
        for part in totals:
            figures = {k: alone[part][k] for k in ("precision", "recall", "f1", "tp", "fp", "fn")}
            assert report["per_document"][case.name][part] == figures, (case.name, part)
            totals[part] = [a + alone[part][k] for a, k in zip(totals[part], ("tp", "fp", "fn"))]
    for part, (tp, fp, fn) in totals.items():  # micro-average: the sums
        assert (report[part]["tp"], report[part]["fp"], report[part]["fn"]) == (tp, fp, fn)
        assert report[part]["precision"] == round(tp / (tp + fp), 3) if tp + fp else True


def test_eval_set_json_has_every_part(cache):
    folder, _, _ = cache
    report = eval_json("--set", str(SET), "--cache-dir", str(folder))
    required = 10  # required relation items in the three gold files (the optional one excluded)
    assert report["documents"] == 3 and report["name"] == "evalset"
    assert report["relations"]["tp"] + report["relations"]["fn"] == required
    assert report["entities"]["tp"] + report["entities"]["fn"] == 13
    assert sum(s["tp"] + s["fn"] for s in report["per_relation"].values()) == required
    verdicts = [j["verdict"] for j in report["judgements"]]
    assert verdicts.count("tp") == report["relations"]["tp"] and verdicts.count("fp") == report["relations"]["fp"]
    assert all(j["evidence"] and j["method"].startswith("rel.") for j in report["judgements"])
    assert len(report["missed"]) == report["relations"]["fn"]
    # the fixed thresholds plus the default min_confidence (kg.config.Settings)
    assert list(report["thresholds"]) == ["0", "0.3", "0.5", "0.6", "0.7", "0.8"]
    counted = [t["tp"] + t["fp"] for t in report["thresholds"].values()]
    assert counted == sorted(counted, reverse=True)
    assert sum(r["count"] for r in report["reliability"]) == report["relations"]["tp"] + report["relations"]["fp"]


def test_eval_set_lists_a_false_positive_with_its_evidence(cache, tmp_path):
    folder, _, _ = cache
    report = eval_json("--set", str(SET), "--cache-dir", str(folder))
    found = [j for j in report["judgements"] if j["verdict"] == "tp"]
    assert found, "extraction finds none of the set's relations"
    j = found[0]
    copy = tmp_path / "set"
    shutil.copytree(SET, copy)
    gold_path = copy / "gold" / f"{j['doc']}.json"
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    gold["relations"] = [r for r in gold["relations"] if f"{r['s']} {r['p']} {r['o']}" != j["item"]]
    gold_path.write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    result = runner.invoke(app, ["eval", "--set", str(copy), "--cache-dir", str(folder)])
    assert result.exit_code == 0, result.output
    listed = result.output.split("false-positive relations")[1]
    assert f"{j['doc']}: {j['subject']}[{j['subject_id']}] {j['predicate']} {j['object']}[{j['object_id']}]" in listed
    assert f"「{j['evidence']}」" in listed
    table = result.output.split("\n\n")[1].splitlines()
    tp, fp = (int(x) for x in table[2].split()[4:6])
    assert (tp, fp) == (report["relations"]["tp"] - 1, report["relations"]["fp"] + 1)


def test_eval_set_min_confidence_above_every_relation(cache):
    folder, _, _ = cache
    report = eval_json("--set", str(SET), "--cache-dir", str(folder), "--min-confidence", "1")
    assert (report["relations"]["tp"], report["relations"]["fp"]) == (0, 0)
    assert report["min_confidence"] == 1.0 and "1" in report["thresholds"]


@pytest.mark.parametrize("args, message", [
    (["--set", "{tmp}/nothing"], "needs texts/NAME.txt and gold/NAME.json"),
    (["--set", "{tmp}/nogold"], "no gold file for lonely"),
    (["--set", "{tmp}/badgold"], "unknown predicate 'likes'"),
])
def test_eval_set_bad_set_is_one_line(tmp_path, args, message):
    for name in ("nogold", "badgold"):
        (tmp_path / name / "texts").mkdir(parents=True)
        (tmp_path / name / "gold").mkdir()
        (tmp_path / name / "texts" / "lonely.txt").write_text("森下健太は会社員である。\n", encoding="utf-8")
    gold = {"entities": [{"id": "a", "type": "Person", "names": ["森下健太"]}],
            "relations": [{"s": "a", "p": "likes", "o": "a"}]}
    (tmp_path / "badgold" / "gold" / "lonely.json").write_text(json.dumps(gold), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "kg", "eval", *[a.format(tmp=tmp_path) for a in args],
                           "--cache-dir", str(tmp_path / "c")], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.returncode == 1
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], proc.stderr
    assert not (tmp_path / "c").exists()  # nothing parsed


def test_eval_set_and_graph_arguments_together_is_a_usage_error(tmp_path):
    result = runner.invoke(app, ["eval", "g.ttl", "gold.json", "--set", str(SET)])
    assert result.exit_code == 2
    assert runner.invoke(app, ["eval"]).exit_code == 2


def test_build_min_confidence_drops_weak_relations_from_the_graph(cache, tmp_path):
    from kg.present.views import to_networkx
    from kg.rdf.graph import load

    folder, _, _ = cache
    toml = tmp_path / "kg.toml"  # the set's parse cache: the build parses nothing again
    toml.write_text(f"[kg]\ncache_dir = '{folder}'\n", encoding="utf-8")
    texts = SET / "texts"

    def build(out: str, *extra: str) -> tuple[str, list[dict]]:
        result = runner.invoke(app, ["build", str(texts), "-o", str(tmp_path / out), "-q", "--config", str(toml),
                                     *extra])
        assert result.exit_code == 0, result.output
        lines = (tmp_path / out / "relations.jsonl").read_text(encoding="utf-8").splitlines()
        return result.output, [json.loads(line) for line in lines]

    _, rows = build("full")
    assert rows and "dropped" not in str(rows)
    cut = max(r["confidence"] for r in rows)  # keep only the most confident relations
    output, cut_rows = build("cut", "--min-confidence", str(cut))
    assert [{k: v for k, v in r.items() if k != "dropped"} for r in cut_rows] == rows  # nothing lost
    assert [r.get("dropped", False) for r in cut_rows] == [r["confidence"] < cut for r in rows]
    edges = [d for *_, d in to_networkx(load(tmp_path / "cut" / "graph.ttl")).edges(data=True)]
    assert len(edges) == sum(r["confidence"] >= cut for r in rows) >= 1
    assert min(d["confidence"] for d in edges) >= cut
    assert f"{len(edges)} relations" in output


def test_build_min_confidence_from_kg_toml_and_bad_values(tmp_path):
    toml = tmp_path / "kg.toml"
    toml.write_text("[kg]\nmin_confidence = 0.7\n", encoding="utf-8")
    shown = runner.invoke(app, ["build", "--config", str(toml), "--show-config"])
    assert json.loads(shown.output)["min_confidence"] == 0.7
    toml.write_text("[kg]\nmin_confidence = 2\n", encoding="utf-8")
    bad = runner.invoke(app, ["build", "--config", str(toml), "--show-config"])
    assert bad.exit_code == 1 and "min_confidence must be a number from 0 to 1" in bad.output
    assert runner.invoke(app, ["build", "--min-confidence", "1.5", "--show-config"]).exit_code == 2


def test_quality_script_runs_the_sets_it_finds(cache, tmp_path):
    folder, _, _ = cache
    data = tmp_path / "data"
    shutil.copytree(SET, data / "wiki-dev")  # stands in for a dev set; news-dev is missing
    out = tmp_path / "quality.json"
    proc = subprocess.run([sys.executable, str(ROOT / "bench" / "quality.py"), "--sets", "wiki-dev,news-dev",
                           "--data", str(data), "--cache-dir", str(folder), "--json", str(out)],
                          capture_output=True, text=True, cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.returncode == 0, proc.stderr
    assert f"news-dev: {data / 'news-dev'} not found; skipped" in proc.stdout
    assert "reliability (wiki-dev;" in proc.stdout and "per predicate (wiki-dev)" in proc.stdout
    figures = json.loads(out.read_text(encoding="utf-8"))
    alone = eval_json("--set", str(SET), "--cache-dir", str(folder))
    for part in ("entities", "relations"):
        assert {k: figures["sets"]["wiki-dev"][part][k] for k in ("tp", "fp", "fn")} == \
            {k: alone[part][k] for k in ("tp", "fp", "fn")}
    assert list(figures["sets"]) == ["wiki-dev"]
    row = next(line for line in proc.stdout.splitlines() if line.startswith("wiki-dev "))
    r = alone["relations"]
    assert f"{r['precision']:.3f} {r['recall']:.3f} {r['f1']:.3f} ({r['tp']}/{r['fp']}/{r['fn']})" in row


def test_quality_script_rejects_unknown_sets():
    proc = subprocess.run([sys.executable, str(ROOT / "bench" / "quality.py"), "--sets", "wiki-dev,nope"],
                          capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.returncode == 2 and "unknown set(s) nope" in proc.stderr

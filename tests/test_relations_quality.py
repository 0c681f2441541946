"""Relation quality targets, measured the way a user would: `kg eval GRAPH GOLD --format json`.

Seed article: precision ≥ 0.90 and recall ≥ 0.80, the issue's targets. Seven Wikipedia-style business
biographies (tests/data/relations, people and companies not in the seed; four written here, three
copied from the entities tests with relation gold written before the rules ever ran on them) are
built together and scored against their merged gold.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.config import Settings

HERE = Path(__file__).resolve().parent
BIOS = HERE / "data" / "relations"
GOLD = HERE / "gold"


def kg_eval(graph: Path, gold: Path) -> dict:
    result = CliRunner().invoke(app, ["eval", str(graph), str(gold), "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def table(report: dict) -> str:
    """The per-relation table, as printed in the README."""
    rows = [f"{'':18}{'P':>7}{'R':>7}{'F1':>7}{'tp':>4}{'fp':>4}{'fn':>4}"]
    items = [("relations", report["relations"])] + [(f"  {k}", v) for k, v in report["per_relation"].items()]
    for name, s in items:
        rows.append(f"{name:18}{s['precision']:7.3f}{s['recall']:7.3f}{s['f1']:7.3f}{s['tp']:4}{s['fp']:4}{s['fn']:4}")
    return "\n".join(rows)


@pytest.fixture(scope="module")
def seed_report(seed_build):
    return kg_eval(seed_build[1] / "graph.ttl", GOLD / "seed.json")


@pytest.fixture(scope="module")
def bio_report(tmp_path_factory):
    from kg.build.pipeline import run

    work = tmp_path_factory.mktemp("bios")
    gold = {"entities": [], "relations": []}
    for path in sorted(GOLD.glob("bio_*.json")):  # ids prefixed by file: two texts may name one company
        part = json.loads(path.read_text(encoding="utf-8"))
        gold["entities"] += [{**e, "id": f"{path.stem}:{e['id']}"} for e in part["entities"]]
        gold["relations"] += [{**r, "s": f"{path.stem}:{r['s']}", "o": f"{path.stem}:{r['o']}"}
                              for r in part["relations"]]
    (work / "gold.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    run(Settings(inputs=(BIOS,), out_dir=work / "out", quiet=True))
    return kg_eval(work / "out" / "graph.ttl", work / "gold.json")


def test_relations_quality_seed_precision(seed_report):
    print("\nseed\n" + table(seed_report))
    assert seed_report["relations"]["precision"] >= 0.90, seed_report["relations"]["false_positives"]


def test_relations_quality_seed_recall_target(seed_report):
    assert seed_report["relations"]["recall"] >= 0.80, seed_report["relations"]["misses"]


def test_relations_quality_bios(bio_report):
    print("\nbiographies\n" + table(bio_report))
    assert bio_report["relations"]["f1"] >= 0.85, (bio_report["relations"]["misses"],
                                                   bio_report["relations"]["false_positives"])
    assert bio_report["relations"]["precision"] >= 0.90


def test_relations_quality_every_gold_bio_has_its_text():
    texts = {p.stem for p in BIOS.glob("bio_*.txt")}
    golds = {p.stem for p in GOLD.glob("bio_*.json")}
    assert len(texts) >= 3 and texts == golds

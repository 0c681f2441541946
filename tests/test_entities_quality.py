"""Entity quality gates (issue 3): the seed gold and unseen business biographies, scored by ``kg eval``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.config import Settings
from kg.evaluate.score import evaluate, load_gold
from kg.rdf.graph import load

pytestmark = pytest.mark.model

TESTS = Path(__file__).resolve().parent
DATA, GOLD = TESTS / "data", TESTS / "gold"
BIOGRAPHIES = DATA / "entities"  # written for issue 3, people and companies not in the seed
RELATION_BIOS = sorted((DATA / "relations").glob("bio_*.txt"))  # written by the relations work, unseen here


def _combined_gold(pairs: list[tuple[str, Path]]) -> dict:
    entities = []
    for prefix, path in pairs:
        for ent in json.loads(path.read_text(encoding="utf-8"))["entities"]:
            entities.append({**ent, "id": f"{prefix}:{ent['id']}"})
    return {"entities": entities}


@pytest.fixture(scope="module")
def biography_report(tmp_path_factory):
    from kg.build.pipeline import run

    out = tmp_path_factory.mktemp("bios") / "out"
    run(Settings(inputs=(BIOGRAPHIES,), out_dir=out, quiet=True))
    gold = _combined_gold([(p.stem, p) for p in sorted(BIOGRAPHIES.glob("*.json"))])
    return evaluate(load(out / "graph.ttl"), gold)


@pytest.fixture(scope="module")
def relation_bios_report(tmp_path_factory):
    from kg.build.pipeline import run

    reports = []
    for src in RELATION_BIOS:
        out = tmp_path_factory.mktemp(src.stem) / "out"
        run(Settings(inputs=(src,), out_dir=out, quiet=True))
        reports.append(evaluate(load(out / "graph.ttl"), load_gold(GOLD / f"{src.stem}.json")))
    return reports


def test_entities_quality_seed_f1_and_no_duplicates(seed_graph):
    report = evaluate(seed_graph, load_gold(GOLD / "seed.json"))
    assert report.entities.f1 >= 0.95, report.entities.as_dict()
    assert report.duplicates == []


def test_entities_quality_seed_recall_is_complete(seed_graph):
    report = evaluate(seed_graph, load_gold(GOLD / "seed.json"))
    assert report.entities.recall >= 0.95, report.entities.misses


def test_entities_quality_unseen_biographies(biography_report):
    assert biography_report.entities.f1 >= 0.85, biography_report.entities.as_dict()
    assert biography_report.duplicates == []


@pytest.mark.skipif(not RELATION_BIOS, reason="no relation biographies in tests/data/relations")
def test_entities_quality_other_unseen_biographies(relation_bios_report):
    tp = sum(r.entities.tp for r in relation_bios_report)
    fp = sum(r.entities.fp for r in relation_bios_report)
    fn = sum(r.entities.fn for r in relation_bios_report)
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    f1 = 2 * precision * recall / (precision + recall)
    assert f1 >= 0.85, [r.entities.as_dict() for r in relation_bios_report]

"""kg.extract.calibration: rule confidences pulled toward the precision measured per method prefix."""

from __future__ import annotations

import pytest

from kg.errors import KGError
from kg.extract import calibration
from kg.extract.calibration import Calibration
from kg.model import Relation, Source
from kg.vocab import KG


def _rel(method: str, confidence: float) -> Relation:
    return Relation("a", KG.ceoOf, "b", Source("d", 0, 1, "s", method), confidence)


def test_calibration_unseen_method_keeps_its_confidence():
    assert Calibration({"rel.ceoOf": (9, 10, 0.0)})("rel.founderOf.verb.v1", 0.65) == 0.65


def test_calibration_moves_toward_measured_precision_by_evidence():
    # the rules claimed 0.9 (log-odds 2.197) and were never right: the more evidence, the lower
    few = Calibration({"rel.ceoOf": (0, 2, 2.197)}, pseudo_count=4)("rel.ceoOf.role.v1", 0.9)
    many = Calibration({"rel.ceoOf": (0, 40, 2.197)}, pseudo_count=4)("rel.ceoOf.role.v1", 0.9)
    assert 0.0 < many < few < 0.9


def test_calibration_keeps_the_rules_order_and_gaps():
    # the rules said 0.75 (log-odds 1.0986) and 90 % were right: both rise, the hedged one stays far below
    cal = Calibration({"rel.ceoOf": (36, 40, 1.0986)}, pseudo_count=4)
    plain, hedged = cal("rel.ceoOf.role.v1", 0.75), cal("rel.ceoOf.role.hedged.v1", 0.375)
    assert plain > 0.85 and 0.375 < hedged < plain - 0.2


def test_calibration_reads_the_deepest_prefix_within_depth():
    counts = {"rel.ceoOf": (10, 10, 0.0), "rel.ceoOf.role": (0, 100, 0.0)}
    assert Calibration(counts, 4, depth=1)("rel.ceoOf.role.v1", 0.5) > 0.8
    assert Calibration(counts, 4, depth=0)("rel.ceoOf.role.v1", 0.5) < 0.1


def test_calibration_apply_without_table_is_identity():
    rels = [_rel("rel.ceoOf.role.v1", 0.7)]
    assert calibration.apply(rels, None) is rels
    assert calibration.apply(rels, Calibration({"rel.ceoOf": (0, 4, 0.0)}, 4))[0].confidence < 0.5


def test_calibration_load(tmp_path):
    assert calibration.load(tmp_path) is None
    (tmp_path / "calibration.yaml").write_text("pseudo_count: 8\ndepth: 2\ncounts:\n  rel.ceoOf: [3, 4, 0.5]\n")
    table = calibration.load(tmp_path)
    assert table == Calibration({"rel.ceoOf": (3, 4, 0.5)}, 8.0, 2)
    (tmp_path / "calibration.yaml").write_text("counts:\n  rel.ceoOf: three\n")
    with pytest.raises(KGError, match="calibration.yaml: not a calibration table"):
        calibration.load(tmp_path)


@pytest.mark.model
def test_calibration_build_reads_the_table_and_min_confidence_cuts_after_it(tmp_path, tiny_build):
    import json
    import shutil

    from conftest import settings_for
    from kg.build.pipeline import run
    from kg.config import Settings

    _, _, src = tiny_build
    ontology = tmp_path / "ontology"
    shutil.copytree(Settings().ontology_dir, ontology)
    # Every relation rule judged wrong 1000 times: calibrated confidences fall near 0.
    preds = ["mentorOf", "investedIn", "boardMemberOf", "founderOf", "ceoOf", "executiveOf", "employeeOf",
             "alumniOf", "spouseOf", "partnerOf", "siblingOf", "acquired", "partnershipWith", "dismissedFrom",
             "memberOf", "parentOrgOf"]
    (ontology / "calibration.yaml").write_text(
        "pseudo_count: 4\ndepth: 1\ncounts:\n" + "".join(f"  rel.{p}: [0, 1000, 0.0]\n" for p in preds))
    cache = tmp_path / "cache"
    plain = run(settings_for([src], tmp_path / "plain", ontology_dir=ontology, cache_dir=cache, calibrate=False,
                             min_confidence=0.1))
    cut = run(settings_for([src], tmp_path / "cut", ontology_dir=ontology, cache_dir=cache, min_confidence=0.1))
    assert plain.relations > 0
    assert cut.relations == 0
    rows = [json.loads(line) for line in (tmp_path / "cut" / "relations.jsonl").read_text().splitlines()]
    assert rows and all(r["dropped"] and r["confidence"] < 0.1 for r in rows)


def test_calibration_logistic_table_loads_and_reads_prefixes(tmp_path):
    (tmp_path / "calibration.yaml").write_text(
        "model: logistic\nintercept: -1.0\nweights:\n  confidence: 1.0\n  rel.ceoOf: 2.0\n")
    model = calibration.load(tmp_path)
    assert model("rel.ceoOf.role.v1", 0.5) == pytest.approx(0.731, abs=0.001)  # sigmoid(-1 + 0 + 2)
    assert model("rel.founderOf.verb.v1", 0.5) == pytest.approx(0.269, abs=0.001)  # sigmoid(-1)

"""Stage 5, last step: a relation's rule confidence → a calibrated probability that the relation is right.

``ontology/calibration.yaml`` is made by ``bench/calibrate.py`` from wiki-dev, which ships the ``counts`` model
that predicts held-out articles best (or none, when none beats the rules' own confidences); both kinds load:
- ``counts``: for each prefix of a rule's method name (``rel.ceoOf`` ⊂ ``rel.ceoOf.role`` ⊂
  ``rel.ceoOf.role.apposition`` …), how many of its relations were right, how many were judged, and the mean
  log-odds of the rules' confidences for them. A relation's log-odds move by the gap between its prefix's
  measured precision and what its rules claimed, by as much as the prefix's evidence weighs against a
  pseudo-count: rules the data never saw keep their hand-set confidence, and the rules' order (a hedged
  statement below a plain one) is kept.
- ``logistic``: a logistic regression over the rule's confidence (as log-odds) and one indicator per method
  prefix, fitted with scikit-learn and applied here in plain Python from its weights. The script prints it for
  comparison but does not ship it: fitted on wiki-dev it flattens the gaps between the rules' confidences.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from ..errors import KGError
from ..model import Relation
from .relation_rules import HEDGE_FACTOR

FILE = "calibration.yaml"
PSEUDO_COUNT = 4.0  # how many judged relations a prefix needs to move a confidence half-way to its precision
DEPTH = 0  # how many prefixes to use, from the predicate on (0: all)
# The rules scale a hedged statement's confidence (method part "hedged") by HEDGE_FACTOR. Hedges are too rare in
# the fitting data to measure, so the plain reading is calibrated and the factor applied after it.
HEDGED = "hedged"


def unhedged(method: str, confidence: float) -> tuple[str, float, float]:
    """Return the plain reading of a relation: its method without the hedge, its confidence, the factor to apply.

    Example:
        >>> unhedged("rel.founderOf.verb.active.hedged.v1", 0.35)
        ('rel.founderOf.verb.active.v1', 0.7, 0.5)
    """
    parts = method.split(".")
    if HEDGED not in parts:
        return method, confidence, 1.0
    return ".".join(p for p in parts if p != HEDGED), min(confidence / HEDGE_FACTOR, 1.0), HEDGE_FACTOR


@dataclass(frozen=True, slots=True)
class Calibration:
    """Per method prefix: (right, judged, mean log-odds of the rule confidences of the judged relations)."""

    counts: dict[str, tuple[int, int, float]]
    pseudo_count: float = PSEUDO_COUNT
    depth: int = DEPTH

    def __call__(self, method: str, confidence: float) -> float:
        """Return the calibrated confidence of a relation found by ``method`` with the rule's ``confidence``.

        The deepest prefix of the method with data shifts the rule confidence's log-odds by how far its measured
        precision lies from its rules' mean confidence, shrunk by ``judged / (judged + pseudo_count)``. The shift
        is the same for every relation of the prefix. A hedged statement gets half its plain reading's value.

        Example:
            >>> cal = Calibration({"rel.ceoOf": (19, 20, 0.0)}, pseudo_count=4)   # rules said 0.5, 95 % were right
            >>> cal("rel.ceoOf.role.v1", 0.5), cal("rel.ceoOf.role.hedged.v1", 0.25)
            (0.894, 0.447)
            >>> cal("rel.spouseOf.kin.v1", 0.7)
            0.7
        """
        method, confidence, factor = unhedged(method, confidence)
        entry = None
        for prefix in prefixes(method, self.depth):
            if self.counts.get(prefix, (0, 0, 0.0))[1]:
                entry = self.counts[prefix]
        if entry is None:
            return round(confidence * factor, 3)
        right, judged, mean = entry
        shift = (log_odds((right + 0.5) / (judged + 1.0)) - mean) * judged / (judged + self.pseudo_count)
        return round(factor / (1.0 + math.exp(-(log_odds(confidence) + shift))), 3)


@dataclass(frozen=True, slots=True)
class Logistic:
    """A logistic model: intercept + weight × log-odds of the rule confidence + the weights of the method's prefixes."""

    intercept: float
    weights: dict[str, float]  # "confidence" and method prefixes

    def __call__(self, method: str, confidence: float) -> float:
        """Return the probability that a relation found by ``method`` with the rule's ``confidence`` is right.

        Example:
            >>> round(Logistic(0.0, {"confidence": 1.0})("rel.ceoOf.role.v1", 0.8), 3)
            0.8
        """
        method, confidence, factor = unhedged(method, confidence)
        z = self.intercept + self.weights.get("confidence", 0.0) * log_odds(confidence)
        z += sum(self.weights.get(p, 0.0) for p in prefixes(method))
        return round(factor / (1.0 + math.exp(-z)), 3)


Calibrator = Calibration | Logistic  # what calibration.yaml loads as


def log_odds(p: float) -> float:
    """Return log(p / (1 - p)), with p kept inside (0.01, 0.99)."""
    p = min(max(p, 0.01), 0.99)
    return math.log(p / (1.0 - p))


def prefixes(method: str, depth: int = 0) -> list[str]:
    """Return the method's first ``depth`` prefixes (0: all) from the predicate on, without the version suffix.

    Example:
        >>> prefixes("rel.ceoOf.role.apposition.v1")
        ['rel.ceoOf', 'rel.ceoOf.role', 'rel.ceoOf.role.apposition']
        >>> prefixes("rel.ceoOf.role.apposition.v1", 1)
        ['rel.ceoOf']
    """
    parts = method.split(".")
    if parts and parts[-1][:1] == "v" and parts[-1][1:].isdigit():
        parts = parts[:-1]
    found = [".".join(parts[:i]) for i in range(2, len(parts) + 1)]
    return found[:depth] if depth else found


def load(ontology_dir: Path) -> Calibrator | None:
    """Read ``calibration.yaml`` from the ontology folder; None when there is none.

    Raises:
        KGError: the file exists but is not a calibration table.
    """
    path = Path(ontology_dir) / FILE
    if not path.is_file():
        return None
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if data.get("model") == "logistic":
            return Logistic(float(data["intercept"]), {str(k): float(v) for k, v in data["weights"].items()})
        counts = {str(k): (int(v[0]), int(v[1]), float(v[2])) for k, v in (data.get("counts") or {}).items()}
        pseudo = float(data.get("pseudo_count", PSEUDO_COUNT))
        depth = int(data.get("depth", DEPTH))
    except (OSError, yaml.YAMLError, TypeError, ValueError, IndexError, AttributeError, KeyError) as err:
        raise KGError(f"{path}: not a calibration table ({err}); rebuild it with bench/calibrate.py") from err
    return Calibration(counts, pseudo, depth)


def apply(relations: list[Relation], calibration: Calibrator | None) -> list[Relation]:
    """Return the relations with calibrated confidences (unchanged without a table)."""
    if calibration is None:
        return relations
    return [replace(r, confidence=calibration(r.source.method, r.confidence)) for r in relations]

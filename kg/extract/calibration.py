"""Stage 5, last step: a relation's rule confidence → a calibrated probability that the relation is right.

The table (``ontology/calibration.yaml``, made by ``bench/calibrate.py`` from wiki-dev) counts, for each prefix
of a rule's method name (``rel.ceoOf`` ⊂ ``rel.ceoOf.role`` ⊂ ``rel.ceoOf.role.apposition`` …), how many of the
relations it produced were right and how many were judged at all. A relation's confidence starts at the rule's
own value and is pulled toward the measured precision of each prefix in turn, from the shortest to the longest,
by as much as that prefix's evidence weighs against a fixed pseudo-count: rules the data never saw keep their
hand-set confidence, and rules it saw often get what they earned.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from ..errors import KGError
from ..model import Relation

FILE = "calibration.yaml"
PSEUDO_COUNT = 4.0  # how many judged relations a prefix needs to move a confidence half-way to its precision
DEPTH = 0  # how many prefixes to use, from the predicate on (0: all)


@dataclass(frozen=True, slots=True)
class Calibration:
    """Per method prefix: (right, judged) counts."""

    counts: dict[str, tuple[int, int]]
    pseudo_count: float = PSEUDO_COUNT
    depth: int = DEPTH

    def __call__(self, method: str, confidence: float) -> float:
        """Return the calibrated confidence of a relation found by ``method`` with the rule's ``confidence``.

        Example:
            >>> cal = Calibration({"rel.ceoOf": (1, 10)})
            >>> round(cal("rel.ceoOf.role.v1", 0.9), 3)
            0.329
            >>> cal("rel.spouseOf.kin.v1", 0.7)
            0.7
        """
        p = confidence
        for prefix in prefixes(method, self.depth):
            right, judged = self.counts.get(prefix, (0, 0))
            if judged:
                p = (right + self.pseudo_count * p) / (judged + self.pseudo_count)
        return round(min(max(p, 0.0), 1.0), 3)


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


def load(ontology_dir: Path) -> Calibration | None:
    """Read ``calibration.yaml`` from the ontology folder; None when there is none.

    Raises:
        KGError: the file exists but is not a calibration table.
    """
    path = Path(ontology_dir) / FILE
    if not path.is_file():
        return None
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        counts = {str(k): (int(v[0]), int(v[1])) for k, v in (data.get("counts") or {}).items()}
        pseudo = float(data.get("pseudo_count", PSEUDO_COUNT))
        depth = int(data.get("depth", DEPTH))
    except (OSError, yaml.YAMLError, TypeError, ValueError, IndexError, AttributeError) as err:
        raise KGError(f"{path}: not a calibration table ({err}); rebuild it with bench/calibrate.py") from err
    return Calibration(counts, pseudo, depth)


def apply(relations: list[Relation], calibration: Calibration | None) -> list[Relation]:
    """Return the relations with calibrated confidences (unchanged without a table)."""
    if calibration is None:
        return relations
    return [replace(r, confidence=calibration(r.source.method, r.confidence)) for r in relations]

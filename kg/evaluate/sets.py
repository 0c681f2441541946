"""Score a set of texts with gold (``kg eval --set DIR``): build each text alone, micro-average the scores.

Every text is built in memory as ``kg build`` of that one file would build it (kg.build.pipeline.build_each),
with the model loaded once for the whole set and the parses and facts kept in a parse cache, so a run
after an extraction change parses nothing again. The graphs are kept, so scores at other confidence
thresholds cost no rebuild.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import KGError
from ..model import Result
from .score import Gold, GoldItem, Judgement, Prediction, Report, Score, evaluate, load_gold, parse_gold, \
    read_graph, reliability

if TYPE_CHECKING:
    from ..config import Settings
    from ..build.pipeline import Model

THRESHOLDS = (0.0, 0.5, 0.6, 0.7, 0.8)  # min_confidence values scored side by side
CACHE_DIR = Path(".cache") / "eval"  # the parse cache of kg eval --set, under the working folder


@dataclass(frozen=True, slots=True)
class Case:
    """One text of a set and its gold file."""

    name: str
    text: Path
    gold: Path


def cases_in(folder: Path) -> list[Case]:
    """Return the texts of a set folder (``texts/NAME.txt``), each with ``gold/NAME.json``, by name.

    Raises:
        KGError: the folder lacks texts/ or gold/, or a text has no gold file or a gold file no text.
    """
    folder = Path(folder)
    texts, golds = folder / "texts", folder / "gold"
    if not texts.is_dir() or not golds.is_dir():
        raise KGError(f"{folder}: a set folder needs texts/NAME.txt and gold/NAME.json (see SPEC.md)")
    names = {p.stem for p in texts.glob("*.txt")}
    gold_names = {p.stem for p in golds.glob("*.json")}
    if not names:
        raise KGError(f"{texts}: no .txt files")
    if names - gold_names:
        raise KGError(f"{golds}: no gold file for {', '.join(sorted(names - gold_names)[:5])}")
    if gold_names - names:
        raise KGError(f"{texts}: no text for gold file(s) {', '.join(sorted(gold_names - names)[:5])}")
    return [Case(n, texts / f"{n}.txt", golds / f"{n}.json") for n in sorted(names)]


@dataclass(slots=True)
class Member:
    """One built text of a set: what its graph holds and its gold."""

    name: str
    prediction: Prediction
    gold: Gold


@dataclass(slots=True)
class SetReport:
    """Micro-averaged scores of a set: the sums of every member's counts, and every item with its member."""

    name: str
    documents: int
    min_confidence: float
    entities: Score = field(default_factory=Score)
    relations: Score = field(default_factory=Score)
    per_relation: dict[str, Score] = field(default_factory=dict)
    duplicates: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    judgements: list[Judgement] = field(default_factory=list)
    missed: list[tuple[str, GoldItem]] = field(default_factory=list)
    per_document: dict[str, tuple[Score, Score]] = field(default_factory=dict)  # name → (entities, relations)

    @classmethod
    def micro(cls, name: str, reports: Iterable[tuple[str, Report]], min_confidence: float) -> SetReport:
        """Sum the per-document reports ``(member name, report)``."""
        out = cls(name=name, documents=0, min_confidence=min_confidence)
        per: dict[str, Score] = defaultdict(Score)
        for doc, report in reports:
            out.documents += 1
            prefix = f"{doc}: "
            out.entities.add(report.entities, prefix)
            out.relations.add(report.relations, prefix)
            for pred, score in report.per_relation.items():
                per[pred].add(score, prefix)
            out.duplicates += [prefix + d for d in report.duplicates]
            out.ignored += [prefix + i for i in report.ignored]
            out.judgements += [dataclasses.replace(j, doc=doc) for j in report.judgements]
            out.missed += [(doc, item) for item in report.missed]
            out.per_document[doc] = (report.entities, report.relations)
        out.per_relation = dict(sorted(per.items()))
        return out

    def reliability(self) -> list[dict]:
        """The reliability table of this set's counted relations (kg.evaluate.score.reliability)."""
        return reliability(self.judgements)

    def by_method(self) -> list[dict]:
        """Counted relations per kgo:method: count and measured precision, most frequent first."""
        counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for j in self.judgements:
            if j.verdict in ("tp", "fp"):
                counts[j.method][0] += 1
                counts[j.method][1] += j.verdict == "tp"
        return [{"method": m, "count": n, "tp": tp, "precision": round(tp / n, 3)}
                for m, (n, tp) in sorted(counts.items(), key=lambda kv: (-kv[1][0], kv[0]))]

    def as_dict(self) -> dict:
        return {
            "name": self.name, "documents": self.documents, "min_confidence": self.min_confidence,
            "entities": self.entities.as_dict(), "relations": self.relations.as_dict(),
            "per_relation": {p: s.as_dict() for p, s in self.per_relation.items()},
            "duplicates": self.duplicates, "ignored": self.ignored,
            "missed": [{"doc": doc, "triple": list(item.triple), "evidence": item.evidence}
                       for doc, item in self.missed],
            "judgements": [j.as_dict() for j in self.judgements],
            "reliability": self.reliability(), "by_method": self.by_method(),
            "per_document": {doc: {"entities": e.figures(), "relations": r.figures()}
                             for doc, (e, r) in self.per_document.items()},
        }


@dataclass(slots=True)
class SetRun:
    """A set built once; scores at any confidence threshold are computed from the kept graphs."""

    name: str
    members: list[Member]
    result: Result  # stats (cache hits) and stage timings of the builds

    def reports(self, min_confidence: float = 0.0) -> list[tuple[str, Report]]:
        """Each member's report at ``min_confidence``."""
        return [(m.name, evaluate(m.prediction, m.gold, min_confidence)) for m in self.members]

    def report(self, min_confidence: float = 0.0) -> SetReport:
        """The micro-averaged report at ``min_confidence``."""
        return SetReport.micro(self.name, self.reports(min_confidence), min_confidence)


def thresholds(runs: Iterable[SetRun], values: Iterable[float] = THRESHOLDS) -> dict[float, Score]:
    """Micro-averaged relation scores of ``runs`` together at each min_confidence in ``values``."""
    runs = list(runs)
    return {t: SetReport.micro("", [r for run in runs for r in run.reports(t)], t).relations for t in values}


def combined(name: str, runs: Iterable[SetRun], min_confidence: float = 0.0) -> SetReport:
    """One report for several sets, their members named ``SET/NAME``."""
    return SetReport.micro(name, [(f"{run.name}/{doc}", report) for run in runs
                                  for doc, report in run.reports(min_confidence)], min_confidence)


def run_set(cases: list[Case], settings: Settings, name: str = "", model: Model | None = None,
            progress: Callable[[int, int], None] | None = None) -> SetRun:
    """Build every case's text alone and keep what its graph holds, beside its gold.

    ``settings.min_confidence`` is not applied here: every relation is kept, and the reports filter.
    The parse cache is ``settings.cache_dir``, or CACHE_DIR when it is None (``use_cache``); ``model``
    is shared when given.

    Raises:
        KGError: a text cannot be read, a gold file is not valid gold, or the build fails.
    """
    from ..build import pipeline
    from ..ingest.documents import read_document

    golds = [parse_gold(load_gold(c.gold), str(c.gold)) for c in cases]  # bad gold fails before any parse
    documents = [read_document(c.text) for c in cases]
    result = Result(out_dir=settings.out_dir)
    settings = settings.replace(min_confidence=0.0, cache_dir=settings.cache_dir or CACHE_DIR)
    built = pipeline.build_each(settings, documents, model=model, progress=progress,
                                result=result)
    members = [Member(c.name, read_graph(b.graph), gold) for c, b, gold in zip(cases, built, golds, strict=True)]
    return SetRun(name=name, members=members, result=result)

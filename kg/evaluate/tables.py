"""Plain-text tables of scores, for ``kg eval --set`` and ``bench/quality.py``: fixed width, no colour."""

from __future__ import annotations

from .score import Score
from .sets import SetReport


def _pct(x: float | None) -> str:
    return "    –" if x is None else f"{x:5.3f}"


def score_cells(s: Score | None) -> str:
    """``P R F1 (tp/fp/fn)`` of one score, or dashes when there is none.

    Example:
        >>> score_cells(Score(tp=3, fp=1, fn=1))
        '0.750 0.750 0.750 (3/1/1)'
    """
    if s is None:
        return "    –     –     –"
    return f"{s.precision:5.3f} {s.recall:5.3f} {s.f1:5.3f} ({s.tp}/{s.fp}/{s.fn})"


def score_table(rows: list[tuple[str, Score]], first: str = "") -> str:
    """A table of named scores: P, R, F1, tp, fp, fn."""
    width = max([len(first)] + [len(name) for name, _ in rows]) + 2
    lines = [f"{first:<{width}}{'P':>6}{'R':>7}{'F1':>7}{'tp':>6}{'fp':>6}{'fn':>6}"]
    for name, s in rows:
        lines.append(f"{name:<{width}}{s.precision:6.3f}{s.recall:7.3f}{s.f1:7.3f}{s.tp:6}{s.fp:6}{s.fn:6}")
    return "\n".join(lines)


def threshold_table(scores: dict[float, Score]) -> str:
    """Relation scores at each min_confidence."""
    return score_table([(f"{t:.1f}", s) for t, s in scores.items()], "min_confidence")


def reliability_table(rows: list[dict]) -> str:
    """Confidence bins: count, measured precision and mean confidence of the counted relations."""
    lines = [f"{'confidence':<12}{'count':>6}{'tp':>6}{'precision':>11}{'mean conf':>11}"]
    for r in rows:
        lines.append(f"{r['bin']:<12}{r['count']:6}{r['tp']:6}{_pct(r['precision']):>11}"
                     f"{_pct(r['mean_confidence']):>11}")
    return "\n".join(lines)


def method_table(rows: list[dict]) -> str:
    """Counted relations per kgo:method."""
    width = max([6] + [len(r["method"]) for r in rows]) + 2
    lines = [f"{'method':<{width}}{'count':>6}{'tp':>6}{'precision':>11}"]
    lines += [f"{r['method']:<{width}}{r['count']:6}{r['tp']:6}{r['precision']:11.3f}" for r in rows]
    return "\n".join(lines)


def render_set(report: SetReport, scores: dict[float, Score] | None = None) -> str:
    """The human-readable ``kg eval --set`` output: scores, thresholds, reliability, then every error."""
    out = [f"{report.name}: {report.documents} documents, micro-averaged, min_confidence {report.min_confidence:g}",
           "",
           score_table([("entities", report.entities), ("relations", report.relations)]
                       + [(f"  {p}", s) for p, s in report.per_relation.items()])]
    if scores:
        out += ["", "relations by min_confidence", threshold_table(scores)]
    out += ["", "reliability (relations judged right or wrong)", reliability_table(report.reliability())]
    methods = report.by_method()
    if methods:
        out += ["", "by method", method_table(methods)]
    for title, items in (("missed entities", report.entities.misses),
                         ("false-positive entities", report.entities.false_positives),
                         ("duplicate nodes", report.duplicates),
                         ("not counted (ignored names)", report.ignored)):
        if items:
            out += ["", f"{title} ({len(items)}):"] + [f"  {i}" for i in items]
    if report.missed:
        out += ["", f"missed relations ({len(report.missed)}):"]
        out += [f"  {doc}: {item.label()}  「{item.evidence}」" for doc, item in report.missed]
    wrong = [j for j in report.judgements if j.verdict == "fp"]
    if wrong:
        out += ["", f"false-positive relations ({len(wrong)}):"]
        out += [f"  {j.doc}: {j.explained()}  [{j.confidence:g} {j.method}]  「{j.evidence}」" for j in wrong]
    return "\n".join(out) + "\n"

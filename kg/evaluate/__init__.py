"""Scoring against gold (SPEC.md "Gold files"): one graph (``kg eval GRAPH GOLD``) or a set (``kg eval --set``).

- ``score``: gold files, the matching rules (alt, optional, symmetric, ignore, scored_predicates), P/R/F1
  and the verdict on every predicted relation; the reliability table of confidences.
- ``sets``: build each text of a set alone (one model load, the parse cache), micro-average, and score
  again at other confidence thresholds without rebuilding.
- ``tables``: the plain-text tables ``kg eval --set`` and ``bench/quality.py`` print.

May import kg.build.pipeline and the stages before it; nothing in kg imports this package but the CLI.
"""

from .score import Gold, Judgement, Report, Score, evaluate, load_gold, parse_gold, read_graph, reliability
from .sets import THRESHOLDS, Case, SetReport, SetRun, cases_in, combined, run_set, thresholds

__all__ = ["THRESHOLDS", "Case", "Gold", "Judgement", "Report", "Score", "SetReport", "SetRun", "cases_in",
           "combined", "evaluate", "load_gold", "parse_gold", "read_graph", "reliability", "run_set", "thresholds"]

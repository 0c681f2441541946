"""Scoring against gold (SPEC.md "Gold files"): ``kg eval GRAPH GOLD``.

- ``score``: gold files, the matching rules (alt, optional, symmetric, ignore, scored_predicates), P/R/F1
  and the verdict on every predicted relation; the reliability table of confidences.

Nothing in kg imports this package but the CLI.
"""

from .score import Gold, Judgement, Report, Score, evaluate, load_gold, parse_gold, read_graph, reliability

__all__ = ["Gold", "Judgement", "Report", "Score", "evaluate", "load_gold", "parse_gold", "read_graph",
           "reliability"]

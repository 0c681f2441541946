"""Scoring against gold (SPEC.md "Gold files"): one graph (``kg eval GRAPH GOLD``) or a set (``kg eval --set``).

- ``score``: gold files, the matching rules (alt, optional, symmetric, ignore, scored_predicates), P/R/F1
  and the verdict on every predicted relation; the reliability table of confidences.
- ``sets``: build each text of a set alone (one model load, the parse cache), micro-average, and score
  again at other confidence thresholds without rebuilding.
- ``tables``: the plain-text tables ``kg eval --set`` and ``bench/quality.py`` print.

May import kg.build.pipeline and the stages before it; nothing in kg imports this package but the CLI.
"""

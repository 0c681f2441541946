"""Stages 3–5 on one parsed document (the unit of work of every executor), and the per-stage clock."""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..extract import aliases, mention_cues, mentions, relation_rules, relations, tokens
from ..model import Chunk, Entity, Mention, Relation, Result

if TYPE_CHECKING:
    from spacy.tokens import Doc
    from spacy.vocab import Vocab


@dataclass(slots=True)
class DocFacts:
    """What stages 3–5 found in one document: its mentions and document-local relations."""

    mentions: list[Mention]
    relations: list[tuple[Relation, dict[str, list[Mention]]]]  # relation, its local key → mentions
    timings: dict[str, float] = field(default_factory=dict)
    entities: list[Entity] = field(default_factory=list)  # the document resolved alone (kg.extract.aliases)


def load_rules(vocab: Vocab, split_mode: str = "C") -> relation_rules.Rules:
    """Load every table stages 3–5 read, before the first document rather than during it: stage 3's cue
    tables and Sudachi's dictionary (kg.extract.mention_cues) and stage 5's compiled relation rules, which
    are returned."""
    mention_cues.load_cues()
    mention_cues.sudachi_dictionary()
    return relation_rules.load_rules(vocab, split_mode=split_mode)


def extract_document(parsed: list[tuple[Doc, Chunk]], rules: relation_rules.Rules | None = None) -> DocFacts:
    """Run stages 3–5 on one parsed document; the unit of work of every executor.

    ``rules`` are the compiled relation rules; compiled here when not given.
    """
    timings: dict[str, float] = {}
    t = time.perf_counter()
    parsed = [(tokens.table(doc), chunk) for doc, chunk in parsed]  # Token objects made once, for both stages
    doc_mentions = mentions.extract_document_mentions(parsed)
    t = _lap(timings, "mentions", t)
    doc_entities, doc_index = aliases.resolve(doc_mentions)
    t = _lap(timings, "aliases", t)
    kinds = {e.key: e.kind for e in doc_entities}
    members: dict[str, list[Mention]] = defaultdict(list)
    for m, key in doc_index.items():
        members[key].append(m)
    found = relations.extract_relations(parsed, doc_mentions, doc_index, kinds, rules)
    local = [(rel, members) for rel in found]
    _lap(timings, "relations", t)
    return DocFacts(mentions=doc_mentions, relations=local, timings=timings, entities=doc_entities)


def _lap(timings: dict[str, float], stage: str, since: float) -> float:
    now = time.perf_counter()
    timings[stage] = timings.get(stage, 0.0) + now - since
    return now


class Clock:
    """Accumulate wall time per stage into Result.timings."""

    def __init__(self, result: Result) -> None:
        self.result = result

    def add(self, stage: str, seconds: float) -> None:
        self.result.timings[stage] = self.result.timings.get(stage, 0.0) + seconds

    def __call__(self, stage: str):
        clock = self

        class _Span:
            def __enter__(self) -> None:
                self.t = time.perf_counter()

            def __exit__(self, *exc: object) -> None:
                clock.add(stage, time.perf_counter() - self.t)

        return _Span()

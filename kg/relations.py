"""Stage 5: spaCy Doc + mentions → Relation. Cue words near two typed mentions in one sentence."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rdflib import URIRef

from .mentions import sentence_source
from .model import Chunk, Mention, Relation
from .vocab import KG, SYMMETRIC

if TYPE_CHECKING:
    from spacy.tokens import Doc

# (predicate, subject class, object class, cue lemmas)
CUES: tuple[tuple[URIRef, URIRef, URIRef, tuple[str, ...]], ...] = (
    (KG.ceoOf, KG.Person, KG.Organization, ("CEO", "最高経営責任者", "社長")),
    (KG.founderOf, KG.Person, KG.Organization, ("創業", "創設", "設立", "立ち上げる")),
    (KG.investedIn, KG.Organization, KG.Organization, ("投資", "出資")),
    (KG.acquired, KG.Organization, KG.Organization, ("買収",)),
    (KG.alumniOf, KG.Person, KG.Organization, ("卒業", "入学", "中退")),
)


def extract_relations(parsed: list[tuple[Doc, Chunk]], mentions: list[Mention],
                      keys: dict[Mention, str], kinds: dict[str, URIRef]) -> list[Relation]:
    """Return the relations of one document, given its parsed chunks and resolved mentions."""
    out: list[Relation] = []
    for doc, chunk in parsed:
        out.extend(_chunk_relations(doc, chunk, mentions, keys, kinds))
    return out


def _chunk_relations(doc: Doc, chunk: Chunk, mentions: list[Mention],
                     keys: dict[Mention, str], kinds: dict[str, URIRef]) -> list[Relation]:
    out: list[Relation] = []
    for sent in doc.sents:
        s0, s1 = chunk.span(sent.start_char, sent.end_char)
        inside = [m for m in mentions if s0 <= m.source.start and m.source.end <= s1]
        lemmas = {t.lemma_ for t in sent}
        for predicate, subj_kind, obj_kind, cues in CUES:
            if not lemmas.intersection(cues):
                continue
            subjects = {keys[m] for m in inside if kinds[keys[m]] == subj_kind}
            objects = {keys[m] for m in inside if kinds[keys[m]] == obj_kind}
            if len(subjects) != 1 or len(objects - subjects) != 1:
                continue
            s, o = next(iter(subjects)), next(iter(objects - subjects))
            if predicate in SYMMETRIC and o < s:
                s, o = o, s
            source = sentence_source(doc, chunk, sent.start_char, sent.end_char,
                                     f"rel.{predicate.split('#')[-1]}.cooccurrence.v0")
            out.append(Relation(subject=s, predicate=predicate, object=o, source=source, confidence=0.4))
    return out

"""Stage 3: spaCy Doc → Mention. Maps GiNZA ENE labels to KG classes with a table."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rdflib import URIRef

from .model import Chunk, Mention, Source
from .vocab import KG

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

# GiNZA Extended Named Entity label → (coarse class, subclass or None).
ENE_TABLE: dict[str, tuple[URIRef, URIRef | None]] = {
    "Person": (KG.Person, None),
    "Company": (KG.Organization, KG.Company),
    "Company_Group": (KG.Organization, KG.Company),
    "Corporation_Other": (KG.Organization, KG.Company),
    "Organization_Other": (KG.Organization, None),
    "International_Organization": (KG.Organization, None),
    "Political_Organization_Other": (KG.Organization, KG.Government),
    "Government": (KG.Organization, KG.Government),
    "Political_Party": (KG.Organization, KG.Government),
    "Military": (KG.Organization, KG.Government),
    "School": (KG.Organization, KG.School),
    "Research_Institute": (KG.Organization, KG.NonProfit),
    "Sports_Organization_Other": (KG.Organization, None),
    "Pro_Sports_Organization": (KG.Organization, None),
    "Show_Organization": (KG.Organization, None),
    "Family": (KG.Organization, None),
    "Ethnic_Group_Other": (KG.Organization, None),
}


def sentence_source(doc: Doc, chunk: Chunk, start_char: int, end_char: int, method: str) -> Source:
    """Make a Source for chars ``start_char:end_char`` of ``doc``, with its sentence as evidence."""
    span = doc.char_span(start_char, end_char, alignment_mode="expand")
    sent = span.sent if span is not None else doc[:]
    start, end = chunk.span(start_char, end_char)
    return Source(doc_id=chunk.doc_id, start=start, end=end, sentence=sent.text.strip(), method=method)


def extract_mentions(doc: Doc, chunk: Chunk) -> list[Mention]:
    """Return the person and organisation mentions GiNZA found in one chunk."""
    out: list[Mention] = []
    for ent in doc.ents:
        mapped = ENE_TABLE.get(ent.label_)
        if mapped is None:
            continue
        out.append(_mention(doc, chunk, ent, mapped[0], mapped[1], "ner.ginza", ent.label_))
    return out


def _mention(doc: Doc, chunk: Chunk, span: Span, kind: URIRef, subkind: URIRef | None,
             method: str, label: str) -> Mention:
    source = sentence_source(doc, chunk, span.start_char, span.end_char, method)
    return Mention(text=span.text, kind=kind, source=source, label=label, subkind=subkind,
                   votes=(f"ene:{label}",))


def extract_document_mentions(parsed: list[tuple[Doc, Chunk]]) -> list[Mention]:
    """Return the mentions of one document, given its parsed chunks in order."""
    out: list[Mention] = []
    for doc, chunk in parsed:
        out.extend(extract_mentions(doc, chunk))
    return out

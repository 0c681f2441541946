"""Typed data model shared by every stage: frozen, hashable, deterministic."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import URIRef


@dataclass(frozen=True, slots=True)
class Document:
    """One input file, decoded; ``text`` is kept exactly as decoded so offsets stay true."""

    doc_id: str  # sha256 of the decoded text, first 16 hex digits: stable across runs
    path: str  # path as given (relative where possible)
    text: str
    title: str
    encoding: str
    media_type: str = "text/plain"  # text/plain, text/markdown, text/html


@dataclass(frozen=True, slots=True)
class Chunk:
    """A piece of a document's visible text, small enough for Sudachi.

    ``offsets`` maps each character of ``text`` to its offset in ``Document.text``;
    when it is empty the mapping is ``start + i``.
    """

    doc_id: str
    index: int
    start: int
    text: str
    offsets: tuple[int, ...] = ()

    def orig(self, i: int) -> int:
        """Return the offset in the original document of character ``i`` of this chunk.

        ``i == len(text)`` maps just past the last character.

        Example:
            >>> Chunk("d", 0, 10, "abc").orig(2)
            12
            >>> Chunk("d", 0, 0, "ab", (3, 9)).orig(2)
            10
        """
        if not self.offsets:
            return self.start + i
        if i >= len(self.text):
            return self.offsets[-1] + 1 if self.offsets else self.start
        return self.offsets[i]

    def span(self, i: int, j: int) -> tuple[int, int]:
        """Return original ``(start, end)`` offsets of characters ``i:j`` of this chunk.

        Example:
            >>> Chunk("d", 0, 0, "a&b", (0, 5, 6)).span(1, 3)
            (5, 7)
        """
        if j <= i:
            return self.orig(i), self.orig(i)
        return self.orig(i), self.orig(j - 1) + 1


@dataclass(frozen=True, slots=True)
class Source:
    """Where a fact came from: every mention and relation carries one."""

    doc_id: str
    start: int  # character offsets into Document.text
    end: int
    sentence: str  # the evidence sentence, as written
    method: str  # "ner.ginza", "rel.ceo_of.apposition.v1", ...


@dataclass(frozen=True, slots=True)
class Mention:
    """One surface occurrence of a person or organisation."""

    text: str
    kind: URIRef  # KG.Person or KG.Organization
    source: Source
    label: str = ""  # raw GiNZA ENE label, or the rule that found it
    subkind: URIRef | None = None  # KG.Company, KG.University, ... when known
    votes: tuple[str, ...] = ()  # typing evidence, e.g. ("ene:Person", "cue:氏")
    parts: tuple[str, ...] = ()  # a person's name parts (「ジェフ」「ベゾス」, 姓/名), for alias merging
    alias_of: str = ""  # the name this one is defined as an alias of in the text (「Kleiner Perkins（KP）」)


@dataclass(frozen=True, slots=True)
class Entity:
    """One real-world person or organisation, all its surface forms merged."""

    key: str
    kind: URIRef
    name: str
    aliases: tuple[str, ...]
    mentions: tuple[Mention, ...]
    subkind: URIRef | None = None
    reasons: tuple[str, ...] = ()  # why mentions were merged and typed, for debugging


@dataclass(frozen=True, slots=True)
class Relation:
    """A typed, directed edge between two entities with its evidence."""

    subject: str  # Entity.key
    predicate: URIRef
    object: str  # Entity.key
    source: Source
    confidence: float = 0.8
    date: str | None = None  # xsd:gYear or xsd:date lexical form


@dataclass(slots=True)
class Result:
    """What one build produced, plus counters of everything skipped and why."""

    out_dir: Path
    documents: int = 0
    entities: int = 0
    relations: int = 0
    triples: int = 0
    conforms: bool = True
    warnings: list[str] = field(default_factory=list)
    stats: dict[str, int] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)

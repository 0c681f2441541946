"""run(settings) → Result: the only place that knows the stage order."""

from __future__ import annotations

import dataclasses
import logging
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path

from . import aliases, export, graph, ingest, mentions, nlp, relations, views
from .config import Settings
from .errors import KGError, SeedError
from .model import Chunk, Document, Entity, Mention, Relation, Result

log = logging.getLogger(__name__)


def run(settings: Settings, progress: object | None = None) -> Result:
    """Build graph.ttl, graph.html and graph.graphml from the inputs in ``settings``.

    Raises:
        SeedError: an input path is missing, or (strict) a file was skipped.
        KGError: nothing usable was found in the inputs.
    """
    result = Result(out_dir=settings.out_dir)
    clock = _Clock(result)
    with clock("ingest"):
        documents = _read_all(settings, result)
    if not documents:
        raise KGError("no readable .txt/.md/.html documents in "
                      + ", ".join(str(p) for p in settings.inputs))
    with clock("load_model"):
        model = nlp.load(settings)

    all_mentions: list[Mention] = []
    local_relations: list[tuple[Relation, dict[str, list[Mention]]]] = []
    for document, parsed in _parse(model, documents, settings, clock, progress):
        with clock("mentions"):
            doc_mentions = mentions.extract_document_mentions(parsed)
        with clock("aliases"):
            doc_entities, doc_index = aliases.resolve(doc_mentions)
        kinds = {e.key: e.kind for e in doc_entities}
        members: dict[str, list[Mention]] = defaultdict(list)
        for m, key in doc_index.items():
            members[key].append(m)
        with clock("relations"):
            for rel in relations.extract_relations(parsed, doc_mentions, doc_index, kinds):
                local_relations.append((rel, members))
        all_mentions.extend(doc_mentions)
        result.stats["mentions"] = result.stats.get("mentions", 0) + len(doc_mentions)

    with clock("aliases"):
        entities, index = aliases.resolve(all_mentions)
    rels = _globalize(local_relations, index)
    with clock("graph"):
        g = graph.build_graph(documents, entities, rels, settings.base_iri)
        view = views.to_networkx(g)
    with clock("write"):
        _write(settings, g, view, entities, rels)
    result.documents = len(documents)
    result.entities = len(entities)
    result.relations = len(rels)
    result.triples = len(g)
    return result


def _read_all(settings: Settings, result: Result) -> list[Document]:
    docs: list[Document] = []
    seen: set[str] = set()
    for path in ingest.find_files(settings.inputs, settings.extensions):
        try:
            doc = ingest.read_document(path)
        except SeedError as err:
            if settings.strict:
                raise
            result.warnings.append(str(err))
            result.stats[f"skipped: {err.reason}"] = result.stats.get(f"skipped: {err.reason}", 0) + 1
            log.warning("skipped %s", err)
            continue
        if doc.doc_id in seen:
            result.warnings.append(f"{path}: same text as an earlier file; skipped")
            result.stats["skipped: duplicate"] = result.stats.get("skipped: duplicate", 0) + 1
            continue
        seen.add(doc.doc_id)
        docs.append(doc)
    return docs


def _parse(model, documents: list[Document], settings: Settings, clock: _Clock,
           progress: object | None) -> Iterator[tuple[Document, list]]:
    """Yield each document with its parsed chunks, one document's Docs in memory at a time."""
    by_id = {d.doc_id: d for d in documents}

    def chunks() -> Iterator[Chunk]:
        for doc in documents:
            yield from ingest.chunk_document(doc, settings.max_chunk_bytes)

    current: str | None = None
    parsed: list = []
    start = time.perf_counter()
    for spacy_doc, chunk in nlp.parse(model, chunks(), jobs=settings.jobs, batch_size=settings.batch_size):
        if current is not None and chunk.doc_id != current:
            clock.add("parse", time.perf_counter() - start)
            yield by_id[current], parsed
            _tick(progress)
            parsed = []
            start = time.perf_counter()
        current = chunk.doc_id
        parsed.append((spacy_doc, chunk))
    if current is not None:
        clock.add("parse", time.perf_counter() - start)
        yield by_id[current], parsed
        _tick(progress)


def _tick(progress: object | None) -> None:
    if progress is not None:
        progress()  # type: ignore[operator]


def _globalize(local: list[tuple[Relation, dict[str, list[Mention]]]],
               index: dict[Mention, str]) -> list[Relation]:
    """Rewrite document-local entity keys to corpus-wide keys; drop duplicates and self-loops."""
    best: dict[tuple, Relation] = {}
    for rel, members in local:
        s = _majority(members.get(rel.subject, []), index)
        o = _majority(members.get(rel.object, []), index)
        if s is None or o is None or s == o:
            continue
        rel = dataclasses.replace(rel, subject=s, object=o)
        key = (s, str(rel.predicate), o, rel.source.doc_id, rel.source.start)
        if key not in best or best[key].confidence < rel.confidence:
            best[key] = rel
    return sorted(best.values(), key=lambda r: (r.source.doc_id, r.source.start, r.subject,
                                                str(r.predicate), r.object))


def _majority(ms: list[Mention], index: dict[Mention, str]) -> str | None:
    votes = Counter(index[m] for m in ms if m in index)
    return max(sorted(votes), key=votes.__getitem__) if votes else None


def _write(settings: Settings, g, view, entities: list[Entity], rels: list[Relation]) -> None:
    out = Path(settings.out_dir)
    out.mkdir(parents=True, exist_ok=True)
    export.write_turtle(g, out / "graph.ttl")
    export.write_graphml(view, out / "graph.graphml")
    export.write_html(view, out / "graph.html", height=settings.html_height)
    if settings.debug_dumps:
        export.write_jsonl((_entity_row(e) for e in entities), out / "entities.jsonl")
        export.write_jsonl((dataclasses.asdict(r) for r in rels), out / "relations.jsonl")


def _entity_row(e: Entity) -> dict:
    return {"key": e.key, "kind": str(e.kind), "subkind": str(e.subkind or ""), "name": e.name,
            "aliases": list(e.aliases), "reasons": list(e.reasons), "mentions": len(e.mentions),
            "labels": dict(Counter(m.label for m in e.mentions))}


class _Clock:
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

"""run(settings) → Result: the only place that knows the stage order."""

from __future__ import annotations

import dataclasses
import logging
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import networkx as nx

from ..config import Settings
from ..errors import BuildFailed, KGError, SeedError
from ..extract import calibration, corpus_identity, gazetteer, nlp, relation_rules, relations
from ..ingest.documents import chunk_document, read_document, scan
from ..model import Chunk, Document, Entity, Mention, Relation, Result
from ..present import analysis, export, views
from ..rdf import graph, support, validate
from . import cache
from .executors import can_fork
from .extraction import Clock, DocFacts, extract_document, load_rules
from .validation_process import RDF_FILES, ValidationProcess, validate_here

if TYPE_CHECKING:
    from rdflib import Graph
    from spacy.language import Language
    from spacy.tokens import Doc

    from .executors import LocalRun

log = logging.getLogger(__name__)

EXECUTORS = ("local", "dask")  # local: this process, or --jobs processes (kg.build.executors.LocalRun); dask


def run(settings: Settings, progress: Callable[[int, int], None] | None = None) -> Result:
    """Build graph.ttl, graph.html and graph.graphml from the inputs in ``settings``.

    ``progress(done, total)`` is called from this thread after each document.

    Raises:
        SeedError: an input path is missing, or (strict) a file was skipped.
        KGError: nothing usable was found in the inputs.
    """
    if settings.executor not in EXECUTORS:
        raise KGError(f"unknown executor '{settings.executor}'; valid: {', '.join(EXECUTORS)}")
    result = Result(out_dir=settings.out_dir)
    clock = Clock(result)
    with clock("ingest"):
        documents = _read_all(settings, result)
    if not documents:
        raise BuildFailed("no readable .txt/.md/.html documents in "
                          + ", ".join(str(p) for p in settings.inputs), result.warnings)
    _check_strict(settings, result)
    with clock("chunk"):
        plan = [(i, d, chunk_document(d, settings.max_chunk_bytes)) for i, d in enumerate(documents)]
    model = Model(settings, clock)  # loaded on first use: a build whose every document is cached never does
    facts = _collect_facts(model, plan, settings, clock, result, progress)
    built = _assemble(documents, facts, settings, clock, result, _gazetteer(settings, clock), _calibration(settings))
    g, entities, rels = built.graph, built.entities, built.relations
    shapes = settings.ontology_dir / "shapes.ttl"
    memo = cache.folder_for(settings) / "shacl-memo.json" if settings.use_cache else None
    # With --jobs > 1, SHACL validation runs in a forked process. It starts now, preparing what it reads
    # (neighbourhoods, an Oxigraph copy) while this process makes the NetworkX view and ranks the
    # entities, and then gets their ranks.
    child = ValidationProcess(g, shapes, memo) if settings.jobs > 1 and can_fork() else None
    try:
        with clock("graph"):
            view = views.to_networkx(g)
        with clock("analysis"):
            ranks = analysis.centrality_triples(view)  # kgo:pagerank etc., so SPARQL can rank entities
            for triple in ranks:
                g.set(triple)
            # The page and GraphML show the same figures as the RDF (as `kg html` reads them back).
            nx.set_node_attributes(view, views.centrality_attributes(g))
        _validate_and_write(settings, g, view, entities, rels, result, clock, child, shapes, memo, ranks)
    except BaseException:
        if child is not None:
            child.stop()
        raise
    result.documents = len(documents)
    result.entities = len(entities)
    result.relations = len(built.kept)
    result.triples = len(g)
    return result


@dataclass(slots=True)
class Built:
    """A graph built in memory, before ranking, validation and writing."""

    graph: Graph
    entities: list[Entity]
    relations: list[Relation]  # every relation found, those below settings.min_confidence included
    kept: list[Relation]  # the relations in the graph: confidence >= settings.min_confidence


def build_each(settings: Settings, documents: list[Document], model: Model | None = None,
               progress: Callable[[int, int], None] | None = None, result: Result | None = None) -> list[Built]:
    """Build each document alone, in memory, as ``kg build`` of that one file would (nothing is written).

    Parses and facts come from and go to the parse cache when ``settings.use_cache``. The model, given
    or loaded here, is loaded at most once for all the documents, and not at all when every document's
    facts are cached. Stats and timings go to ``result`` when given.
    """
    result = result if result is not None else Result(out_dir=settings.out_dir)
    clock = Clock(result)
    with clock("chunk"):
        plan = [(i, d, chunk_document(d, settings.max_chunk_bytes)) for i, d in enumerate(documents)]
    facts = _collect_facts(model or Model(settings, clock), plan, settings, clock, result, progress)
    gaz, cal = _gazetteer(settings, clock), _calibration(settings)
    return [_assemble([document], [doc_facts], settings, clock, result, gaz, cal)
            for document, doc_facts in zip(documents, facts)]


def _collect_facts(model: Model, plan: list[tuple[int, Document, list[Chunk]]], settings: Settings,
                   clock: Clock, result: Result, progress: Callable[[int, int], None] | None) -> list[DocFacts]:
    """Return every planned document's facts, in plan order; ``progress(done, total)`` after each."""
    # Facts are small (mentions, relations); they are merged in document order at the end, so
    # documents may finish in any order (cache hits first, then parses, or on a cluster).
    facts: list[DocFacts | None] = [None] * len(plan)
    done = 0
    if progress is not None:
        progress(0, len(plan))
    for index, doc_facts in _extract_all(model, plan, settings, clock, result):
        facts[index] = doc_facts
        for stage, seconds in doc_facts.timings.items():
            clock.add(stage, seconds)
        done += 1
        if progress is not None:
            progress(done, len(plan))
    return facts


def _gazetteer(settings: Settings, clock: Clock) -> gazetteer.Gazetteer | None:
    with clock("aliases"):
        return gazetteer.load(settings.gazetteer) if settings.gazetteer is not None else None


def _calibration(settings: Settings) -> calibration.Calibrator | None:
    return calibration.load(settings.ontology_dir) if settings.calibrate else None


def _assemble(documents: list[Document], facts: list[DocFacts], settings: Settings, clock: Clock,
              result: Result, gaz: gazetteer.Gazetteer | None, cal: calibration.Calibrator | None) -> Built:
    """Merge the documents' facts into entities and relations, and build the RDF graph of them.

    Each relation's rule confidence is calibrated first (``cal``), so the best-supported statement and the
    ``min_confidence`` cut both read calibrated values.
    """
    all_mentions: list[Mention] = []
    local_relations: list[tuple[Relation, dict[str, list[Mention]]]] = []
    resolved: dict[str, list[Entity]] = {}
    for document, doc_facts in zip(documents, facts):
        all_mentions.extend(doc_facts.mentions)
        local_relations.extend(zip(calibration.apply([r for r, _ in doc_facts.relations], cal),
                                   (m for _, m in doc_facts.relations)))
        resolved[document.doc_id] = doc_facts.entities
    result.stats["mentions"] = result.stats.get("mentions", 0) + len(all_mentions)
    with clock("aliases"):
        # Each document resolved alone (in extraction), then linked across documents.
        entities, index = corpus_identity.resolve_corpus(all_mentions, gazetteer=gaz, resolved=resolved,
                                                         documents={d.doc_id: d.path for d in documents})
    kinds = {e.key: e.kind for e in entities}
    rels = [r for r in _globalize(local_relations, index) if relations.fits(r, kinds)]
    kept = [r for r in rels if r.confidence >= settings.min_confidence]
    if len(kept) < len(rels):
        result.stats["relations below min_confidence"] = (result.stats.get("relations below min_confidence", 0)
                                                          + len(rels) - len(kept))
    with clock("graph"):
        g = graph.build_graph(documents, entities, kept, settings.base_iri)
        support.add_support(g, settings.base_iri)  # kgo:Support: statements and documents per triple
    return Built(graph=g, entities=entities, relations=rels, kept=kept)


def _extract_all(model: Model, plan: list[tuple[int, Document, list[Chunk]]], settings: Settings,
                 clock: Clock, result: Result) -> Iterator[tuple[int, DocFacts]]:
    """Yield (plan index, facts) for every document: cached ones first, then the rest parsed."""
    store = cache.ParseCache.for_settings(settings) if settings.use_cache else None
    todo = []
    for index, document, chunks in plan:
        if not chunks:  # only markup or whitespace: nothing to parse
            yield index, DocFacts(mentions=[], relations=[])
        else:
            todo.append((index, document, chunks))
    if store is not None:
        plan, todo = todo, []
        early = None
        fresh: list[tuple[int, Document, list[Chunk]]] = []
        if settings.executor == "local" and settings.jobs > 1 and can_fork():
            # The documents without facts show from the cache's file names alone: their processes start
            # now and load the model while this one reads the other documents' facts. (A rebuild
            # after editing one document then spends the model load beside the cache reads.) They
            # parse each document, or read its parse from the cache when only its facts are missing.
            with clock("cache_read"):
                fresh = [item for item in plan if not store.has_facts(item[2])]
            if fresh:
                from .executors import LocalRun

                early = LocalRun(settings, fresh, store, clock)
                plan = [item for item in plan if item[0] not in early.chunks_of]
        try:
            for index, document, chunks in plan:
                with clock("cache_read"):
                    known = store.get_facts(chunks)
                    # The vocab needs the model; only ask for it when a parse entry is there to read.
                    docs = store.get(chunks, model.nlp.vocab) if known is None and store.has(chunks) else None
                if known is not None:
                    yield index, known
                elif docs is not None:
                    facts = extract_document(list(zip(docs, chunks)), model.rules)
                    yield index, _remember(store, chunks, facts, clock)
                else:
                    todo.append((index, document, chunks))
            if early is not None:
                yield from _drain(early, store, clock)
            early_hits = early.parse_hits if early is not None else 0
            result.stats["cache hits"] = store.fact_hits  # nothing to do: facts reused
            # parse reused, extracted again (kg code changed)
            result.stats["parse cache hits"] = store.hits + early_hits
            result.stats["cache misses"] = len(fresh) - early_hits + len(todo)
        finally:
            if early is not None:
                early.close()
    if not todo:
        return
    if settings.executor == "dask":
        from .cluster import run_dask

        chunks_of = {index: chunks for index, _, chunks in todo}
        for index, facts in run_dask(settings, todo, store, clock):
            yield index, facts if store is None else _remember(store, chunks_of[index], facts, clock)
        return
    if settings.jobs > 1 and len(todo) >= 2 * settings.jobs:
        from .executors import LocalRun

        work = LocalRun(settings, todo, store, clock)
        try:
            yield from _drain(work, store, clock)
        finally:
            work.close()
        return
    for index, parsed in _parse(model.nlp, todo, settings, clock):
        facts = extract_document(parsed, model.rules)
        if store is not None:
            with clock("cache_write"):
                store.put([c for _, c in parsed], [d for d, _ in parsed])
            facts = _remember(store, [c for _, c in parsed], facts, clock)
        yield index, facts


def _remember(store: cache.ParseCache, chunks: list[Chunk], facts: DocFacts, clock: Clock) -> DocFacts:
    """Store a document's facts (without its timings, which belong to this build only)."""
    with clock("cache_write"):
        store.put_facts(chunks, dataclasses.replace(facts, timings={}))
    return facts


class Model:
    """The spaCy model and the compiled relation rules, loaded on first use (load time goes to ``clock``).

    One Model can serve several builds with the same model settings (:func:`build_each`).
    """

    def __init__(self, settings: Settings, clock: Clock | None = None) -> None:
        self.settings = settings
        self.clock = clock if clock is not None else Clock(Result(out_dir=settings.out_dir))
        self._nlp: Language | None = None
        self._rules: relation_rules.Rules | None = None

    @property
    def nlp(self) -> Language:
        if self._nlp is None:
            with self.clock("load_model"):
                self._nlp = nlp.load(self.settings)
        return self._nlp

    @property
    def rules(self) -> relation_rules.Rules:
        if self._rules is None:
            with self.clock("load_rules"):
                self._rules = load_rules(self.nlp.vocab, split_mode=self.settings.split_mode)
        return self._rules


def _read_all(settings: Settings, result: Result) -> list[Document]:
    """Read every input file; each one that cannot be used becomes a warning and a counted skip."""
    docs: list[Document] = []
    seen: dict[str, Path] = {}
    found = scan(settings.inputs, settings.extensions, exclude=[settings.out_dir])
    for problem in found.problems:
        _skip(result, problem)
    if found.ignored:
        result.stats["ignored: other file types"] = found.ignored
    for path in found.files:
        try:
            doc = read_document(path)
        except SeedError as err:
            _skip(result, err)
            continue
        if doc.doc_id in seen:
            _skip(result, SeedError(path, f"duplicate: same text as {seen[doc.doc_id]}"))
            continue
        seen[doc.doc_id] = path
        docs.append(doc)
    result.stats["documents read"] = len(docs)
    return docs


def _skip(result: Result, err: SeedError) -> None:
    """Record a skipped input: one warning line naming the file, counted by reason."""
    reason = "skipped: " + err.reason.split(";")[0].split(" (")[0].split(":")[0]
    result.warnings.append(str(err))
    result.stats[reason] = result.stats.get(reason, 0) + 1
    log.info("skipped %s", err)


def _check_strict(settings: Settings, result: Result) -> None:
    """Raise BuildFailed under --strict when anything was warned about.

    Raises:
        BuildFailed: ``settings.strict`` and ``result.warnings`` is not empty.
    """
    if settings.strict and result.warnings:
        raise BuildFailed(f"--strict: {len(result.warnings)} warning(s); nothing written", result.warnings)


def _parse(model: Language, todo: list[tuple[int, Document, list[Chunk]]], settings: Settings,
           clock: Clock) -> Iterator[tuple[int, list[tuple[Doc, Chunk]]]]:
    """Yield each document's plan index with its parsed chunks, one document's Docs at a time.

    Each document is piped on its own, as the ``--jobs`` processes pipe theirs: the numbers a Doc gets (and so
    a tagger's choice between two close labels) never depend on the documents batched beside it, and
    ``--jobs 1`` and ``--jobs 2`` write the same graph.
    """
    for index, _, chunks in todo:
        # A process costs more to start than parsing a chunk or two: only a document of many chunks (a
        # long one) is spread over --jobs processes. The Docs are the same either way.
        jobs = settings.jobs if len(chunks) >= 2 * settings.jobs else 1
        start = time.perf_counter()
        parsed = list(nlp.parse(model, chunks, jobs=jobs, batch_size=settings.batch_size))
        clock.add("parse", time.perf_counter() - start)
        yield index, parsed


def _globalize(local: list[tuple[Relation, dict[str, list[Mention]]]],
               index: dict[Mention, str]) -> list[Relation]:
    """Rewrite document-local entity keys to corpus-wide keys; drop duplicates and self-loops."""
    best: dict[tuple, Relation] = {}
    # A document's relations share one members dict; a local key is voted on once per document,
    # not once per relation (its topic has most mentions and most relations: quadratic in length).
    voted: dict[tuple[int, str], str | None] = {}

    def vote(members: dict[str, list[Mention]], key: str) -> str | None:
        k = (id(members), key)  # the dicts live in ``local`` for the whole loop, so ids stay unique
        if k not in voted:
            voted[k] = _majority(members.get(key, []), index)
        return voted[k]

    for rel, members in local:
        s = vote(members, rel.subject)
        o = vote(members, rel.object)
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


def _drain(work: LocalRun, store: cache.ParseCache | None, clock: Clock) -> Iterator[tuple[int, DocFacts]]:
    """Yield the facts of a LocalRun as documents finish, keeping them in the cache."""
    if can_fork():  # this process would only wait: import what the validation process needs
        validate.preload()
    for index, facts in work:
        yield index, facts if store is None else _remember(store, work.chunks_of[index], facts, clock)


def _validate_and_write(settings: Settings, g, view, entities: list[Entity], rels: list[Relation],
                        result: Result, clock: Clock, child: ValidationProcess | None, shapes: Path,
                        memo: Path | None, ranks: list[tuple]) -> None:
    """Validate the graph against the shapes and write the outputs; publish them only if the build stands.

    Every file is complete in a staging folder before any is renamed into place, after the SHACL
    verdict: a build killed while writing, or a strict build that violates the shapes, leaves the
    previous graph.ttl/.graphml/.html whole and matching. With the cache on (``memo``), only nodes whose
    triples changed since the last build are validated again. With a ``child`` validation process, this
    one writes meanwhile, and the two share the RDF files: each process, when free, writes the next
    one nobody has taken (each takes about a second per 40,000 triples).

    Raises:
        ShapeViolation: strict, and the graph violates the shapes.
        BuildFailed: strict, and there were warnings.
    """
    with export.staged(Path(settings.out_dir)) as out:
        if child is not None:
            child.send(ranks, out)
            try:
                with clock("write"):
                    _write_view(settings, g, view, entities, rels, out)
                    for name in iter(child.take, None):
                        RDF_FILES[name](g, out / name)
            except BaseException:
                child.stop()  # before the staging folder it writes into is removed
                raise
        outcome = child.result() if child is not None else None
        if outcome is None:  # one process, or the validation process failed: validate here
            with clock("validate"):
                outcome = validate_here(g, shapes, memo)
        else:
            clock.add("validate", outcome[2])
            clock.add("write", outcome[3])
        result.conforms, shape_warnings = validate.verdict(outcome[0], outcome[1], strict=settings.strict)
        result.warnings.extend(shape_warnings)
        _check_strict(settings, result)  # a strict failure leaves the old outputs as they were
        with clock("write"):
            if child is None:
                _write_view(settings, g, view, entities, rels, out)
            for name, writer in RDF_FILES.items():  # all, or those a failed validation process left
                if not (out / name).exists():
                    writer(g, out / name)


def _write_view(settings: Settings, g, view, entities: list[Entity], rels: list[Relation], out: Path) -> None:
    """Write the files made from the NetworkX view and the extraction (all but the RDF files) into ``out``."""
    export.write_graphml(view, out / "graph.graphml")
    export.write_html(view, out / "graph.html", height=settings.html_height,
                      physics_max_nodes=settings.html_physics_max_nodes, graph=g)
    if settings.debug_dumps:
        export.write_jsonl((_entity_row(e) for e in entities), out / "entities.jsonl")
        export.write_jsonl((_relation_row(r, settings.min_confidence) for r in rels), out / "relations.jsonl")


def _relation_row(r: Relation, min_confidence: float) -> dict:
    row = dataclasses.asdict(r)
    if r.confidence < min_confidence:  # found, but not in the graph
        row["dropped"] = True
    return row


def _entity_row(e: Entity) -> dict:
    return {"key": e.key, "kind": str(e.kind), "subkind": str(e.subkind or ""), "name": e.name,
            "aliases": list(e.aliases), "reasons": list(e.reasons), "mentions": len(e.mentions),
            "documents": len({m.source.doc_id for m in e.mentions}),
            "labels": dict(Counter(m.label for m in e.mentions))}

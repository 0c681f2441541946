"""Stages 2–5 in other processes: Chunk → spaCy Doc → mentions and document-local relations, per document.

Two executors: ``--jobs N`` local processes (``LocalRun``, here) and a Dask cluster (``kg.build.cluster``,
which alone imports dask: that takes half a second a local build need not wait for). The
client keeps stages 1 and 6–7: it sends chunks, gets back small ``DocFacts`` (and, when the
parse cache is on, the encoded Docs to store), and merges them in document order, so the graph is
identical to a local build. Workers need ``kg`` and the model installed; each loads the model once.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..errors import KGError
from ..extract import nlp, relation_rules

if TYPE_CHECKING:
    from ..config import Settings
    from ..model import Chunk, Document
    from .cache import ParseCache
    from .extraction import Clock, DocFacts

TASK_CHARS = 50_000  # characters per task: big enough to hide Dask's per-task cost, small enough to balance


class ExecutorError(KGError):
    """The Dask cluster cannot be reached or used."""


def _parse_and_extract(model: object, rules: relation_rules.Rules, split_mode: str,
                       batch: list[tuple[int, list[Chunk]]], batch_size: int, encode: bool,
                       cached: ParseCache | None = None) -> list[tuple[int, DocFacts, bytes | None]]:
    """Parse each document's chunks with ``model`` and extract its facts (what every worker runs).

    With ``cached``, a document whose parse is in that cache is read from it instead of parsed (its
    facts are what is missing: kg's extraction code changed), and no entry is returned for it.

    Raises:
        CacheError: a cached parse exists but cannot be read.
    """
    from .cache import ParseCache
    from .extraction import extract_document

    codec = ParseCache(".", nlp.model_version(model), split_mode) if encode else None
    out: list[tuple[int, DocFacts, bytes | None]] = []
    for index, chunks in batch:
        start = time.perf_counter()
        docs = cached.get(chunks, model.vocab) if cached is not None else None  # None: not cached
        parsed = docs is None
        if parsed:
            with nlp.one_blas_thread():
                docs = list(model.pipe((c.text for c in chunks), batch_size=batch_size))
        seconds = time.perf_counter() - start
        facts = extract_document(list(zip(docs, chunks)), rules)
        stage = "parse" if parsed else "cache_read"
        facts.timings[stage] = facts.timings.get(stage, 0.0) + seconds
        out.append((index, facts, codec.encode(docs) if codec is not None and parsed else None))
    return out


def _batches(todo: list[tuple[int, Document, list[Chunk]]]) -> Iterator[list[tuple[int, list[Chunk]]]]:
    """Group documents into tasks of about TASK_CHARS characters, never splitting a document."""
    batch: list[tuple[int, list[Chunk]]] = []
    size = 0
    for index, _, chunks in todo:
        batch.append((index, chunks))
        size += sum(len(c.text) for c in chunks)
        if size >= TASK_CHARS:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def _guided_batches(todo: list[tuple[int, Document, list[Chunk]]], jobs: int,
                    min_chars: int = 500) -> Iterator[list[tuple[int, list[Chunk]]]]:
    """Group documents into tasks for ``jobs`` processes, longest documents first, tasks shrinking.

    Each task takes about a quarter of each process's share of what is left (guided self-scheduling,
    at most TASK_CHARS, at least ``min_chars`` or one document): few tasks early, and at the end
    tasks of a document or two, so no process parses a long last task while the others wait.

    Example:
        >>> from kg.model import Chunk
        >>> docs = [(i, None, [Chunk(doc_id=str(i), index=0, start=0, text="x" * n)])
        ...         for i, n in enumerate([500, 4000, 1500, 800, 2500, 700])]
        >>> [[index for index, _ in batch] for batch in _guided_batches(docs, 2, min_chars=600)]
        [[1], [4], [2], [3], [5], [0]]
    """
    size_of = {index: sum(len(c.text) for c in chunks) for index, _, chunks in todo}
    order = sorted(todo, key=lambda item: (-size_of[item[0]], item[0]))
    left = sum(size_of.values())
    batch: list[tuple[int, list[Chunk]]] = []
    size = 0
    for index, _, chunks in order:
        if not batch:
            target = max(min_chars, min(TASK_CHARS, left // (4 * jobs)))
        batch.append((index, chunks))
        size += size_of[index]
        if size >= target:
            yield batch
            left -= size
            batch, size = [], 0
    if batch:
        yield batch


# --- local process pool (--jobs N) ------------------------------------------------------------------
# Each process loads the model once and returns only a document's facts (and its cache entry), as a
# Dask worker does: shipping every parsed Doc back to this process, as spaCy's n_process does, costs the
# main process about a seventh of the parse in deserialisation, and it then competes with the parsers.

_LOCAL: dict[str, object] = {}


def _init_local(settings: Settings) -> None:
    """Pool initializer: load the model and compile the rules in this worker process."""
    from .extraction import load_rules

    model = nlp.load(settings)
    _LOCAL["nlp"] = model
    _LOCAL["rules"] = load_rules(model.vocab, split_mode=settings.split_mode)
    _LOCAL["settings"] = settings


def _local_task(batch: list[tuple[int, list[Chunk]]],
                store: ParseCache | None) -> list[tuple[int, DocFacts, bytes | None]]:
    """Run in a pool process: parse (or read from ``store``) and extract each document of ``batch``."""
    settings = _LOCAL["settings"]
    return _parse_and_extract(_LOCAL["nlp"], _LOCAL["rules"], settings.split_mode, batch, settings.batch_size,
                              store is not None, store)


class LocalRun:
    """``todo`` parsed and extracted in up to ``settings.jobs`` local processes, started at once.

    The processes start (and load the model) when this is made, so the caller can do other work, such
    as reading cached facts, before it iterates for ``(plan index, facts)`` as documents finish. Tasks
    shrink as the work runs out (:func:`_guided_batches`) so the processes finish together; there are
    no more processes than tasks. Results are merged in document order by the caller, so the graph is
    identical to a one-process build.
    """

    def __init__(self, settings: Settings, todo: list[tuple[int, Document, list[Chunk]]],
                 store: ParseCache | None, clock: Clock) -> None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        self._store = store
        self._clock = clock
        self.chunks_of = {index: chunks for index, _, chunks in todo}
        batches = list(_guided_batches(todo, settings.jobs))
        context = multiprocessing.get_context("fork" if can_fork() else "spawn")  # fork shares imported modules
        self._pool = ProcessPoolExecutor(max(1, min(settings.jobs, len(batches))), mp_context=context,
                                         initializer=_init_local, initargs=(settings,))
        self._futures = [self._pool.submit(_local_task, batch, store) for batch in batches]
        self.parse_hits = 0  # documents whose parse came from the cache (only their facts were missing)

    def __iter__(self) -> Iterator[tuple[int, DocFacts]]:
        """Yield ``(plan index, facts)`` as documents finish.

        Raises:
            ExecutorError: a process died or could not load the model.
        """
        from concurrent.futures import as_completed
        from concurrent.futures.process import BrokenProcessPool

        waiting = time.perf_counter()
        for future in as_completed(self._futures):
            try:
                results = future.result()
            except BrokenProcessPool as err:
                raise ExecutorError(f"a --jobs process failed ({err}); its error is logged above, or "
                                    "build with --jobs 1 to see it") from err
            self._clock.add("wait_workers", time.perf_counter() - waiting)  # this process idle
            for index, facts, payload in results:
                if self._store is not None:
                    if payload is None:  # read from the cache, not parsed
                        self.parse_hits += 1
                    else:
                        with self._clock("cache_write"):
                            self._store.store(self.chunks_of[index], payload)
                yield index, facts
            waiting = time.perf_counter()

    def close(self) -> None:
        """Stop the processes (waiting for them to exit); tasks not started are dropped."""
        self._pool.shutdown(wait=True, cancel_futures=True)


def can_fork() -> bool:
    """Return whether this process may fork safely: the platform can, and no other thread runs.

    A thread (a Dask client's, say) could hold a lock, such as logging's, at the moment of the fork,
    and the child would wait on it forever.
    """
    import multiprocessing
    import threading

    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1

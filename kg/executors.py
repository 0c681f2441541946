"""Stages 2–5 in other processes: Chunk → spaCy Doc → mentions and document-local relations, per document.

Two executors: a Dask cluster (``run_dask``) and ``--jobs N`` local processes (``LocalRun``). The
client keeps stages 1 and 6–7: it sends chunks, gets back small ``DocFacts`` (and, when the
parse cache is on, the encoded Docs to store), and merges them in document order, so the graph is
identical to a local build. Workers need ``kg`` and the model installed; each loads the model once.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING

from . import nlp, relations
from .errors import KGError

try:
    from distributed import WorkerPlugin
except ImportError:  # dask is optional: only --executor dask needs it, and it says so
    WorkerPlugin = object

if TYPE_CHECKING:
    from .cache import ParseCache
    from .config import Settings
    from .model import Chunk, Document
    from .pipeline import DocFacts, _Clock

log = logging.getLogger(__name__)

TASK_CHARS = 50_000  # characters per task: big enough to hide Dask's per-task cost, small enough to balance


class ExecutorError(KGError):
    """The Dask cluster cannot be reached or used."""


class ModelPlugin(WorkerPlugin):
    """A Dask worker plugin that loads the spaCy model once per worker process."""

    idempotent = True  # a worker that already has this model (same name) keeps it across builds

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.nlp = None
        self.rules = None

    def setup(self, worker: object) -> None:
        """Load the model and compile the relation rules when the plugin is registered."""
        self.nlp = nlp.load(self.settings)
        self.rules = relations.load_rules(self.nlp.vocab, split_mode=self.settings.split_mode)

    def teardown(self, worker: object) -> None:
        """Drop the model."""
        self.nlp = self.rules = None


def plugin_name(settings: Settings) -> str:
    """Return the worker plugin name for a model and split mode, so two builds can share workers.

    Example:
        >>> from kg.config import Settings
        >>> plugin_name(Settings())
        'kg-model-ja_ginza-C'
    """
    return f"kg-model-{settings.model}-{settings.split_mode}"


def parse_and_extract(batch: list[tuple[int, list[Chunk]]], name: str, batch_size: int,
                      encode: bool) -> list[tuple[int, DocFacts, bytes | None]]:
    """Run on a worker: parse each document's chunks and extract its facts.

    Returns one ``(plan index, facts, encoded cache entry or None)`` per document.
    """
    from distributed import get_worker

    plugin = get_worker().plugins[name]
    return _parse_and_extract(plugin.nlp, plugin.rules, plugin.settings.split_mode, batch, batch_size, encode)


def _parse_and_extract(model: object, rules: relations.Rules, split_mode: str,
                       batch: list[tuple[int, list[Chunk]]], batch_size: int,
                       encode: bool) -> list[tuple[int, DocFacts, bytes | None]]:
    """Parse each document's chunks with ``model`` and extract its facts (what every worker runs)."""
    from .cache import ParseCache
    from .pipeline import extract_document

    codec = ParseCache(".", nlp.model_version(model), split_mode) if encode else None
    out: list[tuple[int, DocFacts, bytes | None]] = []
    for index, chunks in batch:
        start = time.perf_counter()
        docs = list(model.pipe((c.text for c in chunks), batch_size=batch_size))
        parse_seconds = time.perf_counter() - start
        facts = extract_document(list(zip(docs, chunks)), rules)
        facts.timings["parse"] = facts.timings.get("parse", 0.0) + parse_seconds
        out.append((index, facts, codec.encode(docs) if codec is not None else None))
    return out


def run_dask(settings: Settings, todo: list[tuple[int, Document, list[Chunk]]], store: ParseCache | None,
             clock: _Clock) -> Iterator[tuple[int, DocFacts]]:
    """Parse and extract ``todo`` on the cluster at ``settings.scheduler``; yield results as they finish.

    Raises:
        ExecutorError: no scheduler address, the scheduler is unreachable, or a worker failed.
    """
    try:
        from distributed import Client, as_completed
    except ImportError as err:
        raise ExecutorError("--executor dask needs dask.distributed; run: pip install 'kg[dask]'") from err
    if not settings.scheduler:
        raise ExecutorError("--executor dask needs --scheduler ADDRESS (e.g. tcp://127.0.0.1:8786); "
                            "start one with: dask scheduler & dask worker ADDRESS --nthreads 1")
    chunks_of = {index: chunks for index, _, chunks in todo}
    paths = {index: document.path for index, document, _ in todo}
    with clock("dask_connect"):
        try:
            client = Client(settings.scheduler, timeout="20s", set_as_default=False)
        except (OSError, TimeoutError) as err:
            raise ExecutorError(f"cannot reach the Dask scheduler at {settings.scheduler}: {err}; "
                                "check the address and that the scheduler is running") from err
    try:
        name = plugin_name(settings)
        with clock("load_model_workers"):
            client.register_plugin(ModelPlugin(settings), name=name)
        futures = [client.submit(parse_and_extract, batch, name, settings.batch_size, store is not None,
                                 pure=False) for batch in _batches(todo)]
        for future in as_completed(futures, loop=client.loop):
            try:
                results = future.result()
            except KGError as err:
                raise ExecutorError(f"a Dask worker failed: {err}") from err
            future.release()
            for index, facts, payload in results:
                if store is not None and payload is not None:
                    with clock("cache_write"):
                        store.store(chunks_of[index], payload)
                log.debug("dask: %s done", paths[index])
                yield index, facts
    finally:
        client.close()


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
    model = nlp.load(settings)
    _LOCAL["nlp"] = model
    _LOCAL["rules"] = relations.load_rules(model.vocab, split_mode=settings.split_mode)
    _LOCAL["settings"] = settings


def _local_task(batch: list[tuple[int, list[Chunk]]], encode: bool) -> list[tuple[int, DocFacts, bytes | None]]:
    """Run in a pool process: parse and extract each document of ``batch``."""
    settings = _LOCAL["settings"]
    return _parse_and_extract(_LOCAL["nlp"], _LOCAL["rules"], settings.split_mode, batch, settings.batch_size,
                              encode)


class LocalRun:
    """``todo`` parsed and extracted in up to ``settings.jobs`` local processes, started at once.

    The processes start (and load the model) when this is made, so the caller can do other work, such
    as reading cached facts, before it iterates for ``(plan index, facts)`` as documents finish. Tasks
    shrink as the work runs out (:func:`_guided_batches`) so the processes finish together; there are
    no more processes than tasks. Results are merged in document order by the caller, so the graph is
    identical to a one-process build.
    """

    def __init__(self, settings: Settings, todo: list[tuple[int, Document, list[Chunk]]],
                 store: ParseCache | None, clock: _Clock) -> None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        from .pipeline import can_fork

        self._store = store
        self._clock = clock
        self.chunks_of = {index: chunks for index, _, chunks in todo}
        batches = list(_guided_batches(todo, settings.jobs))
        context = multiprocessing.get_context("fork" if can_fork() else "spawn")  # fork shares imported modules
        self._pool = ProcessPoolExecutor(max(1, min(settings.jobs, len(batches))), mp_context=context,
                                         initializer=_init_local, initargs=(settings,))
        self._futures = [self._pool.submit(_local_task, batch, store is not None) for batch in batches]

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
                if self._store is not None and payload is not None:
                    with self._clock("cache_write"):
                        self._store.store(self.chunks_of[index], payload)
                yield index, facts
            waiting = time.perf_counter()

    def close(self) -> None:
        """Stop the processes (waiting for them to exit); tasks not started are dropped."""
        self._pool.shutdown(wait=True, cancel_futures=True)

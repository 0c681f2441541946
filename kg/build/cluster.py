"""``--executor dask``: stages 2–5 on a Dask cluster (see :mod:`kg.build.executors` for what a worker runs).

Only this module imports dask.distributed, so a local build never pays for that import.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..errors import KGError
from ..extract import nlp
from .executors import ExecutorError, _batches, _parse_and_extract

try:
    from distributed import WorkerPlugin
except ImportError:  # dask is optional: only --executor dask needs it, and run_dask says so
    WorkerPlugin = object

if TYPE_CHECKING:
    from ..config import Settings
    from ..model import Chunk, Document
    from .cache import ParseCache
    from .extraction import Clock, DocFacts

log = logging.getLogger(__name__)


class ModelPlugin(WorkerPlugin):
    """A Dask worker plugin that loads the spaCy model once per worker process."""

    idempotent = True  # a worker that already has this model (same name) keeps it across builds

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.nlp = None
        self.rules = None

    def setup(self, worker: object) -> None:
        """Load the model, the cue tables and the compiled relation rules when the plugin is registered."""
        from .extraction import load_rules

        self.nlp = nlp.load(self.settings)
        self.rules = load_rules(self.nlp.vocab, split_mode=self.settings.split_mode)

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



def run_dask(settings: Settings, todo: list[tuple[int, Document, list[Chunk]]], store: ParseCache | None,
             clock: Clock) -> Iterator[tuple[int, DocFacts]]:
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

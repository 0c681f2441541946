"""SHACL validation in a forked process, beside the build: the pipe protocol and the shared-write counter.

The process inherits the graph at the fork; through one pipe it receives the centrality triples and the
staging folder, through the other it reports. The two processes share the RDF files through a counter:
each, when free, takes the next file nobody has written.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

from ..present import export
from ..rdf import incremental_validation

log = logging.getLogger(__name__)

# The files written from the RDF graph, which the validation process can write as well as this one.
RDF_FILES = {"graph.ttl": export.write_turtle, "graph.jsonld": export.write_jsonld}


class ValidationProcess:
    """Validate a graph in a forked process (it inherits the graph: only the ranks and the report are pickled).

    Until :meth:`send`, the process prepares what validation reads (:class:`kg.rdf.incremental_validation.Prepared`).
    After validating, it writes the RDF files this process has not taken (:meth:`take`), then reports.
    """

    def __init__(self, g, shapes: Path, memo: Path | None) -> None:
        import multiprocessing

        context = multiprocessing.get_context("fork")
        self._receive, send = context.Pipe(duplex=False)
        receive, self._send = context.Pipe(duplex=False)
        self._taken = context.Value("i", 0)  # how many of RDF_FILES either process has taken
        self._process = context.Process(target=_validate_in_child,
                                        args=(receive, send, g, shapes, memo, self._taken), daemon=True)
        self._process.start()
        send.close()
        receive.close()

    def send(self, ranks: list[tuple], out: Path) -> None:
        """Hand over the centrality triples added to the graph since the fork, and the staging folder."""
        try:
            self._send.send((ranks, out))
        except OSError as err:  # the process died; result() says so and this process validates
            log.info("validation process unreachable (%s)", err)
        finally:
            self._send.close()

    def take(self) -> str | None:
        """Return the name of the next RDF file for this process to write, or None when all are taken."""
        return _take(self._taken)

    def stop(self) -> None:
        """End the process early (the build failed while it validated)."""
        self._process.terminate()
        self._process.join()

    def result(self) -> tuple[bool, str, float, float] | None:
        """Return (conforms, report, validation seconds, writing seconds), or None when the process failed
        (the caller validates, and writes what is missing)."""
        try:
            outcome = self._receive.recv()
        except EOFError:
            outcome = None
        self._process.join()
        if outcome is None or outcome[0] != "ok":
            log.info("validation process failed (%s); validating in this process", outcome and outcome[1])
            return None
        return outcome[1], outcome[2], outcome[3], outcome[4]


def _take(taken) -> str | None:
    with taken.get_lock():
        if taken.value >= len(RDF_FILES):
            return None
        taken.value += 1
        return list(RDF_FILES)[taken.value - 1]


def _validate_in_child(receive, send, g, shapes: Path, memo: Path | None, taken) -> None:
    import threading

    start = time.perf_counter()
    box: list[tuple[list[tuple], Path]] = []
    # The ranks are read as soon as they come, so the parent never blocks on a full pipe while
    # this process is still preparing.
    reader = threading.Thread(target=lambda: box.append(receive.recv()), daemon=True)
    reader.start()
    try:
        # While the parent ranks the entities: the neighbourhoods and copies validation reads. A first
        # build (no memo yet) validates every node, in a context-aware copy.
        prepared = incremental_validation.Prepared(g, whole=memo is None or not memo.exists())
        busy = time.perf_counter() - start
        reader.join()
        if not box:
            raise EOFError("the build process closed the pipe before sending the ranks")
        ranks, out = box[0]
        start = time.perf_counter()
        for triple in ranks:
            prepared.set(triple)
        conforms, report = validate_here(g, shapes, memo, prepared)
        busy += time.perf_counter() - start
        start = time.perf_counter()
        for name in iter(lambda: _take(taken), None):
            RDF_FILES[name](g, out / name)
        send.send(("ok", conforms, report, busy, time.perf_counter() - start))
    except Exception as err:  # noqa: BLE001 - reported to the parent, which validates again and raises
        send.send(("error", f"{type(err).__name__}: {err}"))
    finally:
        send.close()


def validate_here(g, shapes: Path, memo: Path | None, prepared=None) -> tuple[bool, str]:
    """Validate ``g`` in this process (incrementally when ``memo`` is given); return (conforms, report)."""
    return incremental_validation.validate_incremental(g, shapes, memo, prepared=prepared)

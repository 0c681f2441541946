"""Parsing in several processes (--jobs), streaming one document at a time, and the progress bar."""

from __future__ import annotations

import io
import threading
import time

import pytest
from typer.testing import CliRunner

from kg.build.extraction import Clock
from kg.build.pipeline import _parse, run
from kg.cli import _progress_bar, app
from kg.config import Settings
from kg.ingest.documents import chunk_document, read_document
from kg.model import Result

from conftest import output_files, settings_for

pytestmark = pytest.mark.model


def test_jobs_two_processes_give_identical_output(scale_corpus, scale_reference, tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["build", str(scale_corpus), "--out", str(out), "--jobs", "2",
                                      "--no-cache", "--quiet"])

    assert result.exit_code == 0, result.output
    assert not (out / ".cache").exists()
    assert output_files(out) == scale_reference[1]


def test_jobs_build_is_whole_when_the_validation_process_fails(scale_corpus, scale_reference, tmp_path,
                                                               monkeypatch):
    # The forked validation process shares the RDF files with this one; if it dies after taking one, or
    # cannot validate, this process validates and writes what is missing, and the outputs are the same.
    import os

    from kg.build import pipeline, validation_process
    from kg.rdf import incremental_validation

    parent = os.getpid()

    def failing_in_child(real):
        def writer(*args, **kwargs):
            if os.getpid() != parent:
                raise RuntimeError("validation process failed")
            return real(*args, **kwargs)
        return writer

    for name, real in list(validation_process.RDF_FILES.items()):
        monkeypatch.setitem(validation_process.RDF_FILES, name, failing_in_child(real))
    write_view = pipeline._write_view

    def slow_write_view(*args):  # so that the validation process takes the RDF files
        time.sleep(3)
        write_view(*args)

    monkeypatch.setattr(pipeline, "_write_view", slow_write_view)
    out = tmp_path / "writes"
    assert run(settings_for([scale_corpus], out, jobs=2, use_cache=False)).conforms
    assert output_files(out) == scale_reference[1]

    monkeypatch.setattr(incremental_validation, "validate_incremental",
                        failing_in_child(incremental_validation.validate_incremental))
    out = tmp_path / "validation"
    assert run(settings_for([scale_corpus], out, jobs=2, use_cache=False)).conforms
    assert output_files(out) == scale_reference[1]


def test_jobs_parse_yields_one_whole_document_at_a_time(nlp, scale_corpus):
    docs = [read_document(p) for p in sorted(scale_corpus.iterdir())]
    todo = [(i, d, chunk_document(d)) for i, d in enumerate(docs)]
    clock = Clock(Result(out_dir=scale_corpus))

    seen = []
    for index, parsed in _parse(nlp, todo, Settings(batch_size=2), clock):
        assert [c.index for _, c in parsed] == [c.index for c in todo[index][2]]
        assert {c.doc_id for _, c in parsed} == {docs[index].doc_id}
        assert all(d.text == c.text for d, c in parsed)
        seen.append(index)
    assert seen == [0, 1, 2, 3]
    assert clock.result.timings["parse"] > 0


def test_jobs_progress_is_called_once_per_document(scale_corpus, tmp_path):
    calls = []
    run(settings_for([scale_corpus], tmp_path / "out", use_cache=False),
        progress=lambda done, total: calls.append((done, total)))
    assert calls == [(0, 4), (1, 4), (2, 4), (3, 4), (4, 4)]


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_jobs_progress_bar_draws_on_a_terminal_without_a_thread(monkeypatch):
    term = _Terminal()
    monkeypatch.setattr("sys.stderr", term)
    threads = threading.active_count()
    with _progress_bar(quiet=False) as tick:
        assert tick is not None
        tick(0, 3)
        tick(2, 3)
        assert threading.active_count() == threads  # rich's auto-refresh thread would add one
    assert "2/3" in term.getvalue()


def test_jobs_progress_bar_is_quiet_off_a_terminal_or_with_quiet(monkeypatch):
    monkeypatch.setattr("sys.stderr", io.StringIO())
    with _progress_bar(quiet=False) as tick:
        assert tick is None
    monkeypatch.setattr("sys.stderr", _Terminal())
    with _progress_bar(quiet=True) as tick:
        assert tick is None


def test_jobs_worker_that_cannot_load_the_model_is_one_clear_error(scale_corpus, tmp_path):
    from kg.errors import KGError

    broken = tmp_path / "model"  # a meta.json (so the cache key is found) but no pipeline to load
    broken.mkdir()
    (broken / "meta.json").write_text('{"lang": "ja", "name": "broken", "version": "0.0.1"}', encoding="utf-8")
    for cached in (False, True):
        with pytest.raises(KGError, match="--jobs process failed"):
            run(settings_for([scale_corpus], tmp_path / "out", model=str(broken), jobs=2, use_cache=cached))
    assert not (tmp_path / "out" / "graph.ttl").exists()

"""--executor dask: parsing and extraction on a (local, loopback) Dask cluster give the identical graph."""

from __future__ import annotations

import pytest

from kg.build.executors import ExecutorError, _batches
from kg.build.pipeline import run

from conftest import output_files, settings_for

distributed = pytest.importorskip("distributed")
pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def scheduler():
    """A two-worker, one-thread-each local cluster on 127.0.0.1; yields its address."""
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as cluster:
        yield cluster.scheduler_address


def test_dask_build_is_identical_to_local(scheduler, scale_corpus, scale_reference, tmp_path):
    out = tmp_path / "out"
    result = run(settings_for([scale_corpus], out, executor="dask", scheduler=scheduler, use_cache=False))

    assert output_files(out) == scale_reference[1]
    assert result.timings["parse"] > 0  # worker parse time comes back with the facts


def test_dask_fills_the_parse_cache_for_later_local_builds(scheduler, scale_corpus, scale_reference, tmp_path):
    cache_dir = tmp_path / "cache"
    on_cluster = run(settings_for([scale_corpus], tmp_path / "a", executor="dask", scheduler=scheduler,
                                  cache_dir=cache_dir))
    local = run(settings_for([scale_corpus], tmp_path / "b", cache_dir=cache_dir))

    assert on_cluster.stats["cache misses"] == 4
    assert local.stats["cache hits"] + local.stats["parse cache hits"] == 4
    assert local.stats["cache misses"] == 0
    assert output_files(tmp_path / "b") == scale_reference[1]


def test_dask_without_scheduler_says_how_to_start_one(scale_corpus, tmp_path):
    with pytest.raises(ExecutorError, match="--scheduler"):
        run(settings_for([scale_corpus], tmp_path / "out", executor="dask", use_cache=False))


def test_dask_batches_keep_documents_whole_and_in_order():
    from kg.model import Chunk

    todo = [(i, None, [Chunk(f"d{i}", j, 0, "あ" * 20_000) for j in range(2)]) for i in range(3)]
    batches = list(_batches(todo))
    assert [[index for index, _ in b] for b in batches] == [[0, 1], [2]]
    assert all(len(chunks) == 2 for b in batches for _, chunks in b)


def test_dask_cli_without_scheduler_is_one_error_line(scale_corpus, tmp_path):
    from typer.testing import CliRunner

    from kg.cli import app

    result = CliRunner().invoke(app, ["build", str(scale_corpus), "--out", str(tmp_path / "out"),
                                      "--executor", "dask", "--no-cache", "--quiet"])
    assert result.exit_code == 1
    assert "--scheduler ADDRESS" in result.output and "Traceback" not in result.output

"""Shared fixtures: the real GiNZA model, one build of the tiny fixture and of the seed article."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg.config import Settings

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SEEDS = ROOT / "seeds"
GOLD = Path(__file__).resolve().parent / "gold"


def settings_for(inputs: list[Path], out: Path, **kw: object) -> Settings:
    """Settings for a build of ``inputs`` into ``out`` with no progress output."""
    return Settings(inputs=tuple(inputs), out_dir=out, quiet=True, **kw)


@pytest.fixture(scope="session")
def nlp():
    """The real ja_ginza pipeline, loaded once."""
    from kg import nlp as kg_nlp

    return kg_nlp.load(Settings())


@pytest.fixture(scope="session")
def tiny_build(tmp_path_factory):
    """Build tests/data/tiny_seed.txt once; return (result, out_dir, input_file)."""
    from kg.pipeline import run

    work = tmp_path_factory.mktemp("tiny")
    src = work / "in" / "tiny_seed.txt"
    src.parent.mkdir()
    shutil.copy(DATA / "tiny_seed.txt", src)
    out = work / "out"
    result = run(settings_for([src.parent], out))
    return result, out, src


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory):
    """Build the seed article once; return (result, out_dir)."""
    from kg.pipeline import run

    out = tmp_path_factory.mktemp("seed") / "out"
    result = run(settings_for([SEEDS], out))
    return result, out


@pytest.fixture(scope="session")
def seed_graph(seed_build):
    """The seed article's graph.ttl, parsed."""
    from kg.views import load

    return load(seed_build[1] / "graph.ttl")

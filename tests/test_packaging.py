"""kg as a user installs it: the sdist and the wheel carry every file kg reads, and the wheel, installed away
from the checkout, builds the seed into the same files as the checkout does.

The tests marked slow (about a minute together) build the sdist and two wheels with the venv's setuptools
(offline), then the seed with the installed wheel and the real model.
"""

from __future__ import annotations

import email.parser
import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

import kg
from conftest import ROOT, SEEDS, output_files
from kg import resources
from kg.config import Settings
from kg.extract.models.weights import NER_PATH, fingerprint

# What a build never reads: version control, environments, outputs (these at the top only: kg/build is code),
# and caches anywhere.
_NOT_SOURCES = {".git", ".venv", "output", "build", "dist", ".kg-store", "tests/artifacts"}
_CACHES = {"__pycache__", ".pytest_cache", ".hypothesis", ".cache", ".ipynb_checkpoints"}


def _not_sources(folder: str, names: list[str]) -> set[str]:
    """shutil.copytree's ignore: the names in ``folder`` that are not sources."""
    return {name for name in names if name in _CACHES or name.endswith(".egg-info")
            or (Path(folder) / name).relative_to(ROOT).as_posix() in _NOT_SOURCES}


def _run(cmd: list[str], **kw: object) -> subprocess.CompletedProcess:
    proc = subprocess.run(cmd, capture_output=True, text=True, **kw)
    assert proc.returncode == 0, f"{cmd}: exit {proc.returncode}\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    return proc


def _members(wheel: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(wheel) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


@pytest.fixture(scope="module")
def dists(tmp_path_factory):
    """Build from a copy of the sources: ``python -m build`` (an sdist, then a wheel from that sdist) and
    ``pip wheel`` (a wheel straight from the sources); return (sdist, wheel from sdist, wheel from sources)."""
    work = tmp_path_factory.mktemp("dist")
    src = work / "src"
    shutil.copytree(ROOT, src, ignore=_not_sources)
    env = {**os.environ, "PIP_NO_INDEX": "1"}  # offline: no build isolation, no dependencies
    _run([sys.executable, "-m", "build", "--no-isolation", "--outdir", str(work / "dist"), str(src)], env=env)
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", str(work / "direct"),
          str(src)], env=env)
    (sdist,) = (work / "dist").glob("*.tar.gz")
    (wheel,) = (work / "dist").glob("*.whl")
    (direct,) = (work / "direct").glob("*.whl")
    return sdist, wheel, direct


def test_resources_belong_to_the_imported_kg():
    # Run from the checkout, kg finds the checkout's own files (an installed kg finds its package's: see below).
    assert resources.package_dir() == ROOT / "kg"
    assert Settings().ontology_dir == resources.ontology_dir() == ROOT / "ontology"
    assert {p.stem for p in resources.query_dir().glob("*.rq")} >= {"investors", "mentors", "timeline"}
    assert NER_PATH == resources.model_dir("ner_wikipedia") and (NER_PATH / "config.json").is_file()
    assert "<html" in resources.asset_text("page.html")


def test_missing_ontology_is_one_line(tmp_path):
    site = tmp_path / "site"  # a kg package without its ontology, neither inside it nor beside it
    shutil.copytree(ROOT / "kg", site / "kg", ignore=shutil.ignore_patterns("__pycache__"))
    proc = subprocess.run([sys.executable, "-m", "kg", "build", str(SEEDS), "--out", "out"], cwd=tmp_path,
                          env={**os.environ, "PYTHONPATH": str(site)}, capture_output=True, text=True)
    assert proc.returncode == 1
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "ontology folder is missing" in lines[0], proc.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.slow
def test_sdist_carries_the_ontology_and_builds_the_same_wheel(dists):
    sdist, wheel, direct = dists
    with tarfile.open(sdist) as tf:
        names = {Path(*Path(m).parts[1:]).as_posix() for m in tf.getnames()}
    ontology = sorted(p.name for p in (ROOT / "ontology").iterdir() if p.is_file())
    assert ontology and {f"ontology/{name}" for name in ontology} <= names
    assert {"setup.py", "pyproject.toml", "LICENSE", "NOTICE", "README.md"} <= names
    assert _members(wheel) == _members(direct)


@pytest.mark.slow
def test_wheel_carries_every_file_kg_reads(dists):
    _, wheel, _ = dists
    members = _members(wheel)
    package = {f"kg/{p.relative_to(ROOT / 'kg').as_posix()}": p.read_bytes() for p in sorted((ROOT / "kg").rglob("*"))
               if p.is_file() and "__pycache__" not in p.parts}
    ontology = {f"kg/ontology/{p.name}": p.read_bytes() for p in sorted((ROOT / "ontology").iterdir()) if p.is_file()}
    shipped = {name: data for name, data in members.items() if name.startswith("kg/")}
    assert shipped == package | ontology  # nothing missing, nothing stale, byte for byte
    assert any(name.startswith("kg/extract/models/ner_wikipedia/") for name in shipped)


@pytest.mark.slow
def test_wheel_metadata(dists):
    _, wheel, _ = dists
    members = _members(wheel)
    info = f"kg_ja-{kg.__version__}.dist-info"
    meta = email.parser.Parser().parsestr(members[f"{info}/METADATA"].decode("utf-8"))
    assert meta["Name"] == "kg-ja" and meta["Version"] == kg.__version__
    assert meta["License-Expression"] == "MIT AND CC-BY-SA-3.0"
    assert meta["Requires-Python"] == ">=3.11"
    assert "kg = kg.cli:app" in members[f"{info}/entry_points.txt"].decode("utf-8")
    notice = members[f"{info}/licenses/NOTICE"].decode("utf-8")
    assert "CC BY-SA 3.0" in notice and "kg/extract/models/ner_wikipedia" in notice
    assert members[f"{info}/licenses/LICENSE"].startswith(b"MIT License")


@pytest.mark.slow
@pytest.mark.model
def test_installed_wheel_builds_the_seed_like_the_checkout(dists, seed_build, tmp_path):
    _, wheel, _ = dists
    target = tmp_path / "site"
    _run([sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "--target", str(target), str(wheel)])
    elsewhere = tmp_path / "elsewhere"  # cwd outside the checkout, no kg.toml
    elsewhere.mkdir()
    # The target first; the venv's own site-packages (the dependencies) follow as usual. The checkout is not on
    # the path, so its kg cannot be imported.
    env = {**os.environ, "PYTHONPATH": str(target)}

    where = _run([sys.executable, "-c", "import kg, kg.extract.models.weights as m, kg.resources as r; "
                  "print(kg.__file__); print(r.ontology_dir()); print(m.NER_PATH); print(m.fingerprint())"],
                 cwd=elsewhere, env=env).stdout.split("\n")
    for path in where[:3]:
        assert Path(path).is_relative_to(target), f"{path} is not from the installed wheel"
    assert where[3] == fingerprint(NER_PATH)  # the trained weights shipped byte for byte

    version = _run([str(target / "bin" / "kg"), "--version"], cwd=elsewhere, env=env).stdout
    assert version == f"kg {kg.__version__}\n"

    _run([sys.executable, "-m", "kg", "build", str(SEEDS), "--out", "out", "--quiet"], cwd=elsewhere, env=env)
    built = output_files(elsewhere / "out")
    assert "graph.ttl" in built
    assert built == output_files(seed_build[1])  # graph.ttl and every other output, byte for byte

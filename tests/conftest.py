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


def mention_kinds(nlp, text: str) -> dict[str, set]:
    """Stage 3 on ``text`` parsed by ``nlp`` as one chunk: each mention's text → the classes it was typed."""
    from kg.extract.mentions import extract_document_mentions
    from kg.model import Chunk

    doc = nlp(text)
    found: dict[str, set] = {}
    for m in extract_document_mentions([(doc, Chunk("d", 0, 0, doc.text))]):
        found.setdefault(m.text, set()).add(m.kind)
    return found


def settings_for(inputs: list[Path], out: Path, **kw: object) -> Settings:
    """Settings for a build of ``inputs`` into ``out`` with no progress output."""
    return Settings(inputs=tuple(inputs), out_dir=out, quiet=True, **kw)


@pytest.fixture(scope="session")
def nlp():
    """The real ja_ginza pipeline, loaded once."""
    from kg.extract import nlp as kg_nlp

    return kg_nlp.load(Settings())


@pytest.fixture(scope="session")
def tiny_build(tmp_path_factory):
    """Build tests/data/tiny_seed.txt once; return (result, out_dir, input_file)."""
    from kg.build.pipeline import run

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
    from kg.build.pipeline import run

    out = tmp_path_factory.mktemp("seed") / "out"
    result = run(settings_for([SEEDS], out))
    return result, out


@pytest.fixture(scope="session")
def seed_graph(seed_build):
    """The seed article's graph.ttl, parsed."""
    from kg.rdf.graph import load

    return load(seed_build[1] / "graph.ttl")


SCALE_TEXTS = {  # four short articles about other people and companies, for the cache/jobs/Dask tests
    "a_midori.txt": (DATA / "tiny_seed.txt").read_text(encoding="utf-8"),
    "b_minatoya.txt": "ミナトヤの歩み\n\n柳井正は1984年に広島でミナトヤの一号店を開いた。\n"
                    "柳井正はファーストリテイリングの会長兼社長である。\n",
    "c_kyocera.txt": "稲盛和夫は1959年に京セラを創業した。\n稲盛和夫は2010年に日本航空の会長に就任した。\n"
                     "京セラは第二電電に出資した。\n",
    "d_toyokawa.txt": "豊川章男は豊川自動車の社長を務めた。\n豊川自動車はダイハツ工業を買収した。\n"
                    "豊川章一郎は豊川章男の父である。\n",
}


def output_files(out: Path) -> dict[str, bytes]:
    """Every file a build wrote into ``out`` (the parse cache excluded), by name."""
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and ".cache" not in p.relative_to(out).parts}


@pytest.fixture(scope="session")
def scale_corpus(tmp_path_factory):
    """A folder of four small documents (SCALE_TEXTS)."""
    folder = tmp_path_factory.mktemp("scale") / "in"
    folder.mkdir()
    for name, text in SCALE_TEXTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def scale_reference(scale_corpus, tmp_path_factory):
    """A plain build of scale_corpus (one process, no cache); return (result, {name: bytes})."""
    from kg.build.pipeline import run

    out = tmp_path_factory.mktemp("scale_ref") / "out"
    result = run(settings_for([scale_corpus], out, use_cache=False))
    return result, output_files(out)


@pytest.fixture()
def make_doc():
    """Build a spaCy Doc by hand (no model, no Sudachi) for rule-level tests.

    Each token is (text, Sudachi tag, UD pos, reading); ``ents`` are (start, end, label) token spans;
    ``space_after`` lists token indices followed by a space.
    """
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    def build(tokens: list[tuple[str, str, str, str]], ents: list[tuple[int, int, str]] = (),
              space_after: tuple[int, ...] = ()):
        words = [t[0] for t in tokens]
        doc = Doc(Vocab(), words=words, spaces=[i in space_after for i in range(len(words))],
                  tags=[t[1] for t in tokens], pos=[t[2] for t in tokens],
                  morphs=[f"Reading={t[3]}" if t[3] else "" for t in tokens],
                  sent_starts=[i == 0 for i in range(len(words))])
        from spacy.tokens import Span

        doc.ents = [Span(doc, s, e, label=lab) for s, e, lab in ents]
        return doc

    return build

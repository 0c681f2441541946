"""kg_ner: kg's own tagger in the place of GiNZA's NER (kg/extract/models/kg_ner.py), on the real model."""

from __future__ import annotations

import pytest

from kg.config import Settings
from kg.extract import nlp as kg_nlp
from kg.extract.aliases import resolve
from kg.extract.mention_cues import load_cues
from kg.extract.mentions import extract_document_mentions
from kg.model import Chunk
from kg.vocab import KG

pytestmark = pytest.mark.model

LABELS = ["COMPANY", "EVENT", "FAC", "LOC", "ORG", "PERSON", "POLITICAL", "PRODUCT"]


@pytest.fixture(scope="module")
def tagged():
    """ja_ginza without its NER, with kg_ner last: what a build with kg_ner = true parses with."""
    return kg_nlp.load(Settings(kg_ner=True))


def test_kg_ner_takes_the_place_of_ginzas_ner(tagged, nlp):
    assert "ner" not in tagged.pipe_names and tagged.pipe_names[-1] == "kg_ner"
    assert "bunsetu_recognizer" in tagged.pipe_names
    tagger = tagged.get_pipe("kg_ner")
    assert sorted(tagger.labels) == LABELS
    assert len(tagger.ner.move_names) == 4 * len(LABELS) + 1  # B/I/L/U per label and O, not GiNZA's 800-odd
    assert {kg_nlp.model_version(tagged), kg_nlp.model_version(nlp)} == {
        kg_nlp.installed_version(Settings(kg_ner=True)), kg_nlp.installed_version(Settings())}
    assert kg_nlp.model_version(tagged) != kg_nlp.model_version(nlp)  # parse caches never mix the two


def test_kg_ner_labels_all_read_through_the_ontology_table(tagged):
    cues = load_cues()
    table = {label: cues.ene[label][0] for label in LABELS}
    assert table["PERSON"] == "Person" and table["COMPANY"] == "Organization"
    assert cues.ene["COMPANY"][1] == "Company" and cues.ene["POLITICAL"][1] == "Government"
    assert table["PRODUCT"] == "Product" and table["LOC"] == "Location"


@pytest.mark.parametrize("text, name, kind", [
    ("技術者の山岸健太郎は京都で新しい会社を立ち上げた。", "山岸健太郎", KG.Person),
    ("ミハイル・ペトロフはモスクワの銀行に長く勤めていた。", "ミハイル・ペトロフ", KG.Person),
    ("彼は1998年に株式会社ハルニレ工房を設立し、社長に就いた。", "株式会社ハルニレ工房", KG.Organization),
    ("佐伯は1990年に南海大学理学部に入学した。", "南海大学", KG.Organization),  # the school, not its faculty
])
def test_kg_ner_tags_names_that_stage_3_types(tagged, text, name, kind):
    doc = tagged(text)
    assert {e.label_ for e in doc.ents} <= set(LABELS)
    mentions = extract_document_mentions([(doc, Chunk("d", 0, 0, text))])
    entities, _ = resolve(mentions)  # (「X大学Y学部」 is a mention of the entity named by its school)
    assert (name, kind) in {(m.text, m.kind) for m in mentions} | {(e.name, e.kind) for e in entities}


def test_kg_ner_tags_a_doc_read_back_from_a_docbin(tagged):
    # A Doc from the parse cache (a DocBin) has no doc.tensor: the tagger runs GiNZA's tok2vec itself.
    from spacy.tokens import DocBin

    text = "ミハイル・ペトロフはモスクワの銀行に長く勤めていた。"
    fresh = tagged(text)
    assert fresh.ents
    (cached,) = DocBin(docs=[fresh]).get_docs(tagged.vocab)
    cached.ents = []
    assert cached.tensor.size == 0
    tagged.get_pipe("kg_ner")(cached)
    assert [(e.text, e.label_) for e in cached.ents] == [(e.text, e.label_) for e in fresh.ents]


def test_kg_ner_refuses_a_pipeline_that_still_has_ginzas_ner(nlp):
    from kg.errors import KGError

    with pytest.raises(KGError, match="place of GiNZA's NER"):
        kg_nlp.add_kg_ner(nlp)
    assert "kg_ner" not in nlp.pipe_names


def test_numpy_matmul_parses_as_blis_does(nlp):
    # kg runs the layers' matrix products on numpy's BLAS (faster here); the Docs must not change.
    from thinc.api import NumpyOps

    texts = ["2008年、東都電機は大阪でハルニレ工房と提携を発表した。", "佐伯由紀子は1975年に北洋大学を卒業し、銀行に入った。"]
    fast = [(t.text, t.tag_, t.dep_, t.head.i, t.ent_type_) for d in nlp.pipe(texts) for t in d]
    blis = NumpyOps(use_blis=True)
    models = [proc.model for _, proc in nlp.pipeline if hasattr(getattr(proc, "model", None), "walk")]
    saved = [[node.ops for node in m.walk()] for m in models]
    try:
        assert all(isinstance(node.ops, NumpyOps) and not node.ops.use_blis for m in models for node in m.walk())
        for m in models:
            for node in m.walk():
                node.ops = blis
        slow = [(t.text, t.tag_, t.dep_, t.head.i, t.ent_type_) for d in nlp.pipe(texts) for t in d]
    finally:
        for m, ops in zip(models, saved, strict=True):
            for node, o in zip(m.walk(), ops, strict=True):
                node.ops = o
    assert fast == slow


def test_kg_ner_build_from_the_command_line(tmp_path):
    # kg build --kg-ner: the parse cache keeps its entries apart from GiNZA's, the graph names the people
    from typer.testing import CliRunner

    from kg.cli import app

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("技術者の山岸健太郎は1998年に株式会社ハルニレ工房を設立した。\n", encoding="utf-8")
    cache = tmp_path / "cache"
    for flag, out in (("--kg-ner", "k"), ("--ginza-ner", "g")):
        result = CliRunner().invoke(app, ["build", str(tmp_path / "in"), "--out", str(tmp_path / out), "--quiet", flag,
                                          "--config", str(_config(tmp_path, cache))])
        assert result.exit_code == 0, result.output
        assert "山岸健太郎" in (tmp_path / out / "graph.ttl").read_text(encoding="utf-8")
    assert len(list(cache.rglob("*.kgdoc"))) == 2  # one parse of the text per NER


def _config(tmp_path, cache):
    path = tmp_path / "kg.toml"
    path.write_text(f'cache_dir = "{cache}"\n', encoding="utf-8")
    return path


def test_kg_ner_tags_a_doc_the_same_in_any_batch(tagged):
    # --jobs 1 and --jobs 2 batch Docs differently; a Doc's entities must not depend on its neighbours
    texts = ["東都銀行の頭取は山岸健太郎", "ハルニレ工房", "ミハイル・ペトロフ", "北洋大学", "佐伯由紀子",
             "株式会社ハルニレ工房を設立したのはミハイル・ペトロフ", "山岸", "東都銀行と北洋大学"]
    alone = [[(e.text, e.label_) for e in tagged(t).ents] for t in texts]
    together = [[(e.text, e.label_) for e in d.ents] for d in tagged.pipe(texts, batch_size=8)]
    reversed_ = [[(e.text, e.label_) for e in d.ents] for d in tagged.pipe(texts[::-1], batch_size=8)][::-1]
    assert alone == together == reversed_

"""Stage 2: the model kg loads parses exactly as the stock ja_ginza model does."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.model

TEXTS = [
    "1984年、マイケル・デルはテキサス大学在学中にデルを創業した。",
    "アオバ通信グループの北条透氏は、英Armを約3.3兆円で買収すると発表した。",
    "彼女は2019年に京セラを退社し、翌年スタートアップのファームリンクを設立した。",
    "Kindleを開発したAmazonにはCohereが出資している。",
]


def test_nlp_load_without_the_vector_strings_parses_like_the_stock_model(nlp):
    # kg.extract.nlp.load skips ja_ginza's vocab/strings.json (a third of the load time) and multiplies on numpy's
    # BLAS; every Doc attribute kg or a user can read must come out the same as from spacy.load("ja_ginza").
    import spacy

    stock = spacy.load("ja_ginza")
    assert len(nlp.vocab.strings) < len(stock.vocab.strings)  # the file really was skipped
    for text in TEXTS:
        ours, theirs = nlp(text), stock(text)
        assert ours.to_json() == theirs.to_json()
        assert [(t.lemma_, t.norm_, t.tag_, t.dep_, t.head.i, str(t.morph), t.has_vector, t.ent_type_)
                for t in ours] == \
               [(t.lemma_, t.norm_, t.tag_, t.dep_, t.head.i, str(t.morph), t.has_vector, t.ent_type_)
                for t in theirs]
        assert (ours.vector == theirs.vector).all()
        # kg multiplies on numpy's BLAS, spaCy on blis: the tensor differs in its last bits, never in a decision
        assert ours.tensor.shape == theirs.tensor.shape and abs(ours.tensor - theirs.tensor).max() < 1e-3
        assert {k: str(v) for k, v in ours.user_data.items()} == {k: str(v) for k, v in theirs.user_data.items()}


def test_parse_keeps_numpy_blas_to_one_thread(nlp):
    # kg multiplies on numpy's BLAS; each parsing process uses one of its threads (--jobs adds processes)
    from threadpoolctl import threadpool_info

    from kg.extract import nlp as kg_nlp
    from kg.model import Chunk

    seen = []
    for _doc, _chunk in kg_nlp.parse(nlp, [Chunk("d", 0, 0, "佐伯由紀子は北洋大学を卒業した。")]):
        seen += [lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"]
    assert seen and set(seen) == {1}

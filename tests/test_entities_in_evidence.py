"""Names in the sentence that states a relation: each one needs a mention of its own there, not split, not glued to
the words around it (the real model)."""

from __future__ import annotations

import pytest

from kg.extract.mentions import extract_document_mentions
from kg.model import Chunk
from kg.vocab import KG

pytestmark = pytest.mark.model


def _mentions(nlp, text: str) -> dict[str, object]:
    doc = nlp(text)
    return {m.text: m.kind for m in extract_document_mentions([(doc, Chunk("d", 0, 0, doc.text))])}


@pytest.mark.parametrize("text, name, glued", [
    # common words the NER glued after a Latin name or an institution's head
    ("彼はXBL移籍後に各球団を渡り歩いた。", "XBL", "XBL移籍後"),
    ("当時Zentrix社内のデザイナーであった。", "Zentrix", "Zentrix社内"),
    ("参議院北方特別委員会筆頭理事を務める。", "参議院北方特別委員会", "参議院北方特別委員会筆頭理事"),
])
def test_entities_a_name_ends_before_the_common_words_glued_to_it(nlp, text, name, glued):
    found = _mentions(nlp, text)
    assert found.get(name) == KG.Organization
    assert glued not in found


@pytest.mark.parametrize("text, name", [
    # a place's name, then a school's kind in one word or a conservatory: one school, not the place alone
    ("1950年にリヨン国立美術大学に入学した。", "リヨン国立美術大学"),
    ("彼女はボストン音楽院で学んだ。", "ボストン音楽院"),
])
def test_entities_a_school_named_after_a_place_is_one_name(nlp, text, name):
    assert _mentions(nlp, text).get(name) == KG.Organization

"""Entity shapes of short encyclopedia openings: the subject's other names, works and places (the real model)."""

from __future__ import annotations

import pytest

from kg.extract.aliases import resolve
from kg.extract.mentions import extract_document_mentions
from kg.model import Chunk
from kg.vocab import KG

from conftest import mention_kinds

pytestmark = pytest.mark.model


def _entities(nlp, text: str) -> list[set[str]]:
    doc = nlp(text)
    entities, _ = resolve(extract_document_mentions([(doc, Chunk("d", 0, 0, doc.text))]))
    return [{e.name, *e.aliases} for e in entities]


@pytest.mark.parametrize("text, names", [
    # the subject's birth name, pen name or other spelling, said in a sentence of its own or in its brackets
    ("星野花子(ほしのはなこ、1950年1月1日-)は、日本の歌手。本名は山田花子。", {"星野花子", "山田花子"}),
    ("ロバート・ケンドリック(日本名:健土陸、1920年-1990年)は、アメリカの記者。", {"ロバート・ケンドリック", "健土陸"}),
    ("ハンス・ミュラー(1903年-1975年)は、ドイツの写真家。英語読みではジョン・ミラーとも呼ばれる。",
     {"ハンス・ミュラー", "ジョン・ミラー"}),
])
def test_entities_another_name_of_the_subject_joins_it(nlp, text, names):
    assert any(names <= forms for forms in _entities(nlp, text))


def test_entities_an_abbreviation_in_another_names_brackets_stays_its_own(nlp):
    text = ("北辰レスリング協会は、アメリカのプロレス団体。のちに西部レスリング連盟(略称:WWL)として活動した。")
    assert not any({"北辰レスリング協会", "WWL"} <= forms for forms in _entities(nlp, text))


@pytest.mark.parametrize("text, name", [
    # the case particle and verb after the name's brackets say what it is: a publisher, an employer
    ("『ミドリアドベンチャー』は、1990年に日本のコトブキソフト(コトブキ電子)から発売されたゲームである。", "コトブキソフト"),
])
def test_entities_a_cue_after_the_names_brackets_counts(nlp, text, name):
    assert KG.Organization in mention_kinds(nlp, text).get(name, set())

"""Entity typing that asks Sudachi's dictionary, and a place named inside a place: the real model."""

from __future__ import annotations

import pytest

from kg.extract.mention_cues import in_dictionary
from kg.extract.mentions import extract_document_mentions
from kg.model import Chunk
from kg.vocab import KG

from conftest import mention_kinds

pytestmark = pytest.mark.model


@pytest.mark.parametrize("word, known", [
    ("クラリネット", True),        # a dictionary word
    ("マーケッツ", True),          # a plural Sudachi lists
    ("ミャスコフスキー", False),    # a foreign surname: no entry, whatever the word vectors know
    ("ハンドボールチーム", False),  # dictionary words run together are no one entry either
])
def test_entities_in_dictionary_asks_for_one_entry(word, known):
    assert in_dictionary(word) is known


@pytest.mark.parametrize("text, name", [
    # a surname the NER labels Person and no dictionary holds is a person, not a common noun
    ("ミャスコフスキーは1905年にモスクワで没した。", "ミャスコフスキー"),
    ("タネーエフは1905年にモスクワで没した。", "タネーエフ"),
    ("ヒナステラは1905年にモスクワで没した。", "ヒナステラ"),
])
def test_entities_person_label_on_an_unknown_katakana_word_is_a_person(nlp, text, name):
    assert KG.Person in mention_kinds(nlp, text).get(name, set())


@pytest.mark.parametrize("text, name", [
    # the place after a state names a place wherever the text writes it alone
    ("本社はカリフォルニア州クパチーノにある。1990年、本社をサニーベールからクパチーノへ移した。", "クパチーノ"),
    ("彼はイリノイ州エバンストンで育ち、エバンストンの学校で学んだ。", "エバンストン"),
])
def test_entities_a_place_named_after_its_state_is_no_person(nlp, text, name):
    assert KG.Person not in mention_kinds(nlp, text).get(name, set())


@pytest.mark.parametrize("text, name, kind", [
    # a given name Sudachi lists and a surname run together (a text whose spaces were removed): a person
    ("その標本は1990年からDavidKowalczykによって管理されている。", "DavidKowalczyk", KG.Person),
    ("その規格はのちにMarcoTellinetによって改訂された。", "MarcoTellinet", KG.Person),
])
def test_entities_latin_names_run_together(nlp, text, name, kind):
    assert mention_kinds(nlp, text).get(name) == {kind}


@pytest.mark.parametrize("text, name", [
    # a place and dictionary words (a quarter, 首都) name a place, whatever the NER labels the span
    ("南リヨンの病院で亡くなった。", "南リヨン"),
    ("首都キンシャサの大学で学んだ。", "首都キンシャサ"),
    ("西グラーツの学校に通った。", "西グラーツ"),
    ("西リンツの学校に通った。", "西リンツ"),
])
def test_entities_a_place_and_common_words_is_no_agent(nlp, text, name):
    assert name not in mention_kinds(nlp, text)


@pytest.mark.parametrize("text, name", [
    # a place and a Latin or katakana word after it can be a club or a company's name
    ("2013年に横浜FCへ移籍した。", "横浜FC"),
    ("彼は東京ガスに入社した。", "東京ガス"),
])
def test_entities_a_place_and_a_word_after_it_can_stay_an_organisation(nlp, text, name):
    assert KG.Organization in mention_kinds(nlp, text).get(name, set())


@pytest.mark.parametrize("text, name, kind", [
    # a city Sudachi tags as a person's name (it lists the city too) and a plural that is no surname: a team
    ("1998年にトレド・ブレイザーズへ移籍した。", "トレド・ブレイザーズ", KG.Organization),
    ("彼はローリー・ストライカーズで3年間プレーした。", "ローリー・ストライカーズ", KG.Organization),
    # a surname ending like a plural keeps the person
    ("俳優のタルサ・ロバーツが出演した。", "タルサ・ロバーツ", KG.Person),
])
def test_entities_a_city_and_a_plural_name_a_team(nlp, text, name, kind):
    assert mention_kinds(nlp, text).get(name) == {kind}


@pytest.mark.parametrize("text, name", [
    # a legal form's abbreviation in brackets opens the name (split into tokens, or one token)
    ("2010年に(公財)北辰文化財団の理事長に就任した。", "(公財)北辰文化財団"),
    ("彼は（株）ミナトテックに入社した。", "（株）ミナトテック"),
])
def test_entities_a_bracketed_legal_form_is_part_of_the_name(nlp, text, name):
    assert mention_kinds(nlp, text).get(name) == {KG.Organization}


def test_entities_a_name_with_and_without_its_bracketed_legal_form_is_one_organisation():
    from kg.extract.mention_cues import strip_org_affix

    assert strip_org_affix("（株）ミナトテック") == strip_org_affix("(株)ミナトテック") == "ミナトテック"


@pytest.mark.parametrize("label, found", [
    ("City", False),     # labelled a place: Sudachi lists the word as a place too, and the 人名 tag is outweighed
    ("Person", True),    # labelled a person: the tag stands
])
def test_entities_a_word_tagged_as_a_name_but_listed_as_a_place(make_doc, label, found):
    # 「トレド」: Sudachi tags it 人名, its dictionary lists it as 地名 too
    doc = make_doc([("トレド", "名詞-固有名詞-人名-一般", "PROPN", "トレド"), ("に", "助詞-格助詞", "ADP", "ニ")],
                   ents=[(0, 1, label)])
    kinds = {m.text: m.kind for m in extract_document_mentions([(doc, Chunk("d", 0, 0, doc.text))])}
    assert ("トレド" in kinds) is found


@pytest.mark.parametrize("tokens", [
    [("LOUDFEST", "名詞-普通名詞-一般", "PROPN", "loudfest"), ("08", "名詞-数詞", "NUM", "")],
    [("KXF", "名詞-普通名詞-一般", "X", "kxf"), (".", "補助記号-句点", "PUNCT", ""),
     ("E", "名詞-普通名詞-一般", "X", "e"), (".", "補助記号-句点", "PUNCT", ""), ("2", "名詞-数詞", "NUM", "")],
])
def test_entities_letters_and_digits_run_together_name_no_person(make_doc, tokens):
    # an event's edition, a model: whatever the NER labels it, no person's name mixes letters and digits
    doc = make_doc(tokens + [("に", "助詞-格助詞", "ADP", "ニ")], ents=[(0, len(tokens), "Person")])
    kinds = {m.text: m.kind for m in extract_document_mentions([(doc, Chunk("d", 0, 0, doc.text))])}
    assert KG.Person not in kinds.values(), kinds


@pytest.mark.parametrize("text, name", [
    # a campus, a township, an arena, a canyon: places, whatever the NER labels them and whatever names they carry
    ("1998年に北辰大学城北キャンパスが開設された。", "大学城北キャンパス"),
    ("彼はモリソン・タウンシップで生まれた。", "モリソン・タウンシップ"),
])
def test_entities_a_place_word_ends_no_agent(nlp, text, name):
    assert name not in mention_kinds(nlp, text)


def test_entities_the_ends_of_a_line_are_places(nlp):
    # 「X-Y間」: the stations or towns a line runs between, whatever family names Sudachi reads in them
    assert "多賀" not in mention_kinds(nlp, "1950年に宇佐美-多賀間が開業した。")


@pytest.mark.parametrize("text, name, kind", [
    # a name with nothing else to say what it is, before 「の」 and a person's name: the person's home, no company
    ("同年、ホルネスのマルテンスが来日した。", "ホルネス", None),
    # a company the NER labels, before 「の」 and a person's name: their company
    ("同年、ノルテックの佐藤一郎が来日した。", "ノルテック", KG.Organization),
])
def test_entities_a_name_before_a_persons_name(nlp, text, name, kind):
    kinds = mention_kinds(nlp, text)
    assert (kinds.get(name) == {kind}) if kind else name not in kinds, kinds


def test_entities_the_names_in_brackets_after_a_name_are_its_aliases(nlp):
    # past the reading: the Latin spelling after 「、」 and the abbreviation after 略称 are other names of it
    text = "北辰大学（ほくしんだいがく、Hokushin University、略称：HKU）は、日本の私立大学である。"
    doc = nlp(text)
    aliases = {m.text: m.alias_of for m in extract_document_mentions([(doc, Chunk("d", 0, 0, doc.text))])}
    assert aliases.get("Hokushin University") == aliases.get("HKU") == "北辰大学", aliases


@pytest.mark.parametrize("text, name, kind", [
    # a topic with brackets after it, and the class noun its sentence ends in before the copula
    ("ヴァルトリン（1901年 - 1980年）は、ドイツの作曲家である。", "ヴァルトリン", KG.Person),
    ("ノルテック（1950年設立）は、オランダの会社である。", "ノルテック", KG.Organization),
    ("ノルテック（のるてっく）は、東京の出版社である。", "ノルテック", KG.Organization),
])
def test_entities_a_topic_is_what_its_copula_says(nlp, text, name, kind):
    assert mention_kinds(nlp, text).get(name) == {kind}


@pytest.mark.parametrize("text, name", [
    # a monarch's byname written right after the regnal name is part of the name; a dictionary word is not
    ("1320年、ボリス・ミハイロ2世ヴェラスキが即位した。", "ボリス・ミハイロ2世ヴェラスキ"),
    ("宮殿はルイ14世スタイルで建てられた。", "ルイ14世"),
])
def test_entities_a_regnal_name_and_its_byname(nlp, text, name):
    assert mention_kinds(nlp, text).get(name) == {KG.Person}


def test_entities_a_regnal_name_alone_is_the_name_with_its_byname(nlp):
    text = "1320年、ボリス・ミハイロ2世ヴェラスキが即位した。ボリス・ミハイロ2世は改革を進めた。"
    doc = nlp(text)
    aliases = {m.text: m.alias_of for m in extract_document_mentions([(doc, Chunk("d", 0, 0, doc.text))])}
    assert aliases.get("ボリス・ミハイロ2世") == "ボリス・ミハイロ2世ヴェラスキ", aliases


@pytest.mark.parametrize("text, kind, alias", [
    ("Norvex社", KG.Organization, "Norvex"),     # a company's name and 社: the name alone is one of its names
    ("ミナトテック社", KG.Organization, "ミナトテック"),
    ("北辰社", KG.Organization, None),            # a kanji name ending in 社 is the name itself
])
def test_entities_a_company_said_with_sha_is_also_named_without_it(text, kind, alias):
    from kg.extract.aliases import resolve
    from kg.model import Mention, Source

    (entity,), _ = resolve([Mention(text=text, kind=kind, source=Source("d1", 0, len(text), text, "test"))])
    assert (alias in entity.aliases) if alias else entity.aliases == ()

"""Dropped subjects in encyclopedic text (kg.topic) on the real model: article, section and paragraph topics.

Each document is parsed line by line, as the pipeline parses a plain-text file (one chunk per line).
"""

from __future__ import annotations

import re

import pytest

from kg.extract import aliases, mentions, relation_rules, relations
from kg.extract.names import normalize
from kg.model import Chunk
from kg.vocab import local_name

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def rules(nlp):
    return relation_rules.load_rules(nlp.vocab)


def build(nlp, rules, text: str):
    """Return [(subject name, predicate, object name, method, confidence)] for a multi-line document."""
    parsed = []
    for m in re.finditer(r"[^\n]+", text):
        parsed.append((nlp(m.group(0)), Chunk("doc", len(parsed), m.start(), m.group(0))))
    found = mentions.extract_document_mentions(parsed)
    entities, index = aliases.resolve(found)
    kinds = {e.key: e.kind for e in entities}
    names = {e.key: normalize(e.name) for e in entities}
    rels = relations.extract_relations(parsed, found, index, kinds, rules)
    return [(names[r.subject], local_name(r.predicate), names[r.object], r.source.method, r.confidence)
            for r in rels]


def find(rows, s: str, p: str, o: str):
    s, o = normalize(s), normalize(o)
    return [r for r in rows if r[:3] == (s, p, o)]


BIO = """田中一郎（たなか いちろう、1950年 - ）は、日本の実業家。北辰電機株式会社代表取締役会長。

経歴

父の田中次郎は大和精機の社長を務めた。母の花子は教師だった。
1975年（昭和50年）東都物産に入社。
1990年 - 北辰電機を設立
2001年（平成13年）北辰電機代表取締役会長に就任。
"""


def test_topic_chronology_lines_take_the_article_subject(nlp, rules):
    rows = build(nlp, rules, BIO)
    hired = find(rows, "田中一郎", "employeeOf", "東都物産")
    assert hired and ".subject." in hired[0][3], rows
    assert find(rows, "田中一郎", "founderOf", "北辰電機"), rows
    assert find(rows, "田中一郎", "executiveOf", "北辰電機"), rows


def test_topic_family_paragraph_does_not_take_the_next_paragraphs(nlp, rules):
    rows = build(nlp, rules, BIO)
    assert not find(rows, "田中次郎", "employeeOf", "東都物産"), rows
    assert not find(rows, "田中次郎", "founderOf", "北辰電機"), rows


def test_topic_inferred_subject_is_less_confident_than_an_explicit_one(nlp, rules):
    rows = build(nlp, rules, BIO + "2005年、田中一郎は東洋化学株式会社に転職した。\n")
    explicit = find(rows, "田中一郎", "employeeOf", "東洋化学株式会社")
    inferred = find(rows, "田中一郎", "employeeOf", "東都物産")
    assert explicit and inferred, rows
    assert inferred[0][4] < explicit[0][4]
    assert inferred[0][3].endswith(".subject.article.v1")


def test_topic_list_item_is_about_the_name_it_opens_with(nlp, rules):
    text = "田中一郎（1950年 - ）は、日本の実業家。\n\n親族\n\n田中三郎 - 元大和精機株式会社副社長。\n"
    rows = build(nlp, rules, text)
    assert find(rows, "田中三郎", "executiveOf", "大和精機株式会社"), rows
    assert not find(rows, "田中一郎", "executiveOf", "大和精機株式会社"), rows


def test_topic_list_item_without_a_full_stop_is_read_too(nlp, rules):
    # 「田中三郎 - 丸菱銀行第4代頭取」: a list item with no 。 is no heading; the ordinal is part of the title
    text = "田中一郎（1950年 - ）は、日本の実業家。\n\n親族\n\n田中三郎 - 丸菱銀行第4代頭取\n"
    rows = build(nlp, rules, text)
    assert find(rows, "田中三郎", "ceoOf", "丸菱銀行"), rows
    assert not find(rows, "田中一郎", "ceoOf", "丸菱銀行"), rows


def test_topic_a_company_article_lends_no_person_roles(nlp, rules):
    text = "北辰電機株式会社（ほくしんでんき）は、日本の電機メーカーである。\n\n歴史\n\n2001年、取締役に就任。\n"
    rows = build(nlp, rules, text)
    assert not [r for r in rows if r[1] == "boardMemberOf"], rows


def test_topic_subject_named_after_another_topic_takes_it_back(nlp, rules):
    text = ("田中一郎（1950年 - ）は、日本の実業家。\n"
            "鈴木勇はこの店で働いていたが、田中一郎と会うことはなかった。1975年に東都物産に入社した。\n")
    rows = build(nlp, rules, text)
    assert find(rows, "田中一郎", "employeeOf", "東都物産"), rows
    assert not find(rows, "鈴木勇", "employeeOf", "東都物産"), rows


def test_topic_lead_subject_owns_the_shared_family_name(nlp, rules):
    text = ("田中一郎（1950年 - ）は、日本の実業家。\n父の田中次郎は医師。\n"
            "田中は1975年に東都物産に入社した。\n")
    rows = build(nlp, rules, text)
    assert find(rows, "田中一郎", "employeeOf", "東都物産"), rows


def test_topic_company_article_is_the_object_of_a_founding_with_none(nlp, rules):
    text = ("豊川自動車（とよかわじどうしゃ）は、日本の自動車メーカーである。\n\n歴史\n\n"
            "1950年に山田太郎と鈴木一郎が創業。\n2001年、北都電気が出資した。\n")
    rows = build(nlp, rules, text)
    for s, p in (("山田太郎", "founderOf"), ("鈴木一郎", "founderOf"), ("北都電気", "investedIn")):
        found = find(rows, s, p, "豊川自動車")
        assert found and found[0][3].endswith(".object.article.v1"), rows


def test_topic_person_article_lends_no_object(nlp, rules):
    rows = build(nlp, rules, BIO + "2005年、鈴木一郎が出資した。\n")
    assert not [r for r in rows if r[0] == normalize("鈴木一郎")], rows


NEWS = """東邦化成は大森誠取締役が社長に昇格する人事を発表した。
北斗化学は田中一郎常務が社長に昇格する。山本次郎社長は会長となり、取締役も退任する。
"""


def test_topic_a_titled_subject_takes_the_paragraph_company(nlp, rules):
    # 「山本次郎社長は会長となり」: the fused title is the person's, not a subject of its own that blocks the topic
    rows = build(nlp, rules, NEWS)
    held = find(rows, "山本次郎", "ceoOf", "北斗化学")
    assert held and ".org.paragraph" in held[0][3], rows
    assert not find(rows, "山本次郎", "ceoOf", "東邦化成"), rows


PROFILES = """新規事業を率いる二人に話を聞いた。

山田 太郎

三井住友銀行 執行役員

1993年葛城製作所入社。

佐藤 次郎

1998年大阪大学卒業後、北辰商事に入社。
"""


def test_topic_name_heading_of_a_profile_is_the_subject_of_its_lines(nlp, rules):
    rows = build(nlp, rules, PROFILES)
    hired = find(rows, "山田 太郎", "employeeOf", "葛城製作所")
    assert hired and ".section" in hired[0][3], rows
    assert find(rows, "佐藤 次郎", "employeeOf", "北辰商事"), rows
    assert not find(rows, "山田 太郎", "employeeOf", "北辰商事"), rows


PROFILE_TITLED = """二人の経歴を紹介する。

佐藤 次郎

経営コンサルタント

2005年資生堂入社。
"""


def test_topic_job_title_line_under_a_name_heading_keeps_his_section(nlp, rules):
    # 「経営コンサルタント」 alone on a line under his name names nobody else: the lines after it are still his
    rows = build(nlp, rules, PROFILE_TITLED)
    founded = find(rows, "佐藤 次郎", "employeeOf", "資生堂")
    assert founded and ".section" in founded[0][3], rows

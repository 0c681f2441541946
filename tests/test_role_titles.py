"""Stage 5 on the real model: titles whose organisation is the one the text is about (「副会長のY」「暫定CEOに就任」),
and hedges that lower a title's or a verb's confidence only where they govern it.

Rows are own sentences; each runs the real mentions → aliases → relations stages (tests/test_relations.py).
"""

from __future__ import annotations

import pytest

from test_relations import expect_absent, expect_found, has, rules, run, triples  # noqa: F401 (rules is a fixture)

POSITIVE = [
    # 「副会長のY」 with no organisation named: the paragraph's
    ("北辰工業は、日本の機械メーカー。副会長の佐藤健一の発案により、新工場を建てた。",
     [("佐藤健一", "executiveOf", "北辰工業")]),
    # 「Bと共に、X創業者の一人であり」: the companion of a nominal predicate holds the title too
    ("山田太郎は、日本の実業家。佐藤健一と共に、電気機器メーカー三菱商事創業者の一人であり、社長を務めた。",
     [("佐藤健一", "founderOf", "三菱商事"), ("山田太郎", "founderOf", "三菱商事")]),
    # 「同党」 points at the party named before it; its leader is one of it
    ("2014年に北辰維新党が解党したことを受け、当時同党の共同代表を務めていた山田太郎が新党を結成した。",
     [("山田太郎", "executiveOf", "北辰維新"), ("山田太郎", "memberOf", "北辰維新")]),
    # 「教職につく」 (つく in kana) carries a title like 就く; the place is the では-phrase
    ("山田太郎は、日本の経済学者。明治大学では著名な学者である佐藤健一と鈴木三郎が教職についている。",
     [("佐藤健一", "employeeOf", "明治大学"), ("鈴木三郎", "employeeOf", "明治大学")]),
    # 暫定 does not change the title
    ("北辰工業は、日本の機械メーカー。1990年、経営危機に陥った。問題が大きかったため山田太郎が暫定CEOに就任した。",
     [("山田太郎", "ceoOf", "北辰工業")]),
    # 「後任の社長に」 names whose turn it is, not the title's organisation; the one appointed holds the title
    ("住友化学は後任の社長に山田太郎を起用した。", [("山田太郎", "ceoOf", "住友化学")]),
    # 「Y専務を」: the name hangs on its present title, which the appointment verb takes as its object
    ("住友化学は、後任の社長に山田太郎専務を起用する。",
     [("山田太郎", "ceoOf", "住友化学"), ("山田太郎", "executiveOf", "住友化学")]),
    ("住友化学は新社長に山田太郎常務を指名した。", [("山田太郎", "ceoOf", "住友化学")]),
]


@pytest.mark.parametrize("text, expected", POSITIVE)
def test_role_titles_found(nlp, rules, text, expected):  # noqa: F811
    expect_found(nlp, rules, text, expected)


def test_role_title_of_the_sentence_company(nlp, rules):  # noqa: F811
    # 「X社は…ため、CEOのYは」: the one company the sentence is about, before the title
    found = triples(nlp, rules, "北辰工業は、日本の機械メーカー。北辰工業は買収の対象となっていたため、CEOの佐藤健一は山田太郎に"
                                "助けを求めた。")
    assert has(found, "佐藤健一", "ceoOf", "北辰工業")
    # two companies joined as the subject: neither is the title's
    found = triples(nlp, rules, "北辰工業と南海化学が合併したため、CEOの佐藤健一は記者会見を開いた。")
    assert not any(p == "ceoOf" for _, p, _ in found)


@pytest.mark.parametrize("text, absent", [
    # 「取引先の山田太郎社長」: a genitive owner we cannot name holds the title, not the paragraph's company
    ("北辰工業は、日本の機械メーカー。取引先の山田太郎社長は取締役を退任する。", ("山田太郎", "ceoOf", "北辰工業")),
    ("北辰工業は、日本の機械メーカー。取引先の山田太郎社長は取締役を退任する。", ("山田太郎", "boardMemberOf", "北辰工業")),
    ("北辰工業は、日本の機械メーカー。取引先の創業者である山田太郎社長が来日した。", ("山田太郎", "ceoOf", "北辰工業")),
])
def test_role_title_of_an_unknown_owner_not_of_the_topic(nlp, rules, text, absent):  # noqa: F811
    expect_absent(nlp, rules, text, absent)
    # with no owner written (「X出身の」 tells of the holder), the paragraph's company is the title's
    for plain in ("北辰工業は、日本の機械メーカー。1990年、山田太郎社長が来日した。",
                  "北辰工業は、日本の機械メーカー。2000年、地元出身の山田太郎社長が来日した。"):
        assert has(triples(nlp, rules, plain), "山田太郎", "ceoOf", "北辰工業")


def test_role_title_of_another_company_not_of_the_topic(nlp, rules):  # noqa: F811
    # 「Xの副会長のY」 names its own organisation
    found = triples(nlp, rules, "北辰工業は、日本の機械メーカー。資生堂の副会長の佐藤健一の発案により、新工場を建てた。")
    assert not has(found, "佐藤健一", "executiveOf", "北辰工業")


@pytest.mark.parametrize("text", [
    "住友化学のCEOである佐藤健一は、新工場の建設計画を発表した。",  # 計画 governs 建設, not the title
    "住友化学は三菱商事に出資した後、新工場の建設を検討している。",  # 検討 governs 建設, not 出資
])
def test_hedge_elsewhere_keeps_confidence(nlp, rules, text):  # noqa: F811
    rels, _ = run(nlp, rules, text)
    assert rels and all("hedged" not in r.source.method for r in rels)


@pytest.mark.parametrize("text", [
    "住友化学は三菱商事を買収する計画だ。",
    "住友化学は三菱商事への出資を検討している。",
    "住友化学は三菱商事を買収したと報道された。",
])
def test_hedge_that_governs_lowers_confidence(nlp, rules, text):  # noqa: F811
    rels, _ = run(nlp, rules, text)
    assert rels and all("hedged" in r.source.method and r.confidence < 0.5 for r in rels)

"""Stage 5 on the real model: the holder of a dropped subject past a time the parse takes for a subject
(「卒業後は」); a title before a continuative copula (「Yも元X選手で、」) or in a では-scene; a quoted name's
particle; a parent named as the topic's role (「Yの子会社として」); a funding round joined in a news text; lists of
people with their organisations and dated lists of a company's acquisitions; with their negatives.

Rows are own sentences; each runs the real mentions → aliases → relations stages (tests/test_relations.py).
"""

from __future__ import annotations

import pytest

from test_relations import expect_absent, expect_found, rules  # noqa: F401 (rules is a fixture)

POSITIVE = [
    # 「卒業後は」 is a time, not the clause's subject: the topic worked there
    ("宮下健は日本の評論家。卒業後は飛騨化学工業で働き、評論を書いた。", [("宮下健", "employeeOf", "飛騨化学工業")]),
    # 「Yも元X選手で、…」: the title before だ's continuative で is the subject's
    ("宮下健は日本の元選手。弟の宮下修も元XBA選手で、グリーン・イーグルスでプレーした。", [("宮下修", "memberOf", "XBA")]),
    # a name in quotes takes the particle after the closing quote
    ("宮下健は2004年に観光会社「ミナミ・キャピタル」を設立した。", [("宮下健", "founderOf", "ミナミ・キャピタル")]),
    # a name in quotes after the noun it names stands in the noun's place; a verb the parse split (起ち + 上げる)
    ("宮下健は日本の実業家。2011年には東都銀行とともに観光ファンド「ミナミ・キャピタル」を起ち上げた。",
     [("宮下健", "founderOf", "ミナミ・キャピタル")]),
    # 「Yと結婚期間中」: the cue glued to 期間中 keeps its と-phrase
    ("宮下健は日本の国王。南国女王佐伯春子と結婚期間中、南国の共同統治者でもあった。", [("宮下健", "spouseOf", "佐伯春子")]),
    # a party's 共同代表 leads it and is one of it; 同党 is the party just named
    ("架空民主党は2012年に分裂した。当時同党の共同代表を務めていた宮下健は新党を結成した。",
     [("宮下健", "executiveOf", "架空民主党"), ("宮下健", "memberOf", "架空民主党")]),
    # 「A、X社のB、Y社のCらと」: one list of people, each with an organisation of their own
    ("宮下健は日本の実業家。2016年、佐伯一郎、ナカノ電機の佐伯二郎、豊川自動車の田中四郎らと雑誌を発売するために"
     "株式会社ミナミを設立。",
     [("佐伯一郎", "founderOf", "株式会社ミナミ"), ("佐伯二郎", "founderOf", "株式会社ミナミ"),
      ("田中四郎", "founderOf", "株式会社ミナミ"), ("佐伯二郎", "employeeOf", "ナカノ電機")]),
    # who joins the funding round of the company a news text is about invests in it
    ("ナカノ電機は先月、新株の発行による資金集めを公表した。集めた額は40億円とされる。\n\n"
     "葛城製作所と飛騨化学工業が、このたびの調達ラウンドに参加した。",
     [("葛城製作所", "investedIn", "ナカノ電機"), ("飛騨化学工業", "investedIn", "ナカノ電機")]),
    # 「Yの子会社として設立された」「Y傘下の銀行として」 with no subject: the organisation the text is about
    ("セブン銀行は日本の銀行。当初はイトーヨーカ堂傘下の銀行として設立された。", [("イトーヨーカ堂", "parentOrgOf", "セブン銀行")]),
    # 「X銀行では初の女性支店長Yが着任」: the では-scene of the titled subject's verb is the title's organisation
    ("1950年、東都銀行では初めての女性支店長佐伯春子が着任した。", [("佐伯春子", "employeeOf", "東都銀行")]),
    # 「…のA、2001年、BのCも買収」: a dated list shares the verb at its end
    ("ナカノ電機は、日本の企業。1995年、家電量販店の北辰工業を買収、2001年、東北の葛城製作所、2008年、九州の"
     "飛騨化学工業も買収した。",
     [("ナカノ電機", "acquired", "北辰工業"), ("ナカノ電機", "acquired", "葛城製作所"),
      ("ナカノ電機", "acquired", "飛騨化学工業")]),
]


@pytest.mark.parametrize("text, expected", POSITIVE)
def test_relations_topics_found(nlp, rules, text, expected):  # noqa: F811
    expect_found(nlp, rules, text, expected)


NEGATIVE = [
    # a subject of its own after the time keeps the act
    ("宮下健は日本の評論家。卒業後は佐伯一郎が飛騨化学工業で働いた。", ("宮下健", "employeeOf", "飛騨化学工業")),
    # a place after a title and で is where the holder acts, not a copula
    ("宮下健は豊川自動車の社長で、葛城製作所の株を買った。", ("宮下健", "ceoOf", "葛城製作所")),
    # a name inside a quoted title is no object of the verb after the title
    ("宮下健は2015年に『豊川自動車の挑戦』を出版した。", ("宮下健", "founderOf", "豊川自動車")),
    # a list that opens on a titled name is no list the title is shared by
    ("宮下健は日本の実業家。交友は広く、ナカノ電機社長の佐伯二郎、東都銀行の田中四郎、佐伯一郎らがいる。",
     ("田中四郎", "ceoOf", "ナカノ電機")),
    # joining something other than a funding round is no investment
    ("ナカノ電機は先月、新製品を公表した。\n\n葛城製作所が、このたびの展示会に参加した。", ("葛城製作所", "investedIn", "ナカノ電機")),
    # a parent named with no role 「として」 says nothing of the topic
    ("セブン銀行は日本の銀行。イトーヨーカ堂傘下の企業が多い。", ("イトーヨーカ堂", "parentOrgOf", "セブン銀行")),
    # a plain で is only where one met the titled person
    ("東都銀行で支店長の佐伯春子と会った。", ("佐伯春子", "employeeOf", "東都銀行")),
    # a company with its own verb closes the list: the next one is only a partner
    ("ナカノ電機は、日本の企業。1995年に北辰工業を買収、2008年、葛城製作所と提携した。", ("ナカノ電機", "acquired", "葛城製作所")),
]


@pytest.mark.parametrize("text, absent", NEGATIVE)
def test_relations_topics_not_found(nlp, rules, text, absent):  # noqa: F811
    expect_absent(nlp, rules, text, absent)

"""Stage 5 on the real model: the holder of a dropped subject past a time the parse takes for a subject
(「卒業後は」), a parent named as the topic's role (「Yの子会社として」), a funding round joined in a news text, a title before a continuative copula (「Yも元X選手で、」) or in a では-scene, a quoted name's particle, and lists: of
people with their organisations, dated ones of a company's acquisitions, with their negatives.

Rows are own sentences; each runs the real mentions → aliases → relations stages (tests/test_relations.py).
"""

from __future__ import annotations

import pytest

from test_relations import expect_absent, expect_found, rules  # noqa: F401 (rules is a fixture)

POSITIVE = [
    # 「卒業後は」 is a time, not the clause's subject: the topic worked there
    ("山田太郎は日本の作家。卒業後は日立製作所で働き、多くの本を書いた。", [("山田太郎", "employeeOf", "日立製作所")]),
    # 「Yも元X選手で、…」: the title before だ's continuative で is the subject's
    ("山田太郎は日本の元選手。彼の弟の山田次郎も元NBA選手で、シカゴ・ブルズでプレイした。", [("山田次郎", "memberOf", "NBA")]),
    # a name in quotes takes the particle after the closing quote
    ("山田太郎は2005年に投資会社「ミナミ・キャピタル」を設立した。", [("山田太郎", "founderOf", "ミナミ・キャピタル")]),
    # a name in quotes after the noun it names stands in the noun's place; a verb the parse split (起ち + 上げる)
    ("山田太郎は日本の実業家。2009年には大和証券とともに投資ファンド「ミナミ・キャピタル」を起ち上げた。",
     [("山田太郎", "founderOf", "ミナミ・キャピタル")]),
    # 「Yと結婚期間中」: the cue glued to 期間中 keeps its と-phrase
    ("山田太郎は日本の国王。北辰女王山田花子と結婚期間中、共同統治者として北辰王の称号を有していた。",
     [("山田太郎", "spouseOf", "山田花子")]),
    # a party's 共同代表 leads it and is one of it; 同党 is the party just named
    ("民主党は2014年に解党した。当時同党の共同代表を務めていた山田太郎は新党を結成した。",
     [("山田太郎", "executiveOf", "民主党"), ("山田太郎", "memberOf", "民主党")]),
    # 「A、X社のB、Y社のCらと」: one list of people, each with an organisation of their own
    ("山田太郎は日本の実業家。2013年、佐藤次郎、ソニーの鈴木三郎、日立製作所の田中四郎らと雑誌を発売するために"
     "株式会社ミナミを設立。",
     [("佐藤次郎", "founderOf", "株式会社ミナミ"), ("鈴木三郎", "founderOf", "株式会社ミナミ"),
      ("田中四郎", "founderOf", "株式会社ミナミ"), ("鈴木三郎", "employeeOf", "ソニー")]),
    # who joins the funding round of the company a news text is about invests in it
    ("フリマアプリのソニーは3月2日、第三者割当増資の実施を発表した。調達した金額は総額で約84億円。\n\n"
     "新たに三菱商事、伊藤忠商事が今回の調達ラウンドに参加している。",
     [("三菱商事", "investedIn", "ソニー"), ("伊藤忠商事", "investedIn", "ソニー")]),
    # 「Yの子会社として設立された」「Y傘下の銀行として」 with no subject: the organisation the text is about
    ("セブン銀行は日本の銀行。当初はイトーヨーカ堂傘下の銀行として設立された。", [("イトーヨーカ堂", "parentOrgOf", "セブン銀行")]),
    # 「X銀行では初の女性支配人Yが着任」: the では-scene of the titled subject's verb is the title's organisation
    ("1933年、日本銀行では初めての女性支配人山田花子が着任した。", [("山田花子", "employeeOf", "日本銀行")]),
    # 「…のA、2011年、BのCも買収」: a dated list shares the verb at its end
    ("ソニーは、日本の企業。1993年、ピザチェーンの大阪ガスを買収、2000年、中華系ファストフードの日立製作所、2011年、"
     "フィリピンのトヨタ自動車も買収した。",
     [("ソニー", "acquired", "大阪ガス"), ("ソニー", "acquired", "日立製作所"), ("ソニー", "acquired", "トヨタ自動車")]),
]


@pytest.mark.parametrize("text, expected", POSITIVE)
def test_relations_topics_found(nlp, rules, text, expected):  # noqa: F811
    expect_found(nlp, rules, text, expected)


NEGATIVE = [
    # a subject of its own after the time keeps the act
    ("山田太郎は日本の作家。卒業後は佐藤次郎が日立製作所で働いた。", ("山田太郎", "employeeOf", "日立製作所")),
    # a place after a title and で is where the holder acts, not a copula
    ("山田次郎はトヨタ自動車の社長で、日立製作所の株を買った。", ("山田次郎", "ceoOf", "日立製作所")),
    # a name inside a quoted title is no object of the verb after the title
    ("山田太郎は2010年に『トヨタ自動車の挑戦』を出版した。", ("山田太郎", "founderOf", "トヨタ自動車")),
    # a list that opens on a titled name is no list the title is shared by
    ("山田太郎は日本の実業家。交友関係は広く、ソニー社長の鈴木三郎、日立製作所の田中四郎、佐藤次郎らがいる。",
     ("田中四郎", "ceoOf", "ソニー")),
    # joining something other than a funding round is no investment
    ("ソニーは3月2日、新製品を発表した。\n\n三菱商事が今回の展示会に参加している。", ("三菱商事", "investedIn", "ソニー")),
    # a parent named with no role 「として」 says nothing of the topic
    ("セブン銀行は日本の銀行。イトーヨーカ堂傘下の企業が多い。", ("イトーヨーカ堂", "parentOrgOf", "セブン銀行")),
    # a plain で is only where one met the titled person
    ("日本銀行で社長の山田花子と会った。", ("山田花子", "ceoOf", "日本銀行")),
    # a company with its own verb closes the list: the next one is only a partner
    ("ソニーは、日本の企業。1993年に大阪ガスを買収、2011年、日立製作所と提携した。", ("ソニー", "acquired", "日立製作所")),
]


@pytest.mark.parametrize("text, absent", NEGATIVE)
def test_relations_topics_not_found(nlp, rules, text, absent):  # noqa: F811
    expect_absent(nlp, rules, text, absent)

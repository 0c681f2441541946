"""Stage 5 on the real model: membership shapes (memberOf), lists of one act and couples, with their negatives.

Rows are own sentences; each runs the real mentions → aliases → relations stages (tests/test_relations.py).
"""

from __future__ import annotations

import pytest

from test_relations import expect_absent, expect_found, rules  # noqa: F401 (rules is a fixture)

POSITIVE = [
    # officers and soldiers of an army or a navy: a rank is a membership, 退役 does not change it
    ("山田太郎は、日本の軍人。北辰陸軍退役大将。", [("山田太郎", "memberOf", "北辰陸軍")]),
    ("山田太郎は北辰海軍の中将である。", [("山田太郎", "memberOf", "北辰海軍")]),
    ("1944年、北辰海軍の山田太郎中将は艦隊を率いた。", [("山田太郎", "memberOf", "北辰海軍")]),
    ("山田太郎は1940年に北辰陸軍に入隊した。", [("山田太郎", "memberOf", "北辰陸軍")]),
    # who leads a team to a title is of it; one active at an organisation is of it; a commander is of his force
    ("宮下健は日本の元野球選手。宮下健はグリーン・イーグルスを3度の優勝に導いた。", [("宮下健", "memberOf", "グリーン・イーグルス")]),
    ("佐伯春子は日本の天文学者。長年、青葉大学で電波天文学の研究者として活動した。", [("佐伯春子", "memberOf", "青葉大学")]),
    ("宮下健は日本の軍人。1940年から北辰陸軍司令官を務めた。", [("宮下健", "memberOf", "北辰陸軍")]),
    # an officer and his rank in brackets after a force
    ("1942年、北辰海軍(宮下健中将)が北の海域で作戦を展開した。", [("宮下健", "memberOf", "北辰海軍")]),
    # who forms a band or a party is one of it (and its founder)
    ("ミナミカゼは、1975年に山田太郎と佐藤次郎によって結成された日本のロックバンドである。",
     [("山田太郎", "memberOf", "ミナミカゼ"), ("佐藤次郎", "memberOf", "ミナミカゼ"),
      ("山田太郎", "founderOf", "ミナミカゼ")]),
    # one expelled from a party was one of its members
    ("架空民主党は2005年に山田太郎を除名した。", [("山田太郎", "memberOf", "架空民主党")]),
    ("山田太郎は2005年に架空民主党から除名された。", [("山田太郎", "memberOf", "架空民主党")]),
    # 「除名処分とする」 reads as 除名; a list marked も after the party's first expulsion is expelled too
    ("架空民主党は宮下健を除名処分とし、その後に離反した佐伯一郎・佐伯二郎も除名した。",
     [("宮下健", "memberOf", "架空民主党"), ("佐伯一郎", "memberOf", "架空民主党"), ("佐伯二郎", "memberOf", "架空民主党")]),
    ("宮下健は2010年、架空民主党から除名処分を受けた。", [("宮下健", "memberOf", "架空民主党")]),
    # of the blood of a house
    ("山田花子は、母方からブルボン家の血筋を受け継いでいた。", [("山田花子", "memberOf", "ブルボン家")]),
    ("山田花子はブルボン家の血を引く。", [("山田花子", "memberOf", "ブルボン家")]),
    # players of a band or an orchestra
    ("山田太郎は、アサギ・レコーズのギタリストである。", [("山田太郎", "memberOf", "アサギ・レコーズ")]),
    ("山田太郎は東都交響楽団の首席奏者を務めた。", [("山田太郎", "memberOf", "東都交響楽団")]),
    # the ones a committee or a band is made of are its members
    ("北辰委員会は山田太郎と佐藤次郎から構成される。",
     [("山田太郎", "memberOf", "北辰委員会"), ("佐藤次郎", "memberOf", "北辰委員会")]),
    # the parents of a child are a couple
    ("山田太郎は1930年に東京で山田一郎と山田花子との間に生まれた。", [("山田一郎", "spouseOf", "山田花子")]),
    ("山田花子は佐藤次郎との間に佐藤一郎、佐藤二郎の2人の子供をもうけた。", [("山田花子", "spouseOf", "佐藤次郎")]),
    # the children one couple's sentence lists are siblings
    ("佐伯春子は宮下健との間に宮下一郎、宮下二郎、宮下三郎をもうけた。",
     [("宮下一郎", "siblingOf", "宮下二郎"), ("宮下一郎", "siblingOf", "宮下三郎"), ("宮下二郎", "siblingOf", "宮下三郎")]),
    # a party leader is a member, whatever the party's name
    ("国民改革会議は、北辰国の政党。国民改革会議の山田太郎党首は首相になった。",
     [("山田太郎", "memberOf", "国民改革会議"), ("山田太郎", "executiveOf", "国民改革会議")]),
    # an earned degree names a school attended
    ("山田太郎は1985年に北辰大学から博士の学位を授与された。", [("山田太郎", "alumniOf", "北辰大学")]),
    ("山田太郎は北辰大学で修士号取得。", [("山田太郎", "alumniOf", "北辰大学")]),
    ("山田太郎（1950年 - ）は、日本の化学者。学位は博士（工学）（北辰大学）。", [("山田太郎", "alumniOf", "北辰大学")]),
    # a subject with も scopes over the clauses after it, as a topic with は does
    ("山田次郎も元プロ野球選手で、北辰イーグルスでは2年間プレーした。", [("山田次郎", "memberOf", "北辰イーグルス")]),
    # a relative clause names its head as the title's holder; a companion takes the title too
    ("1959年、後に北辰銀行の副会長となる佐藤次郎に出会った。", [("佐藤次郎", "executiveOf", "北辰銀行")]),
    ("山田太郎は鈴木一郎と共に北辰銀行の取締役に就いた。",
     [("山田太郎", "boardMemberOf", "北辰銀行"), ("鈴木一郎", "boardMemberOf", "北辰銀行")]),
    # a name glued to a cue noun in a chronology line is its object
    ("山田太郎（1950年 - ）は、日本の実業家。1982年 - 葛城製作所入社。", [("山田太郎", "employeeOf", "葛城製作所")]),
    ("山田太郎は、日本の作家。葛城製作所勤務中に小説を書いた。", [("山田太郎", "employeeOf", "葛城製作所")]),
    # the は-topic over a clause with its own が-subject is the object
    ("葛城製作所は、1910年に山田太郎が創業して以来、成長を続けた。", [("山田太郎", "founderOf", "葛城製作所")]),
    # a companion of the subject acts too
    ("山田太郎は鈴木一郎と共に葛城製作所に入社した。",
     [("山田太郎", "employeeOf", "葛城製作所"), ("鈴木一郎", "employeeOf", "葛城製作所")]),
    # a passive appointment names its subject; an active one its object
    ("その結果、佐藤次郎が三井住友銀行の代表取締役会長に選ばれた。", [("佐藤次郎", "executiveOf", "三井住友銀行")]),
    ("三井住友銀行は山田太郎を会長に選んだ。", [("山田太郎", "executiveOf", "三井住友銀行")]),
    # 「「X」の監督も務める」: a quoted organisation, a title with も
    ("山田太郎は、日本の実業家。2019年からは「葛城製作所」の監督も務めることになった。",
     [("山田太郎", "employeeOf", "葛城製作所")]),
    ("山田太郎は大阪大学で教鞭を執った。", [("山田太郎", "employeeOf", "大阪大学")]),
    # news style: 「…氏は」「…氏を」 (the honorific closes the name), a title fused to a name is no other subject
    ("三井住友銀行は6月の株主総会で、佐藤次郎氏を社長に起用する。", [("佐藤次郎", "ceoOf", "三井住友銀行")]),
    ("佐藤次郎氏は31歳のとき葛城製作所から転職してきた。", [("佐藤次郎", "employeeOf", "葛城製作所")]),
    ("三井住友銀行は佐藤次郎取締役が社長に昇格した。山田太郎社長は副会長となる。",
     [("山田太郎", "executiveOf", "三井住友銀行")]),
    # 「AとBが共同創業したスタートアップだ」: the nominal predicate stands for the topic company
    ("株式会社北辰ソフトは2012年の設立。鈴木一郎氏と、現在取締役を務める佐藤次郎氏が共同創業したスタートアップだ。",
     [("鈴木一郎", "founderOf", "株式会社北辰ソフト"), ("佐藤次郎", "founderOf", "株式会社北辰ソフト"),
      ("佐藤次郎", "boardMemberOf", "株式会社北辰ソフト")]),
    # taught at a school: the teacher worked there, the one taught attended it
    ("山田太郎は、日本の物理学者。当初は医師を目指したが、大阪大学で佐藤次郎の、京都大学で鈴木一郎の教えを受けた。",
     [("佐藤次郎", "employeeOf", "大阪大学"), ("鈴木一郎", "employeeOf", "京都大学"), ("山田太郎", "alumniOf", "大阪大学"),
      ("山田太郎", "alumniOf", "京都大学")]),
    ("山田太郎は、日本の物理学者。大阪大学に入り、佐藤次郎の元で学んだ。", [("佐藤次郎", "employeeOf", "大阪大学")]),
    ("山田太郎は、日本の画家。1990年より大阪大学にて佐藤次郎、鈴木一郎らの元で学んだ。",
     [("佐藤次郎", "employeeOf", "大阪大学"), ("鈴木一郎", "employeeOf", "大阪大学")]),
    ("山田太郎は、日本の物理学者。大阪大学の研究生として佐藤次郎のもとで学んだ。",
     [("佐藤次郎", "employeeOf", "大阪大学"), ("山田太郎", "alumniOf", "大阪大学")]),
    # 「Yは中核企業としてA、B、Cを…」: the organisations named as the subject's children
    ("北辰ホールディングスは中核企業として三井住友銀行、葛城製作所、大阪ガスを傘下に置く。",
     [("北辰ホールディングス", "parentOrgOf", "三井住友銀行"), ("北辰ホールディングス", "parentOrgOf", "大阪ガス")]),
    # half siblings are siblings
    ("山田太郎は、日本の画家。異母弟の山田次郎も画家である。", [("山田太郎", "siblingOf", "山田次郎")]),
    # a portfolio between the organisation and the title: 「X内閣の農業・土地改良大臣」「Xの債券トレーダーのY」
    ("山田太郎は、北辰国の政治家。2001年、佐藤内閣の農業・土地改良大臣となる。", [("山田太郎", "memberOf", "佐藤内閣")]),
    ("1991年に三井住友銀行の債券トレーダーの佐藤次郎が違法取引を行った。", [("佐藤次郎", "employeeOf", "三井住友銀行")]),
    # a party's officials are of it
    ("佐藤次郎は、北辰国の政治家。戦後は北辰民主党幹部として活動した。", [("佐藤次郎", "memberOf", "北辰民主党")]),
    # joining the forming of a party; playing as a team's player; a teacher at a place that is no school
    ("山田太郎は、北辰国の政治家。1980年、北辰民主党の結成に加わった。", [("山田太郎", "memberOf", "北辰民主党")]),
    ("山田太郎は、日本のラグビー選手。2012年にはヤマハ発動機の選手として大会に出場した。",
     [("山田太郎", "memberOf", "ヤマハ発動機")]),
    ("山田太郎は、日本の作曲家。葛城製作所で佐藤次郎に師事した。", [("佐藤次郎", "employeeOf", "葛城製作所")]),
    # holding a key post at an organisation is working there
    ("山田太郎は、日本の官僚。大阪府庁の要職に就いた。", [("山田太郎", "employeeOf", "大阪府庁")]),
    # a team named with its league is of it (wiki-dev: team memberOf league); 「Xの傘下にあったY」
    ("山田太郎は、日本のサッカー選手。関西リーグの大阪ガスに所属していた。", [("大阪ガス", "memberOf", "関西リーグ")]),
    ("山田太郎は、日本のサッカー選手。関西リーグでは大阪ガス、葛城製作所でプレーした。",
     [("大阪ガス", "memberOf", "関西リーグ"), ("葛城製作所", "memberOf", "関西リーグ")]),
    # the people of a lineup are members of the band the sentence speaks of (「バンドは」: the one in view)
    ("『青い風』は、日本のバンド、ミナミカゼが2015年に出したアルバム。バンドは2014年、ファンクラブ向けに宮下健、"
     "佐伯一郎、佐伯二郎というラインナップでの活動再開を告げた。",
     [("宮下健", "memberOf", "ミナミカゼ"), ("佐伯一郎", "memberOf", "ミナミカゼ"), ("佐伯二郎", "memberOf", "ミナミカゼ")]),
    # the organisation that sets the scene of two or more teams played for is their league
    ("宮下健は日本のプロバスケットボール選手。XBAでは9年間、グリーン・イーグルス、レッド・ホークス、ブルー・スターズで"
     "プレーした。",
     [("グリーン・イーグルス", "memberOf", "XBA"), ("レッド・ホークス", "memberOf", "XBA"), ("ブルー・スターズ", "memberOf", "XBA")]),
    ("2013年、北辰電機は既に葛城製作所の傘下にあった三井住友銀行と統合された。",
     [("葛城製作所", "parentOrgOf", "三井住友銀行")]),
    # an organisation built on another: 「Xを母体に参戦するY」「Xを母体としてYが発足」
    ("住友化学を母体に2018年に参戦する資生堂ベアーズは強い。", [("住友化学", "parentOrgOf", "資生堂ベアーズ")]),
    ("1990年、住友化学を母体として資生堂が発足した。", [("住友化学", "parentOrgOf", "資生堂")]),
    # a school's students attend it
    ("大阪大学の学生だった山田太郎は会社を設立した。", [("山田太郎", "alumniOf", "大阪大学")]),
    # 「Aを買収、Bも買収」: in a list of one act, the も-phrase is the object and the topic the buyer
    ("北辰工業は、日本の機械メーカー。1990年にミナト精機を買収、2001年には南海化学も買収した。",
     [("北辰工業", "acquired", "ミナト精機"), ("北辰工業", "acquired", "南海化学")]),
]


@pytest.mark.parametrize("text, expected", POSITIVE)
def test_relations_membership_found(nlp, rules, text, expected):  # noqa: F811
    expect_found(nlp, rules, text, expected)


NEGATIVE = [
    # the party expelled is no member of the party that expels: a party is no Person object
    ("架空民主党は宮下健を除名処分とした。", ("架空民主党", "memberOf", "宮下健")),
    # meeting an officer is not serving
    ("山田太郎は北辰陸軍の大将に会った。", ("山田太郎", "memberOf", "北辰陸軍")),
    # founding a company is no membership
    ("山田太郎は2001年に北辰工業を設立した。", ("山田太郎", "memberOf", "北辰工業")),
    # inheriting a house's tradition is not its blood
    ("山田花子はブルボン家の伝統を受け継いだ。", ("山田花子", "memberOf", "ブルボン家")),
    # an index is made of stocks, not members
    ("日経平均は豊川自動車などで構成される指数である。", ("豊川自動車", "memberOf", "日経平均")),
    # meeting someone at a board is no seat on it
    ("山田太郎は鈴木一郎と北辰銀行の取締役会で会った。", ("鈴木一郎", "boardMemberOf", "北辰銀行")),
    # a founding in a relative clause is of the noun it modifies, not of the topic, even a noun that is no name
    # GiNZA knows
    ("葛城製作所は、山田太郎が設立した北辰電機を買収した。", ("山田太郎", "founderOf", "葛城製作所")),
    ("葛城製作所は、山田太郎が設立した会社を買収した。", ("山田太郎", "founderOf", "葛城製作所")),
    # a title word at the front of a compound noun is no title: 「職員研修施設」
    ("山田太郎は、日本の実業家。葛城製作所の職員研修施設である、北辰センターは大阪にある。",
     ("山田太郎", "employeeOf", "葛城製作所")),
    # a clause nominalised by こと names no company
    ("株式会社北辰ソフトは2012年の設立。山田太郎は誰でも参加できるということです。",
     ("山田太郎", "memberOf", "株式会社北辰ソフト")),
    # studying under someone at a company is no attendance of a school
    ("山田太郎は、日本の作曲家。葛城製作所で佐藤次郎に師事した。", ("山田太郎", "alumniOf", "葛城製作所")),
    # meeting someone at a school is no teaching
    ("山田太郎は、日本の物理学者。大阪大学で佐藤次郎と会った。", ("佐藤次郎", "employeeOf", "大阪大学")),
    # the president of an organisation's subsidiary is not the organisation's
    ("北辰銀行の子会社社長の佐藤次郎が講演した。", ("佐藤次郎", "ceoOf", "北辰銀行")),
    # playing against a team in a league says nothing of the team's league
    ("山田太郎は関西リーグで大阪ガスと対戦した。", ("大阪ガス", "memberOf", "関西リーグ")),
    # a team met in a league's scene is no team of it
    ("宮下健は、XBAでグリーン・イーグルスと対戦した。", ("グリーン・イーグルス", "memberOf", "XBA")),
    # leading a team somewhere other than to a title says nothing of membership
    ("宮下健は日本の元野球選手。宮下健はグリーン・イーグルスを新しい方向に導いた。", ("宮下健", "memberOf", "グリーン・イーグルス")),
    # a name in brackets with no rank is no officer
    ("1942年に北辰海軍(宮下健)が動いた。", ("宮下健", "memberOf", "北辰海軍")),
    # a lineup with no group it is of: the company after it is only visited
    ("豊川自動車の本社を宮下健、佐伯一郎という顔ぶれが訪れた。", ("宮下健", "memberOf", "豊川自動車")),
    # an honorary degree is no attendance; buying shares is no degree
    ("山田太郎は2002年に北辰大学から名誉博士号を授与された。", ("山田太郎", "alumniOf", "北辰大学")),
    ("山田太郎は1990年に北辰大学の株式を取得した。", ("山田太郎", "alumniOf", "北辰大学")),
    # taking a company as one's model is no parentage
    ("住友化学を手本に資生堂が発足した。", ("住友化学", "parentOrgOf", "資生堂")),
    # one child is no list of siblings; people met in the meantime are no children
    ("佐伯春子は宮下健との間に宮下一郎をもうけ、佐伯一郎に会った。", ("宮下一郎", "siblingOf", "佐伯一郎")),
    # 間に with no birth is no couple
    ("山田太郎と山田花子の間で合意が成立した。", ("山田太郎", "spouseOf", "山田花子")),
    # a も-phrase with no list of the act before it keeps its subject reading
    ("北辰工業は、日本の機械メーカー。南海化学も2001年にミナト精機を買収した。", ("北辰工業", "acquired", "南海化学")),
    ("北辰工業は、日本の機械メーカー。南海化学も2001年にミナト精機を買収した。", ("北辰工業", "acquired", "ミナト精機")),
]


@pytest.mark.parametrize("text, absent", NEGATIVE)
def test_relations_membership_not_found(nlp, rules, text, absent):  # noqa: F811
    expect_absent(nlp, rules, text, absent)

"""Stage 5 on the real model: schooling read through a parse that ends a sentence early, transfers between
schools, a school's students, and band lineups, with their negatives.

Rows are own sentences; each runs the real mentions → aliases → relations stages (tests/test_relations.py).
"""

from __future__ import annotations

import pytest

from test_relations import expect_absent, expect_found, rules  # noqa: F401 (rules is a fixture)

POSITIVE = [
    # 「Xで学び」 parsed as a noun that ends a sentence of its own: the line goes on, the topic studied at X
    ("山田太郎は、日本の化学者。神戸大学で学び化学の学位を得た。", [("山田太郎", "alumniOf", "神戸大学")]),
    # moving into a school is attending it
    ("山田太郎は1920年、立命館大学に転校した。", [("山田太郎", "alumniOf", "立命館大学")]),
    ("山田太郎は、日本の作家。1920年、立命館大学に編入。", [("山田太郎", "alumniOf", "立命館大学")]),
    # the students named after a school's 教え子 attended it; their teacher taught there
    ("山田太郎は、日本の法学者。明治大学での教え子の中には佐藤次郎、鈴木三郎がいる。",
     [("佐藤次郎", "alumniOf", "明治大学"), ("鈴木三郎", "alumniOf", "明治大学"), ("山田太郎", "employeeOf", "明治大学")]),
    ("山田太郎は、日本の法学者。神戸大学での教え子に佐藤次郎がいる。", [("佐藤次郎", "alumniOf", "神戸大学")]),
    # an intent after a chained clause leaves the clause's act done
    ("山田太郎は神戸大学に進学し、医師を目指した。", [("山田太郎", "alumniOf", "神戸大学")]),
    ("山田太郎は医師を志して神戸大学に進学した。", [("山田太郎", "alumniOf", "神戸大学")]),
    # a school's classmate attended it
    ("2004年に山田太郎と、山田の明治大学の同級生だった佐藤健一が住友化学を創業。", [("佐藤健一", "alumniOf", "明治大学")]),
    # a school and the graduation the parse fused into one word (「大学卒業」「学校卒業」) after the topic
    ("佐伯春子は日本の画家。青葉大学卒業。", [("佐伯春子", "alumniOf", "青葉大学")]),
    ("佐伯春子は、日本の陶芸家。大阪府立北野高等学校、青葉大学卒業。",
     [("佐伯春子", "alumniOf", "大阪府立北野高等学校"), ("佐伯春子", "alumniOf", "青葉大学")]),
    # a school with its department fused into one word, a second list closed by its own cue after a year, a
    # school after 名門 or a date: each was attended
    ("宮下健は、日本の詩人。青葉大学英文科卒業、2003年神戸大学大学院文学研究科修士課程修了。",
     [("宮下健", "alumniOf", "青葉大学"), ("宮下健", "alumniOf", "神戸大学大学院")]),
    ("宮下健は、日本の詩人。名門明治大学卒業、文学士号取得。", [("宮下健", "alumniOf", "明治大学")]),
    ("宮下健は、日本の詩人。1988年3月明治大学卒業。", [("宮下健", "alumniOf", "明治大学")]),
    # a band's lineup: 「Aのほか、ギター担当のB、ドラム担当のC」 is one list
    ("ミナミカゼは日本のロックバンドである。ミナミカゼは現在ボーカルを担当する山田太郎のほか、ギター担当の佐藤次郎、"
     "ドラム担当の鈴木三郎で構成されている。",
     [("山田太郎", "memberOf", "ミナミカゼ"), ("佐藤次郎", "memberOf", "ミナミカゼ"), ("鈴木三郎", "memberOf", "ミナミカゼ")]),
    # 「ドラマーのA、ベーシストのB、オーボエ奏者のCは」: one list of players
    ("ミナミカゼは、1975年に結成された日本のバンドである。ギタリストの宮下健、ドラマーの佐伯一郎、オーボエ奏者の"
     "佐伯二郎は、長くミナミカゼに参加したメンバーであった。",
     [("宮下健", "memberOf", "ミナミカゼ"), ("佐伯一郎", "memberOf", "ミナミカゼ"), ("佐伯二郎", "memberOf", "ミナミカゼ")]),
]


@pytest.mark.parametrize("text, expected", POSITIVE)
def test_relations_schooling_found(nlp, rules, text, expected):  # noqa: F811
    expect_found(nlp, rules, text, expected)


NEGATIVE = [
    # an intent governing the cue tells of no act: the school was not attended
    ("山田太郎は、日本の化学者。当初は神戸大学への進学を考えていたが、家業を継いだ。", ("山田太郎", "alumniOf", "神戸大学")),
    ("山田太郎は神戸大学に進学するつもりだった。", ("山田太郎", "alumniOf", "神戸大学")),
    ("山田太郎は神戸大学に進学したいと考えていた。", ("山田太郎", "alumniOf", "神戸大学")),
    ("住友化学は資生堂の買収を目指している。", ("住友化学", "acquired", "資生堂")),
    # a graduation ceremony at a school is no graduation from it
    ("佐伯春子は日本の画家。2012年、青葉大学卒業式で祝辞を述べた。", ("佐伯春子", "alumniOf", "青葉大学")),
    # moving into a company is no schooling
    ("山田太郎は1990年に資生堂に転入した。", ("山田太郎", "alumniOf", "資生堂")),
    # a student who acts is named as no list of the school's students; the teacher is no student
    ("山田太郎は、日本の法学者。神戸大学での教え子が佐藤次郎を訪ねた。", ("佐藤次郎", "alumniOf", "神戸大学")),
    ("山田太郎は、日本の法学者。明治大学での教え子の中には佐藤次郎がいる。", ("山田太郎", "alumniOf", "明治大学")),
    # a heading that ends on a continuative verb is still a line alone: its subject is not the topic's
    ("山田太郎は、日本の化学者。\n神戸大学で学び\n佐藤次郎は神戸大学の教授である。", ("山田太郎", "alumniOf", "神戸大学")),
]


@pytest.mark.parametrize("text, absent", NEGATIVE)
def test_relations_schooling_not_found(nlp, rules, text, absent):  # noqa: F811
    expect_absent(nlp, rules, text, absent)

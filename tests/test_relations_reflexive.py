"""Stage 5 on the real model: 自身 as the article's person and の as a relative clause's subject, with their
negatives.

Rows are own sentences; each runs the real mentions → aliases → relations stages (tests/test_relations.py).
"""

from __future__ import annotations

import pytest

from test_relations import expect_absent, expect_found, rules  # noqa: F401 (rules is a fixture)

POSITIVE = [
    # 「自身が出資するX」 in an article about a person: he invests in X
    ("山田太郎は、アメリカの投資家。自身が出資する中国の資生堂は成長した。", [("山田太郎", "investedIn", "資生堂")]),
    # 「Aの設立したX」: the の-phrase of a relative clause is its subject
    ("山田太郎は、日本の実業家。筆頭株主は佐藤健一の設立した資生堂であり、自身も多くの国で住宅開発を行なっている。",
     [("佐藤健一", "founderOf", "資生堂")]),
]


@pytest.mark.parametrize("text, expected", POSITIVE)
def test_relations_reflexive_found(nlp, rules, text, expected):  # noqa: F811
    expect_found(nlp, rules, text, expected)


NEGATIVE = [
    # 「Xの設立したY…自身も」: 自身 after the relative clause is not its subject
    ("山田太郎は、日本の実業家。筆頭株主は佐藤健一の設立した資生堂であり、自身も多くの国で住宅開発を行なっている。",
     ("山田太郎", "founderOf", "資生堂")),
    # 「自身の元秘書と再婚」: 自身の is the subject's own, no one else
    ("山田太郎は、アメリカの投資家。佐藤次郎は2009年に自身の元秘書の佐藤花子と再婚している。",
     ("山田太郎", "spouseOf", "佐藤花子")),
]


@pytest.mark.parametrize("text, absent", NEGATIVE)
def test_relations_reflexive_not_found(nlp, rules, text, absent):  # noqa: F811
    expect_absent(nlp, rules, text, absent)

"""Stage 5 on the real model: who leads an organisation (「A率いるX」) and causatives (「AとBを結婚させた」), with
their negatives.

Rows are own sentences; each runs the real mentions → aliases → relations stages (tests/test_relations.py).
"""

from __future__ import annotations

import pytest

from test_relations import expect_absent, expect_found, rules  # noqa: F401 (rules is a fixture)

POSITIVE = [
    # 「A率いるX」: a relative clause whose subject takes no particle; the one who leads is an executive
    ("山田太郎は大学入学後すぐに佐藤次郎率いる住友化学に入社した。",
     [("佐藤次郎", "executiveOf", "住友化学"), ("山田太郎", "employeeOf", "住友化学")]),
    ("佐藤次郎が率いる住友化学は成長した。", [("佐藤次郎", "executiveOf", "住友化学")]),
    ("佐藤次郎は住友化学を率いた。", [("佐藤次郎", "executiveOf", "住友化学")]),
    # a causative: the ones made to marry are the spouses
    ("佐藤次郎は山田太郎と鈴木花子を結婚させた。", [("山田太郎", "spouseOf", "鈴木花子")]),
    ("佐藤次郎は娘の鈴木花子を山田太郎と結婚させた。", [("山田太郎", "spouseOf", "鈴木花子")]),
    ("佐藤次郎は息子の山田太郎に住友化学を設立させた。", [("山田太郎", "founderOf", "住友化学")]),
]


@pytest.mark.parametrize("text, expected", POSITIVE)
def test_relations_leadership_found(nlp, rules, text, expected):  # noqa: F811
    expect_found(nlp, rules, text, expected)


NEGATIVE = [
    # the topic does not lead the group another leads
    ("山田太郎は大学入学後すぐに佐藤次郎率いる住友化学に入社した。", ("山田太郎", "executiveOf", "住友化学")),
    ("山田太郎は佐藤次郎率いる架空民主党に入党した。", ("山田太郎", "executiveOf", "架空民主党")),
    # the one who makes others marry or found is neither spouse nor founder
    ("佐藤次郎は山田太郎と鈴木花子を結婚させた。", ("佐藤次郎", "spouseOf", "鈴木花子")),
    ("佐藤次郎は娘の鈴木花子を山田太郎と結婚させた。", ("佐藤次郎", "spouseOf", "山田太郎")),
    ("佐藤次郎は息子の山田太郎に住友化学を設立させた。", ("佐藤次郎", "founderOf", "住友化学")),
]


@pytest.mark.parametrize("text, absent", NEGATIVE)
def test_relations_leadership_not_found(nlp, rules, text, absent):  # noqa: F811
    expect_absent(nlp, rules, text, absent)

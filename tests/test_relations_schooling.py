"""Stage 5 on the real model: schooling read through a parse that ends a sentence early, and transfers between
schools, with their negatives.

Rows are own sentences; each runs the real mentions → aliases → relations stages (tests/test_relations.py).
"""

from __future__ import annotations

import pytest

from test_relations import has, rules, triples  # noqa: F401 (rules is a fixture)

POSITIVE = [
    # 「Xで学び」 parsed as a noun that ends a sentence of its own: the line goes on, the topic studied at X
    ("山田太郎は、日本の化学者。神戸大学で学び化学の学位を得た。", [("山田太郎", "alumniOf", "神戸大学")]),
    # moving into a school is attending it
    ("山田太郎は1920年、立命館大学に転校した。", [("山田太郎", "alumniOf", "立命館大学")]),
    ("山田太郎は、日本の作家。1920年、立命館大学に編入。", [("山田太郎", "alumniOf", "立命館大学")]),
]


@pytest.mark.parametrize("text, expected", POSITIVE)
def test_relations_schooling_found(nlp, rules, text, expected):  # noqa: F811
    found = triples(nlp, rules, text)
    for s, p, o in expected:
        assert has(found, s, p, o), f"{s} {p} {o} not in {sorted(found)}"


NEGATIVE = [
    # moving into a company is no schooling
    ("山田太郎は1990年に日立製作所に転入した。", ("山田太郎", "alumniOf", "日立製作所")),
    # a heading that ends on a continuative verb is still a line alone: its subject is not the topic's
    ("山田太郎は、日本の化学者。\n神戸大学で学び\n佐藤次郎は神戸大学の教授である。", ("山田太郎", "alumniOf", "神戸大学")),
]


@pytest.mark.parametrize("text, absent", NEGATIVE)
def test_relations_schooling_not_found(nlp, rules, text, absent):  # noqa: F811
    found = triples(nlp, rules, text)
    assert not has(found, *absent), f"{absent} wrongly found in {sorted(found)}"

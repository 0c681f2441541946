"""Typing votes that weigh a name's context against what the dictionary says of its words (the real model)."""

from __future__ import annotations

import pytest

from kg.vocab import KG

from conftest import mention_kinds

pytestmark = pytest.mark.model


@pytest.mark.parametrize("text, name", [
    # a span of years in the brackets after a name: a person's birth and death, whatever the name's words
    ("ヴェルノルト(?-1120年3月2日)は、ザクセンの伯爵の家に生まれた。", "ヴェルノルト"),
    ("カルドゥニツキー(1899年-1935年)とエステル兄弟が、この運動を始めた。", "カルドゥニツキー"),
])
def test_entities_years_in_brackets_make_a_person(nlp, text, name):
    assert mention_kinds(nlp, text).get(name) == {KG.Person}


@pytest.mark.parametrize("text, name", [
    ("ガルデニア・ポルトス戦争(1600年-1611年)において、彼は指揮をとった。", "ガルデニア・ポルトス戦争"),  # a war's years
    ("アストラ精機(1950年設立)は東京の会社。", "アストラ精機"),  # a founding year, no span
])
def test_entities_other_years_in_brackets_make_no_person(nlp, text, name):
    assert KG.Person not in mention_kinds(nlp, text).get(name, set())


@pytest.mark.parametrize("text, name", [
    # katakana dictionary words run together name a company when the context says agent
    ("ピクセルチェックの創業者である山田一郎は、東京に生まれた。", "ピクセルチェック"),
    ("この作品はブルーラビットから発売された。", "ブルーラビット"),
])
def test_entities_run_together_words_with_an_agents_cue_make_a_name(nlp, text, name):
    assert mention_kinds(nlp, text).get(name) == {KG.Organization}


@pytest.mark.parametrize("text, name", [
    ("地元のスポーツチームに入団した。", "スポーツチーム"),  # a kind of group
    ("このアルバムは北辰レコードのスーパーレーベルから発売された。", "スーパーレーベル"),  # a label of a company
])
def test_entities_run_together_words_of_a_kind_stay_words(nlp, text, name):
    assert mention_kinds(nlp, text).get(name) is None

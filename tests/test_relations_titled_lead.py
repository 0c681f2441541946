"""Stage 5 on the real model: a lead whose name carries a royal title before its bracket
(「北辰王国ルーカス王子（洗礼名：…）は」) is still the article's subject."""

from __future__ import annotations

import pytest

from kg.extract.relation_args import _particle


@pytest.mark.model
def test_relations_royal_title_before_bracket_keeps_the_topic_particle(nlp):
    doc = nlp("ルーカス王子（1950年 - ）は、北辰王国の王族。")
    name_end = next(t.i for t in doc if t.text == "王子")
    assert _particle(doc, name_end) == "は"
    assert _particle(doc, name_end + 1) == "は"
    other = nlp("ルーカス王子の兄は軍人。")  # no bracket after the title: the title is no part of the name's phrase
    assert _particle(other, next(t.i for t in other if t.text == "王子")) == ""


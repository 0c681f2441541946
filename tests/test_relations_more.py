"""Stage 5 on parses the model gives to real sentences, built by hand so that the test does not hang on one
model version: a verbal noun with no する whose object the parse hung on the main verb (「Xに入社後、…に従事」),
and a line of titles closed by a copula (「A社ファウンダー、B社取締役である。」)."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from kg.extract.case_frames import verb_hits
from kg.extract.coref import Salience
from kg.extract.relation_args import Arg
from kg.extract.title_args import _title_list
from kg.vocab import KG
from test_relations import rules  # noqa: F401 (a fixture)

# (text, lemma, UD pos, dep, head index, Sudachi tag)
_HIRED = [("宮下", "宮下", "PROPN", "nsubj", 8, "名詞-固有名詞-人名-姓"), ("は", "は", "ADP", "case", 0, "助詞-係助詞"),
          ("ミナト", "ミナト", "PROPN", "nmod", 8, "名詞-固有名詞-一般"), ("に", "に", "ADP", "case", 2, "助詞-格助詞"),
          ("入社", "入社", "NOUN", "compound", 5, "名詞-普通名詞-サ変可能"), ("後", "後", "NOUN", "nmod", 8, "名詞-普通名詞-副詞可能"),
          ("、", "、", "PUNCT", "punct", 5, "補助記号-読点"), ("開発", "開発", "NOUN", "compound", 8, "名詞-普通名詞-サ変可能"),
          ("従事", "従事", "NOUN", "ROOT", 8, "名詞-普通名詞-サ変可能"), ("。", "。", "PUNCT", "punct", 8, "補助記号-句点")]
# 「宮下はミナトをモデルに研究所を設立、就任。」 with ミナト hung on the last verb: its を is not the cue's
_MODELLED = [("宮下", "宮下", "PROPN", "nsubj", 7, "名詞-固有名詞-人名-姓"), ("は", "は", "ADP", "case", 0, "助詞-係助詞"),
             ("ミナト", "ミナト", "PROPN", "obj", 9, "名詞-固有名詞-一般"), ("を", "を", "ADP", "case", 2, "助詞-格助詞"),
             ("モデル", "モデル", "NOUN", "obl", 7, "名詞-普通名詞-一般"), ("に", "に", "ADP", "case", 4, "助詞-格助詞"),
             ("研究所", "研究所", "NOUN", "obj", 7, "名詞-普通名詞-一般"), ("設立", "設立", "NOUN", "ROOT", 7, "名詞-普通名詞-サ変可能"),
             ("、", "、", "PUNCT", "punct", 7, "補助記号-読点"), ("就任", "就任", "NOUN", "conj", 7, "名詞-普通名詞-サ変可能"),
             ("。", "。", "PUNCT", "punct", 7, "補助記号-句点")]


def _doc(nlp, rows) -> Doc:
    return Doc(nlp.vocab, words=[r[0] for r in rows], spaces=[False] * len(rows), lemmas=[r[1] for r in rows],
               pos=[r[2] for r in rows], deps=[r[3] for r in rows], heads=[r[4] for r in rows],
               tags=[r[5] for r in rows], sent_starts=[i == 0 for i in range(len(rows))])


def _args(doc: Doc) -> list[Arg]:
    person = Arg(key="宮下", kind=KG.Person, start=0, end=1, root=doc[0], particle="は", char_start=0, char_end=2)
    org = Arg(key="ミナト", kind=KG.Organization, start=2, end=3, root=doc[2], particle=doc[3].text, char_start=3,
              char_end=6)
    return [person, org]


def test_relations_more_glued_object(nlp, rules):
    """「宮下はミナトに入社後、開発に従事。」 with ミナト hung on 従事: the name right before 入社 is its object."""
    doc = _doc(nlp, _HIRED)
    hits = verb_hits(doc[4], rules.verbs["employeeOf"], _args(doc), rules, Salience(), doc[:])
    assert [(h.subject.key, h.predicate, h.object.key) for h in hits] == [("宮下", KG.employeeOf, "ミナト")]
    assert ".glued" in hits[0].method


def test_relations_more_glued_object_is_adjacent(nlp, rules):
    """「宮下はミナトをモデルに研究所を設立、就任。」: ミナト's を is not the cue's, so ミナト was not founded."""
    doc = _doc(nlp, _MODELLED)
    hits = verb_hits(doc[7], rules.verbs["founderOf"], _args(doc), rules, Salience(), doc[:])
    assert not any(h.object.key == "ミナト" for h in hits)


@pytest.mark.parametrize("closing, expected", [
    ([("で", "だ", "AUX", "cop", 4, "助動詞"), ("ある", "ある", "VERB", "fixed", 5, "動詞-非自立可能")], True),
    ([("し", "する", "VERB", "ROOT", 4, "動詞-非自立可能"), ("た", "た", "AUX", "aux", 5, "助動詞")], False),
])
def test_relations_more_title_list_copula(nlp, closing, expected):
    """「Aファウンダー、B取締役である。」 lists titles: its copula is no verb; 「…取締役した。」 is no list."""
    rows = [("ミナト", "ミナト", "PROPN", "compound", 1, "名詞-固有名詞-一般"),
            ("ファウンダー", "ファウンダー", "NOUN", "nmod", 4, "名詞-普通名詞-一般"),
            ("、", "、", "PUNCT", "punct", 1, "補助記号-読点"), ("カワセ", "カワセ", "PROPN", "compound", 4, "名詞-固有名詞-一般"),
            ("取締役", "取締役", "NOUN", "ROOT", 4, "名詞-普通名詞-一般")]
    rows += [(t, lem, pos, dep, head if dep != "ROOT" else 4, tag) for t, lem, pos, dep, head, tag in closing]
    rows = [r if r[3] != "ROOT" or r[0] == "取締役" else (r[0], r[1], r[2], "aux", 4, r[5]) for r in rows]
    rows.append(("。", "。", "PUNCT", "punct", 4, "補助記号-句点"))
    doc = _doc(nlp, rows)
    assert _title_list(doc[1], [], doc[:]) is expected

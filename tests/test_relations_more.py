"""Stage 5 on parses the model gives to real sentences, built by hand so that the test does not hang on one
model version: a line of titles closed by a copula (「A社ファウンダー、B社取締役である。」)."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from kg.extract.title_args import _title_list

# (text, lemma, UD pos, dep, head index, Sudachi tag)
def _doc(nlp, rows) -> Doc:
    return Doc(nlp.vocab, words=[r[0] for r in rows], spaces=[False] * len(rows), lemmas=[r[1] for r in rows],
               pos=[r[2] for r in rows], deps=[r[3] for r in rows], heads=[r[4] for r in rows],
               tags=[r[5] for r in rows], sent_starts=[i == 0 for i in range(len(rows))])


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

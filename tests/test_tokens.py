"""The TokenTable that stands in for a Doc in stages 3–5 reads like the Doc."""

import pytest

from kg.extract.tokens import TokenTable, table


@pytest.mark.model
def test_table_reuses_tokens_and_delegates(nlp):
    doc = nlp("株式会社ミドリ電機の社長。")
    t = TokenTable(doc)
    assert t[0] is t[0] and [x.text for x in t] == [x.text for x in doc]
    assert t[0:2].text == doc[0:2].text and t[-1].text == doc[-1].text
    assert list(t.sents)[0].text == list(doc.sents)[0].text and len(t) == len(doc)
    assert table(t) is t
    with pytest.raises(IndexError):
        t[len(doc)]


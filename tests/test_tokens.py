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



@pytest.mark.model
def test_table_tokens_and_spans_read_as_the_docs(nlp):
    doc = nlp("株式会社ミドリ電機の社長は、1990年に東京で山田花子と会った。\n翌年、二人は結婚した。")
    t = TokenTable(doc)
    for mine, theirs in zip(t, doc):
        for name in ("text", "tag_", "pos_", "dep_", "lemma_", "whitespace_", "i", "idx", "text_with_ws"):
            assert getattr(mine, name) == getattr(theirs, name)
        assert mine.head is t[theirs.head.i] and [c.i for c in mine.children] == [c.i for c in theirs.children]
        assert mine == theirs and hash(mine) == hash(theirs) and mine.doc is t
    for mine, theirs in zip(t.sents, doc.sents):
        assert (mine.start, mine.end, mine.text, mine.root.i) == (theirs.start, theirs.end, theirs.text, theirs.root.i)
        assert mine == theirs and mine.doc is t and all(a is t[b.i] for a, b in zip(mine, theirs))
        assert mine[-1] is t[theirs[-1].i] and mine[1:3].text == theirs[1:3].text and len(mine) == len(theirs)
    span = t.char_span(0, 4)
    assert span is not None and span.text == doc.char_span(0, 4).text and t.char_span(0, 3) is None
    assert t[2:2].text == "" and t[3:5] is t[3:5]
    with pytest.raises(IndexError):
        t[0:2][2]


@pytest.mark.model
@pytest.mark.parametrize("mode", ["strict", "expand"])
def test_table_char_span_is_the_docs(nlp, mode):
    doc = nlp("ミドリ電機（みどり でんき）は 1990年に Acme Corp.  と合併した。\n社長は山田花子。 ")
    t = TokenTable(doc)
    for a in range(-1, len(doc.text) + 1):
        for b in range(a, len(doc.text) + 2):
            theirs = doc.char_span(a, b, alignment_mode=mode)
            mine = t.char_span(a, b, alignment_mode=mode)
            assert (mine is None) == (theirs is None), (a, b)
            assert mine is None or (mine.start, mine.end) == (theirs.start, theirs.end), (a, b)

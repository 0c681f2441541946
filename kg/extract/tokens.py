"""A parsed Doc whose Tokens and Spans are made once, with their strings read once, for the rules of stages 3–5
that read one Doc in many passes."""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING, Any, Iterator

import numpy
from spacy.attrs import DEP, HEAD, IDX, LEMMA, ORTH, POS, SPACY, TAG
from spacy.tokens import Span, Token

if TYPE_CHECKING:
    from spacy.tokens import Doc

_ROOT = Span.root.__get__
EDGE_MODES = ("strict", "expand")  # the alignment modes TokenTable.char_span answers itself
_STRINGS: dict[int, str] = {}  # hash → string, for every table (a hash names the same string in every StringStore)


class TableToken(Token):
    """A Token whose text, tags, dependency label, lemma, index and head are plain attributes, read from the Doc once;
    ``head`` and ``children`` are the table's own tokens, ``doc`` the table. Everything else, equality included, is
    the Token's.

    Example:
        >>> import spacy
        >>> doc = spacy.blank("en")("a b")
        >>> t = TokenTable(doc)[1]
        >>> t.text, t.i, t == doc[1], t.head is t
        ('b', 1, True, True)
    """

    __slots__ = ("text", "tag_", "pos_", "dep_", "lemma_", "whitespace_", "i", "idx", "_table", "_head", "_kids")

    @property
    def head(self) -> TableToken:  # type: ignore[override]
        return self._head

    @property
    def doc(self) -> TokenTable:  # type: ignore[override]
        return self._table

    @property
    def children(self) -> Iterator[TableToken]:  # type: ignore[override]
        return iter(self._kids)

    @property
    def text_with_ws(self) -> str:  # type: ignore[override]
        return self.text + self.whitespace_


class TableSpan(Span):
    """A Span over a TokenTable: its tokens, ``text``, ``root``, slices and ``doc`` are the table's (a Span makes
    every Token again on each pass and joins its text on each read). Everything else, equality included, is the
    Span's.

    Example:
        >>> import spacy
        >>> table = TokenTable(spacy.blank("en")("a b c d"))
        >>> span = table[1:4]
        >>> span[0] is table[1], span[-1].text, span[1:].text, span.text, span == table.doc[1:4]
        (True, 'd', 'c d', 'b c d', True)
    """

    __slots__ = ("_table", "start", "end")

    def __init__(self, doc: Doc, start: int, end: int) -> None:  # Span.__cinit__ takes the same arguments
        self.start, self.end = start, end

    @property
    def doc(self) -> TokenTable:  # type: ignore[override]
        return self._table

    def __iter__(self) -> Iterator[TableToken]:
        return iter(self._table._tokens[self.start:self.end])

    def __getitem__(self, i: int | slice) -> Any:  # type: ignore[override]
        if type(i) is slice:
            r = range(self.start, self.end)[i]
            if r.step != 1:
                raise ValueError("a span's slice takes no step")
            return self._table.span(r.start, max(r.start, r.stop))
        n = self.end - self.start
        if not -n <= i < n:
            raise IndexError(f"index {i} out of a span of {n} tokens")
        return self._table._tokens[self.start + i if i >= 0 else self.end + i]

    @property
    def text(self) -> str:  # type: ignore[override]
        if self.end <= self.start:
            return ""
        tokens = self._table._tokens
        last = tokens[self.end - 1]
        return self._table.text[tokens[self.start].idx:last.idx + len(last.text)]

    @property
    def root(self) -> TableToken:  # type: ignore[override]
        return self._table._tokens[_ROOT(self).i]


class TokenTable:
    """Stands in for a Doc: its tokens (``table[i]``, iteration) are TableTokens, its slices, ``sents`` and
    ``char_span`` TableSpans, its ``text`` joined once; every other attribute comes from the Doc itself.

    spaCy makes a new Token object on every ``doc[i]``, ``token.head`` and pass over a Doc or a Span, and
    looks a token's strings up again on every read; stages 3–5 read each Doc in a few dozen passes, and that
    was about a fifth of their cost.

    Example:
        >>> import spacy
        >>> doc = spacy.blank("en")("a b c")
        >>> table = TokenTable(doc)
        >>> table[1] is table[1], table[0:2].text, len(table), table.text
        (True, 'a b', 3, 'a b c')
    """

    __slots__ = ("doc", "_tokens", "_text", "_sents", "_spans", "_starts", "_ends")

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        vocab, strings, names = doc.vocab, doc.vocab.strings, _STRINGS
        array = doc.to_array([ORTH, TAG, POS, DEP, LEMMA, IDX, SPACY, HEAD])
        columns = array.T.tolist()
        if len(names) > 1 << 20:
            names.clear()
        for key in set(columns[0]).union(columns[4]).difference(names):  # words and lemmas no table has read yet
            names[key] = strings[key]
        n = len(doc)
        heads = (array[:, 7].astype("int64") + numpy.arange(n)).tolist()  # HEAD is a signed offset, stored as uint64
        tokens = self._tokens = [TableToken(vocab, doc, i) for i in range(n)]
        try:
            self._fill(columns, names)
        except KeyError:  # a tag or a label no table has read yet (the few there are are soon all read)
            for key in set().union(*columns[1:4]).difference(names):
                names[key] = strings[key]
            self._fill(columns, names)
        for t, h in zip(tokens, heads):
            head = t._head = tokens[h]
            if head is not t:
                head._kids.append(t)
        self._text: str | None = None
        self._sents: tuple[TableSpan, ...] | None = None
        self._spans: dict[tuple[int, int], TableSpan] = {}
        self._starts: list[int] | None = None  # each token's first character and the one after its last,
        self._ends: list[int] = []  # for char_span

    def _fill(self, columns: list[list[int]], names: dict[int, str]) -> None:
        """Give each token its strings (from ``names``), index, offset and whitespace."""
        for t, i, orth, tag, pos, dep, lemma, idx, space in zip(self._tokens, range(len(self._tokens)), *columns[:7]):
            t.text, t.tag_, t.pos_, t.dep_, t.lemma_ = names[orth], names[tag], names[pos], names[dep], names[lemma]
            t.whitespace_, t.i, t.idx, t._kids, t._table = " " if space else "", i, idx, [], self

    @property
    def text(self) -> str:
        """The Doc's text, joined once (Doc.text joins every token on each call)."""
        if self._text is None:
            self._text = "".join(t.text_with_ws for t in self._tokens)
        return self._text

    @property
    def sents(self) -> tuple[TableSpan, ...]:
        """The Doc's sentences, made once."""
        if self._sents is None:
            self._sents = tuple(self.span(s.start, s.end) for s in self.doc.sents)
        return self._sents

    def span(self, start: int, end: int) -> TableSpan:
        """Tokens ``start:end`` as a TableSpan, made once."""
        span = self._spans.get((start, end))
        if span is None:
            span = self._spans[start, end] = TableSpan(self.doc, start, end)
            span._table = self
        return span

    def char_span(self, start: int, end: int, alignment_mode: str = "strict") -> TableSpan | None:
        """Doc.char_span, as a TableSpan: the tokens of characters ``start:end``; in ``"strict"`` mode None when
        they do not begin and end at token edges, in ``"expand"`` mode every token any of them is in."""
        if self._starts is None:
            self._starts = [t.idx for t in self._tokens]
            self._ends = [t.idx + len(t.text) for t in self._tokens]
        first = bisect.bisect_right(self._ends, start)  # the first token that ends after ``start``
        last = bisect.bisect_right(self._starts, end - 1) - 1  # the last token that begins before ``end``
        if not 0 <= first <= last or start < 0 or end > self._ends[last] or alignment_mode not in EDGE_MODES:
            span = self.doc.char_span(start, end, alignment_mode=alignment_mode)  # the edge cases: spaCy's answer
            return None if span is None else self.span(span.start, span.end)
        if alignment_mode == "strict" and (self._starts[first] != start or self._ends[last] != end):
            return None
        return self.span(first, last + 1)

    def __getitem__(self, i: int | slice) -> Any:
        if type(i) is not slice:
            return self._tokens[i]
        span = self._spans.get((i.start, i.stop))  # (a plain doc[a:b] made before)
        if span is not None and i.step is None:
            return span
        r = range(len(self._tokens))[i]
        if r.step != 1:
            raise ValueError("a Doc's slice takes no step")
        return self.span(r.start, max(r.start, r.stop))

    def __iter__(self) -> Iterator[Token]:
        return iter(self._tokens)

    def __len__(self) -> int:
        return len(self._tokens)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.doc, name)


def table(doc: Doc | TokenTable) -> TokenTable:
    """``doc`` as a TokenTable (itself when it is one already)."""
    return doc if type(doc) is TokenTable else TokenTable(doc)


def tokens_of(doc: Doc | TokenTable) -> list[Token]:
    """The tokens of ``doc`` as a list, to index in a rule's loop: a table's own list (``table[i]`` costs a Python
    call per token), a Doc's tokens made once.

    Example:
        >>> import spacy
        >>> table = TokenTable(spacy.blank("en")("a b"))
        >>> tokens_of(table)[1] is table[1]
        True
    """
    return doc._tokens if type(doc) is TokenTable else list(doc)

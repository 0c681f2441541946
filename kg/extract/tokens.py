"""A parsed Doc whose Tokens and Spans are made once, with their strings read once, for the rules of stages 3–5
that read one Doc in many passes."""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING, Any, Iterator

from spacy.tokens import Span, Token

if TYPE_CHECKING:
    from spacy.tokens import Doc

# the Token properties a TableToken reads once (they look their strings up in the StringStore on every read)
_TEXT, _TAG, _POS, _DEP, _LEMMA, _WS, _I, _IDX = (Token.text.__get__, Token.tag_.__get__, Token.pos_.__get__,
                                                   Token.dep_.__get__, Token.lemma_.__get__, Token.whitespace_.__get__,
                                                   Token.i.__get__, Token.idx.__get__)
_HEAD_I, _ROOT = Token.head.__get__, Span.root.__get__


class TableToken(Token):
    """A Token whose text, tags, dependency label, lemma, index and head are plain attributes, read from the Doc once;
    ``head`` and ``children`` are the table's own tokens. Everything else, equality included, is the Token's.

    Example:
        >>> import spacy
        >>> doc = spacy.blank("en")("a b")
        >>> t = TokenTable(doc)[1]
        >>> t.text, t.i, t == doc[1], t.head is t
        ('b', 1, True, True)
    """

    __slots__ = ("text", "tag_", "pos_", "dep_", "lemma_", "whitespace_", "i", "idx", "_table", "_row", "_head",
                 "_kids")

    def __init__(self, vocab: Any, doc: Doc, offset: int) -> None:  # Token.__cinit__ takes the same arguments
        self.text, self.tag_, self.pos_, self.dep_ = _TEXT(self), _TAG(self), _POS(self), _DEP(self)
        self.lemma_, self.whitespace_, self.i, self.idx = _LEMMA(self), _WS(self), offset, _IDX(self)
        self._head = _I(_HEAD_I(self))
        self._kids: list[TableToken] = []

    @property
    def head(self) -> TableToken:  # type: ignore[override]
        return self._row[self._head]

    @property
    def doc(self) -> TokenTable:  # type: ignore[override]
        return self._table

    @property
    def children(self) -> Iterator[TableToken]:  # type: ignore[override]
        return iter(self._kids)

    @property
    def text_with_ws(self) -> str:  # type: ignore[override]
        return self.text + self.whitespace_


# Doc id → its live TokenTable (an entry goes when its table does; the table keeps its Doc, so the id is the Doc's)
_TABLES: weakref.WeakValueDictionary[int, TokenTable] = weakref.WeakValueDictionary()


class TableSpan(Span):
    """A Span over a TokenTable: its tokens, ``text``, ``root`` and slices are the table's (a Span makes every
    Token again on each pass and joins its text on each read). Everything else, equality included, is the Span's.

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

    def __len__(self) -> int:
        return self.end - self.start

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
        return self._table._tokens[_I(_ROOT(self))]



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

    __slots__ = ("doc", "_tokens", "_text", "_sents", "_spans", "__weakref__")

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        vocab = doc.vocab
        self._tokens: list[TableToken] = [TableToken(vocab, doc, i) for i in range(len(doc))]
        for t in self._tokens:
            t._table, t._row = self, self._tokens
            if t._head != t.i:
                self._tokens[t._head]._kids.append(t)
        self._text: str | None = None
        self._sents: tuple[TableSpan, ...] | None = None
        self._spans: dict[tuple[int, int], TableSpan] = {}
        _TABLES[id(doc)] = self  # for span_text: a Span knows its Doc, not the table

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

    def char_span(self, start: int, end: int, **kwargs: Any) -> TableSpan | None:
        """Doc.char_span, as a TableSpan."""
        span = self.doc.char_span(start, end, **kwargs)
        return None if span is None else self.span(span.start, span.end)

    def __getitem__(self, i: int | slice) -> Any:
        if type(i) is slice:
            r = range(len(self._tokens))[i]
            if r.step != 1:
                raise ValueError("a Doc's slice takes no step")
            return self.span(r.start, max(r.start, r.stop))
        return self._tokens[i]

    def __iter__(self) -> Iterator[Token]:
        return iter(self._tokens)

    def __len__(self) -> int:
        return len(self._tokens)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.doc, name)


def table(doc: Doc | TokenTable) -> TokenTable:
    """``doc`` as a TokenTable (itself when it is one already)."""
    return doc if type(doc) is TokenTable else TokenTable(doc)


def span_text(span: Span) -> str:
    """``span.text``, sliced from the text of its Doc's TokenTable, joined once (Span.text makes every Token
    again, and Doc.text joins every token on each call).

    Example:
        >>> import spacy
        >>> doc = spacy.blank("en")("a b c. d e")
        >>> table = TokenTable(doc)
        >>> span_text(doc[1:3]), span_text(table[3:5]), span_text(spacy.blank("en")("x y")[1:2])
        ('b c.', 'd e', 'y')
    """
    owner = _TABLES.get(id(span.doc))
    text = owner.text if owner is not None and owner.doc is span.doc else span.doc.text
    return text[span.start_char:span.end_char]

"""A parsed Doc whose Token objects are made once, for the rules that read one Doc in many passes."""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING, Any, Iterator

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token


# Doc id → its live TokenTable (an entry goes when its table does; the table keeps its Doc, so the id is the Doc's)
_TABLES: weakref.WeakValueDictionary[int, TokenTable] = weakref.WeakValueDictionary()


class TokenTable:
    """Stands in for a Doc: ``table[i]``, iteration, ``text`` and ``sents`` are made once; slices and every
    other attribute come from the Doc itself.

    spaCy makes a new Token object on every ``doc[i]`` and on every pass over a Doc; stage 3 reads each
    Doc in a dozen passes, and making those objects was a large share of its cost.

    Example:
        >>> import spacy
        >>> doc = spacy.blank("en")("a b c")
        >>> table = TokenTable(doc)
        >>> table[1] is table[1], table[0:2].text, len(table), table.text
        (True, 'a b', 3, 'a b c')
    """

    __slots__ = ("doc", "_tokens", "_text", "_sents", "__weakref__")

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self._tokens: list[Token] = list(doc)
        self._text: str | None = None
        self._sents: tuple[Span, ...] | None = None
        _TABLES[id(doc)] = self  # for span_text: a Span knows its Doc, not the table

    @property
    def text(self) -> str:
        """The Doc's text, joined once (Doc.text joins every token on each call)."""
        if self._text is None:
            self._text = "".join(t.text_with_ws for t in self._tokens)
        return self._text

    @property
    def sents(self) -> tuple[Span, ...]:
        """The Doc's sentences, made once."""
        if self._sents is None:
            self._sents = tuple(self.doc.sents)
        return self._sents

    def __getitem__(self, i: int | slice) -> Any:
        if type(i) is slice:
            return self.doc[i]
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

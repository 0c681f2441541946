"""Who a subjectless clause is about, from the shape of the document: article, section, paragraph.

Encyclopedic text names its subject once, in the lead (「山田 太郎（やまだ たろう、1950年 - ）は、日本の実業家。」),
and then drops it: chronology lines (「1995年 X社代表取締役社長に就任。」「2001年 - Y社を設立」), career paragraphs,
position lists. A paragraph may set its own topic (「父・一郎は…」), and a heading may name the one its
section is about; neither outlives its paragraph or section. So a dropped subject is, in order:

1. the topic set earlier in the same paragraph (``paragraph``),
2. the entity the section's heading names (``section``),
3. the article's subject (``article``);

and where the document has no lead subject (news, tidy prose), the running topic of the discourse
(``discourse``, kg.coref.Salience). The source names itself in the relation's ``kgo:method``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rdflib import URIRef

from ..vocab import KG

# Sentence ends: a chunk that ends without one and is short is a heading (「経歴」「X社長時代」).
_ENDS = ("。", "．", "！", "？", "!", "?", "」", "）", ")", "』")
_HEADING_MAX = 40
# A chronology line opens with a date: 「1995年6月、」「1981年 - 」「2006年4月 - 」「昭和46年」.
# A list item that names its topic first: 「山田一郎 - X社代表取締役会長」「山田一郎 – 元X社副社長。」
_ITEM_DASH = re.compile(r"\s*[-–—]\s")
_CHRONO = re.compile(r"^\s*(?:(?:1[0-9]|20)\d{2}|(?:明治|大正|昭和|平成|令和)(?:\d{1,2}|元))年")


def is_heading(text: str) -> bool:
    """Is this line a heading: short, no sentence end, no date at its start?

    Example:
        >>> is_heading("経歴"), is_heading("1981年 - 会社を設立"), is_heading("東京で生まれる。")
        (True, False, False)
    """
    text = text.strip()
    return bool(text) and len(text) <= _HEADING_MAX and not text.endswith(_ENDS) and not is_chronology(text)


def is_chronology(text: str) -> bool:
    """Does the line open with a year, as the lines of a 経歴 list do?

    Example:
        >>> is_chronology("1971年（昭和46年）社長に就任。"), is_chronology("その後、退任。")
        (True, False)
    """
    return bool(_CHRONO.match(text))


_LIST_ITEM = re.compile(r"^[^\s、。（(]{1,30}?(?:\s[^\s、。（(]{1,15})?\s*[-–—]\s")


def is_list_item(text: str) -> bool:
    """Is the line a list item that names its topic first (「山田一郎 - X社代表取締役会長」)?

    Example:
        >>> is_list_item("山田 一郎 - 丸菱銀行第4代頭取"), is_list_item("経歴")
        (True, False)
    """
    return bool(_LIST_ITEM.match(text.strip()))


def opens_document(start: int) -> bool:
    """Does a mention at this document offset open the document (the lead's 「X（…）は」)?"""
    return start <= 1


# A title before the lead's name: 「北辰王国国王」「ケンブリッジ侯爵」; no clause, list or genitive (「Xの」「A、B」).
_TITLE_BEFORE_LEAD = re.compile(r"^[^、。，,はがをにでとのも（(「『\s]{1,24}$")


def titled_lead(prefix: str) -> bool:
    """Is ``prefix``, all the document holds before the lead's name, a title (「北辰王国国王」 in 「北辰王国国王
    ヘルマン3世（…）は」)?

    Example:
        >>> titled_lead("北辰王国国王"), titled_lead("北辰銀行頭取の"), titled_lead("1990年、")
        (True, False, False)
    """
    return bool(_TITLE_BEFORE_LEAD.match(prefix))


def is_lead(name: str, start: int, sentence: str) -> bool:
    """Is this mention the lead's 「X（よみ、生年 - ）は、」 or 「Xは、」 that opens the document?

    Example:
        >>> is_lead("山田 太郎", 0, "山田 太郎（やまだ たろう、1950年 - ）は、日本の実業家。")
        True
        >>> is_lead("山田 太郎", 0, "山田 太郎と鈴木が会った。"), is_lead("山田", 40, "山田は…")
        (False, False)
    """
    if not opens_document(start) or not sentence.lstrip().startswith(name):
        return False
    return sentence.lstrip()[len(name):][:1] in ("（", "(", "は")


@dataclass
class Topics:
    """The article's subject, the current section's and paragraph's topics, by class."""

    article: dict[URIRef, str] = field(default_factory=dict)
    section: dict[URIRef, str] = field(default_factory=dict)
    paragraph: dict[URIRef, str] = field(default_factory=dict)
    seen_text: bool = False  # has any non-heading line been read yet?

    def begin_paragraph(self, text: str, names: list[tuple[int, int, str, URIRef]]) -> bool:
        """Start a new line of the document; return True when it is a heading.

        ``names`` are the entities the line mentions, in order, as (start, end, key, class) within the line.
        A heading that names an organisation (「X社長時代」「Yとの関わり」) makes it the section's
        organisation; any other heading returns the section to the article's subject. A list item
        「山田一郎 - X社代表取締役会長」 is about the name it opens with. In a document with no lead subject
        (profiles, lists of people), a person's bare name on a line makes him the section's person.
        """
        self.paragraph = {}
        if names and names[0][0] == 0 and _ITEM_DASH.match(text, names[0][1]):
            self.paragraph[names[0][3]] = names[0][2]
            self.seen_text = True
            return False
        if is_heading(text) and self.seen_text:
            bare = len(names) == 1 and names[0][1] - names[0][0] >= len(text.strip())
            if bare and names[0][3] == KG.Person and not self.article:
                # 「山田 太郎」 alone on a line of a document with no lead subject (a profile, a list of people):
                # the lines after it, up to the next person's, are about him
                self.section = {KG.Person: names[0][2]}
                return True
            person = self.section.get(KG.Person) if not self.article else None
            self.section = {}
            if not bare:  # a bare name in an article is a list item
                for _, _, key, kind in names:
                    if kind == KG.Organization:
                        self.section.setdefault(kind, key)
                if person is not None and all(kind == KG.Organization for _, _, _, kind in names):
                    # 「X株式会社 代表取締役」「新規事業家」 under his name: still his section
                    self.section[KG.Person] = person
            return True
        self.seen_text = True
        return False

    def lead(self, key: str, kind: URIRef) -> None:
        """Record the article's subject (the first sentence's 〜は that opens the document)."""
        self.article.setdefault(kind, key)

    def set_paragraph_topic(self, key: str, kind: URIRef) -> None:
        self.paragraph[kind] = key

    def sentence_read(self, topic_at: dict[URIRef, int], mentions: list[tuple[int, str, URIRef]]) -> None:
        """After a sentence: where the article's subject is named after the sentence's own topic
        (「Bはこの店で働いていたが、Aと出会うことはなかった」), the next dropped subject is the article's again.

        ``topic_at`` gives the position of the topic phrase the sentence set, by class; ``mentions``
        (position, key, class) every entity it names.
        """
        for kind, at in topic_at.items():
            main = self.article.get(kind)
            if main is not None and self.paragraph.get(kind) != main and any(
                    pos > at and key == main and k == kind for pos, key, k in mentions):
                self.paragraph[kind] = main

    @property
    def has_article(self) -> bool:
        return bool(self.article)

    def resolve(self, kind: URIRef) -> tuple[str, str] | None:
        """Return (key, source) for a dropped subject of ``kind``, or None when the document gives none.

        Example:
            >>> t = Topics(); t.lead("yamada", KG.Person); t.resolve(KG.Person)
            ('yamada', 'article')
            >>> t.set_paragraph_topic("ichiro", KG.Person); t.resolve(KG.Person)
            ('ichiro', 'paragraph')
            >>> _ = t.begin_paragraph("次の段落。", []); t.resolve(KG.Person), t.resolve(KG.Organization)
            (('yamada', 'article'), None)
        """
        found = self.resolve_any((kind,))
        return (found[0], found[2]) if found else None

    def resolve_any(self, kinds: tuple[URIRef, ...]) -> tuple[str, URIRef, str] | None:
        """(key, class, source) for a dropped subject of one of ``kinds``, in their order of preference:
        the paragraph's topic of any of them first, then each class's section and article topic."""
        for kind in kinds:
            if kind in self.paragraph:
                return self.paragraph[kind], kind, "paragraph"
        for kind in kinds:
            for source, level in (("section", self.section), ("article", self.article)):
                if kind in level:
                    return level[kind], kind, source
        return None

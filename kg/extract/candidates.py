"""Stage 3, recall: candidate name spans from the NER's entities (GiNZA's, or kg_ner's in their place) and token patterns
(Sudachi name tags, Latin-script runs, ・-joined katakana, names in apposition); compound names are compound_names.py's."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .mention_cues import (
    ALIAS_LEADS,
    CLASS_SUFFIXES,
    CONNECTORS,
    DOT,
    FACULTY_SUFFIXES,
    KANJI,
    KIN_PREFIXES,
    LEGAL_FORMS,
    LIST_SEPARATORS,
    ROLE_SHAPE,
    SPLIT_PUNCT,
    Cues,
    head_of,
    is_common,
    is_katakana,
    is_latin,
    is_name_tag,
    is_proper,
    school_head,
    unknown_katakana,
)
from .tokens import tokens_of

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token


@dataclass(slots=True)
class Cand:
    doc_index: int
    start: int  # token indices in the doc
    end: int
    label: str
    method: str
    votes: list[tuple[str, float, str]] = field(default_factory=list)
    subs: list[str] = field(default_factory=list)
    alias_of: str = ""
    cut: int = 0  # characters of the last token after the name: 「X」+「大学卒業」 names 「X大学」 (cut 2)
    _text: tuple[int, int, str] | None = field(default=None, repr=False, compare=False)

    def text(self, doc: Doc) -> str:
        """The span's text (kept: the rules ask for it several times, and a Span costs a token walk)."""
        if self._text is None or self._text[:2] != (self.start, self.end):
            text = doc[self.start:self.end].text
            self._text = (self.start, self.end, text[:len(text) - self.cut])
        return self._text[2]


def trim(doc: Doc, start: int, end: int, cues: Cues) -> tuple[int, int]:
    """Drop particles, punctuation, honorifics and role words from the edges of a span."""
    toks = tokens_of(doc)
    while start < end and (toks[start].pos_ in {"ADP", "PUNCT", "AUX", "SCONJ", "CCONJ", "SYM"}
                           or toks[start].text in cues.person_roles or toks[start].text in cues.name_prefixes
                           or (KIN_PREFIXES.match(toks[start].text) and end - start > 1)
                           or ((toks[start].tag_ == "名詞-普通名詞-副詞可能" or toks[start].text in ALIAS_LEADS)
                               and end - start > 1)
                           or toks[start].text in DOT):
        start += 1  # (「同年X」「通称X」: a time word or an alias's lead before the name)
    end = _cut_ordinal(doc, start, end, cues)
    while end > start and (toks[end - 1].pos_ in {"ADP", "PUNCT", "AUX", "SCONJ", "CCONJ", "SYM"}
                           or toks[end - 1].text in cues.honorifics or toks[end - 1].text in cues.person_roles
                           or toks[end - 1].text in cues.role_tails
                           or toks[end - 1].text in DOT or toks[end - 1].text in cues.name_tails
                           or (toks[end - 1].tag_ == "接頭辞" and end - 1 > start and not is_proper(toks[end - 2]))
                           or (toks[end - 1].text == "兼" and end - 2 > start and toks[end - 2].text in cues.person_roles)
                           or (ROLE_SHAPE.match(toks[end - 1].text) and end - 1 > start
                               and is_name_tag(toks[end - 2]) and not is_name_tag(toks[end - 1]))
                           or (ROLE_SHAPE.match(toks[end - 1].text) and end - 1 > start
                               and _institution_word(toks[end - 2].text, cues)
                               and not _institution_word(toks[end - 1].text, cues))
                           or (toks[end - 1].tag_.startswith("接尾辞") and toks[end - 1].text not in cues.org_heads
                               and end - 1 > start and namelike(toks[start:end - 1])
                               and not (toks[end - 1].text == "世" and toks[end - 2].tag_ == "名詞-数詞"))
                           or _event_after_name(doc, start, end, cues)):
        end -= 1  # 「吉村等」「日本自由党公認」「ハセガワ製」: a suffix or status word after the name (「X会」+「第」
        # (一副主席), 「X部」+「副」 (編集長): a prefix ends no name, it opens the word after it; but 「松本」+「大」 is
        # a given name Sudachi read as a prefix)
        # (but 「株式会社孔官堂」: suffix-tagged kanji after a legal form are the name itself, and 「X7世」 a regnal name)
        # (「X通信社特派員」「X労組組合員」: a member's or an officer's word after an institution's name)
        end = _cut_ordinal(doc, start, end, cues)
    return start, end


def _institution_word(word: str, cues: Cues) -> bool:
    """Whether a token is an institution head or ends in one of two or more characters: 「連盟」「通信社」「北洋大学」."""
    return word in cues.org_heads or _fused_head(word, cues)


def _cut_ordinal(doc: Doc, start: int, end: int, cues: Cues) -> int:
    """Where a name ends before an ordinal written after an institution's name: 「X連盟」+「第2代」 (会長),
    「X党」+「3期」: the officer's rank, no part of the name."""
    toks = tokens_of(doc)
    if end - start < 3 or "助数詞" not in toks[end - 1].tag_ or toks[end - 2].tag_ != "名詞-数詞":
        return end
    k = end - 2
    if k - 1 > start and toks[k - 1].text == "第":
        k -= 1
    return k if k > start and _institution_word(toks[k - 1].text, cues) else end


def _event_after_name(doc: Doc, start: int, end: int, cues: Cues) -> bool:
    """Whether the span's last word is a verbal or adjectival noun said of the name before it: 「ACME」+「結成」,
    「X空軍」+「従軍」, 「X研究所」+「最大」 (a Latin name, or one ending in an institution head, ends there)."""
    toks = tokens_of(doc)
    last = toks[end - 1]
    if end - start < 2 or not last.tag_.startswith(("名詞-普通名詞-サ変", "名詞-普通名詞-形状詞")) \
            or last.text in cues.org_heads or last.text in cues.common_stem_heads or toks[end - 2].whitespace_:
        return False
    before = toks[end - 2].text
    return all(is_latin(t.text) for t in toks[start:end - 1]) or before in cues.org_heads \
        or _fused_head(before, cues)


def ginza_candidates(doc: Doc, di: int, cues: Cues) -> list[Cand]:
    """GiNZA's entities of every label, split at punctuation (「Uber、Lyft」 is two names) and at a
    coordinating particle inside (「IntelとAMD」 tagged as one entity is two names)."""
    toks = tokens_of(doc)
    out = []
    for ent in doc.ents:
        pieces: list[tuple[int, int]] = []
        s = ent.start
        for i in range(ent.start, ent.end):
            t = toks[i]
            if t.text in SPLIT_PUNCT or (t.text in LIST_SEPARATORS and t.pos_ in {"ADP", "CCONJ"}
                                         and ent.start < i < ent.end - 1) \
                    or (t.text in DOT and 0 < i < len(doc) - 1 and (toks[i + 1].tag_ == "名詞-数詞" or (
                        KANJI.fullmatch(toks[i - 1].text) and KANJI.fullmatch(toks[i + 1].text)))):
                pieces.append((s, i))  # 「西沢・高木」 are two people; 「X大学・1998年」 a name and a date
                s = i + 1
            elif i > s and toks[i - 1].whitespace_ and is_name_tag(t) \
                    and (toks[i - 1].text in cues.person_roles or ROLE_SHAPE.match(toks[i - 1].text)):
                pieces.append((s, i))  # 「X編集部副編集長 山田」: a byline, the body and its titled member
                s = i
        pieces.append((s, ent.end))
        for a, b in pieces:
            a, b = trim(doc, a, b, cues)
            b = _cut_common_tail(toks, a, b, cues)
            if b - a > 1 and toks[b - 1].text.endswith(cues.non_agent_suffixes + cues.unit_suffixes):
                unit = toks[b - 1].text.endswith(cues.unit_suffixes)
                heads = [k for k in range(a, b - 1) if (toks[k].text in cues.org_heads and k > a and b - a > 2)
                         or (unit and _fused_head(toks[k].text, cues))]
                if heads and not (toks[b - 1].text.endswith(FACULTY_SUFFIXES) and school_head(toks[heads[-1]].text, cues)):
                    b = heads[-1] + 1  # 「王子製紙釧路工場」「X事業部」: the company, not its unit
                    # (but 「X大学Y学部」 is a name of the school: aliases.py joins it to 「X大学」)
            a = _drop_class_prefix(doc, a, b, cues)
            a, b = _extend(doc, a, b, cues)
            person = cues.ene.get(ent.label_, ("",))[0] == "Person"  # GiNZA's Person, kg_ner's PERSON
            if person or (b - a > 2 and any(toks[k].text == "世" and toks[k - 1].tag_ == "名詞-数詞" and k - 1 > a
                                            for k in (b - 1, b - 2))):
                a = _after_ruler_title(doc, a, b, cues)  # (a regnal name, whatever the label)
            elif b - a > 1 and toks[a].text in cues.ruler_titles and any(is_name_tag(t) for t in toks[a + 1:b]):
                a = _after_ruler_title(doc, a, b, cues)  # 「王妃X」 labelled a title: the person after it
            if person and b == ent.end:
                b = _grow_given_name(doc, a, b, cues)
            if b > a:
                out.append(Cand(di, a, b, ent.label_, "ner.ginza"))
    return out


# The last character of a word that names a body, a part of one or a place (「史料編纂所」「事務室」「基地」): no
# tail to cut.
_BODY_ENDINGS = frozenset("所院部室課館署班団会局店社科係隊軍庁省寮園校塾家派組座連地")


def _cut_common_tail(toks: list[Token], start: int, end: int, cues: Cues) -> int:
    """Where a name ends before common kanji words GiNZA glued after a Latin name or an institution's head:
    「XBL」+「移籍後」, 「Xapp」+「社内」, 「X委員会」+「筆頭」, 「X海軍」+「技術」 (中尉); not before a word that names a
    body, a unit or a place itself (「X大学」+「史料編纂所」, 「X銀行」+「本店」), nor after a trade's word that goes on
    into a common compound (「X航空」+「母艦」), nor before a one-character word (「X自動車」+「道」)."""
    k = end - 1
    while k > start and not toks[k - 1].whitespace_ and KANJI.fullmatch(toks[k].text) \
            and len(toks[k].text) > 1 and toks[k].tag_.startswith("名詞-普通名詞") \
            and not _institution_word(toks[k].text, cues) and toks[k].text not in cues.non_agent_heads \
            and toks[k].text not in cues.owned_places and not toks[k].text.endswith(FACULTY_SUFFIXES) \
            and not toks[k].text.endswith(cues.unit_suffixes) and toks[k].text[-1] not in _BODY_ENDINGS:
        k -= 1
    if k == end - 1 or not namelike(toks[start:k + 1]):
        return end  # (「劇団」+「若草」, 「グループリーグ」+「最下位」: no name before the words)
    last = toks[k].text
    if (_institution_word(last, cues) and last not in cues.sector_heads and last not in LEGAL_FORMS) or all(is_latin(t.text) for t in toks[start:k + 1]):
        return k + 1
    return end


def _after_ruler_title(doc: Doc, start: int, end: int, cues: Cues) -> int:
    """Start a person's name after a ruler's or noble's title inside the span: 「Xランド王」+「ヘンリク2世」,
    「Y公」+「フリードリヒ」; not at a family name Sudachi tags (「王」 of 「王貞治」)."""
    toks = tokens_of(doc)
    for k in range(end - 2, start - 1, -1):
        if toks[k].text in cues.ruler_titles and not is_name_tag(toks[k]):
            first = k + 2 if toks[k + 1].text in DOT else k + 1
            if first < end and any(is_katakana(t.text) or is_name_tag(t) for t in toks[first:end]):
                return first
            break
    return start


def _fused_head(word: str, cues: Cues) -> bool:
    """Whether one token is a name fused with an institution head of two or more characters: 「北洋大学」."""
    head = head_of(word, cues, whole=False)
    return head is not None and len(head[0]) > 1


def _grow_given_name(doc: Doc, start: int, end: int, cues: Cues) -> int:
    """Grow a person's name over one kanji the tokenizer split off its given name: 「田中康一」+「良」 before
    「社長」, 「小池真」+「基」 before 「は」; not over a kanji that follows names as a word (「X賞」「X展」)."""
    toks = tokens_of(doc)
    n = len(doc)
    if end + 1 >= n or end - start < 2 or toks[end - 1].whitespace_ or not KANJI.fullmatch(toks[end - 1].text):
        return end
    nxt, after = toks[end], toks[end + 1]
    if len(nxt.text) != 1 or not KANJI.fullmatch(nxt.text) or nxt.whitespace_ or nxt.text in cues.not_name_kanji \
            or nxt.text in cues.honorifics or nxt.text in cues.person_roles or is_name_tag(nxt):
        return end
    if after.pos_ in {"ADP", "PUNCT"} or after.text in cues.honorifics or after.text in cues.person_roles:
        return end + 1
    return end


def _drop_class_prefix(doc: Doc, start: int, end: int, cues: Cues) -> int:
    """Cut a class noun GiNZA glued to the name: 「半導体設計会社Arm Holdings」「新聞社ワシントン」.

    The class noun stays outside, where it votes as an apposition.
    """
    toks = tokens_of(doc)
    for i in range(end - 1, start, -1):
        word = toks[i - 1].text
        if word in DOT and i - 1 > start and class_noun_before_dot(doc, i - 2, cues):
            return i  # 「漫才コンビ・X」「兄弟デュオ・X」: a group's class noun, then ・ and its name, whatever words
        if (word in cues.org_class_nouns or word in cues.person_roles or word in cues.product_nouns
                or (word.endswith(CLASS_SUFFIXES) and word not in LEGAL_FORMS)) \
                and all(is_common(t) for t in toks[start:i]) and namelike(toks[i:end]):
            return i
    return start


def _extend(doc: Doc, start: int, end: int, cues: Cues) -> tuple[int, int]:
    """Grow a span over ・-joined katakana words (「ワシントン」+「・ポスト」) and a fused institution head
    (「稲盛」+「財団」, 「松風」+「工業」)."""
    toks = tokens_of(doc)
    n = len(doc)
    while end + 1 < n and toks[end].text in DOT and is_katakana(toks[end + 1].text):
        end += 2
    while start >= 2 and toks[start - 1].text in DOT and is_katakana(toks[start - 2].text) \
            and not class_noun_before_dot(doc, start - 2, cues):
        start -= 2
    while start > 0 and is_katakana(toks[start - 1].text) and is_katakana(toks[start].text) \
            and not toks[start - 1].whitespace_ and toks[start - 1].text not in cues.person_roles \
            and toks[start - 1].text not in cues.product_nouns and toks[start - 1].text not in cues.org_class_nouns \
            and not is_name_tag(toks[start]):
        start -= 1  # 「グリーン」+「リーフ・フィナンシャル」
        while start >= 2 and toks[start - 1].text in DOT and is_katakana(toks[start - 2].text):
            start -= 2
    if start > 0 and end > start and is_katakana(toks[start].text) and toks[start - 1].tag_ == "名詞-固有名詞-一般" \
            and not toks[start - 1].whitespace_ and not is_katakana(toks[start - 1].text) \
            and not is_name_tag(toks[start - 1]) and (start == 1 or toks[start - 2].pos_ not in {"NOUN", "PROPN"}):
        start -= 1  # 「北辰化成」+「ファーマ」: a group company named after its parent
    while end < n and end > start and is_katakana(toks[end - 1].text) and is_katakana(toks[end].text) \
            and not toks[end - 1].whitespace_ and toks[end].text not in cues.product_nouns \
            and toks[end].text not in cues.person_roles and toks[end].text not in cues.honorifics \
            and not is_name_tag(toks[end - 1]):
        end += 1  # 「株式会社サクラ」+「フィナンシャル」
    if end < n and toks[end].text in cues.org_heads and (len(toks[end].text) > 1 or toks[end].text in cues.house_heads) \
            and not toks[end - 1].whitespace_ and toks[end].text not in cues.person_roles:
        end += 1
    elif end + 1 < n and toks[end].tag_.startswith("名詞-普通名詞") and toks[end + 1].text in cues.common_stem_heads \
            and len(toks[end + 1].text) > 1 and not toks[end - 1].whitespace_ and not toks[end].whitespace_:
        end += 2  # 「JR東日本」+「労働」+「組合」
    if end + 1 < n and toks[end - 1].text.endswith("大学") and toks[end + 1].text == "校" \
            and (is_katakana(toks[end].text) or is_proper(toks[end])):
        end += 2  # 「カリフォルニア大学」+「バークレー」+「校」: a campus of a university
    if end + 1 < n and end > start and toks[end].tag_ == "名詞-数詞" and toks[end + 1].text == "世" \
            and not toks[end - 1].whitespace_ and not toks[end].whitespace_ \
            and (is_katakana(toks[end - 1].text) or is_name_tag(toks[end - 1])):
        end += 2  # 「アルフォンソ」+「7」+「世」: a regnal name
    if end + 1 < n and end - start > 2 and toks[end - 1].text == "世" and toks[end - 2].tag_ == "名詞-数詞" \
            and is_katakana(toks[end].text) and not toks[end - 1].whitespace_ and toks[end + 1].text not in DOT \
            and toks[end].text not in cues.product_nouns and toks[end].text not in cues.person_roles \
            and (is_proper(toks[end]) or unknown_katakana(toks[end])):
        end += 1  # 「X3世」+「Y」: a monarch's byname written after the regnal name (a name, no dictionary word)
    end = _grow_place_head(doc, start, end, cues)
    end = _grow_faculty(doc, start, end, cues)
    return start, end


def _grow_faculty(doc: Doc, start: int, end: int, cues: Cues) -> int:
    """Grow a school's name over the faculty written right after it: 「X大学」+「経済学部」, 「X大学」+「工学部」+「建築」+
    「学科」 (a faculty is a name of its school; aliases.py joins it to the school said alone)."""
    toks = tokens_of(doc)
    if end <= start or end >= len(doc) or toks[end - 1].whitespace_ \
            or not any(t.text.endswith(FACULTY_SUFFIXES) for t in toks[end:end + 4]) \
            or not any(school_head(toks[k].text, cues) for k in range(start, end)):
        return end  # (the school's head may be inside: 「X大学」+「Y学部」+「声楽」 tagged as one entity, then 「学科」)
    grown = end
    for k in range(end, min(len(doc), end + 4)):
        if toks[k].pos_ not in {"NOUN", "PROPN"} or toks[k - 1].whitespace_ or toks[k].text in cues.person_roles \
                or toks[k].text.endswith("課程"):
            break  # (a degree course, 「博士課程」, is no faculty)
        if toks[k].text.endswith(FACULTY_SUFFIXES):
            grown = k + 1
    return grown


def _grow_place_head(doc: Doc, start: int, end: int, cues: Cues) -> int:
    """Grow a name over a place's or work's head fused after it: 「X」+「駅」「X」+「彗星」「X」+「美術館」 name a
    station, a comet, a museum, not the person or company X (whose name the head would then vote as one).

    Not over a place an organisation owns (「X工場」 names X's plant), nor after an institution head (「X大学」+「病院」).
    """
    toks = tokens_of(doc)
    if end >= len(doc) or end <= start or toks[end - 1].whitespace_:
        return end
    head, last = toks[end].text, toks[end - 1].text
    if head not in cues.non_agent_heads or head in cues.owned_places or is_name_tag(toks[end]) \
            or last in cues.org_heads or _fused_head(last, cues):
        return end
    return end + 1


def dot_runs(doc: Doc, di: int, cues: Cues) -> list[Cand]:
    """Katakana words joined by ・, written like a transliterated name: 「アオバネット・ビジョン・ファンド」."""
    toks = tokens_of(doc)
    out = []
    n = len(doc)
    i = 0
    while i < n:
        if i + 2 >= n or toks[i + 1].text not in DOT or not is_katakana(toks[i].text) \
                or not is_katakana(toks[i + 2].text) or (i >= 1 and toks[i - 1].text in DOT):
            i += 1
            continue
        if class_noun_before_dot(doc, i, cues):
            i += 2  # 「漫才コンビ・X」「兄弟デュオ・X」: the class noun is no part of the name after ・
        start, end = _extend(doc, i, i + 1, cues)
        out.append(Cand(di, start, end, "", "ner.katakana_dots"))
        i = end
    return out


def class_noun_before_dot(doc: Doc, k: int, cues: Cues) -> bool:
    """Whether token ``k``, before a ・, is a group's class noun after a word of another script: 「漫才コンビ」+「・X」,
    「兄弟デュオ」+「・X」 (but 「Xン・クラブ」 is one name)."""
    toks = tokens_of(doc)
    return toks[k].text in cues.org_class_nouns and (k == 0 or not is_katakana(toks[k - 1].text))


def rare_katakana(doc: Doc, di: int, cues: Cues) -> list[Cand]:
    """Katakana words the vectors or Sudachi's dictionary do not know, as candidates for the cues to type:
    「ファームリンクを買収」 (the vectors know many company names Sudachi makes up a common noun for)."""
    out = []
    for t in doc:
        if len(t.text) >= 3 and is_katakana(t.text) and t.ent_iob_ == "O" and not is_name_tag(t) \
                and unknown_katakana(t):  # (the lookups last: they cost the most)
            start, end = _extend(doc, t.i, t.i + 1, cues)
            out.append(Cand(di, start, end, "", "ner.rare_word"))
    return out


def role_prefixed(doc: Doc, di: int, cues: Cues) -> list[Cand]:
    """Katakana compounds of dictionary words before a company role, for the cues to type: 「ルミナビジョン代表取締役」
    「ルミナビジョンの創業者」 (GiNZA glues the first into the title or leaves the second untagged)."""
    toks = tokens_of(doc)
    out = []
    roles = cues.person_roles | cues.org_role_nouns
    for t in doc:
        if not (t.text in roles or (t.text == "の" and t.i + 1 < len(doc) and toks[t.i + 1].text in cues.org_of_nouns)):
            continue
        if t.i < 2 or not is_katakana(toks[t.i - 1].text) or toks[t.i - 1].whitespace_:
            continue
        end = t.i
        start = end - 1
        while start > 0 and is_katakana(toks[start - 1].text) and not toks[start - 1].whitespace_ \
                and toks[start - 1].text not in cues.org_class_nouns and toks[start - 1].text not in cues.product_nouns:
            start -= 1  # 「メーカー」「アプリ」 before the name is a class word, no part of it
        if end - start < 2 or any(is_name_tag(x) for x in toks[start:end]):
            continue  # one dictionary word (「エンジニア」) or a person's name: left to the other rules
        text = doc[start:end].text
        if len(text) < 4 or text in roles or text in cues.product_nouns:
            continue
        out.append(Cand(di, start, end, "", "ner.role_prefixed"))
    return out


def proper_tokens(doc: Doc, di: int, cues: Cues) -> list[Cand]:
    """Sudachi proper nouns (名詞-固有名詞-一般) GiNZA did not label: 「日本航空の会長」."""
    out = []
    for t in doc:
        if t.tag_ == "名詞-固有名詞-一般" and t.ent_iob_ == "O" and not is_latin(t.text):
            start, end = _extend(doc, t.i, t.i + 1, cues)
            out.append(Cand(di, start, end, "", "ner.proper_noun"))
    return out


def person_runs(doc: Doc, di: int, cues: Cues) -> list[Cand]:
    """Runs of Sudachi person-name tokens, with katakana parts joined by ・.

    「山田太郎」(人名-姓 + 人名-名), 「ジョン・スミス」(人名 ・ unknown katakana), 「ジェフベゾス」.
    """
    toks = tokens_of(doc)
    out = []
    n = len(doc)
    i = 0
    while i < n:
        if not is_name_tag(toks[i]) or not (is_katakana(toks[i].text) or KANJI.fullmatch(toks[i].text)):
            i += 1
            continue
        start, end = i, i + 1
        while True:  # grow right
            if end < n and is_name_tag(toks[end]) and not toks[end - 1].whitespace_ and \
                    (is_katakana(toks[end].text) or KANJI.fullmatch(toks[end].text)):
                end += 1
            elif end < n and toks[end - 1].whitespace_ in (" ", "\u3000") and toks[end - 1].tag_.endswith("姓") \
                    and toks[end].tag_.endswith("人名-名") and KANJI.fullmatch(toks[end - 1].text) \
                    and KANJI.fullmatch(toks[end].text):
                end += 1  # 「山田 太郎」: Wikipedia writes a space between family and given name
            elif end + 1 < n and toks[end].text in DOT and is_katakana(toks[end + 1].text):
                end += 2
            else:
                break
        while start >= 2 and toks[start - 1].text in DOT and is_katakana(toks[start - 2].text):  # grow left
            start -= 2
        start, end = _extend(doc, start, end, cues)
        if any(t.tag_.endswith("姓") for t in toks[start:end]) and toks[end - 1].tag_.endswith("名"):
            end = _grow_given_name(doc, start, end, cues)
        out.append(Cand(di, start, end, "", "ner.name_tags"))
        i = end
    return out


def latin_runs(doc: Doc, di: int) -> list[Cand]:
    """Capitalised Latin-script words joined by single spaces: 「Kleiner Perkins」「Tiger Global Fund」「Anthropic」."""
    toks = tokens_of(doc)
    out = []
    n = len(doc)
    i = 0
    while i < n:
        t = toks[i]
        if not (t.text[0].isupper() and is_latin(t.text)) or (i > 0 and is_latin(toks[i - 1].text)
                                                               and not toks[i - 1].whitespace_):
            i += 1
            continue
        end = i + 1
        while end < n:
            prev = toks[end - 1]
            nxt = toks[end]
            if prev.whitespace_ not in {"", " "}:
                break
            if nxt.text in {".", "!"} and not prev.whitespace_ and (len(prev.text) == 1 or nxt.text == "!"
                                                                     or prev.text.endswith(LATIN_ABBREVIATIONS)):
                end += 1  # 「D. E. Shaw」 initials, 「Yoohoo!」, 「X Inc.」
                continue
            if not is_latin(nxt.text):
                break
            if nxt.text[0].isupper() or nxt.text[0].isdigit():
                end += 1
            elif nxt.text.casefold() in CONNECTORS and end + 1 < n and toks[end + 1].text[:1].isupper() \
                    and is_latin(toks[end + 1].text):
                end += 2
            else:
                break
        out.append(Cand(di, i, end, "", "ner.latin"))
        i = end
    return out


LATIN_ABBREVIATIONS = ("Inc", "Corp", "Ltd", "Co", "Bros", "Jr")  # their dot is part of the name: 「X Inc.」


def dedupe(cands: list[Cand]) -> list[Cand]:
    """Merge identical spans, then keep the longest of overlapping spans."""
    by_span: dict[tuple[int, int, int, int], Cand] = {}
    for c in cands:
        key = (c.doc_index, c.start, c.end, c.cut)
        if key in by_span:
            kept = by_span[key]
            kept.label = kept.label or c.label
            if c.method == "ner.ginza" or kept.method != "ner.ginza":
                kept.method = c.method if kept.method != "ner.ginza" else kept.method
        else:
            by_span[key] = c
    chosen: list[Cand] = []
    taken: dict[int, set[int]] = defaultdict(set)
    # (of two spans of the same tokens, the one that ends inside its last token: 「X大学」 of 「X」+「大学卒業」)
    for c in sorted(by_span.values(), key=lambda c: (-(c.end - c.start), c.cut == 0, c.doc_index, c.start)):
        cells = set(range(c.start, c.end))
        if cells & taken[c.doc_index]:
            # A shorter span inside a longer one lends its GiNZA label when the longer has none.
            continue
        taken[c.doc_index] |= cells
        chosen.append(c)
    for c in chosen:
        if not c.label:
            inner = [o for o in by_span.values() if o.doc_index == c.doc_index and o.label
                     and c.start <= o.start and o.end <= c.end]
            if len(inner) == 1 and inner[0].end - inner[0].start == c.end - c.start and not c.cut:
                c.label = inner[0].label
    return sorted(chosen, key=lambda c: (c.doc_index, c.start))


def namelike(tokens: Span | list[Token]) -> bool:
    """Whether a span (or a list of tokens) has a name inside: a proper noun, a Latin word, or a rare katakana word (no vector)."""
    if any(t.text in DOT for t in tokens[1:-1]):
        return True  # 「ジョン・スミス」: katakana words joined by ・ are written like a foreign name
    return any(is_proper(t) or is_name_tag(t) or is_latin(t.text) or (is_katakana(t.text) and not t.has_vector)
               for t in tokens)


def appos_candidates(doc: Doc, di: int, cues: Cues) -> list[Cand]:
    """Names right after a role or class noun that GiNZA missed: 「創設者のジョン・スミス」「投資ファンドTiger Global」.

    The name is a run of katakana words (joined by ・) or proper nouns directly after 「ROLEの」 or 「ROLE」.
    """
    toks = tokens_of(doc)
    out = []
    n = len(doc)
    for i, t in enumerate(doc):
        # 「ギゾー首相」「ムルダニ氏」: a rare katakana word right before a role or an honorific
        if (t.text in cues.person_roles or t.text in cues.honorifics) and i > 0 and is_katakana(toks[i - 1].text) \
                and not toks[i - 1].has_vector and not toks[i - 1].whitespace_:
            start = i - 1
            while start >= 2 and toks[start - 1].text in DOT and is_katakana(toks[start - 2].text):
                start -= 2
            out.append(Cand(di, start, i, "", "ner.apposition"))
        if t.text not in cues.person_roles and t.text not in cues.org_class_nouns:
            continue
        j = i + 2 if i + 1 < n and (toks[i + 1].text == "の" or (toks[i + 1].text in DOT
                                                               and class_noun_before_dot(doc, i, cues))) else i + 1
        if j + 1 < n and toks[j + 1].text in DOT and class_noun_before_dot(doc, j, cues):
            j += 2  # 「兄弟デュオ・X」: the name comes after the group's class noun
        end = j
        while end < n and (is_katakana(toks[end].text) or is_proper(toks[end])
                           or (toks[end].text in DOT and end + 1 < n and is_katakana(toks[end + 1].text))):
            end += 1
        # only rare words (no word vector) or proper nouns: 「企業のリソース」 is no name
        if end > j and namelike(toks[j:end]) and not (end < n and toks[end].pos_ == "NOUN" and not toks[end].tag_.startswith("接尾辞")
                            and toks[end].text not in cues.honorifics):
            out.append(Cand(di, j, end, "", "ner.apposition"))
    return out

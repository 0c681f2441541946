"""Stage 3, recall: compound names — a name and the institution head after it as one noun compound (「王子製紙」
「日本自由党」「第2次X内閣」), names Sudachi fuses with the word after them into one token (「X」+「大学卒業」,
「参議院議員」), bodies a common noun names (参議院, 枢密院) and clans (「X氏」 in a text about clans). The other
candidate passes, and the Cand they all make, are candidates.py's."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING

from .candidates import Cand, class_noun_before_dot, namelike, trim
from .mention_cues import (
    DOT,
    ORG,
    PLACE_SUFFIXES,
    ROLE_SHAPE,
    SPLIT_PUNCT,
    Cues,
    head_of,
    is_common,
    is_katakana,
    is_latin,
    is_proper,
    school_head,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc


def _noun_run_start(doc: Doc, i: int, stop: Callable[[int], bool] = lambda k: False) -> int:
    """Where the nouns written together right before token ``i`` start: the walk back stops at a number, a space,
    punctuation, any other part of speech, or a token ``k`` for which ``stop(k)``."""
    start = i
    while start > 0 and doc[start - 1].pos_ in {"NOUN", "PROPN"} and doc[start - 1].tag_ != "名詞-数詞" \
            and not doc[start - 1].whitespace_ and doc[start - 1].text not in SPLIT_PUNCT and not stop(start - 1):
        start -= 1
    return start


def head_compounds(doc: Doc, di: int, cues: Cues) -> list[Cand]:
    """Noun compounds ending in an institution head with a name inside: 「王子製紙」「海信集団」「日本自由党」."""
    out = []
    for t in doc:
        if t.i == 0 or (t.text not in cues.org_heads and not _fused_school(t, cues)):
            continue
        # another head stops the name, unless it is the word right before a two-character common-stem head after
        # a name: 「X工業」+「高等学校」, two heads after a name, make one name
        start = _ordinal_start(doc, _noun_run_start(doc, t.i, lambda k: doc[k].text in cues.org_heads and not (
            k == t.i - 1 and k >= 1 and len(doc[k].text) > 1 and len(t.text) > 1 and t.text in cues.common_stem_heads
            and doc[k].text not in cues.generic_heads and namelike(doc[k - 1:k]))))
        while start >= 2 and start < t.i and doc[start - 1].text in DOT and is_katakana(doc[start - 2].text) \
                and is_katakana(doc[start].text) and not class_noun_before_dot(doc, start - 2, cues):
            start -= 2  # 「ノルド・X投資事業有限責任組合」: katakana words joined by ・ before the head's words
        stem = doc[start:t.i]
        institutional = t.text in cues.common_stem_heads and len(stem.text) >= 2 \
            and not stem[0].tag_.startswith("接頭辞") and stem[0].text not in cues.name_prefixes
        if len(stem) and (institutional or any(is_proper(x) or is_latin(x.text)
                                               or (is_katakana(x.text) and not x.has_vector) for x in stem)):
            a, b = trim(doc, start, t.i + 1, cues)
            if b > a:
                out.append(Cand(di, a, b, "", "ner.head_compound"))
    return out


def _fused_school(t, cues: Cues) -> bool:
    """Whether a common noun is a kind of school in one word, a school's head after it: 「美術大学」「音楽学校」, which
    ends the name of the place or person before it (「ウィーン」+「応用」+「美術大学」)."""
    if is_proper(t) or t.pos_ != "NOUN" or t.text in cues.org_heads:
        return False
    head = school_head(t.text, cues)
    return head is not None and 1 < len(head) < len(t.text)


def fused_names(doc: Doc, di: int, cues: Cues) -> list[Cand]:
    """Institutions whose name Sudachi fuses with the word after it into one token (split mode C), found by the
    token's sub-tokens: 「北辰」+「大学卒業」, 「参議院議員」, 「X義塾Y」+「学院長」 (the name ends inside the token:
    ``cut``); a body a common noun names (「参議院」, or two or three tokens: 「枢密」+「院」); a place's council (「オハイオ」+「州議会」)."""
    subs = doc.user_data.get("sub_tokens") if isinstance(doc.user_data, dict) else None
    out = []
    n = len(doc)
    prefixes = _prefixes(cues.named_bodies)
    for t in doc:
        text = t.text  # the text of tokens t.i:k, joined here (a Span per try made every Token again)
        for k in range(t.i + 1, min(n, t.i + 3) + 1):  # 「参議院」, 「枢密」+「院」
            if k - 1 > t.i:
                if doc[k - 1].whitespace_:
                    break
                text += doc[k - 2].whitespace_ + doc[k - 1].text
            if text not in prefixes:
                break
            if text in cues.named_bodies:
                out.append(Cand(di, t.i, k, "", "ner.named_body"))
        if subs is None or t.i >= len(subs) or t.pos_ not in {"NOUN", "PROPN"} or len(t.text) < 3:
            continue
        split = subs[t.i]
        parts = [p[0] for p in (split[1] or split[0])] if split else []  # (DetailedToken.surface, or a plain tuple)
        for j in range(len(parts) - 1, 0, -1):
            name, tail = "".join(parts[:j]), "".join(parts[j:])
            if tail in cues.fused_tails or tail in cues.person_roles or ROLE_SHAPE.match(tail):
                cand = _fused_name(doc, di, t.i, name, len(tail), cues)
                if cand is not None:
                    out.append(cand)
                break
        else:
            if len(parts) == 2 and parts[0][-1] in PLACE_SUFFIXES and parts[1] in cues.common_stem_heads \
                    and t.i > 0 and "地名" in doc[t.i - 1].tag_ and not doc[t.i - 1].whitespace_:
                out.append(Cand(di, t.i - 1, t.i + 1, "", "ner.fused"))  # 「オハイオ」+「州議会」
    return out


@functools.cache
def _prefixes(names: frozenset[str]) -> frozenset[str]:
    """Every beginning of every name in ``names``: a run of tokens whose text is none starts none of them."""
    return frozenset(name[:j] for name in names for j in range(1, len(name) + 1))


def _fused_name(doc: Doc, di: int, i: int, name: str, cut: int, cues: Cues) -> Cand | None:
    """The candidate for ``name``, the first characters of token ``i``, with the name-like words before it when
    ``name`` ends in an institution head (「ゲッティンゲン」+「大学」), None when it names nothing."""
    if name in cues.named_bodies:
        return Cand(di, i, i + 1, "", "ner.named_body", cut=cut)
    head = name if name in cues.org_heads else (head_of(name, cues, whole=False) or ("",))[0]
    if not head or head in cues.generic_heads or head in cues.person_roles:
        return None  # (「X」+「代表取締役」: a title, no team's 代表)
    start = _noun_run_start(doc, i, lambda k: doc[k].text in cues.org_heads or doc[k].text in cues.name_prefixes)
    while start < i - 1 and is_common(doc[start]) and namelike(doc[start + 1:i]):
        start += 1  # 「名門」+「ゲッティンゲン」: a common word before the name is no part of it
    stem = doc[start:i].text + name[:len(name) - len(head)]
    if not (namelike(doc[start:i]) or (head in cues.common_stem_heads and len(stem) >= 2)):
        return None  # 「新」+「大学卒業」 names no school
    return Cand(di, start, i + 1, "", "ner.fused", cut=cut)


def titled_persons(doc: Doc, di: int, cues: Cues) -> list[Cand]:
    """Names that end in a buddha's, a deity's or an emperor's title, which is part of the name: 「X如来」 (one
    word), 「Y」+「菩薩」, 「Z」+「天皇」; the title alone (「天皇は」) names nobody."""
    out = []
    for t in doc:
        if not t.text.endswith(cues.person_heads):
            continue
        head = max((h for h in cues.person_heads if t.text.endswith(h)), key=len)  # 内親王, not its 親王
        start = t.i if len(t.text) > len(head) else _noun_run_start(doc, t.i)
        start = max(start, t.i - 3)
        if start == t.i and len(t.text) == len(head):
            continue
        out.append(Cand(di, start, t.i + 1, "", "ner.person_title"))  # typed by its head (mention_votes)
    return out


def clan_names(doc: Doc, di: int, cues: Cues) -> list[Cand]:
    """「X氏」 as a clan's name: a family name and 氏 in a text about clans (「X氏と並ぶ名族」, 「YX氏」 a
    branch), or before 「の」 and a clan's noun (「X氏の祖」); elsewhere 氏 after a name is Mr (the honorific cue)."""
    about_clans = any(w in doc.text for w in cues.clan_words)
    out = []
    n = len(doc)
    for t in doc:
        if t.text != "氏" or t.i == 0 or not doc[t.i - 1].tag_.endswith("姓") or doc[t.i - 1].whitespace_:
            continue
        if not about_clans and not (t.i + 2 < n and doc[t.i + 1].text == "の" and doc[t.i + 2].text in cues.clan_of_nouns):
            continue
        start = _noun_run_start(doc, t.i - 1)  # 「Y」+「X」+「氏」: a branch named after its seat
        cand = Cand(di, start, t.i + 1, "", "ner.clan")
        cand.votes.append((ORG, 4.0, "cue:clan"))
        out.append(cand)
    return out


def _ordinal_start(doc: Doc, start: int) -> int:
    """Where a compound that opens with a counter after a number starts: 「第2次」+「X内閣」 takes its ordinal (the
    cabinet's name), 「2001年」+「X大学」 drops the counter (a date before the name, no part of it)."""
    if start == 0 or "助数詞" not in doc[start].tag_ or doc[start - 1].tag_ != "名詞-数詞":
        return start
    if doc[start].text == "次" and start >= 2 and doc[start - 2].text == "第" and not doc[start - 2].whitespace_:
        return start - 2
    return start + 1

"""Typing rules of stage 3 that weigh one kind of evidence against another (for kg.extract.mention_votes).

A corporate head beats a model label or a name shape; a role noun fused to a name says person only when
the name looks like a person's; Sudachi's dictionary knowing a word as a non-person proper noun weakens a
Person label on it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .mention_cues import unknown_katakana

if TYPE_CHECKING:
    from spacy.tokens import Token

PERSON, ORG = "Person", "Organization"
_KATAKANA = re.compile(r"[\u30A1-\u30FA\u30FC\u30FD\u30FE]+")
_KANJI = re.compile(r"[\u3400-\u9FFF々〆ヶ]+")
_NON_NAME_SUFFIXES = {"語", "派", "論", "式", "型", "系"}  # 「Xタミル語」「X急進派」; not 学/史 (given names)
_ADMIN_SUFFIXES = {"州", "県", "郡", "市", "区", "町", "村", "省", "都", "府", "道"}


def has_person_tag(tokens: list[Token]) -> bool:
    """Whether Sudachi tags any token as a person's name (人名)."""
    return any("人名" in t.tag_ for t in tokens)


def known_non_person(tokens: list[Token]) -> bool:
    """Whether Sudachi's dictionary knows the name's words, none as a person's name: 「Xバンク」「X・マーケッツ」.

    True when no token is tagged 人名 and some token is a katakana common noun with a word vector that
    Sudachi's dictionary holds (フィナンシャル) or adjective (グローバル), or the name is one dictionary proper noun
    of no person or place (名詞-固有名詞-一般).
    Kanji common nouns do not count (Sudachi splits unknown given names into them: 「実」), nor proper
    nouns inside a longer name (foreign given names are often 固有名詞-一般).
    """
    if not tokens or has_person_tag(tokens):
        return False
    if len(tokens) == 1 and tokens[0].tag_ == "名詞-固有名詞-一般":
        return True
    return any(t.tag_.startswith(("名詞-普通名詞", "形状詞")) and _KATAKANA.fullmatch(t.text) and not unknown_katakana(t)
               for t in tokens)


def fused_role_class(tokens: list[Token], role: str, org_roles: frozenset[str]) -> str | None:
    """The class a role noun written right after a name gives it: 「山田社長」 a person, 「X社長」 with X no
    person's name the company's president, so X an organisation; None when it tells nothing."""
    if has_person_tag(tokens):
        return PERSON
    if all(t.tag_.startswith(("名詞-普通名詞", "接尾辞", "名詞-数詞")) for t in tokens):
        return None  # 「主計中尉」「営業本部長」: common words before a role name nobody
    if all(t.tag_.startswith("名詞-普通名詞") or t.tag_ == "名詞-固有名詞-一般" for t in tokens) \
            and any(t.tag_ == "名詞-固有名詞-一般" for t in tokens) and role in org_roles:
        return ORG
    if not known_non_person(tokens):
        return PERSON
    return None


def head_beats_person(votes: list[tuple[str, float, str]]) -> list[tuple[str, float, str]]:
    """Drop the Person votes of a name that an institution head makes an organisation (株式会社, 銀行, 大学 …).

    No person's name ends in an institution head, whatever a model label or a name shape says.
    """
    if any(cls == ORG and why.startswith("head:") for cls, _, why in votes):
        return [v for v in votes if v[0] != PERSON]
    return votes


def common_word_tail(tokens: list[Token]) -> bool:
    """Whether a name ends in a kanji dictionary word of two or more characters or in 語/派/論: no person's
    name does (「X独立運動」「X教会」「Xタミル語」); Sudachi splits unknown given names into one-kanji words."""
    if len(tokens) < 2 or "人名" in tokens[-1].tag_:
        return False
    last = tokens[-1]
    if last.text in _NON_NAME_SUFFIXES:
        return True
    return last.tag_.startswith("名詞-普通名詞") and len(last.text) >= 2 and last.has_vector \
        and _KANJI.fullmatch(last.text) is not None


def place_in_place(tokens: list[Token]) -> bool:
    """Whether a name is a place inside a place: 「ネバダ州Yタウン」, a place name, an administrative suffix, more."""
    return inner_place(tokens) != ""


def inner_place(tokens: list[Token]) -> str:
    """The place a place inside a place names last: 「アイダホ州ボイシ」 → 「ボイシ」 ('' when the name is none)."""
    cut = max((i for i, t in enumerate(tokens)
               if i < len(tokens) - 1 and ((t.text in _ADMIN_SUFFIXES and i > 0 and "地名" in tokens[i - 1].tag_)
                                           or ("地名" in t.tag_ and len(t.text) > 1 and t.text[-1] in _ADMIN_SUFFIXES))),
              default=None)
    return "".join(t.text for t in tokens[cut + 1:]) if cut is not None else ""

"""Typing rules of stage 3 that weigh one kind of evidence against another (for kg.extract.mention_votes).

A corporate head beats a model label or a name shape; a role noun fused to a name says person only when
the name looks like a person's; Sudachi's dictionary knowing a word as a non-person proper noun weakens a
Person label on it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Token

PERSON, ORG = "Person", "Organization"
_KATAKANA = re.compile(r"[\u30A1-\u30FA\u30FC\u30FD\u30FE]+")


def has_person_tag(tokens: list[Token]) -> bool:
    """Whether Sudachi tags any token as a person's name (人名)."""
    return any("人名" in t.tag_ for t in tokens)


def known_non_person(tokens: list[Token]) -> bool:
    """Whether Sudachi's dictionary knows the name's words, none as a person's name: 「Xバンク」「X・スタンプス」.

    True when no token is tagged 人名 and some token is a dictionary proper noun of no person or place
    (名詞-固有名詞-一般) or a katakana common noun with a word vector (フィナンシャル); kanji common nouns
    do not count: Sudachi splits unknown given names into them (「実」).
    """
    if not tokens or has_person_tag(tokens):
        return False
    return any(t.tag_ == "名詞-固有名詞-一般" or (t.tag_.startswith("名詞-普通名詞") and t.has_vector
                                                and _KATAKANA.fullmatch(t.text)) for t in tokens)


def fused_role_class(tokens: list[Token], role: str, org_roles: frozenset[str]) -> str | None:
    """The class a role noun written right after a name gives it: 「山田社長」 a person, 「X社長」 with X no
    person's name the company's president, so X an organisation; None when it tells nothing."""
    if has_person_tag(tokens):
        return PERSON
    if all(t.tag_.startswith(("名詞-普通名詞", "接尾辞", "名詞-数詞")) for t in tokens):
        return None  # 「技術中尉」「事業本部長」: common words before a role name nobody
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

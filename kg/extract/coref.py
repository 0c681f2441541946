"""Stage 5 helper: who a subjectless clause or a pronoun (彼, 彼女, 同氏, 同社) is about.

Japanese drops subjects freely: 「山田は…大学を去り、鈴木を誘った。一緒にX社を作った。」
The sentence topic (〜は) stays in force until another topic replaces it, so a clause with no
overt subject is read as being about the current topic of a compatible class.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import URIRef

from ..vocab import KG
from .topic import Topics

# Pronouns and anaphoric nouns → the class they refer to.
# 彼/彼女 (he/she), 同氏 (the said person), 同社/同行/同校/同大学/同党 (the said company/bank/school/party),
# ここ ("here": the organisation under discussion, as in 「すべてここを通っています」).
PRONOUNS: dict[str, URIRef] = {
    "彼": KG.Person, "彼女": KG.Person, "同氏": KG.Person, "氏": KG.Person, "本人": KG.Person, "自身": KG.Person,
    "同社": KG.Organization, "同行": KG.Organization, "同校": KG.Organization,
    "同大学": KG.Organization, "ここ": KG.Organization, "同ファンド": KG.Organization, "同財団": KG.Organization,
    "同団体": KG.Organization, "同法人": KG.Organization, "同大": KG.Organization, "同グループ": KG.Organization,
    "当社": KG.Organization, "同党": KG.Organization, "同協会": KG.Organization, "同球団": KG.Organization,
    "同チーム": KG.Organization, "同クラブ": KG.Organization, "同銀行": KG.Organization, "同研究所": KG.Organization,
}


@dataclass
class Salience:
    """The running topic and the last mentioned entity of each class, across one document."""

    topic: dict[URIRef, str] = field(default_factory=dict)  # class → entity key of the current 〜は topic
    last: dict[URIRef, str] = field(default_factory=dict)  # class → most recently mentioned entity key
    recent: dict[URIRef, dict[str, None]] = field(default_factory=dict)  # class → keys, most recent last
    topics: dict[URIRef, dict[str, int]] = field(default_factory=dict)  # class → key → times it was topic
    # Roles named without their holder, waiting for 「その人物はXです」 in the next sentence:
    # (predicate, holder is the object, the other person's key).
    open_roles: list[tuple[URIRef, bool, str]] = field(default_factory=list)
    # Acts whose object was a common noun (「…投資した企業」), waiting for 「A、Bなどがその例です」:
    # (predicate, subject keys with their classes, allowed object classes).
    open_objects: list[tuple[URIRef, tuple[tuple[str, URIRef], ...], frozenset[URIRef]]] = field(
        default_factory=list)
    # Two people just named together as a subject (「AとBは出会った」), in order, for a distributive
    # 「一人は…、もう一人は…」 in the same or the next sentence.
    pair: tuple[str, str] | None = None
    # The article's, section's and paragraph's topics (kg.extract.topic): who a dropped subject is in
    # encyclopedic text.
    doc_topics: Topics = field(default_factory=Topics)

    def resolve(self, kind: URIRef) -> str | None:
        """Return the most salient entity of ``kind``: the topic, else the last one mentioned.

        Example:
            >>> s = Salience()
            >>> s.mention("ito", KG.Person); s.resolve(KG.Person)
            'ito'
            >>> s.set_topic("sato", KG.Person); s.mention("ito", KG.Person); s.resolve(KG.Person)
            'sato'
        """
        return self.topic.get(kind) or self.last.get(kind)

    def set_topic(self, key: str, kind: URIRef) -> None:
        """Make ``key`` the topic for its class (a 〜は or sentence-initial 〜が subject)."""
        self.topic[kind] = key
        self.doc_topics.set_paragraph_topic(key, kind)
        self.mention(key, kind)
        counts = self.topics.setdefault(kind, {})
        counts[key] = counts.get(key, 0) + 1

    def main(self, kind: URIRef) -> str | None:
        """Return the entity of ``kind`` most often the topic so far (the one a biography is about).

        Example:
            >>> s = Salience()
            >>> s.set_topic("ito", KG.Person); s.set_topic("sato", KG.Person); s.set_topic("ito", KG.Person)
            >>> s.main(KG.Person)
            'ito'
        """
        counts = self.topics.get(kind)
        if not counts:
            return None
        best = max(counts.values())
        return next(k for k, n in counts.items() if n == best)

    def mention(self, key: str, kind: URIRef) -> None:
        """Record that ``key`` was mentioned."""
        self.last[kind] = key
        keys = self.recent.setdefault(kind, {})  # an ordered set: moving a key to the end is O(1)
        keys.pop(key, None)
        keys[key] = None

    def companion(self, kind: URIRef, other_than: str) -> str | None:
        """Return the most recently mentioned entity of ``kind`` that is not ``other_than``.

        Example:
            >>> s = Salience()
            >>> s.mention("nick", KG.Person); s.mention("sam", KG.Person); s.companion(KG.Person, "sam")
            'nick'
        """
        for key in reversed(self.recent.get(kind, {})):
            if key != other_than:
                return key
        return None

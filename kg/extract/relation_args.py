"""Stage 5, arguments: mentions placed on a sentence's tokens with their case particles; pronouns resolved;
coordination (「AとBは」「A、B、Cを」) grouped, and a coordinated pair read distributively (一人は…もう一人は)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rdflib import URIRef

from ..model import Chunk, Mention
from ..vocab import KG
from . import dates
from .coref import PRONOUNS, Salience
from .relation_rules import Rules
from .tokens import tokens_of

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token


SUBJECT_PARTICLES = ("は", "が", "も")
# Words that close a name or a list of names before its particle: 「宮下らが」「A、Bなどに」「A等の」.
CLOSERS = {"ら", "など", "等"}
_COORDINATORS = {"、", ",", "，", "と", "や", "および", "及び", "並びに", "・"}
# 「Aのほか、B」: besides A, B too
_BESIDES = (["の", "ほか", "、"], ["の", "他", "、"])


def _affiliated(a: Arg, org: Arg, b: Arg, doc: Doc) -> bool:
    """Is ``org`` the affiliation of the next person of a list: 「佐伯健、X社の山田太郎らと」?"""
    return a.kind == b.kind == KG.Person and org.kind == KG.Organization and a.key != b.key \
        and [t.text for t in doc[a.end:org.start]] == ["、"] and [t.text for t in doc[org.end:b.start]] == ["の"]


def _lineup_gap(between: list[Token]) -> bool:
    """Do ``between`` two people join them in a lineup: 「A、ギター担当のB」「Aのほか、ドラム担当のB」「A、ベーシストのB」?"""
    words = [t.text for t in between]
    for lead in _BESIDES:
        if words[:3] == lead:
            if len(words) == 3:
                return True
            words, between = ["、"] + words[3:], between[2:]
    if len(words) >= 3 and words[0] in ("、", "，") and words[-1] == "の" and words[-2].endswith(_PLAYERS) \
            and all(t.pos_ in ("NOUN", "PROPN") or t.text in ("・", "/", "／") for t in between[1:-1]):
        return True  # 「ドラマーのA、ベーシストのB」
    return len(words) >= 4 and words[0] in ("、", "，") and words[-2:] == ["担当", "の"] \
        and all(t.pos_ in ("NOUN", "PROPN") or t.text in ("・", "及び", "および") for t in between[1:-2])


def _dated_gap(between: list[Token]) -> bool:
    """Do ``between`` two organisations join them in a dated list: 「…のA、2008年、九州のBも買収」?"""
    words = [t.text for t in between]
    if len(words) < 3 or words[0] not in ("、", "，"):
        return False
    k = 1
    while k < len(words) and (between[k].pos_ == "NUM" or words[k] in ("年", "月", "日")):
        k += 1
    if k == 1 or "年" not in words[1:k]:
        return False
    if k < len(words) and words[k] in ("、", "，"):
        k += 1
    rest = between[k:]
    # what remains is nothing or one short description of the next one: 「九州の」「家電量販店の」
    return not rest or (len(rest) <= 4 and rest[-1].text == "の"
                        and all(t.pos_ in ("NOUN", "PROPN") for t in rest[:-1]))


# What a band's player is named by in a lineup: 「ドラマーのA、ベーシストのB、オーボエ奏者のC」
_PLAYERS = ("ドラマー", "ベーシスト", "ギタリスト", "ボーカル", "ボーカリスト", "キーボーディスト", "奏者", "パーカッショニスト",
            "ピアニスト", "サックス", "トランペッター", "DJ")


@dataclass
class Arg:
    """A mention (or resolved pronoun) in a sentence, with the case particle after it."""

    key: str
    kind: URIRef
    start: int  # token indices in the Doc, end exclusive
    end: int
    root: Token
    particle: str
    char_start: int
    char_end: int
    group: list[Arg] = field(default_factory=list)  # coordinated members, itself included
    # For an inferred holder (char_start < 0): where it came from, kg.extract.topic's paragraph/section/article,
    # or "discourse" (the running topic of a document with no lead subject).
    source: str = ""
    title: tuple[int, int] | None = None  # token span of a title fused after the name: 「山田太郎社長は」

    @property
    def head(self) -> Token:
        return self.root.head


@dataclass
class Hit:
    subject: Arg
    predicate: URIRef
    object: Arg
    method: str
    confidence: float
    cue: Token


def local_mentions(doc: Doc, chunk: Chunk, mentions: list[Mention], keys: dict[Mention, str],
                   kinds: dict[str, URIRef]) -> list[Arg]:
    """Place the document's mentions on this chunk's tokens."""
    if chunk.offsets:
        inverse = {o: i for i, o in enumerate(chunk.offsets)}
    else:
        inverse = None
    lo, hi = chunk.orig(0), chunk.orig(len(chunk.text))
    out: list[Arg] = []
    seen: set[tuple[int, int]] = set()
    for m in mentions:
        if m.source.doc_id != chunk.doc_id or not (lo <= m.source.start and m.source.end <= hi):
            continue
        key = keys.get(m)
        if key is None or key not in kinds:
            continue
        if inverse is None:
            a, b = m.source.start - chunk.start, m.source.end - chunk.start
        else:
            a, b = inverse.get(m.source.start), inverse.get(m.source.end - 1)
            if a is None or b is None:
                continue
            b += 1
        span = doc.char_span(a, b, alignment_mode="expand")
        if span is None or (span.start, span.end) in seen:
            continue
        seen.add((span.start, span.end))
        out.append(_arg(key, kinds[key], span))
    # A mention nested in a longer one (株式会社X inside X株式会社…) is dropped: the longer one speaks.
    out.sort(key=lambda a: (a.start, -(a.end - a.start)))
    kept: list[Arg] = []
    for a in out:
        if kept and a.start < kept[-1].end:
            continue
        text = doc[a.start:a.end].text
        if any(e - s == len(text) for s, e, _ in dates.find_years(text)):
            continue  # 「平成8年」 is a date, whatever the tagger said
        if kept and a.start == kept[-1].end and a.kind == kept[-1].kind == KG.Organization \
                and text.endswith(_SUBDIVISIONS):
            continue  # 「京都大学工学部」: the faculty is part of the university phrase
        kept.append(a)
    return kept


# A name followed by one of its parts takes that part's particle: 「京都大学工学部に入学」.
_SUBDIVISIONS = ("学部", "大学院", "研究科", "部門", "事業部", "本社", "支社", "支店", "研究所", "高校", "高等学校",
                 "キャンパス", "工場")


def _arg(key: str, kind: URIRef, span: Span) -> Arg:
    inside = [t for t in span if t.head.i < span.start or t.head.i >= span.end or t.head.i == t.i]
    root = inside[-1] if inside else span[-1]
    end = span.end
    if root.dep_ in ("compound", "nmod") and root.head.i == span.end and root.head.text.endswith(_SUBDIVISIONS):
        root = root.head
        end = root.i + 1
    elif root.head.i == span.end and root.head.text in HONORIFICS:
        root = root.head  # 「佐藤氏は」: the parse hangs the name on 氏, which takes the phrase's place
    quoted = span.start > 0 and span.doc[span.start - 1].text in _QUOTES
    if quoted and root.head.i == span.start - 2 and root.head.pos_ == "NOUN":
        root = root.head  # 「投資ファンド「X」を」: the parse hangs X on the noun it names, which takes its place
    return Arg(key=key, kind=kind, start=span.start, end=span.end, root=root,
               particle=_particle(span.doc, end, quoted=quoted), char_start=span.start_char, char_end=span.end_char)


_QUOTES = {"「": "」", "『": "』", "“": "”"}


def _particle(doc: Doc, end: int, quoted: bool = False) -> str:
    """Return the case particle(s) after token ``end - 1``: 「は」「を」「によって」「からの」.

    A parenthesis right after a name is skipped: 「山本健一（やまもと けんいち、1962年 - ）は」; so is the closing
    quote of a ``quoted`` name: 「「X」を設立」.
    """
    tokens = tokens_of(doc)
    out = ""
    i = end
    if quoted and i < len(doc) and tokens[i].text in _QUOTES.values():
        i += 1
    if i + 1 < len(doc) and tokens[i].text in ROYAL_TITLES and tokens[i + 1].text in ("（", "("):
        i += 1  # 「ヘンリク王子（…）は」: a prince's title glued to his name, before the lead's bracket
    if i < len(doc) and tokens[i].text in ("（", "("):
        depth = 0
        while i < len(doc):
            depth += tokens[i].text in ("（", "(")
            depth -= tokens[i].text in ("）", ")")
            i += 1
            if depth == 0:
                break
    if i < len(doc) and tokens[i].text in HONORIFICS:
        i += 1  # 「佐藤氏は」「山田さんが」: the honorific closes the name, the case particle follows
    if i < len(doc) and tokens[i].text in ("など", "等", "ら") and not out:
        i += 1  # 「AmazonやAcmeなどに」: など closes the list, the case particle follows
    while i < len(doc) and len(out) < 6:
        t = tokens[i]
        if t.pos_ in ("ADP", "SCONJ") or (t.dep_ == "fixed" and out) or (out == "に" and t.lemma_ == "よる"):
            out += t.text
            i += 1
            continue
        break
    if out.startswith("によ"):
        return "によって"
    return out


# Honorifics written after a name: 「佐伯氏」「佐伯さん」.
HONORIFICS = ("氏", "さん", "様", "君", "殿")
# Titles written after a royal's or a noble's name: 「ヘンリク王子」「アン王女」「ルイ公」.
ROYAL_TITLES = {"王子", "王女", "皇子", "皇女", "親王", "内親王", "王妃", "皇后", "公", "公爵", "侯爵", "伯爵", "卿",
                "殿下", "陛下"}


# A sentence that contains none of these has no pronoun to resolve, so its tokens need no walk:
# every pronoun (and the 同 of 「同 + 大学」) contains one of them (彼女 contains 彼, 同社 contains 同).
PRONOUN_HINTS = tuple(w for w in sorted(set(PRONOUNS) | {"同"})
                      if not any(v != w and v in w for v in set(PRONOUNS) | {"同"}))


def pronouns(sent: Span, args: list[Arg], salience: Salience) -> list[Arg]:
    """Resolve 彼/彼女/同氏/同社 in the sentence to the most salient entity of their class."""
    out: list[Arg] = []
    taken = {i for a in args for i in range(a.start, a.end)}
    for t in sent:
        kind = PRONOUNS.get(t.text)
        width = 1
        if kind is None and t.text == "同" and t.i + 1 < sent.end:
            # 「同大学」「同社」 split by the tokenizer: 同 + the class noun
            kind = PRONOUNS.get("同" + sent.doc[t.i + 1].text)
            width = 2
        if kind is None or t.i in taken:
            continue
        if t.text == "氏" and (t.i == sent.start or sent.doc[t.i - 1].pos_ != "PRON"):
            continue  # 「孫氏」 is an honorific, not a pronoun
        if t.text == "自身" and (
                (t.i > sent.start and sent.doc[t.i - 1].pos_ in ("NOUN", "PROPN", "PRON", "SYM"))
                or t.i + 1 >= sent.end or sent.doc[t.i + 1].text not in ("が", "は", "も")
                or KG.Person not in salience.doc_topics.article):
            # 「山田自身も」「彼自身」: the name before it is the one meant; 「自身の」 is the subject's own; and
            # 「自身も」 in an article about a company is the company
            continue
        if t.text == "ここ" and (t.i + 1 >= len(sent.doc) or sent.doc[t.i + 1].text not in ("を", "に", "で")):
            continue  # 「ここ数年」 is a time, not a place
        # 「ここ」「同社」「同大学」 point at the organisation named last; 彼/彼女 at the topic.
        key = salience.last.get(kind) if kind == KG.Organization else salience.resolve(kind)
        earlier = [a for a in args if a.kind == kind and a.end <= t.i]
        if kind == KG.Organization and earlier and (width == 2 or t.text.startswith("同")):
            # 「京都大学に入学し、同大学を卒業」「X社を設立し、同社の社長に」: named earlier in the sentence
            key = earlier[-1].key
        if key is None:
            continue
        span = sent.doc[t.i:t.i + width]
        arg = _arg(key, kind, span)
        arg.particle = arg.particle or ""
        out.append(arg)
    return out


def coordinate(args: list[Arg], doc: Doc) -> None:
    """Group 「A、B、Cは」「AとBは」: members share the last member's particle and head."""
    for a in args:
        a.group = [a]
    i = 0
    while i < len(args):
        j = i
        affiliations: set[int] = set()  # 「A、X社のB」: X names B's organisation, no member of the list
        while j + 1 < len(args):
            a, b = args[j], args[j + 1]
            # (a list that opens on a titled name, 「X社社長のA、Y社のB」, is the title's, not one list)
            if j + 2 < len(args) and _affiliated(a, b, args[j + 2], doc) \
                    and (j > i or a.start == 0 or doc[a.start - 1].text != "の"):
                affiliations.add(j + 1)
                j += 2
                continue
            between = [t.text for t in doc[a.end:b.start]]
            if a.kind == b.kind == KG.Person and a.key != b.key and _lineup_gap(list(doc[a.end:b.start])):
                j += 1
                continue
            if a.kind == b.kind == KG.Organization and a.key != b.key and _dated_gap(list(doc[a.end:b.start])):
                j += 1
                continue
            if a.kind != b.kind or a.key == b.key or not between or any(x not in _COORDINATORS for x in between):
                break  # (「AとAの同級生B」: a name and itself are no list)
            j += 1
        if j > i:
            members = [args[k] for k in range(i, j + 1) if k not in affiliations]
            last = members[-1]
            # The member the parse hangs on the predicate speaks for the group (often the last,
            # but 「AmazonやAcmeなどに」 may hang Acme on Amazon).
            inside = {k for m in members for k in range(m.start, m.end)}
            outer = [m for m in members if m.root.head.i not in inside] or [last]
            root = outer[-1].root
            for m in members:
                m.group = members
                m.particle = last.particle
                m.root = root
        i = j + 1


def subject_pair(args: list[Arg]) -> tuple[str, str] | None:
    """Two people coordinated as a subject, in order: 「AとBは出会った」 → (A, B)."""
    for a in args:
        group = a.group or [a]
        if len(group) == 2 and all(m.kind == KG.Person and m.char_start >= 0 for m in group) \
                and a.particle[:1] in SUBJECT_PARTICLES and group[0].key != group[1].key:
            return group[0].key, group[1].key
    return None


def distributive(preds: list[Token], rules: Rules, pair: tuple[str, str] | None) -> Arg | None:
    """「一人はXを立ち上げ、もう一人はYを設立」: the member of the pair this clause's 一人は/もう一人は names."""
    if pair is None:
        return None
    for p in preds:
        for c in p.children:
            if not token_particle(c)[:1] in ("は", "が"):
                continue
            prev = c.doc[c.i - 1].text if c.i > 0 else ""
            if prev + c.text in rules.distributive_second or c.text in rules.distributive_second:
                which = 1
            elif c.text in rules.distributive_first:
                which = 0
            else:
                continue
            return Arg(key=pair[which], kind=KG.Person, start=c.i, end=c.i + 1, root=c, particle="は",
                       char_start=-1, char_end=-1)
    return None


def arg_at(token: Token, args: list[Arg]) -> Arg | None:
    for a in args:
        if a.start <= token.i < a.end:
            return a
    return None


def token_particle(t: Token) -> str:
    return _particle(t.doc, t.i + 1)

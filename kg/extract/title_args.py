"""Stage 5, where a title's holder and organisation stand: the name a title introduces (「CEOのY」「社長 Y」),
the organisation before it (「XのCEO」「X第4代社長」「X内閣の農業大臣」) and the subject a title is predicated
of (「YはXの社長に就任した」「Xを社長に起用する」). Shared by the title cues (role_cues) and the kin cues (kin_cues).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rdflib import URIRef

from ..vocab import KG
from .case_frames import discourse_topic, line_goes_on, next_arg, topic_args
from .coref import Salience
from .relation_args import CLOSERS, SUBJECT_PARTICLES, Arg, arg_at, token_particle
from .relation_rules import Rules

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token


# Tokens that may stand between a title and the name it introduces: 「CEO・Y」「CEOであるY」「社長のY」.
_APPOSITION_GAP = {"・", "、", "の", "で", "ある", "あっ", "だっ", "た", "　", " ", "=", "＝", "兼", "：", ":"}
# A relative: 「四女」「長男」「息子」「妻」 (「X社長の四女」 names the title holder's daughter, not the holder).
_RELATIVE = re.compile(r"^(?:長|次|三|四|五|六|七|末)?(?:男|女)$|^(?:息子|娘|孫|子息|令嬢|妻|夫|夫人|兄|弟|姉|妹|父|母"
                       r"|義父|義母|兄弟|姉妹)$")
# Prefixes of a title that do not change its meaning: 「新CEO」「元社長」「初代社長」「現会長」.
TITLE_PREFIX = {"新", "前", "元", "初代", "現", "同社", "株式会社", "社", "グループ", "共同", "最初", "リード",
                "退役", "予備役", "チーフ", "シニア", "暫定", "臨時"}  # 「X陸軍退役大将」「チーフエンジニア」「暫定CEO」


def named_after(end: int, args: list[Arg], doc: Doc) -> Arg | None:
    """The name a title introduces: 「CEOのY」「CEO・Y」「CEOであるY」「社長 Y」「幹事長代理のY」."""
    i = end
    if i < len(doc) and doc[i].text in _DEPUTY:
        i += 1  # 「幹事長代理の佐伯」: a deputy holds the office's rank
    gap = 0
    while i < len(doc) and gap <= 3:
        for a in args:
            if a.start == i:
                return a
        if doc[i].text == "あり" or (doc[i].text == "、" and i > end and doc[i - 1].text in ("で", "あり")):
            break  # 「Yの子会社であり、Z…」「XのCEOで、Z…」: a clause ends, no name in apposition follows
        if doc[i].text.strip() == "" or doc[i].text in _APPOSITION_GAP or doc[i].lemma_ in ("だ", "です", "ある"):
            i += 1
            gap += 1
            continue
        break
    # A title glued into the name's span by the tagger: 「社長 山田太郎」.
    for a in args:
        if a.start < end <= a.root.i:
            return a
    return None


def _ordinal(t: Token) -> bool:
    """A piece of a title's ordinal: 「第」「4」「代」「代目」「3番目」 (「Xの3番目の妻」)."""
    return t.text in ("第", "代", "代目", "番目", "度目", "人目") or (t.tag_ == "名詞-数詞" and t.text.isdigit())


# 「幹事長代理」「社長代行」: the deputy of an office
_DEPUTY = ("代理", "代行")
# 「「X」の監督」: a quoted name before its title
_CLOSING_QUOTES = ("」", "』")


def owner_before(start: int, args: list[Arg], doc: Doc) -> Arg | None:
    """The organisation a title belongs to: 「XのCEO」「X代表取締役」「Xの新CEO」「X (English name) 取締役会長」
    「「X」の監督」."""
    i = start - 1
    skipped = 0
    while i >= 0 and doc[i].text.strip() == "":
        i -= 1
    if i >= 0 and doc[i].text in ("）", ")"):  # a parenthesis between the name and its title is skipped
        depth, j = 0, i
        while j >= 0:
            depth += doc[j].text in ("）", ")")
            depth -= doc[j].text in ("（", "(")
            if depth == 0:
                break
            j -= 1
        if j > 0 and i - j < 12:
            for a in args:
                if a.end == j or (a.end == j - 1 and doc[j - 1].text.strip() == ""):
                    return a
    i = start - 1
    while i >= 0 and skipped <= 3:
        t = doc[i]
        for a in args:
            if a.end == i + 1:
                between = doc[a.end:start]
                if all(x.text in ("の",) or x.text in TITLE_PREFIX or x.text in CLOSERS or x.text.strip() == ""
                       or x.text in _CLOSING_QUOTES or _ordinal(x) for x in between):
                    return a
        if _ordinal(t):
            i -= 1  # 「X第4代社長」「Xの第3代頭取」: the ordinal of the title, not counted as a gap
            continue
        if t.text in ("の",) or t.text in TITLE_PREFIX or t.text in CLOSERS or t.text.strip() == "" \
                or t.text in _CLOSING_QUOTES:
            i -= 1
            skipped += 1
            continue
        break
    for a in args:
        if a.start <= start - 1 < a.end:
            return a
    return _before_portfolio(start, args, doc)


# Nouns between an organisation and a title that name a unit of it: 「X社の子会社社長」 is no title of X.
_UNITS = ("子会社", "関連会社", "傘下", "系列", "法人", "支社", "支店", "部門", "事業部", "工場", "研究所", "病院", "店")


def _before_portfolio(start: int, args: list[Arg], doc: Doc) -> Arg | None:
    """「X内閣の農業・土地改良大臣」「Xの技術担当副社長」: the organisation before a title's portfolio (nouns glued
    to the title, no name, no unit of the organisation)."""
    i = start - 1
    while i >= 0 and start - i <= 4 and (doc[i].pos_ == "NOUN" or doc[i].text == "・") \
            and arg_at(doc[i], args) is None and not doc[i].text.endswith(_UNITS):
        i -= 1
    if i == start - 1 or i < 1 or doc[i].text != "の":
        return None
    return next((a for a in args if a.end == i and a.kind == KG.Organization), None)


def _fused_object(a: Arg, verb: Token) -> bool:
    """「後任の社長にY専務を起用」: the name hangs on its present title, the title is the verb's を-object."""
    doc = verb.doc
    if a.end >= len(doc) or a.root.head.i != a.end:
        return False
    title = doc[a.end]
    return title.head.i == verb.i and title.pos_ == "NOUN" and token_particle(title)[:1] == "を"


def predicative_subject(head: Token, args: list[Arg], rules: Rules, salience: Salience,
                        sent: Span, kinds: frozenset[URIRef] = frozenset({KG.Person})) -> list[Arg]:
    """「YはXのCEOだ」「YはXの社長に就任した」「YはXのCEOとして…」: the title's holder is the subject."""
    doc = head.doc
    if head.i + 2 < len(doc) and doc[head.i + 1].text == "の" and _RELATIVE.match(doc[head.i + 2].text):
        return []  # 「X社長の四女・Y」「X会長の妻」: the title is a relative's, not the subject's
    t = head
    # climb から the title's own phrase to the predicate it belongs to
    for _ in range(3):
        if t.dep_ in ("compound", "nmod") and t.head.i != t.i and t.head.pos_ in ("NOUN", "PROPN"):
            t = t.head
        else:
            break
    particle = token_particle(t)
    copula = any(c.lemma_ in ("だ", "です", "である") or c.dep_ == "cop" for c in t.children) or (
        particle == "で" and t.i + 2 < sent.end and doc[t.i + 2].text == "、")  # 「Yも元X選手で、…」: だ's で
    preds: list[Token]
    if copula or t.dep_ == "ROOT":
        preds = [t]
    elif particle == "と" and t.head.lemma_ == "する":
        # 「Xをリード投資家とした資金調達」「Yを顧問とする」: the one made the title's holder is the object
        # (or written right before the title, whatever the parse hangs it on: 「Xを」→「リード」)
        first = min([t.i] + [c.i for c in t.children if c.dep_ == "compound"])
        return [a for a in args if a.particle[:1] == "を" and a.kind in kinds
                and (a.root.head.i == t.head.i or a.end + 1 == first)]
    elif particle.startswith("に") and t.head.lemma_ in rules.appointment_verbs \
            and (t.head.lemma_ not in rules.light_verbs
                 or not any(c.lemma_ in ("れる", "られる") for c in t.head.children)):
        # 「Xを社長に起用する」「Xを会長に迎えた」: the one appointed is the object (「Xが会長に選ばれた」, with
        # no object, names its subject: below)
        return [a for a in args if a.kind in kinds and (
            (a.root.head.i == t.head.i and a.particle[:1] == "を") or _fused_object(a, t.head))]
    elif not particle and _title_list(t, args, sent):
        # 「X党所属の参議院議員（7期）、Y会会長、Z財団顧問。」: a sentence of titles alone is about the topic
        return discourse_topic(frozenset({KG.Person}), salience, sent, [], [t], args)
    elif particle[:1] in ("に", "を", "と") or particle.startswith("として") or (
            particle == "も" and t.head.lemma_ in rules.light_verbs):  # 「Xの監督も務める」
        if t.head.lemma_ in rules.light_verbs or particle.startswith("として"):
            preds = [t.head]
        else:
            # 「専務にはA、Bらが就任」 parsed with the title hung on a name: the name's own predicate
            held = arg_at(t.head, args)
            if held is None or held.kind not in kinds or held.particle[:1] not in ("が", "は") \
                    or held.root.head.lemma_ not in rules.light_verbs or not particle.startswith("に"):
                return []
            return [held]
    else:
        return []
    if preds[-1].dep_ == "acl" and preds[-1].i != t.i:
        # 「後にXの副会長となるY」「Xの頭取を務めたY」: a relative clause names its head as the title's holder
        held = arg_at(preds[-1].head, args) or next_arg(preds[-1].head, args)
        if held is not None and held.kind in kinds and held.start > preds[-1].i:
            return [held]
    subjects = [a for a in args if a.root.head.i in {p.i for p in preds} and a.particle[:1] in SUBJECT_PARTICLES
                and a.kind in kinds]
    if len(subjects) > 1 and particle.startswith("に"):
        # 「会長にはAが、専務にはBらが就任」: each title goes with the subject that follows it
        following = [a for a in subjects if a.start > t.i]
        subjects = [following[0]] if following else subjects
    if subjects:
        return subjects
    found = [a for a in topic_args(args, preds, SUBJECT_PARTICLES) if a.kind in kinds]
    if found:
        return found
    nominal = t.dep_ == "ROOT" and _closes_sentence(t.i + 1, sent)
    # (the title itself may be the parse's subject: 「Xの監督も務める」)
    overt = any(c.dep_ in ("nsubj", "nsubj:pass") and c.i != t.i for p in preds for c in p.children)
    if not overt and (nominal or copula or t.dep_ != "ROOT"):
        # 「株式会社X代表取締役社長。」 after 「Yは、日本の実業家。」: a nominal sentence about the topic.
        # 「…CEOとして指名された」 with no subject: the discourse topic; a bare 「Xの創設者」 is not enough.
        return discourse_topic(frozenset({KG.Person}), salience, sent, [], preds, args)
    return []


def _title_list(t: Token, args: list[Arg], sent: Span) -> bool:
    """Is ``t`` an item of a sentence that lists titles and nothing else: no verb, no subject or object
    particle, and 「、」 after the item (「A社取締役、B大学教授。」「…、C会顧問である。」: the copula is no verb)?"""
    doc = sent.doc
    i = t.i + 1
    if i < sent.end and doc[i].text in ("(", "（"):
        i = next((j + 1 for j in range(i + 1, sent.end) if doc[j].text in (")", "）")), sent.end)
    if i >= sent.end or doc[i].text != "、" or not (sent.text.rstrip().endswith("。") or line_goes_on(sent)):
        return False  # (the parse may cut a line of titles at a Latin name: 「X会議評議員、前ABC」 「Y委員会委員。」)
    return not any((x.pos_ == "VERB" and x.dep_ != "fixed")
                   or (x.pos_ == "ADP" and x.text in ("は", "が", "を", "に", "も", "と")) for x in sent)


def _closes_sentence(i: int, sent: Span) -> bool:
    """Nothing but 。 or a closing parenthetical follows token ``i``: 「…参議院議員(3期)。」 ends at 議員."""
    doc = sent.doc
    if i < sent.end and doc[i].text in ("(", "（"):
        close = next((j for j in range(i + 1, sent.end) if doc[j].text in (")", "）")), None)
        if close is None:
            return False
        i = close + 1
    return i >= sent.end or doc[i].text in ("。", "．")


"""Stage 5, noun cues: titles and kinship terms in apposition or predication — 「XのCEOであるY」「XのCEO・Y」
「X代表取締役会長兼社長 Y」「YはXの社長に就任した」「妻のY」 — and identity and parent-organisation readings."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rdflib import URIRef

from ..vocab import KG
from .case_frames import (COMPANION_NOUNS, can_carry, discourse_topic, expand, hedged, inferred, negated, next_arg,
                          topic_args)
from .coref import Salience
from .relation_args import CLOSERS, SUBJECT_PARTICLES, Arg, Hit, arg_at, token_particle
from .relation_rules import HEDGE_FACTOR, ROLE_RANK, Rules
from .structures import is_house

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token


# Tokens that may stand between a title and the name it introduces: 「CEO・Y」「CEOであるY」「社長のY」.
_APPOSITION_GAP = {"・", "、", "の", "で", "ある", "あっ", "だっ", "た", "　", " ", "=", "＝", "兼", "：", ":"}
# A relative: 「四女」「長男」「息子」「妻」 (「X社長の四女」 names the title holder's daughter, not the holder).
_RELATIVE = re.compile(r"^(?:長|次|三|四|五|六|七|末)?(?:男|女)$|^(?:息子|娘|孫|子息|令嬢|妻|夫|夫人|兄|弟|姉|妹|父|母"
                       r"|義父|義母|兄弟|姉妹)$")
# Prefixes of a title that do not change its meaning: 「新CEO」「元社長」「初代社長」「現会長」.
_TITLE_PREFIX = {"新", "前", "元", "初代", "現", "同社", "株式会社", "社", "グループ", "共同", "最初", "リード",
                 "退役", "予備役", "チーフ", "シニア"}  # 「X陸軍退役大将」「チーフエンジニア」


def title_inside_name(token: Token, args: list[Arg]) -> bool:
    """A title glued into a mention (「社長 孫正義」 tagged as one name) still counts as a title."""
    a = arg_at(token, args)
    return a is not None and token.i < a.root.i and token.pos_ == "NOUN" and not token.tag_.startswith("名詞-固有名詞")


def longest(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    spans = sorted(spans, key=lambda s: (s[0], -(s[1] - s[0])))
    out: list[tuple[int, int, str]] = []
    for s in spans:
        if out and s[0] < out[-1][1]:
            continue
        out.append(s)
    return out


def title_chains(spans: list[tuple[int, int, str]], doc: Doc) -> list[list[tuple[int, int, str]]]:
    """Join adjacent titles (代表取締役 会長 兼 社長) into one chain; 兼 separates roles that all count."""
    chains: list[list[tuple[int, int, str]]] = []
    for s in spans:
        if chains:
            last = chains[-1][-1]
            gap = [t.text for t in doc[last[1]:s[0]]]
            if last[2].startswith("role:") and s[2].startswith("role:") and (
                    (all(g in ("兼", "・") for g in gap) and len(gap) <= 1)
                    or (len(gap) == 2 and gap[0] == "兼" and gap[1] in _TITLE_PREFIX)):  # 「COO兼チーフエンジニア」
                chains[-1].append(s)
                continue
        chains.append([s])
    return chains


def phrase_roots(args: list[Arg], chains: list[list[tuple[int, int, str]]], doc: Doc) -> None:
    """Let a name stand for the phrase it heads: 「宮本茂らが」 (the parse hangs が on ら) and a fused title
    「山田太郎社長は」「山田太郎・取締役が」, whose title takes the case particle. The name's ``root`` becomes the
    phrase's head and its ``particle`` the phrase's; a fused title is recorded in ``title``.
    """
    starts = {c[0][0]: c for c in chains if c[0][2].startswith("role:")}
    for a in args:
        head = a.root.head
        if head.text in CLOSERS and head.i > a.root.i and head.i <= max(m.end for m in a.group or [a]) + 1:
            a.root = head
            continue
        if a.kind != KG.Person or a.char_start < 0:
            continue
        at = a.end + 1 if a.end < len(doc) and doc[a.end].text == "・" else a.end
        chain = starts.get(at)
        if chain is None:
            continue
        lo, hi = chain[0][0], chain[-1][1]
        if hi < len(doc) and head.i == hi and doc[hi].pos_ == "NOUN":
            hi += 1  # 「…取締役兼常務執行役が」: the title goes on past the last cue
        if not (lo <= head.i < hi or head.i == a.root.i):
            continue  # the parse does not join the title to the name: 「山田太郎、社長に就任」 is no fusion
        outer = [t for t in doc[lo:hi] if not lo <= t.head.i < hi or t.head.i == t.i]
        a.root = outer[-1] if outer else doc[hi - 1]
        a.particle = token_particle(doc[hi - 1])
        a.title = (lo, chain[-1][1])


def role_hits(chain: list[tuple[int, int, str]], args: list[Arg], rules: Rules, salience: Salience,
              sent: Span) -> list[Hit]:
    doc = sent.doc
    first, last = chain[0][0], chain[-1][1]
    label = chain[0][2]
    named = _after(last, args, doc)
    before = _before(first, args, doc)
    if label.startswith("kin:"):
        return _kin_hits(chain[0], named, before, args, rules, salience, sent)
    if label.startswith("org:"):
        return _orgrole_hits(chain[0], named, before, args, rules, sent)
    fused = next((a for a in args if a.title == (first, last)), None)
    if fused is not None:
        return _fused_hits(fused, chain, args, rules, salience, sent)
    preds = _chain_predicates(chain, doc, rules)
    head = doc[last - 1]
    if _modifies_noun(head, last, rules):
        return []  # 「記者会見」「選手権」「職員研修施設」: the title word only qualifies the noun after it
    confidence, method = 0.9, "apposition"
    people: list[Arg] = []
    subject_kinds = frozenset().union(*(p[1] for p in preds))
    among = _among(head, args, subject_kinds)
    carrier = _carrier(head, args, rules, subject_kinds) if named is None else None
    predicated = False
    if named is None and token_particle(head).startswith("は"):
        # 「京セラの現会長は谷本秀夫で」: the predicate names the holder.
        predicated = True
        named = next((a for a in args if a.kind in subject_kinds and a.start >= last and (
            a.root.dep_ == "ROOT" or a.end >= sent.end - 1 or doc[a.end].lemma_ in ("だ", "です", "である")
            or (doc[a.end].text == "で" and a.end + 1 < sent.end and doc[a.end + 1].text == "、"))), None)
    if named is not None and named.kind in subject_kinds:
        people = [named]
    elif among is not None:
        people, confidence, method = [among], 0.6, "predicative.among"
    elif carrier is not None:
        people, confidence, method = [carrier], 0.7, "carrier"
    elif named is None and (preceding := _named_before(before, args)) is not None \
            and preceding.kind in subject_kinds:
        # 「山田太郎北辰銀行頭取は」: a name written right before the organisation and its title holds it
        people, confidence, method = [preceding], 0.8, "apposition.preceding"
    else:
        people = _predicative_subject(head, args, rules, salience, sent, subject_kinds)
        confidence, method = 0.8, "predicative"
        if people and people[0].char_start < 0:
            confidence, suffix = inferred(people[0])
            method = f"predicative.{suffix}"
    org = before if before is not None and before.kind == KG.Organization else None
    if org is None:
        org = _workplace(head, args, rules)
        if org is not None:
            method += ".workplace"
    owned = first > sent.start and doc[first - 1].text == "の" or (
        first > sent.start + 1 and doc[first - 1].text in _TITLE_PREFIX and doc[first - 2].text == "の") or (
        # 「…Y会副代表理事」 with Y会 no name we know: a noun glued to the title names its organisation
        first > sent.start and doc[first - 1].pos_ in ("NOUN", "PROPN") and doc[first - 1].text not in _TITLE_PREFIX
        and arg_at(doc[first - 1], args) is None)
    if org is None and owned:
        return []  # 「Xの新社長には」 with X no name we know: the title's organisation is named, not guessed
    if org is None and people and method.startswith(("predicative", "carrier")):
        # 「Xを設立し、代表取締役社長に就任した」: the one organisation of the sentence that is an argument of
        # its own (not the holder's 「Yの山田太郎が社長に」 nor 「Y出身の」).
        orgs = {a.key: a for a in args if a.kind == KG.Organization and all(a.key != p.key for p in people)
                and a.particle != "" and not any(a.end + 1 == p.start and a.particle == "の" for p in people)}
        topical = [a for a in orgs.values() if a.particle[:1] == "は" and all(a.end <= p.start for p in people)]
        if len(orgs) == 1:
            org = next(iter(orgs.values()))
            method += ".sentence-org"
            confidence = min(confidence, 0.6)
        elif len(topical) == 1:
            # 「X社は子会社Yの社長を務めるZ執行役員が社長に昇格する」: of several, the company the sentence is about
            org = topical[0]
            method += ".sentence-topic"
            confidence = min(confidence, 0.6)
    if org is None and people and method.startswith(("predicative", "carrier")) and not any(
            a.kind == KG.Organization and all(a.key != p.key for p in people) for a in args):
        org = _topic_org(salience, sent, head, args)
        if org is not None:
            method += ".topic-org" if org.source == "discourse" else f".org.{org.source}"
            confidence = 0.5
    if org is None and named is not None and people and named.kind in subject_kinds \
            and (named.kind == KG.Person or KG.Organization in subject_kinds) \
            and (named.start == last or (named.kind == KG.Organization and (predicated or (
                named.start == last + 1 and doc[last].text == "の")))) \
            and not any(a.kind == KG.Organization and a.key != named.key and a.particle[:1] in ("は", "が")
                        for a in args if a.end <= first):
        # 「新CEOジョン・スミス」「既存株主のX」「引受先はX」: a title with no organisation names the one under
        # discussion (not when the sentence's own company stands before it as subject).
        org = _topic_org(salience, sent, head, args)
        if org is not None:
            confidence = 0.5
            method = "apposition.discourse" if org.source == "discourse" else f"apposition.org.{org.source}"
    if org is None or not people:
        return []
    if negated([head, head.head, sent.root], rules):
        return []  # 「創設者のXというわけでもありません」
    if hedged(head, sent, rules):
        confidence *= HEDGE_FACTOR
        method += ".hedged"
    hits = []
    for pred, subj_kinds, obj_kinds, cue_label in preds:
        for p in expand(people):
            for o in expand([org]):  # 「京セラおよびKDDIの創業者」: one edge per organisation
                if p.kind in subj_kinds and o.kind in obj_kinds and p.key != o.key:
                    # 「X社出身のY」: coming from a company is having worked there; from a school, having studied
                    # 「X家出身のY」: from a family, being one of it
                    p_ = pred
                    if pred == KG.alumniOf and head.lemma_ == "出身" and not o.key.endswith(rules.school_list.suffixes):
                        p_ = KG.memberOf if is_house(doc[o.start:o.end].text) else KG.employeeOf
                    hits.append(Hit(p, p_, o, f"role.{method}", confidence, doc[last - 1]))
    if method.startswith("predicative") and people:
        # 「AはBと共にXの取締役に就いた」: the companion of the holder took the title too
        hits += [Hit(c, h.predicate, h.object, f"{h.method}.companion", min(h.confidence, 0.75), h.cue)
                 for c in _companions(head, args, people, rules) for h in list(hits) if h.subject.key == people[0].key]
    return _party_members(hits, doc)


def _companions(head: Token, args: list[Arg], people: list[Arg], rules: Rules) -> list[Arg]:
    """「Bと共に」「Bと一緒に」 hung on the light verb that carries the title (「…取締役に就いた」)."""
    verb = head.head
    if verb.i == head.i or verb.lemma_ not in rules.light_verbs:
        return []
    return [a for a in args if a.kind == KG.Person and a.particle.startswith("と")
            and a.root.head.lemma_ in COMPANION_NOUNS
            and a.root.head.head.i == verb.i and all(a.key != p.key for p in people)]


# Titles whose holder leads or founded an organisation: in a party, the holder is one of its members too.
_LEADING = frozenset({KG.ceoOf, KG.executiveOf, KG.boardMemberOf, KG.founderOf})
# Titles only a party has: their organisation is a party whatever its name (「X会議のY党首」).
_PARTY_TITLES = frozenset({"党首", "副党首", "党代表", "党総裁"})


def _party_members(hits: list[Hit], doc: Doc) -> list[Hit]:
    """「X党の委員長Y」「X党幹事長のY」「X会議のY党首」: a party's leader is a member of it (memberOf beside the
    title's edge)."""
    out = list(hits)
    for h in hits:
        o = h.object
        name = doc[o.start:o.end].text if o.char_start >= 0 else o.key
        if h.predicate in _LEADING and (name.endswith("党") or h.cue.text in _PARTY_TITLES):
            out.append(Hit(h.subject, KG.memberOf, o, f"{h.method}.party", h.confidence, h.cue))
    return out


def _topic_org(salience: Salience, sent: Span, head: Token, args: list[Arg]) -> Arg | None:
    """The organisation a title with none named belongs to: the paragraph's, section's or article's
    organisation (kg.extract.topic), else the running organisation topic of a document with no lead subject."""
    if not can_carry(sent, [head], args):
        return None
    topics = salience.doc_topics
    if topics.has_article:
        found = topics.resolve(KG.Organization)
        key, source = found if found else (None, "")
    else:
        key, source = salience.topic.get(KG.Organization), "discourse"
    if key is None:
        return None
    return Arg(key=key, kind=KG.Organization, start=head.i, end=head.i, root=head, particle="", char_start=-1,
               char_end=-1, source=source)


def _fused_hits(person: Arg, chain: list[tuple[int, int, str]], args: list[Arg], rules: Rules,
                salience: Salience, sent: Span) -> list[Hit]:
    """「山田太郎社長は」「X社の山田太郎取締役が」: a title fused after a name is held by that name.

    The organisation is the one named before the person (「X社の山田太郎取締役」), else the organisation the
    sentence is about (「X社は山田太郎取締役が社長に昇格」), else, when the sentence names none, the
    paragraph's organisation.
    """
    doc = sent.doc
    head = doc[chain[-1][1] - 1]
    org = _before(person.start, args, doc)
    confidence, method = 0.85, "fused"
    if org is None or org.kind != KG.Organization:
        org = None
        topical = [a for a in args if a.kind == KG.Organization and a.end <= person.start
                   and a.particle[:1] in ("は", "が", "も")]
        if topical:
            org, confidence, method = topical[0], 0.75, "fused.sentence-topic"
        elif not any(a.kind == KG.Organization for a in args):
            # 「…、山田太郎社長とともに辞任」 in a paragraph about X社: the paragraph's organisation
            org = _topic_org(salience, sent, head, args)
            if org is not None and org.source not in ("paragraph", "discourse"):
                org = None
            if org is not None:
                confidence = 0.6
                method = "fused.topic-org" if org.source == "discourse" else f"fused.org.{org.source}"
    if org is None or negated([head, head.head], rules):
        return []
    if hedged(head, sent, rules):
        confidence *= HEDGE_FACTOR
        method += ".hedged"
    return _party_members([Hit(person, pred, org, f"role.{method}", confidence, head)
                           for pred, subj_kinds, obj_kinds, _ in _chain_predicates(chain, doc, rules)
                           if KG.Person in subj_kinds and KG.Organization in obj_kinds], doc)


def _among(head: Token, args: list[Arg], kinds: frozenset[URIRef]) -> Arg | None:
    """「投資家の中には…Yが含まれていた」「創設メンバーの中にはYがいる」: Y is one of the title's holders."""
    doc = head.doc
    if not (head.i + 2 < len(doc) and doc[head.i + 1].text == "の" and doc[head.i + 2].text == "中"):
        return None
    verb = head.sent.root  # the parse may hang 中 on a relative clause; the existential is the main verb
    if verb.lemma_ not in ("いる", "ある", "含む", "含める", "入る"):
        return None
    found = [a for a in args if a.kind in kinds and a.root.head.i == verb.i and a.particle[:1] == "が"]
    return found[0] if found else None


def _carrier(head: Token, args: list[Arg], rules: Rules, kinds: frozenset[URIRef]) -> Arg | None:
    """「CTOの肩書きを持つY」「社長の職にあるY」: a relative clause whose object carries the title names its holder.

    The title hangs on a carrier noun (肩書き, 職, 座, 衣装) by の; the carrier is the を/に phrase of a holding
    verb (持つ, ある, 就く, 着る) that modifies Y. Verbs of wanting or losing (狙う, 失う) are not listed.
    """
    carrier = head.head
    if head.dep_ != "nmod" or token_particle(head) != "の" or carrier.i == head.i \
            or carrier.text not in rules.carrier_nouns:
        return None
    verb = carrier.head
    if carrier.dep_ not in ("obj", "obl") or token_particle(carrier)[:1] not in ("を", "に") \
            or verb.lemma_ not in rules.carrier_verbs or verb.dep_ != "acl" or negated([verb], rules):
        return None
    holder = arg_at(verb.head, args) or next_arg(verb, args)
    return holder if holder is not None and holder.kind in kinds else None


def _rank(pred) -> int:
    """The strongest role of a title chain wins (「代表取締役社長」: ceoOf); a role outside ROLE_RANK ranks last."""
    return ROLE_RANK.index(pred) if pred in ROLE_RANK else len(ROLE_RANK)


def _chain_predicates(chain, doc: Doc, rules: Rules):
    segments: list[list[tuple[int, int, str]]] = [[]]
    for i, s in enumerate(chain):
        if i and any(t.text == "兼" for t in doc[chain[i - 1][1]:s[0]]):
            segments.append([])
        segments[-1].append(s)
    out = []
    for seg in segments:
        best = None
        for s in seg:
            pred, sk, ok = rules.roles[s[2]]
            if best is None or _rank(pred) < _rank(best[0]):
                best = (pred, sk, ok, s[2])
        if best and all(best[0] != b[0] for b in out):
            out.append(best)
    return out


def _after(end: int, args: list[Arg], doc: Doc) -> Arg | None:
    """The name a title introduces: 「CEOのY」「CEO・Y」「CEOであるY」「社長 Y」「幹事長代理のY」."""
    i = end
    if i < len(doc) and doc[i].text in _DEPUTY:
        i += 1  # 「幹事長代理の安倍」: a deputy holds the office's rank
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
    # A title glued into the name's span by the tagger: 「社長 孫正義」.
    for a in args:
        if a.start < end <= a.root.i:
            return a
    return None


# Nouns after a title that keep it a title: 「社長時代」「会長在任中」「支配人補」「創業者一族」.
_TITLE_TAILS = frozenset({"時代", "在任", "在職", "在任中", "在職中", "時", "当時", "経験", "代理", "代行", "兼", "職", "補",
                          "補佐", "一族", "家"})


def _modifies_noun(head: Token, end: int, rules: Rules) -> bool:
    """Is the title word only the first part of a compound noun (「記者会見」「選手権」「取締役会」), not a title?"""
    if head.dep_ != "compound" or head.head.i != end or end >= len(head.doc):
        return False
    after = head.head
    if after.pos_ != "NOUN" or after.lemma_ in rules.light_verbs or after.text in _TITLE_TAILS \
            or after.text in rules.carrier_nouns:
        return False
    phrase = after
    for _ in range(4):  # 「取締役経営企画室長に就任」: a longer title carried by a light verb is still a title
        if phrase.dep_ not in ("compound", "nmod") or phrase.head.i <= phrase.i or phrase.head.pos_ != "NOUN":
            break
        phrase = phrase.head
    return phrase.head.lemma_ not in rules.light_verbs


def _named_before(org: Arg | None, args: list[Arg]) -> Arg | None:
    """The person whose name is glued to the front of ``org`` with no particle: 「山田太郎北辰銀行頭取」."""
    if org is None or org.kind != KG.Organization or org.char_start < 0:
        return None
    doc = org.root.doc
    # (not a name inside a longer one: 「公益財団法人山田太郎記念財団代表」)
    return next((a for a in args if a.kind == KG.Person and a.end == org.start and a.particle == ""
                 and a.char_start >= 0 and (a.start == 0 or doc[a.start - 1].pos_ not in ("NOUN", "PROPN"))), None)


def _ordinal(t: Token) -> bool:
    """A piece of a title's ordinal: 「第」「4」「代」「代目」「3番目」 (「Xの3番目の妻」)."""
    return t.text in ("第", "代", "代目", "番目", "度目", "人目") or (t.tag_ == "名詞-数詞" and t.text.isdigit())


# 「幹事長代理」「社長代行」: the deputy of an office
_DEPUTY = ("代理", "代行")
# 「「X」の監督」: a quoted name before its title
_CLOSING_QUOTES = ("」", "』")


def _before(start: int, args: list[Arg], doc: Doc) -> Arg | None:
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
                if all(x.text in ("の",) or x.text in _TITLE_PREFIX or x.text in CLOSERS or x.text.strip() == ""
                       or x.text in _CLOSING_QUOTES or _ordinal(x) for x in between):
                    return a
        if _ordinal(t):
            i -= 1  # 「X第4代社長」「Xの第3代頭取」: the ordinal of the title, not counted as a gap
            continue
        if t.text in ("の",) or t.text in _TITLE_PREFIX or t.text in CLOSERS or t.text.strip() == "" \
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


def _predicative_subject(head: Token, args: list[Arg], rules: Rules, salience: Salience,
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
    copula = any(c.lemma_ in ("だ", "です", "である") or c.dep_ == "cop" for c in t.children)
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
        return [a for a in args if a.root.head.i == t.head.i and a.particle[:1] == "を" and a.kind in kinds]
    elif not particle and _title_list(t, args, sent):
        # 「X党所属の衆議院議員（7期）、Y会会長、Z財団顧問。」: a sentence of titles alone is about the topic
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
    particle, and 「、」 after the item (「A社取締役、B大学教授。」)?"""
    doc = sent.doc
    i = t.i + 1
    if i < sent.end and doc[i].text in ("(", "（"):
        i = next((j + 1 for j in range(i + 1, sent.end) if doc[j].text in (")", "）")), sent.end)
    if i >= sent.end or doc[i].text != "、" or not sent.text.rstrip().endswith("。"):
        return False
    return not any(x.pos_ == "VERB" or (x.pos_ == "ADP" and x.text in ("は", "が", "を", "に", "も", "と"))
                   for x in sent)


def _closes_sentence(i: int, sent: Span) -> bool:
    """Nothing but 。 or a closing parenthetical follows token ``i``: 「…衆議院議員(3期)。」 ends at 議員."""
    doc = sent.doc
    if i < sent.end and doc[i].text in ("(", "（"):
        close = next((j for j in range(i + 1, sent.end) if doc[j].text in (")", "）")), None)
        if close is None:
            return False
        i = close + 1
    return i >= sent.end or doc[i].text in ("。", "．")


def _workplace(head: Token, args: list[Arg], rules: Rules) -> Arg | None:
    """「XでCEOを務める」「Xに社長として…」: the organisation is a sibling phrase with で/に."""
    t = head
    if t.head.lemma_ not in rules.light_verbs:
        return None
    found = [a for a in args if a.kind == KG.Organization and a.root.head.i == t.head.i and a.particle[:1] in ("で", "に")]
    # 「リーグではA、BでCを務めた」: a phrase only set off by は (では, には) is the scene; the plain で/に phrase
    # nearest the title is the workplace
    plain = [a for a in found if a.particle in ("で", "に")] or found
    return max(plain, key=lambda a: a.start) if plain else None


def _kin_hits(span: tuple[int, int, str], named: Arg | None, before: Arg | None, args: list[Arg],
              rules: Rules, salience: Salience, sent: Span) -> list[Hit]:
    """「妻のY」「XとY妻の」「XのメンターY」「師匠のY」: kinship and roles between two people."""
    doc = sent.doc
    pred, reverse = rules.kin[span[2]]
    cue = doc[span[0]]
    if doc[span[0]:span[1]].text in _PLURAL_KIN and before is not None and before.kind == KG.Person \
            and before.particle == "の" and len(before.group) >= 2 and not hedged(cue, sent, rules):
        # 「AとBの兄弟は」「A、B、Cの三姉妹」: the members of the group are each other's siblings
        group = [a for a in before.group if a.kind == KG.Person]
        return [Hit(a, pred, b, "kin.group", 0.8, cue) for i, a in enumerate(group) for b in group[i + 1:]
                if a.key != b.key]
    if doc[span[0]:span[1]].text in _PLURAL_KIN and before is None and (
            span[1] >= sent.end or doc[span[1]].text in ("。", "で") or doc[span[1]].lemma_ in ("だ", "です", "である")):
        # 「AとBは兄弟である」: a coordinated subject and a plural kin noun as the predicate
        subjects = [a for a in args if a.kind == KG.Person and a.particle[:1] in ("は", "が") and a.end <= span[0]
                    and len(a.group) >= 2]
        if subjects and not hedged(cue, sent, rules) and not negated([cue], rules):
            group = [a for a in subjects[0].group if a.kind == KG.Person]
            return [Hit(a, pred, b, "kin.group.predicative", 0.8, cue) for i, a in enumerate(group)
                    for b in group[i + 1:] if a.key != b.key]
    listed = _kin_listed(span, args, sent)
    if listed:
        # 「妹にA、Bがいる」「姉にA、弟にB。」「Bを妻に迎えた」: the relatives named with the に-phrase
        named = listed[0]
    if (named is None or named.kind != KG.Person) and token_particle(doc[span[1] - 1]).startswith("は"):
        # 「妻は女優の高橋京子。」「妻は山田花子である。」: the predicate names the relative.
        named = next((a for a in args if a.kind == KG.Person and a.start >= span[1] and (
            a.root.dep_ == "ROOT" or a.end >= sent.end - 1 or doc[a.end].lemma_ in ("だ", "です", "である"))), named)
    if (named is None or named.kind != KG.Person) and not listed:
        named = _bracketed(span, before, args, doc) or named
    if named is None or named.kind != KG.Person:
        # 「YはXの妻だ」
        subj = _predicative_subject(doc[span[1] - 1], args, rules, salience, sent)
        subj = [a for a in subj if a.char_start >= 0]
        if subj and before is None:
            # 「XはYを師と仰ぐ」「XはYをメンターとする」: Y holds the role, X is the other.
            holder = [a for a in args if a.kind == KG.Person and a.particle == "を" and a.root.head.i == cue.head.i]
            if holder and holder[0].key != subj[0].key:
                s, o = (subj[0], holder[0]) if reverse else (holder[0], subj[0])
                return [Hit(s, pred, o, "kin.object", 0.8, cue)]
        if subj and before is None and cue.i + 1 < sent.end and doc[cue.i + 1].text != "の":
            # 「なお、山田次郎は実弟。」: the relative of the one the text is about
            owner = discourse_topic(frozenset({KG.Person}), salience, sent, subj, [cue], args)
            if owner and owner[0].kind == KG.Person and not hedged(cue, sent, rules):
                s, o = (owner[0], subj[0]) if reverse else (subj[0], owner[0])
                conf, suffix = inferred(owner[0])
                return [Hit(s, pred, o, f"kin.predicative.{suffix}", min(conf, 0.7), cue)]
        if not subj or before is None or before.kind != KG.Person:
            # 「彼の…一種のメンター。」 names a role whose holder the next sentence may name.
            owners = [a for a in args if a.kind == KG.Person and a.particle == "の" and a.end <= span[0]]
            owner = owners[-1].key if owners else salience.resolve(KG.Person)
            if owner is not None:
                salience.open_roles.append((pred, reverse, owner))
            return []
        named, other, method, conf = subj[0], before, "kin.predicative", 0.8
    elif before is not None and before.kind == KG.Person and before.particle == "の":
        other, method, conf = before, "kin.genitive", 0.85
    else:
        # 「山田太郎と妻の花子」: the partner is the preceding と-phrase, else the topic.
        prior = [a for a in args if a.end <= span[0] and a.kind == KG.Person and a.key != named.key]
        if prior and prior[-1].particle.startswith("と"):
            other, method, conf = prior[-1], "kin.coordinated", 0.85
        else:
            subj = [a for a in args if a.kind == KG.Person and a.particle[:1] in ("は", "が") and a.key != named.key
                    and a.end <= span[0]]
            if subj:
                other, method, conf = subj[0], "kin.subject", 0.7
            else:
                # 「妻のY」 with nobody else in the sentence: the one the text is about. A list of relatives
                # (「兄はA、B。」) is said of the article's subject only, not of whoever was named last.
                if listed and not salience.doc_topics.has_article:
                    return []
                key = salience.doc_topics.article.get(KG.Person) if salience.doc_topics.has_article else (
                    salience.main(KG.Person) or salience.resolve(KG.Person))
                if key is None or key == named.key:
                    return []
                other = Arg(key=key, kind=KG.Person, start=cue.i, end=cue.i, root=cue, particle="",
                            char_start=-1, char_end=-1)
                method, conf = "kin.discourse", 0.6
    if other.key == named.key or other.kind != KG.Person or named.kind != KG.Person:
        return []  # kinship and mentoring hold between people only
    if hedged(cue, sent, rules):
        conf *= 0.5
    if listed:
        method, conf = f"{method}.listed", min(conf, 0.75)
    hits = []
    for one in listed or [named]:
        if one.key == other.key or one.kind != KG.Person:
            continue
        # 「XのメンターY」: Y mentors X. 「Xの弟子Y」: X mentors Y. 「妻のY」: symmetric.
        s, o = (other, one) if reverse else (one, other)
        hits.append(Hit(s, pred, o, method, conf, cue))
    return hits


def _kin_listed(span: tuple[int, int, str], args: list[Arg], sent: Span) -> list[Arg]:
    """The people a kin noun with に or は names: 「妹にA、Bがいる」「弟にC。」「姉に王妃D、皇后E」「兄はA、B。」
    (the names after it, each maybe after a title), 「Dを妻に迎えた」 (the を-object of the same verb); none when
    the kin noun is followed by neither."""
    doc = sent.doc
    end = span[1]
    if end + 1 < sent.end and doc[end].text == "に" and doc[end + 1].text in ("は", "も"):
        # 「弟にはA、Bがいる」: a list right after には; 「妹には会った」 names nobody
        return _name_list(end + 2, args, sent)
    if end >= sent.end:
        return []
    if doc[end].text == "は":
        # 「兄はA、B。」: a list that closes the sentence names the relatives
        names = _name_list(end + 1, args, sent)
        last = names[-1].end if names else end
        return names if names and (last >= sent.end or doc[last].text in ("。", "．")
                                   or doc[last].lemma_ in ("だ", "です", "である")) else []
    if doc[end].text != "に":
        return []
    after = next((a for a in args if a.start == end + 1 and a.kind == KG.Person), None)
    names = _name_list(end + 1, args, sent)
    if names:
        return names
    if after is not None:
        return expand([after])
    verb = doc[end - 1].head
    return [a for a in args if a.kind == KG.Person and a.particle[:1] == "を" and a.root.head.i == verb.i
            and a.end <= span[0]]


def _bracketed(span: tuple[int, int, str], before: Arg | None, args: list[Arg], doc: Doc) -> Arg | None:
    """「A（Bの実弟）」: a bracket holding no more than 「Bの」 and the kin noun is said of the name before it."""
    if before is None or before.kind != KG.Person or before.particle != "の" or span[1] >= len(doc) \
            or doc[span[1]].text not in ("）", ")") or before.start < 2 or doc[before.start - 1].text not in ("（", "("):
        return None
    return next((a for a in args if a.end == before.start - 1 and a.kind == KG.Person), None)


# Kin nouns that name a group of relatives: 「AとBの兄弟」.
_PLURAL_KIN = {"兄弟", "姉妹", "兄妹", "姉弟", "三姉妹", "三兄弟"}


# Tokens that join the names of a list: 「A、B」「A・B」「AとB」「A及びB」.
_LIST_JOINERS = {"、", "・", "と", "及び", "および", ","}
# Tokens that may close a list of relatives: 「…がいる」「…もいる」「…。」「…、弟にC」.
_LIST_CLOSERS = {"が", "も", "。", "．", "、"}


def _name_list(i: int, args: list[Arg], sent: Span) -> list[Arg]:
    """The people named from token ``i`` on, each maybe after a title of nouns (「皇后A、王妃B」「北辰王国国王C」:
    a place glued to the title is part of it). A name not followed by a joiner or a closer ends no list and is
    left out: 「妹にA、Bの妻C」 names A alone."""
    doc = sent.doc
    starts = {a.start: a for a in args}
    out: list[Arg] = []
    while i < sent.end:
        j = i
        while j < sent.end and j - i < 8:
            a = starts.get(j)
            if a is not None and a.kind == KG.Person:
                break
            if a is not None:  # another name glued to a title: 「北辰王国国王」
                if a.end < sent.end and doc[a.end].pos_ == "NOUN" and a.end not in starts:
                    j = a.end
                    continue
                break
            if doc[j].pos_ in ("NOUN", "PROPN", "NUM") and doc[j].text not in _LIST_JOINERS:
                j += 1
                continue
            break
        a = starts.get(j)
        if a is None or a.kind != KG.Person:
            break  # 「姉にA、弟にB」: the item after 「、」 is no name, the list closed with the 「、」
        k = a.end
        if k < sent.end and doc[k].text in _LIST_JOINERS and not (doc[k].text == "と" and k + 1 < sent.end
                                                                    and doc[k + 1].pos_ != "NOUN"
                                                                    and (k + 1) not in starts):
            out.append(a)
            i = k + 1
            continue
        if k >= sent.end or doc[k].text in _LIST_CLOSERS or doc[k].lemma_ in ("だ", "です", "である"):
            out.append(a)
        break
    return out


_IDENTITY_NOUNS = {"人物", "人", "男", "女", "男性", "女性", "方"}


def identity_hits(sent: Span, args: list[Arg], opened: list[tuple[URIRef, bool, str]]) -> list[Hit]:
    """「…一種のメンター。その人物はXです。」: X holds the role the previous sentence left open."""
    if not opened:
        return []
    doc = sent.doc
    anaphor = any(t.text in _IDENTITY_NOUNS and t.i > sent.start and doc[t.i - 1].text in ("その", "この")
                  for t in sent)
    if not anaphor:
        return []
    named = [a for a in args if a.kind == KG.Person and a.char_start >= 0
             and (a.root.dep_ == "ROOT" or any(c.dep_ == "cop" for c in a.root.children)
                  or (a.end < len(doc) and doc[a.end].lemma_ in ("だ", "です", "である")))]
    if not named:
        return []
    hits = []
    for pred, reverse, owner in opened:
        if owner == named[0].key:
            continue
        other = Arg(key=owner, kind=KG.Person, start=named[0].start, end=named[0].start, root=named[0].root,
                    particle="", char_start=-1, char_end=-1)
        s, o = (other, named[0]) if reverse else (named[0], other)
        hits.append(Hit(s, pred, o, "kin.identity", 0.7, named[0].root))
    return hits


def _orgrole_hits(span: tuple[int, int, str], named: Arg | None, before: Arg | None, args: list[Arg],
                  rules: Rules, sent: Span) -> list[Hit]:
    """「Yの子会社X」「XはYの子会社だ」「Yの傘下に入った」「XはYの親会社」."""
    doc = sent.doc
    child_named = rules.orgrole[span[2]]
    end = span[1]
    if named is None and end + 1 < sent.end and doc[end].text == "に" and doc[end + 1].lemma_ in ("ある", "入る"):
        # 「Xの傘下にあったY」「Xの傘下に入ったY」: the relative clause names the child
        named = _after(end + 2, args, doc)
    if before is None or before.kind != KG.Organization:
        if child_named and before is None and named is not None and named.kind == KG.Organization:
            # 「X化学は子会社・Yファーマの…」「Xは子会社のYを通じて」: the subsidiary of the sentence's company
            owner = [a for a in args if a.kind == KG.Organization and a.particle[:1] in ("は", "が")
                     and a.end <= span[0] and a.key != named.key]
            if owner:
                return [Hit(owner[0], KG.parentOrgOf, named, "orgrole.apposition.topic", 0.75, doc[span[0]])]
        cue = doc[span[1] - 1]
        if child_named and before is None and token_particle(cue).startswith("として"):
            # 「Xグループは中核企業としてA、B、Cのブランドで…」: the organisations named as the subject's children
            owner = [a for a in args if a.kind == KG.Organization and a.particle[:1] in ("は", "が") and a.end <= span[0]]
            listed = next((a for a in args if a.kind == KG.Organization and span[1] < a.start <= span[1] + 3), None)
            if owner and listed is not None:
                return [Hit(owner[0], KG.parentOrgOf, c, "orgrole.as", 0.75, cue) for c in expand([listed])
                        if c.key != owner[0].key]
        if child_named and before is None and token_particle(cue)[:1] in ("に", "と") and cue.head.lemma_ == "する" \
                and not negated([cue.head], rules):
            # 「XはYを完全子会社にした」「XはYを買収して子会社とした」: the を-object becomes the subject's subsidiary
            verbs = {cue.head.i} | {c.i for c in cue.head.children if c.dep_ == "advcl" and c.i < cue.i}
            owned = [a for a in args if a.kind == KG.Organization and a.particle[:1] == "を" and a.root.head.i in verbs]
            owner = [a for a in args if a.kind == KG.Organization and a.particle[:1] in ("は", "が")
                     and (a.root.head.i in verbs or a.particle[:1] == "は")]
            if owned and owner and owned[0].key != owner[0].key:
                return [Hit(owner[0], KG.parentOrgOf, owned[0], "orgrole.object", 0.8, cue)]
        return []
    if named is not None and named.kind == KG.Organization:
        other, method = named, "orgrole.apposition"
    else:
        org_subj = [a for a in args if a.kind == KG.Organization and a.particle[:1] in ("は", "が")
                    and a.end <= span[0] and a.key != before.key]
        if not org_subj:
            return []
        other, method = org_subj[0], "orgrole.predicative"
    if child_named:
        return [Hit(before, KG.parentOrgOf, other, method, 0.8, doc[span[0]])]
    return [Hit(other, KG.parentOrgOf, before, method, 0.8, doc[span[0]])]

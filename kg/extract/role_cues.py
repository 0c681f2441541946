"""Stage 5, title cues: titles in apposition or predication — 「XのCEOであるY」「XのCEO・Y」
「X代表取締役会長兼社長 Y」「YはXの社長に就任した」「山田太郎社長は」 — joined into chains, each chain read as
the roles its holder has in its organisation. Kin and parent-organisation nouns go to kin_cues; where a title's
holder and organisation stand is title_args'.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rdflib import URIRef

from ..vocab import KG
from .case_frames import COMPANION_NOUNS, can_carry, expand, hedged, inferred, negated, next_arg
from .coref import Salience
from .kin_cues import kin_hits, orgrole_hits
from .relation_args import CLOSERS, PRONOUN_HINTS, Arg, Hit, arg_at, token_particle
from .relation_rules import HEDGE_FACTOR, ROLE_RANK, Rules
from .structures import is_house
from .title_args import TITLE_PREFIX, named_after, owner_before, predicative_subject

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token


def title_inside_name(token: Token, args: list[Arg]) -> bool:
    """A title glued into a mention (「社長 山田太郎」 tagged as one name) still counts as a title."""
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
                    or (len(gap) == 2 and gap[0] == "兼" and gap[1] in TITLE_PREFIX)):  # 「COO兼チーフエンジニア」
                chains[-1].append(s)
                continue
        chains.append([s])
    return chains


def phrase_roots(args: list[Arg], chains: list[list[tuple[int, int, str]]], doc: Doc) -> None:
    """Let a name stand for the phrase it heads: 「宮下茂らが」 (the parse hangs が on ら) and a fused title
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


# 「後任の社長に」「次期の会長に」: the noun before の tells whose turn it is, not whose title.
_SUCCESSION = frozenset({"後任", "次期", "新任"})


def role_hits(chain: list[tuple[int, int, str]], args: list[Arg], rules: Rules, salience: Salience,
              sent: Span) -> list[Hit]:
    doc = sent.doc
    first, last = chain[0][0], chain[-1][1]
    label = chain[0][2]
    named = named_after(last, args, doc)
    before = owner_before(first, args, doc)
    if label.startswith("kin:"):
        return kin_hits(chain[0], named, before, args, rules, salience, sent)
    if label.startswith("org:"):
        return orgrole_hits(chain[0], named, before, args, rules, sent, salience)
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
        people = predicative_subject(head, args, rules, salience, sent, subject_kinds)
        confidence, method = 0.8, "predicative"
        if people and people[0].char_start < 0:
            confidence, suffix = inferred(people[0])
            method = f"predicative.{suffix}"
    org = before if before is not None and before.kind == KG.Organization else None
    if org is None:
        org = _workplace(head, args, rules)
        if org is not None:
            method += ".workplace"
    if org is None and named is not None and named in people and named.start <= last + 1 \
            and named.particle[:1] in ("が", "は"):
        # 「X銀行では初の女性支配人Yが着任」: the では-scene of the verb the titled name is the subject of (a plain
        # で is only where it happened: 「X大学で奏者のYによって結成」)
        org = next((a for a in args if a.kind == KG.Organization and a.particle == "では"
                    and a.end <= first and named.root.head.i != named.root.i
                    and (a.root.head.i == named.root.head.i or a.end <= a.root.head.i < named.end)), None)
        if org is not None:
            method += ".scene"
            confidence = min(confidence, 0.7)
    owned = first > sent.start and doc[first - 1].text == "の" and doc[first - 2].text not in _SUCCESSION or (
        first > sent.start + 1 and doc[first - 1].text in TITLE_PREFIX and doc[first - 2].text == "の") or (
        # 「…Y会副代表理事」 with Y会 no name we know: a noun glued to the title names its organisation
        first > sent.start and doc[first - 1].pos_ in ("NOUN", "PROPN") and doc[first - 1].text not in TITLE_PREFIX
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
            a.kind == KG.Organization and all(a.key != p.key for p in people) for a in args) \
            and not (method == "predicative" and _unknown_owner(people[0], args, sent)):
        org = _topic_org(salience, sent, head, args)
        if org is not None:
            method += ".topic-org" if org.source == "discourse" else f".org.{org.source}"
            confidence = 0.5
    if org is None and named is not None and people and named.kind in subject_kinds \
            and (named.kind == KG.Person or KG.Organization in subject_kinds) \
            and (named.start == last or (named.start == last + 1 and doc[last].text == "の") or (
                named.kind == KG.Organization and predicated)) \
            and not any(a.kind == KG.Organization and a.key != named.key and a.particle[:1] in ("は", "が")
                        for a in args if a.end <= first):
        # 「新CEOジョン・スミス」「既存株主のX」「引受先はX」: a title with no organisation names the one under
        # discussion (not when the sentence's own company stands before it as subject).
        org = _topic_org(salience, sent, head, args)
        if org is not None:
            confidence = 0.5
            method = "apposition.discourse" if org.source == "discourse" else f"apposition.org.{org.source}"
    if org is None and named is not None and people and named.kind == KG.Person == people[0].kind \
            and (named.start == last or (named.start == last + 1 and doc[last].text == "の")):
        # 「X社は…の対象となっていたため、CEOのYは…」: the one company the sentence is about, before the title
        topical = [a for a in args if a.kind == KG.Organization and a.particle[:1] in ("は", "が") and a.end <= first]
        if len({a.key for a in topical}) == 1 and len(topical[0].group or [topical[0]]) == 1 \
                and (topical[0].start == sent.start or doc[topical[0].start - 1].text not in ("と", "、", "・")):
            org, confidence, method = topical[0], 0.6, "apposition.sentence-topic"
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
    """「Bと共に」「Bと一緒に」 hung on the light verb that carries the title (「…取締役に就いた」), or on the
    nominal predicate the title belongs to (「Bと共に、X創業者の一人であり」)."""
    verb = head.head
    if verb.i == head.i or not (verb.lemma_ in rules.light_verbs or (
            verb.pos_ == "NOUN" and head.dep_ == "nmod" and any(c.dep_ == "cop" for c in verb.children))):
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
    org = owner_before(person.start, args, doc)
    confidence, method = 0.85, "fused"
    if org is None or org.kind != KG.Organization:
        org = None
        topical = [a for a in args if a.kind == KG.Organization and a.end <= person.start
                   and a.particle[:1] in ("は", "が", "も")]
        if topical:
            org, confidence, method = topical[0], 0.75, "fused.sentence-topic"
        elif not any(a.kind == KG.Organization for a in args) and not _unknown_owner(person, args, sent):
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


# 「X出身のY社長」「後任のY社長」「当時のY社長」: nouns before の that tell of the holder, not of the title's owner.
_NO_OWNER = _SUCCESSION | {"出身", "生まれ", "当時", "現在", "同期", "前任", "就任", "創業"}


def _unknown_owner(person: Arg, args: list[Arg], sent: Span) -> bool:
    """「Zの創業者であるY社長」「Zの山田太郎社長」 with Z no name we know: the phrase names its own organisation."""
    doc = sent.doc
    covered = {i for a in args for i in range(a.start, a.end)}
    for i in range(person.start - 1, max(sent.start, person.start - 8), -1):
        if doc[i].text in ("、", "。", ",") or (doc[i].pos_ in ("VERB", "ADJ")
                                               and doc[i].dep_ != "fixed"):
            return False  # 「CTOの肩書きを持つY」: a relative clause is no owner
        t = doc[i - 1]
        if doc[i].text == "の" and t.pos_ in ("PROPN", "NOUN") and t.i not in covered \
                and t.lemma_ not in _NO_OWNER and t.text not in TITLE_PREFIX \
                and not any(h in t.text for h in PRONOUN_HINTS):
            return True
    return False


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

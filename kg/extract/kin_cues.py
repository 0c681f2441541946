"""Stage 5, cues between two of a kind: kinship and mentoring nouns between people (「妻のY」「AとBの兄弟」
「妹にA、Bがいる」「XのメンターY」), the identity of a role left open (「その人物はXです」), and parent and
subsidiary nouns between organisations (「Yの子会社X」「XはYを完全子会社にした」).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rdflib import URIRef

from ..vocab import KG
from .case_frames import discourse_topic, expand, hedged, inferred, negated
from .coref import Salience
from .relation_args import Arg, Hit, token_particle
from .relation_rules import Rules
from .title_args import named_after, predicative_subject

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span


def kin_hits(span: tuple[int, int, str], named: Arg | None, before: Arg | None, args: list[Arg],
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
        subj = predicative_subject(doc[span[1] - 1], args, rules, salience, sent)
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


def _as_role(end: int, sent: Span) -> bool:
    """Does a title ending at token ``end`` stand as the role of something: 「…の子会社として」「…傘下の部隊として」?"""
    doc = sent.doc
    words = [t.text for t in doc[end:min(end + 4, sent.end)]]
    return words[:2] == ["と", "し"] or words[:1] == ["として"] or (
        len(words) >= 3 and words[0] == "の" and doc[end + 1].pos_ == "NOUN" and words[2] in ("と", "として"))


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


def orgrole_hits(span: tuple[int, int, str], named: Arg | None, before: Arg | None, args: list[Arg],
                 rules: Rules, sent: Span, salience: Salience | None = None) -> list[Hit]:
    """「Yの子会社X」「XはYの子会社だ」「Yの傘下に入った」「XはYの親会社」「Yの子会社として設立された」."""
    doc = sent.doc
    child_named = rules.orgrole[span[2]]
    end = span[1]
    if named is None and end + 1 < sent.end and doc[end].text == "に" and doc[end + 1].lemma_ in ("ある", "入る"):
        # 「Xの傘下にあったY」「Xの傘下に入ったY」: the relative clause names the child
        named = named_after(end + 2, args, doc)
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
        method = "orgrole.predicative"
        if not org_subj and salience is not None and child_named and _as_role(span[1], sent):
            # 「当初はY傘下の部隊として設立された」 with no subject: the organisation the text is about
            org_subj = discourse_topic(frozenset({KG.Organization}), salience, sent, [before], [doc[span[1] - 1]],
                                       args)
            method = "orgrole.as.topic"
        if not org_subj:
            return []
        other = org_subj[0]
    conf = 0.7 if method == "orgrole.as.topic" else 0.8
    if child_named:
        return [Hit(before, KG.parentOrgOf, other, method, conf, doc[span[0]])]
    return [Hit(other, KG.parentOrgOf, before, method, conf, doc[span[0]])]

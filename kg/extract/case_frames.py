"""Stage 5, verb cues read as case frames: 「YがXを設立した」「XはYによって設立された」「Yから投資を受けた」
「Yが創業したX」. Subject and object come from the particles (が/は/を/に/から/によって), the head-final
dependency tree, and the running topic for subjectless clauses."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rdflib import URIRef

from ..vocab import KG, SYMMETRIC, local_name
from .coref import Salience
from .relation_args import CLOSERS, SUBJECT_PARTICLES, Arg, Hit, arg_at, distributive, token_particle
from .relation_rules import HEDGE_FACTOR, Frame, Rules, VerbRule
from .tokens import tokens_of
from .topic import is_chronology, is_list_item

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token


def _predicate_tokens(cue: Token, rules: Rules) -> list[Token]:
    """The cue plus the light verb carrying it: 投資を受ける, 設立を発表, 社長に就任."""
    preds = [cue]
    first = cue.doc[cue.i - 1] if cue.i > 0 else cue
    if first.head.i == cue.i and first.tag_.startswith("動詞") and not first.whitespace_:
        preds.insert(0, first)  # 「Xを起ち上げた」 parsed 起ち + 上げる: the arguments may hang on 起ち
    if cue.dep_ == "compound" and cue.head.lemma_ in _TIME_NOUNS:
        preds.append(cue.head)  # 「Xを中退後、…」: the cue is glued to 後
    t = cue
    for _ in range(2):
        if t.dep_ in ("obj", "obl", "nsubj", "compound", "nmod") and t.head.lemma_ in rules.light_verbs \
                and t.head.i != t.i:
            t = t.head
            preds.append(t)
        else:
            break
    return preds


def _aux(preds: list[Token]) -> list[Token]:
    """The auxiliaries after each predicate: 「設立されなかった」「社長ではない」."""
    out: list[Token] = []
    for p in preds:
        out.extend(c for c in p.children if c.dep_ in ("aux", "mark", "cop") or c.pos_ == "AUX")
        # The parse hangs some auxiliaries on each other (で→は→ない); read right along the phrase.
        tokens = tokens_of(p.doc)
        for i in range(p.i + 1, min(len(tokens), p.i + 7)):
            t = tokens[i]
            if not (t.pos_ in ("AUX", "SCONJ", "PART") or t.dep_ in ("fixed", "aux", "cop")
                    or (t.pos_ == "ADP" and t.text in ("は", "も"))):
                break
            out.append(t)
    return out


def _is_passive(cue: Token, preds: list[Token]) -> bool:
    aux = _aux(preds)
    if any(a.lemma_ in ("れる", "られる") for a in aux):
        return True
    return any(p.lemma_ in ("受ける", "受け入れる", "得る") for p in preds[1:])


def negated(preds: list[Token], rules: Rules) -> bool:
    return any(a.lemma_ in rules.negations for a in _aux(preds)) or any(
        c.lemma_ in rules.negations for p in preds for c in p.children if c.dep_ in ("advmod", "aux"))


# Dependencies along which a hedge above the cue governs it: 「Xを買収する計画」「Xの買収を検討」「…という噂」
# (not nsubj: 「Xを設立したYは、Zの買収を検討」 hedges Y's new act, not the founding).
_HEDGE_PATH = frozenset({"acl", "ccomp", "advcl", "obj", "obl", "nmod", "compound", "xcomp", "csubj", "ROOT"})


def hedged(cue: Token, sent: Span, rules: Rules) -> bool:
    """Does a hedge (「計画」「検討」「らしい」) govern the cue: above it on its clause's path, or an auxiliary of
    it or of that path? A hedge elsewhere in the sentence (「…寄付する計画を策定した」 after 「副会長のY」) does not."""
    return _governed(cue, sent, rules.hedges)


def intended(cue: Token, sent: Span, rules: Rules) -> bool:
    """Does a word of intent govern the cue (「Xへの進学を考えていた」「Xの設立を目指す」)? The act is not done.
    A passive (「Xを設立したと考えられる」) is an opinion, not an intent."""
    return _governed(cue, sent, rules.intents, passive_ok=False, path=_INTENT_PATH)


# 「Xに進学し、医師を目指した」: a clause chained before the intent was done; only an embedded clause is intended.
_INTENT_PATH = _HEDGE_PATH - {"advcl"}


def denied(cue: Token, sent: Span, rules: Rules) -> bool:
    """Is the cue's statement denied? A denial governs it (「Xへの出資を否定した」「…という噂を否定」), or a
    report governs it (「…に出資したという噂もあるが」「…と報じられたが」) and a denial or an unconfirmed
    statement follows in the sentence (「本人は否定している」「同社は認めていない」)."""
    if _governor(cue, sent, rules.denials, path=_INTENT_PATH) is not None:
        return True
    report = _governor(cue, sent, rules.reports)
    return report is not None and any(_denial(t, rules) for t in sent if t.i > report.i)


def _denial(t: Token, rules: Rules) -> bool:
    """「否定」「事実無根」, or 「認める」「確認」 negated (「認めていない」「確認されていない」)."""
    return t.lemma_ in rules.denials or t.text in rules.denials or (
        t.lemma_ in rules.unconfirmed and negated([t], rules))


def _governed(cue: Token, sent: Span, words: frozenset[str], passive_ok: bool = True,
              path: frozenset[str] = _HEDGE_PATH) -> bool:
    return _governor(cue, sent, words, passive_ok, path) is not None


def _governor(cue: Token, sent: Span, words: frozenset[str], passive_ok: bool = True,
              path: frozenset[str] = _HEDGE_PATH) -> Token | None:
    """The first of ``words`` above the cue on its clause's path, or an auxiliary of it or of that path."""
    def word(t: Token) -> bool:
        return t.i > cue.i and (t.lemma_ in words or t.text in words) and (
            passive_ok or not any(c.lemma_ in ("れる", "られる") for c in t.children if c.dep_ == "aux"))

    t = cue
    for _ in range(12):
        if t.i != cue.i and word(t):
            return t
        found = next((c for c in t.children if c.dep_ in ("aux", "cop", "mark") and word(c)), None)
        if found is not None:
            return found
        if t.head.i == t.i or t.dep_ not in path or not sent.start <= t.head.i < sent.end \
                or (t.i != cue.i and t.lemma_ in _TIME_NOUNS):
            return None  # 「Xに出資した後、Yを検討」: a time clause is not what the hedge governs
        t = t.head
    return None


def _continuative(top: Token) -> bool:
    """Is the predicate chained by a comma straight onto the noun the parse hangs it on (「…に投資し、Zは」)? A
    relative clause ends on its noun with no comma."""
    doc = top.doc
    i = top.i + 1
    while i < top.head.i and (doc[i].pos_ in ("AUX", "SCONJ") or doc[i].dep_ in ("aux", "mark", "fixed")):
        i += 1
    if i >= top.head.i or doc[i].text != "、":
        return False
    return all(t.dep_ in ("compound", "nmod", "flat") or t.pos_ == "PROPN" for t in doc[i + 1:top.head.i])


def _attached(args: list[Arg], preds: list[Token], particles: tuple[str, ...]) -> list[Arg]:
    """Args whose phrase depends on one of ``preds`` with one of ``particles`` (は also as には, からの)."""
    out = []
    pred_ids = {p.i for p in preds}
    for a in args:
        head = a.root.head
        # 「Yとともに設立」「Yと共同で設立」: Y hangs on とも/共同, which hangs on the predicate.
        if head.lemma_ in COMPANION_NOUNS and head.i != a.root.i and a.particle.startswith("と"):
            head = head.head
        if head.i in pred_ids and _particle_in(a.particle, particles):
            out.append(a)
        elif a.particle == "と" and "と" in particles and _companions_of(a, pred_ids):
            out.append(a)
    return out


def _companions_of(a: Arg, pred_ids: set[int]) -> bool:
    """「A、BらとXを設立」「AらとYを出すためにXを設立」: the parse hangs 「Aらと」 on the next noun, or on the purpose
    clause before the predicate; 「らと」 still names the ones who acted with the subject."""
    doc = a.root.doc
    if a.end >= len(doc) or doc[a.end].text != "ら":
        return False
    t = a.root.head
    for _ in range(6):
        if t.i in pred_ids:
            return True
        if t.head.i == t.i or t.i < a.end:
            return False
        if t.pos_ not in ("NOUN", "PROPN") and not any(c.text.startswith("ため") for c in t.children):
            return False
        t = t.head
    return False


COMPANION_NOUNS = {"とも", "共", "一緒", "共同"}
# Nouns that only nominalise a clause (「誰でも参加できるということです」): no company stands behind them.
_FORMAL_NOUNS = {"こと", "もの", "の", "ため", "わけ", "よう", "ところ", "はず", "つもり", "方"}


def _particle_in(particle: str, wanted: tuple[str, ...]) -> bool:
    if not particle:
        return False
    for w in wanted:
        if particle == w or (particle.startswith(w) and particle[len(w):] in ("は", "も", "の", "で")):
            return True
    return False


def _genitive_of(args: list[Arg], preds: list[Token], particles: tuple[str, ...]) -> list[Arg]:
    """「Xの最初の期に参加した」「XのCEOという地位から解雇された」: X reaches the predicate through の."""
    out = []
    pred_ids = {p.i for p in preds}
    doc = preds[0].doc
    for a in args:
        # 「Xの株を」; 「X株を」 is a compound (「X株式全てを」: the parse may hang X on the word after 株式)
        shares = a.end < len(doc) and doc[a.end].text in _SHARES and a.root.head.i in (a.end, doc[a.end].head.i)
        if a.particle != "の" and not shares:
            continue
        t = a.root.head
        if a.particle == "の" and (t.pos_ in ("VERB", "AUX") or any(b.start <= t.i < b.end for b in args if b is not a)):
            # 「Aの所有するX株」: A is the relative clause's subject; 「分野AのBの株」: A qualifies B, whose shares
            continue
        for _ in range(3):
            if t.head.i in pred_ids and t.dep_ in ("obj", "obl", "nsubj", "iobj"):
                if _particle_in(token_particle(t), particles):
                    out.append(a)
                break
            if t.head.i == t.i:
                break
            t = t.head
    return out


# Acts whose dropped object is the organisation the text is about: 「AとBが創業。」「Cが出資した。」
_OBJECT_FROM_TOPIC = frozenset({KG.founderOf, KG.investedIn})
_SHARES = ("株", "株式", "優先株", "普通株")


def overt_subject(preds: list[Token], besides: list[Arg] = ()) -> bool:
    """True when the predicate has a subject (「一人はXを設立」), other than the phrases of ``besides`` and times
    the parse takes for one (「卒業後は」「現在は」)."""
    return any(c.dep_ in ("nsubj", "nsubj:pass") and arg_at(c, besides) is None and not _temporal(c)
               for p in preds for c in p.children)


def _stray_subject(preds: list[Token], args: list[Arg]) -> bool:
    """A は/が/も subject, no name of ``args``, the parse hung on a noun of the predicate's own phrase (「一族も Xの
    株を購入」: 一族 on X), or a も-subject of the clause it is chained to; a name hung so (「AはシアトルでXを」: A on
    シアトル) is still the topic above."""
    for c in (c for p in preds for c in p.children if c.dep_ in ("obj", "obl", "iobj")):
        for d in (d for x in [c, *(x for x in c.children if x.dep_ in ("nmod", "compound"))] for d in x.children):
            # (not on a verbal noun, itself a predicate the parse took for a noun: 「Xの拡充も推進（…Yを買収」)
            if d.dep_ == "nsubj" and d.i < c.i and d.head.pos_ in ("NOUN", "PROPN") and "サ変" not in d.head.tag_ \
                    and token_particle(d)[:1] in ("は", "が", "も") and arg_at(d, args) is None and not _temporal(d):
                return True
    # 「縁故者もXの株を購入して事業を支えた」: a も-subject, no name, of the clause this one is chained to
    t = preds[-1]
    for _ in range(4):
        if t.head.i == t.i or t.dep_ not in ("advcl", "conj"):
            break
        t = t.head
        if any(c.dep_ == "nsubj" and c.i < preds[0].i and c.pos_ == "NOUN" and token_particle(c) == "も"
               and arg_at(c, args) is None and not _temporal(c) for c in t.children):
            return True
    return False


def topic_args(args: list[Arg], preds: list[Token], particles: tuple[str, ...]) -> list[Arg]:
    """The 〜は/〜が phrase of a clause that dominates this one: 「Aは…Xを設立し、Yを買収した」."""
    t = preds[-1]
    seen = {p.i for p in preds}
    # a relative clause (「Aの設立したX」) takes no topic written after it but the noun it modifies:
    # 「…Xであり、自身も…」 is the main clause's, 「社長を務めるY執行役員が」 is Y
    modified = t.head.i if t.dep_ == "acl" else -1
    chained = modified >= 0 and _continuative(t)  # 「XはYに投資し、Zは…」: Z begins a clause of its own

    def before_or_modified(a: Arg) -> bool:
        if chained:
            return a.end <= preds[0].i
        return modified < 0 or a.end <= preds[0].i or a.start <= modified < max(a.end, a.title[1] if a.title else 0) \
            or a.root.i == modified

    for _ in range(6):
        if t.head.i == t.i:
            break
        t = t.head
        seen.add(t.i)
        found = [a for a in args if a.root.head.i == t.i and _particle_in(a.particle, particles)
                 and a.particle[:1] in ("は", "が", "も") and before_or_modified(a)]
        if (modified < 0 or chained) and any(
                c.i < preds[0].i and c.dep_ in ("nsubj", "dislocated") and token_particle(c)[:1] == "は"
                for c in t.children):
            # 「AはXに投資し、Bは…を追加した」: the chained clause's topic is the one written before it, not B
            found = [a for a in found if a.end <= preds[0].i]
        if found:
            return found
    # 「Aは2010年にXを卒業し、Yに入社した」: the topic scopes over every clause after it, and so does a
    # subject with も (「弟のBも元選手で、Xでプレイしている」).
    cue = preds[0]
    return [a for a in args if a.particle[:1] in ("は", "も") and a.end <= cue.i
            and _particle_in(a.particle, particles)
            and a.root.dep_ in ("nsubj", "nsubj:pass", "obl", "dislocated")][:1]


def verb_hits(cue: Token, rule: VerbRule, args: list[Arg], rules: Rules, salience: Salience,
              sent: Span) -> list[Hit]:
    preds = _predicate_tokens(cue, rules)
    if negated(preds, rules) or intended(cue, sent, rules):
        return []
    text = sent.text
    if (rule.requires_any and not any(w in text for w in rule.requires_any)) or any(
            w in text for w in rule.unless_any):
        return []
    passive = _is_passive(cue, preds) and rule.passive is not None
    frame = rule.passive if passive else rule.active
    if not passive and any(a.lemma_ in ("せる", "させる") for a in _aux(preds)):
        # 「Aは娘のBをCと結婚させた」: a causative's を/に names the one who acts; the topic only made it happen.
        # With no such one, the causative is a transitive verb of its own (「AはXを発足させた」: A founded X).
        causee = tuple(p for p in ("を", "に") if p not in frame.object)
        if not causee:
            return []
        if any(a.kind in rule.subject for a in _attached(args, preds, causee)):
            frame = Frame(subject=causee, object=frame.object)
    confidence = rule.confidence
    method = "passive" if passive else "active"
    if rule.name and rule.name != local_name(rule.predicate):
        method = f"{rule.name}.{method}"  # 「rel.alumniOf.verb.atSchool.active」: which rule of the predicate fired
    listed = _listed_objects(cue, args, frame) if not passive else []
    subjects = [a for a in _attached(args, preds, frame.subject) if a.kind in rule.subject and a not in listed]
    objects = [a for a in _attached(args, preds, frame.object) if a.kind in rule.object]
    if not objects:
        objects = [a for a in _attached(listed, preds, ("も",)) if a.kind in rule.object]
    if not objects:
        objects = [a for a in _genitive_of(args, preds, frame.object) if a.kind in rule.object]
    if not objects and not passive:
        # 「1982年 - X研究所入社。」「X大学卒業」: a name glued to the cue noun, with no particle, is its object
        # (「X勤務中に」: the parse may hang X on the 中 the cue is glued to)
        heads = {cue.i, cue.head.i} if cue.dep_ == "compound" and cue.head.lemma_ in _TIME_NOUNS else {cue.i}
        objects = [a for a in args if a.particle == "" and a.end == cue.i and a.root.head.i in heads
                   and a.kind in rule.object and a not in subjects]
        if objects:
            method += ".compound"
            confidence = min(confidence, 0.75)
    if not objects and not passive and _bare_noun_predicate(cue):
        # 「ミナトに入社後、…に従事」「Xの株を35%取得、同社の筆頭株主となった」: a verbal noun with no する whose
        # phrase the parse hung on the main verb; the name written right before it, with its case, is its object
        objects = [a for a in args if a.kind in rule.object and a not in subjects
                   and _glued_object(a, cue, frame.object)]
        if objects:
            method += ".glued"
            confidence = min(confidence, 0.75)
    if rule.object_suffixes:
        objects = [a for a in objects if _shaped(a, sent.doc, rule.object_suffixes)]
        if not objects:
            return []
    if rule.object_unless_suffixes:
        objects = [a for a in objects if not _shaped(a, sent.doc, rule.object_unless_suffixes)]
        if not objects:
            return []
    # Relative clause: 「Yが創業したX」「兄弟と創設した投資ファンドX」 — the cue modifies X.
    top = preds[-1]
    # 「XはYに投資し、Zは…」 parsed as a relative clause on Z: a clause chained to another, not Z's
    relative = top.dep_ == "acl" and not _continuative(top)
    if relative:
        head_arg = arg_at(top.head, args) or next_arg(top.head, args)
        if head_arg is not None:
            if not objects and head_arg.kind in rule.object and head_arg not in subjects:
                objects = [head_arg]
                method = "relative"
            elif not subjects and head_arg.kind in rule.subject and head_arg not in objects:
                subjects = [head_arg]
                method = "relative"
    if relative and not subjects and not passive:
        # 「Aの設立したX」: in a relative clause the subject may take の; 「A率いるX」: or no particle at all
        subjects = [a for a in _attached(args, preds, ("の",)) if a.kind in rule.subject and a not in objects
                    and a.end <= cue.i] or \
            [a for a in args if a.particle == "" and a.end == cue.i and a.root.head.i == cue.i
             and a.kind in rule.subject and a not in objects]
    if relative and not objects and KG.Organization in rule.object and arg_at(top.head, args) is None \
            and next_arg(top.head, args) is None and top.head.dep_ == "ROOT" and top.head.lemma_ not in _FORMAL_NOUNS \
            and any(c.dep_ == "cop" for c in top.head.children) \
            and subjects and all(a.char_start >= 0 for a in subjects):
        # 「AとBが共同創業したスタートアップだ」: the nominal predicate the clause modifies stands for the sentence's
        # subject, written (は) or dropped (the topic)
        objects = [a for a in args if a.kind in rule.object and a.particle[:1] == "は" and a.end <= cue.i][:1] or \
            discourse_topic(rule.object & {KG.Organization}, salience, sent, subjects, preds, args)
        if objects:
            method += ".predicate-nominal"
            confidence = min(confidence, 0.7)
            if "と" in frame.subject:  # 「Aと、…Bが創業した」: the parse may hang Aと on the nominal
                subjects += [a for a in args if a.particle == "と" and a.root.head.i == top.head.i
                             and a.kind in rule.subject and a.end <= cue.i and a not in subjects]
    if not objects and not passive and subjects and KG.Organization in rule.object and top.dep_ != "acl" \
            and all(a.particle.startswith("が") for a in subjects):
        # 「北辰堂は、1889年にYが創業して以来」: the は-topic over a clause with its own が-subject is its object
        objects = [a for a in topic_args(args, preds, ("は",)) if a.kind in rule.object and a not in subjects
                   and a.end <= cue.i][:1]
        if objects:
            method += ".topic-object"
            confidence = min(confidence, 0.75)
    # 「Yを通じて投資」: Y is the vehicle; the clause's agent, often dropped, invests as well.
    # 「Yとともに設立」「Yと共同で設立」: Y is a companion; the dropped subject acts too.
    vehicles = [a for a in subjects if a.particle.startswith(("を通じ", "を通し", "と"))]
    if vehicles and len(vehicles) == len(subjects):
        agents = [a for a in topic_args(args, preds, frame.subject) if a.kind in rule.subject and a not in vehicles]
        agents = agents or discourse_topic(rule.subject & {KG.Person}, salience, sent, objects + vehicles, preds,
                                           args)
        subjects = subjects + agents
    # A subjectless clause inherits the topic of the clause above it, then of the discourse;
    # a clause whose own subject is of the wrong class (「同社は…を設立した」 for founderOf) has none.
    wrong = [a for a in _attached(args, preds, SUBJECT_PARTICLES) + topic_args(args, preds, SUBJECT_PARTICLES)[:1]
             if a.kind not in rule.subject and a not in objects and a not in listed]
    if rule.exclusive_subject and any(c.dep_ in ("nsubj", "nsubj:pass") and arg_at(c, subjects) is None
                                      for p in preds for c in p.children):
        return []  # 「京都大学に友人がいた」: the clause is about someone else
    if not subjects and KG.Person in rule.subject:
        member = distributive(preds, rules, salience.pair)
        if member is not None:
            subjects = [member]
            method += ".distributive"
            confidence = min(confidence, 0.7)
    if not subjects and not wrong and not overt_subject(preds, listed) and not _stray_subject(preds, args):
        subjects = [a for a in topic_args(args, preds, frame.subject) if a.kind in rule.subject and a not in objects
                    and a not in listed]
        if subjects:
            method += ".topic"
            confidence = 0.75
        elif "は" in frame.subject and rule.subject & {KG.Person, KG.Organization}:
            subjects = discourse_topic(rule.subject, salience, sent, objects, preds, args)
            if subjects:
                confidence, suffix = inferred(subjects[0])
                method += f".{suffix}"
    if not objects:
        # 「Xは、Yから投資された資金で…」: a passive's object is the topic above it.
        objects = [a for a in topic_args(args, preds, frame.object) if a.kind in rule.object and a not in subjects]
        if objects:
            method += ".topic"
    if not objects and subjects and subjects[0].char_start >= 0 and ".topic" not in method \
            and KG.Organization in rule.object \
            and (rule.predicate in _OBJECT_FROM_TOPIC or rule.object_from_topic) \
            and (salience.doc_topics.has_article or rule.object_from_topic) \
            and not any(a.kind == KG.Organization and _particle_in(a.particle, frame.object) for a in args) \
            and not _common_object(preds, frame.object, args) and can_carry(sent, preds, args) \
            and not (relative and top.head.pos_ == "NOUN" and arg_at(top.head, args) is None):
        # (「Aの保有する株式」: a relative clause's object is the common noun it modifies, not the company in view)
        # 「2004年にAとBが創業。」 in an article about a company: the company is the one founded. In a text with
        # no article subject (news), a rule that says so takes the company the discourse is about.
        found = salience.doc_topics.resolve(KG.Organization) if salience.doc_topics.has_article else (
            (salience.topic[KG.Organization], "discourse") if salience.topic.get(KG.Organization) else None)
        if found is not None and all(a.key != found[0] for a in subjects):
            t = sent[0]
            objects = [Arg(key=found[0], kind=KG.Organization, start=t.i, end=t.i, root=t, particle="を",
                           char_start=-1, char_end=-1, source=found[1])]
            method += f".object.{found[1]}"
            confidence = min(confidence, 0.7)
    if subjects and subjects[0].char_start < 0 and _together(preds):
        # 「…鈴木を誘った。一緒にX社を作った。」: 一緒に adds the companion
        # last mentioned beside the topic.
        companion = salience.companion(subjects[0].kind, subjects[0].key)
        if companion is not None:
            subjects = subjects + [Arg(key=companion, kind=subjects[0].kind, start=cue.i, end=cue.i, root=cue,
                                       particle="は", char_start=-1, char_end=-1)]
    if hedged(cue, sent, rules):
        confidence *= HEDGE_FACTOR
        method += ".hedged"
    # 「Xを除名処分とした」: the cue's first word (除名) may be the reversing one
    reverse = cue.lemma_ in rule.reverse_cues or (cue.i > 0 and cue.doc[cue.i - 1].dep_ == "compound"
                                                  and cue.doc[cue.i - 1].lemma_ in rule.reverse_cues)
    hits = []
    subjects = expand(subjects)
    objects = expand(objects)
    if subjects and not objects and not reverse and _common_object(preds, frame.object, args):
        salience.open_objects.append((rule.predicate, tuple((a.key, a.kind) for a in subjects), rule.object))
    # 「AとBは提携した」: a symmetric relation between the members of one coordinated subject.
    if rule.predicate in SYMMETRIC and not objects and len(subjects) >= 2:
        for i, a in enumerate(subjects):
            for b in subjects[i + 1:]:
                if a.kind in rule.object and b.kind in rule.object:
                    hits.append(Hit(a, rule.predicate, b, f"verb.{method}.coordinated", confidence, cue))
        return hits
    for s in subjects:
        for o in objects:
            if s.key == o.key:
                continue
            a, b = (o, s) if reverse else (s, o)
            hits.append(Hit(a, rule.predicate, b, f"verb.{method}", confidence, cue))
    if hits and not reverse:
        # 「AはBと共にXに入社した」: the companion of the subject acts too
        pred_ids = {p.i for p in preds}
        for c in args:
            if c.kind in rule.subject and c.particle.startswith("と") and c.root.head.lemma_ in COMPANION_NOUNS \
                    and c.root.head.head.i in pred_ids and c not in subjects and c not in objects:
                hits += [Hit(c, rule.predicate, o, f"verb.{method}.companion", min(confidence, 0.75), cue)
                         for o in objects if o.key != c.key]
    return hits


def _bare_noun_predicate(cue: Token) -> bool:
    """Is the cue a verbal noun ending its clause with no する: glued to a time noun (「入社後」「買収後、」) or
    followed by a comma (「…を取得、…」)?"""
    doc = cue.doc
    if cue.pos_ != "NOUN":
        return False
    if cue.dep_ == "compound" and cue.head.i == cue.i + 1 and cue.head.lemma_ in _TIME_NOUNS:
        return True
    return cue.i + 1 < len(doc) and doc[cue.i + 1].text == "、"


# Quantities that may stand between an object and its verbal noun: 「株を35%取得」「株式の3割を取得」.
_QUANTITY = ("%", "％", "割", "パーセント")


def _glued_object(a: Arg, cue: Token, particles: tuple[str, ...]) -> bool:
    """Does ``a`` stand right before the cue with one of ``particles`` (「Xに入社」), or as 「Xの株を」, with at most a
    quantity between (「Xの株を35%取得」)?"""
    doc = cue.doc
    k = cue.i
    while k > a.end and (doc[k - 1].pos_ == "NUM" or doc[k - 1].text in _QUANTITY):
        k -= 1
    gap = "".join(t.text for t in doc[a.end:k])
    if gap in particles:
        return True
    return gap[:1] == "の" and gap[-1:] in particles and gap[1:-1] in _SHARES


def _listed_objects(cue: Token, args: list[Arg], frame: Frame) -> list[Arg]:
    """「1993年にAを買収、2011年にBも買収、2005年にCも買収」: in a list of the same act, a も-phrase of a verb that
    takes its object with を stands for that object, when an earlier verb of the list has its を-object named."""
    if "を" not in frame.object or not any(a.particle.startswith("も") for a in args):
        return []
    lemma = cue.lemma_
    same = [t for t in cue.sent if t.lemma_ == lemma]
    if len(same) < 2 or not any(a.particle.startswith("を") and a.root.head.i == same[0].i for a in args):
        return []
    ids = {t.i for t in same[1:]}
    return [a for a in args if a.particle.startswith("も") and a.root.head.i in ids]


def _shaped(a: Arg, doc: Doc, suffixes: tuple[str, ...]) -> bool:
    """Is the name shaped like ``suffixes`` (「…大学」), or in apposition to such a noun (「名門高校のX」)?"""
    if a.key.endswith(suffixes) or doc[a.start:a.end].text.endswith(suffixes):
        return True
    return a.start >= 2 and doc[a.start - 1].text == "の" and doc[a.start - 2].text.endswith(suffixes)


def _common_object(preds: list[Token], particles: tuple[str, ...], args: list[Arg]) -> bool:
    """Is the object slot filled by a common noun (「…企業に投資している」) rather than a name?"""
    taken = {i for a in args for i in range(a.start, a.end)}
    return any(c.i not in taken and c.pos_ == "NOUN" and _particle_in(token_particle(c), particles)
               for p in preds for c in p.children if c.dep_ in ("obj", "obl", "iobj"))


def example_hits(sent: Span, args: list[Arg], opened) -> list[Hit]:
    """「AmazonやAcme、Intelなどがその例です」: the names fill the open object of the sentence before."""
    if not opened or not any(t.text == "例" and t.i > sent.start and sent.doc[t.i - 1].text in ("その", "この")
                             for t in sent):
        return []
    cue = next(t for t in sent if t.text == "例")
    hits = []
    for pred, subjects, object_kinds in opened:
        for o in args:
            if o.kind not in object_kinds or o.char_start < 0:
                continue
            for key, kind in subjects:
                s = Arg(key=key, kind=kind, start=cue.i, end=cue.i, root=cue, particle="", char_start=-1,
                        char_end=-1)
                if key != o.key:
                    hits.append(Hit(s, pred, o, "verb.example", 0.6, cue))
    return hits


def _together(preds: list[Token]) -> bool:
    """「一緒に」「共に」「共同で」 modifying the predicate: the act had a companion."""
    return any(c.lemma_ in ("一緒", "共に", "ともに", "共同") or c.text in ("一緒に", "共に", "ともに")
               for p in preds for c in p.children)


def next_arg(token: Token, args: list[Arg]) -> Arg | None:
    """「投資ファンドAcorn」: the name right after a common noun stands for it."""
    for a in args:
        if a.start == token.i + 1:
            return a
    return None


def expand(args: list[Arg]) -> list[Arg]:
    out: list[Arg] = []
    for a in args:
        for m in a.group or [a]:
            if m not in out:
                out.append(m)
    return out


def can_carry(sent: Span, preds: list[Token], args: list[Arg]) -> bool:
    """May a subjectless clause take the discourse topic? Not in headings, nor when the clause
    has a subject of its own that is no name (「一人はXを立ち上げ、もう一人はYを設立」)."""
    text = sent.text
    if not text.strip().endswith(("。", "！", "？", "!", "?", "」", "）", ")")) and not is_chronology(text) \
            and not is_list_item(text) and not line_goes_on(sent) and not _after_item_dash(sent):
        return False  # a heading: 「X社のCEO就任」; a chronology line 「2001年 - X社を設立」 is none
    t = preds[-1]
    chain = list(preds)
    while t.head.i != t.i and len(chain) < 8:
        if t.dep_ == "acl" and t.head.lemma_ in _TIME_NOUNS:
            break  # 「Xにいた時、あるグループが…」: a 時-clause has its own subject, not the main clause's
        t = t.head
        chain.append(t)
    # a name and the title fused after it (「山田社長は」) are one subject
    arg_tokens = {i for a in args for i in range(a.start, a.title[1] if a.title else a.end)} | {a.root.i for a in args}
    on_chain = {p.i for p in chain}  # 「山田社長は…となり」: the title itself is no subject of its own
    for p in chain:
        for c in p.children:
            if c.i in arg_tokens or c.i in on_chain or c.pos_ not in ("NOUN", "PROPN", "PRON", "NUM") or _temporal(c) \
                    or c.text in CLOSERS:
                continue
            cases = [x.text for x in c.children if x.dep_ == "case"]
            if cases and cases[0] in ("は", "が"):  # 「一人は」; not 「会長には」, whose は only contrasts
                return False
    # 「彼の兄はX社を経て、Y社に入社」: a topic the parse hangs on an earlier clause is the sentence's too
    for c in sent:
        if c.i >= preds[0].i:
            break
        if c.i in arg_tokens or c.dep_ not in ("nsubj", "dislocated") or c.pos_ not in ("NOUN", "PRON") \
                or _temporal(c) or c.text in CLOSERS:
            continue
        cases = [x.text for x in c.children if x.dep_ == "case"]
        if cases and cases[0] == "は":
            return False
    return True


def _after_item_dash(sent: Span) -> bool:
    """Is ``sent`` the rest of a list item the parse cut at its dash (「山田一郎 -」 and 「X社第4代社長」)?"""
    doc = sent.doc
    if not 0 < sent.start <= 12:
        return False
    head = doc.text[:doc[sent.start].idx]
    return "\n" not in head and is_list_item(head + sent.text)


def line_goes_on(sent: Span) -> bool:
    """Does ``sent`` end on a verb's continuative form with the line going on? The parse may end a sentence
    there (「X大学で学び」 read as a noun and a root of its own, before 「学位を得た。」); a heading is a line
    alone, and one that ends on a noun (「Xの創設者」 before 「カップルの…」) stays one. A piece with a comma
    in it, cut off mid-line (「X大学英文科卒業、2001年Y大学」 before 「大学院修了。」), is no heading either."""
    doc = sent.doc
    last = doc[sent.end - 1]
    goes_on = sent.end < len(doc) and not last.whitespace_ and doc[sent.end].text.strip() != ""
    return goes_on and (last.tag_.startswith("動詞") or any(t.text == "、" for t in sent))


# 「卒業後は」「2012年には」「当初は」: a time topicalised with は is no subject.
_TIME_NOUNS = {"後", "前", "当初", "現在", "今", "時", "頃", "年", "月", "日", "以降", "以後", "翌年", "同年", "当時",
               "最初", "中", "間", "今日", "以前", "晩年", "初期", "年代", "その後", "直後", "同月",
               "時代", "在学中", "在任中", "期間", "期間中"}


_TIME_ENDINGS = ("後", "以降", "以後", "時代")


def _temporal(t: Token) -> bool:
    # 「卒業後は」「入社後は」: a cue and 後 fused into one word are a time too
    return t.lemma_ in _TIME_NOUNS or t.text in _TIME_NOUNS or t.text == "代" or t.text.endswith(_TIME_ENDINGS) or any(
        c.dep_ == "nummod" or c.pos_ == "NUM" or (c.dep_ == "compound" and c.lemma_ == "年") for c in t.children)


def discourse_topic(kinds: frozenset[URIRef], salience: Salience, sent: Span,
                    exclude: list[Arg], preds: list[Token], args: list[Arg]) -> list[Arg]:
    """The holder of a dropped subject: the paragraph's, section's or article's topic (kg.extract.topic) in a
    document with a lead subject, else the running topic of the discourse."""
    if not can_carry(sent, preds, args):
        return []
    topics = salience.doc_topics
    t = sent[0]
    if topics.has_article:
        found = topics.resolve_any(tuple(k for k in (KG.Person, KG.Organization) if k in kinds))
        if found is None or any(e.key == found[0] for e in exclude):
            return []
        key, kind, source = found
        return [Arg(key=key, kind=kind, start=t.i, end=t.i, root=t, particle="は", char_start=-1, char_end=-1,
                    source=source)]
    # The running topic carries into a new paragraph until the paragraph or the sentence sets a topic of its
    # own (「X社は…」 opening a news paragraph ends the person of the paragraph before).
    own = bool(topics.paragraph) or any(a.particle[:1] == "は" for a in args)
    for kind in (KG.Person, KG.Organization):
        if kind not in kinds:
            continue
        key, source = topics.paragraph.get(kind) if own else salience.topic.get(kind), "discourse"
        if not own and kind in topics.section:
            key, source = topics.section[kind], "section"  # a profile under a name heading (kg.extract.topic)
        if key and all(e.key != key for e in exclude):
            return [Arg(key=key, kind=kind, start=t.i, end=t.i, root=t, particle="は",
                        char_start=-1, char_end=-1, source=source)]
    return []


# Confidence of a relation whose holder was inferred, by where it came from (kg.extract.topic).
_INFERRED = {"paragraph": 0.75, "section": 0.7, "article": 0.75, "discourse": 0.7}


def inferred(arg: Arg) -> tuple[float, str]:
    """(confidence, method suffix) for a holder taken from the topic: 「subject.article」, 「discourse」."""
    source = arg.source or "discourse"
    return _INFERRED.get(source, 0.7), ("discourse" if source == "discourse" else f"subject.{source}")

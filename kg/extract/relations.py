"""Stage 5: parsed chunks + resolved mentions → Relation.

Cue words and case frames are data (ontology/relations.yaml), compiled into spaCy PhraseMatchers;
the code here reads Japanese structure around each cue: case particles (が/は/を/に/から/によって),
head-final dependency (the predicate a phrase attaches to), apposition (XのCEO・Y), coordination
(AとBは), relative clauses (Yが創業したX), and the running topic for subjectless clauses.
"""

from __future__ import annotations

import logging
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import yaml
from rdflib import URIRef

from ..errors import KGError
from ..model import Chunk, Mention, Relation, Source
from ..vocab import KG, SYMMETRIC, local_name
from . import dates
from .coref import PRONOUNS, Salience

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token
    from spacy.vocab import Vocab

log = logging.getLogger(__name__)

RULES_FILE = Path(__file__).resolve().parents[2] / "ontology" / "relations.yaml"

# The class constraint names used in relations.yaml.
_KINDS: dict[str, frozenset[URIRef]] = {
    "Person": frozenset({KG.Person}),
    "Organization": frozenset({KG.Organization}),
    "Agent": frozenset({KG.Person, KG.Organization}),
}
# When one title compound names several roles (代表取締役社長), the strongest one wins;
# titles joined by 兼 (会長兼社長) each count.
_ROLE_RANK = (KG.ceoOf, KG.founderOf, KG.executiveOf, KG.boardMemberOf, KG.investedIn,
              KG.employeeOf, KG.alumniOf)
_SUBJECT_PARTICLES = ("は", "が", "も")
# Tokens that may stand between a title and the name it introduces: 「CEO・Y」「CEOであるY」「社長のY」.
_APPOSITION_GAP = {"・", "、", "の", "で", "ある", "あっ", "だっ", "た", "　", " ", "=", "＝", "兼", "：", ":"}
# Prefixes of a title that do not change its meaning: 「新CEO」「元社長」「初代社長」「現会長」.
_TITLE_PREFIX = {"新", "前", "元", "初代", "現", "同社", "株式会社", "社", "グループ", "共同", "最初"}
_TITLE_WORD_PREFIXES = ("現", "元", "前", "新", "初代", "旧")
_COORDINATORS = {"、", ",", "，", "と", "や", "および", "及び", "並びに", "・"}


@dataclass(frozen=True)
class Frame:
    """Which case particles mark the subject and the object of a predicate cue."""

    subject: tuple[str, ...]
    object: tuple[str, ...]


@dataclass(frozen=True)
class VerbRule:
    predicate: URIRef
    subject: frozenset[URIRef]
    object: frozenset[URIRef]
    active: Frame
    passive: Frame | None
    reverse_cues: frozenset[str] = frozenset()
    object_suffixes: tuple[str, ...] = ()  # the object's name must end so: 「…大学」 for 去る → alumniOf
    object_unless_suffixes: tuple[str, ...] = ()  # nor may it end so: 「…大学に在籍」 is no employment
    requires_any: tuple[str, ...] = ()  # the sentence must contain one: 「過半数を取得」 for 取得 → acquired
    unless_any: tuple[str, ...] = ()  # the sentence must contain none
    exclusive_subject: bool = False  # no other subject in the clause: 「京都大学に友人がいた」 is no attendance
    confidence: float = 0.85  # of an edge read straight off the case frame
    name: str = ""  # the rule's key in relations.yaml, named in the method when it is not the predicate's


class CueMatcher:
    """Exact token sequences found by hash, in the order and with the matches of spaCy's token Matcher.

    Every cue pattern of relations.yaml is a fixed sequence of lemmas or of surface forms, which is what
    a ``PhraseMatcher`` finds in one pass over the Doc; a token ``Matcher`` with the same patterns tries
    each of them at every token (~70 % of stage 5 when it did). Matches come back as the Matcher gave
    them, since the order decides which reading wins a tie: by end token, then start token, then the
    order the patterns were added, each (key, start, end) once.
    """

    def __init__(self, vocab: Vocab) -> None:
        from spacy.matcher import PhraseMatcher

        self.vocab = vocab
        self.matchers = {"LEMMA": PhraseMatcher(vocab, attr="LEMMA"), "ORTH": PhraseMatcher(vocab, attr="ORTH")}
        self.patterns: list[tuple[str, str, tuple[str, ...]]] = []  # (key, attribute, token values), in order
        self._seen: set[tuple[str, str, tuple[str, ...]]] = set()
        self._pattern_of: dict[int, tuple[int, str]] = {}  # phrase id → (pattern index, key)

    def add(self, key: str, attr: str, values: Iterable[str]) -> None:
        """Add one pattern: the token sequence whose ``attr`` ("LEMMA" or "ORTH") values are ``values``."""
        from spacy.tokens import Doc

        values = tuple(values)
        if not values or (key, attr, values) in self._seen:
            return  # an empty cue matches nothing; a repeated pattern adds no match
        self._seen.add((key, attr, values))
        index = len(self.patterns)
        self.patterns.append((key, attr, values))
        phrase = f"{key}#{index}"
        self._pattern_of[self.vocab.strings.add(phrase)] = (index, key)
        pattern = Doc(self.vocab, words=list(values), lemmas=list(values) if attr == "LEMMA" else None)
        self.matchers[attr].add(phrase, [pattern])

    def __call__(self, doc: Doc) -> list[tuple[str, int, int]]:
        """Return ``(key, start, end)`` for every match in ``doc``."""
        found = []
        for matcher in self.matchers.values():
            if len(matcher):
                for phrase, start, end in matcher(doc):
                    index, key = self._pattern_of[phrase]
                    found.append((end, start, index, key))
        found.sort()
        out: list[tuple[str, int, int]] = []
        seen: set[tuple[str, int, int]] = set()
        for end, start, _, key in found:
            if (key, start, end) not in seen:
                seen.add((key, start, end))
                out.append((key, start, end))
        return out


@dataclass
class Rules:
    """relations.yaml, compiled: one CueMatcher per cue family plus the word lists."""

    verb_matcher: CueMatcher
    role_matcher: CueMatcher
    verbs: dict[str, VerbRule]
    roles: dict[str, tuple[URIRef, frozenset[URIRef], frozenset[URIRef]]]
    kin: dict[str, tuple[URIRef, bool]]
    orgrole: dict[str, bool]  # match id → True when the named org is the child
    hedges: frozenset[str]
    negations: frozenset[str]
    light_verbs: frozenset[str]
    relative_dates: tuple[str, ...]
    # 「一人は…、もう一人は…」: words for the first and the second member of a pair
    distributive_first: frozenset[str] = frozenset()
    distributive_second: frozenset[str] = frozenset()
    # 「CTOの肩書きを持つY」: nouns that carry a title and the verbs that make their subject its holder
    carrier_nouns: frozenset[str] = frozenset()
    carrier_verbs: frozenset[str] = frozenset()


def load_rules(vocab: Vocab, path: Path = RULES_FILE, split_mode: str = "C") -> Rules:
    """Compile relations.yaml into CueMatchers over token lemmas, tokenising cues as GiNZA does.

    Raises:
        KGError: the rules file is missing, not YAML, or names an unknown relation or class.
    """
    from spacy.lang.ja import JapaneseTokenizer

    tokenizer = JapaneseTokenizer(vocab, split_mode=split_mode)

    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as err:
        raise KGError(f"{path}: cannot read relation rules: {err}; restore ontology/relations.yaml") from err
    verb_matcher = CueMatcher(vocab)
    role_matcher = CueMatcher(vocab)

    def add(matcher: CueMatcher, key: str, cues: Iterable[str], after: bool = False) -> None:
        for cue in cues:
            toks = tokenizer(str(cue))
            # Sudachi gives every word its dictionary form; the surface stands in should one lack it.
            matcher.add(key, "LEMMA", [t.lemma_ or t.text for t in toks])
            matcher.add(key, "ORTH", [t.text for t in toks])
            if not after:
                # 「現会長」「元社長」 come out of the tokenizer as one word: prefix + title.
                for prefix in _TITLE_WORD_PREFIXES:
                    matcher.add(key, "ORTH", [prefix + toks[0].text] + [t.text for t in toks[1:]])
            if after:
                # 「卒業後」「入社後」 come out of the tokenizer as one word: cue + 後.
                matcher.add(key, "ORTH", [t.text for t in toks[:-1]] + [toks[-1].text + "後"])

    try:
        verbs: dict[str, VerbRule] = {}
        for name, spec in (data.get("verbs") or {}).items():
            pred = _term(spec.get("predicate", name), path)
            passive = spec.get("passive")
            verbs[name] = VerbRule(
                predicate=pred, subject=_KINDS[spec["subject"]], object=_KINDS[spec["object"]],
                active=Frame(tuple(spec["active"]["subject"]), tuple(spec["active"]["object"])),
                passive=Frame(tuple(passive["subject"]), tuple(passive["object"])) if passive else None,
                reverse_cues=frozenset(spec.get("reverse_cues", ())),
                object_suffixes=tuple(spec.get("object_suffixes", ())),
                object_unless_suffixes=tuple(spec.get("object_unless_suffixes", ())),
                requires_any=tuple(spec.get("requires_any", ())), unless_any=tuple(spec.get("unless_any", ())),
                exclusive_subject=bool(spec.get("exclusive_subject", False)),
                confidence=float(spec.get("confidence", 0.85)), name=name)
            add(verb_matcher, f"verb:{name}", spec["cues"], after=True)
        roles = {}
        for name, spec in (data.get("roles") or {}).items():
            roles[f"role:{name}"] = (_term(name, path), _KINDS[spec["subject"]], _KINDS[spec["object"]])
            add(role_matcher, f"role:{name}", spec["cues"])
        kin = {}
        for name, spec in (data.get("kin") or {}).items():
            pred = _term(spec.get("predicate", name), path)
            kin[f"kin:{name}"] = (pred, bool(spec.get("reverse", False)))
            add(role_matcher, f"kin:{name}", spec["cues"])
        orgrole = {}
        for name, spec in (data.get("orgrole") or {}).items():
            _term(name, path)
            orgrole["org:child"] = True
            orgrole["org:parent"] = False
            add(role_matcher, "org:child", spec.get("child_cues", ()))
            add(role_matcher, "org:parent", spec.get("parent_cues", ()))
    except KeyError as err:
        raise KGError(f"{path}: relation rule is missing the key or uses the unknown class {err}; "
                      "see the header of relations.yaml") from err
    return Rules(verb_matcher=verb_matcher, role_matcher=role_matcher, verbs=verbs, roles=roles, kin=kin,
                 orgrole=orgrole, hedges=frozenset(data.get("hedges", ())),
                 negations=frozenset(data.get("negations", ())),
                 light_verbs=frozenset(data.get("light_verbs", ())),
                 relative_dates=tuple(data.get("relative_dates", ())),
                 distributive_first=frozenset((data.get("distributive") or {}).get("first", ())),
                 distributive_second=frozenset((data.get("distributive") or {}).get("second", ())),
                 carrier_nouns=frozenset((data.get("role_carriers") or {}).get("nouns", ())),
                 carrier_verbs=frozenset((data.get("role_carriers") or {}).get("verbs", ())))


def _term(name: str, path: Path) -> URIRef:
    try:
        return getattr(KG, name)
    except AttributeError as err:
        raise KGError(f"{path}: '{name}' is not a relation of ontology/kg.ttl; use one of SPEC.md's names") from err


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

    @property
    def head(self) -> Token:
        return self.root.head


@dataclass
class _Hit:
    subject: Arg
    predicate: URIRef
    object: Arg
    method: str
    confidence: float
    cue: Token


def extract_relations(parsed: list[tuple[Doc, Chunk]], mentions: list[Mention],
                      keys: dict[Mention, str], kinds: dict[str, URIRef],
                      rules: Rules | None = None) -> list[Relation]:
    """Return the relations of one document, given its parsed chunks in order and resolved mentions.

    ``rules`` is ``load_rules(nlp.vocab)``; pass it in when calling once per document in a loop,
    otherwise the rules are compiled for this call.
    """
    if not parsed:
        return []
    if rules is None:
        rules = load_rules(parsed[0][0].vocab)
    salience = Salience()
    out: list[Relation] = []
    # Mentions by start offset, so each chunk takes its own by bisection rather than a scan of all.
    order = sorted(range(len(mentions)), key=lambda i: mentions[i].source.start)
    starts = [mentions[i].source.start for i in order]
    for doc, chunk in parsed:
        lo, hi = chunk.orig(0), chunk.orig(len(chunk.text))
        near = [mentions[i] for i in sorted(order[bisect_left(starts, lo):bisect_right(starts, hi)])]
        local = _local_mentions(doc, chunk, near, keys, kinds)
        local_starts = [a.start for a in local]  # sorted: _local_mentions keeps them in order, apart
        running: str | None = None
        verb_matches = rules.verb_matcher(doc)  # sorted by end token
        verb_ends = [end for _, _, end in verb_matches]
        role_matches = rules.role_matcher(doc)
        role_ends = [end for _, _, end in role_matches]
        # The chunk's text is the Doc's (it is what was parsed): sentences are sliced from it, where
        # Span.text (and Doc.text) would join the tokens again on every call.
        doc_text = chunk.text if _same_length(doc, chunk.text) else doc.text
        for sent in doc.sents:
            text = doc_text[sent.start_char:sent.end_char]
            args = [a for a in local[bisect_left(local_starts, sent.start):bisect_left(local_starts, sent.end)]
                    if a.end <= sent.end]
            if any(hint in text for hint in _PRONOUN_HINTS):
                args += _pronouns(sent, args, salience)
            args.sort(key=lambda a: a.start)
            _coordinate(args, doc)
            years = dates.find_years(text)
            if years:
                years = _outside_parentheses(years, text)
            relative = dates.has_relative_date(text, rules.relative_dates)
            own_pair = _pair(args)
            salience.pair = own_pair or salience.pair
            opened, open_objects = list(salience.open_roles), list(salience.open_objects)
            salience.open_roles.clear()
            salience.open_objects.clear()
            hits = _sentence_hits(sent, args, rules, salience, _within(sent, verb_matches, verb_ends),
                                  _within(sent, role_matches, role_ends))
            hits += _identity_hits(sent, args, opened)
            hits += _example_hits(sent, args, open_objects)
            for hit in hits:
                date = _date_for(hit, sent, years, running, relative)
                out.append(_relation(hit, chunk, sent, text, date))
            if years:
                running = years[-1][2]
            elif relative:
                running = None
            _update_salience(sent, args, salience)
            salience.pair = own_pair  # a pair is read distributively in its own sentence or the next
    out = _dedupe(out)
    log.debug("%s: %d relations", parsed[0][1].doc_id, len(out))
    return out


def _same_length(doc: Doc, text: str) -> bool:
    """Does ``doc`` span exactly ``len(text)`` characters (a cheap check that ``text`` is its text)?"""
    if not len(doc):
        return not text
    last = doc[-1]
    return last.idx + len(last.text_with_ws) == len(text)


def _within(sent: Span, matches: list[tuple[str, int, int]], ends: list[int]) -> list[tuple[str, int, int]]:
    """The matches inside ``sent``, in order; ``matches`` are sorted by end token, ``ends`` are their ends."""
    return [m for m in matches[bisect_right(ends, sent.start):bisect_right(ends, sent.end)] if m[1] >= sent.start]


def _outside_parentheses(years: list[tuple[int, int, str]], text: str) -> list[tuple[int, int, str]]:
    """Drop years inside （…）: 「山本健一（1962年 - ）は」 gives a lifespan, not the date of a fact.

    Example:
        >>> [y for _, _, y in _outside_parentheses([(3, 8, "1962"), (12, 17, "1993")], "山本（1962年 - ）は1993年に")]
        ['1993']
    """
    depth, inside = 0, []
    for ch in text:
        depth += ch in "（(〈"
        inside.append(depth > 0)
        depth -= ch in "）)〉" and depth > 0
    return [y for y in years if not inside[y[0]]]


def _local_mentions(doc: Doc, chunk: Chunk, mentions: list[Mention], keys: dict[Mention, str],
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
    return Arg(key=key, kind=kind, start=span.start, end=span.end, root=root, particle=_particle(span.doc, end),
               char_start=span.start_char, char_end=span.end_char)


def _particle(doc: Doc, end: int) -> str:
    """Return the case particle(s) after token ``end - 1``: 「は」「を」「によって」「からの」.

    A parenthesis right after a name is skipped: 「山本健一（やまもと けんいち、1962年 - ）は」.
    """
    out = ""
    i = end
    if i < len(doc) and doc[i].text in ("（", "("):
        depth = 0
        while i < len(doc):
            depth += doc[i].text in ("（", "(")
            depth -= doc[i].text in ("）", ")")
            i += 1
            if depth == 0:
                break
    if i < len(doc) and doc[i].text in ("など", "等", "ら") and not out:
        i += 1  # 「AmazonやIBMなどに」: など closes the list, the case particle follows
    while i < len(doc) and len(out) < 6:
        t = doc[i]
        if t.pos_ in ("ADP", "SCONJ") or (t.dep_ == "fixed" and out) or (out == "に" and t.lemma_ == "よる"):
            out += t.text
            i += 1
            continue
        break
    if out.startswith("によ"):
        return "によって"
    return out


# A sentence that contains none of these has no pronoun to resolve, so its tokens need no walk:
# every pronoun (and the 同 of 「同 + 大学」) contains one of them (彼女 contains 彼, 同社 contains 同).
_PRONOUN_HINTS = tuple(w for w in sorted(set(PRONOUNS) | {"同"})
                       if not any(v != w and v in w for v in set(PRONOUNS) | {"同"}))


def _pronouns(sent: Span, args: list[Arg], salience: Salience) -> list[Arg]:
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
        if t.text == "ここ" and (t.i + 1 >= len(sent.doc) or sent.doc[t.i + 1].text not in ("を", "に", "で")):
            continue  # 「ここ数年」 is a time, not a place
        # 「ここ」「同社」「同大学」 point at the organisation named last; 彼/彼女 at the topic.
        key = salience.last.get(kind) if kind == KG.Organization else salience.resolve(kind)
        earlier = [a for a in args if a.kind == kind and a.end <= t.i]
        if kind == KG.Organization and earlier and width == 2:
            key = earlier[-1].key  # 「京都大学に入学し、同大学を卒業」: named earlier in the same sentence
        if key is None:
            continue
        span = sent.doc[t.i:t.i + width]
        arg = _arg(key, kind, span)
        arg.particle = arg.particle or ""
        out.append(arg)
    return out


def _coordinate(args: list[Arg], doc: Doc) -> None:
    """Group 「A、B、Cは」「AとBは」: members share the last member's particle and head."""
    for a in args:
        a.group = [a]
    i = 0
    while i < len(args):
        j = i
        while j + 1 < len(args):
            a, b = args[j], args[j + 1]
            between = [t.text for t in doc[a.end:b.start]]
            if a.kind != b.kind or not between or any(x not in _COORDINATORS for x in between):
                break
            j += 1
        if j > i:
            members = args[i:j + 1]
            last = members[-1]
            # The member the parse hangs on the predicate speaks for the group (often the last,
            # but 「AmazonやIBMなどに」 may hang IBM on Amazon).
            inside = {k for m in members for k in range(m.start, m.end)}
            outer = [m for m in members if m.root.head.i not in inside] or [last]
            root = outer[-1].root
            for m in members:
                m.group = members
                m.particle = last.particle
                m.root = root
        i = j + 1


def _pair(args: list[Arg]) -> tuple[str, str] | None:
    """Two people coordinated as a subject, in order: 「AとBは出会った」 → (A, B)."""
    for a in args:
        group = a.group or [a]
        if len(group) == 2 and all(m.kind == KG.Person and m.char_start >= 0 for m in group) \
                and a.particle[:1] in _SUBJECT_PARTICLES and group[0].key != group[1].key:
            return group[0].key, group[1].key
    return None


def _distributive(preds: list[Token], rules: Rules, pair: tuple[str, str] | None) -> Arg | None:
    """「一人はXを立ち上げ、もう一人はYを設立」: the member of the pair this clause's 一人は/もう一人は names."""
    if pair is None:
        return None
    for p in preds:
        for c in p.children:
            if not _token_particle(c)[:1] in ("は", "が"):
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


def _in(token: Token, args: list[Arg]) -> Arg | None:
    for a in args:
        if a.start <= token.i < a.end:
            return a
    return None


def _sentence_hits(sent: Span, args: list[Arg], rules: Rules, salience: Salience,
                   verb_matches: list, role_matches: list) -> list[_Hit]:
    """Return the hits of the sentence's cue matches; drops from ``args`` any "name" that is a title (「CEO」)."""
    doc = sent.doc
    role_spans = _longest([(start, end, key) for key, start, end in role_matches])
    titled = {i for start, end, _ in role_spans for i in range(start, end)}
    args[:] = [a for a in args if not all(i in titled for i in range(a.start, a.end))]
    hits: list[_Hit] = []
    for key, _, end in verb_matches:
        name = key.split(":", 1)[1]
        cue = doc[end - 1]
        if _in(cue, args) is not None:
            continue
        hits.extend(_verb_hits(cue, rules.verbs[name], args, rules, salience, sent))
    for chain in _title_chains(role_spans, doc):
        inside = (_in(doc[i], args) for i in range(chain[0][0], chain[-1][1]))
        if any(a is not None and not _title_inside_name(doc[i], args) for i, a in
               zip(range(chain[0][0], chain[-1][1]), inside)):
            continue
        hits.extend(_role_hits(chain, args, rules, salience, sent))
    return _filter(hits)


def _title_inside_name(token: Token, args: list[Arg]) -> bool:
    """A title glued into a mention (「社長 孫正義」 tagged as one name) still counts as a title."""
    a = _in(token, args)
    return a is not None and token.i < a.root.i and token.pos_ == "NOUN" and not token.tag_.startswith("名詞-固有名詞")


def _longest(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    spans = sorted(spans, key=lambda s: (s[0], -(s[1] - s[0])))
    out: list[tuple[int, int, str]] = []
    for s in spans:
        if out and s[0] < out[-1][1]:
            continue
        out.append(s)
    return out


def _title_chains(spans: list[tuple[int, int, str]], doc: Doc) -> list[list[tuple[int, int, str]]]:
    """Join adjacent titles (代表取締役 会長 兼 社長) into one chain; 兼 separates roles that all count."""
    chains: list[list[tuple[int, int, str]]] = []
    for s in spans:
        if chains:
            last = chains[-1][-1]
            gap = [t.text for t in doc[last[1]:s[0]]]
            if last[2].startswith("role:") and s[2].startswith("role:") and all(g in ("兼", "・") for g in gap) \
                    and len(gap) <= 1:
                chains[-1].append(s)
                continue
        chains.append([s])
    return chains


# ---------------------------------------------------------------------------------------------
# Verb cues: 「YがXを設立した」「XはYによって設立された」「Yから投資を受けた」「Yが創業したX」


def _predicate_tokens(cue: Token, rules: Rules) -> list[Token]:
    """The cue plus the light verb carrying it: 投資を受ける, 設立を発表, 社長に就任."""
    preds = [cue]
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
        i = p.i + 1
        while i < len(p.doc) and i - p.i < 7 and (p.doc[i].pos_ in ("AUX", "SCONJ", "PART")
                                                  or p.doc[i].dep_ in ("fixed", "aux", "cop")
                                                  or (p.doc[i].pos_ == "ADP" and p.doc[i].text in ("は", "も"))):
            out.append(p.doc[i])
            i += 1
    return out


def _is_passive(cue: Token, preds: list[Token]) -> bool:
    aux = _aux(preds)
    if any(a.lemma_ in ("れる", "られる") for a in aux):
        return True
    return any(p.lemma_ in ("受ける", "受け入れる", "得る") for p in preds[1:])


def _negated(preds: list[Token], rules: Rules) -> bool:
    return any(a.lemma_ in rules.negations for a in _aux(preds)) or any(
        c.lemma_ in rules.negations for p in preds for c in p.children if c.dep_ in ("advmod", "aux"))


def _hedged(cue: Token, sent: Span, rules: Rules) -> bool:
    return any(t.lemma_ in rules.hedges or t.text in rules.hedges for t in sent if t.i > cue.i)


def _attached(args: list[Arg], preds: list[Token], particles: tuple[str, ...]) -> list[Arg]:
    """Args whose phrase depends on one of ``preds`` with one of ``particles`` (は also as には, からの)."""
    out = []
    pred_ids = {p.i for p in preds}
    for a in args:
        head = a.root.head
        # 「Yとともに設立」「Yと共同で設立」: Y hangs on とも/共同, which hangs on the predicate.
        if head.lemma_ in _COMPANION_NOUNS and head.i != a.root.i and a.particle.startswith("と"):
            head = head.head
        if head.i in pred_ids and _particle_in(a.particle, particles):
            out.append(a)
    return out


_COMPANION_NOUNS = {"とも", "共", "一緒", "共同"}


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
    for a in args:
        if a.particle != "の":
            continue
        t = a.root.head
        for _ in range(3):
            if t.head.i in pred_ids and t.dep_ in ("obj", "obl", "nsubj", "iobj"):
                if _particle_in(_token_particle(t), particles):
                    out.append(a)
                break
            if t.head.i == t.i:
                break
            t = t.head
    return out


def _token_particle(t: Token) -> str:
    return _particle(t.doc, t.i + 1)


def _overt_subject(preds: list[Token]) -> bool:
    """True when the predicate has a subject that is not one of our mentions (「一人はXを設立」)."""
    return any(c.dep_ in ("nsubj", "nsubj:pass") for p in preds for c in p.children)


def _topic(args: list[Arg], preds: list[Token], particles: tuple[str, ...]) -> list[Arg]:
    """The 〜は/〜が phrase of a clause that dominates this one: 「Aは…Xを設立し、Yを買収した」."""
    t = preds[-1]
    seen = {p.i for p in preds}
    for _ in range(6):
        if t.head.i == t.i:
            break
        t = t.head
        seen.add(t.i)
        found = [a for a in args if a.root.head.i == t.i and _particle_in(a.particle, particles)
                 and a.particle[:1] in ("は", "が", "も")]
        if found:
            return found
    # 「Aは2010年にXを卒業し、Yに入社した」: the topic scopes over every clause after it.
    cue = preds[0]
    return [a for a in args if a.particle[:1] == "は" and a.end <= cue.i and _particle_in(a.particle, particles)
            and a.root.dep_ in ("nsubj", "nsubj:pass", "obl", "dislocated")][:1]


def _verb_hits(cue: Token, rule: VerbRule, args: list[Arg], rules: Rules, salience: Salience,
               sent: Span) -> list[_Hit]:
    preds = _predicate_tokens(cue, rules)
    if _negated(preds, rules):
        return []
    if (rule.requires_any and not any(w in sent.text for w in rule.requires_any)) or any(
            w in sent.text for w in rule.unless_any):
        return []
    passive = _is_passive(cue, preds) and rule.passive is not None
    frame = rule.passive if passive else rule.active
    confidence = rule.confidence
    method = "passive" if passive else "active"
    if rule.name and rule.name != local_name(rule.predicate):
        method = f"{rule.name}.{method}"  # 「rel.alumniOf.verb.atSchool.active」: which rule of the predicate fired
    subjects = [a for a in _attached(args, preds, frame.subject) if a.kind in rule.subject]
    objects = [a for a in _attached(args, preds, frame.object) if a.kind in rule.object]
    if not objects:
        objects = [a for a in _genitive_of(args, preds, frame.object) if a.kind in rule.object]
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
    if top.dep_ == "acl":
        head_arg = _in(top.head, args) or _next_arg(top.head, args)
        if head_arg is not None:
            if not objects and head_arg.kind in rule.object and head_arg not in subjects:
                objects = [head_arg]
                method = "relative"
            elif not subjects and head_arg.kind in rule.subject and head_arg not in objects:
                subjects = [head_arg]
                method = "relative"
    # 「Yを通じて投資」: Y is the vehicle; the clause's agent, often dropped, invests as well.
    # 「Yとともに設立」「Yと共同で設立」: Y is a companion; the dropped subject acts too.
    vehicles = [a for a in subjects if a.particle.startswith(("を通じ", "を通し", "と"))]
    if vehicles and len(vehicles) == len(subjects):
        agents = [a for a in _topic(args, preds, frame.subject) if a.kind in rule.subject and a not in vehicles]
        agents = agents or _discourse_topic(rule.subject & {KG.Person}, salience, sent, objects + vehicles, preds,
                                            args)
        subjects = subjects + agents
    # A subjectless clause inherits the topic of the clause above it, then of the discourse;
    # a clause whose own subject is of the wrong class (「同社は…を設立した」 for founderOf) has none.
    wrong = [a for a in _attached(args, preds, _SUBJECT_PARTICLES) + _topic(args, preds, _SUBJECT_PARTICLES)[:1]
             if a.kind not in rule.subject and a not in objects]
    if rule.exclusive_subject and any(c.dep_ in ("nsubj", "nsubj:pass") and _in(c, subjects) is None
                                      for p in preds for c in p.children):
        return []  # 「京都大学に友人がいた」: the clause is about someone else
    if not subjects and KG.Person in rule.subject:
        member = _distributive(preds, rules, salience.pair)
        if member is not None:
            subjects = [member]
            method += ".distributive"
            confidence = min(confidence, 0.7)
    if not subjects and not wrong and not _overt_subject(preds):
        subjects = [a for a in _topic(args, preds, frame.subject) if a.kind in rule.subject and a not in objects]
        if subjects:
            method += ".topic"
            confidence = 0.75
        elif "は" in frame.subject and rule.subject & {KG.Person, KG.Organization}:
            subjects = _discourse_topic(rule.subject, salience, sent, objects, preds, args)
            if subjects:
                method += ".discourse"
                confidence = 0.6
    if not objects:
        # 「Xは、Yから投資された資金で…」: a passive's object is the topic above it.
        objects = [a for a in _topic(args, preds, frame.object) if a.kind in rule.object and a not in subjects]
        if objects:
            method += ".topic"
    if subjects and subjects[0].char_start < 0 and _together(preds):
        # 「…鈴木を誘った。一緒にX社を作った。」: 一緒に adds the companion
        # last mentioned beside the topic.
        companion = salience.companion(subjects[0].kind, subjects[0].key)
        if companion is not None:
            subjects = subjects + [Arg(key=companion, kind=subjects[0].kind, start=cue.i, end=cue.i, root=cue,
                                       particle="は", char_start=-1, char_end=-1)]
    if _hedged(cue, sent, rules):
        confidence *= 0.5
        method += ".hedged"
    reverse = cue.lemma_ in rule.reverse_cues
    hits = []
    subjects = _expand(subjects)
    objects = _expand(objects)
    if subjects and not objects and not reverse and _common_object(preds, frame.object, args):
        salience.open_objects.append((rule.predicate, tuple((a.key, a.kind) for a in subjects), rule.object))
    # 「AとBは提携した」: a symmetric relation between the members of one coordinated subject.
    if rule.predicate in SYMMETRIC and not objects and len(subjects) >= 2:
        for i, a in enumerate(subjects):
            for b in subjects[i + 1:]:
                if a.kind in rule.object and b.kind in rule.object:
                    hits.append(_Hit(a, rule.predicate, b, f"verb.{method}.coordinated", confidence, cue))
        return hits
    for s in subjects:
        for o in objects:
            if s.key == o.key:
                continue
            a, b = (o, s) if reverse else (s, o)
            hits.append(_Hit(a, rule.predicate, b, f"verb.{method}", confidence, cue))
    return hits


def _shaped(a: Arg, doc: Doc, suffixes: tuple[str, ...]) -> bool:
    """Is the name shaped like ``suffixes`` (「…大学」), or in apposition to such a noun (「名門高校のX」)?"""
    if a.key.endswith(suffixes) or doc[a.start:a.end].text.endswith(suffixes):
        return True
    return a.start >= 2 and doc[a.start - 1].text == "の" and doc[a.start - 2].text.endswith(suffixes)


def _common_object(preds: list[Token], particles: tuple[str, ...], args: list[Arg]) -> bool:
    """Is the object slot filled by a common noun (「…企業に投資している」) rather than a name?"""
    taken = {i for a in args for i in range(a.start, a.end)}
    return any(c.i not in taken and c.pos_ == "NOUN" and _particle_in(_token_particle(c), particles)
               for p in preds for c in p.children if c.dep_ in ("obj", "obl", "iobj"))


def _example_hits(sent: Span, args: list[Arg], opened) -> list[_Hit]:
    """「AmazonやIBM、Intelなどがその例です」: the names fill the open object of the sentence before."""
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
                    hits.append(_Hit(s, pred, o, "verb.example", 0.6, cue))
    return hits


def _together(preds: list[Token]) -> bool:
    """「一緒に」「共に」「共同で」 modifying the predicate: the act had a companion."""
    return any(c.lemma_ in ("一緒", "共に", "ともに", "共同") or c.text in ("一緒に", "共に", "ともに")
               for p in preds for c in p.children)


def _next_arg(token: Token, args: list[Arg]) -> Arg | None:
    """「投資ファンドAcorn」: the name right after a common noun stands for it."""
    for a in args:
        if a.start == token.i + 1:
            return a
    return None


def _expand(args: list[Arg]) -> list[Arg]:
    out: list[Arg] = []
    for a in args:
        for m in a.group or [a]:
            if m not in out:
                out.append(m)
    return out


def _can_carry(sent: Span, preds: list[Token], args: list[Arg]) -> bool:
    """May a subjectless clause take the discourse topic? Not in headings, nor when the clause
    has a subject of its own that is no name (「一人はXを立ち上げ、もう一人はYを設立」)."""
    if not sent.text.strip().endswith(("。", "！", "？", "!", "?", "」", "）", ")")):
        return False  # a heading: 「X社のCEO就任」
    t = preds[-1]
    chain = list(preds)
    while t.head.i != t.i and len(chain) < 8:
        if t.dep_ == "acl" and t.head.lemma_ in _TIME_NOUNS:
            break  # 「Xにいた時、あるグループが…」: a 時-clause has its own subject, not the main clause's
        t = t.head
        chain.append(t)
    arg_tokens = {i for a in args for i in range(a.start, a.end)}
    for p in chain:
        for c in p.children:
            if c.i in arg_tokens or c.pos_ not in ("NOUN", "PROPN", "PRON", "NUM") or _temporal(c):
                continue
            if any(x.dep_ == "case" and x.text in ("は", "が") for x in c.children):
                return False
    return True


# 「卒業後は」「2012年には」「当初は」: a time topicalised with は is no subject.
_TIME_NOUNS = {"後", "前", "当初", "現在", "今", "時", "頃", "年", "月", "日", "以降", "以後", "翌年", "同年", "当時",
               "最初", "中", "間", "今日", "以前", "晩年", "初期", "年代", "その後", "直後", "同月",
               "時代", "在学中", "在任中"}


def _temporal(t: Token) -> bool:
    return t.lemma_ in _TIME_NOUNS or t.text in _TIME_NOUNS or t.text == "代" or any(
        c.dep_ == "nummod" or c.pos_ == "NUM" or (c.dep_ == "compound" and c.lemma_ == "年") for c in t.children)


def _discourse_topic(kinds: frozenset[URIRef], salience: Salience, sent: Span,
                     exclude: list[Arg], preds: list[Token], args: list[Arg]) -> list[Arg]:
    if not _can_carry(sent, preds, args):
        return []
    for kind in (KG.Person, KG.Organization):
        if kind not in kinds:
            continue
        key = salience.topic.get(kind)
        if key and all(e.key != key for e in exclude):
            t = sent[0]
            return [Arg(key=key, kind=kind, start=t.i, end=t.i, root=t, particle="は",
                        char_start=-1, char_end=-1)]
    return []


# ---------------------------------------------------------------------------------------------
# Noun cues: 「XのCEOであるY」「XのCEO・Y」「X代表取締役会長兼社長 Y」「YはXの社長に就任した」「妻のY」


def _role_hits(chain: list[tuple[int, int, str]], args: list[Arg], rules: Rules, salience: Salience,
               sent: Span) -> list[_Hit]:
    doc = sent.doc
    first, last = chain[0][0], chain[-1][1]
    label = chain[0][2]
    named = _after(last, args, doc)
    before = _before(first, args, doc)
    if label.startswith("kin:"):
        return _kin_hits(chain[0], named, before, args, rules, salience, sent)
    if label.startswith("org:"):
        return _orgrole_hits(chain[0], named, before, args, rules, sent)
    preds = _chain_predicates(chain, doc, rules)
    head = doc[last - 1]
    confidence, method = 0.9, "apposition"
    people: list[Arg] = []
    subject_kinds = frozenset().union(*(p[1] for p in preds))
    among = _among(head, args, subject_kinds)
    carrier = _carrier(head, args, rules, subject_kinds) if named is None else None
    if named is None and _token_particle(head).startswith("は"):
        # 「京セラの現会長は谷本秀夫で」: the predicate names the holder.
        named = next((a for a in args if a.kind in subject_kinds and a.start >= last and (
            a.root.dep_ == "ROOT" or a.end >= sent.end - 1 or doc[a.end].lemma_ in ("だ", "です", "である")
            or (doc[a.end].text == "で" and a.end + 1 < sent.end and doc[a.end + 1].text == "、"))), None)
    if named is not None and named.kind in subject_kinds:
        people = [named]
    elif among is not None:
        people, confidence, method = [among], 0.6, "predicative.among"
    elif carrier is not None:
        people, confidence, method = [carrier], 0.7, "carrier"
    else:
        people = _predicative_subject(head, args, rules, salience, sent, subject_kinds)
        confidence, method = 0.8, "predicative"
        if people and people[0].char_start < 0:
            confidence, method = 0.6, "predicative.discourse"
    org = before if before is not None and before.kind == KG.Organization else None
    if org is None:
        org = _workplace(head, args, rules)
        if org is not None:
            method += ".workplace"
    if org is None and people and method.startswith(("predicative", "carrier")):
        # 「Xを設立し、代表取締役社長に就任した」: the one organisation of the sentence.
        orgs = {a.key: a for a in args if a.kind == KG.Organization and all(a.key != p.key for p in people)}
        if len(orgs) == 1:
            org = next(iter(orgs.values()))
            method += ".sentence-org"
            confidence = min(confidence, 0.6)
    if org is None and people and method.startswith(("predicative", "carrier")) and not any(
            a.kind == KG.Organization and all(a.key != p.key for p in people) for a in args):
        key = salience.topic.get(KG.Organization)
        if key is not None and _can_carry(sent, [head], args):
            org = Arg(key=key, kind=KG.Organization, start=head.i, end=head.i, root=head, particle="",
                      char_start=-1, char_end=-1)
            method += ".topic-org"
            confidence = 0.5
    if org is None and named is not None and named.kind == KG.Person and people and named.start == last:
        # 「新CEOジョン・スミス」: a title with no organisation names the one under discussion.
        key = salience.topic.get(KG.Organization)
        if key is not None and _can_carry(sent, [head], args):
            org = Arg(key=key, kind=KG.Organization, start=head.i, end=head.i, root=head, particle="",
                      char_start=-1, char_end=-1)
            confidence, method = 0.5, "apposition.discourse"
    if org is None or not people:
        return []
    if _negated([head, head.head, sent.root], rules):
        return []  # 「創設者のXというわけでもありません」
    if _hedged(head, sent, rules):
        confidence *= 0.5
        method += ".hedged"
    hits = []
    for pred, subj_kinds, obj_kinds, cue_label in preds:
        for p in _expand(people):
            for o in _expand([org]):  # 「京セラおよびKDDIの創業者」: one edge per organisation
                if p.kind in subj_kinds and o.kind in obj_kinds and p.key != o.key:
                    hits.append(_Hit(p, pred, o, f"role.{method}", confidence, doc[last - 1]))
    return hits


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
    if head.dep_ != "nmod" or _token_particle(head) != "の" or carrier.i == head.i \
            or carrier.text not in rules.carrier_nouns:
        return None
    verb = carrier.head
    if carrier.dep_ not in ("obj", "obl") or _token_particle(carrier)[:1] not in ("を", "に") \
            or verb.lemma_ not in rules.carrier_verbs or verb.dep_ != "acl" or _negated([verb], rules):
        return None
    holder = _in(verb.head, args) or _next_arg(verb, args)
    return holder if holder is not None and holder.kind in kinds else None


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
            if best is None or _ROLE_RANK.index(pred) < _ROLE_RANK.index(best[0]):
                best = (pred, sk, ok, s[2])
        if best and all(best[0] != b[0] for b in out):
            out.append(best)
    return out


def _after(end: int, args: list[Arg], doc: Doc) -> Arg | None:
    """The name a title introduces: 「CEOのY」「CEO・Y」「CEOであるY」「社長 Y」."""
    i = end
    gap = 0
    while i < len(doc) and gap <= 3:
        for a in args:
            if a.start == i:
                return a
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


def _before(start: int, args: list[Arg], doc: Doc) -> Arg | None:
    """The organisation a title belongs to: 「XのCEO」「X代表取締役」「Xの新CEO」."""
    i = start - 1
    skipped = 0
    while i >= 0 and skipped <= 2:
        t = doc[i]
        for a in args:
            if a.end == i + 1:
                between = doc[a.end:start]
                if all(x.text in ("の",) or x.text in _TITLE_PREFIX or x.text.strip() == "" for x in between):
                    return a
        if t.text in ("の",) or t.text in _TITLE_PREFIX or t.text.strip() == "":
            i -= 1
            skipped += 1
            continue
        break
    for a in args:
        if a.start <= start - 1 < a.end:
            return a
    return None


def _predicative_subject(head: Token, args: list[Arg], rules: Rules, salience: Salience,
                         sent: Span, kinds: frozenset[URIRef] = frozenset({KG.Person})) -> list[Arg]:
    """「YはXのCEOだ」「YはXの社長に就任した」「YはXのCEOとして…」: the title's holder is the subject."""
    t = head
    # climb から the title's own phrase to the predicate it belongs to
    for _ in range(3):
        if t.dep_ in ("compound", "nmod") and t.head.i != t.i and t.head.pos_ in ("NOUN", "PROPN"):
            t = t.head
        else:
            break
    particle = _token_particle(t)
    copula = any(c.lemma_ in ("だ", "です", "である") or c.dep_ == "cop" for c in t.children)
    preds: list[Token]
    if copula or t.dep_ == "ROOT":
        preds = [t]
    elif particle[:1] in ("に", "を", "と") or particle.startswith("として"):
        if t.head.lemma_ in rules.light_verbs or particle.startswith("として"):
            preds = [t.head]
        else:
            return []
    else:
        return []
    subjects = [a for a in args if a.root.head.i in {p.i for p in preds} and a.particle[:1] in _SUBJECT_PARTICLES
                and a.kind in kinds]
    if subjects:
        return subjects
    found = [a for a in _topic(args, preds, _SUBJECT_PARTICLES) if a.kind in kinds]
    if found:
        return found
    nominal = t.dep_ == "ROOT" and (t.i + 1 >= sent.end or sent.doc[t.i + 1].text in ("。", "．"))
    if not _overt_subject(preds) and (nominal or copula or t.dep_ != "ROOT"):
        # 「株式会社X代表取締役社長。」 after 「Yは、日本の実業家。」: a nominal sentence about the topic.
        # 「…CEOとして指名された」 with no subject: the discourse topic; a bare 「Xの創設者」 is not enough.
        return _discourse_topic(frozenset({KG.Person}), salience, sent, [], preds, args)
    return []


def _workplace(head: Token, args: list[Arg], rules: Rules) -> Arg | None:
    """「XでCEOを務める」「Xに社長として…」: the organisation is a sibling phrase with で/に."""
    t = head
    if t.head.lemma_ in rules.light_verbs:
        for a in args:
            if a.kind == KG.Organization and a.root.head.i == t.head.i and a.particle[:1] in ("で", "に"):
                return a
    return None


def _kin_hits(span: tuple[int, int, str], named: Arg | None, before: Arg | None, args: list[Arg],
              rules: Rules, salience: Salience, sent: Span) -> list[_Hit]:
    """「妻のY」「XとY妻の」「XのメンターY」「師匠のY」: kinship and roles between two people."""
    doc = sent.doc
    pred, reverse = rules.kin[span[2]]
    cue = doc[span[0]]
    if (named is None or named.kind != KG.Person) and _token_particle(doc[span[1] - 1]).startswith("は"):
        # 「妻は女優の高橋京子。」「妻は山田花子である。」: the predicate names the relative.
        named = next((a for a in args if a.kind == KG.Person and a.start >= span[1] and (
            a.root.dep_ == "ROOT" or a.end >= sent.end - 1 or doc[a.end].lemma_ in ("だ", "です", "である"))), named)
    if named is None or named.kind != KG.Person:
        # 「YはXの妻だ」
        subj = _predicative_subject(doc[span[1] - 1], args, rules, salience, sent)
        subj = [a for a in subj if a.char_start >= 0]
        if subj and before is None:
            # 「XはYを師と仰ぐ」「XはYをメンターとする」: Y holds the role, X is the other.
            holder = [a for a in args if a.kind == KG.Person and a.particle == "を" and a.root.head.i == cue.head.i]
            if holder and holder[0].key != subj[0].key:
                s, o = (subj[0], holder[0]) if reverse else (holder[0], subj[0])
                return [_Hit(s, pred, o, "kin.object", 0.8, cue)]
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
                # 「妻のY」 with nobody else in the sentence: the one the text is about.
                key = salience.main(KG.Person) or salience.resolve(KG.Person)
                if key is None or key == named.key:
                    return []
                other = Arg(key=key, kind=KG.Person, start=cue.i, end=cue.i, root=cue, particle="",
                            char_start=-1, char_end=-1)
                method, conf = "kin.discourse", 0.6
    if other.key == named.key or other.kind != KG.Person or named.kind != KG.Person:
        return []  # kinship and mentoring hold between people only
    if _hedged(cue, sent, rules):
        conf *= 0.5
    # 「XのメンターY」: Y mentors X. 「Xの弟子Y」: X mentors Y. 「妻のY」: symmetric.
    s, o = (other, named) if reverse else (named, other)
    return [_Hit(s, pred, o, method, conf, cue)]


_IDENTITY_NOUNS = {"人物", "人", "男", "女", "男性", "女性", "方"}


def _identity_hits(sent: Span, args: list[Arg], opened: list[tuple[URIRef, bool, str]]) -> list[_Hit]:
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
        hits.append(_Hit(s, pred, o, "kin.identity", 0.7, named[0].root))
    return hits


def _orgrole_hits(span: tuple[int, int, str], named: Arg | None, before: Arg | None, args: list[Arg],
                  rules: Rules, sent: Span) -> list[_Hit]:
    """「Yの子会社X」「XはYの子会社だ」「Yの傘下に入った」「XはYの親会社」."""
    doc = sent.doc
    child_named = rules.orgrole[span[2]]
    if before is None or before.kind != KG.Organization:
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
        return [_Hit(before, KG.parentOrgOf, other, method, 0.8, doc[span[0]])]
    return [_Hit(other, KG.parentOrgOf, before, method, 0.8, doc[span[0]])]


# ---------------------------------------------------------------------------------------------


def _filter(hits: list[_Hit]) -> list[_Hit]:
    """Drop self-loops and duplicate triples, keeping the most confident reading."""
    best: dict[tuple[str, URIRef, str], _Hit] = {}
    for h in hits:
        if h.subject.key == h.object.key:
            continue
        s, o = h.subject, h.object
        if h.predicate in SYMMETRIC and o.key < s.key:
            h = _Hit(o, h.predicate, s, h.method, h.confidence, h.cue)
        k = (h.subject.key, h.predicate, h.object.key)
        if k not in best or best[k].confidence < h.confidence:
            best[k] = h
    return list(best.values())


def _date_for(hit: _Hit, sent: Span, years: list[tuple[int, int, str]], running: str | None,
              relative: bool) -> str | None:
    """The year written in the clause (the last one before the cue), else the paragraph's running year."""
    if years:
        cue_at = hit.cue.idx - sent.start_char
        before = [y for s, _, y in years if s < cue_at]
        return before[-1] if before else years[0][2]
    if relative:
        return None
    return running


def _relation(hit: _Hit, chunk: Chunk, sent: Span, text: str, date: str | None) -> Relation:
    pieces = [(a.char_start, a.char_end) for a in (hit.subject, hit.object) if a.char_start >= 0
              and sent.start_char <= a.char_start and a.char_end <= sent.end_char]
    pieces.append((hit.cue.idx, hit.cue.idx + len(hit.cue.text)))
    a = min(p[0] for p in pieces)
    b = max(p[1] for p in pieces)
    start, end = chunk.span(a, b)
    method = f"rel.{local_name(hit.predicate)}.{hit.method}.v1"
    source = Source(doc_id=chunk.doc_id, start=start, end=end, sentence=text.strip(), method=method)
    return Relation(subject=hit.subject.key, predicate=hit.predicate, object=hit.object.key, source=source,
                    confidence=round(min(max(hit.confidence, 0.0), 1.0), 3), date=date)


def _update_salience(sent: Span, args: list[Arg], salience: Salience) -> None:
    """The first 〜は (else 〜が) person/organisation of a sentence becomes the topic of its class."""
    for kind in (KG.Person, KG.Organization):
        of_kind = [a for a in args if a.kind == kind]
        for a in of_kind:
            salience.mention(a.key, kind)
        topics = [a for a in of_kind if a.particle[:1] == "は" and a.root.head.dep_ == "ROOT"] or \
                 [a for a in of_kind if a.particle[:1] == "は"] or \
                 [a for a in of_kind if a.particle[:1] == "が" and a.root.head.dep_ == "ROOT"]
        if topics:
            salience.set_topic(topics[0].key, kind)


def _dedupe(rels: list[Relation]) -> list[Relation]:
    best: dict[tuple, Relation] = {}
    for r in rels:
        k = (r.subject, str(r.predicate), r.object, r.source.start)
        if k not in best or best[k].confidence < r.confidence:
            best[k] = r
    return sorted(best.values(), key=lambda r: (r.source.start, r.subject, str(r.predicate), r.object))

"""Stage 5, rule loading: ontology/relations.yaml → compiled cue matchers, case frames and word lists."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import yaml
from rdflib import URIRef

from .. import resources
from ..errors import KGError
from ..vocab import KG
from .structures import CareerPath, SchoolList

if TYPE_CHECKING:
    from spacy.tokens import Doc
    from spacy.vocab import Vocab


# The class constraint names used in relations.yaml.
_KINDS: dict[str, frozenset[URIRef]] = {
    "Person": frozenset({KG.Person}),
    "Organization": frozenset({KG.Organization}),
    "Agent": frozenset({KG.Person, KG.Organization}),
}
# When one title compound names several roles (代表取締役社長), the strongest one wins;
# titles joined by 兼 (会長兼社長) each count.
ROLE_RANK = (KG.ceoOf, KG.founderOf, KG.executiveOf, KG.boardMemberOf, KG.investedIn,
             KG.employeeOf, KG.memberOf, KG.alumniOf)
HEDGE_FACTOR = 0.5  # a hedged statement (「…という噂」「…らしい」) keeps half its rule's confidence
_TITLE_WORD_PREFIXES = ("現", "元", "前", "新", "初代", "旧")


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
    object_from_topic: bool = False  # a dropped object is the article's organisation: 「AとBが結成。」 in a band's article
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
        whole = getattr(doc, "doc", doc)  # the matchers take a Doc, not the TokenTable that stands in for one
        for matcher in self.matchers.values():
            if len(matcher):
                for phrase, start, end in matcher(whole):
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
    # 「Xへの進学を考えていた」: words of intent that, governing the cue, leave the act undone
    intents: frozenset[str] = frozenset()
    # 「…という噂もあるが、本人は否定」: reports, the denials that cancel what they report, and the verbs that
    # deny when negated (「認めていない」)
    reports: frozenset[str] = frozenset()
    denials: frozenset[str] = frozenset()
    unconfirmed: frozenset[str] = frozenset()
    # 「Xを社長に起用」: verbs whose object takes the title given with に
    appointment_verbs: frozenset[str] = frozenset()
    # Shapes with no single cue (kg.extract.structures): school lists
    school_list: SchoolList = field(default_factory=lambda: SchoolList((), (), ()))
    career_path: CareerPath = field(default_factory=lambda: CareerPath(frozenset(), frozenset()))
    group_heads: tuple[str, ...] = ()  # structures.parent_in_parenthesis: 「X（Yホールディングス）」
    play_verbs: frozenset[str] = frozenset()  # structures.league_play: 「Xでは A、Bでプレーした」 makes X a league
    lineup: frozenset[str] = frozenset()  # structures.lineup.nouns: 「A、Bというラインナップ」
    group_nouns: frozenset[str] = frozenset()  # structures.lineup.groups: 「バンドは」 names the band in view
    ranks: frozenset[str] = frozenset()  # structures.commander_in_parenthesis.ranks: 「X艦隊（Y中将）」


def load_rules(vocab: Vocab, path: Path | None = None, split_mode: str = "C") -> Rules:
    """Compile ``path`` (default: the shipped relations.yaml) into CueMatchers over token lemmas, tokenising cues as GiNZA does.

    Raises:
        KGError: the rules file is missing, not YAML, or names an unknown relation or class.
    """
    from spacy.lang.ja import JapaneseTokenizer

    tokenizer = JapaneseTokenizer(vocab, split_mode=split_mode)

    path = path or resources.ontology_dir() / "relations.yaml"
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
                # 「卒業後」「入社後」「在学中」「従軍中」 come out of the tokenizer as one word: cue + 後 (or 中).
                for tail in ("後", "中"):
                    matcher.add(key, "ORTH", [t.text for t in toks[:-1]] + [toks[-1].text + tail])

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
                object_from_topic=bool(spec.get("object_from_topic", False)),
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
    denials = data.get("denials") or {}
    distributive = data.get("distributive") or {}
    carriers = data.get("role_carriers") or {}
    structures = data.get("structures") or {}
    lineup = structures.get("lineup") or {}
    return Rules(verb_matcher=verb_matcher, role_matcher=role_matcher, verbs=verbs, roles=roles, kin=kin,
                 orgrole=orgrole, hedges=frozenset(data.get("hedges", ())),
                 negations=frozenset(data.get("negations", ())),
                 intents=frozenset(data.get("intents", ())),
                 reports=frozenset(denials.get("reports", ())),
                 denials=frozenset(denials.get("words", ())),
                 unconfirmed=frozenset(denials.get("unconfirmed", ())),
                 light_verbs=frozenset(data.get("light_verbs", ())),
                 relative_dates=tuple(data.get("relative_dates", ())),
                 distributive_first=frozenset(distributive.get("first", ())),
                 distributive_second=frozenset(distributive.get("second", ())),
                 carrier_nouns=frozenset(carriers.get("nouns", ())),
                 carrier_verbs=frozenset(carriers.get("verbs", ())),
                 appointment_verbs=frozenset(data.get("appointment_verbs", ())),
                 school_list=SchoolList.from_yaml(structures.get("school_list")),
                 career_path=CareerPath.from_yaml(structures.get("career_path")),
                 group_heads=tuple((structures.get("parent_in_parenthesis") or {}).get("heads", ())),
                 play_verbs=frozenset(structures.get("league_play") or ()),
                 lineup=frozenset(lineup.get("nouns", ())),
                 group_nouns=frozenset(lineup.get("groups", ())),
                 ranks=frozenset((structures.get("commander_in_parenthesis") or {}).get("ranks", ())))


def _term(name: str, path: Path) -> URIRef:
    try:
        return getattr(KG, name)
    except AttributeError as err:
        raise KGError(f"{path}: '{name}' is not a relation of ontology/kg.ttl; use one of SPEC.md's names") from err

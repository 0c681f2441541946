"""Stage 4 over a corpus: each document's entities → one entity per real-world entity across documents.

Each document is resolved on its own first (kg.aliases), exactly as a one-document build would be. The
document entities are then linked, each link recorded as a ``corpus:`` reason:

1. **same name**: one canonical name, up to width, spacing, old/new kanji forms and katakana spelling
   (ヴ/ブ, ー, small kana). Different types merge too and the corpus votes the type, unless the name is a
   person's family or given name alone.
2. **alias carried**: a name one document gives as another form of its entity (an alias it defines, an
   abbreviation, the name without 株式会社 or 大学, a family name) joins the entity another document calls
   by that name alone, when exactly one entity of the corpus has that alternative form. A Japanese family
   or given name alone (佐藤) joins only with shared context: both entities are mentioned in a sentence
   with one same other entity; a katakana or Latin one (ケストレル) also when it is the family name of just
   one full name in the corpus. When two entities of the corpus have the form (「HK」 defined for two
   companies), the one with shared context wins; with none or both, it stays apart (``corpus-apart:``).
3. **katakana ⇄ Latin**: ミナト・ロボティクス and Minato Robotics, when their consonant skeletons match and
   the types agree, with shared context (a neighbour or a document) or a long match (8 consonants or more).
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from ..model import Entity, Mention
from ..vocab import KG
from .aliases import _make_entity, resolve
from .gazetteer import Gazetteer
from .mention_cues import strip_org_affix
from .names import entity_key, normalize

# Old and variant kanji forms in names → the common form (NFKC leaves these apart).
_ITAIJI = str.maketrans({
    "髙": "高", "﨑": "崎", "嵜": "崎", "澤": "沢", "邊": "辺", "邉": "辺", "齋": "斎", "齊": "斉", "濱": "浜",
    "國": "国", "廣": "広", "櫻": "桜", "藏": "蔵", "眞": "真", "德": "徳", "惠": "恵", "實": "実", "學": "学",
    "會": "会", "團": "団", "條": "条", "黑": "黒", "龍": "竜", "壽": "寿", "與": "与", "榮": "栄", "豐": "豊",
    "巖": "巌", "冨": "富", "籠": "篭", "槇": "槙", "瀨": "瀬", "彌": "弥", "淺": "浅", "萬": "万", "鐵": "鉄",
})
# Katakana spellings of one loanword: ヴァ/バ, ウィ/ウイ, ヂ/ジ, long marks.
_KANA_FOLD = (("ヴァ", "バ"), ("ヴィ", "ビ"), ("ヴェ", "ベ"), ("ヴォ", "ボ"), ("ヴ", "ブ"), ("ヂ", "ジ"), ("ヅ", "ズ"),
              ("ヰ", "イ"), ("ヱ", "エ"), ("ヲ", "オ"), ("ヶ", "ケ"), ("ヵ", "カ"), ("ァ", "ア"), ("ィ", "イ"),
              ("ゥ", "ウ"), ("ェ", "エ"), ("ォ", "オ"), ("ー", ""))
_CJK = re.compile(r"[\u3400-\u9FFF々]+")
_KATAKANA = re.compile(r"[\u30A1-\u30FA\u30FC]+")
_LATIN = re.compile(r"[a-z0-9&'.+\-]+")
# Corpus reasons that kg.aliases recomputes for a merged entity from its mentions.
_RECOMPUTED = ("type:", "evidence:", "same-name:")


def fold(key: str) -> str:
    """Return a normalized name key with variant kanji and katakana spellings folded (hiragana → katakana).

    Example:
        >>> fold(normalize("齋藤")) == fold(normalize("斎藤")), fold("ヴェルデ") == fold("ベルデ")
        (True, True)
    """
    text = key.translate(_ITAIJI)
    text = "".join(chr(ord(c) + 0x60) if "\u3041" <= c <= "\u3096" else c for c in text)
    for old, new in _KANA_FOLD:
        text = text.replace(old, new)
    return text or key


_KANA = dict(zip(
    "アイウエオカキクケコガギグゲゴサシスセソザジズゼゾタチツテトダヂヅデドナニヌネノハヒフヘホバビブベボパピプペポ"
    "マミムメモヤユヨラリルレロワヰヱヲンヴ",
    "a i u e o ka ki ku ke ko ga gi gu ge go sa shi su se so za ji zu ze zo ta chi tsu te to da ji zu de do "
    "na ni nu ne no ha hi fu he ho ba bi bu be bo pa pi pu pe po ma mi mu me mo ya yu yo ra ri ru re ro "
    "wa i e o n vu".split()))
_SMALL = {"ァ": "a", "ィ": "i", "ゥ": "u", "ェ": "e", "ォ": "o", "ャ": "ya", "ュ": "yu", "ョ": "yo", "ヮ": "wa"}


def romanize(kana: str) -> str:
    """Return a Hepburn-style romanization of katakana (loanword spellings included).

    Example:
        >>> romanize("ミナトロボティクス"), romanize("ケストレル"), romanize("ウィキペディア"), romanize("シャッフル")
        ('minatorobotikusu', 'kesutoreru', 'wikipedia', 'shaffuru')
    """
    out: list[str] = []
    double = False
    for c in kana:
        if c == "ッ":
            double = True
            continue
        if c in _SMALL and out:
            prev = out.pop()
            small = _SMALL[c]
            if small.startswith("y") and prev.endswith("i") and len(prev) > 1:
                stem = prev[:-1]  # キャ → kya, シャ → sha, ジャ → ja
                syllable = stem + (small[1:] if stem.endswith(("sh", "ch", "j")) else small)
            else:
                stem = "w" if prev == "u" else prev.rstrip("aiueo")  # ウィ → wi, ファ → fa, ティ → ti
                syllable = stem + small[-1]
            out.append(syllable)
            continue
        if c == "ー":
            continue
        syllable = _KANA.get(c, "")
        if double and syllable:
            syllable = syllable[0] + syllable
        double = False
        out.append(syllable)
    return "".join(out)


_LATIN_RULES = ((r"tion", "shon"), (r"ph", "f"), (r"ck", "k"), (r"qu", "kw"), (r"x", "ks"), (r"c(?=[eiy])", "s"),
                (r"[cq]", "k"), (r"th", "s"), (r"gh", ""), (r"dg", "j"), (r"e\b", ""),
                (r"r(?=[^aeiouy]|\b)", ""))


def skeleton(name: str) -> str:
    """Return the consonant skeleton of a Latin or katakana name, for matching one against the other.

    Vowels, h, w and y drop; l reads r, v reads b, z reads s; an English r before a consonant or at the
    end drops (katakana writes it as ー); doubled letters count once.

    Example:
        >>> skeleton("Minato Robotics") == skeleton("ミナト・ロボティクス"), skeleton("Kestrel") == skeleton("ケストレル")
        (True, True)
    """
    text = unicodedata.normalize("NFKC", name)
    if _KATAKANA.search(text):
        words = [romanize(w) for w in re.split(r"[\s・･·=＝\-]+", text) if w]
    else:
        plain = unicodedata.normalize("NFKD", text.casefold())
        words = re.findall(r"[a-z]+", "".join(c for c in plain if not unicodedata.combining(c)))
        for pattern, repl in _LATIN_RULES:
            words = [re.sub(pattern, repl, w) for w in words]
    text = "".join(words).replace("l", "r").replace("v", "b").replace("z", "s")
    text = re.sub(r"[aeiouyhw]", "", text)
    return re.sub(r"(.)\1+", r"\1", text)


def script(name: str) -> str:
    """Return "latin", "katakana" or "other" for a name.

    Example:
        >>> script("Kestrel"), script("ケストレル・ラボ"), script("ケストレル株式会社")
        ('latin', 'katakana', 'other')
    """
    key = normalize(name)
    if _LATIN.fullmatch(key):
        return "latin"
    if _KATAKANA.fullmatch(key):
        return "katakana"
    return "other"


@dataclass(slots=True)
class _Local:
    """One document's entity, before linking."""

    doc_id: str
    entity: Entity
    identity: str  # folded key of its canonical name
    alternatives: frozenset[str]  # folded keys of its other names, and of its names without 株式会社/大学
    short: str  # its canonical name is a family or given name alone: "kanji" (佐藤) or "foreign" (ハートリー); else ""
    name_parts: frozenset[str] = frozenset()  # the alternatives that are a person's family or given name
    neighbours: set[int] = field(default_factory=set)  # locals mentioned in one sentence with it


class _Links:
    """Union-find over locals that keeps each cluster's members, kind votes and neighbours, and the corpus
    reasons of its links."""

    def __init__(self, locals_: list[_Local]) -> None:
        n = len(locals_)
        self.locals = locals_
        self.parent = list(range(n))
        self.members: dict[int, list[int]] = {i: [i] for i in range(n)}
        self.votes: dict[int, dict] = {i: {loc.entity.kind: len(loc.entity.mentions)} for i, loc in enumerate(locals_)}
        self.why: dict[int, list[str]] = defaultdict(list)
        self._around: dict[int, set[int]] = {}

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def cluster(self, i: int) -> list[int]:
        """Return the locals of ``i``'s cluster."""
        return self.members[self.find(i)]

    def kind(self, i: int):
        """Return the class the mentions of ``i``'s cluster vote for."""
        votes = self.votes[self.find(i)]
        return max(sorted(votes, key=str), key=lambda k: (votes[k], k == KG.Person))

    def around(self, i: int) -> set[int]:
        """Return the clusters mentioned in a sentence with ``i``'s cluster (their roots)."""
        root = self.find(i)
        if root not in self._around:
            self._around[root] = {self.find(n) for m in self.members[root] for n in self.locals[m].neighbours}
        roots = {self.find(n) for n in self._around[root]}  # joins since may have changed some roots
        roots.discard(root)
        return roots

    def join(self, a: int, b: int, why: str) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        ra, rb = min(ra, rb), max(ra, rb)  # the root is the smaller index: independent of join order
        self.parent[rb] = ra
        self.members[ra].extend(self.members.pop(rb))
        for kind, count in self.votes.pop(rb).items():
            self.votes[ra][kind] = self.votes[ra].get(kind, 0) + count
        self.why[ra].extend(self.why.pop(rb, []))
        self.why[ra].append(why)
        around = self._around.pop(ra, None), self._around.pop(rb, None)
        if around[0] is not None and around[1] is not None:
            self._around[ra] = around[0] | around[1]
        return True


def resolve_corpus(mentions: Iterable[Mention], gazetteer: Gazetteer | None = None,
                   documents: Mapping[str, str] | None = None,
                   resolved: Mapping[str, list[Entity]] | None = None) -> tuple[list[Entity], dict[Mention, str]]:
    """Group the mentions of a corpus into entities; return the entities and each mention's entity key.

    ``documents`` maps doc_id → a name for reasons (the file path); ``gazetteer`` pins names and types
    in every document as kg.aliases.resolve does. ``resolved`` gives documents already resolved alone
    (doc_id → its entities, as ``kg.aliases.resolve`` returns them without a gazetteer), which are not
    resolved again.
    """
    documents = documents or {}
    by_doc: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        by_doc[m.source.doc_id].append(m)
    key = functools.lru_cache(maxsize=None)(lambda text: fold(normalize(text)))
    parts = {key(p) for ms in by_doc.values() for m in ms if len(m.parts) > 1 and m.kind == KG.Person for p in m.parts}
    locals_: list[_Local] = []
    for doc_id in sorted(by_doc):
        known = resolved.get(doc_id) if resolved is not None and gazetteer is None else None
        entities = known if known is not None else resolve(by_doc[doc_id], gazetteer=gazetteer)[0]
        first = len(locals_)
        locals_ += [_local(doc_id, e, parts, key) for e in entities]
        _add_neighbours(locals_, first)
    links = _Links(locals_)
    apart: dict[int, list[str]] = defaultdict(list)
    name = functools.partial(_doc_name, documents)
    _link_same_names(locals_, links, name)
    _carry_alternatives(locals_, links, apart, name)
    _link_scripts(locals_, links)
    return _entities(locals_, links, apart, gazetteer)


def _local(doc_id: str, e: Entity, parts: set[str], key) -> _Local:
    identity = key(e.name)
    names = [e.name, *e.aliases]
    alternatives = {key(n) for n in names}
    name_parts: set[str] = set()
    if e.kind == KG.Organization:
        alternatives |= {key(core) for n in names if (core := strip_org_affix(n))}
    else:  # a person's family and given names, as the document writes them in full
        name_parts = {key(p) for m in e.mentions if len(m.parts) > 1 for p in m.parts} - alternatives
        alternatives |= name_parts
    alternatives.discard(identity)
    alternatives.discard("")
    short = ""
    if e.kind == KG.Person and (identity in parts or bool(_CJK.fullmatch(identity)) and len(identity) <= 2):
        # A katakana or Latin family name (ケストレル) names fewer people than a Japanese one (佐藤, 鈴木).
        short = "foreign" if script(e.name) != "other" and len(identity) >= 3 else "kanji"
    return _Local(doc_id=doc_id, entity=e, identity=identity, alternatives=frozenset(alternatives), short=short,
                  name_parts=frozenset(name_parts - {identity, ""}))


def _add_neighbours(locals_: list[_Local], first: int) -> None:
    """Record which locals of one document (``locals_[first:]``) are mentioned in one sentence together."""
    sentences: dict[str, set[int]] = defaultdict(set)
    for i in range(first, len(locals_)):
        for m in locals_[i].entity.mentions:
            sentences[m.source.sentence].add(i)
    for members in sentences.values():
        if len(members) > 1:
            for i in members:
                locals_[i].neighbours |= members - {i}


def _doc_name(documents: Mapping[str, str], doc_id: str) -> str:
    return documents.get(doc_id, doc_id).replace("\\", "/").rsplit("/", 1)[-1]


def _link_same_names(locals_: list[_Local], links: _Links, name) -> None:
    """Join locals whose canonical names are one name (rule 1), unless the name is ambiguous."""
    by_identity: dict[str, list[int]] = defaultdict(list)
    rich: dict[str, set[str]] = defaultdict(set)  # key → identities of locals that have it as another name
    for i, loc in enumerate(locals_):
        by_identity[loc.identity].append(i)
        for alt in loc.alternatives:
            rich[alt].add(loc.identity)
    for key in sorted(by_identity):
        group = by_identity[key]
        if len(group) < 2 or len(rich.get(key, ())) > 1:
            continue  # one local, or a name that stands for two entities elsewhere: rule 2 decides
        people = [i for i in group if not locals_[i].short]
        if len(people) < len(group):
            continue  # a family or given name alone: rule 2, with context
        kinds = {locals_[i].entity.kind for i in group}
        forms = sorted({locals_[i].entity.name for i in group})
        docs = sorted({name(locals_[i].doc_id) for i in group})
        why = f"corpus:same-name:{'|'.join(forms)} ({len(docs)} documents: {', '.join(docs[:5])}" \
              f"{', …' if len(docs) > 5 else ''})"
        if len(kinds) > 1:
            why += " types differ; corpus vote"
        for i in group[1:]:
            links.join(group[0], i, why)


def _carry_alternatives(locals_: list[_Local], links: _Links, apart: dict[int, list[str]], name) -> None:
    """Join a local called only by a name that another local has as an alternative form (rule 2)."""
    owners: dict[str, list[int]] = defaultdict(list)
    bare: dict[str, list[int]] = defaultdict(list)
    for i, loc in enumerate(locals_):
        for alt in loc.alternatives:
            owners[alt].append(i)
        bare[loc.identity].append(i)
    for key in sorted(bare):
        if len(bare[key]) == 1 and key not in owners:
            continue  # one document calls an entity so, and no other has it as another name
        richs = sorted({links.find(i) for i in owners.get(key, ())})
        todo = [i for i in bare[key] if links.find(i) not in richs]
        if not todo:
            continue
        form = locals_[todo[0]].entity.name
        for i in todo:
            loc = locals_[i]
            root = links.find(i)
            # A person's family or given name is no name of an organisation another document calls so.
            owned = sorted({links.find(o) for o in owners.get(key, ())
                            if loc.entity.kind == KG.Person or key not in locals_[o].name_parts})
            if not owned:
                continue
            same_kind = [r for r in owned if links.kind(r) == loc.entity.kind]
            shared = {r: _shared(locals_, links, root, r) for r in same_kind}
            with_context = [r for r in same_kind if shared[r]]
            if len(owned) == 1 and (not loc.short or loc.short == "foreign" and same_kind):
                # the one entity of the corpus with this other name
                r = owned[0]
                vote = "" if r in same_kind else "; types differ, corpus vote"
                what = "the one full name with this family or given name" if loc.short else "a name of it"
                links.join(r, i, f"corpus:alias:{form}→{_label(locals_, r)} ({what} in "
                                 f"{_docs_with(locals_, links, r, key, name)}{vote})")
            elif len(with_context) == 1:
                r = with_context[0]
                links.join(r, i, f"corpus:context:{form}→{_label(locals_, r)} (in {name(loc.doc_id)}; shared: "
                                 f"{', '.join(shared[r][:3])})")
            elif same_kind:
                what = "a family or given name alone" if loc.short else "a name of " + \
                       " and ".join(_label(locals_, r) for r in same_kind[:3])
                reason = "no" if not with_context else "ambiguous"
                apart[i].append(f"corpus-apart:{form} (in {name(loc.doc_id)}): {what}; {reason} shared context "
                                f"with " + ", ".join(_label(locals_, r) for r in same_kind[:3]))
        # The same name alone in several documents: the ones that share context are one entity.
        rest = [i for i in bare[key] if links.find(i) not in richs]
        if len(rest) < 2:
            continue
        seen: dict[tuple[object, int], int] = {}
        for i in rest:
            for n in sorted(links.around(i)):
                other = seen.setdefault((locals_[i].entity.kind, n), i)
                if links.find(other) != links.find(i):
                    links.join(other, i, f"corpus:context:{form} ({name(locals_[other].doc_id)} ~ "
                                         f"{name(locals_[i].doc_id)}; shared: {_label(locals_, n)})")
        roots = {links.find(i) for i in rest}
        for i in rest:
            if len(roots) > 1 and links.find(i) == i and len(links.cluster(i)) == 1 and not apart.get(i):
                what = "a family or given name alone" if locals_[i].short else "a name"
                apart[i].append(f"corpus-apart:{form} (in {name(locals_[i].doc_id)}): {what}; no shared context "
                                f"with the {form} of other documents")


def _link_scripts(locals_: list[_Local], links: _Links) -> None:
    """Join katakana and Latin spellings of one name with the same type and shared context (rule 3)."""
    # kind → first two consonants → script → skeleton → (form, local) pairs; each distinct pair of
    # skeletons is compared once, then the clusters that spell them.
    spellings: dict[tuple[str, str], dict[str, dict[str, list[tuple[str, int]]]]] = defaultdict(
        lambda: {"latin": defaultdict(list), "katakana": defaultdict(list)})
    spell = functools.lru_cache(maxsize=None)(lambda form: (script(form), skeleton(form)))
    for i, loc in enumerate(locals_):
        if loc.short:
            continue
        for form in (loc.entity.name, *loc.entity.aliases):
            kind, sk = spell(form)
            if kind != "other" and len(sk) >= 3:
                spellings[(str(loc.entity.kind), sk[:2])][kind][sk].append((form, i))
    for bucket in sorted(spellings):
        latin, kana = spellings[bucket]["latin"], spellings[bucket]["katakana"]
        for sk_a in sorted(latin):
            for sk_b in sorted(kana):
                matcher = difflib.SequenceMatcher(None, sk_a, sk_b)
                if matcher.real_quick_ratio() < 0.8 or matcher.ratio() < 0.8:
                    continue
                ratio = matcher.ratio()
                for form_a, a in sorted(latin[sk_a]):
                    for form_b, b in sorted(kana[sk_b]):
                        ra, rb = links.find(a), links.find(b)
                        if ra == rb or links.kind(ra) != links.kind(rb):
                            continue
                        common = _shared(locals_, links, ra, rb)
                        docs = _docs(locals_, links, ra) & _docs(locals_, links, rb)
                        long_match = ratio >= 0.9 and min(len(sk_a), len(sk_b)) >= 8
                        if common or docs or long_match:
                            evidence = f"shared: {', '.join(common[:3])}" if common else "one document" if docs \
                                else "a long name"
                            links.join(ra, rb, f"corpus:script:{form_a}~{form_b} (skeleton {sk_a}/{sk_b}, "
                                               f"{ratio:.2f}; {evidence})")


def _shared(locals_: list[_Local], links: _Links, a: int, b: int) -> list[str]:
    """Names of the entities both clusters are mentioned in a sentence with."""
    ra, rb = links.find(a), links.find(b)
    common = sorted((links.around(ra) & links.around(rb)) - {ra, rb})
    return [_label(locals_, r) for r in common]


def _docs(locals_: list[_Local], links: _Links, root: int) -> set[str]:
    return {locals_[i].doc_id for i in links.cluster(root)}


def _docs_with(locals_: list[_Local], links: _Links, root: int, key: str, name) -> str:
    docs = sorted({name(locals_[i].doc_id) for i in links.cluster(root) if key in locals_[i].alternatives})
    return ", ".join(docs[:3]) + (", …" if len(docs) > 3 else "")


def _label(locals_: list[_Local], root: int) -> str:
    return locals_[root].entity.name


def _entities(locals_: list[_Local], links: _Links, apart: dict[int, list[str]],
              gazetteer: Gazetteer | None) -> tuple[list[Entity], dict[Mention, str]]:
    clusters = links.members
    used: set[str] = set()
    entities: list[Entity] = []
    index: dict[Mention, str] = {}
    normal = functools.lru_cache(maxsize=None)(normalize)
    for root in sorted(clusters, key=lambda r: (locals_[r].identity, r)):
        members = sorted(clusters[root])
        if len(members) == 1:
            entity = _rekey(locals_[root].entity, used)
            if apart.get(root):
                entity = dataclasses.replace(entity, reasons=(*entity.reasons, *apart[root]))
        else:
            ms = [m for i in members for m in locals_[i].entity.mentions]
            reasons = [r for i in members for r in locals_[i].entity.reasons if not r.startswith(_RECOMPUTED)]
            reasons += links.why.get(root, []) + [r for i in members for r in apart.get(i, [])]
            canonical = {normal(locals_[i].entity.name) for i in members}
            subordinate = {normal(m.text) for m in ms} - canonical
            entry = None
            if gazetteer is not None:
                entry = next((e for m in ms if (e := gazetteer.lookup(normal(m.text))) is not None), None)
            entity = _make_entity(ms, reasons, subordinate, used, entry, normal)
        entities.append(entity)
        for i in members:
            for m in locals_[i].entity.mentions:
                index[m] = entity.key
    entities.sort(key=lambda e: e.key)
    return entities, index


def _rekey(e: Entity, used: set[str]) -> Entity:
    """Return ``e`` with a key not yet used (a suffix _2, _3, … as kg.aliases gives)."""
    base = key = entity_key(e.name)
    i = 2
    while key in used:
        key, i = f"{base}_{i}", i + 1
    used.add(key)
    return e if key == e.key else dataclasses.replace(e, key=key)

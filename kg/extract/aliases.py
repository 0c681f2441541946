"""Stage 4: Mention → Entity. Merges the surface forms of one real-world entity and types it by vote.

Merges, each recorded in Entity.reasons: same normalized name (・/space, width, case, honorifics),
aliases the text defines (「Kleiner Perkins（KPと呼ばれる）」), an organisation's name with and without its
institution head (ウェストブルック / ウェストブルック大学), and a person's name parts (ベゾス → ジェフ・ベゾス;
a part shared by two people goes to the nearest preceding full name, or stays apart).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from ..model import Entity, Mention
from ..vocab import KG, local_name
from .gazetteer import Entry, Gazetteer
from .mention_cues import FACULTY_SUFFIXES, load_cues, school_of_faculty, strip_org_affix
from .names import SEPARATORS, entity_key, normalize
from .topic import is_lead

_KANJI_CHAR = re.compile(r"[\u4E00-\u9FFF]")
_COMPANY_SUFFIXED = re.compile(r"[A-Za-z0-9&'’.\- \u30A0-\u30FF]{2,}社")  # a Latin or katakana name and 社
# Another name of the document's subject, said after a word for it that opens a clause or brackets: 「本名は
# X。」「（日本名：X〈…〉、…）」「旧字体：X」「略称はX。」, or its reading in another language: 「英語読みでX
# と呼ばれる」「ドイツ語風には、X。」 (not 「妻の本名はX」: the cue follows no 「の」)
_SUBJECT_NAME_CUE = re.compile(r"(?:^|[、。（(])(?:(?:本名|旧字体|新字体|日本名|英語名|旧名|略称|通称|愛称|別名|芸名|筆名|"
                               r"ペンネーム)(?:は|：|:)?|[^、。（(]{1,6}語(?:読み|風)(?:で|では|には)?、?)$")
_SUBJECT_NAME_TAIL = "名義"  # 「Xとしては、Y名義で」: the subject works under the name Y


class _Union:
    """Union-find over name keys, remembering why two keys were joined."""

    def __init__(self, keys: Iterable[str]) -> None:
        self.parent = {k: k for k in keys}
        self.why: dict[str, list[str]] = defaultdict(list)

    def find(self, k: str) -> str:
        while self.parent[k] != k:
            self.parent[k] = self.parent[self.parent[k]]
            k = self.parent[k]
        return k

    def join(self, a: str, b: str, why: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        self.parent[ra] = rb
        self.why[rb].extend(self.why.pop(ra, []))
        self.why[rb].append(why)


def _tally(items: Iterable[Any]) -> dict[Any, int]:
    """How often each item comes, in the order first seen: a Counter's counts, without the cost of making one
    (an entity's mentions are a handful).

    Example:
        >>> _tally("abca")
        {'a': 2, 'b': 1, 'c': 1}
    """
    counts: dict[Any, int] = {}
    for item in items:
        counts[item] = counts.get(item, 0) + 1
    return counts


def _kind_of(ms: list[Mention]):
    votes = _tally(m.kind for m in ms)
    return max(votes, key=lambda k: (votes[k], k == KG.Person))


def resolve(mentions: Iterable[Mention], gazetteer: Gazetteer | None = None) -> tuple[list[Entity], dict[Mention, str]]:
    """Group mentions into entities; return the entities and each mention's entity key.

    A user ``gazetteer`` (optional) pins the class and canonical name of the names it lists.
    """
    # A corpus says each name many times: normalise each distinct surface form once per call.
    normal = functools.lru_cache(maxsize=None)(normalize)
    groups: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        key = normal(m.text)
        if key:
            groups[key].append(m)
    uf = _Union(groups)
    subordinate: set[str] = set()  # keys that are short or alternative forms of another
    kinds = {k: _kind_of(ms) for k, ms in groups.items()}
    pinned: dict[str, Entry] = {}
    if gazetteer is not None:
        by_entry: dict[Entry, list[str]] = defaultdict(list)
        for key in groups:
            entry = gazetteer.lookup(key)
            if entry is not None:
                pinned[key] = entry
                kinds[key] = entry.kind
                by_entry[entry].append(key)
        for entry, keys in by_entry.items():
            for key in keys[1:]:
                uf.join(key, keys[0], f"gazetteer:{groups[key][0].text}={entry.name}")

    # Aliases the text defines: 「Kleiner Perkins（KPと呼ばれる）」
    for key, ms in groups.items():
        for m in ms:
            target = normal(m.alias_of) if m.alias_of else ""
            if target in groups and target != key and kinds[target] == kinds[key]:
                uf.join(key, target, f"defined-alias:{m.text}={m.alias_of}")
                subordinate.add(key)
    _join_subject_names(groups, kinds, uf, subordinate)
    # An organisation with and without its head or legal form: ウェストブルック / ウェストブルック大学
    cores: dict[str, list[str]] = defaultdict(list)
    for key, ms in groups.items():
        if kinds[key] != KG.Organization:
            continue
        short = normal(strip_org_affix(ms[0].text))
        if short in groups and short != key and kinds[short] == KG.Organization:
            uf.join(short, key, f"org-affix:{groups[short][0].text}~{ms[0].text}")
            subordinate.add(short)
        elif short:
            cores[short].append(key)
    # Two forms of one name with different affixes, the bare name unsaid: 「Xグループ」 / 「X株式会社」
    for short, keys in cores.items():
        for key in keys[1:]:
            uf.join(key, keys[0], f"org-affix:{groups[key][0].text}~{groups[keys[0]][0].text}")

    _join_university_abbreviations(groups, kinds, uf, subordinate)
    _join_faculties(groups, kinds, uf, subordinate)

    # A person's name parts: family or given name of exactly one full name joins it.
    owners: dict[str, set[str]] = defaultdict(set)
    for key, ms in groups.items():
        if kinds[key] != KG.Person:
            continue
        for m in ms:
            # the tokens Sudachi tagged, and the pieces between ・ (「シュタイン」+「ハルト」 is still 「シュタインハルト」)
            parts = set(m.parts) | set(_dot_parts(m.text))
            if len(parts) > 1:
                for part in parts:
                    pk = normal(part)
                    if pk != key:
                        owners[pk].add(key)
    _shorter_forms(groups, kinds, owners, normal)
    assign: dict[Mention, str] = {}
    places = _Places(groups)
    # The name that opens a document as its topic (「山田 太郎（…）は、」) is the article's subject: a part it
    # shares with a relative named later (「父・山田一郎」) is its own.
    lead = {m.source.doc_id: key for key, ms in groups.items() if kinds[key] == KG.Person
            for m in ms if is_lead(m.text, m.source.start, m.source.sentence)}
    for key in sorted(groups):
        if kinds[key] != KG.Person or key not in owners:
            continue
        full = sorted({uf.find(o) for o in owners[key]})
        subordinate.add(key)
        if len(full) == 1:
            uf.join(key, full[0], f"part-of-name:{groups[key][0].text}->{_label(groups, full[0], uf)}")
            continue
        # Shared by two people (「サム」 of two Sams): each mention goes to the nearest full name before it
        # in its document (or after it when none is before); with no full name in its document it stays apart.
        # Only the full names said in a mention's own document can win it: index them by document,
        # so a family name shared by hundreds of people across a corpus costs no scan of them all.
        in_doc: dict[str, list[tuple[str, dict[str, list[int]]]]] = defaultdict(list)
        for o in sorted(owners[key]):
            for doc in places.of(o):
                in_doc[doc].append((o, places.of(o)))
        for m in groups[key]:
            if lead.get(m.source.doc_id) in owners[key]:
                assign[m] = lead[m.source.doc_id]
                continue
            best = _nearest(m, in_doc.get(m.source.doc_id, []))
            if best is not None:
                assign[m] = best

    merged: dict[str, list[Mention]] = defaultdict(list)
    for key, ms in groups.items():
        for m in ms:
            root = uf.find(assign[m]) if m in assign else uf.find(key)
            merged[root].append(m)
    entities: list[Entity] = []
    index: dict[Mention, str] = {}
    used: set[str] = set()
    for root in sorted(merged):
        ms = merged[root]
        why = list(uf.why.get(root, []))
        why += [f"part-of-name(nearest):{m.text}@{m.source.start}" for m in ms if m in assign]
        entry = next((pinned[normal(m.text)] for m in ms if normal(m.text) in pinned), None)
        entity = _make_entity(ms, why, subordinate, used, entry, normal)
        entities.append(entity)
        for m in ms:
            index[m] = entity.key
    entities.sort(key=lambda e: e.key)
    return entities, index


_REGNAL = re.compile(r"^(.+?)[0-9０-９]+世$")


def _dot_parts(text: str) -> tuple[str, ...]:
    """The pieces of a name between its separators (・, =, spaces), in order.

    Example:
        >>> _dot_parts("ジョン・F・スミス")
        ('ジョン', 'F', 'スミス')
    """
    return tuple(p for p in SEPARATORS.split(unicodedata.normalize("NFKC", text)) if p)


def _shorter_forms(groups: dict[str, list[Mention]], kinds: dict, owners: dict[str, set[str]],
                   normal: Callable[[str], str]) -> None:
    """Record a person's name of two or more pieces as a form of each longer name said in its document whose pieces
    it keeps in order, with the same first or last piece: 「X・ベルトラン」 of 「X・Y・ベルトラン」, 「Y・ラインス」 of
    「X・Y・ラインス」, 「X・ヨーゼフ」 of 「X・ヨーゼフ1世」 (a regnal number dropped). The part-of-name rule then
    joins it to the one such name, or to the nearest of several."""
    pieces: dict[str, tuple[str, ...]] = {}
    for key, ms in groups.items():
        if kinds[key] == KG.Person:
            parts = tuple(normal(p) for p in _dot_parts(ms[0].text))
            regnal = _REGNAL.match(parts[-1]) if parts else None
            pieces[key] = parts[:-1] + (regnal.group(1),) if regnal and len(parts) > 1 else parts
    by_piece: dict[str, set[str]] = defaultdict(set)
    for key, parts in pieces.items():
        for p in parts:
            by_piece[p].add(key)
    for key, parts in pieces.items():
        if len(parts) < 2:
            continue
        docs = {m.source.doc_id for m in groups[key]}
        for other in set.intersection(*(by_piece[p] for p in parts)) - {key}:
            longer = pieces[other]
            if (len(longer) > len(parts) or (longer == parts and _REGNAL.match(normal(groups[other][0].text)))) \
                    and (parts[0] == longer[0] or parts[-1] == longer[-1]) and _in_order(parts, longer) \
                    and docs & {m.source.doc_id for m in groups[other]}:
                owners[key].add(other)


def _in_order(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    """Whether ``short`` is a subsequence of ``long``."""
    it = iter(long)
    return all(p in it for p in short)


def _join_subject_names(groups: dict[str, list[Mention]], kinds: dict, uf: _Union, subordinate: set[str]) -> None:
    """Join a name the text gives as the document's subject's other name (「本名は山田花子。」「略称はX。」「X名義で」)
    to the name that opens the document, when both are of one class."""
    lead = {m.source.doc_id: (key, m.text) for key, ms in groups.items() for m in ms
            if is_lead(m.text, m.source.start, m.source.sentence)}
    if not lead:
        return
    for key, ms in groups.items():
        for m in ms:
            target, name = lead.get(m.source.doc_id, (None, ""))
            if target is None or target == key or kinds[target] != kinds[key] or not _names_the_subject(m, name):
                continue
            uf.join(key, target, f"subject-name:{m.text}~{groups[target][0].text}")
            subordinate.add(key)
            break


def _names_the_subject(m: Mention, subject: str) -> bool:
    """Whether a mention's sentence gives it as another name of the subject: 「本名はX」「X名義」, or in the brackets
    after the subject's name 「（…、日本名：X、…）」 (in the brackets after another name, it is that name's).

    Example:
        >>> from kg.model import Source
        >>> def said(name, sentence):
        ...     return _names_the_subject(Mention(name, KG.Person, Source("d", 9, 12, sentence, "")), "星野花")
        >>> said("山田花", "本名は山田花。"), said("星野ミチ", "歌手としては星野ミチ名義で活動した。")
        (True, True)
        >>> said("ホシノ", "星野花（ほしのはな、英語名：ホシノ）は"), said("ABC", "X協会（略称：ABC）に入る。")
        (True, False)
        >>> said("山田花", "妻の本名は山田花。"), said("山田花", "山田花と結婚した。")
        (False, False)
    """
    sentence = m.source.sentence
    at = sentence.find(m.text)
    while at != -1:
        if sentence.startswith(_SUBJECT_NAME_TAIL, at + len(m.text)):
            return True
        if _SUBJECT_NAME_CUE.search(sentence, 0, at):
            opened = max(sentence.rfind("（", 0, at), sentence.rfind("(", 0, at))
            closed = max(sentence.rfind("）", 0, at), sentence.rfind(")", 0, at))
            if opened <= closed or sentence[:opened].rstrip().endswith(subject):
                return True
        at = sentence.find(m.text, at + len(m.text))
    return False


def _join_university_abbreviations(groups: dict[str, list[Mention]], kinds: dict, uf: _Union,
                                   subordinate: set[str]) -> None:
    """「東都大」 is 「東都大学」 said short (one kanji and 大): it joins the one university of its document
    whose name opens with that kanji; with two such (「東都大学」「東央大学」) it stays apart."""
    universities: dict[tuple[str, str], list[str]] = defaultdict(list)
    for key, ms in groups.items():
        if kinds[key] == KG.Organization and key.endswith("大学") and len(key) > 3:
            for doc in {m.source.doc_id for m in ms}:
                universities[(doc, key[0])].append(key)
    for key, ms in groups.items():
        if kinds[key] != KG.Organization or len(key) != 2 or key[1] != "大" or not _KANJI_CHAR.fullmatch(key[0]):
            continue
        full = {u for doc in {m.source.doc_id for m in ms} for u in universities.get((doc, key[0]), [])}
        if len(full) == 1:
            target = full.pop()
            uf.join(key, target, f"university-short:{groups[key][0].text}~{groups[target][0].text}")
            subordinate.add(key)


_SCHOOL_ENDS = ("大学", "大学院", "学院", "学校")


def _join_faculties(groups: dict[str, list[Mention]], kinds: dict, uf: _Union, subordinate: set[str]) -> None:
    """「X大学Y学部Z学科」, kept whole by the dictionary, is a name of 「X大学」 said in the same text (a school's
    faculty is no node of its own)."""
    schools = sorted((k for k in groups if kinds[k] == KG.Organization and k.endswith(_SCHOOL_ENDS)),
                     key=len, reverse=True)
    for key, ms in groups.items():
        if kinds[key] != KG.Organization or not key.endswith(FACULTY_SUFFIXES):
            continue
        school = next((u for u in schools if key.startswith(u) and len(key) > len(u)
                       and {m.source.doc_id for m in ms} & {m.source.doc_id for m in groups[u]}), None)
        if school is not None:
            uf.join(key, school, f"faculty-of:{groups[key][0].text}~{groups[school][0].text}")
            subordinate.add(key)


def _label(groups: dict[str, list[Mention]], key: str, uf: _Union) -> str:
    return groups[key][0].text if key in groups else key


class _Places:
    """Where each name key is mentioned: document → sorted start offsets, built once per key on demand."""

    def __init__(self, groups: dict[str, list[Mention]]) -> None:
        self.groups = groups
        self._by_key: dict[str, dict[str, list[int]]] = {}

    def of(self, key: str) -> dict[str, list[int]]:
        found = self._by_key.get(key)
        if found is None:
            found = defaultdict(list)
            for o in self.groups[key]:
                found[o.source.doc_id].append(o.source.start)
            for starts in found.values():
                starts.sort()
            self._by_key[key] = found = dict(found)
        return found


def _nearest(m: Mention, owners: list[tuple[str, dict[str, list[int]]]]) -> str | None:
    """The full name a shared short name means: the one said most in its document (a biography's subject),
    then the nearest before it, then the nearest after it (ties: the smaller key).

    ``owners`` gives each full name's mention starts per document, sorted, so one mention costs
    a lookup and a bisection per full name, not a scan of every mention of the corpus.

    Example:
        >>> from kg.model import Source
        >>> def at(doc, start): return Mention("伊藤", KG.Person, Source(doc, start, start + 2, "", ""))
        >>> owners = [("伊藤健", {"d1": [0], "d2": [0, 90]}), ("伊藤淳", {"d1": [30], "d2": [50]})]
        >>> [_nearest(at("d1", n), owners) for n in (20, 40)]  # as often in d1: the nearest before
        ['伊藤健', '伊藤淳']
        >>> _nearest(at("d2", 60), owners), _nearest(at("d3", 0), owners)  # said most in d2; none in d3
        ('伊藤健', None)
    """
    doc, start = m.source.doc_id, m.source.start
    counts = {key: len(places.get(doc, ())) for key, places in owners}
    top = max(counts.values(), default=0)
    if top and list(counts.values()).count(top) == 1:
        return max(counts, key=counts.__getitem__)
    before: list[tuple[int, str]] = []
    after: list[tuple[int, str]] = []
    for key, places in owners:
        starts = places.get(doc)
        if not starts:
            continue
        i = bisect_right(starts, start)  # starts[:i] are at or before the mention, starts[i:] after it
        if i:
            before.append((start - starts[i - 1], key))
        if i < len(starts):
            after.append((starts[i] - start, key))
    if before:
        return min(before)[1]
    if after:
        return min(after)[1]
    return None


def _make_entity(ms: list[Mention], reasons: list[str], subordinate: set[str], used: set[str],
                 entry: Entry | None = None, normal: Callable[[str], str] = normalize) -> Entity:
    votes = _tally(m.kind for m in ms)
    kind = entry.kind if entry else max(votes, key=lambda k: (votes[k], k == KG.Person))
    sub_votes = _tally(m.subkind for m in ms if m.subkind is not None and m.kind == kind)
    subkind = max(sub_votes, key=lambda k: (sub_votes[k], str(k))) if sub_votes else None
    counts = _tally(m.text for m in ms)
    # The canonical name is a full form (not a part, alias or short form), then the most used, then the longest.
    name = max(counts, key=lambda t: (normal(t) not in subordinate, counts[t], len(t), t))
    if entry is not None:
        name = entry.name
        reasons = [*reasons, f"gazetteer:{entry.name}"]
    elif kind == KG.Organization and (school := school_of_faculty(name, load_cues())):
        # a school said only with its faculty (「X大学Y学部」) is named by the school
        reasons = [*reasons, f"school-of-faculty:{name}"]
        name = school
    names = set(counts)
    if kind == KG.Organization:
        # 「Acme社」: the company's name is Acme; 社 is said of it, as 氏 of a person
        names |= {t[:-1] for t in counts if _COMPANY_SUFFIXED.fullmatch(t)}
    forms = sorted(names - {name}, key=lambda t: (-len(t), t))
    surfaces = {}
    for m in ms:
        surfaces.setdefault(normal(m.text), set()).add(m.text)
    why = [f"type:{local_name(k)}={n}" for k, n in sorted(votes.items())]
    evidence = _tally(v for m in ms if m.kind == kind for v in m.votes if not v.startswith("doc:"))
    if evidence:
        why.append("evidence:" + ",".join(f"{v}×{n}" for v, n in sorted(evidence.items(), key=lambda x: (-x[1], x[0]))[:8]))
    why += [f"same-name:{'|'.join(sorted(s))}" for s in surfaces.values() if len(s) > 1]
    why += sorted(set(reasons))
    key = entity_key(name)
    base, i = key, 2
    while key in used:
        key, i = f"{base}_{i}", i + 1
    used.add(key)
    mentions = tuple(sorted(ms, key=lambda m: (m.source.doc_id, m.source.start, m.text)))
    return Entity(key=key, kind=kind, name=name, aliases=tuple(forms), mentions=mentions,
                  subkind=subkind, reasons=tuple(why))

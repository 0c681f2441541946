"""Stage 3: spaCy Doc → Mention. Finds the people and organisations a document names and types them.

Candidates (candidates.py) come from GiNZA's entities and from token patterns (Sudachi name tags, Latin-script
names); each collects votes (mention_votes.py) from its ENE label, its name shape, its Sudachi tags and the
words around it (ontology/entity_cues.yaml, read by mention_cues.py); here all mentions of one name in a
document then vote together, and every further occurrence of an accepted name becomes a mention too.
"""

from __future__ import annotations

import functools
import logging
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..model import Chunk, Mention
from ..vocab import KG
from .candidates import (
    Cand,
    appos_candidates,
    dedupe,
    dot_runs,
    ginza_candidates,
    latin_runs,
    person_runs,
    proper_tokens,
    rare_katakana,
    role_prefixed,
)
from .compound_names import clan_names, fused_names, head_compounds, titled_persons
from .mention_cues import (
    ALIAS_LEADS,
    ALIAS_TAILS,
    CLASSES,
    DOT,
    HIRAGANA,
    KIND,
    LEGAL_ABBREVIATIONS,
    LOCATION,
    ORG,
    ORIGINAL_NAME_LEADS,
    PARENS,
    PERSON,
    PREDECESSOR_LINKS,
    PRODUCT,
    Cues,
    head_of,
    is_katakana,
    is_latin,
    load_cues,
    sentence_source,
    strip_org_affix,
)
from .mention_votes import cast_votes, share_list_cues
from .tokens import table
from .typing_rules import head_beats_person, inner_place

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

log = logging.getLogger(__name__)


_KEY_SEPARATORS = re.compile(r"[\s・･·=＝]+")


@functools.lru_cache(maxsize=1 << 16)  # a document asks for the key of each of its names many times
def name_key(text: str) -> str:
    """Return the key under which mentions of one name vote together: NFKC, casefolded, no separators.

    Example:
        >>> name_key("ジェフ・ベゾス") == name_key("ジェフベゾス")
        True
    """
    return _KEY_SEPARATORS.sub("", unicodedata.normalize("NFKC", text)).casefold()


def _decide(votes: list[tuple[str, float, str]]) -> tuple[str | None, float]:
    """Sum the votes, counting each distinct piece of evidence once (a name said ten times is no surer)."""
    best_of: dict[tuple[str, str], float] = {}
    for cls, w, why in votes:
        best_of[(cls, why)] = max(w, best_of.get((cls, why), 0.0))
    score: dict[str, float] = defaultdict(float)
    kept = {(cls, why) for cls, _, why in head_beats_person([(k, 0.0, y) for k, y in best_of])}
    for (cls, why), w in best_of.items():
        if (cls, why) not in kept:
            continue
        score[cls] += w
    if not score:
        return None, 0.0
    ranked = sorted(score.items(), key=lambda kv: (-kv[1], CLASSES.index(kv[0])))
    best, top = ranked[0]
    second = ranked[1][1] if len(ranked) > 1 else 0.0
    if best not in KIND or top < 1.0 or top <= second:
        return None, top
    return best, top


def _is_dotted(doc: Doc, c: Cand) -> bool:
    """Whether a candidate is katakana words joined by ・ (「X・Y」)."""
    span = doc[c.start:c.end]
    return len(span) > 2 and span[1].text in DOT and all(is_katakana(t.text) for t in span if t.text not in DOT)


def _parts(doc: Doc, c: Cand) -> tuple[str, ...]:
    """Name parts: katakana pieces around ・, Sudachi's 姓/名 tokens, Latin words."""
    toks = [t for t in doc[c.start:c.end] if t.text not in DOT]
    if len(toks) < 2:
        return ()
    return tuple(t.text for t in toks)


def extract_mentions(doc: Doc, chunk: Chunk) -> list[Mention]:
    """Return the person and organisation mentions of one chunk read alone."""
    return extract_document_mentions([(doc, chunk)])


def extract_document_mentions(parsed: list[tuple[Doc, Chunk]]) -> list[Mention]:
    """Return the mentions of one document, given its parsed chunks in order."""
    cues = load_cues()
    doc_cands: list[tuple[Doc, list[Cand]]] = []
    tables = [table(doc) for doc, _ in parsed]  # every pass below reads the same Token objects
    for di, doc in enumerate(tables):
        cands = dedupe(ginza_candidates(doc, di, cues) + person_runs(doc, di, cues) + latin_runs(doc, di)
                       + dot_runs(doc, di, cues) + appos_candidates(doc, di, cues)
                       + proper_tokens(doc, di, cues) + head_compounds(doc, di, cues)
                       + rare_katakana(doc, di, cues) + role_prefixed(doc, di, cues)
                       + fused_names(doc, di, cues) + clan_names(doc, di, cues)
                       + titled_persons(doc, di, cues))
        for c in cands:
            cast_votes(doc, c, cues)
        doc_cands.append((doc, cands))
    share_list_cues(doc_cands)
    _defined_aliases(doc_cands, cues)
    for doc, cands in doc_cands:
        for c in cands:
            c.start = _legal_abbreviation_start(doc, c.start)
    _regnal_names(doc_cands)

    # All mentions of one name vote together; a name defined as another's alias votes with it.
    groups: dict[str, list[tuple[int, Cand]]] = defaultdict(list)
    for di, (doc, cands) in enumerate(doc_cands):
        for c in cands:
            groups[name_key(c.text(doc))].append((di, c))
    union = {k: k for k in groups}

    def find(k: str) -> str:
        while union[k] != k:
            union[k] = union[union[k]]
            k = union[k]
        return k

    for _, cands in doc_cands:
        for c in cands:
            if c.alias_of:
                a, b = find(name_key(c.text(doc_cands[c.doc_index][0]))), find(name_key(c.alias_of))
                if b in union and a != b:
                    union[a] = b
    # 「グリーンフィールド」 votes with 「グリーンフィールド株式会社」: the same name without its legal form
    # (but not a place named alone: 「Xシティ」 with 「Xシティ大学」 in the text is still the city)
    for key, members in groups.items():
        di, c = members[0]
        short = name_key(strip_org_affix(c.text(doc_cands[di][0])))
        if short and short in groups and find(short) != find(key) \
                and not any(cls == LOCATION for _, s in groups[short] for cls, _, _ in s.votes):
            union[find(short)] = find(key)
    pooled: dict[str, list[tuple[str, float, str]]] = defaultdict(list)
    subs: dict[str, list[str]] = defaultdict(list)
    for key, members in groups.items():
        for _, c in members:
            pooled[find(key)].extend(c.votes)
            subs[find(key)].extend(c.subs)
    decided = {root: _decide(v)[0] for root, v in pooled.items()}
    # A Latin product line 「Zoho Mail」: a known organisation's name plus a word that is no institution head.
    orgs = {k for k in groups if decided[find(k)] == ORG}
    for key, members in groups.items():
        di, c = members[0]
        doc = doc_cands[di][0]
        words = doc[c.start:c.end]
        if decided[find(key)] == ORG and len(words) > 1 and all(is_latin(t.text) for t in words) \
                and name_key(words[0].text) in orgs and head_of(words[-1].text, cues, whole=True) is None:
            pooled[find(key)].append((PRODUCT, 3.0, f"shape:product-line-of:{words[0].text}"))
            decided[find(key)] = _decide(pooled[find(key)])[0]
    # 「AmazonのKindle」「AcmeのRoadrunner」: a Latin name owned by an organisation is its product.
    for di, (doc, cands) in enumerate(doc_cands):
        for c in cands:
            key = find(name_key(c.text(doc)))
            if c.start >= 2 and doc[c.start - 1].text == "の" and is_latin(doc[c.start].text) \
                    and decided.get(key) == ORG and name_key(doc[c.start - 2].text) in groups \
                    and decided.get(find(name_key(doc[c.start - 2].text))) == ORG \
                    and head_of(doc[c.end - 1].text, cues, True) is None:
                pooled[key].append((PRODUCT, 1.5, f"cue:owned-by:{doc[c.start - 2].text}"))
                decided[key] = _decide(pooled[key])[0]
    # 「ミドリ商事の長谷川浩史」「ナカノ電機の山田花子」: a name right before 「の」 and a person's name is their organisation,
    # when something else says it may be one (a city, an island before 「の」 and a person's name is their home).
    for di, (doc, cands) in enumerate(doc_cands):
        for a, b in zip(cands, cands[1:]):
            if a.end + 1 == b.start and doc[a.end].text == "の":
                ka, kb = find(name_key(a.text(doc))), find(name_key(b.text(doc)))
                if decided.get(kb) == PERSON and decided.get(ka) != PERSON \
                        and any(cls == ORG for cls, _, _ in pooled[ka]):  # (not a place: 「ミレトスのタレス」)
                    pooled[ka].append((ORG, 1.5, "cue:の+person"))
                    decided[ka] = _decide(pooled[ka])[0]
    # 「アルテコ・ミュージック」 after 「アルテコ」, an organisation of the text: its group company, no person.
    for key, members in groups.items():
        di, c = members[0]
        doc = doc_cands[di][0]
        if decided[find(key)] != PERSON or not _is_dotted(doc, c):
            continue
        first = find(name_key(doc[c.start].text)) if name_key(doc[c.start].text) in groups else None
        if first is not None and first != find(key) and decided.get(first) == ORG:
            pooled[find(key)].append((ORG, 4.0, f"shape:named-after-org:{doc[c.start].text}"))
            decided[find(key)] = _decide(pooled[find(key)])[0]
    # 「イリノイ州エバンストン」 names a place, and so 「エバンストン」 written alone in the text: no person.
    for key, members in groups.items():
        if decided[find(key)] in KIND or not any(why == "shape:place-in-place" for _, _, why in pooled[find(key)]):
            continue
        di, c = members[0]
        inner = name_key(inner_place([t for t in doc_cands[di][0][c.start:c.end] if t.text not in DOT]))
        if inner in groups and decided[find(inner)] == PERSON:
            pooled[find(inner)].append((LOCATION, 3.0, f"shape:place-in:{c.text(doc_cands[di][0])}"))
            decided[find(inner)] = _decide(pooled[find(inner)])[0]
    # Parts of a person's full name are that person's name: 「ベゾス」 of 「ジェフ・ベゾス」.
    part_keys: dict[str, str] = {}
    for key, members in groups.items():
        if decided[find(key)] != PERSON:
            continue
        di, c = members[0]
        for part in _parts(doc_cands[di][0], c):
            pk = name_key(part)
            if pk in groups and decided[find(pk)] != PERSON:
                pooled[find(pk)].append((PERSON, 2.0, f"part-of:{c.text(doc_cands[di][0])}"))
                decided[find(pk)] = _decide(pooled[find(pk)])[0]
            if len(part) >= 2 and (is_katakana(part) or is_latin(part)):
                part_keys.setdefault(pk, part)

    out: list[Mention] = []
    covered: dict[int, set[int]] = defaultdict(set)
    for di, (doc, cands) in enumerate(doc_cands):
        chunk = parsed[di][1]
        for c in cands:
            covered[di] |= set(range(c.start, c.end))
            root = find(name_key(c.text(doc)))
            cls = decided[root]
            if cls is None:
                log.debug("rejected %r: %s", c.text(doc), pooled[root])
                continue
            out.append(_to_mention(doc, chunk, c, cls, pooled[root], subs[root]))
    # Consistency: every further occurrence of an accepted name (or a person's name part) is a mention.
    forms: dict[str, tuple[str, str]] = {}
    for key, members in groups.items():
        cls = decided[find(key)]
        if cls is not None:
            forms[key] = (cls, find(key))
    for pk in part_keys:
        if pk not in forms:
            forms[pk] = (PERSON, "")
    surfaces = sorted({(c.text(doc_cands[di][0]), k) for k, ms in groups.items() if k in forms for di, c in ms}
                      | {(part, pk) for pk, part in part_keys.items() if pk in forms},
                      key=lambda s: (-len(s[0]), s))  # longest first; ties in a fixed order
    for di, ((_, chunk), doc) in enumerate(zip(parsed, tables)):
        text = doc.text
        for surface, key in surfaces:
            if surface not in text:
                continue  # (most names of a document are not in most of its chunks)
            for at in _occurrences(text, surface):
                span = doc.char_span(at, at + len(surface))
                if span is None or covered[di] & set(range(span.start, span.end)):
                    continue
                if span.end < len(doc) and is_latin(doc[span.end].text) and not span[-1].whitespace_:
                    continue
                cls, root = forms[key]
                if root == "" and not (is_katakana(surface) or is_latin(surface)):
                    continue
                covered[di] |= set(range(span.start, span.end))
                c = Cand(di, span.start, span.end, "", "ner.consistency")
                votes = pooled[root] if root else [(PERSON, 2.0, "part-of-person-name")]
                out.append(_to_mention(doc, chunk, c, cls, votes, subs[root] if root else []))
    out.sort(key=lambda m: (m.source.start, m.source.end))
    return out


def _occurrences(text: str, surface: str) -> Iterator[int]:
    """Where ``surface`` starts in ``text``, left to right, not overlapping (str.find: no regex to compile per name).

    Example:
        >>> list(_occurrences("アアアア、ア", "アア"))
        [0, 2]
    """
    at = text.find(surface)
    while at != -1:
        yield at
        at = text.find(surface, at + len(surface))


_REGNAL_BYNAME = re.compile(r"(.+[0-9０-９]世)[^0-9０-９世]+")


def _regnal_names(doc_cands: list[tuple[Doc, list[Cand]]]) -> None:
    """Mark a regnal name said alone as the name with the byname the text gives it: 「X3世」 of 「X3世Y」."""
    full = {}
    for doc, cands in doc_cands:
        for c in cands:
            m = _REGNAL_BYNAME.fullmatch(c.text(doc))
            if m:
                full.setdefault(name_key(m.group(1)), c.text(doc))
    if not full:
        return
    for doc, cands in doc_cands:
        for c in cands:
            if not c.alias_of and name_key(c.text(doc)) in full:
                c.alias_of = full[name_key(c.text(doc))]


def _legal_abbreviation_start(doc: Doc, start: int) -> int:
    """Where a name starts that a legal form's abbreviation in brackets opens: 「(公財)X財団」 (Sudachi splits 「公財」),
    「（株）Y」 (one token)."""
    if start < 1 or doc[start - 1].whitespace_:
        return start
    if doc[start - 1].text[:1] in {"(", "（"} and doc[start - 1].text[1:-1] in LEGAL_ABBREVIATIONS:
        return start - 1  # 「（株）」 as one token
    if start < 3 or doc[start - 1].text not in {")", "）"}:
        return start
    for k in range(start - 3, max(-1, start - 6), -1):
        if doc[k].text in {"(", "（"}:
            return k if doc[k + 1:start - 1].text in LEGAL_ABBREVIATIONS else start
    return start


def _defined_aliases(doc_cands: list[tuple[Doc, list[Cand]]], cues: Cues) -> None:
    """Mark names the text defines as another's: 「Kleiner Perkins（KPと呼ばれる）」「ビル・ハートリー（William Henry Hartley III）」.

    The name in brackets right after a name, alone or with 以下/略称/通称 before it or 「と呼ばれる」 after it.
    """
    for doc, cands in doc_cands:
        _readings(doc, cands)
        starts = {c.start: c for c in cands}
        for c in cands:
            _predecessor(doc, c, starts)
            if c.end >= len(doc) or doc[c.end].text not in PARENS:
                continue
            close = PARENS[doc[c.end].text]
            _names_in_brackets(doc, c, close, starts)
            i = c.end + 1
            while i < len(doc) and (doc[i].text in ALIAS_LEADS or doc[i].text in {"：", ":", "、", "は"} or doc[i].text in DOT):
                i += 1
            inner = starts.get(i)
            if inner is None:
                original = _original_name(doc, c.end + 1, close, starts)
                if original is not None:
                    original.alias_of = c.text(doc)
                continue
            if i == c.end + 1 and inner.text(doc).endswith(cues.group_heads) \
                    and not c.text(doc).endswith(cues.group_heads):
                continue  # 「X鉄道（Yホールディングス）」: the group X belongs to, not another name of X
            j = inner.end
            ok = j < len(doc) and (doc[j].text in {close, "、", "，"}
                                   or (doc[j].text in {"と", "とも"} and j + 1 < len(doc)
                                       and doc[j + 1].text in ALIAS_TAILS))
            if not ok:
                inner = _original_name(doc, c.end + 1, close, starts)  # 「X（1900年 - 、本名：Y）」
            if inner is not None:
                inner.alias_of = c.text(doc)


def _reading_end(doc: Doc, start: int, close: str) -> int:
    """Where a reading in kana that opens brackets ends (at 「、」 or the closing bracket); ``start`` when none:
    「林正義（はやし まさよし、1957年 - ）」 → the index of 「、」."""
    k = start
    while k < len(doc) and k < start + 12 and HIRAGANA.fullmatch(doc[k].text):
        k += 1
    if k >= len(doc) or doc[k].text not in {close, "、", "，"} or len(doc[start:k].text) < 2:
        return start
    return k


def _readings(doc: Doc, cands: list[Cand]) -> None:
    """A reading in the brackets after a name is that name's alias as a whole, never a name of its own: a candidate
    the NER found at the reading's start grows to its end and votes with the name (what the NER says of the whole
    reading says something of the name: 「Xえき」 read as a date is a station's); one inside it is dropped
    (「はやし まさよ」 of 「林正義（はやし まさよし、…）」)."""
    spans = {}
    for c in cands:
        if c.end + 1 < len(doc) and doc[c.end].text in PARENS:
            end = _reading_end(doc, c.end + 1, PARENS[doc[c.end].text])
            if end > c.end + 1:
                spans[c.end + 1] = (end, c.text(doc))
    if not spans:
        return
    keep = []
    for c in cands:
        inside = next(((r0, r1, name) for r0, (r1, name) in spans.items() if c.start < r1 and r0 < c.end), None)
        if inside is None:
            keep.append(c)
        elif c.start == inside[0] and c.end <= inside[1] and not any(k.start == c.start for k in keep
                                                                        if k.alias_of == inside[2]):
            if c.end < inside[1]:
                c.votes[:], c.subs[:] = [], []  # what the NER said of a piece of the reading says nothing of the name
            c.end, c.cut, c.alias_of = inside[1], 0, inside[2]
            keep.append(c)
    cands[:] = keep


def _names_in_brackets(doc: Doc, c: Cand, close: str, starts: dict[int, Cand]) -> None:
    """Mark the other names the brackets after a name give it, past a reading or a date: its abbreviation or
    former name after a lead (「X大学（Xだいがく、略称：XU）」), its spelling in Latin letters after 「、」
    (「X大学（Xだいがく、University of X）」)."""
    for j in range(c.end + 1, min(len(doc) - 1, c.end + 40)):
        if doc[j].text == close:
            return
        if doc[j].text in ALIAS_LEADS:
            k = j + 2 if doc[j + 1].text in {"：", ":"} else j + 1
        elif doc[j].text in {"、", "，"} and is_latin(doc[j + 1].text):
            k = j + 1
        else:
            continue
        inner = starts.get(k)
        if inner is not None and not inner.alias_of and inner.end < len(doc) \
                and doc[inner.end].text in {close, "、", "，"}:
            inner.alias_of = c.text(doc)


def _original_name(doc: Doc, start: int, close: str, starts: dict[int, Cand]) -> Cand | None:
    """Find the name given as the original spelling or birth name inside brackets from ``start``:
    「X（本名：Y、1950年 - ）」「X（1900年 - 1980年、英語名表記Y）」; None when the brackets name none."""
    for j in range(start, min(len(doc) - 1, start + 40)):
        if doc[j].text == close:
            return None
        if doc[j].text not in ORIGINAL_NAME_LEADS:
            continue
        k = j + 2 if doc[j + 1].text in {"：", ":"} else j + 1
        inner = starts.get(k)
        if inner is not None and inner.end < len(doc) and doc[inner.end].text in {close, "、", "，", ",", ";", "；"}:
            return inner
    return None


def _predecessor(doc: Doc, c: Cand, starts: dict[int, Cand]) -> None:
    """Mark 「Xの前身であるY」「Xの前身、Y」「Xの前身はY」: Y is X under its former name, one organisation."""
    k = c.end
    if k + 1 >= len(doc) or doc[k].text != "の" or doc[k + 1].text != "前身":
        return
    k += 2
    while k < len(doc) and doc[k].text in PREDECESSOR_LINKS:
        k += 1
    inner = starts.get(k)
    if inner is not None and not inner.alias_of:
        inner.alias_of = c.text(doc)


def _to_mention(doc: Doc, chunk: Chunk, c: Cand, cls: str, votes: list[tuple[str, float, str]],
                subs: list[str]) -> Mention:
    span: Span = doc[c.start:c.end]
    source = sentence_source(doc, chunk, span.start_char, span.end_char - c.cut, c.method)
    subkind = getattr(KG, max(set(subs), key=lambda s: (subs.count(s), s))) if subs and cls == ORG else None
    reasons = tuple(sorted({why for _, _, why in c.votes} | {f"doc:{why}" for k, _, why in votes if k == cls}))
    return Mention(text=c.text(doc), kind=KIND[cls], source=source, label=c.label or c.method, subkind=subkind,
                   votes=reasons, parts=_parts(doc, c) if cls == PERSON else (), alias_of=c.alias_of)

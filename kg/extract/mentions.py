"""Stage 3: spaCy Doc → Mention. Finds the people and organisations a document names and types them.

Candidates come from GiNZA's entities and from token patterns (Sudachi name tags, Latin-script names);
each collects votes from its ENE label, its name shape, its Sudachi tags and the words around it
(ontology/entity_cues.yaml); all mentions of one name in a document then vote together, and every
further occurrence of an accepted name becomes a mention too.
"""

from __future__ import annotations

import functools
import logging
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import yaml
from rdflib import URIRef

from ..errors import VocabularyError
from ..model import Chunk, Mention, Source
from ..vocab import KG
from .models.weights import SPANS_KEY

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

log = logging.getLogger(__name__)

ONTOLOGY = Path(__file__).resolve().parents[2] / "ontology"
PERSON, ORG, PRODUCT, LOCATION, OTHER = "Person", "Organization", "Product", "Location", "Other"
_CLASSES = (PERSON, ORG, PRODUCT, LOCATION, OTHER)
_KIND = {PERSON: KG.Person, ORG: KG.Organization}

_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9&'’.+\-]*")
_KATAKANA = re.compile(r"[\u30A1-\u30FA\u30FC\u30FD\u30FE\uFF66-\uFF9F]+")
_KANJI = re.compile(r"[\u3400-\u9FFF々〆ヶ]+")
_DOT = {"・", "･", "·", "="}
_CONNECTORS = {"of", "and", "&", "de", "for", "the", "du", "van", "von"}
_LIST_SEPARATORS = {"、", "，", ",", "や", "と", "及び", "および"}
_SPLIT_PUNCT = {"、", "，", ",", "。", "（", "）", "(", ")", "「", "」", "『", "』", "：", ":", "；", ";", "/", "／"}
_PARENS = {"（": "）", "(": ")"}
_ALIAS_LEADS = {"以下", "略称", "通称", "旧称", "旧社名", "英称", "英語名", "英名", "略", "旧", "現"}
_ALIAS_TAILS = {"呼ば", "称さ", "略さ", "略す", "呼ぶ", "称する"}
_PREFIXES = {"新", "元", "前", "現", "旧", "故", "地元", "日", "米", "英", "独", "仏", "伊", "露", "韓", "豪", "加", "蘭", "印"}
_HIRAGANA = re.compile(r"[\u3041-\u309F\s]+")
# A role noun by its ending: 船長, 部長, 長官, 監督者, 選手, 議員, 棋士, 牧師, 作家, 相談役 (「小田船長」).
_ROLE_SHAPE = re.compile(r"^[\u3400-\u9FFF]{1,4}(?:長|官|者|手|員|士|師|家|役|相|督|将|佐|尉)$")
_TRAILERS = {"公認", "所属", "製", "配給", "主催", "傘下", "系列", "出身", "在籍", "総務", "推薦"}
_KIN_PREFIXES = re.compile(r"^(?:長|次|三|四|五|末)?(?:男|女)$|^(?:妻|夫|兄|弟|姉|妹|父|母|息子|娘|祖父|祖母|叔父|叔母)$")
# Institution heads an organisation's name is also written without: 「ハーバード大学」→「ハーバード」.
_ORG_AFFIXES = re.compile(r"^(?:株式会社|有限会社|合同会社)|(?:株式会社|有限会社|合同会社|大学|社|"
                          r",?\s*(?:inc|corp|corporation|co|ltd|llc|plc)\.?)$", re.I)
_LEGAL_FORMS = {"株式会社", "有限会社", "合同会社", "合資会社", "合名会社"}
_LATIN_PUNCT = {".", "!", "&", "-", "'", "’"}
# The trained kg_ner component (doc.spans["kg_ner"], when Settings.kg_ner): its label on a span is a strong
# vote, a candidate it does not touch at all loses some, and its spans win over overlapping rule spans.
# Weights chosen on the held-out tenth of the ner-wikipedia dev split (bench/train_ner.py), never on test.
_MODEL_LABELS = {"PERSON": PERSON, "ORG": ORG, "PRODUCT": PRODUCT, "LOC": LOCATION, "FAC": LOCATION,
                 "EVENT": OTHER}
MODEL_WEIGHT = 4.0
MODEL_SILENT_WEIGHT = 2.0
MODEL_SPANS_FIRST = True


@dataclass(frozen=True, slots=True)
class Cues:
    """The word lists of ontology/entity_cues.yaml and the ENE table of ontology/ene_types.yaml."""
    ene: dict[str, tuple[str, str | None]]
    honorifics: frozenset[str]
    person_roles: frozenset[str]
    org_of_nouns: frozenset[str]
    person_of_nouns: frozenset[str]
    org_heads: dict[str, str | None]
    org_class_nouns: dict[str, str | None]
    product_nouns: frozenset[str]
    common_stem_heads: frozenset[str]
    non_agent_heads: frozenset[str]
    generic_heads: frozenset[str]
    join_verbs: frozenset[str]
    group_nouns: frozenset[str]
    org_verbs: frozenset[str]
    product_verbs: frozenset[str]
    heads_longest_first: tuple[tuple[str, str | None], ...]  # org_heads, longest first (「株式会社」 before 「社」)
    non_agent_suffixes: tuple[str, ...]  # non_agent_heads of two or more characters, for str.endswith


@functools.cache
def load_cues(ontology_dir: Path = ONTOLOGY) -> Cues:
    """Read the cue tables (cached per folder: they are data files, read once per process).

    Raises:
        VocabularyError: a table is missing or names a class that is not in the ontology.
    """
    try:
        ene_raw = yaml.safe_load((ontology_dir / "ene_types.yaml").read_text(encoding="utf-8"))
        raw = yaml.safe_load((ontology_dir / "entity_cues.yaml").read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as err:
        raise VocabularyError(f"{ontology_dir}: cannot read ene_types.yaml / entity_cues.yaml: {err}; "
                              "restore them from the repository") from err
    ene: dict[str, tuple[str, str | None]] = {}
    for label, row in ene_raw.items():
        if row["class"] not in _CLASSES:
            raise VocabularyError(f"ene_types.yaml: {label}: unknown class {row['class']!r}; use one of {_CLASSES}")
        ene[label] = (row["class"], _check_sub(row.get("subkind"), f"ene_types.yaml: {label}"))
    org_heads = {str(k): _check_sub(v, f"entity_cues.yaml: org_heads: {k}") for k, v in raw["org_heads"].items()}
    return Cues(
        ene=ene,
        honorifics=frozenset(raw["honorifics"]),
        person_roles=frozenset(raw["person_roles"]),
        org_of_nouns=frozenset(raw["org_of_nouns"]),
        person_of_nouns=frozenset(raw["person_of_nouns"]),
        org_heads=org_heads,
        org_class_nouns={str(k): _check_sub(v, f"entity_cues.yaml: org_class_nouns: {k}")
                         for k, v in raw["org_class_nouns"].items()},
        product_nouns=frozenset(raw["product_nouns"]),
        common_stem_heads=frozenset(raw["common_stem_heads"]),
        non_agent_heads=frozenset(raw["non_agent_heads"]),
        generic_heads=frozenset(raw["generic_heads"]),
        join_verbs=frozenset(raw["join_verbs"]),
        group_nouns=frozenset(raw["group_nouns"]),
        heads_longest_first=tuple(sorted(org_heads.items(), key=lambda kv: -len(kv[0]))),
        non_agent_suffixes=tuple(sorted(h for h in raw["non_agent_heads"] if len(h) > 1)),
        org_verbs=frozenset(raw["org_verbs"]),
        product_verbs=frozenset(raw["product_verbs"]),
    )


def _check_sub(name: str | None, where: str) -> str | None:
    if name is not None and getattr(KG, name, None) is None:
        raise VocabularyError(f"{where}: {name!r} is not a class of ontology/kg.ttl")
    return name


def strip_org_affix(name: str) -> str:
    """Return an organisation's name without its legal form or 大学 head ('' when nothing is left).

    Example:
        >>> strip_org_affix("ハーバード大学"), strip_org_affix("株式会社ホリプロ"), strip_org_affix("Apple Inc.")
        ('ハーバード', 'ホリプロ', 'Apple')
    """
    text = unicodedata.normalize("NFKC", name).strip()
    stripped = _ORG_AFFIXES.sub("", text).strip()
    return stripped if stripped != text and len(stripped) >= 2 else ""


def ene_table() -> dict[str, tuple[URIRef, URIRef | None]]:
    """Return the plain GiNZA ENE label → (KG class, subclass) table, for labels that name agents.

    Example:
        >>> ene_table()["Company"] == (KG.Organization, KG.Company)
        True
    """
    return {label: (_KIND[cls], getattr(KG, sub) if sub else None)
            for label, (cls, sub) in load_cues().ene.items() if cls in _KIND}


def sentence_source(doc: Doc, chunk: Chunk, start_char: int, end_char: int, method: str) -> Source:
    """Make a Source for chars ``start_char:end_char`` of ``doc``, with its sentence as evidence."""
    span = doc.char_span(start_char, end_char, alignment_mode="expand")
    sent = span.sent if span is not None else doc[:]
    start, end = chunk.span(start_char, end_char)
    return Source(doc_id=chunk.doc_id, start=start, end=end, sentence=sent.text.strip(), method=method)


# ---------------------------------------------------------------------------------------------
# token predicates (Sudachi part-of-speech tags are Japanese: 名詞-固有名詞-人名-姓 ...)

def reading(token: Token) -> str:
    """Return Sudachi's reading of a token ('' when none)."""
    values = token.morph.get("Reading")
    return values[0] if values else ""


def is_latin(text: str) -> bool:
    """Return whether a token is a Latin-script word.

    Example:
        >>> is_latin("DeepMind"), is_latin("オープン")
        (True, False)
    """
    return _LATIN.fullmatch(text) is not None


def is_oov(token: Token) -> bool:
    """Return whether Sudachi did not know a Latin-script word: its 'reading' is the word itself.

    Known words such as CEO or GPS carry a katakana reading (シーイーオー); unknown ones do not.
    """
    r = reading(token)
    return not r or r.casefold() == token.text.casefold() or not _KATAKANA.search(r)


def is_katakana(text: str) -> bool:
    """Return whether text is all katakana.

    Example:
        >>> is_katakana("ベゾス"), is_katakana("孫")
        (True, False)
    """
    return _KATAKANA.fullmatch(text) is not None


def _is_name_tag(token: Token) -> bool:
    return "人名" in token.tag_


def _is_proper(token: Token) -> bool:
    return "固有名詞" in token.tag_


def _is_common(token: Token) -> bool:
    """A dictionary common noun (名詞-普通名詞, 接尾辞, ...), not an unknown Latin word."""
    if _is_proper(token):
        return False
    if is_latin(token.text):
        return not is_oov(token)
    return True


# ---------------------------------------------------------------------------------------------
# candidates

@dataclass(slots=True)
class _Cand:
    doc_index: int
    start: int  # token indices in the doc
    end: int
    label: str
    method: str
    votes: list[tuple[str, float, str]] = field(default_factory=list)
    subs: list[str] = field(default_factory=list)
    alias_of: str = ""
    model_label: str = ""  # the kg_ner component's label when it tagged this exact span

    def text(self, doc: Doc) -> str:
        return doc[self.start:self.end].text


def _trim(doc: Doc, start: int, end: int, cues: Cues) -> tuple[int, int]:
    """Drop particles, punctuation, honorifics and role words from the edges of a span."""
    while start < end and (doc[start].pos_ in {"ADP", "PUNCT", "AUX", "SCONJ", "CCONJ", "SYM"}
                           or doc[start].text in cues.person_roles or doc[start].text in _PREFIXES
                           or (_KIN_PREFIXES.match(doc[start].text) and end - start > 1)
                           or doc[start].text in _DOT):
        start += 1
    while end > start and (doc[end - 1].pos_ in {"ADP", "PUNCT", "AUX", "SCONJ", "CCONJ", "SYM"}
                           or doc[end - 1].text in cues.honorifics or doc[end - 1].text in cues.person_roles
                           or doc[end - 1].text in _DOT or doc[end - 1].text in _TRAILERS
                           or (_ROLE_SHAPE.match(doc[end - 1].text) and end - 1 > start
                               and _is_name_tag(doc[end - 2]) and not _is_name_tag(doc[end - 1]))
                           or (doc[end - 1].tag_.startswith("接尾辞") and doc[end - 1].text not in cues.org_heads
                               and end - 1 > start and _namelike(doc[start:end - 1]))):
        end -= 1  # 「吉村等」「日本自由党公認」「ハセガワ製」: a suffix or status word after the name
        # (but 「株式会社孔官堂」: suffix-tagged kanji after a legal form are the name itself)
    return start, end


def _ginza_candidates(doc: Doc, di: int, cues: Cues) -> list[_Cand]:
    """GiNZA's entities of every label, split at punctuation (「Uber、Lyft」 is two names) and at a
    coordinating particle inside (「IntelとAMD」 tagged as one entity is two names)."""
    out = []
    for ent in doc.ents:
        pieces: list[tuple[int, int]] = []
        s = ent.start
        for i in range(ent.start, ent.end):
            t = doc[i]
            if t.text in _SPLIT_PUNCT or (t.text in _LIST_SEPARATORS and t.pos_ in {"ADP", "CCONJ"}
                                          and ent.start < i < ent.end - 1) \
                    or (t.text in _DOT and 0 < i < len(doc) - 1 and _KANJI.fullmatch(doc[i - 1].text)
                        and _KANJI.fullmatch(doc[i + 1].text)):
                pieces.append((s, i))  # 「西沢・高木」 are two people
                s = i + 1
        pieces.append((s, ent.end))
        for a, b in pieces:
            a, b = _trim(doc, a, b, cues)
            if b - a > 2 and doc[b - 1].text.endswith(cues.non_agent_suffixes):
                heads = [k for k in range(a + 1, b - 1) if doc[k].text in cues.org_heads]
                if heads:
                    b = heads[-1] + 1  # 「王子製紙釧路工場」: the company, not its mill
            a = _drop_class_prefix(doc, a, b, cues)
            a, b = _extend(doc, a, b, cues)
            if b > a:
                out.append(_Cand(di, a, b, ent.label_, "ner.ginza"))
    return out


def _drop_class_prefix(doc: Doc, start: int, end: int, cues: Cues) -> int:
    """Cut a class noun GiNZA glued to the name: 「半導体設計会社Arm Holdings」「新聞社ワシントン」.

    The class noun stays outside, where it votes as an apposition.
    """
    classes = cues.org_class_nouns.keys() | cues.person_roles | cues.product_nouns
    for i in range(end - 1, start, -1):
        if doc[i - 1].text in classes and all(_is_common(t) for t in doc[start:i]) and _namelike(doc[i:end]):
            return i
    return start


def _extend(doc: Doc, start: int, end: int, cues: Cues) -> tuple[int, int]:
    """Grow a span over ・-joined katakana words (「ワシントン」+「・ポスト」) and a fused institution head
    (「稲盛」+「財団」, 「松風」+「工業」)."""
    n = len(doc)
    while end + 1 < n and doc[end].text in _DOT and is_katakana(doc[end + 1].text):
        end += 2
    while start >= 2 and doc[start - 1].text in _DOT and is_katakana(doc[start - 2].text):
        start -= 2
    while end < n and end > start and is_katakana(doc[end - 1].text) and is_katakana(doc[end].text) \
            and not doc[end - 1].whitespace_ and doc[end].text not in cues.product_nouns \
            and doc[end].text not in cues.person_roles and doc[end].text not in cues.honorifics \
            and not _is_name_tag(doc[end - 1]):
        end += 1  # 「株式会社サクラ」+「フィナンシャル」
    if end < n and doc[end].text in cues.org_heads and len(doc[end].text) > 1 and not doc[end - 1].whitespace_ \
            and doc[end].text not in cues.person_roles:
        end += 1
    elif end + 1 < n and doc[end].tag_.startswith("名詞-普通名詞") and doc[end + 1].text in cues.common_stem_heads \
            and len(doc[end + 1].text) > 1 and not doc[end - 1].whitespace_ and not doc[end].whitespace_:
        end += 2  # 「JR東日本」+「労働」+「組合」
    if end + 1 < n and doc[end - 1].text.endswith("大学") and doc[end + 1].text == "校" \
            and (is_katakana(doc[end].text) or _is_proper(doc[end])):
        end += 2  # 「カリフォルニア大学」+「バークレー」+「校」: a campus of a university
    return start, end


def _dot_runs(doc: Doc, di: int, cues: Cues) -> list[_Cand]:
    """Katakana words joined by ・, written like a transliterated name: 「ソフトバンク・ビジョン・ファンド」."""
    out = []
    n = len(doc)
    i = 0
    while i < n:
        if not is_katakana(doc[i].text) or i + 2 >= n or doc[i + 1].text not in _DOT \
                or not is_katakana(doc[i + 2].text) or (i >= 1 and doc[i - 1].text in _DOT):
            i += 1
            continue
        start, end = _extend(doc, i, i + 1, cues)
        out.append(_Cand(di, start, end, "", "ner.katakana_dots"))
        i = end
    return out


def _rare_katakana(doc: Doc, di: int, cues: Cues) -> list[_Cand]:
    """Katakana words the vectors do not know, as candidates for the cues to type: 「ファームリンクを買収」."""
    out = []
    for t in doc:
        if is_katakana(t.text) and len(t.text) >= 3 and not t.has_vector and t.ent_iob_ == "O" \
                and not _is_name_tag(t):
            start, end = _extend(doc, t.i, t.i + 1, cues)
            out.append(_Cand(di, start, end, "", "ner.rare_word"))
    return out


def _head_compounds(doc: Doc, di: int, cues: Cues) -> list[_Cand]:
    """Noun compounds ending in an institution head with a name inside: 「王子製紙」「海信集団」「日本自由党」."""
    out = []
    for t in doc:
        if t.text not in cues.org_heads or t.i == 0:
            continue
        start = t.i
        while start > 0 and doc[start - 1].pos_ in {"NOUN", "PROPN"} and doc[start - 1].tag_ != "名詞-数詞" \
                and not doc[start - 1].whitespace_ and doc[start - 1].text not in _SPLIT_PUNCT \
                and doc[start - 1].text not in cues.org_heads:
            start -= 1
        stem = doc[start:t.i]
        institutional = t.text in cues.common_stem_heads and len(stem.text) >= 2 \
            and not stem[0].tag_.startswith("接頭辞") and stem[0].text not in _PREFIXES
        if len(stem) and (institutional or any(_is_proper(x) or is_latin(x.text)
                                               or (is_katakana(x.text) and not x.has_vector) for x in stem)):
            a, b = _trim(doc, start, t.i + 1, cues)
            if b > a:
                out.append(_Cand(di, a, b, "", "ner.head_compound"))
    return out


def _proper_tokens(doc: Doc, di: int, cues: Cues) -> list[_Cand]:
    """Sudachi proper nouns (名詞-固有名詞-一般) GiNZA did not label: 「日本航空の会長」."""
    out = []
    for t in doc:
        if t.tag_ == "名詞-固有名詞-一般" and t.ent_iob_ == "O" and not is_latin(t.text):
            start, end = _extend(doc, t.i, t.i + 1, cues)
            out.append(_Cand(di, start, end, "", "ner.proper_noun"))
    return out


def _person_runs(doc: Doc, di: int, cues: Cues) -> list[_Cand]:
    """Runs of Sudachi person-name tokens, with katakana parts joined by ・.

    「孫正義」(人名-姓 + 人名-名), 「ジョン・スミス」(人名 ・ unknown katakana), 「ジェフベゾス」.
    """
    out = []
    n = len(doc)
    i = 0
    while i < n:
        if not _is_name_tag(doc[i]) or not (is_katakana(doc[i].text) or _KANJI.fullmatch(doc[i].text)):
            i += 1
            continue
        start, end = i, i + 1
        while True:  # grow right
            if end < n and _is_name_tag(doc[end]) and not doc[end - 1].whitespace_ and \
                    (is_katakana(doc[end].text) or _KANJI.fullmatch(doc[end].text)):
                end += 1
            elif end + 1 < n and doc[end].text in _DOT and is_katakana(doc[end + 1].text):
                end += 2
            else:
                break
        while start >= 2 and doc[start - 1].text in _DOT and is_katakana(doc[start - 2].text):  # grow left
            start -= 2
        start, end = _extend(doc, start, end, cues)
        out.append(_Cand(di, start, end, "", "ner.name_tags"))
        i = end
    return out


def _latin_runs(doc: Doc, di: int) -> list[_Cand]:
    """Capitalised Latin-script words joined by single spaces: 「Kleiner Perkins」「Tiger Global Fund」「Anthropic」."""
    out = []
    n = len(doc)
    i = 0
    while i < n:
        t = doc[i]
        if not (is_latin(t.text) and t.text[0].isupper()) or (i > 0 and is_latin(doc[i - 1].text)
                                                               and not doc[i - 1].whitespace_):
            i += 1
            continue
        end = i + 1
        while end < n:
            prev = doc[end - 1]
            nxt = doc[end]
            if prev.whitespace_ not in {"", " "}:
                break
            if nxt.text in {".", "!"} and not prev.whitespace_ and (len(prev.text) == 1 or nxt.text == "!"):
                end += 1  # 「D. E. Shaw」 initials, 「Yahoo!」
                continue
            if not is_latin(nxt.text):
                break
            if nxt.text[0].isupper() or nxt.text[0].isdigit():
                end += 1
            elif nxt.text.casefold() in _CONNECTORS and end + 1 < n and doc[end + 1].text[:1].isupper() \
                    and is_latin(doc[end + 1].text):
                end += 2
            else:
                break
        out.append(_Cand(di, i, end, "", "ner.latin"))
        i = end
    return out


def _model_candidates(doc: Doc, di: int, cues: Cues) -> list[_Cand]:
    """The trained component's entities (absent unless Settings.kg_ner), trimmed like GiNZA's."""
    out = []
    for span in doc.spans.get(SPANS_KEY, ()):
        a, b = _trim(doc, span.start, span.end, cues)
        if b > a:
            out.append(_Cand(di, a, b, "", "ner.kg_ner", model_label=span.label_))
    return out


def _model_votes(doc: Doc, c: _Cand) -> None:
    """Vote with the trained component: its label on the exact span, or a small vote against when silent."""
    if SPANS_KEY not in doc.spans:
        return
    if _HIRAGANA.fullmatch(c.text(doc)):
        return  # 「（いなもり かずお）」: a reading in brackets; the tagger calls some of them people
    if c.model_label in _MODEL_LABELS:
        c.votes.append((_MODEL_LABELS[c.model_label], MODEL_WEIGHT, f"model:{c.model_label}"))
    elif not any(s.start < c.end and c.start < s.end for s in doc.spans[SPANS_KEY]):
        c.votes.append((OTHER, MODEL_SILENT_WEIGHT, "model:none"))


def _dedupe(cands: list[_Cand]) -> list[_Cand]:
    """Merge identical spans, then keep the longest of overlapping spans."""
    by_span: dict[tuple[int, int, int], _Cand] = {}
    for c in cands:
        key = (c.doc_index, c.start, c.end)
        if key in by_span:
            kept = by_span[key]
            kept.label = kept.label or c.label
            kept.model_label = kept.model_label or c.model_label
            if c.method == "ner.ginza" or kept.method != "ner.ginza":
                kept.method = c.method if kept.method != "ner.ginza" else kept.method
        else:
            by_span[key] = c
    chosen: list[_Cand] = []
    taken: dict[int, set[int]] = defaultdict(set)
    for c in sorted(by_span.values(), key=lambda c: (-(MODEL_SPANS_FIRST and bool(c.model_label)),
                                                     -(c.end - c.start), c.doc_index, c.start)):
        cells = set(range(c.start, c.end))
        if cells & taken[c.doc_index]:
            # A shorter span inside a longer one lends its GiNZA label when the longer has none.
            continue
        taken[c.doc_index] |= cells
        chosen.append(c)
    for c in chosen:
        if not c.label:
            inner = [o for o in by_span.values() if o.doc_index == c.doc_index and o.label
                     and c.start <= o.start and o.end <= c.end]
            if len(inner) == 1 and inner[0].end - inner[0].start == c.end - c.start:
                c.label = inner[0].label
    return sorted(chosen, key=lambda c: (c.doc_index, c.start))


# ---------------------------------------------------------------------------------------------
# votes

def _head_of(text: str, cues: Cues, whole: bool) -> tuple[str, str | None] | None:
    """Return the institution head a name ends with (大学, 株式会社, Fund...), if any."""
    for head, sub in cues.heads_longest_first:
        if whole and text == head:
            return head, sub
        if not whole and text.endswith(head) and len(text) > len(head):
            # one-kanji heads (社, 省, 党) only count after a name-like stem, not inside a word
            return head, sub
    return None


def _vote(doc: Doc, c: _Cand, cues: Cues) -> None:
    """Collect the typing evidence of one candidate."""
    span = doc[c.start:c.end]
    toks = [t for t in span if t.text not in _DOT]
    text = span.text
    add = c.votes.append
    words = [t for t in toks if t.text not in _LATIN_PUNCT]
    latin = bool(words) and all(is_latin(t.text) for t in words)
    oov_latin = latin and all(is_oov(t) for t in words)
    # GiNZA's label: one vote, half a vote on Latin-script names, where it mostly guesses
    # (measured: Latin company names tagged Person or City).
    if c.label in cues.ene:
        cls, sub = cues.ene[c.label]
        add((cls, 0.5 if oov_latin else 1.0, f"ene:{c.label}"))
        if sub:
            c.subs.append(sub)
    # Sudachi's name tags
    name_tags = [t for t in toks if _is_name_tag(t)]
    if name_tags and len(name_tags) == len(toks):
        fam = any(t.tag_.endswith("姓") for t in toks)
        given = any(t.tag_.endswith("名") for t in toks)
        add((PERSON, 3.0 if (fam and given) or len(toks) > 1 else 1.5, "tag:人名"))
    elif name_tags and all(is_katakana(t.text) for t in toks) and len(toks) > 1:
        add((PERSON, 1.5, "tag:人名+katakana"))
    if toks and all("地名" in t.tag_ for t in toks):
        add((LOCATION, 2.0, "tag:地名"))
    # name shape
    if len(toks) > 1 and len(toks) < len(span) and all(is_katakana(t.text) for t in toks) \
            and not any("地名" in t.tag_ for t in toks):
        add((PERSON, 1.0, "shape:katakana・katakana"))
    if latin:
        if text[0].islower():
            add((PRODUCT, 2.0, "shape:lowercase-initial"))
        elif len(words) == 1 and not oov_latin and not _is_proper(toks[0]) and text.isupper():
            add((OTHER, 3.0, "dict:common-noun"))  # CEO, GPS, LLM: acronyms Sudachi knows as common nouns
        elif len(words) > 1 and _is_name_tag(words[0]) and not _head_of(words[-1].text, cues, whole=True):
            add((PERSON, 2.5, "tag:人名-latin"))  # 「William Normark」: a known given name, then a surname
        else:
            add((ORG, 1.0, "shape:latin"))
            if any(_is_proper(t) for t in words):
                add((ORG, 0.5, "dict:proper"))  # Sudachi knows it as a proper noun (AOL), not a thing
    elif all(_is_common(t) for t in toks) and not name_tags:
        add((OTHER, 2.0, "dict:common-noun"))  # 王, 誇大妄想, 取締役会: no proper noun inside
    elif len(toks) == 1 and toks[0].tag_ == "名詞-固有名詞-一般":
        add((ORG, 0.5, "dict:proper"))  # a proper noun that names no person or place: often a company
    if len(text) == 1 and _KANJI.fullmatch(text):
        add((OTHER, 2.0, "shape:single-kanji"))
    if toks and any(t.tag_ == "名詞-数詞" for t in toks) and (toks[0].tag_ == "名詞-数詞" or any(
            t.text in {"年", "月", "日", "年度", "年代", "世紀", "時", "分"} for t in toks)) \
            and not any(is_latin(t.text) for t in toks):
        add((OTHER, 3.0, "shape:number"))  # 「2008年12月19日」「数百人」
    if len(text) == 1 and is_latin(text):
        add((OTHER, 2.0, "shape:single-letter"))  # 「被害者C」
    if _HIRAGANA.fullmatch(text):
        add((OTHER, 3.0, "shape:hiragana"))  # 「いなもり かずお」: a reading in brackets, not a name
    if toks and not _is_name_tag(toks[-1]) and (toks[-1].text in cues.non_agent_heads and len(toks) > 1
                                                 or toks[-1].text.endswith(cues.non_agent_suffixes)):
        add((OTHER, 2.5, f"head:{toks[-1].text}"))  # 「京都賞」「ワールドカップ」: an award or event
    # institution heads inside the name: ハーバード大学, ソフトバンクグループ, Tiger Global Fund
    last = toks[-1].text if toks else ""
    head = _head_of(last, cues, whole=True) if len(toks) > 1 else None
    if head is None and toks and not latin:
        head = _head_of(last, cues, whole=False) if (_is_proper(toks[-1]) or len(toks) > 1) else None
    common_stem = len(toks) > 1 and all(_is_common(t) for t in toks)
    if common_stem and (head is None or head[0] not in cues.common_stem_heads
                        or cues.ene.get(c.label, (ORG,))[0] not in {ORG, PERSON}):
        head = None  # 「キリスト教グループ」「エリート予備校」: common words + head; 「自由民主党」 keeps its 党
    if head is not None and head[0] in cues.generic_heads and all(_is_common(t) or "地名" in t.tag_ for t in toks[:-1]):
        head = None  # 「アメリカ企業」: a place and a generic noun describe companies, they name none
        add((OTHER, 2.0, "shape:place+generic-noun"))
    if toks and len(toks) > 1 and (toks[0].text in cues.product_nouns or toks[0].text in cues.non_agent_heads):
        add((OTHER, 2.5, f"head:{toks[0].text}"))  # 「プロジェクト・ティグリス」 names a project
    if head is not None:
        # 「ギブソン・ギター・コーポレーション」: no person's name ends in an institution head
        c.votes[:] = [v for v in c.votes if not (v[0] == PERSON and v[2].startswith(("tag:", "shape:")))]
        add((ORG, 3.0, f"head:{head[0]}"))
        if head[1]:
            c.subs.append(head[1])
    if len(toks) == 1 and toks[0].text in _LEGAL_FORMS:
        add((OTHER, 6.0, "shape:legal-form-alone"))  # 「株式会社」 with the name cut away names nothing
    elif toks and toks[0].text in _LEGAL_FORMS:
        add((ORG, 3.0, f"head:{toks[0].text}"))
        c.subs.append("Company")
    _context(doc, c, cues)


def _context(doc: Doc, c: _Cand, cues: Cues) -> None:
    """Votes from the words right after and right before the name."""
    add = c.votes.append
    n = len(doc)
    r = doc[c.end].text if c.end < n else ""
    r2 = doc[c.end + 1].text if c.end + 1 < n else ""
    if r in cues.honorifics:
        add((PERSON, 3.0, f"cue:{r}"))  # 「孫氏」「三木谷さん」
    elif (r in cues.person_roles or (_ROLE_SHAPE.match(r) and c.end < n and not _is_name_tag(doc[c.end])
                                     and r not in cues.org_heads)) and not doc[c.end - 1].whitespace_:
        add((PERSON, 2.0, f"cue:{r}"))  # 「豊田社長」「小田船長」
    elif r in cues.org_heads and (len(r) > 1 or not doc[c.end - 1].whitespace_):
        add((ORG, 3.0, f"cue:{r}"))  # 「Acme社」「ソニー株式会社」 when the tokenizer split them
        if cues.org_heads[r]:
            c.subs.append(cues.org_heads[r])
    elif r in cues.product_nouns:
        add((PRODUCT, 2.0, f"cue:{r}"))  # 「YouTubeチャンネル」
    if r == "の":
        if r2 in cues.org_of_nouns:
            add((ORG, 2.0, f"cue:の{r2}"))  # 「DeepMindのCEO」「ソニーの社員」
        elif r2 in cues.person_of_nouns:
            add((PERSON, 2.0, f"cue:の{r2}"))  # 「Xの妻」
        elif r2 == "よう" and any(t.text in cues.product_nouns for t in doc[c.end + 2:c.end + 7]):
            add((PRODUCT, 2.0, "cue:のような…製品"))  # 「Instagramのようなアプリ」「RNNのような従来のモデル」
    # apposition on the left: 「師匠のピーター・ドラッカー」「新CEOジョン・スミス」「投資ファンドTiger Global」
    left = c.start - 1
    if left >= 0 and doc[left].text in {"の", "「", "『"}:
        left -= 1  # 「師匠のX」, 経営塾「X」
    elif left >= 1 and doc[left].text == "ある" and doc[left - 1].text == "で":
        left -= 2  # 「碍子メーカーであるX」
    if left >= 0 and _namelike(doc[c.start:c.end]) and doc[left].pos_ in {"NOUN", "PROPN"} and not (left >= 1 and _is_proper(doc[left - 1])):
        word = doc[left].text
        if left >= 1 and doc[left - 1].pos_ == "NOUN" and doc[left - 1].text + word in cues.org_class_nouns:
            word = doc[left - 1].text + word
        if word in cues.person_roles:
            add((PERSON, 5.5, f"appos:{word}"))
        elif word in cues.org_class_nouns:
            add((ORG, 5.5, f"appos:{word}"))
            if cues.org_class_nouns[word]:
                c.subs.append(cues.org_class_nouns[word])
        elif word in cues.product_nouns and doc[c.start - 1].text != "の":
            add((PRODUCT, 3.0, f"appos:{word}"))
    # a quoted title: 「「Attention is All You Need」」『…』 names a work, not an agent
    if c.start > 0 and c.end < n and doc[c.start - 1].text in {"「", "『", "“", "\""} \
            and doc[c.end].text in {"」", "』", "”", "\""}:
        add((PRODUCT, 1.0, "cue:quoted"))
    # the name as subject of a class noun: 「孫正義は…創業者である」「ChatGPTは…アプリケーションになった」
    last = doc[c.end - 1]
    head = last.head
    if last.dep_ == "nsubj" and head.i >= c.end and head.pos_ == "NOUN":
        if head.text in cues.person_roles:
            add((PERSON, 2.0, f"pred:{head.text}"))
        elif head.text in cues.org_class_nouns:
            add((ORG, 2.0, f"pred:{head.text}"))
        elif head.text in cues.product_nouns:
            add((PRODUCT, 2.0, f"pred:{head.text}"))
    # 「トヨタに入社」「ヤクルトに入団」: joining an organisation
    if r == "に" and head.i >= c.end and (head.text in cues.join_verbs or head.lemma_ in cues.join_verbs
                                          or head.text in {"出資", "投資", "売却", "勤務", "勤め"}):
        add((ORG, 1.5, f"obl:{head.lemma_}"))
    if r in cues.join_verbs or r in {"所属", "傘下", "系列", "在籍"}:
        add((ORG, 1.5, f"cue:{r}"))  # 「SCフライブルク所属」
    group = r2 if r == "の" else r
    if group in cues.group_nouns and not doc[c.end - 1].whitespace_:
        # 「ザ・ピーナッツの解散」: only a group disbands; 「ボストン・ブレーブス戦で」 a match against a team
        # (weaker: 「X戦」 can also name a match against one player)
        add((ORG, 2.0 if group == "戦" else 3.0, f"cue:{group}"))
    # the name as object of a verb: 「楽天を設立した」 (organisation), 「ChatGPTを生み出した」 (product)
    if r == "を" and head.i >= c.end:
        if head.text in cues.org_verbs or head.lemma_ in cues.org_verbs:
            add((ORG, 1.5, f"obj:{head.lemma_}"))
        elif head.text in cues.product_verbs or head.lemma_ in cues.product_verbs:
            add((PRODUCT, 1.5, f"obj:{head.lemma_}"))


def _namelike(tokens: Span) -> bool:
    """Whether a span has a name inside: a proper noun, a Latin word, or a rare katakana word (no vector)."""
    if any(t.text in _DOT for t in tokens[1:-1]):
        return True  # 「ジョン・スミス」: katakana words joined by ・ are written like a foreign name
    return any(_is_proper(t) or _is_name_tag(t) or is_latin(t.text) or (is_katakana(t.text) and not t.has_vector)
               for t in tokens)


def _appos_candidates(doc: Doc, di: int, cues: Cues) -> list[_Cand]:
    """Names right after a role or class noun that GiNZA missed: 「創設者のジョン・スミス」「投資ファンドTiger Global」.

    The name is a run of katakana words (joined by ・) or proper nouns directly after 「ROLEの」 or 「ROLE」.
    """
    out = []
    n = len(doc)
    for i, t in enumerate(doc):
        # 「ギゾー首相」「ムルダニ氏」: a rare katakana word right before a role or an honorific
        if (t.text in cues.person_roles or t.text in cues.honorifics) and i > 0 and is_katakana(doc[i - 1].text) \
                and not doc[i - 1].has_vector and not doc[i - 1].whitespace_:
            start = i - 1
            while start >= 2 and doc[start - 1].text in _DOT and is_katakana(doc[start - 2].text):
                start -= 2
            out.append(_Cand(di, start, i, "", "ner.apposition"))
        if t.text not in cues.person_roles and t.text not in cues.org_class_nouns:
            continue
        j = i + 2 if i + 1 < n and doc[i + 1].text == "の" else i + 1
        end = j
        while end < n and (is_katakana(doc[end].text) or _is_proper(doc[end])
                           or (doc[end].text in _DOT and end + 1 < n and is_katakana(doc[end + 1].text))):
            end += 1
        # only rare words (no word vector) or proper nouns: 「企業のリソース」 is no name
        if end > j and _namelike(doc[j:end]) and not (end < n and doc[end].pos_ == "NOUN" and not doc[end].tag_.startswith("接尾辞")
                            and doc[end].text not in cues.honorifics):
            out.append(_Cand(di, j, end, "", "ner.apposition"))
    return out


def _share_list_cues(doc_cands: list[tuple[Doc, list[_Cand]]]) -> None:
    """Names listed together (「TikTokやInstagramのようなアプリ」「A、B、C」) share their class cues."""
    for doc, cands in doc_cands:
        groups: list[list[_Cand]] = []
        for c in cands:
            if groups and groups[-1][-1].end + 1 == c.start and doc[c.start - 1].text in _LIST_SEPARATORS:
                groups[-1].append(c)
            else:
                groups.append([c])
        for group in groups:
            if len(group) < 2:
                continue
            shared = [v for c in group for v in c.votes
                      if v[2].startswith(("cue:の", "appos:", "cue:のような", "ene:", "head:", "obj:"))]
            for c in group:
                for cls, w, why in shared:
                    if (cls, w, why) not in c.votes:
                        c.votes.append((cls, w * 0.75, f"list:{why}"))


# ---------------------------------------------------------------------------------------------
# document-level vote and consistency

def name_key(text: str) -> str:
    """Return the key under which mentions of one name vote together: NFKC, casefolded, no separators.

    Example:
        >>> name_key("ジェフ・ベゾス") == name_key("ジェフベゾス")
        True
    """
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"[\s・･·=＝]+", "", text).casefold()


def _decide(votes: list[tuple[str, float, str]]) -> tuple[str | None, float]:
    """Sum the votes, counting each distinct piece of evidence once (a name said ten times is no surer)."""
    best_of: dict[tuple[str, str], float] = {}
    for cls, w, why in votes:
        best_of[(cls, why)] = max(w, best_of.get((cls, why), 0.0))
    score: dict[str, float] = defaultdict(float)
    for (cls, _), w in best_of.items():
        score[cls] += w
    if not score:
        return None, 0.0
    ranked = sorted(score.items(), key=lambda kv: (-kv[1], _CLASSES.index(kv[0])))
    best, top = ranked[0]
    second = ranked[1][1] if len(ranked) > 1 else 0.0
    if best not in _KIND or top < 1.0 or top <= second:
        return None, top
    return best, top


def _parts(doc: Doc, c: _Cand) -> tuple[str, ...]:
    """Name parts: katakana pieces around ・, Sudachi's 姓/名 tokens, Latin words."""
    toks = [t for t in doc[c.start:c.end] if t.text not in _DOT]
    if len(toks) < 2:
        return ()
    return tuple(t.text for t in toks)


def extract_mentions(doc: Doc, chunk: Chunk) -> list[Mention]:
    """Return the person and organisation mentions of one chunk read alone."""
    return extract_document_mentions([(doc, chunk)])


def extract_document_mentions(parsed: list[tuple[Doc, Chunk]]) -> list[Mention]:
    """Return the mentions of one document, given its parsed chunks in order."""
    cues = load_cues()
    doc_cands: list[tuple[Doc, list[_Cand]]] = []
    for di, (doc, _) in enumerate(parsed):
        cands = _dedupe(_ginza_candidates(doc, di, cues) + _person_runs(doc, di, cues) + _latin_runs(doc, di)
                        + _dot_runs(doc, di, cues) + _appos_candidates(doc, di, cues)
                        + _proper_tokens(doc, di, cues) + _head_compounds(doc, di, cues)
                        + _rare_katakana(doc, di, cues) + _model_candidates(doc, di, cues))
        for c in cands:
            _vote(doc, c, cues)
            _model_votes(doc, c)
        doc_cands.append((doc, cands))
    _share_list_cues(doc_cands)
    _defined_aliases(doc_cands, cues)

    # All mentions of one name vote together; a name defined as another's alias votes with it.
    groups: dict[str, list[tuple[int, _Cand]]] = defaultdict(list)
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
    for key, members in groups.items():
        di, c = members[0]
        short = name_key(strip_org_affix(c.text(doc_cands[di][0])))
        if short and short in groups and find(short) != find(key):
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
                and name_key(words[0].text) in orgs and _head_of(words[-1].text, cues, whole=True) is None:
            pooled[find(key)].append((PRODUCT, 3.0, f"shape:product-line-of:{words[0].text}"))
            decided[find(key)] = _decide(pooled[find(key)])[0]
    # 「AmazonのKindle」「SonyのWalkman」: a Latin name owned by an organisation is its product.
    for di, (doc, cands) in enumerate(doc_cands):
        for c in cands:
            key = find(name_key(c.text(doc)))
            if c.start >= 2 and doc[c.start - 1].text == "の" and is_latin(doc[c.start].text) \
                    and decided.get(key) == ORG and name_key(doc[c.start - 2].text) in groups \
                    and decided.get(find(name_key(doc[c.start - 2].text))) == ORG \
                    and _head_of(doc[c.end - 1].text, cues, True) is None:
                pooled[key].append((PRODUCT, 1.5, f"cue:owned-by:{doc[c.start - 2].text}"))
                decided[key] = _decide(pooled[key])[0]
    # 「楽天の三木谷浩史」「ソニーの盛田昭夫」: a name right before 「の」 and a person's name is their organisation.
    for di, (doc, cands) in enumerate(doc_cands):
        for a, b in zip(cands, cands[1:]):
            if a.end + 1 == b.start and doc[a.end].text == "の":
                ka, kb = find(name_key(a.text(doc))), find(name_key(b.text(doc)))
                if decided.get(kb) == PERSON and decided.get(ka) != PERSON:
                    pooled[ka].append((ORG, 1.5, "cue:の+person"))
                    decided[ka] = _decide(pooled[ka])[0]
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
                      key=lambda s: -len(s[0]))
    for di, (doc, chunk) in enumerate(parsed):
        text = doc.text  # Doc.text joins every token: build it once per chunk, not once per surface
        for surface, key in surfaces:
            for m in re.finditer(re.escape(surface), text):
                span = doc.char_span(m.start(), m.end())
                if span is None or covered[di] & set(range(span.start, span.end)):
                    continue
                if span.end < len(doc) and is_latin(doc[span.end].text) and not span[-1].whitespace_:
                    continue
                cls, root = forms[key]
                if root == "" and not (is_katakana(surface) or is_latin(surface)):
                    continue
                covered[di] |= set(range(span.start, span.end))
                c = _Cand(di, span.start, span.end, "", "ner.consistency")
                votes = pooled[root] if root else [(PERSON, 2.0, "part-of-person-name")]
                out.append(_to_mention(doc, chunk, c, cls, votes, subs[root] if root else []))
    out.sort(key=lambda m: (m.source.start, m.source.end))
    return out


def _defined_aliases(doc_cands: list[tuple[Doc, list[_Cand]]], cues: Cues) -> None:
    """Mark names the text defines as another's: 「Kleiner Perkins（KPと呼ばれる）」「ビル・ゲイツ（William Henry Gates III）」.

    The name in brackets right after a name, alone or with 以下/略称/通称 before it or 「と呼ばれる」 after it.
    """
    for doc, cands in doc_cands:
        starts = {c.start: c for c in cands}
        for c in cands:
            if c.end >= len(doc) or doc[c.end].text not in _PARENS:
                continue
            close = _PARENS[doc[c.end].text]
            i = c.end + 1
            while i < len(doc) and (doc[i].text in _ALIAS_LEADS or doc[i].text in {"：", ":", "、", "は"} or doc[i].text in _DOT):
                i += 1
            inner = starts.get(i)
            if inner is None:
                continue
            j = inner.end
            ok = j < len(doc) and (doc[j].text in {close, "、", "，"}
                                   or (doc[j].text in {"と", "とも"} and j + 1 < len(doc)
                                       and doc[j + 1].text in _ALIAS_TAILS))
            if ok:
                inner.alias_of = c.text(doc)


def _to_mention(doc: Doc, chunk: Chunk, c: _Cand, cls: str, votes: list[tuple[str, float, str]],
                subs: list[str]) -> Mention:
    span: Span = doc[c.start:c.end]
    source = sentence_source(doc, chunk, span.start_char, span.end_char, c.method)
    subkind = getattr(KG, max(set(subs), key=lambda s: (subs.count(s), s))) if subs and cls == ORG else None
    reasons = tuple(sorted({why for _, _, why in c.votes} | {f"doc:{why}" for k, _, why in votes if k == cls}))
    return Mention(text=span.text, kind=_KIND[cls], source=source, label=c.label or c.method, subkind=subkind,
                   votes=reasons, parts=_parts(doc, c) if cls == PERSON else (), alias_of=c.alias_of)

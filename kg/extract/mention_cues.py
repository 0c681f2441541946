"""Stage 3, typing cues: ontology/entity_cues.yaml → Cues, GiNZA's ENE label table, and the token predicates
(Sudachi tags, script) that candidates and votes read."""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import yaml
from rdflib import URIRef

from .. import resources
from ..errors import VocabularyError
from ..model import Chunk, Source
from ..vocab import KG

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


PERSON, ORG, PRODUCT, LOCATION, OTHER = "Person", "Organization", "Product", "Location", "Other"
CLASSES = (PERSON, ORG, PRODUCT, LOCATION, OTHER)
KIND = {PERSON: KG.Person, ORG: KG.Organization}

_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9&'’.+\-]*")
_KATAKANA = re.compile(r"[\u30A1-\u30FA\u30FC\u30FD\u30FE\uFF66-\uFF9F]+")
KANJI = re.compile(r"[\u3400-\u9FFF々〆ヶ]+")
DOT = {"・", "･", "·", "="}
CONNECTORS = {"of", "and", "&", "de", "for", "the", "du", "van", "von"}
LIST_SEPARATORS = {"、", "，", ",", "や", "と", "及び", "および"}
SPLIT_PUNCT = {"、", "，", ",", "。", "（", "）", "(", ")", "「", "」", "『", "』", "：", ":", "；", ";", "/", "／"}
PARENS = {"（": "）", "(": ")"}
ALIAS_LEADS = {"以下", "略称", "通称", "旧称", "旧社名", "英称", "英語名", "英名", "略", "旧", "現"}
# Inside the brackets after a name, the word before its original spelling or birth name: 「X（本名：Y、…）」
# 「X（英語名表記Y）」「X（ラテン翻字例：Y）」「X（1900年 - 1980年、原名：Y）」.
ORIGINAL_NAME_LEADS = {"本名", "原名", "英名", "英称", "名", "表記", "翻字", "例", "綴り", "つづり", "旧姓"}
ALIAS_TAILS = {"呼ば", "称さ", "略さ", "略す", "呼ぶ", "称する"}
PREDECESSOR_LINKS = {"で", "ある", "は", "、", "に", "あたる", "当たる"}  # 「Xの前身である/にあたる/は、Y」
HIRAGANA = re.compile(r"[\u3041-\u309F\s]+")
# A role noun by its ending: 船長, 部長, 長官, 監督者, 選手, 議員, 棋士, 牧師, 作家, 相談役 (「小田船長」).
ROLE_SHAPE = re.compile(r"^[\u3400-\u9FFF]{1,4}(?:長|官|者|手|員|士|師|家|役|相|督|将|佐|尉)$")
KIN_PREFIXES = re.compile(r"^(?:長|次|三|四|五|末)?(?:男|女)$|^(?:妻|夫|妃|兄|弟|姉|妹|父|母|息子|娘|祖父|祖母|叔父|叔母)$")
# A legal form's abbreviation in brackets before an organisation's name: 「(公財)X財団」「（株）Y」, part of the name.
LEGAL_ABBREVIATIONS = frozenset({"公財", "一財", "公社", "一社", "株", "有", "特非", "独", "社福", "学", "医"})
# Institution heads an organisation's name is also written without: 「ウェストブルック大学」→「ウェストブルック」.
_ORG_AFFIXES = re.compile(r"^(?:株式会社|有限会社|合同会社|(?:公益|一般)?(?:財団|社団)法人|"
                          r"[(（](?:" + "|".join(sorted(LEGAL_ABBREVIATIONS)) + r")[)）])|"
                          r"(?:株式会社|有限会社|合同会社|大学|社|グループ|ホールディングス|"
                          r"[・･](?:フィナンシャル|ファイナンシャル|ブラザーズ|コーポレーション|カンパニー)|"
                          r",?\s*(?:inc|corp|corporation|co|ltd|llc|plc)\.?)$", re.I)
# A model number or Roman numeral ending a Latin name (「Xintosh IIcx」「PlayStation3」「Rebel V」): a product's model
MODEL_NUMBER = re.compile(r"(?:^|[a-z])(?:II|III|IV|VI|VII|VIII|IX|XI|XII)[a-z]{0,2}$|(?:^|[a-z])V$|[A-Za-z][0-9]+$")
# Latin letters and digits run together (「XR-07」「LOUDFEST08」): a model, an edition, an event; no person's name
LETTERS_AND_DIGITS = re.compile(r"[A-Za-z][.\-]?[0-9]|[0-9][.\-]?[A-Za-z]")
PLACE_SUFFIXES = {"州", "県", "郡", "省", "府"}  # 「X州Y」: a place right after a state, a prefecture, a county
# A title's shape in a Latin name: an article first (「The X of Y」), connectors other than a lone 「of」
# (「Acme of America」 is a company), or connectors run together with the words (「ChroniclesofAvonlea」)
TITLE_CONNECTOR = re.compile(r"^(?:The|A|An)\s\S+\s\S|\s(?:in|and|for|on|the)\s|\sof\s.*\s(?:of|in|and|the)\s"
                             r"|[a-z](?:of|and|the)[A-Z]")
# An institution's word in a Latin name (「Bank of X」「University of Y」「Friends of the Z Foundation」)
LATIN_ORG_WORD = re.compile(r"Bank|Universit|College|Institut|School|Compan|Corporat|Associat|Societ|Council|"
                            r"Federation|League|Union|Agency|Committee|Commission|Organi[sz]ation|Academy|"
                            r"Foundation|Fund|Group|Club|Party|Ministry|Department|Bureau|Board|Trust|Consortium")
TITLE_BRACKETS = {"『": "』", "《": "》", "〈": "〉"}  # the brackets of a work's title (「」 also quote names)
TEAM_PLURALS = ("ズ", "ツ", "ス")  # 「Xシティ・ブレイカーズ」: the English plural ending a team's or a band's name
ARTICLES = frozenset({"ザ", "ジ"})  # 「ザ・X」「ジ・X」: an English article opens a band's or a work's name, no person's
TITLE_WORDS = {"元", "前", "現", "初代", "新", "旧", "二代目", "三代目", "歴代"}  # 「X元社長」: read the role after
CLASS_SUFFIXES = ("会社", "企業", "銀行", "財団")  # 「証券会社X」「保険会社X」: a kind of company written as one word
# A school's faculty, department or course after its name: 「X大学Y学部Z学科」 is a name of the school (SPEC gold)
FACULTY_SUFFIXES = ("学部", "科", "専攻", "課程")  # 学部, 学科, 研究科, 英文科, 専攻, 博士課程
SCHOOL_KINDS = {"University", "School"}  # the org_heads subkinds of schools, whose faculties name them
LEGAL_FORMS = {"株式会社", "有限会社", "合同会社", "合資会社", "合名会社"}
LATIN_PUNCT = {".", "!", "&", "-", "'", "’"}
# 「Xに入社」「Xを買収」: what is done to a name outweighs a lone given-name tag or a model's Person label
CONTEXT_ORG_WEIGHT = 2.0
# A cue lent by a list neighbour (「A、B、C」) is weak evidence: lists in running text mix people and companies.
LIST_MAX_WEIGHT = 1.5


@dataclass(frozen=True, slots=True)
class Cues:
    """The word lists of ontology/entity_cues.yaml and the ENE table of ontology/ene_types.yaml."""
    ene: dict[str, tuple[str, str | None]]
    tagger_labels: frozenset[str]  # the labels of kg_ner_labels.yaml (kg's own tagger), a subset of ene's
    honorifics: frozenset[str]
    person_roles: frozenset[str]
    role_tails: frozenset[str]  # every person's role of relations.yaml: 「X会議所|会頭」 names X会議所, not its head
    org_of_nouns: frozenset[str]
    person_of_nouns: frozenset[str]
    org_heads: dict[str, str | None]
    org_class_nouns: dict[str, str | None]
    product_nouns: frozenset[str]
    common_stem_heads: frozenset[str]
    sector_heads: frozenset[str]  # common_stem_heads of a trade (鉄道, 産業): after common words, a weak vote
    non_agent_heads: frozenset[str]
    owned_places: frozenset[str]  # non_agent_heads an organisation owns: 「X工場」 still names X
    person_heads: tuple[str, ...]  # 「X如来」「Y天皇」: titles that end a person's name, part of it
    ruler_titles: frozenset[str]  # 「X王ヘンリク2世」: a title before a person's name, no part of it
    generic_heads: frozenset[str]
    join_verbs: frozenset[str]
    release_verbs: frozenset[str]  # 「Xから発売」: X a label or a publisher
    merge_verbs: frozenset[str]  # 「Xと合併」: X a company
    named_bodies: frozenset[str]  # 「参議院」「枢密院」: bodies a common noun names alone
    fused_tails: frozenset[str]  # 「X大学卒業」: words Sudachi fuses after an institution's name
    clan_words: tuple[str, ...]  # a text with one of these is about clans: 「X氏」 names a clan there
    clan_of_nouns: frozenset[str]  # 「X氏の祖」: a clan's noun after 「X氏の」
    title_leads: frozenset[str]  # 「原題：X」: X is a work's title
    group_nouns: frozenset[str]
    org_verbs: frozenset[str]
    product_verbs: frozenset[str]
    org_role_nouns: frozenset[str]
    name_tails: frozenset[str]
    org_tails: frozenset[str]
    name_prefixes: frozenset[str]
    unit_suffixes: tuple[str, ...]
    generic_words: frozenset[str]
    head_lengths: tuple[int, ...]  # the lengths of org_heads, longest first: head_of tries each suffix once
    house_heads: frozenset[str]  # 「Xブルク家」: one-character heads a name grows over
    group_heads: tuple[str, ...]  # 「X（Yホールディングス）」: Y is X's parent, no alias
    not_name_kanji: frozenset[str]  # 「X賞」「X展」: one kanji after a name that is no part of it
    non_agent_suffixes: tuple[str, ...]  # non_agent_heads of two or more characters, for str.endswith


@functools.cache
def load_cues(ontology_dir: Path | None = None) -> Cues:
    """Read the cue tables of ``ontology_dir`` (default: the shipped ones; cached: read once per process).

    Raises:
        VocabularyError: a table is missing or names a class that is not in the ontology.
    """
    ontology_dir = ontology_dir or resources.ontology_dir()
    ene: dict[str, tuple[str, str | None]] = {}
    try:
        # GiNZA's ENE labels and kg_ner's own (the tagger that replaces GiNZA's NER): one label table
        tables = {t: yaml.safe_load((ontology_dir / t).read_text(encoding="utf-8"))
                  for t in ("ene_types.yaml", "kg_ner_labels.yaml")}
        for table, rows in tables.items():
            for label, row in rows.items():
                if label in ene or row["class"] not in CLASSES:
                    raise VocabularyError(f"{table}: {label}: a label of another table, or an unknown class "
                                          f"{row['class']!r}; use one of {CLASSES}")
                ene[label] = (row["class"], _check_sub(row.get("subkind"), f"{table}: {label}"))
        raw = yaml.safe_load((ontology_dir / "entity_cues.yaml").read_text(encoding="utf-8"))
        roles = yaml.safe_load((ontology_dir / "relations.yaml").read_text(encoding="utf-8")).get("roles", {})
    except (OSError, yaml.YAMLError) as err:
        raise VocabularyError(f"{ontology_dir}: cannot read ene_types.yaml / kg_ner_labels.yaml / entity_cues.yaml: "
                              f"{err}; restore them from the repository") from err
    org_heads = {str(k): _check_sub(v, f"entity_cues.yaml: org_heads: {k}") for k, v in raw["org_heads"].items()}
    return Cues(
        ene=ene,
        tagger_labels=frozenset(tables["kg_ner_labels.yaml"]),
        honorifics=frozenset(raw["honorifics"]),
        person_roles=frozenset(raw["person_roles"]),
        role_tails=frozenset(cue for row in roles.values() if row.get("subject") == "Person" for cue in row["cues"]),
        org_of_nouns=frozenset(raw["org_of_nouns"]),
        person_of_nouns=frozenset(raw["person_of_nouns"]),
        org_heads=org_heads,
        org_class_nouns={str(k): _check_sub(v, f"entity_cues.yaml: org_class_nouns: {k}")
                         for k, v in raw["org_class_nouns"].items()},
        product_nouns=frozenset(raw["product_nouns"]),
        common_stem_heads=frozenset(raw["common_stem_heads"]),
        sector_heads=frozenset(raw["sector_heads"]),
        non_agent_heads=frozenset(raw["non_agent_heads"]),
        owned_places=frozenset(raw["owned_places"]),
        person_heads=tuple(raw["person_heads"]),
        ruler_titles=frozenset(raw["ruler_titles"]),
        generic_heads=frozenset(raw["generic_heads"]),
        join_verbs=frozenset(raw["join_verbs"]),
        release_verbs=frozenset(raw["release_verbs"]),
        merge_verbs=frozenset(raw["merge_verbs"]),
        named_bodies=frozenset(raw["named_bodies"]),
        fused_tails=frozenset(raw["fused_tails"]),
        clan_words=tuple(raw["clan_words"]),
        clan_of_nouns=frozenset(raw["clan_of_nouns"]),
        title_leads=frozenset(raw["title_leads"]),
        group_nouns=frozenset(raw["group_nouns"]),
        head_lengths=tuple(sorted({len(h) for h in org_heads}, reverse=True)),
        non_agent_suffixes=tuple(sorted(h for h in raw["non_agent_heads"] if len(h) > 1)),
        org_verbs=frozenset(raw["org_verbs"]),
        product_verbs=frozenset(raw["product_verbs"]),
        org_role_nouns=frozenset(raw["org_role_nouns"]),
        name_tails=frozenset(raw["name_tails"]),
        org_tails=frozenset(raw["org_tails"]),
        name_prefixes=frozenset(raw["name_prefixes"]),
        house_heads=frozenset(raw["house_heads"]),
        group_heads=tuple(raw["group_heads"]),
        not_name_kanji=frozenset(raw["not_name_kanji"]),
        unit_suffixes=tuple(raw["unit_suffixes"]),
        generic_words=frozenset(raw["generic_words"]),
    )


def _check_sub(name: str | None, where: str) -> str | None:
    if name is not None and getattr(KG, name, None) is None:
        raise VocabularyError(f"{where}: {name!r} is not a class of ontology/kg.ttl")
    return name


@functools.lru_cache(maxsize=1 << 16)
def strip_org_affix(name: str) -> str:
    """Return an organisation's name without its legal form or 大学 head ('' when nothing is left).

    Example:
        >>> strip_org_affix("ウェストブルック大学"), strip_org_affix("株式会社ホリプロ"), strip_org_affix("Apple Inc.")
        ('ウェストブルック', 'ホリプロ', 'Apple')
        >>> strip_org_affix("(公財)北辰文化財団")
        '北辰文化財団'
    """
    text = unicodedata.normalize("NFKC", name).strip()
    stripped = _ORG_AFFIXES.sub("", text).strip()
    return stripped if stripped != text and len(stripped) >= 2 else ""


def head_of(text: str, cues: Cues, whole: bool) -> tuple[str, str | None] | None:
    """Return the institution head a name ends with (大学, 株式会社, Fund...), if any."""
    if whole:
        return (text, cues.org_heads[text]) if text in cues.org_heads else None
    for n in cues.head_lengths:  # the longest head first
        if n < len(text) and text[-n:] in cues.org_heads:
            # one-kanji heads (社, 省, 党) only count after a name-like stem, not inside a word
            return text[-n:], cues.org_heads[text[-n:]]
    return None


def school_head(text: str, cues: Cues) -> str | None:
    """Return the school head a word is or ends with (大学, 大学院, 学院, 高等学校 ...), if any.

    Example:
        >>> school_head("大学院", load_cues()), school_head("北洋大学", load_cues()), school_head("研究所", load_cues())
        ('大学院', '大学', None)
    """
    head = (text, cues.org_heads[text]) if text in cues.org_heads else head_of(text, cues, whole=False)
    return head[0] if head is not None and head[1] in SCHOOL_KINDS else None


def school_of_faculty(name: str, cues: Cues) -> str:
    """Return the school a faculty's name names: its text up to the last school head ('' when no faculty).

    Example:
        >>> school_of_faculty("北洋大学工学部建築学科", load_cues()), school_of_faculty("北洋大学", load_cues())
        ('北洋大学', '')
    """
    if not name.endswith(FACULTY_SUFFIXES):
        return ""
    for i in range(len(name) - 2, 1, -1):
        if school_head(name[:i], cues) and not name[:i].endswith(FACULTY_SUFFIXES):
            return name[:i]
    return ""


def ene_table() -> dict[str, tuple[URIRef, URIRef | None]]:
    """Return the plain GiNZA ENE label → (KG class, subclass) table, for labels that name agents.

    Example:
        >>> ene_table()["Company"] == (KG.Organization, KG.Company)
        True
    """
    return {label: (KIND[cls], getattr(KG, sub) if sub else None)
            for label, (cls, sub) in load_cues().ene.items() if cls in KIND}


_SENTENCES: tuple[object, list[int], list[str]] = (None, [], [])  # the last Doc's sentence starts and texts


def sentence_source(doc: Doc, chunk: Chunk, start_char: int, end_char: int, method: str) -> Source:
    """Make a Source for chars ``start_char:end_char`` of ``doc``, with its sentence as evidence."""
    global _SENTENCES
    cached = _SENTENCES  # one read: another thread may replace it (a Doc's mentions come one after another)
    if cached[0] is not doc:
        sents = list(doc.sents)
        text = doc.text  # a sentence's text is its slice of the Doc's: Span.text would make every Token again
        cached = (doc, [s.start_char for s in sents], [text[s.start_char:s.end_char].strip() for s in sents])
        _SENTENCES = cached
    start, end = chunk.span(start_char, end_char)
    starts, texts = cached[1], cached[2]
    i = bisect.bisect_right(starts, start_char) - 1
    sentence = texts[i] if i >= 0 else doc.text.strip()
    return Source(doc_id=chunk.doc_id, start=start, end=end, sentence=sentence, method=method)


def reading(token: Token) -> str:
    """Return Sudachi's reading of a token ('' when none)."""
    values = token.morph.get("Reading")
    return values[0] if values else ""


@functools.lru_cache(maxsize=1 << 16)  # asked of the same words again and again
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


@functools.cache
def sudachi_dictionary() -> object:
    """Sudachi's dictionary, the one GiNZA's tokenizer reads (spaCy's Japanese tokenizer: core), opened once."""
    from sudachipy import Dictionary

    return Dictionary(dict="core")


@functools.cache
def _sudachi() -> object:
    return sudachi_dictionary().create()


_JOINED_UNKNOWN = 0x0FFFFFFF  # the word id Sudachi gives a run of unknown katakana it joined into one word


@functools.lru_cache(maxsize=1 << 16)
def in_dictionary(word: str) -> bool:
    """Whether Sudachi's dictionary holds ``word`` as one entry, not a word it made up for unknown text.

    Sudachi tags an unknown katakana word 名詞-普通名詞-一般, as it tags a known one; only its dictionary
    tells 「クラリネット」 from a foreign surname it has never seen.

    Example:
        >>> in_dictionary("クラリネット"), in_dictionary("ザブロフスキーナ")
        (True, False)
    """
    found = _sudachi().tokenize(word)
    return len(found) == 1 and not found[0].is_oov() and found[0].word_id() != _JOINED_UNKNOWN


# Latin words run together, the first a given name: 「JohnSmith」「W.JohnSmith」 (texts whose spaces were removed)
_RUN_TOGETHER_NAME = re.compile(r"(?:[A-Z]\.)*([A-Z][a-z]{3,})([A-Z][a-z]+)")


def run_together_person(text: str) -> bool:
    """Whether a Latin word is a given name and a surname run together, the given name one Sudachi's dictionary lists.

    Example:
        >>> run_together_person("DavidKowalczyk"), run_together_person("SmartCloud")
        (True, False)
        >>> run_together_person("GreenLeaf")  # a colour before a noun: Sudachi lists 「green」 as a word too
        False
    """
    m = _RUN_TOGETHER_NAME.fullmatch(text)
    return m is not None and _is_given_name(m.group(1).lower())


@functools.lru_cache(maxsize=4096)
def _is_given_name(word: str) -> bool:
    """Whether Sudachi lists ``word`` as a person's name and as no common word (not 「black」, 「red」)."""
    found = [m.part_of_speech() for m in sudachi_dictionary().lookup(word)]
    return any(pos[2] == "人名" for pos in found) and all(pos[1] == "固有名詞" for pos in found)


@functools.lru_cache(maxsize=1 << 14)
def word_kinds(word: str) -> frozenset[str]:
    """The kinds of proper noun (人名, 地名, 一般, …) among the entries Sudachi's dictionary holds for ``word``, any
    reading: Sudachi tags one per token, 「トレド」 a person's name, but lists the city too.

    Example:
        >>> sorted(word_kinds("ボストン"))
        ['人名', '地名']
    """
    return frozenset(m.part_of_speech()[2] for m in sudachi_dictionary().lookup(word)
                     if m.part_of_speech()[1] == "固有名詞")


def unknown_katakana(token: Token) -> bool:
    """Whether a token is a katakana word that no dictionary knows: no word vector, or none of Sudachi's entries
    (the vectors also cover many foreign names: 「ミャスコフスキー」 has one)."""
    return is_katakana(token.text) and (not token.has_vector or not in_dictionary(token.text))


@functools.lru_cache(maxsize=1 << 16)
def is_katakana(text: str) -> bool:
    """Return whether text is all katakana.

    Example:
        >>> is_katakana("ベゾス"), is_katakana("孫")
        (True, False)
    """
    return _KATAKANA.fullmatch(text) is not None


def is_name_tag(token: Token) -> bool:
    return "人名" in token.tag_


def is_proper(token: Token) -> bool:
    return "固有名詞" in token.tag_


def is_common(token: Token) -> bool:
    """A dictionary common noun (名詞-普通名詞, 接尾辞, ...), not an unknown Latin word."""
    if is_proper(token):
        return False
    if is_latin(token.text):
        return not is_oov(token)
    return True

"""Stage 3, typing: each candidate collects votes for a class from its ENE label, its name shape, its Sudachi
tags, the words around it and the trained tagger."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .candidates import Cand, namelike
from .mention_cues import (
    ARTICLES,
    CLASS_SUFFIXES,
    CONTEXT_ORG_WEIGHT,
    FACULTY_SUFFIXES,
    KIN_PREFIXES,
    LIST_MAX_WEIGHT,
    TITLE_WORDS,
    DOT,
    HIRAGANA,
    KANJI,
    LATIN_PUNCT,
    LEGAL_FORMS,
    LIST_SEPARATORS,
    LOCATION,
    MODEL_NUMBER,
    ORG,
    OTHER,
    PARENS,
    PERSON,
    PLACE_SUFFIXES,
    PRODUCT,
    ROLE_SHAPE,
    TEAM_PLURALS,
    TITLE_BRACKETS,
    TITLE_CONNECTOR,
    LATIN_ORG_WORD,
    LETTERS_AND_DIGITS,
    Cues,
    head_of,
    is_common,
    is_katakana,
    is_latin,
    is_name_tag,
    is_oov,
    is_proper,
    run_together_person,
    school_head,
    unknown_katakana,
    word_kinds,
)
from .tokens import tokens_of
from .typing_rules import common_word_tail, fused_role_class, has_person_tag, known_non_person, place_in_place

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

PLACE_VERBS = {"ある", "位置", "所在", "生まれる", "生まれ"}  # 「Xにある」「Xに位置する」「Xに生まれる」
PLACE_TAILS = {"近郊", "郊外", "沿線", "市内", "市街", "市街地"}  # 「X近郊」「X郊外」
AGENT_CUES = ("cue:", "obl:", "obj:", "appos:", "pred:", "topic:")  # the votes of the words around a name
SECTOR_HEAD_WEIGHT = 1.5  # below dict:common-noun's 2.0: the NER's organisation label (1.0) or a cue must add to it


def cast_votes(doc: Doc, c: Cand, cues: Cues) -> None:
    """Collect the typing evidence of one candidate."""
    tokens = tokens_of(doc)
    if c.text(doc) in cues.named_bodies:
        c.votes.append((ORG, 6.0, "name:body"))  # 「参議院」「枢密院」: a body a common noun names (no other reading)
        c.subs.append("Government")
    if c.cut:
        # the name ends inside its last token (「X」+「大学卒業」): its head is the word it ends in, the words
        # around the token its context
        head = head_of(c.text(doc), cues, whole=False)
        if head is not None:
            c.votes.append((ORG, 3.0, f"head:{head[0]}"))
            if head[1]:
                c.subs.append(head[1])
        _context(doc, c, cues)
        return
    span = doc[c.start:c.end]
    toks = [t for t in span if t.text not in DOT]
    text = span.text
    add = c.votes.append
    words = [t for t in toks if t.text not in LATIN_PUNCT]
    latin = bool(words) and all(is_latin(t.text) for t in words)
    # 「アストラ・モーターズ」: katakana words joined by ・ are written as one name, not as common words
    # (unless all are dictionary words: 「コスト・パフォーマンス」 is a phrase)
    dotted = len(toks) > 1 and len(toks) < len(span) and all(is_katakana(t.text) for t in toks) \
        and not all(t.has_vector and is_common(t) for t in toks)
    oov_latin = latin and all(is_oov(t) for t in words)
    person_label = c.label in cues.ene and cues.ene[c.label][0] == PERSON
    # GiNZA's label: one vote, half a vote on Latin-script names, where it mostly guesses
    # (measured: Latin company names tagged Person or City).
    if c.label in cues.ene:
        cls, sub = cues.ene[c.label]
        weak = oov_latin or (cls == PERSON and known_non_person(toks)) \
            or (latin and c.label in cues.tagger_labels)  # 「X・マーケッツ」 tagged Person
        add((cls, 0.5 if weak else 1.0, f"ene:{c.label}"))
        if cls == PERSON and weak and not latin:
            add((ORG, 0.5, "ene:Person-on-known-word"))  # an agent, and Sudachi knows it as no person's name
        if sub:
            c.subs.append(sub)
    # Sudachi's name tags
    name_tags = [t for t in toks if is_name_tag(t)]
    if name_tags and len(name_tags) == len(toks):
        fam = any(t.tag_.endswith("姓") for t in toks)
        given = any(t.tag_.endswith("名") for t in toks)
        # a given name alone is no mention unless a cue says person (often a word: a rank, an idiom); one word
        # Sudachi also lists as a place, labelled a place, is as much the place (「トレド」 tagged 人名)
        place = len(toks) == 1 and c.label in cues.ene and cues.ene[c.label][0] == LOCATION \
            and "地名" in word_kinds(toks[0].text)
        add((PERSON, 3.0 if (fam and given) or len(toks) > 1 else 0.75 if (given and not fam) or place else 1.5,
             "tag:人名"))
    elif name_tags and all(is_katakana(t.text) for t in toks) and len(toks) > 1:
        add((PERSON, 1.5, "tag:人名+katakana"))
    if not is_latin(toks[0].text if toks else "") and any(
            i > 1 and t.text == "世" and toks[i - 1].tag_ == "名詞-数詞" for i, t in enumerate(toks[-2:], len(toks) - 2)):
        add((PERSON, 3.0, "shape:regnal"))  # 「アルフォンソ7世」「X2世Y」 (and a byname): a monarch's or pope's name
    if toks and all("地名" in t.tag_ for t in toks):
        add((LOCATION, 2.0, "tag:地名"))
    # name shape
    if len(toks) > 1 and len(toks) < len(span) and all(is_katakana(t.text) for t in toks):
        if known_non_person(toks):
            if any(is_proper(t) for t in toks):
                add((ORG, 1.0, "shape:katakana・words"))  # 「ブルー・マーケッツ」: dictionary words, no person's name
        elif not any("地名" in t.tag_ for t in toks):
            add((PERSON, 1.0, "shape:katakana・katakana"))
    if len(toks) == 2 and len(span) == 3 and is_katakana(toks[0].text) and is_katakana(toks[1].text) \
            and toks[1].text.endswith(TEAM_PLURALS) \
            and (toks[0].tag_.endswith("地名-一般")
                 or ("地名" in word_kinds(toks[0].text) and not is_name_tag(toks[1])
                     and "人名" not in word_kinds(toks[1].text))):
        # 「Xシティ・ブレイカーズ」: a city's name and a plural noun name a team, no person (a country's: 地名-国, a
        # national edition: 「アメリカ・Xズ」); so does a city Sudachi also lists as a person's name before a plural
        # that is no surname (「トレド・Yズ」, not 「タルサ・ロバーツ」)
        _drop_form_person_votes(c)
        add((ORG, 3.0, "shape:place・plural"))
    if len(toks) > 1 and len(toks[0].text) == 1 and toks[0].text.isascii() and toks[0].text.isupper() \
            and span[1].text in DOT and is_katakana(toks[-1].text):
        add((PERSON, 2.0, "shape:initial・name"))  # 「J・R・スミス」「T・バリー・ジョーンズ」: initials before a name
    if len(toks) > 1 and toks[0].text in ARTICLES and span[1].text in DOT:
        # 「ザ・ロックス」: a band, a team or a work; whatever name tags its words carry, no person
        _drop_form_person_votes(c)
    core = [t for t in toks if t.text not in LEGAL_FORMS and t.text not in cues.group_heads]  # without 株式会社, グループ
    last_word = toks[-1].text if toks else ""
    compound = False
    if latin:
        if text[0].islower():
            add((PRODUCT, 2.0, "shape:lowercase-initial"))
        elif MODEL_NUMBER.search(words[-1].text) and head_of(words[-1].text, cues, whole=True) is None:
            add((PRODUCT, 2.0, "shape:model-number"))  # 「Xintosh II」「Rambler V」「PlayStation3」: a model of a line
        elif len(words) == 1 and not oov_latin and not is_proper(toks[0]) and text.isupper():
            add((OTHER, 3.0, "dict:common-noun"))  # CEO, GPS, LLM: acronyms Sudachi knows as common nouns
        elif len(words) > 1 and is_name_tag(words[0]) and not head_of(words[-1].text, cues, whole=True):
            add((PERSON, 2.5, "tag:人名-latin"))  # 「William Normark」: a known given name, then a surname
        elif len(words) == 1 and run_together_person(text) and head_of(text, cues, whole=False) is None:
            add((PERSON, 2.5, "tag:人名-latin"))  # 「WilliamNormark」: the same, the space removed
        elif TITLE_CONNECTOR.search(text) and not LATIN_ORG_WORD.search(text):
            # 「The Geology of London」「Chronicles of Avonlea」 (or run together: 「ChroniclesofAvonlea」): words
            # joined by of/in/and with no institution's word among them name a work
            add((PRODUCT, 2.0, "shape:latin-title"))
        else:
            add((ORG, 1.0, "shape:latin"))
            if any(is_proper(t) for t in words):
                add((ORG, 0.5, "dict:proper"))  # Sudachi knows it as a proper noun (Nokia), not a thing
                if len(words) == 1 and text.isupper() and len(text) > 1 \
                        and not (c.start > 0 and tokens[c.start - 1].text == "の"):
                    # 「IOC」「UNESCO」: an acronym Sudachi knows as a name (not 「Xの」+「AWS」: X's product, mentions.py)
                    add((ORG, 1.0, "dict:proper-acronym"))
    elif all(is_common(t) for t in toks) and not name_tags and not dotted \
            and not _vectorless_katakana_name(core) \
            and not (person_label and all(unknown_katakana(t) for t in toks)):
        # (unknown katakana words without a word vector, alone or before a group's head or a legal form, are no
        # dictionary words: 「Xテック」「Xホールディングス株式会社」; nor, labelled
        # Person, are words none of Sudachi's entries holds: a foreign surname the vectors know)
        # 王, 誇大妄想, 取締役会: no proper noun inside; weaker for katakana words joined by ・, which a cue of the
        # context outweighs (「ブラック・Xズを脱退」「Y・ハーツのメンバー」: a band named with dictionary words)
        joined = len(toks) > 1 and len(toks) < len(span) and all(is_katakana(t.text) for t in toks)
        # weaker still for katakana words none of Sudachi's entries holds (the vectors know many a company's name:
        # 「Xワーク」 made up of two words), which one cue of the context outweighs and a lone NER label does not
        made_up = _unknown_katakana_name(core)
        add((OTHER, 1.0 if made_up else 1.5 if joined else 2.0, "dict:common-noun"))
        # katakana dictionary words run together (「コイン」+「チェック」) may name a company after them, when the
        # context says agent (below); not a kind of group (「スポーツ」+「チーム」), nor words after 「Xの」 (X's
        # unit or brand: 「Xのエキスプレスレーベルから発売」)
        compound = len(toks) > 1 and len(toks) == len(span) and all(is_katakana(t.text) for t in toks) \
            and last_word not in cues.org_class_nouns and not (c.start > 0 and tokens[c.start - 1].text == "の")
    elif len(toks) == 1 and toks[0].tag_ == "名詞-固有名詞-一般":
        add((ORG, 0.5, "dict:proper"))  # a proper noun that names no person or place: often a company
    if len(text) == 1 and KANJI.fullmatch(text):
        add((OTHER, 2.0, "shape:single-kanji"))
    if toks and any(t.tag_ == "名詞-数詞" for t in toks) and ((toks[0].tag_ == "名詞-数詞"
                                                               and not is_katakana(toks[0].text)) or any(
            t.text in {"年", "月", "日", "年度", "年代", "世紀", "時", "分"} for t in toks)) \
            and not any(is_latin(t.text) for t in toks):
        add((OTHER, 3.0, "shape:number"))  # 「2008年12月19日」「数百人」
    if LETTERS_AND_DIGITS.search(text):
        # 「XR-07」「LOUDFEST08」: Latin letters and digits run together name a model, an edition or an event
        c.votes[:] = [v for v in c.votes if v[0] != PERSON]
    if len(text) == 1 and is_latin(text):
        add((OTHER, 2.0, "shape:single-letter"))  # 「被害者C」
    if HIRAGANA.fullmatch(text):
        add((OTHER, 3.0, "shape:hiragana"))  # 「いなもり かずお」: a reading in brackets, not a name
    if toks and not is_name_tag(toks[-1]) and (toks[-1].text in cues.non_agent_heads and len(toks) > 1
                                                or toks[-1].text.endswith(cues.non_agent_suffixes)):
        add((OTHER, 2.5, f"head:{toks[-1].text}"))  # 「京都賞」「ワールドカップ」: an award or event
        if len(toks[-1].text) > 1 and len(toks) < len(span):
            # 「X・Yタウンシップ」「X・アリーナ」: katakana words joined by ・ that end in a place's or an event's
            # word name no person, whatever tags the words before it carry
            _drop_form_person_votes(c)
    # institution heads inside the name: ウェストブルック大学, アオバネットグループ, Tiger Global Fund
    last = toks[-1].text if toks else ""
    if last == "." and len(toks) > 2:
        last = toks[-2].text + "."  # 「X Inc.」: the abbreviation with its dot
    head = head_of(last, cues, whole=True) if len(toks) > 1 else None
    ene_org = cues.ene.get(c.label, (None,))[0] == ORG
    if head is None and toks and not latin:
        head = head_of(last, cues, whole=False) if (is_proper(toks[-1]) or len(toks) > 1
                                                    or (ene_org and _named_institution_word(toks[-1], cues))) else None
    # (an unknown katakana word, without a word vector, is a name there: 「ベルナク家」)
    common_stem = len(toks) > 1 and all(is_common(t) and not (is_katakana(t.text) and not t.has_vector)
                                        for t in toks) \
        and not (len(toks) < len(span) and all(is_katakana(t.text) for t in toks))  # 「X・モーターズ」 keeps its head
    # any head keeps a name of two or more common words where GiNZA too says organisation: 「王立X学校」
    # (and a legal form keeps any name written before it: 「Xリープ株式会社」)
    plain = len(toks) == len(span) and not any(t.tag_.startswith("接頭辞") or is_latin(t.text) for t in toks)
    # (two words: the second one a head of two or more characters, no class noun: 「X会議」「Y学院」, not 「Xクラブ」)
    ene_named = plain and ene_org and (len(toks) > 2 or (len(toks) == 2 and len(last) > 1 and last in cues.org_heads
                                                         and last not in cues.org_class_nouns))
    legal = head is not None and head[0] in LEGAL_FORMS and plain
    if head is None and len(toks) > 1 and last.endswith(FACULTY_SUFFIXES):
        # 「X大学Y学部」: a faculty after its school's head names the school
        school = next((h for h in (school_head(t.text, cues) for t in reversed(toks[:-1])) if h), None)
        if school is not None:
            head = (school, cues.org_heads[school])
    # a body inside the name (「X省」+「Y審議会」「X学会」+「Y委員会」): a unit of that body, whatever the label
    # (not a one-kanji head inside a word: 「海軍」+「将校」 names an officer)
    inner_body = head is not None and (len(head[0]) > 1 or head[0] == last) \
        and any(t.text in cues.org_heads or (len(t.text) > 2 and head_of(t.text, cues, False)) for t in toks[:-1])
    if common_stem and not legal and (head is None or (head[0] not in cues.common_stem_heads and not ene_named
                                                       and not inner_body)
                                      or (cues.ene.get(c.label, (ORG,))[0] not in {ORG, PERSON} and not inner_body)):
        head = None  # 「キリスト教グループ」「エリート予備校」: common words + head; 「北辰自由党」 keeps its 党
    if head is not None and head[0] in cues.generic_heads and len(toks) > 1 \
            and all(is_common(t) or "地名" in t.tag_ for t in toks[:-1]):
        head = None  # 「アメリカ企業」: a place and a generic noun describe companies, they name none
        add((OTHER, 2.0, "shape:place+generic-noun"))
    if toks and len(toks) > 1 and (toks[0].text in cues.product_nouns or toks[0].text in cues.non_agent_heads):
        add((OTHER, 2.5, f"head:{toks[0].text}"))  # 「プロジェクト・ティグリス」 names a project
    if toks and len(toks[-1].text) >= 2 and toks[-1].text.endswith(cues.person_heads) \
            and (len(toks) > 1 or toks[-1].text not in cues.person_heads):
        add((PERSON, 4.0, "head:person-title"))  # 「X如来」「Y」+「天皇」: a buddha's or an emperor's name
    elif head is None and common_word_tail(toks):
        c.votes[:] = [v for v in c.votes if v[0] != PERSON]  # 「X独立運動」「聖X教会」: no person's name
        if last not in cues.common_stem_heads and head_of(last, cues, whole=False) is None \
                and not all(is_common(t) for t in toks):  # (common words alone have dict:common-noun's vote)
            # nor, ending in no institution's word, a body's: 「Xク地方」「Yア神話」「Z美術」 (a label alone is outweighed)
            add((OTHER, 1.5, "shape:common-word-tail"))
    if head is None and len(toks) > 1 and len(toks) == len(span) and not name_tags \
            and not (is_katakana(last) and "地名" not in toks[-1].tag_) and any("地名" in t.tag_ for t in toks) \
            and all("地名" in t.tag_ or (is_common(t) and not is_latin(t.text) and not unknown_katakana(t))
                    for t in toks) \
            and not (person_label and KANJI.fullmatch(text)):
        # 「X大陸中央部」「首都Y」「Z王」: a place and dictionary words, no institution's head, names a place or a
        # title (not a katakana word after a place: 「Xガス」「Yセンター」, nor a Latin one: 「X FC」, nor kanji
        # labelled Person: Sudachi tags family names as places and splits given names into words: 「吉岡」+「実」)
        add((LOCATION, 1.0, "shape:place+common-words"))  # (as much as a label: a cue of the context outweighs it)
    if head is None and place_in_place(toks):
        add((LOCATION, 3.0, "shape:place-in-place"))  # 「ネバダ州エルコ」
    if head is not None and head[0] == "会" and toks and any(toks[-1].text.endswith(h) for h in cues.non_agent_suffixes):
        head = None  # 「X万国博覧会」「X大会」: an event word ends the name, not the association's 会 inside it
    if head is not None:
        # 「ギブソン・ギター・コーポレーション」: no person's name ends in an institution head
        _drop_form_person_votes(c)
        # 「民間鉄道」「国営テレビ」: a trade's word after common words names a sector unless more says body
        # (so does any head but a ministry's after one dictionary word that no NER labelled: 「商業銀行」「任務部隊」
        # describe, 「X農林省」 names)
        sector = common_stem and not legal and (head[0] in cues.sector_heads
                                                or (len(toks) == 2 and not c.label and not inner_body
                                                    and head[0] not in {"省", "庁"}))
        add((ORG, SECTOR_HEAD_WEIGHT if sector else 3.0, f"head:{head[0]}"))
        if common_stem and not sector:
            # an institution's name of dictionary words (「北辰連合党」「X省Y審議会」): its words are no evidence
            # against it once the head is kept (the dictionary vote halves)
            c.votes[:] = [(k, w / 2 if why == "dict:common-noun" else w, why) for k, w, why in c.votes]
        if head[1]:
            c.subs.append(head[1])
    if len(toks) == 1 and toks[0].text in LEGAL_FORMS:
        add((OTHER, 6.0, "shape:legal-form-alone"))  # 「株式会社」 with the name cut away names nothing
    elif text in cues.generic_words or text in cues.person_roles or head_of(text, cues, whole=True):
        add((OTHER, 6.0, "shape:generic-word"))  # 「CEO」「Inc」「グループ」 alone name nothing
    elif toks and toks[0].text in LEGAL_FORMS:
        add((ORG, 3.0, f"head:{toks[0].text}"))
        c.subs.append("Company")
    _context(doc, c, cues)
    if compound and any(k in {PERSON, ORG} and why.startswith(AGENT_CUES) for k, _, why in c.votes):
        # 「ペーパーバードの創業者」「ムーンリバーから発売」: a cue only an agent takes outweighs the dictionary's
        # words, as it does for made-up words
        c.votes[:] = [(k, min(w, 1.0) if why == "dict:common-noun" else w, why) for k, w, why in c.votes]


def _drop_form_person_votes(c: Cand) -> None:
    """Strike the Person votes the name's form gave (Sudachi's name tags, its shape): the context shows what the
    words do not (a band, a team, a work, a place)."""
    c.votes[:] = [v for v in c.votes if not (v[0] == PERSON and v[2].startswith(("tag:", "shape:")))]


def _named_institution_word(token: Token, cues: Cues) -> bool:
    """Whether one dictionary word is an institution's name: a stem of two or more characters before its head
    (「X交通省」「X同志会」 as Sudachi keeps them whole), not a class noun (「子会社」「出版社」)."""
    text = token.text
    head = head_of(text, cues, whole=False)
    return head is not None and len(text) - len(head[0]) >= 2 and text not in cues.org_class_nouns \
        and text not in cues.generic_words and text not in cues.person_roles


def _context(doc: Doc, c: Cand, cues: Cues) -> None:
    """Votes from the words right after and right before the name."""
    tokens = tokens_of(doc)
    add = c.votes.append
    n = len(doc)
    r = tokens[c.end].text if c.end < n else ""
    r2 = tokens[c.end + 1].text if c.end + 1 < n else ""
    role_i = c.end + 1 if r in TITLE_WORDS and r2 else c.end  # 「X元社長」: the role after 元/前/初代
    role = tokens[role_i].text if role_i < n else ""
    if r in PARENS and _life_dates(tokens, c.end, n):
        add((PERSON, 2.5, "cue:life-dates"))  # 「X（1899年 - 1935年）」「Y（?-1038年4月23日）」: a person's years
    if r in cues.honorifics:
        add((PERSON, 3.0, f"cue:{r}"))  # 「堀氏」「長谷川さん」
    elif (role in cues.person_roles or (ROLE_SHAPE.match(role) and not is_name_tag(tokens[role_i])
                                        and role not in cues.org_heads)) and not tokens[c.end - 1].whitespace_:
        # 「豊田社長」「小田船長」 a person; 「Acme社長」 (no person's name) the company's president
        kin_prefix = len(doc[c.start:c.end].text) == 1 and KIN_PREFIXES.match(r)  # 「曽祖父」: one word
        cls = None if kin_prefix else fused_role_class([t for t in tokens[c.start:c.end] if t.text not in DOT], role,
                               cues.org_of_nouns | cues.org_role_nouns)
        if cls == PERSON and any(t.text.endswith(h) for t in tokens[c.start:c.end]
                                 for h in cues.common_stem_heads if len(h) > 1):
            cls = None  # 「X大学医学部助教授」: a title after an institution's unit names no person
        if cls == PERSON and common_word_tail([t for t in tokens[c.start:c.end] if t.text not in DOT]):
            cls = None  # 「Xア語話者」「X近代文学研究者」: a role after a language or a field names no person
        if cls is not None:
            add((cls, 2.0, f"cue:{role}" if cls == PERSON else f"cue:{role}-of"))
    elif r in cues.org_tails and not tokens[c.end - 1].whitespace_:
        add((ORG, 2.5, f"cue:{r}"))  # 「Acme株」「Acme傘下」
    elif r in cues.org_heads and (len(r) > 1 or not tokens[c.end - 1].whitespace_):
        add((ORG, 3.0, f"cue:{r}"))  # 「Acme社」「ミドリ株式会社」 when the tokenizer split them
        if cues.org_heads[r]:
            c.subs.append(cues.org_heads[r])
    elif r in cues.product_nouns:
        add((PRODUCT, 2.0, f"cue:{r}"))  # 「Vimeoチャンネル」
    elif r == "用" and not tokens[c.end - 1].whitespace_:
        add((PRODUCT, 2.0, "cue:用"))  # 「Xstation用ソフト」: made for a platform, a product
    if is_latin(tokens[c.end - 1].text) and not tokens[c.end - 1].whitespace_ and c.end < n \
            and (tokens[c.end].tag_ == "名詞-数詞"
                 or (r in {"-", "‐", "－"} and c.end + 1 < n and tokens[c.end + 1].tag_ == "名詞-数詞")):
        add((PRODUCT, 2.5, "shape:model-designation"))  # 「ACS-64」「AK-47」「GOES 14」: a model and its number
    if c.start >= 2 and tokens[c.start - 1].text in {"：", ":"} and tokens[c.start - 2].text in cues.title_leads:
        add((PRODUCT, 3.0, f"cue:{tokens[c.start - 2].text}"))  # 「（原題：X）」: a work's original title
    if r == "の":
        if r2 in cues.org_of_nouns or r2 in cues.org_role_nouns:
            add((ORG, 2.0, f"cue:の{r2}"))  # 「DeepMindのCEO」「アサギ電機の社員」
        elif r2 in cues.person_of_nouns and not common_word_tail([t for t in tokens[c.start:c.end] if t.text not in DOT]):
            add((PERSON, 2.0, f"cue:の{r2}"))  # 「Xの妻」 (not 「X法律学の父」)
        elif r2 == "よう" and any(t.text in cues.product_nouns for t in tokens[c.end + 2:c.end + 7]):
            add((PRODUCT, 2.0, "cue:のような…製品"))  # 「Telegramのようなアプリ」「RNNのような従来のモデル」
    # 「X-Y間」「X・Y間」「Y間」: the ends of a line or a road are places
    span_end = c.end + 2 if r in {"-", "‐", "－", "〜", "～", "・"} and c.end + 2 < n else c.end
    if span_end < n and tokens[span_end].text == "間" and not tokens[span_end - 1].whitespace_ \
            and (span_end == c.end or tokens[c.end + 1].pos_ in {"NOUN", "PROPN"}):
        add((LOCATION, 2.0, "cue:間"))
    if (r == "に" and r2 in PLACE_VERBS) or (r in PLACE_TAILS and not tokens[c.end - 1].whitespace_):
        add((LOCATION, 2.0, f"cue:{r}{r2}" if r == "に" else f"cue:{r}"))  # 「Xにある」「Xに生まれる」「X近郊」: a place
    # 「オハイオ州X」「Y県Z」: a name right after a state, a prefecture or a county names a place in it
    prev = tokens[c.start - 1] if c.start >= 1 else None
    if prev is not None and not prev.whitespace_ and prev.text[-1] in PLACE_SUFFIXES \
            and (("地名" in prev.tag_ and len(prev.text) > 1)
                 or (c.start >= 2 and "地名" in tokens[c.start - 2].tag_ and not tokens[c.start - 2].whitespace_)):
        if tokens[c.end - 1].text not in cues.org_heads and head_of(tokens[c.end - 1].text, cues, whole=False) is None:
            add((LOCATION, 3.0, f"cue:{prev.text[-1]}"))  # (「X州Y大学」 still names the university)
    # apposition on the left: 「師匠のピーター・ドラッカー」「新CEOジョン・スミス」「投資ファンドTiger Global」
    left = c.start - 1
    # 「ロックバンド、X」「漫才コンビ・X」 (not 「X・レーベル・Y」: a class word inside a katakana name)
    listed = left >= 1 and (tokens[left].text == "、" or (tokens[left].text in DOT and left >= 2
                                                       and not is_katakana(tokens[left - 2].text)
                                                       and tokens[left - 2].text not in DOT))
    if left >= 0 and (tokens[left].text in {"の", "「", "『"} or listed):
        left -= 1  # 「師匠のX」, 経営塾「X」
    elif left >= 1 and tokens[left].text == "ある" and tokens[left - 1].text == "で":
        left -= 2  # 「碍子メーカーであるX」
    if left >= 0 and namelike(tokens[c.start:c.end]) and tokens[left].pos_ in {"NOUN", "PROPN"} and len(c.text(doc)) > 1 \
            and not (left >= 1 and is_proper(tokens[left - 1])):  # (not a letter: 「Xレーベル」+「V」+「8」 is a model)
        word = tokens[left].text
        if left >= 1 and tokens[left - 1].pos_ == "NOUN" and tokens[left - 1].text + word in cues.org_class_nouns:
            word = tokens[left - 1].text + word
        if word not in cues.org_class_nouns and len(word) > 2 and word.endswith(CLASS_SUFFIXES) \
                and word not in LEGAL_FORMS:
            word = word[-2:]  # 「証券会社X」「保険会社X」: a kind of company
        # (after 、 or ・ only a group's class noun is said of the name: 「社長、X」 may end a list)
        if word in cues.person_roles and not listed:
            add((PERSON, 5.5, f"appos:{word}"))
        elif word in cues.org_class_nouns:
            add((ORG, 4.0 if listed else 5.5, f"appos:{word}"))
            if cues.org_class_nouns[word]:
                c.subs.append(cues.org_class_nouns[word])
        elif word in cues.product_nouns and tokens[c.start - 1].text != "の" and not listed:
            add((PRODUCT, 3.0, f"appos:{word}"))
    # a quoted title: 「「Attention is All You Need」」『…』 names a work, not an agent
    if c.start > 0 and c.end < n and tokens[c.start - 1].text in {"「", "“", "\""} \
            and tokens[c.end].text in {"」", "”", "\""}:
        add((PRODUCT, 1.0, "cue:quoted"))
    elif c.start > 0 and c.end < n and tokens[c.start - 1].text in TITLE_BRACKETS \
            and tokens[c.end].text == TITLE_BRACKETS[tokens[c.start - 1].text]:
        # 『…』《…》 enclose the title of a work (a book, a film, a song): whatever name it is, it names the work
        _drop_form_person_votes(c)
        add((PRODUCT, 3.0, "cue:title-brackets"))
    # the name as subject of a class noun: 「山田太郎は…創業者である」「Xは…アプリケーションになった」
    last = tokens[c.end - 1]
    head = last.head
    predicate = head if last.dep_ == "nsubj" and head.i >= c.end and head.pos_ == "NOUN" else _copula_noun(doc, c)
    if predicate is not None:
        word = predicate.text
        if word not in cues.person_roles and word not in cues.org_class_nouns and word.endswith(CLASS_SUFFIXES):
            word = word[-2:]  # 「投資持株会社」: a kind of company
        if word in cues.person_roles:
            add((PERSON, 2.0, f"pred:{word}"))
        elif word in cues.org_class_nouns:
            add((ORG, 2.0, f"pred:{word}"))
        elif word in cues.product_nouns:
            add((PRODUCT, 2.0, f"pred:{word}"))
    # 「北辰に入社」「ドルフィンズに入団」: joining an organisation (the case particle may follow the name's brackets:
    # 「X（旧Y）から発売」「X（現Z）に入社」)
    case, verb = _after_brackets(doc, c.end)
    if case == "に" and head.i >= c.end and (head.text in cues.join_verbs or head.lemma_ in cues.join_verbs
                                             or head.text in {"出資", "投資", "売却", "勤務", "勤め", "買収"}):
        add((ORG, CONTEXT_ORG_WEIGHT, f"obl:{head.lemma_}"))  # (「Xに買収された」: the buyer)
    elif case == "に" and verb in cues.join_verbs:
        add((ORG, CONTEXT_ORG_WEIGHT, f"obl:{verb}"))  # 「Xに入社後、」: the parser hangs X elsewhere
    elif case in {"から", "より"} and head.i >= c.end and head.text in cues.release_verbs:
        add((ORG, CONTEXT_ORG_WEIGHT, f"obl:{case}{head.text}"))  # 「Xから発売された」「Xよりデビュー」: a label, a publisher
    elif case == "と" and head.i >= c.end and head.text in cues.merge_verbs:
        add((ORG, CONTEXT_ORG_WEIGHT, f"obl:と{head.text}"))  # 「Xと合併」「Xと経営統合」
    if r in {"所属", "傘下", "系列"} and not tokens[c.end - 1].whitespace_:
        add((ORG, 3.0, f"cue:{r}"))  # 「SCフライブルク所属」「X傘下」: no person's name takes these fused after it
    elif r in cues.join_verbs or r == "在籍":
        add((ORG, 1.5, f"cue:{r}"))
    group = r2 if r == "の" else r
    if group in cues.group_nouns and not tokens[c.end - 1].whitespace_:
        # 「ザ・ピーナッツの解散」: only a group disbands; 「ボストン・ブレーブス戦で」 a match against a team
        # (weaker: 「X戦」 can also name a match against one player)
        add((ORG, 2.0 if group == "戦" else 3.0, f"cue:{group}"))
    if _titles_a_named_person(doc, c, cues) and not has_person_tag(tokens[c.start:c.end]):
        add((ORG, 4.0, "cue:title-of-named"))  # 「X代表取締役社長の山田太郎氏」: X's president, named
    if r == "は" and not has_person_tag(tokens[c.start:c.end]) and _topic_of_officer(doc, c, cues):
        add((ORG, 3.0, "topic:officer"))  # 「Xは山田取締役が社長に昇格し」: X is the officer's company
    # the name as object of a verb: 「ミドリ商事を設立した」 (organisation), 「Walkmanを生み出した」 (product)
    if r == "を" and head.i >= c.end:
        if head.text in cues.org_verbs or head.lemma_ in cues.org_verbs:
            add((ORG, CONTEXT_ORG_WEIGHT, f"obj:{head.lemma_}"))
        elif head.text in cues.product_verbs or head.lemma_ in cues.product_verbs:
            add((PRODUCT, 1.5, f"obj:{head.lemma_}"))


def _after_brackets(doc: Doc, end: int) -> tuple[str, str]:
    """The two words after a name, past the brackets right after it (「X（Y）から」 → から): ("", "") at the end."""
    tokens = tokens_of(doc)
    n = len(doc)
    if end < n and tokens[end].text in PARENS:
        close = PARENS[tokens[end].text]
        end = next((j + 1 for j in range(end + 1, min(n, end + 20)) if tokens[j].text == close), end)
    return (tokens[end].text if end < n else "", tokens[end + 1].text if end + 1 < n else "")


def _life_dates(tokens: list[Token], start: int, n: int) -> bool:
    """Whether the brackets opening at ``start`` give a span of years that opens with a year or 「?」 (a reading
    and 「、」 may come first): 「（1899年 - 1935年）」「（やまだ たろう、1950年5月1日 - ）」「（?-1038年）」, a
    person's birth and death (a war's or a reign's span ends in a head or follows 「在位」, which outweigh it)."""
    close = PARENS[tokens[start].text]
    dated = False
    for j in range(start + 1, min(n, start + 24)):
        t = tokens[j].text
        if t == close or t in {"。", "「", "」"}:
            return False
        if t in _DASHES:
            return dated
        if t in {"?", "？", "紀元前"} or (t == "年" and j > start + 1 and tokens[j - 1].tag_ == "名詞-数詞") \
                or (t.endswith("年") and t[:-1].isdigit()):
            dated = True
        elif t == "、" and not dated:
            continue
        elif not dated and not (HIRAGANA.fullmatch(t) or t.isdigit() or tokens[j].tag_ == "名詞-数詞"):
            return False  # 「X（2010年設立）」 needs its dash first; 「Y（旧Z、1950年 - ）」 names another name
    return False


_DASHES = {"-", "‐", "－", "–", "—", "―", "〜", "～"}


def _vectorless_katakana_name(toks: list[Token]) -> bool:
    """Whether words are katakana words none of which has a word vector: 「Xテック」, no dictionary word."""
    return bool(toks) and all(is_katakana(t.text) and not t.has_vector for t in toks)


def _unknown_katakana_name(toks: list[Token]) -> bool:
    """Whether words are katakana words none of Sudachi's entries holds (or the vectors do not know)."""
    return bool(toks) and all(unknown_katakana(t) for t in toks)


def _copula_noun(doc: Doc, c: Cand) -> Token | None:
    """The noun a topic's sentence ends in before its copula, brackets after the name skipped: 「X（…）は、日本の
    電機メーカーである」 → メーカー (the parser often attaches such a topic elsewhere); None when there is none."""
    tokens = tokens_of(doc)
    n = len(doc)
    k = c.end
    if k < n and tokens[k].text in PARENS:
        close = PARENS[tokens[k].text]
        k = next((j + 1 for j in range(k + 1, min(n, k + 40)) if tokens[j].text == close), n)
    if k >= n or tokens[k].text != "は":
        return None
    for j in range(k + 2, min(n - 1, k + 40)):
        if tokens[j].text == "。":
            return None
        if (tokens[j].text == "で" and tokens[j + 1].text in {"ある", "あり", "あっ"}) or tokens[j].text in {"だ", "だっ"}:
            return tokens[j - 1] if tokens[j - 1].pos_ in {"NOUN", "PROPN"} else None
    return None


def _titles_a_named_person(doc: Doc, c: Cand, cues: Cues) -> bool:
    """Whether titles fused after the name lead to 「の」 and a person's name: 「X代表取締役会長兼社長の山田太郎氏」."""
    tokens = tokens_of(doc)
    i, n = c.end, len(doc)
    if i >= n or tokens[i].whitespace_ or tokens[i - 1].whitespace_ \
            or not (tokens[i].text in cues.org_of_nouns or tokens[i].text in cues.org_role_nouns
                    or tokens[i].text == "代表取締役") \
            or c.text(doc) in cues.person_roles or c.text(doc) in cues.org_role_nouns:
        return False  # a company title first (「将棋棋士の」「日本代表の」 name no company)
    if not any(is_katakana(t.text) or is_latin(t.text) or is_proper(t) for t in tokens[c.start:c.end]):
        return False  # 「執行役員CFOの」: common words, a title itself
    while i < n and (tokens[i].text in cues.person_roles or tokens[i].text in cues.org_role_nouns
                     or tokens[i].text == "兼"):
        i += 1
    return i + 1 < n and tokens[i].text == "の" and "人名" in tokens[i + 1].tag_


def _topic_of_officer(doc: Doc, c: Cand, cues: Cues) -> bool:
    """Whether the name opens its sentence as topic and the clause's subject is a person with a fused title.

    News announces appointments with the company as topic: 「Xは（4月1日付で、）山田一郎常務が社長に昇格する」
    「Xは佐藤取締役を社長に起用する」; the titled person's company is the topic.
    """
    tokens = tokens_of(doc)
    before = tokens[c.start - 1].text if c.start > 0 else "。"
    if c.start > tokens[c.start].sent.start and before not in {"。", "\n", "」", "、"} and not before.isspace():
        return False
    i, n = c.end + 1, len(doc)
    stop = min(n, c.end + 16)
    while i < stop and tokens[i].text != "。":
        t = tokens[i]
        if t.tag_.endswith("姓") and "人名" in t.tag_:
            j = i + 1
            while j < n and "人名" in tokens[j].tag_:
                j += 1
            if j + 1 < n and tokens[j].text in cues.person_roles and tokens[j + 1].text in {"が", "は", "を"}:
                return True
            i = j
            continue
        if t.text in {"が", "を"}:
            return False  # the clause has a subject or object of its own before any titled person
        i += 1
    return False


def share_list_cues(doc_cands: list[tuple[Doc, list[Cand]]]) -> None:
    """Names listed together (「WeChatやTelegramのようなアプリ」「A、B、C」) share their class cues."""
    for doc, cands in doc_cands:
        groups: list[list[Cand]] = []
        for c in cands:
            if groups and groups[-1][-1].end + 1 == c.start and doc[c.start - 1].text in LIST_SEPARATORS:
                groups[-1].append(c)
            else:
                groups.append([c])
        for group in groups:
            if len(group) < 2:
                continue
            shared = [v for c in group for v in c.votes
                      if v[2].startswith(("cue:の", "appos:", "cue:のような", "ene:", "head:", "obj:"))]
            best: dict[str, tuple[str, float, str]] = {}
            for v in shared:  # the strongest cue of each class, not their sum: a list mixes kinds
                if v[0] not in best or v[1] > best[v[0]][1]:
                    best[v[0]] = v
            for c in group:
                for cls, w, why in best.values():
                    if (cls, w, why) not in c.votes:
                        # 「AやBのようなアプリ」: the class noun after のような is said of the whole list, at full weight
                        lent = w if why.startswith("cue:のような") else min(w * 0.75, LIST_MAX_WEIGHT)
                        c.votes.append((cls, lent, f"list:{why}"))

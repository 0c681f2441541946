"""Stage 5 helper: the list and apposition shapes of encyclopedic and news text that no single cue word carries.

- School lists: 「A中学校、B高等学校を経て、C大学D学部卒業」「A小学校（現・X）、B中学校、C大学理学部卒。」 —
  every school of the list was attended (alumniOf), not only the one before the verb.
- 「組織の人物」 with no title between: 「X社の山田太郎」 → employeeOf; 「山田太郎（X社）」 alike.
- 「X鉄道（Yホールディングス）」: a group or holding company in brackets after a company is its parent.
- 「AとBの間に生まれた」「AはBとの間にC、Dをもうけた」: the parents of a child are a couple, the children listed
  siblings.
- 「XリーグのチームY」「北辰リーグのY」: a team named with its league is a member of it.
- 「学位は博士（工学）（X大学）」: the school in brackets after an earned degree was attended.
- 「X大学でYの教えを受け」「X大学に入り、Yの元で学んだ」: Y taught at X, and the student attended it.
- 「X大学での教え子の中にはA、Bがいる」: the students taught at a school attended it.
- 「Xを母体に参戦するY」「Xを母体として、Yを設立」: X is the parent of Y.
- 「A、B、Cというラインナップ」: the members of a band or a team.
- 「X艦隊（Y中将）」: the officer in brackets after a force is one of it.

The functions here read a sentence's names (kg.relations.Arg: key, class, token and character spans, particle)
and return what they found; kg.relations decides the holder of a dropped subject and builds the relations.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from rdflib import URIRef

from ..vocab import KG

if TYPE_CHECKING:
    from spacy.tokens import Span


class _Name(Protocol):
    key: str
    kind: URIRef
    start: int
    end: int
    char_start: int
    char_end: int
    particle: str
    group: list  # the coordinated names this one is a member of (「A、B、Cは」)


@dataclass(frozen=True)
class SchoolList:
    """Compiled ``structures.school_list`` of relations.yaml."""

    suffixes: tuple[str, ...]  # a school's name ends so (大学, 高等学校, …)
    cues: tuple[str, ...]  # the verb that closes the list (卒業, 卒, 修了, 中退)
    joiners: tuple[str, ...]  # what stands between two schools (、, を経て, ・)

    @classmethod
    def from_yaml(cls, spec: dict | None) -> SchoolList:
        spec = spec or {}
        return cls(suffixes=tuple(spec.get("suffixes", ())), cues=tuple(spec.get("cues", ())),
                   joiners=tuple(spec.get("joiners", ())))


_PARENS = re.compile(r"（[^（）]*）|\([^()]*\)")
_SCHOOL = "\ue000"  # stands in for a school's name in the sentence's skeleton
_DEPT = r"[^、。をにはがでと\ue000]{0,16}?"  # a faculty and department after the name: 工学部情報工学科
_BEFORE = r"(?:\d{4}年(?:\d{1,2}月)?|名門|旧制|地元の)?"  # 「2001年X大学大学院修了」「名門X大学卒業」


def school_list(sent_text: str, sent_start: int, names: Sequence[_Name], spec: SchoolList) -> list[_Name]:
    """The schools of a list closed by a graduation verb, in order; [] when the sentence is no such list.

    ``sent_start`` is the sentence's character offset in the text the names' offsets refer to. The sentence is
    reduced to a skeleton (each school's name one mark, parentheses dropped: 「（現・X）」 is a rename) and
    must read 「[prefix]S[dept]（、|を経て|・）S[dept]…(卒業|卒|修了)」, the cue no head of a noun (卒業式, 卒業論文).
    """
    if not spec.cues or not any(c in sent_text for c in spec.cues):
        return []
    ends = {}  # a name's end in the sentence, before a cue the parse fused into its last word (「青葉大学卒業」)
    for n in names:
        if n.kind != KG.Organization or n.char_start < 0:
            continue
        a, b = n.char_start - sent_start, n.char_end - sent_start
        b -= next((len(c) for c in spec.cues if sent_text.endswith(c, a, b) and b - len(c) > a), 0)
        if _school_shaped(sent_text, a, b, spec.suffixes):
            ends[id(n)] = b
    schools = [n for n in names if id(n) in ends]
    if not schools:
        return []
    depth, inside = 0, []
    for ch in sent_text:  # 「A（現・B）」: B, inside the parenthesis, is a rename and no member of the list
        depth += ch in "（("
        inside.append(depth > 0)
        depth -= ch in "）)" and depth > 0
    pieces, last, kept = [], 0, []
    for n in schools:
        a, b = n.char_start - sent_start, ends[id(n)]
        if a < last or inside[a]:
            continue
        pieces.append(sent_text[last:a])
        pieces.append(_SCHOOL)
        kept.append(n)
        last = b
    pieces.append(sent_text[last:])
    skeleton = "".join(pieces)
    for _ in range(3):  # readings and renames in parentheses are dropped, nested ones from the inside out
        stripped = _PARENS.sub("", skeleton)
        if stripped == skeleton:
            break
        skeleton = stripped
    joiner = "|".join(re.escape(j) for j in sorted(spec.joiners, key=len, reverse=True))
    cue = "|".join(re.escape(c) for c in sorted(spec.cues, key=len, reverse=True))
    pattern = rf"(?:^|[、\s\-－–—]|は、?){_BEFORE}{_SCHOOL}{_DEPT}(?:(?:{joiner})+\s*{_SCHOOL}{_DEPT})*を?(?:{cue})" \
              r"(?![業式証論旅試記公制作])"
    out = []
    for m in re.finditer(pattern, skeleton):  # 「A大学卒業、2001年B大学大学院修了」: two lists, each closed
        first = skeleton[:m.end()].count(_SCHOOL) - m.group(0).count(_SCHOOL)
        out += kept[first:first + m.group(0).count(_SCHOOL)]
    return out


@dataclass(frozen=True)
class CareerPath:
    """Compiled ``structures.career_path`` of relations.yaml."""

    via: frozenset[str]  # 経る: 「X社を経て」
    steps: frozenset[str]  # the career verb the path leads to: 入社, 就任, 設立

    @classmethod
    def from_yaml(cls, spec: dict | None) -> CareerPath:
        spec = spec or {}
        return cls(via=frozenset(spec.get("via", ())), steps=frozenset(spec.get("steps", ())))


def career_path(sent: Span, names: Sequence[_Name], spec: CareerPath, school_suffixes: tuple[str, ...]) -> list[_Name]:
    """「X社を経て1981年にY社に入社」: the organisations passed through (を経て) on the way to a career step.

    The を phrase must hang on the 経て of a clause whose head is one of ``spec.steps``; schools are left out.
    """
    out = []
    for n in names:
        root = n.root  # type: ignore[attr-defined]
        via = root.head
        if n.kind != KG.Organization or n.char_start < 0 or not n.particle.startswith("を") \
                or via.lemma_ not in spec.via or n.key.endswith(school_suffixes):
            continue
        step = via.head
        for _ in range(2):  # 「X社を経て1981年にY社に入社」: the parse may hang 経て on the year
            if step.lemma_ in spec.steps or step.pos_ not in ("NOUN", "NUM") or step.head.i == step.i:
                break
            step = step.head
        if step.lemma_ in spec.steps or any(c.lemma_ in spec.steps for c in step.children if c.dep_ == "compound"):
            out.append(n)
    return out


def _school_shaped(text: str, a: int, b: int, suffixes: tuple[str, ...]) -> bool:
    """Does the name end like a school, or is it followed by a faculty (「X大学理学部」)?"""
    name = text[a:b]
    if name.endswith(suffixes + _FACULTY) or text[b:b + 6].split("、")[0].endswith(_FACULTY):
        return True
    # 「青葉大学英文科」: a school and a department the parse fused into its last word
    return any(s in name[:-1] for s in suffixes) and name.endswith(_DEPARTMENTS)


_FACULTY = ("学部", "学科", "研究科")
_DEPARTMENTS = ("科", "専攻", "課程")


# Names of a family, a dynasty or a party: one is a member of them, never an employee (「X家のY」「X家出身」).
_HOUSES = ("家", "一族", "王朝", "党")
_NOT_HOUSES = ("国家", "作家", "画家", "専門家", "実業家", "政治家", "資本家", "投資家")


def is_house(name: str) -> bool:
    """Is ``name`` a family, a dynasty or a party (one is a member of it, not an employee)?

    Example:
        >>> is_house("北辰家"), is_house("架空民主党"), is_house("北辰国家"), is_house("北辰銀行")
        (True, True, False, False)
    """
    return name.endswith(_HOUSES) and not name.endswith(_NOT_HOUSES)


def member_of_genitive(sent: Span, names: Sequence[_Name], titled: set[int]) -> list[tuple[_Name, _Name, str]]:
    """「X社の山田太郎」「山田太郎（X社）」: a person named with their organisation and no title → employeeOf
    (memberOf for a family or a party, kg.extract.relations).

    Returns (person, organisation, shape) with shape "genitive", "parenthesis" or "house" (「X家のシュヴァーベン公Y」:
    a family's name, then nouns that are no title of ours, then the person). A title right after the
    person (「X社の山田太郎社長」「X社の山田太郎・取締役」) or before the organisation is left to the title rules.
    """
    doc = sent.doc
    out = []
    ordered = sorted(names, key=lambda n: n.start)
    for a, b in zip(ordered, ordered[1:]):
        between = [t.text for t in doc[a.end:b.start]]
        if a.kind == KG.Organization and b.kind == KG.Person and between[:1] == ["の"] and len(between) > 1 \
                and len(between) <= 5 and is_house(doc[a.start:a.end].text) \
                and all(t.pos_ in ("NOUN", "PROPN") and t.i not in titled for t in doc[a.end + 1:b.start]):
            out.append((b, a, "house"))  # 「X家のシュヴァーベン公Y」: a title of no organisation between
        elif a.kind == KG.Organization and b.kind == KG.Person and between == ["の"]:
            if any(i in titled for i in range(b.end, b.end + 3)) or {a.start - 1, a.end - 1} & titled \
                    or (a.start > sent.start and doc[a.start - 1].text == "の"):
                continue  # 「X社の山田社長」 is the title's; 「Yの X社の山田」 is too nested to read
            out.append((b, a, "genitive"))
        elif a.kind == KG.Person and b.kind == KG.Organization and between in (["（"], ["("]) \
                and b.end < sent.end and doc[b.end].text in ("）", ")"):
            out.append((a, b, "parenthesis"))
    return out


def parent_in_parenthesis(sent: Span, names: Sequence[_Name], heads: tuple[str, ...]) -> list[tuple[_Name, _Name]]:
    """「X鉄道（Yホールディングス）」: (parent, child) for a group or holding company bracketed right after a company.

    The bracket holds the one name and nothing else; a name that is itself a group (「Xグループ（Yグループ）」) is
    left alone, as is a bracket after anything but an organisation.
    """
    doc = sent.doc
    out = []
    ordered = sorted(names, key=lambda n: n.start)
    for a, b in zip(ordered, ordered[1:]):
        if a.kind != KG.Organization or b.kind != KG.Organization or a.key == b.key or not heads:
            continue
        if [t.text for t in doc[a.end:b.start]] not in (["（"], ["("]) or b.end >= sent.end \
                or doc[b.end].text not in ("）", ")"):
            continue
        if doc[b.start:b.end].text.endswith(heads) and not doc[a.start:a.end].text.endswith(heads):
            out.append((b, a))
    return out


# Verbs of a birth or of having children: 「…との間に生まれた」「…との間にA、Bをもうけた」.
_BIRTH_VERBS = frozenset({"生まれる", "もうける", "儲ける", "設ける", "産む", "生む", "誕生"})


def couple(sent: Span, names: Sequence[_Name]) -> list[_Name]:
    """「AとBの間に生まれた」「AはBとの間にC、Dをもうけた」: the two parents, or [] when the sentence names no couple.

    The parents are the people right before 「（と）の間に」, with the sentence's は/が person when only one
    stands there; a verb of birth must follow.
    """
    doc = sent.doc
    at = next((t.i for t in sent if t.text == "間" and t.i + 1 < sent.end and doc[t.i + 1].text == "に"
               and t.i > sent.start and doc[t.i - 1].text == "の"), None)
    if at is None or not any(t.lemma_ in _BIRTH_VERBS for t in doc[at + 2:sent.end]):
        return []
    before = sorted((n for n in names if n.kind == KG.Person and n.char_start >= 0 and n.end <= at - 1),
                    key=lambda n: n.start)
    if not before or before[-1].particle not in ("との", "の") or before[-1].end < at - 2:
        return []
    group = getattr(before[-1], "group", None) or [before[-1]]
    parents = [n for n in group if n.kind == KG.Person] if len(group) > 1 else [before[-1]]
    if len(parents) == 1:
        parents += [n for n in before if n.particle[:1] in ("は", "が") and n.key != parents[0].key][:1]
    return parents if len(parents) == 2 else []


def children_of_couple(sent: Span, names: Sequence[_Name]) -> list[_Name]:
    """「AはBとの間にC、D、Eをもうけた」「AとBの間にC、Dが生まれた」: the children a couple's sentence lists (one
    coordinated list of two or more people after 「間に」), or []."""
    doc = sent.doc
    at = next((t.i for t in sent if t.text == "間" and t.i + 1 < sent.end and doc[t.i + 1].text == "に"
               and t.i > sent.start and doc[t.i - 1].text == "の"), None)
    if at is None or not any(t.lemma_ in _BIRTH_VERBS for t in doc[at + 2:sent.end]):
        return []
    after = sorted((n for n in names if n.kind == KG.Person and n.char_start >= 0 and n.start >= at + 2),
                   key=lambda n: n.start)
    group = [n for n in after[0].group if n.kind == KG.Person] if after else []
    return group if len(group) >= 2 and len({n.key for n in group}) == len(group) else []


# 「博士（工学）（」 right before a school's name: the degree, its field in brackets, then the school's bracket.
_DEGREE = re.compile(r"(?<!名誉)(?:博士|修士|学士)\s*[（(][^（）()]{1,15}[）)]\s*[（(]$")


def degree_schools(sent_text: str, sent_start: int, names: Sequence[_Name], suffixes: tuple[str, ...]) -> list[_Name]:
    """「学位は博士（工学）（北辰大学）」「博士（理学）（東都大学・1990年）」: the schools named in the bracket after
    a degree and its field (an honorary degree, 名誉博士, names no school attended)."""
    if not any(d in sent_text for d in ("博士", "修士", "学士")):
        return []
    return [n for n in names if n.kind == KG.Organization and n.char_start >= 0
            and _school_shaped(sent_text, n.char_start - sent_start, n.char_end - sent_start, suffixes)
            and _DEGREE.search(sent_text[max(0, n.char_start - sent_start - 24):n.char_start - sent_start])]


# Words of being taught by someone: 「Yの教えを受け」「Yの指導を受け」「Yの元で学ぶ」「Yに師事」.
_TAUGHT = ("教え", "指導", "師事", "元で", "下で", "もとで", "薫陶")


def teachers(sent: Span, text: str, names: Sequence[_Name],
             suffixes: tuple[str, ...]) -> list[tuple[_Name, _Name, bool]]:
    """「X大学でYの教えを受け」「X大学に入り、Yの元で学んだ」「X大学でAの、B大学でBの教えを受け」: (teacher, place,
    whether the place is shaped like a school) for each person named with の/に in a sentence of being taught
    (``text``), after an organisation (で/に/の: 「X管弦楽団の首席奏者Yに師事」) with no other person between them
    (the members of the teacher's own list aside: 「XにてA、B、Cらの元で」)."""
    if not any(w in text for w in _TAUGHT):
        return []
    ordered = sorted((n for n in names if n.char_start >= 0), key=lambda n: n.start)
    out = []
    for i, n in enumerate(ordered):
        if n.kind != KG.Person or n.particle not in ("の", "に") \
                or not any(w in text[n.char_end - sent.start_char:] for w in _TAUGHT):
            continue
        school = next((b for b in reversed(ordered[:i]) if b.kind == KG.Organization), None)
        group = getattr(n, "group", None) or [n]  # 「XにてA、B、Cらの元で」: the list's members do not part them
        if school is None or school.particle[:1] not in ("で", "に", "の") \
                or any(b.kind == KG.Person and school.start < b.start and b not in group for b in ordered[:i]):
            continue
        out.append((n, school, _school_shaped(text, school.char_start - sent.start_char,
                                              school.char_end - sent.start_char, suffixes)))
    return out


# Nouns for the ones taught: 「X大学での教え子」「X大学時代の門下生」
_STUDENTS = ("教え子", "門下生", "指導学生")


def school_students(sent: Span, names: Sequence[_Name], suffixes: tuple[str, ...]) -> list[tuple[_Name, _Name]]:
    """(student, school): 「X大学での教え子の中にはA、B、Cがいる」「X学院での教え子にAがいる」 — the people named
    right after a school's students (「の中には」「には」「に」, with their list) attended the school."""
    doc = sent.doc
    text = sent.text
    if not any(w in text for w in _STUDENTS):
        return []
    ordered = sorted((n for n in names if n.char_start >= 0), key=lambda n: n.start)
    for i, school in enumerate(ordered):
        if school.kind != KG.Organization or school.particle != "での" or school.end + 2 >= sent.end \
                or doc[school.end + 2].text not in _STUDENTS \
                or not _school_shaped(text, school.char_start - sent.start_char, school.char_end - sent.start_char,
                                      suffixes):
            continue
        first = next((n for n in ordered[i + 1:] if n.kind == KG.Person), None)
        between = [t.text for t in doc[school.end + 3:first.start]] if first is not None else []
        if first is None or not between or len(between) > 4 or between[-1] not in ("に", "は") \
                or any(t not in ("の", "中", "に", "は") for t in between):
            return []
        group = getattr(first, "group", None) or [first]
        return [(n, school) for n in group if n.kind == KG.Person]
    return []


def parent_body(sent: Span, names: Sequence[_Name]) -> list[tuple[_Name, _Name]]:
    """(parent, child): 「Xを母体に参戦するY」「Xを母体として設立されたY」「Xを母体としてYが発足」 — an organisation
    built on X: the noun the clause modifies, else the clause's が/は organisation after 母体."""
    doc = sent.doc
    if "母体" not in sent.text:
        return []
    ordered = sorted((n for n in names if n.char_start >= 0 and n.kind == KG.Organization), key=lambda n: n.start)
    for parent in ordered:
        cue = parent.end + 1
        if parent.particle != "を" or cue >= sent.end or doc[cue].text != "母体" \
                or cue + 1 >= sent.end or doc[cue + 1].text not in ("に", "と"):
            continue
        verb = doc[cue].head
        for _ in range(3):  # 「母体として」: として hangs on する, which hangs on the verb
            if (verb.pos_ == "VERB" and verb.lemma_ != "する") or verb.head.i == verb.i:
                break
            verb = verb.head
        children = [n for n in ordered if n.start > cue and n.key != parent.key and (
            (verb.dep_ == "acl" and (n.start <= verb.head.i < n.end or n.root.i == verb.head.i))  # type: ignore
            or (n.particle[:1] in ("が", "は") and n.root.head.i == verb.i))]  # type: ignore[attr-defined]
        return [(parent, c) for c in children[:1]]
    return []


def league_members(sent: Span, names: Sequence[_Name], play_verbs: frozenset[str] = frozenset()) \
        -> list[tuple[_Name, _Name]]:
    """(team, league): 「北辰リーグのY」「Xリーグの北辰イーグルス」, an organisation named after a league (a name with
    リーグ in it) and の; 「Xリーグでは A、B、Cでプレイした」, the teams (で) of a clause set in such a league (では);
    「Xでは A、B、Cでプレーした」, two or more teams played for (``play_verbs``) in the scene of any organisation.
    wiki-dev annotates a team memberOf its league."""
    doc = sent.doc
    ordered = sorted((n for n in names if n.char_start >= 0 and n.kind == KG.Organization), key=lambda n: n.start)
    league_like = {id(n) for n in ordered if "リーグ" in doc[n.start:n.end].text}
    out = []
    for a, b in zip(ordered, ordered[1:]):
        if a.key != b.key and id(a) in league_like and id(b) not in league_like \
                and [t.text for t in doc[a.end:b.start]] == ["の"]:
            out.append((b, a))
    for league in ordered:
        if league.particle != "では":
            continue
        verbs, t = set(), league.root  # type: ignore[attr-defined]
        for _ in range(3):  # the parse may hang 「リーグでは」 on the first team, which hangs on the verb
            t = t.head
            verbs.add(t.i)
        teams = [t for t in ordered if t.particle == "で" and t.key != league.key and t.start > league.start
                 and t.root.head.i in verbs]  # type: ignore[attr-defined]
        if id(league) in league_like or (len(teams) >= 2 and any(
                doc[t.root.head.i].lemma_ in play_verbs for t in teams)):  # type: ignore[attr-defined]
            out += [(t, league) for t in teams]
    return out


def lineup(sent: Span, names: Sequence[_Name], nouns: frozenset[str]) -> list[_Name]:
    """The people of 「A、B、Cというラインナップ」「A、Bという顔ぶれ」: a band's or a team's members (``nouns``:
    relations.yaml structures.lineup)."""
    doc = sent.doc
    for n in names:
        if n.kind != KG.Person or n.char_start < 0 or not n.particle.startswith("という"):
            continue
        k = n.end
        while k < sent.end and doc[k].text in ("と", "いう", "という"):
            k += 1
        if k < sent.end and doc[k].text in nouns:
            return [m for m in n.group or [n] if m.kind == KG.Person]
    return []


def commander_in_parenthesis(sent: Span, names: Sequence[_Name], ranks: frozenset[str]) -> list[tuple[_Name, _Name]]:
    """(officer, force): 「X海軍第9任務部隊（Y中将）」「第3艦隊（Y大将）」, a force with its officer and his rank in
    brackets right after it (``ranks``: relations.yaml structures.commander_in_parenthesis)."""
    doc = sent.doc
    ordered = sorted((n for n in names if n.char_start >= 0), key=lambda n: n.start)
    out = []
    for force, officer in zip(ordered, ordered[1:]):
        if force.kind != KG.Organization or officer.kind != KG.Person or officer.start != force.end + 1 \
                or doc[force.end].text not in ("(", "（"):
            continue
        k = officer.end
        while k < sent.end and k < officer.end + 3 and doc[k].text not in (")", "）"):
            k += 1
        if k < sent.end and doc[k].text in (")", "）") and k > officer.end \
                and "".join(t.text for t in doc[officer.end:k]) in ranks:
            out.append((officer, force))
    return out


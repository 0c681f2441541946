"""Stage 5: parsed chunks + resolved mentions → Relation.

Cue words and case frames are data (ontology/relations.yaml, loaded by relation_rules). Per sentence this
module places the mentions (relation_args), matches the cues, reads them as verb case frames (case_frames)
or title and kin nouns (role_cues, kin_cues), then keeps the most confident reading of each triple and dates it.
"""

from __future__ import annotations

import logging
from bisect import bisect_left, bisect_right
from typing import TYPE_CHECKING

from rdflib import URIRef

from ..model import Chunk, Mention, Relation, Source
from ..vocab import KG, PERSON_PAIR, PERSON_SUBJECT, SYMMETRIC, local_name
from . import dates
from .case_frames import denied, discourse_topic, example_hits, inferred, verb_hits
from .coref import Salience
from .kin_cues import identity_hits
from .relation_args import (PRONOUN_HINTS, SUBJECT_PARTICLES, Arg, Hit, arg_at, coordinate, local_mentions, pronouns,
                            subject_pair)
from .relation_rules import Rules, load_rules
from .role_cues import longest, phrase_roots, role_hits, title_chains, title_inside_name
from .structures import (career_path, children_of_couple, commander_in_parenthesis, couple, degree_schools, is_house,
                         league_members, lineup, member_of_genitive, parent_body, parent_in_parenthesis, school_list,
                         school_students, teachers)
from .topic import opens_document, titled_lead

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

log = logging.getLogger(__name__)


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
        local = local_mentions(doc, chunk, near, keys, kinds)
        local_starts = [a.start for a in local]  # sorted: local_mentions keeps them in order, apart
        salience.doc_topics.begin_paragraph(chunk.text, [(a.char_start, a.char_end, a.key, a.kind) for a in local])
        if not salience.doc_topics.has_article:
            _lead(chunk, local, salience)
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
            if any(hint in text for hint in PRONOUN_HINTS):
                args += pronouns(sent, args, salience)
            args.sort(key=lambda a: a.start)
            coordinate(args, doc)
            years = dates.find_years(text)
            if years:
                years = _outside_parentheses(years, text)
            relative = dates.has_relative_date(text, rules.relative_dates)
            own_pair = subject_pair(args)
            salience.pair = own_pair or salience.pair
            opened, open_objects = list(salience.open_roles), list(salience.open_objects)
            salience.open_roles.clear()
            salience.open_objects.clear()
            hits = _sentence_hits(sent, args, rules, salience, _within(sent, verb_matches, verb_ends),
                                  _within(sent, role_matches, role_ends))
            hits += identity_hits(sent, args, opened)
            hits += example_hits(sent, args, open_objects)
            for hit in hits:
                if denied(hit.cue, sent, rules):
                    continue  # 「…に出資したという噂もあるが、本人は否定している」
                date = _date_for(hit, sent, years, running, relative)
                out.append(_relation(hit, chunk, sent, text, date))
            if years:
                running = years[-1][2]
            elif relative:
                running = None
            _update_salience(sent, args, salience)
            salience.pair = own_pair  # a pair is read distributively in its own sentence or the next
    out = [r for r in _dedupe(out) if fits(r, kinds)]
    log.debug("%s: %d relations", parsed[0][1].doc_id, len(out))
    return out


def fits(rel: Relation, kinds: dict[str, URIRef]) -> bool:
    """Whether the ends' types are the predicate's (SPEC): an organisation an inferred subject landed on
    (「夫のXは…」 read of a company topic) holds no person's role and has no spouse. ``kinds``: entity key →
    type, of the document (stage 5) or of the corpus (after corpus identity, which may retype a name)."""
    if rel.predicate in PERSON_SUBJECT and kinds.get(rel.subject) == KG.Organization:
        return False
    return not (rel.predicate in PERSON_PAIR
                and KG.Organization in (kinds.get(rel.subject), kinds.get(rel.object)))


def _lead(chunk: Chunk, local: list[Arg], salience: Salience) -> None:
    """「山田 太郎（やまだ たろう、1950年 - ）は、日本の実業家。」: the name that opens the document, as the
    topic of its first sentence, is the article's subject (kg.extract.topic)."""
    if local and opens_document(chunk.orig(local[0].char_start)) and local[0].particle.startswith("は"):
        salience.doc_topics.lead(local[0].key, local[0].kind)
        return
    # 「北辰王国国王ヘルマン3世（…）は」: a title before the name (the names inside the title are no topic)
    first = next((a for a in local if a.particle.startswith("は")), None)
    if first is not None and first.kind == KG.Person and first.char_start > 0 and opens_document(chunk.orig(0)) \
            and titled_lead(chunk.text[:first.char_start]):
        salience.doc_topics.lead(first.key, first.kind)


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


def _sentence_hits(sent: Span, args: list[Arg], rules: Rules, salience: Salience,
                   verb_matches: list, role_matches: list) -> list[Hit]:
    """Return the hits of the sentence's cue matches; drops from ``args`` any "name" that is a title (「CEO」)."""
    doc = sent.doc
    role_spans = longest([(start, end, key) for key, start, end in role_matches])
    titled = {i for start, end, _ in role_spans for i in range(start, end)}
    args[:] = [a for a in args if not all(i in titled for i in range(a.start, a.end))]
    phrase_roots(args, title_chains(role_spans, doc), doc)
    hits: list[Hit] = []
    for key, _, end in verb_matches:
        name = key.split(":", 1)[1]
        cue = doc[end - 1]
        if arg_at(cue, args) is not None:
            continue
        hits.extend(verb_hits(cue, rules.verbs[name], args, rules, salience, sent))
    for chain in title_chains(role_spans, doc):
        inside = (arg_at(doc[i], args) for i in range(chain[0][0], chain[-1][1]))
        if any(a is not None and not title_inside_name(doc[i], args) for i, a in
               zip(range(chain[0][0], chain[-1][1]), inside)):
            continue
        hits.extend(role_hits(chain, args, rules, salience, sent))
    hits.extend(_structure_hits(sent, args, rules, salience, titled))
    return _filter(hits)


def _list_hits(sent: Span, args: list[Arg], salience: Salience, objects: list[Arg], predicate: URIRef, method: str,
               cue: Token) -> list[Hit]:
    """One edge per object for the person the sentence is about: its は/が person before the objects, else
    (a sentence with no subject of its own) the topic (kg.extract.topic)."""
    holders = [a for a in args if a.kind == KG.Person and a.particle[:1] in SUBJECT_PARTICLES
               and a.end <= objects[0].start]
    confidence = 0.85
    if not holders and not any(t.text in ("は", "が") and t.i < objects[0].start for t in sent):
        holders = discourse_topic(frozenset({KG.Person}), salience, sent, [], [cue], args)
        if holders:
            confidence, suffix = inferred(holders[0])
            method += f".{suffix}"
    return [Hit(h, predicate, o, method, confidence, cue) for h in holders[:1] for o in objects]


def _attended(sent: Span, args: list[Arg], salience: Salience, schools: list[Arg], method: str) -> list[Hit]:
    """「山田は…学位は博士（工学）（北辰大学）。」: the sentence's は/が person, else the article's or paragraph's
    person (kg.extract.topic), studied at each school."""
    holders = [a for a in args if a.kind == KG.Person and a.particle[:1] in SUBJECT_PARTICLES
               and a.end <= schools[0].start]
    confidence = 0.85
    if not holders:
        found = salience.doc_topics.resolve(KG.Person) if salience.doc_topics.has_article else None
        if found is None:
            return []
        t = sent.doc[schools[0].start]
        holders = [Arg(key=found[0], kind=KG.Person, start=t.i, end=t.i, root=t, particle="は", char_start=-1,
                       char_end=-1, source=found[1])]
        confidence, suffix = inferred(holders[0])
        method += f".{suffix}"
    return [Hit(holders[0], KG.alumniOf, s, method, confidence, sent.doc[s.start]) for s in schools]


def _structure_hits(sent: Span, args: list[Arg], rules: Rules, salience: Salience, titled: set[int]) -> list[Hit]:
    """Shapes with no single cue (kg.extract.structures): school lists, 「X社の山田太郎」."""
    hits: list[Hit] = []
    text = sent.text
    schools = school_list(text, sent.start_char, args, rules.school_list)
    if schools:
        cue = next((t for t in sent if any(c in t.text for c in rules.school_list.cues)), sent[-1])
        hits += _list_hits(sent, args, salience, schools, KG.alumniOf, "structure.schools", cue)
    degrees = degree_schools(text, sent.start_char, args, rules.school_list.suffixes)
    if degrees:
        hits += _attended(sent, args, salience, degrees, "structure.degree")
    taught = teachers(sent, text, args, rules.school_list.suffixes)
    for teacher, place, _ in taught:
        # 「X大学でYの教えを受け」: the teacher worked at the place, the one taught attended it if it is a school
        hits.append(Hit(teacher, KG.employeeOf, place, "structure.teacher", 0.7, sent.doc[teacher.start]))
    schools = [s for _, s, school in taught if school]
    if schools:
        hits += [h for h in _attended(sent, args, salience, schools, "structure.taught")
                 if all(h.subject.key != t.key for t, _, _ in taught)]
    taught_at = school_students(sent, args, rules.school_list.suffixes)
    for student, school in taught_at:
        # 「X大学での教え子の中にはA、Bがいる」: the students attended the school, their teacher (the sentence's
        # person, else the topic) taught there
        hits.append(Hit(student, KG.alumniOf, school, "structure.students", 0.8, sent.doc[student.start]))
    if taught_at:
        school = taught_at[0][1]
        hits += [h for h in _list_hits(sent, args, salience, [school], KG.employeeOf, "structure.students.teacher",
                                       sent.doc[school.end + 2])
                 if all(h.subject.key != s.key for s, _ in taught_at)]
    passed = career_path(sent, args, rules.career_path, rules.school_list.suffixes)
    if passed:
        hits += _list_hits(sent, args, salience, passed, KG.employeeOf, "structure.career", passed[0].root.head)
    for person, org, shape in member_of_genitive(sent, args, titled):
        # 「X家のY」「X党のY」: one of a family or a party; 「X社のY」: one who works there
        house = is_house(sent.doc[org.start:org.end].text)
        hits.append(Hit(person, KG.memberOf if house else KG.employeeOf, org, f"structure.member.{shape}", 0.6,
                        sent.doc[person.start]))
    if "リーグ" in text or ("では" in text and any(v in text for v in rules.play_verbs)):
        for team, league in league_members(sent, args, rules.play_verbs):
            hits.append(Hit(team, KG.memberOf, league, "structure.league", 0.7, sent.doc[team.start]))
    members = lineup(sent, args, rules.lineup) if any(n in text for n in rules.lineup) else []
    group = _group_in_view(sent, args, salience, rules.group_nouns, members[0]) if members else None
    for m in members if group is not None else ():
        # 「A、B、Cというラインナップ」: the members of the band the sentence is about
        hits.append(Hit(m, KG.memberOf, group, "structure.lineup", 0.7, sent.doc[m.start]))
    if "(" in text or "（" in text:
        for officer, force in commander_in_parenthesis(sent, args, rules.ranks):
            hits.append(Hit(officer, KG.memberOf, force, "structure.commander", 0.75, sent.doc[officer.start]))
    parents = couple(sent, args) if "間に" in text else []
    if parents:
        # 「AとBの間に生まれた」「AはBとの間に二男をもうけた」: the parents of a child are a couple
        hits.append(Hit(parents[0], KG.spouseOf, parents[1], "structure.parents", 0.7, sent.doc[parents[1].end]))
        children = children_of_couple(sent, args)
        # 「…との間にC、D、Eをもうけた」: the children of one couple are siblings
        hits += [Hit(a, KG.siblingOf, b, "structure.children", 0.6, sent.doc[b.start])
                 for i, a in enumerate(children) for b in children[i + 1:]]
    for parent, child in parent_body(sent, args):
        # 「Xを母体に参戦するY」: Y is built on X
        hits.append(Hit(parent, KG.parentOrgOf, child, "structure.parent.body", 0.75, sent.doc[parent.end + 1]))
    for parent, child in parent_in_parenthesis(sent, args, rules.group_heads):
        hits.append(Hit(parent, KG.parentOrgOf, child, "structure.parent.parenthesis", 0.75, sent.doc[parent.start]))
    return hits


def _group_in_view(sent: Span, args: list[Arg], salience: Salience, nouns: frozenset[str],
                   before: Arg) -> Arg | None:
    """The group a sentence is about: its は/が organisation before ``before``, else, when it opens on
    「バンドは」「グループは」, the organisation in view (kg.extract.coref)."""
    own = [a for a in args if a.kind == KG.Organization and a.particle[:1] in SUBJECT_PARTICLES
           and a.end <= before.start]
    if own:
        return own[0]
    first = sent[0]
    if first.text not in nouns or first.i + 1 >= sent.end or sent.doc[first.i + 1].text not in ("は", "が"):
        return None
    key = salience.resolve(KG.Organization)
    if key is None:
        return None
    return Arg(key=key, kind=KG.Organization, start=first.i, end=first.i + 1, root=first, particle="は",
               char_start=-1, char_end=-1)


def _filter(hits: list[Hit]) -> list[Hit]:
    """Drop self-loops and duplicate triples, keeping the most confident reading."""
    best: dict[tuple[str, URIRef, str], Hit] = {}
    for h in hits:
        if h.subject.key == h.object.key:
            continue
        s, o = h.subject, h.object
        if h.predicate in SYMMETRIC and o.key < s.key:
            h = Hit(o, h.predicate, s, h.method, h.confidence, h.cue)
        k = (h.subject.key, h.predicate, h.object.key)
        if k not in best or best[k].confidence < h.confidence:
            best[k] = h
    return list(best.values())


def _date_for(hit: Hit, sent: Span, years: list[tuple[int, int, str]], running: str | None,
              relative: bool) -> str | None:
    """The year written in the clause (the last one before the cue), else the paragraph's running year."""
    if years:
        cue_at = hit.cue.idx - sent.start_char
        before = [y for s, _, y in years if s < cue_at]
        return before[-1] if before else years[0][2]
    if relative:
        return None
    return running


def _relation(hit: Hit, chunk: Chunk, sent: Span, text: str, date: str | None) -> Relation:
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
                 [a for a in of_kind if a.particle[:1] == "が" and a.root.head.dep_ == "ROOT"
                  and a.root.head.lemma_ not in _EXISTENTIAL]  # 「同期にはXらがいた」 names, not a topic
        if topics:
            salience.set_topic(topics[0].key, kind)
            salience.doc_topics.sentence_read({kind: topics[0].start}, [(a.start, a.key, a.kind) for a in of_kind])


_EXISTENTIAL = ("いる", "ある", "おる")


def _dedupe(rels: list[Relation]) -> list[Relation]:
    best: dict[tuple, Relation] = {}
    for r in rels:
        k = (r.subject, str(r.predicate), r.object, r.source.start)
        if k not in best or best[k].confidence < r.confidence:
            best[k] = r
    return sorted(best.values(), key=lambda r: (r.source.start, r.subject, str(r.predicate), r.object))

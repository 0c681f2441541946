"""Identity across documents (kg/corpus_identity.py) on hand-made mentions: what merges, what stays apart, why."""

from __future__ import annotations

import random

import pytest

from kg.extract.aliases import resolve
from kg.extract.corpus_identity import fold, resolve_corpus, romanize, script, skeleton
from kg.model import Mention, Source
from kg.vocab import KG

P, O = KG.Person, KG.Organization


def m(text: str, doc: str, start: int, kind=P, *, parts: tuple[str, ...] = (), alias_of: str = "",
      sentence: str | None = None) -> Mention:
    """A mention of ``text`` at ``start`` in document ``doc``; its sentence defaults to one of its own."""
    return Mention(text=text, kind=kind, source=Source(doc, start, start + len(text), sentence or f"{doc}:{start}",
                                                       "test"), parts=parts, alias_of=alias_of)


def groups(mentions: list[Mention]) -> tuple[list, dict[str, set[tuple[str, str]]]]:
    """Resolve; return the entities and entity name → {(doc, surface form)} of its mentions."""
    entities, _ = resolve_corpus(mentions, documents={"d1": "a/d1.txt", "d2": "a/d2.txt", "d3": "a/d3.txt"})
    return entities, {e.name: {(x.source.doc_id, x.text) for x in e.mentions} for e in entities}


def entity_of(entities, form: str, doc: str):
    return next(e for e in entities if any(x.text == form and x.source.doc_id == doc for x in e.mentions))


def test_corpus_identity_same_name_in_two_documents_is_one_entity():
    entities, by_name = groups([m("佐藤健一", "d1", 0, parts=("佐藤", "健一")), m("佐藤健一", "d2", 5, parts=("佐藤", "健一"))])
    assert len(entities) == 1
    assert any(r.startswith("corpus:same-name:佐藤健一 (2 documents: d1.txt, d2.txt)") for r in entities[0].reasons)


def test_corpus_identity_defined_alias_carries_to_other_documents():
    # d1 「ミナト・ロボティクス株式会社（略称：MRC）」; d2 says only MRC.
    entities, _ = groups([m("ミナト・ロボティクス株式会社", "d1", 0, O), m("MRC", "d1", 20, O, alias_of="ミナト・ロボティクス株式会社"),
                          m("MRC", "d2", 0, O)])
    assert len(entities) == 1
    assert "corpus:alias:MRC→ミナト・ロボティクス株式会社 (a name of it in d1.txt)" in entities[0].reasons


def test_corpus_identity_name_without_legal_form_carries():
    entities, _ = groups([m("ホシノ交易株式会社", "d1", 0, O), m("ホシノ交易", "d2", 0, O)])
    assert len(entities) == 1


def test_corpus_identity_abbreviation_of_two_organisations_stays_apart():
    entities, by_name = groups([
        m("ハヤテ工業", "d1", 0, O), m("HK", "d1", 6, O, alias_of="ハヤテ工業"),
        m("ホシノ交易", "d2", 0, O), m("HK", "d2", 6, O, alias_of="ホシノ交易"),
        m("HK", "d3", 0, O)])
    hayate, hoshino, alone = entity_of(entities, "ハヤテ工業", "d1"), entity_of(entities, "ホシノ交易", "d2"), \
        entity_of(entities, "HK", "d3")
    assert len({hayate.key, hoshino.key, alone.key}) == 3
    assert ("d1", "HK") in by_name[hayate.name] and ("d2", "HK") in by_name[hoshino.name]
    assert any(r.startswith("corpus-apart:HK (in d3.txt): a name of ") and "no shared context" in r
               for r in alone.reasons)


def test_corpus_identity_ambiguous_abbreviation_goes_where_the_context_is():
    # In d3, HK is mentioned with 山本大輔, who is mentioned with ハヤテ工業 in d1.
    entities, _ = groups([
        m("ハヤテ工業", "d1", 0, O, sentence="s1"), m("HK", "d1", 6, O, alias_of="ハヤテ工業", sentence="s1"),
        m("山本大輔", "d1", 20, parts=("山本", "大輔"), sentence="s1"),
        m("ホシノ交易", "d2", 0, O), m("HK", "d2", 6, O, alias_of="ホシノ交易"),
        m("HK", "d3", 0, O, sentence="s3"), m("山本大輔", "d3", 10, parts=("山本", "大輔"), sentence="s3")])
    hk = entity_of(entities, "HK", "d3")
    assert hk.key == entity_of(entities, "ハヤテ工業", "d1").key
    assert any(r.startswith("corpus:context:HK→ハヤテ工業") and "shared: 山本大輔" in r for r in hk.reasons)


def test_corpus_identity_two_people_sharing_a_family_name_stay_apart():
    entities, by_name = groups([
        m("佐藤健一", "d1", 0, parts=("佐藤", "健一")), m("佐藤", "d1", 30),
        m("佐藤美咲", "d2", 0, parts=("佐藤", "美咲")), m("佐藤", "d2", 30)])
    assert by_name["佐藤健一"] == {("d1", "佐藤健一"), ("d1", "佐藤")}
    assert by_name["佐藤美咲"] == {("d2", "佐藤美咲"), ("d2", "佐藤")}


def test_corpus_identity_family_name_alone_needs_shared_context():
    alone = [m("佐藤健一", "d1", 0, parts=("佐藤", "健一")), m("佐藤", "d2", 0)]
    entities, _ = groups(alone)
    assert len(entities) == 2
    assert any(r.startswith("corpus-apart:佐藤 (in d2.txt): a family or given name alone; no shared context")
               for r in entity_of(entities, "佐藤", "d2").reasons)
    # The same, with アサギ電機 in a sentence with each: one person.
    with_context = [m("佐藤健一", "d1", 0, parts=("佐藤", "健一"), sentence="s1"), m("アサギ電機", "d1", 6, O, sentence="s1"),
                    m("佐藤", "d2", 0, sentence="s2"), m("アサギ電機", "d2", 4, O, sentence="s2")]
    entities, _ = groups(with_context)
    assert entity_of(entities, "佐藤", "d2").key == entity_of(entities, "佐藤健一", "d1").key


def test_corpus_identity_foreign_family_name_joins_its_one_full_name():
    entities, _ = groups([m("ジョン・ケストレル", "d1", 0, parts=("ジョン", "ケストレル")), m("ケストレル", "d2", 0)])
    assert len(entities) == 1
    assert "corpus:alias:ケストレル→ジョン・ケストレル (the one full name with this family or given name in d1.txt)" \
        in entities[0].reasons


def test_corpus_identity_person_name_part_takes_no_organisation():
    # d1 types 「ヒバリ・レコーズ」 a person (parts ヒバリ / レコーズ); d2's organisation ヒバリ is not its family name.
    entities, _ = groups([m("ヒバリ・レコーズ", "d1", 0, parts=("ヒバリ", "レコーズ")), m("ヒバリ", "d2", 0, O)])
    assert len(entities) == 2
    entities, _ = groups([m("ケストレル・アダムズ", "d1", 0, parts=("ケストレル", "アダムズ")), m("ケストレル", "d2", 0)])
    assert len(entities) == 1  # a person called by the family name alone still joins
    # ... nor does it stop the organisation joining the one organisation that has that name
    entities, _ = groups([m("ヒバリ・レコーズ", "d1", 0, parts=("ヒバリ", "レコーズ")), m("ヒバリ", "d1", 20, O),
                          m("ヒバリ株式会社", "d2", 0, O)])
    assert len(entities) == 2 and entity_of(entities, "ヒバリ", "d1") == entity_of(entities, "ヒバリ株式会社", "d2")


def test_corpus_identity_width_spacing_and_old_kanji_forms_merge():
    entities, _ = groups([m("ミナト・ロボティクス", "d1", 0, O), m("ﾐﾅﾄ ﾛﾎﾞﾃｨｸｽ", "d2", 0, O),
                          m("齋藤誠", "d1", 20, parts=("齋藤", "誠")), m("斎藤誠", "d3", 0, parts=("斎藤", "誠"))])
    assert sorted(len(e.mentions) for e in entities) == [2, 2]


@pytest.mark.parametrize("latin, kana", [
    ("Minato Robotics", "ミナト・ロボティクス"), ("Kestrel Lab", "ケストレル・ラボ"), ("Victoria", "ヴィクトリア"),
    ("Sunrise Capital", "サンライズ・キャピタル"), ("Northwind", "ノースウィンド"),
])
def test_corpus_identity_skeletons_of_latin_and_katakana_spellings_agree(latin, kana):
    assert skeleton(latin) == skeleton(kana)
    assert (script(latin), script(kana)) == ("latin", "katakana")


def test_corpus_identity_katakana_latin_merge_needs_evidence():
    apart = [m("Kestrel Labs", "d1", 0, O), m("ケストレル・ラボ", "d2", 0, O)]
    assert len(groups(apart)[0]) == 2
    shared = [m("Kestrel Labs", "d1", 0, O, sentence="s1"), m("佐藤健一", "d1", 20, parts=("佐藤", "健一"), sentence="s1"),
              m("ケストレル・ラボ", "d2", 0, O, sentence="s2"), m("佐藤健一", "d2", 20, parts=("佐藤", "健一"), sentence="s2")]
    entities, _ = groups(shared)
    lab = entity_of(entities, "Kestrel Labs", "d1")
    assert lab.key == entity_of(entities, "ケストレル・ラボ", "d2").key
    assert any(r.startswith("corpus:script:Kestrel Labs~ケストレル・ラボ") and "shared: 佐藤健一" in r for r in lab.reasons)
    # A person and an organisation never merge on spelling.
    mixed = [m("Kestrel", "d1", 0, P, sentence="s1"), m("佐藤健一", "d1", 20, parts=("佐藤", "健一"), sentence="s1"),
             m("ケストレル", "d2", 0, O, sentence="s2"), m("佐藤健一", "d2", 20, parts=("佐藤", "健一"), sentence="s2")]
    entities, _ = groups(mixed)
    assert entity_of(entities, "Kestrel", "d1").key != entity_of(entities, "ケストレル", "d2").key


def test_corpus_identity_long_spelling_match_needs_no_context():
    entities, _ = groups([m("Minato Robotics Corporation", "d1", 0, O), m("ミナト・ロボティクス・コーポレーション", "d2", 0, O)])
    assert len(entities) == 1
    assert any("a long name" in r for r in entities[0].reasons)


def test_corpus_identity_corpus_votes_the_type():
    # One document took the company for a person (one mention); the others know it (three).
    entities, _ = groups([m("アサギ電機", "d1", 0, P), m("アサギ電機", "d2", 0, O), m("アサギ電機", "d2", 9, O),
                          m("アサギ電機", "d3", 0, O)])
    assert [(e.kind, len(e.mentions)) for e in entities] == [(O, 4)]
    assert any("types differ; corpus vote" in r for r in entities[0].reasons)


def test_corpus_identity_one_document_groups_as_aliases_resolve():
    ms = [m("佐藤健一", "d1", 0, parts=("佐藤", "健一")), m("佐藤", "d1", 10), m("佐藤美咲", "d1", 20, parts=("佐藤", "美咲")),
          m("佐藤", "d1", 30), m("ハヤテ工業", "d1", 40, O), m("HK", "d1", 46, O, alias_of="ハヤテ工業"),
          m("東都大学", "d1", 50, O), m("東都", "d1", 60, O)]
    ours, our_index = resolve_corpus(ms)
    theirs, their_index = resolve(ms)

    def partition(index):
        by_key: dict[str, set] = {}
        for mention, key in index.items():
            by_key.setdefault(key, set()).add((mention.text, mention.source.start))
        return sorted(sorted(v) for v in by_key.values())

    assert partition(our_index) == partition(their_index)
    assert [(e.key, e.name, e.kind) for e in ours] == [(e.key, e.name, e.kind) for e in theirs]


def test_corpus_identity_order_of_mentions_does_not_matter():
    ms = [m("ハヤテ工業", "d1", 0, O), m("HK", "d1", 6, O, alias_of="ハヤテ工業"), m("ホシノ交易", "d2", 0, O),
          m("HK", "d2", 6, O, alias_of="ホシノ交易"), m("HK", "d3", 0, O), m("佐藤健一", "d1", 20, parts=("佐藤", "健一")),
          m("佐藤", "d3", 9), m("Kestrel Labs", "d2", 30, O), m("ケストレル・ラボ", "d1", 40, O)]
    first = resolve_corpus(ms)
    shuffled = ms[:]
    random.Random(3).shuffle(shuffled)
    again = resolve_corpus(shuffled)
    assert first[0] == again[0] and first[1] == again[1]


def test_corpus_identity_fold_and_romanize():
    assert fold("ヴィクトリア") == fold("ビクトリア") and fold("コンピューター") == fold("コンピュータ")
    assert fold("ばら") == fold("バラ")
    assert romanize("ジョン") == "jon" and romanize("ティファニー") == "tifani" and romanize("キャピタル") == "kyapitaru"

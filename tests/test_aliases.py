"""Stage 4 (kg.extract.aliases): merging rules on hand-made Mentions, then alias kinds on the real model."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.extract.aliases import resolve
from kg.extract.mention_cues import strip_org_affix
from kg.extract.mentions import extract_document_mentions
from kg.extract.names import normalize
from kg.model import Chunk, Mention, Source
from kg.vocab import KG

P, O = KG.Person, KG.Organization


def _m(text: str, kind=P, start: int = 0, doc: str = "d1", parts: tuple[str, ...] = (), alias_of: str = "") -> Mention:
    return Mention(text=text, kind=kind, source=Source(doc, start, start + len(text), text, "test"),
                   parts=parts, alias_of=alias_of)


def _groups(mentions: list[Mention]) -> list[set[str]]:
    entities, _ = resolve(mentions)
    return sorted(({m.text for m in e.mentions} for e in entities), key=lambda s: sorted(s))


@pytest.mark.parametrize("mentions, merged", [
    # full ↔ family ↔ given name
    ([_m("ジャック・ドーシー", parts=("ジャック", "ドーシー")), _m("ドーシー", start=20), _m("ジャック", start=40)],
     {"ジャック・ドーシー", "ドーシー", "ジャック"}),
    # kanji names: 姓 and 名 tokens are the parts; the honorific is outside the mention
    ([_m("堀正義", parts=("堀", "正義")), _m("堀", start=30)], {"堀正義", "堀"}),
    # ・ and space variants
    ([_m("ジャック・ドーシー"), _m("ジャックドーシー", start=50)], {"ジャック・ドーシー", "ジャックドーシー"}),
    # width and case variants
    ([_m("NovaTel", O), _m("Novatel", O, start=9), _m("ＮｏｖａＴｅｌ", O, start=30)],
     {"NovaTel", "Novatel", "ＮｏｖａＴｅｌ"}),
    # an alias the text defines: 「Q Ventura（QVと呼ばれる）」
    ([_m("Q Ventura", O), _m("QV", O, start=13, alias_of="Q Ventura")], {"Q Ventura", "QV"}),
    # an organisation with and without its head or legal form
    ([_m("ウェストブルック大学", O), _m("ウェストブルック", O, start=20)], {"ウェストブルック大学", "ウェストブルック"}),
    ([_m("株式会社ホリプロ", O), _m("ホリプロ", O, start=20)], {"株式会社ホリプロ", "ホリプロ"}),
    # a group's name and a foundation's legal status are affixes too
    ([_m("ミナトグループ", O), _m("ミナト", O, start=20)], {"ミナトグループ", "ミナト"}),
    ([_m("公益財団法人北嶺財団", O), _m("北嶺財団", O, start=30)], {"公益財団法人北嶺財団", "北嶺財団"}),
    # two affixed forms of one name whose bare form is never said
    ([_m("ミナトグループ", O), _m("ミナト株式会社", O, start=20)], {"ミナトグループ", "ミナト株式会社"}),
    # a katakana company word after ・: 「X・ブラザーズ」 said 「X」
    ([_m("ミナト・ブラザーズ", O), _m("ミナト", O, start=20)], {"ミナト・ブラザーズ", "ミナト"}),
    # a university said short: one kanji and 大
    ([_m("青嶺大学", O), _m("青大", O, start=20)], {"青嶺大学", "青大"}),
    # a faculty the dictionary keeps in one word with its university is a name of the university
    ([_m("青嶺大学", O), _m("青嶺大学政治経済学部経済学科", O, start=20)], {"青嶺大学", "青嶺大学政治経済学部経済学科"}),
])
def test_aliases_merge_kinds(mentions, merged):
    assert merged in _groups(mentions)


def test_aliases_every_merge_has_a_reason():
    entities, _ = resolve([_m("Q Ventura", O), _m("QV", O, start=13, alias_of="Q Ventura"),
                           _m("ジャック・ドーシー", parts=("ジャック", "ドーシー")), _m("ドーシー", start=40)])
    reasons = {e.name: e.reasons for e in entities}
    assert any(r.startswith("defined-alias:QV") for r in reasons["Q Ventura"])
    assert any(r.startswith("part-of-name:ドーシー") for r in reasons["ジャック・ドーシー"])
    assert any(r.startswith("type:Person") for r in reasons["ジャック・ドーシー"])


def test_aliases_canonical_name_is_the_full_form():
    entities, index = resolve([_m("ドーシー", start=0), _m("ドーシー", start=5), _m("ドーシー", start=9),
                               _m("ジャック・ドーシー", start=20, parts=("ジャック", "ドーシー"))])
    (e,) = entities
    assert e.name == "ジャック・ドーシー" and e.key == "ジャック_ドーシー"
    assert set(index.values()) == {e.key}


def test_aliases_organisation_words_never_split_into_parts():
    # 「QV Research」 is not a person: its first word 「QV」 stays the fund, not the lab
    assert _groups([_m("QV Research", O), _m("QV", O, start=20)]) == [{"QV"}, {"QV Research"}]


def test_aliases_person_part_does_not_join_an_organisation():
    # 「ジョン・ハーパーズ」 is a school here; a person called 「ジョン」 elsewhere stays apart
    assert _groups([_m("ジョン・ハーパーズ", O), _m("ジョン", P, start=30)]) == [{"ジョン"}, {"ジョン・ハーパーズ"}]


def test_aliases_shared_short_name_goes_to_nearest_full_name_before_it():
    # two Johns in one document: each bare 「ジョン」 joins the full name most recently mentioned
    ms = [_m("ジョン・スミス", parts=("ジョン", "スミス"), start=0), _m("ジョン", start=20),
          _m("ジョン・ドウ", parts=("ジョン", "ドウ"), start=100), _m("ジョン", start=120)]
    groups = _groups(ms)
    assert {"ジョン・スミス", "ジョン"} in groups and {"ジョン・ドウ", "ジョン"} in groups
    entities, index = resolve(ms)
    by_name = {e.name: e for e in entities}
    assert index[ms[1]] == by_name["ジョン・スミス"].key and index[ms[3]] == by_name["ジョン・ドウ"].key


def test_aliases_shared_short_name_with_no_full_name_nearby_stays_apart():
    ms = [_m("ジョン・スミス", parts=("ジョン", "スミス"), doc="a"), _m("ジョン・ドウ", parts=("ジョン", "ドウ"), doc="b"),
          _m("ジョン", doc="c")]
    assert {"ジョン"} in _groups(ms)


def test_aliases_shared_short_name_goes_to_the_full_name_said_most_in_its_document():
    # a biography of ジョン・スミス mentions ジョン・ドウ once: a bare 「ジョン」 there is Smith, even right after Doe
    ms = [_m("ジョン・スミス", parts=("ジョン", "スミス"), start=0), _m("ジョン・スミス", parts=("ジョン", "スミス"), start=40),
          _m("ジョン・ドウ", parts=("ジョン", "ドウ"), start=80), _m("ジョン", start=95),
          _m("ジョン・ドウ", parts=("ジョン", "ドウ"), start=0, doc="d2"), _m("ジョン", start=5, doc="d2")]
    entities, index = resolve(ms)
    by_name = {e.name: e.key for e in entities}
    assert index[ms[3]] == by_name["ジョン・スミス"] and index[ms[5]] == by_name["ジョン・ドウ"]


def test_aliases_shared_short_name_is_decided_within_its_own_document():
    # 40 documents, each naming both Johns in its own order: every bare 「ジョン」 follows its document alone,
    # however many mentions of either full name the other documents hold
    ms, expected = [], {}
    for i in range(40):
        first, second = (("ジョン・スミス", "スミス"), ("ジョン・ドウ", "ドウ")) if i % 3 else \
            (("ジョン・ドウ", "ドウ"), ("ジョン・スミス", "スミス"))
        doc = f"doc{i}"
        ms += [_m(first[0], parts=("ジョン", first[1]), start=10, doc=doc),
               _m(second[0], parts=("ジョン", second[1]), start=50, doc=doc)]
        before, after = _m("ジョン", start=30, doc=doc), _m("ジョン", start=70, doc=doc)
        ms += [before, after]
        expected[before], expected[after] = first[0], second[0]
    ms.append(_m("ジョン", start=5, doc="doc0"))  # before any full name in doc0: the nearest after it
    expected[ms[-1]] = "ジョン・ドウ"
    entities, index = resolve(ms)
    names = {e.key: e.name for e in entities}
    assert {m: names[index[m]] for m in expected} == expected


def test_aliases_strip_org_affix():
    assert strip_org_affix("Apple Inc.") == "Apple"
    assert strip_org_affix("北辰") == ""
    assert (strip_org_affix("一般社団法人青葉会"), strip_org_affix("ミナトホールディングス")) == ("青葉会", "ミナト")


def test_aliases_a_short_university_name_with_two_candidates_stays_apart():
    groups = _groups([_m("青嶺大学", O), _m("青葉大学", O, start=20), _m("青大", O, start=40)])
    assert {"青大"} in groups
    # and in another document it joins nothing
    assert {"青大"} in _groups([_m("青嶺大学", O), _m("青大", O, start=40, doc="d2")])


@pytest.mark.parametrize("full, short, merged", [
    ("ヨハン・ペーター・クラウス", "ペーター・クラウス", True),  # the last pieces
    ("ヨハン・ペーター・クラウス", "ヨハン・クラウス", True),  # the first and the last, a middle name dropped
    ("ルートヴィヒ・カール3世", "ルートヴィヒ・カール", True),  # the regnal number dropped
    ("ヨハン・ペーター・クラウス", "アンナ・クラウス", False),  # a relative: a piece the full name lacks
])
def test_aliases_a_shorter_form_of_a_full_name_joins_it(full, short, merged):
    groups = _groups([_m(full), _m(short, start=40)])
    assert ({full, short} in groups) == merged, groups


def test_aliases_a_school_said_only_with_its_faculty_is_named_by_the_school():
    entities, _ = resolve([_m("白嶺大学工学部建築学科", O), _m("白嶺大学工学部建築学科", O, start=40)])
    assert [(e.name, e.aliases) for e in entities] == [("白嶺大学", ("白嶺大学工学部建築学科",))]


def test_aliases_a_faculty_joins_only_its_own_university_in_its_own_document():
    assert {"白嶺大学経済学部"} in _groups([_m("青嶺大学", O), _m("白嶺大学経済学部", O, start=20)])
    assert {"青嶺大学経済学部"} in _groups([_m("青嶺大学", O), _m("青嶺大学経済学部", O, start=20, doc="d2")])


def test_aliases_affixed_forms_of_two_names_stay_apart():
    assert _groups([_m("ミナトグループ", O), _m("ミナミ株式会社", O, start=20)]) == [{"ミナトグループ"}, {"ミナミ株式会社"}]


@given(st.text(max_size=30))
def test_aliases_normalize_is_idempotent(text):
    once = normalize(text)
    assert normalize(once) == once or once.endswith(("さん", "氏", "様", "君", "くん", "ちゃん", "殿"))


@pytest.mark.model
@pytest.mark.parametrize("text, names", [
    ("ウィリアム・ハートリー（William Henry Hartley III）はノヴァソフトの創業者である。ハートリー氏は慈善活動も行う。",
     {"ウィリアム・ハートリー", "William Henry Hartley III", "ハートリー"}),
    ("京都セラミック株式会社（現・京セラ）は1959年に設立された。京セラは成長した。",
     {"京都セラミック株式会社", "京セラ"}),
    ("長谷川浩史はミドリ商事を創業した。長谷川氏は社長を務める。", {"長谷川浩史", "長谷川"}),
    ("CEOのティム・クックが登壇した。ティムクックは新製品を紹介した。", {"ティム・クック", "ティムクック"}),
])
def test_aliases_merge_on_real_text(nlp, text, names):
    doc = nlp(text)
    entities, _ = resolve(extract_document_mentions([(doc, Chunk("d", 0, 0, text))]))
    assert any(names <= {m.text for m in e.mentions} for e in entities), [(e.name, e.aliases) for e in entities]


def test_aliases_gazetteer_pins_type_and_name(tmp_path):
    from kg.extract.gazetteer import load

    path = tmp_path / "aliases.ttl"
    path.write_text("""@prefix kg: <https://w3id.org/kg-ja/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<https://example.org/x> a kg:Organization ; skos:prefLabel "エックス社" ; skos:altLabel "X", "エックス" .
""", encoding="utf-8")
    gaz = load(path)
    ms = [_m("X", P), _m("エックス", O, start=10)]
    assert len(_groups(ms)) == 2  # without the gazetteer: two names, one typed Person
    entities, _ = resolve(ms, gazetteer=gaz)
    (e,) = entities
    assert (e.name, e.kind) == ("エックス社", O)
    assert any(r.startswith("gazetteer:") for r in e.reasons)


def test_aliases_gazetteer_file_errors_say_how_to_fix(tmp_path):
    from kg.errors import KGError
    from kg.extract.gazetteer import load

    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle", encoding="utf-8")
    with pytest.raises(KGError, match="skos:prefLabel"):
        load(bad)

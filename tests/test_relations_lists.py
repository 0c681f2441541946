"""Stage 5 on the real model: lines of a Wikipedia list with no 。 (「山田一郎 - X社第4代社長」), read from a file
as the pipeline reads it, one chunk a line; the name before the dash holds the titles after it."""

from __future__ import annotations

import pytest

from kg.extract import aliases, mentions, relations
from kg.extract.names import normalize
from kg.ingest.documents import chunk_document, read_document
from kg.vocab import local_name
from test_relations import rules  # noqa: F401 (a fixture)

LEAD = "宮下健（みやした けん、1921年 - 1999年）は、日本の実業家。豊川自動車の創業者。\n\n系譜\n\n"


def file_triples(nlp, rules, tmp_path, text: str) -> set[tuple[str, str, str]]:
    path = tmp_path / "article.txt"
    path.write_text(text, encoding="utf-8")
    parsed = [(nlp(c.text), c) for c in chunk_document(read_document(path))]
    found = mentions.extract_document_mentions(parsed)
    entities, index = aliases.resolve(found)
    kinds = {e.key: e.kind for e in entities}
    names = {e.key: normalize(e.name) for e in entities}
    return {(names[r.subject], local_name(r.predicate), names[r.object])
            for r in relations.extract_relations(parsed, found, index, kinds, rules)}


@pytest.mark.parametrize("line, expected, absent", [
    # the parse may cut the line at its dash: the title piece is still the item's
    ("山本浩二 - ナカノ電機第4代社長", ("山本浩二", "ceoOf", "ナカノ電機"), ("宮下健", "ceoOf", "ナカノ電機")),
    ("佐伯二郎 - 豊川自動車代表取締役会長", ("佐伯二郎", "executiveOf", "豊川自動車"),
     ("宮下健", "executiveOf", "豊川自動車")),
])
def test_relations_list_item_holds_its_titles(nlp, rules, tmp_path, line, expected, absent):
    found = file_triples(nlp, rules, tmp_path, LEAD + "佐伯春子\n" + line + "\n")
    expected = (normalize(expected[0]), expected[1], normalize(expected[2]))
    absent = (normalize(absent[0]), absent[1], normalize(absent[2]))
    assert expected in found, sorted(found)
    assert absent not in found, sorted(found)

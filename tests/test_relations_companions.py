"""Stage 5 on the real model: 「A、BらとXを設立」 names the ones who founded X with the subject, even where the
parse hangs 「Bらと」 on the next noun or on a purpose clause."""

from __future__ import annotations

import pytest

from kg.extract.names import normalize
from test_relations import rules  # noqa: F401 (a fixture)
from test_relations_lists import file_triples

LEAD = "宮下健（みやした けん、1951年 - ）は、日本の実業家。\n\n"


def _norm(triple: tuple[str, str, str]) -> tuple[str, str, str]:
    return normalize(triple[0]), triple[1], normalize(triple[2])


@pytest.mark.model
@pytest.mark.parametrize("sentence, expected, absent", [
    ("2013年、木村一郎、佐藤次郎、高田三郎らと株式会社エルムを設立。",
     [("木村一郎", "founderOf", "株式会社エルム"), ("高田三郎", "founderOf", "株式会社エルム"),
      ("宮下健", "founderOf", "株式会社エルム")], []),
    ("2013年、木村一郎、大和書房の佐藤次郎、丸山商事の高田三郎らと女性向け雑誌「ハナ」を発売するために株式会社エルムを設立。",
     [("高田三郎", "founderOf", "株式会社エルム"), ("宮下健", "founderOf", "株式会社エルム")], []),
    # 「らと」 on another verb: they were met, not partners in the founding
    ("1990年、木村一郎らと対立し、株式会社エルムを設立した。",
     [("宮下健", "founderOf", "株式会社エルム")], [("木村一郎", "founderOf", "株式会社エルム")]),
])
def test_relations_companions_before_rato_found_too(nlp, rules, tmp_path, sentence, expected, absent):
    found = file_triples(nlp, rules, tmp_path, LEAD + sentence + "\n")
    for triple in expected:
        assert _norm(triple) in found, sorted(found)
    for triple in absent:
        assert _norm(triple) not in found, sorted(found)

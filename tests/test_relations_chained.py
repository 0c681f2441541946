"""Stage 5 on the real model: a clause chained by a comma (「AはXに投資し、Bは…」) keeps the topic written before
it; the topic of the next clause is not its subject.

Rows are own sentences; each runs the real mentions → aliases → relations stages (tests/test_relations.py).
"""

from __future__ import annotations

import pytest

from test_relations import expect_absent, has, rules, triples  # noqa: F401 (rules is a fixture)


@pytest.mark.parametrize("text, absent", [
    ("Zebra CapitalはAcme Labsに投資し、John Smithは個人資金を追加した。", ("John Smith", "investedIn", "Acme Labs")),
    ("Birchwood CapitalはGlintlyに投資し、Jane Marlowは個人資金を追加した。", ("Jane Marlow", "investedIn", "Glintly")),
])
def test_relations_chained_clause_takes_no_later_topic(nlp, rules, text, absent):  # noqa: F811
    expect_absent(nlp, rules, text, absent)


@pytest.mark.parametrize("text, expected", [
    # the topic written before the chained clause is still its subject
    ("Zebra VenturesはAcmeに投資し、John Smithは個人資金を追加した。", ("Zebra Ventures", "investedIn", "Acme")),
    # with no topic before it, the clause takes the one after (「Xを卒業し、Aは…」 reads A as its subject)
    ("神戸大学を卒業後、山田太郎は住友化学に入社した。", ("山田太郎", "alumniOf", "神戸大学")),
    # a relative clause still takes the noun it modifies, written after it
    ("北辰工業は子会社・南海化学の社長を務める山田太郎執行役員が社長に昇格する。", ("山田太郎", "ceoOf", "南海化学")),
])
def test_relations_chained_clause_keeps_its_topic(nlp, rules, text, expected):  # noqa: F811
    found = triples(nlp, rules, text)
    assert has(found, *expected), f"{expected} not in {sorted(found)}"

"""Contradictions in a built graph, each with the statements behind it.

Read from the entity view (kg.views.to_networkx), so `kg conflicts`, `kg stats` and the page see the
same ones. Five kinds:

- ``two-ceos``: two people are CEO of one organisation at one date;
- ``founding-year``: the statements date an organisation's founding to different years;
- ``acquisition-year``: the statements date one acquisition to different years;
- ``mutual-acquisition``: A acquired B and B acquired A;
- ``two-spouses``: a person is married to two people at one date.

Two dates agree when one is a prefix of the other ("2005" and "2005-04"); undated statements never
conflict on dates.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations

import networkx as nx

KINDS = ("two-ceos", "founding-year", "acquisition-year", "mutual-acquisition", "two-spouses")


@dataclass(frozen=True, slots=True)
class Evidence:
    """One statement taking part in a conflict."""

    subject: str  # labels
    relation: str
    object: str
    date: str
    document: str  # document IRI
    evidence: str
    statement: str  # statement IRI ("" for a direct triple without one)
    edge: tuple[str, str, str]  # (subject IRI, object IRI, relation): the edge the page draws


@dataclass(frozen=True, slots=True)
class Conflict:
    """A contradiction: its kind, a one-line description and the statements behind it."""

    kind: str
    description: str
    statements: tuple[Evidence, ...]


def same_time(a: str, b: str) -> bool:
    """Return whether two dates (xsd:gYear, gYearMonth or date lexical forms) can be the same time.

    Example:
        >>> same_time("2005", "2005-04"), same_time("2005-03", "2005-04"), same_time("", "2005")
        (True, False, False)
    """
    return bool(a) and bool(b) and (a.startswith(b) or b.startswith(a))


def find_conflicts(view: nx.MultiDiGraph) -> list[Conflict]:
    """Return every contradiction in the entity view, sorted by kind and description."""
    by_relation: dict[str, list[Evidence]] = defaultdict(list)
    for s, o, attrs in view.edges(data=True):
        rel = str(attrs.get("relation") or "")
        by_relation[rel].append(Evidence(
            subject=_label(view, s), relation=rel, object=_label(view, o), date=str(attrs.get("date") or ""),
            document=str(attrs.get("doc") or ""), evidence=str(attrs.get("evidence") or ""),
            statement=str(attrs.get("statement") or ""), edge=(s, o, rel)))
    found: list[Conflict] = []
    found += _same_date_pairs(by_relation["ceoOf"], "two-ceos", by="object",
                              text="{o} has two CEOs in {date}: {a} and {b}")
    found += _same_date_pairs([*by_relation["spouseOf"], *(_flip(e) for e in by_relation["spouseOf"])],
                              "two-spouses", by="subject", text="{s} is married to {a} and {b} in {date}")
    found += _years_disagree(by_relation["founderOf"], "founding-year", key=lambda e: (e.edge[1],),
                             text=lambda e, years: f"{e.object} founded in {' and '.join(years)}")
    found += _years_disagree(by_relation["acquired"], "acquisition-year", key=lambda e: (e.edge[0], e.edge[1]),
                             text=lambda e, years: f"{e.subject} acquired {e.object} in {' and '.join(years)}")
    found += _mutual(by_relation["acquired"])
    # One conflict per description: several sentences may state each side of it.
    merged: dict[tuple[str, str], set[Evidence]] = defaultdict(set)
    for c in found:
        merged[(c.kind, c.description)].update(c.statements)
    return [Conflict(kind, description, tuple(sorted(statements, key=_order)))
            for (kind, description), statements in sorted(merged.items(), key=lambda kv: (KINDS.index(kv[0][0]),
                                                                                         kv[0][1]))]


def conflicting_edges(conflicts: list[Conflict]) -> dict[tuple[str, str, str], list[str]]:
    """Return (subject IRI, object IRI, relation) → the descriptions of the conflicts that edge is part of."""
    out: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for c in conflicts:
        for e in c.statements:
            if c.description not in out[e.edge]:
                out[e.edge].append(c.description)
    return dict(out)


def _label(view: nx.MultiDiGraph, node: str) -> str:
    return str(view.nodes[node].get("label") or node)


def _flip(e: Evidence) -> Evidence:
    """The same symmetric statement read from its object's side (the edge stays as drawn)."""
    return Evidence(e.object, e.relation, e.subject, e.date, e.document, e.evidence, e.statement, e.edge)


def _same_date_pairs(evidence: list[Evidence], kind: str, by: str, text: str) -> list[Conflict]:
    """Two different partners of one entity (the subject or the object) at one date."""
    groups: dict[str, list[Evidence]] = defaultdict(list)
    for e in evidence:
        if e.date:
            groups[e.subject if by == "subject" else e.object].append(e)
    out = []
    for _, items in sorted(groups.items()):
        for a, b in combinations(sorted(items, key=_order), 2):
            pa, pb = (a.object, b.object) if by == "subject" else (a.subject, b.subject)
            if pa != pb and same_time(a.date, b.date):
                first, second = sorted((pa, pb))
                date = min(a.date, b.date, key=len)
                out.append(Conflict(kind, text.format(s=a.subject, o=a.object, a=first, b=second, date=date),
                                    tuple(sorted((a, b), key=_order))))
    return out


def _years_disagree(evidence: list[Evidence], kind: str, key, text) -> list[Conflict]:
    """Statements of one event that date it to different years."""
    groups: dict[tuple, list[Evidence]] = defaultdict(list)
    for e in evidence:
        if e.date:
            groups[key(e)].append(e)
    out = []
    for _, items in sorted(groups.items()):
        years = sorted({e.date[:4] for e in items})
        if len(years) > 1:
            items = sorted(items, key=_order)
            out.append(Conflict(kind, text(items[0], years), tuple(items)))
    return out


def _mutual(evidence: list[Evidence]) -> list[Conflict]:
    """A acquired B, and B acquired A."""
    by_pair: dict[tuple[str, str], list[Evidence]] = defaultdict(list)
    for e in evidence:
        by_pair[(e.edge[0], e.edge[1])].append(e)
    out = []
    for (a, b), items in sorted(by_pair.items()):
        back = by_pair.get((b, a))
        if back and a < b:
            both = sorted([*items, *back], key=_order)
            first, second = sorted((items[0].subject, items[0].object))
            out.append(Conflict("mutual-acquisition", f"{first} and {second} each acquired the other", tuple(both)))
    return out


def _order(e: Evidence) -> tuple:
    return (e.date, e.document, e.subject, e.object, e.statement, e.evidence)


def report_lines(conflicts: list[Conflict], documents: dict[str, str] | None = None) -> list[str]:
    """Return the conflicts as text: a line per conflict, then a line per statement with its evidence.

    ``documents`` maps document IRI → a short name (the file name) shown beside each sentence.
    """
    documents = documents or {}
    lines = []
    for c in conflicts:
        lines.append(f"[{c.kind}] {c.description}")
        for e in c.statements:
            when = f" ({e.date})" if e.date else ""
            source = documents.get(e.document, e.document.rsplit("/", 1)[-1])
            lines.append(f"  {e.subject} {e.relation} {e.object}{when} — {source}: 「{e.evidence}」")
    return lines

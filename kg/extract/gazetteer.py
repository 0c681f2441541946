"""Optional user gazetteer for stage 4: pin the type and canonical name of entities a user knows.

A Turtle file of ``kg:Person`` / ``kg:Organization`` nodes with ``skos:prefLabel`` and ``skos:altLabel``.
Off by default, never used in evaluation: the pipeline must do well without it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import RDF, SKOS, Graph, URIRef

from ..errors import KGError
from ..vocab import KG
from .names import normalize


@dataclass(frozen=True, slots=True)
class Entry:
    """One known entity: its canonical name and class."""

    name: str
    kind: URIRef


@dataclass(frozen=True, slots=True)
class Gazetteer:
    """Known names, by matching key (names.normalize), each with the entry it names."""

    names: dict[str, Entry]

    def lookup(self, key: str) -> Entry | None:
        """Return the entry a normalized name belongs to, if any."""
        return self.names.get(key)


def load(path: Path) -> Gazetteer:
    """Read a gazetteer file.

    Raises:
        KGError: the file is missing, not Turtle, or has a node without a prefLabel or a class.
    """
    g = Graph()
    try:
        g.parse(path, format="turtle")
    except (OSError, SyntaxError, ValueError) as err:  # rdflib raises BadSyntax (a SyntaxError) on bad Turtle
        raise KGError(f"{path}: cannot read gazetteer: {err}; give a Turtle file of kg:Person/kg:Organization "
                      "nodes with skos:prefLabel and skos:altLabel") from err
    names: dict[str, Entry] = {}
    for kind in (KG.Person, KG.Organization):
        for node in sorted(g.subjects(RDF.type, kind)):
            pref = g.value(node, SKOS.prefLabel)
            if pref is None:
                raise KGError(f"{path}: {node} has no skos:prefLabel; add one (the canonical name)")
            entry = Entry(name=str(pref), kind=kind)
            for label in [pref, *sorted(g.objects(node, SKOS.altLabel))]:
                names[normalize(str(label))] = entry
    return Gazetteer(names=names)

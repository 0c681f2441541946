"""Why a node of a built graph holds the names it holds: its merge reasons, its documents, its namesakes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath

from rdflib import RDF, RDFS, SKOS, Graph, URIRef
from rdflib.namespace import PROV

from ..errors import KGError
from ..extract.names import normalize
from ..vocab import KG
from .views import entity_type


@dataclass(frozen=True, slots=True)
class Explanation:
    """One node: its names, documents and the reasons recorded when it was built."""

    node: str
    label: str
    kind: str  # "Person", or "Organization/Company"
    names: tuple[str, ...]
    mentions: int
    documents: tuple[str, ...]  # file names
    merged: tuple[str, ...]  # why its names are one entity (document rules, then corpus: links)
    typed: tuple[str, ...]  # the type vote and its evidence
    apart: tuple[str, ...]  # corpus-apart: why a namesake elsewhere is another node
    namesakes: tuple[str, ...]  # other nodes that carry one of its names, "label (kind)"

    def as_dict(self) -> dict:
        return {f: list(v) if isinstance(v, tuple) else v for f, v in
                ((f, getattr(self, f)) for f in self.__dataclass_fields__)}

    def lines(self) -> list[str]:
        """The explanation as indented text lines."""
        out = [f"{self.label} ({self.kind}) {self.node}",
               f"  names: {', '.join(self.names)}",
               f"  mentions: {self.mentions} in {len(self.documents)} documents: {', '.join(self.documents)}"]
        for title, items in (("why these names are one entity", self.merged), ("type", self.typed),
                             ("kept apart", self.apart), ("other nodes with one of these names", self.namesakes)):
            if items:
                out.append(f"  {title}:")
                out += [f"    {item}" for item in items]
        return out


def explain(g: Graph, name: str) -> list[Explanation]:
    """Return the explanation of every entity node that carries ``name`` (up to width, spacing, case).

    Raises:
        KGError: no entity carries the name.
    """
    key = normalize(name)
    names: dict[URIRef, list[str]] = {}
    for kind in (KG.Person, KG.Organization):
        for node in g.subjects(RDF.type, kind):
            names[node] = [str(g.value(node, RDFS.label) or "")] + sorted(str(a) for a in g.objects(node, SKOS.altLabel))
    hits = sorted(n for n, ns in names.items() if key in {normalize(x) for x in ns})
    if not key or not hits:
        raise KGError(f"no entity named '{name}' in the graph; try a name `kg query` lists, e.g. "
                      "kg query \"SELECT ?n WHERE { ?e rdfs:label ?n }\"")
    by_key: dict[str, set[URIRef]] = {}
    for node, ns in names.items():
        for n in ns:
            by_key.setdefault(normalize(n), set()).add(node)
    return [_explain(g, node, names, by_key) for node in hits]


def _explain(g: Graph, node: URIRef, names: dict[URIRef, list[str]], by_key: dict[str, set[URIRef]]) -> Explanation:
    coarse, fine = entity_type(g, node)
    reasons = sorted(str(r) for r in g.objects(node, KG.mergeReason))
    typed = tuple(sorted((r for r in reasons if r.startswith(("type:", "evidence:"))),
                         key=lambda r: (r.startswith("evidence:"), r)))
    apart = tuple(r for r in reasons if r.startswith("corpus-apart:"))
    merged = tuple(sorted((r for r in reasons if r not in typed and r not in apart),
                          key=lambda r: (r.startswith("corpus:"), r)))
    docs = []
    for doc in g.objects(node, PROV.wasDerivedFrom):
        path = str(g.value(doc, KG.sourcePath) or doc).replace("\\", "/")
        docs.append(PurePath(path).name)
    others = sorted({o for n in names[node] for o in by_key.get(normalize(n), ()) if o != node})
    count = g.value(node, KG.mentionCount)
    return Explanation(
        node=str(node), label=names[node][0], kind=coarse if fine == coarse else f"{coarse}/{fine}",
        names=tuple(names[node]), mentions=int(count) if count is not None else 0, documents=tuple(sorted(docs)),
        merged=merged, typed=typed, apart=apart,
        namesakes=tuple(f"{names[o][0]} ({entity_type(g, o)[0]}) {o}" for o in others))

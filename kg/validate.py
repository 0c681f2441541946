"""Validation: rdflib.Graph → (conforms, report) against ontology/shapes.ttl with pySHACL."""

from __future__ import annotations

import logging
from pathlib import Path

from rdflib import Graph

from .errors import ShapeViolation, VocabularyError

log = logging.getLogger(__name__)

SHAPES = Path(__file__).resolve().parent.parent / "ontology" / "shapes.ttl"


def load_shapes(path: str | Path | None = None) -> Graph:
    """Parse the SHACL shapes file (default: ontology/shapes.ttl).

    Raises:
        VocabularyError: the shapes file is missing or is not valid Turtle.
    """
    path = Path(path) if path is not None else SHAPES
    try:
        return Graph().parse(path, format="turtle")
    except FileNotFoundError as err:
        raise VocabularyError(f"{path}: SHACL shapes file not found; restore ontology/shapes.ttl") from err
    except Exception as err:  # rdflib raises parser-specific types
        raise VocabularyError(f"{path}: shapes are not valid Turtle: {err}".splitlines()[0]) from err


def validate(g: Graph, shapes: Graph | str | Path | None = None) -> tuple[bool, str]:
    """Validate ``g`` against the SHACL shapes; return (conforms, report text).

    No inference is run: kg build writes every type explicitly, so the shapes check what is written.

    Raises:
        VocabularyError: the shapes cannot be loaded.
    """
    from pyshacl import validate as shacl_validate

    shapes_graph = shapes if isinstance(shapes, Graph) else load_shapes(shapes)
    conforms, _report_graph, text = shacl_validate(g, shacl_graph=shapes_graph, inference="none",
                                                   advanced=True, allow_warnings=True)
    return bool(conforms), str(text)


def violations(report: str) -> list[str]:
    """Return the one-line messages of a pySHACL text report, one per violation, in report order.

    Example:
        >>> violations("Constraint Violation in X:\\n\\tFocus Node: <a>\\n\\tMessage: no label\\n")
        ['<a>: no label']
    """
    out: list[str] = []
    focus = ""
    for line in report.splitlines():
        line = line.strip()
        if line.startswith("Focus Node:"):
            focus = line.split(":", 1)[1].strip()
        elif line.startswith("Message:"):
            out.append(f"{focus}: {line.split(':', 1)[1].strip()}")
    return out


def check(g: Graph, *, strict: bool = False, shapes: Graph | str | Path | None = None) -> tuple[bool, list[str]]:
    """Validate ``g``; return (conforms, one warning per violation), or raise when ``strict``.

    Raises:
        ShapeViolation: ``strict`` is set and the graph does not conform.
    """
    conforms, report = validate(g, shapes)
    if conforms:
        return True, []
    if strict:
        raise ShapeViolation(report)
    found = violations(report)
    for message in found:
        log.warning("SHACL: %s", message)
    return False, [f"SHACL: {m}" for m in found]


__all__ = ["SHAPES", "check", "load_shapes", "validate", "violations"]

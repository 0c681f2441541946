"""Errors the tool reports to users; the CLI turns each into one line on stderr."""

from __future__ import annotations


class KGError(Exception):
    """Base class: a problem the user can fix, with a message that says how."""


class SeedError(KGError):
    """An input path or file that cannot be used."""

    def __init__(self, path: object, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class BuildFailed(KGError):
    """A build that stopped (nothing usable, or --strict with warnings), with the warnings gathered so far."""

    def __init__(self, message: str, warnings: tuple[str, ...] | list[str] = ()) -> None:
        self.warnings = tuple(warnings)
        super().__init__(message)


class ModelNotInstalled(KGError):
    """The spaCy/GiNZA model is missing."""

    def __init__(self, name: str) -> None:
        self.name = name
        package = name.replace("_", "-")
        super().__init__(f"spaCy model '{name}' is not installed; run: pip install {package}")


class VocabularyError(KGError):
    """A term or rule file does not match the ontology."""


class ShapeViolation(KGError):
    """The graph does not conform to ontology/shapes.ttl."""

    def __init__(self, report: str) -> None:
        self.report = report
        first = next((ln.strip() for ln in report.splitlines() if "Message" in ln), "see report")
        super().__init__(f"graph violates the SHACL shapes: {first}")


class QueryError(KGError):
    """A SPARQL query that cannot be run."""


class GraphNotFound(KGError):
    """A graph file that is missing or cannot be parsed."""

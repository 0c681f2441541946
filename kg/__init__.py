"""kg: a knowledge graph of people, organisations and their relations, from Japanese text."""

from .model import Chunk, Document, Entity, Mention, Relation, Result, Source

__all__ = ["Chunk", "Document", "Entity", "Mention", "Relation", "Result", "Source", "run", "__version__"]
__version__ = "0.1.0"


def run(settings):  # noqa: ANN001, ANN201 - thin re-export, typed in pipeline.run
    """Build the graph described by ``settings``; see :func:`kg.build.pipeline.run`."""
    from .build.pipeline import run as _run

    return _run(settings)

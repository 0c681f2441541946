"""Stage 2: Chunk → spaCy Doc. The only module that loads GiNZA."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from .errors import ModelNotInstalled

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from .config import Settings
    from .model import Chunk

log = logging.getLogger(__name__)


def load(settings: Settings) -> Language:
    """Load the GiNZA model named in settings, with the split mode set.

    Raises:
        ModelNotInstalled: the model package is not installed.
    """
    import spacy

    try:
        nlp = spacy.load(settings.model, config={"components": {"compound_splitter": {
            "split_mode": settings.split_mode}}} if settings.model.startswith("ja_ginza") else {})
    except OSError as err:
        raise ModelNotInstalled(settings.model) from err
    return nlp


def model_version(nlp: Language) -> str:
    """Return ``lang_name-version`` of a loaded model."""
    return _meta_id(nlp.meta)


def installed_version(settings: Settings) -> str:
    """Return ``lang_name-version`` of the model in settings without loading it (it keys the parse cache).

    Reading meta.json takes milliseconds; loading the model takes seconds, which a build whose every
    document is cached never pays.

    Raises:
        ModelNotInstalled: the model package is not installed.
    """
    from pathlib import Path

    import spacy.util

    try:
        path = Path(settings.model) if Path(settings.model).is_dir() else \
            spacy.util.get_package_path(settings.model)
        meta = spacy.util.get_model_meta(path)
    except (ImportError, OSError, ValueError) as err:
        raise ModelNotInstalled(settings.model) from err
    return _meta_id(meta)


def _meta_id(meta: dict) -> str:
    return f"{meta.get('lang', 'xx')}_{meta.get('name', 'model')}-{meta.get('version', '0')}"


def parse(nlp: Language, chunks: Iterable[Chunk], *, jobs: int = 1,
          batch_size: int = 32) -> Iterator[tuple[Doc, Chunk]]:
    """Parse chunks in order, yielding each Doc with its Chunk."""
    pairs = ((chunk.text, chunk) for chunk in chunks)
    yield from nlp.pipe(pairs, as_tuples=True, n_process=max(1, jobs), batch_size=batch_size)

"""Stage 2: Chunk → spaCy Doc. The only module that loads GiNZA."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from ..errors import KGError, ModelNotInstalled

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from ..config import Settings
    from ..model import Chunk

log = logging.getLogger(__name__)


def load(settings: Settings) -> Language:
    """Load the GiNZA model named in settings, with the split mode set.

    Raises:
        ModelNotInstalled: the model package is not installed.
    """
    import spacy

    ginza = settings.model.startswith("ja_ginza")
    try:
        # ja_ginza's vocab/strings.json (17 MB, ~600k strings of its vector table) is most of its load
        # time and nothing reads it: the tokenizer and the components add every string a Doc uses, and
        # the vectors are found by hash. Skipping it loads the model in a third of the time, with the
        # same Docs (tested: tokens, tags, lemmas, vectors, tensor, entities, bunsetu data).
        nlp = spacy.load(settings.model, exclude=["strings"] if ginza else [],
                         config={"components": {"compound_splitter": {"split_mode": settings.split_mode}}}
                         if ginza else {})
    except OSError as err:
        raise ModelNotInstalled(settings.model) from err
    if settings.kg_ner:
        add_kg_ner(nlp)
    return nlp


def add_kg_ner(nlp: Language) -> None:
    """Append the trained kg_ner component; its entities go to ``doc.spans["kg_ner"]``, GiNZA's stay.

    Raises:
        KGError: the shipped weights under kg/extract/models/ner_wikipedia are missing or unreadable.
    """
    from .models.kg_ner import make_kg_ner
    from .models.weights import NER_PATH

    try:
        nlp.add_pipe("kg_ner", last=True)
    except (OSError, ValueError, KeyError) as err:
        raise KGError(f"{NER_PATH}: cannot load the trained kg_ner component: {err}; reinstall kg "
                      "(pip install -e .), rebuild it with bench/train_ner.py, or set kg_ner = false") from err


def _ner_suffix(enabled: bool) -> str:
    """Tag a model id with the kg_ner weights, so parses with and without them never share a cache entry."""
    from .models.weights import fingerprint

    return f"+kg_ner-{fingerprint()}" if enabled else ""


def model_version(nlp: Language) -> str:
    """Return ``lang_name-version`` of a loaded model (``+kg_ner-HASH`` when the trained component runs)."""
    return _meta_id(nlp.meta) + _ner_suffix("kg_ner" in nlp.pipe_names)


def installed_version(settings: Settings) -> str:
    """Return ``lang_name-version`` of the model in settings without loading it (it keys the parse cache).

    Reading meta.json takes milliseconds; loading the model takes seconds, which a build whose every
    document is cached never pays. Neither spaCy nor the model package is imported (importing spaCy
    alone takes a second or two): the package is found with importlib, as spaCy finds it.

    Raises:
        ModelNotInstalled: the model package is not installed.
    """
    import importlib.util
    import json
    from pathlib import Path

    try:
        if Path(settings.model).is_dir():
            path = Path(settings.model)
        else:
            spec = importlib.util.find_spec(settings.model)
            if spec is None or spec.origin is None:
                raise ImportError(f"no package named {settings.model}")
            path = Path(spec.origin).parent
        meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
        if not isinstance(meta, dict) or not all(meta.get(k) for k in ("lang", "name", "version")):
            raise ValueError(f"{path / 'meta.json'} lacks lang, name or version")  # as spaCy's load_meta
    except (ImportError, OSError, ValueError) as err:
        raise ModelNotInstalled(settings.model) from err
    return _meta_id(meta) + _ner_suffix(settings.kg_ner)


def _meta_id(meta: dict) -> str:
    return f"{meta.get('lang', 'xx')}_{meta.get('name', 'model')}-{meta.get('version', '0')}"


def parse(nlp: Language, chunks: Iterable[Chunk], *, jobs: int = 1,
          batch_size: int = 32) -> Iterator[tuple[Doc, Chunk]]:
    """Parse chunks in order, yielding each Doc with its Chunk."""
    pairs = ((chunk.text, chunk) for chunk in chunks)
    yield from nlp.pipe(pairs, as_tuples=True, n_process=max(1, jobs), batch_size=batch_size)

"""Stage 2: Chunk → spaCy Doc. The only module that loads GiNZA."""

from __future__ import annotations

import functools
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
    """Load the GiNZA model named in settings, with the split mode set; with ``settings.kg_ner``, kg's own
    tagger takes the place of GiNZA's NER.

    Raises:
        ModelNotInstalled: the model package is not installed.
        KGError: kg_ner is on and its shipped weights cannot be read.
    """
    nlp = load_parser(settings, ner=not settings.kg_ner)
    if settings.kg_ner:
        add_kg_ner(nlp)
        numpy_matmul(nlp)
    return nlp


def load_parser(settings: Settings, *, ner: bool = True) -> Language:
    """Load the model of settings; ``ner=False`` leaves GiNZA's NER out (about a third of its parse).

    Raises:
        ModelNotInstalled: the model package is not installed.
    """
    import spacy

    ginza = settings.model.startswith("ja_ginza")
    # ja_ginza's vocab/strings.json (17 MB, ~600k strings of its vector table) is most of its load
    # time and nothing reads it: the tokenizer and the components add every string a Doc uses, and
    # the vectors are found by hash. Skipping it loads the model in a third of the time, with the
    # same Docs (tested: tokens, tags, lemmas, vectors, tensor, entities, bunsetu data).
    exclude = (["strings"] if ginza else []) + ([] if ner else ["ner"])
    try:
        nlp = spacy.load(settings.model, exclude=exclude,
                         config={"components": {"compound_splitter": {"split_mode": settings.split_mode}}}
                         if ginza else {})
    except OSError as err:
        raise ModelNotInstalled(settings.model) from err
    numpy_matmul(nlp)
    return nlp


def numpy_matmul(nlp: Language) -> None:
    """Run the layers' matrix products on numpy's BLAS rather than thinc's bundled blis.

    On the x86 machines kg runs on, numpy's OpenBLAS multiplies GiNZA's tok2vec matrices about 2.8 times
    as fast as blis (one thread each), which halves tok2vec, the largest part of the parse; the Docs are
    the same (tested: tokens, tags, heads, entities). The transition-based parser and NER keep their own
    compiled step loop.
    """
    from thinc.api import NumpyOps

    ops = NumpyOps(use_blis=False)
    for _, proc in nlp.pipeline:
        model = getattr(proc, "model", None)
        if hasattr(model, "walk"):
            for node in model.walk():
                node.ops = ops


def add_kg_ner(nlp: Language) -> None:
    """Append kg's trained tagger (kg/extract/models/ner_wikipedia); it writes ``doc.ents``.

    Raises:
        KGError: the pipeline still has GiNZA's NER, or the shipped weights are missing or unreadable.
    """
    from .models.kg_ner import make_kg_ner  # noqa: F401  (registers the factory)
    from .models.weights import NER_PATH

    if "ner" in nlp.pipe_names:
        raise KGError("kg_ner takes the place of GiNZA's NER: load the model with load_parser(settings, ner=False)")
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
    if "kg_ner" not in nlp.pipe_names and "ner" not in nlp.pipe_names:
        return _meta_id(nlp.meta) + "+no_ner"  # load_parser(ner=False): a Doc without entities
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
    with one_blas_thread():
        yield from nlp.pipe(pairs, as_tuples=True, n_process=max(1, jobs), batch_size=batch_size)


def one_blas_thread() -> object:
    """Keep numpy's BLAS to one thread while parsing (a context manager; ``.unregister()`` ends it too).

    kg parses in processes (``--jobs``); BLAS threads of their own in each would fight over the cores.
    """
    return _blas_controller().limit(limits=1, user_api="blas")


@functools.cache
def _blas_controller() -> object:
    """The BLAS libraries of this process, found once (a search costs about a millisecond; a limit, 10 µs)."""
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()

"""Stage 2, optional: kg's own Person/Organization tagger, in the place of GiNZA's 200-label NER.

A spaCy ``ner`` with no tok2vec of its own: it reads the contextual vectors GiNZA's tok2vec leaves in
``doc.tensor`` (frozen), beside hashed word forms, Sudachi's tags and ja_ginza's static vectors, and writes
PERSON, COMPANY, POLITICAL and ORG (the kinds of organisation) and the classes that keep a name from passing
as one (PRODUCT, LOC, FAC, EVENT) into ``doc.ents``. Stage 3 reads those labels through
``ontology/kg_ner_labels.yaml`` as it reads GiNZA's through ``ene_types.yaml``. Its transition system has
33 actions against GiNZA's 800-odd, so it costs a small part of what GiNZA's NER does.
Trained by bench/train_ner.py on ner-wikipedia (CC BY-SA 3.0, Stockmark Inc.).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from spacy.language import Language
from spacy.pipeline import EntityRecognizer
from spacy.ml.models import MultiHashEmbed
from spacy.util import minibatch, registry
from thinc.api import Maxout, Model, chain, concatenate, with_array
from thinc.layers import expand_window

from ...errors import KGError
from .weights import NER_PATH

if TYPE_CHECKING:
    from spacy.tokens import Doc
    from thinc.types import Floats2d

DEFAULT_PATH = NER_PATH


@registry.architectures("kg.GinzaTensor.v1")
def ginza_tensor(width: int = 256) -> Model[list[Doc], list[Floats2d]]:
    """Read the contextual vectors GiNZA's tok2vec left in ``doc.tensor`` (frozen: no gradient flows back)."""
    return Model("ginza_tensor", _tensor_forward, dims={"nO": width})


def _tensor_forward(model: Model, docs: list[Doc], is_train: bool) -> tuple[list[Floats2d], object]:
    width = model.get_dim("nO")
    out = []
    for doc in docs:
        if not len(doc):
            out.append(model.ops.alloc2f(0, width))
            continue
        if doc.tensor.shape != (len(doc), width):
            raise ValueError(f"doc.tensor has shape {doc.tensor.shape}, expected ({len(doc)}, {width}); "
                             "run GiNZA's tok2vec first")
        out.append(model.ops.asarray2f(doc.tensor))
    return out, lambda d_out: []


@registry.architectures("kg.TensorTok2Vec.v1")
def tensor_tok2vec(tensor_width: int = 256, embed_width: int = 64, width: int = 128,
                   attrs: list[str] = ("NORM", "SUFFIX", "TAG", "ENT_TYPE"),
                   rows: list[int] = (5000, 2500, 500, 500), static_vectors: bool = False,
                   depth: int = 1) -> Model[list[Doc], list[Floats2d]]:
    """GiNZA's tensor beside hashed token attributes (Sudachi tag, ENE label...), mixed by ``depth``
    windowed maxout layers (each sees one token either side)."""
    embed = MultiHashEmbed(width=embed_width, attrs=list(attrs), rows=list(rows),
                           include_static_vectors=static_vectors)
    layers = [Maxout(width, tensor_width + embed_width, nP=2, normalize=True)]
    for _ in range(depth):
        layers += [expand_window(window_size=1), Maxout(width, width * 3, nP=2, normalize=True)]
    # pad: each windowed layer sees one token either side, so the Docs of a batch are kept ``depth`` rows apart;
    # without it a Doc's edge tokens saw the next Doc's, and a Doc's entities depended on the batch it came in.
    model = chain(concatenate(ginza_tensor(tensor_width), embed), with_array(chain(*layers), pad=depth))
    model.set_dim("nO", width)
    return model


class FixedLabelNer(EntityRecognizer):
    """spaCy's ner that keeps the actions it was trained with.

    spaCy adds an action for every entity label already on a Doc it sees; GiNZA's ENE labels stay on the
    Doc as a feature here, so the stock ner grew from its own actions to hundreds (9 → 657 when it had two
    labels), each paid for on every token.
    """

    def _ensure_labels_are_added(self, docs: list[Doc]) -> int:
        return 0


def build_ner(nlp: Language, name: str, config: dict) -> FixedLabelNer:
    """Make the untrained transition-based ner of a kg_ner config (bench/train_ner.py writes the config)."""
    model = registry.resolve({"model": config["model"]})["model"]
    return FixedLabelNer(nlp.vocab, model, name,
                       update_with_oracle_cut_size=config.get("update_with_oracle_cut_size", 100))


class KGNer:
    """Tag Docs parsed without GiNZA's NER: the trained ner's entities become ``doc.ents``."""

    def __init__(self, nlp: Language, name: str, path: str) -> None:
        folder = Path(path) if path else DEFAULT_PATH
        config = json.loads((folder / "config.json").read_text(encoding="utf-8"))["component"]
        self.name = name
        self.path = str(folder)
        self.nlp = nlp
        self.ner = build_ner(nlp, f"{name}_ner", config)
        self.ner.from_disk(folder, exclude=("vocab",))
        self.labels = frozenset(self.ner.labels)

    def __call__(self, doc: Doc) -> Doc:
        return next(self.pipe([doc]))

    def _ensure_tensor(self, docs: list[Doc]) -> None:
        """Run GiNZA's tok2vec on Docs that lost their tensor (a DocBin from the parse cache keeps none)."""
        missing = [d for d in docs if d.tensor.shape[0] != len(d) or (len(d) and d.tensor.shape[1] == 0)]
        if not missing:
            return
        if "tok2vec" not in self.nlp.pipe_names:
            raise KGError(f"{self.path}: kg_ner reads GiNZA's doc.tensor, but the pipeline has no tok2vec; "
                          "use a ja_ginza model or set kg_ner = false")
        tok2vec = self.nlp.get_pipe("tok2vec")
        tok2vec.set_annotations(missing, tok2vec.predict(missing))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 64) -> Iterator[Doc]:
        for batch in minibatch(docs, size=batch_size):
            self._ensure_tensor(batch)
            self.ner.set_annotations(batch, self.ner.predict(batch))
            yield from batch


@Language.factory("kg_ner", default_config={"path": ""})
def make_kg_ner(nlp: Language, name: str, path: str) -> KGNer:
    """Build the component from a folder written by bench/train_ner.py (default: the shipped one)."""
    return KGNer(nlp, name, path)

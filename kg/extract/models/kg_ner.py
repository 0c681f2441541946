"""Stage 2 add-on: the trained kg_ner component as a spaCy pipe after GiNZA.

It tags PERSON and ORG, and PRODUCT / LOC / FAC / EVENT so that stage 3 hears a product or a place as
such; with ``rule_features`` in its config it also reads stage 3's own reading of the Doc (a stacked
tagger, :func:`set_rule_features`).

It writes its entities into ``doc.spans["kg_ner"]`` and leaves GiNZA's ``doc.ents`` as they were, so
stage 3 can weigh both. It has no tok2vec of its own: it reads ``doc.tensor``, which GiNZA's tok2vec
(the first pipe of ja_ginza) leaves on every Doc, plus hashed Sudachi tags and GiNZA's ENE label: with
the rule pass it reads, it costs about 8 % of GiNZA's parse (bench/ner_wikipedia.py --cost). Trained by bench/train_ner.py on the dev split of ner-wikipedia.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import numpy
from spacy.attrs import ENT_IOB, ENT_KB_ID, ENT_TYPE
from spacy.language import Language
from spacy.pipeline import EntityRecognizer
from spacy.ml.models import MultiHashEmbed
from spacy.util import minibatch, registry
from thinc.api import Maxout, Model, chain, concatenate, with_array
from thinc.layers import expand_window

from ...errors import KGError
from .weights import NER_PATH, SPANS_KEY

if TYPE_CHECKING:
    from spacy.tokens import Doc
    from thinc.types import Floats2d

DEFAULT_PATH = NER_PATH


def unset_iob(doc: Doc) -> None:
    """Mark every token's entity tag as unknown but keep GiNZA's ENE label as a feature.

    spaCy's ner treats entities already on a Doc as fixed; GiNZA's are evidence here, not constraints.
    """
    arr = doc.to_array([ENT_IOB, ENT_TYPE])
    arr[:, 0] = 0
    doc.from_array([ENT_IOB, ENT_TYPE], arr)


def set_rule_features(doc: Doc) -> None:
    """Write the rules' own reading of a Doc into each token's ``ENT_KB_ID`` as a feature for the tagger.

    Stage 3's rules run on the Doc alone; each token gets ``rule:Person-B``, ``rule:Person-I``,
    ``rule:Organization-B``, ``rule:Organization-I`` or nothing. A tagger trained with these (bench/train_ner.py,
    unless --no-stack) learns where the rules are right and where Wikipedia-style text needs more, instead of voting
    against them blind.
    """
    from ...model import Chunk
    from ...vocab import local_name
    from ..mentions import extract_document_mentions

    strings = doc.vocab.strings
    values = numpy.zeros((len(doc), 1), dtype="uint64")
    for m in extract_document_mentions([(doc, Chunk(doc_id="rules", index=0, start=0, text=doc.text))]):
        span = doc.char_span(m.source.start, m.source.end, alignment_mode="expand")
        if span is None:
            continue
        kind = local_name(m.kind)
        for t in span:
            values[t.i, 0] = strings.add(f"rule:{kind}-{'B' if t.i == span.start else 'I'}")
    doc.from_array([ENT_KB_ID], values)


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
    model = chain(concatenate(ginza_tensor(tensor_width), embed), with_array(chain(*layers)))
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
    """GiNZA's ents in, GiNZA's ents out; the trained ner's entities in ``doc.spans[SPANS_KEY]``."""

    def __init__(self, nlp: Language, name: str, path: str) -> None:
        folder = Path(path) if path else DEFAULT_PATH
        config = json.loads((folder / "config.json").read_text(encoding="utf-8"))["component"]
        self.name = name
        self.path = str(folder)
        self.nlp = nlp
        self.ner = build_ner(nlp, f"{name}_ner", config)
        self.ner.from_disk(folder, exclude=("vocab",))
        self.rule_features = bool(config.get("rule_features"))  # trained on the rules' reading (--stack)
        self.labels = frozenset(self.ner.labels)  # PERSON and ORG; PRODUCT, LOC, FAC, EVENT when trained with them

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
            saved = [doc.to_array([ENT_IOB, ENT_TYPE, ENT_KB_ID]) for doc in batch]
            for doc in batch:
                if self.rule_features:
                    set_rule_features(doc)
                unset_iob(doc)
            self.ner.set_annotations(batch, self.ner.predict(batch))
            for doc, arr in zip(batch, saved, strict=True):
                doc.spans[SPANS_KEY] = [e for e in doc.ents if e.label_ in self.labels]
                doc.from_array([ENT_IOB, ENT_TYPE, ENT_KB_ID], arr)
            yield from batch


@Language.factory("kg_ner", default_config={"path": ""})
def make_kg_ner(nlp: Language, name: str, path: str) -> KGNer:
    """Build the component from a folder written by bench/train_ner.py (default: the shipped one)."""
    return KGNer(nlp, name, path)

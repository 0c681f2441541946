"""Stage 2 add-on: the trained kg_ner component (PERSON / ORG) as a spaCy pipe after GiNZA.

It writes its entities into ``doc.spans["kg_ner"]`` and leaves GiNZA's ``doc.ents`` as they were, so
stage 3 can weigh both. Trained by bench/train_ner.py on the dev split of ner-wikipedia.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from spacy.attrs import ENT_IOB, ENT_TYPE
from spacy.language import Language
from spacy.util import minibatch

from . import NER_PATH, SPANS_KEY

if TYPE_CHECKING:
    from spacy.tokens import Doc

DEFAULT_PATH = NER_PATH
LABELS = frozenset({"PERSON", "ORG"})


def unset_iob(doc: Doc) -> None:
    """Mark every token's entity tag as unknown but keep GiNZA's ENE label as a feature.

    spaCy's ner treats entities already on a Doc as fixed; GiNZA's are evidence here, not constraints.
    """
    arr = doc.to_array([ENT_IOB, ENT_TYPE])
    arr[:, 0] = 0
    doc.from_array([ENT_IOB, ENT_TYPE], arr)


class KGNer:
    """GiNZA's ents in, GiNZA's ents out; the trained ner's entities in ``doc.spans[SPANS_KEY]``."""

    def __init__(self, nlp: Language, name: str, path: str) -> None:
        folder = Path(path) if path else DEFAULT_PATH
        config = json.loads((folder / "config.json").read_text(encoding="utf-8"))["component"]
        self.name = name
        self.path = str(folder)
        self.ner = nlp.create_pipe("ner", name=f"{name}_ner", config=config)
        self.ner.from_disk(folder, exclude=("vocab",))

    def __call__(self, doc: Doc) -> Doc:
        return next(self.pipe([doc]))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 64) -> Iterator[Doc]:
        for batch in minibatch(docs, size=batch_size):
            saved = [doc.to_array([ENT_IOB, ENT_TYPE]) for doc in batch]
            for doc in batch:
                unset_iob(doc)
            self.ner.set_annotations(batch, self.ner.predict(batch))
            for doc, arr in zip(batch, saved, strict=True):
                doc.spans[SPANS_KEY] = [e for e in doc.ents if e.label_ in LABELS]
                doc.from_array([ENT_IOB, ENT_TYPE], arr)
            yield from batch


@Language.factory("kg_ner", default_config={"path": ""})
def make_kg_ner(nlp: Language, name: str, path: str) -> KGNer:
    """Build the component from a folder written by bench/train_ner.py (default: the shipped one)."""
    return KGNer(nlp, name, path)

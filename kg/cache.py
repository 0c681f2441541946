"""Stage 2 helper: a parse cache, one file per document, so an unchanged document is never parsed twice.

Each entry holds the spaCy Docs of one document's chunks (a ``DocBin``) keyed by a hash of the chunk
texts, the model name and version, the spaCy version and the Sudachi split mode.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import KGError
from .nlp import model_version

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from .config import Settings
    from .model import Chunk

log = logging.getLogger(__name__)

FORMAT = 1  # bump when the entry layout changes; old entries are then simply never hit


class CacheError(KGError):
    """The parse cache folder cannot be used."""


class ParseCache:
    """Read and write parsed documents under one folder; one file per document.

    The DocBin keeps tokens, tags, lemmas, dependencies, sentences and entities. GiNZA's
    ``Doc.user_data`` (bunsetsu and clause tables) is pickled beside it, because the DocBin's
    msgpack turns lists into tuples and GiNZA's ``DetailedToken`` records into plain tuples.
    """

    def __init__(self, folder: Path, nlp: Language, split_mode: str) -> None:
        import spacy

        self.nlp = nlp
        self.folder = Path(folder)
        self.salt = f"kg-cache-{FORMAT}|{model_version(nlp)}|spacy-{spacy.__version__}|split-{split_mode}"
        self.hits = 0
        self.misses = 0

    @classmethod
    def for_settings(cls, settings: Settings, nlp: Language) -> ParseCache:
        """Return the cache a build with ``settings`` uses (``cache_dir`` or ``out_dir/.cache``)."""
        folder = settings.cache_dir if settings.cache_dir is not None else Path(settings.out_dir) / ".cache"
        return cls(folder, nlp, settings.split_mode)

    def key(self, chunks: Sequence[Chunk]) -> str:
        """Return the entry key of a document from its chunk texts.

        Hashing the chunk texts (not the file) means a change in chunking is a miss too.
        """
        h = hashlib.sha256(self.salt.encode("utf-8"))
        for chunk in chunks:
            h.update(b"\x00")
            h.update(chunk.text.encode("utf-8"))
        return h.hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.kgdoc"

    def get(self, chunks: Sequence[Chunk]) -> list[Doc] | None:
        """Return the cached Docs of ``chunks`` in order, or None on a miss."""
        path = self._path(self.key(chunks))
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            self.misses += 1
            return None
        except OSError as err:
            raise CacheError(f"{path}: cannot read the parse cache: {err}; "
                             "delete the folder or build with --no-cache") from err
        docs = self._decode(data, path)
        if docs is None or len(docs) != len(chunks) or any(d.text != c.text for d, c in zip(docs, chunks)):
            # A truncated or foreign file is only a miss: the document is parsed again and rewritten.
            log.info("parse cache entry %s is unusable; parsing again", path.name)
            self.misses += 1
            return None
        self.hits += 1
        return docs

    def put(self, chunks: Sequence[Chunk], docs: Sequence[Doc]) -> None:
        """Store the Docs of one document.

        Raises:
            CacheError: the cache folder is not writable.
        """
        self.store(chunks, self.encode(docs))

    def encode(self, docs: Sequence[Doc]) -> bytes:
        """Return the bytes of one entry; a Dask worker encodes, the client stores."""
        from spacy.tokens import DocBin

        bin_ = DocBin(store_user_data=False)
        for doc in docs:
            bin_.add(doc)
        return pickle.dumps({"salt": self.salt, "docbin": bin_.to_bytes(),
                             "user_data": [doc.user_data for doc in docs]}, protocol=pickle.HIGHEST_PROTOCOL)

    def store(self, chunks: Sequence[Chunk], payload: bytes) -> None:
        """Write an encoded entry atomically (write beside, then rename).

        Raises:
            CacheError: the cache folder is not writable.
        """
        path = self._path(self.key(chunks))
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_bytes(payload)
            os.replace(tmp, path)
        except OSError as err:
            tmp.unlink(missing_ok=True)
            raise CacheError(f"{path}: cannot write the parse cache: {err}; "
                             "choose another cache_dir or build with --no-cache") from err

    def _decode(self, data: bytes, path: Path) -> list[Doc] | None:
        from spacy.tokens import DocBin

        try:
            entry = pickle.loads(data)
            if entry.get("salt") != self.salt:
                return None
            docs = list(DocBin().from_bytes(entry["docbin"]).get_docs(self.nlp.vocab))
        except Exception as err:  # noqa: BLE001 - any corrupt entry (pickle, msgpack, zlib) is a miss
            log.info("parse cache entry %s is corrupt (%s)", path.name, err)
            return None
        for doc, user_data in zip(docs, entry["user_data"]):
            doc.user_data.update(user_data)
        return docs


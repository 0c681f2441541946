"""Stage 2 helper: a parse cache, one entry per document, so an unchanged document is never parsed again.

A parse entry holds the spaCy Docs of one document's chunks (a ``DocBin``), keyed by a hash of the
chunk texts, the model name and version, the spaCy and GiNZA versions and the Sudachi split mode.
Beside it, a facts entry holds what stages 3–5 found in those Docs, keyed also by a hash of kg's own
code and rule files, so a rebuild with nothing changed loads neither the model nor the Docs.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import logging
import os
import pickle
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .. import resources
from ..errors import KGError
from ..extract.nlp import installed_version

if TYPE_CHECKING:
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    from ..config import Settings
    from ..model import Chunk

log = logging.getLogger(__name__)

FORMAT = 2  # bump when the entry layout changes; old entries are then simply never hit


class CacheError(KGError):
    """The parse cache folder cannot be used."""


class ParseCache:
    """Read and write parsed documents (and the facts found in them) under one folder.

    The DocBin keeps tokens, tags, lemmas, dependencies, sentences and entities. GiNZA's
    ``Doc.user_data`` (bunsetsu and clause tables) is pickled beside it, because the DocBin's
    msgpack turns lists into tuples and GiNZA's ``DetailedToken`` records into plain tuples.
    """

    def __init__(self, folder: Path, model: str, split_mode: str, code: str = "") -> None:
        self.folder = Path(folder)
        # The installed versions, read without importing spaCy: a build whose every document is
        # cached never imports it.
        self.salt = (f"kg-cache-{FORMAT}|{model}|spacy-{_version('spacy')}|ginza-{_version('ginza')}"
                     f"|split-{split_mode}")
        self.code = code  # extraction_version(): facts entries are valid for this code only
        self.hits = 0
        self.misses = 0
        self.fact_hits = 0

    @classmethod
    def for_settings(cls, settings: Settings) -> ParseCache:
        """Return the cache a build with ``settings`` uses (``cache_dir`` or ``out_dir/.cache``).

        Raises:
            ModelNotInstalled: the model package is not installed.
        """
        return cls(folder_for(settings), installed_version(settings), settings.split_mode,
                   extraction_version(settings))

    def key(self, chunks: Sequence[Chunk]) -> str:
        """Return the entry key of a document from its chunk texts.

        Hashing the chunk texts (not the file) means a change in chunking is a miss too.
        """
        h = hashlib.sha256(self.salt.encode("utf-8"))
        for chunk in chunks:
            h.update(b"\x00")
            h.update(chunk.text.encode("utf-8"))
        return h.hexdigest()

    def _path(self, key: str, suffix: str = ".kgdoc") -> Path:
        return self.folder / key[:2] / f"{key}{suffix}"

    def _facts_path(self, chunks: Sequence[Chunk]) -> Path:
        key = hashlib.sha256(f"{self.key(chunks)}|{self.code}".encode()).hexdigest()
        return self._path(key, ".facts")

    def get(self, chunks: Sequence[Chunk], vocab: Vocab) -> list[Doc] | None:
        """Return the cached Docs of ``chunks`` in order, or None on a miss.

        Raises:
            CacheError: the entry exists but cannot be read.
        """
        path = self._path(self.key(chunks))
        data = self._read(path)
        docs = self._decode(data, path, vocab) if data is not None else None
        if docs is None or len(docs) != len(chunks) or any(d.text != c.text for d, c in zip(docs, chunks)):
            self.misses += 1
            return None
        self.hits += 1
        return docs

    def has(self, chunks: Sequence[Chunk]) -> bool:
        """Return whether a parse entry exists for ``chunks`` (not whether it is readable)."""
        return self._path(self.key(chunks)).is_file()

    def has_facts(self, chunks: Sequence[Chunk]) -> bool:
        """Return whether a facts entry exists for ``chunks`` and this code (not whether it is readable)."""
        return self._facts_path(chunks).is_file()

    def put(self, chunks: Sequence[Chunk], docs: Sequence[Doc]) -> None:
        """Store the Docs of one document.

        Raises:
            CacheError: the cache folder is not writable.
        """
        self.store(chunks, self.encode(docs))

    def encode(self, docs: Sequence[Doc]) -> bytes:
        """Return the bytes of one parse entry; a Dask worker encodes, the client stores."""
        from spacy.tokens import DocBin

        bin_ = DocBin(store_user_data=False)
        for doc in docs:
            bin_.add(doc)
        return pickle.dumps({"salt": self.salt, "docbin": bin_.to_bytes(),
                             "user_data": [doc.user_data for doc in docs]}, protocol=pickle.HIGHEST_PROTOCOL)

    def store(self, chunks: Sequence[Chunk], payload: bytes) -> None:
        """Write an encoded parse entry atomically.

        Raises:
            CacheError: the cache folder is not writable.
        """
        _write(self._path(self.key(chunks)), payload)

    def get_facts(self, chunks: Sequence[Chunk]) -> object | None:
        """Return the facts stored for ``chunks`` by this code version, or None.

        Raises:
            CacheError: the entry exists but cannot be read.
        """
        path = self._facts_path(chunks)
        data = self._read(path)
        if data is None:
            return None
        try:
            entry = pickle.loads(data)
        except Exception as err:  # noqa: BLE001 - a corrupt entry (any unpickling error) is only a miss
            log.info("facts cache entry %s is corrupt (%s)", path.name, err)
            return None
        if not isinstance(entry, dict) or entry.get("code") != self.code:
            return None
        self.fact_hits += 1
        return entry["facts"]

    def put_facts(self, chunks: Sequence[Chunk], facts: object) -> None:
        """Store the facts found in one document by this code version.

        Raises:
            CacheError: the cache folder is not writable.
        """
        _write(self._facts_path(chunks), pickle.dumps({"code": self.code, "facts": facts},
                                                      protocol=pickle.HIGHEST_PROTOCOL))

    @staticmethod
    def _read(path: Path) -> bytes | None:
        try:
            return path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as err:
            raise CacheError(f"{path}: cannot read the parse cache: {err}; "
                             "delete the folder or build with --no-cache") from err

    def _decode(self, data: bytes, path: Path, vocab: Vocab) -> list[Doc] | None:
        from spacy.tokens import DocBin

        try:
            entry = pickle.loads(data)
            if entry.get("salt") != self.salt:
                return None
            docs = list(DocBin().from_bytes(entry["docbin"]).get_docs(vocab))
        except Exception as err:  # noqa: BLE001 - a corrupt entry (pickle, msgpack, zlib) is only a miss
            log.info("parse cache entry %s is corrupt (%s); parsing again", path.name, err)
            return None
        for doc, user_data in zip(docs, entry["user_data"]):
            doc.user_data.update(user_data)
        return docs


def folder_for(settings: Settings) -> Path:
    """Return the cache folder of a build: ``cache_dir``, or ``out_dir/.cache``."""
    return settings.cache_dir if settings.cache_dir is not None else Path(settings.out_dir) / ".cache"


# Modules and packages that only run after extraction (stages 6–7 and the read commands): editing them
# keeps the facts. Every other module, including any added later, counts as extraction code.
_AFTER_EXTRACTION = {"__main__", "analysis", "calibration", "cli", "evaluate", "executors", "export", "graph",
                     "incremental_validation", "notebooks", "page", "query", "serve", "store", "validate",
                     "validation_process", "views"}


def extraction_version(settings: Settings) -> str:
    """Return a hash of everything stages 3–5 read besides the Docs: kg's code and the rule files."""
    h = hashlib.sha256()
    package = resources.package_dir()
    code = [p for p in resources.code_files()
            if not {p.stem, *p.relative_to(package).parts[:-1]} & _AFTER_EXTRACTION]
    # calibration.yaml is read after extraction (kg.extract.calibration), so refitting it keeps the facts.
    files = code + sorted(p for p in Path(settings.ontology_dir).rglob("*")
                          if p.is_file() and p.name != "calibration.yaml")
    if settings.gazetteer is not None and Path(settings.gazetteer).is_file():
        files.append(Path(settings.gazetteer))
    for path in files:
        h.update(path.name.encode("utf-8") + b"\x00")
        try:
            h.update(path.read_bytes())
        except OSError:
            h.update(b"unreadable")
    return h.hexdigest()[:32]


def _write(path: Path, payload: bytes) -> None:
    """Write beside, then rename, so a killed build never leaves half an entry."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(payload)
        os.replace(tmp, path)
    except OSError as err:
        tmp.unlink(missing_ok=True)
        raise CacheError(f"{path}: cannot write the parse cache: {err}; "
                         "choose another cache_dir or build with --no-cache") from err


def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "none"

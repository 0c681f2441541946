"""Where the shipped trained components live (package data) and the fingerprint parse caches key them by."""

from __future__ import annotations

import hashlib
from pathlib import Path

from ... import resources

NER_PATH = resources.model_dir("ner_wikipedia")


def fingerprint(folder: Path = NER_PATH) -> str:
    """Return a short hash of a trained component's files, so parse caches know which weights tagged a Doc."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:8]

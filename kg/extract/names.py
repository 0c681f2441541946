"""Name keys shared by alias merging, the gazetteer and evaluation: normalized matching keys and entity keys."""

from __future__ import annotations

import functools
import re
import unicodedata

_HONORIFICS = ("さん", "氏", "様", "君", "くん", "ちゃん", "殿")
SEPARATORS = re.compile(r"[\s・･·=＝\-‐]+")  # between the parts of a name: ジェフ・ベゾス, Jeff Bezos


@functools.lru_cache(maxsize=1 << 16)  # the same names are keyed again and again
def normalize(name: str) -> str:
    """Return the matching key of a name: NFKC, casefolded, separators and honorifics removed.

    Example:
        >>> normalize("ジェフ・ベゾス") == normalize("ジェフベゾス")
        True
        >>> normalize("NovaTel") == normalize("Ｎｏｖａｔｅｌ")
        True
        >>> normalize("孫氏")
        '孫'
    """
    key = _normalize_once(name)
    # Removing a separator can expose a combining mark, or a second honorific, that the next
    # pass changes again; repeat to the fixed point so normalize() is idempotent.
    for _ in range(8):  # each pass only shortens or recomposes; a few passes always suffice
        again = _normalize_once(key)
        if again == key:
            break
        key = again
    return key


def _normalize_once(name: str) -> str:
    text = unicodedata.normalize("NFKC", name).strip()
    for suffix in _HONORIFICS:
        if text.endswith(suffix) and len(text) > len(suffix):
            text = text[: -len(suffix)]
            break
    return unicodedata.normalize("NFKC", SEPARATORS.sub("", text).casefold())


def entity_key(name: str) -> str:
    """Return the stable key of an entity from its canonical name.

    Example:
        >>> entity_key("Kleiner Perkins")
        'kleiner_perkins'
    """
    text = unicodedata.normalize("NFKC", name).strip().casefold()
    return re.sub(r"[\s・･·/\\#?%<>\"{}|^`]+", "_", text).strip("_") or "entity"

"""Stage 4: Mention → Entity. Merges surface forms of one real-world entity and types it by vote."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable

from .model import Entity, Mention
from .vocab import KG

_HONORIFICS = ("さん", "氏", "様", "君", "くん", "ちゃん", "殿")
_SEPARATORS = re.compile(r"[\s・･·=＝\-‐]+")


def normalize(name: str) -> str:
    """Return the matching key of a name: NFKC, casefolded, separators and honorifics removed.

    Example:
        >>> normalize("サム・アルトマン") == normalize("サムアルトマン")
        True
        >>> normalize("BlackBerry") == normalize("Ｂｌａｃｋｂｅｒｒｙ")
        True
        >>> normalize("孫氏")
        '孫'
    """
    text = unicodedata.normalize("NFKC", name).strip()
    for suffix in _HONORIFICS:
        if text.endswith(suffix) and len(text) > len(suffix):
            text = text[: -len(suffix)]
            break
    return _SEPARATORS.sub("", text).casefold()


def entity_key(name: str) -> str:
    """Return the stable key of an entity from its canonical name.

    Example:
        >>> entity_key("Y Combinator")
        'y_combinator'
    """
    text = unicodedata.normalize("NFKC", name).strip().casefold()
    return re.sub(r"[\s・･·/\\#?%<>\"{}|^`]+", "_", text).strip("_") or "entity"


def resolve(mentions: Iterable[Mention]) -> tuple[list[Entity], dict[Mention, str]]:
    """Group mentions into entities; return the entities and each mention's entity key."""
    groups: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        key = normalize(m.text)
        if key:
            groups[key].append(m)
    # A short name that is the first or last part of exactly one full name joins it.
    full_parts: dict[str, set[str]] = defaultdict(set)
    for key, ms in groups.items():
        for m in ms:
            parts = [p for p in _SEPARATORS.split(unicodedata.normalize("NFKC", m.text)) if p]
            if len(parts) > 1:
                for part in (parts[0], parts[-1]):
                    full_parts[part.casefold()].add(key)
    target: dict[str, str] = {}
    for key in groups:
        owners = full_parts.get(key, set()) - {key}
        if len(owners) == 1:
            target[key] = next(iter(owners))
    merged: dict[str, list[Mention]] = defaultdict(list)
    reasons: dict[str, list[str]] = defaultdict(list)
    for key, ms in groups.items():
        root = target.get(key, key)
        merged[root].extend(ms)
        if root != key:
            reasons[root].append(f"part-of-name:{key}->{root}")
    entities: list[Entity] = []
    index: dict[Mention, str] = {}
    for root, ms in merged.items():
        entity = _make_entity(ms, reasons[root])
        entities.append(entity)
        for m in ms:
            index[m] = entity.key
    entities.sort(key=lambda e: e.key)
    return entities, index


def _make_entity(ms: list[Mention], reasons: list[str]) -> Entity:
    votes = Counter(m.kind for m in ms)
    kind = max(votes, key=lambda k: (votes[k], k == KG.Person))
    sub_votes = Counter(m.subkind for m in ms if m.subkind is not None and m.kind == kind)
    subkind = max(sub_votes, key=lambda k: (sub_votes[k], str(k))) if sub_votes else None
    forms = sorted({m.text for m in ms}, key=lambda t: (-len(t), t))
    name = forms[0]
    why = [f"type:{k.split('#')[-1]}={n}" for k, n in sorted(votes.items())] + sorted(set(reasons))
    mentions = tuple(sorted(ms, key=lambda m: (m.source.doc_id, m.source.start, m.text)))
    return Entity(key=entity_key(name), kind=kind, name=name, aliases=tuple(sorted(forms[1:])),
                  mentions=mentions, subkind=subkind, reasons=tuple(why))

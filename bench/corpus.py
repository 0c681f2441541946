"""Generate a Japanese benchmark corpus from the seed article and the test fixtures.

Documents are built from paragraphs drawn at random (with a fixed seed) from those texts, in shuffled
order, with years and other numbers varied, so the corpus is not one document repeated and no two
documents share a parse-cache entry.

Usage: .venv/bin/python bench/corpus.py OUT_DIR [--bytes 1000000] [--doc-bytes 1000] [--seed 0]
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = (ROOT / "seeds", ROOT / "tests" / "data")
_JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
_YEAR = re.compile(r"(?<!\d)(19|20)\d\d(?!\d)")
_NUMBER = re.compile(r"(?<!\d)\d{1,3}(?!\d)")


def paragraphs(sources: tuple[Path, ...] = SOURCES) -> list[str]:
    """Return every Japanese line of the .txt files under ``sources`` (undecodable files skipped)."""
    out: list[str] = []
    for folder in sources:
        for path in sorted(folder.rglob("*.txt")):
            try:
                text = path.read_text(encoding="utf-8")
            except (UnicodeDecodeError, OSError):
                continue  # the robustness fixtures include Shift_JIS and binary files on purpose
            for line in text.splitlines():
                line = line.strip()
                if len(line) >= 12 and len(_JAPANESE.findall(line)) * 2 >= len(line):
                    out.append(line)
    return sorted(set(out))


def vary(paragraph: str, rng: random.Random) -> str:
    """Return ``paragraph`` with its years and small numbers changed.

    Example:
        >>> vary("2005年に3社を設立した。", random.Random(1)) != "2005年に3社を設立した。"
        True
    """
    text = _YEAR.sub(lambda _m: str(rng.randint(1950, 2025)), paragraph)
    return _NUMBER.sub(lambda m: str(rng.randint(1, 10 ** len(m.group()) - 1)), text)


def make_corpus(folder: Path, total_bytes: int, doc_bytes: int = 1000, seed: int = 0) -> list[Path]:
    """Write documents of about ``doc_bytes`` UTF-8 bytes into ``folder`` until ``total_bytes``; return them."""
    rng = random.Random(seed)
    pool = paragraphs()
    if not pool:
        raise SystemExit(f"no Japanese paragraphs found under {', '.join(map(str, SOURCES))}")
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    total = 0
    while total < total_bytes:
        lines = [f"記事{len(written) + 1}"]
        size = len(lines[0].encode("utf-8"))
        while size < doc_bytes:
            para = vary(rng.choice(pool), rng)
            lines.append(para)
            size += len(para.encode("utf-8")) + 2
        text = "\n\n".join(lines) + "\n"
        path = folder / f"{len(written):05d}.txt"
        path.write_text(text, encoding="utf-8")
        written.append(path)
        total += len(text.encode("utf-8"))
    return written


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--bytes", type=int, default=1_000_000)
    ap.add_argument("--doc-bytes", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    docs = make_corpus(args.out, args.bytes, args.doc_bytes, args.seed)
    print(f"{len(docs)} documents, {sum(p.stat().st_size for p in docs):,} bytes in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Stage 1: files → Document → Chunk. Decodes text as is, so offsets stay true to the file."""

from __future__ import annotations

import codecs
import hashlib
import logging
import re
from collections.abc import Iterable, Iterator
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

from .errors import SeedError
from .model import Chunk, Document

log = logging.getLogger(__name__)

SUDACHI_MAX_BYTES = 49_149  # Sudachi refuses longer inputs (measured)
_SENTENCE_END = re.compile(r"(?<=[。！？!?．])|(?<=\n)")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b\ufeff]")
_MEDIA = {".txt": "text/plain", ".md": "text/markdown", ".markdown": "text/markdown",
          ".html": "text/html", ".htm": "text/html"}


def find_files(inputs: Iterable[Path], extensions: Iterable[str]) -> list[Path]:
    """List input files: files as given, folders searched recursively, sorted.

    Raises:
        SeedError: an input path does not exist.
    """
    exts = {e.lower() for e in extensions}
    found: list[Path] = []
    for raw in inputs:
        path = Path(raw)
        if not path.exists():
            raise SeedError(path, "no such file or folder")
        if path.is_dir():
            found.extend(p for p in sorted(path.rglob("*"))
                         if p.is_file() and p.suffix.lower() in exts and not _hidden(p, path))
        else:
            found.append(path)
    unique = sorted(dict.fromkeys(found), key=lambda p: p.as_posix())
    return unique


def _hidden(p: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in p.relative_to(root).parts)


def doc_id_for(text: str) -> str:
    """Return the stable id of a document: a hash of its decoded text.

    Example:
        >>> doc_id_for("abc")
        'ba7816bf8f01cfea'
    """
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def decode(data: bytes, path: Path) -> tuple[str, str]:
    """Decode bytes as UTF-8 (BOM or not), UTF-16 with BOM, or a detected Japanese encoding.

    Raises:
        SeedError: the bytes are empty, binary, or in no encoding we can detect.
    """
    if not data.strip():
        raise SeedError(path, "empty file")
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                     (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError as err:
                raise SeedError(path, f"cannot decode as {enc}: {err.reason}") from err
    if b"\x00" in data[:4096]:
        raise SeedError(path, "binary file (NUL bytes); expected text, Markdown or HTML")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    for enc in ("cp932", "euc_jp"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if _looks_japanese(text):
            return text, enc
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise SeedError(path, "unknown text encoding; save the file as UTF-8")
    return str(best), best.encoding


def _looks_japanese(text: str) -> bool:
    kana = sum(1 for ch in text if "\u3040" <= ch <= "\u30ff")
    return kana >= max(1, len(text) // 50)


def read_document(path: Path, display: str | None = None) -> Document:
    """Read one file into a Document.

    Raises:
        SeedError: the file cannot be read or decoded, or holds no text.
    """
    try:
        data = path.read_bytes()
    except OSError as err:
        raise SeedError(path, f"cannot read: {err.strerror or err}") from err
    if data[:5] == b"%PDF-":
        raise SeedError(path, "PDF files are not supported; convert to text first")
    text, encoding = decode(data, path)
    media = _MEDIA.get(path.suffix.lower(), "text/plain")
    if media == "text/plain" and re.match(r"\s*<(!doctype html|html)", text[:200], re.I):
        media = "text/html"
    title = _title(text, media) or path.stem
    return Document(doc_id=doc_id_for(text), path=display or path.as_posix(), text=text,
                    title=title, encoding=encoding, media_type=media)


def _title(text: str, media: str) -> str:
    if media == "text/html":
        m = re.search(r"<title[^>]*>(.*?)</title>", text, re.I | re.S)
        if m:
            return " ".join(unescape(m.group(1)).split())[:200]
        return ""
    for line in text.splitlines():
        line = line.strip().lstrip("#").strip()
        if line:
            return line[:200]
    return ""


def segments(document: Document) -> list[tuple[str, tuple[int, ...]]]:
    """Return the visible text of a document as paragraphs with their offset maps.

    Plain text and Markdown are split on line breaks; HTML on block elements, with markup
    dropped and character references decoded. Each paragraph carries one original offset
    per character.
    """
    if document.media_type == "text/html":
        parser = _TextExtractor(document.text)
        parser.feed(document.text)
        parser.close()
        return parser.paragraphs()
    out: list[tuple[str, tuple[int, ...]]] = []
    for m in re.finditer(r"[^\n]+", document.text):
        line = m.group(0)
        if line.strip():
            out.append((line, tuple(range(m.start(), m.end()))))
    return out


def chunk_document(document: Document, max_bytes: int = 40_000) -> list[Chunk]:
    """Split a document into parse-sized chunks at paragraph and sentence boundaries.

    No chunk exceeds ``max_bytes`` of UTF-8 (below Sudachi's limit); control characters are
    blanked one for one so offsets never shift.

    Example:
        >>> from kg.model import Document
        >>> doc = Document("d", "p", "一文目。\\n二文目。", "t", "utf-8")
        >>> [(c.start, c.text) for c in chunk_document(doc)]
        [(0, '一文目。'), (5, '二文目。')]
    """
    max_bytes = min(max_bytes, SUDACHI_MAX_BYTES - 100)
    chunks: list[Chunk] = []
    for text, offsets in segments(document):
        for piece_start, piece in _split(text, max_bytes):
            if not piece.strip():
                continue
            offs = offsets[piece_start:piece_start + len(piece)]
            clean = _CONTROL.sub(" ", piece)
            contiguous = offs[-1] - offs[0] == len(offs) - 1
            chunks.append(Chunk(doc_id=document.doc_id, index=len(chunks), start=offs[0], text=clean,
                                offsets=() if contiguous else offs))
    return chunks


def _split(text: str, max_bytes: int) -> Iterator[tuple[int, str]]:
    """Yield (start, piece) so that each piece fits in max_bytes, cutting after sentence ends."""
    if len(text.encode("utf-8")) <= max_bytes:
        yield 0, text
        return
    start = 0
    piece_start = 0
    size = 0
    for m in _SENTENCE_END.finditer(text):
        end = m.start()
        if end <= start:
            continue
        sentence_bytes = len(text[start:end].encode("utf-8"))
        if size + sentence_bytes > max_bytes and size > 0:
            yield piece_start, text[piece_start:start]
            piece_start, size = start, 0
        if sentence_bytes > max_bytes:
            yield from _hard_split(text, start, end, max_bytes)
            piece_start, size = end, 0
        else:
            size += sentence_bytes
        start = end
    if start < len(text):
        tail_bytes = len(text[start:].encode("utf-8"))
        if size + tail_bytes > max_bytes and size > 0:
            yield piece_start, text[piece_start:start]
            piece_start = start
        if len(text[piece_start:].encode("utf-8")) > max_bytes:
            yield from _hard_split(text, piece_start, len(text), max_bytes)
            return
    if piece_start < len(text):
        yield piece_start, text[piece_start:]


def _hard_split(text: str, start: int, end: int, max_bytes: int) -> Iterator[tuple[int, str]]:
    """Cut a sentence with no break into pieces at commas or spaces, else anywhere."""
    pos = start
    while pos < end:
        limit = pos
        size = 0
        while limit < end and size + len(text[limit].encode("utf-8")) <= max_bytes:
            size += len(text[limit].encode("utf-8"))
            limit += 1
        cut = limit
        if limit < end:
            window = text[pos:limit]
            best = max(window.rfind("、"), window.rfind(","), window.rfind(" "), window.rfind("　"))
            if best > len(window) // 2:
                cut = pos + best + 1
        yield pos, text[pos:cut]
        pos = cut


_BLOCK = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th",
          "section", "article", "header", "footer", "blockquote", "pre", "table", "title", "dd", "dt",
          "figcaption", "main", "nav", "aside", "hr"}
_SKIP = {"script", "style", "noscript", "template", "svg", "head"}


class _TextExtractor(HTMLParser):
    """Collect visible text of an HTML page with the source offset of every character."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=False)
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", source)]
        self._source = source
        self._paras: list[tuple[list[str], list[int]]] = [([], [])]
        self._skip = 0

    def _pos(self) -> int:
        line, col = self.getpos()
        return self._line_starts[line - 1] + col

    def _break(self) -> None:
        if self._paras[-1][0]:
            self._paras.append(([], []))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self._skip += 1
        if tag in _BLOCK:
            self._break()

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP and self._skip:
            self._skip -= 1
        if tag in _BLOCK:
            self._break()

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        start = self._pos()
        chars, offs = self._paras[-1]
        for i, ch in enumerate(data):
            if ch == "\n":
                self._break()
                chars, offs = self._paras[-1]
                continue
            chars.append(ch)
            offs.append(start + i)

    def _ref(self, raw: str) -> None:
        if self._skip:
            return
        start = self._pos()
        text = unescape(raw)
        chars, offs = self._paras[-1]
        for ch in text:
            chars.append(ch)
            offs.append(start)

    def handle_entityref(self, name: str) -> None:
        self._ref(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self._ref(f"&#{name};")

    def paragraphs(self) -> list[tuple[str, tuple[int, ...]]]:
        out = []
        for chars, offs in self._paras:
            text = "".join(chars)
            if text.strip():
                out.append((text, tuple(offs)))
        return out

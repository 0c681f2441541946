"""Stage 1: files → Document → Chunk. Decodes text as is, so offsets stay true to the file."""

from __future__ import annotations

import codecs
import hashlib
import logging
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

from ..errors import SeedError
from ..model import Chunk, Document

log = logging.getLogger(__name__)

SUDACHI_MAX_BYTES = 49_149  # Sudachi refuses longer inputs (measured)
_SENTENCE_END = re.compile(r"(?<=[。！？!?．])|(?<=\n)")
# Characters blanked one for one before parsing and in titles: C0/C1 controls (XML 1.0 forbids most),
# zero-width space, BOM, line/paragraph separators and non-characters.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\u2028\u2029\ufeff\ufdd0-\ufdef\ufffe\uffff]")
_MEDIA = {".txt": "text/plain", ".md": "text/markdown", ".markdown": "text/markdown",
          ".html": "text/html", ".htm": "text/html"}
# Document formats people drop into a corpus folder by mistake: warned about, not silently ignored.
_CONVERT = {".pdf", ".doc", ".docx", ".rtf", ".odt", ".epub", ".pages", ".xls", ".xlsx", ".ppt", ".pptx"}
_META_CHARSET = re.compile(rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.I)


@dataclass(slots=True)
class Scan:
    """What a search of the inputs found: files to read, problems to report, files ignored."""

    files: list[Path] = field(default_factory=list)
    problems: list[SeedError] = field(default_factory=list)  # each becomes a one-line warning
    ignored: int = 0  # files of other types (images, data) in the input folders


def scan(inputs: Iterable[Path], extensions: Iterable[str], exclude: Iterable[Path] = ()) -> Scan:
    """Find input files: files as given, folders searched recursively (no symlinked folders), sorted.

    Folders in ``exclude`` (the output folder, so that ``kg build .`` does not read its own
    graph.html back) are not searched.

    Broken links, unreadable folders, documents in formats we cannot read (.pdf, .docx, ...)
    and folders with no supported file become ``problems``, so the build can warn and go on.

    Raises:
        SeedError: an input path does not exist.
    """
    exts = {e.lower() for e in extensions}
    skip = {Path(e).resolve() for e in exclude}
    out = Scan()
    found: list[Path] = []
    for raw in inputs:
        path = Path(raw)
        if not path.exists():
            raise SeedError(path, "no such file or folder")
        if not path.is_dir():
            found.append(path)
            continue
        before = len(found)
        for p in _walk(path, out.problems, skip):
            suffix = p.suffix.lower()
            if suffix in exts:
                if p.is_symlink() and not p.exists():
                    out.problems.append(SeedError(p, "broken symbolic link; fix or remove it"))
                elif p.is_file():
                    found.append(p)
            elif suffix in _CONVERT and p.is_file():
                out.problems.append(SeedError(p, f"{suffix} files are not supported; "
                                                 "convert to .txt, .md or .html first"))
            else:
                out.ignored += 1
        if len(found) == before:
            out.problems.append(SeedError(path, "no " + "/".join(sorted(exts)) + " files in this folder"))
    out.files = sorted(dict.fromkeys(found), key=lambda p: p.as_posix())
    return out


def find_files(inputs: Iterable[Path], extensions: Iterable[str]) -> list[Path]:
    """List the readable input files of ``scan`` (problems are dropped; use scan to see them).

    Raises:
        SeedError: an input path does not exist.
    """
    return scan(inputs, extensions).files


def _walk(root: Path, problems: list[SeedError], exclude: set[Path]) -> Iterator[Path]:
    """Yield non-hidden entries under ``root`` in sorted order, reporting folders we cannot list."""

    def onerror(err: OSError) -> None:
        problems.append(SeedError(err.filename, f"cannot list folder: {err.strerror or err}"))

    for folder, dirs, names in os.walk(root, onerror=onerror):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and (Path(folder) / d).resolve() not in exclude)
        for name in sorted(names):
            if not name.startswith("."):
                yield Path(folder) / name


def doc_id_for(text: str) -> str:
    """Return the stable id of a document: a hash of its decoded text.

    Example:
        >>> doc_id_for("abc")
        'ba7816bf8f01cfea'
    """
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def decode(data: bytes, path: Path) -> tuple[str, str]:
    """Decode bytes as UTF-8 (BOM or not), UTF-16, an HTML <meta charset>, or a detected Japanese encoding.

    Raises:
        SeedError: the bytes are empty, binary, or in no encoding we can detect.

    Example:
        >>> decode("京セラ".encode("cp932"), Path("a.txt"))
        ('京セラ', 'cp932')
    """
    if not data.strip():
        raise SeedError(path, "empty file")
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                     (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError as err:
                raise SeedError(path, f"cannot decode as {enc}: {err.reason}") from err
            if not text.strip():
                raise SeedError(path, "empty file")
            return text, enc
    if b"\x00" in data[:4096]:
        return _decode_utf16_without_bom(data, path)
    try:
        return _texty(data.decode("utf-8"), path), "utf-8"
    except UnicodeDecodeError:
        pass
    declared = _META_CHARSET.search(data[:4096])
    candidates = [declared.group(1).decode("ascii").lower()] if declared else []
    for enc in [*candidates, "cp932", "euc_jp"]:
        try:
            codecs.lookup(enc)
            text = data.decode(enc)
        except (LookupError, UnicodeDecodeError):
            continue
        if enc in candidates or _looks_japanese(text):
            return _texty(text, path), enc
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise SeedError(path, "unknown text encoding; save the file as UTF-8")
    return _texty(str(best), path), best.encoding


def _decode_utf16_without_bom(data: bytes, path: Path) -> tuple[str, str]:
    """Tell UTF-16 without a BOM (a NUL byte beside every ASCII character) from binary data.

    A UTF-8 text with a few stray NULs is text: the NULs are blanked later like other controls.
    """
    try:
        return _texty(data.decode("utf-8"), path), "utf-8"
    except (UnicodeDecodeError, SeedError):
        pass
    if len(data) % 2 == 0:
        odd_nuls = data[1::2].count(0)
        enc = "utf-16-le" if odd_nuls >= data[0::2].count(0) else "utf-16-be"
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            text = ""
        if _looks_japanese(text) or (text.strip() and text.isascii() and re.sub(r"\s", "", text).isprintable()):
            return _texty(text, path), enc
    raise SeedError(path, "binary file (NUL bytes); expected text, Markdown or HTML")


def _texty(text: str, path: Path) -> str:
    """Return ``text`` unless it is mostly control or unassigned characters (binary data that decoded).

    Raises:
        SeedError: more than 10% of the first 4,000 characters are not text.
    """
    sample = text[:4000]
    bad = sum(1 for ch in sample if ch not in "\t\n\r" and unicodedata.category(ch) in {"Cc", "Cn", "Co", "Cs"})
    if bad * 10 > len(sample):
        raise SeedError(path, "binary file (control characters); expected text, Markdown or HTML")
    if not text.strip():
        raise SeedError(path, "empty file")
    return text


def _looks_japanese(text: str) -> bool:
    """Tell a right guess from mojibake: EUC-JP bytes read as CP932 come out as half-width kana.

    Example:
        >>> _looks_japanese("西園寺湊はカガミ光学を創業した。"), _looks_japanese("ｳﾚﾅｷ")
        (True, False)
    """
    sample = text[:4000]
    plausible = sum(1 for ch in sample if ch.isascii() and (ch.isprintable() or ch in "\t\n\r")
                    or "\u3000" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff" or "\uff01" <= ch <= "\uff5e")
    return plausible >= 0.7 * len(sample) and not sample.isascii()


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
    """Return the <title> of a page or the first non-blank line, controls blanked, at most 200 characters."""
    if media == "text/html":
        m = re.search(r"<title[^>]*>(.*?)</title>", text[:100_000], re.I | re.S)
        return " ".join(_CONTROL.sub(" ", unescape(m.group(1))).split())[:200] if m else ""
    for line in text[:100_000].split("\n"):
        line = " ".join(_CONTROL.sub(" ", line).split()).lstrip("#").strip()
        if line:
            return line[:200]
    return ""


def segments(document: Document) -> list[tuple[str, tuple[int, ...]]]:
    """Return the visible text of a document as paragraphs with their offset maps.

    Plain text is split on line breaks; Markdown too, with its markup dropped and table cells
    apart; HTML on block elements, with markup, scripts and styles dropped and character
    references decoded. Each paragraph carries one original offset per character.
    """
    if document.media_type == "text/html":
        parser = _TextExtractor(document.text)
        parser.feed(document.text)
        parser.close()
        return parser.paragraphs()
    if document.media_type == "text/markdown":
        return _markdown_segments(document.text)
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
            contiguous = offs == tuple(range(offs[0], offs[0] + len(offs)))
            chunks.append(Chunk(doc_id=document.doc_id, index=len(chunks), start=offs[0], text=clean,
                                offsets=() if contiguous else offs))
    return chunks


# Markdown markup dropped from the text the parser sees; offsets of the kept characters stay true.
_MD_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_MD_SKIP_LINE = re.compile(r"^\s*(?:[-*_]\s*){3,}$|^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
_MD_LEAD = re.compile(r"^(?:\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+|\d{1,9}[.)]\s+))+")
_MD_INLINE = re.compile(
    r"!?\[(?P<label>[^\]\n]*)\]\([^)\n]*\)"  # [text](url), ![alt](src): keep text and alt
    r"|<(?:https?://|mailto:)[^>\s]*>"  # <https://…> autolinks
    r"|</?[A-Za-z][^<>\n]*>"  # inline HTML tags such as <br>
    r"|(?<!\d)(?P<mark>\*{1,3}|_{2,3}|~~)(?P<em>\S(?:[^\n]*?\S)?)(?P=mark)"  # **bold**, *it*: keep the words
    r"|`+"  # code markers
    r"|\s+#+\s*$"  # closing hashes of a heading
)


def _markdown_segments(text: str) -> list[tuple[str, tuple[int, ...]]]:
    """Return paragraphs of a Markdown file with markup dropped; table cells become paragraphs.

    Example:
        >>> [t for t, _ in _markdown_segments("# 見出し\\n- **田中一郎**は[カガミ光学](https://x)に入社した。")]
        ['見出し', '田中一郎はカガミ光学に入社した。']
    """
    out: list[tuple[str, tuple[int, ...]]] = []
    fenced = False
    for m in re.finditer(r"[^\n]+", text):
        line, base = m.group(0), m.start()
        if _MD_FENCE.match(line):
            fenced = not fenced
            continue
        if fenced or _MD_SKIP_LINE.match(line):
            continue
        keep = [True] * len(line)
        lead = _MD_LEAD.match(line)
        for i in range(lead.end() if lead else 0):
            keep[i] = False
        for mm in _MD_INLINE.finditer(line, lead.end() if lead else 0):
            group = "label" if mm.group("label") is not None else "em"
            label = mm.span(group) if mm.group(group) is not None else (mm.end(), mm.end())
            for i in range(mm.start(), mm.end()):
                if not label[0] <= i < label[1]:
                    keep[i] = False
        cell: list[str] = []
        offs: list[int] = []
        for i, ch in enumerate(line):
            if ch == "|" and keep[i]:  # table cells are separate paragraphs
                out.extend(_nonblank("".join(cell), offs))
                cell, offs = [], []
            elif keep[i]:
                cell.append(ch)
                offs.append(base + i)
        out.extend(_nonblank("".join(cell), offs))
    return out


def _nonblank(text: str, offs: list[int]) -> list[tuple[str, tuple[int, ...]]]:
    return [(text, tuple(offs))] if text.strip() else []


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
        if tag == "body":  # </head> is optional in HTML: the body always shows
            self._skip = 0
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
        if self._source.startswith(";", start + len(raw)):  # 「&amp;」; browsers also take 「&amp」
            raw += ";"
        text = unescape(raw)
        chars, offs = self._paras[-1]
        if text == raw:  # not a known reference (「&A」, 「R&D」): the characters are text as written
            chars.extend(text)
            offs.extend(range(start, start + len(text)))
            return
        for ch in text:
            chars.append(ch)
            offs.append(start)

    def handle_entityref(self, name: str) -> None:
        self._ref(f"&{name}")

    def handle_charref(self, name: str) -> None:
        self._ref(f"&#{name}")

    def paragraphs(self) -> list[tuple[str, tuple[int, ...]]]:
        out = []
        for chars, offs in self._paras:
            text = "".join(chars)
            if text.strip():
                out.append((text, tuple(offs)))
        return out

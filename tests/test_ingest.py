"""Stage 1: decoding, HTML text with true offsets, chunking under Sudachi's limit."""

from __future__ import annotations

import pytest

from kg.errors import SeedError
from kg.ingest import SUDACHI_MAX_BYTES, chunk_document, read_document


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp932", "euc_jp"])
def test_ingest_decodes_japanese_encodings(tmp_path, encoding):
    text = "三木谷浩史は楽天を設立した。ｶﾀｶﾅも読める。\n"
    path = tmp_path / "a.txt"
    path.write_bytes(text.encode(encoding))
    doc = read_document(path)
    assert doc.text.replace("\ufeff", "") == text


@pytest.mark.parametrize("data, reason", [(b"", "empty"), (b"  \n", "empty"), (b"\x00\x01\x02abc", "binary"),
                                          (b"%PDF-1.7 ...", "PDF")])
def test_ingest_rejects_bad_files(tmp_path, data, reason):
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    with pytest.raises(SeedError, match=reason):
        read_document(path)


def test_ingest_html_offsets_map_back(tmp_path):
    source = "<html><head><title>T</title><script>var x='楽天';</script></head>" \
             "<body><p>孫正義は<b>ソフトバンク</b>を創業した。</p><p>A &amp; B社</p></body></html>"
    path = tmp_path / "a.html"
    path.write_text(source, encoding="utf-8")
    doc = read_document(path)
    chunks = chunk_document(doc)
    texts = [c.text for c in chunks]
    assert "孫正義はソフトバンクを創業した。" in texts
    assert all("var x" not in t for t in texts)
    for chunk in chunks:
        for i, ch in enumerate(chunk.text):
            if ch != "&":
                assert source[chunk.orig(i)] == ch


def test_ingest_long_line_split_under_limit(tmp_path):
    sentence = "三木谷浩史は楽天を設立した。"
    text = sentence * 20_000  # about 840 KB on one line
    path = tmp_path / "long.txt"
    path.write_text(text, encoding="utf-8")
    doc = read_document(path)
    chunks = chunk_document(doc)
    assert len(chunks) > 10
    assert all(len(c.text.encode("utf-8")) < SUDACHI_MAX_BYTES for c in chunks)
    assert "".join(c.text for c in chunks) == text
    for c in chunks:
        assert text[c.start:c.start + len(c.text)] == c.text
        assert c.text.endswith("。")

"""Stage 1: decoding, HTML text with true offsets, chunking under Sudachi's limit."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kg.errors import SeedError
from kg.ingest.documents import SUDACHI_MAX_BYTES, chunk_document, read_document


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp932", "euc_jp"])
def test_ingest_decodes_japanese_encodings(tmp_path, encoding):
    text = "北条透はミドリ電機を設立した。ｶﾀｶﾅも読める。\n"
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
    source = "<html><head><title>T</title><script>var x='ミドリ';</script></head>" \
             "<body><p>北条透は<b>アオバ通信</b>を創業した。</p><p>A &amp; B社</p></body></html>"
    path = tmp_path / "a.html"
    path.write_text(source, encoding="utf-8")
    doc = read_document(path)
    chunks = chunk_document(doc)
    texts = [c.text for c in chunks]
    assert "北条透はアオバ通信を創業した。" in texts
    assert all("var x" not in t for t in texts)
    for chunk in chunks:
        for i, ch in enumerate(chunk.text):
            if ch != "&":
                assert source[chunk.orig(i)] == ch


def test_ingest_long_line_split_under_limit(tmp_path):
    sentence = "北条透はミドリ電機を設立した。"
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


def _corpus(n: int, seed: int = 7) -> str:
    """A single line of ``n`` varied sentences about made-up people and companies (no real names)."""
    import random

    persons = ["山田太郎", "佐藤花子", "鈴木一郎", "高橋健二", "田中美咲", "伊藤直樹", "渡辺真理", "中村修"]
    orgs = ["東邦電機", "大和製作所", "北辰商事", "明星工業", "青葉銀行", "富士見精機", "昭和化学"]
    templates = ["{p}は{y}年に{o}を設立した。", "{p}は{o}の社長に就任した。", "{p}は{o}に入社した。",
                 "{o}は{o2}を買収した。", "{p}は{o}の取締役を務めた。"]
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        o, o2 = rng.sample(orgs, 2)
        out.append(rng.choice(templates).format(p=rng.choice(persons), o=o, o2=o2, y=rng.randint(1950, 2020)))
    return "".join(out)


def test_ingest_split_loses_doubles_and_shifts_no_entity(nlp, tmp_path):
    from kg.extract.mentions import extract_document_mentions
    from kg.extract.nlp import parse

    text = _corpus(60)
    path = tmp_path / "one_line.txt"
    path.write_text(text, encoding="utf-8")
    doc = read_document(path)

    def mentions(max_bytes: int) -> tuple[int, list[tuple[int, int, str]]]:
        chunks = chunk_document(doc, max_bytes)
        found = extract_document_mentions(list(parse(nlp, chunks)))
        return len(chunks), sorted((m.source.start, m.source.end, m.text) for m in found)

    whole_chunks, whole = mentions(40_000)
    split_chunks, split = mentions(300)  # about 100 characters per chunk: a cut every 3 sentences
    assert (whole_chunks, split_chunks > 10) == (1, True)
    assert len(whole) > 60
    assert all(text[s:e] == t for s, e, t in split)
    # GiNZA's NER sees a little context, so a name right after a cut may be read slightly
    # differently (青葉 vs 青葉銀行); but each mention must pair with exactly one on the other side.
    for ours, theirs in ((split, whole), (whole, split)):
        for s, e, t in ours:
            overlapping = [m for m in theirs if m[0] < e and s < m[1]]
            assert len(overlapping) == 1, ((s, e, t), overlapping)
    same = len(set(split) & set(whole))
    assert same >= 0.95 * len(whole), (same, len(whole))  # a shifted offset would break every later one


def test_ingest_5mb_single_line_chunks_under_limit(tmp_path):
    text = _corpus(120_000)  # about 5 MB of UTF-8, no line break
    path = tmp_path / "five_mb.txt"
    path.write_text(text, encoding="utf-8")
    assert path.stat().st_size > 5_000_000
    chunks = chunk_document(read_document(path))
    assert len(chunks) > 100
    assert all(len(c.text.encode("utf-8")) <= 40_000 for c in chunks)
    assert all(c.text.endswith("。") for c in chunks)  # every cut falls after a sentence
    assert chunks[0].start == 0 and all(a.start + len(a.text) == b.start for a, b in zip(chunks, chunks[1:]))
    assert chunks[-1].start + len(chunks[-1].text) == len(text)


def test_ingest_unpunctuated_line_is_cut_under_limit(tmp_path):
    text = ("あいうえお、かきくけこ " * 20_000).strip()  # 240,000 characters, no sentence end at all
    path = tmp_path / "flat.txt"
    path.write_text(text, encoding="utf-8")
    chunks = chunk_document(read_document(path))
    assert all(len(c.text.encode("utf-8")) <= 40_000 for c in chunks)
    assert "".join(c.text for c in chunks) == text
    assert all(c.text[-1] in "、 " for c in chunks[:-1])  # cut after a comma or space, not inside a word


def test_ingest_scan_reports_what_it_cannot_use(tmp_path):
    from kg.ingest.documents import scan

    root = tmp_path / "corpus"
    (root / "sub").mkdir(parents=True)
    (root / "a.txt").write_text("本文。", encoding="utf-8")
    (root / "sub" / "b.md").write_text("# 見出し", encoding="utf-8")
    (root / "paper.pdf").write_bytes(b"%PDF-1.4")
    (root / "photo.jpg").write_bytes(b"\xff\xd8")
    (root / "gone.html").symlink_to(tmp_path / "missing.html")
    (root / ".hidden").mkdir()
    (root / ".hidden" / "c.txt").write_text("隠し。", encoding="utf-8")
    (root / "out").mkdir()
    (root / "out" / "graph.html").write_text("<html></html>", encoding="utf-8")
    empty = tmp_path / "empty"
    empty.mkdir()
    found = scan([root, empty], (".txt", ".md", ".html"), exclude=[root / "out"])
    assert [p.relative_to(tmp_path).as_posix() for p in found.files] == ["corpus/a.txt", "corpus/sub/b.md"]
    problems = {Path(p.path).name: p.reason for p in found.problems}
    assert set(problems) == {"paper.pdf", "gone.html", "empty"}
    assert "broken symbolic link" in problems["gone.html"] and "convert" in problems["paper.pdf"]
    assert found.ignored == 1  # photo.jpg: counted, not warned about
    with pytest.raises(SeedError, match="no such file"):
        scan([tmp_path / "nope"], (".txt",))


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads mode-000 files; the broken-link case covers it")
def test_ingest_unreadable_file_is_a_seed_error(tmp_path):
    path = tmp_path / "locked.txt"
    path.write_text("本文。", encoding="utf-8")
    path.chmod(0)
    try:
        with pytest.raises(SeedError, match="cannot read"):
            read_document(path)
    finally:
        path.chmod(0o644)


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_ingest_utf16_without_bom(tmp_path, encoding):
    text = "西園寺湊はカガミ光学を創業した。\nKagami Corp.\n"
    path = tmp_path / "a.txt"
    path.write_bytes(text.encode(encoding))
    assert read_document(path).text == text


def test_ingest_html_meta_charset_and_missing_head_end(tmp_path):
    source = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">'
              "<title>沿革</title><body><p>真壁透は葛城精機工業を設立した。</p>")  # no </head>
    path = tmp_path / "a.html"
    path.write_bytes(source.encode("cp932"))
    doc = read_document(path)
    assert doc.encoding == "shift_jis" and doc.title == "沿革"
    assert [c.text for c in chunk_document(doc)] == ["真壁透は葛城精機工業を設立した。"]


def test_ingest_stray_nul_in_utf8_text_is_text(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes("稲盛和夫は京セラを設立した。\x00\n".encode("utf-8"))
    doc = read_document(path)
    assert chunk_document(doc)[0].text == "稲盛和夫は京セラを設立した。 "

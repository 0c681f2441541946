"""The parse cache: unchanged documents are never parsed again, and the graph does not change."""

from __future__ import annotations

import shutil

import pytest

from kg.build.cache import ParseCache, extraction_version
from kg.build.pipeline import run
from kg.config import Settings
from kg.extract.nlp import model_version
from kg.ingest.documents import chunk_document, read_document

from conftest import output_files, settings_for

pytestmark = pytest.mark.model


def test_cache_warm_rebuild_parses_nothing_and_is_identical(scale_corpus, scale_reference, tmp_path):
    out = tmp_path / "out"
    cold = run(settings_for([scale_corpus], out))
    first = output_files(out)
    warm = run(settings_for([scale_corpus], out))

    assert cold.stats["cache misses"] == 4 and cold.stats["cache hits"] == 0
    assert warm.stats["cache hits"] == 4 and warm.stats["cache misses"] == 0
    assert "parse" in cold.timings and "parse" not in warm.timings
    assert "load_model" not in warm.timings  # facts are cached too: nothing needs the model
    # The reference validated its graph whole (no cache); these kept a SHACL memo and validated only changes.
    assert (out / ".cache" / "shacl-memo.json").is_file()
    assert output_files(out) == first == scale_reference[1]


def test_cache_changed_document_is_parsed_again(scale_corpus, tmp_path):
    corpus = tmp_path / "in"
    shutil.copytree(scale_corpus, corpus)
    cache_dir = tmp_path / "cache"
    run(settings_for([corpus], tmp_path / "cold", cache_dir=cache_dir))
    changed = corpus / "c_kyocera.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "北条透はアオバ通信を設立した。\n", encoding="utf-8")

    warm = run(settings_for([corpus], tmp_path / "warm", cache_dir=cache_dir))
    fresh = run(settings_for([corpus], tmp_path / "fresh", use_cache=False))

    reused = warm.stats["cache hits"] + warm.stats["parse cache hits"]
    assert (reused, warm.stats["cache misses"]) == (3, 1)
    assert "cache hits" not in fresh.stats
    assert output_files(tmp_path / "warm") == output_files(tmp_path / "fresh")
    assert warm.entities == fresh.entities and warm.entities > 0


def test_cache_changed_document_with_jobs_is_parsed_beside_the_cache_reads(scale_corpus, tmp_path):
    corpus = tmp_path / "in"
    shutil.copytree(scale_corpus, corpus)
    cache_dir = tmp_path / "cache"
    run(settings_for([corpus], tmp_path / "cold", cache_dir=cache_dir, jobs=2))
    changed = corpus / "b_minatoya.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "鈴木花子は2003年にミドリ商事を設立した。\n",
                       encoding="utf-8")

    warm = run(settings_for([corpus], tmp_path / "warm", cache_dir=cache_dir, jobs=2))
    fresh = run(settings_for([corpus], tmp_path / "fresh", use_cache=False))

    assert (warm.stats["cache hits"], warm.stats["cache misses"]) == (3, 1)
    # A worker process parsed the changed document; this one read the cache and never loaded the model.
    assert "wait_workers" in warm.timings and "load_model" not in warm.timings
    assert output_files(tmp_path / "warm") == output_files(tmp_path / "fresh")


def test_cache_facts_missing_with_jobs_are_extracted_from_cached_parses_in_the_workers(scale_corpus, tmp_path):
    # After a kg upgrade the facts entries no longer match (their key includes the extraction code) while
    # the parses still do: the --jobs processes read the parses and extract, nothing is parsed again.
    cache_dir = tmp_path / "cache"
    run(settings_for([scale_corpus], tmp_path / "cold", cache_dir=cache_dir, jobs=2))
    facts = list(cache_dir.rglob("*.facts"))
    assert len(facts) == 4
    for path in facts:
        path.unlink()

    warm = run(settings_for([scale_corpus], tmp_path / "warm", cache_dir=cache_dir, jobs=2))

    assert (warm.stats["cache hits"], warm.stats["parse cache hits"], warm.stats["cache misses"]) == (0, 4, 0)
    assert "load_model" not in warm.timings and "parse" not in warm.timings
    assert len(list(cache_dir.rglob("*.facts"))) == 4
    assert output_files(tmp_path / "warm") == output_files(tmp_path / "cold")


def test_cache_key_needs_no_spacy_import(tmp_path):
    import subprocess
    import sys

    code = ("import sys; from kg.build.cache import ParseCache; from kg.config import Settings; "
            f"ParseCache.for_settings(Settings(cache_dir={str(tmp_path)!r})); print('spacy' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def _chunks(folder, name):
    return chunk_document(read_document(folder / name))


def test_cache_roundtrip_keeps_ginza_annotations(nlp, scale_corpus, tmp_path):
    import ginza

    chunks = _chunks(scale_corpus, "c_kyocera.txt")
    docs = [nlp(c.text) for c in chunks]
    store = ParseCache(tmp_path, model_version(nlp), "C")
    store.put(chunks, docs)
    again = ParseCache(tmp_path, model_version(nlp), "C").get(chunks, nlp.vocab)

    assert again is not None and len(again) == len(docs)
    for a, b in zip(docs, again):
        assert [(t.text, t.lemma_, t.pos_, t.tag_, t.dep_, t.head.i, str(t.morph)) for t in a] == \
               [(t.text, t.lemma_, t.pos_, t.tag_, t.dep_, t.head.i, str(t.morph)) for t in b]
        assert [(e.start, e.end, e.label_) for e in a.ents] == [(e.start, e.end, e.label_) for e in b.ents]
        assert [s.start for s in a.sents] == [s.start for s in b.sents]
        assert a.user_data == b.user_data  # list stays list: msgpack alone would give tuples
        assert [s.text for s in ginza.bunsetu_spans(a)] == [s.text for s in ginza.bunsetu_spans(b)]


def test_cache_key_follows_text_split_mode_and_model(nlp, scale_corpus, tmp_path):
    chunks = _chunks(scale_corpus, "b_minatoya.txt")
    other = _chunks(scale_corpus, "d_toyokawa.txt")
    c_mode = ParseCache(tmp_path, model_version(nlp), "C")

    assert c_mode.key(chunks) == ParseCache(tmp_path / "x", model_version(nlp), "C").key(chunks)
    assert c_mode.key(chunks) != c_mode.key(other)
    assert c_mode.key(chunks) != ParseCache(tmp_path, model_version(nlp), "A").key(chunks)
    c_mode.put(chunks, [nlp(c.text) for c in chunks])
    assert ParseCache(tmp_path, model_version(nlp), "A").get(chunks, nlp.vocab) is None


def test_cache_corrupt_entry_is_a_miss(nlp, scale_corpus, tmp_path):
    chunks = _chunks(scale_corpus, "b_minatoya.txt")
    store = ParseCache(tmp_path, model_version(nlp), "C")
    store.put(chunks, [nlp(c.text) for c in chunks])
    entry = next(tmp_path.rglob("*.kgdoc"))
    entry.write_bytes(entry.read_bytes()[:100])

    assert store.get(chunks, nlp.vocab) is None
    assert store.misses == 1 and store.hits == 0


def test_cache_lives_in_out_dir_unless_cache_dir_is_set(tmp_path):
    assert ParseCache.for_settings(Settings(out_dir=tmp_path)).folder == tmp_path / ".cache"
    elsewhere = Settings(out_dir=tmp_path, cache_dir=tmp_path / "shared")
    assert ParseCache.for_settings(elsewhere).folder == tmp_path / "shared"


def test_cache_facts_are_kept_per_code_version(nlp, scale_corpus, tmp_path):
    chunks = _chunks(scale_corpus, "d_toyokawa.txt")
    old = ParseCache(tmp_path, model_version(nlp), "C", code="v1")
    old.put(chunks, [nlp(c.text) for c in chunks])
    old.put_facts(chunks, {"found": ["豊川章男"]})
    new = ParseCache(tmp_path, model_version(nlp), "C", code="v2")

    assert old.get_facts(chunks) == {"found": ["豊川章男"]}
    assert new.get_facts(chunks) is None  # changed rules or code: extract again ...
    assert new.get(chunks, nlp.vocab) is not None  # ... from the cached parse


def test_cache_code_version_follows_rule_files(tmp_path):
    rules = tmp_path / "ontology"
    shutil.copytree(Settings().ontology_dir, rules)
    before = extraction_version(Settings(ontology_dir=rules))
    target = rules / "relations.yaml"
    target.write_bytes(target.read_bytes() + b"\n")

    assert extraction_version(Settings(ontology_dir=rules)) != before
    assert extraction_version(Settings(ontology_dir=rules)) == extraction_version(Settings(ontology_dir=rules))


def test_cache_code_version_ignores_the_calibration_table(tmp_path):
    # calibration.yaml is applied after extraction: refitting it must keep the cached facts.
    rules = tmp_path / "ontology"
    shutil.copytree(Settings().ontology_dir, rules)
    before = extraction_version(Settings(ontology_dir=rules))
    (rules / "calibration.yaml").write_text("counts:\n  rel.ceoOf: [1, 2]\n", encoding="utf-8")

    assert extraction_version(Settings(ontology_dir=rules)) == before


def test_cache_key_needs_no_model_load_and_names_a_missing_model():
    from kg.errors import ModelNotInstalled
    from kg.extract.nlp import installed_version

    assert installed_version(Settings()).startswith("ja_ginza-")
    with pytest.raises(ModelNotInstalled, match="pip install"):
        installed_version(Settings(model="ja_no_such_model"))


def test_cache_code_version_ignores_output_side_modules():
    from kg.build import cache

    assert {"page", "export", "cli", "graph"} <= cache._AFTER_EXTRACTION
    assert not {"mentions", "aliases", "relations", "pipeline", "model"} & cache._AFTER_EXTRACTION

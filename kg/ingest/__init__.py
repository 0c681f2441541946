"""Stage 1, files → Document → Chunk: finding input files, decoding them, markup offset maps and chunking.

May import: the foundation modules (kg.model, kg.errors, kg.vocab, kg.config) only.
"""

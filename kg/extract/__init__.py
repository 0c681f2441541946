"""Stages 2–5, Chunk → spaCy Doc → Mention → Entity → Relation: GiNZA (nlp, the only spacy.load), mention
finding and typing, alias merging and the user gazetteer, coreference, dates, relation rules, trained components.

May import: kg.ingest and the foundation modules. spaCy objects stop here: what leaves carries offsets.
"""

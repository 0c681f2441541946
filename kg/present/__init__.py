"""Stage 7, rdflib Graph → what people read: the NetworkX view, network analysis, the HTML page, file exports and
the notebook runner.

May import: kg.rdf, kg.extract, kg.ingest and the foundation modules.
"""

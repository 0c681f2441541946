"""Stage 6, Entity/Relation → rdflib Graph: IRIs and triples, SHACL validation, Oxigraph store, SPARQL, serving.

May import: kg.extract, kg.ingest and the foundation modules (in practice only the foundation modules).
"""

"""The build: pipeline.run (the only place that knows the stage order), the parse cache, and the executors that
run stages 2–5 in local processes or on a Dask cluster.

May import: kg.present, kg.rdf, kg.extract, kg.ingest and the foundation modules.
"""

"""Trained components shipped with kg (package data; bench/train_ner.py shows how they are made).

May import: kg.extract's other modules and the foundation modules.
"""

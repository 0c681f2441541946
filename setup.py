"""The one thing pyproject.toml cannot say: the repository's top-level ontology/ ships as kg/ontology."""

from setuptools import find_namespace_packages, setup

setup(
    # kg and its subfolders (data folders such as kg/queries included), plus the mapped ontology folder
    packages=[*find_namespace_packages(include=["kg", "kg.*"], exclude=["*.__pycache__"]), "kg.ontology"],
    package_dir={"kg.ontology": "ontology"},
)

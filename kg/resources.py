"""Where kg finds the files it ships: ontology and rule tables, SPARQL queries, page assets, trained weights.

Every lookup starts from ``importlib.resources.files("kg")``, so a wheel, an editable install and a checkout
on PYTHONPATH all read the files that belong to the ``kg`` that was imported. This is the only module that
knows where each kind of file lives inside the package.

The repository keeps the ontology in its top-level ``ontology/``; a wheel carries it as ``kg/ontology``
(setup.py maps the folder at build time), while a checkout has it beside the package.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from .errors import KGError

def package_dir() -> Path:
    """Return the folder the ``kg`` package was imported from.

    Raises:
        KGError: kg was imported from a zip file (its data files must be plain files).
    """
    root = resources.files("kg")
    if not isinstance(root, Path):
        raise KGError(f"kg was imported from {root}, not from a folder; install it unzipped (pip install kg-ja)")
    return root


def ontology_dir() -> Path:
    """Return the folder of kg.ttl, shapes.ttl and the rule tables (relations.yaml, entity_cues.yaml, ...).

    Raises:
        KGError: neither the installed ``kg/ontology`` nor a checkout's ``ontology/`` is there.
    """
    package = package_dir()
    for folder in (package / "ontology", package.parent / "ontology"):  # a wheel; a checkout
        if (folder / "kg.ttl").is_file():
            return folder
    raise KGError(f"{package}: kg's ontology folder is missing (kg/ontology in an installed package, ontology/ "
                  "in a checkout); reinstall kg (pip install kg-ja) or restore ontology/")


def query_dir() -> Path:
    """Return the folder of the shipped SPARQL queries (``NAME.rq``)."""
    return package_dir() / "rdf" / "queries"


def asset_text(name: str) -> str:
    """Return the text of the page asset ``name`` (page.html, page.css, page.js).

    Raises:
        KGError: the asset is missing.
    """
    path = package_dir() / "present" / "assets" / name
    try:
        return path.read_text(encoding="utf-8")
    except OSError as err:
        raise KGError(f"{path}: page asset missing; reinstall kg (pip install kg-ja)") from err


def model_dir(name: str) -> Path:
    """Return the folder of the trained component ``name`` (e.g. ner_wikipedia) under kg/extract/models."""
    return package_dir() / "extract" / "models" / name


def code_files() -> list[Path]:
    """Return kg's Python source files, sorted, for hashes that must change when the code does."""
    return sorted(package_dir().rglob("*.py"))

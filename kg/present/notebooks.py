"""Run the shipped notebooks (notebooks/*.ipynb) with nbclient against a built graph, so they cannot rot.

``python -m kg.present.notebooks`` executes them; ``--write`` keeps the outputs in the files
(``make notebooks``), normalised so that the same graph gives the same bytes; ``--strip`` removes them. The
graph reaches the kernel as $KG_GRAPH.
"""

from __future__ import annotations

import argparse
import base64
import logging
import os
import struct
import time
from pathlib import Path

from ..errors import KGError

log = logging.getLogger(__name__)

NOTEBOOKS = Path("notebooks")  # the repository's notebooks, from its root (make notebooks); not in the package
GRAPH_ENV = "KG_GRAPH"  # the notebooks read the graph path from this variable (default: output/corpus/graph.ttl)
KERNEL = "python3"  # the kernel ipykernel installs into the virtual environment
# Notebook metadata written by normalise: the kernel by name only, no Python version of this machine.
METADATA = {"kernelspec": {"display_name": "Python 3", "language": "python", "name": KERNEL},
            "language_info": {"name": "python"}}
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_PNG_VOLATILE = {b"tEXt", b"zTXt", b"iTXt", b"tIME"}  # text (the writer's version) and time chunks


def notebook_paths(folder: Path = NOTEBOOKS) -> list[Path]:
    """Return the notebooks in ``folder``, sorted by name."""
    return sorted(p for p in folder.glob("*.ipynb") if not p.name.startswith("."))


def execute(path: Path, graph: Path | None = None, *, kernel_name: str = KERNEL, timeout: int = 600):
    """Execute the notebook at ``path`` in its own folder and return the executed notebook.

    ``graph`` (a graph.ttl) is passed to the kernel as $KG_GRAPH; without it the notebook uses its
    default. The file on disk is not changed.

    Raises:
        KGError: the notebook cannot be read, the kernel is missing, or a cell fails (the message names the
            cell and the exception).
    """
    import nbformat
    from jupyter_client.kernelspec import NoSuchKernel
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError

    try:
        nb = nbformat.read(path, as_version=4)
    except (OSError, ValueError) as err:
        raise KGError(f"{path}: cannot read notebook: {err}") from err
    env = dict(os.environ)
    if graph is not None:
        env[GRAPH_ENV] = str(Path(graph).resolve())
    client = NotebookClient(nb, timeout=timeout, kernel_name=kernel_name,
                            resources={"metadata": {"path": str(path.parent)}})
    try:
        client.execute(env=env, cwd=str(path.parent))
    except NoSuchKernel as err:
        raise KGError(f"{path}: no Jupyter kernel '{kernel_name}'; run: python -m ipykernel install "
                      "--sys-prefix") from err
    except CellTimeoutError as err:
        raise KGError(f"{path}: a cell ran longer than {timeout} s") from err
    except CellExecutionError as err:
        cell = _failed_cell(nb)
        raise KGError(f"{path}: cell {cell} failed: {err.ename}: {err.evalue}") from err
    return nb


def _failed_cell(nb) -> int:
    """Return the 1-based number of the first code cell with an error output (0 if none)."""
    for i, cell in enumerate(nb.cells, start=1):
        if any(out.get("output_type") == "error" for out in cell.get("outputs", [])):
            return i
    return 0


def strip(nb):
    """Return ``nb`` with every output, execution count and per-cell run metadata removed (in place)."""
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        cell.metadata.pop("execution", None)
    return nb


def normalise(nb):
    """Return ``nb`` (in place) with what varies between runs or machines taken out, so a diff shows real changes.

    Drops per-cell run metadata (nbclient's timings), reduces the notebook metadata to METADATA,
    numbers executed code cells 1, 2, ... in order, and strips text and time chunks from PNG images.
    Running it twice changes nothing.
    """
    nb.metadata = {key: dict(value) for key, value in METADATA.items()}
    count = 0
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        cell.metadata.pop("ExecuteTime", None)
        if cell.cell_type != "code":
            continue
        if cell.execution_count is not None or cell.outputs:
            count += 1
            cell.execution_count = count
        for output in cell.outputs:
            if output.get("output_type") == "execute_result":
                output["execution_count"] = count
            data = output.get("data", {})
            if "image/png" in data:
                data["image/png"] = _png_base64(data["image/png"])
    return nb


def _png_base64(text: str) -> str:
    """Return the base64 PNG ``text`` with its volatile chunks removed, in the same line layout."""
    raw = strip_png_metadata(base64.b64decode(text))
    return base64.b64encode(raw).decode("ascii") + ("\n" if text.endswith("\n") else "")


def strip_png_metadata(png: bytes) -> bytes:
    """Return ``png`` without its tEXt, zTXt, iTXt and tIME chunks (writer version, timestamps).

    Bytes that are not a PNG come back unchanged.

    Example:
        >>> chunk = lambda kind, body: struct.pack(">I", len(body)) + kind + body + b"crc!"
        >>> head, end = _PNG_SIGNATURE + chunk(b"IHDR", b"x" * 13), chunk(b"IEND", b"")
        >>> strip_png_metadata(head + chunk(b"tEXt", b"Software mpl") + end) == head + end
        True
    """
    if not png.startswith(_PNG_SIGNATURE):
        return png
    out, at = [_PNG_SIGNATURE], len(_PNG_SIGNATURE)
    while at + 8 <= len(png):
        (length,), kind = struct.unpack(">I", png[at:at + 4]), png[at + 4:at + 8]
        end = at + 12 + length  # length, type, data, CRC
        if kind not in _PNG_VOLATILE:
            out.append(png[at:end])
        at = end
    return b"".join(out)


def main(argv: list[str] | None = None) -> int:
    """Execute the notebooks; ``--write`` saves their outputs, ``--strip`` only removes outputs."""
    import nbformat

    parser = argparse.ArgumentParser(prog="python -m kg.present.notebooks", description=main.__doc__)
    parser.add_argument("notebooks", nargs="*", type=Path, help="notebooks to run (default: notebooks/*.ipynb)")
    parser.add_argument("--graph", type=Path, help="graph.ttl to analyse (default: the notebooks' own)")
    parser.add_argument("--write", action="store_true", help="write the executed notebooks back")
    parser.add_argument("--strip", action="store_true", help="strip outputs in place; execute nothing")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="kg.present.notebooks: %(message)s")
    paths = args.notebooks or notebook_paths()
    try:
        for path in paths:
            if args.strip:
                nbformat.write(normalise(strip(nbformat.read(path, as_version=4))), path)
                log.info("stripped %s", path)
                continue
            start = time.perf_counter()
            nb = execute(path, args.graph)
            if args.write:
                nbformat.write(normalise(nb), path)
            log.info("ran %s in %.1f s%s", path, time.perf_counter() - start, " (written)" if args.write else "")
    except KGError as err:
        log.error("%s", err)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

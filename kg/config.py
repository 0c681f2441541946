"""Settings: every default in one place; defaults < kg.toml < CLI flags."""

from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from . import resources
from .errors import KGError
from .vocab import BASE_IRI


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything a build needs to know; passed explicitly, never read from globals."""

    inputs: tuple[Path, ...] = (Path("seeds"),)  # files or folders of .txt/.md/.html
    out_dir: Path = Path("output")  # where graph.ttl/.html/.graphml are written
    model: str = "ja_ginza"  # spaCy package name; transformer models are not supported offline
    split_mode: str = "C"  # Sudachi split mode (A/B/C); C keeps compound names whole
    # Find names with kg's own tagger (kg/extract/models/kg_ner.py, trained by bench/train_ner.py) in the place of
    # GiNZA's NER: the parse takes about half the time. Off: on the dev sets it finds more names in news, JacRED
    # and ner-wikipedia, but fewer right ones in the seed article (English product names tagged companies);
    # see README "Quality" (make quality prints both settings side by side).
    kg_ner: bool = False
    # Relations whose (calibrated) kgo:confidence is below this are left out of the graph (relations.jsonl keeps
    # them, marked "dropped"). 0.3, chosen with make quality: wiki-dev, news-dev and jacred-dev together keep
    # precision 0.84 (their weakest right relations sit near 0.4), the seed keeps every relation (at 0.4 it loses
    # one), and hedged statements of rules the data trusts less (「…に出資するという噂」, 0.24) are dropped.
    min_confidence: float = 0.3
    # Calibrate each relation's rule confidence with ontology/calibration.yaml (bench/calibrate.py) when it exists.
    calibrate: bool = True
    max_chunk_bytes: int = 40_000  # UTF-8 bytes per parse call; Sudachi refuses > 49,149
    batch_size: int = 32  # nlp.pipe batch size
    jobs: int = 1  # parsing processes (spaCy n_process)
    executor: str = "local"  # "local" (this machine, --jobs processes) or "dask" (a Dask cluster)
    scheduler: str | None = None  # Dask scheduler address, e.g. tcp://10.0.0.5:8786 (executor "dask")
    ontology_dir: Path = field(default_factory=resources.ontology_dir)  # kg.ttl, shapes.ttl, relations.yaml (the shipped ones)
    gazetteer: Path | None = None  # optional user aliases.ttl; off by default and in evaluation
    base_iri: str = BASE_IRI  # entity/statement/document IRIs are minted under this
    strict: bool = False  # warnings (skipped files, SHACL violations) fail the build
    quiet: bool = False  # no progress bar
    cache_dir: Path | None = None  # parse cache (DocBin per document); None = out_dir/.cache
    use_cache: bool = True  # reuse parses of unchanged documents
    html_physics_max_nodes: int = 0  # graph page: physics only up to this many related entities (0: never)
    html_height: str = "100vh"  # pyvis canvas height
    extensions: tuple[str, ...] = (".txt", ".md", ".markdown", ".html", ".htm")
    debug_dumps: bool = True  # write entities.jsonl / relations.jsonl beside the graph
    extra: dict[str, str] = field(default_factory=dict)  # free-form, for kg.toml keys of plugins

    def replace(self, **changes: object) -> Settings:
        """Return a copy with ``changes`` applied."""
        return dataclasses.replace(self, **changes)

    def as_dict(self) -> dict[str, object]:
        """Return the settings as plain values, for ``--show-config``."""
        out: dict[str, object] = {}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if isinstance(value, Path):
                value = str(value)
            elif isinstance(value, tuple):
                value = [str(v) for v in value]
            out[f.name] = value
        return out


def load_settings(config_file: Path | None = None, **overrides: object) -> Settings:
    """Build Settings from defaults, an optional ``kg.toml`` and explicit overrides.

    Raises:
        KGError: the config file is unreadable or names an unknown setting.
    """
    settings = Settings()
    path = config_file or (Path("kg.toml") if Path("kg.toml").is_file() else None)
    if path is not None:
        try:
            data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as err:
            raise KGError(f"{path}: cannot read config: {err}") from err
        data = data.get("kg", data)
        settings = _apply(settings, data, str(path))
    return _apply(settings, {k: v for k, v in overrides.items() if v is not None}, "command line")


def _apply(settings: Settings, data: dict[str, object], where: str) -> Settings:
    names = {f.name: f for f in dataclasses.fields(Settings)}
    changes: dict[str, object] = {}
    for key, value in data.items():
        if key not in names:
            raise KGError(f"{where}: unknown setting '{key}'; valid: {', '.join(sorted(names))}")
        default = getattr(Settings(), key)
        if isinstance(default, Path) or key in {"cache_dir", "gazetteer"}:
            value = Path(value) if value is not None else None
        elif isinstance(default, tuple):
            value = tuple(Path(v) if key == "inputs" else v for v in value)
        elif key == "min_confidence":
            value = _confidence(value, where)
        changes[key] = value
    return dataclasses.replace(settings, **changes)


def _confidence(value: object, where: str) -> float:
    """Return a min_confidence value as a float.

    Raises:
        KGError: it is not a number from 0 to 1.
    """
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0.0 <= value <= 1.0:
        raise KGError(f"{where}: min_confidence must be a number from 0 to 1, got {value!r}")
    return float(value)

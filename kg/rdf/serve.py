"""SPARQL 1.1 Protocol endpoint over a built graph: Oxigraph's own read-only server on a kg.rdf.store folder.

We run the ``oxigraph serve-read-only`` binary (PyPI package ``oxigraph``) instead of writing a server:
it speaks the SPARQL 1.1 Protocol (GET/POST ``/query``), refuses updates, and ships a YASGUI page at ``/``.
"""

from __future__ import annotations

import logging
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..errors import KGError
from .store import ensure_store

log = logging.getLogger(__name__)

LOOPBACK = "127.0.0.1"


@dataclass
class Server:
    """A running endpoint; ``stop()`` (or leaving the ``with`` block) ends it."""

    process: subprocess.Popen
    host: str
    port: int
    store: Path

    @property
    def url(self) -> str:
        """Base URL; the YASGUI query page lives here."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def query_url(self) -> str:
        """The SPARQL 1.1 Protocol query endpoint."""
        return f"{self.url}/query"

    def stop(self, timeout: float = 10.0) -> None:
        """Terminate the server process and wait for it."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout)

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def port_free(host: str, port: int) -> bool:
    """Return whether ``host:port`` can be bound now (nothing else listens there)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def free_port(host: str = LOOPBACK) -> int:
    """Return a TCP port on ``host`` that is free right now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def oxigraph_binary() -> str:
    """Return the path of the ``oxigraph`` server binary (beside the running Python first).

    Raises:
        KGError: the binary is not installed.
    """
    beside = Path(sys.executable).parent / "oxigraph"
    if beside.is_file():
        return str(beside)
    found = shutil.which("oxigraph")
    if found:
        return found
    raise KGError("the 'oxigraph' server binary is not installed; run: pip install oxigraph==0.5.13")


def start(graph_path: str | Path, *, host: str = LOOPBACK, port: int = 7878, store_root: str | Path | None = None,
          timeout: float = 30.0) -> Server:
    """Load ``graph_path`` into its Oxigraph store and start a read-only SPARQL endpoint on it.

    Returns once the endpoint answers a query.

    Raises:
        GraphNotFound: the graph file is missing or does not parse.
        KGError: the binary is missing, or the server exits or does not answer within ``timeout`` seconds
            (for example because the port is taken).
    """
    store = ensure_store(graph_path, store_root)
    if host not in {LOOPBACK, "localhost", "::1"}:
        log.warning("serving on %s: the endpoint is reachable from other machines (read-only)", host)
    if not port_free(host, port):
        raise KGError(f"{host}:{port} is already in use; choose another --port")
    cmd = [oxigraph_binary(), "serve-read-only", "--location", str(store), "--bind", f"{host}:{port}"]
    # A file, not a pipe: a long-running server would block once an unread pipe fills up.
    errors = tempfile.TemporaryFile()
    process = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=errors)
    server = Server(process, host, port, store)
    deadline = time.monotonic() + timeout
    probe = f"{server.query_url}?{urllib.parse.urlencode({'query': 'ASK {}'})}"
    try:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                errors.seek(0)
                err = errors.read().decode("utf-8", "replace").strip()
                raise KGError(f"SPARQL server on {host}:{port} exited (code {process.returncode}): "
                              f"{err.splitlines()[-1] if err else 'no message'}; try another --port")
            try:
                with urllib.request.urlopen(probe, timeout=2) as resp:
                    if resp.status == 200 and process.poll() is None:
                        log.info("SPARQL endpoint ready at %s", server.query_url)
                        return server
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.1)
        raise KGError(f"SPARQL server on {host}:{port} did not answer within {timeout:.0f}s; try another --port")
    except BaseException:
        server.stop()  # also on Ctrl-C while waiting: never leave the child behind
        raise

def serve(graph_path: str | Path, *, host: str = LOOPBACK, port: int = 7878,
          announce: Callable[[str], object] = log.warning) -> int:
    """Run the endpoint until interrupted (Ctrl-C); return the server's exit code.

    ``announce`` receives one line naming the endpoint once it answers.

    Raises:
        KGError: the server cannot start (see ``start``).
    """
    # SIGTERM must unwind like Ctrl-C, or the oxigraph child would outlive us.
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _interrupt)
    server: Server | None = None
    try:
        server = start(graph_path, host=host, port=port)
        announce(f"SPARQL endpoint (read-only): {server.query_url}  ·  YASGUI: {server.url}/  ·  Ctrl-C to stop")
        return server.process.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        if server is not None:
            server.stop()

def _interrupt(_signum: int, _frame: object) -> None:
    raise KeyboardInterrupt


__all__ = ["LOOPBACK", "Server", "free_port", "oxigraph_binary", "port_free", "serve", "start"]

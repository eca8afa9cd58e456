"""Jupyter servers for browser tests (Voilà and JupyterLab), each on 127.0.0.1 with folders of its own.

Loaded once by the root conftest as ``backcare_kit_jupyter`` (see there why
not as ``tests.jupyter_servers``). A server serves a copy of ``notebooks/`` in
a temporary folder, so exports land there and not in the repository, and gets
its own Jupyter data, runtime and config folders (seen needed in CI), never
the user's. Its kernel runs this interpreter, whatever ``python`` is on PATH.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
STARTUP_SECONDS = 60
JUPYTER_DIRS = ("JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR", "JUPYTER_CONFIG_DIR")


@dataclass
class Server:
    name: str  # "Voilà", "JupyterLab": for messages
    url: str  # http://127.0.0.1:<port>
    folder: Path  # the copy of notebooks/ served, and the kernels' working directory
    log: Path
    process: subprocess.Popen

    def tail(self, lines: int = 60) -> str:
        text = self.log.read_text(encoding="utf-8", errors="replace") if self.log.exists() else ""
        return "\n".join(text.splitlines()[-lines:]) or "(empty)"

    def kernels(self) -> list[list[str]] | None:
        """Command lines of the server's child processes (its kernels); None where /proc cannot tell."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        if not children.exists():
            return None
        commands = []
        for pid in children.read_text().split():
            cmdline = Path(f"/proc/{pid}/cmdline")
            if cmdline.exists():
                commands.append(cmdline.read_bytes().decode(errors="replace").split("\0")[:-1])
        return commands


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def write_jupyter_path(where: Path) -> None:
    """A python3 kernel spec for this interpreter, first on JUPYTER_PATH."""
    kernel = where / "kernels" / "python3"
    kernel.mkdir(parents=True)
    spec = {
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (backcare_kit tests)",
        "language": "python",
    }
    (kernel / "kernel.json").write_text(json.dumps(spec), encoding="utf-8")


@contextmanager
def serve(
    name: str,
    command: Callable[[int], list[str]],
    tmp_path: Path,
    prepare: Callable[[Path], None] | None = None,
) -> Iterator[Server]:
    """Run ``command(port)`` in a copy of notebooks/ (``prepare(folder)`` may change the copy first)."""
    folder = tmp_path / "notebooks"
    shutil.copytree(ROOT / "notebooks", folder, ignore=shutil.ignore_patterns("exports", "plans", ".ipynb_checkpoints"))
    if prepare is not None:
        prepare(folder)
    jupyter = {variable: tmp_path / variable.lower() for variable in JUPYTER_DIRS}
    for path in jupyter.values():
        path.mkdir()
    write_jupyter_path(tmp_path / "jupyter_path")
    env = {**os.environ, **{k: str(v) for k, v in jupyter.items()}, "JUPYTER_PATH": str(tmp_path / "jupyter_path")}
    env.pop("JUPYTER_CONFIG_PATH", None)
    port = free_port()
    log = tmp_path / f"{name.lower()}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(command(port), cwd=folder, env=env, stdout=out, stderr=subprocess.STDOUT)
    server = Server(name, f"http://127.0.0.1:{port}", folder, log, process)
    try:
        wait_until_answering(server)
        yield server
    finally:
        process.terminate()  # both stop on SIGTERM and shut their kernels down
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


def wait_until_answering(server: Server) -> None:
    """Poll a path that starts no kernel; any HTTP answer, 404 included, means the server is up."""
    deadline = time.monotonic() + STARTUP_SECONDS
    while True:
        if server.process.poll() is not None:
            pytest.fail(f"{server.name} exited with {server.process.returncode}:\n{server.tail()}", pytrace=False)
        try:
            with urllib.request.urlopen(f"{server.url}/backcare-probe", timeout=2):
                return
        except urllib.error.HTTPError:
            return
        except OSError:
            pass
        if time.monotonic() > deadline:
            pytest.fail(f"{server.name} did not answer in {STARTUP_SECONDS} s:\n{server.tail()}", pytrace=False)
        time.sleep(0.2)


@contextmanager
def server_page(browser, server: Server, path: str, open_ms: float, step_ms: float, **options) -> Iterator[tuple]:
    """``path`` of the server opened in a browser context of its own, closed afterwards.

    Yields the page, the requests it made and its console errors. Every
    request but the server's own and local ones (file:, data:, blob:, about:)
    is aborted, so a page that reaches out fails its test; a failure inside
    carries the server's log.
    """
    from backcare_kit_browser import record_requests, watch_errors  # loaded before this module by the conftest

    context = browser.new_context(**options)
    context.set_default_timeout(step_ms)
    requests = record_requests(context)  # aborts everything but local URLs ...
    context.route(lambda url: url.startswith(f"{server.url}/"), lambda route: route.continue_())  # ... and the server
    try:
        page = context.new_page()
        errors = watch_errors(page)
        with log_on_failure(server):
            page.goto(f"{server.url}{path}", timeout=open_ms)
            yield page, requests, errors
    finally:
        context.close()


def beyond(server: Server, requests) -> list[str]:
    """The requests a page made to anywhere but its server's own origin (HTTP and WebSocket) and local URLs."""
    from backcare_kit_browser import LOCAL_SCHEMES

    own = (f"{server.url}/", server.url.replace("http://", "ws://", 1) + "/", *LOCAL_SCHEMES)
    return [url for url in requests.requests if not url.startswith(own)]


@contextmanager
def log_on_failure(server: Server) -> Iterator[None]:
    """Any failure inside (Playwright timeouts too) carries the tail of the server's log."""
    try:
        yield
    except Exception as error:
        log = f"--- {server.name} log ---\n{server.tail()}"
        raise AssertionError(f"{type(error).__name__}: {error}\n\n{log}") from error


def type_into(page, box, text: str) -> None:
    """Replace what a box holds by typing, as a person would, and press Enter."""
    box.focus()
    page.keyboard.press("ControlOrMeta+A")
    page.keyboard.type(text)
    page.keyboard.press("Enter")


#: Every label, menu choice and filled-in box of the editor whose words do not all show, as "label: words" (none
#: expected). A menu choice is measured in the menu's own font against the menu's width less room for its arrow; a
#: box's words are hidden when they scroll (a one-line field cut the ends of long safety items).
CUT_WORDS = """() => {
    const cut = [];
    const editor = document.querySelector('.bk-editor');
    for (const label of editor.querySelectorAll('.widget-label')) {
        if (label.offsetParent && label.scrollWidth > label.clientWidth + 1) cut.push('label: ' + label.textContent);
    }
    for (const box of editor.querySelectorAll('input[type=text], textarea')) {
        const hidden = box.scrollWidth > box.clientWidth + 1 || box.scrollHeight > box.clientHeight + 1;
        if (box.offsetParent && box.value && hidden) cut.push('box: ' + box.value);
    }
    const pen = document.createElement('canvas').getContext('2d');
    for (const menu of editor.querySelectorAll('select')) {
        pen.font = getComputedStyle(menu).font;
        for (const choice of menu.options) {
            if (pen.measureText(choice.text).width + 28 > menu.clientWidth) cut.push('menu: ' + choice.text);
        }
    }
    return cut;
}"""


def kernels_running(server: Server) -> list[list[str]] | None:
    """The server's kernels' command lines; None where this system cannot tell."""
    children = server.kernels()
    return None if children is None else [c for c in children if "ipykernel_launcher" in c]

"""What the browser tests share: a built site served on 127.0.0.1, Debian's Chromium
driven by playwright, and the Nu HTML checker; each skipped with the reason when it is
missing, or failed where CI requires it (``BLOGEXT_REQUIRE_BROWSER=1``)."""

from __future__ import annotations

import contextlib
import functools
import importlib.util
import os
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from collections.abc import Iterator

ROOT = Path(__file__).parent.parent
VNU_JAR = ROOT / ".ci" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
REQUIRED = os.environ.get("BLOGEXT_REQUIRE_BROWSER") == "1"


def missing(reason: str) -> None:
    """Skip for want of a tool, or fail where the tools are required (CI)."""
    if REQUIRED:
        pytest.fail(f"{reason} (BLOGEXT_REQUIRE_BROWSER=1)")
    pytest.skip(reason)


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextlib.contextmanager
def served(folder: Path) -> Iterator[str]:
    """The address of ``folder`` served over HTTP on 127.0.0.1, while the block runs."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


@contextlib.contextmanager
def chromium() -> Iterator[Any]:
    """Debian's Chromium, launched through playwright (no browser is downloaded)."""
    for module in ("playwright", "axe_playwright_python"):
        if importlib.util.find_spec(module) is None:
            missing(f"the Python package {module} is not installed (pip install -e '.[test]')")
    found = shutil.which("chromium")
    if found is None:
        missing("no chromium on PATH (Debian: apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        launched = playwright.chromium.launch(executable_path=found, args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()
    finally:
        playwright.stop()


def vnu_command() -> list[str]:
    """The command that runs the Nu HTML checker."""
    java = shutil.which("java")
    if java is None:
        missing("no java on PATH (Debian: apt-get install default-jre-headless)")
    if not VNU_JAR.is_file():
        where = VNU_JAR.relative_to(ROOT)
        missing(f"no Nu HTML checker at {where} (python3 dev.py test installs it)")
    return [str(java), "-jar", str(VNU_JAR)]

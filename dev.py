#!/usr/bin/env python3
"""Set-up and everyday tasks, with nothing but Python on the machine.

    python3 dev.py serve   build the example site and serve it on http://127.0.0.1:8000
    python3 dev.py test    lint, type-check, run the tests, build docs/ and example-site/ with -W

Both create ``.venv`` and install the project (editable) with its development
dependencies the first time, or again when ``pyproject.toml`` changed.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / "python"
STAMP = VENV / ".installed"


def run(*args: str | Path) -> None:
    print("+", " ".join(str(a) for a in args), flush=True)
    subprocess.run([str(a) for a in args], cwd=ROOT, check=True)


def ensure_venv() -> None:
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == wanted:
        return
    if not PYTHON.exists():
        venv.create(VENV, with_pip=True)
    run(PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    run(PYTHON, "-m", "pip", "install", "--quiet", "-e", ".[dev]")
    STAMP.write_text(wanted)


def sphinx_build(source: str, builder: str = "html") -> None:
    out = ROOT / "_build" / f"{source}-{builder}"
    run(PYTHON, "-m", "sphinx", "-W", "--keep-going", "-E", "-q", "-b", builder, source, out)


def test() -> None:
    run(PYTHON, "-m", "ruff", "check", "sphinx_blogext", "tests", "benchmarks", "dev.py")
    run(PYTHON, "-m", "ruff", "format", "--check", "sphinx_blogext", "tests", "benchmarks")
    run(PYTHON, "-m", "mypy")
    sphinx_build("docs")
    sphinx_build("example-site")
    sphinx_build("example-site", "dirhtml")
    run(PYTHON, "benchmarks/bench.py", "--posts", "20", "--repeat", "1")
    run(PYTHON, "-m", "pytest", "-p", "no:cacheprovider")


def serve() -> None:
    run(
        BIN / "sphinx-autobuild",
        "example-site",
        ROOT / "_build" / "example-site-live",
        "--port",
        "8000",
        "--open-browser",
    )


def main() -> int:
    tasks = {"test": test, "serve": serve}
    if len(sys.argv) != 2 or sys.argv[1] not in tasks:
        print(__doc__)
        return 2
    ensure_venv()
    try:
        tasks[sys.argv[1]]()
    except subprocess.CalledProcessError as failed:
        return failed.returncode or 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

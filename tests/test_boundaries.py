"""The package's boundaries: the import contract, and Sphinx's internals behind one seam.

The contract is import-linter's (``[tool.importlinter]`` in pyproject.toml): the
core never imports a feature, features never import one another, the theme
reads only its page context. Outside ``_sphinx_compat.py`` no module may reach
into underscore attributes, import Sphinx's private modules or replace a
method of a Sphinx object.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
SEAM = "_sphinx_compat.py"
SOURCES = sorted(
    p
    for folder in (ROOT / "sphinx_blogext", ROOT / "theme" / "blogext_theme")
    for p in folder.rglob("*.py")
    if p.name != SEAM
)
#: Names under which Sphinx's objects go around in this package.
SPHINX_OBJECTS = {"app", "builder", "env", "config", "translator", "theme", "highlighter"}


def _lint_imports(folder: Path) -> subprocess.CompletedProcess[str]:
    """import-linter on the package in ``folder``, in a process of its own (it configures
    logging for the whole process, which would silence Sphinx in later tests)."""
    code = "import sys, importlinter.cli as c; sys.exit(c.lint_imports(no_cache=True))"
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=folder,
        env={**os.environ, "PYTHONPATH": str(folder)},
        capture_output=True,
        text=True,
    )


def test_the_import_contract_is_kept(tmp_path: Path) -> None:
    copy = _copy(tmp_path)
    run = _lint_imports(copy)
    assert run.returncode == 0, run.stdout + run.stderr


def test_the_import_contract_catches_a_feature_importing_another(tmp_path: Path) -> None:
    """The contract is not vacuous: the same check on a copy with one such import fails."""
    copy = _copy(tmp_path)
    listings = copy / "sphinx_blogext" / "listings.py"
    listings.write_text(listings.read_text() + "\nfrom .tags import TAG  # noqa\n")
    run = _lint_imports(copy)
    assert run.returncode != 0
    assert "sphinx_blogext.listings -> sphinx_blogext.tags" in run.stdout


def _copy(tmp_path: Path) -> Path:
    """The package and the theme side by side, as installed, with the contract."""
    copy = tmp_path / "copy"
    shutil.copytree(ROOT / "sphinx_blogext", copy / "sphinx_blogext")
    shutil.copytree(ROOT / "theme" / "blogext_theme", copy / "blogext_theme")
    shutil.copy(ROOT / "pyproject.toml", copy / "pyproject.toml")
    return copy


def _problems(tree: ast.AST) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            parts = node.module.split(".")
            if parts[0] == "sphinx" and any(p.startswith("_") for p in parts):
                found.append(f"line {node.lineno}: imports Sphinx's private {node.module}")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] == "sphinx" and any(p.startswith("_") for p in parts):
                    found.append(f"line {node.lineno}: imports Sphinx's private {alias.name}")
        elif isinstance(node, ast.Attribute):
            owner = node.value.id if isinstance(node.value, ast.Name) else ""
            private = node.attr.startswith("_") and not node.attr.startswith("__")
            if private and owner not in ("self", "cls"):
                found.append(f"line {node.lineno}: reaches into .{node.attr}")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            if node.func.id in ("getattr", "setattr", "hasattr", "delattr") and len(node.args) > 1:
                name = node.args[1]
                if isinstance(name, ast.Constant) and str(name.value).startswith("_"):
                    found.append(f"line {node.lineno}: {node.func.id}(…, {name.value!r})")
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                if not isinstance(target, ast.Attribute):
                    continue
                # a method replaced, or anything else set, on a Sphinx object: only the
                # blog's own names (blogext_*) may be set there
                owner = target.value
                on_sphinx = (isinstance(owner, ast.Name) and owner.id in SPHINX_OBJECTS) or (
                    isinstance(owner, ast.Attribute) and owner.attr in SPHINX_OBJECTS
                )
                if on_sphinx and not target.attr.startswith("blogext_"):
                    found.append(f"line {node.lineno}: sets .{target.attr} on a Sphinx object")
    return found


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_sphinx_internals_only_in_the_seam(path: Path) -> None:
    problems = _problems(ast.parse(path.read_text(encoding="utf-8")))
    assert not problems, f"{path.name}: use sphinx_blogext/_sphinx_compat.py for: {problems}"


@pytest.mark.parametrize(
    "code",
    [
        "from sphinx.util._pathlib import _StrPath",
        "import sphinx.environment._x",
        "env._pickled_doctree_cache.pop('x')",
        "getattr(config, '_raw_config', {})",
        "builder.write_documents = write_published",
        "builder.write_documents = lambda docs: None",
        "app.builder.templates = None",
        "def write_published(d): pass\nbuilder.write_documents = write_published",
    ],
)
def test_the_seam_check_catches(code: str) -> None:
    assert _problems(ast.parse(code))


def test_the_seam_check_allows_the_blogs_own_names() -> None:
    code = (
        "env.blogext_data = data\nself._cache = {}\nstore.docs = {}\nobject.__setattr__(x, 'y', 1)"
    )
    assert _problems(ast.parse(code)) == []

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from bs4 import BeautifulSoup

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.testing.util import SphinxTestApp

    from sphinx_blogext.catalog import Catalog

ROOTS = Path(__file__).parent / "roots"
#: Extensions written for the tests, outside the package (tests/extensions)
EXTENSIONS = Path(__file__).parent / "extensions"
sys.path.insert(0, str(EXTENSIONS))


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return ROOTS


@pytest.fixture
def copy_root(tmp_path: Path) -> Callable[[str], Path]:
    """A writable copy of a test root, for tests that edit sources."""

    def copy(name: str, dest: str = "src") -> Path:
        target = tmp_path / dest
        shutil.copytree(ROOTS / f"test-{name}", target)
        return target

    return copy


def catalog_of(app: SphinxTestApp) -> Catalog:
    """The catalog the last build of ``app`` made (posts, terms, definitions)."""
    from sphinx_blogext.registry import registry

    state = registry(app).state
    assert state is not None, "the build made no state"
    return state.catalog


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def blog_parts(path: Path) -> str:
    """The blog-owned parts of a built page, for comparing two builds."""
    page = soup(path)
    selectors = [
        ".blogext-post-header",
        ".blogext-post-footer",
        ".blogext-listing",
        ".blogext-postlist",
        ".blogext-postlist-empty",
        "h1",
    ]
    found = [str(el) for sel in selectors for el in page.select(sel)]
    return "\n".join(found)


_WARNING = re.compile(r"^(\S+?):(\d+)?:? WARNING: (.*) \[blogext\.(\w+)\]$")


def warnings_of(app: SphinxTestApp) -> list[tuple[str, str, str]]:
    """(file:line, message, subtype) of each warning; every one must be ours and located."""
    found = []
    for line in app.warning.getvalue().splitlines():
        line = re.sub(r"\x1b\[[0-9;]*m", "", line)
        match = _WARNING.match(line)
        assert match, f"untyped or unlocated warning: {line}"
        path, lineno, message, subtype = match.groups()
        assert lineno, f"warning without a line: {line}"
        found.append((f"{path.rsplit('/', 1)[-1]}:{lineno}", message, subtype))
    return found


def located(app: SphinxTestApp) -> list[tuple[str, str]]:
    """(file:line, subtype) of each warning, sorted, duplicates kept."""
    return sorted((where, subtype) for where, _, subtype in warnings_of(app))


def search_index(outdir: Path) -> dict[str, object]:
    """The search index Sphinx wrote, parsed back."""
    text = (outdir / "searchindex.js").read_text(encoding="utf-8")
    return json.loads(text[text.index("(") + 1 : text.rindex(")")])


def docs_found_by(index: dict[str, object], word: str) -> set[str]:
    """The documents the search index lists for a (stemmed) word."""
    docnames: list[str] = index["docnames"]  # type: ignore[assignment]
    hits: set[int] = set()
    for table in ("terms", "titleterms"):
        found = index[table].get(word, [])  # type: ignore[attr-defined]
        hits.update([found] if isinstance(found, int) else found)
    return {docnames[i] for i in hits}


EXAMPLE = Path(__file__).parent.parent / "example-site"


def example_copy(tmp_path_factory: pytest.TempPathFactory, name: str) -> Path:
    """A copy of the example site's sources, to build without touching the original."""
    src = tmp_path_factory.mktemp(name) / "src"
    shutil.copytree(EXAMPLE, src, ignore=shutil.ignore_patterns("_build"))
    return src


def built_without_warnings(src: Path, builder: str = "html", **kwargs: object) -> Path:
    """The output folder of a build of ``src`` from scratch that warned about nothing."""
    from sphinx.testing.util import SphinxTestApp

    app = SphinxTestApp(builder, srcdir=src, freshenv=True, **kwargs)
    try:
        app.build()
    finally:
        app.cleanup()
    assert app.warning.getvalue() == "", app.warning.getvalue()
    return Path(app.outdir)


def build(
    make_app: Callable[..., SphinxTestApp], src: Path, builder: str = "html", **kwargs: object
) -> SphinxTestApp:
    """Build ``src`` once more (several builds in one test) and expect no warning."""
    app = make_app(builder, srcdir=src, **kwargs)
    try:
        app.build()
    finally:
        app.cleanup()  # unregister this app's nodes before the next one
    assert "WARNING" not in app.warning.getvalue(), app.warning.getvalue()
    return app


def clean_build(
    make_app: Callable[..., SphinxTestApp], src: Path, builder: str = "html", **kwargs: object
) -> SphinxTestApp:
    """A build from scratch of a copy of ``src``, to compare an incremental build with."""
    clean_src = src.parent / "clean"
    shutil.copytree(src, clean_src, ignore=shutil.ignore_patterns("_build"))
    return build(make_app, clean_src, builder, freshenv=True, **kwargs)


def rebuild_written(
    make_app: Callable[..., SphinxTestApp], src: Path
) -> tuple[SphinxTestApp, list[str]]:
    """Build ``src`` again, and the documents this build rendered, sorted."""
    app = make_app("html", srcdir=src)
    written: list[str] = []
    app.connect("doctree-resolved", lambda _app, _tree, docname: written.append(docname))
    try:
        app.build()
    finally:
        app.cleanup()
    return app, sorted(written)


def pytest_configure(config: pytest.Config) -> None:
    # test_browser.py: Chromium and the Nu HTML checker; dev.py leaves them out of the
    # round on the oldest versions
    config.addinivalue_line("markers", "browser: needs Chromium, playwright, Java or vnu-jar")

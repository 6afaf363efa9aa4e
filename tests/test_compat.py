"""Each function of the seam to Sphinx's internals, against the installed Sphinx.

CI runs these on the oldest and the newest Sphinx the project supports: a
release that changes what a function relies on fails here, by name.
"""

from __future__ import annotations

import zlib
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from conftest import search_index

from sphinx_blogext import _sphinx_compat as compat

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.testing.util import SphinxTestApp


def _project(root: Path, conf: str = "") -> Path:
    src = root / "src"
    src.mkdir(parents=True)
    (src / "conf.py").write_text(
        'extensions = ["myst_parser"]\nexclude_patterns = ["_build"]\nproject = "P"\n' + conf
    )
    (src / "index.md").write_text("# Home\n\n```{toctree}\na\nb\n```\n")
    (src / "a.md").write_text("# Page A\n\n(label-a)=\n## Section A\n\nWords about zebras.\n")
    (src / "b.md").write_text("# Page B\n\nSee {ref}`label-a`.\n")
    (src / "lone.md").write_text("# Alone\n\nWords about giraffes.\n")
    return src


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return _project(tmp_path)


def _app(make_app: Callable[..., SphinxTestApp], src: Path, builder: str = "html", **kw: object):
    return make_app(builder, srcdir=src, freshenv=True, **kw)


def test_state_on_keeps_one_state_per_object_and_shares_it(make_app, project) -> None:
    app = _app(make_app, project)
    first = compat.state_on(app, dict)
    assert compat.state_on(app, list) is first  # made once
    compat.share_state(app, app.builder)
    assert compat.state_on(app.builder, list) is first


def test_skip_documents_when_writing(make_app, project) -> None:
    app = _app(make_app, project)
    compat.skip_documents_when_writing(app.builder, lambda: {"b"})
    app.build()
    assert (app.outdir / "a.html").exists()
    assert not (app.outdir / "b.html").exists()


def test_toctree_includes_and_dropping_entries(make_app, project) -> None:
    app = _app(make_app, project)

    def drop(app_: SphinxTestApp, env: object) -> list[str]:
        assert compat.toctree_includes(app_.env)["index"] == ["a", "b"]
        assert compat.drop_toctree_entries(app_.builder, "index", {"b"})
        assert not compat.drop_toctree_entries(app_.builder, "index", {"b"})  # nothing left
        return ["index"]

    app.connect("env-updated", drop)
    app.build()
    assert compat.toctree_includes(app.env)["index"] == ["a"]
    # the stored tree and the navigation no longer reach b
    assert "b.html" not in (app.outdir / "index.html").read_text(encoding="utf-8")
    assert "b.html" not in (app.outdir / "a.html").read_text(encoding="utf-8")
    assert app.env.get_doctree("index").astext().count("Page B") == 0


def test_mark_orphan_and_leave_out_of_search(make_app, project) -> None:
    app = _app(make_app, project)

    def mark(app_: SphinxTestApp, doctree: object) -> None:
        if app_.env.docname == "lone":
            compat.mark_orphan(app_.env, "lone")
            compat.leave_out_of_search(app_.env, "lone")

    app.connect("doctree-read", mark)
    app.build()
    assert "isn't included in any toctree" not in app.warning.getvalue()
    index = search_index(app.outdir)
    assert "zebra" in index["terms"]
    assert "giraff" not in index["terms"]


def test_forget_objects_and_drop_from_inventory(make_app, project) -> None:
    from sphinx.util.inventory import InventoryFile

    app = _app(make_app, project)
    app.connect("env-updated", lambda app_, env: compat.forget_objects(env, ["a"]))
    app.build()
    assert "label-a" not in app.env.get_domain("std").labels
    compat.drop_from_inventory(app.builder, {"a.html"})
    raw = (app.outdir / "objects.inv").read_bytes()
    inventory = InventoryFile.loads(raw, uri="https://example.org/")
    docs = dict(inventory.data["std:doc"]) if hasattr(inventory, "data") else inventory["std:doc"]
    assert "a" not in docs and "b" in docs
    body = zlib.decompress(raw.split(b"\n", 4)[4]).decode()
    assert "a.html" not in body


def test_what_the_build_depends_on(make_app, project) -> None:
    html = _app(make_app, project)
    config_hash, tags_hash = compat.config_digest(html.builder)
    assert config_hash and tags_hash
    assert isinstance(compat.newest_template_time(html.builder), float)
    folders = compat.theme_folders(html.builder)
    assert any(Path(f).name in ("alabaster", "basic") for f in folders)
    assert "nosidebar" in compat.theme_options(html.builder, {"nosidebar": True})
    from pygments.style import Style

    assert issubclass(compat.highlight_style(html.builder), Style)
    text = _app(make_app, project, "text")
    assert compat.config_digest(text.builder) == ("", "")
    assert compat.newest_template_time(text.builder) is None
    assert compat.theme_folders(text.builder) == []
    assert compat.theme_options(text.builder, {}) == {}


def test_set_in_conf(make_app, tmp_path: Path) -> None:
    plain = _app(make_app, _project(tmp_path / "plain"))
    assert not compat.set_in_conf(plain.config, "author")
    given = _app(make_app, _project(tmp_path / "given", 'author = "Ada"\n'))
    assert compat.set_in_conf(given.config, "author")


@pytest.mark.parametrize(("builder", "name"), [("html", "a.html"), ("text", "a.txt")])
def test_written_files(make_app, project, builder: str, name: str) -> None:
    app = _app(make_app, project, builder)
    app.build()
    files = compat.written_files(app.builder, "a")
    assert files[0] == app.outdir / name and files[0].exists()
    assert compat.written_files(_app(make_app, project, "latex").builder, "a") == []

"""The extension points: a feature from outside the package, state per app, digests.

``tests/extensions/blogext_audiences.py`` adds a taxonomy with term pages, a
section, a document part and a file through the public points only; it is
built here like a built-in feature is. Two projects built alternately in one
process give what each gives alone. Every view's digest follows every field.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import subprocess
import sys
import types
import typing
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from conftest import EXTENSIONS, ROOTS, blog_parts, build, clean_build, located, soup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markupsafe import Markup

from sphinx_blogext import ablog, contributors, digest, series, talks, views

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.testing.util import SphinxTestApp

# -- a feature from outside the package --------------------------------------------------


def _outputs(out: Path) -> dict[str, str]:
    """What the blog and the test extension wrote: blog parts of pages, files as text."""
    found = {}
    for path in sorted(out.rglob("*")):
        name = path.relative_to(out).as_posix()
        if path.is_dir() or name.startswith(("_", ".")) or "searchindex" in name:
            continue
        if path.suffix == ".html":
            page = soup(path)
            badges = [str(b) for b in page.select(".audience-badge")]
            found[name] = blog_parts(path) + "\n".join(badges)
        elif path.suffix in (".xml", ".json", ".ics"):
            found[name] = path.read_text(encoding="utf-8")
    return found


@pytest.mark.parametrize(("builder", "page"), [("html", ".html"), ("dirhtml", "/index.html")])
def test_a_taxonomy_from_outside_the_package(make_app, copy_root, builder, page) -> None:
    src = copy_root("audiences")
    out = build(make_app, src, builder).outdir
    # a page per term and an overview, listing the posts
    operators = soup(out / f"audiences/operators{page}")
    assert operators.select_one("h1").get_text() == "For Operators"
    titles = [a.get_text() for a in operators.select(".blogext-entry-title a")]
    assert titles == ["Scaling out", "Upgrading to 2.0"]
    overview = soup(out / "audiences" / "index.html")
    assert [a.get_text() for a in overview.select(".blogext-listing-links a")] == [
        "Developers (2)",
        "Operators (2)",
    ]
    # the blog index links the new section like the built-in ones
    index = soup(out / "blog" / "index.html")
    assert "Audiences" in [a.get_text() for a in index.select(".blogext-listing-links a")]
    # the document part: a badge on each post that names an audience, linked to its page
    post = soup(out / f"blog/upgrade{page}")
    badge = post.select_one(".audience-badge")
    assert [a.get_text() for a in badge.select("a")] == ["Operators", "Developers"]
    assert soup(out / f"blog/party{page}").select_one(".audience-badge") is None
    # the file output
    assert json.loads((out / "audiences" / "audiences.json").read_text()) == {
        "Developers": 2,
        "Operators": 2,
    }
    # the built-in feeds follow the new term pages
    assert (out / "audiences" / "operators" / "atom.xml").is_file()
    feeds = operators.select('link[rel="alternate"][type="application/atom+xml"]')
    assert [link["title"] for link in feeds] == [
        "Blog · Project name not set (Atom)",
        "Blog: Operators (Atom)",
    ]


def test_the_new_taxonomy_rebuilds_exactly(make_app, copy_root) -> None:
    src = copy_root("audiences")
    build(make_app, src)
    post = src / "blog" / "api.md"
    post.write_text(
        post.read_text().replace("audience: [developers]", "audience: [Operators, SREs]")
    )
    incremental = build(make_app, src).outdir
    clean = clean_build(make_app, src).outdir
    assert _outputs(incremental) == _outputs(clean)
    developers = soup(incremental / "audiences" / "developers.html")
    assert [a.get_text() for a in developers.select(".blogext-entry-title a")] == [
        "Upgrading to 2.0"
    ]
    assert (incremental / "audiences" / "sres.html").is_file()


def test_the_new_taxonomy_in_parallel(make_app, copy_root) -> None:
    serial = build(make_app, copy_root("audiences", "serial")).outdir
    parallel = build(make_app, copy_root("audiences", "parallel"), parallel=2).outdir
    assert _outputs(serial) == _outputs(parallel)


def test_a_collision_with_a_built_in_route_is_a_warning(make_app, copy_root) -> None:
    src = copy_root("audiences")
    (src / "conf.py").write_text(
        (src / "conf.py").read_text() + 'audiences_file = "blog/ATOM.xml"\n'
    )
    app = make_app("html", srcdir=src)
    app.build()
    app.cleanup()
    assert located(app) == [("conf.py:1", "route")] or any(
        "would replace the feed 'blog/atom.xml'" in line
        for line in app.warning.getvalue().splitlines()
    )
    # the blog's own feed is what is there
    assert "<feed" in (app.outdir / "blog" / "atom.xml").read_text()


# -- state per app ---------------------------------------------------------------------


def _blog_outputs(out: Path) -> dict[str, str]:
    return {k: v for k, v in _outputs(out).items() if not k.startswith("genindex")}


def test_two_projects_built_alternately_in_one_process(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nothing of one app (its features, its routes, its state) leaks into another."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    names = ("audiences", "talks")
    sources = {}
    for name in names:
        sources[name] = tmp_path / name / "src"
        shutil.copytree(ROOTS / f"test-{name}", sources[name])
    outputs: dict[str, list[dict[str, str]]] = {name: [] for name in names}
    for _round in range(2):
        for name in names:
            app = make_app("html", srcdir=sources[name], freshenv=True)
            app.build()
            app.cleanup()
            outputs[name].append(_blog_outputs(app.outdir))
            shutil.rmtree(app.outdir)
    for name in names:
        alone = tmp_path / name / "alone"
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(EXTENSIONS), *sys.path])}
        command = [sys.executable, "-m", "sphinx", "-q", "-D", "html_theme=basic"]
        subprocess.run(
            [*command, str(sources[name]), str(alone)],
            check=True,
            env=env,
        )
        expected = _blog_outputs(alone)
        assert expected, name
        assert outputs[name][0] == expected, name
        assert outputs[name][1] == expected, name


# -- digests of views ------------------------------------------------------------------


def _view_classes() -> list[type]:
    found: list[type] = []
    todo = list(digest.View.__subclasses__())
    while todo:
        cls = todo.pop()
        found.append(cls)
        todo.extend(cls.__subclasses__())
    return sorted(found, key=lambda c: c.__qualname__)


NAMESPACE = {
    **vars(views),
    **vars(talks),
    **vars(contributors),
    **vars(ablog),
    **vars(series),
    "Markup": Markup,
    "Any": Any,
}
TEXT = st.text(max_size=6)


def _strategy(hint: Any) -> st.SearchStrategy[Any]:
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        return st.one_of(*(_strategy(a) for a in args))
    if hint is type(None):
        return st.none()
    if hint is bool:
        return st.booleans()
    if hint is int:
        return st.integers(-3, 3)
    if hint is Markup:
        return TEXT.map(Markup)
    if hint is str:
        return TEXT
    if hint is datetime:
        return st.datetimes(timezones=st.just(UTC))
    if origin is tuple:
        return st.lists(_strategy(args[0]), max_size=2).map(tuple)
    if origin is frozenset:
        return st.frozensets(_strategy(args[0]), max_size=2)
    if origin is dict:
        return st.dictionaries(TEXT, st.one_of(TEXT, st.integers(), st.lists(TEXT, max_size=2)))
    if dataclasses.is_dataclass(hint):
        return st.deferred(lambda: _instances(hint))
    raise AssertionError(f"no strategy for {hint!r}")


def _instances(cls: type) -> st.SearchStrategy[Any]:
    hints = typing.get_type_hints(cls, globalns=NAMESPACE)
    fields = {f.name: _strategy(hints[f.name]) for f in dataclasses.fields(cls)}
    return st.fixed_dictionaries(fields).map(lambda values: cls(**values))


@pytest.mark.parametrize("cls", _view_classes(), ids=lambda c: c.__qualname__)
@settings(
    max_examples=40,
    deadline=None,
    # a changed value is drawn until it differs: that filters, by design
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(data=st.data())
def test_changing_any_field_of_a_view_changes_its_digest(cls: type, data: st.DataObject) -> None:
    view = data.draw(_instances(cls))
    same = dataclasses.replace(view)
    assert digest.digest(same) == digest.digest(view)
    hints = typing.get_type_hints(cls, globalns=NAMESPACE)
    for field in dataclasses.fields(cls):
        current = getattr(view, field.name)
        other = data.draw(_strategy(hints[field.name]).filter(lambda v, c=current: v != c))
        changed = dataclasses.replace(view, **{field.name: other})
        assert digest.digest(changed) != digest.digest(view), field.name


def test_a_digest_refuses_what_it_cannot_read() -> None:
    with pytest.raises(TypeError):
        digest.digest(object())

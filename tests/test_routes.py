"""The route table: slugs and aliases are checked, and nothing is overwritten."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from conftest import located, soup, warnings_of

from sphinx_blogext.urls import path_problem

if TYPE_CHECKING:
    from pathlib import Path

    from sphinx.testing.util import SphinxTestApp

READ_TIME = [("hostile.md:4", "alias")] * 11 + [
    ("long-slug.md:4", "slug"),
    ("odd-slug.md:4", "slug"),
]


def redirect_target(path: Path) -> str:
    page = soup(path)
    assert page.select_one('meta[name="robots"]')["content"] == "noindex"
    return page.select_one('link[rel="canonical"]')["href"]


@pytest.mark.sphinx("html", testroot="routes", freshenv=True)
def test_collisions_are_reported_and_never_overwrite(app: SphinxTestApp) -> None:
    app.build()
    assert located(app) == sorted(
        [
            *READ_TIME,
            ("onto-archive.md:4", "slug"),  # onto the archive overview
            ("aliases.md:4", "alias"),  # /index.html is the home page
            ("aliases.md:4", "alias"),  # /blog/page/2.html is index page 2
            ("second.md:4", "alias"),  # /shared/ is taken by aliases.md
        ]
    )
    out = app.outdir
    archive = soup(out / "blog" / "archive" / "index.html")
    assert archive.select_one(".blogext-archive") is not None
    assert soup(out / "index.html").select_one("h1").get_text().rstrip("¶") == "Home"
    assert soup(out / "blog" / "page" / "2.html").select(".blogext-entry")
    # redirects that were free are written, with an absolute canonical address
    assert redirect_target(out / "old" / "aliases" / "index.html") == (
        "https://example.org/docs/blog/aliases.html"
    )
    assert redirect_target(out / "shared" / "index.html").endswith("/blog/aliases.html")
    assert (out / "ok" / "hostile" / "index.html").exists()
    assert (out / "blog" / "Über-uns" / "index.html").exists()
    # nothing was written outside the output folder or into Sphinx's own folders
    root = app.srcdir.parent
    assert not [p for p in root.rglob("*") if p.name in ("passwd", "evil.js")]
    assert not [p for p in app.srcdir.rglob("*") if p.name.lower() == "con"]
    assert not (out / ".hidden").exists()


@pytest.mark.sphinx("dirhtml", testroot="routes", freshenv=True)
def test_dirhtml_routes(app: SphinxTestApp) -> None:
    app.build()
    # blog/page/2.html is free in this layout: page 2 is blog/page/2/index.html
    assert located(app) == sorted(
        [
            *READ_TIME,
            ("onto-archive.md:4", "slug"),
            ("aliases.md:4", "alias"),
            ("second.md:4", "alias"),
        ]
    )
    out = app.outdir
    assert soup(out / "blog" / "page" / "2" / "index.html").select(".blogext-entry")
    assert redirect_target(out / "blog" / "page" / "2.html") == (
        "https://example.org/docs/blog/aliases/"
    )
    link = soup(out / "old" / "aliases" / "index.html").select_one("p a")["href"]
    assert link == "../../blog/aliases/"


@pytest.mark.sphinx("html", testroot="routes", freshenv=True)
def test_messages_name_the_problem(app: SphinxTestApp) -> None:
    app.build()
    messages = [m for _, m, _ in warnings_of(app)]
    assert any("'con/' uses the reserved name 'con'" in m for m in messages)
    assert any("'_static/evil.js' is reserved" in m for m in messages)
    assert any("would replace the generated page 'blog/archive/index'" in m for m in messages)
    assert any("would replace the page of document 'index'" in m for m in messages)
    assert all(len(m) < 600 for m in messages)  # a 1,000-character slug is cut short


@pytest.mark.parametrize(
    "path",
    [
        "../x",
        "a/../../b",
        "./a",
        ".git/config",
        "a\\b",
        "x\x01",
        "\ud83d",
        "a b",
        "%2e%2e/x",
        "CON",
        "lpt1.txt",
        "_static/x",
        "https://evil.example/",
        "//evil.example/x",
        "a?b",
        "x" * 151,
        "/",
    ],
)
def test_unsafe_paths_are_refused(path: str) -> None:
    assert path_problem(path) is not None


@pytest.mark.parametrize("path", ["/old/post/", "news/2024/hello.html", "Über-uns", "c++", "a_b~c"])
def test_ordinary_paths_are_accepted(path: str) -> None:
    assert path_problem(path) is None


def test_slug_is_one_segment() -> None:
    assert path_problem("a/b", segment=True) is not None
    assert path_problem("hello-world", segment=True) is None

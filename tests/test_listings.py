"""Listings: paginated index, archives, postlist filters, neighbours, themes, builders."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from conftest import soup

if TYPE_CHECKING:
    from pathlib import Path

    from sphinx.testing.util import SphinxTestApp

NEWEST_FIRST = [
    "Release 2.0",
    "Kubernetes deep dive",
    "Release 1.0",
    "Community meetup",
    "Kubernetes intro",
]


def titles(path: Path, scope: str = "") -> list[str]:
    page = soup(path)
    return [a.get_text() for a in page.select(f"{scope} .blogext-entry-title a".strip())]


@pytest.mark.sphinx("html", testroot="listings", freshenv=True)
def test_paginated_index(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    blog = app.outdir / "blog"
    pages = [blog / "index.html", blog / "page" / "2.html", blog / "page" / "3.html"]
    assert [titles(p) for p in pages] == [NEWEST_FIRST[0:2], NEWEST_FIRST[2:4], NEWEST_FIRST[4:]]
    assert not (blog / "page" / "4.html").exists()
    first = soup(pages[0])
    assert first.select_one(".blogext-listing h1").get_text() == "Team blog"
    nav = first.select_one("nav.blogext-pagination")
    assert nav.select_one("a.blogext-older")["href"] == "page/2.html"
    assert nav.select_one("[aria-current=page]").get_text() == "1"
    middle = soup(pages[1]).select_one("nav.blogext-pagination")
    assert middle.select_one("a.blogext-newer")["href"] == "../index.html"
    assert middle.select_one("a.blogext-older")["href"] == "3.html"
    # entries carry date, byline, reading time, tags and excerpt
    entry = first.select_one(".blogext-entry")
    assert entry.select_one("time")["datetime"] == "2025-09-30T00:00:00+00:00"
    assert entry.select_one(".blogext-author").get_text() == "Jane Doe"
    assert entry.select_one(".blogext-reading-time").get_text() == "1 min read"
    assert [t.get_text() for t in entry.select(".blogext-tag")] == ["release"]
    assert entry.select_one(".blogext-excerpt").get_text() == "Lead of Release 2.0."


@pytest.mark.sphinx("html", testroot="listings", freshenv=True)
def test_archives_by_year(app: SphinxTestApp) -> None:
    app.build()
    archive = app.outdir / "blog" / "archive"
    assert titles(archive / "2025.html") == NEWEST_FIRST[:3]
    assert titles(archive / "2024.html") == NEWEST_FIRST[3:]
    overview = soup(archive / "index.html")
    years = [(a.get_text(), a["href"]) for a in overview.select(".blogext-archive a")]
    assert years == [("2025", "2025.html"), ("2024", "2024.html")]
    counts = [c.get_text() for c in overview.select(".blogext-count")]
    assert counts == ["(3)", "(2)"]


@pytest.mark.sphinx("html", testroot="listings", freshenv=True)
@pytest.mark.parametrize("page", ["lists-md", "lists-rst"])
def test_postlist_filters(app: SphinxTestApp, page: str) -> None:
    app.build()
    html = soup(app.outdir / f"{page}.html")
    lists = html.select("ul.blogext-postlist")
    found = [[a.get_text() for a in ul.select(".blogext-entry-title a")] for ul in lists]
    assert found == [
        ["Kubernetes deep dive", "Kubernetes intro"],  # tags merge across case
        ["Kubernetes deep dive", "Kubernetes intro"],  # contributor without the accent
        ["Release 2.0", "Release 1.0"],  # category in other case, year
        ["Release 2.0", "Kubernetes deep dive"],  # limit
    ]
    assert [ul["class"][1] for ul in lists] == [
        "blogext-format-list",
        "blogext-format-excerpts",
        "blogext-format-cards",
        "blogext-format-list",
    ]
    assert html.select_one(".blogext-postlist-empty") is not None
    assert lists[0].select_one("a")["href"] == "blog/k8s-deep.html"


@pytest.mark.sphinx("html", testroot="listings", freshenv=True)
def test_myst_and_rest_postlists_render_alike(app: SphinxTestApp) -> None:
    app.build()
    md = soup(app.outdir / "lists-md.html").select(".blogext-postlist, .blogext-postlist-empty")
    rst = soup(app.outdir / "lists-rst.html").select(".blogext-postlist, .blogext-postlist-empty")
    assert [str(n) for n in md] == [str(n) for n in rst]


@pytest.mark.sphinx("html", testroot="listings", freshenv=True)
def test_previous_next_and_related(app: SphinxTestApp) -> None:
    app.build()
    page = soup(app.outdir / "blog" / "k8s-deep.html")
    footer = page.select_one(".blogext-post-footer")
    assert footer.select_one("a.blogext-older")["href"] == "release-1.html"
    assert footer.select_one("a.blogext-newer")["href"] == "release-2.html"
    intro = soup(app.outdir / "blog" / "k8s-intro.html").select_one(".blogext-post-footer")
    assert intro.select_one("a.blogext-newer")["href"] == "meetup.html"
    assert intro.select_one("a.blogext-older") is None
    related = [a.get_text() for a in intro.select(".blogext-related a")]
    assert related == ["Kubernetes deep dive", "Release 1.0"]


@pytest.mark.parametrize("theme", ["alabaster", "furo", "pydata_sphinx_theme"])
@pytest.mark.parametrize("builder", ["html", "dirhtml"])
def test_generated_pages_in_themes(make_app, copy_root, theme: str, builder: str) -> None:
    src = copy_root("listings")
    app = make_app(builder, srcdir=src, confoverrides={"html_theme": theme}, freshenv=True)
    app.build()
    assert "blogext" not in app.warning.getvalue()
    if builder == "html":
        index, page2, post = "blog/index.html", "blog/page/2.html", "blog/k8s-deep.html"
        older_href = "page/2.html"
    else:
        index, page2, post = "blog/index.html", "blog/page/2/index.html", "blog/k8s-deep/index.html"
        older_href = "page/2/"
    html = soup(app.outdir / index)
    # rendered through the theme's page.html: the theme's stylesheet and our listing
    assert any(theme.split("_")[0] in link.get("href", "") for link in html.select("link"))
    assert html.title.get_text().startswith("Team blog")
    assert titles(app.outdir / index) == NEWEST_FIRST[:2]
    assert html.select_one("a.blogext-older")["href"] == older_href
    assert titles(app.outdir / page2) == NEWEST_FIRST[2:4]
    assert soup(app.outdir / post).select_one(".blogext-post-header") is not None


@pytest.mark.sphinx("text", testroot="listings", freshenv=True)
def test_text_builder_degrades_to_plain_text(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    text = (app.outdir / "lists-rst.txt").read_text(encoding="utf-8")
    assert "Kubernetes deep dive (2025-04-02)" in text
    post = (app.outdir / "blog" / "k8s-deep.txt").read_text(encoding="utf-8")
    assert "Lead of Kubernetes deep dive." in post
    assert "Older post: Release 1.0" in post

"""Bad input gives located, typed warnings; the rest of the site still builds."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest
from conftest import located, soup, warnings_of

if TYPE_CHECKING:
    from sphinx.testing.util import SphinxTestApp


@pytest.mark.sphinx("html", testroot="badinput", freshenv=True)
def test_bad_input_is_located_and_typed(app: SphinxTestApp) -> None:
    app.build()
    # exactly these, each once: no extra, no duplicate, none without a line
    assert located(app) == sorted(
        [
            ("bad-date.md:3", "frontmatter"),
            ("bad-directive.rst:5", "frontmatter"),  # the :date: option
            ("bad-type.md:4", "frontmatter"),  # tags: 5
            ("bad-type.md:5", "frontmatter"),  # weight: heavy
            ("bad-type.md:6", "frontmatter"),  # draft: maybe
            ("slug-b.md:4", "slug"),
            ("unsafe.md:4", "url"),
            ("unsafe.md:5", "tag"),  # "<b>bold</b>" is not allowed
            ("unsafe.md:6", "alias"),  # ../../etc/passwd
            ("index.md:3", "postlist"),  # unknown option
            ("index.md:3", "postlist"),  # bad limit
            ("index.md:3", "postlist"),  # bad format
        ]
    )
    postlist = [m for _, m, s in warnings_of(app) if s == "postlist"]
    assert any("'colour'" in m for m in postlist)
    # the site still builds, with the bad posts listed where they can be
    index = soup(app.outdir / "blog" / "index.html")
    listed = [a.get_text() for a in index.select(".blogext-entry-title a")]
    assert "Slug A" in listed and "Bad date" in listed


@pytest.mark.sphinx("html", testroot="badinput", freshenv=True)
def test_odd_characters_are_escaped(app: SphinxTestApp) -> None:
    app.build()
    page = soup(app.outdir / "blog" / "unsafe.html")
    assert page.select("script[src]")  # the theme's own scripts only
    scripts = page.select("script:not([type='application/ld+json'])")
    assert not [s for s in scripts if "alert" in s.get_text()]
    # structured data holds the title as data, with no "<" that could end the script
    (data,) = page.select("script[type='application/ld+json']")
    assert "<" not in data.string
    assert json.loads(data.string)["headline"] == "<script>alert(1)</script> Unsafe"
    assert page.select_one("h1").get_text().rstrip("¶") == "<script>alert(1)</script> Unsafe"
    assert page.select_one('meta[name="description"]')["content"] == '"><script>x</script>'
    # shown by the most used spelling ("cloud" in two posts, "Cloud" in this one)
    assert [t.get_text() for t in page.select(".blogext-tag")] == ["cloud", "<b>bold</b>"]
    assert [a["rel"] for a in page.select(".blogext-tag a")] == [["tag"], ["tag"]]
    index = soup(app.outdir / "blog" / "index.html")
    assert not index.select(".blogext-entry img")  # the javascript: image was dropped
    assert "javascript:" not in (app.outdir / "blog" / "index.html").read_text(encoding="utf-8")
    # the safe alias redirects, the one leaving the site is not written
    redirect = soup(app.outdir / "old" / "unsafe" / "index.html")
    assert (
        redirect.select_one('link[rel="canonical"]')["href"]
        == "https://blog.example.org/blog/unsafe.html"
    )
    # nothing escaped the output folder: no "etc/passwd" anywhere around it
    assert not [p for p in app.srcdir.parent.rglob("passwd")]
    assert not (app.outdir / "etc").exists()


@pytest.mark.sphinx(
    "html",
    testroot="badinput",
    freshenv=True,
    confoverrides={"suppress_warnings": ["blogext.postlist", "blogext.frontmatter"]},
)
def test_warnings_can_be_suppressed_by_subtype(app: SphinxTestApp) -> None:
    app.build()
    subtypes = {s for _, s in located(app)}
    assert "postlist" not in subtypes and "frontmatter" not in subtypes
    assert "slug" in subtypes


@pytest.mark.sphinx(
    "html",
    testroot="listings",
    freshenv=True,
    confoverrides={"blog_posts_per_page": 0, "blog_timezone": "Mars/Olympus"},
)
def test_bad_configuration_falls_back(app: SphinxTestApp) -> None:
    app.build()
    warnings = app.warning.getvalue()
    assert "blog_posts_per_page = 0" in warnings and "[blogext.config]" in warnings
    assert "Mars/Olympus" in warnings
    assert (app.outdir / "blog" / "page" / "2.html").exists() is False  # default 10 per page

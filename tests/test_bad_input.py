"""Bad input gives located, typed warnings; the rest of the site still builds."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest
from conftest import soup

if TYPE_CHECKING:
    from sphinx.testing.util import SphinxTestApp


def warnings_of(app: SphinxTestApp) -> list[tuple[str, str, str]]:
    """(file:line, message, subtype) of each warning."""
    pattern = re.compile(r"^(\S+?):(\d+)?:? WARNING: (.*) \[blogext\.(\w+)\]$")
    found = []
    for line in app.warning.getvalue().splitlines():
        line = re.sub(r"\x1b\[[0-9;]*m", "", line)
        match = pattern.match(line)
        assert match, f"untyped or unlocated warning: {line}"
        path, lineno, message, subtype = match.groups()
        found.append((f"{path.rsplit('/', 1)[-1]}:{lineno}", message, subtype))
    return found


@pytest.mark.sphinx("html", testroot="badinput", freshenv=True)
def test_bad_input_is_located_and_typed(app: SphinxTestApp) -> None:
    app.build()
    found = warnings_of(app)
    located = {(where, subtype) for where, _, subtype in found}
    assert ("bad-date.md:3", "frontmatter") in located
    assert ("bad-type.md:4", "frontmatter") in located  # tags: 5
    assert ("bad-type.md:5", "frontmatter") in located  # weight: heavy
    assert ("bad-type.md:6", "frontmatter") in located  # draft: maybe
    assert ("slug-b.md:4", "slug") in located
    assert ("unsafe.md:4", "url") in located
    assert ("unsafe.md:5", "tag") in located  # "<b>bold</b>" is not allowed
    assert ("unsafe.md:6", "alias") in located
    assert ("bad-directive.rst:5", "frontmatter") in located  # the :date: option
    postlist = [m for where, m, s in found if s == "postlist"]
    assert all(where == "index.md:3" for where, _, s in found if s == "postlist")
    assert len(postlist) == 3  # unknown option, bad limit, bad format
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
    assert not [s for s in page.select("script") if "alert" in s.get_text()]
    assert page.select_one("h1").get_text().rstrip("¶") == "<script>alert(1)</script> Unsafe"
    assert page.select_one('meta[name="description"]')["content"] == '"><script>x</script>'
    assert [t.get_text() for t in page.select(".blogext-tag")] == ["Cloud", "<b>bold</b>"]
    index = soup(app.outdir / "blog" / "index.html")
    assert not index.select(".blogext-entry img")  # the javascript: image was dropped
    assert "javascript:" not in (app.outdir / "blog" / "index.html").read_text(encoding="utf-8")
    # the safe alias redirects, the one leaving the site is not written
    redirect = soup(app.outdir / "old" / "unsafe" / "index.html")
    assert redirect.select_one('link[rel="canonical"]')["href"] == "../../blog/unsafe.html"
    assert not (app.outdir.parent / "etc").exists()


@pytest.mark.sphinx(
    "html",
    testroot="badinput",
    freshenv=True,
    confoverrides={"suppress_warnings": ["blogext.postlist", "blogext.frontmatter"]},
)
def test_warnings_can_be_suppressed_by_subtype(app: SphinxTestApp) -> None:
    app.build()
    subtypes = {s for _, _, s in warnings_of(app)}
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

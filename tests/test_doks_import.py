"""A Doks 0.x company blog, imported with nothing but SRC and DEST, builds with -W and
looks as it did: its name, its card and social images, its titles and tags."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest
from conftest import build, soup
from doks_site import BASE, PEOPLE, POSTS, SENTINEL, TITLE, write_site
from test_cli import imported

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.testing.util import SphinxTestApp


@pytest.fixture(scope="module")
def doks(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_site(tmp_path_factory.mktemp("doks") / "site")


def _published(url: str, out: Path, page: Path) -> Path:
    if url.startswith(BASE):
        return out / urlsplit(url).path.lstrip("/")
    return (page.parent / url).resolve()


def test_a_doks_site_imports_and_builds_clean(
    doks: Path, tmp_path: Path, make_app: Callable[..., SphinxTestApp]
) -> None:
    dest = tmp_path / "project"
    code, report = imported(doks, dest)
    assert code == 0, report
    assert f"posts: {POSTS}" in report
    assert f"contributors: {len(PEOPLE)}" in report
    # the other language is named, with its pages, and how to import it
    assert "language de (content/de): 1 page not imported" in report and "--language de" in report
    # what was mended is said, where it was
    assert re.search(r"platform-note-2/index\.md:\d+: thematic break", report)
    assert "kept as text" not in report
    app = build(make_app, dest)  # no warning at all, as with -W
    out = Path(app.outdir)
    # the site's name from params.toml
    home = soup(out / "index.html")
    assert TITLE in home.title.get_text()
    assert TITLE in home.select_one("header").get_text()
    # a blog-only site: the home page shows the latest posts; no empty "Docs"
    assert len(home.select(".blogext-postlist li.blogext-entry")) == 5
    assert "Docs" not in [a.get_text(strip=True) for a in home.select(".bx-nav a")]
    atom = (out / "blog" / "atom.xml").read_text(encoding="utf-8")
    assert f"<title>Blog · {TITLE}</title>" in atom
    for n in range(1, POSTS + 1):
        page = out / "blog" / f"platform-note-{n}" / "index.html"
        html = soup(page)
        assert SENTINEL.format(n=n) in html.get_text()
        # og:image, twitter:image and JSON-LD name a file the build published
        og = html.find("meta", property="og:image")["content"]
        twitter = html.find("meta", attrs={"name": "twitter:image"})["content"]
        ld = [json.loads(s.string) for s in html.find_all("script", type="application/ld+json")]
        posting = next(d for d in ld if d.get("@type") == "BlogPosting")
        for url in (og, twitter, posting["image"]):
            assert _published(url, out, page).is_file(), (n, url)
        expected = "featured-sunset.png" if n == 3 else "thumbnail.png"
        assert og == f"{BASE}blog/platform-note-{n}/{expected}"
        # figures: no percentage height, the class on the figure
        for img in html.select("figure img"):
            assert "%" not in img.get("height", "") and "height" not in img.get("style", "")
            assert (page.parent / img["src"]).resolve().is_file()
        # links with other schemes are links
        assert html.find("a", href="vscode://file/home/acme/project")
        assert html.select_one(".admonition.caution, .admonition.note")
        assert html.select_one(".sd-tab-set")
    # the front matter title is the title; the body's H1 stays a heading
    first = soup(out / "blog" / "platform-note-1" / "index.html")
    assert first.title.get_text().startswith("Who are we?")
    headings = [h.get_text(strip=True).rstrip("¶") for h in first.select("h1")]
    assert headings[:2] == ["Who are we?", "Our story starts in a garage"]
    # every card image on the listings is a published file
    listings = [out / "blog" / "index.html", *out.glob("blog/tags/*.html")]
    listings += [out / "contributors" / slug / "index.html" for slug, _n in PEOPLE]
    shown = 0
    for listing in listings:
        for img in soup(listing).select("img"):
            if not img["src"].startswith(("http:", "https:", "data:")):
                assert (listing.parent / img["src"]).resolve().is_file(), (listing, img["src"])
                shown += 1
    assert shown >= POSTS
    # the tag spellings Hugo's urlize makes one are one page
    tags = sorted(p.name for p in (out / "blog" / "tags").glob("*.html"))
    assert "platform-engineering.html" in tags
    assert not [t for t in tags if t.startswith("platform-engineering-")]

"""The example site, built as the README builds it: every link works, nothing is promised
that is not there."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from conftest import soup

EXAMPLE = Path(__file__).parent.parent / "example-site"
#: what the site would advertise if it had feeds, and the files feeds would be
_FEED_WORDS = re.compile(r"\b(RSS|Atom|JSON Feed|web feeds?)\b")
_FEED_FILES = ("*.xml", "*.atom", "*.rss", "feed.json")


@pytest.fixture(scope="module", params=["html", "dirhtml"])
def site(request, tmp_path_factory) -> Path:
    from sphinx.testing.util import SphinxTestApp

    src = tmp_path_factory.mktemp("example") / "src"
    shutil.copytree(EXAMPLE, src, ignore=shutil.ignore_patterns("_build"))
    app = SphinxTestApp(request.param, srcdir=src, freshenv=True)
    try:
        app.build()
    finally:
        app.cleanup()
    assert app.warning.getvalue() == "", app.warning.getvalue()
    return app.outdir


def test_every_local_link_resolves(site: Path) -> None:
    broken = []
    for page in site.rglob("*.html"):
        for element in soup(page).select("[href], [src]"):
            url = element.get("href") if element.has_attr("href") else element.get("src")
            parts = urlsplit(url or "")
            if not url or parts.scheme or url.startswith(("#", "//", "mailto:")) or not parts.path:
                continue
            target = (page.parent / unquote(parts.path)).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{page.relative_to(site)} -> {url}")
    assert broken == []


def test_no_feed_is_promised_that_does_not_exist(site: Path) -> None:
    feeds = [p for pattern in _FEED_FILES for p in site.rglob(pattern)]
    mentions = [
        page.relative_to(site).as_posix()
        for page in site.rglob("*.html")
        if _FEED_WORDS.search(soup(page).get_text(" "))
    ]
    assert feeds or mentions == [], "pages speak of feeds the site does not have"

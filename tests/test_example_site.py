"""The example site, built as the README builds it: every link works, nothing is promised
that is not there."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from conftest import built_without_warnings, example_copy, soup

#: what the site would advertise if it had feeds, and the files feeds would be
_FEED_WORDS = re.compile(r"\b(RSS|Atom|JSON Feed|web feeds?)\b")
_FEED_FILES = ("*.xml", "*.atom", "*.rss", "feed.json")


@pytest.fixture(scope="module", params=["html", "dirhtml"])
def site(request, tmp_path_factory) -> Path:
    return built_without_warnings(example_copy(tmp_path_factory, "example"), request.param)


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


def test_the_site_in_french(tmp_path_factory) -> None:
    """Labels, dates and the feed stylesheet follow ``language``."""
    src = example_copy(tmp_path_factory, "french")
    out = built_without_warnings(src, confoverrides={"language": "fr"})
    post = soup(out / "blog" / "talks-this-season.html")
    header = post.select_one(".blogext-post-header .blogext-meta").get_text(" ", strip=True)
    assert header.startswith("24 novembre 2026")  # the date, in French
    assert "min de lecture" in header and "Par Jane Doe" in header
    facts = [dt.get_text() for dt in post.select(".blogext-talk-facts dt")]
    assert {"Événement", "Quand", "Durée", "Où"} <= set(facts)
    when = post.select_one(".blogext-talk-facts time").get_text()
    assert "décembre 2026" in when
    index = soup(out / "blog" / "index.html")
    assert index.select_one(".blogext-feeds").get_text(" ", strip=True).startswith("S\u2019abonner")
    assert "Archives" in [a.get_text() for a in index.select(".blogext-listing-links a")]
    talks = soup(out / "talks" / "index.html")
    assert [h.get_text() for h in talks.select(".blogext-talk-group > h2")] == [
        "Conférences à venir",
        "Conférences passées",
    ]
    stylesheet = (out / "_static" / "blogext-feed.xsl").read_text(encoding="utf-8")
    assert "Ceci est un flux web." in stylesheet and "This is a web feed" not in stylesheet

"""Publishing (issue 21, SPEC section 13): scheduled posts, the read-more marker, and
fediverse attribution. Checked on built output: pages, listings, feeds, search index."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import feedparser
import pytest
from conftest import blog_parts, build, docs_found_by, search_index, soup
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import html as lxml_html

from sphinx_blogext.contributors import fediverse_handle
from sphinx_blogext.excerpt import before_marker, render_html

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.testing.util import SphinxTestApp

BASE = "https://news.example.org/"
CONF = f"""
project = "Harbour News"
extensions = ["myst_parser", "sphinx_blogext"]
blog_baseurl = "{BASE}"
blog_social_cards = False
exclude_patterns = ["_build"]
"""
INDEX = """# Harbour News

```{postlist}
:format: excerpts
```

```{toctree}
:glob:

blog/*
```
"""
CONTRIBUTORS = """---
title: Ada
---

# Ada

```{contributor} ada
:name: Ada Harbour
:mastodon: "@ada@fosstodon.example"
:github: ada
:email: ada@example.org
```
"""


def post(title: str, date: str, body: str, tags: str = "harbour") -> str:
    return (
        f'---\ntitle: "{title}"\ndate: {date}\ntags: [{tags}]\ncontributors: [ada]\n---\n\n{body}\n'
    )


def site(root: Path) -> Path:
    (root / "blog").mkdir(parents=True)
    (root / "people").mkdir()
    (root / "conf.py").write_text(CONF, encoding="utf-8")
    (root / "index.md").write_text(INDEX, encoding="utf-8")
    (root / "people" / "ada.md").write_text(CONTRIBUTORS, encoding="utf-8")
    (root / "blog" / "tides.md").write_text(
        post("Reading the tides", "2029-03-01", "Tide tables are simpler than they look."),
        encoding="utf-8",
    )
    (root / "blog" / "boats.md").write_text(
        post(
            "Small boats",
            "2029-02-01",
            "Small boats need *small* harbours: see [the map](https://maps.example/harbour).\n\n"
            "- one\n- two\n\n<!-- more -->\n\nThe part after the marker, not in the excerpt.",
        ),
        encoding="utf-8",
    )
    (root / "blog" / "cranes.rst").write_text(
        ":title: Harbour cranes\n:date: 2029-01-01\n:tags: harbour\n:contributors: ada\n\n"
        "Harbour cranes\n==============\n\nCranes lift **heavy** loads; the "
        "`old pier <../pier.html>`_ still has one.\n\n.. more\n\nNot in the excerpt.\n",
        encoding="utf-8",
    )
    (root / "blog" / "regatta.md").write_text(
        post("The 2030 regatta", "2030-06-01T10:00:00+00:00", "Sailing soon.", "harbour, regatta"),
        encoding="utf-8",
    )
    return root


EPOCH_2029 = str(int(datetime(2029, 12, 1, tzinfo=UTC).timestamp()))
EPOCH_2031 = str(int(datetime(2031, 1, 1, tzinfo=UTC).timestamp()))


def everything(outdir: Path) -> dict[str, str]:
    """Every written page's blog parts, and every feed, by path."""
    found = {}
    for path in sorted(outdir.rglob("*")):
        name = path.relative_to(outdir).as_posix()
        if name.startswith(("_", ".")) or name in ("genindex.html", "search.html"):
            continue
        if path.suffix == ".html":
            found[name] = blog_parts(path)
        elif path.suffix in (".xml", ".json"):
            found[name] = path.read_text(encoding="utf-8")
    return found


# -- scheduled posts ------------------------------------------------------------------


def test_a_scheduled_post_is_nowhere_until_its_date_then_everywhere(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = site(tmp_path / "src")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH_2029)
    app = build(make_app, src, freshenv=True)
    outdir = Path(app.outdir)
    assert "1 scheduled post(s) held back" in app.status.getvalue()
    assert "blog/regatta, is due at 2030-06-01T10:00:00+00:00" in app.status.getvalue()
    assert not (outdir / "blog" / "regatta.html").exists()
    text = {name: part for name, part in everything(outdir).items()}
    assert not any("regatta" in part.lower() for part in text.values()), [
        name for name, part in text.items() if "regatta" in part.lower()
    ]
    assert "regatta" not in (outdir / "index.html").read_text(encoding="utf-8").lower()
    assert "blog/regatta" not in search_index(outdir)["docnames"]
    assert not (outdir / "blog" / "tags" / "regatta.html").exists()

    # its date passes: the next build publishes it with no change to any source
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH_2031)
    again = build(make_app, src)
    outdir = Path(again.outdir)
    assert "held back" not in again.status.getvalue()
    assert (outdir / "blog" / "regatta.html").is_file()
    assert "The 2030 regatta" in blog_parts(outdir / "blog" / "index.html")
    assert "The 2030 regatta" in blog_parts(outdir / "blog" / "tags" / "regatta.html")
    atom = feedparser.parse((outdir / "blog" / "atom.xml").read_bytes())
    assert "The 2030 regatta" in [entry.title for entry in atom.entries]
    toctree = [a.get_text() for a in soup(outdir / "index.html").select(".toctree-wrapper a")]
    assert "The 2030 regatta" in toctree
    index = search_index(outdir)
    # read again when its date came: in the search index with its words, not only its name
    assert "blog/regatta" in docs_found_by(index, "regatta")
    assert "blog/regatta" in docs_found_by(index, "sail")

    clean_src = tmp_path / "clean"
    shutil.copytree(src, clean_src, ignore=shutil.ignore_patterns("_build"))
    clean = build(make_app, clean_src, freshenv=True)
    assert everything(Path(clean.outdir)) == everything(outdir)


def test_build_future_previews_scheduled_posts_marked_and_noindex(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = site(tmp_path / "src")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH_2029)
    app = build(make_app, src, freshenv=True, confoverrides={"blog_build_future": True})
    page = soup(Path(app.outdir) / "blog" / "regatta.html")
    banner = page.select_one(".blogext-scheduled-banner")
    assert banner is not None and "Scheduled for June 1, 2030" in banner.get_text()
    assert page.select_one('meta[name="robots"]')["content"] == "noindex"
    # a published post is not marked
    published = soup(Path(app.outdir) / "blog" / "tides.html")
    assert published.select_one(".blogext-scheduled-banner") is None
    assert published.select_one('meta[name="robots"]') is None
    # its date comes: the next build drops the mark, like a clean build
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH_2031)
    again = build(make_app, src, confoverrides={"blog_build_future": True})
    page = soup(Path(again.outdir) / "blog" / "regatta.html")
    assert page.select_one(".blogext-scheduled-banner") is None
    assert page.select_one('meta[name="robots"]') is None


# -- the read-more marker ---------------------------------------------------------------


def test_the_read_more_marker_ends_the_excerpt_in_listings_and_feeds(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = site(tmp_path / "src")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH_2029)
    outdir = Path(build(make_app, src, freshenv=True).outdir)
    index = soup(outdir / "blog" / "index.html")
    entries = {
        e.select_one(".blogext-entry-title").get_text(strip=True): e
        for e in index.select(".blogext-entry")
    }
    boats = entries["Small boats"].select_one(".blogext-excerpt-marked")
    assert boats.select_one("em").get_text() == "small"
    assert boats.select_one("a")["href"] == "https://maps.example/harbour"
    assert [li.get_text() for li in boats.select("li")] == ["one", "two"]
    assert "after the marker" not in boats.get_text()
    more = entries["Small boats"].select_one(".blogext-more a")
    assert more.get_text(" ", strip=True) == "Continue reading “Small boats”"
    assert more["href"] == "boats.html"
    cranes = entries["Harbour cranes"].select_one(".blogext-excerpt-marked")
    assert cranes.select_one("strong").get_text() == "heavy"
    assert "Not in the excerpt" not in cranes.get_text()
    # without a marker: the first paragraph, as plain text, and no extra link
    tides = entries["Reading the tides"]
    assert tides.select_one(".blogext-excerpt-marked") is None
    assert (
        tides.select_one(".blogext-excerpt").get_text() == "Tide tables are simpler than they look."
    )
    # feeds: the excerpt's markup, links made absolute
    atom = feedparser.parse((outdir / "blog" / "atom.xml").read_bytes())
    summaries = {entry.title: entry.summary_detail for entry in atom.entries}
    assert summaries["Small boats"].type == "text/html"
    assert "<em>small</em>" in summaries["Small boats"].value
    assert "after the marker" not in summaries["Small boats"].value
    assert 'href="https://news.example.org/pier.html"' in summaries["Harbour cranes"].value
    assert summaries["Reading the tides"].type == "text/plain"
    items = json.loads((outdir / "blog" / "feed.json").read_text(encoding="utf-8"))["items"]
    summary = {item["title"]: item.get("summary") for item in items}["Small boats"]
    assert summary.startswith("Small boats need small harbours") and "marker" not in summary


def test_a_marker_inside_a_paragraph_or_a_code_block_is_not_one(tmp_path: Path) -> None:
    from docutils.core import publish_doctree

    tree = publish_doctree(
        "Intro with an inline <!-- more --> comment.\n\n::\n\n    <!-- more -->\n\nEnd.\n",
        settings_overrides={"report_level": 5},
    )
    assert before_marker(tree) is None


@settings(max_examples=50, deadline=None)
@given(
    before=st.text(max_size=200),
    after=st.text(max_size=80),
    marker=st.sampled_from(
        [".. more", ".. truncate", ".. MORE", ".. raw:: html\n\n   <!--more-->"]
    ),
)
def test_any_text_before_a_marker_renders_safely(before: str, after: str, marker: str) -> None:
    from docutils.core import publish_doctree

    source = f"{before}\n\n{marker}\n\n{after}\n"
    tree = publish_doctree(source, settings_overrides={"report_level": 5, "halt_level": 5})
    blocks = before_marker(tree)
    if blocks is None:
        return
    html = render_html(blocks)
    if html:
        parsed = lxml_html.fragment_fromstring(html, create_parent="div")
        assert not parsed.xpath("//script | //iframe | //style | //*[@onclick]")
        for link in parsed.xpath("//a/@href"):
            assert not link.lower().startswith(("javascript:", "data:", "vbscript:"))


# -- fediverse ---------------------------------------------------------------------------


def test_a_mastodon_account_gives_rel_me_and_fediverse_creator(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = site(tmp_path / "src")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH_2029)
    outdir = Path(build(make_app, src, freshenv=True).outdir)
    profile = soup(outdir / "people" / "ada.html")
    links = {a["href"]: a.get("rel") for a in profile.select(".blogext-social a")}
    assert links["https://fosstodon.example/@ada"] == ["me"]
    assert links["https://github.com/ada"] == ["me"]
    assert links["mailto:ada@example.org"] is None
    creators = soup(outdir / "blog" / "tides.html").select('meta[name="fediverse:creator"]')
    assert [meta["content"] for meta in creators] == ["@ada@fosstodon.example"]
    # a bio card on a post is not the contributor's own page: no rel="me" there
    assert not soup(outdir / "blog" / "tides.html").select('.blogext-bio a[rel~="me"]')


@pytest.mark.parametrize(
    ("url", "handle"),
    [
        ("https://fosstodon.org/@ada", "@ada@fosstodon.org"),
        ("https://social.example/users/bob", "@bob@social.example"),
        ("https://example.org/about", ""),
        ("https://example.org/@", ""),
        ("ftp://example.org/@ada", ""),
        ("https://x.example/@a@b", ""),
    ],
)
def test_fediverse_handles(url: str, handle: str) -> None:
    assert fediverse_handle(url) == handle


@settings(max_examples=50, deadline=None)
@given(st.text(max_size=120))
def test_any_address_gives_a_handle_or_nothing(url: str) -> None:
    import re

    found = fediverse_handle(url)
    assert found == "" or re.fullmatch(r"@[^@/\s]+@[^@/\s]+", found)

"""Reading a post and the listings: footnotes stay with the article, pinned posts say so,
the facts line breaks between its items, related posts are cards, tag pages count."""

from __future__ import annotations

import itertools
import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from bs4 import Tag
from conftest import built_without_warnings, example_copy, soup

if TYPE_CHECKING:
    from bs4 import BeautifulSoup

CSS = Path(__file__).parent.parent / "sphinx_blogext" / "static" / "blogext.css"

FOOTNOTE_POSTS = {
    "conf.py": """\
extensions = ["myst_parser", "sphinx_blogext"]
html_theme = {theme!r}
blog_baseurl = "https://blog.example.org/"
""",
    "index.rst": """\
Home
====

.. toctree::

   blog/notes-md
   blog/notes-rst
""",
    # MyST puts footnotes after the document's sections
    "blog/notes-md.md": """\
---
title: Notes in Markdown
date: 2024-03-02
tags: [notes]
---

# Notes in Markdown

A claim.[^source]

## More

Another claim.[^other]

[^source]: Where the claim comes from.
[^other]: And the other one.
""",
    # reST keeps them where they are written: here, at the end of the last section
    "blog/notes-rst.rst": """\
:date: 2024-03-01
:tags: notes

Notes in reST
=============

A claim [#source]_.

More
----

Another claim [#other]_.

.. [#source] Where the claim comes from.
.. [#other] And the other one.
""",
}


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built_without_warnings(example_copy(tmp_path_factory, "reading"))


def _position(page: BeautifulSoup, element: Tag) -> int:
    return next(i for i, found in enumerate(page.find_all(True)) if found is element)


# -- 1. footnotes belong to the article ------------------------------------------------


@pytest.mark.parametrize("theme", ["blogext", "alabaster"])
@pytest.mark.parametrize("post", ["notes-md", "notes-rst"])
def test_footnotes_come_before_the_post_footer(tmp_path: Path, theme: str, post: str) -> None:
    for name, text in FOOTNOTE_POSTS.items():
        path = tmp_path / "src" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text.format(theme=theme) if name == "conf.py" else text, "utf-8")
    out = built_without_warnings(tmp_path / "src")
    page = soup(out / "blog" / f"{post}.html")
    notes = page.select("aside.footnote-list, dl.footnote, aside.footnote, div.footnote")
    footer = page.select_one(".blogext-post-footer")
    assert notes and footer is not None
    assert "Where the claim comes from." in notes[0].parent.get_text()
    assert max(_position(page, n) for n in notes) < _position(page, footer)
    # and the footer's parts (bio cards, previous and next, related) after them too
    nav = page.select_one(".blogext-post-nav")
    assert nav is not None and _position(page, notes[-1]) < _position(page, nav)


# -- 2. pinned posts ---------------------------------------------------------------------


def test_a_pinned_post_is_marked_on_the_blog_index(example: Path) -> None:
    page = soup(example / "blog" / "index.html")
    entries = page.select(".blogext-postlist > .blogext-entry")
    marked = [e for e in entries if e.select_one(".blogext-pinned-label")]
    assert len(marked) == 1 and marked[0] is entries[0]
    label = marked[0].select_one(".blogext-pinned-label")
    assert label.get_text(strip=True) == "Pinned"  # its own words: the accessible name
    assert "aria-hidden" not in label.attrs
    title = marked[0].select_one(".blogext-entry-title a").get_text()
    assert title.startswith("Introducing Tidewater")


def test_pinned_is_not_marked_where_the_pin_does_not_order(example: Path) -> None:
    # the pinned post is listed on its tags' pages, in date order there
    page = soup(example / "blog" / "tags" / "python.html")
    titles = [a.get_text() for a in page.select(".blogext-entry-title a")]
    assert any(t.startswith("Introducing Tidewater") for t in titles)
    assert page.select(".blogext-pinned-label") == []


def test_the_example_blog_is_in_date_order_after_the_pinned_post(example: Path) -> None:
    """No weight puts a post out of date order on the example site by accident."""
    page = soup(example / "blog" / "archive" / "index.html")
    newest_first = []
    for year in page.select(".blogext-archive a"):
        listed = soup(example / "blog" / "archive" / year["href"])
        newest_first += [
            a["href"].rsplit("/", 1)[-1] for a in listed.select(".blogext-entry-title a")
        ]
    pinned = "introducing-tidewater.html"
    expected = [pinned] + [href for href in newest_first if href != pinned]
    shown = []
    index = example / "blog" / "index.html"
    while index:
        listed = soup(index)
        shown += [a["href"].rsplit("/", 1)[-1] for a in listed.select(".blogext-entry-title a")]
        older = listed.select_one(".blogext-pagination a.blogext-older")
        index = (index.parent / older["href"]).resolve() if older else None
    assert shown == expected


# -- 3. the facts line breaks between items ----------------------------------------------


@pytest.mark.parametrize(
    "page",
    ["blog/index.html", "blog/running-tidewater-on-kubernetes.html", "blog/tags/kubernetes.html"],
)
def test_the_facts_are_units_with_no_separator_in_the_text(example: Path, page: str) -> None:
    """Each fact is an item of its own, separated by <wbr> (where a line may break), and
    the dots between them are drawn by the style sheet: no text ends or starts with
    one, and none is read out. (tests/test_browser.py checks that none starts a line.)"""
    metas = soup(example / page).select("p.blogext-meta:has(> .blogext-meta-item)")
    assert metas
    several = 0
    for meta in metas:
        items = meta.select(":scope > .blogext-meta-item")
        assert "·" not in meta.get_text()
        between = [c for c in meta.children if c not in items]
        assert all(getattr(c, "name", None) == "wbr" for c in between), between
        several += len(items) > 1
    assert several, "no facts line with more than one item"


def test_the_separator_is_drawn_and_clipped_where_a_line_starts() -> None:
    css = CSS.read_text(encoding="utf-8")
    assert re.search(r"\.blogext-meta-item\s*\{[^}]*white-space:\s*nowrap", css)
    assert re.search(r'\.blogext-meta-item::before\s*\{[^}]*content:\s*"·"', css)
    assert re.search(r"p\.blogext-meta:has\(> \.blogext-meta-item\)\s*\{[^}]*clip-path", css)


# -- 7. related posts are cards ----------------------------------------------------------


def test_related_posts_are_compact_cards(example: Path) -> None:
    page = soup(example / "blog" / "running-tidewater-on-kubernetes.html")
    related = page.select_one(".blogext-related")
    assert related is not None
    cards = related.select("ul.blogext-postlist.blogext-format-cards > li.blogext-entry > article")
    assert len(cards) >= 2
    for card in cards:
        links = card.select("a")
        assert len(links) == 1, "a compact card has one link: its title"
        assert links[0].parent.get("class") == ["blogext-entry-title"]
        assert card.select_one("time.blogext-date")["datetime"]
        assert card.select(".blogext-excerpt, .blogext-tags") == []
    # the image of a post that has one, as decoration
    images = related.select(".blogext-card-image img")
    assert images and all(img["alt"] == "" for img in images)


# -- 9. tag pages and the tags overview --------------------------------------------------


def test_a_tag_page_counts_its_posts_and_describes_the_tag(example: Path) -> None:
    page = soup(example / "blog" / "tags" / "kubernetes.html")
    listing = page.select_one(".blogext-listing")
    heading = listing.select_one("h1")
    count = heading.find_next_sibling()
    assert count.get("class") == ["blogext-term-count"]
    entries = listing.select(".blogext-postlist > .blogext-entry")
    assert count.get_text() == f"{len(entries)} posts"
    description = count.find_next_sibling()
    assert description.get("class") == ["blogext-description"]
    assert "Helm chart" in description.get_text()


def test_the_tags_overview_shows_counts_in_distinct_sizes(example: Path) -> None:
    page = soup(example / "blog" / "tags" / "index.html")
    items = page.select(".blogext-tag-cloud > li")
    assert items
    for item in items:
        count = item.select_one(".blogext-count").get_text()
        # posts, and the talks with the tag
        assert re.fullmatch(r"\d+ posts?(, \d+ talks?)?|\d+ talks?", count), count
    sizes = {}
    for step, value in re.findall(
        r"li\.blogext-tag-size-(\d)\s*\{[^}]*font-size:\s*([\d.]+)em", CSS.read_text("utf-8")
    ):
        sizes[int(step)] = float(value)
    assert sorted(sizes) == [1, 2, 3, 4, 5]
    steps = [sizes[n] for n in range(1, 6)]
    assert steps[0] == pytest.approx(0.9) and steps[-1] == pytest.approx(1.6)
    assert all(b - a >= 0.14 for a, b in itertools.pairwise(steps))

"""Series: the box on each part, the series pages and feeds, JSON-LD, and rebuilds.

The test root has one series of three published parts ("Measuring the tide",
spelt three ways), a draft and a post held until 2099 that name it too, a
series of one part ("Solo") and a post in no series.
"""

from __future__ import annotations

import itertools
import json
import posixpath
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import feedparser
import pytest
from bs4 import BeautifulSoup
from conftest import build, clean_build, located, soup
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import escape

from sphinx_blogext.catalog import tag_key, term_slug
from sphinx_blogext.model import Post
from sphinx_blogext.outputs import site_navigation
from sphinx_blogext.registry import registry
from sphinx_blogext.series import (
    LISTED_PARTS,
    SeriesBox,
    SeriesPart,
    first_series,
    heading_text,
    reading_order,
    shown_numbers,
)
from sphinx_blogext.urls import is_device_name

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from sphinx.testing.util import SphinxTestApp

BASE = "https://blog.example.org/"
TIDE = ["Why we measure", "Building the gauge", "Reading the data"]
DOCS = ["why", "gauge", "data"]
#: where a page of the blog is, by builder
PAGE = {"html": "{}.html", "dirhtml": "{}/index.html"}


def page_file(outdir: Path, builder: str, name: str) -> Path:
    return outdir / PAGE[builder].format(name)


def write_part(src: Path, name: str, front: str, body: str = "Words of the part.") -> None:
    (src / "blog" / f"{name}.md").write_text(f"---\n{front.strip()}\n---\n\n{body}\n", "utf-8")


def edit(src: Path, name: str, old: str, new: str) -> None:
    path = src / "blog" / f"{name}.md"
    text = path.read_text("utf-8")
    assert old in text, (name, old)
    path.write_text(text.replace(old, new), "utf-8")


def series_box(path: Path) -> dict[str, object] | None:
    """What a part's box says: heading, parts (number, title, link, current), previous
    and next (title, link), and the link to the series page."""
    box = soup(path).select_one("nav.blogext-series")
    if box is None:
        return None
    parts = []
    for item in box.select("ol.blogext-series-parts > li:not(.blogext-series-gap)"):
        link = item.select_one("a")
        current = item.select_one('[aria-current="page"]')
        assert (link is None) == (current is not None), item
        parts.append(
            (
                int(item["value"]),
                item.get_text(strip=True),
                link["href"] if link else "",
                current is not None and "blogext-series-current" in item.get("class", []),
            )
        )

    def neighbour(selector: str) -> tuple[str, str] | None:
        found = box.select_one(selector)
        if found is None:
            return None
        return found.select_one(".blogext-nav-title").get_text(), found["href"]

    heading = box.select_one(".blogext-series-heading")
    return {
        "heading": heading.get_text(),
        "series": heading.select_one("a")["href"],
        "parts": parts,
        "previous": neighbour('a.blogext-series-previous[rel="prev"]'),
        "next": neighbour('a.blogext-series-next[rel="next"]'),
    }


def resolve(outdir: Path, page: Path, href: str) -> Path:
    """The file a relative link from ``page`` leads to (a folder: its index.html)."""
    target = posixpath.normpath(posixpath.join(page.parent.relative_to(outdir).as_posix(), href))
    path = outdir / target
    return path / "index.html" if href.endswith("/") or path.is_dir() else path


def title_of(path: Path) -> str:
    return soup(path).select_one("h1").get_text().rstrip("¶")


def json_ld(path: Path) -> dict[str, object]:
    (script,) = soup(path).select('script[type="application/ld+json"]')
    return json.loads(script.string)


def blog_outputs(outdir: Path) -> dict[str, str]:
    """Everything the blog puts on pages (its parts, headings, JSON-LD and feed links) and
    the feeds, by output file: what an incremental build must give as a clean one does."""
    found = {}
    selectors = [
        "h1",
        "nav.blogext-series",
        ".blogext-post-header",
        ".blogext-post-footer",
        ".blogext-listing",
        'script[type="application/ld+json"]',
        'link[rel="alternate"]',
    ]
    for path in sorted(outdir.rglob("*")):
        name = path.relative_to(outdir).as_posix()
        if path.is_dir() or name.startswith(("_", ".")) or name in ("genindex.html", "search.html"):
            continue
        if path.suffix == ".html":
            page = soup(path)
            found[name] = "\n".join(str(e) for s in selectors for e in page.select(s))
        elif path.suffix in (".xml", ".json"):
            found[name] = path.read_text("utf-8")
    return found


# -- the box, the pages, the feed and JSON-LD ------------------------------------------------


@pytest.mark.parametrize("builder", ["html", "dirhtml"])
def test_each_part_shows_where_it_stands(make_app, copy_root, builder: str) -> None:
    src = copy_root("series")
    out = build(make_app, src, builder, freshenv=True).outdir
    series_page = page_file(out, builder, "blog/series/measuring-the-tide")
    for number, name in enumerate(DOCS, start=1):
        path = page_file(out, builder, f"blog/{name}")
        box = series_box(path)
        assert box is not None, name
        assert box["heading"] == f"Part {number} of 3 in the series “Measuring the tide”"
        assert resolve(out, path, box["series"]) == series_page
        # every part, in reading order, the current one marked and not a link
        assert [(n, t, c) for n, t, _link, c in box["parts"]] == [
            (i, title, i == number) for i, title in enumerate(TIDE, start=1)
        ]
        for _n, title, link, current in box["parts"]:
            if not current:
                assert title_of(resolve(out, path, link)) == title
        previous, following = box["previous"], box["next"]
        if number == 1:
            assert previous is None
        else:
            assert previous[0] == TIDE[number - 2]
            assert title_of(resolve(out, path, previous[1])) == TIDE[number - 2]
        if number == 3:
            assert following is None
        else:
            assert following[0] == TIDE[number]
            assert title_of(resolve(out, path, following[1])) == TIDE[number]
    # the box is at the top: after the post's header, before its body
    gauge = soup(page_file(out, builder, "blog/gauge"))
    header = gauge.select_one(".blogext-post-header")
    box = header.find_next_sibling()
    assert "blogext-series" in box["class"]
    assert box.find_next_sibling().get_text() == "The second part: the gauge."
    # a series of one part shows no box; nor does a post in no series
    assert series_box(page_file(out, builder, "blog/solo")) is None
    assert series_box(page_file(out, builder, "blog/other")) is None
    # the draft and the post held until its date are not parts, and have no page
    assert not page_file(out, builder, "blog/unfinished").exists()
    assert not page_file(out, builder, "blog/later").exists()


def test_the_series_page_the_overview_and_the_feed(app_series: SphinxTestApp) -> None:
    out = app_series.outdir
    page = soup(out / "blog" / "series" / "measuring-the-tide.html")
    assert page.select_one("h1").get_text() == "Series “Measuring the tide”"
    # the parts in reading order (oldest first), not newest first like other listings
    assert [a.get_text() for a in page.select(".blogext-entry-title a")] == TIDE
    links = [a.get_text() for a in page.select(".blogext-listing-links a")]
    assert links == ["All series", "All posts"]

    overview = soup(out / "blog" / "series" / "index.html")
    assert overview.select_one("h1").get_text() == "Series"
    found = [
        (
            item.select_one(".blogext-series-name a").get_text(),
            item.select_one(".blogext-count").get_text(),
            item.select_one(".blogext-series-latest a").get_text(),
        )
        for item in overview.select(".blogext-series-item")
    ]
    # the series with the newest part first; each with its latest part
    assert found == [
        ("Measuring the tide", "3 parts", "Reading the data"),
        ("Solo", "1 part", "A lonely part"),
    ]
    first = overview.select_one(".blogext-series-name a")["href"]
    assert resolve(out, out / "blog" / "series" / "index.html", first) == (
        out / "blog" / "series" / "measuring-the-tide.html"
    )
    # the blog index links the section; the site's header does not (no nav position)
    index = soup(out / "blog" / "index.html")
    assert "Series" in [a.get_text() for a in index.select(".blogext-listing-links a")]
    state = registry(app_series).state
    assert "Series" not in [link.label for link in site_navigation(state)]

    # the series' feed, in each format, newest part first, advertised by its page
    feed = feedparser.parse(out / "blog" / "series" / "measuring-the-tide" / "atom.xml")
    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.title == "Blog: posts in the series “Measuring the tide”"
    assert [e.title for e in feed.entries] == TIDE[::-1]
    assert all(e.link.startswith(BASE + "blog/") for e in feed.entries)
    rss = feedparser.parse(out / "blog" / "series" / "measuring-the-tide" / "rss.xml")
    assert [e.title for e in rss.entries] == TIDE[::-1]
    advertised = [link["href"] for link in page.select('link[rel="alternate"]')]
    assert "measuring-the-tide/atom.xml" in advertised
    # the box is the blog's, not the post's: feeds do not carry it as content
    assert (
        "Part 2 of 3"
        not in (out / "blog" / "series" / "measuring-the-tide" / "feed.json").read_text()
    )


def test_json_ld_says_which_series_and_where(app_series: SphinxTestApp) -> None:
    out = app_series.outdir
    for number, name in enumerate(DOCS, start=1):
        data = json_ld(out / "blog" / f"{name}.html")
        assert data["@type"] == "BlogPosting"
        assert data["isPartOf"] == {
            "@type": "CreativeWorkSeries",
            "name": "Measuring the tide",
            "url": BASE + "blog/series/measuring-the-tide.html",
        }
        assert data["position"] == number
        assert data["headline"] == TIDE[number - 1]
    # a part alone in its series has no box, but it is still a part of the series
    solo = json_ld(out / "blog" / "solo.html")
    assert solo["isPartOf"]["name"] == "Solo" and solo["position"] == 1
    other = json_ld(out / "blog" / "other.html")
    assert "isPartOf" not in other and "position" not in other


def test_the_text_builder_shows_the_box_as_text(make_app, copy_root) -> None:
    src = copy_root("series")
    out = build(make_app, src, "text", freshenv=True).outdir
    text = (out / "blog" / "gauge.txt").read_text("utf-8")
    assert "Part 2 of 3 in the series “Measuring the tide”" in text
    lines = [line.strip() for line in text.splitlines()]
    start = lines.index("1. Why we measure")
    assert lines[start : start + 3] == [
        "1. Why we measure",
        "2. Building the gauge (this part)",
        "3. Reading the data",
    ]
    assert "Previous part: Why we measure" in lines
    assert "Next part: Reading the data" in lines
    # above the body, below the header
    assert text.index("Tags: hardware") < text.index("Part 2 of 3") < text.index("the gauge.")
    assert "Part 1 of 1" not in (out / "blog" / "solo.txt").read_text("utf-8")


@pytest.fixture
def app_series(make_app: Callable[..., SphinxTestApp], copy_root) -> SphinxTestApp:
    return build(make_app, copy_root("series"), freshenv=True)


# -- ordering ---------------------------------------------------------------------------------


def _post(name: str, day: int | None, weight: int = 0) -> Post:
    date = datetime(2026, 1, day, tzinfo=UTC) if day else None
    return Post(docname=name, title=name, date=date, series=["S"], series_weight=weight)


def test_reading_order() -> None:
    order = lambda posts: [p.docname for p in reading_order(posts)]  # noqa: E731
    # by date, oldest first; undated last; ties by title
    assert order([_post("c", 3), _post("a", 1), _post("x", None), _post("b", 3)]) == [
        "a", "b", "c", "x",
    ]  # fmt: skip
    # weighted parts first, lowest first (negative weights too), then the others by date
    assert order([_post("a", 1), _post("b", 2, 2), _post("c", 3, -1), _post("d", 4, 1)]) == [
        "c", "d", "b", "a",
    ]  # fmt: skip


def test_series_weight_and_dates_order_the_parts(make_app, copy_root) -> None:
    src = copy_root("series")
    edit(
        src,
        "data",
        "series: [measuring  the Tide]",
        "series: [measuring  the Tide]\nseries_weight: 1",
    )
    out = build(make_app, src, freshenv=True).outdir
    box = series_box(out / "blog" / "why.html")
    assert [t for _n, t, _l, _c in box["parts"]] == ["Reading the data", *TIDE[:2]]
    assert json_ld(out / "blog" / "data.html")["position"] == 1
    page = soup(out / "blog" / "series" / "measuring-the-tide.html")
    titles = [a.get_text() for a in page.select(".blogext-entry-title a")]
    assert titles == ["Reading the data", *TIDE[:2]]


# -- rebuilds ---------------------------------------------------------------------------------


def _reweight(src: Path) -> None:
    edit(
        src,
        "gauge",
        'series: ["Measuring the tide"]',
        'series: ["Measuring the tide"]\nseries_weight: 5',
    )


def _add_part(src: Path) -> None:
    # a second part for the series of one: its first part gets a box
    write_part(src, "solo-2", "title: Not alone any more\ndate: 2026-04-01\nseries: [solo]")


def _remove_part(src: Path) -> None:
    (src / "blog" / "gauge.md").unlink()


def _draft_part(src: Path) -> None:
    edit(src, "gauge", "series:", "draft: true\nseries:")


def _retitle_part(src: Path) -> None:
    edit(src, "why", "title: Why we measure", "title: Why measure at all")


def _leave_series(src: Path) -> None:
    edit(src, "why", "series: Measuring the tide", "series: Solo")


EDITS = {
    "reweighted": _reweight,
    "added": _add_part,
    "removed": _remove_part,
    "made a draft": _draft_part,
    "retitled": _retitle_part,
    "moved to another series": _leave_series,
}


@pytest.mark.parametrize("change", list(EDITS))
def test_incremental_builds_equal_clean_builds(make_app, copy_root, change: str) -> None:
    src = copy_root("series")
    before = build(make_app, src, freshenv=True).outdir
    box_before = series_box(before / "blog" / "data.html")
    EDITS[change](src)
    incremental = blog_outputs(build(make_app, src).outdir)
    clean = blog_outputs(clean_build(make_app, src).outdir)
    if change == "removed":
        # Sphinx leaves the page of a deleted document behind
        del incremental["blog/gauge.html"]
    assert incremental.keys() == clean.keys()
    for name in clean:
        assert incremental[name] == clean[name], name
    # and the change is there: the last part's box changed with it (or, for a part added
    # to the series of one, the first part has a box now)
    out = src / "_build" / "html"
    if change == "added":
        heading = series_box(out / "blog" / "solo.html")["heading"]
        assert heading == "Part 1 of 2 in the series “Solo”"
    else:
        assert series_box(out / "blog" / "data.html") != box_before, change


def test_a_scheduled_part_joins_on_the_build_after_its_date(
    make_app, copy_root, monkeypatch
) -> None:
    src = copy_root("series")
    write_part(src, "ahead", "title: Written ahead\ndate: 2027-01-15\nseries: Measuring the tide")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(datetime(2026, 12, 1, tzinfo=UTC).timestamp())))
    out = build(make_app, src, freshenv=True).outdir
    assert series_box(out / "blog" / "data.html")["heading"].startswith("Part 3 of 3")
    assert not (out / "blog" / "ahead.html").exists()
    # time passes; no source changes
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(datetime(2027, 2, 1, tzinfo=UTC).timestamp())))
    incremental = blog_outputs(build(make_app, src).outdir)
    clean = blog_outputs(clean_build(make_app, src).outdir)
    assert incremental == clean
    box = series_box(out / "blog" / "data.html")
    assert box["heading"].startswith("Part 3 of 4")
    assert box["next"][0] == "Written ahead"
    assert series_box(out / "blog" / "ahead.html")["heading"].startswith("Part 4 of 4")


def test_rest_and_markdown_posts_name_their_series_alike(make_app, copy_root) -> None:
    src = copy_root("series")
    (src / "blog" / "rest-part.rst").write_text(
        ":title: Solo, continued\n:date: 2026-04-02\n:series: solo\n:series_weight: -1\n\n"
        "Solo, continued\n===============\n\nA part written in reStructuredText.\n",
        "utf-8",
    )
    out = build(make_app, src, freshenv=True).outdir
    box = series_box(out / "blog" / "solo.html")
    assert box["heading"] == "Part 2 of 2 in the series “Solo”"
    assert [t for _n, t, _l, _c in box["parts"]] == ["Solo, continued", "A lonely part"]
    assert json_ld(out / "blog" / "rest-part.html")["position"] == 1


def test_incremental_dirhtml_build_equals_a_clean_one(make_app, copy_root) -> None:
    src = copy_root("series")
    build(make_app, src, "dirhtml", freshenv=True)
    _reweight(src)
    _add_part(src)
    incremental = blog_outputs(build(make_app, src, "dirhtml").outdir)
    clean = blog_outputs(clean_build(make_app, src, "dirhtml").outdir)
    assert incremental == clean
    box = series_box(src / "_build" / "dirhtml" / "blog" / "why" / "index.html")
    assert [t for _n, t, _l, _c in box["parts"]] == [
        "Building the gauge",
        "Why we measure",
        "Reading the data",
    ]


def test_unchanged_parts_are_not_written_again(make_app, copy_root) -> None:
    src = copy_root("series")
    build(make_app, src, freshenv=True)
    app = make_app("html", srcdir=src)
    written: list[str] = []
    app.connect("doctree-resolved", lambda _app, _tree, docname: written.append(docname))
    _retitle_part(src)
    app.build()
    app.cleanup()
    # the retitled part, the parts whose boxes list it (and its neighbours by date)
    assert {"blog/why", "blog/gauge", "blog/data"} <= set(written)
    assert "blog/other" not in written


def test_parallel_builds_equal_serial_builds(make_app, copy_root) -> None:
    serial = blog_outputs(build(make_app, copy_root("series", "serial"), freshenv=True).outdir)
    parallel = build(make_app, copy_root("series", "parallel"), freshenv=True, parallel=2)
    assert blog_outputs(parallel.outdir) == serial
    assert series_box(parallel.outdir / "blog" / "gauge.html") is not None


def test_the_project_document_at_the_overview_keeps_its_words(make_app, copy_root) -> None:
    src = copy_root("series")
    (src / "blog" / "series").mkdir()
    (src / "blog" / "series" / "index.md").write_text(
        "# Our series\n\nLonger stories, told in parts.\n", "utf-8"
    )
    index = src / "index.rst"
    index.write_text(index.read_text("utf-8") + "   blog/series/index\n", "utf-8")
    out = build(make_app, src, freshenv=True).outdir
    page = soup(out / "blog" / "series" / "index.html")
    assert page.select_one("h1").get_text().rstrip("¶") == "Our series"
    assert "Longer stories, told in parts." in page.get_text()
    names = [a.get_text() for a in page.select(".blogext-series-name a")]
    assert names == ["Measuring the tide", "Solo"]
    text = build(make_app, src, "text", freshenv=True).outdir / "blog" / "series" / "index.txt"
    assert "Measuring the tide (3 parts) — Latest part: Reading the data" in text.read_text("utf-8")


# -- bad input --------------------------------------------------------------------------------

#: front matter that is wrong, and gives a warning at its line (the fourth)
BAD = [
    "series: {name: Tides}",
    "series: 3",
    'series: ["First", "Second", "first"]',
    "series_weight: 2",
]


def test_bad_series_values_are_located_warnings(make_app, copy_root) -> None:
    src = copy_root("series")
    for number, front in enumerate(BAD):
        write_part(
            src, f"bad-{number}", f"title: Bad {number}\ndate: 2026-05-0{number + 1}\n{front}"
        )
    write_part(src, "empty", 'title: Empty\ndate: 2026-05-09\nseries: ""')
    evil = '<script>alert(1)</script> & "friends"'
    write_part(src, "evil-1", f"title: Evil one\ndate: 2026-05-10\nseries: ['{evil}']")
    write_part(src, "evil-2", f"title: Evil two\ndate: 2026-05-11\nseries: ['{evil}']")
    long_name = "A very long series name " * 40
    write_part(src, "long-1", f"title: Long one\ndate: 2026-05-12\nseries: ['{long_name}']")
    write_part(src, "long-2", f"title: Long two\ndate: 2026-05-13\nseries: ['{long_name}']")
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    messages = app.warning.getvalue()
    assert "Traceback" not in messages
    assert located(app) == [
        ("bad-0.md:4", "frontmatter"),
        ("bad-1.md:4", "frontmatter"),
        ("bad-2.md:4", "frontmatter"),
        ("bad-3.md:4", "frontmatter"),
    ]
    (two,) = [line for line in messages.splitlines() if "bad-2.md" in line]
    assert "('First'); 'Second' ignored" in two  # "first" is the same series, spelt otherwise
    out = app.outdir
    # the first of two series counts
    box = json_ld(out / "blog" / "bad-2.html")
    assert box["isPartOf"]["name"] == "First"
    for name in ("bad-0", "bad-1", "bad-3", "empty"):
        assert "isPartOf" not in json_ld(out / "blog" / f"{name}.html"), name
    # markup in a name is text, everywhere it is shown
    page = (out / "blog" / "evil-1.html").read_text("utf-8")
    assert "<script>alert(1)</script>" not in page
    shown = soup(out / "blog" / "evil-1.html").select_one(".blogext-series-heading a").get_text()
    assert shown == evil
    assert json_ld(out / "blog" / "evil-1.html")["isPartOf"]["name"] == evil
    overview = soup(out / "blog" / "series" / "index.html")
    assert evil in [a.get_text() for a in overview.select(".blogext-series-name a")]
    # a very long name: a page name of bounded length, the name shown whole
    long_box = soup(out / "blog" / "long-2.html").select_one(".blogext-series-heading a")
    assert long_box.get_text() == long_name.strip()
    assert len(Path(long_box["href"]).stem) <= 80
    assert resolve(out, out / "blog" / "long-2.html", long_box["href"]).is_file()


# -- names, and the box's list ------------------------------------------------------------------

names = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=60).filter(
    lambda s: s.strip()
)


@settings(max_examples=50, deadline=None)
@given(st.lists(names, max_size=5))
def test_a_post_is_a_part_of_its_first_series(found: list[str]) -> None:
    kept, ignored = first_series(found)
    assert kept == found[:1]
    assert all(tag_key(n) != tag_key(found[0]) for n in ignored)
    assert set(ignored) <= set(found[1:])


@settings(max_examples=50, deadline=None)
@given(names)
def test_any_name_gives_a_safe_page_name(name: str) -> None:
    slug = term_slug(tag_key(name))
    assert slug and len(slug) <= 80
    assert "/" not in slug and "\\" not in slug and slug not in (".", "..", "index")
    assert not is_device_name(slug)


@settings(max_examples=50, deadline=None)
@given(st.integers(1, 200), st.data())
def test_a_box_lists_the_ends_and_the_parts_around(total: int, data: st.DataObject) -> None:
    current = data.draw(st.integers(1, total))
    shown = shown_numbers(total, current)
    assert shown == sorted(set(shown))
    assert {1, total, current} <= set(shown)
    assert {max(1, current - 1), min(total, current + 1)} <= set(shown)
    if total <= LISTED_PARTS:
        assert shown == list(range(1, total + 1))
    else:
        assert len(shown) <= 9
    # a gap is never of a single part
    assert all(b - a != 2 for a, b in itertools.pairwise(shown))


@pytest.fixture(scope="module")
def rendered_box(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Callable[[SeriesBox], str]]:
    """Render a box with the extension's template, through a real build's renderer."""
    from sphinx.testing.util import SphinxTestApp

    src = tmp_path_factory.mktemp("render") / "src"
    shutil.copytree(Path(__file__).parent / "roots" / "test-series", src)
    app = SphinxTestApp("html", srcdir=src, freshenv=True)
    app.build()
    state = registry(app).state
    yield lambda box: str(state.render("series_box.html", box))
    app.cleanup()


@settings(max_examples=50, deadline=None)
@given(name=names, titles=st.lists(names, min_size=2, max_size=4))
def test_any_name_and_title_is_shown_as_text(rendered_box, name: str, titles: list[str]) -> None:
    parts = tuple(SeriesPart(i, t, f"p{i}.html", i == 1) for i, t in enumerate(titles, start=1))
    box = SeriesBox(name, "s.html", "", 1, len(parts), parts, None, parts[1])
    html = rendered_box(box)
    page = BeautifulSoup(html, "html.parser")
    heading = page.select_one(".blogext-series-heading")
    assert heading.get_text() == heading_text(box)
    assert heading.select_one("a").get_text() == name
    assert [li.get_text() for li in page.select("ol > li")] == titles
    assert str(escape(name)) in html
    assert page.select_one('[aria-current="page"]').get_text() == titles[0]

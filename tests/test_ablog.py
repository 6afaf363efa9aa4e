"""ABlog projects build unchanged: post forms, configuration, postlist, addresses, labels,
feeds and sidebars, as ABlog's documentation describes them (tests/roots/test-ablog is an
ABlog project with ``ablog`` replaced by ``sphinx_blogext`` in ``extensions``)."""

from __future__ import annotations

import json
import os
import re
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin

import feedparser
import pytest
from conftest import ROOTS, build, catalog_of, clean_build, located, soup
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st
from sphinx.config import Config

from sphinx_blogext.ablog import ABLOG_ONLY, ablog_slug, read_ablog_config
from sphinx_blogext.frontmatter import FieldError, parse_date

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.testing.util import SphinxTestApp

BASE = "https://ablog.example.org/"
#: every post of the corpus: date, authors, tags, category, draft (ABlog's meanings)
EXPECTED = {
    "release/ablog-v0-1-released": (
        "2014-04-14",
        ["Ahmet"],
        ["release", "announcement"],
        ["Release"],
        False,
    ),
    "release/ablog-v0-2-released": (
        "2014-11-27",
        ["Ahmet", "Luc"],
        ["release"],
        ["Release"],
        False,
    ),
    "release/ablog-v0-3-released": (
        "2019-09-11",
        ["Nabil"],
        ["release", "Sphinx Tips"],
        ["Release"],
        False,
    ),
    "release/unreleased": (None, ["Luc"], ["release"], [], True),
    "manual/fields-post": (
        "2020-06-05",
        ["Luc", "Nabil"],
        ["guide", "Sphinx Tips"],
        ["Manual"],
        False,
    ),
    "manual/myst-options": ("2021-01-01", ["Nabil"], ["guide", "myst"], ["Manual"], False),
    "manual/myst-yaml": ("2021-02-03", ["Luc"], ["guide"], ["Manual"], False),
    "manual/front-matter": ("2021-03-04", ["Ahmet"], ["guide", "front matter"], ["Manual"], False),
    "manual/link-post": ("2021-04-01", ["Ahmet"], ["links"], [], False),
    "posts/pattern-post": ("2021-05-05", ["Ahmet"], ["pattern"], [], False),
    "posts/pattern-post-md": ("2021-06-07", ["Ahmet"], ["pattern"], [], False),
}
FULL_NAMES = {"Ahmet": "Ahmet Bakan", "Luc": "Luc Saffre", "Nabil": "Nabil Freij"}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[SphinxTestApp, Path]:
    from sphinx.testing.util import SphinxTestApp

    src = tmp_path_factory.mktemp("ablog") / "src"
    shutil.copytree(ROOTS / "test-ablog", src)
    app = SphinxTestApp("html", srcdir=src)
    try:
        app.build()
    finally:
        app.cleanup()
    return app, Path(app.outdir)


def _file_of(outdir: Path, page: str, href: str) -> Path:
    """The file a relative link of a page leads to."""
    target = urljoin(f"https://x/{page}", href.split("#")[0])[len("https://x/") :]
    path = outdir / target
    return path / "index.html" if target.endswith("/") or path.is_dir() else path


def _redirect_target(outdir: Path, page: str) -> Path:
    html = (outdir / page).read_text(encoding="utf-8")
    match = re.search(r'http-equiv="refresh" content="0; url=([^"]+)"', html)
    assert match, f"{page} is not a redirect"
    return _file_of(outdir, page, match.group(1))


def test_the_site_builds_without_a_warning(site: tuple[SphinxTestApp, Path]) -> None:
    app, _outdir = site
    assert located(app) == []
    assert "WARNING" not in app.warning.getvalue(), app.warning.getvalue()


def test_options_without_meaning_get_one_note_at_their_line(
    site: tuple[SphinxTestApp, Path],
) -> None:
    app, _outdir = site
    conf = (ROOTS / "test-ablog" / "conf.py").read_text(encoding="utf-8").splitlines()
    status = re.sub(r"\x1b\[[0-9;]*m", "", app.status.getvalue())
    for name in (
        "disqus_shortname",
        "fontawesome_included",
        "post_auto_image",
        "blog_archive_titles",
    ):
        line = next(n for n, text in enumerate(conf, 1) if text.startswith(name))
        notes = re.findall(rf"conf\.py:(\d+): note: {name} has no effect", status)
        assert notes == [str(line)], name
    # a mapped option gets no note, nor one left at ABlog's default
    for name in ("blog_authors", "post_date_format", "skip_injecting_base_ablog_templates"):
        assert f"note: {name} " not in status


def test_every_post_form_makes_a_post_with_ablog_meanings(
    site: tuple[SphinxTestApp, Path],
) -> None:
    app, _outdir = site
    catalog = catalog_of(app)
    found = {}
    for docname, post in catalog.posts.items():
        authors = [catalog.term("contributors", name) for name in post.contributors]
        found[docname] = (
            post.date.date().isoformat() if post.date else None,
            [a.definition.slug.capitalize() if a else "" for a in authors],
            post.tags,
            post.categories,
            post.draft,
        )
    assert found == EXPECTED
    # blog_post_pattern names source files; other documents are not posts
    assert "about" not in catalog.posts and "lists" not in catalog.posts


def test_excerpts_follow_ablog(site: tuple[SphinxTestApp, Path]) -> None:
    app, _outdir = site
    posts = catalog_of(app).posts
    # post_auto_excerpt = 1: the first paragraph
    assert posts["release/ablog-v0-1-released"].excerpt.startswith("ABlog v0.1 is released")
    assert "second paragraph" not in posts["release/ablog-v0-1-released"].excerpt
    # excerpt: 2
    assert posts["release/ablog-v0-2-released"].excerpt == (
        "First paragraph of the second release. Second paragraph, which the excerpt takes too."
    )
    # the directive's content, which :exclude: keeps off the page
    assert posts["release/ablog-v0-3-released"].excerpt == (
        "The directive's own content is the excerpt of this post."
    )


def test_post_pages_show_date_authors_tags_and_category(site: tuple[SphinxTestApp, Path]) -> None:
    _app, outdir = site
    for docname, (date, authors, tags, categories, draft) in EXPECTED.items():
        if draft:
            continue
        page = soup(outdir / f"{docname}.html")
        header = page.select_one(".blogext-post-header")
        assert header.select_one("time")["datetime"].startswith(date)
        assert [a.get_text() for a in header.select(".blogext-author")] == [
            FULL_NAMES[a] for a in authors
        ]
        assert [a.get_text() for a in header.select(".blogext-tags a")] == tags
        shown = [a.get_text() for a in header.select(".blogext-categories a")]
        assert shown == categories
        (data,) = [
            json.loads(s.string)
            for s in page.select('script[type="application/ld+json"]')
            if '"BlogPosting"' in s.string
        ]
        assert data["datePublished"].startswith(date)
        assert [a["name"] for a in data["author"]] == [FULL_NAMES[a] for a in authors]
        assert data.get("keywords") == tags
        section = data.get("articleSection")
        assert ([section] if section else []) == categories
    excluded = soup(outdir / "release/ablog-v0-3-released.html").get_text()
    assert "own content is the excerpt" not in excluded
    updated = soup(outdir / "release/ablog-v0-2-released.html")
    assert updated.select_one(".update .admonition-title").get_text() == "Updated on Nov 30, 2014"
    assert updated.select_one(".blogext-updated time")["datetime"].startswith("2014-11-30")


def test_feeds_carry_dates_authors_tags_and_categories(site: tuple[SphinxTestApp, Path]) -> None:
    _app, outdir = site
    feed = feedparser.parse(outdir / "blog/atom.xml")
    assert not feed.bozo
    assert feed.feed.subtitle == "Notes from the ABlog site"
    entries = {e.link[len(BASE) : -len(".html")]: e for e in feed.entries}
    published = {d for d, v in EXPECTED.items() if not v[4]}
    assert set(entries) == published  # blog_feed_length = None: every post
    for docname, entry in entries.items():
        date, authors, tags, categories, _draft = EXPECTED[docname]
        assert entry.published.startswith(date)
        assert [a.name for a in entry.authors] == [FULL_NAMES[a] for a in authors]
        assert [t.term for t in entry.tags] == tags + categories


@pytest.mark.parametrize(
    ("path", "entries"),
    [
        ("blog/2014/atom.xml", 2),
        ("blog/2021/atom.xml", 6),
        ("blog/tag/release/atom.xml", 3),
        ("blog/tag/sphinx-tips/atom.xml", 2),
        ("blog/category/manual/atom.xml", 4),
        ("blog/author/ahmet-bakan/atom.xml", 6),
        ("blog/author/luc-saffre/atom.xml", 3),
        ("blog/location/pittsburgh-pa/atom.xml", 1),
        ("blog/location/san-francisco/atom.xml", 2),
        ("blog/language/english/atom.xml", 9),
        ("blog/language/turkish/atom.xml", 1),
    ],
)
def test_ablog_archive_feeds_stay_feeds(
    site: tuple[SphinxTestApp, Path], path: str, entries: int
) -> None:
    _app, outdir = site
    feed = feedparser.parse(outdir / path)
    assert not feed.bozo, path
    assert feed.version == "atom10"
    assert len(feed.entries) == entries
    assert any(link.get("rel") == "self" and link.href == BASE + path for link in feed.feed.links)


@pytest.mark.parametrize(
    ("old", "title"),
    [
        ("blog.html", "ABlog site blog"),
        ("blog/archive.html", "Archive"),
        ("blog/2014.html", "Posts from 2014"),
        ("blog/tag.html", "Tags"),
        ("blog/category.html", "Categories"),
        ("blog/author.html", "Contributors"),
        ("blog/location.html", "Locations"),
        ("blog/language.html", "Languages"),
        ("blog/author/ahmet-bakan.html", "Ahmet Bakan"),
        ("blog/location/pittsburgh-pa.html", "Posts from “Pittsburgh, PA”"),
        ("blog/language/turkish.html", "Posts in “Turkish”"),
        ("blog/old-v0-2.html", "ABlog v0.2 released"),
        ("news/v0-2.html", "ABlog v0.2 released"),
    ],
)
def test_old_addresses_lead_to_our_pages(
    site: tuple[SphinxTestApp, Path], old: str, title: str
) -> None:
    _app, outdir = site
    target = _redirect_target(outdir, old)
    assert target.is_file(), old
    assert soup(target).select_one("h1").get_text().rstrip("¶#") == title


def _recorded(name: str) -> list[str]:
    text = (Path(__file__).parent / name).read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line and not line.startswith("#")]


def _drafts(outdir: Path) -> set[str]:
    return {f"{d}.html" for d, v in EXPECTED.items() if v[4]} | {
        f"{d}/index.html" for d, v in EXPECTED.items() if v[4]
    }


def test_every_address_ablog_writes_is_here(site: tuple[SphinxTestApp, Path]) -> None:
    _app, outdir = site
    missing = [
        path
        for path in _recorded("ablog_addresses.txt")
        if path not in _drafts(outdir) and not (outdir / path).is_file()
    ]
    assert missing == []
    for path in _recorded("ablog_addresses.txt"):
        if path.endswith(".xml"):
            assert not feedparser.parse(outdir / path).bozo, path  # a feed stays a feed
        elif path not in _drafts(outdir):
            html = (outdir / path).read_text(encoding="utf-8")
            if "http-equiv" in html:
                assert _redirect_target(outdir, path).is_file(), path


def test_addresses_ablog_and_we_share_are_pages(site: tuple[SphinxTestApp, Path]) -> None:
    _app, outdir = site
    for path, title in [
        ("blog/tag/release.html", "Posts tagged “release”"),
        ("blog/tag/sphinx-tips.html", "Posts tagged “Sphinx Tips”"),
        ("blog/category/release.html", "Posts in category “Release”"),
        ("blog/location/world.html", "Posts from “World”"),
    ]:
        assert soup(outdir / path).select_one("h1").get_text().rstrip("¶#") == title


def test_ablog_labels_resolve(site: tuple[SphinxTestApp, Path]) -> None:
    _app, outdir = site
    body = soup(outdir / "index.html").select_one("div.body")
    links = {a.get_text(): a["href"] for a in body.select("a.reference")}
    expected = {
        "Blog": "blog/index.html",
        "ABlog site blog feed": "blog/atom.xml",
        "tags": "blog/tag/index.html",
        "Categories": "blog/category/index.html",
        "Contributors": "blog/author/index.html",
        "Locations": "blog/location/index.html",
        "Languages": "blog/language/index.html",
        "Archive": "blog/archive/index.html",
        "release": "blog/tag/release.html",
        "Ahmet Bakan": "blog/author/ahmet.html",
        "Release": "blog/category/release.html",
        "Pittsburgh, PA": "blog/location/pittsburgh.html",
        "Turkish": "blog/language/tr.html",
        "2014": "blog/archive/2014.html",
    }
    assert {k: links.get(k) for k in expected} == expected
    for href in expected.values():
        assert (outdir / href).is_file(), href


def test_postlist_takes_ablog_options(site: tuple[SphinxTestApp, Path]) -> None:
    _app, outdir = site
    lists = soup(outdir / "lists.html").select("ul.blogext-postlist")
    # 2 newest of category Release, as "{title} by {author}, {date}" with date "%Y-%m-%d"
    lines = [" ".join(li.get_text().split()) for li in lists[0].select("li")]
    assert lines == [
        "ABlog v0.3 released by Nabil Freij, 2019-09-11",
        "ABlog v0.2 released by Ahmet Bakan, Luc Saffre, 2014-11-27",
    ]
    assert "postlist-style-circle" in lists[0]["class"]
    hrefs = [a["href"] for a in lists[0].select("a")]
    assert hrefs[:2] == ["release/ablog-v0-3-released.html", "blog/author/nabil.html"]
    # author: Luc, Nabil: posts by both (ABlog intersects), with excerpts and a read-more
    titles = [a.get_text() for a in lists[1].select(".blogext-entry-title a")]
    assert titles == ["Posting with fields"]
    assert lists[1].select_one(".blogext-excerpt")
    assert lists[1].select_one(".blogext-more a").get_text() == "Read the rest"
    # sort: oldest first
    dates = [li.get_text().split(" - ")[0].strip() for li in lists[2].select("li.blogext-entry")]
    # without a date format, in post_date_format_short, as ABlog writes them
    assert dates == ["Apr 14", "Nov 27", "Sep 11"]


def test_link_posts_link_out_from_listings(site: tuple[SphinxTestApp, Path]) -> None:
    _app, outdir = site
    index = soup(outdir / "blog/index.html")
    links = [a["href"] for a in index.select(".blogext-entry-title a")]
    assert "https://www.sphinx-doc.org/en/master/" in links
    assert not any("link-post" in href for href in links)
    assert (outdir / "manual/link-post.html").is_file()  # the post keeps its page


def test_ablog_sidebars_render_our_data(site: tuple[SphinxTestApp, Path]) -> None:
    _app, outdir = site
    page = "release/ablog-v0-2-released.html"
    html = soup(outdir / page)
    card = html.select_one(".ablog__postcard")
    assert card.select_one("h2").get_text().strip() == "Nov 27, 2014"
    assert [a.get_text() for a in card.select(".ablog__authors a")] == [
        "Ahmet Bakan",
        "Luc Saffre",
    ]
    assert [a.get_text() for a in card.select(".ablog__locations a")] == ["San Francisco"]
    recent = html.select(".ablog__recentposts li a")
    assert len(recent) == 5
    assert recent[0].get_text() == "Jun 07 - A Markdown post by pattern"
    for name in ("tags", "categories", "archives", "authors", "languages", "locations"):
        links = html.select(f".ablog__{name} a")
        assert links, name
        for link in links:
            assert _file_of(outdir, page, link["href"]).is_file(), (name, link["href"])
    assert [a.get_text() for a in html.select(".ablog__archives li a")] == [
        "2021",
        "2020",
        "2019",
        "2014",
    ]
    # the sidebar of a page that is not a post has no post card
    assert soup(outdir / "about.html").select_one(".ablog__postcard") is None
    assert soup(outdir / "about.html").select_one(".ablog__tags")


def _built_pages(outdir: Path) -> dict[str, str]:
    """The blog's parts and sidebars of every page, for comparing builds."""
    found = {}
    for path in sorted(outdir.rglob("*.html")):
        if "_static" in path.parts or "_sources" in path.parts:
            continue
        page = soup(path)
        parts = page.select(
            ".blogext-post-header, .blogext-listing, .blogext-postlist, .ablog-sidebar-item, h1"
        )
        found[str(path.relative_to(outdir))] = "\n".join(str(p) for p in parts)
    return found


def test_parallel_dirhtml_and_incremental_builds_agree(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-ablog", src)
    build(make_app, src, parallel=2)
    post = src / "manual" / "new-post.rst"
    post.write_text(
        "A new post\n==========\n\n.. post:: Jul 08, 2022\n   :tags: release, brand new\n"
        "   :author: Nabil\n   :location: Istanbul\n\nNews.\n",
        encoding="utf-8",
    )
    app = build(make_app, src, parallel=2)
    clean = clean_build(make_app, src)
    assert _built_pages(Path(app.outdir)) == _built_pages(Path(clean.outdir))
    # every page's sidebar shows the new post and its tag
    about = soup(Path(app.outdir) / "about.html")
    assert "A new post" in about.select_one(".ablog__recentposts").get_text()
    assert "brand new" in about.select_one(".ablog__tags").get_text()
    dirhtml = build(make_app, src, "dirhtml", freshenv=True)
    out = Path(dirhtml.outdir)
    recorded = _recorded("ablog_addresses_dirhtml.txt")
    assert [p for p in recorded if p not in _drafts(out) and not (out / p).is_file()] == []
    assert _redirect_target(out, "blog/2014/index.html") == out / "blog/archive/2014/index.html"
    assert not feedparser.parse(out / "blog/2014/atom.xml").bozo


def test_bad_ablog_input_is_located(make_app: Callable[..., SphinxTestApp], tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-ablog", src)
    conf = src / "conf.py"
    text = conf.read_text(encoding="utf-8")
    text = text.replace('blog_default_author = "Ahmet"', 'blog_default_author = "Nobody"')
    text += '\nblog_languages = {"en": ("English", None), "xx": "Bad"}\npost_auto_excerpt = -1\n'
    conf.write_text(text, encoding="utf-8")
    (src / "manual" / "bad.rst").write_text(
        "Bad\n===\n\n.. post:: the day after tomorrow\n   :excerpt: many\n\n"
        "Text.\n\n.. update:: 31 February 2020\n\n   No such day.\n",
        encoding="utf-8",
    )
    (src / "badlist.rst").write_text(
        ":orphan:\n\nBad lists\n=========\n\n"
        ".. postlist:: two\n   :format: {title} {nope}\n   :list-style: <b>\n",
        encoding="utf-8",
    )
    app = make_app("html", srcdir=src)
    try:
        app.build()
    finally:
        app.cleanup()
    found = located(app)
    lines = conf.read_text(encoding="utf-8").splitlines()
    default_line = next(n for n, t in enumerate(lines, 1) if t.startswith("blog_default_author"))
    assert (f"conf.py:{default_line}", "config") in found
    assert sum(1 for where, kind in found if where.startswith("conf.py") and kind == "config") == 3
    assert ("bad.rst:4", "frontmatter") in found  # the date
    assert ("bad.rst:5", "frontmatter") in found  # the excerpt
    assert ("bad.rst:9", "frontmatter") in found  # the update's date
    assert [w for w, k in found if k == "postlist"] == ["badlist.rst:6"] * 3
    # a post whose date cannot be read has none: a draft, not published
    assert catalog_of(app).posts["manual/bad"].draft
    assert not (Path(app.outdir) / "manual" / "bad.html").exists()
    page = soup(Path(app.outdir) / "badlist.html")
    assert page.select_one("div.body b") is None
    assert "{nope}" not in page.get_text()


# -- property tests ------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=120))
def test_any_date_text_is_a_date_or_a_field_error(text: str) -> None:
    try:
        found = parse_date(text, UTC, ("%b %d, %Y", "%d %B %Y"))
    except FieldError:
        return
    assert found.tzinfo is not None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sep 11, 2019", "2019-09-11"),
        ("June 05 2020", "2020-06-05"),
        ("27 November 2012", "2012-11-27"),
        ("2020-06-03", "2020-06-03"),
        ("Apr 14, 2014", "2014-04-14"),
        ("2021/06/07", "2021-06-07"),
        ("Jan 1, 2021 10:30", "2021-01-01"),
    ],
)
def test_ablog_date_forms(text: str, expected: str) -> None:
    assert parse_date(text, UTC, ("%d %B %Y",)).date().isoformat() == expected


@pytest.mark.parametrize("text", ["Sep 2019", "11 Sep", "tomorrow", "31 February 2020", "13/13/13"])
def test_dates_that_are_not_whole_dates_are_refused(text: str) -> None:
    with pytest.raises(FieldError):
        parse_date(text, UTC, ("%d %B %Y",))


def _containers(inner: st.SearchStrategy[object]) -> st.SearchStrategy[object]:
    return st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)


_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20), _containers, max_leaves=8
)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from(sorted(ABLOG_ONLY)), _VALUES))
def test_any_ablog_configuration_is_read_or_reported(values: dict[str, object]) -> None:
    config = Config({}, {})
    for name, default in ABLOG_ONLY.items():
        config.add(name, default, "env", ())
    for name, value in values.items():
        setattr(config, name, value)
    found, problems = read_ablog_config(config, None)
    assert all(option in ABLOG_ONLY and isinstance(m, str) and m for option, m in problems)
    for label, name, url in (*found.authors, *found.locations, *found.languages):
        assert isinstance(label, str) and isinstance(name, str)
        assert url == "" or url.startswith(("http://", "https://"))
    assert found.auto_excerpt >= 0


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_ablog_slugs_are_safe_path_parts(name: str) -> None:
    slug = ablog_slug(name)
    assert "/" not in slug and "\\" not in slug and slug == slug.strip()
    assert ablog_slug(slug) == slug


def test_naive_dates_are_read_in_the_blog_timezone() -> None:
    assert parse_date("Apr 14, 2014", UTC) == datetime(2014, 4, 14, tzinfo=UTC)


# -- random ABlog sites ------------------------------------------------------------------

CANARY = "<blogext-canary>x</blogext-canary>"
_LINE = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        [
            CANARY,
            '" data-canary="1',
            "javascript:alert(1)",
            "../../etc/passwd, /ok/page",
            "Sep 11, 2019",
            "31 February 2020",
            "2020-06-03",
            "a, b, , c",
            "{title} {nope",
            "{date} - {title} {author}",
            "%Y %Q",
            "0",
            "-3",
            "999999999999",
        ]
    ),
).map(lambda v: " ".join(v.replace("`", "").split())[:80])
_OPTION = st.sampled_from(
    [
        "tags", "category", "author", "location", "language", "redirect", "title", "image",
        "excerpt", "exclude", "nocomments", "external_link", "canonical_link", "unknown",
    ]
)  # fmt: skip
_POSTLIST = st.sampled_from(
    ["tags", "category", "author", "location", "language", "format", "date", "sort",
     "excerpts", "list-style", "expand", "limit", "bogus"]
)  # fmt: skip


def _ablog_site(root: Path, posts: list, lists: list, authors: dict) -> Path:
    src = root / "src"
    (src / "posts").mkdir(parents=True)
    (src / "conf.py").write_text(
        'extensions = ["sphinx_blogext", "myst_parser"]\nexclude_patterns = ["_build"]\n'
        'blog_baseurl = "https://example.org/"\nblog_feed_archives = True\n'
        f"blog_authors = {authors!r}\nblog_locations = {{'X': ('X place', None)}}\n"
        "html_sidebars = {'**': ['ablog/postcard.html', 'ablog/recentposts.html', "
        "'ablog/tagcloud.html', 'ablog/authors.html', 'ablog/archives.html']}\n",
        encoding="utf-8",
    )
    body = ["Home\n====\n"]
    for options in lists:
        body.append(".. postlist:: 3\n" + "".join(f"   :{k}: {v}\n" for k, v in options))
    (src / "index.rst").write_text("\n".join(body), encoding="utf-8")
    for n, (date, options, markdown) in enumerate(posts):
        if markdown:
            lines = [f"# Post {n}\n", f"```{{post}} {date}"]
            lines += [f":{k}: {v}" for k, v in options] + ["```", "", f"Text {n}.", ""]
            (src / "posts" / f"p{n}.md").write_text("\n".join(lines), encoding="utf-8")
        else:
            lines = [f"Post {n}", "=" * 10, "", f".. post:: {date}"]
            lines += [f"   :{k}: {v}" for k, v in options] + ["", f"Text {n}.", ""]
            lines += [f".. update:: {date}", "", "   Changed.", ""]
            (src / "posts" / f"p{n}.rst").write_text("\n".join(lines), encoding="utf-8")
    return src


@settings(
    max_examples=max(2, int(os.environ.get("BLOGEXT_FUZZ_EXAMPLES", "8")) // 2),
    deadline=None,
    # each example is two builds: report the failing site as found, unshrunk
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@example(
    # hostile names in every place a sidebar shows (found on the oldest Sphinx in CI)
    posts=[
        ("2020-06-03", [("tags", CANARY), ("category", CANARY)], True),
        ("Sep 11, 2019", [("author", CANARY), ("location", "X, " + CANARY)], False),
        ("", [("language", CANARY)], False),
    ],
    lists=[[("format", "{title} {author} {tags}"), ("expand", CANARY)]],
    authors={CANARY: (CANARY, "javascript:alert(1)")},
)
@given(
    st.lists(
        st.tuples(_LINE, st.lists(st.tuples(_OPTION, _LINE), max_size=6), st.booleans()),
        min_size=3,
        max_size=5,
    ),
    st.lists(st.lists(st.tuples(_POSTLIST, _LINE), max_size=5), max_size=2),
    st.dictionaries(_LINE, st.tuples(_LINE, st.one_of(st.none(), _LINE)), max_size=3),
)
def test_random_ablog_sites_build_alike_and_escape_everything(
    make_app: Callable[..., SphinxTestApp],
    tmp_path_factory: pytest.TempPathFactory,
    posts: list,
    lists: list,
    authors: dict,
) -> None:
    root = tmp_path_factory.mktemp("ablogfuzz")
    serial = _ablog_site(root / "serial", posts, lists, authors)
    parallel = root / "parallel" / "src"
    shutil.copytree(serial, parallel)
    outs = []
    for src, jobs in ((serial, 1), (parallel, 2)):
        app = make_app("html", srcdir=src, freshenv=True, parallel=jobs)
        try:
            app.build()
        finally:
            app.cleanup()
        text = re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue())
        assert "Traceback" not in text and "Exception" not in text, text
        for line in text.splitlines():
            if "[blogext." in line:
                assert re.match(r"^\S+?:\d+: WARNING: .* \[blogext\.\w+\]$", line), line
        outs.append(Path(app.outdir))
    serial_pages = _built_pages(outs[0])
    assert serial_pages == _built_pages(outs[1])
    for path in outs[0].rglob("*.html"):
        html = soup(path)
        assert html.find("blogext-canary") is None, path
        assert html.find(attrs={"data-canary": True}) is None, path
        assert not html.select('[href^="javascript:"], [src^="javascript:"]'), path
    for path in outs[0].rglob("*.xml"):
        assert not feedparser.parse(path.read_bytes()).bozo, path
    assert list(root.rglob("passwd*")) == []


@pytest.mark.parametrize("builder", ["latex", "text"])
def test_labels_link_to_the_published_site_in_other_builders(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path, builder: str
) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-ablog", src)
    app = build(make_app, src, builder)  # no warning: every ABlog label resolves
    if builder == "latex":
        tex = next(Path(app.outdir).glob("*.tex")).read_text(encoding="utf-8")
        # as ABlog links them: its addresses on the published site, which the HTML build keeps
        for address in ("blog", "blog/atom.xml", "blog/tag/release", "blog/author/ahmet-bakan"):
            assert f"\\sphinxhref{{{BASE}{address}}}" in tex, address

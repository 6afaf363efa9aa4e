"""Feeds: parsed back with feedparser, checked against each format's required elements."""

from __future__ import annotations

import json
import re
import shutil
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING
from xml.etree import ElementTree

import feedparser
import pytest
from conftest import build, clean_build, located, rebuild_written, soup

from sphinx_blogext.feeds import absolute_html

if TYPE_CHECKING:
    from sphinx.testing.util import SphinxTestApp

ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
DC = "{http://purl.org/dc/elements/1.1/}creator"
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")
BASE = "https://example.org/site/"


def feeds_of(outdir: Path) -> list[Path]:
    names = ("atom.xml", "rss.xml", "feed.json")
    return sorted(p for p in outdir.rglob("*") if p.name in names)


def check_atom(path: Path) -> ElementTree.Element:
    """The elements RFC 4287 requires, with absolute links."""
    root = ElementTree.parse(path).getroot()
    assert root.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{name}").text, name
    assert RFC3339.match(root.find(f"{ATOM}updated").text)
    (self_link,) = [link for link in root.findall(f"{ATOM}link") if link.get("rel") == "self"]
    assert self_link.get("href").startswith(BASE)
    entries = root.findall(f"{ATOM}entry")
    has_feed_author = root.find(f"{ATOM}author") is not None
    for entry in entries:
        for name in ("id", "title", "updated", "published"):
            assert entry.find(f"{ATOM}{name}").text, name
        assert RFC3339.match(entry.find(f"{ATOM}updated").text)
        (alternate,) = entry.findall(f"{ATOM}link")
        assert alternate.get("href").startswith(BASE)
        assert has_feed_author or entry.find(f"{ATOM}author/{ATOM}name") is not None
    return root


def check_rss(path: Path) -> ElementTree.Element:
    """The elements RSS 2.0 requires, and the self link RSS best practice asks for."""
    root = ElementTree.parse(path).getroot()
    assert root.tag == "rss" and root.get("version") == "2.0"
    channel = root.find("channel")
    for name in ("title", "link", "description"):
        assert channel.find(name).text, name
    assert channel.find("link").text.startswith(BASE)
    assert channel.find(f"{ATOM}link[@rel='self']").get("href").startswith(BASE)
    for item in channel.findall("item"):
        assert item.find("title").text
        guid = item.find("guid")
        assert guid.get("isPermaLink") == "true" and guid.text == item.find("link").text
        assert item.find("link").text.startswith(BASE)
        assert item.find("pubDate").text
    return root


def check_json_feed(path: Path) -> dict:
    """What JSON Feed 1.1 requires and the types it gives each field."""
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["version"] == "https://jsonfeed.org/version/1.1"
    assert isinstance(data["title"], str) and data["title"]
    assert data["feed_url"].startswith(BASE)
    assert data["home_page_url"].startswith(BASE)
    assert isinstance(data["items"], list)
    for item in data["items"]:
        assert isinstance(item["id"], str) and item["id"]
        assert item["url"].startswith(BASE)
        assert "content_html" in item or "content_text" in item
        for key in ("date_published", "date_modified"):
            assert RFC3339.match(item[key]), item[key]
        for author in item.get("authors", []):
            assert set(author) <= {"name", "url", "avatar"} and author["name"]
        assert all(isinstance(tag, str) for tag in item.get("tags", []))
    return data


@pytest.mark.sphinx("html", testroot="feeds", freshenv=True)
def test_every_feed_is_valid(app: SphinxTestApp) -> None:
    app.build()
    assert "WARNING" not in app.warning.getvalue(), app.warning.getvalue()
    feeds = feeds_of(app.outdir)
    # the blog, five tags and two contributors, in three formats each
    assert len(feeds) == 8 * 3
    for path in feeds:
        relative = path.relative_to(app.outdir).as_posix()
        if path.suffix == ".json":
            data = check_json_feed(path)
            assert data["feed_url"] == BASE + relative
            continue
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
        assert parsed.version == ("atom10" if path.name == "atom.xml" else "rss20")
        root = check_atom(path) if path.name == "atom.xml" else check_rss(path)
        self_link = (
            root.find(f"{ATOM}link[@rel='self']")
            if path.name == "atom.xml"
            else root.find(f"channel/{ATOM}link[@rel='self']")
        )
        assert self_link.get("href") == BASE + relative
        # readable in a browser through the stylesheet, found relative to the feed
        head = path.read_text(encoding="utf-8").splitlines()[1]
        href = re.fullmatch(r'<\?xml-stylesheet type="text/xsl" href="([^"]+)"\?>', head)[1]
        assert (path.parent / href).resolve() == (app.outdir / "_static" / "blogext-feed.xsl")
    ElementTree.parse(app.outdir / "_static" / "blogext-feed.xsl")  # well-formed XSLT


@pytest.mark.sphinx("html", testroot="feeds", freshenv=True)
def test_entries_and_what_they_carry(app: SphinxTestApp) -> None:
    app.build()
    blog = feedparser.parse((app.outdir / "blog" / "atom.xml").read_bytes())
    # newest first; feed_length 3; no draft, no feed_exclude post, no undated post
    assert [e.title for e in blog.entries] == [
        'Less <than> & "quotes" 🚀 end',
        "Third Kubernetes post",
        "Second Kubernetes post",
    ]
    # the feed's time is its newest entry's update, with its offset: never the build time
    assert blog.feed.updated == "2024-03-01T12:00:00-05:00"
    # the hostile post names nobody: the feed names conf.py's author
    assert blog.feed.author == "The feed team"
    second = blog.entries[2]
    assert second.published == "2024-02-01T00:00:00+00:00"
    assert second.updated == "2024-03-01T12:00:00-05:00"
    assert [a.name for a in second.authors] == ["Ana Lima", "Guest Writer"]
    assert second.authors[0].href == BASE + "contributors/ana-lima.html"
    assert [t.term for t in second.tags] == ["Kubernetes"]
    hostile = blog.entries[0]
    assert [t.term for t in hostile.tags] == ["<b>&amp;</b>", "emoji 🚀"]
    assert hostile.summary == "A summary with <tags> & ampersands"
    content = hostile.content[0].value
    assert "Text with 1 &lt; 2 &amp; ampersand" in content
    assert "🚀 and a bell  here." in content  # control characters dropped
    # full content: links and images absolute, no permalink markers
    ml = feedparser.parse((app.outdir / "blog" / "tags" / "ai-ml" / "atom.xml").read_bytes())
    first = next(e for e in ml.entries if e.title == "First Kubernetes post")
    html = soup_of(first.content[0].value)
    hrefs = [a["href"] for a in html.select("a")]
    assert hrefs == [BASE + "docs.html", "https://other.example.com/x"]
    assert [img["src"] for img in html.select("img")] == [BASE + "_images/card.png"]
    assert "¶" not in html.get_text()
    assert "A section" in html.get_text()
    # the header and footer the blog puts around the post stay out
    assert not html.select(".blogext-post-header, .blogext-post-footer")
    # JSON Feed: the same entries, with the card image
    data = json.loads((app.outdir / "blog" / "tags" / "ai-ml" / "feed.json").read_text())
    item = next(i for i in data["items"] if i["title"] == "First Kubernetes post")
    assert item["image"] == BASE + "blog/img/card.png"
    assert item["date_published"] == "2024-01-10T09:00:00+01:00"
    assert item["authors"] == [{"name": "Ana Lima", "url": BASE + "contributors/ana-lima.html"}]
    assert item["tags"] == ["Kubernetes", "AI/ML"]
    # a tag's feed is described by the tags file
    tag_feed = feedparser.parse((app.outdir / "blog" / "tags" / "ai-ml" / "rss.xml").read_bytes())
    assert tag_feed.feed.description == "Notes on machine learning."


def soup_of(html: str):
    from bs4 import BeautifulSoup

    return BeautifulSoup(html, "html.parser")


def test_excerpts_instead_of_full_content(make_app, copy_root) -> None:
    src = copy_root("feeds")
    app = build(make_app, src, confoverrides={"blog_feed_fulltext": False, "blog_feeds": ["rss"]})
    assert [p.name for p in feeds_of(app.outdir)] == ["rss.xml"] * 8
    root = ElementTree.parse(app.outdir / "blog" / "rss.xml").getroot()
    items = root.findall("channel/item")
    assert [i.find(CONTENT) for i in items] == [None, None, None]
    assert items[0].find("description").text == "A summary with <tags> & ampersands"
    assert items[2].find("description").text == "Second post body."
    assert [c.text for c in items[2].findall(DC)] == ["Ana Lima", "Guest Writer"]


def test_pages_advertise_their_feeds(make_app, copy_root) -> None:
    src = copy_root("feeds")
    app = build(make_app, src)

    def alternates(page: str) -> list[tuple[str, str]]:
        links = soup(app.outdir / page).select('link[rel="alternate"]')
        return [(link["type"], link["href"]) for link in links]

    blog = [
        ("application/atom+xml", "blog/atom.xml"),
        ("application/rss+xml", "blog/rss.xml"),
        ("application/feed+json", "blog/feed.json"),
    ]
    assert alternates("docs.html") == blog
    assert alternates("genindex.html") == blog
    assert alternates("blog/k8s-one.html") == [(t, h.removeprefix("blog/")) for t, h in blog]
    tag_page = alternates("blog/tags/kubernetes/page/2.html")
    assert tag_page[3:] == [
        ("application/atom+xml", "../atom.xml"),
        ("application/rss+xml", "../rss.xml"),
        ("application/feed+json", "../feed.json"),
    ]
    assert alternates("contributors/ana-lima.html")[3:] == [
        ("application/atom+xml", "ana-lima/atom.xml"),
        ("application/rss+xml", "ana-lima/rss.xml"),
        ("application/feed+json", "ana-lima/feed.json"),
    ]
    # and the visible links on the listing pages
    index = soup(app.outdir / "blog" / "index.html")
    assert [a["href"] for a in index.select(".blogext-feeds a")] == [
        "atom.xml",
        "rss.xml",
        "feed.json",
    ]


def test_no_base_url_means_no_feeds_and_one_warning(make_app, copy_root) -> None:
    src = copy_root("feeds")
    app = make_app("html", srcdir=src, confoverrides={"blog_baseurl": ""})
    app.build()
    assert located(app) == [("conf.py:1", "feed")]
    assert "set blog_baseurl" in app.warning.getvalue()
    assert feeds_of(app.outdir) == []
    assert not soup(app.outdir / "docs.html").select('link[rel="alternate"]')
    assert not soup(app.outdir / "blog" / "index.html").select(".blogext-feeds")


def test_feeds_are_reproducible_and_not_rewritten(make_app, copy_root) -> None:
    src = copy_root("feeds")
    first = build(make_app, src)
    written = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in feeds_of(first.outdir)}
    # a second source tree, built from scratch elsewhere, gives the same bytes
    other = src.parent / "other"
    shutil.copytree(src, other, ignore=shutil.ignore_patterns("_build"))
    second = build(make_app, other, freshenv=True)
    for path, (content, _stamp) in written.items():
        assert (second.outdir / path.relative_to(first.outdir)).read_bytes() == content
    # a rebuild with nothing changed touches no feed and renders no post
    _app, docs = rebuild_written(make_app, src)
    assert docs == []
    assert {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in feeds_of(first.outdir)} == written


def test_a_body_edit_reaches_the_feeds(make_app, copy_root) -> None:
    src = copy_root("feeds")
    build(make_app, src)
    out = src / "_build" / "html"
    # the post is not tagged AI/ML: that tag's page and feeds stay as they are
    untouched = [out / "blog" / "tags" / "ai-ml.html", *feeds_of(out / "blog" / "tags" / "ai-ml")]
    stamps = [p.stat().st_mtime_ns for p in untouched]
    post = src / "blog" / "k8s-three.md"
    post.write_text(post.read_text() + "\nA later paragraph about zebras.\n")
    app, docs = rebuild_written(make_app, src)
    # only the edited post is rendered again (Sphinx adds the page whose toctree holds it)
    assert docs == ["blog/k8s-three", "index"]
    for name in ("blog/atom.xml", "blog/tags/kubernetes/rss.xml", "blog/feed.json"):
        assert "zebras" in (app.outdir / name).read_text(encoding="utf-8"), name
    assert [p.stat().st_mtime_ns for p in untouched] == stamps
    # kept content that went away is taken again by writing the post once more
    shutil.rmtree(app.doctreedir / "blogext")
    app, docs = rebuild_written(make_app, src)
    assert "blog/k8s-three" in docs
    assert "zebras" in (app.outdir / "blog" / "atom.xml").read_text(encoding="utf-8")


def test_feeds_follow_edits_like_a_clean_build(make_app, copy_root) -> None:
    src = copy_root("feeds")
    build(make_app, src)
    three = src / "blog" / "k8s-three.md"
    three.write_text(three.read_text().replace("tags: [kubernetes, ", "tags: [AI/ML, "))
    (src / "blog" / "hostile.md").unlink()
    two = src / "blog" / "k8s-two.md"
    two.write_text(two.read_text().replace("tags:", "feed_exclude: true\ntags:"))
    incremental = build(make_app, src)
    clean = clean_build(make_app, src)
    inc = {p.relative_to(incremental.outdir): p.read_bytes() for p in feeds_of(incremental.outdir)}
    cln = {p.relative_to(clean.outdir): p.read_bytes() for p in feeds_of(clean.outdir)}
    # the tag the deleted post alone had loses its feeds; the rest are equal byte for byte
    assert sorted(inc) == sorted(cln)
    assert all(inc[name] == cln[name] for name in cln)
    blog = feedparser.parse(inc[Path("blog/atom.xml")])
    assert [e.title for e in blog.entries] == [
        "Third Kubernetes post",
        "First Kubernetes post",
        "Old machine learning post",
    ]


def test_parallel_feeds_equal_serial(make_app, copy_root) -> None:
    serial_src = copy_root("feeds", "serial")
    parallel_src = copy_root("feeds", "parallel")
    serial = build(make_app, serial_src)
    parallel = build(make_app, parallel_src, parallel=2)
    ours = {p.relative_to(serial.outdir): p.read_bytes() for p in feeds_of(serial.outdir)}
    theirs = {p.relative_to(parallel.outdir): p.read_bytes() for p in feeds_of(parallel.outdir)}
    assert ours == theirs


def test_dates_parse_back_with_offsets(make_app, copy_root) -> None:
    app = build(make_app, copy_root("feeds"))
    data = json.loads((app.outdir / "blog" / "feed.json").read_text(encoding="utf-8"))
    stamps = [datetime.fromisoformat(i["date_modified"]) for i in data["items"]]
    assert all(s.tzinfo is not None for s in stamps)
    assert data["items"][-1]["date_modified"] == "2024-03-01T12:00:00-05:00"


def test_kept_html_of_a_post_that_comes_back_is_fresh(make_app, copy_root) -> None:
    """A post leaves every feed, is edited, and comes back when newer posts go."""
    src = copy_root("feeds")
    post = "---\ntitle: {title}\ndate: {date}\n---\n\n{body}\n"
    (src / "blog" / "p.md").write_text(post.format(title="P", date="2025-01-01", body="First."))
    build(make_app, src)
    newer = [src / "blog" / f"n{n}.md" for n in (1, 2, 3)]
    for n, path in enumerate(newer, 1):
        path.write_text(post.format(title=f"N{n}", date=f"2025-02-0{n}", body="New."))
    (src / "blog" / "p.md").write_text(post.format(title="P", date="2025-01-01", body="Zebra."))
    app = build(make_app, src)
    titles = [e.title for e in feedparser.parse(app.outdir / "blog" / "atom.xml").entries]
    assert titles == ["N3", "N2", "N1"]  # P left every feed
    for path in newer:
        path.unlink()
    app = build(make_app, src)
    entry = feedparser.parse(app.outdir / "blog" / "atom.xml").entries[0]
    assert (entry.title, entry.content[0].value) == ("P", "<p>Zebra.</p>")


def test_a_new_project_name_reaches_the_feeds(make_app, copy_root) -> None:
    src = copy_root("feeds")
    build(make_app, src)
    conf = src / "conf.py"
    conf.write_text(conf.read_text().replace("Feeds & <Friends>", "Renamed"))
    app = build(make_app, src)
    assert feedparser.parse(app.outdir / "blog" / "rss.xml").feed.title == "Blog · Renamed"


def test_content_html_is_parsed_leniently() -> None:
    page = "https://example.org/blog/p.html"
    assert absolute_html('&lt;b&gt; text <a href="x.html">x</a>', page) == (
        '&lt;b&gt; text <a href="https://example.org/blog/x.html">x</a>'
    )
    assert absolute_html("<!doctype html><html><body><p>z</p></body></html>", page) == "<p>z</p>"
    assert absolute_html('<img srcset="a.png 1x, http://[bad 2x">', page) == (
        '<img srcset="https://example.org/blog/a.png 1x">'
    )
    assert absolute_html("</section></div><p>unbalanced", page) == "<p>unbalanced</p>"


def test_without_an_author_the_project_signs(make_app, copy_root) -> None:
    src = copy_root("feeds")
    conf = src / "conf.py"
    conf.write_text(conf.read_text().replace('author = "The feed team"\n', ""))
    app = build(make_app, src)
    data = json.loads((app.outdir / "blog" / "feed.json").read_text(encoding="utf-8"))
    # not Sphinx's placeholder "Author name not set"
    assert data["authors"] == [{"name": "Feeds & <Friends>"}]

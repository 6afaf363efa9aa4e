"""Feeds: Atom 1.0, RSS 2.0 and JSON Feed 1.1 for the blog, each tag and each contributor.

Feeds are files of the output pipeline, written at the end of the build
from the catalog and rewritten only when what they are made from changed.
Atom and RSS are written by feedgen, JSON Feed with the ``json`` module; no
format is assembled by hand.

A feed with full content needs each post's HTML. It is taken as the post
page is written (the HTML between the post's header and footer) and kept
beside the doctrees, so a rebuild never renders an unchanged post again to
make a feed. Links and images in it are made absolute against the post's
address when a feed is made.

Every time is the author's: a feed's ``updated`` is its newest entry's, so
an unchanged site gives byte-identical feeds. Posts without a date, drafts
and ``feed_exclude`` posts are never in a feed.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import posixpath
import re
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from markupsafe import Markup, escape
from sphinx.locale import get_translation

from . import __version__
from .catalog import date_order
from .outputs import (
    FileOutput,
    add_files,
    add_findings,
    add_rewrites,
    add_stamp,
    state_of,
    store_name,
)
from .render import CONTENT_SINKS, renderer_for
from .routes import BLOG_FEEDS, FEED_TYPES, base_url, is_site_builder
from .warnings import Finding

if TYPE_CHECKING:
    from collections.abc import Iterator

    from feedgen.entry import FeedEntry
    from feedgen.feed import FeedGenerator
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.config import Config

    from .model import Post
    from .outputs import BuildState
    from .routes import FeedKey

_ = get_translation("sphinx_blogext")

#: The stylesheet that makes Atom and RSS feeds readable in a browser.
STYLESHEET = "_static/blogext-feed.xsl"
#: Its template, written in the site's language by the builders that write feeds (an
#: e-book has no use for it).
STYLESHEET_TEMPLATE = "feed.xsl"
#: Characters XML 1.0 cannot carry, even escaped, and the C1 controls it discourages.
_NOT_XML = re.compile("[^\t\n\r\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
#: A feed with no dated post at all is dated at the start of the epoch, never "now".
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


# -- the content of posts, taken as their pages are written -----------------------------


def content_folder(builder: Builder) -> Path:
    return Path(builder.doctreedir) / "blogext" / f"content-{store_name(builder)}"


def content_name(docname: str) -> str:
    return hashlib.sha256(docname.encode("utf-8", "replace")).hexdigest()[:24] + ".html"


def content_file(builder: Builder, docname: str) -> Path:
    return content_folder(builder) / content_name(docname)


def kept_contents(builder: Builder) -> dict[str, tuple[int, int]]:
    """The size and time of each kept HTML, by file name: one look at the folder."""
    try:
        with os.scandir(content_folder(builder)) as found:
            stats = [(entry.name, entry.stat()) for entry in found]
    except OSError:
        return {}
    return {name: (stat.st_size, stat.st_mtime_ns) for name, stat in stats}


def _wants_content(config: Config) -> bool:
    return bool(config.blog_feeds) and config.blog_feed_fulltext and bool(base_url(config))


def keep_content(builder: Builder, docname: str, html: str) -> None:
    """Keep a post's HTML for the feeds that hold it; the file changes only with the HTML."""
    if not is_site_builder(builder) or not _wants_content(builder.config):
        return
    # the state of this build: made before writing, and copied into -j writer processes
    state: BuildState | None = getattr(builder, "_blogext_state", None)
    if state is None or docname not in feed_members(state):
        return
    target = content_file(builder, docname)
    data = html.encode("utf-8", "replace")
    try:
        # most rewrites of a post change its size; only equal sizes need a look inside
        if target.stat().st_size == len(data) and target.read_bytes() == data:
            return
    except OSError:
        pass
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    except OSError:
        pass  # the post is written again by the next build that finds its content missing


def feed_members(state: BuildState) -> set[str]:
    """The posts some feed holds: the only ones whose HTML is kept."""
    members: set[str] | None = state.memo.get("feed-members")
    if members is None:
        members = {p.docname for feed in state.routes.feeds for p in feed_posts(state, feed)}
        state.memo["feed-members"] = members
    return members


def missing_content(state: BuildState) -> list[str]:
    """Posts whose page must be written because their kept HTML is gone.

    Runs whenever something changed; it also forgets the HTML of posts that
    left every feed, so that a post coming back is written again first.
    """
    if not _wants_content(state.config) or not state.routes.feeds_enabled:
        return []
    kept = kept_contents(state.builder)
    members = {content_name(d): d for d in feed_members(state)}
    # the HTML of a post no feed holds is not kept up to date: it must not come back
    folder = content_folder(state.builder)
    for name in kept.keys() - members.keys():
        with contextlib.suppress(OSError):  # a folder the build cannot change: nothing to do
            (folder / name).unlink(missing_ok=True)
    return sorted(d for name, d in members.items() if name not in kept)


def content_stamps(state: BuildState) -> object:
    """Size and time of every kept HTML: feeds change when a post's content does."""
    if not _wants_content(state.config) or not state.routes.feeds_enabled:
        return None
    kept = kept_contents(state.builder)
    return [(d, kept.get(content_name(d))) for d in sorted(feed_members(state))]


def absolute_html(html: str, page_url: str) -> str:
    """``html`` with every link and image absolute, without permalink markers.

    The HTML is a post's own (raw HTML blocks included), so it is parsed the
    lenient way browsers do; what cannot be parsed at all gives no content.
    """
    import lxml.html
    from lxml import etree

    try:
        body = lxml.html.document_fromstring(f"<html><body>{html}</body></html>").find("body")
    except (etree.LxmlError, ValueError, AssertionError):
        return ""
    if body is None:
        return ""
    for marker in body.find_class("headerlink"):
        marker.drop_tree()
    body.make_links_absolute(page_url, resolve_base_href=False, handle_failures="discard")
    for element in body.xpath("//*[@srcset]"):
        element.set("srcset", _absolute_srcset(element.get("srcset"), page_url))
    inner = [str(escape(body.text or ""))]
    inner += [lxml.html.tostring(child, encoding="unicode") for child in body]
    return "".join(inner).strip()


def _absolute_srcset(srcset: str, page_url: str) -> str:
    candidates = []
    for candidate in srcset.split(","):
        parts = candidate.split()
        try:
            if parts:
                candidates.append(" ".join([urljoin(page_url, parts[0]), *parts[1:]]))
        except ValueError:
            continue  # an address urljoin cannot read is left out
    return ", ".join(candidates)


# -- what a feed holds ------------------------------------------------------------------


def _in_feeds(post: Post) -> bool:
    return post.date is not None and not post.draft and not post.feed_exclude


@dataclass(frozen=True)
class Author:
    name: str
    url: str = ""
    avatar: str = ""


@dataclass(frozen=True)
class Entry:
    docname: str
    url: str
    title: str
    summary: str
    published: datetime
    updated: datetime
    authors: tuple[Author, ...]
    tags: tuple[str, ...]
    image: str
    #: the kept HTML's stamp (full content), or None
    content: object = None


@dataclass(frozen=True)
class Feed:
    format: str
    title: str
    description: str
    #: the page the feed follows, and the feed itself
    home: str
    url: str
    language: str
    stylesheet: str
    entries: tuple[Entry, ...]
    #: for entries that name nobody
    author: str


def feed_title(state: BuildState, feed: FeedKey) -> str:
    config = state.config
    blog = config.blog_title
    if feed == BLOG_FEEDS:
        if config.project.casefold() in blog.casefold():
            return blog
        return _("%(blog)s · %(project)s") % {"blog": blog, "project": config.project}
    term = state.catalog.terms[feed[0]][feed[1]]
    if feed[0] == "tags":
        return _("%(blog)s: posts tagged “%(tag)s”") % {"blog": blog, "tag": term.name}
    return _("%(blog)s: posts by %(name)s") % {"blog": blog, "name": term.name}


def feed_posts(state: BuildState, feed: FeedKey) -> list[Post]:
    """The newest posts of a feed, newest first (worked out once per build)."""
    found: dict[FeedKey, list[Post]] = state.memo.setdefault("feed-posts", {})
    if feed not in found:
        if feed == BLOG_FEEDS:
            posts = state.catalog.by_date
        else:
            # by_date's order: a term's posts are a part of it
            posts = sorted(state.catalog.terms[feed[0]][feed[1]].posts, key=date_order)
        chosen = (p for p in posts if _in_feeds(p))
        length = state.config.blog_feed_length
        found[feed] = [p for _i, p in zip(range(length), chosen, strict=False)]
    return found[feed]


def _home(state: BuildState, feed: FeedKey) -> str:
    routes = state.routes
    if feed == BLOG_FEEDS:
        return routes.absolute(routes.index[0].pagename)
    pages = routes.tag_pages if feed[0] == "tags" else routes.contributor_pages
    return routes.absolute(pages[feed[1]][0].pagename)


def feed_entry(state: BuildState, post: Post) -> Entry:
    """A post as every feed shows it."""
    routes, views = state.routes, state.views
    url = routes.absolute(post.docname)
    image = routes.image_url(post.docname, post)
    authors = tuple(
        Author(
            a.name, routes.contributor_address(a.slug), urljoin(url, a.avatar) if a.avatar else ""
        )
        for a in views.authors(post.docname, post)
    )
    assert post.date is not None  # feeds hold dated posts only
    wants = _wants_content(state.config)
    return Entry(
        docname=post.docname,
        url=url,
        title=post.title,
        summary=post.description or post.summary or post.excerpt,
        published=post.date,
        updated=post.updated or post.date,
        authors=authors,
        tags=tuple(t.name for t in views.tags(post.docname, post)),
        image=urljoin(url, image) if image else "",
        content=state.memo["kept"].get(content_name(post.docname)) if wants else None,
    )


def _author(config: Config) -> str:
    """``author`` when conf.py sets it (Sphinx's default is a placeholder), else the project."""
    given = "author" in getattr(config, "_raw_config", {})
    return config.author if given and config.author else config.project


def make_feed(state: BuildState, feed: FeedKey, entries: dict[str, Entry]) -> Feed:
    """A feed, before its format is chosen; ``entries`` caches posts across feeds."""
    chosen = []
    for post in feed_posts(state, feed):
        entry = entries.get(post.docname)
        if entry is None:
            entry = entries[post.docname] = feed_entry(state, post)
        chosen.append(entry)
    description = state.config.blog_description or feed_title(state, feed)
    if feed[0] == "tags":
        info = state.catalog.terms["tags"][feed[1]].info
        description = info.description_text if info and info.description_text else description
    return Feed(
        format="",
        title=feed_title(state, feed),
        description=description,
        home=_home(state, feed),
        url="",
        language=state.config.language or "en",
        stylesheet="",
        entries=tuple(chosen),
        author=_author(state.config),
    )


# -- writing -----------------------------------------------------------------------------


def xml_text(text: str, fallback: str = "") -> str:
    """``text`` without what XML cannot carry; ``fallback`` where nothing is left."""
    return _NOT_XML.sub("", text).strip() or fallback


class Contents:
    """The full HTML of posts, read from what was kept and made absolute once per build."""

    def __init__(self, builder: Builder) -> None:
        self.builder = builder
        self.cache: dict[str, str] = {}
        self.generators: dict[Feed, FeedGenerator] = {}
        self.entries: dict[str, tuple[Entry, FeedEntry]] = {}

    def add_entry(self, gen: FeedGenerator, entry: Entry) -> None:
        """Add a post to a feed; a post in several feeds is made into an entry once."""
        made = self.entries.get(entry.docname)
        if made is not None and made[0] == entry:
            gen.add_entry(made[1], order="append")
            return
        item = gen.add_entry(order="append")
        fill_entry(item, entry, self)
        self.entries[entry.docname] = (entry, item)

    def generator(self, feed: Feed) -> FeedGenerator:
        """The feedgen document of a feed, shared by its Atom and RSS files."""
        key = replace(feed, format="", url="", stylesheet="")
        gen = self.generators.get(key)
        if gen is None:
            gen = self.generators[key] = make_generator(feed, self)
        return gen

    def get(self, entry: Entry) -> str:
        if entry.content is None:
            return ""
        html = self.cache.get(entry.docname)
        if html is None:
            try:
                raw = content_file(self.builder, entry.docname).read_text("utf-8")
            except (OSError, UnicodeDecodeError):
                raw = ""
            html = self.cache[entry.docname] = absolute_html(raw, entry.url) if raw else ""
        return html


def feed_updated(feed: Feed) -> datetime:
    return max((e.updated for e in feed.entries), default=EPOCH)


def write_xml(feed: Feed, contents: Contents) -> bytes:
    """An Atom or RSS document, with the stylesheet that shows it in a browser."""
    gen = contents.generator(feed)
    # the only differences between the formats of one feed: its address and the format
    gen.id(feed.url)
    gen.link(href=feed.url, rel="self", replace=True)
    gen.link(href=feed.home, rel="alternate")  # the last link is RSS's channel link
    if feed.format == "atom":
        body = gen.atom_str(pretty=True, xml_declaration=False)
    else:
        body = gen.rss_str(pretty=True, xml_declaration=False)
    # feedgen has no processing instructions; the stylesheet's href is a relative path
    head = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<?xml-stylesheet type="text/xsl" href="{feed.stylesheet}"?>\n'
    )
    return head.encode() + body


def make_generator(feed: Feed, contents: Contents) -> FeedGenerator:
    """What the Atom and RSS documents of a feed hold, made once for both."""
    from feedgen.feed import FeedGenerator

    gen = FeedGenerator()
    gen.load_extension("dc", atom=False, rss=True)
    title = xml_text(feed.title, feed.home)
    gen.title(title)
    gen.subtitle(xml_text(feed.description, title))
    gen.language(feed.language)
    gen.updated(feed_updated(feed))
    gen.lastBuildDate(feed_updated(feed))
    gen.generator("sphinx-blogext", __version__)
    if any(not e.authors for e in feed.entries) or not feed.entries:
        gen.author({"name": xml_text(feed.author, "-")})
    for entry in feed.entries:
        contents.add_entry(gen, entry)
    return gen


def fill_entry(item: FeedEntry, entry: Entry, contents: Contents) -> None:
    """A post as an Atom entry and an RSS item."""
    item.guid(entry.url, permalink=True)
    item.title(xml_text(entry.title, entry.url))
    item.link(href=entry.url, rel="alternate")
    item.published(entry.published)
    item.updated(entry.updated)
    for author in entry.authors:
        name = xml_text(author.name, "-")
        person = {"name": name}
        if author.url:
            person["uri"] = author.url
        item.author(person)
        item.dc.dc_creator(name, replace=False)
    for tag in filter(None, map(xml_text, entry.tags)):
        item.category(term=tag)
    if summary := xml_text(entry.summary):
        item.summary(summary)
    html = contents.get(entry)
    if html:
        item.content(xml_text(html), type="html")


def write_json(feed: Feed, contents: Contents) -> bytes:
    """A JSON Feed 1.1 document."""
    items = []
    for entry in feed.entries:
        item: dict[str, Any] = {"id": entry.url, "url": entry.url, "title": entry.title}
        html = contents.get(entry)
        if html:
            item["content_html"] = html
        else:
            item["content_text"] = entry.summary or entry.title
        if entry.summary:
            item["summary"] = entry.summary
        if entry.image:
            item["image"] = entry.image
        item["date_published"] = entry.published.isoformat()
        item["date_modified"] = entry.updated.isoformat()
        if entry.authors:
            item["authors"] = [_json_author(a) for a in entry.authors]
        if entry.tags:
            item["tags"] = list(entry.tags)
        items.append(item)
    data: dict[str, Any] = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": feed.title,
        "home_page_url": feed.home,
        "feed_url": feed.url,
        "description": feed.description,
        "language": feed.language,
    }
    if any(not e.authors for e in feed.entries):
        data["authors"] = [{"name": feed.author}]
    data["items"] = items
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8", "replace")


def _json_author(author: Author) -> dict[str, str]:
    data = {"name": author.name}
    if author.url:
        data["url"] = author.url
    if author.avatar:
        data["avatar"] = author.avatar
    return data


def feed_files(state: BuildState) -> Iterator[FileOutput]:
    routes, base = state.routes, base_url(state.config)
    wanted = {r.file for r in routes.claims.files if r.kind == "feed"}
    contents = Contents(state.builder)
    entries: dict[str, Entry] = {}
    state.memo["kept"] = kept_contents(state.builder)
    for key, formats in routes.feeds.items():
        chosen = [route for route in formats.values() if route.file in wanted]
        if not chosen:
            continue
        common = make_feed(state, key, entries)
        for route in chosen:
            feed = replace(
                common,
                format=route.format,
                url=base + route.file,
                stylesheet=posixpath.relpath(STYLESHEET, posixpath.dirname(route.file)),
            )
            writer = write_json if route.format == "json" else write_xml
            yield FileOutput(
                route,
                "",
                {"feed": feed},
                make=lambda feed=feed, writer=writer: writer(feed, contents),  # type: ignore[misc]
            )


# -- links to feeds, and the missing base URL -----------------------------------------


def feed_findings(state: BuildState) -> list[Finding]:
    config = state.config
    if state.site and config.blog_feeds and not base_url(config):
        message = (
            "feeds are not written: they need absolute links; set blog_baseurl "
            "(or html_baseurl) to the published site's address, or blog_feeds = [] "
            "to turn feeds off"
        )
        # a matter of configuration: reported at conf.py
        conf = Path(state.builder.confdir) / "conf.py"
        return [Finding(message, "", _setting_line(conf), "feed", path=str(conf))]
    return []


def _setting_line(conf: Path) -> int:
    """The line of conf.py that sets ``blog_feeds``, or 1."""
    try:
        lines = conf.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return 1
    return next((n for n, text in enumerate(lines, 1) if text.startswith("blog_feeds")), 1)


def link_feeds(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """``<link rel="alternate">`` to the blog's feeds, and to the feeds of the page's term."""
    state = state_of(app)
    links = [_feed_links(state, pagename, feed) for feed in state.routes.feeds_of_page(pagename)]
    if links:
        context["metatags"] = (context.get("metatags") or "") + "\n" + "\n".join(links)


def _feed_links(state: BuildState, pagename: str, feed: FeedKey) -> str:
    """The links to one feed's formats; the same for every page of a folder."""
    cache: dict[tuple[str, FeedKey], str] = state.memo.setdefault("feed-links", {})
    key = (posixpath.dirname(state.routes.target(pagename)), feed)
    links = cache.get(key)
    if links is None:
        title = feed_title(state, feed)
        links = cache[key] = "\n".join(
            Markup('<link rel="alternate" type="{}" title="{}" href="{}">').format(
                FEED_TYPES[link.kind], f"{title} ({link.label})", link.url
            )
            for link in state.views.feed_links(pagename, feed)
        )
    return links


def _add_stylesheet(app: Sphinx) -> None:
    """Write the feed stylesheet in the site's language, and publish it as a static file."""
    if not (is_site_builder(app.builder) and app.config.blog_feeds):
        return
    folder = Path(app.doctreedir) / "blogext" / f"feed-stylesheet-{app.config.language or 'en'}"
    content = str(renderer_for(app.builder).render(STYLESHEET_TEMPLATE, {})).encode()
    target = folder / posixpath.basename(STYLESHEET)
    if not target.is_file() or target.read_bytes() != content:
        folder.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    app.config.html_static_path.append(str(folder))


def setup_feeds(app: Sphinx) -> None:
    CONTENT_SINKS["feeds"] = keep_content
    app.connect("builder-inited", _add_stylesheet)
    app.connect("html-page-context", link_feeds)
    add_files("feeds", feed_files)
    add_findings("feeds", feed_findings)
    add_rewrites("feeds", missing_content)
    add_stamp("feeds", content_stamps)

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
import mimetypes
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
from . import _sphinx_compat as compat
from .catalog import date_order
from .config import conf_line, settings
from .digest import View, view
from .headtags import add_to_head
from .outputs import (
    FileOutput,
    add_content_sink,
    add_files,
    add_findings,
    add_rewrites,
    add_stamp,
    file_stamp,
    state_of,
    store_name,
)
from .registry import registry
from .render import renderer
from .routes import FEED, POSTS, TALKS, add_route_family, is_site_builder
from .warnings import Finding, Subtype

if TYPE_CHECKING:
    from collections.abc import Iterator

    from feedgen.entry import FeedEntry
    from feedgen.feed import FeedGenerator
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.config import Config

    from .config import Settings
    from .model import Post, Talk
    from .outputs import BuildState
    from .routes import Route, RouteTable, Subject

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
#: The file name, media type and label of each feed format, in the folder of what it follows.
FORMATS = {
    "atom": ("atom.xml", "application/atom+xml", "Atom"),
    "rss": ("rss.xml", "application/rss+xml", "RSS"),
    "json": ("feed.json", "application/feed+json", "JSON Feed"),
}
#: Categories of each entry: a post is in the feed of each of its tags, so a post with
#: thousands of tags must not repeat them all in each.
FEED_TAGS = 20


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


def _wants_content(found: Settings) -> bool:
    return bool(found.feeds) and found.feed_fulltext and bool(found.baseurl)


def keep_content(state: BuildState, docname: str, html: str) -> None:
    """Keep a post's HTML for the feeds that hold it; the file changes only with the HTML."""
    if not state.site or not _wants_content(state.settings):
        return
    if docname not in feed_members(state):
        return
    builder = state.builder
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
        members = {p.docname for feed in feed_subjects(state) for p in feed_posts(state, feed)}
        state.memo["feed-members"] = members
    return members


def missing_content(state: BuildState) -> list[str]:
    """Posts whose page must be written because their kept HTML is gone.

    Runs whenever something changed; it also forgets the HTML of posts that
    left every feed, so that a post coming back is written again first.
    """
    if not _wants_content(state.settings) or not feeds_enabled(state.routes):
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
    if not _wants_content(state.settings) or not feeds_enabled(state.routes):
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


@view
class Author(View):
    digest_once = False

    name: str
    url: str = ""
    avatar: str = ""


@view
class Entry(View):
    """A post as every feed shows it (one object per post: its digest is made once)."""

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
    #: the image's media type and size in bytes (0: not known), for enclosures
    image_type: str = ""
    image_length: int = 0
    #: the content before the post's read-more marker, as HTML with absolute links
    summary_html: str = ""


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


# -- routes ------------------------------------------------------------------------------


def feeds_enabled(table: RouteTable) -> bool:
    """Feeds need a site, formats and a base URL (their links are absolute)."""
    return table.site and bool(table.settings.feeds) and bool(table.settings.baseurl)


def feed_routes(table: RouteTable) -> Iterator[Route]:
    """The blog's feeds, and those of every term with posts and a page of its own (each
    tag, each contributor), in the folder of the term's page."""
    if not feeds_enabled(table):
        return
    yield from _formats(table, POSTS, table.settings.path)
    # the talks (a new talk is news), beside the talks index
    if any(_in_feeds_talk(t) for t in table.catalog.talks) and table.pages_of(TALKS):
        yield from _formats(table, TALKS, table.settings.talks_path)
    for name, terms in table.catalog.terms.items():
        for key, term in terms.items():
            pages = table.pages_of((name, key))
            # a contributor's feed carries their talks too
            talks = name == "contributors" and any(_in_feeds_talk(t) for t in term.talks)
            if (term.posts or talks) and pages and name != "events":
                yield from _formats(table, (name, key), pages[0].pagename)


def _formats(table: RouteTable, subject: Subject, folder: str) -> Iterator[Route]:
    for fmt in table.settings.feeds:
        file, media_type, label = FORMATS[fmt]
        yield table.file(
            FEED,
            f"{folder}/{file}",
            subject=subject,
            rel="alternate",
            media_type=media_type,
            label=label,
            format=fmt,
        )


def feed_subjects(state: BuildState) -> list[Subject]:
    """What has feeds (written, or kept out by a collision: known without claiming paths,
    which a rebuild that changes nothing need not do)."""
    found: list[Subject] | None = state.memo.get("feed-subjects")
    if found is None:
        routes = state.routes
        seen = dict.fromkeys(
            r.subject
            for name in routes.families
            for r in routes.family(name)
            if r.kind is FEED and r.subject
        )
        found = state.memo["feed-subjects"] = list(seen)
    return found


def feed_title(state: BuildState, feed: Subject) -> str:
    config = state.config
    blog = state.settings.title
    if feed == POSTS:
        if config.project.casefold() in blog.casefold():
            return blog
        return _("%(blog)s · %(project)s") % {"blog": blog, "project": config.project}
    if feed == TALKS:
        return _("%(project)s: talks") % {"project": config.project}
    term = state.catalog.terms[feed[0]][feed[1]]
    if feed[0] == "tags":
        return _("%(blog)s: posts tagged “%(tag)s”") % {"blog": blog, "tag": term.name}
    if feed[0] == "contributors":
        if term.talks:
            return _("%(blog)s: posts and talks by %(name)s") % {"blog": blog, "name": term.name}
        return _("%(blog)s: posts by %(name)s") % {"blog": blog, "name": term.name}
    taxonomy = state.catalog.taxonomies.get(feed[0])
    what = taxonomy.label(term.name) if taxonomy is not None and taxonomy.label else term.name
    return f"{blog}: {what}"


def feed_posts(state: BuildState, feed: Subject) -> list[Post]:
    """The newest posts of a feed, newest first (worked out once per build)."""
    found: dict[Subject, list[Post]] = state.memo.setdefault("feed-posts", {})
    if feed not in found:
        if feed == POSTS:
            posts = state.catalog.by_date
        elif feed == TALKS:
            posts = []
        else:
            # by_date's order: a term's posts are a part of it
            posts = sorted(state.catalog.terms[feed[0]][feed[1]].posts, key=date_order)
        chosen = [p for p in posts if _in_feeds(p)]
        length = state.settings.feed_length
        found[feed] = chosen[:length] if length is not None else chosen
    return found[feed]


def _home(state: BuildState, feed: Subject) -> str:
    pages = state.routes.pages_of(feed)
    return state.routes.absolute(pages[0].pagename) if pages else ""


def _in_feeds_talk(talk: Talk) -> bool:
    """Whether a talk is news a feed carries: one that says when it was announced (its
    page's date) or when it takes place."""
    return (talk.revised or talk.date) is not None


def feed_talks(state: BuildState, feed: Subject) -> list[Talk]:
    """The talks of a feed: every talk in the talks feed, a speaker's in theirs."""
    if feed == TALKS:
        talks = state.catalog.talks
    elif feed[0] == "contributors":
        talks = state.catalog.terms["contributors"][feed[1]].talks
    else:
        return []
    return [t for t in talks if _in_feeds_talk(t)]


def talk_entry(state: BuildState, talk: Talk) -> Entry:
    """A talk as a feed shows it: announced when its page was last revised (else on its
    own date), linked to its card, its speakers as its authors."""
    routes, views = state.routes, state.views
    page = routes.absolute(talk.docname)
    url = f"{page}#{talk.id}" if page else ""
    view = views.talk(talk.docname, talk, state.now)
    authors = tuple(
        Author(s.name, routes.term_address("contributors", s.slug) if s.url else "", "")
        for s in view.speakers
    )
    facts = [f for f in (view.status_label, view.event, view.date.text if view.date else "",
                         view.location) if f]  # fmt: skip
    summary = " · ".join(facts) + (f". {talk.abstract}" if talk.abstract else "")
    announced = talk.revised or talk.date
    assert announced is not None  # feeds hold talks with a date only
    return Entry(
        docname=f"{talk.docname}#{talk.id}",
        url=url,
        title=_("Talk: %(title)s") % {"title": talk.title},
        summary=summary[:1000],
        published=announced,
        updated=announced,
        authors=authors,
        tags=tuple(talk.tags[:FEED_TAGS]),
        image="",
    )


def feed_entry(state: BuildState, post: Post) -> Entry:
    """A post as every feed shows it."""
    routes, views = state.routes, state.views
    url = routes.absolute(post.docname)
    image = routes.asset_url(post.docname, post.docname, post.images[0]) if post.images else ""
    authors = tuple(
        Author(
            a.name,
            routes.term_address("contributors", a.slug),
            urljoin(url, a.avatar) if a.avatar else "",
        )
        for a in views.authors(post.docname, post)
    )
    assert post.date is not None  # feeds hold dated posts only
    wants = _wants_content(state.settings)
    return Entry(
        docname=post.docname,
        url=url,
        title=post.title,
        # the author's read-more marker chose the excerpt: it is the summary
        summary=post.excerpt
        if post.excerpt_html
        else post.description or post.summary or post.excerpt,
        published=post.date,
        updated=post.updated or post.date,
        authors=authors,
        # a category is a feed category too (ABlog's readers filter by them)
        tags=tuple(
            dict.fromkeys(
                [t.name for t in views.tags(post.docname, post)[:FEED_TAGS]]
                + [c.text for c in views.categories(post.docname, post)]
            )
        ),
        image=urljoin(url, image) if image else "",
        content=state.memo["kept"].get(content_name(post.docname)) if wants else None,
        image_type=(mimetypes.guess_type(image.split("?", 1)[0])[0] or "") if image else "",
        image_length=_image_length(post),
        summary_html=absolute_html(post.excerpt_html, url) if post.excerpt_html else "",
    )


def _image_length(post: Post) -> int:
    """The size in bytes of the post's first image when the build publishes it, else 0."""
    stamp = file_stamp(post.image_file) if post.image_file else None
    return stamp[0] if stamp else 0


def _author(config: Config) -> str:
    """``author`` when conf.py sets it (Sphinx's default is a placeholder), else the project."""
    given = compat.set_in_conf(config, "author")
    return config.author if given and config.author else config.project


def make_feed(state: BuildState, feed: Subject, entries: dict[str, Entry]) -> Feed:
    """A feed, before its format is chosen; ``entries`` caches posts across feeds."""
    chosen = []
    for post in feed_posts(state, feed):
        entry = entries.get(post.docname)
        if entry is None:
            entry = entries[post.docname] = feed_entry(state, post)
        chosen.append(entry)
    talks = feed_talks(state, feed)
    if talks:
        for talk in talks:
            key = f"{talk.docname}#{talk.id}"
            entry = entries.get(key)
            if entry is None:
                entry = entries[key] = talk_entry(state, talk)
            chosen.append(entry)
        chosen.sort(key=lambda e: (e.published, e.url), reverse=True)
        length = state.settings.feed_length
        chosen = chosen[:length] if length is not None else chosen
    description = state.settings.description or feed_title(state, feed)
    if feed not in (POSTS, TALKS):
        # what a definition says of the term (a tag's description), where it says it
        definition = state.catalog.terms[feed[0]][feed[1]].definition
        description = getattr(definition, "description_text", "") or description
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
    gen.load_extension("media")
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
    if entry.summary_html and (summary := xml_text(entry.summary_html)):
        item.summary(summary, type="html")
    elif summary := xml_text(entry.summary):
        item.summary(summary)
    if entry.image and entry.image_type.startswith("image/"):
        # the post's image as a Media RSS element, which Atom and RSS readers both know
        # (feedgen writes an Atom enclosure as a second "alternate" link)
        media = {"url": entry.image, "medium": "image", "type": entry.image_type}
        if entry.image_length:
            media["fileSize"] = str(entry.image_length)
        item.media.content(media)
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
    contents = Contents(state.builder)
    entries: dict[str, Entry] = {}
    state.memo["kept"] = kept_contents(state.builder)
    by_subject: dict[Subject, list[Route]] = {}
    for route in state.routes.claimed_kind(FEED):
        if route.subject is not None:
            by_subject.setdefault(route.subject, []).append(route)
    for subject, chosen in by_subject.items():
        common = make_feed(state, subject, entries)
        for route in chosen:
            feed = replace(
                common,
                format=route.format,
                url=state.routes.absolute_file(route.file),
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
    if state.site and state.settings.feeds and not state.settings.baseurl:
        message = (
            "feeds are not written: they need absolute links; set blog_baseurl "
            "(or html_baseurl) to the published site's address, or blog_feeds = [] "
            "to turn feeds off"
        )
        # a matter of configuration: reported at conf.py
        conf, line = conf_line(state.builder.confdir, "blog_feeds")
        return [Finding(message, "", line, Subtype.FEED, path=conf)]
    return []


def link_feeds(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """``<link rel="alternate">`` to the blog's feeds, and to the feeds of the page's term."""
    state = state_of(app)
    if not state.site:
        return
    subjects = [POSTS]
    own = state.routes.subject_of(pagename)
    if own is not None and own != POSTS:
        subjects.append(own)
    add_to_head(context, "\n".join(_feed_links(state, pagename, s) for s in subjects))


def _feed_links(state: BuildState, pagename: str, feed: Subject) -> str:
    """The links to one feed's formats; the same for every page of a folder."""
    cache: dict[tuple[str, Subject], str] = state.memo.setdefault("feed-links", {})
    key = (posixpath.dirname(state.routes.target(pagename)), feed)
    links = cache.get(key)
    if links is None:
        routes = [r for r in state.routes.related(feed, "alternate") if r.kind is FEED]
        title = feed_title(state, feed) if routes else ""
        links = cache[key] = "\n".join(
            Markup('<link rel="alternate" type="{}" title="{}" href="{}">').format(
                route.media_type,
                f"{title} ({route.label})",
                state.routes.file_link(pagename, route.file),
            )
            for route in routes
        )
    return links


def _add_stylesheet(app: Sphinx) -> None:
    """Write the feed stylesheet in the site's language, and publish it as a static file."""
    if not (is_site_builder(app.builder) and settings(app.env).feeds):
        return
    folder = Path(app.doctreedir) / "blogext" / f"feed-stylesheet-{app.config.language or 'en'}"
    content = str(renderer(registry(app), app.builder).render(STYLESHEET_TEMPLATE, {})).encode()
    target = folder / posixpath.basename(STYLESHEET)
    if not target.is_file() or target.read_bytes() != content:
        folder.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    app.config.html_static_path.append(str(folder))


def setup_feeds(app: Sphinx) -> None:
    add_route_family(app, "feeds", feed_routes)
    add_content_sink(app, "feeds", keep_content)
    app.connect("builder-inited", _add_stylesheet)
    app.connect("html-page-context", link_feeds)
    add_files(app, "feeds", feed_files)
    add_findings(app, "feeds", feed_findings)
    add_rewrites(app, "feeds", missing_content)
    add_stamp(app, "feeds", content_stamps)

"""sitemap.xml and robots.txt: every published page, for search engines.

``sitemap.xml`` (the sitemaps.org 0.9 format, written with lxml) lists each page of
the site once, by its absolute address, sorted by address:

* every document that is written and meant to be indexed: not a draft, not a post
  held back until its date, not a document whose page another one has, not a page
  marked ``noindex`` (a draft published with ``blog_drafts``, a scheduled post
  previewed with ``blog_build_future``), and not a post whose ``canonicalurl`` names
  another address (search engines want the canonical one);
* every page the blog generates that won its path (the blog index and its numbered
  pages, the archive, years, tag, category, contributor and series pages, the talks
  index).

Sphinx's own generated pages (``genindex``, ``search``, the domain indices) are left
out: they are ways through the site, not content a search should land on.

A page's ``lastmod`` comes from the sources, never from the clock, so two builds of the
same sources give the same file: a post's ``lastmod`` when later than its ``date``,
else its ``date``; a generated page (and a document that shows one, such as the
project's own blog index) the newest such date among the posts it lists; all the
numbered pages of a listing share the newest date of the whole listing, since a new
post moves every later page along. Talks count with their revision date once it has
passed. Other documents have none.

The sitemap and ``robots.txt`` are file routes and go through the output pipeline, so
they are rewritten only when what they list changes. ``robots.txt`` (allow everything,
and a ``Sitemap:`` line) is written only when the site is at the root of its host,
where crawlers look for it, and the project has none of its own (in
``html_extra_path``, or written by another route).

With ``sphinx_sitemap`` enabled, that extension writes the sitemap. It lists the pages
rendered in the build that writes it, so an incremental build would lose every page
that was not written again; after it writes its file, the blog completes it: pages
not rendered this time keep their entry from the last build (or get a plain one),
pages that are not published any more leave, and entries are sorted. With
``blog_sitemap = False`` the blog leaves sphinx-sitemap's file alone.
"""

from __future__ import annotations

import copy
import fnmatch
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from .catalog import is_scheduled
from .config import conf_line
from .config import settings as settings_of
from .outputs import FileOutput, add_files, add_findings, add_stamp
from .registry import registry
from .routes import POSTS, TALKS, Layer, RouteKind, add_route_family, is_site_builder
from .warnings import Finding, Subtype

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator
    from datetime import datetime

    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.config import Config

    from .config import Settings
    from .model import Post, Talk
    from .outputs import BuildState
    from .routes import Route, RouteTable

SITEMAP = RouteKind("sitemap", Layer.FILE)
ROBOTS = RouteKind("robots", Layer.FILE)
SITEMAP_FILE = "sitemap.xml"
ROBOTS_FILE = "robots.txt"
NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"
#: sitemaps.org: a longer address is not valid in a sitemap
MAX_LOC = 2048
#: the module name of sphinx-sitemap in ``extensions``
SPHINX_SITEMAP = "sphinx_sitemap"
#: where the entries of sphinx-sitemap's last file are kept during a build
PREVIOUS = "sitemap-previous"


# -- when --------------------------------------------------------------------------


def sphinx_sitemap_enabled(config: Config) -> bool:
    return SPHINX_SITEMAP in (config.extensions or ())


def writes_sitemap(settings: Settings, config: Config) -> bool:
    """Whether the blog writes sitemap.xml: as ``blog_sitemap`` says, and by default when
    the site has a base URL; never beside sphinx-sitemap, nor without a base URL."""
    wanted = settings.sitemap is not False and bool(settings.baseurl)
    return wanted and not sphinx_sitemap_enabled(config)


def at_host_root(baseurl: str) -> bool:
    """Whether the site is at the root of its host, the one place of ``robots.txt``."""
    return urlsplit(baseurl).path in ("", "/")


# -- what is listed ----------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """One page of the sitemap: its address and, when known, its last change."""

    loc: str
    lastmod: str = ""


@dataclass(frozen=True)
class Sitemap:
    """What sitemap.xml is made from (and fingerprinted by)."""

    entries: tuple[Entry, ...]


def hidden_documents(state: BuildState) -> set[str]:
    """Documents that are written but not meant for search engines: published drafts and
    previewed scheduled posts (both ``noindex``), and posts whose canonical address is
    another one."""
    preview, routes = state.settings.build_future, state.routes

    def hidden(post: Post) -> bool:
        if post.draft or (preview and is_scheduled(post, state.now)):
            return True  # noindex
        return bool(post.canonicalurl) and post.canonicalurl != routes.absolute(post.docname)

    return {docname for docname, post in state.catalog.posts.items() if hidden(post)}


def listed_pages(state: BuildState) -> dict[str, Route | None]:
    """The pages the sitemap lists, by page name: documents (with the blog page they
    show, if any) and the generated pages that are written."""
    routes = state.routes
    left_out = state.unpublished | routes.claims.shadowed | hidden_documents(state)
    pages: dict[str, Route | None] = {}
    for docname in sorted(routes.docs - left_out):
        route = routes.route_of(docname)
        pages[docname] = route if route is not None and routes.shown_by_document(route) else None
    for family in routes.claims.routes.values():
        for route in family:
            if route.kind.layer is Layer.PAGE:
                pages.setdefault(route.pagename, route)
    return pages


def post_lastmod(post: Post) -> datetime | None:
    """When a post last changed: its ``lastmod`` when later than its ``date``, else its
    ``date``."""
    return post.updated or post.date


def newest(
    posts: Iterable[Post], talks: Iterable[Talk] = (), now: datetime | None = None
) -> datetime | None:
    """The newest change among posts, and talks revised by ``now``."""
    found = [d for d in map(post_lastmod, posts) if d is not None]
    if now is not None:
        found += [t.revised for t in talks if t.revised is not None and t.revised <= now]
    return max(found, default=None)


def page_lastmod(state: BuildState, route: Route) -> datetime | None:
    """A generated page's last change: the newest of the posts (and talks) it lists.

    Numbered pages share the newest date of their whole listing: a new post moves every
    later page along. A page about no subject is the archive, or with a number, the
    archive of that year.
    """
    catalog, now = state.catalog, state.now
    subject = route.subject
    if subject is None:
        year = catalog.years().get(route.number, []) if route.number else catalog.listed
        return newest(year)
    if subject == POSTS:
        return newest(catalog.listed)
    if subject == TALKS:
        return newest((), catalog.talks, now)
    taxonomy, key = subject
    terms = catalog.terms.get(taxonomy, {})
    chosen = terms.values() if not key else [terms[key]] if key in terms else []
    return newest(
        (p for t in chosen for p in t.posts), (t for term in chosen for t in term.talks), now
    )


def w3c_datetime(value: datetime, state: BuildState) -> str:
    """A moment as sitemaps write it (W3C Datetime: seconds, with its offset)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=state.settings.zone)
    return value.isoformat(timespec="seconds")


def sitemap_entries(state: BuildState) -> Iterator[Entry]:
    """The entries of the sitemap, sorted by address."""
    routes, posts = state.routes, state.catalog.posts
    found: dict[str, Entry] = {}
    # the pages of one listing share their date: worked out once
    listings: dict[object, datetime | None] = {}
    for pagename, route in listed_pages(state).items():
        loc = routes.absolute(pagename)
        if not loc or len(loc) > MAX_LOC:
            continue
        post = posts.get(pagename)
        when = post_lastmod(post) if post is not None else None
        if route is not None and post is None:
            key = route.subject or (route.number,)
            if key not in listings:
                listings[key] = page_lastmod(state, route)
            when = listings[key]
        found.setdefault(loc, Entry(loc, w3c_datetime(when, state) if when else ""))
    for loc in sorted(found):
        yield found[loc]


def make_sitemap(sitemap: Sitemap) -> bytes:
    # imported here: builds that write no sitemap do not pay for it
    from lxml import etree

    root = etree.Element(f"{{{NAMESPACE}}}urlset", nsmap={None: NAMESPACE})
    for entry in sitemap.entries:
        url = etree.SubElement(root, f"{{{NAMESPACE}}}url")
        etree.SubElement(url, f"{{{NAMESPACE}}}loc").text = entry.loc
        if entry.lastmod:
            etree.SubElement(url, f"{{{NAMESPACE}}}lastmod").text = entry.lastmod
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def make_robots(sitemap_url: str) -> bytes:
    lines = [
        "# Written by sphinx-blogext. A robots.txt of the project's own (in html_extra_path)",
        "# replaces this one.",
        "User-agent: *",
        "Allow: /",
        "",
        f"Sitemap: {sitemap_url}",
        "",
    ]
    return "\n".join(lines).encode("utf-8")


# -- routes, files, findings ---------------------------------------------------------


def sitemap_routes(table: RouteTable) -> Iterator[Route]:
    """sitemap.xml, and robots.txt for a site at the root of its host. By default a file
    whose path the project uses already is left out quietly; with ``blog_sitemap = True``
    a sitemap that cannot be written is reported."""
    settings = table.settings
    if not table.site or not writes_sitemap(settings, table.builder.config):
        return
    quiet = settings.sitemap is None
    yield table.file(SITEMAP, SITEMAP_FILE, media_type="application/xml", optional=quiet)
    if at_host_root(settings.baseurl):
        yield table.file(ROBOTS, ROBOTS_FILE, media_type="text/plain", optional=True)


def sitemap_files(state: BuildState) -> Iterator[FileOutput]:
    written = {route.kind: route for route in state.routes.claimed("sitemap")}
    route = written.get(SITEMAP)
    if route is None:
        return
    sitemap = Sitemap(tuple(sitemap_entries(state)))
    yield FileOutput(route, "", sitemap, make=lambda: make_sitemap(sitemap))
    robots = written.get(ROBOTS)
    if robots is not None:
        url = state.routes.absolute_file(route.file)
        yield FileOutput(robots, "", url, make=lambda: make_robots(url))


def sitemap_stamp(state: BuildState) -> object:
    """What the sitemap depends on besides the catalog and the documents: the posts
    previewed as scheduled and the talks revised by now (both move with time), the
    project's own files at the sitemap's and robots.txt's paths, sphinx-sitemap."""
    config = state.config
    if not writes_sitemap(state.settings, config):
        return sphinx_sitemap_enabled(config)
    now = state.now
    previews = (
        sorted(d for d, p in state.catalog.posts.items() if is_scheduled(p, now))
        if state.settings.build_future
        else []
    )
    talks = sorted((t.docname, t.id) for t in state.catalog.talks if t.revised and t.revised <= now)
    confdir = state.builder.confdir
    own = [
        os.path.isfile(os.path.join(confdir, folder, name))
        for folder in config.html_extra_path or ()
        for name in (SITEMAP_FILE, ROBOTS_FILE)
    ]
    return previews, talks, own


def sitemap_findings(state: BuildState) -> list[Finding]:
    """``blog_sitemap = True`` where the blog cannot write one: reported at conf.py."""
    settings, config = state.settings, state.config
    if not state.site or settings.sitemap is not True:
        return []
    if sphinx_sitemap_enabled(config):
        message = (
            "blog_sitemap is True, but sphinx_sitemap is enabled and writes the sitemap: "
            "the blog writes none (and completes sphinx-sitemap's); remove one of the two"
        )
    elif not settings.baseurl:
        message = (
            "sitemap.xml is not written: it needs absolute links; set blog_baseurl (or "
            "html_baseurl) to the published site's address, or blog_sitemap = False"
        )
    else:
        return []
    conf, line = conf_line(state.builder.confdir, "blog_sitemap")
    return [Finding(message, "", line, Subtype.CONFIG, path=conf)]


# -- composing with sphinx-sitemap ---------------------------------------------------


def _sphinx_sitemap_file(app: Sphinx) -> Path | None:
    """sphinx-sitemap's file, when the blog completes it (site builders, with a site URL)."""
    config = app.config
    if not (sphinx_sitemap_enabled(config) and is_site_builder(app.builder)):
        return None
    if settings_of(app.env).sitemap is False:
        return None  # blog_sitemap = False: the blog leaves sitemaps alone
    if not (getattr(config, "site_url", None) or getattr(config, "html_baseurl", None)):
        return None
    name = getattr(config, "sitemap_filename", None) or SITEMAP_FILE
    return Path(app.builder.outdir) / name


def _read_urls(path: Path) -> tuple[bytes, Any | None]:
    """A sitemap's bytes and root element (None: missing or not a sitemap)."""
    from lxml import etree

    try:
        content = path.read_bytes()
    except OSError:
        return b"", None
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(content, parser)
    except etree.XMLSyntaxError:
        return content, None
    return content, root if root.tag == f"{{{NAMESPACE}}}urlset" else None


def _by_loc(root: Any | None) -> dict[str, Any]:
    found: dict[str, Any] = {}
    if root is None:
        return found
    for url in root.iterfind(f"{{{NAMESPACE}}}url"):
        loc = (url.findtext(f"{{{NAMESPACE}}}loc") or "").strip()
        if loc:
            found.setdefault(loc, url)
    return found


def remember_sphinx_sitemap(app: Sphinx, exception: BaseException | None) -> None:
    """Before sphinx-sitemap writes its file (``build-finished``), keep the last one."""
    path = _sphinx_sitemap_file(app)
    if exception is None and path is not None:
        registry(app).features[PREVIOUS] = _read_urls(path)


def sphinx_sitemap_link(builder: Builder, pagename: str) -> str:
    """A page's link as sphinx-sitemap writes it (its ``{link}``): the page's file, or
    under dirhtml its folder, not percent-encoded."""
    if builder.name == "dirhtml":
        if pagename == "index":
            return ""
        return pagename.removesuffix("index") if pagename.endswith("/index") else pagename + "/"
    return pagename + (builder.config.html_file_suffix or ".html")


def sphinx_sitemap_address(config: Config, link: str) -> str:
    """A link's address in sphinx-sitemap's file: its site URL, then its documented
    ``sitemap_url_scheme`` with the language and version folders."""
    site = getattr(config, "site_url", None) or getattr(config, "html_baseurl", None) or ""
    scheme = getattr(config, "sitemap_url_scheme", None) or "{lang}{version}{link}"
    lang = f"{config.language}/" if config.language else ""
    version = f"{config.version}/" if config.version else ""
    return str(site) + scheme.format(lang=lang, version=version, link=link)


def complete_sphinx_sitemap(app: Sphinx, exception: BaseException | None) -> None:
    """After sphinx-sitemap wrote its file: every published page once, nothing else.

    Pages this build rendered are there with what sphinx-sitemap gave them; published
    pages it did not render keep their entry from the last build, or get a plain one,
    unless ``sitemap_excludes`` leaves them out; pages that are not meant to be listed
    (previewed posts, published drafts, posts whose canonical address is elsewhere) and
    pages that are gone are removed. Entries are sorted by address, so a parallel build
    writes the same file.
    """
    path = _sphinx_sitemap_file(app)
    previous_content, previous_root = registry(app).features.pop(PREVIOUS, (b"", None))
    state = registry(app).state
    if exception is not None or path is None or state is None:
        return
    from lxml import etree

    content, root = _read_urls(path)
    if root is None or content == previous_content:
        return  # sphinx-sitemap wrote nothing in this build (or nothing we can read)
    config, builder = app.config, app.builder
    excludes = list(getattr(config, "sitemap_excludes", None) or [])
    published: dict[str, str] = {}
    for pagename in listed_pages(state):
        link = sphinx_sitemap_link(builder, pagename)
        if not any(fnmatch.fnmatch(link, pattern) for pattern in excludes):
            published[sphinx_sitemap_address(config, link)] = pagename
    listed = set(published.values())
    unwanted = {
        sphinx_sitemap_address(config, sphinx_sitemap_link(builder, docname))
        for docname in state.unpublished | hidden_documents(state)
        if docname not in listed
    }
    rendered = _by_loc(root)
    kept = {loc: url for loc, url in rendered.items() if loc not in unwanted}
    for loc, url in _by_loc(previous_root).items():
        if loc in published and loc not in kept:
            kept[loc] = url
    for loc in published:
        if loc not in kept:
            url = etree.Element(f"{{{NAMESPACE}}}url")
            etree.SubElement(url, f"{{{NAMESPACE}}}loc").text = loc
            kept[loc] = url
    complete = etree.Element(root.tag, nsmap=root.nsmap)
    for loc in sorted(kept):
        complete.append(copy.deepcopy(kept[loc]))
    indent = getattr(config, "sitemap_indent", 0)
    if isinstance(indent, int) and indent > 0:
        etree.indent(complete, space=" " * indent)
    result = etree.tostring(complete, xml_declaration=True, encoding="utf-8")
    if result != content:
        path.write_bytes(result)


def setup_sitemap(app: Sphinx) -> None:
    add_route_family(app, "sitemap", sitemap_routes)
    add_files(app, "sitemap", sitemap_files)
    add_stamp(app, "sitemap", sitemap_stamp)
    add_findings(app, "sitemap", sitemap_findings)
    # around sphinx-sitemap's own handler (at the default priority, 500)
    app.connect("build-finished", remember_sphinx_sitemap, priority=400)
    app.connect("build-finished", complete_sphinx_sitemap, priority=900)

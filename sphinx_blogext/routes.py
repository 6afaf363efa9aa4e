"""The route table: where every output of the blog lives.

One place gives each output its path, for the ``html`` and ``dirhtml``
layouts alike: post pages (the documents themselves), the pages of the blog
index, the archives, the pages of terms (tags, contributors) and their
overviews, the talks index, feeds, calendars, copied avatars and the redirects of slugs and aliases.
Links between them are computed here and nowhere else.

Routes are claimed in a fixed order: documents first, then generated pages,
then redirects (slugs before aliases, by document name). A route whose file
is already claimed is not written, and the reason is reported at the
front matter line that asked for it. Nothing the project wrote itself is ever
overwritten.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urljoin

from sphinx.errors import NoUri
from sphinx.locale import get_translation
from sphinx.util.osutil import relative_uri

from .urls import is_absolute
from .warnings import Finding

if TYPE_CHECKING:
    from sphinx.builders import Builder
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

    from .catalog import Catalog
    from .model import Post

_ = get_translation("sphinx_blogext")

#: Builders that publish a multi-page site, where generated pages make sense.
SITE_BUILDERS = ("html", "dirhtml")


@dataclass(frozen=True)
class Route:
    """One output: a page rendered through the theme or a file of its own."""

    kind: str
    #: the page name (documents and generated pages); empty for plain files
    pagename: str
    #: the output file, relative to the output folder
    file: str
    #: index page number or archive year
    number: int = 0
    #: the document whose front matter asked for it, for warnings
    owner: str = ""
    line: int | None = None
    #: redirects: the document they send readers to
    target: str = ""
    #: term pages, feeds, calendars and avatars: the term's key ("" for the whole blog)
    term: str = ""
    #: feeds: atom, rss or json
    format: str = ""


#: The file name of each feed format, in the folder of what it follows.
FEED_FILES = {"atom": "atom.xml", "rss": "rss.xml", "json": "feed.json"}
#: The media type of each feed format.
FEED_TYPES = {
    "atom": "application/atom+xml",
    "rss": "application/rss+xml",
    "json": "application/feed+json",
}
#: What a feed follows: the whole blog, or a term of a taxonomy.
FeedKey = tuple[str, str]
BLOG_FEEDS: FeedKey = ("blog", "")


def index_pagename(config: Config, number: int) -> str:
    base = config.blog_path
    return f"{base}/index" if number == 1 else f"{base}/page/{number}"


def archive_pagename(config: Config, year: int | None = None) -> str:
    base = config.blog_path
    return f"{base}/archive/{year}" if year else f"{base}/archive/index"


def contributors_pagename(config: Config, slug: str | None = None, number: int = 1) -> str:
    base = config.blog_contributors_path
    if slug is None:
        return f"{base}/index"
    return f"{base}/{slug}" if number == 1 else f"{base}/{slug}/page/{number}"


def tags_pagename(config: Config, slug: str | None = None, number: int = 1) -> str:
    base = config.blog_tags_path
    if slug is None:
        return f"{base}/index"
    return f"{base}/{slug}" if number == 1 else f"{base}/{slug}/page/{number}"


def talks_pagename(config: Config) -> str:
    return f"{config.blog_talks_path}/index"


def has_own_slug(post: Post) -> bool:
    """Whether the front matter gave a slug other than the file name."""
    return bool(post.slug) and post.slug != file_slug(post.docname)


def file_slug(docname: str) -> str:
    parts = docname.split("/")
    return parts[-2] if parts[-1] == "index" and len(parts) > 1 else parts[-1]


def is_site_builder(builder: Builder) -> bool:
    from sphinx.builders.html import StandaloneHTMLBuilder

    return builder.name in SITE_BUILDERS and isinstance(builder, StandaloneHTMLBuilder)


@dataclass
class Claims:
    """What the route table gave out: the pages and redirects written, what was refused."""

    pages: list[Route] = field(default_factory=list)
    redirects: list[Route] = field(default_factory=list)
    #: other files: copied avatars, feeds, calendars
    files: list[Route] = field(default_factory=list)
    problems: list[Finding] = field(default_factory=list)


class RouteTable:
    """The routes of one build, for one builder."""

    def __init__(self, env: BuildEnvironment, catalog: Catalog, builder: Builder) -> None:
        self.builder = builder
        self.config = env.config
        self.site = is_site_builder(builder)
        self.docs = env.found_docs
        self.index: list[Route] = []
        self.years: dict[int, Route] = {}
        self.archive = self._page("archive", archive_pagename(self.config))
        self.index_doc = index_pagename(self.config, 1) in env.found_docs
        chunks = catalog.index_chunks(self.config.blog_posts_per_page)
        for number in range(1, len(chunks) + 1):
            self.index.append(self._page("index", index_pagename(self.config, number), number))
        for year in catalog.years():
            self.years[year] = self._page("year", archive_pagename(self.config, year), year)
        self.catalog = catalog
        self._claimed: Claims | None = None
        self._people: tuple[dict[str, list[Route]], dict[str, Route]] | None = None
        self.contributors_index = self._page("contributors", contributors_pagename(self.config))
        self.contributors_doc = self.contributors_index.pagename in env.found_docs
        self.tags_index = self._page("tags", tags_pagename(self.config))
        self.tags_doc = self.tags_index.pagename in env.found_docs
        self._tags: dict[str, list[Route]] | None = None
        self._feeds: dict[FeedKey, dict[str, Route]] | None = None
        self._page_feeds: dict[str, FeedKey] | None = None
        self._targets: dict[str, str] = {}
        self.talks_index = self._page("talks", talks_pagename(self.config))
        self.talks_doc = self.talks_index.pagename in env.found_docs
        self._calendars: dict[str, Route] | None = None

    # -- tags ------------------------------------------------------------------

    @property
    def tag_pages(self) -> dict[str, list[Route]]:
        """The numbered pages of each tag, by tag key."""
        if self._tags is None:
            per_page = self.config.blog_posts_per_page
            self._tags = {
                key: [
                    replace(
                        self._page("tag", tags_pagename(self.config, term.slug, n), n), term=key
                    )
                    for n in range(1, max(1, -(-len(term.posts) // per_page)) + 1)
                ]
                for key, term in self.catalog.terms["tags"].items()
            }
        return self._tags

    def tag_url(self, from_pagename: str, key: str) -> str:
        pages = self.tag_pages.get(key)
        return self.url(from_pagename, pages[0].pagename) if pages else ""

    # -- talks -----------------------------------------------------------------

    @property
    def has_talks_index(self) -> bool:
        """The talks index exists once there are talks, or the project has its document."""
        return bool(self.catalog.talks) or self.talks_doc

    @property
    def calendars(self) -> dict[str, Route]:
        """The site's calendar (key "") and each event's, for events with dated talks."""
        if self._calendars is None:
            self._calendars = {}
            if self.site and any(t.date for t in self.catalog.talks):
                folder = self.config.blog_talks_path
                self._calendars[""] = Route("calendar", "", f"{folder}/calendar.ics")
                for key, term in self.catalog.terms["events"].items():
                    if any(t.date for t in term.talks):
                        file = f"{folder}/events/{term.slug}.ics"
                        self._calendars[key] = Route("calendar", "", file, term=key)
        return self._calendars

    def calendar_url(self, from_pagename: str, key: str = "") -> str:
        route = self.calendars.get(key)
        return self.file_link(from_pagename, route.file) if route else ""

    def talk_url(self, from_pagename: str, docname: str, anchor: str) -> str:
        """A link to a talk's card in its document; "" where none exists."""
        if docname == from_pagename:
            return f"#{anchor}"
        url = self.url(from_pagename, docname)
        return f"{url.split('#', 1)[0]}#{anchor}" if url else ""

    # -- feeds -----------------------------------------------------------------

    @property
    def feeds_enabled(self) -> bool:
        """Feeds need a site, formats and a base URL (their links are absolute)."""
        return self.site and bool(self.config.blog_feeds) and bool(base_url(self.config))

    def _feed_folder(self, feed: FeedKey, folder: str) -> dict[str, Route]:
        return {
            fmt: Route("feed", "", f"{folder}/{FEED_FILES[fmt]}", term=feed[1], format=fmt)
            for fmt in self.config.blog_feeds
        }

    @property
    def feeds(self) -> dict[FeedKey, dict[str, Route]]:
        """Every feed by what it follows, then by format."""
        if self._feeds is None:
            self._feeds = {}
            if self.feeds_enabled:
                config = self.config
                self._feeds[BLOG_FEEDS] = self.feed_routes(BLOG_FEEDS)
                for key, term in self.catalog.terms["tags"].items():
                    folder = f"{config.blog_tags_path}/{term.slug}"
                    self._feeds[("tags", key)] = self._feed_folder(("tags", key), folder)
                for slug in self.contributor_pages:
                    if self.catalog.terms["contributors"][slug].posts:
                        folder = f"{config.blog_contributors_path}/{slug}"
                        feed = ("contributors", slug)
                        self._feeds[feed] = self._feed_folder(feed, folder)
        return self._feeds

    def feed_routes(self, feed: FeedKey) -> dict[str, Route]:
        """The formats of one feed; the blog's are known without looking at terms."""
        if feed != BLOG_FEEDS:
            return self.feeds.get(feed, {})
        if not self.feeds_enabled:
            return {}
        return self._feed_folder(BLOG_FEEDS, self.config.blog_path)

    def feeds_of_page(self, pagename: str) -> list[FeedKey]:
        """The feeds a page advertises: the whole blog's, and those of the term it shows."""
        if not self.feeds_enabled:
            return []
        config = self.config
        term_folders = (f"{config.blog_tags_path}/", f"{config.blog_contributors_path}/")
        if pagename not in self.docs and not pagename.startswith(term_folders):
            return [BLOG_FEEDS]  # genindex, search, the blog index: no term to look up
        if self._page_feeds is None:
            self._page_feeds = {}
            terms = (("tags", self.tag_pages), ("contributors", self.contributor_pages))
            for taxonomy, pages in terms:
                for key, routes in pages.items():
                    if (taxonomy, key) in self.feeds:
                        for route in routes:
                            self._page_feeds[route.pagename] = (taxonomy, key)
        own = self._page_feeds.get(pagename)
        return [BLOG_FEEDS, own] if own else [BLOG_FEEDS]

    # -- contributors ----------------------------------------------------------

    @property
    def contributor_pages(self) -> dict[str, list[Route]]:
        """Each contributor's pages by slug: page 1 (their own document, when they
        have one), then the later pages of their posts."""
        return self._people_routes()[0]

    @property
    def avatars(self) -> dict[str, Route]:
        """The copied avatar image of each contributor that has a local one."""
        return self._people_routes()[1]

    def contributor_url(self, from_pagename: str, slug: str) -> str:
        pages = self.contributor_pages.get(slug)
        return self.url(from_pagename, pages[0].pagename) if pages else ""

    def contributor_address(self, slug: str) -> str:
        """The absolute URL of a contributor's page, or "" (no page, no base URL)."""
        pages = self.contributor_pages.get(slug)
        return self.absolute(pages[0].pagename) if pages else ""

    def avatar_url(self, from_pagename: str, slug: str) -> str:
        """The avatar of a contributor as seen from a page: a copied file or a URL."""
        route = self.avatars.get(slug)
        if route is not None:
            return self.file_link(from_pagename, route.file)
        term = self.catalog.terms["contributors"].get(slug)
        return term.definition.avatar_url if term and term.definition else ""

    def _people_routes(self) -> tuple[dict[str, list[Route]], dict[str, Route]]:
        if self._people is None:
            pages: dict[str, list[Route]] = {}
            avatars: dict[str, Route] = {}
            create = self.config.blog_unknown_contributors == "create"
            per_page = self.config.blog_posts_per_page
            for slug, term in self.catalog.terms["contributors"].items():
                definition = term.definition
                if definition is None and not create:
                    continue  # a name the registry does not know gets no page
                count = max(1, -(-len(term.posts) // per_page))
                # for warnings: where the contributor is defined, or first named
                first = term.posts[0] if term.posts else None
                owner = definition.docname if definition is not None else ""
                if not owner and first is not None:
                    owner = first.docname
                line = first.line("contributors") if first and not definition else None
                routes = [
                    replace(
                        self._page("contributor", contributors_pagename(self.config, slug, n), n),
                        owner=owner,
                        line=line,
                    )
                    for n in range(1, count + 1)
                ]
                if definition is not None and definition.docname:
                    # the document that defines the contributor is their first page
                    own = self._page("contributor", definition.docname, 1)
                    routes[0] = replace(own, owner=definition.docname)
                pages[slug] = routes
                if definition is not None and definition.avatar_file:
                    suffix = Path(definition.avatar_file).suffix.lower()
                    file = f"{self.config.blog_contributors_path}/{slug}/avatar{suffix}"
                    avatars[slug] = Route("avatar", "", file, owner=definition.docname, term=slug)
            self._people = (pages, avatars)
        return self._people

    def _page(self, kind: str, pagename: str, number: int = 0) -> Route:
        return Route(kind, pagename, self.page_file(pagename) if self.site else "", number)

    def page_file(self, pagename: str) -> str:
        """The output file of a page, as the builder lays it out."""
        uri = unquote(self.builder.get_target_uri(pagename))
        return uri + "index.html" if not uri or uri.endswith("/") else uri

    # -- claiming ------------------------------------------------------------

    @property
    def claims(self) -> Claims:
        """The output files given out, made once, on first use (a rebuild may need none)."""
        if self._claimed is None:
            self._claimed = Claims()
            if self.site:
                self._claim(self._claimed)
        return self._claimed

    def _claim(self, result: Claims) -> None:
        #: output file -> (what is there, the document responsible)
        claims: dict[str, tuple[str, str]] = {
            self.page_file(d): (f"the page of document {d!r}", d) for d in self.docs
        }
        generated = [*self.index, self.archive, *self.years.values(), self.contributors_index]
        generated += [r for rs in self.contributor_pages.values() for r in rs]
        if self.tag_pages:
            generated.append(self.tags_index)
        generated += [r for rs in self.tag_pages.values() for r in rs]
        if self.has_talks_index:
            generated.append(self.talks_index)
        for route in generated:
            if route.kind == "index" and route.number == 1 and self.index_doc:
                continue  # the project's own blog/index document shows page 1
            if route.kind == "contributors" and self.contributors_doc:
                continue  # likewise for the project's own contributors/index
            if route.kind == "tags" and self.tags_doc:
                continue  # and for its own tags/index
            if route.kind == "talks" and self.talks_doc:
                continue  # and its own talks/index
            if route.kind == "contributor" and route.pagename in self.docs:
                continue  # the contributor's own document
            if route.file in claims:
                holder, docname = claims[route.file]
                message = f"{holder} takes the path of the blog page {route.pagename!r}"
                where, line = (docname, None) if docname else (route.owner, route.line)
                result.problems.append(
                    Finding(f"{message}, which is not written", where, line or 1, "route")
                )
                continue
            claims[route.file] = (f"the generated page {route.pagename!r}", "")
            result.pages.append(route)
        files = [*self.avatars.values()]
        files += [r for formats in self.feeds.values() for r in formats.values()]
        files += self.calendars.values()
        for route in files:
            if route.file in claims:
                message = f"the {route.kind} {route.file!r} would replace {claims[route.file][0]}"
                result.problems.append(
                    Finding(f"{message}; not written", route.owner, None, "route")
                )
            else:
                claims[route.file] = (f"the {route.kind} {route.file!r}", route.owner)
                result.files.append(route)
        for route in self._redirect_routes(result.problems):
            if route.file in claims:
                message = f"the redirect {route.file!r} would replace {claims[route.file][0]}"
                subtype = "slug" if route.kind == "slug" else "alias"
                result.problems.append(
                    Finding(f"{message}; not written", route.owner, route.line, subtype)
                )
                continue
            claims[route.file] = (f"a redirect to {route.target!r}", route.owner)
            result.redirects.append(route)

    def _redirect_routes(self, problems: list[Finding]) -> list[Route]:
        published = sorted(self.catalog.listed, key=lambda p: p.docname)
        owners = {file_slug(p.docname): p for p in published}
        routes = []
        for post in published:
            if not has_own_slug(post):
                continue
            owner = owners.setdefault(post.slug, post)
            if owner is not post:
                message = f"duplicate slug {post.slug!r}: already used by {owner.docname!r}"
                problems.append(Finding(message, post.docname, post.line("slug"), "slug"))
                continue
            routes.append(self._redirect("slug", f"{self.config.blog_path}/{post.slug}/", post))
        for post in published:
            routes.extend(self._redirect("alias", alias, post) for alias in post.aliases)
        return routes

    def _redirect(self, kind: str, path: str, post: Post) -> Route:
        clean = posixpath.normpath(path.strip("/"))
        file = clean if clean.endswith((".html", ".htm")) else f"{clean}/index.html"
        line = post.line("slug" if kind == "slug" else "aliases")
        return Route(kind, "", file, owner=post.docname, line=line, target=post.docname)

    # -- links ---------------------------------------------------------------

    def url(self, from_pagename: str, to_pagename: str) -> str:
        """A link from one page (document or generated) to another; "" where none exists.

        Builders that publish no generated pages (epub, latex, text) link to
        documents only.
        """
        if not self.site and to_pagename not in self.docs:
            return ""
        try:
            if self.site:
                # dirhtml: the folder of a page is the page; "" would read as no link
                link = relative_uri(self.base(from_pagename), self.target(to_pagename))
                return link or "./"
            return self.builder.get_relative_uri(from_pagename, to_pagename)
        except NoUri:
            return ""

    def target(self, pagename: str) -> str:
        """The address of a page relative to the site's root (cached: listings ask a lot)."""
        uri = self._targets.get(pagename)
        if uri is None:
            uri = self._targets[pagename] = self.builder.get_target_uri(pagename)
        return uri

    def base(self, pagename: str) -> str:
        """The folder of a page's address, which is all a link from the page depends on.

        Links are worked out from the folder alone, so a link to the page
        itself is its file name rather than Sphinx's "": the same link is
        then right on every page of the folder, and can be made once.
        """
        folder = posixpath.dirname(self.target(pagename))
        return folder + "/" if folder else ""

    def file_url(self, from_file: str, to_pagename: str) -> str:
        """A link from a plain output file (a redirect) to a page."""
        return relative_uri(from_file, self.builder.get_target_uri(to_pagename))

    def file_link(self, from_pagename: str, file: str) -> str:
        """A link from a page to a plain output file (an avatar); "" where none exists."""
        if not self.site:
            return ""
        try:
            return relative_uri(self.base(from_pagename), file)
        except NoUri:
            return ""

    def image_url(self, from_pagename: str, post: Post) -> str:
        """The URL of the post's card image as seen from ``from_pagename``."""
        if not post.images or self.builder.format != "html":
            return ""
        image = post.images[0]
        if is_absolute(image):
            return image
        if image.startswith("/"):
            target = image.lstrip("/")
        else:
            target = posixpath.normpath(posixpath.join(posixpath.dirname(post.docname), image))
        try:
            if self.site:
                return relative_uri(self.base(from_pagename), target)
            return relative_uri(self.builder.get_target_uri(from_pagename), target)
        except NoUri:
            return ""

    def absolute(self, pagename: str) -> str:
        """The absolute URL of a page, or "" without a base URL."""
        base = base_url(self.config)
        return urljoin(base, self.target(pagename)) if base else ""


def base_url(config: Config) -> str:
    """``blog_baseurl``, else ``html_baseurl``, ending with a slash; "" if neither."""
    base = config.blog_baseurl or getattr(config, "html_baseurl", "") or ""
    return base if not base or base.endswith("/") else base + "/"

"""Listings: the ``postlist`` directive, the paginated blog index and the archives.

Listings are computed from the environment at write time, never stored as
nodes: a ``postlist`` leaves a placeholder that is filled on
``doctree-resolved``, and generated pages are rendered through the theme's
``page.html`` on ``html-collect-pages``.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.environment.collectors import EnvironmentCollector
from sphinx.locale import get_translation
from sphinx.util.docutils import SphinxDirective

from . import frontmatter
from .model import LIST_FORMATS, Post, PostQuery
from .posts import blog_data
from .render import entry_views, renderer_for
from .warnings import warn

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Set

    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import OptionSpec

_ = get_translation("sphinx_blogext")

QUERY_OPTIONS = ("tags", "contributors", "category", "year", "limit", "format")


class postlist_node(nodes.General, nodes.Element):
    """Placeholder for a ``postlist``; carries its :class:`PostQuery`."""


class _AnyOption(dict[str, Any]):
    """Accepts every option name, so unknown ones get our own located warning."""

    def __missing__(self, key: str) -> Any:
        return directives.unchanged


class PostlistDirective(SphinxDirective):
    """``.. postlist::`` embeds a filtered list of posts."""

    has_content = False
    option_spec: ClassVar[OptionSpec] = _AnyOption(
        dict.fromkeys(QUERY_OPTIONS, directives.unchanged)
    )

    def run(self) -> list[nodes.Node]:
        query = self._query()
        node = postlist_node()
        node["query"] = query
        self.set_source_info(node)
        return [node]

    def _warn(self, message: str) -> None:
        warn(f"postlist: {message}", subtype="postlist", docname=self.env.docname, line=self.lineno)

    def _query(self) -> PostQuery:
        values: dict[str, Any] = {}
        for name, raw in self.options.items():
            value = (raw or "").strip()
            if name not in QUERY_OPTIONS:
                self._warn(f"unknown option {name!r} (known: {', '.join(QUERY_OPTIONS)})")
            elif name in ("tags", "contributors"):
                try:
                    values[name] = tuple(frontmatter.parse_list(name, value))
                except ValueError as exc:
                    self._warn(str(exc))
            elif name in ("year", "limit"):
                if value.isdigit() and int(value) > 0:
                    values[name] = int(value)
                else:
                    self._warn(f"{name!r} must be a positive whole number, got {value!r}")
            elif name == "format":
                if value in LIST_FORMATS:
                    values[name] = value
                else:
                    self._warn(f"format must be one of {', '.join(LIST_FORMATS)}, got {value!r}")
            else:
                values[name] = value
        return PostQuery(**values)


class PostlistCollector(EnvironmentCollector):
    """Remembers which documents hold which ``postlist`` queries."""

    def clear_doc(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        data = blog_data(env)
        data.set_postlists(docname, [])
        data.rendered.pop(docname, None)

    def merge_other(
        self, app: Sphinx, env: BuildEnvironment, docnames: Set[str], other: BuildEnvironment
    ) -> None:
        mine, theirs = blog_data(env), blog_data(other)
        for docname in docnames:
            mine.set_postlists(docname, theirs.postlists.get(docname, []))

    def process_doc(self, app: Sphinx, doctree: nodes.document) -> None:
        queries = [node["query"] for node in doctree.findall(postlist_node)]
        blog_data(app.env).set_postlists(app.env.docname, queries)


# -- listing pages -----------------------------------------------------------


@dataclass(frozen=True)
class ListingPage:
    """One generated page: its name, title and the posts it lists."""

    pagename: str
    title: str
    posts: tuple[Post, ...]
    format: str = "excerpts"
    #: index pages: (this page's number, all page names in order)
    pages: tuple[str, ...] = ()
    number: int = 0
    intro: str = ""


def index_pagename(env: BuildEnvironment, number: int) -> str:
    base = env.config.blog_path
    return f"{base}/index" if number == 1 else f"{base}/page/{number}"


def archive_pagename(env: BuildEnvironment, year: int | None = None) -> str:
    base = env.config.blog_path
    return f"{base}/archive/{year}" if year else f"{base}/archive/index"


def index_pages(env: BuildEnvironment) -> list[ListingPage]:
    """The paginated blog index: pinned posts first, then the listing order."""
    listed = blog_data(env).catalog.listed
    ordered = [p for p in listed if p.pinned] + [p for p in listed if not p.pinned]
    size = env.config.blog_posts_per_page
    chunks = [ordered[i : i + size] for i in range(0, len(ordered), size)] or [[]]
    names = tuple(index_pagename(env, n) for n in range(1, len(chunks) + 1))
    title = env.config.blog_title
    return [
        ListingPage(
            pagename=names[n - 1],
            title=title
            if n == 1
            else _("%(title)s, page %(number)d") % {"title": title, "number": n},
            posts=tuple(chunk),
            pages=names,
            number=n,
        )
        for n, chunk in enumerate(chunks, start=1)
    ]


def archive_pages(env: BuildEnvironment) -> list[ListingPage]:
    years = blog_data(env).catalog.years()
    pages = [
        ListingPage(
            pagename=archive_pagename(env, year),
            title=_("Posts from %d") % year,
            posts=tuple(posts),
            format="list",
        )
        for year, posts in years.items()
    ]
    return pages


def listing_pages(env: BuildEnvironment) -> Iterator[ListingPage]:
    """Every generated listing page except the archive overview."""
    yield from index_pages(env)
    yield from archive_pages(env)


def render_postlist(builder: Builder, pagename: str, posts: list[Post], fmt: str) -> str:
    return renderer_for(builder).render(
        "postlist.html", entries=entry_views(builder, pagename, posts), format=fmt
    )


def render_listing_page(builder: Builder, page: ListingPage, *, heading: bool) -> str:
    """The HTML body of a listing page (with its heading unless a document provides one)."""
    env = builder.env
    link = builder.get_relative_uri
    pagination = None
    if page.pages:
        number = page.number
        pagination = {
            "pages": [
                {"number": n, "url": link(page.pagename, name), "current": n == number}
                for n, name in enumerate(page.pages, start=1)
            ],
            "newer": link(page.pagename, page.pages[number - 2]) if number > 1 else "",
            "older": link(page.pagename, page.pages[number]) if number < len(page.pages) else "",
        }
    links = []
    if page.pages:
        links.append({"url": link(page.pagename, archive_pagename(env)), "text": _("Archive")})
    else:
        links.append({"url": link(page.pagename, index_pagename(env, 1)), "text": _("All posts")})
    return renderer_for(builder).render(
        "listing_page.html",
        anchor="blog-listing",
        heading=page.title if heading else "",
        intro=page.intro,
        listing=render_postlist(builder, page.pagename, list(page.posts), page.format),
        pagination=pagination,
        links=links,
    )


def render_archive_overview(builder: Builder) -> tuple[str, str]:
    env = builder.env
    pagename = archive_pagename(env)
    years = [
        {
            "year": year,
            "count": len(posts),
            "url": builder.get_relative_uri(pagename, archive_pagename(env, year)),
        }
        for year, posts in blog_data(env).catalog.years().items()
    ]
    title = _("Archive")
    body = renderer_for(builder).render(
        "listing_page.html",
        anchor="blog-archive",
        heading=title,
        intro="",
        listing=renderer_for(builder).render("archive.html", years=years),
        pagination=None,
        links=[
            {
                "url": builder.get_relative_uri(pagename, index_pagename(env, 1)),
                "text": _("All posts"),
            }
        ],
    )
    return title, body


@dataclass(frozen=True)
class GeneratedPage:
    """A page the blog adds to the site, rendered only when it must be written."""

    pagename: str
    #: everything the page shows, cheap to compute and compare between builds
    content: object
    #: returns (title, HTML body)
    render: Callable[[], tuple[str, str]]


def generated_pages(builder: Builder) -> Iterator[GeneratedPage]:
    """Each page the blog adds to the site.

    Page 1 of the index is left out when the project has a document at that
    name: the listing is then appended to that document instead.
    """
    env = builder.env
    for page in listing_pages(env):
        if page.pagename in env.found_docs:
            continue
        yield GeneratedPage(
            page.pagename,
            (page.title, fingerprint_entries(page.posts), page.pages, page.number, page.format),
            functools.partial(_render_titled, builder, page),
        )
    years = tuple((y, len(p)) for y, p in blog_data(env).catalog.years().items())
    yield GeneratedPage(
        archive_pagename(env), years, functools.partial(render_archive_overview, builder)
    )


def _render_titled(builder: Builder, page: ListingPage) -> tuple[str, str]:
    return page.title, render_listing_page(builder, page, heading=True)


# -- filling placeholders ----------------------------------------------------


def resolve_postlists(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    data = blog_data(app.env)
    for node in list(doctree.findall(postlist_node)):
        query: PostQuery = node["query"]
        posts = data.catalog.query(query)
        node.replace_self(_listing_nodes(app.builder, docname, posts, query.format))
    first_index = index_pagename(app.env, 1)
    if docname == first_index:
        page = index_pages(app.env)[0]
        html = render_listing_page(app.builder, page, heading=False)
        _append_to_body(doctree, _html_or_text(app.builder, html, list(page.posts)))


def _listing_nodes(builder: Builder, docname: str, posts: list[Post], fmt: str) -> nodes.Node:
    if builder.format == "html":
        return nodes.raw("", render_postlist(builder, docname, posts, fmt), format="html")
    return text_listing(posts)


def _html_or_text(builder: Builder, html: str, posts: list[Post]) -> nodes.Node:
    if builder.format == "html":
        return nodes.raw("", html, format="html")
    return text_listing(posts)


def text_listing(posts: list[Post]) -> nodes.Node:
    """The plain-text form of a listing, for builders other than HTML."""
    if not posts:
        return nodes.paragraph(text=_("No posts yet."))
    items = nodes.bullet_list()
    for post in posts:
        when = f" ({post.date.date().isoformat()})" if post.date else ""
        items += nodes.list_item("", nodes.paragraph(text=post.title + when))
    return items


def _append_to_body(doctree: nodes.document, node: nodes.Node) -> None:
    sections = [c for c in doctree.children if isinstance(c, nodes.section)]
    (sections[-1] if sections else doctree).append(node)


def fingerprint_entries(posts: list[Post] | tuple[Post, ...]) -> tuple[object, ...]:
    """What a listing shows of each post, to tell whether a page must be rewritten."""
    return tuple(
        (
            p.docname,
            p.title,
            p.date,
            p.lastmod,
            tuple(p.contributors),
            p.reading_minutes,
            tuple(p.tags),
            p.excerpt,
            tuple(p.images[:1]),
            p.draft,
        )
        for p in posts
    )


def listing_fingerprint(env: BuildEnvironment, docname: str) -> tuple[object, ...]:
    """The listings a document shows: its postlists, and page 1 for the blog index."""
    data = blog_data(env)
    parts: list[object] = [
        (q, fingerprint_entries(data.catalog.query(q))) for q in data.postlists.get(docname, ())
    ]
    if docname == index_pagename(env, 1):
        page = index_pages(env)[0]
        parts.append((fingerprint_entries(page.posts), page.pages))
    return tuple(parts)


def setup_listings(app: Sphinx) -> None:
    app.add_node(postlist_node)
    app.add_directive("postlist", PostlistDirective)
    app.add_env_collector(PostlistCollector)
    app.connect("doctree-resolved", resolve_postlists)

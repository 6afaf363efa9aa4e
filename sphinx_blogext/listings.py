"""Listings: the ``postlist`` directive, the paginated blog index and the archives.

Listings are computed from the catalog at write time, never stored as
nodes: a ``postlist`` leaves a placeholder that the output pipeline fills,
and the generated pages are routes of this feature and outputs of the same
pipeline.
"""

from __future__ import annotations

import re
import string
from dataclasses import replace
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from sphinx.locale import get_translation
from sphinx.util.docutils import SphinxDirective

from . import frontmatter
from .collect import add_node_store
from .config import settings
from .directives import AnyOption, whole_number
from .headtags import listing_metatags
from .model import LIST_FORMATS, PostQuery
from .outputs import DocumentPart, PageOutput, add_document_part, add_pages
from .pages import add_own_document_part, text_listing
from .render import make_fragment
from .routes import POSTS, Layer, RouteKind, add_route_family, add_section
from .views import Listing, ListingPage, TextLink, YearLink, strftime
from .warnings import Subtype, unknown_hint, warn

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sphinx.application import Sphinx
    from sphinx.util.typing import OptionSpec

    from .model import Post
    from .outputs import BuildState
    from .routes import Route, RouteTable

_ = get_translation("sphinx_blogext")

QUERY_OPTIONS = ("tags", "contributors", "category", "year", "limit", "format")
#: ABlog's options: the taxonomy each filter names, then how the list is shown
ABLOG_FILTERS = {"author": "contributors", "location": "locations", "language": "languages"}
ABLOG_SHOW = ("date", "sort", "excerpts", "list-style", "expand")
OPTIONS = (*QUERY_OPTIONS, *ABLOG_FILTERS, *ABLOG_SHOW)
#: what ABlog's ``format`` may name
ABLOG_KEYS = ("date", "title", "author", "location", "language", "category", "tags")
#: the taxonomy whose names each of those shows
ABLOG_LINE_TERMS = {
    "author": "contributors",
    "location": "locations",
    "language": "languages",
    "category": "categories",
    "tags": "tags",
}
_STYLE = re.compile(r"[a-z-]{1,40}")

INDEX = RouteKind("index", Layer.PAGE)
ARCHIVE = RouteKind("archive", Layer.PAGE)
YEAR = RouteKind("year", Layer.PAGE)


class postlist_node(nodes.General, nodes.Element):
    """Placeholder for a ``postlist``; carries its :class:`PostQuery`."""


class PostlistDirective(SphinxDirective):
    """``.. postlist::`` embeds a filtered list of posts.

    ABlog's form is read too: the argument is the number of posts, ``author``,
    ``location`` and ``language`` filter, ``format`` may be a line such as
    ``{date} - {title}``, and ``date``, ``sort``, ``excerpts``, ``list-style``
    and ``expand`` say how the list is shown. In that form (and on an ABlog
    site) a post must have every name a filter asks for, as in ABlog.
    """

    has_content = False
    optional_arguments = 1
    option_spec: ClassVar[OptionSpec] = AnyOption(OPTIONS)

    def run(self) -> list[nodes.Node]:
        node = postlist_node()
        node["query"] = self._query()
        self.set_source_info(node)
        return [node]

    def _warn(self, message: str) -> None:
        warn(
            f"postlist: {message}",
            subtype=Subtype.POSTLIST,
            docname=self.env.docname,
            line=self.lineno,
        )

    def _query(self) -> PostQuery:
        values: dict[str, Any] = {}
        ablog = bool(self.arguments) or any(
            k in ABLOG_FILTERS or k in ABLOG_SHOW for k in self.options
        )
        ablog = ablog or "{" in (self.options.get("format") or "") or bool(settings(self.env).ablog)
        terms: dict[str, tuple[str, ...]] = {}
        if self.arguments:
            number, problem = whole_number("length", self.arguments[0])
            if number is not None:
                values["limit"] = number
            else:
                self._warn(problem)
        for name, raw in self.options.items():
            value = frontmatter.clean_text(raw or "").strip()
            if name not in OPTIONS:
                self._warn(f"unknown option {name!r}{unknown_hint(name, OPTIONS)}")
            elif name in ("tags", "contributors") or name in ABLOG_FILTERS:
                names = self._names(name, value)
                if name in ABLOG_FILTERS:
                    terms[ABLOG_FILTERS[name]] = names
                else:
                    values[name] = names
            elif name == "category" and ablog:
                terms["categories"] = self._names(name, value)
            elif name in ("year", "limit"):
                number, problem = whole_number(name, value)
                if number is not None:
                    values[name] = number
                else:
                    self._warn(problem)
            elif name == "format":
                self._format(value, values)
            elif name == "date":
                values["date_format"] = value
            elif name == "sort":
                values["oldest_first"] = True
            elif name == "excerpts":
                values["format"] = "excerpts"
            elif name == "list-style":
                if _STYLE.fullmatch(value.casefold()):
                    values["style"] = value.casefold()
                else:
                    self._warn(
                        f"list-style must be a CSS list style such as circle, got {value[:40]!r}"
                    )
            elif name == "expand":
                values["more"] = value or _("Read more …")
            else:
                values[name] = value
        if values.get("template") and not values.get("date_format"):
            # ABlog writes {date} in its short form unless the list says otherwise
            values["date_format"] = str(getattr(self.config, "post_date_format_short", ""))
        return PostQuery(**values, terms=tuple(terms.items()), match_all=ablog)

    def _names(self, name: str, value: str) -> tuple[str, ...]:
        try:
            return tuple(frontmatter.parse_list(name, value))
        except ValueError as exc:
            self._warn(str(exc))
            return ()

    def _format(self, value: str, values: dict[str, Any]) -> None:
        if value in LIST_FORMATS:
            values["format"] = value
            return
        if "{" not in value:
            self._warn(f"format must be one of {', '.join(LIST_FORMATS)}, got {value[:40]!r}")
            return
        try:
            keys = {
                k for _text, k, _spec, _conv in string.Formatter().parse(value) if k is not None
            }
        except ValueError as exc:
            self._warn(f"format {value[:40]!r}: {exc}")
            return
        unknown = sorted(keys - set(ABLOG_KEYS))
        if unknown:
            self._warn(
                f"format {value[:40]!r} names {unknown!r}; it may name {', '.join(ABLOG_KEYS)}"
            )
            return
        values["template"] = value


# -- listings inside documents -------------------------------------------------


def postlists_context(state: BuildState, docname: str) -> tuple[Listing, ...] | None:
    queries = state.data.store("postlists").get(docname)
    if not queries:
        return None
    return tuple(query_listing(state, docname, q) for q in queries)


def query_listing(state: BuildState, docname: str, query: PostQuery) -> Listing:
    """The posts a ``postlist`` asks for, shown as it asks."""
    posts = state.catalog.query(query)
    listing = state.views.listing(docname, posts, query.format)
    lines = tuple(_line(state, docname, p, query) for p in posts) if query.template else ()
    return replace(listing, lines=lines, style=query.style, more=query.more)


def _line(state: BuildState, docname: str, post: Post, query: PostQuery) -> tuple[TextLink, ...]:
    """An entry as ABlog's format line: its text, the title and each name linked."""
    routes, views = state.routes, state.views
    parts: list[TextLink] = []
    for text, key, _spec, _conversion in string.Formatter().parse(query.template):
        if text:
            parts.append(TextLink("", text))
        if key == "title":
            parts.append(TextLink(routes.url(docname, post.docname), post.title))
        elif key == "date" and post.date is not None:
            when = views.post(post).date
            shown = strftime(post.date, query.date_format) if query.date_format else ""
            parts.append(TextLink("", shown or (when.text if when else "")))
        elif key in ABLOG_LINE_TERMS:
            taxonomy = ABLOG_LINE_TERMS[key]
            for number, name in enumerate(state.catalog.post_names(taxonomy, post)):
                if number:
                    parts.append(TextLink("", ", "))
                parts.append(views.term_link(docname, taxonomy, name))
    return tuple(parts)


def insert_postlists(state: BuildState, doctree: nodes.Node, docname: str, data: object) -> None:
    """Replace each ``postlist`` by its posts, worked out from the node's own query.

    (``data``, the part's data, only decides which pages are written again.)
    """
    for node in list(doctree.findall(postlist_node)):
        listing = query_listing(state, docname, node["query"])
        if state.html:
            node.replace_self(make_fragment("postlist.html", listing))
        else:
            node.replace_self(text_listing(listing.entries))


# -- routes --------------------------------------------------------------------------


def index_pagename(state_path: str, number: int) -> str:
    return f"{state_path}/index" if number == 1 else f"{state_path}/page/{number}"


def listing_routes(table: RouteTable) -> Iterator[Route]:
    """The numbered pages of the blog index, the archive, and a page per year."""
    base = table.settings.path
    chunks = table.catalog.index_chunks(table.settings.posts_per_page)
    for number in range(1, len(chunks) + 1):
        name = index_pagename(base, number)
        yield table.page(INDEX, name, number=number, subject=POSTS, document=number == 1)
    yield table.page(ARCHIVE, f"{base}/archive/index")
    for year in table.catalog.years():
        yield table.page(YEAR, f"{base}/archive/{year}", number=year)


def _index(table: RouteTable) -> Route | None:
    return next(iter(table.family("listings")), None)


def _archive(table: RouteTable) -> Route | None:
    return next((r for r in table.family("listings") if r.kind is ARCHIVE), None)


# -- generated pages -------------------------------------------------------------------


def index_title(state: BuildState, number: int) -> str:
    title = state.settings.title
    if number == 1:
        return title
    return _("%(title)s, page %(number)d") % {"title": title, "number": number}


def section_links(state: BuildState, pagename: str, *, but: str) -> tuple[TextLink, ...]:
    """Links to the blog's sections (archive, tags, contributors, talks), as the blog index
    shows them; ``but`` the section the page belongs to."""
    if not state.site:
        return ()
    return tuple(
        TextLink(state.routes.url(pagename, route.pagename), str(section.label()))
        for section, route in state.routes.sections()
        if section.name != but
    )


def listing_context(state: BuildState, route: Route, *, heading: bool) -> ListingPage:
    """The body of a page of the blog index, or of a year of the archive."""
    routes, views, page = state.routes, state.views, route.pagename
    if route.kind is INDEX:
        posts = state.catalog.index_chunks(state.settings.posts_per_page)[route.number - 1]
        title, fmt = index_title(state, route.number), "excerpts"
        pages = routes.pages_of(POSTS)
        pagination = views.pagination(route, pages) if state.site else None
        links = section_links(state, page, but="blog")
        feeds = views.alternates(page, POSTS)
    else:
        posts = state.catalog.years()[route.number]
        title, fmt = _("Posts from %d") % route.number, "list"
        pagination, feeds = None, ()
        links = (
            TextLink(routes.url(page, index_pagename(state.settings.path, 1)), _("All posts")),
        )
        links = links if state.site else ()
    return ListingPage(
        anchor="blog-listing",
        title=title,
        heading=title if heading else "",
        listing=replace(views.listing(page, posts, fmt), pinned=route.kind is INDEX),
        pagination=pagination,
        feeds=feeds,
        links=links,
    )


def archive_context(state: BuildState, route: Route) -> ListingPage:
    routes, page = state.routes, route.pagename
    years = routes.family("listings")
    by_year = {r.number: r for r in years if r.kind is YEAR}
    return ListingPage(
        anchor="blog-archive",
        title=_("Archive"),
        heading=_("Archive"),
        years=tuple(
            YearLink(year, len(posts), routes.url(page, by_year[year].pagename))
            for year, posts in state.catalog.years().items()
        ),
        links=(TextLink(routes.url(page, index_pagename(state.settings.path, 1)), _("All posts")),),
    )


def listing_pages(state: BuildState) -> Iterator[PageOutput]:
    for route in state.routes.claimed("listings"):
        if route.kind is ARCHIVE:
            context = archive_context(state, route)
        else:
            context = listing_context(state, route, heading=True)
        meta = listing_metatags(state, route.pagename, context.title)
        yield PageOutput(route, context.title, "listing_page.html", context, meta)


def setup_listings(app: Sphinx) -> None:
    app.add_node(postlist_node)
    app.add_directive("postlist", PostlistDirective)
    add_node_store(app, "postlists", postlist_node, lambda node: node["query"])
    add_route_family(app, "listings", listing_routes)
    add_section(app, "blog", lambda: _("Blog"), _index, nav=1)
    add_section(app, "archive", lambda: _("Archive"), _archive)
    add_document_part(
        app,
        DocumentPart(
            "postlists",
            lambda state: state.data.store("postlists"),
            postlists_context,
            insert_postlists,
        ),
    )
    add_own_document_part(
        app,
        "blog-index",
        lambda state: index_pagename(state.settings.path, 1),
        _index_of_state,
        lambda state, docname: listing_context(
            state, state.routes.family("listings")[0], heading=False
        ),
        lambda context: text_listing(context.listing.entries if context.listing else ()),
    )
    add_pages(app, "listings", listing_pages)


def _index_of_state(state: BuildState) -> Route | None:
    return _index(state.routes)

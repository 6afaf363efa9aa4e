"""Listings: the ``postlist`` directive, the paginated blog index and the archives.

Listings are computed from the catalog at write time, never stored as
nodes: a ``postlist`` leaves a placeholder that the output pipeline fills,
and the generated pages are outputs of the same pipeline.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from sphinx.environment.collectors import EnvironmentCollector
from sphinx.locale import get_translation
from sphinx.util.docutils import SphinxDirective

from . import frontmatter
from .model import LIST_FORMATS, Post, PostQuery, blog_data
from .outputs import DocumentPart, PageOutput, add_document_part, add_pages
from .posts import AnyOption
from .render import append_to_body, make_fragment
from .routes import BLOG_FEEDS
from .warnings import warn
from .webmeta import listing_metatags

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Set

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import OptionSpec

    from .outputs import BuildState
    from .routes import Route

_ = get_translation("sphinx_blogext")

QUERY_OPTIONS = ("tags", "contributors", "category", "year", "limit", "format")


class postlist_node(nodes.General, nodes.Element):
    """Placeholder for a ``postlist``; carries its :class:`PostQuery`."""


class PostlistDirective(SphinxDirective):
    """``.. postlist::`` embeds a filtered list of posts."""

    has_content = False
    option_spec: ClassVar[OptionSpec] = AnyOption(QUERY_OPTIONS)

    def run(self) -> list[nodes.Node]:
        node = postlist_node()
        node["query"] = self._query()
        self.set_source_info(node)
        return [node]

    def _warn(self, message: str) -> None:
        warn(f"postlist: {message}", subtype="postlist", docname=self.env.docname, line=self.lineno)

    def _query(self) -> PostQuery:
        values: dict[str, Any] = {}
        for name, raw in self.options.items():
            value = frontmatter.clean_text(raw or "").strip()
            if name not in QUERY_OPTIONS:
                self._warn(f"unknown option {name!r} (known: {', '.join(QUERY_OPTIONS)})")
            elif name in ("tags", "contributors"):
                try:
                    values[name] = tuple(frontmatter.parse_list(name, value))
                except ValueError as exc:
                    self._warn(str(exc))
            elif name in ("year", "limit"):
                if (number := frontmatter.positive_whole(value)) is not None:
                    values[name] = number
                else:
                    self._warn(f"{name!r} must be a positive whole number, got {value[:40]!r}")
            elif name == "format":
                if value in LIST_FORMATS:
                    values[name] = value
                else:
                    self._warn(
                        f"format must be one of {', '.join(LIST_FORMATS)}, got {value[:40]!r}"
                    )
            else:
                values[name] = value
        return PostQuery(**values)


class PostlistCollector(EnvironmentCollector):
    """Remembers which documents hold which ``postlist`` queries."""

    def clear_doc(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        blog_data(env).set_postlists(docname, [])

    def merge_other(
        self, app: Sphinx, env: BuildEnvironment, docnames: Set[str], other: BuildEnvironment
    ) -> None:
        mine, theirs = blog_data(env), blog_data(other)
        for docname in docnames:
            mine.set_postlists(docname, theirs.postlists.get(docname, []))

    def process_doc(self, app: Sphinx, doctree: nodes.document) -> None:
        queries = [node["query"] for node in doctree.findall(postlist_node)]
        blog_data(app.env).set_postlists(app.env.docname, queries)


# -- listings inside documents -------------------------------------------------


def postlists_context(state: BuildState, docname: str) -> list[dict[str, Any]] | None:
    queries = state.data.postlists.get(docname)
    if not queries:
        return None
    return [
        {"entries": state.views.entries(docname, state.catalog.query(q)), "format": q.format}
        for q in queries
    ]


def insert_postlists(state: BuildState, doctree: nodes.Node, docname: str, data: object) -> None:
    """Replace each ``postlist`` by its posts, worked out from the node's own query.

    (``data``, the part's data, only decides which pages are written again.)
    """
    for node in list(doctree.findall(postlist_node)):
        query = node["query"]
        entries = state.views.entries(docname, state.catalog.query(query))
        if state.html:
            node.replace_self(
                make_fragment("postlist.html", {"entries": entries, "format": query.format})
            )
        else:
            node.replace_self(text_listing(entries))


def add_own_document_part(
    name: str,
    route: Callable[[BuildState], Route],
    own: Callable[[BuildState], bool],
    context: Callable[[BuildState, str], dict[str, Any]],
    text: Callable[[dict[str, Any]], nodes.Node],
) -> None:
    """Show a generated page's body under the project's own document at its path.

    The blog index, the contributors overview and the tag overview are
    generated pages, unless the project has a document of that name: then
    that document is kept, and the body is added at its end (``text`` gives
    the plain form for builders other than HTML).
    """

    def documents(state: BuildState) -> list[str]:
        return [route(state).pagename] if own(state) else []

    def part_context(state: BuildState, docname: str) -> dict[str, Any] | None:
        if not own(state) or docname != route(state).pagename:
            return None
        return context(state, docname)

    def insert(
        state: BuildState, doctree: nodes.document, docname: str, data: dict[str, Any]
    ) -> None:
        html = state.html
        append_to_body(doctree, make_fragment("listing_page.html", data) if html else text(data))

    add_document_part(DocumentPart(name, documents, part_context, insert))


def text_listing(entries: list[Any]) -> nodes.Node:
    """The plain-text form of a listing, for builders other than HTML."""
    if not entries:
        return nodes.paragraph(text=_("No posts yet."))
    items = nodes.bullet_list()
    for entry in entries:
        post = entry.post
        when = f" ({post.date.iso[:10]})" if post.date else ""
        items += nodes.list_item("", nodes.paragraph(text=post.title + when))
    return items


# -- generated pages -----------------------------------------------------------


def index_title(state: BuildState, number: int) -> str:
    title = state.config.blog_title
    if number == 1:
        return title
    return _("%(title)s, page %(number)d") % {"title": title, "number": number}


def listing_context(state: BuildState, route: Route, *, heading: bool) -> dict[str, Any]:
    """The data of a listing page's body: its posts, pagination and links."""
    routes, views, page = state.routes, state.views, route.pagename
    pages = None
    links = []
    if route.kind == "index":
        posts: list[Post] = state.catalog.index_chunks(state.config.blog_posts_per_page)[
            route.number - 1
        ]
        title, fmt = index_title(state, route.number), "excerpts"
        pages = pagination(state, route, routes.index)
        links.append({"url": routes.url(page, routes.archive.pagename), "text": _("Archive")})
        links.append(
            {"url": routes.url(page, routes.contributors_index.pagename), "text": _("Contributors")}
        )
        if routes.tag_pages:
            links.append({"url": routes.url(page, routes.tags_index.pagename), "text": _("Tags")})
        if routes.has_talks_index:
            links.append({"url": routes.url(page, routes.talks_index.pagename), "text": _("Talks")})
    else:
        posts = state.catalog.years()[route.number]
        title, fmt = _("Posts from %d") % route.number, "list"
        links.append({"url": routes.url(page, routes.index[0].pagename), "text": _("All posts")})
    if not state.site:
        # epub and single-page output have no generated pages to link to
        pages, links = None, []
    return {
        "feeds": views.feed_links(page, BLOG_FEEDS) if route.kind == "index" else (),
        "anchor": "blog-listing",
        "heading": title if heading else "",
        "title": title,
        "listing": {"entries": views.entries(page, posts), "format": fmt},
        "pagination": pages,
        "links": links,
    }


def pagination(state: BuildState, route: Route, pages: list[Route]) -> dict[str, Any]:
    """Links between the numbered pages of one listing, as seen from ``route``."""
    url, page, number = state.routes.url, route.pagename, route.number
    return {
        "pages": [
            {"number": p.number, "url": url(page, p.pagename), "current": p is route} for p in pages
        ],
        "newer": url(page, pages[number - 2].pagename) if number > 1 else "",
        "older": url(page, pages[number].pagename) if number < len(pages) else "",
    }


def archive_context(state: BuildState) -> dict[str, Any]:
    routes, page = state.routes, state.routes.archive.pagename
    years = [
        {"year": year, "count": len(posts), "url": routes.url(page, routes.years[year].pagename)}
        for year, posts in state.catalog.years().items()
    ]
    return {
        "anchor": "blog-archive",
        "heading": _("Archive"),
        "title": _("Archive"),
        "years": years,
        "listing": None,
        "pagination": None,
        "links": [{"url": routes.url(page, routes.index[0].pagename), "text": _("All posts")}],
    }


def listing_pages(state: BuildState) -> Iterator[PageOutput]:
    for route in state.routes.claims.pages:
        if route.kind == "archive":
            context = archive_context(state)
        elif route.kind in ("index", "year"):
            context = listing_context(state, route, heading=True)
        else:
            continue
        meta = listing_metatags(state, route.pagename, context["title"])
        yield PageOutput(route, context["title"], "listing_page.html", context, meta)


def setup_listings(app: Sphinx) -> None:
    app.add_node(postlist_node)
    app.add_directive("postlist", PostlistDirective)
    app.add_env_collector(PostlistCollector)
    add_document_part(
        DocumentPart(
            "postlists", lambda state: state.data.postlists, postlists_context, insert_postlists
        )
    )
    add_own_document_part(
        "blog-index",
        lambda state: state.routes.index[0],
        lambda state: state.routes.index_doc,
        lambda state, docname: listing_context(state, state.routes.index[0], heading=False),
        lambda context: text_listing(context["listing"]["entries"]),
    )
    add_pages("listings", listing_pages)

"""What the blog's listing pages share: a project's own document at a page's name, the
pages of a taxonomy, redirects, and the plain-text forms of listings for builders other
than HTML.

The blog index, the overviews of tags and contributors and the talks index
are generated pages, unless the project has a document of that name: then
that document is kept, and the page's body is added at its end
(:func:`add_own_document_part`).

A taxonomy whose terms are plain names (tags, categories) gets its pages with
one call of :func:`add_term_pages`: an overview of its terms, sized by their
counts, and the numbered pages of each term, which the feeds follow. A taxonomy
may list a term's posts in an order of its own, and give its overview a body of
its own (a series: its parts in reading order, each series with its latest part).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.locale import get_translation

from .catalog import upcoming_first
from .headtags import listing_metatags
from .outputs import DocumentPart, FileOutput, PageOutput, add_document_part, add_pages
from .render import append_to_body, make_fragment
from .routes import POSTS, Layer, RouteKind, add_route_family, add_section
from .views import CloudTag, ListingPage, TextLink

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator

    from sphinx.application import Sphinx

    from .config import Settings
    from .model import Post
    from .outputs import BuildState
    from .routes import Route, RouteTable
    from .views import EntryView, TalkView

_ = get_translation("sphinx_blogext")


def add_own_document_part(
    app: Sphinx,
    name: str,
    pagename: Callable[[BuildState], str],
    route: Callable[[BuildState], Route | None],
    context: Callable[[BuildState, str], Any],
    text: Callable[[Any], nodes.Node],
    *,
    template: str = "listing_page.html",
) -> None:
    """Show a generated page's body under the project's own document at its name.

    ``pagename`` is the page's name (cheap: asked on every build), ``route`` the
    page (None when the site has none); ``context`` the view handed to ``template``
    (a :class:`ListingPage` for ``listing_page.html``) and ``text`` gives the plain
    form of the body for builders other than HTML.
    """

    def documents(state: BuildState) -> list[str]:
        found = pagename(state)
        return [found] if found in state.routes.docs else []

    def part_context(state: BuildState, docname: str) -> Any:
        if docname != pagename(state):
            return None
        found = route(state)
        if found is None or not state.routes.shown_by_document(found):
            return None
        return context(state, docname)

    def insert(state: BuildState, doctree: nodes.Element, docname: str, data: Any) -> None:
        node = make_fragment(template, data) if state.html else text(data)
        append_to_body(doctree, node)

    add_document_part(app, DocumentPart(name, documents, part_context, insert))


# -- the pages of a taxonomy ----------------------------------------------------------

#: Steps of an overview's sizes: a term's size grows with the logarithm of its count.
SIZES = 5


@dataclass(frozen=True, eq=False)
class Overview:
    """An overview's body of its own, instead of a cloud of names: ``context(state,
    pagename, heading)`` is the view handed to ``template`` (``heading``: whether the body
    shows the page's title, which the project's own document at its name does not), and
    ``text(view)`` the body's plain form for builders other than HTML."""

    template: str
    context: Callable[[BuildState, str, bool], Any]
    text: Callable[[Any], nodes.Node]


@dataclass(frozen=True, eq=False)
class TermPages:
    """The pages of a taxonomy of plain names: ``<folder>/index`` lists the terms,
    ``<folder>/<slug>`` (then ``/page/<n>``) each term's posts."""

    taxonomy: str
    #: the folder of the pages
    folder: Callable[[Settings], str]
    #: the overview's title ("Tags"), a term page's ("Posts tagged “%s”" % name), and
    #: the words of a link from a term page to the overview ("All tags")
    title: Callable[[], str]
    term_title: Callable[[str], str]
    all_terms: Callable[[], str]
    #: the ids of the pages' bodies, for styles
    anchor: str
    overview_anchor: str
    #: whether the site has the pages (a taxonomy kept only when configured)
    enabled: Callable[[RouteTable], bool] = lambda table: True
    #: the section's place in the site's header (0: none)
    nav: int = 0
    #: the order of a term's posts on its pages (a series: reading order); None: the
    #: catalog's (listing order)
    order: Callable[[list[Post]], list[Post]] | None = None
    #: the overview's own body; None: a cloud of the terms' names, sized by their counts
    overview: Overview | None = None


def add_term_pages(app: Sphinx, spec: TermPages) -> None:
    """Give a taxonomy its pages: a route family, a section, the pages and, when the
    project has its own document at the overview's name, the overview under it."""
    name = spec.taxonomy
    overview_kind = RouteKind(name, Layer.PAGE)
    term_kind = RouteKind(f"{name}-term", Layer.PAGE)

    def routes(table: RouteTable) -> Iterator[Route]:
        if not spec.enabled(table):
            return
        folder = spec.folder(table.settings)
        overview = f"{folder}/index"
        if table.catalog.terms[name] or overview in table.docs:
            yield table.page(overview_kind, overview, subject=(name, ""), document=True)
        yield from table.term_pages(term_kind, name, folder)

    def overview_route(table: RouteTable) -> Route | None:
        return next((r for r in table.family(name) if r.kind is overview_kind), None)

    def overview(state: BuildState, pagename: str, *, heading: bool) -> ListingPage:
        routes = state.routes
        terms = sorted(state.catalog.terms[name].values(), key=lambda t: (t.name.casefold(), t.key))
        # a tag's weight: its posts and its talks
        most = max((len(t.posts) + len(t.talks) for t in terms), default=1)
        cloud = tuple(
            CloudTag(
                term.name,
                routes.term_url(pagename, name, term.key),
                len(term.posts),
                _size(len(term.posts) + len(term.talks), most),
                len(term.talks),
            )
            for term in terms
        )
        index = routes.pages_of(POSTS)[:1] if state.site else []
        links = tuple(TextLink(routes.url(pagename, r.pagename), _("All posts")) for r in index)
        return ListingPage(
            anchor=spec.overview_anchor,
            title=spec.title(),
            heading=spec.title() if heading else "",
            cloud=cloud,
            feeds=state.views.alternates(pagename, POSTS) if heading else (),
            links=links,
        )

    def term_page(state: BuildState, route: Route) -> ListingPage:
        routes, views, page = state.routes, state.views, route.pagename
        assert route.subject is not None
        term = state.catalog.terms[name][route.subject[1]]
        per_page = state.settings.posts_per_page
        ordered = spec.order(term.posts) if spec.order is not None else term.posts
        posts = ordered[(route.number - 1) * per_page : route.number * per_page]
        title = spec.term_title(term.name)
        if route.number > 1:
            title = _("%(title)s, page %(number)d") % {"title": title, "number": route.number}
        # what a definition says of the term (a tag's description), where it says it
        html = getattr(term.definition, "description_html", "")
        text = getattr(term.definition, "description_text", "")
        up, index = overview_route(routes), routes.pages_of(POSTS)[:1]
        links = [TextLink(routes.url(page, up.pagename), spec.all_terms())] if up else []
        links += [TextLink(routes.url(page, r.pagename), _("All posts")) for r in index]
        # a term's talks (a tag's), on its first page, upcoming first
        talks = upcoming_first(term.talks, state.now) if route.number == 1 else []
        return ListingPage(
            anchor=spec.anchor,
            title=title,
            heading=title,
            description=html if route.number == 1 else "",
            description_text=text,
            post_count=len(term.posts) if term.posts or not term.talks else None,
            listing=views.listing(page, posts, "excerpts") if term.posts or not talks else None,
            talks_heading=str(_("Talks")) if talks else "",
            talks=views.talks(page, talks, state.now),
            pagination=views.pagination(route, routes.pages_of(route.subject)),
            feeds=views.alternates(page, route.subject),
            links=tuple(links),
        )

    def overview_body(state: BuildState, pagename: str, *, heading: bool) -> tuple[str, Any]:
        """The overview's template and view: the taxonomy's own, or the cloud of terms."""
        if spec.overview is not None:
            return spec.overview.template, spec.overview.context(state, pagename, heading)
        return "listing_page.html", overview(state, pagename, heading=heading)

    def pages(state: BuildState) -> Iterator[PageOutput]:
        for route in state.routes.claimed(name):
            if route.kind is overview_kind:
                template, body = overview_body(state, route.pagename, heading=True)
                meta = listing_metatags(state, route.pagename, spec.title())
                yield PageOutput(route, spec.title(), template, body, meta)
                continue
            context = term_page(state, route)
            meta = listing_metatags(
                state, route.pagename, context.title, context.description_text, route.subject
            )
            yield PageOutput(route, context.title, "listing_page.html", context, meta)

    add_route_family(app, name, routes)
    add_section(app, name, spec.title, overview_route, nav=spec.nav)
    add_pages(app, name, pages)
    own = spec.overview
    add_own_document_part(
        app,
        f"{name}-index",
        lambda state: f"{spec.folder(state.settings)}/index",
        lambda state: overview_route(state.routes),
        lambda state, docname: overview_body(state, docname, heading=False)[1],
        own.text if own is not None else _text_cloud,
        template=own.template if own is not None else "listing_page.html",
    )


def _size(count: int, most: int) -> int:
    """1 to :data:`SIZES`, growing with the logarithm of the count."""
    if most <= 1 or count <= 1:
        return 1
    return 1 + round((SIZES - 1) * math.log(count) / math.log(most))


def _text_cloud(context: ListingPage) -> nodes.Node:
    items = nodes.bullet_list()
    for term in context.cloud:
        items += nodes.list_item("", nodes.paragraph(text=f"{term.name} ({term.count})"))
    return items


def text_listing(entries: Iterable[EntryView]) -> nodes.Node:
    """The plain-text form of a listing, for builders other than HTML."""
    items = nodes.bullet_list()
    for entry in entries:
        post = entry.post
        when = f" ({post.date.iso[:10]})" if post.date else ""
        items += nodes.list_item("", nodes.paragraph(text=post.title + when))
    return items if len(items) else nodes.paragraph(text=_("No posts yet."))


def talk_facts(view: TalkView) -> list[str]:
    """Speakers, event, time, duration, place and level, as plain text."""
    facts = []
    if view.speakers:
        facts.append(_("Speakers") + ": " + ", ".join(s.name for s in view.speakers))
    when = view.date.text if view.date else _("Date to be announced")
    facts += [view.status_label, view.event, when, view.duration, view.location]
    if view.level:
        facts.append(_("Level") + ": " + view.level)
    if view.tags:
        facts.append(_("Tags") + ": " + ", ".join(t.name for t in view.tags))
    return [fact for fact in facts if fact]


def text_talks(views: Iterable[TalkView]) -> nodes.Node:
    """A list of talks for builders other than HTML."""
    items = nodes.bullet_list()
    for view in views:
        items += nodes.list_item(
            "", nodes.paragraph(text=" — ".join([view.title, *talk_facts(view)]))
        )
    return items if len(items) else nodes.paragraph(text=_("No talks yet."))


def redirect_file(state: BuildState, route: Route, title: str) -> FileOutput:
    """The page a redirect route writes: it sends readers (and search engines, through
    its canonical link) to the route's target page, at its anchor if it has one."""
    routes = state.routes
    url = routes.file_url(route.file, route.target)
    absolute = routes.absolute(route.target)
    if route.anchor:
        url, absolute = f"{url}#{route.anchor}", f"{absolute}#{route.anchor}" if absolute else ""
    context = {
        "url": url,
        "canonical": absolute or url,
        "title": title,
        "language": state.config.language or "en",
    }
    return FileOutput(route, "redirect.html", context)

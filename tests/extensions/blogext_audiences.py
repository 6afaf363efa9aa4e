"""A feature written outside the package, through its public extension points only.

Posts say who they are for in front matter (``audience: [Operators]``, a key
sphinx-blogext keeps in ``params``, as Hugo keeps a custom taxonomy). This
extension makes that a taxonomy with a page per audience and an overview, a
section linked from the blog index, a badge on each post (a document part),
and a JSON file listing the audiences (a file output). The blog's own feeds
follow the new term pages without being told.

It is the proof of docs/extending.md: one module, no edit of the package.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from docutils import nodes

from sphinx_blogext.catalog import Source, Taxonomy, add_taxonomy, tag_key, term_slug
from sphinx_blogext.headtags import listing_metatags
from sphinx_blogext.outputs import (
    DocumentPart,
    FileOutput,
    PageOutput,
    add_document_part,
    add_files,
    add_pages,
)
from sphinx_blogext.routes import Layer, RouteKind, add_route_family, add_section
from sphinx_blogext.views import ListingPage, TextLink

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sphinx.application import Sphinx

    from sphinx_blogext.outputs import BuildState
    from sphinx_blogext.routes import Route, RouteTable

OVERVIEW = RouteKind("audiences", Layer.PAGE)
AUDIENCE = RouteKind("audience", Layer.PAGE)
LIST = RouteKind("audiences-file", Layer.FILE)


def routes(table: RouteTable) -> Iterator[Route]:
    folder = table.builder.config.audiences_path
    if table.catalog.terms["audiences"]:
        yield table.page(OVERVIEW, f"{folder}/index", subject=("audiences", ""), document=True)
    yield from table.term_pages(AUDIENCE, "audiences", folder)
    yield table.file(LIST, table.builder.config.audiences_file, subject=("audiences", ""))


def overview(table: RouteTable) -> Route | None:
    return next((r for r in table.family("audiences") if r.kind is OVERVIEW), None)


def pages(state: BuildState) -> Iterator[PageOutput]:
    routes, views = state.routes, state.views
    for route in routes.claimed("audiences"):
        page = route.pagename
        if route.kind is OVERVIEW:
            terms = state.catalog.terms["audiences"].values()
            context = ListingPage(
                anchor="audiences",
                title="Audiences",
                heading="Audiences",
                links=tuple(
                    TextLink(
                        routes.term_url(page, "audiences", t.key), f"{t.name} ({len(t.posts)})"
                    )
                    for t in terms
                ),
            )
        elif route.kind is AUDIENCE and route.subject is not None:
            term = state.catalog.terms["audiences"][route.subject[1]]
            per_page = state.settings.posts_per_page
            posts = term.posts[(route.number - 1) * per_page : route.number * per_page]
            context = ListingPage(
                anchor="audience",
                title=f"For {term.name}",
                heading=f"For {term.name}",
                listing=views.listing(page, posts, "excerpts"),
                pagination=views.pagination(route, routes.pages_of(route.subject)),
                feeds=views.alternates(page, route.subject),
            )
        else:
            continue
        meta = listing_metatags(state, page, context.title)
        yield PageOutput(route, context.title, "listing_page.html", context, meta)


def files(state: BuildState) -> Iterator[FileOutput]:
    counts = {t.name: len(t.posts) for t in state.catalog.terms["audiences"].values()}
    for route in state.routes.claimed("audiences"):
        if route.kind is LIST:
            data = json.dumps(counts, sort_keys=True).encode()
            yield FileOutput(route, "", counts, make=lambda data=data: data)


def badge_documents(state: BuildState) -> list[str]:
    return [d for d, p in state.catalog.posts.items() if "audience" in p.params]


def badge_context(state: BuildState, docname: str) -> tuple[tuple[str, str], ...] | None:
    post = state.catalog.posts.get(docname)
    if post is None or "audience" not in post.params:
        return None
    found = []
    for name in post.params["audience"]:
        term = state.catalog.term("audiences", str(name))
        if term is not None:
            found.append((term.name, state.routes.term_url(docname, "audiences", term.key)))
    return tuple(found)


def insert_badge(
    state: BuildState, doctree: nodes.Element, docname: str, badges: tuple[tuple[str, str], ...]
) -> None:
    paragraph = nodes.paragraph(classes=["audience-badge"])
    paragraph += nodes.Text("For: ")
    for number, (name, url) in enumerate(badges):
        if number:
            paragraph += nodes.Text(", ")
        paragraph += nodes.reference(name, name, refuri=url) if url else nodes.Text(name)
    doctree.append(paragraph)


def setup(app: Sphinx) -> dict[str, object]:
    app.add_config_value("audiences_path", "audiences", "env", types=(str,))
    app.add_config_value("audiences_file", "audiences/audiences.json", "env", types=(str,))
    add_taxonomy(app, Taxonomy("audiences", tag_key, term_slug, (Source("posts", "audience"),)))
    add_route_family(app, "audiences", routes)
    add_section(app, "audiences", lambda: "Audiences", overview)
    add_pages(app, "audiences", pages)
    add_files(app, "audiences", files)
    add_document_part(
        app, DocumentPart("audience-badge", badge_documents, badge_context, insert_badge)
    )
    return {"parallel_read_safe": True, "parallel_write_safe": True}

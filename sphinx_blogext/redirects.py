"""Old URLs of posts: ``aliases`` and ``slug`` become redirect pages.

Sphinx publishes a post at its document path. A Hugo site published it at
``/<section>/<slug>/`` and kept old addresses in ``aliases``; both become
small redirect pages here so that links to the old site keep working. They
are routes of the route table, claimed after every page and file, so a
redirect never replaces anything: a collision is reported at the front
matter line that asked for it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .outputs import add_files
from .pages import redirect_file
from .routes import Layer, RouteKind, add_route_family
from .urls import file_slug
from .warnings import Finding, Subtype

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sphinx.application import Sphinx

    from .model import Post
    from .outputs import BuildState, FileOutput
    from .routes import Route, RouteTable

SLUG = RouteKind("slug", Layer.REDIRECT, Subtype.SLUG)
ALIAS = RouteKind("alias", Layer.REDIRECT, Subtype.ALIAS)


def has_own_slug(post: Post) -> bool:
    """Whether the front matter gave a slug other than the file name."""
    return bool(post.slug) and post.slug != file_slug(post.docname)


def redirect_routes(table: RouteTable) -> Iterator[Route]:
    """A redirect for each front matter slug (``<blog_path>/<slug>/``), then each alias.

    A slug that comes from a file name wins over one written in front
    matter; between two front matter slugs, the document whose name sorts
    first wins. Slugs are compared as file systems that ignore case do.
    """
    published = sorted(table.catalog.listed, key=lambda p: p.docname)
    owners = {file_slug(p.docname).casefold(): p for p in published}
    for post in published:
        if not has_own_slug(post):
            continue
        owner = owners.setdefault(post.slug.casefold(), post)
        if owner is not post:
            message = f"duplicate slug {post.slug!r}: already used by {owner.docname!r}"
            table.note(Finding(message, post.docname, post.line("slug"), Subtype.SLUG))
            continue
        path = f"{table.settings.path}/{post.slug}/"
        yield table.redirect(SLUG, path, post.docname, owner=post.docname, line=post.line("slug"))
    for post in published:
        for alias in post.aliases:
            line = post.line("aliases")
            yield table.redirect(ALIAS, alias, post.docname, owner=post.docname, line=line)


def redirect_files(state: BuildState) -> Iterator[FileOutput]:
    posts = state.catalog.posts
    for route in state.routes.claimed("redirects"):
        yield redirect_file(state, route, posts[route.target].title)


def setup_redirects(app: Sphinx) -> None:
    add_route_family(app, "redirects", redirect_routes)
    add_files(app, "redirects", redirect_files)

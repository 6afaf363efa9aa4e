"""Old URLs of posts: ``aliases`` and ``slug`` become redirect pages.

Sphinx publishes a post at its document path. A Hugo site published it at
``/<section>/<slug>/`` and kept old addresses in ``aliases``; both become
small redirect pages here so that links to the old site keep working. Their
paths, and the collisions between them, come from the route table.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .outputs import FileOutput, add_files

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sphinx.application import Sphinx

    from .outputs import BuildState


def redirect_files(state: BuildState) -> Iterator[FileOutput]:
    routes, posts = state.routes, state.catalog.posts
    for route in routes.claims.redirects:
        url = routes.file_url(route.file, route.target)
        context = {
            "url": url,
            "canonical": routes.absolute(route.target) or url,
            "title": posts[route.target].title,
            "language": state.config.language or "en",
        }
        yield FileOutput(route, "redirect.html", context)


def setup_redirects(app: Sphinx) -> None:
    add_files("redirects", redirect_files)

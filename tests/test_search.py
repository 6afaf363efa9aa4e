"""Search finds a post by its own words, never by what the blog puts around it."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from conftest import docs_found_by, search_index

if TYPE_CHECKING:
    from sphinx.testing.util import SphinxTestApp


@pytest.mark.sphinx("html", testroot="listings", freshenv=True)
def test_posts_are_found_by_their_own_words_only(app: SphinxTestApp) -> None:
    app.build()
    index = search_index(app.outdir)
    # titles and tags of a post find that post, not its neighbours or related posts
    assert docs_found_by(index, "kubernet") == {"blog/k8s-deep", "blog/k8s-intro"}
    assert docs_found_by(index, "meetup") == {"blog/meetup"}
    assert docs_found_by(index, "releas") == {"blog/release-1", "blog/release-2"}
    # the lead, shown only in the header, is the post's own text
    assert "blog/k8s-deep" in docs_found_by(index, "lead")
    # the words of the header and footer find nothing
    for chrome in ("older", "newer", "relat", "min", "read", "post"):
        assert docs_found_by(index, chrome) == set(), chrome


@pytest.mark.sphinx("html", testroot="listings", freshenv=True)
def test_pages_with_listings_are_not_found_by_the_listed_posts(app: SphinxTestApp) -> None:
    app.build()
    index = search_index(app.outdir)
    # lists-md shows "Community meetup" in a postlist; its own text never says so
    assert "lists-md" not in docs_found_by(index, "meetup")
    assert "lists-md" in docs_found_by(index, "myst")

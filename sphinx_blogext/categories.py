"""Categories: a page per category and their overview.

``categories`` in front matter (Hugo's name; ABlog's ``category``) group posts
more coarsely than tags: a post is usually in one. They are a taxonomy of the
catalog, like tags (letter case and spacing do not count), with pages under
``blog_categories_path`` and a feed per category.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinx.locale import get_translation

from .catalog import Source, Taxonomy, add_taxonomy, tag_key, term_slug
from .pages import TermPages, add_term_pages

if TYPE_CHECKING:
    from sphinx.application import Sphinx

_ = get_translation("sphinx_blogext")

CATEGORY_PAGES = TermPages(
    "categories",
    folder=lambda found: found.categories_path,
    title=lambda: _("Categories"),
    term_title=lambda name: _("Posts in category “%s”") % name,
    all_terms=lambda: _("All categories"),
    anchor="blog-category",
    overview_anchor="blog-categories",
)


def setup_categories(app: Sphinx) -> None:
    add_taxonomy(
        app,
        Taxonomy(
            "categories",
            tag_key,
            term_slug,
            (Source("posts", "categories"),),
            label=lambda name: _("posts in category “%s”") % name,
        ),
    )
    add_term_pages(app, CATEGORY_PAGES)

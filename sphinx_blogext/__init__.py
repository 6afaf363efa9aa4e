"""sphinx-blogext: a blog inside a Sphinx documentation project."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

__version__ = "0.1.0"

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

STATIC = Path(__file__).parent / "static"
LOCALE = Path(__file__).parent / "locale"

#: Bumped whenever the shape of the data kept in the environment changes.
ENV_VERSION = 11


def _add_static(app: Sphinx) -> None:
    if app.builder.format == "html":
        app.config.html_static_path.append(str(STATIC))
        app.add_css_file("blogext.css")


def setup(app: Sphinx) -> ExtensionMetadata:
    from .ablog import setup_ablog
    from .calendar import setup_calendar
    from .categories import setup_categories
    from .collect import setup_collect
    from .config import setup_config
    from .contributors import setup_contributors
    from .drafts import setup_drafts
    from .events import setup_events
    from .feeds import setup_feeds
    from .gitdates import setup_gitdates
    from .imaging import setup_imaging
    from .listings import setup_listings
    from .outputs import setup_outputs
    from .postimages import setup_postimages
    from .postpage import setup_postpage
    from .posts import setup_posts
    from .redirects import setup_redirects
    from .refs import setup_refs
    from .registry import share_with_builder
    from .render import fragment, visit_fragment
    from .series import setup_series
    from .sitemap import setup_sitemap
    from .socialcards import setup_socialcards
    from .sourcelinks import setup_sourcelinks
    from .tags import setup_tags
    from .talkmeta import setup_talkmeta
    from .talks import setup_talks
    from .webmeta import setup_webmeta

    app.connect("builder-inited", share_with_builder, priority=10)
    setup_config(app)
    setup_collect(app)
    setup_outputs(app)
    setup_imaging(app)
    setup_refs(app)
    # features, in the order their pages, files and sections are claimed and listed
    setup_gitdates(app)
    setup_posts(app)
    setup_listings(app)
    setup_postpage(app)
    setup_postimages(app)
    setup_contributors(app)
    setup_tags(app)
    setup_categories(app)
    setup_series(app)
    setup_talks(app)
    setup_events(app)
    setup_calendar(app)
    setup_talkmeta(app)
    setup_socialcards(app)
    setup_feeds(app)
    setup_webmeta(app)
    setup_redirects(app)
    setup_sitemap(app)
    setup_sourcelinks(app)
    setup_ablog(app)
    setup_drafts(app)
    app.add_node(fragment, html=(visit_fragment, None))
    app.connect("builder-inited", _add_static)
    app.add_message_catalog("sphinx_blogext", str(LOCALE))
    return {
        "version": __version__,
        "env_version": ENV_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }

"""Drafts are absent from every builder's output unless ``blog_drafts`` is set, and so
are scheduled posts (dated after the build's "now") until their date, unless
``blog_build_future`` previews them.

Sphinx reads a draft like any document, so its own warnings are reported.
Then:

* the builder never writes it: html, dirhtml, singlehtml, text, latex, epub
  and gettext all write through one method, which skips drafts;
* toctrees that list a draft (a ``:glob:`` over the blog, say) lose that
  entry in the stored doctree, so no navigation, single-page or LaTeX
  assembly reaches it; when the draft's source changes, the documents holding
  those toctrees are read again and the entry comes back once it is published;
* its objects, labels and index entries leave every domain, and its entries
  leave ``objects.inv``: no inventory, index or search result names it, and
  intersphinx users cannot link to a page that does not exist;
* a page written while the post was still public is deleted.

A scheduled post becomes public when a build starts after its date, with no change to
any source: the post and the documents whose toctrees lost it are read again (and so
written). The build says which posts it holds back and when the next one is due, so that
a CI schedule can be set to match. A post previewed with ``blog_build_future`` carries
``<meta name="robots" content="noindex">`` (its banner is the post header's).

Every use of Sphinx's internals here goes through :mod:`._sphinx_compat`.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import _sphinx_compat as compat
from .catalog import held_back, is_scheduled, unpublished_posts
from .config import settings
from .headtags import merge
from .model import blog_data
from .outputs import build_now, skipped_documents
from .warnings import logger

if TYPE_CHECKING:
    from collections.abc import Set

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

#: The store of documents whose toctrees lost drafts, with the drafts they lost.
HIDDEN = "hidden-entries"
#: The store of the posts the last build held back until their date.
SCHEDULED = "scheduled"


def unpublished(app: Sphinx) -> set[str]:
    """The drafts that must not be published, and the posts held back until their date."""
    return unpublished_posts(blog_data(app.env).posts.values(), build_now(app), settings(app.env))


def skip_drafts_when_writing(app: Sphinx) -> None:
    """Leave unpublished drafts (and documents whose page another one has) out of every
    write."""
    compat.skip_documents_when_writing(
        app.builder, lambda: unpublished(app) | skipped_documents(app)
    )


def hide_drafts(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Take drafts and held posts out of every stored toctree and every domain
    (``env-updated``); note which posts this build holds back."""
    drafts = unpublished(app)
    compat.forget_objects(env, sorted(drafts))
    data = blog_data(env)
    changed = []
    for docname, included in list(compat.toctree_includes(env).items()):
        hidden = [d for d in included if d in drafts]
        if not hidden or not compat.drop_toctree_entries(app.builder, docname, drafts):
            continue
        data.put(HIDDEN, docname, sorted({*data.store(HIDDEN).get(docname, ()), *hidden}))
        changed.append(docname)
    _note_held(app, env)
    return changed


def _note_held(app: Sphinx, env: BuildEnvironment) -> None:
    """Say which posts this build holds back and when the next is due, and keep them: the
    next build reads again those whose date has come (:func:`reread_toctree_holders`)."""
    data, now = blog_data(env), build_now(app)
    held = held_back(data.posts.values(), now, settings(env).build_future)
    data.put(SCHEDULED, "held", sorted(held))
    if held:
        first = min((data.posts[d] for d in held), key=lambda p: (p.date, p.docname))
        due = first.date.isoformat() if first.date else ""
        logger.info(
            f"blogext: {len(held)} scheduled post(s) held back until their date; the next, "
            f"{first.docname}, is due at {due}"
        )


def noindex_previews(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """A scheduled post previewed with ``blog_build_future``: kept out of search engines."""
    post = blog_data(app.env).posts.get(pagename) if doctree is not None else None
    if post is not None and settings(app.env).build_future and is_scheduled(post, build_now(app)):
        merge(context, [("name", "robots", "noindex")])


def reread_toctree_holders(
    app: Sphinx, env: BuildEnvironment, added: Set[str], changed: Set[str], removed: Set[str]
) -> list[str]:
    """Read again the documents whose toctrees lost a draft or held post that has since
    changed, or whose date has come, and the posts whose date has come."""
    touched = set(changed) | set(removed)
    public = set(env.found_docs) - unpublished(app)
    holders = {
        doc
        for doc, drafts in blog_data(env).store(HIDDEN).items()
        if (touched.intersection(drafts) or public.intersection(drafts)) and doc in env.found_docs
    }
    # a post held back by the last build whose date has come is read again too: what it
    # was left out of when it was read (the search index, the domains) takes it back
    due = set(blog_data(env).store(SCHEDULED).get("held", ())) & public
    return sorted(holders | due)


def remove_stale_pages(app: Sphinx, exception: BaseException | None) -> None:
    """Delete the output of posts that became drafts since it was written, and their
    entries in the inventory."""
    if exception is not None:
        return
    builder = app.builder
    drafts = unpublished(app)
    for docname in drafts:
        for path in compat.written_files(builder, docname):
            path.unlink(missing_ok=True)
            if path.name == "index.html" and path.parent != Path(builder.outdir):
                with contextlib.suppress(OSError):
                    path.parent.rmdir()  # dirhtml: the folder, unless something else is in it
    if drafts and builder.format == "html":
        compat.drop_from_inventory(builder, {builder.get_target_uri(d) for d in drafts})


def setup_drafts(app: Sphinx) -> None:
    app.connect("builder-inited", skip_drafts_when_writing)
    app.connect("env-get-outdated", reread_toctree_holders)
    app.connect("env-updated", hide_drafts)
    app.connect("build-finished", remove_stale_pages)
    # after the blog's own metadata (webmeta, priority 600)
    app.connect("html-page-context", noindex_previews, priority=650)

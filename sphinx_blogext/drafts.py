"""Drafts are absent from every builder's output unless ``blog_drafts`` is set.

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

Every use of Sphinx's internals here goes through :mod:`._sphinx_compat`.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING

from . import _sphinx_compat as compat
from .config import settings
from .model import blog_data
from .outputs import skipped_documents

if TYPE_CHECKING:
    from collections.abc import Set

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

#: The store of documents whose toctrees lost drafts, with the drafts they lost.
HIDDEN = "hidden-entries"


def unpublished(env: BuildEnvironment) -> set[str]:
    """The drafts that must not be published."""
    if settings(env).drafts:
        return set()
    return {docname for docname, post in blog_data(env).posts.items() if post.draft}


def skip_drafts_when_writing(app: Sphinx) -> None:
    """Leave unpublished drafts (and documents whose page another one has) out of every
    write."""
    compat.skip_documents_when_writing(
        app.builder, lambda: unpublished(app.env) | skipped_documents(app)
    )


def hide_drafts(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Take drafts out of every stored toctree and every domain (``env-updated``)."""
    drafts = unpublished(env)
    compat.forget_objects(env, sorted(drafts))
    data = blog_data(env)
    changed = []
    for docname, included in list(compat.toctree_includes(env).items()):
        hidden = [d for d in included if d in drafts]
        if not hidden or not compat.drop_toctree_entries(app.builder, docname, drafts):
            continue
        data.put(HIDDEN, docname, sorted({*data.store(HIDDEN).get(docname, ()), *hidden}))
        changed.append(docname)
    return changed


def reread_toctree_holders(
    app: Sphinx, env: BuildEnvironment, added: Set[str], changed: Set[str], removed: Set[str]
) -> list[str]:
    """Read again the documents whose toctrees lost a draft that has since changed."""
    touched = set(changed) | set(removed)
    return sorted(
        doc
        for doc, drafts in blog_data(env).store(HIDDEN).items()
        if touched.intersection(drafts) and doc in env.found_docs
    )


def remove_stale_pages(app: Sphinx, exception: BaseException | None) -> None:
    """Delete the output of posts that became drafts since it was written, and their
    entries in the inventory."""
    if exception is not None:
        return
    builder = app.builder
    drafts = unpublished(app.env)
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

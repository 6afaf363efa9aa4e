"""Drafts are absent from every builder's output unless ``blog_drafts`` is set.

Sphinx reads a draft like any document, so its own warnings are reported.
Three things then keep it out of the output:

* the builder never writes it: html, dirhtml, singlehtml, text, latex, epub
  and gettext all write through ``write_documents``, which skips drafts;
* toctrees that list a draft (a ``:glob:`` over the blog, say) lose that
  entry in the stored doctree, so no navigation, single-page or LaTeX
  assembly reaches it; when the draft's source changes, the documents holding
  those toctrees are read again and the entry comes back once it is published;
* a page written while the post was still public is deleted.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx import addnodes
from sphinx.environment.collectors import EnvironmentCollector

from .model import blog_data

if TYPE_CHECKING:
    from collections.abc import Set

    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment


def unpublished(env: BuildEnvironment) -> set[str]:
    """The drafts that must not be published."""
    if env.config.blog_drafts:
        return set()
    return {docname for docname, post in blog_data(env).posts.items() if post.draft}


def skip_drafts_when_writing(app: Sphinx) -> None:
    """Wrap the builder's ``write_documents`` so that drafts are never written.

    ``write_documents`` is the one method every builder writes documents
    through; Sphinx offers no event that can take a document out of the
    set it is about to write.
    """
    builder = app.builder
    write_documents = builder.write_documents

    def write_published(docnames: Set[str]) -> None:
        drafts = unpublished(builder.env)
        write_documents({d for d in docnames if d not in drafts} if drafts else docnames)

    builder.write_documents = write_published  # type: ignore[method-assign]


def hide_drafts_in_toctrees(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Take drafts out of every stored toctree (``env-updated``)."""
    drafts = unpublished(env)
    data = blog_data(env)
    changed = []
    for docname, included in list(env.toctree_includes.items()):
        hidden = [d for d in included if d in drafts]
        if not hidden:
            continue
        doctree = env.get_doctree(docname)
        _drop_entries(doctree, drafts)
        app.builder.write_doctree(docname, doctree)
        # the next get_doctree() must read the file just written, not a cached copy
        getattr(env, "_pickled_doctree_cache", {}).pop(docname, None)
        if docname in env.tocs:
            _drop_entries(env.tocs[docname], drafts)
        env.toctree_includes[docname] = [d for d in included if d not in drafts]
        for draft in hidden:
            env.files_to_rebuild.get(draft, set()).discard(docname)
        data.hidden_entries[docname] = sorted({*data.hidden_entries.get(docname, ()), *hidden})
        changed.append(docname)
    return changed


def _drop_entries(tree: nodes.Node, drafts: set[str]) -> None:
    for toctree in tree.findall(addnodes.toctree):
        toctree["entries"] = [(t, ref) for t, ref in toctree["entries"] if ref not in drafts]
        toctree["includefiles"] = [f for f in toctree["includefiles"] if f not in drafts]


def reread_toctree_holders(
    app: Sphinx, env: BuildEnvironment, added: Set[str], changed: Set[str], removed: Set[str]
) -> list[str]:
    """Read again the documents whose toctrees lost a draft that has since changed."""
    touched = set(changed) | set(removed)
    return sorted(
        doc
        for doc, drafts in blog_data(env).hidden_entries.items()
        if touched.intersection(drafts) and doc in env.found_docs
    )


class DraftCollector(EnvironmentCollector):
    """Forgets which drafts a document's toctrees lost when it is read again."""

    def clear_doc(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        blog_data(env).hidden_entries.pop(docname, None)

    def merge_other(
        self, app: Sphinx, env: BuildEnvironment, docnames: Set[str], other: BuildEnvironment
    ) -> None:
        """Nothing to merge: entries are hidden after reading, in the main process."""

    def process_doc(self, app: Sphinx, doctree: nodes.document) -> None:
        """Nothing to collect while reading."""


def remove_stale_pages(app: Sphinx, exception: BaseException | None) -> None:
    """Delete the output of posts that became drafts since it was written."""
    if exception is not None:
        return
    builder = app.builder
    for docname in unpublished(app.env):
        for path in _outputs(builder, docname):
            path.unlink(missing_ok=True)
            if path.name == "index.html" and path.parent != Path(builder.outdir):
                with contextlib.suppress(OSError):
                    path.parent.rmdir()  # dirhtml: the folder, unless something else is in it


def _outputs(builder: Builder, docname: str) -> list[Path]:
    """The files a builder that writes one file per document wrote for ``docname``."""
    outdir = Path(builder.outdir)
    if builder.name in ("html", "dirhtml", "epub"):
        page = Path(builder.get_outfilename(docname))  # type: ignore[attr-defined]
        return [page, *(outdir / "_sources").glob(f"{docname}.*")]
    if builder.name in ("text", "xml", "pseudoxml"):
        return [outdir / f"{docname}{builder.out_suffix}"]  # type: ignore[attr-defined]
    return []


def setup_drafts(app: Sphinx) -> None:
    app.connect("builder-inited", skip_drafts_when_writing)
    app.connect("env-get-outdated", reread_toctree_holders)
    app.connect("env-updated", hide_drafts_in_toctrees)
    app.connect("build-finished", remove_stale_pages)
    app.add_env_collector(DraftCollector)

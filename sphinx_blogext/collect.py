"""One collector for every feature's per-document data, and data files read once.

Features keep plain data per document in the stores of
:class:`~.model.BlogData`. This collector forgets a document's entries in
every store when the document is read again, and merges them from the
processes of a parallel read. A feature whose data is what its directives
leave on a node class registers a node store with :func:`add_node_store`:
the collector then stores, for each document, the value of each such node,
in document order. A YAML file that a setting names (contributors, tags) is
read with :func:`read_data_file`, again only when it changed.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.environment.collectors import EnvironmentCollector

from . import frontmatter
from .model import blog_data
from .registry import NodeStore, registry
from .warnings import warn

if TYPE_CHECKING:
    from collections.abc import Callable, Set

    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from .warnings import Subtype


def add_node_store(
    app: Sphinx, name: str, node: type[nodes.Element], value: Callable[[nodes.Element], Any]
) -> None:
    """Keep ``value(node)`` of every ``node`` of a document in the store ``name``."""
    registry(app).node_stores[name] = NodeStore(name, node, value)


class BlogCollector(EnvironmentCollector):
    """Purges and merges every store; fills the node stores."""

    def clear_doc(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        for entries in blog_data(env).documents.values():
            entries.pop(docname, None)

    def merge_other(
        self, app: Sphinx, env: BuildEnvironment, docnames: Set[str], other: BuildEnvironment
    ) -> None:
        mine, theirs = blog_data(env), blog_data(other)
        for name, entries in theirs.documents.items():
            for docname in docnames:
                mine.put(name, docname, entries.get(docname))

    def process_doc(self, app: Sphinx, doctree: nodes.document) -> None:
        data, docname = blog_data(app.env), app.env.docname
        for store in registry(app).node_stores.values():
            data.put(store.name, docname, [store.value(n) for n in doctree.findall(store.node)])


def read_data_file(
    app: Sphinx,
    name: str,
    setting: str | None,
    read: Callable[[Path, frontmatter.Block], Any],
    *,
    subtype: Subtype,
    depends: Callable[[Any], object] = lambda value: None,
) -> None:
    """Read the YAML file ``setting`` names (relative to ``conf.py``) into the data file
    ``name``, with ``read(path, block)``; before each read phase, and only when the file,
    or what ``depends(value)`` says the value depends on (file stamps), changed. An
    unreadable file is reported and gives no value."""
    data = blog_data(app.env)
    if not setting:
        data.files.pop(name, None)
        return
    path = Path(app.confdir) / setting
    text, problem = frontmatter.data_file_text(path)
    stored, value = data.file(name)

    def digest(value: Any) -> str:
        basis = f"{path}\n{problem}\n{depends(value)!r}\n{text}"
        return hashlib.sha256(basis.encode("utf-8", "replace")).hexdigest()

    if stored and digest(value) == stored:
        return
    if problem:
        warn(problem, subtype=subtype, path=str(path))
        data.files[name] = (digest(None), None)
        return
    value = read(path, frontmatter.read_data_file(path, text, subtype=subtype))
    data.files[name] = (digest(value), value)


def setup_collect(app: Sphinx) -> None:
    app.add_env_collector(BlogCollector)

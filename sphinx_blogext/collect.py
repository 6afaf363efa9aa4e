"""One collector for every feature's per-document data.

Features keep plain data per document in the stores of
:class:`~.model.BlogData`. This collector forgets a document's entries in
every store when the document is read again, and merges them from the
processes of a parallel read. A feature whose data is what its directives
leave on a node class registers a node store with :func:`add_node_store`:
the collector then stores, for each document, the value of each such node,
in document order.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sphinx.environment.collectors import EnvironmentCollector

from .model import blog_data
from .registry import NodeStore, registry

if TYPE_CHECKING:
    from collections.abc import Callable, Set

    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


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


def setup_collect(app: Sphinx) -> None:
    app.add_env_collector(BlogCollector)

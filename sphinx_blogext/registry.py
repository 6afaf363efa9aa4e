"""What the features of one Sphinx app registered, and the state of its build: in one place.

Every extension point (taxonomies, route families, sections, document parts,
pages, files, findings, stamps, rewrites, role kinds, content sinks, node
stores, page data) is registered per app, through the functions of the
mechanism it extends (:mod:`.catalog`, :mod:`.routes`, :mod:`.outputs`,
:mod:`.refs`, :mod:`.collect`). Nothing is kept in module globals, so two
projects built one after the other in one process never see each other's
features or state.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from . import _sphinx_compat as compat

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.config import Config

    from .catalog import Definition, Taxonomy
    from .config import Settings
    from .model import BlogData
    from .outputs import BuildState, DocumentPart, FileOutput, PageOutput
    from .refs import RefKind
    from .render import Renderer
    from .routes import RouteFamily, Section
    from .warnings import Finding


@dataclass
class NodeStore:
    """Per-document data read from a node class: what a directive left in the doctree."""

    name: str
    node: type[nodes.Element]
    value: Callable[[nodes.Element], Any]


@dataclass
class Registry:
    """The extension points of one app, and the state of its current build."""

    taxonomies: dict[str, Taxonomy] = field(default_factory=dict)
    families: dict[str, RouteFamily] = field(default_factory=dict)
    sections: dict[str, Section] = field(default_factory=dict)
    parts: dict[str, DocumentPart] = field(default_factory=dict)
    pages: dict[str, Callable[[BuildState], Iterable[PageOutput]]] = field(default_factory=dict)
    files: dict[str, Callable[[BuildState], Iterable[FileOutput]]] = field(default_factory=dict)
    findings: dict[str, Callable[[BuildState], list[Finding]]] = field(default_factory=dict)
    stamps: dict[str, Callable[[BuildState], object]] = field(default_factory=dict)
    rewrites: dict[str, Callable[[BuildState], Iterable[str]]] = field(default_factory=dict)
    ref_kinds: dict[str, RefKind] = field(default_factory=dict)
    #: called with (state, docname, HTML) for the content of each post as it is written
    content_sinks: dict[str, Callable[[BuildState, str, str], None]] = field(default_factory=dict)
    node_stores: dict[str, NodeStore] = field(default_factory=dict)
    #: data every page of the site shows (navigation); a change rewrites every page
    site_data: dict[str, Callable[[BuildState], Any]] = field(default_factory=dict)
    #: what a page's template may ask of the blog by name (``blogext.get(name)``)
    page_data: dict[str, Callable[[BuildState, str], Any]] = field(default_factory=dict)
    #: definitions of a taxonomy's terms made by other features, by taxonomy
    definition_sources: dict[str, list[Callable[[BlogData, Config], Iterable[Definition]]]] = field(
        default_factory=dict
    )
    #: what a feature keeps for this app (its own reading of the configuration)
    features: dict[str, Any] = field(default_factory=dict)

    settings: Settings | None = None
    #: the build's "now" (the clock, or SOURCE_DATE_EPOCH), fixed when a build starts
    now: datetime | None = None
    #: the documents read in this build
    read: set[str] = field(default_factory=set)
    #: this build's state, made once reading is done
    state: BuildState | None = None
    renderer: Renderer | None = None


def registry(app: Sphinx) -> Registry:
    """The registry of ``app``, made on first use."""
    return compat.state_on(app, Registry)


def builder_registry(builder: Builder) -> Registry:
    """The registry of the app ``builder`` belongs to (translators know only their builder)."""
    return compat.state_on(builder, Registry)


def share_with_builder(app: Sphinx) -> None:
    """``builder-inited``: the builder carries its app's registry."""
    compat.share_state(app, app.builder)

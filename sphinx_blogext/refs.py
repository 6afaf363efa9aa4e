"""Roles that link into the blog from any document: ``{tag}``, ``{contributor}``.

A role leaves a placeholder naming its kind and target. The targets are
kept per document as plain data, and the output pipeline resolves them once
the whole blog is known, so a link follows a renamed tag or contributor on
an incremental build. A target that leads nowhere is a located warning
(with the closest known name) and stays as plain text.

Each capability registers its kind with :func:`add_ref_kind`; the kinds of
one app live in its registry.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.util.docutils import SphinxRole

from . import frontmatter
from .collect import add_node_store
from .outputs import DocumentPart, add_document_part, add_findings
from .registry import registry
from .render import make_fragment
from .warnings import Finding, Subtype, suggestion

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.application import Sphinx

    from .outputs import BuildState


@dataclass(frozen=True, eq=False)
class RefKind:
    name: str
    #: the (display name, link) of a target as seen from a page, or None if unknown
    resolve: Callable[[BuildState, str, str], tuple[str, str] | None]
    #: names to suggest for a target that matches nothing
    known: Callable[[BuildState], list[str]]
    #: what a target that matches nothing is reported as
    subtype: Subtype
    #: the link's ``rel`` in HTML (``tag`` for tags)
    rel: str = ""


def add_ref_kind(app: Sphinx, kind: RefKind) -> None:
    registry(app).ref_kinds[kind.name] = kind
    app.add_role(kind.name, BlogRefRole(kind.name))


class blog_ref(nodes.inline):
    """A role's placeholder; carries ``kind`` and ``target``."""


class BlogRefRole(SphinxRole):
    """``:kind:`target``` or ``:kind:`text <target>```."""

    def __init__(self, kind: str) -> None:
        self.kind = kind

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        text = frontmatter.clean_text(self.text).strip()
        label, target = text, text
        if text.endswith(">") and "<" in text:
            label, target = text[:-1].split("<", 1)
            label, target = label.strip(), target.strip()
        # the text is a child, so the words stay wherever the node is not replaced
        explicit = label != target
        node = blog_ref(text, label, kind=self.kind, target=target, explicit=explicit)
        self.set_source_info(node)
        return [node], []


def refs_context(state: BuildState, docname: str) -> list[tuple[str, str]] | None:
    """The (name, link) of each role in ``docname``; a link of "" for unknown targets."""
    refs = state.data.store("refs").get(docname)
    if not refs:
        return None
    kinds = state.registry.ref_kinds
    resolved = []
    for kind, target, _line in refs:
        found = kinds[kind].resolve(state, docname, target) if kind in kinds else None
        resolved.append(found or (target, ""))
    return resolved


def insert_refs(state: BuildState, doctree: nodes.Node, docname: str, refs: object) -> None:
    """Replace each role by its link, worked out from the node itself.

    (``refs``, the part's data, only decides which pages are written again.)
    """
    for node in list(doctree.findall(blog_ref)):
        kind = state.registry.ref_kinds.get(node["kind"])
        found = kind.resolve(state, docname, node["target"]) if kind is not None else None
        name, url = found or (node["target"], "")
        text = node.astext() if node.get("explicit") else name
        classes = [f"blogext-{node['kind']}-ref"]
        new: nodes.Node
        if url and state.html and kind is not None and kind.rel:
            # docutils links carry no rel; the text stays searchable
            link = {"text": text, "url": url, "rel": kind.rel, "class": classes[0]}
            new = make_fragment("link.html", link, [text])
        elif url:
            new = nodes.reference(text, text, refuri=url, classes=classes)
        else:
            new = nodes.inline(text, text, classes=classes)
        node.replace_self(new)


def ref_findings(state: BuildState) -> list[Finding]:
    findings = []
    kinds = state.registry.ref_kinds
    for docname, refs in sorted(state.data.store("refs").items()):
        for kind, target, line in refs:
            spec = kinds.get(kind)
            if spec is None or spec.resolve(state, docname, target) is not None:
                continue
            hint = suggestion(target, spec.known(state))
            findings.append(Finding(f"no {kind} {target!r}{hint}", docname, line, spec.subtype))
    return findings


def setup_refs(app: Sphinx) -> None:
    app.add_node(blog_ref)
    add_node_store(app, "refs", blog_ref, lambda n: (n["kind"], n["target"], n.line))
    add_document_part(
        app,
        DocumentPart("refs", lambda state: state.data.store("refs"), refs_context, insert_refs),
    )
    add_findings(app, "refs", ref_findings)

"""Roles that link into the blog from any document: ``{tag}``, ``{contributor}``.

A role leaves a placeholder naming its kind and target. The targets are
kept per document as plain data, and the output pipeline resolves them once
the whole blog is known, so a link follows a renamed tag or contributor on
an incremental build. A target that leads nowhere is a located warning
(with the closest known name) and stays as plain text.

Each capability registers its kind with :func:`add_ref_kind`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.environment.collectors import EnvironmentCollector
from sphinx.util.docutils import SphinxRole

from . import frontmatter
from .model import blog_data
from .outputs import DocumentPart, add_document_part, add_findings
from .render import make_fragment
from .warnings import Finding, suggestion

if TYPE_CHECKING:
    from collections.abc import Callable, Set

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from .outputs import BuildState


@dataclass(frozen=True)
class RefKind:
    name: str
    #: the (display name, link) of a target as seen from a page, or None if unknown
    resolve: Callable[[BuildState, str, str], tuple[str, str] | None]
    #: names to suggest for a target that matches nothing
    known: Callable[[BuildState], list[str]]
    #: the link's ``rel`` in HTML (``tag`` for tags)
    rel: str = ""


_KINDS: dict[str, RefKind] = {}


def add_ref_kind(kind: RefKind, app: Sphinx) -> None:
    _KINDS[kind.name] = kind
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


class RefCollector(EnvironmentCollector):
    """Keeps the targets of each document's roles."""

    def clear_doc(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        blog_data(env).refs.pop(docname, None)

    def merge_other(
        self, app: Sphinx, env: BuildEnvironment, docnames: Set[str], other: BuildEnvironment
    ) -> None:
        mine, theirs = blog_data(env), blog_data(other)
        for docname in docnames:
            if docname in theirs.refs:
                mine.refs[docname] = theirs.refs[docname]

    def process_doc(self, app: Sphinx, doctree: nodes.document) -> None:
        data, docname = blog_data(app.env), app.env.docname
        refs = [(n["kind"], n["target"], n.line) for n in doctree.findall(blog_ref)]
        if refs:
            data.refs[docname] = refs
        else:
            data.refs.pop(docname, None)


def refs_context(state: BuildState, docname: str) -> list[tuple[str, str]] | None:
    """The (name, link) of each role in ``docname``; a link of "" for unknown targets."""
    refs = state.data.refs.get(docname)
    if not refs:
        return None
    resolved = []
    for kind, target, _line in refs:
        found = _KINDS[kind].resolve(state, docname, target) if kind in _KINDS else None
        resolved.append(found or (target, ""))
    return resolved


def insert_refs(state: BuildState, doctree: nodes.Node, docname: str, refs: object) -> None:
    """Replace each role by its link, worked out from the node itself.

    (``refs``, the part's data, only decides which pages are written again.)
    """
    for node in list(doctree.findall(blog_ref)):
        kind = _KINDS.get(node["kind"])
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
    for docname, refs in sorted(state.data.refs.items()):
        for kind, target, line in refs:
            spec = _KINDS.get(kind)
            if spec is None or spec.resolve(state, docname, target) is not None:
                continue
            hint = suggestion(target, spec.known(state))
            findings.append(Finding(f"no {kind} {target!r}{hint}", docname, line, kind))
    return findings


def setup_refs(app: Sphinx) -> None:
    app.add_node(blog_ref)
    app.add_env_collector(RefCollector)
    add_document_part(
        DocumentPart("refs", lambda state: state.data.refs, refs_context, insert_refs)
    )
    add_findings("refs", ref_findings)

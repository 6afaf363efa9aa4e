"""The read-more marker: where a post's author ends its excerpt.

``<!-- more -->`` on a line of its own in Markdown (Hugo's ``<!--more-->``, Material for
MkDocs' ``<!-- more -->``, Docusaurus' ``<!-- truncate -->``), or the comment
``.. more`` in reStructuredText, ends the excerpt: listings and feed summaries show the
post's content before it, with its markup. MyST keeps an HTML comment as a ``raw``
node, reStructuredText as a ``comment`` node; only one standing between blocks counts
(a comment inside a paragraph is left alone).

The excerpt is rendered here, once, when the post is read, with docutils' own HTML
writer: paragraphs, lists, emphasis, code, quotes and external links keep their markup.
What has no meaning outside the post's page is reduced to its text: cross-references
(the listing is another page), Sphinx's and extensions' own nodes, footnote
references; raw HTML, images, comments and targets are left out. Links keep only
addresses that are safe (http, https, mailto, relative), as everywhere in the blog.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

from docutils import io, nodes, utils

from .urls import unsafe_url_reason

if TYPE_CHECKING:
    from docutils.frontend import Values

#: The words of a marker: ``<!-- more -->``, ``<!--more-->``, ``<!-- truncate -->``.
MARKER_WORDS = ("more", "truncate")
_HTML_MARKER = re.compile(r"\s*<!--\s*(?:more|truncate)\s*-->\s*", re.IGNORECASE)
#: Block nodes left out of an excerpt.
_LEFT_OUT = (
    nodes.raw,
    nodes.comment,
    nodes.target,
    nodes.image,
    nodes.figure,
    nodes.substitution_definition,
    nodes.system_message,
    nodes.pending,
    nodes.footnote,
    nodes.citation,
    nodes.title,
    nodes.docinfo,
    nodes.meta,
)


def is_marker(node: nodes.Node) -> bool:
    """Whether a node is a read-more marker standing between blocks."""
    if not isinstance(node.parent, nodes.section | nodes.document):
        return False
    if isinstance(node, nodes.raw):
        return "html" in node.get("format", "").split() and bool(
            _HTML_MARKER.fullmatch(node.astext())
        )
    if isinstance(node, nodes.comment):
        return node.astext().strip().casefold() in MARKER_WORDS
    return False


def before_marker(doctree: nodes.document) -> list[nodes.Element] | None:
    """The blocks of a post's body before its marker (copies), or None without one."""
    marker = next((n for n in doctree.findall(nodes.Element) if is_marker(n)), None)
    if marker is None:
        return None
    blocks: list[nodes.Element] = []
    for node in doctree.findall(nodes.Element):
        if node is marker:
            break
        parent = node.parent
        if not isinstance(parent, nodes.section | nodes.document):
            continue
        if isinstance(node, nodes.title) and isinstance(parent, nodes.section):
            if parent.parent is not doctree:
                # a heading inside the excerpt: a strong line, not a second page title
                blocks.append(nodes.paragraph("", "", nodes.strong("", node.astext())))
            continue
        if isinstance(node, (nodes.section, *_LEFT_OUT)) or not isinstance(node, nodes.Body):
            continue
        blocks.append(node.deepcopy())
    return blocks


def render_html(blocks: list[nodes.Element]) -> str:
    """The blocks as safe HTML (docutils' writer, after :func:`plain_nodes`)."""
    from docutils.writers.html5_polyglot import Writer

    document = utils.new_document("<excerpt>", _settings())
    for block in blocks:
        document += plain_nodes(block)
    if not document.children:
        return ""
    for node in document.findall(nodes.Element, include_self=False):
        # ids and names belong to the post's page; a listing would repeat them
        node["ids"], node["names"] = [], []
    writer = Writer()
    writer.write(document, io.StringOutput(encoding="unicode"))
    writer.assemble_parts()
    return str(writer.parts["body"]).strip()


def plain_nodes(node: nodes.Element) -> nodes.Element:
    """A block with what only the post's page can show reduced to its text."""
    for child in list(node.findall(nodes.Element, include_self=False)):
        parent = child.parent
        if parent is None:
            continue  # inside a node replaced already
        if isinstance(child, (*_LEFT_OUT, nodes.footnote_reference, nodes.citation_reference)):
            parent.remove(child)
        elif isinstance(child, nodes.reference):
            uri = str(child.get("refuri", ""))
            if not uri or unsafe_url_reason(uri) or uri.startswith("#"):
                parent.replace(child, nodes.inline("", child.astext()))
            else:
                child.attributes = {**_reset(child), "refuri": uri}
        elif type(child).__module__ != nodes.__name__:
            # a node of Sphinx or an extension (a cross-reference, a design card)
            made = nodes.inline if isinstance(parent, nodes.TextElement) else nodes.paragraph
            parent.replace(child, made("", child.astext()))
    if type(node).__module__ != nodes.__name__:
        return nodes.paragraph("", node.astext())
    return node


def _reset(node: nodes.Element) -> dict[str, object]:
    """The list attributes every node has, empty (a link keeps only its address)."""
    return {key: [] for key in node.list_attributes}


@functools.cache
def _settings() -> Values:
    from docutils.frontend import get_default_settings
    from docutils.writers.html5_polyglot import Writer

    found = get_default_settings(Writer)
    found.report_level = 5
    found.halt_level = 5
    found.output_encoding = "unicode"
    found.syntax_highlight = "none"
    found.math_output = "HTML"
    return found

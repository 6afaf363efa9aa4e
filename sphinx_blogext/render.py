"""Rendering the extension's templates, and the node that carries the result.

Templates live in ``templates/blogext/``. A theme, or the project's own
``templates_path``, can override any of them by shipping a file of the same
name under ``blogext/``.

What the blog adds around a post (header, footer, listings) reaches the page
as a :class:`fragment` node: its HTML is an attribute, not text, so Sphinx's
search index does not see it. Only the text a fragment is meant to be found
by (a post's lead and tags) is given to it as child nodes, which the search
indexer reads and the HTML writer skips.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
from docutils import nodes
from markupsafe import Markup, escape
from sphinx.locale import get_translation, get_translator

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from sphinx.builders import Builder
    from sphinx.writers.html5 import HTML5Translator

    from .views import AuthorView, PostView, TagView

_ = get_translation("sphinx_blogext")

TEMPLATES = Path(__file__).parent / "templates"


class fragment(nodes.General, nodes.Element):
    """A blog template and its data, rendered by the HTML writer; invisible to search.

    Rendering happens when the page is written, so a ``-j`` build renders
    fragments in its writer processes rather than in the main process.
    """


#: Called with (builder, docname, HTML) for the content of each post as it is written.
CONTENT_SINKS: dict[str, Callable[[Builder, str, str], None]] = {}


def visit_fragment(translator: HTML5Translator, node: fragment) -> None:
    # a post's content is the HTML written between its header and its footer
    capture = node.get("capture")
    if capture == "end":
        start: int | None = getattr(translator, "_blogext_content_start", None)
        if start is not None:
            content = "".join(translator.body[start:])
            for sink in CONTENT_SINKS.values():
                sink(translator.builder, translator.builder.current_docname, content)
    translator.body.append(
        renderer_for(translator.builder).render(node["template"], node["context"])
    )
    if capture == "start":
        translator._blogext_content_start = len(translator.body)
    raise nodes.SkipNode


def make_fragment(
    template: str,
    context: dict[str, Any],
    searchable: list[str] | None = None,
    *,
    capture: str = "",
) -> fragment:
    """A fragment node; ``capture`` ("start" or "end") marks the edges of a post's content."""
    node = fragment(template=template, context=context, capture=capture)
    for text in searchable or ():
        if text:
            node += nodes.paragraph(text=text)
    return node


def append_to_body(doctree: nodes.document, node: nodes.Node) -> None:
    """Put ``node`` at the end of the document's last top-level section."""
    sections = [c for c in doctree.children if isinstance(c, nodes.section)]
    (sections[-1] if sections else doctree).append(node)


def json_ld(data: dict[str, Any]) -> str:
    """A JSON-LD ``<script>``; ``<``, ``>`` and ``&`` are escaped so no text can end it."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/ld+json">{text}</script>'


def renderer_for(builder: Builder) -> Renderer:
    """One renderer per builder (and per process: a forked writer has its copy)."""
    renderer: Renderer | None = getattr(builder, "_blogext_renderer", None)
    if renderer is None:
        renderer = Renderer(builder)
        builder._blogext_renderer = renderer  # type: ignore[attr-defined]
    return renderer


class Renderer:
    """Renders the extension's templates, letting the theme and project override them."""

    def __init__(self, builder: Builder) -> None:
        search: list[str] = [str(builder.confdir / p) for p in builder.config.templates_path]
        theme = getattr(builder, "theme", None)
        if theme is not None:
            search.extend(str(d) for d in theme.get_theme_dirs())
        search.append(str(TEMPLATES))
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(search),
            autoescape=True,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=False,
        )
        self.env.globals["_"] = _
        self.env.globals["ngettext"] = ngettext
        self.env.globals["meta_line"] = meta_line
        self.env.globals["tag_links"] = tag_links
        self.env.globals["avatar"] = avatar
        self.env.globals["byline_name"] = byline_name
        self.env.filters["minutes"] = minutes

    def render(self, name: str, context: dict[str, Any]) -> Markup:
        """Rendered HTML, marked safe so that it nests in other templates unescaped."""
        return Markup(self.env.get_template(f"blogext/{name}").render(**context))


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural message for ``count``, translated."""
    return get_translator("sphinx_blogext").ngettext(singular, plural, count)


_SEP = '<span class="blogext-sep" aria-hidden="true"> · </span>'

# The helpers below are rendered for every post on every page that shows posts:
# they join escaped text with plain f-strings, several times faster than
# Markup.format, and every value goes through escape().


def meta_line(post: PostView, authors: Sequence[AuthorView] = (), updated: bool = True) -> Markup:
    """Date, update, reading time and byline, joined by separators."""
    parts = []
    if post.date:
        date = post.date
        parts.append(
            f'<time class="blogext-date" datetime="{escape(date.iso)}">{escape(date.text)}</time>'
        )
    if updated and post.updated:
        later, label = post.updated, escape(_("Updated"))
        parts.append(
            f'<span class="blogext-updated">{label} '
            f'<time datetime="{escape(later.iso)}">{escape(later.text)}</time></span>'
        )
    if post.reading_minutes:
        text = escape(minutes(post.reading_minutes))
        parts.append(f'<span class="blogext-reading-time">{text}</span>')
    if authors:
        names, by = ", ".join(byline_name(author) for author in authors), escape(_("By"))
        parts.append(f'<span class="blogext-byline">{by} {names}</span>')
    return Markup(_SEP.join(parts))


def avatar(author: AuthorView, size: int = 24) -> Markup:
    """The avatar image of a contributor, or their initials in its place."""
    size = int(size)
    if author.avatar:
        return Markup(
            f'<img class="blogext-avatar" src="{escape(author.avatar)}" alt="" width="{size}" '
            f'height="{size}" loading="lazy">'
        )
    # an inline image, so that it lines up with text exactly like an <img> does
    return Markup(
        f'<svg class="blogext-avatar blogext-initials" viewBox="0 0 40 40" width="{size}" '
        f'height="{size}" aria-hidden="true" focusable="false"><circle cx="20" cy="20" r="20"/>'
        f'<text x="20" y="20" dy="0.35em" text-anchor="middle">{escape(author.initials)}'
        "</text></svg>"
    )


def byline_name(author: AuthorView, rel: str = "author") -> Markup:
    """A contributor in a byline: avatar and name, linked to their page (as the
    page's author, unless ``rel`` says otherwise: a talk's speakers)."""
    inner = f'{avatar(author)}<span class="blogext-author">{escape(author.name)}</span>'
    if author.url:
        relation = f' rel="{escape(rel)}"' if rel else ""
        return Markup(
            f'<a class="blogext-author-link"{relation} href="{escape(author.url)}">{inner}</a>'
        )
    return Markup(f'<span class="blogext-author-link">{inner}</span>')


def tag_links(tags: Sequence[TagView]) -> Markup:
    """A post's tags, each linked to its page with ``rel="tag"`` (plain text without one)."""
    if not tags:
        return Markup("")
    items = []
    for tag in tags:
        name = escape(tag.name)
        if tag.url:
            name = Markup(f'<a href="{escape(tag.url)}" rel="tag">{name}</a>')
        items.append(f'<li class="blogext-tag">{name}</li>')
    label = escape(_("Tags"))
    return Markup(f'<ul class="blogext-tags" aria-label="{label}">\n{"".join(items)}\n</ul>')


def minutes(count: int) -> str:
    return _("%d min read") % count


def facts_text(post: PostView, authors: Sequence[AuthorView] = ()) -> str:
    """The meta line as plain text, for builders other than HTML."""
    facts = []
    if post.date:
        facts.append(post.date.iso[:10])
    if post.reading_minutes:
        facts.append(minutes(post.reading_minutes))
    if authors:
        facts.append(_("By") + " " + ", ".join(author.name for author in authors))
    return " · ".join(facts)

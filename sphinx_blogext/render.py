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

import dataclasses
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
from docutils import nodes
from markupsafe import Markup, escape
from sphinx.locale import get_translation, get_translator

from . import _sphinx_compat as compat
from .registry import builder_registry

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sphinx.builders import Builder
    from sphinx.writers.html5 import HTML5Translator

    from .registry import Registry
    from .views import AuthorView, PostView, TagView

_ = get_translation("sphinx_blogext")

TEMPLATES = Path(__file__).parent / "templates"


class fragment(nodes.General, nodes.Element):
    """A blog template and its data, rendered by the HTML writer; invisible to search.

    Rendering happens when the page is written, so a ``-j`` build renders
    fragments in its writer processes rather than in the main process.
    """


def visit_fragment(translator: HTML5Translator, node: fragment) -> None:
    state = builder_registry(translator.builder).state
    if state is None:  # a builder that never read the blog: nothing to show
        raise nodes.SkipNode
    html = state.render(node["template"], node["context"])
    capture = node.get("capture")
    if capture:
        # the edges of a post's content: the HTML between them is the post's own
        state.captured.setdefault(node["docname"], {})[capture] = str(html)
    translator.body.append(html)
    raise nodes.SkipNode


def make_fragment(
    template: str,
    context: object,
    searchable: list[str] | None = None,
    *,
    capture: str = "",
    docname: str = "",
) -> fragment:
    """A fragment node; ``capture`` ("start" or "end") marks the edges of ``docname``'s
    content."""
    node = fragment(template=template, context=context, capture=capture, docname=docname)
    for text in searchable or ():
        if text:
            node += nodes.paragraph(text=text)
    return node


def append_to_body(doctree: nodes.Element, node: nodes.Node) -> None:
    """Put ``node`` at the end of the document's last top-level section, after all of
    the document's own content.

    What follows that section moves into it first: MyST puts a document's
    footnotes (and the transition above them) there, and they belong to the
    text, above what the blog adds after it.
    """
    sections = [i for i, c in enumerate(doctree.children) if isinstance(c, nodes.section)]
    if not sections:
        doctree.append(node)
        return
    last = sections[-1]
    section = doctree.children[last]
    assert isinstance(section, nodes.Element)
    trailing = doctree.children[last + 1 :]
    del doctree.children[last + 1 :]
    section.extend(trailing)
    section.append(node)


def json_ld(data: dict[str, Any]) -> str:
    """A JSON-LD ``<script>``; ``<``, ``>`` and ``&`` are escaped so no text can end it."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/ld+json">{text}</script>'


def renderer(found: Registry, builder: Builder) -> Renderer:
    """One renderer per app and builder (and per process: a forked writer has its copy)."""
    if found.renderer is None or found.renderer.builder is not builder:
        found.renderer = Renderer(builder)
    return found.renderer


class Renderer:
    """Renders the extension's templates, letting the theme and project override them."""

    def __init__(self, builder: Builder) -> None:
        self.builder = builder
        search: list[str] = [str(builder.confdir / p) for p in builder.config.templates_path]
        search.extend(compat.theme_folders(builder))
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

    def render(self, name: str, context: object) -> Markup:
        """Rendered HTML, marked safe so that it nests in other templates unescaped.

        ``context`` is a view (its fields are the template's names) or a mapping.
        """
        return Markup(self.env.get_template(f"blogext/{name}").render(**_names(context)))


def _names(context: object) -> dict[str, Any]:
    if isinstance(context, dict):
        return context
    if dataclasses.is_dataclass(context) and not isinstance(context, type):
        return {f.name: getattr(context, f.name) for f in dataclasses.fields(context)}
    raise TypeError(f"a template context must be a view or a mapping, not {type(context)}")


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural message for ``count``, translated."""
    return get_translator("sphinx_blogext").ngettext(singular, plural, count)


# The helpers below are rendered for every post on every page that shows posts:
# they join escaped text with plain f-strings, several times faster than
# Markup.format, and every value goes through escape().


def meta_line(post: PostView, authors: Sequence[AuthorView] = (), updated: bool = True) -> Markup:
    """Date, update, reading time and byline, each an item; the style sheet draws the
    separators between them."""
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
    # each item a unit (styles keep it on one line, after the separator they draw
    # before every item, and clip where it starts a line); a <wbr> between them is where
    # the line may break, so a wrapped line neither ends nor starts with a dot
    items = [f'<span class="blogext-meta-item">{part}</span>' for part in parts]
    return Markup("<wbr>".join(items))


def avatar(author: AuthorView, size: int = 24) -> Markup:
    """The avatar image of a contributor, or their initials in its place."""
    size = int(size)
    if author.avatar:
        src, srcset = author.avatar, ""
        if author.avatars:
            # the smallest copy that fills the box, and one for screens of two pixels per
            # pixel; with a quarter to spare, for themes that show avatars larger (in em)
            one = next((url for width, url in author.avatars if width >= 1.25 * size), "")
            two = next((url for width, url in author.avatars if width >= 2.5 * size), "")
            src = one or author.avatars[-1][1]
            two = two or author.avatars[-1][1]
            srcset = f' srcset="{escape(src)} 1x, {escape(two)} 2x"' if two and two != src else ""
        return Markup(
            f'<img class="blogext-avatar" src="{escape(src)}"{srcset} alt="" width="{size}" '
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


def tag_links(tags: Sequence[TagView], more: int = 0) -> Markup:
    """A post's tags, each linked to its page with ``rel="tag"`` (plain text without one),
    and how many more it has when a listing shows only the first."""
    if not tags:
        return Markup("")
    items = []
    for tag in tags:
        name = escape(tag.name)
        if tag.url:
            name = Markup(f'<a href="{escape(tag.url)}" rel="tag">{name}</a>')
        items.append(f'<li class="blogext-tag">{name}</li>')
    if more > 0:
        shown = escape(_("+%d more") % more)
        said = ngettext("and %(num)d more tag", "and %(num)d more tags", more) % {"num": more}
        told = escape(said)
        items.append(
            f'<li class="blogext-tag blogext-more-tags"><span aria-hidden="true">{shown}</span>'
            f'<span class="blogext-visually-hidden">{told}</span></li>'
        )
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

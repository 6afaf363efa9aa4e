"""What a post page shows besides its body: header, footer, metadata, drafts."""

from __future__ import annotations

import contextlib
import html
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.locale import get_translation

from .listings import index_pagename
from .model import Post
from .posts import blog_data
from .render import entry_view, entry_views, renderer_for, site_builder

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

_ = get_translation("sphinx_blogext")


def decorate_post(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Add the header under a post's title and the footer after its body."""
    post = blog_data(app.env).posts.get(docname)
    if post is None:
        return
    section = next((c for c in doctree.children if isinstance(c, nodes.section)), None)
    container: nodes.Element = section if section is not None else doctree
    title_index = next(
        (i for i, c in enumerate(container.children) if isinstance(c, nodes.title)), -1
    )
    builder = app.builder
    header, footer = _header(builder, post), _footer(builder, post)
    container.insert(title_index + 1, header)
    last = [c for c in doctree.children if isinstance(c, nodes.section)]
    (last[-1] if last else doctree).append(footer)


def _header(builder: Builder, post: Post) -> nodes.Node:
    if builder.format == "html":
        html_text = renderer_for(builder).render(
            "post_header.html", entry=entry_view(builder, post.docname, post), lead=post.lead
        )
        return nodes.raw("", html_text, format="html")
    header = nodes.container(classes=["blogext-post-header"])
    if post.lead:
        header += nodes.paragraph(text=post.lead)
    facts = []
    if post.date:
        facts.append(post.date.date().isoformat())
    facts.append(_("%d min read") % post.reading_minutes)
    if post.contributors:
        facts.append(", ".join(post.contributors))
    header += nodes.paragraph(text=" · ".join(facts))
    if post.tags:
        header += nodes.paragraph(text=_("Tags") + ": " + ", ".join(post.tags))
    return header


def neighbours_and_related(
    env: BuildEnvironment, post: Post
) -> tuple[Post | None, Post | None, list[Post]]:
    catalog = blog_data(env).catalog
    older, newer = catalog.neighbours(post.docname)
    related = catalog.related(post, env.config.blog_related_posts) if not post.draft else []
    return older, newer, related


def _footer(builder: Builder, post: Post) -> nodes.Node:
    older, newer, related = neighbours_and_related(builder.env, post)
    docname = post.docname
    if builder.format == "html":
        html_text = renderer_for(builder).render(
            "post_footer.html",
            older=entry_view(builder, docname, older) if older else None,
            newer=entry_view(builder, docname, newer) if newer else None,
            related=entry_views(builder, docname, related),
            index_url=builder.get_relative_uri(docname, index_pagename(builder.env, 1)),
        )
        return nodes.raw("", html_text, format="html")
    footer = nodes.container(classes=["blogext-post-footer"])
    if older:
        footer += nodes.paragraph(text=_("Older post") + ": " + older.title)
    if newer:
        footer += nodes.paragraph(text=_("Newer post") + ": " + newer.title)
    if related:
        footer += nodes.paragraph(
            text=_("Related posts") + ": " + "; ".join(p.title for p in related)
        )
    return footer


def post_fingerprint(env: BuildEnvironment, post: Post) -> tuple[object, ...]:
    """What a post page shows of other posts, to tell whether it must be rewritten."""
    older, newer, related = neighbours_and_related(env, post)
    return tuple((p.docname, p.title, p.date) if p else None for p in (older, newer, *related))


def add_meta_tags(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """``<meta name="description">`` from the front matter; noindex for published drafts."""
    if doctree is None:
        return
    post = blog_data(app.env).posts.get(pagename)
    if post is None:
        return
    tags = context.get("metatags", "")
    extra = []
    if post.description and 'name="description"' not in tags:
        extra.append(f'<meta name="description" content="{html.escape(post.description)}">')
    if post.draft:
        extra.append('<meta name="robots" content="noindex">')
    if extra:
        context["metatags"] = tags + "\n" + "\n".join(extra)


def unpublish_drafts(app: Sphinx, exception: BaseException | None) -> None:
    """Remove the pages of drafts from the output unless ``blog_drafts`` is set.

    Sphinx writes every document it has read; a draft's page (and its copied
    source) is deleted once the build is done, so it is never published.
    """
    builder = site_builder(app.builder)
    if exception is not None or app.config.blog_drafts or builder is None:
        return
    for post in blog_data(app.env).posts.values():
        if not post.draft:
            continue
        page = builder.get_outfilename(post.docname)
        page.unlink(missing_ok=True)
        if page.name == "index.html" and page.parent != builder.outdir:
            with contextlib.suppress(OSError):
                page.parent.rmdir()  # dirhtml: the folder, unless something else is in it
        for copied in (builder.outdir / "_sources").glob(f"{post.docname}.*"):
            copied.unlink(missing_ok=True)


def drop_drafts_from_search(app: Sphinx) -> list[tuple[str, dict[str, Any], str]]:
    """Take unpublished drafts out of the search index before Sphinx writes it.

    Connected to ``html-collect-pages``, which runs just before the index is dumped.
    """
    builder = site_builder(app.builder)
    indexer = getattr(builder, "indexer", None)
    if indexer is not None and not app.config.blog_drafts:
        drafts = {d for d, post in blog_data(app.env).posts.items() if post.draft}
        if drafts:
            indexer.prune(set(app.env.all_docs) - drafts)
    return []


def setup_postpage(app: Sphinx) -> None:
    app.connect("doctree-resolved", decorate_post)
    app.connect("html-page-context", add_meta_tags)
    app.connect("build-finished", unpublish_drafts)
    app.connect("html-collect-pages", drop_drafts_from_search)

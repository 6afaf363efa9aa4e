"""What a post page shows besides its body: the header and the footer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.locale import get_translation

from .catalog import is_scheduled
from .outputs import DocumentPart, add_document_part
from .render import append_to_body, facts_text, make_fragment
from .routes import POSTS
from .views import PostFooter, PostHeader, PostPage

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from .model import Post
    from .outputs import BuildState

_ = get_translation("sphinx_blogext")


def post_context(state: BuildState, docname: str) -> PostPage | None:
    """The data of a post page's header and footer."""
    catalog = state.catalog
    post = catalog.posts.get(docname)
    if post is None:
        return None
    views, routes = state.views, state.routes
    older, newer = catalog.neighbours(docname)
    related = catalog.related(post, state.settings.related_posts)
    authors = views.authors(docname, post)
    people = catalog.terms.get("contributors", {})
    index = routes.pages_of(POSTS)[:1]
    return PostPage(
        PostHeader(
            views.post(post),
            authors,
            views.tags(docname, post),
            views.categories(docname, post),
            views.cover(docname, post),
            _scheduled(state, post),
        ),
        PostFooter(
            bios=tuple(views.profile(docname, a.slug) for a in authors if a.slug in people),
            older=views.entry(docname, older) if older else None,
            newer=views.entry(docname, newer) if newer else None,
            related=views.entries(docname, related),
            index_url=routes.url(docname, index[0].pagename) if index else "",
        ),
    )


def insert_post_parts(
    state: BuildState, doctree: nodes.document, docname: str, context: PostPage
) -> None:
    """Put the header under the post's title and the footer after its body."""
    section = next((c for c in doctree.children if isinstance(c, nodes.section)), None)
    container: nodes.Element = section if section is not None else doctree
    title_index = next(
        (i for i, c in enumerate(container.children) if isinstance(c, nodes.title)), -1
    )
    header, footer = context.header, context.footer
    post = header.post
    if state.html:
        # the lead and the tags are the post's own words: searchable, unlike the rest
        header_node: nodes.Node = make_fragment(
            "post_header.html",
            header,
            [post.lead, " ".join(post.tags)],
            capture="start",
            docname=docname,
        )
        footer_node: nodes.Node = make_fragment(
            "post_footer.html", footer, capture="end", docname=docname
        )
    else:
        header_node, footer_node = _text_header(header), _text_footer(footer)
    container.insert(title_index + 1, header_node)
    append_to_body(doctree, footer_node)


def _text_header(header: PostHeader) -> nodes.Node:
    post = header.post
    node = nodes.container(classes=["blogext-post-header"])
    if post.lead:
        node += nodes.paragraph(text=post.lead)
    node += nodes.paragraph(text=facts_text(post, header.authors))
    if header.tags:
        node += nodes.paragraph(text=_("Tags") + ": " + ", ".join(t.name for t in header.tags))
    return node


def _text_footer(footer: PostFooter) -> nodes.Node:
    node = nodes.container(classes=["blogext-post-footer"])
    for profile in footer.bios:
        about = profile.author.name + (f", {profile.role}" if profile.role else "")
        node += nodes.paragraph(text=" — ".join(t for t in (about, profile.bio_text) if t))
    if footer.older:
        node += nodes.paragraph(text=_("Older post") + ": " + footer.older.post.title)
    if footer.newer:
        node += nodes.paragraph(text=_("Newer post") + ": " + footer.newer.post.title)
    if footer.related:
        titles = "; ".join(entry.post.title for entry in footer.related)
        node += nodes.paragraph(text=_("Related posts") + ": " + titles)
    return node


def setup_postpage(app: Sphinx) -> None:
    add_document_part(
        app, DocumentPart("post", lambda state: state.data.posts, post_context, insert_post_parts)
    )


def _scheduled(state: BuildState, post: Post) -> str:
    """The date of a post shown before it (a preview with ``blog_build_future``), or ""."""
    if not (state.settings.build_future and is_scheduled(post, state.now)):
        return ""
    found = state.views.post(post).date
    return found.text if found is not None else ""

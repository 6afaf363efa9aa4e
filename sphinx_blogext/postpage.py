"""What a post page shows besides its body: header, footer and page metadata."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.locale import get_translation

from .outputs import DocumentPart, add_document_part, state_of
from .render import append_to_body, facts_text, json_ld, make_fragment

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from .model import Post
    from .outputs import BuildState

_ = get_translation("sphinx_blogext")


def post_context(state: BuildState, docname: str) -> dict[str, Any] | None:
    """The data of a post page's header and footer."""
    catalog = state.catalog
    post = catalog.posts.get(docname)
    if post is None:
        return None
    views = state.views
    older, newer = catalog.neighbours(docname)
    related = catalog.related(post, state.config.blog_related_posts)
    authors = views.authors(docname, post)
    return {
        "header": {"post": views.post(post), "authors": authors},
        "footer": {
            "bios": [views.profile(docname, a.slug) for a in authors if _has_term(state, a.slug)],
            "older": views.entry(docname, older) if older else None,
            "newer": views.entry(docname, newer) if newer else None,
            "related": views.entries(docname, related),
            "index_url": state.routes.url(docname, state.routes.index[0].pagename),
        },
    }


def insert_post_parts(
    state: BuildState, doctree: nodes.document, docname: str, context: dict[str, Any]
) -> None:
    """Put the header under the post's title and the footer after its body."""
    section = next((c for c in doctree.children if isinstance(c, nodes.section)), None)
    container: nodes.Element = section if section is not None else doctree
    title_index = next(
        (i for i, c in enumerate(container.children) if isinstance(c, nodes.title)), -1
    )
    header, footer = context["header"], context["footer"]
    post = header["post"]
    if state.html:
        # the lead and the tags are the post's own words: searchable, unlike the rest
        header_node: nodes.Node = make_fragment(
            "post_header.html", header, [post.lead, " ".join(post.tags)]
        )
        footer_node: nodes.Node = make_fragment("post_footer.html", footer)
    else:
        header_node, footer_node = _text_header(header), _text_footer(footer)
    container.insert(title_index + 1, header_node)
    append_to_body(doctree, footer_node)


def _has_term(state: BuildState, slug: str) -> bool:
    return slug in state.catalog.terms["contributors"]


def _text_header(header: dict[str, Any]) -> nodes.Node:
    post = header["post"]
    node = nodes.container(classes=["blogext-post-header"])
    if post.lead:
        node += nodes.paragraph(text=post.lead)
    node += nodes.paragraph(text=facts_text(post, header["authors"]))
    if post.tags:
        node += nodes.paragraph(text=_("Tags") + ": " + ", ".join(post.tags))
    return node


def _text_footer(footer: dict[str, Any]) -> nodes.Node:
    node = nodes.container(classes=["blogext-post-footer"])
    for profile in footer["bios"]:
        about = profile.author.name + (f", {profile.role}" if profile.role else "")
        node += nodes.paragraph(text=" — ".join(t for t in (about, profile.bio_text) if t))
    if footer["older"]:
        node += nodes.paragraph(text=_("Older post") + ": " + footer["older"].post.title)
    if footer["newer"]:
        node += nodes.paragraph(text=_("Newer post") + ": " + footer["newer"].post.title)
    if footer["related"]:
        titles = "; ".join(entry.post.title for entry in footer["related"])
        node += nodes.paragraph(text=_("Related posts") + ": " + titles)
    return node


def add_meta_tags(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Description, keywords and JSON-LD from the front matter; noindex for published drafts."""
    if doctree is None:
        return
    state = state_of(app)
    post = state.catalog.posts.get(pagename)
    if post is None:
        return
    tags = context.get("metatags", "")
    extra = []
    if post.description and 'name="description"' not in tags:
        extra.append(f'<meta name="description" content="{html.escape(post.description)}">')
    if post.keywords and 'name="keywords"' not in tags:
        keywords = html.escape(", ".join(post.keywords))
        extra.append(f'<meta name="keywords" content="{keywords}">')
    if post.draft:
        extra.append('<meta name="robots" content="noindex">')
    else:
        extra.append(posting_json_ld(state, post))
    context["metatags"] = tags + "\n" + "\n".join(extra)


def posting_json_ld(state: BuildState, post: Post) -> str:
    """A JSON-LD ``BlogPosting``; its authors point at their contributor pages."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": post.title,
    }
    if url := state.routes.absolute(post.docname):
        data["url"] = url
    if post.date:
        data["datePublished"] = post.date.isoformat()
    if post.updated:
        data["dateModified"] = post.updated.isoformat()
    authors = []
    for author in state.views.authors(post.docname, post):
        term = state.catalog.terms["contributors"].get(author.slug)
        person: dict[str, Any] = {"@type": "Person", "name": term.name if term else author.name}
        pages = state.routes.contributor_pages.get(author.slug)
        if pages and (page_url := state.routes.absolute(pages[0].pagename)):
            person["url"] = page_url
        authors.append(person)
    if authors:
        data["author"] = authors
    return json_ld(data)


def setup_postpage(app: Sphinx) -> None:
    add_document_part(
        DocumentPart("post", lambda state: state.data.posts, post_context, insert_post_parts)
    )
    app.connect("html-page-context", add_meta_tags)

"""Metadata for the web: description, Open Graph, Twitter card, canonical link, JSON-LD.

Post pages get an ``article`` description of themselves; generated listing
pages a ``website`` one. Every tag is written once per page: before adding
one, the handler looks at what the page already has, so a ``.. meta::``
directive or sphinxext-opengraph (which handles documents, not generated
pages) always wins and nothing is emitted twice. When sphinxext-opengraph is
loaded, the post's own values (``og:type`` ``article``, description, image)
are handed to it as per-page fields, which it prefers to its guesses.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from markupsafe import escape

from .outputs import state_of
from .render import json_ld
from .routes import base_url

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from .model import Post
    from .outputs import BuildState

_KEY = re.compile(r"""<meta\s[^>]*?\b(?:property|name)\s*=\s*["']([^"']+)["']""", re.I)
#: Longest description written into metadata, in characters.
DESCRIPTION_LENGTH = 300


def _tag(attribute: str, key: str, value: str) -> str:
    # attribute and key are ours; the value is escaped, quotes included
    return f'<meta {attribute}="{key}" content="{escape(value)}">'


def present(metatags: str) -> set[str]:
    """The ``property``/``name`` keys of the ``<meta>`` tags already on a page."""
    return {m.group(1).lower() for m in _KEY.finditer(metatags)}


def merge(context: dict[str, Any], tags: list[tuple[str, str, str]]) -> None:
    """Add ``(attribute, key, value)`` tags to the page, skipping keys it already has."""
    existing = context.get("metatags") or ""
    have = present(existing)
    new = [_tag(a, k, v) for a, k, v in tags if v and k.lower() not in have]
    if new:
        context["metatags"] = existing + "\n" + "\n".join(new)


def _opengraph(state: BuildState) -> bool:
    return "sphinxext.opengraph" in state.config.extensions


def hand_to_opengraph(state: BuildState, context: dict[str, Any], values: dict[str, Any]) -> None:
    """Give sphinxext-opengraph, when it is loaded, a page's own values as per-page
    fields, which it prefers to its guesses; empty values are left out.

    Call before it runs (priority below 500). Sphinx's ``meta`` is the
    document's stored metadata: it is copied, never changed in place.
    """
    if _opengraph(state):
        fields = dict(context.get("meta") or {})
        for key, value in values.items():
            if value:
                fields.setdefault(key, value)
        context["meta"] = fields


def describe(post: Post) -> str:
    """What a post is about, for ``<meta name="description">`` and previews."""
    text = post.description or post.summary or post.lead or post.excerpt
    text = " ".join(text.split())
    return text if len(text) <= DESCRIPTION_LENGTH else text[: DESCRIPTION_LENGTH - 1] + "…"


def post_image(state: BuildState, post: Post) -> str:
    """The absolute URL of the post's first image, or ""."""
    relative = state.routes.image_url(post.docname, post)
    page = state.routes.absolute(post.docname)
    if not relative or (not page and "://" not in relative):
        return ""
    return urljoin(page, relative)


# -- post pages ------------------------------------------------------------------


def before_others(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Canonical link and description first, so that later handlers see them."""
    state = state_of(app)
    if state.site and not context.get("pageurl"):
        # blog_baseurl is the site's address: every page gets its canonical link
        context["pageurl"] = state.routes.absolute(pagename) or None
    post = state.catalog.posts.get(pagename) if doctree is not None else None
    if post is None:
        return
    if post.canonicalurl:
        # the theme writes <link rel="canonical"> from pageurl, once
        context["pageurl"] = post.canonicalurl
    description = describe(post)
    merge(context, [("name", "description", description)])
    if post.draft:
        # an unpublished draft carries no social preview (sphinxext-opengraph's own switch)
        hand_to_opengraph(state, context, {"ogp_disable": True})
    else:
        image = post_image(state, post)
        values = {"og:type": "article", "og:description": description, "og:image": image}
        hand_to_opengraph(state, context, values)


def after_others(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Open Graph, article, Twitter and JSON-LD tags that the page does not have yet."""
    if doctree is None:
        return
    state = state_of(app)
    post = state.catalog.posts.get(pagename)
    if post is None:
        return
    tags: list[tuple[str, str, str]] = []
    if post.keywords:
        tags.append(("name", "keywords", ", ".join(post.keywords)))
    if post.draft:
        tags.append(("name", "robots", "noindex"))
        merge(context, tags)
        return
    url = post.canonicalurl or state.routes.absolute(pagename)
    description, image = describe(post), post_image(state, post)
    tags += [
        ("property", "og:type", "article"),
        ("property", "og:title", post.title),
        ("property", "og:description", description),
        ("property", "og:url", url),
        ("property", "og:image", image),
        ("property", "og:site_name", state.config.project),
        ("property", "article:published_time", post.date.isoformat() if post.date else ""),
        ("property", "article:modified_time", post.updated.isoformat() if post.updated else ""),
    ]
    have = present(context.get("metatags") or "")
    if "article:tag" not in have:
        tags += [("property", "article:tag", tag.name) for tag in state.views.tags(pagename, post)]
    if "article:author" not in have:
        tags += [("property", "article:author", a) for a in _authors(state, post)]
    tags += [
        ("name", "twitter:card", "summary_large_image" if image else "summary"),
        ("name", "twitter:title", post.title),
        ("name", "twitter:description", description),
        ("name", "twitter:image", image),
    ]
    merge(context, _repeatable(tags))
    context["metatags"] += "\n" + posting_json_ld(state, post, url, image, description)


def _repeatable(tags: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """Tags in order; ``article:tag`` and ``article:author`` may repeat, the others not."""
    seen: set[str] = set()
    kept = []
    for attribute, key, value in tags:
        if key in seen and key not in ("article:tag", "article:author"):
            continue
        seen.add(key)
        kept.append((attribute, key, value))
    return kept


def _authors(state: BuildState, post: Post) -> list[str]:
    """Each author as their page's absolute URL, or their name when they have none."""
    found = []
    for author in state.views.authors(post.docname, post):
        found.append(state.routes.contributor_address(author.slug) or author.name)
    return found


def posting_json_ld(state: BuildState, post: Post, url: str, image: str, description: str) -> str:
    """A JSON-LD ``BlogPosting``; its authors point at their contributor pages."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": post.title,
    }
    if url:
        data["url"] = url
        data["mainEntityOfPage"] = url
    if description:
        data["description"] = description
    if image:
        data["image"] = image
    if post.date:
        data["datePublished"] = post.date.isoformat()
    if post.updated or post.date:
        data["dateModified"] = (post.updated or post.date).isoformat()  # type: ignore[union-attr]
    tags = [tag.name for tag in state.views.tags(post.docname, post)]
    if tags:
        data["keywords"] = tags
    authors = []
    for author in state.views.authors(post.docname, post):
        person: dict[str, Any] = {"@type": "Person", "name": author.name}
        if page_url := state.routes.contributor_address(author.slug):
            person["url"] = page_url
        authors.append(person)
    if authors:
        data["author"] = authors
    return json_ld(data)


# -- generated pages ---------------------------------------------------------------


def listing_metatags(state: BuildState, pagename: str, title: str, description: str = "") -> str:
    """``website`` Open Graph tags and a Twitter card for a generated listing page."""
    description = " ".join((description or state.config.blog_description).split())
    tags = [
        _tag("property", "og:type", "website"),
        _tag("property", "og:title", title),
        _tag("property", "og:site_name", state.config.project),
    ]
    if url := state.routes.absolute(pagename):
        tags.append(_tag("property", "og:url", url))
    if description:
        tags.append(_tag("property", "og:description", description[:DESCRIPTION_LENGTH]))
        tags.append(_tag("name", "description", description[:DESCRIPTION_LENGTH]))
    tags.append(_tag("name", "twitter:card", "summary"))
    return "\n".join(tags)


def absolute_file(state: BuildState, file: str) -> str:
    """The absolute URL of an output file, or "" without a base URL."""
    base = base_url(state.config)
    return base + file if base else ""


def setup_webmeta(app: Sphinx) -> None:
    # sphinxext-opengraph listens at the default priority, 500
    app.connect("html-page-context", before_others, priority=400)
    app.connect("html-page-context", after_others, priority=600)

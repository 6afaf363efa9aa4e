"""Metadata for the web: description, Open Graph, Twitter card, canonical link, JSON-LD.

Post pages get an ``article`` description of themselves; generated listing
pages a ``website`` one (see :mod:`.headtags`, which every feature that
describes a page shares). Every tag is written once per page, so a
``.. meta::`` directive or sphinxext-opengraph always wins. When sphinxext-opengraph is
loaded, the post's own values (``og:type`` ``article``, description, image)
are handed to it as per-page fields, which it prefers to its guesses.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from .headtags import (
    DESCRIPTION_LENGTH,
    PageImage,
    card_image,
    hand_to_opengraph,
    merge,
    present,
)
from .imaging import image_size, is_raster
from .outputs import state_of
from .render import json_ld

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from .model import Post
    from .outputs import BuildState


def describe(post: Post) -> str:
    """What a post is about, for ``<meta name="description">`` and previews."""
    text = post.description or post.summary or post.lead or post.excerpt
    text = " ".join(text.split())
    return text if len(text) <= DESCRIPTION_LENGTH else text[: DESCRIPTION_LENGTH - 1] + "…"


def post_image(state: BuildState, post: Post) -> PageImage:
    """What a link preview of the post shows: its cover when previews can show it (a
    raster file, with its size, or an image elsewhere), else its social card, else its
    cover as it is (an SVG), else nothing."""
    page = state.routes.absolute(post.docname)
    image = post.images[0] if post.images else ""
    relative = state.routes.asset_url(post.docname, post.docname, image) if image else ""
    url = urljoin(page, relative) if relative and (page or "://" in relative) else ""
    if url and "://" in image:
        return PageImage(url, alt=post.title)
    if url and is_raster(image.split("?", 1)[0]):
        size = image_size(post.image_file) if post.image_file else None
        return PageImage(url, *(size or (0, 0)), alt=post.title)
    card = card_image(state, ("posts", post.docname), post.title)
    return card if card.url else PageImage(url, alt=post.title)


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
        values = {"og:type": "article", "og:description": description, "og:image": image.url}
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
        *image.og(),
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
        ("name", "twitter:card", "summary_large_image" if image.url else "summary"),
        ("name", "twitter:title", post.title),
        ("name", "twitter:description", description),
        *image.twitter(),
    ]
    merge(context, _repeatable(tags))
    context["metatags"] += "\n" + posting_json_ld(state, post, url, image.url, description)


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
        found.append(state.routes.term_address("contributors", author.slug) or author.name)
    return found


def posting_json_ld(state: BuildState, post: Post, url: str, image: str, description: str) -> str:
    """A JSON-LD ``BlogPosting``; its authors point at their contributor pages, and a part
    of a series at the series."""
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
    sections = [category.text for category in state.views.categories(post.docname, post)]
    if sections:
        data["articleSection"] = sections if len(sections) > 1 else sections[0]
    authors = []
    for author in state.views.authors(post.docname, post):
        person: dict[str, Any] = {"@type": "Person", "name": author.name}
        if page_url := state.routes.term_address("contributors", author.slug):
            person["url"] = page_url
        authors.append(person)
    if authors:
        data["author"] = authors
    data.update(_series(state, post))
    return json_ld(data)


def _series(state: BuildState, post: Post) -> dict[str, Any]:
    """``isPartOf`` the post's series and its ``position`` there, from the page data the
    series feature gives (nothing when the post is in no series, or the site has no
    series)."""
    provider = state.registry.page_data.get("series")
    part = provider(state, post.docname) if provider is not None else None
    if part is None:
        return {}
    series: dict[str, Any] = {"@type": "CreativeWorkSeries", "name": part.name}
    if part.address:
        series["url"] = part.address
    return {"isPartOf": series, "position": part.number}


def setup_webmeta(app: Sphinx) -> None:
    # sphinxext-opengraph listens at the default priority, 500
    app.connect("html-page-context", before_others, priority=400)
    app.connect("html-page-context", after_others, priority=600)

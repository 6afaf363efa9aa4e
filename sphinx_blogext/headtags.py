"""Tags for a page's ``<head>``: what every feature that describes a page shares.

Every tag is written once per page: before adding one, :func:`merge` looks
at what the page already has, so a ``.. meta::`` directive or
sphinxext-opengraph (which handles documents, not generated pages) always
wins and nothing is emitted twice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from markupsafe import escape

if TYPE_CHECKING:
    from .outputs import BuildState
    from .routes import Subject

_KEY = re.compile(r"""<meta\s[^>]*?\b(?:property|name)\s*=\s*["']([^"']+)["']""", re.I)
#: Longest description written into metadata, in characters.
DESCRIPTION_LENGTH = 300


def meta_tag(attribute: str, key: str, value: str) -> str:
    # attribute and key are ours; the value is escaped, quotes included
    return f'<meta {attribute}="{key}" content="{escape(value)}">'


def present(metatags: str) -> set[str]:
    """The ``property``/``name`` keys of the ``<meta>`` tags already on a page."""
    return {m.group(1).lower() for m in _KEY.finditer(metatags)}


def merge(context: dict[str, Any], tags: list[tuple[str, str, str]]) -> None:
    """Add ``(attribute, key, value)`` tags to the page, skipping keys it already has."""
    existing = context.get("metatags") or ""
    have = present(existing)
    new = [meta_tag(a, k, v) for a, k, v in tags if v and k.lower() not in have]
    if new:
        context["metatags"] = existing + "\n" + "\n".join(new)


def add_to_head(context: dict[str, Any], markup: str) -> None:
    """Add already escaped markup (links, JSON-LD) to the page's ``<head>``."""
    if markup:
        context["metatags"] = (context.get("metatags") or "") + "\n" + markup


def uses_opengraph(state: BuildState) -> bool:
    return "sphinxext.opengraph" in state.config.extensions


def hand_to_opengraph(state: BuildState, context: dict[str, Any], values: dict[str, Any]) -> None:
    """Give sphinxext-opengraph, when it is loaded, a page's own values as per-page
    fields, which it prefers to its guesses; empty values are left out.

    Call before it runs (priority below 500). Sphinx's ``meta`` is the
    document's stored metadata: it is copied, never changed in place.
    """
    if uses_opengraph(state):
        fields = dict(context.get("meta") or {})
        for key, value in values.items():
            if value:
                fields.setdefault(key, value)
        context["meta"] = fields


@dataclass(frozen=True)
class PageImage:
    """The picture a link preview shows for a page: its absolute URL, size and text."""

    url: str
    width: int = 0
    height: int = 0
    alt: str = ""

    def tags(self) -> list[tuple[str, str, str]]:
        """``og:image`` with its size and text, and the Twitter card's image."""
        return [*self.og(), *self.twitter()]

    def og(self) -> list[tuple[str, str, str]]:
        if not self.url:
            return []
        found = [("property", "og:image", self.url)]
        if self.width and self.height:
            found += [
                ("property", "og:image:width", str(self.width)),
                ("property", "og:image:height", str(self.height)),
            ]
        return [*found, ("property", "og:image:alt", self.alt)]

    def twitter(self) -> list[tuple[str, str, str]]:
        if not self.url:
            return []
        return [("name", "twitter:image", self.url), ("name", "twitter:image:alt", self.alt)]


def card_image(state: BuildState, subject: Subject | None, alt: str) -> PageImage:
    """The social card made for a subject's page (a file route with ``rel="card"``), or
    an empty image when there is none."""
    found = state.routes.related(subject, "card") if subject is not None else []
    if not found:
        return PageImage("")
    route = found[0]
    return PageImage(state.routes.absolute_file(route.file), route.width, route.height, alt)


def listing_metatags(
    state: BuildState,
    pagename: str,
    title: str,
    description: str = "",
    subject: Subject | None = None,
) -> str:
    """``website`` Open Graph tags and a Twitter card for a generated listing page (with
    the social card of its ``subject``, when it has one)."""
    description = " ".join((description or state.settings.description).split())
    tags = [
        meta_tag("property", "og:type", "website"),
        meta_tag("property", "og:title", title),
        meta_tag("property", "og:site_name", state.config.project),
    ]
    if url := state.routes.absolute(pagename):
        tags.append(meta_tag("property", "og:url", url))
    if description:
        tags.append(meta_tag("property", "og:description", description[:DESCRIPTION_LENGTH]))
        tags.append(meta_tag("name", "description", description[:DESCRIPTION_LENGTH]))
    image = card_image(state, subject, title)
    tags += [meta_tag(*tag) for tag in image.tags() if tag[2]]
    tags.append(meta_tag("name", "twitter:card", "summary_large_image" if image.url else "summary"))
    return "\n".join(tags)

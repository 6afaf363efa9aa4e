"""The post schema: every front matter field, declared once.

Each field of :class:`FrontMatter` is one row of the table: its name, its
type (the annotation and a :class:`Kind`), its default and its help text.
Everything else derives from it: the typed post data
(:class:`~sphinx_blogext.model.Post` extends :class:`FrontMatter`), the
options of the ``post`` directive, what templates see of a post, typo hints
for unknown keys and the front matter reference in the user guide. Adding a
field means adding one line here.
"""

from __future__ import annotations

import dataclasses
import enum
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


class Kind(enum.Enum):
    """How a raw value is read and checked."""

    TEXT = "text"
    DATE = "date"
    BOOL = "boolean"
    INT = "whole number"
    LIST = "list"
    URL = "URL"
    URLS = "list of URLs"
    SLUG = "slug"
    PATHS = "list of site paths"


def spec(kind: Kind, help: str, *, hugo: bool = False) -> Any:
    """A front matter field: its kind, help text and the default of its kind."""
    metadata = {"kind": kind, "help": help, "hugo": hugo}
    if kind in (Kind.LIST, Kind.URLS, Kind.PATHS):
        return field(default_factory=list, metadata=metadata)
    default = {Kind.DATE: None, Kind.BOOL: False, Kind.INT: 0}.get(kind, "")
    return field(default=default, metadata=metadata)


@dataclass
class FrontMatter:
    """The fields a post's front matter may set (Hugo/Doks names)."""

    title: str = spec(
        Kind.TEXT,
        "The post's title and its H1; a different H1 in the body stays a heading.",
        hugo=True,
    )
    description: str = spec(
        Kind.TEXT, "Meta description; the third choice for the excerpt.", hugo=True
    )
    lead: str = spec(
        Kind.TEXT, "Shown under the title; the first choice for the excerpt.", hugo=True
    )
    date: datetime | None = spec(
        Kind.DATE, "Publication date; naive values use blog_timezone.", hugo=True
    )
    lastmod: datetime | None = spec(
        Kind.DATE, "Last modification; shown when later than date.", hugo=True
    )
    draft: bool = spec(Kind.BOOL, "Never listed; not published unless blog_drafts.", hugo=True)
    weight: int = spec(Kind.INT, "Hugo ordering: weighted posts first, lowest first.", hugo=True)
    tags: list[str] = spec(Kind.LIST, "Tags, shown on the post and in listings.", hugo=True)
    contributors: list[str] = spec(Kind.LIST, "Names or slugs of the authors.", hugo=True)
    categories: list[str] = spec(Kind.LIST, "Categories, for postlist filters.")
    images: list[str] = spec(
        Kind.URLS, "Images; the first is the card and social image, published with the post."
    )
    summary: str = spec(Kind.TEXT, "The second choice for the excerpt.")
    slug: str = spec(Kind.SLUG, "URL name; <blog_path>/<slug>/ redirects to the post.")
    aliases: list[str] = spec(Kind.PATHS, "Old site paths that redirect to the post.")
    canonicalurl: str = spec(Kind.URL, "The post's canonical address.")
    feed_exclude: bool = spec(Kind.BOOL, "Keep the post out of feeds.")
    pinned: bool = spec(Kind.BOOL, "Show the post first on the blog index.")
    keywords: list[str] = spec(Kind.LIST, 'Written into <meta name="keywords">.')
    external_link: str = spec(
        Kind.URL, "A link post: listings link to this address instead of the post's page."
    )
    series: list[str] = spec(
        Kind.LIST, "The series the post is a part of (the first name, as Hugo writes a list)."
    )
    series_weight: int = spec(
        Kind.INT, "The post's place in its series (lowest first); else by date, oldest first."
    )


@dataclass(frozen=True)
class FieldSpec:
    name: str
    kind: Kind
    help: str
    default: Any
    #: one of the fields Hugo and Doks write
    hugo: bool


#: The table, in declaration order.
FIELDS: tuple[FieldSpec, ...] = tuple(
    FieldSpec(
        f.name,
        f.metadata["kind"],
        f.metadata["help"],
        f.default_factory() if callable(f.default_factory) else f.default,
        f.metadata["hugo"],
    )
    for f in dataclasses.fields(FrontMatter)
)
BY_NAME: dict[str, FieldSpec] = {f.name: f for f in FIELDS}

#: Hugo keys with a plain meaning here: key -> (field, how it applies)
#: ``merge`` adds to the field, ``fallback`` is used when the field is not set.
HUGO_MAPPED: dict[str, tuple[str, str]] = {
    "author": ("contributors", "merge"),
    "authors": ("contributors", "merge"),
    "publishdate": ("date", "fallback"),
}

#: ABlog keys (front matter, reST fields, ``post`` options) with a plain meaning here.
ABLOG_MAPPED: dict[str, tuple[str, str]] = {
    "category": ("categories", "merge"),
    "canonical_link": ("canonicalurl", "fallback"),
}

#: Every key with a plain meaning: key -> (field, how it applies).
MAPPED: dict[str, tuple[str, str]] = {**HUGO_MAPPED, **ABLOG_MAPPED}

#: ABlog keys kept in ``params`` and given their meaning by ABlog compatibility.
ABLOG_KEYS: dict[str, str] = {
    "blogpost": "makes the document a post",
    "location": "a location: a page per location when conf.py lists them in blog_locations",
    "language": "a language: a page per language when conf.py lists them in blog_languages",
    "redirect": "pages (document names) that redirect to the post",
    "image": "the number of the body's image that is the post's image (from 1)",
    "excerpt": "the number of paragraphs of the excerpt",
    "exclude": "the post directive's content is its excerpt only, not shown on its page",
}

#: Keys Hugo themes use for a post's one image (when ``images`` is not given).
HUGO_IMAGE_KEYS: dict[str, str] = {
    "image": "the post's image, when images is not given (text; ABlog's number means the "
    "body's image)",
    "cover": "the post's image, when images is not given (text, or a mapping with image)",
    "featured_image": "the post's image, when images is not given",
}

#: Keys Hugo or Doks document that have no effect here; kept in ``params``.
HUGO_IGNORED: tuple[str, ...] = (
    "build", "cascade", "expirydate", "headless", "homepage", "isCJKLanguage", "layout",
    "linktitle", "markup", "menu", "outputs", "resources", "seo", "sitemap", "toc",
    "translationkey", "type", "url",
)  # fmt: skip

#: Keys Sphinx and MyST read from front matter themselves.
SPHINX_KEYS: tuple[str, ...] = (
    "html_meta", "myst", "mystnb", "no-search", "nocomments", "nosearch", "orphan",
    "substitutions", "tocdepth",
)  # fmt: skip

#: Every key that is not a typo, in the form keys are compared (case-folded).
KNOWN_KEYS: frozenset[str] = frozenset(
    [
        *BY_NAME,
        *MAPPED,
        *ABLOG_KEYS,
        *HUGO_IMAGE_KEYS,
        *(k.casefold() for k in HUGO_IGNORED),
        *SPHINX_KEYS,
    ]
)

"""What templates see of a post: plain, frozen views with a digest.

A :class:`PostView` holds everything any template may show of a post,
independent of the page it is shown on: every front matter field (so a theme
that overrides a template to show more fields needs nothing else), the
dates as displayed, the excerpt and reading time. An :class:`EntryView` adds
what depends on the page: the links. The output pipeline fingerprints pages
by these views, so a page is rewritten exactly when something a template
could show has changed.

Word counts are left out on purpose: they change with every edit of a body,
and showing them on other pages would rewrite those pages for every typo fix.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from babel.core import Locale, UnknownLocaleError
from babel.dates import format_date

from .schema import FIELDS

if TYPE_CHECKING:
    from datetime import date, datetime

    from sphinx.config import Config

    from .model import Post
    from .routes import RouteTable


@dataclass(frozen=True)
class DateView:
    iso: str
    text: str


@dataclass(frozen=True)
class PostView:
    docname: str
    title: str
    date: DateView | None
    updated: DateView | None
    lead: str
    excerpt: str
    reading_minutes: int
    tags: tuple[str, ...]
    contributors: tuple[str, ...]
    draft: bool
    #: every front matter field by name, and ``params``
    fields: dict[str, Any]

    @functools.cached_property
    def digest(self) -> str:
        return hashlib.sha256(repr(dataclasses.astuple(self)).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class EntryView:
    """A post as listed on one page."""

    post: PostView
    url: str
    image: str


@functools.cache
def _locale(language: str | None) -> Locale:
    try:
        return Locale.parse((language or "en").replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        return Locale.parse("en")


@functools.lru_cache(maxsize=4096)
def _date_text(day: date, language: str | None, fmt: str) -> str:
    # each date shows on many pages (post, neighbours, related posts, listings)
    try:
        return format_date(day, format=fmt, locale=_locale(language))
    except (ValueError, KeyError, TypeError, AttributeError):
        return format_date(day, format="long", locale=_locale(language))


def date_view(value: datetime | None, config: Config) -> DateView | None:
    """The machine-readable and the displayed form of a date.

    The date is shown as its author wrote it, in its own offset, so the
    output never depends on the build machine's time zone.
    """
    if value is None:
        return None
    return DateView(
        value.isoformat(), _date_text(value.date(), config.language, config.blog_date_format)
    )


class Views:
    """Builds and caches the views of one build."""

    def __init__(self, config: Config, routes: RouteTable) -> None:
        self.config = config
        self.routes = routes
        self._posts: dict[str, tuple[Post, PostView]] = {}

    def post(self, post: Post) -> PostView:
        cached = self._posts.get(post.docname)
        if cached is not None and cached[0] is post:
            return cached[1]
        view = PostView(
            docname=post.docname,
            title=post.title,
            date=date_view(post.date, self.config),
            updated=date_view(post.updated, self.config),
            lead=post.lead,
            excerpt=post.excerpt,
            reading_minutes=post.reading_minutes,
            tags=tuple(post.tags),
            contributors=tuple(post.contributors),
            draft=post.draft,
            fields={f.name: getattr(post, f.name) for f in FIELDS} | {"params": post.params},
        )
        self._posts[post.docname] = (post, view)
        return view

    def entry(self, pagename: str, post: Post) -> EntryView:
        return EntryView(
            self.post(post),
            self.routes.url(pagename, post.docname),
            self.routes.image_url(pagename, post),
        )

    def entries(self, pagename: str, posts: list[Post] | tuple[Post, ...]) -> list[EntryView]:
        return [self.entry(pagename, p) for p in posts]


def fingerprint(value: object) -> str:
    """A digest of template data; views contribute their own digest."""
    digest = hashlib.sha256()

    def feed(item: object) -> None:
        if isinstance(item, PostView):
            digest.update(b"P" + item.digest.encode())
        elif isinstance(item, EntryView):
            digest.update(b"E" + item.post.digest.encode())
            feed((item.url, item.image))
        elif isinstance(item, dict):
            digest.update(b"{")
            for key, sub in item.items():
                feed(key)
                feed(sub)
            digest.update(b"}")
        elif isinstance(item, list | tuple):
            digest.update(b"[")
            for sub in item:
                feed(sub)
            digest.update(b"]")
        elif dataclasses.is_dataclass(item) and not isinstance(item, type):
            feed(type(item).__name__)
            feed([getattr(item, f.name) for f in dataclasses.fields(item)])
        else:
            digest.update(repr(item).encode("utf-8", "replace") + b"\x00")

    feed(value)
    return digest.hexdigest()

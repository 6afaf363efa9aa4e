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

import functools
import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from babel.core import Locale, UnknownLocaleError
from babel.dates import DateTimePattern, format_time, get_date_format, parse_pattern
from markupsafe import Markup

from .catalog import tag_key
from .people import SOCIAL
from .render import _, ngettext
from .schema import FIELDS

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import date

    from sphinx.config import Config

    from .model import Post, Talk
    from .routes import FeedKey, RouteTable


@dataclass(frozen=True)
class DateView:
    iso: str
    text: str


@dataclass(frozen=True, repr=False)
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
    #: the digest of what the view is made from (see :func:`post_digest`)
    digest: str

    def __repr__(self) -> str:
        # what fingerprints see: the digest stands for every field
        return f"PostView({self.digest})"


def post_digest(post: Post) -> str:
    """A digest of everything a post's view is made from.

    The view is a function of these values and of the configuration, which
    the build fingerprint covers; so the digest changes exactly when the
    view does, and a rebuild can tell without formatting a single date.
    """
    values = [getattr(post, f.name) for f in FIELDS]
    values += [post.docname, post.params, post.excerpt, post.reading_minutes]
    return hashlib.sha256(repr(values).encode("utf-8", "replace")).hexdigest()


@dataclass(frozen=True)
class AuthorView:
    """A contributor as named on one page: linked to their page when they have one."""

    slug: str
    name: str
    url: str
    #: the avatar image as seen from the page, or "" (then ``initials`` stand in)
    avatar: str
    initials: str


@dataclass(frozen=True)
class TagView:
    """A tag as linked from one page: the display name and the tag page ("" if none)."""

    name: str
    slug: str
    url: str


@dataclass(frozen=True)
class LinkView:
    kind: str
    label: str
    url: str


@dataclass(frozen=True)
class ProfileView:
    """What a bio card or a contributor page shows of a contributor."""

    author: AuthorView
    role: str
    links: tuple[LinkView, ...]
    #: safe HTML made by :mod:`.people`
    bio_html: Markup
    bio_text: str
    post_count: int


@dataclass(frozen=True, repr=False)
class EntryView:
    """A post as listed on one page."""

    post: PostView
    url: str
    image: str
    authors: tuple[AuthorView, ...] = ()
    tags: tuple[TagView, ...] = ()

    def __repr__(self) -> str:
        return (
            f"EntryView({self.post.digest}, {self.url!r}, {self.image!r}, "
            f"{self.authors!r}, {self.tags!r})"
        )


@dataclass(frozen=True)
class TalkView:
    """What a talk card or a talk list shows of a talk, as seen from one page."""

    id: str
    title: str
    #: the schedule page; ``link`` is the talk's card as seen from the page
    url: str
    link: str
    speakers: tuple[AuthorView, ...]
    event: str
    #: the event's place on the talks index, as seen from the page
    event_url: str
    #: the start: ``iso`` machine-readable, ``text`` the date and time in the
    #: talk's own offset
    date: DateView | None
    duration: str
    location: str
    level: str
    tags: tuple[TagView, ...]
    slides: str
    video: str
    #: the start of the abstract, as plain text, for lists
    summary: str
    past: bool


_NAMED = ("short", "medium", "long", "full")
#: How feed formats are called where they are linked.
FEED_LABELS = {"atom": "Atom", "rss": "RSS", "json": "JSON Feed"}


@functools.cache
def _locale(language: str | None) -> Locale:
    try:
        return Locale.parse((language or "en").replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        return Locale.parse("en")


@functools.lru_cache(maxsize=64)
def _date_pattern(language: str | None, fmt: str) -> DateTimePattern:
    locale = _locale(language)
    try:
        named = fmt in _NAMED  # babel types the named formats as a Literal
        return parse_pattern(get_date_format(fmt, locale) if named else fmt)  # type: ignore[arg-type]
    except (ValueError, KeyError, TypeError, AttributeError):
        return parse_pattern(get_date_format("long", locale))


@functools.lru_cache(maxsize=4096)
def _date_text(day: date, language: str | None, fmt: str) -> str:
    # each date shows on many pages (post, neighbours, related posts, listings)
    try:
        return str(_date_pattern(language, fmt).apply(day, _locale(language)))
    except (ValueError, KeyError, TypeError, AttributeError):
        return day.isoformat()


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


def talk_date_view(talk: Talk, config: Config) -> DateView | None:
    """A talk's start as its speaker wrote it: its date, or date, time and offset."""
    value = talk.date
    if value is None:
        return None
    day = _date_text(value.date(), config.language, config.blog_date_format)
    if talk.all_day:
        return DateView(value.date().isoformat(), day)
    try:
        clock = str(format_time(value.time(), "short", locale=_locale(config.language)))
    except (ValueError, KeyError, TypeError, AttributeError):
        clock = value.strftime("%H:%M")
    return DateView(value.isoformat(), f"{day}, {clock} ({utc_offset(value)})")


def utc_offset(value: datetime) -> str:
    """``UTC``, ``UTC+01:00`` or ``UTC-03:30``: the offset a time was written in."""
    offset = value.utcoffset()
    if not offset:
        return "UTC"
    minutes = int(offset.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{rest:02d}"


def duration_text(minutes: int) -> str:
    """``35 min``, ``1 h 30 min`` or ``2 days``; "" for no duration."""
    if minutes <= 0:
        return ""
    if minutes % 1440 == 0:
        days = minutes // 1440
        return ngettext("%(num)d day", "%(num)d days", days) % {"num": days}
    hours, rest = divmod(minutes, 60)
    if not hours:
        return _("%d min") % rest
    if not rest:
        return _("%d h") % hours
    return _("%(hours)d h %(minutes)d min") % {"hours": hours, "minutes": rest}


class Views:
    """Builds and caches the views of one build."""

    def __init__(self, config: Config, routes: RouteTable) -> None:
        self.config = config
        self.routes = routes
        self._posts: dict[str, tuple[Post, PostView]] = {}
        self._shared_views: dict[tuple[str, str, str], tuple[Post, Any]] = {}

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
            digest=post_digest(post),
        )
        self._posts[post.docname] = (post, view)
        return view

    def _shared(self, kind: str, pagename: str, post: Post, make: Callable[[], Any]) -> Any:
        """A view made once for all the pages of a folder (links depend on nothing else)."""
        if not self.routes.site:
            return make()
        key = (kind, self.routes.base(pagename), post.docname)
        found = self._shared_views.get(key)
        if found is None or found[0] is not post:
            found = self._shared_views[key] = (post, make())
        return found[1]

    def entry(self, pagename: str, post: Post) -> EntryView:
        return self._shared(
            "entry",
            pagename,
            post,
            lambda: EntryView(
                self.post(post),
                self.routes.url(pagename, post.docname),
                self.routes.image_url(pagename, post),
                self.authors(pagename, post),
                self.tags(pagename, post),
            ),
        )

    def tags(self, pagename: str, post: Post) -> tuple[TagView, ...]:
        """The post's tags, once each, by their display names and linked to their pages."""
        return self._shared("tags", pagename, post, lambda: self._tags(pagename, post))

    def _tags(self, pagename: str, post: Post) -> tuple[TagView, ...]:
        return self._tag_views(pagename, post.tags)

    def _tag_views(
        self, pagename: str, names: list[str], *, keep_unknown: bool = False
    ) -> tuple[TagView, ...]:
        """Tags once each, by display name, linked to their pages; a name no term
        matches is left out, or shown as written (``keep_unknown``)."""
        catalog, seen, views = self.routes.catalog, set(), []
        for name in names:
            term = catalog.term("tags", name)
            key = term.key if term is not None else tag_key(name)
            if key in seen or (term is None and not keep_unknown):
                continue
            seen.add(key)
            if term is None:
                views.append(TagView(name, "", ""))
            else:
                url = self.routes.tag_url(pagename, term.key)
                views.append(TagView(term.name, term.slug, url))
        return tuple(views)

    def entries(self, pagename: str, posts: list[Post] | tuple[Post, ...]) -> list[EntryView]:
        return [self.entry(pagename, p) for p in posts]

    def authors(self, pagename: str, post: Post) -> tuple[AuthorView, ...]:
        return self._shared(
            "authors",
            pagename,
            post,
            lambda: tuple(self.author(pagename, name) for name in post.contributors),
        )

    def author(self, pagename: str, name: str) -> AuthorView:
        """A post's ``contributors`` entry, resolved to a contributor where one matches."""
        term = self.routes.catalog.term("contributors", name)
        slug = term.slug if term else name
        display = term.name if term is not None and term.definition is not None else name
        return self._author_view(pagename, slug, display)

    def _author_view(self, pagename: str, slug: str, name: str) -> AuthorView:
        return AuthorView(
            slug=slug,
            name=name,
            url=self.routes.contributor_url(pagename, slug),
            avatar=self.routes.avatar_url(pagename, slug),
            initials=initials(name),
        )

    def feed_links(self, pagename: str, feed: FeedKey) -> tuple[LinkView, ...]:
        """Links from a page to the feeds of the blog or of a term, in each format."""
        routes = self.routes.feed_routes(feed)
        return tuple(
            LinkView(fmt, FEED_LABELS[fmt], self.routes.file_link(pagename, route.file))
            for fmt, route in routes.items()
        )

    def talk(self, pagename: str, talk: Talk, now: datetime) -> TalkView:
        catalog, routes, config = self.routes.catalog, self.routes, self.config
        # a talk's tags need not be any post's: those are shown without a page
        tags = self._tag_views(pagename, talk.tags, keep_unknown=True)
        event = catalog.term("events", talk.event) if talk.event else None
        event_url = ""
        if event is not None and routes.site and routes.has_talks_index:
            index = routes.url(pagename, routes.talks_index.pagename)
            event_url = f"{index.split('#', 1)[0]}#event-{event.slug}" if index else ""
        words = talk.abstract.split()
        limit = config.blog_excerpt_words
        summary = " ".join(words[:limit]) + (" …" if len(words) > limit else "")
        return TalkView(
            id=talk.id,
            title=talk.title,
            url=talk.url,
            link=routes.talk_url(pagename, talk.docname, talk.id),
            speakers=tuple(self.speaker(pagename, name) for name in talk.speakers),
            event=event.name if event is not None else "",
            event_url=event_url,
            date=talk_date_view(talk, config),
            duration=duration_text(talk.duration),
            location=talk.location,
            level=talk.level,
            tags=tags,
            slides=talk.slides,
            video=talk.video,
            summary=summary,
            past=talk.is_past(now),
        )

    def talks(self, pagename: str, talks: list[Talk], now: datetime) -> list[TalkView]:
        return [self.talk(pagename, t, now) for t in talks]

    def speaker(self, pagename: str, name: str) -> AuthorView:
        """A speaker: a contributor's name, avatar and page where one matches, else the name."""
        catalog = self.routes.catalog
        term = catalog.term("contributors", name)
        if term is None:
            return AuthorView(catalog.contributor_key(name), name, "", "", initials(name))
        return self._author_view(pagename, term.slug, term.name)

    def profile(self, pagename: str, slug: str) -> ProfileView:
        term = self.routes.catalog.terms["contributors"][slug]
        person = term.definition
        author = self._author_view(pagename, slug, term.name)
        if person is None:
            return ProfileView(author, "", (), Markup(""), "", len(term.posts))
        links = tuple(
            LinkView(kind, link_label(kind), url)
            for kind, url in sorted(person.links.items(), key=lambda i: list(SOCIAL).index(i[0]))
        )
        return ProfileView(
            author, person.role, links, Markup(person.bio_html), person.bio_text, len(term.posts)
        )


def link_label(kind: str) -> str:
    """How a social link is called on a page: a service's name, or a translated word."""
    if kind == "website":
        return _("Website")
    if kind == "email":
        return _("Email")
    return SOCIAL[kind][0]


def initials(name: str) -> str:
    """Up to two initials of a name, for an avatar without an image."""
    words = [w for w in name.replace("-", " ").split() if w[:1].isalnum()]
    return "".join(w[0] for w in words[:2]).upper() or "?"


def fingerprint(value: object) -> str:
    """A digest of template data.

    Template data is made of text, numbers, dates, lists, mappings and
    dataclasses, whose ``repr`` shows all of them; views stand in with their
    digest.
    """
    return hashlib.sha256(repr(value).encode("utf-8", "replace")).hexdigest()

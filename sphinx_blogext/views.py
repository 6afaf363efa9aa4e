"""What templates see: plain, frozen views, one type per kind of context.

A :class:`PostView` holds everything any template may show of a post,
independent of the page it is shown on: every front matter field (so a theme
that overrides a template to show more fields needs nothing else), the
dates as displayed, the excerpt and reading time. An :class:`EntryView` adds
what depends on the page: the links. Each template is handed one view
(:class:`ListingPage`, :class:`PostHeader`, :class:`Listing`, …), and the
output pipeline fingerprints outputs by these views, through
:mod:`.digest`, which reads every field: a page is rewritten exactly when
something a template could show has changed.

Word counts are left out on purpose: they change with every edit of a body,
and showing them on other pages would rewrite those pages for every typo fix.
"""

from __future__ import annotations

import functools
from datetime import datetime
from typing import TYPE_CHECKING, Any

from babel.core import Locale, UnknownLocaleError
from babel.dates import DateTimePattern, format_time, get_date_format, parse_pattern
from markupsafe import Markup

from .catalog import tag_key
from .digest import View, digest, view
from .embeds import Embed, video_embed
from .imaging import AVATARS, CARD, COVER, Box
from .model import Contributor
from .people import SOCIAL
from .render import _, ngettext
from .schema import FIELDS

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from datetime import date

    from sphinx.config import Config

    from .config import Settings
    from .model import Post, Talk
    from .routes import Route, RouteTable, Subject


#: Tags shown with each entry of a listing (a card, a list item); the rest are counted.
#: A post is listed on the page of each of its tags: showing them all would make the
#: output grow with the square of a post's tags.
LISTED_TAGS = 8


@view
class DateView(View):
    digest_once = False

    iso: str
    text: str


@view
class PostView(View):
    """Everything any template may show of a post, whatever the page."""

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
    #: the content before the post's read-more marker, as safe HTML ("" without one)
    excerpt_html: Markup = Markup("")


def post_digest(post: Post) -> str:
    """A digest of everything a post's view is made from.

    The view is a function of these values and of the configuration, which
    the build fingerprint covers; so the digest changes exactly when the
    view does, and a rebuild can tell without formatting a single date.
    """
    values = [getattr(post, f.name) for f in FIELDS]
    return digest(
        [
            *values,
            post.docname,
            post.params,
            post.excerpt,
            post.excerpt_html,
            post.reading_minutes,
            post.cover_in_body,
        ]
    )


@view
class AuthorView(View):
    """A contributor as named on one page: linked to their page when they have one."""

    digest_once = False

    slug: str
    name: str
    url: str
    #: the avatar image as seen from the page, or "" (then ``initials`` stand in)
    avatar: str
    initials: str
    #: smaller square copies of the avatar: (width in pixels, URL), narrowest first
    avatars: tuple[tuple[int, str], ...] = ()


@view
class TagView(View):
    """A tag as linked from one page: the display name and the tag page ("" if none)."""

    digest_once = False

    name: str
    slug: str
    url: str


@view
class LinkView(View):
    """A link to a file or a page: its kind (``atom``, ``calendar``), words and address."""

    digest_once = False

    kind: str
    label: str
    url: str


@view
class ProfileView(View):
    """What a bio card or a contributor page shows of a contributor."""

    digest_once = False

    author: AuthorView
    role: str
    links: tuple[LinkView, ...]
    #: safe HTML made by :mod:`.people`
    bio_html: Markup
    bio_text: str
    post_count: int


@view
class EntryView(View):
    """A post as listed on one page: its first tags, and how many more it has."""

    post: PostView
    url: str
    #: the card's image: its smallest copy cropped to the cards' shape when there is
    #: one (``srcset`` then lists them all, ``width`` and ``height`` give the shape)
    image: str
    authors: tuple[AuthorView, ...] = ()
    tags: tuple[TagView, ...] = ()
    more_tags: int = 0
    srcset: str = ""
    width: int = 0
    height: int = 0


@view
class TalkView(View):
    """What a talk card or a talk list shows of a talk, as seen from one page."""

    digest_once = False

    id: str
    title: str
    #: the schedule page; ``link`` is the talk's card as seen from the page
    url: str
    link: str
    speakers: tuple[AuthorView, ...]
    event: str
    #: the event's page or place on the talks index, as seen from the page
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
    #: tags not shown (lists show the first ones)
    more_tags: int = 0
    #: the talk's status (``scheduled``, ``cancelled``, …) and its words on the card
    #: ("" for a talk that goes ahead as announced)
    status: str = "scheduled"
    status_label: str = ""
    #: the recording, when a click-to-load player can show it (YouTube, Vimeo)
    player: Embed | None = None
    #: what the page's structured data says beside the card: the whole abstract (as
    #: text) and the event's website
    abstract: str = ""
    event_website: str = ""


# -- page contexts: what each template is handed ------------------------------------


@view
class TextLink(View):
    digest_once = False

    url: str
    text: str


@view
class PageLink(View):
    digest_once = False

    number: int
    url: str
    current: bool


@view
class Pagination(View):
    """Links between the numbered pages of one listing, as seen from one of them."""

    digest_once = False

    pages: tuple[PageLink, ...]
    newer: str
    older: str


@view
class Listing(View):
    """Posts in a list (``postlist.html``): ``format`` is list, excerpts or cards."""

    digest_once = False

    entries: tuple[EntryView, ...]
    format: str
    #: a line per entry made from a format string (ABlog's ``{date} - {title}``):
    #: its parts, each linked or not (url "")
    lines: tuple[tuple[TextLink, ...], ...] = ()
    #: the list's marker style (ABlog's ``list-style``: disc, circle, decimal …)
    style: str = ""
    #: the words of a link under each excerpt ("Read more"), or ""
    more: str = ""
    #: whether pinned posts come first here (the blog index), and are marked so
    pinned: bool = False


@view
class CloudTag(View):
    digest_once = False

    name: str
    url: str
    count: int
    #: 1 to 5, growing with the count
    size: int
    #: talks with the tag
    talks: int = 0


@view
class YearLink(View):
    digest_once = False

    year: int
    count: int
    url: str


@view
class EventGroup(View):
    """An event's talks on the talks index."""

    digest_once = False

    name: str
    anchor: str
    calendar: str
    talks: tuple[TalkView, ...]
    #: the event's page
    url: str = ""


@view
class TalkGroup(View):
    """Upcoming or past events on the talks index."""

    digest_once = False

    heading: str
    events: tuple[EventGroup, ...]


@view
class EventView(View):
    """What an event's page says of it (``listing_page.html``; see :mod:`.events`)."""

    digest_once = False

    name: str
    #: its days, as a reader reads them ("Sep 17 - 19, 2026" in English), and as ISO dates
    when: str
    start: str
    end: str
    place: str
    website: str
    logo: str
    #: safe HTML
    description: str
    past: bool


@view
class ListingPage(View):
    """The body of a generated listing page (``listing_page.html``), or of the listing
    added under a project's own document at that page's name."""

    digest_once = False

    anchor: str
    title: str
    heading: str = ""
    #: safe HTML (a tag's description), and the same as text for metadata
    description: str = ""
    description_text: str = ""
    #: a term page: how many posts the term has (on all its pages)
    post_count: int | None = None
    #: contributor pages: the profile (with the bio when ``show_bio``)
    profile: ProfileView | None = None
    show_bio: bool = False
    #: the contributors overview
    people: tuple[ProfileView, ...] | None = None
    #: the tags overview
    cloud: tuple[CloudTag, ...] = ()
    listing_heading: str = ""
    listing: Listing | None = None
    #: a contributor's talks
    talks_heading: str = ""
    talks_calendar: str = ""
    talks: tuple[TalkView, ...] = ()
    #: whether the talks name their event (not on the event's own page)
    talks_show_event: bool = True
    #: an event's page: what it says of the event
    event: EventView | None = None
    #: the talks index
    talk_groups: tuple[TalkGroup, ...] | None = None
    #: the archive overview
    years: tuple[YearLink, ...] = ()
    pagination: Pagination | None = None
    #: feeds and calendars of what the page shows
    feeds: tuple[LinkView, ...] = ()
    links: tuple[TextLink, ...] = ()


@view
class ImageView(View):
    """An image as a page shows it: ``src``, the file at full size (``full``), and the
    smaller copies to choose from (``srcset``, with their shape: ``width``, ``height``)."""

    digest_once = False

    src: str
    full: str
    srcset: str = ""
    width: int = 0
    height: int = 0


@view
class PostHeader(View):
    """Under a post's title (``post_header.html``)."""

    digest_once = False

    post: PostView
    authors: tuple[AuthorView, ...]
    tags: tuple[TagView, ...]
    #: the post's categories, linked to their pages where they have one
    categories: tuple[TextLink, ...] = ()
    #: the post's image, shown under its title
    cover: ImageView | None = None
    #: the date of a post previewed before it (``blog_build_future``), or ""
    scheduled: str = ""


@view
class PostFooter(View):
    """After a post's body (``post_footer.html``)."""

    digest_once = False

    bios: tuple[ProfileView, ...]
    older: EntryView | None
    newer: EntryView | None
    related: tuple[EntryView, ...]
    index_url: str


@view
class PostPage(View):
    digest_once = False

    header: PostHeader
    footer: PostFooter


@view
class NavLink(View):
    """A section of the blog in the site's header: its words and its page."""

    digest_once = False

    label: str
    pagename: str


_NAMED = ("short", "medium", "long", "full")


@functools.cache
def locale_of(language: str | None) -> Locale:
    """Babel's locale of a Sphinx ``language``; English where Babel has none."""
    try:
        return Locale.parse((language or "en").replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        return Locale.parse("en")


@functools.lru_cache(maxsize=64)
def _date_pattern(language: str | None, fmt: str) -> DateTimePattern:
    locale = locale_of(language)
    try:
        named = fmt in _NAMED  # babel types the named formats as a Literal
        return parse_pattern(get_date_format(fmt, locale) if named else fmt)  # type: ignore[arg-type]
    except (ValueError, KeyError, TypeError, AttributeError):
        return parse_pattern(get_date_format("long", locale))


@functools.lru_cache(maxsize=4096)
def date_text(day: date, language: str | None, fmt: str) -> str:
    """A day as the project's date format writes it in its language."""
    # each date shows on many pages (post, neighbours, related posts, listings)
    try:
        return str(_date_pattern(language, fmt).apply(day, locale_of(language)))
    except (ValueError, KeyError, TypeError, AttributeError):
        return day.isoformat()


def date_view(value: datetime | None, config: Config, settings: Settings) -> DateView | None:
    """The machine-readable and the displayed form of a date.

    The date is shown as its author wrote it, in its own offset, so the
    output never depends on the build machine's time zone.
    """
    if value is None:
        return None
    return DateView(
        value.isoformat(), date_text(value.date(), config.language, settings.date_format)
    )


def talk_date_view(talk: Talk, config: Config, settings: Settings) -> DateView | None:
    """A talk's start as its speaker wrote it: its date, or date, time and offset."""
    value = talk.date
    if value is None:
        return None
    day = date_text(value.date(), config.language, settings.date_format)
    if talk.all_day:
        return DateView(value.date().isoformat(), day)
    try:
        clock = str(format_time(value.time(), "short", locale=locale_of(config.language)))
    except (ValueError, KeyError, TypeError, AttributeError):
        clock = value.strftime("%H:%M")
    return DateView(value.isoformat(), f"{day}, {clock} ({utc_offset(value)})")


def strftime(value: datetime, fmt: str) -> str:
    """``value`` in a ``strftime`` format of the project's (ABlog's ``post_date_format``);
    "" where the format cannot write it."""
    try:
        return value.strftime(fmt)
    except (ValueError, TypeError):
        return ""


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

    def __init__(self, config: Config, settings: Settings, routes: RouteTable) -> None:
        self.config = config
        self.settings = settings
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
            date=date_view(post.date, self.config, self.settings),
            updated=date_view(post.updated, self.config, self.settings),
            lead=post.lead,
            excerpt=post.excerpt,
            reading_minutes=post.reading_minutes,
            tags=tuple(post.tags),
            contributors=tuple(post.contributors),
            draft=post.draft,
            fields={f.name: getattr(post, f.name) for f in FIELDS} | {"params": post.params},
            excerpt_html=Markup(post.excerpt_html),
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
        def make() -> EntryView:
            tags = self.tags(pagename, post)
            image = post.images[0] if post.images else ""
            if image.startswith("/") and not self.routes.site:
                image = ""  # a file only the builders that write pages publish (not epub)
            # the cards' copies, and the wider ones of the post's page (a card alone on
            # its row may be as wide as the text)
            copies = self.copies(pagename, image[1:], CARD, COVER) if image.startswith("/") else ()
            return EntryView(
                self.post(post),
                # a link post (ABlog's external_link) links out from listings
                post.external_link or self.routes.url(pagename, post.docname),
                copies[0][1] if copies else self.routes.asset_url(pagename, post.docname, image),
                self.authors(pagename, post),
                tags[:LISTED_TAGS],
                max(0, len(tags) - LISTED_TAGS),
                srcset=", ".join(f"{url} {width}w" for width, url in copies),
                width=CARD.width if copies else 0,
                height=CARD.height if copies else 0,
            )

        return self._shared("entry", pagename, post, make)

    def tags(self, pagename: str, post: Post) -> tuple[TagView, ...]:
        """The post's tags, once each, by their display names and linked to their pages."""
        return self._shared("tags", pagename, post, lambda: self._tag_views(pagename, post.tags))

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
                url = self.routes.term_url(pagename, "tags", term.key)
                views.append(TagView(term.name, term.slug, url))
        return tuple(views)

    def categories(self, pagename: str, post: Post) -> tuple[TextLink, ...]:
        """The post's categories, once each, by their display names."""
        found: dict[str, TextLink] = {}
        for name in post.categories:
            term = self.routes.catalog.term("categories", name)
            key = term.key if term is not None else tag_key(name)
            found.setdefault(key, self.term_link(pagename, "categories", name))
        return tuple(found.values())

    def term_link(self, pagename: str, taxonomy: str, name: str) -> TextLink:
        """A name of a taxonomy by its term's display name, linked to the term's page (the
        name as written, unlinked, where no term has it)."""
        term = self.routes.catalog.term(taxonomy, name)
        if term is None:
            return TextLink("", name)
        return TextLink(self.routes.term_url(pagename, taxonomy, term.key), term.name)

    def entries(self, pagename: str, posts: Iterable[Post]) -> tuple[EntryView, ...]:
        return tuple(self.entry(pagename, p) for p in posts)

    def listing(self, pagename: str, posts: Iterable[Post], format: str) -> Listing:
        return Listing(self.entries(pagename, posts), format)

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
        key = term.key if term else name
        display = term.name if term is not None and term.definition is not None else name
        return self._author_view(pagename, key, display)

    def _author_view(self, pagename: str, key: str, name: str) -> AuthorView:
        return AuthorView(
            slug=key,
            name=name,
            url=self.routes.term_url(pagename, "contributors", key),
            avatar=self.avatar(pagename, key),
            initials=initials(name),
            avatars=self._avatar_copies(pagename, key),
        )

    def _avatar_copies(self, pagename: str, key: str) -> tuple[tuple[int, str], ...]:
        images = self.routes.related(("contributors", key), "image")
        return self.copies(pagename, images[0].file, *AVATARS) if images else ()

    def copies(self, pagename: str, file: str, *boxes: Box) -> tuple[tuple[int, str], ...]:
        """The smaller copies of an output image file made for ``boxes`` (at 1x and 2x),
        as (width, URL from the page), narrowest first; none for a file that has none."""
        sizes = {(b.width * k, b.height * k) for b in boxes for k in (1, 2)}
        return tuple(
            (route.width, self.routes.file_link(pagename, route.file))
            for route in self.routes.variants(file)
            if (route.width, route.height) in sizes
        )

    def cover(self, pagename: str, post: Post) -> ImageView | None:
        """A post's image as its page shows it under the title (smaller copies of a
        published file, with a link to the file itself), or None."""
        image = post.images[0] if post.images else ""
        if not image or post.cover_in_body or not self.settings.post_cover:
            return None
        if image.startswith("/") and not self.routes.site:
            return None  # published only by the builders that write pages (not epub)
        full = self.routes.asset_url(pagename, post.docname, image)
        if not full:
            return None
        copies = self.copies(pagename, image[1:], COVER) if image.startswith("/") else ()
        if not copies:
            return ImageView(full, full)
        srcset = ", ".join(f"{url} {width}w" for width, url in copies)
        return ImageView(copies[0][1], full, srcset, COVER.width, COVER.height)

    def avatar(self, pagename: str, key: str) -> str:
        """A contributor's picture as seen from a page: a published file, or a URL."""
        images = self.routes.related(("contributors", key), "image")
        if images:
            return self.routes.file_link(pagename, images[0].file)
        person = self._person(key)
        return person.avatar_url if person is not None else ""

    def _person(self, key: str) -> Contributor | None:
        term = self.routes.catalog.terms.get("contributors", {}).get(key)
        found = term.definition if term is not None else None
        return found if isinstance(found, Contributor) else None

    def alternates(self, pagename: str, subject: Subject) -> tuple[LinkView, ...]:
        """Links from a page to the feeds and calendars of a subject, in each format."""
        return tuple(
            LinkView(route.format, route.label, self.routes.file_link(pagename, route.file))
            for route in self.routes.related(subject, "alternate")
        )

    def pagination(self, route: Route, pages: list[Route]) -> Pagination:
        """Links between the numbered pages of one listing, as seen from ``route``."""
        url, page, number = self.routes.url, route.pagename, route.number
        return Pagination(
            tuple(PageLink(p.number, url(page, p.pagename), p is route) for p in pages),
            url(page, pages[number - 2].pagename) if number > 1 else "",
            url(page, pages[number].pagename) if number < len(pages) else "",
        )

    def talk(self, pagename: str, talk: Talk, now: datetime, *, listed: bool = False) -> TalkView:
        """A talk as a card shows it; ``listed``: as a list shows it (its first tags)."""
        catalog, routes = self.routes.catalog, self.routes
        # a talk's tags need not be any post's: those are shown without a page
        tags = self._tag_views(pagename, talk.tags, keep_unknown=True)
        shown = tags[:LISTED_TAGS] if listed else tags
        event = catalog.term("events", talk.event) if talk.event else None
        words = talk.abstract.split()
        limit = self.settings.excerpt_words
        summary = " ".join(words[:limit]) + (" …" if len(words) > limit else "")
        return TalkView(
            id=talk.id,
            title=talk.title,
            url=talk.url,
            link=routes.anchor_url(pagename, talk.docname, talk.id),
            speakers=tuple(self.speaker(pagename, name) for name in talk.speakers),
            event=event.name if event is not None else "",
            event_url=routes.term_url(pagename, "events", event.key) if event else "",
            date=talk_date_view(talk, self.config, self.settings),
            duration=duration_text(talk.duration),
            location=talk.location,
            level=talk.level,
            tags=shown,
            slides=talk.slides,
            video=talk.video,
            summary=summary,
            past=talk.is_past(now),
            more_tags=len(tags) - len(shown),
            status=talk.status,
            status_label=status_label(talk.status),
            player=video_embed(talk.video) if talk.video else None,
            abstract=talk.abstract,
            event_website=getattr(event.definition, "website", "") if event is not None else "",
        )

    def talks(
        self, pagename: str, talks: Iterable[Talk], now: datetime, *, listed: bool = True
    ) -> tuple[TalkView, ...]:
        return tuple(self.talk(pagename, t, now, listed=listed) for t in talks)

    def speaker(self, pagename: str, name: str) -> AuthorView:
        """A speaker: a contributor's name, avatar and page where one matches, else the name."""
        catalog = self.routes.catalog
        term = catalog.term("contributors", name)
        if term is None:
            return AuthorView(catalog.key("contributors", name), name, "", "", initials(name))
        return self._author_view(pagename, term.key, term.name)

    def profile(self, pagename: str, key: str) -> ProfileView:
        term = self.routes.catalog.terms["contributors"][key]
        person = self._person(key)
        author = self._author_view(pagename, key, term.name)
        if person is None:
            return ProfileView(author, "", (), Markup(""), "", len(term.posts))
        links = tuple(
            LinkView(kind, link_label(kind), url)
            for kind, url in sorted(person.links.items(), key=lambda i: list(SOCIAL).index(i[0]))
        )
        return ProfileView(
            author, person.role, links, Markup(person.bio_html), person.bio_text, len(term.posts)
        )


def status_label(status: str) -> str:
    """What a talk card says of a talk that does not go ahead as announced, or ""."""
    labels = {
        "cancelled": _("Cancelled"),
        "postponed": _("Postponed"),
        "rescheduled": _("Rescheduled"),
        "moved-online": _("Moved online"),
    }
    return str(labels.get(status, ""))


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

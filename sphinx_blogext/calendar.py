"""Calendars: the site's talks and each event's as iCalendar files (RFC 5545).

Files are written with the ``icalendar`` library, one ``VEVENT`` per talk
with a date. Everything in them comes from the talks' plain data, so builds of
the same sources give the same events:

* the UID is made from the talk's document and anchor, so it stays the same
  from build to build and calendar programs update an event in place;
* a talk with a time starts at that moment written in UTC (a calendar shows
  it in its reader's zone; the card on the page keeps the speaker's offset);
  a talk with a date only is an all-day event;
* ``DTSTAMP`` (in a calendar without a ``METHOD``: when the event was last
  revised) comes from the sources: the ``lastmod`` of the talk's document,
  else its ``date``, else the start of the epoch. Clean builds of the same
  sources give byte-identical calendars, whenever they run.

Pages that show talks advertise the calendar with
``<link rel="alternate" type="text/calendar">``. Which calendars a document
advertises is a document part, so a calendar that appears or goes away
rewrites the pages that link to it.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from markupsafe import Markup
from sphinx.locale import get_translation

from . import __version__
from .headtags import add_to_head
from .outputs import DocumentPart, FileOutput, add_document_part, add_files, state_of
from .routes import TALKS, Layer, RouteKind, add_route_family

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sphinx.application import Sphinx

    from .model import Talk
    from .outputs import BuildState
    from .routes import Route, RouteTable, Subject

_ = get_translation("sphinx_blogext")

MEDIA_TYPE = "text/calendar"
CALENDAR = RouteKind("calendar", Layer.FILE)
#: A talk's status as iCalendar's (RFC 5545 3.8.1.11): a postponed talk has no date yet.
CALENDAR_STATUS = {"cancelled": "CANCELLED", "postponed": "TENTATIVE"}
#: The revision time of a talk whose document gives none.
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
PRODID = f"-//sphinx-blogext//sphinx-blogext {__version__}//EN"


def talk_uid(talk: Talk, domain: str) -> str:
    digest = hashlib.sha256(f"{talk.docname}#{talk.id}".encode()).hexdigest()[:24]
    return f"{digest}@{domain}"


def make_calendar(
    talks: list[Talk],
    name: str,
    *,
    domain: str,
    pages: dict[str, str],
    speakers: dict[str, str] | None = None,
) -> bytes:
    """An iCalendar file of the dated ``talks``.

    ``pages`` gives each document's address, ``speakers`` the display name of
    each speaker that is a contributor.
    """
    # imported here: a tenth of a second that builds writing no calendar do not pay
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    for talk in talks:
        if talk.date is None:
            continue
        event = Event()
        event.add("uid", talk_uid(talk, domain))
        event.add("summary", talk.title)
        if talk.all_day:
            event.add("dtstart", talk.date.date())
            end = talk.end
            days = (end - talk.date).days if end is not None else 1
            if days > 1:  # whole days, as the card counts them
                event.add("duration", timedelta(days=days))
        else:
            event.add("dtstart", talk.date.astimezone(UTC))
            if talk.duration:
                event.add("duration", timedelta(minutes=talk.duration))
        revised = talk.revised or EPOCH
        event.add("dtstamp", revised.astimezone(UTC).replace(microsecond=0))
        # a cancelled talk stays in the calendar, marked, so that subscribers see it go;
        # a rescheduled one keeps its UID and moves (its SEQUENCE says it changed)
        event.add("status", CALENDAR_STATUS.get(talk.status, "CONFIRMED"))
        if talk.status == "rescheduled":
            event.add("sequence", 1)
        if talk.location:
            event.add("location", talk.location)
        page = pages.get(talk.docname, "")
        url = talk.url or (f"{page}#{talk.id}" if page else "")
        if url:
            event.add("url", url)
        event.add("description", _description(talk, page, speakers or {}))
        if talk.tags:
            event.add("categories", talk.tags)
        calendar.add_component(event)
    return bytes(calendar.to_ical())


def _description(talk: Talk, page: str, speakers: dict[str, str]) -> str:
    lines = []
    if talk.speakers:
        names = [speakers.get(name, name) for name in talk.speakers]
        lines.append(_("Speakers") + ": " + ", ".join(names))
    if talk.event:
        lines.append(_("Event") + ": " + talk.event)
    if talk.level:
        lines.append(_("Level") + ": " + talk.level)
    if talk.abstract:
        lines += ["", talk.abstract]
    links = [(_("Slides"), talk.slides), (_("Video"), talk.video)]
    if page and talk.url:
        links.append((_("Details"), f"{page}#{talk.id}"))
    extra = [f"{label}: {url}" for label, url in links if url]
    if extra:
        lines += ["", *extra]
    return "\n".join(lines).strip()


def calendar_routes(table: RouteTable) -> Iterator[Route]:
    """The site's calendar, and each event's, once talks have dates."""
    if not table.site or not any(t.date for t in table.catalog.talks):
        return
    folder = table.settings.talks_path
    yield _calendar(table, f"{folder}/calendar.ics", TALKS)
    for key, term in table.catalog.terms["events"].items():
        if any(t.date for t in term.talks):
            yield _calendar(table, f"{folder}/events/{term.slug}.ics", ("events", key))


def _calendar(table: RouteTable, file: str, subject: Subject) -> Route:
    return table.file(
        CALENDAR,
        file,
        subject=subject,
        rel="alternate",
        media_type=MEDIA_TYPE,
        label="iCalendar",
        format="calendar",
    )


def calendar_files(state: BuildState) -> Iterator[FileOutput]:
    routes, catalog = state.routes, state.catalog
    base = state.settings.baseurl
    domain = urlsplit(base).hostname if base else ""
    domain = domain or "sphinx-blogext.invalid"
    for route in routes.claimed("calendars"):
        if route.subject is not None and route.subject[0] == "events":
            event = catalog.terms["events"][route.subject[1]]
            talks, name = event.talks, event.name
        else:
            talks, name = catalog.talks, f"{state.config.project}: {_('Talks')}"
        pages = {t.docname: routes.absolute(t.docname) for t in talks}
        speakers = {
            name: term.name
            for name in {n for t in talks for n in t.speakers}
            if (term := catalog.term("contributors", name)) is not None
        }
        context = {"talks": talks, "name": name, "domain": domain, "pages": pages}
        context["speakers"] = dict(sorted(speakers.items()))

        def make(context: dict[str, Any] = context) -> bytes:
            return make_calendar(
                context["talks"],
                context["name"],
                domain=context["domain"],
                pages=context["pages"],
                speakers=context["speakers"],
            )

        yield FileOutput(route, "", context, make=make)


def shows_talks(state: BuildState, pagename: str) -> list[Subject]:
    """The calendars a page advertises: the site's, and the events its lists filter on."""
    pages: dict[str, list[Subject]] | None = state.memo.get("calendar-pages")
    if pages is None:
        pages = state.memo["calendar-pages"] = _pages_with_talks(state)
    return pages.get(pagename, [])


def _pages_with_talks(state: BuildState) -> dict[str, list[Subject]]:
    routes, data = state.routes, state.data
    if not routes.site or not any(t.date for t in state.catalog.talks):
        return {}  # no calendar: nothing to look up
    written = {r.subject for r in routes.claimed("calendars")}
    if not written:
        return {}
    pages: dict[str, list[Subject]] = {talk.docname: [TALKS] for talk in state.catalog.talks}
    for index in routes.pages_of(TALKS):
        pages[index.pagename] = [TALKS]
    for docname, queries in data.store("talklists").items():
        subjects = pages.setdefault(docname, [TALKS])
        for query in queries:
            term = state.catalog.term("events", query.event) if query.event else None
            if term is None:
                continue
            subject = ("events", term.key)
            if subject in written and subject not in subjects:
                subjects.append(subject)
    for key, term in state.catalog.terms["contributors"].items():
        people = routes.pages_of(("contributors", key))
        if term.talks and people:
            pages.setdefault(people[0].pagename, [TALKS])
    return pages


def link_calendars(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """``<link rel="alternate" type="text/calendar">`` on every page that shows talks."""
    state = state_of(app)
    links = []
    for subject in shows_talks(state, pagename):
        title = state.catalog.terms["events"][subject[1]].name if subject[1] else _("Talks")
        for route in state.routes.related(subject, "alternate"):
            if route.kind is CALENDAR:
                links.append(
                    Markup('<link rel="alternate" type="{}" title="{}" href="{}">').format(
                        MEDIA_TYPE,
                        f"{title} (iCalendar)",
                        state.routes.file_link(pagename, route.file),
                    )
                )
    add_to_head(context, "\n".join(links))


def _documents(state: BuildState) -> set[str]:
    """Documents that may show talks (the calendars they link to can change)."""
    data = state.data
    index = f"{state.settings.talks_path}/index"
    own = [index] if index in state.routes.docs else []
    return {*data.talks, *data.store("talklists"), *data.store("contributors"), *own}


def _links_context(state: BuildState, docname: str) -> list[Subject] | None:
    return shows_talks(state, docname) or None if state.site else None


def _no_insert(state: BuildState, doctree: Any, docname: str, keys: object) -> None:
    """The links go into the page's head (``link_calendars``), not into its body."""


def setup_calendar(app: Sphinx) -> None:
    app.connect("html-page-context", link_calendars)
    add_route_family(app, "calendars", calendar_routes)
    add_document_part(app, DocumentPart("calendar-links", _documents, _links_context, _no_insert))
    add_files(app, "calendars", calendar_files)

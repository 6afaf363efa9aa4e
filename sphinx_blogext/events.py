"""Events: a page for each event (a conference, a meetup) that talks name.

Talks name their event (``:event: PyData Porto 2026``); every event gets a page at
``<blog_talks_path>/<slug>`` with its dates and place, its calendar, its talks (upcoming
first) and the posts that mention it (those that hold one of its talks, and those tagged
with its name). The talks index links each event to its page, and so does every card.

What talks cannot say about an event, the project may: an ``event`` directive in any
document, or an entry of ``blog_events_file`` (YAML, relative to ``conf.py``), with
``start`` and ``end`` (dates), ``place``, ``website``, ``logo`` (an image file of the
project, published with the page, or an http(s) URL) and a description (the directive's
content; Markdown in the file). An event is described once; its page shows what talks
say where the description is silent (the first and last day of its talks; the place
when all its talks share one).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from sphinx.locale import get_translation
from sphinx.util.docutils import SphinxDirective

from . import frontmatter
from .catalog import Definition, add_definitions, tag_key, upcoming_first
from .collect import add_node_store, read_data_file
from .config import settings
from .directives import AS_CONTAINER, AnyOption, option_lines
from .frontmatter import FieldError, Problem, clean_text, describe
from .headtags import listing_metatags
from .model import EventInfo
from .outputs import FileOutput, PageOutput, add_files, add_pages, add_stamp, file_stamps
from .people import bio_from_markdown, bio_from_nodes, image_field
from .routes import TALKS, Layer, RouteKind, add_route_family
from .views import EventView, ListingPage, TextLink, date_text, locale_of
from .warnings import Subtype, suggestion, warn

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import OptionSpec

    from .catalog import Term
    from .model import BlogData, Post, Talk
    from .outputs import BuildState
    from .routes import Route, RouteTable

_ = get_translation("sphinx_blogext")

PAGE = RouteKind("event", Layer.PAGE)
LOGO = RouteKind("event-logo", Layer.FILE)
#: What an event's description may say (the description is the directive's content).
EVENT_FIELDS = ("name", "start", "end", "place", "website", "logo", "description")
#: Longest text kept of a name or a place.
MAX_TEXT = 300


# -- what the project says of an event -------------------------------------------------


def read_event(
    name: str,
    fields: dict[str, Any],
    *,
    base: Path,
    root: Path,
    description: tuple[str, str] = ("", ""),
) -> tuple[EventInfo, list[Problem]]:
    """An event's description from the fields of a directive or a file entry; what
    cannot be used is left out and returned as a problem naming its field."""
    problems: list[Problem] = []
    values: dict[str, Any] = {"name": _short(name)}
    html, text = description
    for raw_key, raw in fields.items():
        key = clean_text(str(raw_key)).strip().casefold()
        if key not in EVENT_FIELDS:
            hint = suggestion(key, list(EVENT_FIELDS))
            problems.append(Problem(f"unknown event field {describe(raw_key)}{hint}", str(raw_key)))
            continue
        if raw is None or raw == "":
            continue
        if isinstance(raw, date) and key in ("start", "end"):
            values[key] = raw.date() if isinstance(raw, datetime) else raw
            continue
        if not isinstance(raw, str | int | float) or isinstance(raw, bool):
            problems.append(Problem(f"{key} must be text, got {describe(raw)}", str(raw_key)))
            continue
        value = clean_text(str(raw)).strip()
        try:
            if key in ("start", "end"):
                values[key] = frontmatter.parse_date(value, settings_zone()).date()
            elif key == "website":
                values["website"] = _checked_url(value)
            elif key == "logo":
                url, file = image_field("logo", value, base, root, problems, str(raw_key))
                values["logo_url"], values["logo_file"] = url, file
            elif key == "description":
                html, text = bio_from_markdown(value)
            else:
                values[key] = _short(value)
        except FieldError as exc:
            problems.append(Problem(f"{key}: {exc}; left out", str(raw_key)))
    start, end = values.get("start"), values.get("end")
    if start is not None and end is not None and end < start:
        problems.append(Problem("end is before start; the end is left out", "end"))
        values.pop("end")
    info = EventInfo(**values, description_html=html, description_text=text)
    return info, problems


def settings_zone() -> Any:
    """Dates of events are days: any zone reads them the same."""
    from datetime import UTC

    return UTC


def _checked_url(value: str) -> str:
    from .urls import unsafe_url_reason

    if not value.lower().startswith(("http://", "https://")):
        raise FieldError(f"{describe(value)} is not an http(s) URL")
    if reason := unsafe_url_reason(value):
        raise FieldError(reason)
    return value


def _short(value: str) -> str:
    text = " ".join(clean_text(value).split())
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"


class event_node(nodes.container):
    """An event's description where the project writes it; carries the
    :class:`~.model.EventInfo`."""


class EventDirective(SphinxDirective):
    """``.. event:: Name`` describes an event; the content is its description."""

    required_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec: ClassVar[OptionSpec] = AnyOption(EVENT_FIELDS)

    def run(self) -> list[nodes.Node]:
        node = event_node(classes=["blogext-event-description"])
        self.set_source_info(node)
        if self.content:
            self.state.nested_parse(self.content, self.content_offset, node)
        source = Path(self.env.doc2path(self.env.docname))
        info, problems = read_event(
            self.arguments[0],
            dict(self.options),
            base=source.parent,
            root=Path(self.env.srcdir),
            description=bio_from_nodes(node.children),
        )
        info = replace(info, docname=self.env.docname, line=self.lineno)
        if info.logo_file:
            self.env.note_dependency(info.logo_file)
        lines = option_lines(self)
        for problem in problems:
            warn(
                f"event {info.name!r}: {problem.message}",
                subtype=Subtype.URL if problem.subtype is Subtype.URL else Subtype.TALK,
                docname=self.env.docname,
                line=lines.get(problem.key or "", self.lineno),
            )
        if not info.name:
            warn("an event needs a name", subtype=Subtype.TALK, docname=self.env.docname,
                 line=self.lineno)  # fmt: skip
            return node.children
        node["event"] = info
        return [node]


def read_events_file(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Read ``blog_events_file`` before each read phase; report it when it changed."""
    read_data_file(
        app,
        "events",
        settings(env).events_file,
        lambda path, block: _file_events(app, path, block),
        subtype=Subtype.TALK,
    )


def _file_events(app: Sphinx, path: Path, block: frontmatter.Block) -> dict[str, EventInfo]:
    found: dict[str, EventInfo] = {}
    for raw_key, value in block.raw.items():
        line = block.lines.get(str(raw_key))
        name = " ".join(clean_text(str(raw_key)).split())
        if isinstance(value, str):
            value = {"description": value}
        if not isinstance(value, dict):
            message = f"event {name!r}: must be a mapping of {', '.join(EVENT_FIELDS)}"
            warn(message, subtype=Subtype.TALK, path=str(path), line=line)
            continue
        fields = {k: v for k, v in value.items() if str(k) != "name"}
        info, problems = read_event(
            str(value.get("name") or name), fields, base=path.parent, root=Path(app.srcdir)
        )
        for problem in problems:
            warn(f"event {name!r}: {problem.message}", subtype=Subtype.TALK, path=str(path),
                 line=line)  # fmt: skip
        key = tag_key(name)
        if not key:
            continue
        if key in found:
            message = f"event {name!r} is described twice; the first one counts"
            warn(message, subtype=Subtype.TALK, path=str(path), line=line)
            continue
        found[key] = replace(info, file=str(path), line=line)
    return found


def event_definitions(data: BlogData, config: Config) -> Iterable[Definition]:
    """The events the project describes: in documents, then in the events file."""
    for docname, infos in sorted(data.store("events").items()):
        for info in infos:
            yield _definition(tag_key(info.name), info, docname=docname)
    for key, info in sorted((data.file("events")[1] or {}).items()):
        yield _definition(key, info, file=info.file)


def _definition(key: str, info: EventInfo, *, docname: str = "", file: str = "") -> Definition:
    # a described event with no talk has no page (makes no term)
    return Definition(
        key, info.name, info, makes_term=False, docname=docname, line=info.line, file=file,
        subtype=Subtype.TALK,
    )  # fmt: skip


# -- pages -------------------------------------------------------------------------------


def event_routes(table: RouteTable) -> Iterator[Route]:
    """A page per event with talks, and the logo it shows when the project gives one."""
    folder = table.settings.talks_path
    for key, term in sorted(table.catalog.terms.get("events", {}).items()):
        if not term.talks:
            continue
        first = term.talks[0]
        yield table.page(
            PAGE, f"{folder}/{term.slug}", subject=("events", key), owner=first.docname,
            line=first.lineno,
        )  # fmt: skip
        info = _info(term)
        if info is not None and info.logo_file and table.site:
            suffix = Path(info.logo_file).suffix.lower()
            yield table.file(
                LOGO, f"{folder}/{term.slug}/logo{suffix}", subject=("events", key), rel="image",
                owner=info.docname, line=info.line if info.docname else None,
            )  # fmt: skip


def _info(term: Term) -> EventInfo | None:
    found = term.definition
    return found if isinstance(found, EventInfo) else None


def event_view(state: BuildState, pagename: str, term: Term) -> EventView:
    info = _info(term)
    dated = [t for t in term.talks if t.date is not None]
    start = info.start if info is not None and info.start else None
    end = info.end if info is not None and info.end else None
    if start is None and dated:
        start = min(t.date.date() for t in dated if t.date is not None)
    if end is None and dated:
        # a talk's end is the moment it is over (midnight after an all-day talk)
        end = max(_last_day(t) for t in dated)
    places = {t.location for t in term.talks if t.location}
    place = info.place if info is not None and info.place else ""
    if not place and len(places) == 1:
        place = places.pop()
    logo = ""
    if info is not None and info.logo_url:
        logo = info.logo_url
    else:
        images = state.routes.related(("events", term.key), "image")
        logo = state.routes.file_link(pagename, images[0].file) if images else ""
    return EventView(
        name=term.name,
        when=_days(state, start, end),
        start=start.isoformat() if start else "",
        end=end.isoformat() if end and end != start else "",
        place=place,
        website=info.website if info is not None else "",
        logo=logo,
        description=info.description_html if info is not None else "",
        past=all(t.is_past(state.now) for t in term.talks),
    )


def _last_day(talk: Talk) -> date:
    assert talk.date is not None
    if talk.end is None or talk.end <= talk.date:
        return talk.date.date()
    return (talk.end - timedelta(seconds=1)).date()


def _days(state: BuildState, start: date | None, end: date | None) -> str:
    language, fmt = state.config.language, state.settings.date_format
    if start is None:
        return ""
    if end is None or end == start:
        return date_text(start, language, fmt)
    from babel.dates import format_interval

    try:
        return str(format_interval(start, end, "yMMMd", locale=locale_of(language)))
    except (ValueError, KeyError, TypeError, AttributeError):
        return f"{date_text(start, language, fmt)} \u2013 {date_text(end, language, fmt)}"


def mentions(state: BuildState, key: str) -> list[Post]:
    """The posts that mention an event: those holding one of its talks, and those tagged
    with its name; in listing order."""
    term = state.catalog.terms["events"][key]
    documents = {t.docname for t in term.talks}
    tagged = state.catalog.terms.get("tags", {}).get(key)
    posts = {p.docname for p in tagged.posts} if tagged is not None else set()
    return [p for p in state.catalog.listed if p.docname in documents | posts]


def event_context(state: BuildState, route: Route) -> ListingPage:
    assert route.subject is not None
    key = route.subject[1]
    term = state.catalog.terms["events"][key]
    views, routes, page = state.views, state.routes, route.pagename
    event = event_view(state, page, term)
    calendars = views.alternates(page, ("events", key))
    posts = mentions(state, key)
    index = routes.pages_of(TALKS)[:1]
    return ListingPage(
        anchor="blog-event",
        title=term.name,
        heading=term.name,
        event=event,
        talks_heading=str(_("Talks")),
        talks_calendar=calendars[0].url if calendars and not event.past else "",
        talks=views.talks(page, upcoming_first(term.talks, state.now), state.now),
        talks_show_event=False,
        listing_heading=str(_("Posts about this event")) if posts else "",
        listing=views.listing(page, posts, "excerpts") if posts else None,
        links=tuple(TextLink(routes.url(page, r.pagename), _("All talks")) for r in index),
    )


def event_pages(state: BuildState) -> Iterator[PageOutput]:
    for route in state.routes.claimed("events"):
        if route.kind is PAGE:
            context = event_context(state, route)
            description = context.event.place if context.event else ""
            meta = listing_metatags(
                state, route.pagename, context.title, description, route.subject
            )
            yield PageOutput(route, context.title, "listing_page.html", context, meta)


def logo_files(state: BuildState) -> Iterator[FileOutput]:
    terms = state.catalog.terms.get("events", {})
    for route in state.routes.claimed("events"):
        if route.kind is LOGO and route.subject is not None:
            info = _info(terms[route.subject[1]])
            if info is not None and info.logo_file:
                yield FileOutput(route, "", {}, source=info.logo_file)


def logo_stamps(state: BuildState) -> list[tuple[str, tuple[int, int] | None]]:
    """The events' logo files as they are now: one replaced in place is copied again."""
    terms = state.catalog.terms.get("events", {}).values()
    return file_stamps(info.logo_file for term in terms if (info := _info(term)))


def setup_events(app: Sphinx) -> None:
    app.add_node(event_node, override=False, **AS_CONTAINER)
    app.add_directive("event", EventDirective)
    add_node_store(app, "events", event_node, lambda node: node["event"])
    app.connect("env-before-read-docs", read_events_file)
    add_definitions(app, "events", event_definitions)
    add_route_family(app, "events", event_routes)
    add_pages(app, "events", event_pages)
    add_files(app, "events", logo_files)
    add_stamp(app, "events", logo_stamps)

"""Talks: the ``talk`` card, the ``talklist`` directive, the talks index and the ``{talk}`` role.

A ``talk`` directive keeps its talk as plain data (:class:`~.model.Talk`)
and its abstract as the card's own content. What depends on the rest of
the site (speakers linked to contributor pages, tags to existing tag pages, the
event to its place on the talks index) is filled in by the output pipeline
when the page is written, so an incremental build shows what a clean one
does. Events are a taxonomy of the catalog; the talks index is a route and
a generated page; calendars are files (see :mod:`.calendar`). A talk's tags
link to the tag pages of the blog where they exist; tag pages list posts.

Whether a talk is upcoming or past is decided against the build's "now"
(``SOURCE_DATE_EPOCH`` when set, for reproducible builds).
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from sphinx.locale import get_translation
from sphinx.util.docutils import SphinxDirective

from . import frontmatter
from .catalog import Source, Taxonomy, add_taxonomy, tag_key, term_slug
from .collect import add_node_store
from .config import settings
from .digest import View, view
from .directives import AS_CONTAINER, AnyOption, option_lines, whole_number
from .frontmatter import FieldError, Problem, clean_text, describe
from .headtags import listing_metatags
from .model import Talk, TalkQuery, blog_data
from .outputs import DocumentPart, PageOutput, add_document_part, add_pages
from .pages import add_own_document_part, talk_facts, text_talks
from .refs import RefKind, add_ref_kind
from .render import make_fragment
from .routes import POSTS, TALKS, Layer, RouteKind, add_route_family, add_section
from .urls import unsafe_url_reason
from .views import EventGroup, ListingPage, TalkGroup, TalkView, TextLink
from .warnings import Subtype, unknown_hint, warn

if TYPE_CHECKING:
    from collections.abc import Iterator
    from datetime import tzinfo

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import OptionSpec
    from sphinx.writers.html5 import HTML5Translator

    from .outputs import BuildState
    from .routes import Route, RouteTable

_ = get_translation("sphinx_blogext")

INDEX = RouteKind("talks", Layer.PAGE)

TALK_OPTIONS = (
    "speakers",
    "event",
    "date",
    "duration",
    "location",
    "url",
    "slides",
    "video",
    "tags",
    "level",
    "id",
    "status",
)
#: What ``:status:`` may say: a talk goes ahead as announced (scheduled), will not take
#: place (cancelled), is put off to a date not known yet (postponed), has a new date
#: (rescheduled, the card shows the new one), or takes place online only (moved-online).
STATUSES = ("scheduled", "cancelled", "postponed", "rescheduled", "moved-online")
_STATUS_WORDS = {"canceled": "cancelled", "moved online": "moved-online", "online": "moved-online"}
TALKLIST_OPTIONS = ("event", "speakers", "speaker", "tags", "tag", "upcoming", "past", "limit")
#: Longest text kept of a short field (event, location, level, title).
MAX_TEXT = 300
#: Longest abstract kept as plain text (for calendars and lists).
MAX_ABSTRACT = 5000
#: Longest duration accepted: a month of workshops.
MAX_MINUTES = 31 * 1440

#: a date without a time (2024-03-21, 20240321): an all-day talk
_DATE_ONLY = re.compile(r"\d{4}-?\d{2}-?\d{2}", re.ASCII)
_UNIT = {
    "d": 1440, "day": 1440, "days": 1440,
    "h": 60, "hr": 60, "hrs": 60, "hour": 60, "hours": 60,
    "m": 1, "min": 1, "mins": 1, "minute": 1, "minutes": 1,
    "s": 1 / 60, "sec": 1 / 60, "secs": 1 / 60, "second": 1 / 60, "seconds": 1 / 60,
}  # fmt: skip
# ASCII digits only (int() and float() read "²" or "٣" differently, or not at all),
# and few of them: a number of 400 digits is no duration (and no float)
_PART = re.compile(r"(\d{1,9}(?:[.,]\d{1,6})?)\s*([a-z]+)", re.ASCII)
_PARTS = re.compile(r"(?:\d{1,9}(?:[.,]\d{1,6})?\s*[a-z]+\s*)+", re.ASCII)
_ISO = re.compile(
    r"P(?:(\d{1,9})W)?(?:(\d{1,9})D)?(?:T(?:(\d{1,9})H)?(?:(\d{1,9})M)?(?:(\d{1,9})S)?)?",
    re.IGNORECASE | re.ASCII,
)
_CLOCK = re.compile(r"(\d{1,3}):([0-5]\d)", re.ASCII)
_WHOLE = re.compile(r"\d{1,9}", re.ASCII)


# -- reading a talk ------------------------------------------------------------


def parse_duration(value: str) -> int:
    """Minutes from ``35m``, ``1h30``, ``1h 30min``, ``90``, ``1:30``, ``2 days`` or ``PT35M``.

    Raises :class:`FieldError` for anything else, a negative or zero
    duration, or one longer than a month.
    """
    text = " ".join(clean_text(value).strip().lower().split())
    if text.startswith("-"):
        raise FieldError(f"duration {describe(value)} is negative")
    minutes: float
    if _WHOLE.fullmatch(text):
        minutes = int(text)
    elif (clock := _CLOCK.fullmatch(text)) is not None:
        minutes = int(clock.group(1)) * 60 + int(clock.group(2))
    elif (iso := _ISO.fullmatch(text)) is not None and text not in ("p", "pt") and text[-1] != "t":
        weeks, days, hours, mins, secs = (int(g or 0) for g in iso.groups())
        minutes = (weeks * 7 + days) * 1440 + hours * 60 + mins + secs / 60
    elif (text := re.sub(r"([0-9])h([0-9]+)$", r"\1h\2m", text)) and _PARTS.fullmatch(text):
        minutes = 0
        for number, unit in _PART.findall(text):
            if unit not in _UNIT:
                raise FieldError(f"duration {describe(value)}: unknown unit {unit!r}")
            minutes += float(number.replace(",", ".")) * _UNIT[unit]
    else:
        raise FieldError(
            f"cannot read duration {describe(value)}: use 35m, 1h30m, 90 (minutes) or PT1H30M"
        )
    whole = -int(-minutes // 1)  # seconds round up to a minute
    if whole <= 0:
        raise FieldError(f"duration {describe(value)} must be longer than zero")
    if whole > MAX_MINUTES:
        raise FieldError(f"duration {describe(value)} is longer than a month")
    return whole


def read_status(value: str) -> str:
    """One of :data:`STATUSES` (American spelling and "moved online" read too), or
    :class:`FieldError`."""
    text = " ".join(value.strip().casefold().replace("_", "-").split())
    text = _STATUS_WORDS.get(text, text)
    if text not in STATUSES:
        raise FieldError(
            f"status {describe(value)} is not one of {', '.join(STATUSES)}; the talk is shown "
            "as scheduled"
        )
    return text


def checked_url(value: str) -> str:
    """An absolute http(s) URL, or :class:`FieldError` saying why it is not one."""
    text = clean_text(value).strip()
    if not text.lower().startswith(("http://", "https://")):
        raise FieldError(f"{describe(text)} is not an http(s) URL")
    reason = unsafe_url_reason(text)
    if reason:
        raise FieldError(reason)
    return text


def _short_text(value: str) -> str:
    text = " ".join(clean_text(value).split())
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"


def anchor_of(name: str) -> str:
    """The card's anchor for a title or an ``:id:``: ``talk-<slug>``."""
    slug = term_slug(" ".join(clean_text(name).split()))
    return slug if slug.startswith("talk-") else f"talk-{slug}"


def read_talk(
    title: str, options: dict[str, Any], zone: tzinfo
) -> tuple[dict[str, Any], list[Problem]]:
    """The fields of a :class:`~.model.Talk` from a directive's title and options.

    Every option is checked; what cannot be used is left out and returned
    as a problem naming the option.
    """
    fields: dict[str, Any] = {"title": _short_text(title)}
    problems: list[Problem] = []
    for raw_name, raw in options.items():
        name = str(raw_name)
        value = clean_text(str(raw or "")).strip()
        try:
            if name not in TALK_OPTIONS:
                raise FieldError(
                    f"unknown option {describe(name)}{unknown_hint(name, TALK_OPTIONS)}"
                )
            if not value:
                continue
            if name in ("speakers", "tags"):
                fields[name] = [_short_text(v) for v in frontmatter.parse_list(name, value)]
            elif name == "date":
                fields["date"] = frontmatter.parse_date(value, zone)
                fields["all_day"] = _DATE_ONLY.fullmatch(value.strip("\"'")) is not None
            elif name == "duration":
                fields["duration"] = parse_duration(value)
            elif name == "id":
                fields["id"] = anchor_of(value)
            elif name == "status":
                fields["status"] = read_status(value)
            elif name in ("url", "slides", "video"):
                fields[name] = checked_url(value)
            else:
                fields[name] = _short_text(value)
        except FieldError as exc:
            message = str(exc)
            if name in ("url", "slides", "video"):
                message = f"{name}: {message}; left out"
            elif name == "date":
                message = f"{message}; the talk is shown without a date"
            problems.append(Problem(message, name, Subtype.TALK))
    if fields.get("date") is not None and _ends_too_late(fields):
        problems.append(
            Problem(
                "the talk would end after the last day a calendar can hold (9999-12-31); "
                "it is shown without a date",
                "date",
                Subtype.TALK,
            )
        )
        fields.pop("date")
        fields.pop("all_day", None)
    if not fields["title"]:
        problems.append(
            Problem("a talk needs a title (the directive's argument)", None, Subtype.TALK)
        )
    return fields, problems


def _ends_too_late(fields: dict[str, Any]) -> bool:
    """Whether a talk's end (its start plus its duration, or the end of its last day)
    cannot be counted: past the year 9999 in UTC."""
    start: datetime = fields["date"]
    minutes = fields.get("duration", 0)
    length = (
        timedelta(days=max(1, -(-minutes // 1440)))
        if fields.get("all_day")
        else timedelta(minutes=minutes)
    )
    try:
        (start + length).astimezone(UTC)
    except OverflowError:
        return True
    return False


# -- the talk directive -----------------------------------------------------------


class talk_node(nodes.container):
    """A talk's card; carries the :class:`~.model.Talk`. Other builders see a container."""


def visit_talk_html(translator: HTML5Translator, node: talk_node) -> None:
    translator.body.append(translator.starttag(node, "article"))


def depart_talk_html(translator: HTML5Translator, node: talk_node) -> None:
    translator.body.append("</article>\n")


class TalkDirective(SphinxDirective):
    """``.. talk:: Title`` with the talk's facts as options and the abstract as content."""

    optional_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec: ClassVar[OptionSpec] = AnyOption(TALK_OPTIONS)

    def run(self) -> list[nodes.Node]:
        docname = self.env.docname
        fields, problems = read_talk(
            self.arguments[0] if self.arguments else "", dict(self.options), settings(self.env).zone
        )
        lines = option_lines(self)
        for problem in problems:
            line = lines.get(problem.key or "", self.lineno)
            warn(f"talk: {problem.message}", subtype=Subtype.TALK, docname=docname, line=line)
        abstract = nodes.container(classes=["blogext-talk-abstract"])
        if self.content:
            self.state.nested_parse(self.content, self.content_offset, abstract)
        if not fields["title"]:
            # no card without a title, but the author's words stay on the page
            return abstract.children
        node = talk_node(classes=["blogext-talk"])
        self.set_source_info(node)
        anchor = self._anchor(fields.pop("id", "") or anchor_of(fields["title"]))
        node["ids"].append(anchor)
        self.state.document.set_id(node)
        text = " ".join(abstract.astext().split())
        node["talk"] = Talk(
            docname=docname,
            id=anchor,
            abstract=text[:MAX_ABSTRACT],
            lineno=self.lineno,
            **fields,
        )
        if abstract.children:
            node += abstract
        return [node]

    def _anchor(self, base: str) -> str:
        """The anchor, numbered when the page already has it."""
        anchor, number = base, 1
        while anchor in self.state.document.ids:
            number += 1
            anchor = f"{base}-{number}"
        return anchor


# -- the talklist directive --------------------------------------------------------


class talklist_node(nodes.General, nodes.Element):
    """Placeholder for a ``talklist``; carries its :class:`~.model.TalkQuery`."""


class TalklistDirective(SphinxDirective):
    """``.. talklist::`` embeds the talks matching its filters."""

    has_content = False
    option_spec: ClassVar[OptionSpec] = AnyOption(TALKLIST_OPTIONS)

    def run(self) -> list[nodes.Node]:
        node = talklist_node()
        node["query"] = self._query()
        self.set_source_info(node)
        return [node]

    def _warn(self, message: str, option: str = "") -> None:
        line = option_lines(self).get(option, self.lineno) if option else self.lineno
        warn(f"talklist: {message}", subtype=Subtype.TALK, docname=self.env.docname, line=line)

    def _query(self) -> TalkQuery:
        values: dict[str, Any] = {}
        for name, raw in self.options.items():
            value = clean_text(raw or "").strip()
            if name not in TALKLIST_OPTIONS:
                hint = unknown_hint(name, TALKLIST_OPTIONS)
                self._warn(f"unknown option {describe(name)}{hint}", name)
            elif name in ("upcoming", "past"):
                if values.get("when", name) != name:
                    self._warn("choose one of :upcoming: and :past:", name)
                    values["when"] = ""
                    continue
                values["when"] = name
            elif name == "limit":
                number, problem = whole_number(name, value)
                if number is not None:
                    values["limit"] = number
                else:
                    self._warn(problem, name)
            elif name == "event":
                values["event"] = _short_text(value)
            else:
                field = "speakers" if name.startswith("speaker") else "tags"
                try:
                    names = frontmatter.parse_list(field, value)
                except FieldError as exc:
                    self._warn(str(exc), name)
                    continue
                values[field] = (*values.get(field, ()), *names)
        return TalkQuery(**values)


# -- collecting ----------------------------------------------------------------------


def collect_talks(app: Sphinx, doctree: nodes.document) -> None:
    """Keep the document's talks, each with the time its document was last revised
    (``doctree-read``, after the document's front matter is read)."""
    env, docname = app.env, app.env.docname
    talks = [node["talk"] for node in doctree.findall(talk_node)]
    if talks:
        revised = _revised(env, docname)
        talks = [replace(talk, revised=revised) for talk in talks]
    blog_data(env).put("talks", docname, talks)


def _revised(env: BuildEnvironment, docname: str) -> datetime | None:
    """When a document was last revised, as its front matter says: ``lastmod``, else
    ``date`` (a post's, or the metadata of any other page); None if it does not say."""
    post = blog_data(env).posts.get(docname)
    if post is not None:
        return post.lastmod or post.date
    metadata = env.metadata.get(docname, {})
    for key in ("lastmod", "date"):
        value = metadata.get(key)
        if value:
            try:
                return frontmatter.parse_date(value, settings(env).zone)
            except FieldError:
                continue
    return None


# -- cards and lists inside documents ----------------------------------------------


def _heading_level(node: nodes.Node, below: int = 1) -> int:
    """The heading level for something ``below`` levels under the node's section."""
    depth, parent = 0, node.parent
    while parent is not None:
        if isinstance(parent, nodes.section):
            depth += 1
        parent = parent.parent
    return max(2, min(6, depth + below))


@view
class TalkCard(View):
    """The header of a talk card (``talk_header.html``): the talk, the level of its title,
    and where the title leads."""

    digest_once = False

    talk: TalkView
    level: int
    href: str


@view
class TalkFooter(View):
    """The bottom of a talk card (``talk_footer.html``)."""

    digest_once = False

    talk: TalkView
    schedule: bool


@view
class TalkList(View):
    """A list of talks (``talklist.html``)."""

    digest_once = False

    talks: tuple[TalkView, ...]
    level: int
    show_event: bool = True


def cards_context(state: BuildState, docname: str) -> tuple[TalkView, ...] | None:
    talks = state.data.talks.get(docname)
    if not talks:
        return None
    return state.views.talks(docname, talks, state.now, listed=False)


def insert_cards(state: BuildState, doctree: nodes.Node, docname: str, data: object) -> None:
    """Give each card of ``docname`` its header and footer, worked out from the node."""
    for node in list(doctree.findall(talk_node)):
        talk = node["talk"]
        if talk.docname != docname or node.get("filled"):
            continue  # a single-file build: another document's card
        node["filled"] = True
        view = state.views.talk(docname, talk, state.now)
        if view.past:
            node["classes"].append("blogext-talk-past")
        if view.status_label:
            node["classes"].append(f"blogext-talk-{view.status}")
        if state.html:
            header = TalkCard(view, _heading_level(node), view.url)
            searchable = [view.title, " ".join(s.name for s in view.speakers), view.event]
            node.insert(0, make_fragment("talk_header.html", header, searchable))
            node.append(make_fragment("talk_footer.html", TalkFooter(view, schedule=False)))
        else:
            node.insert(0, _text_header(view))
            links = _text_links(view, schedule=False)
            if len(links):
                node.append(links)


def _text_header(view: TalkView) -> nodes.Element:
    title = nodes.paragraph()
    title += nodes.strong(view.title, view.title)
    if view.url:
        title += nodes.Text(" (")
        title += nodes.reference(view.url, view.url, refuri=view.url)
        title += nodes.Text(")")
    box = nodes.container(classes=["blogext-talk-header"])
    box += title
    facts = talk_facts(view)
    if facts:
        box += nodes.paragraph(text=" · ".join(facts))
    return box


def _text_links(view: TalkView, *, schedule: bool) -> nodes.Element:
    links = [(_("Schedule"), view.url)] if schedule else []
    links += [(_("Slides"), view.slides), (_("Video"), view.video)]
    paragraph = nodes.paragraph(classes=["blogext-talk-links"])
    for label, url in links:
        if url:
            if len(paragraph):
                paragraph += nodes.Text(" · ")
            paragraph += nodes.Text(f"{label}: ")
            paragraph += nodes.reference(url, url, refuri=url)
    return paragraph


def talklists_context(state: BuildState, docname: str) -> tuple[tuple[TalkView, ...], ...] | None:
    queries = state.data.store("talklists").get(docname)
    if not queries:
        return None
    return tuple(
        state.views.talks(docname, state.catalog.query_talks(q, state.now), state.now)
        for q in queries
    )


def insert_talklists(state: BuildState, doctree: nodes.Node, docname: str, data: object) -> None:
    for node in list(doctree.findall(talklist_node)):
        talks = state.catalog.query_talks(node["query"], state.now)
        views = state.views.talks(docname, talks, state.now)
        if state.html:
            node.replace_self(make_fragment("talklist.html", TalkList(views, _heading_level(node))))
        else:
            node.replace_self(text_talks(views))


# -- the talks index ----------------------------------------------------------------


def talk_routes(table: RouteTable) -> Iterator[Route]:
    """The talks index (once there are talks, or the project has its document), and
    each event's place on it."""
    pagename = f"{table.settings.talks_path}/index"
    if not table.catalog.talks and pagename not in table.docs:
        return
    # each event has a page of its own (see :mod:`.events`)
    yield table.page(INDEX, pagename, subject=TALKS, document=True)


def _index(table: RouteTable) -> Route | None:
    return next(iter(table.family("talks")), None)


def index_context(state: BuildState, pagename: str, *, heading: bool) -> ListingPage:
    """Talks by event, upcoming events before past ones."""
    routes, views, now = state.routes, state.views, state.now
    groups = []
    for past, events in state.catalog.talk_groups(now):
        shown = []
        for event, talks in events:
            calendars = views.alternates(pagename, ("events", event.key)) if event else ()
            shown.append(
                EventGroup(
                    event.name if event is not None else _("Other talks"),
                    f"event-{event.slug}" if event is not None else "",
                    # a past event is not offered for a calendar (its file stays)
                    calendars[0].url if calendars and not past else "",
                    views.talks(pagename, talks, now),
                    routes.term_url(pagename, "events", event.key) if event else "",
                )
            )
        heading_text = _("Past talks") if past else _("Upcoming talks")
        groups.append(TalkGroup(heading_text, tuple(shown)))
    title = _("Talks")
    index = routes.pages_of(POSTS)[:1] if state.site else []
    return ListingPage(
        anchor="blog-talks",
        title=title,
        heading=title if heading else "",
        talk_groups=tuple(groups),
        feeds=views.alternates(pagename, TALKS),
        links=tuple(TextLink(routes.url(pagename, r.pagename), _("All posts")) for r in index),
    )


def index_pages(state: BuildState) -> Iterator[PageOutput]:
    for route in state.routes.claimed("talks"):
        if route.kind is INDEX:
            context = index_context(state, route.pagename, heading=True)
            meta = listing_metatags(state, route.pagename, context.title)
            yield PageOutput(route, context.title, "listing_page.html", context, meta)


def _text_index(context: ListingPage) -> nodes.Node:
    box = nodes.container(classes=["blogext-talks"])
    for group in context.talk_groups or ():
        box += nodes.paragraph(text=group.heading)
        for event in group.events:
            box += nodes.paragraph(text=event.name)
            box += text_talks(event.talks)
    return box


# -- the role ------------------------------------------------------------------------


def resolve_ref(state: BuildState, docname: str, target: str) -> tuple[str, str] | None:
    """A ``{talk}`` role: the talk's title and its card, by title or anchor."""
    talk = state.catalog.find_talk(target, docname)
    if talk is None:
        return None
    url = state.routes.anchor_url(docname, talk.docname, talk.id) if state.html else ""
    return talk.title, url


def _known_talks(state: BuildState) -> list[str]:
    return [talk.title for talk in state.catalog.talks]


def setup_talks(app: Sphinx) -> None:
    visitors = {**AS_CONTAINER, "html": (visit_talk_html, depart_talk_html)}
    app.add_node(talk_node, override=False, **visitors)
    app.add_node(talklist_node)
    app.add_directive("talk", TalkDirective)
    app.add_directive("talklist", TalklistDirective)
    app.connect("doctree-read", collect_talks)
    add_node_store(app, "talklists", talklist_node, lambda node: node["query"])
    add_taxonomy(app, Taxonomy("events", tag_key, term_slug, (Source("talks", "event"),)))
    add_ref_kind(app, RefKind("talk", resolve_ref, _known_talks, Subtype.TALK))
    add_route_family(app, "talks", talk_routes)
    add_section(app, "talks", lambda: _("Talks"), _index, nav=2)
    add_document_part(
        app,
        DocumentPart("talk-cards", lambda state: state.data.talks, cards_context, insert_cards),
    )
    add_document_part(
        app,
        DocumentPart(
            "talklists",
            lambda state: state.data.store("talklists"),
            talklists_context,
            insert_talklists,
        ),
    )
    add_own_document_part(
        app,
        "talks-index",
        lambda state: f"{state.settings.talks_path}/index",
        lambda state: _index(state.routes),
        lambda state, docname: index_context(state, docname, heading=False),
        _text_index,
    )
    add_pages(app, "talks", index_pages)

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
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from sphinx.environment.collectors import EnvironmentCollector
from sphinx.locale import get_translation
from sphinx.util.docutils import SphinxDirective

from . import frontmatter
from .catalog import term_slug
from .frontmatter import FieldError, Problem, clean_text, describe
from .listings import add_own_document_part
from .model import Talk, TalkQuery, blog_data
from .outputs import DocumentPart, PageOutput, add_document_part, add_pages
from .posts import AnyOption, option_lines, timezone
from .refs import RefKind, add_ref_kind
from .render import make_fragment
from .urls import unsafe_url_reason
from .views import LinkView
from .warnings import unknown_hint, warn
from .webmeta import listing_metatags

if TYPE_CHECKING:
    from collections.abc import Iterator, Set
    from datetime import tzinfo

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import OptionSpec
    from sphinx.writers.html5 import HTML5Translator

    from .outputs import BuildState
    from .views import TalkView

_ = get_translation("sphinx_blogext")

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
)
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
            problems.append(Problem(message, name, "talk"))
    if not fields["title"]:
        problems.append(Problem("a talk needs a title (the directive's argument)", None, "talk"))
    return fields, problems


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
            self.arguments[0] if self.arguments else "", dict(self.options), timezone(self.env)
        )
        lines = option_lines(self)
        for problem in problems:
            line = lines.get(problem.key or "", self.lineno)
            warn(f"talk: {problem.message}", subtype="talk", docname=docname, line=line)
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
        self.state.document.ids[anchor] = node
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
        warn(f"talklist: {message}", subtype="talk", docname=self.env.docname, line=line)

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
                if (number := frontmatter.positive_whole(value)) is not None:
                    values["limit"] = number
                else:
                    self._warn(f"'limit' must be a positive whole number, got {value[:40]!r}", name)
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


class TalkCollector(EnvironmentCollector):
    """Keeps the talks and the ``talklist`` queries of each document."""

    def clear_doc(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        data = blog_data(env)
        data.set_talks(docname, [])
        data.set_talklists(docname, [])

    def merge_other(
        self, app: Sphinx, env: BuildEnvironment, docnames: Set[str], other: BuildEnvironment
    ) -> None:
        mine, theirs = blog_data(env), blog_data(other)
        for docname in docnames:
            mine.set_talks(docname, theirs.talks.get(docname, []))
            mine.set_talklists(docname, theirs.talklists.get(docname, []))

    def process_doc(self, app: Sphinx, doctree: nodes.document) -> None:
        data, docname = blog_data(app.env), app.env.docname
        data.set_talks(docname, [node["talk"] for node in doctree.findall(talk_node)])
        data.set_talklists(docname, [node["query"] for node in doctree.findall(talklist_node)])


# -- cards and lists inside documents ----------------------------------------------


def _heading_level(node: nodes.Node, below: int = 1) -> int:
    """The heading level for something ``below`` levels under the node's section."""
    depth, parent = 0, node.parent
    while parent is not None:
        if isinstance(parent, nodes.section):
            depth += 1
        parent = parent.parent
    return max(2, min(6, depth + below))


def cards_context(state: BuildState, docname: str) -> list[TalkView] | None:
    talks = state.data.talks.get(docname)
    if not talks:
        return None
    return state.views.talks(docname, talks, state.now)


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
        if state.html:
            level = _heading_level(node)
            header = {"talk": view, "level": level, "href": view.url}
            searchable = [view.title, " ".join(s.name for s in view.speakers), view.event]
            node.insert(0, make_fragment("talk_header.html", header, searchable))
            node.append(make_fragment("talk_footer.html", {"talk": view, "schedule": False}))
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


def talk_facts(view: TalkView) -> list[str]:
    """Speakers, event, time, duration, place and level, as plain text."""
    facts = []
    if view.speakers:
        facts.append(_("Speakers") + ": " + ", ".join(s.name for s in view.speakers))
    when = view.date.text if view.date else _("Date to be announced")
    facts += [view.event, when, view.duration, view.location]
    if view.level:
        facts.append(_("Level") + ": " + view.level)
    if view.tags:
        facts.append(_("Tags") + ": " + ", ".join(t.name for t in view.tags))
    return [fact for fact in facts if fact]


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


def talklists_context(state: BuildState, docname: str) -> list[list[TalkView]] | None:
    queries = state.data.talklists.get(docname)
    if not queries:
        return None
    return [
        state.views.talks(docname, state.catalog.query_talks(q, state.now), state.now)
        for q in queries
    ]


def insert_talklists(state: BuildState, doctree: nodes.Node, docname: str, data: object) -> None:
    for node in list(doctree.findall(talklist_node)):
        talks = state.catalog.query_talks(node["query"], state.now)
        views = state.views.talks(docname, talks, state.now)
        if state.html:
            context = {"talks": views, "level": _heading_level(node, 1), "show_event": True}
            node.replace_self(make_fragment("talklist.html", context))
        else:
            node.replace_self(text_talks(views))


def text_talks(views: list[TalkView]) -> nodes.Node:
    """A list of talks for builders other than HTML."""
    if not views:
        return nodes.paragraph(text=_("No talks yet."))
    items = nodes.bullet_list()
    for view in views:
        items += nodes.list_item(
            "", nodes.paragraph(text=" — ".join([view.title, *talk_facts(view)]))
        )
    return items


# -- the talks index ----------------------------------------------------------------


def index_context(state: BuildState, pagename: str, *, heading: bool) -> dict[str, Any]:
    """Talks by event, upcoming events before past ones."""
    routes, views, now = state.routes, state.views, state.now
    groups = []
    for past, events in state.catalog.talk_groups(now):
        shown = []
        for event, talks in events:
            shown.append(
                {
                    "name": event.name if event is not None else _("Other talks"),
                    "anchor": f"event-{event.slug}" if event is not None else "",
                    "calendar": routes.calendar_url(pagename, event.key) if event else "",
                    "talks": views.talks(pagename, talks, now),
                }
            )
        groups.append(
            {"heading": _("Past talks") if past else _("Upcoming talks"), "events": shown}
        )
    title = _("Talks")
    calendar = routes.calendar_url(pagename)
    return {
        "anchor": "blog-talks",
        "heading": title if heading else "",
        "title": title,
        "talk_groups": groups,
        "listing": None,
        "pagination": None,
        "feeds": (LinkView("calendar", "iCalendar", calendar),) if calendar else (),
        "links": [{"url": routes.url(pagename, routes.index[0].pagename), "text": _("All posts")}]
        if state.site
        else [],
    }


def index_pages(state: BuildState) -> Iterator[PageOutput]:
    for route in state.routes.claims.pages:
        if route.kind == "talks":
            context = index_context(state, route.pagename, heading=True)
            meta = listing_metatags(state, route.pagename, context["title"])
            yield PageOutput(route, context["title"], "listing_page.html", context, meta)


def _text_index(context: dict[str, Any]) -> nodes.Node:
    box = nodes.container(classes=["blogext-talks"])
    for group in context["talk_groups"]:
        box += nodes.paragraph(text=group["heading"])
        for event in group["events"]:
            box += nodes.paragraph(text=event["name"])
            box += text_talks(event["talks"])
    return box


# -- the role ------------------------------------------------------------------------


def resolve_ref(state: BuildState, docname: str, target: str) -> tuple[str, str] | None:
    """A ``{talk}`` role: the talk's title and its card, by title or anchor."""
    talk = state.catalog.find_talk(target, docname)
    if talk is None:
        return None
    url = state.routes.talk_url(docname, talk.docname, talk.id) if state.html else ""
    return talk.title, url


def _known_talks(state: BuildState) -> list[str]:
    return [talk.title for talk in state.catalog.talks]


def _visit_container(translator: Any, node: nodes.Element) -> None:
    translator.visit_container(node)


def _depart_container(translator: Any, node: nodes.Element) -> None:
    translator.depart_container(node)


#: Builders other than HTML show a card as the block of text it holds.
AS_CONTAINER = (_visit_container, _depart_container)


def setup_talks(app: Sphinx) -> None:
    app.add_node(
        talk_node,
        html=(visit_talk_html, depart_talk_html),
        latex=AS_CONTAINER,
        text=AS_CONTAINER,
        man=AS_CONTAINER,
        texinfo=AS_CONTAINER,
    )
    app.add_node(talklist_node)
    app.add_directive("talk", TalkDirective)
    app.add_directive("talklist", TalklistDirective)
    app.add_env_collector(TalkCollector)
    add_ref_kind(RefKind("talk", resolve_ref, _known_talks), app)
    add_document_part(
        DocumentPart("talk-cards", lambda state: state.data.talks, cards_context, insert_cards)
    )
    add_document_part(
        DocumentPart(
            "talklists", lambda state: state.data.talklists, talklists_context, insert_talklists
        )
    )
    add_own_document_part(
        "talks-index",
        lambda state: state.routes.talks_index,
        lambda state: state.routes.talks_doc,
        lambda state, docname: index_context(state, docname, heading=False),
        _text_index,
    )
    add_pages("talks", index_pages)

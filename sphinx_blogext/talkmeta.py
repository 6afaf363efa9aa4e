"""Structured data for talks, and click-to-load video players on a talk's own page.

**Structured data.** Every page that presents talk cards (a document holding ``talk``
directives, and an event's generated page) describes each of its dated talks as a
schema.org ``Event`` in its JSON-LD, so that search engines and calendars can read
what the card shows. A page has one JSON-LD script: when another part of the blog
already wrote one (a post's ``BlogPosting``, a contributor's ``Person``), the talks join
it in one ``@graph``. Lists of talks (``talklist``, the talks index, contributor pages)
only link to cards and describe nothing: each talk is described where its card is.

What each ``Event`` says, and the rules behind it:

* ``@id`` and ``url``: the talk's card in its own document (absolute, with the card's
  anchor), the same on every page that shows the talk, so that the descriptions are
  known to be of one talk; ``sameAs``: the talk's schedule page (``:url:``).
* ``startDate``/``endDate``: with the talk's offset; an all-day talk gives dates (its
  last day as ``endDate``). A talk without a date is left out: an event needs a start.
* ``location``: a ``Place`` whose ``name`` and ``address`` are the location as written,
  or a ``VirtualLocation`` (``url``: an address in the location, else the schedule
  page) when the talk moved online or its location is online (see
  :func:`read_location`); both, for a location that names a place and "online" (the
  ``VirtualLocation`` only when its address is known).
* ``eventStatus`` from ``:status:``; ``eventAttendanceMode`` from the location.
* ``performer``: the speakers as ``Person``, with their contributor page where they
  have one; ``superEvent``: the conference, with its page (and its website as
  ``sameAs``, when an ``event`` definition gives one).
* ``recordedIn``: a ``VideoObject`` for ``:video:``, with the player's address for
  YouTube and Vimeo.

Addresses need ``blog_baseurl``: without it, the ``url`` of pages is left out (a
relative address is no ``url`` in JSON-LD).

**Players.** A document that presents exactly one talk (the talk's own page) shows a
YouTube or Vimeo ``:video:`` as a player inside the card, below its header. The player
is a button until the reader presses it: nothing is loaded from the video host before
(no picture, no connection); ``blogext-embed.js`` then puts the host's player (from its
privacy-minded domain, see :mod:`.embeds`) in its place. Without JavaScript, and in
other builders, the card's plain "Video" link is all there is. The script and its
styles are added to the pages that have a player, and to no other.
"""

from __future__ import annotations

import json
import re
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from docutils import nodes

from .embeds import Embed, video_embed
from .headtags import DESCRIPTION_LENGTH, add_to_head
from .model import EventInfo
from .outputs import DocumentPart, add_document_part, state_of
from .render import fragment, json_ld, make_fragment
from .urls import unsafe_url_reason

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from sphinx.application import Sphinx

    from .model import Talk
    from .outputs import BuildState

SCHEMA = "https://schema.org"
#: ``:status:`` as schema.org's ``EventStatusType``
EVENT_STATUS = {
    "scheduled": f"{SCHEMA}/EventScheduled",
    "cancelled": f"{SCHEMA}/EventCancelled",
    "postponed": f"{SCHEMA}/EventPostponed",
    "rescheduled": f"{SCHEMA}/EventRescheduled",
    "moved-online": f"{SCHEMA}/EventMovedOnline",
}
OFFLINE = f"{SCHEMA}/OfflineEventAttendanceMode"
ONLINE = f"{SCHEMA}/OnlineEventAttendanceMode"
MIXED = f"{SCHEMA}/MixedEventAttendanceMode"
#: Words that make a part of a location an online one ("Online", "virtual")
ONLINE_WORDS = frozenset({"online", "virtual"})
#: Words that may stand beside them without naming a place ("and online", "also virtual")
_FILLERS = frozenset({"and", "or", "also", "plus", "hybrid", "only"})
_URL = re.compile(r"https?://[^\s<>\"'()\[\]]+", re.IGNORECASE)
#: what separates the parts of a location: "Berlin / online", "Lyon (and online)"
_SEPARATORS = re.compile(r"[,;/|+&()\[\]]|\s+-\s+|\s+(?:and|or)\s+", re.IGNORECASE)
_WORD = re.compile(r"\w+")
_JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)
#: the template that draws the top of a talk card (talks.py), which the player follows
_CARD_HEADER = "talk_header.html"
#: what marks a player in a page's body: such a page gets the script and the styles
_PLAYER_MARK = "data-blogext-embed="


# -- where a talk takes place -----------------------------------------------------------


@dataclass(frozen=True)
class Location:
    """A talk's location as structured data sees it: the place (as written, without its
    online parts), whether it can be followed online, and the address to follow it at."""

    place: str = ""
    online: bool = False
    url: str = ""

    @property
    def attendance(self) -> str:
        """schema.org's attendance mode, or "" when nothing is known."""
        if self.place and self.online:
            return MIXED
        if self.online:
            return ONLINE
        return OFFLINE if self.place else ""


def read_location(text: str) -> Location:
    """Where a talk is, from its ``:location:``.

    A location is online when it is an http(s) address, or when it has a part (between
    commas, slashes, ``+``, ``&``, ``and``, brackets…) made only of the words "online"
    or "virtual" (with "and", "also" or "hybrid" beside them): "Online", "Berlin /
    online", "Lyon (and online)", "https://meet.example/talk". The rule is cautious on
    purpose: "Online Conference Centre, Berlin" is a place, not an online talk. What is
    left once the online parts are taken out is the place.
    """
    text = " ".join(text.split())
    urls = [m.group(0).rstrip(".,;:!?") for m in _URL.finditer(text)]
    url = next((u for u in urls if unsafe_url_reason(u) is None), "")
    rest = _URL.sub(" ", text)
    places, online = [], bool(urls)
    for part in _SEPARATORS.split(rest):
        words = [w.casefold() for w in _WORD.findall(part)]
        if words and set(words) <= ONLINE_WORDS | _FILLERS and set(words) & ONLINE_WORDS:
            online = True
        elif words and not set(words) <= _FILLERS:
            places.append(" ".join(part.split()))
    place = ", ".join(places) if online else text
    return Location(place, online, url)


def talk_location(talk: Talk) -> Location:
    """The location of a talk, its status considered: a talk that moved online is
    online only; an online talk without an address of its own is followed from its
    schedule page."""
    found = read_location(talk.location)
    if talk.status == "moved-online":
        found = Location("", True, found.url)
    if found.online and not found.url:
        found = Location(found.place, True, talk.url)
    return found


# -- the JSON-LD of a talk -----------------------------------------------------------


def describe_talk(state: BuildState, talk: Talk) -> dict[str, Any] | None:
    """A schema.org ``Event`` for a talk, or None for a talk without a date."""
    if talk.date is None:
        return None
    event: dict[str, Any] = {"@type": "Event", "name": talk.title}
    card = state.routes.absolute(talk.docname)
    if card:
        event["@id"] = event["url"] = f"{card}#{talk.id}"
    if talk.url:
        event["sameAs"] = talk.url
    abstract = " ".join(talk.abstract.split())
    if abstract:
        event["description"] = _shortened(abstract)
    event.update(_dates(talk))
    event["eventStatus"] = EVENT_STATUS.get(talk.status, EVENT_STATUS["scheduled"])
    where = talk_location(talk)
    if where.attendance:
        event["eventAttendanceMode"] = where.attendance
    places = _places(where)
    if places:
        event["location"] = places[0] if len(places) == 1 else places
    performers = [_person(state, talk.docname, name) for name in talk.speakers]
    if performers:
        event["performer"] = performers
    conference = state.catalog.term("events", talk.event) if talk.event else None
    if conference is not None:
        parent: dict[str, Any] = {"@type": "Event", "name": conference.name}
        if address := _event_address(state, talk.docname, conference.key):
            parent["url"] = address
        if isinstance(conference.definition, EventInfo) and conference.definition.website:
            parent["sameAs"] = conference.definition.website
        event["superEvent"] = parent
    if talk.video:
        event["recordedIn"] = _recording(talk)
    return event


def _shortened(text: str) -> str:
    return text if len(text) <= DESCRIPTION_LENGTH else text[: DESCRIPTION_LENGTH - 1] + "…"


def _dates(talk: Talk) -> dict[str, str]:
    start = talk.date
    assert start is not None
    end = talk.end
    if talk.all_day:
        # the last day the talk takes place on (its end is the start of the next day)
        last = (end - timedelta(days=1)).date() if end is not None else start.date()
        return {"startDate": start.date().isoformat(), "endDate": last.isoformat()}
    found = {"startDate": _moment(start)}
    if talk.duration and end is not None and end.year < 9999:
        found["endDate"] = _moment(end)
    return found


def _moment(value: datetime) -> str:
    """A date and time with its offset; ISO 8601 has no offset in seconds (the local
    mean time of old dates), so such a time is given in UTC."""
    offset = value.utcoffset()
    if offset is not None and offset.total_seconds() % 60:
        # (not on the first or last day Python counts, which has no UTC twin)
        with suppress(OverflowError):
            value = value.astimezone(UTC)
    return value.isoformat(timespec="seconds")


def _places(where: Location) -> list[dict[str, str]]:
    """A ``Place`` and a ``VirtualLocation``, as the talk has them. A ``VirtualLocation``
    without its address is given only when there is nothing else to say where the talk
    is (Google's rich result needs the address, and leaves out an event that lacks it)."""
    found = []
    if where.place:
        found.append({"@type": "Place", "name": where.place, "address": where.place})
    if where.online and where.url:
        found.append({"@type": "VirtualLocation", "url": where.url})
    elif where.online and not where.place:
        found.append({"@type": "VirtualLocation"})
    return found


def _person(state: BuildState, pagename: str, name: str) -> dict[str, str]:
    speaker = state.views.speaker(pagename, name)
    person = {"@type": "Person", "name": speaker.name}
    if address := state.routes.term_address("contributors", speaker.slug):
        person["url"] = address
    return person


def _event_address(state: BuildState, pagename: str, key: str) -> str:
    """The absolute address of an event's page, else of its place on the talks index
    (what the card links to), else ""."""
    address = state.routes.term_address("events", key)
    if address:
        return address
    page, link = state.routes.absolute(pagename), state.routes.term_url(pagename, "events", key)
    return urljoin(page, link) if page and link else ""


def _recording(talk: Talk) -> dict[str, str]:
    video = {"@type": "VideoObject", "name": talk.title, "url": talk.video}
    player = video_embed(talk.video)
    if player is not None:
        video["embedUrl"] = player.embed_url
    return video


# -- pages ---------------------------------------------------------------------------


def presented_talks(state: BuildState, pagename: str, has_doctree: bool) -> list[Talk]:
    """The talks whose cards a page shows: a document's own, and an event page's. A
    draft's page (even a published one, ``blog_drafts``) or a scheduled post's preview
    describes nothing, like its post (see :mod:`.webmeta`)."""
    post = state.data.posts.get(pagename)
    found: list[Talk] = []
    if has_doctree and pagename not in state.held and not (post is not None and post.draft):
        found += state.data.talks.get(pagename, ())
    route = state.routes.route_of(pagename)
    subject = route.subject if route is not None else None
    if subject is not None and subject[0] == "events":
        term = state.catalog.terms.get("events", {}).get(subject[1])
        if term is not None:
            found += term.talks
    seen: set[tuple[str, str]] = set()
    unique = []
    for talk in found:
        if (talk.docname, talk.id) not in seen:
            seen.add((talk.docname, talk.id))
            unique.append(talk)
    return unique


def page_events(state: BuildState, talks: Iterable[Talk]) -> list[dict[str, Any]]:
    return [event for talk in talks if (event := describe_talk(state, talk)) is not None]


def add_structured_data(context: dict[str, Any], items: list[dict[str, Any]]) -> None:
    """Put ``items`` into the page's JSON-LD: one script, with what the page had before
    (the schema.org descriptions other parts of the blog wrote) in one ``@graph``."""
    if not items:
        return
    metatags = context.get("metatags") or ""
    graph: list[dict[str, Any]] = []
    kept = []
    for match in _JSON_LD.finditer(metatags):
        found = _schema_items(match.group(1))
        if found is None:
            continue
        graph += found
        kept.append(match.span())
    for start, end in reversed(kept):
        metatags = metatags[:start] + metatags[end:]
    context["metatags"] = metatags.rstrip("\n")
    add_to_head(context, json_ld({"@context": SCHEMA, "@graph": [*graph, *items]}))


def _schema_items(text: str) -> list[dict[str, Any]] | None:
    """The schema.org items of a JSON-LD script, or None if it is not one of ours to join."""
    try:
        data = json.loads(text)
    except ValueError:
        return None
    if not isinstance(data, dict) or data.get("@context") not in (SCHEMA, SCHEMA + "/"):
        return None
    items = data.get("@graph") if "@graph" in data else [data]
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        return None
    return [{k: v for k, v in item.items() if k != "@context"} for item in items]


def describe_page(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """The JSON-LD of the talks a page presents; the player's script and styles where
    the page has a player."""
    state = state_of(app)
    if not state.html:
        return
    add_structured_data(
        context, page_events(state, presented_talks(state, pagename, doctree is not None))
    )
    body = context.get("body")
    if isinstance(body, str) and _PLAYER_MARK in body:
        app.add_css_file("blogext-embed.css")
        app.add_js_file("blogext-embed.js", loading_method="defer")


# -- the player on a talk's own page --------------------------------------------------


@dataclass(frozen=True)
class PlayerPart:
    """A player inside a talk's card (``_embed.html``): the video and the talk's title;
    ``anchor`` is the card it goes into."""

    anchor: str
    video: Embed
    title: str


def player_documents(state: BuildState) -> Iterator[str]:
    if not state.site:
        return
    for docname, talks in state.data.talks.items():
        if len(talks) == 1 and talks[0].video:
            yield docname


def player_context(state: BuildState, docname: str) -> PlayerPart | None:
    talks = state.data.talks.get(docname, ())
    if not state.site or len(talks) != 1 or not talks[0].video:
        return None
    video = video_embed(talks[0].video)
    return PlayerPart(talks[0].id, video, talks[0].title) if video is not None else None


def insert_player(
    state: BuildState, doctree: nodes.Element, docname: str, part: PlayerPart
) -> None:
    """The player goes into the talk's card, after its header."""
    for card in doctree.findall(nodes.Element):
        talk = card.get("talk")
        if part.anchor not in card["ids"] or getattr(talk, "docname", None) != docname:
            continue
        if card.get("player"):
            return  # a single-file build sees the document twice
        card["player"] = True
        after = [
            i
            for i, child in enumerate(card.children)
            if isinstance(child, fragment) and child["template"] == _CARD_HEADER
        ]
        card.insert(after[0] + 1 if after else 0, make_fragment("_embed.html", part))
        return


def setup_talkmeta(app: Sphinx) -> None:
    # after the post's and the contributor's own metadata (webmeta writes at 600)
    app.connect("html-page-context", describe_page, priority=700)
    add_document_part(
        app, DocumentPart("talk-player", player_documents, player_context, insert_player)
    )

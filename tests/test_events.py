"""Events and talk status (issue 22, SPEC section 4): a page per event, what the project
says of events, the status of a talk on its card and in calendars, and talks in feeds.
Checked on built output: pages, calendars parsed back with icalendar, feeds with
feedparser."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import feedparser
import pytest
from conftest import blog_parts, build, located, soup
from hugo_corpus import png
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from sphinx_blogext.events import read_event

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.testing.util import SphinxTestApp

BASE = "https://talks.example.org/"
CONF = f"""
project = "Harbour Talks"
extensions = ["myst_parser", "sphinx_blogext"]
myst_enable_extensions = ["colon_fence"]
blog_baseurl = "{BASE}"
blog_social_cards = False
blog_events_file = "events.yaml"
exclude_patterns = ["_build"]
"""
EVENTS = """
Harbour Conf 2030:
  start: 2030-05-02
  end: 2030-05-04
  place: Harbourtown, Pier 4
  website: https://harbourconf.example/
  logo: logos/harbour.png
  description: |
    Three days about **harbours**.
"""
PEOPLE = """# Ada

```{contributor} ada
:name: Ada Harbour
```
"""
ROUNDUP = """---
title: "Where we speak in 2030"
date: 2030-01-10
tags: [talks]
contributors: [ada]
---

Two conferences this spring.

:::{talk} Cranes at scale
:speakers: ada
:event: Harbour Conf 2030
:date: 2030-05-03T10:00:00+02:00
:duration: 30m
:location: Harbourtown, Hall A
:tags: cranes
:video: https://youtu.be/Cranes12345

How to lift more.
:::

:::{talk} Knots for engineers
:speakers: ada, Bo Rigger
:event: Rope Days 2030
:date: 2030-06-10T14:00:00+02:00
:duration: 45m
:location: Knotton, Room 1
:status: cancelled

Cancelled, sadly.
:::
"""
OTHER = """---
title: "A workshop"
date: 2030-02-01
tags: [workshops]
contributors: [ada]
---

:::{talk} Splicing, hands on
:speakers: ada
:event: Rope Days 2030
:date: 2030-06-11
:duration: 1 day
:location: Knotton, Room 1
:status: rescheduled
:::
"""
TAGGED = """---
title: "Harbour Conf 2030 preview"
date: 2030-02-20
tags: [Harbour Conf 2030]
contributors: [ada]
---

It will be fun.
"""
INDEX = """# Harbour Talks

```{toctree}
:glob:

blog/*
people/*
talks/index
```
"""


def site(root: Path) -> Path:
    (root / "blog").mkdir(parents=True)
    (root / "people").mkdir()
    (root / "talks").mkdir()
    (root / "logos").mkdir()
    (root / "conf.py").write_text(CONF, encoding="utf-8")
    (root / "events.yaml").write_text(EVENTS, encoding="utf-8")
    (root / "logos" / "harbour.png").write_bytes(png(10, 80, 160))
    (root / "index.md").write_text(INDEX, encoding="utf-8")
    (root / "talks" / "index.md").write_text("# Talks\n\nWhere we speak.\n", encoding="utf-8")
    (root / "people" / "ada.md").write_text(PEOPLE, encoding="utf-8")
    (root / "blog" / "roundup.md").write_text(ROUNDUP, encoding="utf-8")
    (root / "blog" / "workshop.md").write_text(OTHER, encoding="utf-8")
    (root / "blog" / "recap.md").write_text(TAGGED, encoding="utf-8")
    return root


@pytest.fixture(autouse=True)
def before_the_talks(monkeypatch: pytest.MonkeyPatch) -> None:
    # 1 March 2030: every talk is upcoming, every post is published
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1898553600")


def facts(element: object) -> dict[str, str]:
    return {
        # (babel writes ranges with thin spaces)
        div.dt.get_text(): " ".join(div.dd.get_text(" ").split())  # type: ignore[attr-defined]
        for div in element.select(".blogext-talk-facts > div")  # type: ignore[attr-defined]
    }


# -- event pages ------------------------------------------------------------------------


def test_every_event_has_a_page_with_what_is_known_of_it(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    outdir = Path(build(make_app, site(tmp_path / "src"), freshenv=True).outdir)
    page = soup(outdir / "talks" / "harbour-conf-2030.html")
    assert page.select_one("h1").get_text() == "Harbour Conf 2030"
    details = page.select_one(".blogext-event-details")
    assert facts(details) == {
        "When": "May 2 \u2013 4, 2030",
        "Where": "Harbourtown, Pier 4",
        "Website": "harbourconf.example",
    }
    assert details.select_one("time")["datetime"] == "2030-05-02"
    assert details.select_one(".blogext-description strong").get_text() == "harbours"
    logo = details.select_one("img.blogext-event-logo")
    assert (outdir / "talks" / logo["src"]).read_bytes() == png(10, 80, 160)
    # its talks (without naming the event again), its calendar, the posts about it
    assert [h.get_text(strip=True) for h in page.select(".blogext-talk-title")] == [
        "Cranes at scale"
    ]
    assert "Event" not in facts(page.select_one(".blogext-talk"))
    assert page.select_one(".blogext-calendar-link a")["href"].endswith(".ics")
    # its recordings as click-to-load players (the page with two talks has none)
    player = page.select_one(".blogext-talk [data-blogext-embed]")
    assert player["data-blogext-embed"].startswith(
        "https://www.youtube-nocookie.com/embed/Cranes12345"
    )
    assert page.select_one('script[src*="blogext-embed.js"]') is not None
    assert soup(outdir / "blog" / "roundup.html").select("[data-blogext-embed]") == []
    posts = [a.get_text() for a in page.select(".blogext-entry-title a")]
    assert posts == ["Harbour Conf 2030 preview", "Where we speak in 2030"]
    # an event the project does not describe: its days and place from its talks
    rope = soup(outdir / "talks" / "rope-days-2030.html")
    assert facts(rope.select_one(".blogext-event-details")) == {
        "When": "Jun 10 \u2013 11, 2030",
        "Where": "Knotton, Room 1",
    }
    # the talks index and every card link the event to its page
    index = soup(outdir / "talks" / "index.html")
    assert [a["href"] for a in index.select(".blogext-event h3 a")] == [
        "harbour-conf-2030.html",
        "rope-days-2030.html",
    ]
    card = soup(outdir / "blog" / "roundup.html").select_one(".blogext-talk")
    event_link = card.select_one(".blogext-talk-facts a")
    assert event_link["href"] == "../talks/harbour-conf-2030.html"


def test_an_event_directive_describes_an_event(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    src = site(tmp_path / "src")
    (src / "talks" / "rope-days.md").write_text(
        "# Rope Days\n\n```{event} Rope Days 2030\n:place: Knotton Town Hall\n"
        ":website: https://rope.example/\n\nA festival of *knots*.\n```\n",
        encoding="utf-8",
    )
    index = src / "index.md"
    index.write_text(index.read_text(encoding="utf-8").replace("talks/index", "talks/*"))
    outdir = Path(build(make_app, src, freshenv=True).outdir)
    rope = soup(outdir / "talks" / "rope-days-2030.html")
    assert facts(rope.select_one(".blogext-event-details"))["Where"] == "Knotton Town Hall"
    assert rope.select_one(".blogext-description em").get_text() == "knots"
    # the directive's own page shows the description where it is written
    own = soup(outdir / "talks" / "rope-days.html")
    assert own.select_one(".blogext-event-description em").get_text() == "knots"


def test_a_talk_moving_between_events_moves_its_pages_like_a_clean_build(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    src = site(tmp_path / "src")
    build(make_app, src, freshenv=True)
    workshop = src / "blog" / "workshop.md"
    workshop.write_text(
        workshop.read_text(encoding="utf-8").replace("Rope Days 2030", "Harbour Conf 2030")
    )
    roundup = src / "blog" / "roundup.md"
    roundup.write_text(roundup.read_text(encoding="utf-8").replace(":event: Rope Days 2030\n", ""))
    outdir = Path(build(make_app, src).outdir)
    clean_src = tmp_path / "clean"
    shutil.copytree(src, clean_src, ignore=shutil.ignore_patterns("_build"))
    clean = Path(build(make_app, clean_src, freshenv=True).outdir)
    # Rope Days lost its last talk: its page is gone
    assert not (outdir / "talks" / "rope-days-2030.html").exists()
    harbour = soup(outdir / "talks" / "harbour-conf-2030.html")
    assert [h.get_text(strip=True) for h in harbour.select(".blogext-talk-title")] == [
        "Cranes at scale",
        "Splicing, hands on",
    ]
    pages = sorted(p.relative_to(clean).as_posix() for p in clean.rglob("*.html"))
    assert pages == sorted(p.relative_to(outdir).as_posix() for p in outdir.rglob("*.html"))
    for name in pages:
        if name.startswith(("_", "genindex", "search")):
            continue
        assert blog_parts(outdir / name) == blog_parts(clean / name), name


# -- talk status -------------------------------------------------------------------------


def test_a_talks_status_is_on_its_card_and_in_calendars(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    outdir = Path(build(make_app, site(tmp_path / "src"), freshenv=True).outdir)
    cards = {
        c.select_one(".blogext-talk-title").get_text(strip=True): c
        for c in soup(outdir / "blog" / "roundup.html").select(".blogext-talk")
    }
    knots = cards["Knots for engineers"]
    assert knots.select_one(".blogext-talk-status").get_text() == "Cancelled"
    assert "blogext-talk-cancelled" in knots["class"]
    assert cards["Cranes at scale"].select_one(".blogext-talk-status") is None
    calendar = Calendar.from_ical((outdir / "talks" / "calendar.ics").read_bytes())
    events = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    assert str(events["Knots for engineers"]["status"]) == "CANCELLED"
    assert str(events["Cranes at scale"]["status"]) == "CONFIRMED"
    splicing = events["Splicing, hands on"]
    assert str(splicing["status"]) == "CONFIRMED" and int(splicing["sequence"]) == 1
    uid = str(splicing["uid"])
    # a rescheduled talk moves: same UID, new date
    src = tmp_path / "src"
    workshop = src / "blog" / "workshop.md"
    workshop.write_text(workshop.read_text(encoding="utf-8").replace("2030-06-11", "2030-06-12"))
    outdir = Path(build(make_app, src).outdir)
    calendar = Calendar.from_ical((outdir / "talks" / "calendar.ics").read_bytes())
    moved = next(e for e in calendar.walk("VEVENT") if str(e["summary"]) == "Splicing, hands on")
    assert str(moved["uid"]) == uid
    assert moved.decoded("dtstart").isoformat() == "2030-06-12"


def test_an_unknown_status_is_a_located_warning(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    src = site(tmp_path / "src")
    roundup = src / "blog" / "roundup.md"
    roundup.write_text(
        roundup.read_text(encoding="utf-8").replace(":status: cancelled", ":status: <b>off</b>")
    )
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    assert ("roundup.md:28", "talk") in located(app)
    assert "is not one of scheduled, cancelled" in app.warning.getvalue()
    card = soup(Path(app.outdir) / "blog" / "roundup.html")
    assert "<b>off</b>" not in str(card)


# -- talks in feeds ---------------------------------------------------------------------


def test_talks_are_news_in_the_talks_feed_and_their_speakers_feeds(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    outdir = Path(build(make_app, site(tmp_path / "src"), freshenv=True).outdir)
    feed = feedparser.parse((outdir / "talks" / "atom.xml").read_bytes())
    assert not feed.bozo
    assert feed.feed.title == "Harbour Talks: talks"
    titles = [entry.title for entry in feed.entries]
    assert sorted(titles) == [
        "Talk: Cranes at scale",
        "Talk: Knots for engineers",
        "Talk: Splicing, hands on",
    ]
    knots = next(e for e in feed.entries if e.title == "Talk: Knots for engineers")
    assert knots.link == BASE + "blog/roundup.html#talk-knots-for-engineers"
    assert knots.summary.startswith("Cancelled · Rope Days 2030")
    assert [a.name for a in knots.authors] == ["Ada Harbour", "Bo Rigger"]
    ada = feedparser.parse((outdir / "people" / "ada" / "atom.xml").read_bytes())
    titles = [entry.title for entry in ada.entries]
    assert "Talk: Cranes at scale" in titles and "Harbour Conf 2030 preview" in titles
    assert ada.feed.title.endswith("posts and talks by Ada Harbour")
    # published order: the newest first
    dates = [entry.published_parsed for entry in ada.entries]
    assert dates == sorted(dates, reverse=True)


# -- what the project says of events, read from any input -------------------------------


def test_bad_event_descriptions_are_located_warnings(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    src = site(tmp_path / "src")
    (tmp_path / "outside.png").write_bytes(png(0, 0, 0))
    (src / "events.yaml").write_text(
        "Harbour Conf 2030:\n  start: 2030-05-04\n  end: 2030-05-02\n"
        "  website: javascript:alert(1)\n  logo: ../outside.png\n  colour: red\n"
        "Rope Days 2030: [not, a, mapping]\n",
        encoding="utf-8",
    )
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    warnings = app.warning.getvalue()
    for message in (
        "end is before start",
        "is not an http(s) URL",
        "is outside the project",
        "unknown event field 'colour'",
        "must be a mapping",
    ):
        assert message in warnings, message
    assert all(where.startswith("events.yaml:") for where, _kind in located(app))
    page = soup(Path(app.outdir) / "talks" / "harbour-conf-2030.html")
    assert "javascript" not in str(page)


@settings(max_examples=50, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(["start", "end", "place", "website", "logo", "description", "x"]),
        st.one_of(
            st.text(max_size=40), st.integers(), st.booleans(), st.none(), st.lists(st.text())
        ),
    ),
    st.text(max_size=40),
)
def test_any_event_fields_give_an_event_or_problems(fields: dict, name: str) -> None:
    root = Path("/nonexistent-project")
    info, problems = read_event(name, fields, base=root, root=root)
    assert len(info.name) <= 300
    assert not info.website or info.website.startswith(("http://", "https://"))
    assert info.logo_file == ""
    for problem in problems:
        assert problem.message


def test_tag_pages_list_talks_and_a_tag_only_talks_use_has_a_page(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    outdir = Path(build(make_app, site(tmp_path / "src"), freshenv=True).outdir)
    cranes = soup(outdir / "blog" / "tags" / "cranes.html")
    assert [h.get_text(strip=True) for h in cranes.select(".blogext-talk-title")] == [
        "Cranes at scale"
    ]
    # no post is tagged "cranes": no empty list of posts, no "0 posts"
    assert cranes.select(".blogext-postlist, .blogext-postlist-empty, .blogext-term-count") == []
    cloud = {
        li.a.get_text(): " ".join(li.select_one(".blogext-count").get_text().split())
        for li in soup(outdir / "blog" / "tags" / "index.html").select(".blogext-tag-cloud li")
    }
    assert cloud["cranes"] == "1 talk"
    assert cloud["talks"] == "1 post"
    card = soup(outdir / "blog" / "roundup.html").select_one(".blogext-talk-footer .blogext-tag a")
    assert card["href"] == "tags/cranes.html"


@settings(max_examples=50, deadline=None)
@given(st.integers(0, 10_000), st.integers(0, 10_000))
def test_a_cloud_size_is_one_to_five_for_any_count(count: int, extra: int) -> None:
    from sphinx_blogext.pages import SIZES, _size

    assert 1 <= _size(count, count + extra) <= SIZES


def test_an_event_page_in_a_language_babel_does_not_know(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    src = site(tmp_path / "src")
    outdir = Path(build(make_app, src, freshenv=True, confoverrides={"language": "cak"}).outdir)
    when = facts(
        soup(outdir / "talks" / "harbour-conf-2030.html").select_one(".blogext-event-details")
    )
    assert "2030" in when["When"] or when


def _events_in(page: Path) -> dict[str, dict]:
    import json

    found = {}
    for script in soup(page).find_all("script", type="application/ld+json"):
        data = json.loads(script.string)
        for item in data.get("@graph", [data]):
            if item.get("@type") == "Event":
                found[item["name"]] = item
    return found


def test_what_structured_data_says_of_an_event_follows_its_description(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    src = site(tmp_path / "src")
    outdir = Path(build(make_app, src, freshenv=True).outdir)
    cranes = _events_in(outdir / "blog" / "roundup.html")["Cranes at scale"]
    assert cranes["superEvent"]["sameAs"] == "https://harbourconf.example/"
    events = src / "events.yaml"
    events.write_text(
        events.read_text(encoding="utf-8").replace("harbourconf.example", "harbour.example")
    )
    outdir = Path(build(make_app, src).outdir)
    clean = Path(build(make_app, _copy(src, tmp_path / "clean"), freshenv=True).outdir)
    for page in ("blog/roundup.html", "talks/harbour-conf-2030.html"):
        assert _events_in(outdir / page) == _events_in(clean / page), page
    cranes = _events_in(outdir / "blog" / "roundup.html")["Cranes at scale"]
    assert cranes["superEvent"]["sameAs"] == "https://harbour.example/"
    # an abstract changed beyond what lists show (their first three words here): the
    # event page's data follows it
    with (src / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write("blog_excerpt_words = 3\n")
    build(make_app, src)
    roundup = src / "blog" / "roundup.md"
    text = roundup.read_text(encoding="utf-8")
    roundup.write_text(text.replace("How to lift more.", "How to lift more, safely."))
    outdir = Path(build(make_app, src).outdir)
    clean = Path(build(make_app, _copy(src, tmp_path / "clean2"), freshenv=True).outdir)
    page = "talks/harbour-conf-2030.html"
    assert (
        _events_in(outdir / page)["Cranes at scale"]["description"] == "How to lift more, safely."
    )
    assert _events_in(outdir / page) == _events_in(clean / page)


def _copy(src: Path, dest: Path) -> Path:
    shutil.copytree(src, dest, ignore=shutil.ignore_patterns("_build"))
    return dest

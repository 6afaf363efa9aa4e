"""Talk cards, talk lists, the talks index, the ``{talk}`` role and calendars.

Every scenario runs on two twin roots, ``test-talks`` (MyST, colon fences)
and ``test-talks-rst`` (reST), which hold the same talks: the two syntaxes
must give the same pages and calendars.
"""

from __future__ import annotations

import shutil
from datetime import UTC, date, datetime, timedelta, timezone
from typing import TYPE_CHECKING

import pytest
from conftest import build, clean_build, located, soup
from icalendar import Calendar

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from sphinx.testing.util import SphinxTestApp

#: 2026-01-01T00:00:00Z: talks of 2024 are past, talks of 2099 upcoming
JAN_2026 = "1767225600"
TWINS = pytest.mark.parametrize("root", ["talks", "talks-rst"])
HOOKING = "Hooking libc calls to debug Kubernetes apps"
HOSTILE = 'Hostile "<b>&amp;</b>" talk 🚀'


@pytest.fixture(autouse=True)
def pinned_now(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", JAN_2026)


@pytest.fixture
def built(
    make_app: Callable[..., SphinxTestApp], copy_root: Callable[[str], Path]
) -> Callable[..., Path]:
    """Build a twin root (in a copy) and give its output folder."""

    count = iter(range(100))

    def run(root: str, builder: str = "html", **kwargs: object) -> Path:
        src = copy_root(root, f"src-{next(count)}")
        return build(make_app, src, builder, freshenv=True, **kwargs).outdir

    return run


def text(element) -> str:
    """Text as read: babel puts narrow no-break spaces into times (``2:30\u202fPM``)."""
    return element.get_text().replace("\u202f", " ")


def titles(element) -> list[str]:
    return [h.get_text() for h in element.select(".blogext-talk-title")]


def calendar(path: Path) -> Calendar:
    return Calendar.from_ical(path.read_bytes())


def events_by_title(path: Path) -> dict[str, object]:
    return {str(e["summary"]): e for e in calendar(path).walk("VEVENT")}


# -- cards -----------------------------------------------------------------------


@TWINS
def test_a_card_shows_every_fact_of_a_talk(built: Callable[..., Path], root: str) -> None:
    out = built(root)
    page = soup(out / "conf" / "kubecon.html")
    card = page.select_one("article#talk-hooking-libc-calls-to-debug-kubernetes-apps")
    # the cards sit in sphinx-design's grid
    assert card.find_parent(class_="sd-col") is not None
    assert card.find_parent(class_="sd-row") is not None
    title = card.select_one(".blogext-talk-title")
    assert title.name == "h2"  # below the page's h1
    assert title.a["href"] == "https://example.org/schedule/1234"
    assert title.get_text() == HOOKING
    speakers = card.select(".blogext-talk-speakers li")
    assert [s.select_one(".blogext-author").get_text() for s in speakers] == [
        "Jane Doe",
        "John Roe",
    ]
    jane = speakers[0].a
    assert jane["href"] == "../contributors/jane-doe.html"
    assert "author" not in (jane.get("rel") or [])  # a speaker, not the page's author
    assert jane.img["src"].endswith("contributors/jane-doe/avatar.svg")
    assert speakers[1].a is None  # a free name: no page, initials instead of an avatar
    assert speakers[1].select_one("svg.blogext-initials").get_text() == "JR"
    facts = {div.dt.get_text(): div.dd for div in card.select(".blogext-talk-facts > div")}
    assert list(facts) == ["Event", "When", "Duration", "Where", "Level"]
    # the event links to its own page
    assert facts["Event"].a["href"] == "../talks/exampleconf-europe-2024.html"
    when = facts["When"].time
    # in the talk's own offset, whatever the build machine's zone or blog_timezone
    assert when["datetime"] == "2024-03-21T14:30:00+01:00"
    assert text(when) == "March 21, 2024, 2:30 PM (UTC+01:00)"
    assert facts["Duration"].get_text() == "35 min"
    assert facts["Where"].get_text() == "Paris, Hall 7"
    assert facts["Level"].get_text() == "intermediate"
    abstract = card.select_one(".blogext-talk-abstract")
    assert abstract.strong.get_text() == "full"
    assert abstract.a["href"] == "https://example.org/more"
    tags = card.select(".blogext-talk-footer .blogext-tag")
    assert [t.get_text() for t in tags] == ["rust", "debugging"]
    assert tags[0].a["rel"] == ["tag"]  # the post tagged "rust" gives it a page
    # no post is tagged "debugging": its page lists the talks that are
    assert tags[1].a["href"] == "../blog/tags/debugging.html"
    links = {a["class"][0]: a for a in card.select(".blogext-talk-links a")}
    assert links["blogext-talk-slides"]["href"] == "https://example.org/slides.pdf"
    assert links["blogext-talk-slides"]["aria-label"] == f"Slides of “{HOOKING}”"
    assert links["blogext-talk-video"]["href"] == "https://www.youtube.com/watch?v=abc"
    assert links["blogext-talk-video"]["aria-label"] == f"Video of “{HOOKING}”"


@TWINS
def test_dates_durations_and_hostile_text(built: Callable[..., Path], root: str) -> None:
    page = soup(built(root) / "conf" / "kubecon.html")
    cards = {c.select_one(".blogext-talk-title").get_text(): c for c in page.select("article")}
    all_day = cards["Zero-downtime schema changes"].select_one("time")
    assert (all_day["datetime"], all_day.get_text()) == ("2024-03-22", "March 22, 2024")
    # the event is written differently, and is one event all the same
    event = cards["Zero-downtime schema changes"].select_one(".blogext-talk-facts dd a")
    assert event.get_text() == "ExampleConf Europe 2024"
    naive = cards["Future of pipelines"].select_one("time")
    assert naive["datetime"] == "2099-06-01T09:00:00+02:00"  # blog_timezone, summer time
    assert "9:00 AM (UTC+02:00)" in text(naive)
    late = cards["Lightning talk without event"].select_one("time")
    assert text(late).endswith("6:00 PM (UTC-03:00)")
    hostile = cards[HOSTILE]
    assert not page.select("article script, article img[onerror], article b, article i")
    assert hostile.select_one(".blogext-author").get_text() == "<script>alert(1)</script>"
    facts = [dd.get_text() for dd in hostile.select(".blogext-talk-facts dd")]
    assert facts == [
        "FutureConf 2099",
        "To be announced",
        "<img src=x onerror=alert(1)>",
        "<i>expert</i>",
    ]
    # past talks are marked, on their own page too; a card without content has no abstract
    assert "blogext-talk-past" in cards[HOOKING]["class"]
    assert "blogext-talk-past" not in cards["Future of pipelines"]["class"]
    lightning = cards["Lightning talk without event"]
    assert lightning["id"] == "talk-lightning"  # its own :id:
    assert lightning.select_one(".blogext-talk-abstract") is None
    assert hostile["id"] == "talk-hostile-b-and-amp-b-talk"


# -- lists, the index and the role ------------------------------------------------


@TWINS
def test_talklists_filter_and_order(built: Callable[..., Path], root: str) -> None:
    page = soup(built(root) / "talks-page.html")
    lists = {
        section.h2.get_text().rstrip("¶"): titles(section)
        for section in page.select("section section")
    }
    assert lists == {
        # upcoming soonest first, a talk without a date last; past talks newest first
        "Upcoming": ["Future of pipelines", HOSTILE],
        "Past": [
            "Zero-downtime schema changes",
            HOOKING,
            "Lightning talk without event",
        ],
        "ExampleConf": ["Zero-downtime schema changes", HOOKING],
        "Jane": ["Future of pipelines", HOOKING],
        "Rust": ["Zero-downtime schema changes", HOOKING],
    }
    entry = page.select_one(".blogext-talklist .blogext-talk")
    # in a list the title leads to the card; the schedule is a link of its own
    assert entry.select_one(".blogext-talk-title a")["href"] == (
        "conf/kubecon.html#talk-future-of-pipelines"
    )
    assert entry.select_one(".blogext-talk-title").name == "h3"
    assert entry.select_one(".blogext-talk-summary").get_text() == "What comes after batch."
    past = page.select(".blogext-talk-past .blogext-talk-title")
    assert HOOKING in [h.get_text() for h in past]


@TWINS
def test_talks_index_groups_by_event_upcoming_first(built: Callable[..., Path], root: str) -> None:
    out = built(root)
    index = soup(out / "talks" / "index.html")
    assert index.select_one("h1").get_text() == "Talks"
    groups = [
        (
            group.h2.get_text(),
            [
                (event.h3.get_text(), event.get("id"), titles(event))
                for event in group.select("section")
            ],
        )
        for group in index.select(".blogext-talk-group")
    ]
    assert groups == [
        (
            "Upcoming talks",
            [("FutureConf 2099", "event-futureconf-2099", ["Future of pipelines", HOSTILE])],
        ),
        (
            "Past talks",
            [
                (
                    "ExampleConf Europe 2024",
                    "event-exampleconf-europe-2024",
                    [HOOKING, "Zero-downtime schema changes"],
                ),
                ("Other talks", None, ["Lightning talk without event"]),
            ],
        ),
    ]
    # the section names the event; its cards do not repeat it
    event_facts = [dt.get_text() for dt in index.select("#event-futureconf-2099 dt")]
    assert "Event" not in event_facts and "When" in event_facts
    # "Add to calendar" for what is still to come; a past event's calendar file stays
    calendar_links = [a["href"] for a in index.select(".blogext-calendar-link a")]
    assert calendar_links == ["events/futureconf-2099.ics"]
    assert (out / "talks" / "events" / "exampleconf-europe-2024.ics").is_file()
    assert index.select_one(".blogext-feed-calendar")["href"] == "calendar.ics"
    # drafts stay out of every list
    assert "Secret draft talk" not in index.get_text()


@TWINS
def test_the_talk_role_links_to_the_card(built: Callable[..., Path], root: str) -> None:
    out = built(root)
    links = soup(out / "index.html").select("a.blogext-talk-ref")
    assert [(a.get_text(), a["href"]) for a in links] == [
        (HOOKING, "conf/kubecon.html#talk-hooking-libc-calls-to-debug-kubernetes-apps"),
        ("the pipelines talk", "conf/kubecon.html#talk-future-of-pipelines"),
    ]
    post = soup(out / "blog" / "kubecon-post.html").select_one("a.blogext-talk-ref")
    assert post["href"] == "../conf/kubecon.html#talk-hooking-libc-calls-to-debug-kubernetes-apps"
    target = soup(out / "conf" / "kubecon.html")
    assert target.select_one("#talk-hooking-libc-calls-to-debug-kubernetes-apps") is not None


@TWINS
def test_contributor_pages_list_their_talks(built: Callable[..., Path], root: str) -> None:
    page = soup(built(root) / "contributors" / "jane-doe.html")
    heading = next(h for h in page.select("h2") if h.get_text() == "Talks by Jane Doe")
    talks = heading.find_next("ul", class_="blogext-talklist")
    assert titles(talks) == [
        "Future of pipelines",
        HOOKING,
        "Lightning talk without event",
    ]
    assert "Secret draft talk" not in page.get_text()


# -- calendars -----------------------------------------------------------------------


@TWINS
def test_calendars_parse_back_with_every_talk(built: Callable[..., Path], root: str) -> None:
    out = built(root)
    site = calendar(out / "talks" / "calendar.ics")
    assert str(site["version"]) == "2.0"
    assert str(site["prodid"]).startswith("-//sphinx-blogext//")
    events = events_by_title(out / "talks" / "calendar.ics")
    # the undated talk and the draft's talk are not events
    assert sorted(events) == sorted(
        [
            HOOKING,
            "Zero-downtime schema changes",
            "Future of pipelines",
            "Lightning talk without event",
        ]
    )
    uids = [str(e["uid"]) for e in events.values()]
    assert len(set(uids)) == len(uids)
    assert all(uid.endswith("@example.org") for uid in uids)
    hooking = events[HOOKING]
    start = hooking.decoded("dtstart")
    assert start == datetime(2024, 3, 21, 14, 30, tzinfo=timezone(timedelta(hours=1)))
    assert start.tzinfo is not None and start.utcoffset() == timedelta(0)  # written in UTC
    assert hooking.decoded("duration") == timedelta(minutes=35)
    assert str(hooking["location"]) == "Paris, Hall 7"
    assert str(hooking["url"]) == "https://example.org/schedule/1234"
    description = str(hooking["description"])
    assert "Speakers: Jane Doe, John Roe" in description
    assert "The abstract, with full Markdown and a link." in description
    assert "Slides: https://example.org/slides.pdf" in description
    assert [str(c) for c in hooking["categories"].cats] == ["rust", "debugging"]
    all_day = events["Zero-downtime schema changes"]
    assert all_day.decoded("dtstart") == date(2024, 3, 22)
    assert "duration" not in all_day
    future = events["Future of pipelines"]
    assert future.decoded("dtstart") == datetime(2099, 6, 1, 7, 0, tzinfo=UTC)
    assert future.decoded("duration") == timedelta(hours=1, minutes=30)
    # no schedule page: the event links to the card
    assert str(future["url"]) == (
        "https://example.org/site/conf/kubecon.html#talk-future-of-pipelines"
    )
    # a speaker named by slug is shown by name
    assert "Speakers: Jane Doe" in str(future["description"])
    event = events_by_title(out / "talks" / "events" / "exampleconf-europe-2024.ics")
    assert sorted(event) == [HOOKING, "Zero-downtime schema changes"]
    assert str(event[HOOKING]["uid"]) == str(hooking["uid"])
    future_only = events_by_title(out / "talks" / "events" / "futureconf-2099.ics")
    assert sorted(future_only) == ["Future of pipelines"]


@TWINS
def test_pages_showing_talks_advertise_the_calendar(built: Callable[..., Path], root: str) -> None:
    out = built(root)

    def calendars(path: Path) -> list[str]:
        return [
            link["href"]
            for link in soup(out / path).select('link[rel="alternate"][type="text/calendar"]')
        ]

    assert calendars("conf/kubecon.html") == ["../talks/calendar.ics"]
    assert calendars("talks-page.html") == [
        "talks/calendar.ics",
        "talks/events/exampleconf-europe-2024.ics",
    ]
    assert calendars("talks/index.html") == ["calendar.ics"]
    assert calendars("contributors/jane-doe.html") == ["../talks/calendar.ics"]
    assert calendars("blog/kubecon-post.html") == []  # a link to a talk shows no talk


def test_calendars_are_byte_identical_across_builds_and_twins(
    built: Callable[..., Path],
) -> None:
    first, again, rst = built("talks"), built("talks"), built("talks-rst")
    for name in ("calendar.ics", "events/futureconf-2099.ics"):
        assert (first / "talks" / name).read_bytes() == (again / "talks" / name).read_bytes()
        assert (first / "talks" / name).read_bytes() == (rst / "talks" / name).read_bytes()


# -- other builders ---------------------------------------------------------------------


@TWINS
def test_other_builders_get_readable_text(built: Callable[..., Path], root: str) -> None:
    out = built(root, "text")
    written = (out / "conf" / "kubecon.txt").read_text(encoding="utf-8")
    flat = " ".join(written.replace("\u202f", " ").split())
    assert f"**{HOOKING}** (https://example.org/schedule/1234)" in flat
    assert (
        "Speakers: Jane Doe, John Roe · ExampleConf Europe 2024 · March 21, 2024, 2:30 PM "
        "(UTC+01:00) · 35 min · Paris, Hall 7 · Level: intermediate · Tags: rust, debugging"
    ) in flat
    assert (
        "Slides: https://example.org/slides.pdf · Video: https://www.youtube.com/watch?v=abc"
        in flat
    )
    assert "The abstract, with **full** Markdown" in flat
    lists = (out / "talks-page.txt").read_text(encoding="utf-8")
    assert "* Future of pipelines — Speakers: Jane Doe — FutureConf 2099" in lists
    assert "FutureConf 2099 — Date to be announced" in lists


def test_single_file_and_latex_builders_fill_every_card(built: Callable[..., Path]) -> None:
    single = soup(built("talks", "singlehtml") / "index.html")
    cards = single.select("article.blogext-talk")
    assert len(cards) == 5 + 11  # the cards, and the entries of the page's talk lists
    assert all(card.select_one(".blogext-talk-title") for card in cards)
    role = single.select_one("a.blogext-talk-ref")
    assert role["href"].endswith("#talk-hooking-libc-calls-to-debug-kubernetes-apps")
    assert role["href"].count("#") == 1
    latex = built("talks", "latex")
    tex = next(latex.glob("*.tex")).read_text(encoding="utf-8")
    assert "Hooking libc calls to debug Kubernetes apps" in tex
    assert "Speakers: Jane Doe, John Roe" in tex


def test_dirhtml_links(built: Callable[..., Path]) -> None:
    out = built("talks", "dirhtml")
    page = soup(out / "conf" / "kubecon" / "index.html")
    link = page.select_one('link[type="text/calendar"]')
    assert link["href"] == "../../talks/calendar.ics"
    assert (out / "talks" / "calendar.ics").is_file()
    role = soup(out / "index.html").select_one("a.blogext-talk-ref")
    assert role["href"] == "conf/kubecon/#talk-hooking-libc-calls-to-debug-kubernetes-apps"


# -- incremental, parallel and reproducible ----------------------------------------------


def _talk_outputs(out: Path) -> dict[str, str]:
    pages = [
        "talks/index.html",
        "contributors/jane-doe.html",
        "conf/kubecon.html",
        "talks-page.html",
    ]
    found = {}
    for name in pages:
        page = soup(out / name)
        parts = page.select("article.blogext-talk, .blogext-talk-group, link[type='text/calendar']")
        found[name] = "\n".join(str(p) for p in parts)
    for path in sorted((out / "talks").rglob("*.ics")):
        found[str(path.relative_to(out))] = path.read_text(encoding="utf-8")
    return found


def test_incremental_builds_match_clean_builds(
    make_app: Callable[..., SphinxTestApp], copy_root: Callable[[str], Path]
) -> None:
    src = copy_root("talks")
    first = build(make_app, src).outdir
    kubecon = src / "conf" / "kubecon.md"
    text = kubecon.read_text(encoding="utf-8")
    # move a talk to another event and another speaker, and add one
    text = text.replace(
        ":event: FutureConf 2099\n:date: 2099-06-01", ":event: Other Summit\n:date: 2099-06-01"
    )
    text = text.replace(":speakers: jane-doe\n", ":speakers: John Roe\n")
    text = text.replace("Lightning talk without event", "Lightning talk, renamed")
    before = events_by_title(first / "talks" / "calendar.ics")
    lightning_uid = str(before["Lightning talk without event"]["uid"])
    kubecon.write_text(text, encoding="utf-8")
    (src / "more.md").write_text(
        "---\norphan: true\n---\n# More\n\n```{talk} A brand new talk\n:speakers: Jane Doe\n"
        ":event: FutureConf 2099\n:date: 2098-01-01T10:00:00Z\n```\n",
        encoding="utf-8",
    )
    out = build(make_app, src).outdir
    clean = clean_build(make_app, src).outdir
    assert _talk_outputs(out) == _talk_outputs(clean)
    assert (out / "talks" / "events" / "other-summit.ics").is_file()
    after = events_by_title(out / "talks" / "calendar.ics")
    assert str(after["Lightning talk, renamed"]["uid"]) == lightning_uid
    jane = soup(out / "contributors" / "jane-doe.html")
    assert "A brand new talk" in jane.get_text()
    assert "Future of pipelines" not in jane.get_text()
    # delete the document of a talk: its calendar entry and list entries go
    (src / "more.md").unlink()
    out = build(make_app, src).outdir
    assert "A brand new talk" not in (out / "talks" / "calendar.ics").read_text(encoding="utf-8")
    shutil.rmtree(src.parent / "clean")
    assert _talk_outputs(out) == _talk_outputs(clean_build(make_app, src).outdir)


def test_time_moves_talks_from_upcoming_to_past(
    make_app: Callable[..., SphinxTestApp],
    copy_root: Callable[[str], Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    src = copy_root("talks")
    out = build(make_app, src).outdir
    assert (
        "Future of pipelines"
        in soup(out / "talks-page.html").select("section section")[0].get_text()
    )
    # 2100: the 2099 talk is over; nothing in the sources changed
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(datetime(2100, 1, 1, tzinfo=UTC).timestamp())))
    out = build(make_app, src).outdir
    card = soup(out / "conf" / "kubecon.html").select_one("#talk-future-of-pipelines")
    assert "blogext-talk-past" in card["class"]
    lists = soup(out / "talks-page.html").select("section section")
    assert titles(lists[0]) == [HOSTILE]
    assert titles(lists[1])[0] == "Future of pipelines"
    # the event still has a talk to come (undated): it stays upcoming, its
    # finished talk marked as past
    index = soup(out / "talks" / "index.html")
    event = index.select_one("#event-futureconf-2099")
    assert event.find_parent(class_="blogext-talk-group").h2.get_text() == "Upcoming talks"
    finished = event.select(".blogext-talk-past .blogext-talk-title")
    assert [h.get_text() for h in finished] == ["Future of pipelines"]


def test_parallel_build_matches_serial(
    make_app: Callable[..., SphinxTestApp], copy_root: Callable[[str], Path]
) -> None:
    serial = build(make_app, copy_root("talks", "serial"), freshenv=True).outdir
    parallel = build(make_app, copy_root("talks", "parallel"), freshenv=True, parallel=2).outdir
    assert _talk_outputs(serial) == _talk_outputs(parallel)


# -- bad input ----------------------------------------------------------------------------


@pytest.mark.parametrize("root", ["talks-bad"])
def test_bad_input_is_located_and_nothing_unsafe_is_written(
    make_app: Callable[..., SphinxTestApp], copy_root: Callable[[str], Path], root: str
) -> None:
    src = copy_root(root)
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    warnings = located(app)
    md = [4, 5, 6, 7, 8, 9, 14, 21, 25, 26, 31, 34]
    rst = [5, 6, 7, 8, 9, 10, 14, 20, 23, 24, 28, 30]
    # date, negative duration, javascript: url, ftp: slides, a quote in the video URL,
    # unknown option, no title, malformed duration; talklists: unknown option, bad
    # limit, upcoming and past at once; a role naming no talk
    expected = [(f"bad.md:{n}", "talk") for n in md]
    expected += [(f"bad-rst.rst:{n}", "talk") for n in rst]
    assert warnings == sorted(expected)
    messages = app.warning.getvalue()
    assert "did you mean 'speakers'?" in messages
    assert "did you mean 'Broken talk'?" in messages
    for name in ("bad.html", "bad-rst.html"):
        page = soup(app.outdir / name)
        card = page.select_one("article.blogext-talk")
        # the talk stays, without what could not be used
        assert card.select_one(".blogext-talk-title").get_text() == "Broken talk"
        assert card.select_one(".blogext-talk-title a") is None
        assert card.select_one("time") is None
        assert [dt.get_text() for dt in card.select("dt")] == ["Event", "When"]
        assert card.select_one("dd:-soup-contains('To be announced')") is not None
        assert not card.select(".blogext-talk-links")
        assert "javascript" not in str(page) and "ftp:" not in str(page)
        # without a title there is no card, but the abstract is still on the page
        assert "Abstract of a talk without a title." in page.get_text()
        assert len(page.select("article.blogext-talk[id]")) == 2
        assert "Duration" not in card.get_text()


def test_calendar_links_follow_calendars_that_appear_and_go(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    src = tmp_path / "src"
    (src / "blog").mkdir(parents=True)
    (src / "conf.py").write_text(
        'extensions = ["myst_parser", "sphinx_blogext"]\nexclude_patterns = ["_build"]\n'
        'blog_baseurl = "https://example.org/"\n',
        encoding="utf-8",
    )
    (src / "index.md").write_text("# Home\n\n```{toctree}\na\nb\n```\n", encoding="utf-8")
    (src / "a.md").write_text("# A\n\n```{talk} Undated\n:speakers: X\n```\n", encoding="utf-8")
    (src / "b.md").write_text("# B\n", encoding="utf-8")

    def links(out: Path) -> list[str]:
        return [link["href"] for link in soup(out / "a.html").select('link[type="text/calendar"]')]

    out = build(make_app, src).outdir
    assert links(out) == [] and not (out / "talks" / "calendar.ics").exists()
    # another page gets a dated talk: now there is a calendar, and a.html links to it
    (src / "b.md").write_text(
        "# B\n\n```{talk} Dated\n:date: 2030-05-01\n:duration: 2 days\n```\n", encoding="utf-8"
    )
    out = build(make_app, src).outdir
    assert links(out) == ["talks/calendar.ics"]
    event = next(iter(calendar(out / "talks" / "calendar.ics").walk("VEVENT")))
    assert event.decoded("dtstart") == date(2030, 5, 1)
    assert event.decoded("duration") == timedelta(days=2)  # an all-day talk of two days
    # and the calendar goes again
    (src / "b.md").write_text("# B\n", encoding="utf-8")
    out = build(make_app, src).outdir
    assert links(out) == [] and not (out / "talks" / "calendar.ics").exists()


def test_a_compact_date_is_a_day_and_long_durations_are_refused(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(
        'extensions = ["myst_parser", "sphinx_blogext"]\nexclude_patterns = ["_build"]\n'
        'blog_baseurl = "https://example.org/"\n',
        encoding="utf-8",
    )
    long = "9" * 400
    (src / "index.md").write_text(
        f"# Home\n\n```{{talk}} Compact\n:date: 20300321\n:duration: {long}m\n```\n",
        encoding="utf-8",
    )
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    assert located(app) == [("index.md:5", "talk")]
    card = soup(app.outdir / "index.html").select_one("article.blogext-talk time")
    assert (card["datetime"], card.get_text()) == ("2030-03-21", "March 21, 2030")

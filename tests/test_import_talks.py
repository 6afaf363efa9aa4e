"""``blogext import-talks``: conference schedules in, talk cards out.

The schedules in ``talk_schedules/`` are written from each format's public
description: pretalx's and frab's ``schedule.json`` (checked against the
format's JSON schema) and Sessionize's JSON views. Each is imported into a
small project, which is then built, and the cards are read back from the
HTML.
"""

from __future__ import annotations

import copy
import io
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import pytest
from conftest import build, soup
from hypothesis import given, settings
from hypothesis import strategies as st

from sphinx_blogext.cli import main
from sphinx_blogext.cli.schedules import (
    ScheduleError,
    Zone,
    blocks_from_markdown,
    blocks_from_text,
    one_line,
    read_schedule,
)
from sphinx_blogext.cli.talks_import import (
    MAX_BYTES,
    People,
    Style,
    _list_value,
    _myst_blocks,
    _myst_value,
    _rest_blocks,
    card,
    read_project,
)
from sphinx_blogext.frontmatter import parse_list

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.testing.util import SphinxTestApp

SCHEDULES = Path(__file__).parent / "talk_schedules"
PRETALX = SCHEDULES / "pretalx-schedule.json"
FRAB = SCHEDULES / "frab-schedule.json"
SESSIONIZE = SCHEDULES / "sessionize-all.json"
SESSIONS_VIEW = SCHEDULES / "sessionize-sessions.json"
SPEAKERS_VIEW = SCHEDULES / "sessionize-speakers.json"
#: 2026-01-01T00:00:00Z: every imported talk is upcoming
JAN_2026 = "1767225600"


@pytest.fixture(autouse=True)
def pinned_now(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", JAN_2026)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project with two contributors: one defined by a directive in a document, the
    other in ``blog_contributors_file``; every top-level page is in the toctree."""
    src = tmp_path / "src"
    (src / "people").mkdir(parents=True)
    (src / "conf.py").write_text(
        'extensions = ["myst_parser", "sphinx_blogext"]\n'
        'exclude_patterns = ["_build"]\n'
        'blog_baseurl = "https://example.org/"\n'
        'blog_contributors_file = "contributors.yaml"\n',
        encoding="utf-8",
    )
    (src / "contributors.yaml").write_text("tal-zwick:\n  name: Tal Zwick\n", encoding="utf-8")
    (src / "people" / "lorena.md").write_text(
        "# Lorena\n\n```{contributor} lorena-martinez\n:name: Lorena Martínez\n```\n\n"
        "Maintains Tidewater.\n",
        encoding="utf-8",
    )
    (src / "index.md").write_text("# Home\n\n```{toctree}\n:glob:\n\n*\n```\n", encoding="utf-8")
    return src


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = main(["import-talks", *map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err


def cards(page: Path) -> list[Any]:
    return soup(page).select("article.blogext-talk")


def facts(article: Any) -> dict[str, Any]:
    return {div.dt.get_text(): div.dd for div in article.select(".blogext-talk-facts > div")}


def speakers(article: Any) -> list[tuple[str, str | None]]:
    """Each speaker's name and the page it links to (None: not a contributor)."""
    found = []
    for item in article.select(".blogext-talk-speakers li"):
        link = item.a
        found.append(
            (item.select_one(".blogext-author").get_text(), link["href"] if link else None)
        )
    return found


def when(article: Any) -> str | None:
    time = article.select_one(".blogext-talk-facts time")
    return time["datetime"] if time else None


# -- the schedules are what the tools write ------------------------------------------------


def test_the_frab_schedules_follow_the_formats_schema() -> None:
    import jsonschema

    schema = json.loads((SCHEDULES / "frab-schedule.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft7Validator(
        schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER
    )
    for path in (PRETALX, FRAB):
        data = json.loads(path.read_text(encoding="utf-8"))
        assert [e.message for e in validator.iter_errors(data)] == [], path.name
    # and the schema has teeth: an event without its title or with a bad duration fails
    broken = json.loads(PRETALX.read_text(encoding="utf-8"))
    event = broken["schedule"]["conference"]["days"][0]["rooms"]["Hall A"][0]
    del event["title"]
    event["duration"] = "45 minutes"
    assert len(list(validator.iter_errors(broken))) == 2


# -- pretalx and frab ----------------------------------------------------------------------


@pytest.mark.parametrize("syntax", ["md", "rst"])
def test_pretalx_talks_of_the_chosen_speakers_build_as_cards(
    make_app: Callable[..., SphinxTestApp],
    project: Path,
    capsys: pytest.CaptureFixture[str],
    syntax: str,
) -> None:
    page = project / f"talks.{syntax}"
    # any letter case, any accents: "lorena martinez" is Lorena Martínez
    code, out, err = run(
        capsys, PRETALX, "--into", page, "--speaker", "lorena martinez", "--speaker", "TAL  ZWICK"
    )
    assert code == 0, err
    assert out.splitlines()[0] == f"{page}: 4 talks written (new page)"
    assert "add it to a toctree" in err
    source = page.read_text(encoding="utf-8")
    # the contributor as the project names her, not as the schedule spells her
    assert "Lorena Martínez" in source
    out_dir = build(make_app, project, freshenv=True).outdir
    found = cards(out_dir / "talks.html")
    assert [a["id"] for a in found] == [
        "talk-dedays2026-102",
        "talk-dedays2026-104",
        "talk-dedays2026-106",
        "talk-dedays2026-107",
    ]
    assert [a.select_one(".blogext-talk-title").get_text() for a in found] == [
        "Backfills without tears, live",
        "Your first Tidewater flow",
        "Closing panel: what we would not automate again",
        "Tolerant snapshots",
    ]
    # summer time in Berlin until the night of 24 to 25 October, winter time after it
    assert [when(a) for a in found] == [
        "2026-10-23T11:00:00+02:00",
        "2026-10-24T09:30:00+02:00",
        "2026-10-25T10:00:00+01:00",
        "2026-10-25T11:30:00+01:00",
    ]
    backfills, workshop, panel, _snapshots = found
    assert speakers(backfills) == [("Lorena Martínez", "people/lorena.html")]
    assert speakers(workshop) == [
        ("Tal Zwick", "contributors/tal-zwick.html"),
        ("Amara Okafor", None),
    ]
    assert speakers(panel)[2] == ("Đorđe Petrović", None)
    shown = facts(backfills)
    assert shown["Event"].get_text() == "Data Engineering Days 2026"
    # the event's place on the talks page, or its own page
    assert "data-engineering-days-2026" in shown["Event"].a["href"]
    assert shown["Where"].get_text() == "Hall A"
    assert shown["Duration"].get_text() == "45 min"
    assert facts(workshop)["Duration"].get_text() == "3 h"
    title = backfills.select_one(".blogext-talk-title a")
    assert title["href"] == "https://pretalx.example.org/dedays2026/talk/M3ZRWD/"
    abstract = backfills.select_one(".blogext-talk-abstract")
    assert abstract.a["href"] == "https://tidewater.example.org/docs/replay/"
    assert [li.get_text() for li in abstract.select("li")] == [
        "partitioned runs",
        "idempotent writes",
        "1. plan",
        "2. replay",
    ]
    assert "on stage" in abstract.get_text()
    # the subtitle leads the abstract; the code block stays code
    workshop_abstract = workshop.select_one(".blogext-talk-abstract")
    assert workshop_abstract.p.get_text() == "A hands-on workshop"
    assert 'flow = Flow("hello")' in workshop_abstract.select_one("pre").get_text()
    # a panel without an abstract gets the description
    assert "gave back to humans" in panel.select_one(".blogext-talk-abstract").get_text()
    tags = [t.get_text() for t in backfills.select(".blogext-talk-footer .blogext-tag")]
    assert tags == ["Data pipelines"]
    # the talks join their speakers' pages
    lorena = soup(out_dir / "people" / "lorena.html")
    assert "Backfills without tears, live" in lorena.get_text()


def test_frab_schedule_of_everyone_with_a_venue(
    make_app: Callable[..., SphinxTestApp], project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = project / "zurich.rst"
    code, _out, err = run(capsys, FRAB, "--into", page, "--venue", "Kongresshaus Zürich")
    assert code == 0, err
    assert f"{FRAB}: no --speaker given: importing all 3 sessions" in err
    source = page.read_text(encoding="utf-8")
    assert source.startswith("Open Source Summit Zürich 2027\n==============================\n")
    assert "   :speakers: Lorena Martínez\n" in source  # "Lorena Martinez" in the schedule
    found = cards(build(make_app, project, freshenv=True).outdir / "zurich.html")
    assert [when(a) for a in found] == [
        "2027-03-27T10:15:00+01:00",
        "2027-03-27T14:00:00+01:00",
        # the clocks went forward in the night
        "2027-03-28T09:30:00+02:00",
    ]
    assert facts(found[0])["Where"].get_text() == "Kongresshaus Zürich, Saal 1"
    assert speakers(found[0]) == [("Lorena Martínez", "people/lorena.html")]
    # a frab person (public_name) and a pretalx one (name) in one talk
    assert speakers(found[2]) == [
        ("Tal Zwick", "contributors/tal-zwick.html"),
        ("Zoë Ångström", None),
    ]
    assert facts(found[2])["Duration"].get_text() == "2 h 30 min"
    first = found[0].select_one(".blogext-talk-abstract").get_text(" ", strip=True)
    assert first.startswith("Event-driven flows in practice When the data arrives")


# -- Sessionize ------------------------------------------------------------------------------


def test_sessionize_all_data_in_the_conferences_time_zone(
    make_app: Callable[..., SphinxTestApp],
    project: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    names = tmp_path / "speakers.txt"
    names.write_text(
        "# our people at CND Lisbon\nlorena martínez\n\n  Tal Zwick   # maintainer\n",
        encoding="utf-8",
    )
    page = project / "lisbon.md"
    code, out, err = run(
        capsys,
        SESSIONIZE,
        "--into",
        page,
        "--speakers-file",
        names,
        "--timezone",
        "Europe/Lisbon",
        "--event",
        "Cloud Native Days Lisbon 2026",
    )
    assert code == 0, err
    assert "4 talks written" in out
    # the zone was given: nothing to say about it; the unscheduled talk is said
    assert "without an offset" not in err
    assert "sessions[6].startsAt: not scheduled yet" in err
    found = cards(build(make_app, project, freshenv=True).outdir / "lisbon.html")
    assert [a["id"] for a in found] == [
        "talk-sessionize-812302",
        "talk-sessionize-812303",
        "talk-sessionize-812305",
        "talk-sessionize-812306",
    ]
    # Lisbon: UTC+00:00 in winter, UTC+01:00 from 29 March 01:00
    assert [when(a) for a in found] == [
        "2026-03-27T11:00:00+00:00",
        "2026-03-28T09:00:00+00:00",
        "2026-03-29T10:00:00+01:00",
        None,
    ]
    assert facts(found[3])["When"].get_text() == "To be announced"
    backfills = facts(found[0])
    assert backfills["Event"].get_text() == "Cloud Native Days Lisbon 2026"
    assert backfills["Where"].get_text() == "Sala 2"
    assert backfills["Duration"].get_text() == "40 min"
    assert backfills["Level"].get_text() == "Intermediate"
    tags = [t.get_text() for t in found[0].select(".blogext-talk-footer .blogext-tag")]
    assert tags == ["Data on Kubernetes", "Talk"]
    assert speakers(found[1]) == [
        ("Tal Zwick", "contributors/tal-zwick.html"),
        ("Björk Guðmundsdóttir", None),
    ]
    assert speakers(found[2])[0] == ("Lorena Martínez", "people/lorena.html")
    # plain text: each line its own paragraph, a "- " line is not a list
    abstract = found[0].select_one(".blogext-talk-abstract")
    assert [p.get_text() for p in abstract.select("p")] == [
        "Six months of history, re-run in a cluster.",
        "What you will learn:",
        "- partitioned runs",
        "- idempotent writes",
        "Bring questions.",
    ]
    assert abstract.select("li") == []


def test_sessionize_without_a_zone_says_which_one_it_used(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, SESSIONIZE, "--into", project / "x.md", "--dry-run")
    assert code == 0
    assert "times without an offset were read in blog_timezone UTC" in err
    assert "Sessionize exports do not name the conference: give it with --event" in err
    assert ":date: 2026-03-29T10:00:00+00:00" in out
    # the service session (lunch) is no talk
    assert "Lunch" not in out
    assert not (project / "x.md").exists()


def test_sessionize_sessions_and_speakers_views(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = project / "views.md"
    code, out, err = run(
        capsys, SESSIONS_VIEW, "--into", page, "--dry-run", "--timezone", "Europe/Lisbon"
    )
    assert code == 0, err
    assert out.count("{talk}") == 3
    assert ":location: Auditório Tejo" in out and ":level: All levels" in out
    assert ":speakers: Lorena Martínez, Tal Zwick" in out
    code, out, err = run(
        capsys, SPEAKERS_VIEW, "--into", page, "--dry-run", "--format", "sessionize"
    )
    assert code == 0, err
    assert "the Speakers view has no times, rooms or abstracts" in err
    titles = re.findall(r"\{talk\} (.*)", out)
    assert titles == [
        "Backfills in Kubernetes, without tears",
        "Cost-aware scheduling, after the clocks change",
        "Workshop: operators for data flows",
    ]
    assert ":speakers: Lorena Martínez, Tal Zwick" in out  # one session, two speakers
    assert not page.exists()


def test_a_speaker_who_gives_no_talk_is_named_with_a_suggestion(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _out, err = run(
        capsys, PRETALX, "--into", project / "t.md", "--speaker", "Tal Zwik", "--dry-run"
    )
    assert code == 1
    assert "--speaker 'Tal Zwik': no session has this speaker (did you mean 'Tal Zwick'?)" in err
    assert "no session left to import; nothing was written" in err


# -- pages and markers -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("syntax", "start", "end"),
    [
        ("md", "<!-- blogext:talks:start -->", "<!-- blogext:talks:end -->"),
        ("rst", ".. blogext:talks:start", ".. blogext:talks:end"),
    ],
)
def test_importing_again_changes_only_what_is_between_the_markers(
    make_app: Callable[..., SphinxTestApp],
    project: Path,
    capsys: pytest.CaptureFixture[str],
    syntax: str,
    start: str,
    end: str,
) -> None:
    page = project / f"dedays.{syntax}"
    heading = "Our talks\n=========\n" if syntax == "rst" else "# Our talks\n"
    page.write_text(
        f"{heading}\nCome and see us.\n\n{start}\n\nold cards\n\n{end}\n\nSee you there.\n",
        encoding="utf-8",
    )
    args = (PRETALX, "--into", page, "--speaker", "Tal Zwick")
    code, out, err = run(capsys, *args)
    assert code == 0, err
    assert "3 talks written (between the markers)" in out
    first = page.read_bytes()
    assert b"old cards" not in first
    assert first.startswith(f"{heading}\nCome and see us.\n\n{start}\n\n".encode())
    assert first.endswith(f"\n\n{end}\n\nSee you there.\n".encode())
    # the same export again: the same bytes, not even rewritten
    code, out, _err = run(capsys, *args)
    assert (code, page.read_bytes()) == (0, first)
    assert "3 talks, unchanged" in out
    # hand edits around the markers stay; edits between them are the import's to replace
    edited = first.decode().replace("Come and see us.", "Come and see us, we have stickers.")
    edited = edited.replace("Tolerant snapshots", "Tolerant snapshots (edited)")
    page.write_text(edited, encoding="utf-8")
    run(capsys, *args)
    again = page.read_text(encoding="utf-8")
    assert "we have stickers" in again and "(edited)" not in again
    assert again == first.decode().replace("Come and see us.", "Come and see us, we have stickers.")
    found = cards(build(make_app, project, freshenv=True).outdir / "dedays.html")
    assert len(found) == 3


def test_a_page_without_markers_gets_them_at_its_end(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = project / "events.md"
    page.write_bytes(b"# Events\r\n\r\nWhere we speak.")  # a Windows file, no final newline
    code, _out, err = run(capsys, FRAB, "--into", page, "--speaker", "Jürgen Weiß")
    assert code == 0, err
    assert "no markers: the talks went to its end, between new markers; move them" in err
    text = page.read_bytes()
    assert text.startswith(b"# Events\r\n\r\nWhere we speak.\r\n\r\n<!-- blogext:talks:start -->")
    assert text.endswith(b"<!-- blogext:talks:end -->\r\n")
    assert b"\n" not in text.replace(b"\r\n", b"")  # the file's line ends are kept
    # from now on the markers are found
    run(capsys, FRAB, "--into", page, "--speaker", "Jürgen Weiß")
    assert page.read_bytes() == text


@pytest.mark.parametrize(
    "text",
    [
        "# T\n\n<!-- blogext:talks:end -->\n\n<!-- blogext:talks:start -->\n",
        "# T\n\n<!-- blogext:talks:start -->\n",
        "# T\n\n<!-- blogext:talks:start -->\n<!-- blogext:talks:start -->\n"
        "<!-- blogext:talks:end -->\n",
    ],
)
def test_markers_out_of_order_write_nothing(
    project: Path, capsys: pytest.CaptureFixture[str], text: str
) -> None:
    page = project / "bad.md"
    page.write_text(text, encoding="utf-8")
    code, out, err = run(capsys, PRETALX, "--into", page)
    assert code == 1 and out == ""
    assert "the page needs one '<!-- blogext:talks:start -->' line" in err
    assert page.read_text(encoding="utf-8") == text


def test_a_dry_run_prints_the_cards_and_writes_nothing(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = project / "talks.rst"
    code, out, err = run(capsys, PRETALX, "--into", page, "--speaker", "Jürgen Weiß", "--dry-run")
    assert code == 0, err
    assert out.startswith(".. talk:: Snapshots für Machine-Learning-Features\n")
    assert "   :speakers: Jürgen Weiß\n" in out
    assert "dry run: 1 talk, new page; nothing written" in err
    assert not page.exists()


def test_usage_errors(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(capsys, PRETALX, "--into", project / "talks.txt")
    assert code == 1 and "the page must be a .md or .rst file" in err
    for zone in ("Mars/Base", "Europe", "x" * 1000):  # a folder of the zone database, a long name
        code, _out, err = run(capsys, PRETALX, "--into", project / "t.md", "--timezone", zone)
        assert code == 1 and "not a known time zone" in err
    with pytest.raises(SystemExit) as exit_info:
        main(["import-talks", str(PRETALX)])  # --into is required
    assert exit_info.value.code == 2


# -- hostile exports -------------------------------------------------------------------------


def pretalx_data() -> dict[str, Any]:
    return json.loads(PRETALX.read_text(encoding="utf-8"))


def write_json(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_missing_fields_and_wrong_types_are_reported_with_their_path(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = pretalx_data()
    days = data["schedule"]["conference"]["days"]
    hall = days[0]["rooms"]["Hall A"]
    del hall[0]["title"]
    hall[1]["date"] = 20261023
    hall[1]["persons"] = "Lorena Martínez"
    south = days[0]["rooms"]["Raum Süd"][0]
    south["duration"] = "forty"
    south["url"] = "javascript:alert(1)"
    south["track"] = ["not", "text"]
    days[1]["rooms"] = []
    days[2]["rooms"]["Raum Süd"] = {"not": "a list"}
    days[2]["rooms"]["Hall A"][0]["date"] = "2026-10-25 at ten"
    export = write_json(tmp_path / "broken.json", data)
    page = project / "broken.md"
    code, out, err = run(capsys, export, "--into", page)
    assert code == 1  # sessions were skipped
    reported = {line.split(": ", 2)[2] for line in err.splitlines() if str(export) in line}
    hall_a = 'schedule.conference.days[0].rooms["Hall A"]'
    south_at = 'schedule.conference.days[0].rooms["Raum Süd"][0]'
    assert reported >= {
        f"{hall_a}[0].title: no title; the session is skipped",
        f"{hall_a}[1].date: not a date (it is a number); the session is skipped",
        f"{hall_a}[1].persons: not a list of persons (it is text)",
        f'{south_at}.duration: not a duration (HH:MM): "forty"; left out',
        f'{south_at}.url: "javascript:alert(1)" is not an http(s) URL; left out',
        f"{south_at}.track: not text (it is a list); left out",
        "schedule.conference.days[1].rooms: not an object of rooms (it is a list); "
        "the day is skipped",
        'schedule.conference.days[2].rooms["Raum Süd"]: not a list of events '
        "(it is an object); skipped",
        'schedule.conference.days[2].rooms["Hall A"][0].date: not a date: "2026-10-25 at ten"; '
        "the session is skipped",
    }
    # what could be read is written, without the fields that could not
    assert "1 talk written" in out
    text = page.read_text(encoding="utf-8")
    assert "Snapshots für Machine-Learning-Features" in text
    assert ":url:" not in text and ":duration:" not in text and ":tags:" not in text


def test_sessionize_ids_that_lead_nowhere_are_reported(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = json.loads(SESSIONIZE.read_text(encoding="utf-8"))
    data["sessions"][0]["speakers"] = ["no-such-speaker"]
    data["sessions"][1]["roomId"] = 999
    data["sessions"][1]["categoryItems"] = [41002, "x"]
    data["sessions"][3]["startsAt"] = "yesterday"
    data["sessions"][4]["endsAt"] = "2026-03-28T14:00:00"  # before it starts
    data["rooms"] = "Sala 2"
    export = write_json(tmp_path / "s.json", data)
    code, out, err = run(capsys, export, "--into", project / "s.md", "--dry-run")
    assert code == 1
    for line in (
        'sessions[0].speakers[0]: no speaker has the id "no-such-speaker"',
        'sessions[1].roomId: no room has the id "999"',
        'sessions[1].categoryItems[1]: no category item has the id "x"',
        'sessions[3].startsAt: not a date: "yesterday"; the session is skipped',
        "sessions[4].endsAt: ends before it starts; no duration",
        "rooms: not a list (it is text); its names are not used",
    ):
        assert f"{export}: {line}" in err
    assert "Workshop: operators" not in out  # skipped: no date
    assert "Observabilidade" in out


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'{"schedule": ', "not JSON (Expecting value)"),
        (b"[]", "not a schedule this command reads"),
        (b'{"schedule": []}', "schedule: the schedule is not an object (it is a list)"),
        (
            b'{"schedule": {"conference": {"days": "x"}}}',
            "schedule.conference.days: not a list of days (it is text)",
        ),
        (b'{"sessions": {}}', "sessions: not a list of sessions (it is an object)"),
        (b"[" * 100_000 + b"]" * 100_000, "JSON nested too deeply"),
        (b'{"sessions": [' + b"9" * 5000 + b"]}", "cannot be read"),
        (b'{"sessions": []}\xff', "not UTF-8 text"),
        (b'{"sessions": []}', "no session left to import"),
        (
            b'{"sessions": [{"id": 1, "title": "Lunch", "isServiceSession": true}]}',
            "no session left to import",
        ),
    ],
)
def test_exports_that_cannot_be_read_write_nothing(
    project: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    content: bytes,
    message: str,
) -> None:
    export = tmp_path / "export.json"
    export.write_bytes(content)
    page = project / "existing.md"
    page.write_text("# Mine\n\n<!-- blogext:talks:start -->\n<!-- blogext:talks:end -->\n")
    before = page.read_bytes()
    code, out, err = run(capsys, export, "--into", page)
    assert (code, out) == (1, "")
    assert f"{export}" in err and message in err
    assert "Traceback" not in err
    assert page.read_bytes() == before
    assert sorted(p.name for p in project.iterdir()) == sorted(
        ["conf.py", "contributors.yaml", "existing.md", "index.md", "people"]
    )


def test_a_huge_export_is_refused_before_it_is_read(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = tmp_path / "huge.json"
    with export.open("wb") as stream:
        stream.truncate(MAX_BYTES + 1)
    code, out, err = run(capsys, export, "--into", project / "t.md")
    assert (code, out) == (1, "")
    assert f"{export}: larger than 16 MiB; nothing was written" in err
    assert not (project / "t.md").exists()


HOSTILE_TITLE = '<script>alert("title")</script> Intro & <b>bold</b> `code` {eval-rst}'
HOSTILE_ABSTRACT = (
    "```{raw} html\n<script>evil()</script>\n```\n\n"
    ".. raw:: html\n\n   <script>evil()</script>\n\n"
    ":::{warning}\nboo\n:::\n\n"
    ":class: evil\n\n"
    "<img src=x onerror=alert(1)> <iframe src=https://evil.example></iframe>\n\n"
    "[click](javascript:alert(1)) {eval-rst}`x` $x$ {{ sub }}\n\n"
    "(label)=\n\n"
    "---\nkey: value\n---\n\n"
    "word_ |sub| [1]_ .. note:: inline"
)


@pytest.mark.parametrize("syntax", ["md", "rst"])
@pytest.mark.parametrize("source", ["pretalx", "sessionize"])
def test_html_and_markup_in_an_export_stay_text(
    make_app: Callable[..., SphinxTestApp],
    project: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    syntax: str,
    source: str,
) -> None:
    if source == "pretalx":
        data = pretalx_data()
        conference = data["schedule"]["conference"]
        event = conference["days"][0]["rooms"]["Hall A"][0]
        conference["days"] = [{**conference["days"][0], "rooms": {"Hall A": [event]}}]
        event["title"] = HOSTILE_TITLE
        event["abstract"] = HOSTILE_ABSTRACT
        event["persons"] = [{"name": "<i>Eve</i>, the «hacker»"}, {"name": "Null"}]
        event["track"] = '"quoted" # not a comment'
        conference["title"] = "|Conf| >2026"
    else:
        data = json.loads(SESSIONIZE.read_text(encoding="utf-8"))
        data["sessions"] = data["sessions"][:2]
        data["sessions"][0]["title"] = HOSTILE_TITLE
        # an emoji short code: a field in reST, were it written as it is
        data["sessions"][1]["title"] = ":rocket: Launch day"
        data["sessions"][0]["description"] = HOSTILE_ABSTRACT
    export = write_json(tmp_path / "hostile.json", data)
    page = project / f"hostile.{syntax}"
    code, _out, err = run(capsys, export, "--into", page, "--event", "|Conf| >2026")
    assert code == 0, err
    out_dir = build(make_app, project, freshenv=True).outdir  # and no warning
    article, *others = cards(out_dir / "hostile.html")
    if source == "sessionize":
        title = others[0].select_one(".blogext-talk-title").get_text()
        assert title.replace("\u200b", "") == ":rocket: Launch day"
        assert "Six months of history" in others[0].get_text()
    assert article.select_one(".blogext-talk-title").get_text() == HOSTILE_TITLE
    assert article.select("script, img, iframe, .admonition, .warning, dl.field-list") == []
    assert not [a for a in article.select("a") if "javascript" in a.get("href", "")]
    abstract = article.select_one(".blogext-talk-abstract").get_text(" ")
    abstract = " ".join(abstract.split())
    # plain text shows every line as written; Markdown shows a fence as code, and joins
    # the lines of a paragraph
    shown = [
        "<script>evil()</script>",
        ".. raw:: html",
        ":class: evil",
        "<img src=x onerror=alert(1)> <iframe src=https://evil.example></iframe>",
        "$x$ {{ sub }}",
        "(label)=",
        "key: value",
        "word_ |sub| [1]_ .. note:: inline",
    ]
    if source == "sessionize":
        shown += ["```{raw} html", ":::{warning}", "[click](javascript:alert(1)) {eval-rst}`x`"]
    else:
        shown += [":::{warning} boo :::", "{eval-rst}x"]
        assert article.select_one(".blogext-talk-abstract pre").get_text().strip() == (
            "<script>evil()</script>"
        )
    for text in shown:
        assert text in abstract, text
    assert facts(article)["Event"].get_text() == "|Conf| >2026"
    if source == "pretalx":
        assert [name for name, _ in speakers(article)] == ["<i>Eve</i>, the «hacker»", "Null"]
        tags = [t.get_text() for t in article.select(".blogext-talk-footer .blogext-tag")]
        assert tags == ['"quoted" # not a comment']


# -- properties --------------------------------------------------------------------------------

KEYS = [
    "schedule", "conference", "days", "rooms", "title", "date", "duration", "room",
    "persons", "public_name", "name", "abstract", "description", "url", "track", "id",
    "guid", "acronym", "time_zone_name", "subtitle", "sessions", "speakers", "startsAt",
    "endsAt", "roomId", "categoryItems", "categories", "items", "fullName", "status",
    "isServiceSession", "recordingUrl", "groupId", "groupName",
]  # fmt: skip
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**6), max_value=10**12)
    | st.floats(allow_nan=True)
    | st.text(max_size=30)
    | st.sampled_from(
        ["2026-10-23T10:00:00+02:00", "2026-03-29T01:30:00", "00:45", "1:02:00", "Hall A", ""]
    )
)
JSONISH = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=5), inner, max_size=6)
    ),
    max_leaves=40,
)


@settings(max_examples=50, deadline=None)
@given(data=JSONISH, fmt=st.sampled_from([None, "pretalx", "frab", "sessionize"]))
def test_readers_only_report_whatever_they_are_given(data: Any, fmt: str | None) -> None:
    zone = Zone(ZoneInfo("Europe/Lisbon"), "--timezone", chosen=True)
    try:
        schedule = read_schedule(data, fmt, zone)
    except ScheduleError as exc:
        assert str(exc)
        return
    for finding in schedule.findings:
        assert isinstance(finding.where, str) and finding.message
    people = People()
    people.define("tal-zwick", "Tal Zwick")
    for session in schedule.sessions:
        for syntax in ("md", "rst"):
            assert card(session, Style(syntax, schedule.event, "", people))


@settings(max_examples=50, deadline=None)
@given(data=JSONISH)
def test_readers_cope_with_broken_pieces_of_real_exports(data: Any) -> None:
    """A real export with one value swapped for random data."""
    for path, where in (
        (PRETALX, ("schedule", "conference", "days", 0, "rooms", "Hall A", 1)),
        (SESSIONIZE, ("sessions", 1)),
    ):
        export = json.loads(path.read_text(encoding="utf-8"))
        target = export
        for key in where[:-1]:
            target = target[key]
        original = copy.deepcopy(target[where[-1]])
        if isinstance(data, dict) and isinstance(original, dict):
            target[where[-1]] = {**original, **data}
        else:
            target[where[-1]] = data
        schedule = read_schedule(export, None, None)
        assert len(schedule.sessions) >= 3
        for session in schedule.sessions:
            card(session, Style("md", "E", "", People()))


@settings(max_examples=50, deadline=None)
@given(value=st.text(min_size=1, max_size=40).map(one_line).filter(bool))
def test_option_values_read_back_unchanged(value: str) -> None:
    from myst_parser.parsers.options import options_to_items

    items, _state = options_to_items(f":key: {_myst_value(value)}")
    assert items == [(":key", value)]
    names = [value, "Tal Zwick"] if value != "Tal Zwick" else [value]
    assert parse_list("speakers", _list_value(names)) == names


MYST_SETTINGS = {
    "report_level": 1,
    "halt_level": 5,
    "warning_stream": False,
    "myst_enable_extensions": [
        "colon_fence", "dollarmath", "deflist", "fieldlist", "substitution", "attrs_inline",
        "tasklist", "html_image",
    ],
}  # fmt: skip
PLAIN = {"document", "paragraph", "Text"}


def doctree(source: str, syntax: str) -> Any:
    from docutils.core import publish_doctree

    if syntax == "md":
        from myst_parser.parsers.docutils_ import Parser

        return publish_doctree(source, parser=Parser(), settings_overrides=MYST_SETTINGS)
    return publish_doctree(source, settings_overrides=MYST_SETTINGS)


@settings(max_examples=50, deadline=None)
@given(
    text=st.text(
        alphabet=st.sampled_from(
            [*"ab1 .:-*_`[]()<>{}$#|\\!%+=~&@^;'\"\n\r\t\x0c\x85\u2028", "é", "—", "🚀", "\u0301"]
        ),
        max_size=80,
    )
)
def test_plain_text_abstracts_read_back_as_the_same_text(text: str) -> None:
    """Whatever characters a plain-text abstract holds, each line comes back as a
    paragraph of the same text, in both syntaxes: no markup, no warning."""
    blocks = blocks_from_text(text)
    expected = [one_line(line) for line in text.splitlines() if one_line(line)]
    for syntax, render in (("md", _myst_blocks), ("rst", _rest_blocks)):
        tree = doctree("\n".join(render(blocks)), syntax)
        assert {node.tagname if node.tagname != "#text" else "Text" for node in tree.findall()} <= (
            PLAIN
        ), syntax
        assert [p.astext() for p in tree.findall(lambda n: n.tagname == "paragraph")] == expected


@settings(max_examples=50, deadline=None)
@given(
    text=st.lists(
        st.sampled_from([*"ab1 .:-*_`[]()<>{}$#|\\!\n", "http://x.org/a_", "](http://x.org/", "é"]),
        max_size=40,
    ).map("".join)
)
def test_markdown_abstracts_give_only_safe_nodes(text: str) -> None:
    """Markdown abstracts keep paragraphs, lists, links and code, and nothing else."""
    allowed = PLAIN | {"bullet_list", "list_item", "literal_block", "reference", "target"}
    blocks = blocks_from_markdown(text)
    for syntax, render in (("md", _myst_blocks), ("rst", _rest_blocks)):
        tree = doctree("\n".join(render(blocks)), syntax)
        kinds = {node.tagname if node.tagname != "#text" else "Text" for node in tree.findall()}
        assert kinds <= allowed, (syntax, kinds)
        for reference in tree.findall(lambda n: n.tagname == "reference"):
            assert reference.get("refuri", "").startswith("http")


def test_contributors_are_read_as_the_build_defines_them(project: Path) -> None:
    (project / "people" / "more.rst").write_text(
        "More\n====\n\n.. contributor:: Amara Okafor\n   :role: Engineer\n   :name: Amara O.\n",
        encoding="utf-8",
    )
    (project / "people" / "guide.md").write_text(
        "# How to\n\n````markdown\n```{contributor} jane-doe\n:name: Jane Doe\n```\n````\n\n"
        "::::{tab-set}\n:::{tab-item} Us\n```{contributor} zoe\n:name: Zoë Ångström\n```\n"
        ":::\n::::\n",
        encoding="utf-8",
    )
    (project / "_build").mkdir()
    (project / "_build" / "old.md").write_text("```{contributor} ghost\n```\n", encoding="utf-8")
    people = read_project(project / "talks.md").people
    assert people.names == {
        "lorena-martinez": "Lorena Martínez",
        "amara-okafor": "Amara O.",
        "zoe": "Zoë Ångström",
        "tal-zwick": "Tal Zwick",
    }
    # a speaker is written as the project names the contributor; others as they come
    assert people.written("zoe ANGSTROM") == "Zoë Ångström"
    assert people.written("Amara Okafor") == "Amara O."
    assert people.written("amara o") == "Amara O."
    assert people.written("Jane Doe") == "Jane Doe"


def test_the_export_can_come_on_standard_input(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    stream = io.TextIOWrapper(io.BytesIO(FRAB.read_bytes()), encoding="utf-8")
    monkeypatch.setattr("sys.stdin", stream)
    code, out, err = run(capsys, "-", "--into", project / "t.md", "--dry-run")
    assert code == 0, err
    assert out.count("{talk}") == 3
    assert "<stdin>: no --speaker given" in err

"""Dates from git: posts without ``date``/``lastmod`` take their first and last commits'.

Every build test runs in a temporary repository whose commits have fixed dates, and
counts the git processes the build starts through a ``git`` first on PATH that logs
each call before running the real one.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING

import feedparser
import pytest
from conftest import blog_parts, build, clean_build, located, soup, warnings_of
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from sphinx_blogext.gitdates import FileDates, parse_log

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.testing.util import SphinxTestApp

REAL_GIT = shutil.which("git")
pytestmark = pytest.mark.skipif(REAL_GIT is None, reason="git is not installed")

#: the two commits of every repository: their dates, in the offsets they were made in
FIRST = "2024-01-10T09:00:00+02:00"
SECOND = "2024-03-05T18:30:00-05:00"
THIRD = "2024-04-20T07:15:00+09:00"
FOURTH = "2024-05-02T12:00:00+00:00"

CONF = """\
extensions = ["myst_parser", "sphinx_blogext"]
project = "Git dates"
exclude_patterns = ["_build"]
suppress_warnings = ["myst.header"]
blog_baseurl = "https://example.org/"
blog_git_dates = True
"""


def _post(title: str, fields: str = "") -> str:
    return f"---\ntitle: {title}\n{fields}---\n\nThe body of {title}.\n"


#: posts of the first commit; the second changes each of them but ``once``
POSTS = {
    "undated": _post("Undated"),
    "dated": _post("Dated", "date: 2023-12-01T08:00:00+00:00\n"),
    "lastmod-only": _post("Lastmod only", "lastmod: 2024-06-01T00:00:00+00:00\n"),
    "both": _post("Both", "date: 2023-11-01T10:00:00+00:00\nlastmod: 2023-11-02T10:00:00+00:00\n"),
    "once": _post("Once"),
}


def git(repo: Path, *args: str, date: str = FIRST) -> str:
    """Run the real git in ``repo``, as a fixed person at a fixed time."""
    assert REAL_GIT is not None
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Ada",
        "GIT_AUTHOR_EMAIL": "ada@example.org",
        "GIT_COMMITTER_NAME": "Ada",
        "GIT_COMMITTER_EMAIL": "ada@example.org",
        "GIT_AUTHOR_DATE": date,
        "GIT_COMMITTER_DATE": date,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    done = subprocess.run(
        [REAL_GIT, *args], cwd=repo, env=env, capture_output=True, text=True, check=True
    )
    return done.stdout


def commit(repo: Path, message: str, date: str) -> None:
    git(repo, "add", "-A", date=date)
    git(repo, "commit", "-q", "-m", message, date=date)


def write_project(src: Path, posts: dict[str, str] = POSTS, conf: str = CONF) -> None:
    (src / "blog").mkdir(parents=True, exist_ok=True)
    (src / "conf.py").write_text(conf, encoding="utf-8")
    (src / "index.md").write_text("# Home\n\nWelcome.\n", encoding="utf-8")
    for name, text in posts.items():
        (src / "blog" / f"{name}.md").write_text(text, encoding="utf-8")


def touch_posts(src: Path, names: list[str], line: str) -> None:
    for name in names:
        with (src / "blog" / f"{name}.md").open("a", encoding="utf-8") as stream:
            stream.write(f"\n{line}\n")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository with two commits: every post, then a change to all but ``once``."""
    src = tmp_path / "src"
    src.mkdir()
    git(src, "init", "-q", "-b", "main")
    write_project(src)
    commit(src, "first", FIRST)
    touch_posts(src, ["undated", "dated", "lastmod-only", "both"], "A second paragraph.")
    commit(src, "second", SECOND)
    return src


@pytest.fixture
def git_calls(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[], list[str]]:
    """A ``git`` first on PATH that logs each call; the calls logged so far."""
    assert REAL_GIT is not None
    folder = tmp_path / "bin"
    folder.mkdir()
    log = tmp_path / "git-calls.log"
    wrapper = folder / "git"
    wrapper.write_text(f'#!/bin/sh\necho "$*" >> "{log}"\nexec "{REAL_GIT}" "$@"\n')
    wrapper.chmod(wrapper.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")

    def calls() -> list[str]:
        return log.read_text().splitlines() if log.exists() else []

    return calls


def page_dates(outdir: Path, name: str) -> tuple[str | None, str | None]:
    """The ``datetime`` of a post page's date and of its "Updated" date (None: none)."""
    page = soup(outdir / "blog" / f"{name}.html")
    header = page.select_one(".blogext-post-header")
    date = header.select_one("time.blogext-date")
    updated = header.select_one(".blogext-updated time")
    return (date["datetime"] if date else None, updated["datetime"] if updated else None)


def feed_dates(outdir: Path) -> dict[str, tuple[str, str]]:
    """(published, updated) of each Atom entry, by the post's name."""
    feed = feedparser.parse((outdir / "blog" / "atom.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    return {
        entry.link.rsplit("/", 1)[-1].removesuffix(".html"): (entry.published, entry.updated)
        for entry in feed.entries
    }


# -- builds ----------------------------------------------------------------------------


def test_posts_take_the_dates_they_lack_from_their_commits(
    make_app: Callable[..., SphinxTestApp], repo: Path, git_calls: Callable[[], list[str]]
) -> None:
    app = build(make_app, repo)
    outdir = Path(app.outdir)
    # no date, no lastmod: the first commit's date, updated at the second's, offsets kept
    assert page_dates(outdir, "undated") == (FIRST, SECOND)
    # a date of its own: the last commit is its update
    assert page_dates(outdir, "dated") == ("2023-12-01T08:00:00+00:00", SECOND)
    # a lastmod of its own: only the date comes from git
    assert page_dates(outdir, "lastmod-only") == (FIRST, "2024-06-01T00:00:00+00:00")
    # front matter wins
    assert page_dates(outdir, "both") == ("2023-11-01T10:00:00+00:00", "2023-11-02T10:00:00+00:00")
    # one commit: no update to show
    assert page_dates(outdir, "once") == (FIRST, None)
    feeds = feed_dates(outdir)
    assert feeds["undated"] == (FIRST, SECOND)
    assert feeds["once"] == (FIRST, FIRST)
    assert feeds["lastmod-only"] == (FIRST, "2024-06-01T00:00:00+00:00")
    assert datetime.fromisoformat(feeds["undated"][1]).utcoffset() == timedelta(hours=-5)
    # one git process for the whole build, and one for a build that reads nothing
    assert [call.split()[-3:] for call in git_calls()] == [["--format=%x1e%cI%x1f%D", "--", "."]]
    build(make_app, repo)
    assert len(git_calls()) == 2


def test_without_the_setting_git_is_not_run(
    make_app: Callable[..., SphinxTestApp], repo: Path, git_calls: Callable[[], list[str]]
) -> None:
    (repo / "conf.py").write_text(CONF.replace("True", "False"), encoding="utf-8")
    app = build(make_app, repo)
    assert git_calls() == []
    assert page_dates(Path(app.outdir), "undated") == (None, None)


def same_as_clean(make_app: Callable[..., SphinxTestApp], app: SphinxTestApp, src: Path) -> None:
    """The blog's parts of the post pages, the blog index and the feed of an incremental
    build are those of a build from scratch."""
    outdir = Path(app.outdir)
    clean = Path(clean_build(make_app, src).outdir)
    # (Sphinx leaves the page of a removed document where it was)
    for page in sorted((clean / "blog").glob("*.html")):
        assert blog_parts(outdir / "blog" / page.name) == blog_parts(page), page.name
    index = "blog/index.html"
    assert (outdir / index).read_bytes() == (clean / index).read_bytes()
    assert feed_dates(outdir) == feed_dates(clean)
    shutil.rmtree(src.parent / "clean")  # for the next comparison


def test_a_new_commit_updates_an_incremental_build_as_a_clean_one(
    make_app: Callable[..., SphinxTestApp], repo: Path, git_calls: Callable[[], list[str]]
) -> None:
    # a post written but not yet committed has no date from git
    (repo / "blog" / "new.md").write_text(_post("New"), encoding="utf-8")
    first = build(make_app, repo)
    assert page_dates(Path(first.outdir), "new") == (None, None)
    # committed as it is: its file is the same, only git tells the builds apart
    commit(repo, "third", THIRD)
    app = build(make_app, repo)
    assert page_dates(Path(app.outdir), "new") == (THIRD, None)
    same_as_clean(make_app, app, repo)
    # a change to ``once``, and ``dated`` renamed
    touch_posts(repo, ["once"], "A late addition.")
    git(repo, "mv", "blog/dated.md", "blog/moved.md")
    commit(repo, "fourth", FOURTH)
    app = build(make_app, repo)
    outdir = Path(app.outdir)
    assert page_dates(outdir, "once") == (FIRST, FOURTH)
    # a renamed file keeps its history
    assert page_dates(outdir, "moved") == ("2023-12-01T08:00:00+00:00", FOURTH)
    assert page_dates(outdir, "undated") == (FIRST, SECOND)
    same_as_clean(make_app, app, repo)
    # three builds here, two from scratch: a git process each
    assert len(git_calls()) == 5


def test_parallel_build_gives_the_serial_dates(
    make_app: Callable[..., SphinxTestApp],
    repo: Path,
    tmp_path: Path,
    git_calls: Callable[[], list[str]],
) -> None:
    twin = tmp_path / "twin"
    shutil.copytree(repo, twin)
    serial = build(make_app, repo)
    parallel = build(make_app, twin, parallel=2)
    for name in POSTS:
        assert page_dates(Path(parallel.outdir), name) == page_dates(Path(serial.outdir), name)
    assert feed_dates(Path(parallel.outdir)) == feed_dates(Path(serial.outdir))
    assert len(git_calls()) == 2


def test_a_shallow_clone_gives_only_the_dates_it_has_the_history_of(
    make_app: Callable[..., SphinxTestApp],
    repo: Path,
    tmp_path: Path,
    git_calls: Callable[[], list[str]],
) -> None:
    (repo / "blog" / "fresh.md").write_text(_post("Fresh"), encoding="utf-8")
    commit(repo, "third", THIRD)
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "2", f"file://{repo}", str(clone))
    app = make_app("html", srcdir=clone)
    app.build()
    outdir = Path(app.outdir)
    # added after the clone's oldest commit: its whole history is there
    assert page_dates(outdir, "fresh") == (THIRD, None)
    # the oldest commit (the second) stands for all before it: no date from it
    assert page_dates(outdir, "undated") == (None, None)
    assert page_dates(outdir, "dated") == ("2023-12-01T08:00:00+00:00", None)
    assert page_dates(outdir, "both") == ("2023-11-01T10:00:00+00:00", "2023-11-02T10:00:00+00:00")
    # said once, at the setting
    assert located(app) == [("conf.py:6", "config")]
    (message,) = [m for _, m, _ in warnings_of(app)]
    assert "shallow clone" in message and "4 post(s)" in message
    assert len(git_calls()) == 1


def test_outside_a_repository_one_warning_and_no_dates(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    src = tmp_path / "plain"
    src.mkdir()
    write_project(src)
    app = make_app("html", srcdir=src)
    app.build()
    assert located(app) == [("conf.py:6", "config")]
    (message,) = [m for _, m, _ in warnings_of(app)]
    assert "not a git repository" in message
    assert page_dates(Path(app.outdir), "undated") == (None, None)
    assert page_dates(Path(app.outdir), "dated") == ("2023-12-01T08:00:00+00:00", None)


def test_without_git_one_warning_and_no_dates(
    make_app: Callable[..., SphinxTestApp],
    repo: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    empty = tmp_path / "no-git"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    app = make_app("html", srcdir=repo)
    app.build()
    assert located(app) == [("conf.py:6", "config")]
    (message,) = [m for _, m, _ in warnings_of(app)]
    assert "git is not installed" in message
    assert page_dates(Path(app.outdir), "undated") == (None, None)


def test_a_project_in_a_folder_of_the_repository(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path, git_calls: Callable[[], list[str]]
) -> None:
    top = tmp_path / "top"
    docs = top / "docs"
    docs.mkdir(parents=True)
    git(top, "init", "-q", "-b", "main")
    write_project(docs, {"undated": _post("Undated")})
    # a file of the same name outside the project has another history
    (top / "blog").mkdir()
    (top / "blog" / "undated.md").write_text("elsewhere\n", encoding="utf-8")
    commit(top, "first", FIRST)
    (top / "blog" / "undated.md").write_text("changed elsewhere\n", encoding="utf-8")
    commit(top, "second", SECOND)
    touch_posts(docs, ["undated"], "Edited in the project.")
    commit(top, "third", THIRD)
    app = build(make_app, docs)
    assert page_dates(Path(app.outdir), "undated") == (FIRST, THIRD)
    assert len(git_calls()) == 1


def test_an_undated_ablog_post_is_dated_by_git_and_published(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    """ABlog leaves an undated post unpublished: git's date comes first."""
    src = tmp_path / "ablog"
    src.mkdir()
    git(src, "init", "-q", "-b", "main")
    write_project(src, {}, CONF + "blog_ablog = True\n")
    (src / "blog" / "old.rst").write_text("Old\n===\n\n.. post::\n\nText.\n", encoding="utf-8")
    commit(src, "first", FIRST)
    app = build(make_app, src)
    assert page_dates(Path(app.outdir), "old") == (FIRST, None)


# -- the reading of git's output ----------------------------------------------------------

NAMES = ("a.md", "b.md", "c d.md", "é.md", "sub/x.md")


@dataclass
class Commit:
    date: datetime
    #: (status, paths) as git lists them
    entries: list[tuple[str, tuple[str, ...]]]


@st.composite
def histories(draw: st.DrawFn) -> list[Commit]:
    """A linear history, oldest first: files added, changed, renamed and deleted."""
    files: set[str] = set()
    commits = []
    when = datetime(2020, 1, 1, tzinfo=UTC)
    for _ in range(draw(st.integers(1, 7))):
        when += timedelta(hours=draw(st.integers(1, 5000)))
        offset = timezone(timedelta(minutes=15 * draw(st.integers(-48, 56))))
        entries: list[tuple[str, tuple[str, ...]]] = []
        used: set[str] = set()
        for _ in range(draw(st.integers(0, 4))):
            free = [n for n in NAMES if n not in files and n not in used]
            present = [n for n in sorted(files) if n not in used]
            kinds = [k for k, ok in (("A", free), ("M", present), ("D", present)) if ok]
            if free and present:
                kinds.append("R")
            if not kinds:
                break
            kind = draw(st.sampled_from(kinds))
            if kind == "A":
                name = draw(st.sampled_from(free))
                files.add(name)
                entries.append(("A", (name,)))
                used.add(name)
            elif kind in ("M", "D"):
                name = draw(st.sampled_from(present))
                if kind == "D":
                    files.discard(name)
                entries.append((kind, (name,)))
                used.add(name)
            else:
                old, new = draw(st.sampled_from(present)), draw(st.sampled_from(free))
                files.discard(old)
                files.add(new)
                entries.append((f"R{draw(st.integers(50, 100))}", (old, new)))
                used |= {old, new}
        commits.append(Commit(when.astimezone(offset), entries))
    return commits


def expected(commits: list[Commit], cut: int = 0) -> dict[str, FileDates]:
    """What git's history says of each file at the end, walking forward; a shallow
    clone's history begins at commit ``cut`` (its files known only from there)."""
    #: a file's identity by its current name: [first date, last date, first cut, last cut]
    alive: dict[str, list[object]] = {}
    for index, item in enumerate(commits):
        if index < cut:
            continue
        if index == cut and cut:
            alive = {name: [None, None, True, True] for name in snapshot(commits[: cut + 1])}
            continue
        for status, paths in item.entries:
            if status == "A":
                alive[paths[0]] = [item.date, item.date, False, False]
            elif status == "M":
                alive[paths[0]][1], alive[paths[0]][3] = item.date, False
            elif status == "D":
                del alive[paths[0]]
            else:
                record = alive.pop(paths[0])
                record[1], record[3] = item.date, False
                alive[paths[1]] = record
    return {name: FileDates(*record) for name, record in alive.items()}  # type: ignore[arg-type]


def snapshot(commits: list[Commit]) -> set[str]:
    files: set[str] = set()
    for item in commits:
        for status, paths in item.entries:
            if status == "D":
                files.discard(paths[0])
            elif status.startswith("R"):
                files.discard(paths[0])
                files.add(paths[1])
            else:
                files.add(paths[0])
    return files


def render(commits: list[Commit], cut: int = 0) -> bytes:
    """``GIT_LOG``'s output for the history (newest first); from commit ``cut`` on when
    it is a shallow clone's, whose first commit adds every file there is then."""
    out = b""
    for index in range(len(commits) - 1, cut - 1, -1):
        item = commits[index]
        grafted = bool(cut) and index == cut
        entries = (
            [("A", (name,)) for name in sorted(snapshot(commits[: cut + 1]))]
            if grafted
            else item.entries
        )
        out += b"\x1e" + item.date.isoformat().encode() + b"\x1f"
        out += b"grafted" if grafted else b""
        out += b"\0"
        for number, (status, paths) in enumerate(entries):
            out += (b"\n" if number == 0 else b"") + status.encode() + b"\0"
            out += b"".join(p.encode() + b"\0" for p in paths)
    return out


@hsettings(max_examples=50, deadline=None)
@given(histories())
def test_the_log_gives_each_file_its_first_and_last_commit(commits: list[Commit]) -> None:
    files, shallow = parse_log(render(commits))
    assert not shallow
    assert files == expected(commits)


@hsettings(max_examples=50, deadline=None)
@given(histories(), st.data())
def test_a_shallow_log_leaves_out_the_dates_it_cuts(commits: list[Commit], data: st.DataObject):
    cut = data.draw(st.integers(0, len(commits) - 1))
    files, shallow = parse_log(render(commits, cut))
    assert shallow == bool(cut)
    assert files == expected(commits, cut)


@hsettings(max_examples=50, deadline=None)
@given(st.binary(max_size=300))
def test_any_output_is_read_without_an_error(output: bytes) -> None:
    files, _ = parse_log(output)
    assert all(isinstance(path, str) for path in files)


def test_the_log_of_a_real_repository(repo: Path) -> None:
    """The format the parser reads is the one git writes."""
    from sphinx_blogext.gitdates import read_history

    history = read_history(repo)
    assert not history.problem and not history.shallow
    first, second = datetime.fromisoformat(FIRST), datetime.fromisoformat(SECOND)
    assert history.files["blog/undated.md"] == FileDates(first, second)
    assert history.files["blog/once.md"] == FileDates(first, first)
    assert history.files["conf.py"] == FileDates(first, first)
